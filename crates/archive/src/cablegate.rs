//! The list of every reference id of the full Cablegate release (251,287 ids),
//! shipped compressed in `data/cablegate-ids.txt.xz`: which cited cables are
//! known to exist though not in this archive ("ghost" references).
//!
//! The build script canonicalises the list (the parser's `canonical_id`),
//! sorts and deduplicates it; the result is embedded here and searched by
//! binary search over its lines, so a lookup needs no start-up work.

/// Canonical ids, sorted, one a line, each line ending in `\n`.
static SORTED: &str = include_str!(concat!(env!("OUT_DIR"), "/cablegate-canonical.txt"));

/// The line of `SORTED` that contains byte `at`: its start and end (before `\n`).
fn line_at(at: usize) -> (usize, usize) {
    let b = SORTED.as_bytes();
    let start = b[..at]
        .iter()
        .rposition(|&c| c == b'\n')
        .map_or(0, |i| i + 1);
    let end = at
        + b[at..]
            .iter()
            .position(|&c| c == b'\n')
            .unwrap_or(b.len() - at);
    (start, end)
}

/// Whether a (canonical) id is in the Cablegate release.
pub fn in_cablegate(id: &str) -> bool {
    if id.is_empty() || id.contains('\n') {
        return false;
    }
    // Binary search over byte positions; each probe compares the whole line it falls in.
    let (mut lo, mut hi) = (0usize, SORTED.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let (start, end) = line_at(mid);
        match SORTED[start..end].cmp(id) {
            std::cmp::Ordering::Equal => return true,
            std::cmp::Ordering::Less => lo = end + 1,
            std::cmp::Ordering::Greater => hi = start,
        }
    }
    false
}

/// Number of distinct cables in the release list: its 251,287 ids less the
/// 133 malformed ids that repair to an id also in the list (`09BRUSELS1292`
/// beside `09BRUSSELS1292`; cablemap's tables of malformed ids).
pub fn count() -> usize {
    static COUNT: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *COUNT.get_or_init(|| ids().count())
}

/// Every id of the list, in order.
pub fn ids() -> impl Iterator<Item = &'static str> {
    SORTED.lines()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_agrees_with_a_set_of_every_line() {
        let all: Vec<&str> = ids().collect();
        assert_eq!(all.len(), count());
        assert!(all.windows(2).all(|w| w[0] < w[1]), "sorted and distinct");
        for (i, id) in all.iter().enumerate() {
            assert!(in_cablegate(id), "{id}");
            if i % 97 == 0 {
                // Neighbours that are not in the list: one byte more, one byte less.
                let more = format!("{id}0");
                assert_eq!(
                    in_cablegate(&more),
                    all.binary_search(&more.as_str()).is_ok()
                );
                let less = &id[..id.len() - 1];
                assert_eq!(in_cablegate(less), all.binary_search(&less).is_ok());
            }
        }
        for absent in [
            "",
            "0",
            "ZZZZ",
            "00",
            "\n",
            "99ZZZ999999999",
            "00ABUDHABI5893\n",
        ] {
            assert_eq!(
                in_cablegate(absent),
                all.binary_search(&absent).is_ok(),
                "{absent:?}"
            );
        }
        assert!(in_cablegate("08PHNOMPENH416"));
        assert!(in_cablegate("09BRUSSELS1292"));
        assert!(!in_cablegate("09BRUSELS1292"));
    }
}
