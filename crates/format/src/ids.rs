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

/// The groups of [`ID`] (year, station, serial): read by hand from an ASCII
/// id (where `\d` is `[0-9]`), by the regex from any other.
fn id_groups(id: &str) -> Option<(&str, &str, &str)> {
    if !id.is_ascii() {
        let c = ID.captures(id)?;
        let g = |i| c.get(i).map_or("", |m| m.as_str());
        return Some((g(1), g(2), g(3)));
    }
    let b = id.as_bytes();
    // `\d{2}` is tried first; a letter must follow the year, so the two
    // readings exclude each other.
    let y = if b.len() > 2 && b[..2].iter().all(u8::is_ascii_digit) && b[2].is_ascii_uppercase() {
        2
    } else if b.len() > 4 && b[..4].iter().all(u8::is_ascii_digit) && b[4].is_ascii_uppercase() {
        4
    } else {
        return None;
    };
    // No group but the last holds `_`: the first `_` opens `_[A-Z]\d*` at the end.
    let rest = &b[y..];
    let main_end = match memchr::memchr(b'_', rest) {
        Some(u) => {
            let suffix = &rest[u + 1..];
            if !(suffix.first().is_some_and(u8::is_ascii_uppercase)
                && suffix[1..].iter().all(u8::is_ascii_digit))
            {
                return None;
            }
            u
        }
        None => rest.len(),
    };
    let main = &rest[..main_end];
    if !main
        .iter()
        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    {
        return None;
    }
    // The station ends at the last letter (digits after a letter can only be
    // the serial's), and is at least two letters long.
    let t = main.iter().rposition(u8::is_ascii_uppercase)? + 1;
    let digits = &main[t..];
    if t < 2 || digits.is_empty() {
        return None;
    }
    // `0*` takes the leading zeros but leaves one digit for `\d{1,7}`.
    let zeros = digits.iter().take_while(|&&c| c == b'0').count();
    let serial_at = y + t + zeros.min(digits.len() - 1);
    let serial_end = y + main_end;
    if serial_end - serial_at > 7 {
        return None;
    }
    Some((&id[..y], &id[y..y + t], &id[serial_at..serial_end]))
}

fn canonical_id_parts(id: &str) -> Option<String> {
    let (year, station, serial) = id_groups(id)?;
    let serial: u64 = serial.parse().ok()?;
    let station = canonical_origin(station);
    if year.len() == 4 {
        // PlusD (1973-1979) ids keep their own shape: four-digit year, five-digit serial.
        return Some(format!("{year}{station}{:05}", serial));
    }
    let id = format!("{year}{station}{serial}");
    if let Some(fixed) = malformed_id(&id) {
        return Some(fixed.to_string());
    }
    // An id as the Cablegate release writes it (`08SECTION01OF02CHISINAU976`):
    // the release's cable, under its repaired id.
    if origins().resolve_squeezed(&station).is_none()
        && let Some(r) = crate::release::lookup_released(&id)
    {
        return Some(r.id());
    }
    Some(id)
}

/// Canonical origin id for a station name as it appears in an id or a
/// reference (`RIODEJAN` -> `RIODEJANEIRO`, `SECSTATE` -> `STATE`).
pub fn canonical_origin(station: &str) -> String {
    let table = origins();
    let mut s = station.to_ascii_uppercase();
    s.retain(|c| c.is_ascii_alphanumeric());
    if let Some(e) = table.resolve_name(&s) {
        return id_name(e, &s);
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

/// The name an id gives a post written `name` (squeezed): the name itself
/// where it is one of the post's other names and the Cablegate release
/// writes it in ids (`TAIPEI` for AIT Taipei, `KIEV`, `MADRAS`: the names of
/// their time), else the table's id (`RIO` -> `RIODEJANEIRO`).
pub fn id_name(entry: &crate::tables::OriginEntry, name: &str) -> String {
    if name != entry.id
        && entry.aliases.iter().any(|a| a == name)
        && crate::release::is_post_name(name)
    {
        name.to_string()
    } else {
        entry.id.clone()
    }
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
    fn id_groups_as_the_regex() {
        let regex = |id: &str| {
            ID.captures(id)
                .map(|c| (c[1].to_string(), c[2].to_string(), c[3].to_string()))
        };
        let hand =
            |id: &str| id_groups(id).map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()));
        for id in [
            "05RIO123",
            "1974ATHENS02959",
            "07KUALALUMPUR000",
            "07KUALALUMPUR00001145",
            "07AB12345678",
            "07AB0012345678",
            "07A1",
            "07AB1_C",
            "07AB1_C12",
            "07AB1_12",
            "07AB1_C_D1",
            "07A2B3",
            "0A1",
            "123AB1",
            "12345AB1",
            "٠٥AB1",
            "05AB٣",
            "05ÄB1",
        ] {
            assert_eq!(hand(id), regex(id), "{id}");
        }
        // Random ids over the characters that matter.
        let chars: Vec<char> = "0123456789ABZ_a".chars().collect();
        for (x, id) in
            crate::random_text::random_strings(&chars, 0x2545_f491_4f6c_dd1d, 200_000, 14)
        {
            // Digits first in half of the ids, so that most have a year.
            let id = if x & 1 == 0 {
                format!("{}{id}", x % 100)
            } else {
                id
            };
            assert_eq!(hand(&id), regex(&id), "{id}");
        }
    }

    #[test]
    fn canonical_ids() {
        for (raw, want) in [
            ("05RIO123", "05RIODEJANEIRO123"),
            ("06SECSTATE123", "06STATE123"),
            ("07PORT-AU-PRINCE12", "07PORTAUPRINCE12"),
            ("08EFTOPHNOMPENH416", "08PHNOMPENH416"),
            ("05EMBASSYVIENNA1", "05VIENNA1"),
            ("1974ATHENS02959", "1974ATHENS02959"),
            // Ids as the release writes them.
            ("08SECTION01OF02CHISINAU976", "08CHISINAU976"),
            ("90STATE255195TOSEC140301", "90STATE255195"),
            ("08EFTOLONDON2883", "08LONDON2883"),
        ] {
            assert_eq!(canonical_id(raw).as_deref(), Some(want), "{raw}");
        }
        assert_eq!(canonical_id("hello"), None);
    }
}
