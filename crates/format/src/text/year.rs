//! The year of a cable whose text gives none, chosen among the cables of the
//! release that have its post and serial.
//!
//! A cable's first line names its post and serial but not its year; the
//! release list (`crate::release`) names the years in which that post sent a
//! cable with that serial. When there are several, each year is weighed by
//! what the text says about when it was written:
//!
//! - **how the copy was kept**: the release holds its cables up to mid-2006
//!   as *partial extracts* (the note "This record is a partial extract of
//!   the original cable"); a later year cannot be one, 2006 rarely is;
//! - **the executive order** under which it was classified (E.O. 11652,
//!   12065, 12356, 12958, 13526: each in force for known years), and the
//!   numbering of its reasons (`1.5` before E.O. 13292 renumbered them `1.4`
//!   in March 2003; cables took a year to follow);
//! - **the declassification date**, most often ten years after the cable;
//! - **references that write their year**: a cable cites earlier cables,
//!   most often of its own year or the year before;
//! - **references to the same post** without a year: serials restart every
//!   year, so a lower serial of the same post is of the same year, a higher
//!   one of the year before; the release holds many of them;
//! - **dates and years in the body**: a cable most often writes full dates
//!   of its own year, and years up to its own.
//!
//! Each kind of evidence adds a weight (roughly the log of how much more
//! likely it is under one year than another); the best year is taken when it
//! leads by a clear margin, and the diagnostic names the evidence. When no
//! evidence separates the years, the id stays unknown and the candidates are
//! named: an id is never guessed.

use std::sync::LazyLock;

use regex::Regex;

use crate::record::Record;
use crate::release::Released;

/// What a yearless reference to a cable says: post name and serial.
#[derive(Debug, Clone)]
pub(crate) struct Cited {
    pub year: Option<i32>,
    pub post: String,
    pub serial: u64,
}

/// The evidence the text holds about its own year.
#[derive(Debug, Default)]
pub(crate) struct YearEvidence {
    partial_extract: bool,
    order: Option<String>,
    reason_14: bool,
    reason_15: bool,
    declassify_year: Option<i32>,
    latest_written_ref: Option<i32>,
    /// Yearless references to the citing post's own cables: serial and the
    /// years in which the release holds that serial for the post.
    own_refs: Vec<(u64, Vec<i32>)>,
    latest_full_date: Option<i32>,
    latest_year_named: Option<i32>,
}

/// A full date with its year: `March 12, 2004`, `12 March 2004`, `Mar. 12, 2004`.
static FULL_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+\d{1,2},?\s+((?:19|20)\d\d)\b|\b\d{1,2}\s+(?:january|february|march|april|may|june|july|august|september|october|november|december)\s+((?:19|20)\d\d)\b")
        .unwrap()
});

/// A year written on its own (`in 2004`, `FY2005`), not part of a number or date.
static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|[^\d/.:-])((?:19[6-9]|20[01])\d)(?:$|[^\d/:])").unwrap());

impl YearEvidence {
    /// Gather the evidence of `rec` (its header fields and body) and of its
    /// references (`cited`), for a cable of post names `posts` and serial `serial`.
    pub(crate) fn gather(
        rec: &Record,
        partial_extract: bool,
        cited: &[Cited],
        posts: &[String],
        serial: u64,
    ) -> Self {
        let mut ev = YearEvidence {
            partial_extract,
            ..Default::default()
        };
        if let Some(eo) = &rec.executive_order {
            ev.order = eo.number.clone();
            ev.declassify_year = eo.date.as_deref().and_then(|d| d.get(..4)?.parse().ok());
        }
        if let Some(cb) = &rec.classified_by {
            ev.reason_14 = cb.reasons.iter().any(|r| r.starts_with("1.4"));
            ev.reason_15 = cb.reasons.iter().any(|r| r.starts_with("1.5"));
        }
        ev.latest_written_ref = cited.iter().filter_map(|c| c.year).max();
        for c in cited.iter().filter(|c| c.year.is_none()) {
            if posts.contains(&c.post) && c.serial != serial {
                let years: Vec<i32> = posts
                    .iter()
                    .flat_map(|p| crate::release::find(p, c.serial))
                    .map(|r| r.year())
                    .collect();
                ev.own_refs.push((c.serial, years));
            }
        }
        for p in &rec.paragraphs {
            for c in FULL_DATE.captures_iter(&p.text) {
                let y = c.get(1).or(c.get(2)).and_then(|m| m.as_str().parse().ok());
                ev.latest_full_date = ev.latest_full_date.max(y);
            }
            for c in YEAR.captures_iter(&p.text) {
                let y = c.get(1).and_then(|m| m.as_str().parse().ok());
                ev.latest_year_named = ev.latest_year_named.max(y);
            }
        }
        ev
    }

