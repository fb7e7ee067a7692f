//! The Cablegate release list, as the archive asks it: whether a cited or
//! stored cable is one of the release's 251,287 (a "ghost" reference names
//! a released cable this archive does not hold), and how many it has.
//!
//! The list itself is the format crate's ([`cablescope_format::release`]):
//! the parser uses it as evidence for ids and years, the archive for
//! coverage. Both ask by the repaired id (`08LONDON2883`); an id as the
//! release writes it (`08EFTOLONDON2883`) is found too.

use cablescope_format::release;

/// Whether an id (repaired, or as the release writes it) is in the Cablegate release.
pub fn in_cablegate(id: &str) -> bool {
    !id.is_empty() && (release::contains(id) || release::lookup_released(id).is_some())
}

/// Number of distinct cables in the release list: its 251,287 ids less the
/// malformed twins that repair to an id also in the list (`09BRUSELS1292`
/// beside `09BRUSSELS1292`).
pub fn count() -> usize {
    release::count()
}

/// Every cable of the release (repaired ids), ordered by post, serial and year.
pub fn ids() -> impl Iterator<Item = String> {
    release::ids()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups() {
        assert!(in_cablegate("08PHNOMPENH416"));
        assert!(in_cablegate("08EFTOPHNOMPENH416"));
        assert!(in_cablegate("09BRUSSELS1292"));
        assert!(in_cablegate("09BRUSELS1292"));
        assert!(in_cablegate("07KUALALUMPUR1145"));
        for absent in [
            "",
            "0",
            "ZZZZ",
            "00",
            "\n",
            "99ZZZ999999999",
            "00ABUDHABI5893\n",
        ] {
            assert!(!in_cablegate(absent), "{absent:?}");
        }
        let n = ids().count();
        assert_eq!(n, count());
        assert!(n > 251_000 && n < 251_287, "{n}");
    }
}
