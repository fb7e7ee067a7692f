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

/// Month names and their abbreviations, lower case, as a full date writes them.
const MONTHS: [&str; 24] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
];

fn is_month(word: &[u8]) -> bool {
    word.len() >= 3
        && word.len() <= 9
        && MONTHS
            .iter()
            .any(|m| m.len() == word.len() && m.as_bytes().eq_ignore_ascii_case(word))
}

/// The years a text names (1960-2019, four digits standing alone: not part
/// of a longer number, a `12/03/2004` date or a time), each with whether it
/// ends a full date (`March 12, 2004`, `Mar. 12 2004`, `12 March 2004`).
/// A byte scan: this runs on the body of every cable whose year is weighed.
fn years_named(text: &str) -> impl Iterator<Item = (i32, bool)> + '_ {
    let b = text.as_bytes();
    // Candidates are found by their first digit (memchr), then checked.
    memchr::memchr2_iter(b'1', b'2', b).filter_map(move |at| {
        let d = b.get(at..at + 4)?;
        let ok = match (d[0], d[1]) {
            (b'1', b'9') => (b'6'..=b'9').contains(&d[2]),
            (b'2', b'0') => (b'0'..=b'1').contains(&d[2]),
            _ => false,
        };
        if !ok || !d[3].is_ascii_digit() {
            return None;
        }
        let before = at.checked_sub(1).map(|k| b[k]);
        let after = b.get(at + 4).copied();
        if before.is_some_and(|c| c.is_ascii_digit() || b"/.:-".contains(&c))
            || after.is_some_and(|c| c.is_ascii_digit() || c == b'/' || c == b':')
        {
            return None;
        }
        let year = i32::from(d[0] - b'0') * 1000
            + i32::from(d[1] - b'0') * 100
            + i32::from(d[2] - b'0') * 10
            + i32::from(d[3] - b'0');
        Some((year, ends_full_date(&b[..at])))
    })
}

