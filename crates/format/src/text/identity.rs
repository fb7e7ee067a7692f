//! A cable's id: its post's name of the time, its serial and its year, from
//! the date-time group or, when the text has none, from the release list.
//!
//! The post part of an id is the name the cable gives its post on its first
//! line, when the release knows that name for the post (`TAIPEI` for the
//! American Institute in Taiwan, `KIEV` in 2005, `MADRAS` in 1987: the release
//! cut its ids from first lines); otherwise the name the release uses for
//! the post in that year; otherwise the table's id.

use crate::diagnostic::Diagnostic;
use crate::ids::make_id;
use crate::record::Record;
use crate::release::{self, Released};
use crate::tables::{OriginEntry, origins};

use super::year::{Choice, Cited, YearEvidence};

/// The names of a post in ids: the table's id, then each alias the release
/// writes in some id (`AITTAIPEI`, `TAIPEI`).
pub(crate) fn release_names(entry: &OriginEntry) -> Vec<String> {
    release_names_iter(entry).map(str::to_string).collect()
}

/// [`release_names`] without allocating.
fn release_names_iter(entry: &OriginEntry) -> impl Iterator<Item = &str> {
    std::iter::once(entry.id.as_str()).chain(
        entry
            .aliases
            .iter()
            .map(String::as_str)
            .filter(|a| *a != entry.id && release::is_post_name(a)),
    )
}

/// The name a post's id takes in `year`, given the name the text writes.
pub(crate) fn post_name(entry: &OriginEntry, written: Option<&str>, year: Option<i32>) -> String {
    if let Some(w) = written
        && release_names_iter(entry).any(|n| n == w)
    {
        return w.to_string();
    }
    if let Some(y) = year
        && !release::post_name_in_year(&entry.id, y)
        && let Some(n) = release_names_iter(entry).find(|n| release::post_name_in_year(n, y))
    {
        return n.to_string();
    }
    entry.id.clone()
}

/// The name a reference writes for a post (`KIEV 1234`), as ids write it in
/// `year`: the release's cable with that serial decides where there is one.
pub(crate) fn cited_id(station: &str, serial: u64, yy: &str) -> Option<(String, Option<Released>)> {
    let entry = origins().resolve_squeezed(station)?;
    let found = release_names_iter(entry)
        .flat_map(|n| release::find(n, serial))
        .find(|r| r.yy == yy);
    if let Some(r) = found {
        return Some((r.id(), Some(r)));
    }
    let year = release::full_year(yy);
    let name = post_name(entry, Some(station), Some(year));
    Some((format!("{yy}{name}{serial}"), None))
}

/// Every cable of the release with one of the post's names and this serial.
fn candidates(names: &[String], serial: u64) -> Vec<Released> {
    let mut out: Vec<Released> = Vec::new();
    for n in names {
        for r in release::find(n, serial) {
            if !out.iter().any(|o| o.yy == r.yy) {
                out.push(r);
            }
        }
    }
    out
}

/// What the text gives towards its id, besides the post.
pub(crate) struct IdEvidence<'a> {
    /// The post's name as written (squeezed).
    pub written: Option<&'a str>,
    /// The serial as written.
    pub serial: &'a str,
    /// The two-digit year of the date-time group (or written on the first line).
    pub dtg_yy: Option<&'a str>,
    /// A year inferred otherwise (the declassification date) and why, used
    /// only when the release cannot say.
    pub weak_yy: Option<(String, String)>,
    /// Its REF fields as written: the cables they cite are read only when
    /// the year must be weighed.
    pub ref_blocks: Vec<String>,
    /// Whether the copy is one of the release's partial extracts.
    pub partial_extract: bool,
}

/// Set the record's id (and `release_id`, `year`) from its post and the
/// evidence. Returns the two-digit year taken.
pub(crate) fn assign_id(
    rec: &mut Record,
    entry: &OriginEntry,
    ev: IdEvidence<'_>,
) -> Option<String> {
    let IdEvidence {
        written,
        serial,
        dtg_yy,
        weak_yy,
        ref_blocks,
        partial_extract,
    } = ev;
    let Ok(n) = serial.trim_start_matches('0').parse::<u64>() else {
        return None;
    };
    let names = release_names(entry);
    if let Some(yy) = dtg_yy {
        let year = release::full_year(yy);
        let found = candidates(&names, n).into_iter().find(|r| r.yy == yy);
        match found {
            Some(r) => take(rec, &r),
            None => {
                let name = post_name(entry, written, Some(year));
                rec.id = make_id(yy, &name, serial);
            }
        }
        rec.year = Some(year);
        return Some(yy.to_string());
    }
    let found = candidates(&names, n);
    match found.len() {
        0 => {}
        1 => {
            let r = found[0];
            rec.diagnostics.push(Diagnostic::repair(
                "id",
                format!(
                    "id and year from the release list: the text gives no date, and the release's only cable of {} with serial {n} is {}",
                    r.post,
                    r.release_id()
                ),
            ));
            take(rec, &r);
            rec.year = Some(r.year());
            return Some(r.yy.to_string());
        }
        _ => {
            let cited: Vec<Cited> =
                super::references::cited_cables(ref_blocks.iter().map(String::as_str));
            let ev = YearEvidence::gather(rec, partial_extract, &cited, &names, n);
            match super::year::choose(&found, &ev, n) {
                Choice::Chosen(r, why) => {
                    rec.diagnostics.push(Diagnostic::repair(
                        "id",
                        format!(
                            "id and year from the release list (the text gives no date): {why}"
                        ),
                    ));
                    take(rec, &r);
                    rec.year = Some(r.year());
                    return Some(r.yy.to_string());
                }
                Choice::Open(list, why) => {
                    rec.diagnostics.push(Diagnostic::warning(
                        "id",
                        format!("no date in the text: the id's year is unknown; {why}"),
                    ));
                    rec.id_candidates = list.iter().map(Released::id).collect();
                    return None;
                }
            }
        }
    }
    // The release has no cable of this post and serial: the weak inference stands.
    match weak_yy {
        Some((yy, why)) => {
            let year = release::full_year(&yy);
            let name = post_name(entry, written, Some(year));
            rec.id = make_id(&yy, &name, serial);
            rec.year = Some(year);
            rec.diagnostics.push(Diagnostic::warning(
                "id",
                format!("{why}; the release list has no cable of {name} with serial {n}"),
            ));
            Some(yy)
        }
        None => {
            rec.diagnostics.push(Diagnostic::warning(
                "id",
                format!(
                    "no date in the text: the id's year is unknown, and the release list has no cable of {} with serial {n}",
                    post_name(entry, written, None)
                ),
            ));
            None
        }
    }
}

/// Take the release's cable as the record's id.
fn take(rec: &mut Record, r: &Released) {
    rec.id = Some(r.id());
    rec.release_id = r.as_released.map(str::to_string);
    if let Some(o) = rec.origin.as_mut() {
        o.id = r.post.to_string();
    }
}
