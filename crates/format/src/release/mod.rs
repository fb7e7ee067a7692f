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

/// The compiled tables (see `build.rs`): post names, one a line, sorted;
/// one u64 per cable (post number, serial, year, flag); ids as released.
static POSTS: &str = include_str!(concat!(env!("OUT_DIR"), "/release-posts.txt"));
static ENTRIES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/release-entries.bin"));
static RAW: &str = include_str!(concat!(env!("OUT_DIR"), "/release-raw.txt"));

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

/// Two-digit years as text, by value: `yy_text(7)` is `"07"`.
fn yy_text(n: usize) -> &'static str {
    const YYS: &str = "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899";
    let n = n % 100;
    &YYS[2 * n..2 * n + 2]
}

/// The post names, by number.
fn post_names() -> &'static [&'static str] {
    static P: OnceLock<Vec<&'static str>> = OnceLock::new();
    P.get_or_init(|| POSTS.lines().collect())
}

/// The number of a post name.
fn post_number(name: &str) -> Option<u64> {
    post_names().binary_search(&name).ok().map(|i| i as u64)
}

fn entries() -> usize {
    ENTRIES.len() / 8
}

fn entry(i: usize) -> u64 {
    let mut b = [0u8; 8];
    b.copy_from_slice(&ENTRIES[i * 8..i * 8 + 8]);
    u64::from_le_bytes(b)
}

/// The first entry not less than `key`.
fn lower_bound(key: u64) -> usize {
    let (mut lo, mut hi) = (0, entries());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if entry(mid) < key {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

/// The id as released of entry `i` (flagged entries only).
fn raw_of(i: usize) -> Option<&'static str> {
    let key = format!("{i:07}\t");
    let b = RAW.as_bytes();
    // Lines are `NNNNNNN\tRAW`, sorted by their fixed-width number.
    let (mut lo, mut hi) = (0usize, RAW.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let start = b[..mid]
            .iter()
            .rposition(|&c| c == b'\n')
            .map_or(0, |k| k + 1)
            .max(lo);
        let end = b[start..]
            .iter()
            .position(|&c| c == b'\n')
            .map_or(b.len(), |k| start + k);
        let line = &RAW[start..end];
        if line.starts_with(&key) {
            return Some(&line[key.len()..]);
        }
        if line < key.as_str() {
            lo = end + 1;
        } else {
            hi = start;
        }
    }
    None
}

fn decode(i: usize) -> Released {
    let e = entry(i);
    let post = post_names().get((e >> 48) as usize).copied().unwrap_or("?");
    Released {
        post,
        serial: (e >> 16) & 0xffff_ffff,
        yy: yy_text(((e >> 8) & 0xff) as usize),
        as_released: if e & 1 == 1 { raw_of(i) } else { None },
    }
}

/// Every cable of the release with this post name (as the release writes
/// it, repaired) and serial, in year order of the table (`00`..`99`).
pub fn find(post: &str, serial: u64) -> impl Iterator<Item = Released> {
    let start = post_number(post)
        .filter(|_| serial < 1 << 32)
        .map(|n| (n << 48) | (serial << 16));
    let mut i = start.map_or(entries(), lower_bound);
    let mut last_yy: Option<u64> = None;
    std::iter::from_fn(move || {
        let key = start?;
        while i < entries() {
            let e = entry(i);
            if e >> 16 != key >> 16 {
                return None;
            }
            let at = i;
            i += 1;
            // A malformed twin of a clean id (`09BRUSELS1292` beside
            // `09BRUSSELS1292`) is the same cable: the clean entry sorts first.
            let yy = (e >> 8) & 0xff;
            if last_yy == Some(yy) {
                continue;
            }
            last_yy = Some(yy);
            return Some(decode(at));
        }
        None
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

/// The years each post name of the release is used in, as a bit set over
/// years (bit `i` for year 1966 + i), by post number.
fn post_years() -> &'static [u64] {
    static P: OnceLock<Vec<u64>> = OnceLock::new();
    P.get_or_init(|| {
        let mut years = vec![0u64; post_names().len()];
        for i in 0..entries() {
            let e = entry(i);
            let bit = (full_year(yy_text(((e >> 8) & 0xff) as usize)) - 1966).clamp(0, 63);
            if let Some(y) = years.get_mut((e >> 48) as usize) {
                *y |= 1 << bit;
            }
        }
        years
    })
}

/// Whether the release writes `name` as a post name in some id.
pub fn is_post_name(name: &str) -> bool {
    name != "?" && post_number(name).is_some()
}

/// Whether the release writes `name` as a post name in `year`.
pub fn post_name_in_year(name: &str, year: i32) -> bool {
    let bit = (year - 1966).clamp(0, 63);
    post_number(name)
        .and_then(|n| post_years().get(n as usize))
        .is_some_and(|b| b & (1 << bit) != 0)
}

/// Number of distinct cables of the release (malformed twins counted once).
pub fn count() -> usize {
    static N: OnceLock<usize> = OnceLock::new();
    *N.get_or_init(|| ids().count())
}

/// Every cable's id (repaired), in table order (by post, serial, year).
pub fn ids() -> impl Iterator<Item = String> {
    let mut last: Option<u64> = None;
    (0..entries()).filter_map(move |i| {
        let key = entry(i) >> 8;
        if last == Some(key) {
            return None;
        }
        last = Some(key);
        let r = decode(i);
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
        assert!(entries() > 250_000, "{}", entries());
        assert!((1..entries()).all(|i| entry(i - 1) <= entry(i)), "sorted");
        assert!(post_names().windows(2).all(|w| w[0] < w[1]), "posts sorted");
        for i in (0..entries()).step_by(101) {
            let r = decode(i);
            if r.post == "?" {
                assert!(r.as_released.is_some());
                continue;
            }
            assert!(
                find(r.post, r.serial).any(|f| f.yy == r.yy),
                "entry {i}: {r:?}"
            );
            assert!(contains(&r.id()), "{}", r.id());
        }
        // Every flagged entry has its id as released.
        let flagged = (0..entries()).filter(|&i| entry(i) & 1 == 1).count();
        assert_eq!(flagged, RAW.lines().count());
        assert!(
            (0..entries())
                .filter(|&i| entry(i) & 1 == 1)
                .all(|i| raw_of(i).is_some())
        );
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
