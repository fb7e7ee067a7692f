//! `names`: where an article names a cable by its reference id, in any of the
//! ways the press writes one — `07KUALALUMPUR1145`, `07 KUALALUMPUR 1145`,
//! "cable 07 Kuala Lumpur 1145", or the year left out as in the cable's own
//! first line, `KUALA LUMPUR 1145` — resolved to the canonical id with the
//! format crate's origin tables.

use std::sync::LazyLock;

use cablescope_format::ids::{canonical_id, make_id};
use cablescope_format::tables::origins;
use regex::Regex;
use serde::{Deserialize, Serialize};

/// One place where a text names a cable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    /// The id as written.
    pub text: String,
    /// Byte offset of the mention in the text.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
    /// Origin id (`KUALALUMPUR`).
    pub origin: String,
    /// Serial number.
    pub serial: u32,
    /// Two- or four-digit year where written (`07`, `1974`).
    pub year: Option<String>,
    /// Canonical id, when the year is written.
    pub id: Option<String>,
}

static COMPACT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b((?:19[67]\d)|\d{2})([A-Z][A-Z-]*[A-Z])(\d{1,6})\b").unwrap());
static SPACED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:(cable|telegram|reference|ref)s?\s+(?:no\.?\s*|number\s+|#\s*)?)?((?:19[67]\d)|\d{2})[\s-]+([A-Za-z][A-Za-z.'’-]*(?:\s+[A-Za-z][A-Za-z.'’-]*){0,3})[\s-]+0*(\d{1,6})\b").unwrap()
});
static YEARLESS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b((?:[A-Z][A-Z.'-]+\s+){0,3}[A-Z][A-Z.'-]+)\s+0*(\d{2,6})\b").unwrap()
});

/// Whether a two-digit year can be a cable's (cablegate 1966-2010, PlusD 1973-1979).
fn plausible_year(y: &str) -> bool {
    match y.len() {
        2 => {
            let n: u32 = y.parse().unwrap_or(99);
            n >= 66 || n <= 10
        }
        4 => y.starts_with("19"),
        _ => false,
    }
}

/// The origin id a run of words names, if it names one entirely.
fn origin_of(words: &str) -> Option<String> {
    let cleaned: String = words.replace(['.', '’', '\''], "");
    origins().resolve_name(&cleaned).map(|e| e.id.clone())
}

/// Words an upper-case run can start with that are never part of a post's name.
fn is_lead_word(w: &str) -> bool {
    matches!(
        w,
        "CABLE" | "REF" | "REFTEL" | "REFS" | "IN" | "SEE" | "FROM" | "THE" | "AND" | "OF"
    )
}