/// Whether the text before a year ends a full date: `Month D,` / `Mon. D`
/// or `D Month`.
fn ends_full_date(before: &[u8]) -> bool {
    let mut k = before.len();
    let skip = |k: &mut usize, f: fn(u8) -> bool| {
        let end = *k;
        while *k > 0 && f(before[*k - 1]) {
            *k -= 1;
        }
        end - *k
    };
    if skip(&mut k, |c| c == b' ') == 0 {
        return false;
    }
    k -= usize::from(k > 0 && before[k - 1] == b',');
    // `Month D, YYYY`: a day, then a month name.
    let day_end = k;
    let digits = skip(&mut k, |c| c.is_ascii_digit());
    if (1..=2).contains(&digits) {
        if skip(&mut k, |c| c == b' ') == 0 {
            return false;
        }
        k -= usize::from(k > 0 && before[k - 1] == b'.');
        let end = k;
        skip(&mut k, |c| c.is_ascii_alphabetic());
        return is_month(&before[k..end]);
    }
    // `D Month YYYY`: a month name, then a day.
    k = day_end;
    let end = k;
    let letters = skip(&mut k, |c| c.is_ascii_alphabetic());
    if letters < 3 || !is_month(&before[k..end]) || skip(&mut k, |c| c == b' ') == 0 {
        return false;
    }
    (1..=2).contains(&skip(&mut k, |c| c.is_ascii_digit()))
}

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
            for (y, full) in years_named(&p.text) {
                ev.latest_year_named = ev.latest_year_named.max(Some(y));
                if full {
                    ev.latest_full_date = ev.latest_full_date.max(Some(y));
                }
            }
        }
        ev
    }

    /// The weight of year `y`, and the evidence that moved it.
    fn weigh(&self, y: i32, serial: u64, why: &mut Vec<(f64, Reason)>) -> f64 {
        let mut w = 0.0;
        let mut say = |dw: f64, what: Reason| {
            w += dw;
            if dw != 0.0 {
                why.push((dw, what));
            }
        };
        if self.partial_extract && y > 2006 {
            say(-10.0, Reason::PartialAfter2006);
        } else if self.partial_extract && y == 2006 {
            say(-3.0, Reason::PartialIn2006);
        }
        if let Some(n) = self.order.as_deref()
            && let Some((from, to)) = order_years(n)
            && (y < from - 1 || y > to)
        {
            say(-10.0, Reason::Order(order_number(n), from, to));
        }
        if self.reason_14 && y < 2003 {
            say(-10.0, Reason::Reasons14Before2003);
        } else if self.reason_14 && y == 2003 {
            say(-2.0, Reason::Reasons14In2003);
        }
        if self.reason_15 && y >= 2005 {
            say(-2.0, Reason::Reasons15After2004);
        } else if self.reason_15 && y == 2004 {
            say(-1.0, Reason::Reasons15In2004);
        }
        if let Some(d) = self.declassify_year {
            let gap = d - y;
            let dw = match gap {
                g if g < 0 => -10.0,
                10 => 2.5,
                5 | 9 | 11 | 15 | 20 | 25 => 0.5,
                _ => -1.0,
            };
            say(dw, Reason::Declassified(d, gap));
        }
        if let Some(r) = self.latest_written_ref {
            let dw = match y - r {
                k if k < 0 => -10.0,
                0 => 1.5,
                1 => 1.0,
                2 => 0.0,
                _ => -1.0,
            };
            say(dw, Reason::Cites(r));
        }
        for (s, years) in &self.own_refs {
            // A lower serial of the same post is of the same year; a higher one of the year before.
            let year = if *s < serial { y } else { y - 1 };
            let held = years.contains(&year);
            say(
                if held { 1.3 } else { -1.3 },
                Reason::OwnSerial(*s, year, held),
            );
        }
        if let Some(f) = self.latest_full_date {
            let dw = match y - f {
                0 => 1.5,
                1 => 0.5,
                k if k < 0 => -1.5,
                _ => -1.0,
            };
            say(dw, Reason::FullDate(f));
        }
        if let Some(m) = self.latest_year_named {
            let dw = match y - m {
                0 => 0.7,
                1 => 0.3,
                k if k < 0 => -0.7,
                _ => -0.5,
            };
            say(dw, Reason::YearNamed(m));
        }
        w
    }
}

/// One piece of evidence about a year, said in a diagnostic.
#[derive(Debug, Clone, Copy)]
enum Reason {
    PartialAfter2006,
    PartialIn2006,
    Order(u32, i32, i32),
    Reasons14Before2003,
    Reasons14In2003,
    Reasons15After2004,
    Reasons15In2004,
    Declassified(i32, i32),
    Cites(i32),
    OwnSerial(u64, i32, bool),
    FullDate(i32),
    YearNamed(i32),
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            Reason::PartialAfter2006 => f.write_str(
                "kept as a partial extract, which the release's cables after 2006 never are",
            ),
            Reason::PartialIn2006 => {
                f.write_str("kept as a partial extract, which few of the release's 2006 cables are")
            }
            Reason::Order(n, from, to) => write!(f, "E.O. {n} was in force {from}-{to}"),
            Reason::Reasons14Before2003 => f.write_str("reasons numbered 1.4 (from March 2003)"),
            Reason::Reasons14In2003 => f.write_str("reasons numbered 1.4 (rare before 2004)"),
            Reason::Reasons15After2004 => f.write_str("reasons numbered 1.5 (rare after 2004)"),
            Reason::Reasons15In2004 => {
                f.write_str("reasons numbered 1.5 (renumbered 1.4 in 2003-2004)")
            }
            Reason::Declassified(d, gap) => write!(f, "declassification in {d}, {gap} years on"),
            Reason::Cites(r) => write!(f, "cites a cable of {r}"),
            Reason::OwnSerial(s, y, true) => {
                write!(
                    f,
                    "cites its post's serial {s}, which the release holds for {y}"
                )
            }
            Reason::OwnSerial(s, y, false) => write!(
                f,
                "cites its post's serial {s}, which the release does not hold for {y}"
            ),
            Reason::FullDate(y) => write!(f, "latest full date in the body is of {y}"),
            Reason::YearNamed(y) => write!(f, "latest year named in the body is {y}"),
        }
    }
}