    /// The weight of year `y`, and the evidence that moved it.
    fn weigh(&self, y: i32, serial: u64, why: &mut Vec<String>) -> f64 {
        let mut w = 0.0;
        let mut say = |dw: f64, what: String| {
            w += dw;
            if dw != 0.0 {
                why.push(what);
            }
        };
        if self.partial_extract && y > 2006 {
            say(
                -10.0,
                "kept as a partial extract, which the release's cables after 2006 never are".into(),
            );
        } else if self.partial_extract && y == 2006 {
            say(
                -3.0,
                "kept as a partial extract, which few of the release's 2006 cables are".into(),
            );
        }
        if let Some((from, to)) = self.order.as_deref().and_then(order_years)
            && (y < from - 1 || y > to)
        {
            say(
                -10.0,
                format!(
                    "E.O. {} was in force {from}-{to}",
                    self.order.as_deref().unwrap_or("")
                ),
            );
        }
        if self.reason_14 && y < 2003 {
            say(-10.0, "reasons numbered 1.4 (from March 2003)".into());
        } else if self.reason_14 && y == 2003 {
            say(-2.0, "reasons numbered 1.4 (rare before 2004)".into());
        }
        if self.reason_15 && y >= 2005 {
            say(-2.0, "reasons numbered 1.5 (rare after 2004)".into());
        } else if self.reason_15 && y == 2004 {
            say(
                -1.0,
                "reasons numbered 1.5 (renumbered 1.4 in 2003-2004)".into(),
            );
        }
        if let Some(d) = self.declassify_year {
            let gap = d - y;
            let dw = match gap {
                g if g < 0 => -10.0,
                10 => 2.5,
                5 | 9 | 11 | 15 | 20 | 25 => 0.5,
                _ => -1.0,
            };
            say(dw, format!("declassification in {d}, {gap} years on"));
        }
        if let Some(r) = self.latest_written_ref {
            let dw = match y - r {
                k if k < 0 => -10.0,
                0 => 1.5,
                1 => 1.0,
                2 => 0.0,
                _ => -1.0,
            };
            say(dw, format!("cites a cable of {r}"));
        }
        for (s, years) in &self.own_refs {
            // A lower serial of the same post is of the same year; a higher one of the year before.
            let year = if *s < serial { y } else { y - 1 };
            if years.contains(&year) {
                say(
                    1.3,
                    format!("cites its post's serial {s}, which the release holds for {year}"),
                );
            } else {
                say(
                    -1.3,
                    format!(
                        "cites its post's serial {s}, which the release does not hold for {year}"
                    ),
                );
            }
        }
        if let Some(f) = self.latest_full_date {
            let dw = match y - f {
                0 => 1.5,
                1 => 0.5,
                k if k < 0 => -1.5,
                _ => -1.0,
            };
            say(dw, format!("latest full date in the body is of {f}"));
        }
        if let Some(m) = self.latest_year_named {
            let dw = match y - m {
                0 => 0.7,
                1 => 0.3,
                k if k < 0 => -0.7,
                _ => -0.5,
            };
            say(dw, format!("latest year named in the body is {m}"));
        }
        w
    }
}

/// Whether the text opens with the release's note that it is a partial
/// extract ("This record is a partial extract of the original cable").
pub(crate) fn is_partial_extract(text: &str) -> bool {
    let mut end = text.len().min(600);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end]
        .to_ascii_lowercase()
        .contains("this record is a partial extract")
}

/// The years an executive order on classification was in force.
fn order_years(number: &str) -> Option<(i32, i32)> {
    Some(match number {
        "11652" => (1972, 1978),
        "12065" => (1978, 1982),
        "12356" => (1982, 1995),
        "12958" => (1995, 2010),
        "13526" => (2009, 2010),
        _ => return None,
    })
}

/// The lead the best year needs over the next for the choice to be made.
const MARGIN: f64 = 0.25;

/// The outcome of weighing the candidates.
pub(crate) enum Choice {
    /// This cable, with the evidence that decided, in words.
    Chosen(Released, String),
    /// No clear choice: the candidates in order of weight, and why.
    Open(Vec<Released>, String),
}

/// Choose among `candidates` (two or more cables of the release with the
/// text's post and serial) by the evidence.
pub(crate) fn choose(candidates: &[Released], ev: &YearEvidence, serial: u64) -> Choice {
    let mut weighed: Vec<(f64, Released, Vec<String>)> = candidates
        .iter()
        .map(|c| {
            let mut why = Vec::new();
            let w = ev.weigh(c.year(), serial, &mut why);
            (w, *c, why)
        })
        .collect();
    weighed.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.yy.cmp(b.1.yy)));
    let list = |v: &[(f64, Released, Vec<String>)]| {
        v.iter()
            .map(|(w, c, _)| format!("{} ({w:+.1})", c.release_id()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let lead = weighed[0].0 - weighed[1].0;
    if lead >= MARGIN {
        let (_, best, why) = &weighed[0];
        let mut said = if why.is_empty() {
            format!("for {}: nothing against it", best.year())
        } else {
            format!("for {}: {}", best.year(), why.join("; "))
        };
        for (_, other, why) in &weighed[1..] {
            if !why.is_empty() {
                said.push_str(&format!("; for {}: {}", other.year(), why.join("; ")));
            }
        }
        Choice::Chosen(
            *best,
            format!(
                "{} of the release's {} cables with this post and serial, by the text's evidence ({said}; weights: {})",
                best.release_id(),
                candidates.len(),
                list(&weighed)
            ),
        )
    } else {
        Choice::Open(
            weighed.iter().map(|(_, c, _)| *c).collect(),
            format!(
                "the release has {} cables with this post and serial and the text does not tell them apart: {}",
                candidates.len(),
                list(&weighed)
            ),
        )
    }
}
