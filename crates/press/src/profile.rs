//! What an article is about, for `concerns`: the countries it names, the
//! people and organisations (runs of capitalised words), the years it
//! mentions and its date. The archive adds the salient subject terms (it
//! knows how rare each word is) and ranks cables against the profile.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};
use cablescope_format::tables::origins;
use regex::Regex;
use serde::{Deserialize, Serialize};

/// A country an article names (`Malaysia`, or `Malaysian`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Country {
    /// Name as the origin table writes it.
    pub name: String,
    /// Times named.
    pub count: usize,
}

/// What an article is about.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    /// Countries named, most named first.
    pub countries: Vec<Country>,
    /// Names of people and organisations (two or more capitalised words).
    pub names: Vec<String>,
    /// Years named (1960-2029).
    pub years: Vec<u16>,
}

struct CountryMatcher {
    ac: AhoCorasick,
    names: Vec<String>,
}

static COUNTRIES: LazyLock<CountryMatcher> = LazyLock::new(|| {
    let set: BTreeSet<String> = origins()
        .entries
        .iter()
        .map(|e| e.country.trim().to_string())
        .filter(|c| c.len() >= 4)
        .collect();
    let names: Vec<String> = set.into_iter().collect();
    let ac = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(&names)
        .expect("country names");
    CountryMatcher { ac, names }
});

static YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(19[6-9]\d|20[0-2]\d)\b").unwrap());
static NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b([A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)?(?:\s+(?:bin|binti|al|de|van|von|of|the|for|and|la|del|el)?\s*[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)?){1,4})\b").unwrap()
});

/// Words that begin capitalised runs without being part of a name.
const LEADS: &[&str] = &[
    "The",
    "A",
    "An",
    "In",
    "On",
    "At",
    "But",
    "And",
    "When",
    "If",
    "As",
    "After",
    "Before",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "President",
    "Prime",
    "Minister",
    "Secretary",
    "State",
    "Ambassador",
    "Foreign",
    "Deputy",
    "General",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "U",
    "S",
];

/// Read an article's profile.
///
/// ```
/// use cablescope_press::profile::profile;
/// let p = profile("Malaysian Prime Minister Najib Razak met John Kerry in Kuala Lumpur in 2015.");
/// assert_eq!(p.countries[0].name, "Malaysia");
/// assert!(p.names.contains(&"Najib Razak".to_string()));
/// assert_eq!(p.years, [2015]);
/// ```
pub fn profile(text: &str) -> Profile {
    let cm = &*COUNTRIES;
    let mut counts: Vec<usize> = vec![0; cm.names.len()];
    for m in cm.ac.find_iter(text) {
        let before = text[..m.start()].chars().next_back();
        if before.is_some_and(char::is_alphanumeric) {
            continue;
        }
        // `Malaysia`, `Malaysian`, `Malaysians`; not `Niger` inside `Nigeria`ns (longest match wins).
        let after: String = text[m.end()..]
            .chars()
            .take_while(|c| c.is_alphabetic())
            .collect();
        if after.is_empty()
            || matches!(
                after.as_str(),
                "n" | "ns" | "an" | "ans" | "ese" | "i" | "is" | "'s"
            )
        {
            counts[m.pattern().as_usize()] += 1;
        }
    }
    let mut countries: Vec<Country> = counts
        .iter()
        .enumerate()
        .filter(|(_, c)| **c > 0)
        .map(|(i, c)| Country {
            name: cm.names[i].clone(),
            count: *c,
        })
        .collect();
    countries.sort_by(|a, b| b.count.cmp(&a.count).then(a.name.cmp(&b.name)));

    let mut names: Vec<String> = Vec::new();
    for m in NAME.find_iter(text) {
        // Titles, days, months and demonyms split a run (`Malaysian Prime
        // Minister Najib Razak` names `Najib Razak`).
        let mut seg: Vec<&str> = Vec::new();
        let mut segs: Vec<Vec<&str>> = Vec::new();
        for w in m.as_str().split_whitespace() {
            let demonym = cm.names.iter().any(|c| w.starts_with(c.as_str()));
            if LEADS.contains(&w) || demonym {
                segs.push(std::mem::take(&mut seg));
            } else {
                seg.push(w);
            }
        }
        segs.push(seg);
        for mut ws in segs {
            while ws
                .last()
                .is_some_and(|w| w.len() < 3 || w.chars().next().is_some_and(char::is_lowercase))
            {
                ws.pop();
            }
            while ws
                .first()
                .is_some_and(|w| w.chars().next().is_some_and(char::is_lowercase))
            {
                ws.remove(0);
            }
            if ws.len() < 2 {
                continue;
            }
            let n = ws.join(" ");
            // A city with a post (`Kuala Lumpur`) is a place, not a person.
            if origins().resolve_name(&n).is_some() {
                continue;
            }
            if !names.contains(&n) {
                names.push(n);
            }
        }
    }

    let mut years: Vec<u16> = YEAR
        .find_iter(text)
        .filter_map(|m| m.as_str().parse().ok())
        .collect();
    years.sort_unstable();
    years.dedup();
    Profile {
        countries,
        names,
        years,
    }
}
