//! The Cablegate release as evidence: which cables exist, under which ids.
//!
//! The release list (251,287 reference ids, compiled in from
//! `data/cablegate-ids.txt.xz` by the build script) answers the question a
//! text without a date cannot: *which cable of the release has post P and
//! serial N?* ([`find`]). A cable's first line names its post and serial but
//! not its year; when the release holds one such cable, that is its id and
//! year; when it holds several, the parser weighs the other evidence
//! (`text::year`). The same list gives the id each cable has in the release
//! ([`Released::release_id`], such as `08EFTOLONDON2883` for the cable whose
//! id is `08LONDON2883`) and the names the release gives a post
//! ([`is_post_name`]: `TAIPEI`, `KIEV`, `MADRAS` in their years).
//!
//! ```
//! use cablescope_format::release;
//! let found: Vec<_> = release::find("KUALALUMPUR", 1145).collect();
//! assert_eq!(found.len(), 1);
//! assert_eq!(found[0].id(), "07KUALALUMPUR1145");
//! assert!(release::contains("07KUALALUMPUR1145"));
//! let london = release::find("LONDON", 2883).find(|c| c.yy == "08").unwrap();
//! assert_eq!(london.release_id(), "08EFTOLONDON2883");
//! ```

mod repair;

pub use repair::{IdParts, split_plain, split_release_id};

use std::sync::OnceLock;

/// The compiled table (see `build.rs`): `POST\tSERIAL\tYY\tRAW\n`, sorted.
static TABLE: &str = include_str!(concat!(env!("OUT_DIR"), "/release.txt"));

/// One cable of the release.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Released {
    /// Post name as the release writes it (`TAIPEI`, `KUALALUMPUR`).
    pub post: &'static str,
    /// Serial.
    pub serial: u64,
    /// Two-digit year.
    pub yy: &'static str,
    /// The id as the release writes it, where that differs from [`Self::id`].
    pub as_released: Option<&'static str>,
}

impl Released {
    /// The cable's id, repaired (`08LONDON2883`).
    pub fn id(&self) -> String {
        format!("{}{}{}", self.yy, self.post, self.serial)
    }
    /// The id the release uses for it (`08EFTOLONDON2883`).
    pub fn release_id(&self) -> String {
        self.as_released.map_or_else(|| self.id(), str::to_string)
    }
    /// The four-digit year.
    pub fn year(&self) -> i32 {
        full_year(self.yy)
    }
}

/// The four-digit year of a two-digit one, as the release spans it
/// (1966-2010): `66`-`99` are 19xx, `00`-`65` 20xx.
pub fn full_year(yy: &str) -> i32 {
    let n: i32 = yy.parse().unwrap_or(0);
    if n >= 66 { 1900 + n } else { 2000 + n }
}

fn parse_line(line: &'static str) -> Option<Released> {
    let mut f = line.split('\t');
    let post = f.next()?;
    let serial = f.next()?.parse().ok()?;
    let yy = f.next()?;
    let raw = f.next().unwrap_or("");
    Some(Released {
        post,
        serial,
        yy,
        as_released: (!raw.is_empty()).then_some(raw),
    })
}

/// Byte offset of the first line whose text is not less than `key`.
fn lower_bound(key: &str) -> usize {
    let b = TABLE.as_bytes();
    let line_start = |at: usize| {
        b[..at]
            .iter()
            .rposition(|&c| c == b'\n')
            .map_or(0, |i| i + 1)
    };
    let (mut lo, mut hi) = (0usize, TABLE.len());
    // Invariant: lines starting before `lo` are < key; the line at `hi` (if any) is >= key.
    while lo < hi {
        let mid = line_start(lo + (hi - lo) / 2).max(lo);
        let end = b[mid..]
            .iter()
            .position(|&c| c == b'\n')
            .map_or(b.len(), |i| mid + i);
        if &TABLE[mid..end] < key {
            lo = end + 1;
        } else {
            hi = mid;
        }
    }
    lo.min(TABLE.len())
}

/// Every cable of the release with this post name (as the release writes
/// it, repaired) and serial, in year order of the table (`00`..`99`).
pub fn find(post: &str, serial: u64) -> impl Iterator<Item = Released> {
    let key = format!("{post}\t{serial:07}\t");
    let start = lower_bound(&key);
    let mut last_yy: Option<&'static str> = None;
    TABLE[start..]
        .lines()
        .take_while(move |l| l.starts_with(&key))
        .filter_map(parse_line)
        // A malformed twin of a clean id (`09BRUSELS1292` beside
        // `09BRUSSELS1292`) is the same cable: the clean line sorts first.
        .filter(move |r| {
            let new = last_yy != Some(r.yy);
            last_yy = Some(r.yy);
            new
        })
}