/// The number of an executive order known to [`order_years`].
fn order_number(n: &str) -> u32 {
    n.parse().unwrap_or(0)
}

/// Whether the text opens with the release's note that it is a partial
/// extract ("This record is a partial extract of the original cable").
pub(crate) fn is_partial_extract(text: &str) -> bool {
    let head = &text.as_bytes()[..text.len().min(600)];
    // Found by its rarest words first, in either case, then read whole.
    ["artial extract", "ARTIAL EXTRACT"].iter().any(|w| {
        memchr::memmem::find_iter(head, w.as_bytes()).any(|at| {
            let start = at.saturating_sub(18);
            head[start..].len() >= 32
                && head[start..start + 32].eq_ignore_ascii_case(b"this record is a partial extract")
        })
    })
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
    use std::fmt::Write;
    type Weighed = (f64, Released, Vec<(f64, Reason)>);
    let mut weighed: Vec<Weighed> = candidates
        .iter()
        .map(|c| {
            let mut why = Vec::new();
            let w = ev.weigh(c.year(), serial, &mut why);
            (w, *c, why)
        })
        .collect();
    weighed.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.yy.cmp(b.1.yy)));
    let list = |out: &mut String, v: &[Weighed]| {
        for (i, (w, c, _)) in v.iter().enumerate() {
            let sep = if i == 0 { "" } else { ", " };
            let _ = write!(out, "{sep}{} ({w:+.1})", c.release_id());
        }
    };
    let reasons = |out: &mut String, why: &[(f64, Reason)]| {
        for (i, (_, r)) in why.iter().enumerate() {
            let sep = if i == 0 { "" } else { "; " };
            let _ = write!(out, "{sep}{r}");
        }
    };
    let lead = weighed[0].0 - weighed[1].0;
    let mut msg = String::with_capacity(400);
    if lead >= MARGIN {
        let (_, best, why) = &weighed[0];
        let _ = write!(
            msg,
            "{} of the release's {} cables with this post and serial, by the text's evidence (for {}: ",
            best.release_id(),
            candidates.len(),
            best.year()
        );
        if why.is_empty() {
            msg.push_str("nothing against it");
        } else {
            reasons(&mut msg, why);
        }
        for (_, other, why) in &weighed[1..] {
            if !why.is_empty() {
                let _ = write!(msg, "; for {}: ", other.year());
                reasons(&mut msg, why);
            }
        }
        msg.push_str("; weights: ");
        list(&mut msg, &weighed);
        msg.push(')');
        Choice::Chosen(*best, msg)
    } else {
        let _ = write!(
            msg,
            "the release has {} cables with this post and serial and the text does not tell them apart: ",
            candidates.len()
        );
        list(&mut msg, &weighed);
        Choice::Open(weighed.iter().map(|(_, c, _)| *c).collect(), msg)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_and_full_dates() {
        let got: Vec<(i32, bool)> = years_named(
            "On March 12, 2004 and 3 June 2003, in 2002 (FY2005), Mar. 1 2001; not 12/03/2000, 20045, 1.2009, 10:2008 or 1959.",
        )
        .collect();
        assert_eq!(
            got,
            [
                (2004, true),
                (2003, true),
                (2002, false),
                (2005, false),
                (2001, true)
            ]
        );
        assert_eq!(
            years_named("Bla 12 2004").collect::<Vec<_>>(),
            [(2004, false)]
        );
        assert_eq!(years_named("May 2004").collect::<Vec<_>>(), [(2004, false)]);
    }
}