/// Find every mention of a cable id in `text`, in order of position.
///
/// ```
/// use cablescope_press::mentions::find_mentions;
/// let m = find_mentions("In cable 07 Kuala Lumpur 1145 and 08PHNOMPENH416, and KUALA LUMPUR 1145.");
/// let ids: Vec<_> = m.iter().map(|m| m.id.clone()).collect();
/// assert_eq!(ids, [Some("07KUALALUMPUR1145".into()), Some("08PHNOMPENH416".into()), None]);
/// assert_eq!(m[2].origin, "KUALALUMPUR");
/// ```
pub fn find_mentions(text: &str) -> Vec<Mention> {
    let mut out: Vec<Mention> = Vec::new();
    let taken =
        |out: &Vec<Mention>, s: usize, e: usize| out.iter().any(|m| s < m.end && m.start < e);
    for c in COMPACT.captures_iter(text) {
        let m = c.get(0).unwrap();
        let (year, station, serial) = (&c[1], &c[2], &c[3]);
        if !plausible_year(year) {
            continue;
        }
        let Some(origin) = origin_of(station) else {
            continue;
        };
        let Some(id) = canonical_id(m.as_str()) else {
            continue;
        };
        out.push(Mention {
            text: m.as_str().to_string(),
            start: m.start(),
            end: m.end(),
            origin,
            serial: serial.parse().unwrap_or(0),
            year: Some(year.to_string()),
            id: Some(id),
        });
    }
    for c in SPACED.captures_iter(text) {
        let m = c.get(0).unwrap();
        let (year, name, serial) = (&c[2], &c[3], &c[4]);
        if !plausible_year(year) || taken(&out, m.start(), m.end()) {
            continue;
        }
        let Some(origin) = origin_of(name) else {
            continue;
        };
        let n: u32 = serial.parse().unwrap_or(0);
        // "in 09 Paris 2009" without the word cable: a date, not an id.
        let keyword = c.get(1).is_some();
        let upper = name.chars().all(|ch| !ch.is_lowercase());
        if n == 0 || (!keyword && !upper && (1900..2100).contains(&n)) {
            continue;
        }
        let id = if year.len() == 4 {
            canonical_id(&format!("{year}{origin}{serial}"))
        } else {
            make_id(year, &origin, serial)
        };
        let start = c.get(2).unwrap().start();
        out.push(Mention {
            text: text[start..m.end()].to_string(),
            start,
            end: m.end(),
            origin,
            serial: n,
            year: Some(year.to_string()),
            id,
        });
    }
    for c in YEARLESS.captures_iter(text) {
        let m = c.get(0).unwrap();
        let serial = &c[2];
        let n: u32 = serial.parse().unwrap_or(0);
        if n == 0 || (1900..2100).contains(&n) {
            continue;
        }
        // The longest tail of the upper-case run that names a post.
        let run = c.get(1).unwrap();
        let words: Vec<(usize, &str)> = run
            .as_str()
            .split_whitespace()
            .map(|w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
            .collect();
        let mut found = None;
        for k in 0..words.len() {
            if is_lead_word(words[k].1) && k + 1 < words.len() {
                continue;
            }
            let joined: Vec<&str> = words[k..].iter().map(|w| w.1).collect();
            if let Some(o) = origin_of(&joined.join(" ")) {
                found = Some((words[k].0, o));
                break;
            }
        }
        let Some((start, origin)) = found else {
            continue;
        };
        if taken(&out, start, m.end()) {
            continue;
        }
        // A preceding two-digit year is the spaced form, handled above.
        out.push(Mention {
            text: text[start..m.end()].to_string(),
            start,
            end: m.end(),
            origin,
            serial: n,
            year: None,
            id: None,
        });
    }
    out.sort_by_key(|m| m.start);
    out
}

/// Resolve mentions written without a year: the one id of that origin and
/// serial the archive holds (`exists`), trying the years the text names
/// first; a mention no year makes unique stays unresolved and is dropped.
/// Mentions with a year are kept as they are, held or not.
pub fn resolve(
    mentions: Vec<Mention>,
    text_years: &[u16],
    exists: &dyn Fn(&str) -> bool,
) -> Vec<Mention> {
    let mut out = Vec::new();
    for mut m in mentions {
        if m.id.is_some() {
            out.push(m);
            continue;
        }
        let serial = m.serial.to_string();
        let try_year = |y: u16| make_id(&format!("{:02}", y % 100), &m.origin, &serial);
        let near: Vec<String> = text_years
            .iter()
            .filter_map(|&y| try_year(y))
            .filter(|id| exists(id))
            .collect();
        let chosen = if near.len() == 1 {
            Some(near[0].clone())
        } else if near.is_empty() {
            let all: Vec<String> = (1966..=2010)
                .filter_map(try_year)
                .filter(|id| exists(id))
                .collect();
            (all.len() == 1).then(|| all[0].clone())
        } else {
            None
        };
        if let Some(id) = chosen {
            m.year = Some(id[..2].to_string());
            m.id = Some(id);
            out.push(m);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(t: &str) -> Vec<Option<String>> {
        find_mentions(t).into_iter().map(|m| m.id).collect()
    }

    #[test]
    fn forms_of_an_id() {
        assert_eq!(
            ids("see 07KUALALUMPUR1145."),
            [Some("07KUALALUMPUR1145".into())]
        );
        assert_eq!(
            ids("see 07 KUALALUMPUR 1145."),
            [Some("07KUALALUMPUR1145".into())]
        );
        assert_eq!(
            ids("cable 07 Kuala Lumpur 1145"),
            [Some("07KUALALUMPUR1145".into())]
        );
        assert_eq!(
            ids("the 06 KUALA LUMPUR 001145 text"),
            [Some("06KUALALUMPUR1145".into())]
        );
        assert_eq!(ids("cable 08SECSTATE12 says"), [Some("08STATE12".into())]);
        assert_eq!(
            find_mentions("C O N F I D E N T I A L KUALA LUMPUR 001145")[0].origin,
            "KUALALUMPUR"
        );
    }

    #[test]
    fn not_ids() {
        assert!(ids("In 2009 Paris 2010 was busy; on 05 May 2009 she left.").is_empty());
        assert!(ids("The 22MAY2010 entry, COVID19, G20 summit, 30 Paris 2").is_empty());
        assert!(ids("HUMAN RIGHTS 2009 and PARIS 2010").is_empty());
    }

    #[test]
    fn yearless_resolution() {
        let m = find_mentions("as KUALA LUMPUR 1145 reported");
        let r = resolve(m.clone(), &[], &|id| id == "07KUALALUMPUR1145");
        assert_eq!(r[0].id.as_deref(), Some("07KUALALUMPUR1145"));
        let r = resolve(m, &[], &|id| id.ends_with("KUALALUMPUR1145"));
        assert!(r.is_empty(), "ambiguous without a year");
    }
}
