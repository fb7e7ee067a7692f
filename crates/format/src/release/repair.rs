//! Reading a reference id as the Cablegate release writes it, repaired.
//!
//! The release writes 53 of its 251,287 ids in no id shape at all and some
//! hundreds with debris of the cable's first line inside: a caveat before
//! the post (`08EFTOLONDON2883`, `85NOFORNMOGADISHU1643`, `AMEMBASSYHANOI`),
//! a misread section line (`08SECTION01OF02CHISINAU976`,
//! `09SQCTION02OF02DUSHANBE143`), a travel-party serial after the serial
//! (`90STATE255195TOSEC140301`), a doubled year (`7575LIBREVILLE1895`).
//! [`split_release_id`] takes such an id apart into year, post and serial by
//! those shapes. The shapes are facts of how the release was made (its ids
//! were cut from the first text line), not a list of ids.
//!
//! This file has no dependencies: the build script includes it too, to
//! compile the release list.

/// Caveats that the release writes in front of the post name.
const CAVEAT_PREFIXES: [&str; 3] = ["EFTO", "NOFORN", "AMEMBASSY"];

/// Travel-party serial lines that follow a `STATE` serial (`TOSEC 140301`).
const TRAVEL_SUFFIXES: [&str; 3] = ["TOSEC", "SECTO", "PARTO"];

/// An id taken apart: two-digit year, post name (letters) and serial.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdParts {
    /// Two-digit year (`07`).
    pub yy: String,
    /// Post name as it stands in the id (`KUALALUMPUR`).
    pub post: String,
    /// Serial without zero padding.
    pub serial: u64,
    /// What was repaired, in words, or empty.
    pub repair: &'static str,
}

/// Take an id of the shape `YY` + letters + digits apart (no repair).
pub fn split_plain(id: &str) -> Option<IdParts> {
    let b = id.as_bytes();
    if b.len() < 4 || !b[0].is_ascii_digit() || !b[1].is_ascii_digit() {
        return None;
    }
    let letters = b[2..].iter().take_while(|c| c.is_ascii_uppercase()).count();
    let digits = &b[2 + letters..];
    if letters < 2
        || digits.is_empty()
        || digits.len() > 7
        || !digits.iter().all(u8::is_ascii_digit)
    {
        return None;
    }
    let serial: u64 = id[2 + letters..].parse().ok()?;
    (serial > 0).then(|| IdParts {
        yy: id[..2].to_string(),
        post: id[2..2 + letters].to_string(),
        serial,
        repair: "",
    })
}

/// Whether `s` (after the year) opens with a misread section line: a run of
/// letters (`SECTION`, `SCTION`, `SECTIN`, ...), one or two digits, one or
/// two letters (`OF`, `O`, `F`, `GF`), one or two digits; returns its length.
fn section_debris(s: &[u8]) -> Option<usize> {
    let letters = s.iter().take_while(|c| c.is_ascii_uppercase()).count();
    if !(3..=8).contains(&letters) {
        return None;
    }
    let run = |at: usize, f: fn(&u8) -> bool, max: usize| {
        let n = s[at..].iter().take_while(|c| f(c)).count();
        (1..=max).contains(&n).then_some(at + n)
    };
    // The section words are the letters of SECTION, with one misread at most.
    let word = &s[..letters];
    let section = b"SECTION";
    let common = word.iter().filter(|c| section.contains(c)).count();
    if common + 1 < letters.min(7) {
        return None;
    }
    let a = run(letters, u8::is_ascii_digit, 2)?;
    let b = run(a, u8::is_ascii_uppercase, 2)?;
    let c = run(b, u8::is_ascii_digit, 2)?;
    Some(c)
}

