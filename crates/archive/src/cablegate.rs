//! The list of every reference id of the full Cablegate release (251,287 ids),
//! shipped compressed in `data/cablegate-ids.txt.xz`: which cited cables are
//! known to exist though not in this archive ("ghost" references).

use std::collections::HashSet;
use std::io::Read;
use std::sync::OnceLock;

static IDS: &[u8] = include_bytes!("../data/cablegate-ids.txt.xz");

fn ids() -> &'static HashSet<String> {
    static SET: OnceLock<HashSet<String>> = OnceLock::new();
    SET.get_or_init(|| {
        let mut text = String::new();
        if xz2::read::XzDecoder::new(IDS)
            .read_to_string(&mut text)
            .is_err()
        {
            return HashSet::new();
        }
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|l| cablescope_format::ids::canonical_id(l).unwrap_or_else(|| l.to_string()))
            .collect()
    })
}

/// Whether a (canonical) id is in the Cablegate release.
pub fn in_cablegate(id: &str) -> bool {
    ids().contains(id)
}

/// Number of distinct cables in the release list: its 251,287 ids less the
/// 133 malformed ids that repair to an id also in the list (`09BRUSELS1292`
/// beside `09BRUSSELS1292`; cablemap's tables of malformed ids).
pub fn count() -> usize {
    ids().len()
}