/// Whether a (canonical) id is a cable of the release.
pub fn contains(id: &str) -> bool {
    lookup(id).is_some()
}

/// The release's cable for a (canonical) id, if it has one.
pub fn lookup(id: &str) -> Option<Released> {
    let p = split_plain(id)?;
    find(&p.post, p.serial).find(|r| r.yy == p.yy)
}

/// The release's cable for an id as the release writes it
/// (`08EFTOLONDON2883`, `08SECTION01OF02CHISINAU976`), if it has one.
pub fn lookup_released(raw: &str) -> Option<Released> {
    // A known malformed id (cablemap's table) was compiled in under its repair.
    let p = match crate::tables::malformed_id(raw) {
        Some(fixed) => split_release_id(fixed)?,
        None => split_release_id(raw)?,
    };
    find(&p.post, p.serial).find(|r| r.yy == p.yy && r.release_id() == raw)
}

/// The post names of the release with the years each is used in, as a
/// bit set over years (bit `i` for year 1966 + i).
fn posts() -> &'static crate::tables::TableMap<&'static str, u64> {
    static P: OnceLock<crate::tables::TableMap<&'static str, u64>> = OnceLock::new();
    P.get_or_init(|| {
        let mut m = crate::tables::TableMap::default();
        for r in TABLE.lines().filter_map(parse_line) {
            let bit = (r.year() - 1966).clamp(0, 63);
            *m.entry(r.post).or_insert(0u64) |= 1 << bit;
        }
        m
    })
}

/// Whether the release writes `name` as a post name in some id.
pub fn is_post_name(name: &str) -> bool {
    posts().contains_key(name)
}

/// Whether the release writes `name` as a post name in `year`.
pub fn post_name_in_year(name: &str, year: i32) -> bool {
    let bit = (year - 1966).clamp(0, 63);
    posts().get(name).is_some_and(|b| b & (1 << bit) != 0)
}

/// Number of distinct cables of the release (malformed twins counted once).
pub fn count() -> usize {
    static N: OnceLock<usize> = OnceLock::new();
    *N.get_or_init(|| ids().count())
}

/// Every cable's id (repaired), in table order (by post, serial, year).
pub fn ids() -> impl Iterator<Item = String> {
    let mut last: Option<(&str, u64, &str)> = None;
    TABLE.lines().filter_map(parse_line).filter_map(move |r| {
        let key = (r.post, r.serial, r.yy);
        if last == Some(key) {
            return None;
        }
        last = Some(key);
        Some(if r.post == "?" {
            r.release_id()
        } else {
            r.id()
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_found_by_search() {
        let lines: Vec<&str> = TABLE.lines().collect();
        assert!(lines.len() > 250_000, "{}", lines.len());
        assert!(lines.windows(2).all(|w| w[0] <= w[1]), "sorted");
        for (i, l) in lines.iter().enumerate().step_by(101) {
            let r = parse_line(l).unwrap();
            if r.post == "?" {
                continue;
            }
            assert!(
                find(r.post, r.serial).any(|f| f.yy == r.yy),
                "line {i}: {l}"
            );
            assert!(contains(&r.id()), "{}", r.id());
        }
    }

    #[test]
    fn release_ids_and_repairs() {
        assert!(contains("07KUALALUMPUR1145"));
        assert!(!contains("07KUALALUMPUR1146000"));
        let r = lookup("08LONDON2883").unwrap();
        assert_eq!(r.release_id(), "08EFTOLONDON2883");
        let r = lookup_released("08SECTION01OF02CHISINAU976").unwrap();
        assert_eq!(r.id(), "08CHISINAU976");
        // A misspelt id of cablemap's table: found under its repair.
        let r = lookup_released("09BRUSELS1292").unwrap();
        assert_eq!(r.release_id(), "09BRUSELS1292");
        assert_eq!(r.id(), "09USEUBRUSSELS1292");
        assert!(is_post_name("TAIPEI") && is_post_name("AITTAIPEI"));
        assert!(!is_post_name("EFTOLONDON"));
        assert!(post_name_in_year("MADRAS", 1987) && !post_name_in_year("MADRAS", 2007));
        // Malformed twins are one cable.
        let n = find("BRUSSELS", 1292).filter(|r| r.yy == "09").count();
        assert_eq!(n, 1);
        assert!(count() > 251_000 && count() < 251_287);
    }
}