/// Take a release id apart, repairing the shapes the release is known to
/// write (see the module text). Returns `None` for an id no shape explains.
///
/// ```
/// use cablescope_format::release::split_release_id;
/// let p = split_release_id("08EFTOLONDON2883").unwrap();
/// assert_eq!((p.yy.as_str(), p.post.as_str(), p.serial), ("08", "LONDON", 2883));
/// let p = split_release_id("08SECTION01OF02CHISINAU976").unwrap();
/// assert_eq!((p.post.as_str(), p.serial), ("CHISINAU", 976));
/// let p = split_release_id("90STATE255195TOSEC140301").unwrap();
/// assert_eq!((p.post.as_str(), p.serial), ("STATE", 255195));
/// ```
pub fn split_release_id(id: &str) -> Option<IdParts> {
    let id = id.trim();
    if !id.is_ascii() {
        return None;
    }
    // A doubled year (`7575LIBREVILLE1895`).
    if id.len() > 6 && id.as_bytes()[..4].iter().all(u8::is_ascii_digit) && id[..2] == id[2..4] {
        return split_release_id(&id[2..]).map(|p| IdParts {
            repair: "doubled year",
            ..p
        });
    }
    if let Some(mut p) = split_plain(id) {
        for prefix in CAVEAT_PREFIXES {
            if let Some(rest) = p.post.strip_prefix(prefix)
                && rest.len() >= 3
            {
                p.post = rest.to_string();
                p.repair = "caveat before the post name";
                break;
            }
        }
        return Some(p);
    }
    let b = id.as_bytes();
    if b.len() < 4 || !b[0].is_ascii_digit() || !b[1].is_ascii_digit() {
        return None;
    }
    let yy = &id[..2];
    // A travel-party serial after the serial (`STATE255195TOSEC140301`).
    for suffix in TRAVEL_SUFFIXES {
        if let Some(at) = id.find(suffix)
            && at > 2
            && let Some(p) = split_plain(&id[..at])
            && id[at + suffix.len()..].bytes().all(|c| c.is_ascii_digit())
        {
            return Some(IdParts {
                repair: "travel-party serial after the serial",
                ..p
            });
        }
    }
    // A misread section line before the post.
    if let Some(n) = section_debris(&b[2..])
        && let Some(p) = split_plain(&format!("{yy}{}", &id[2 + n..]))
    {
        return Some(IdParts {
            repair: "section line before the post name",
            ..p
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(id: &str) -> Option<(String, String, u64)> {
        split_release_id(id).map(|p| (p.yy, p.post, p.serial))
    }

    #[test]
    fn release_shapes() {
        let p = |y: &str, s: &str, n| Some((y.to_string(), s.to_string(), n));
        assert_eq!(parts("07KUALALUMPUR1145"), p("07", "KUALALUMPUR", 1145));
        assert_eq!(parts("08EFTOPHNOMPENH416"), p("08", "PHNOMPENH", 416));
        assert_eq!(parts("85NOFORNMOGADISHU1643"), p("85", "MOGADISHU", 1643));
        assert_eq!(parts("7575LIBREVILLE1895"), p("75", "LIBREVILLE", 1895));
        assert_eq!(parts("94STATE183691TOSEC140193"), p("94", "STATE", 183691));
        assert_eq!(
            parts("09SQCTION02OF02DUSHANBE143"),
            p("09", "DUSHANBE", 143)
        );
        assert_eq!(parts("08SECTION01F03BEIRUT1568"), p("08", "BEIRUT", 1568));
        assert_eq!(
            parts("06SECTION01O02HONGKONG2311"),
            p("06", "HONGKONG", 2311)
        );
        assert_eq!(parts("08ECTION01OF02MANAMA492"), p("08", "MANAMA", 492));
        // A post that merely starts like a caveat keeps its name.
        assert_eq!(parts("07EFTO12"), p("07", "EFTO", 12));
        assert_eq!(parts("06ASTANA"), None);
        assert_eq!(parts("092OF5"), None);
        // Not section debris: a post whose letters are not SECTION's.
        assert_eq!(parts("08KABUL01OF02X3"), None);
    }
}
