//! Canonical reference ids (`07KUALALUMPUR1145`).
//!
//! A reference id is a two-digit year, the origin id (the post's name without
//! spaces) and the serial without zero padding. Ids reach us misspelt
//! (`05RIO123`, `09EFTOLONDON2468`, `08SCTION02OF02SAOPAULO335`); the known
//! bad ones and the station aliases are facts in the reference tables.

use std::sync::LazyLock;

use regex::Regex;

use crate::tables::{malformed_id, origins};

static ID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{2}|\d{4})([A-Z][A-Z0-9]*?[A-Z])0*(\d{1,7})(_[A-Z]\d*)?$").unwrap()
});

/// Prefixes that are not part of an origin id (`05EMBASSYVIENNA1`).
const ADDRESS_PREFIXES: [&str; 6] = [
    "AMEMBASSY",
    "EMBASSY",
    "AMCONSUL",
    "CONSULATE",
    "USMISSION",
    "AMCONSULATE",
];

/// Canonicalise a reference id as written. Returns `None` when the text is not
/// shaped like an id at all. Unknown origins are kept as written.
///
/// ```
/// use cablescope_format::ids::canonical_id;
/// assert_eq!(canonical_id("05RIO123").as_deref(), Some("05RIODEJANEIRO123"));
/// assert_eq!(canonical_id("09EFTOLONDON2468").as_deref(), Some("09LONDON2468"));
/// assert_eq!(canonical_id("07 KUALA LUMPUR 1145").as_deref(), Some("07KUALALUMPUR1145"));
/// ```
pub fn canonical_id(raw: &str) -> Option<String> {
    let squeezed: String = raw
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-' && *c != '.')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if let Some(fixed) = malformed_id(&squeezed) {
        return Some(canonical_id_parts(fixed).unwrap_or_else(|| fixed.to_string()));
    }
    canonical_id_parts(&squeezed)
}

fn canonical_id_parts(id: &str) -> Option<String> {
    let c = ID.captures(id)?;
    let year = &c[1];
    let station = &c[2];
    let serial: u64 = c[3].parse().ok()?;
    let station = canonical_origin(station);
    if year.len() == 4 {
        // PlusD (1973-1979) ids keep their own shape: four-digit year, five-digit serial.
        return Some(format!("{year}{station}{:05}", serial));
    }
    let id = format!("{year}{station}{serial}");
    Some(malformed_id(&id).map(str::to_string).unwrap_or(id))
}

/// Canonical origin id for a station name as it appears in an id or a
/// reference (`RIODEJAN` -> `RIODEJANEIRO`, `SECSTATE` -> `STATE`).
pub fn canonical_origin(station: &str) -> String {
    let table = origins();
    let mut s = station.to_ascii_uppercase();
    s.retain(|c| c.is_ascii_alphanumeric());
    if let Some(e) = table.resolve_name(&s) {
        return e.id.clone();
    }
    for p in ADDRESS_PREFIXES {
        if let Some(rest) = s.strip_prefix(p)
            && !rest.is_empty()
        {
            return table
                .resolve_name(rest)
                .map(|e| e.id.clone())
                .unwrap_or_else(|| rest.to_string());
        }
    }
    s
}

/// Build an id from its parts: year (two digits), origin id and serial.
pub fn make_id(yy: &str, origin: &str, serial: &str) -> Option<String> {
    let n: u64 = serial.trim_start_matches('0').parse().unwrap_or(0);
    if n == 0 || yy.len() != 2 || origin.is_empty() {
        return None;
    }
    let id = format!("{yy}{origin}{n}");
    Some(malformed_id(&id).map(str::to_string).unwrap_or(id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_ids() {
        for (raw, want) in [
            ("05RIO123", "05RIODEJANEIRO123"),
            ("06SECSTATE123", "06STATE123"),
            ("07PORT-AU-PRINCE12", "07PORTAUPRINCE12"),
            ("08EFTOPHNOMPENH416", "08PHNOMPENH416"),
            ("05EMBASSYVIENNA1", "05VIENNA1"),
            ("1974ATHENS02959", "1974ATHENS02959"),
        ] {
            assert_eq!(canonical_id(raw).as_deref(), Some(want), "{raw}");
        }
        assert_eq!(canonical_id("hello"), None);
    }
}
