//! The REF block: `REF: A. STATE 30452 B. KUALA LUMPUR 142`, `REF: 05 SAO PAULO 405;
//! (B) 02 BRASILIA 2670`, `REFTEL`, e-mails, telcons and reports.
//!
//! References are read word by word: a run of one to four words that names a
//! post (by id, header name or alias, see `tables::origins`), an optional year
//! before it (`05`, `2005`), and a serial after it (`142`, `0953`, `-097844`),
//! possibly followed by more serials of the same post (`142, 121 AND 111`).

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

pub use super::ref_fields::ref_fields;
use crate::record::{RefKind, RefYear, Reference};
use crate::tables::origins;

static LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|[\s;,¶])\(?([A-Za-z])(?:\)|\.|:)(?:\s|\d|\()").unwrap());
static GLUED_ID: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^'?(\d{2}|\d{4})-?([A-Za-z]{3,})(?:-?(\d{1,7}))?$").unwrap());
static REF_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:REF\(S\)|REF(?:S|TEL|TELS|ERENCES?)?\b)\s*[:.]?\s*").unwrap()
});

/// Whether a line starts the REF field.
pub fn is_ref_line(line: &str) -> bool {
    REF_START.find(line).is_some_and(|m| {
        let after = &line[m.end()..];
        // "REFTEL" / "REF:" at line start; not "REFERRING TO THE..." or "REFUGEES".
        let word: String = line
            .trim_start()
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect::<String>()
            .to_ascii_uppercase();
        matches!(
            word.as_str(),
            "REF" | "REFS" | "REFTEL" | "REFTELS" | "REFERENCE" | "REFERENCES"
        ) && (m.as_str().contains(':')
            || after.is_empty()
            || !after.starts_with(|c: char| c.is_ascii_lowercase()))
    })
}

/// Strip the `REF:` keyword.
pub fn strip_ref_keyword(text: &str) -> &str {
    REF_START
        .find(text)
        .map(|m| &text[m.end()..])
        .unwrap_or(text)
}

/// One word of the reference text with its byte range.
#[derive(Debug, Clone, Copy)]
struct Word<'a> {
    text: &'a str,
    start: usize,
    end: usize,
}

fn words(text: &str) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let sep =
            c.is_whitespace() || matches!(c, ',' | ';' | ':' | '(' | ')' | '¶' | '/' | '[' | ']');
        match (sep, start) {
            (true, Some(s)) => {
                out.push(Word {
                    text: &text[s..i],
                    start: s,
                    end: i,
                });
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(Word {
            text: &text[s..],
            start: s,
            end: text.len(),
        });
    }
    // Split ids written as one word: "09CAIRO0561", "09DHAHRAN", "10-OTTAWA-57",
    // "2005PANAMA2342" (a two- or four-digit year, a post, maybe a serial).
    let mut glued = Vec::with_capacity(out.len());
    for w in out {
        match GLUED_ID.captures(w.text) {
            Some(c) => {
                for k in 1..=3 {
                    if let Some(m) = c.get(k) {
                        glued.push(Word {
                            text: m.as_str(),
                            start: w.start + m.start(),
                            end: w.start + m.end(),
                        });
                    }
                }
            }
            None => glued.push(w),
        }
    }
    let out = glued;
    // Split words like "A.STATE" or "D.01" after a single-letter label.
    let mut split = Vec::with_capacity(out.len());
    for w in out {
        let b = w.text.as_bytes();
        if b.len() > 2 && b[0].is_ascii_alphabetic() && b[1] == b'.' && b[2].is_ascii_alphanumeric()
        {
            split.push(Word {
                text: &w.text[..2],
                start: w.start,
                end: w.start + 2,
            });
            split.push(Word {
                text: &w.text[2..],
                start: w.start + 2,
                end: w.end,
            });
        } else {
            split.push(w);
        }
    }
    split
}

/// A serial number word: digits, maybe with a leading `-`, `#` or `NO.`, and trailing dots.
fn serial(w: &str) -> Option<u64> {
    let t = w
        .trim_start_matches(['-', '#'])
        .trim_end_matches(['.', '-']);
    if t.is_empty() || t.len() > 7 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse().ok().filter(|&n| n > 0)
}

/// A year word before a station: `05`, `2005`, `O4` (letter O for zero).
fn year(w: &str) -> Option<String> {
    let t: String = w
        .trim_start_matches(['\'', '‘', '’'])
        .trim_end_matches(['.', '-'])
        .chars()
        .map(|c| if c == 'O' || c == 'o' { '0' } else { c })
        .collect();
    match t.len() {
        2 if t.bytes().all(|b| b.is_ascii_digit()) => Some(t),
        4 if t.bytes().all(|b| b.is_ascii_digit())
            && (t.starts_with("19") || t.starts_with("20")) =>
        {
            Some(t[2..].to_string())
        }
        _ => None,
    }
}

/// A word squeezed for station lookup (`0` read as `O`, letters upper-cased, all
/// else dropped) appended to `out`, byte by byte (only ASCII is kept).
fn squeeze_into(w: &str, out: &mut String) {
    for b in w.bytes() {
        match b {
            b'0' => out.push('O'),
            b if b.is_ascii_alphabetic() => out.push(char::from(b.to_ascii_uppercase())),
            _ => {}
        }
    }
}

/// Words that are never a station even when an alias table says so.
const NOT_STATIONS: [&str; 12] = [
    "AND", "THE", "REF", "REFS", "REFTEL", "OF", "ON", "IN", "TO", "FOR", "NOTAL", "PARA",
];

/// Try to read a station at word `i`; returns the origin id and how many words it spans.
fn station_at(ws: &[Word<'_>], i: usize) -> Option<(String, usize)> {
    let table = origins();
    // (Past the last word there is no station.)
    let first = ws.get(i)?.text;
    let zero_o =
        first.starts_with('0') && first[1..].starts_with(|c: char| c.is_ascii_alphabetic());
    if !first.starts_with(|c: char| c.is_ascii_alphabetic()) && !zero_o {
        return None;
    }
    // The words squeezed once: the names of fewer words are prefixes
    // (`ends[k]`: the length after `k` words). They hold only capitals, which
    // `squeeze` leaves as they are.
    let most = (ws.len() - i).min(4);
    let mut squeezed = String::new();
    let mut ends = [0; 5];
    for (k, w) in ws[i..i + most].iter().enumerate() {
        squeeze_into(w.text, &mut squeezed);
        ends[k + 1] = squeezed.len();
    }
    for len in (1..=most).rev() {
        let joined = &squeezed[..ends[len]];
        if joined.len() < 2 || (len == 1 && NOT_STATIONS.contains(&joined)) {
            continue;
        }
        // Every word must be a word (a zero read as O inside a name is allowed: "SANTIAG0").
        if ws[i..i + len].iter().any(|w| {
            !(w.text.starts_with(|c: char| c.is_ascii_alphabetic())
                || (w.text.starts_with('0') && w.text.len() > 2))
                || w.text.bytes().any(|b| b.is_ascii_digit() && b != b'0')
        }) {
            continue;
        }
        if let Some(e) = table.resolve_squeezed(joined) {
            return Some((crate::ids::id_name(e, joined), len));
        }
        // "AMEMBASSY X", "USDEL X": strip address prefixes.
        for p in ["AMEMBASSY", "EMBASSY", "AMCONSUL", "USMISSION"] {
            if let Some(rest) = joined.strip_prefix(p)
                && let Some(e) = table.resolve_squeezed(rest)
            {
                return Some((e.id.clone(), len));
            }
        }
    }
    None
}

/// Cable references found in a text, with the byte range each covers.
/// References without a written year take `default_year`; without one they
/// are left out.
pub fn find_cable_refs(
    text: &str,
    default_year: Option<&str>,
) -> Vec<(String, std::ops::Range<usize>)> {
    find_refs(text)
        .into_iter()
        .filter_map(|r| {
            let yy = r
                .written_year
                .or_else(|| default_year.map(str::to_string))?;
            Some((format!("{yy}{}{}", r.station, r.serial), r.range))
        })
        .collect()
}

/// One cable reference as read: the year when written, the station, the serial.
#[derive(Debug, Clone)]
struct FoundRef {
    written_year: Option<String>,
    station: String,
    serial: u64,
    range: std::ops::Range<usize>,
}

/// The cable references of a text, with the year only where written.
fn find_refs(text: &str) -> Vec<FoundRef> {
    let ws = words(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        let Some((station, len)) = station_at(&ws, i) else {
            i += 1;
            continue;
        };
        let mut j = i + len;
        // Allow one filler word between station and serial ("STATE NO. 123").
        if j < ws.len() && serial(ws[j].text).is_none() && matches!(ws[j].text, "NO." | "NO" | "#")
        {
            j += 1;
        }
        let Some(first_serial) = ws.get(j).and_then(|w| serial(w.text)) else {
            i += 1;
            continue;
        };
        // A year stands right before the post ("05 SAO PAULO"), not across a
        // separator ("PORT A 76; PORT A 100").
        let yy = if i > 0
            && text
                .get(ws[i - 1].end..ws[i].start)
                .is_some_and(|b| b.chars().all(|c| c.is_whitespace() || c == ')'))
        {
            year(ws[i - 1].text)
        } else {
            None
        };
        // "INCSR BRAZIL 2008": a title and a year, not a cable.
        if yy.is_none()
            && i > 0
            && ws[j].text.len() == 4
            && (1950..=2012).contains(&serial(ws[j].text).unwrap_or(0))
            && ws[i - 1].text.len() >= 3
            && ws[i - 1].text.bytes().all(|b| b.is_ascii_alphabetic())
            && !NOT_STATIONS.contains(&ws[i - 1].text.to_ascii_uppercase().as_str())
            && station_at(&ws, i - 1).is_none()
        {
            i = j + 1;
            continue;
        }
        // "ASUNCION 701 (08)": the year after the serial, in parentheses.
        let year_after = ws.get(j + 1).and_then(|next| {
            let between = text.get(ws[j].end..next.start)?;
            (between.trim() == "("
                && next.text.len() == 2
                && text.get(next.end..).is_some_and(|r| r.starts_with(')')))
            .then(|| year(next.text))
            .flatten()
        });
        let start = if yy.is_some() {
            ws[i - 1].start
        } else {
            ws[i].start
        };
        let mut end = ws[j].end;
        if yy.is_none() && year_after.is_some() {
            j += 1;
            end = ws[j].end + 1;
        }
        let yy = yy.or(year_after);
        out.push(FoundRef {
            written_year: yy.clone(),
            station: station.clone(),
            serial: first_serial,
            range: start..end.min(text.len()),
        });
        // More serials of the same station: "142, 121 AND 111", "142/121".
        let mut k = j + 1;
        let mut after_and = false;
        while k < ws.len() {
            let w = ws[k].text;
            if w.eq_ignore_ascii_case("AND")
                && ws.get(k + 1).is_some_and(|n| serial(n.text).is_some())
            {
                after_and = true;
                k += 1;
                continue;
            }
            let sep = text[ws[k - 1].end..ws[k].start].trim();
            let joined = after_and
                || (!sep.is_empty() && sep.chars().all(|c| matches!(c, ',' | '/' | '&' | ';')));
            match serial(w) {
                // A number followed by a station is that reference's year.
                Some(n) if joined && station_at(&ws, k + 1).is_none() => {
                    end = ws[k].end;
                    out.push(FoundRef {
                        written_year: yy.clone(),
                        station: station.clone(),
                        serial: n,
                        range: start..end,
                    });
                    after_and = false;
                    k += 1;
                }
                _ => break,
            }
        }
        if after_and {
            k -= 1;
        }
        i = k.max(i + 1);
    }
    out
}

/// Parse a whole REF field (keyword included or not) into references.
///
/// `year` is the citing cable's two-digit year, used for references written
/// without one; `self_id` is dropped from the result.
pub fn parse_references(text: &str, year: Option<&str>, self_id: Option<&str>) -> Vec<Reference> {
    let body = strip_ref_keyword(text);
    let own_parts = self_id.and_then(crate::release::split_plain);
    let own = own_parts.as_ref().map(|p| (p.post.as_str(), p.serial));
    let mut out: Vec<Reference> = Vec::new();
    // What `out` holds already, looked up by hashing (a REF field of tens of
    // thousands of items must not be scanned once per item): the ids, and
    // the texts of the references without one.
    let mut ids: HashSet<String> = HashSet::new();
    let mut texts_without_id: HashSet<String> = HashSet::new();
    for (label, item) in split_items(body) {
        let item_trim = item.trim().trim_end_matches([',', ';']).trim();
        if item_trim.is_empty() {
            continue;
        }
        let found = find_refs(item_trim);
        let qualifiers = qualifiers(item_trim);
        if found.is_empty() {
            let kind = non_cable_kind(item_trim);
            if kind == RefKind::Unknown && item_trim.len() < 3 {
                continue;
            }
            texts_without_id.insert(item_trim.to_string());
            out.push(Reference {
                id: None,
                text: item_trim.to_string(),
                kind,
                label: label.clone(),
                qualifiers,
                year_from: None,
            });
            continue;
        }
        for r in found {
            let text = item_trim[r.range.clone()].to_string();
            // Without a written year or the citing cable's year the id is
            // unknown: the reference is kept as a cable reference without id.
            let year_from = if r.written_year.is_some() {
                RefYear::Written
            } else {
                RefYear::Citing
            };
            // Serials restart every year: a higher serial of the citing
            // cable's own post, written without a year, is of the year before.
            // (Unless the release holds it in the citing year and not before.)
            let year = match (&r.written_year, own, year) {
                (None, Some((post, n)), Some(y)) if r.station == post && r.serial > n => {
                    let before = y
                        .parse::<u32>()
                        .ok()
                        .map(|v| format!("{:02}", (v + 99) % 100));
                    let held = |yy: &str| {
                        super::identity::cited_id(&r.station, r.serial, yy)
                            .is_some_and(|(_, found)| found.is_some())
                    };
                    match before {
                        Some(b) if held(y) && !held(&b) => Some(y.to_string()),
                        Some(b) => Some(b),
                        None => Some(y.to_string()),
                    }
                }
                _ => year.map(str::to_string),
            };
            let Some(yy) = r.written_year.or(year) else {
                if texts_without_id.insert(text.clone()) {
                    out.push(Reference {
                        id: None,
                        text,
                        kind: RefKind::Cable,
                        label: label.clone(),
                        qualifiers: qualifiers.clone(),
                        year_from: None,
                    });
                }
                continue;
            };
            // The release's cable of that post, serial and year decides the
            // post's name in the id (`KIEV` or `KYIV`).
            let id = match super::identity::cited_id(&r.station, r.serial, &yy) {
                Some((id, _)) => id,
                None => {
                    let id = format!("{yy}{}{}", r.station, r.serial);
                    crate::ids::canonical_id(&id).unwrap_or(id)
                }
            };
            if Some(id.as_str()) == self_id || !ids.insert(id.clone()) {
                continue;
            }
            out.push(Reference {
                id: Some(id),
                text,
                kind: RefKind::Cable,
                label: label.clone(),
                qualifiers: qualifiers.clone(),
                year_from: Some(year_from),
            });
        }
    }
    out
}

/// The year of references written without one when the citing cable's year
/// is unknown, from the references that do write theirs: a cable writes the
/// year of a reference only when it differs from its own (`REF: A) 03 HCMC
/// 235 B) HCMC 573`), so references without a year are from a year after the
/// latest written one, most often the next. `None` unless the REF text holds
/// both kinds. A weak inference: callers name it in a diagnostic.
pub fn year_after_dated_refs<'a>(blocks: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let mut latest: Option<i32> = None;
    let mut undated = false;
    for b in blocks {
        for (_, item) in split_items(strip_ref_keyword(b)) {
            for r in find_refs(item) {
                match r
                    .written_year
                    .as_deref()
                    .and_then(|y| y.parse::<i32>().ok())
                {
                    // Two-digit years: 1950-2049.
                    Some(y) => {
                        let full = if y < 50 { 2000 + y } else { 1900 + y };
                        latest = Some(latest.map_or(full, |l| l.max(full)));
                    }
                    None => undated = true,
                }
            }
        }
    }
    let next = latest? + 1;
    (undated && next <= 2049).then(|| format!("{:02}", next % 100))
}

/// The cable references of REF fields as read, before any year is given to
/// those written without one: evidence for the citing cable's own year.
pub(crate) fn cited_cables<'a>(
    blocks: impl IntoIterator<Item = &'a str>,
) -> Vec<super::year::Cited> {
    let mut out = Vec::new();
    for b in blocks {
        for (_, item) in split_items(strip_ref_keyword(b)) {
            for r in find_refs(item) {
                let year = r
                    .written_year
                    .as_deref()
                    .and_then(|y| y.parse::<i32>().ok())
                    .map(|y| if y < 50 { 2000 + y } else { 1900 + y });
                out.push(super::year::Cited {
                    year,
                    post: r.station,
                    serial: r.serial,
                });
            }
        }
    }
    out
}

/// References in a piece of cable text: every REF field found by
/// [`ref_fields`], parsed with [`parse_references`]. Cable references seen in
/// an earlier field are not repeated.
pub fn references_in_text(text: &str, year: Option<&str>, self_id: Option<&str>) -> Vec<Reference> {
    let mut out: Vec<Reference> = Vec::new();
    let mut ids: HashSet<String> = HashSet::new();
    for f in ref_fields(text) {
        for r in parse_references(&f, year, self_id) {
            if let Some(id) = &r.id
                && !ids.insert(id.clone())
            {
                continue;
            }
            out.push(r);
        }
    }
    out
}

/// Split the REF text into labelled items (`A. ...`, `(B) ...`); the first
/// item may be unlabelled.
fn split_items(text: &str) -> Vec<(Option<String>, &str)> {
    let mut cuts: Vec<(usize, usize, String)> = Vec::new();
    let mut expected = b'A';
    for c in LABEL.captures_iter(text) {
        let m = c.get(1).unwrap();
        let letter = m.as_str().as_bytes()[0].to_ascii_uppercase();
        // Accept labels in sequence (A, B, C ...); restart allowed at A.
        if letter == expected || (letter == b'A' && !cuts.is_empty() && expected != b'A') {
            let whole = c.get(0).unwrap();
            let start = if whole
                .as_str()
                .starts_with(|ch: char| ch.is_whitespace() || ch == ';' || ch == ',' || ch == '¶')
            {
                whole.start()
                    + whole
                        .as_str()
                        .chars()
                        .next()
                        .map(char::len_utf8)
                        .unwrap_or(0)
            } else {
                whole.start()
            };
            let label_end = m.end() + 1;
            cuts.push((
                start,
                label_end.min(text.len()),
                (letter as char).to_string(),
            ));
            expected = letter + 1;
        }
    }
    if cuts.is_empty() {
        return vec![(None, text)];
    }
    let mut out = Vec::new();
    if cuts[0].0 > 0 && !text[..cuts[0].0].trim().is_empty() {
        out.push((None, &text[..cuts[0].0]));
    }
    for (k, (_, body_start, label)) in cuts.iter().enumerate() {
        let end = cuts.get(k + 1).map(|c| c.0).unwrap_or(text.len());
        let s = (*body_start).min(end);
        out.push((Some(label.clone()), &text[s..end]));
    }
    out
}

fn qualifiers(item: &str) -> Vec<String> {
    let up = item.to_ascii_uppercase();
    [
        "NOTAL", "EXDIS", "NODIS", "LIMDIS", "NOFORN", "STADIS", "CIRCULAR",
    ]
    .iter()
    .filter(|q| up.contains(*q))
    .map(|q| q.to_string())
    .collect()
}

fn non_cable_kind(item: &str) -> RefKind {
    let up = item.to_ascii_uppercase();
    let has = |w: &str| up.contains(w);
    if has("E-MAIL") || has("EMAIL") || has("E MAIL") {
        RefKind::Email
    } else if has("TELCON") || has("TELECON") || has("PHONE") || has("TELEPHONE") || has("CALL") {
        RefKind::Telcon
    } else if has("MEMCON") || has("MEETING") || has("CONVERSATION") || has("DISCUSSION") {
        RefKind::Memcon
    } else if has("REPORT")
        || has("MEMO")
        || has("LETTER")
        || has("FAX")
        || has("AIRGRAM")
        || has("IIR")
        || has("DIPNOTE")
        || has("NOTE")
        || has("A-")
    {
        RefKind::Document
    } else {
        RefKind::Unknown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(text: &str, year: &str) -> Vec<String> {
        parse_references(text, Some(year), None)
            .into_iter()
            .filter_map(|r| r.id)
            .collect()
    }

    #[test]
    fn seed_refs() {
        assert_eq!(
            ids(
                "REF: A. STATE 30452\n\nB. KUALA LUMPUR 142\n\nC. KUALA LUMPUR 121\n\nD. KUALA LUMPUR 111",
                "08"
            ),
            [
                "08STATE30452",
                "08KUALALUMPUR142",
                "08KUALALUMPUR121",
                "08KUALALUMPUR111"
            ]
        );
    }

    #[test]
    fn varieties() {
        assert_eq!(
            ids("REF: SECSTATE 113408 AND SECSTATE 113635", "05"),
            ["05STATE113408", "05STATE113635"]
        );
        assert_eq!(
            ids("REF: (A)05 CHENNAI 0121, (B)O4 CHENNAI 0944", "06"),
            ["05CHENNAI121", "04CHENNAI944"]
        );
        assert_eq!(
            ids("REF: A. BA 1485 ¶B. BA 1062", "06"),
            ["06BUENOSAIRES1485", "06BUENOSAIRES1062"]
        );
        assert_eq!(
            ids(
                "REF: STATE 106206 CIRCULAR; STATE CA-3400 NOV 2, 1966",
                "66"
            ),
            ["66STATE106206"]
        );
        assert_eq!(
            ids("REF: TEHRAN 1091: TEHRAN 263: MOSCOW 1603", "72"),
            ["72TEHRAN1091", "72TEHRAN263", "72MOSCOW1603"]
        );
        assert_eq!(
            ids(
                "REF: A) RIO DE JANEIRO 91, B) RIO DE JANEIRO 35, C) 07 SAO PAULO\n0953",
                "08"
            ),
            ["08RIODEJANEIRO91", "08RIODEJANEIRO35", "07SAOPAULO953"]
        );
        assert_eq!(
            ids("REF: KUALA LUMPUR 142, 121 AND 111", "08"),
            ["08KUALALUMPUR142", "08KUALALUMPUR121", "08KUALALUMPUR111"]
        );
        assert_eq!(ids("REF: STATE -097844", "74"), ["74STATE97844"]);
    }

    #[test]
    fn non_cables() {
        let r = parse_references(
            "REF: A. EMAIL FROM POLOFF TO EAP/MTS 3/4/07 B. STATE 123",
            Some("07"),
            None,
        );
        assert_eq!(r[0].kind, RefKind::Email);
        assert_eq!(r[1].id.as_deref(), Some("07STATE123"));
    }

    #[test]
    fn ids_written_as_one_word_and_years_elsewhere() {
        assert_eq!(
            ids("REF: 09CAIRO0561; 08CAIRO2528", "10"),
            ["09CAIRO561", "08CAIRO2528"]
        );
        assert_eq!(ids("REF: 10-OTTAWA-57", "10"), ["10OTTAWA57"]);
        assert_eq!(
            ids("REF: A. 09DHAHRAN 201 B. RIYADH 103", "10"),
            ["09DHAHRAN201", "10RIYADH103"]
        );
        assert_eq!(ids("REF: D. 2005PANAMA2342", "06"), ["05PANAMA2342"]);
        assert_eq!(
            ids("REF: A. '08 BUENOS AIRES 1491", "09"),
            ["08BUENOSAIRES1491"]
        );
        assert_eq!(ids("REF: C. 05 0TTAWA 3518", "06"), ["05OTTAWA3518"]);
        assert_eq!(
            ids("REF: PORT A 76; PORT A 100", "10"),
            ["10PORTAUPRINCE76", "10PORTAUPRINCE100"]
        );
        assert_eq!(
            ids(
                "REF: A. ASUNCION 701 (08) B. INCSR BRAZIL 2008 C. SAO PAULO 66 (08)",
                "09"
            ),
            ["08ASUNCION701", "08SAOPAULO66"]
        );
        assert_eq!(ids("REF: (99) ROME 2196", "01"), ["99ROME2196"]);
    }

    #[test]
    fn ref_fields_in_text() {
        let got = |t: &str, yy: &str, own: Option<&str>| -> Vec<String> {
            references_in_text(t, Some(yy), own)
                .into_iter()
                .filter_map(|r| r.id)
                .collect()
        };
        // Inline after the subject, ended by the classified-by line.
        assert_eq!(
            got(
                "SUBJECT: WHAT'S BEHIND THE RAIDS REF: A. MOSCOW 816 B. 07 MOSCOW 3054 Classified By: Ambassador William J. Burns 1.4 (b/d)",
                "08",
                None
            ),
            ["08MOSCOW816", "07MOSCOW3054"]
        );
        // Glued to the subject; page-break furniture inside the field.
        assert_eq!(
            got(
                "SUBJECT: X UK PRIMEREF: A. STATE 40721\n CONFIDENTIAL\nPAGE 02 ROME 01196 01 OF 02 082030Z  B. ROME 1098",
                "02",
                None
            ),
            ["02STATE40721", "02ROME1098"]
        );
        assert_eq!(
            got(
                "REF: A) TRIPOLI 199, B) TRIPOLI 227 TRIPOLI 00000402 \n\n001.2 OF 003 ",
                "08",
                Some("08TRIPOLI402")
            ),
            ["08TRIPOLI199", "08TRIPOLI227"]
        );
        // A reference split by a blank line goes on; a header after one does not.
        assert_eq!(
            got(
                "Refs:  (A) Rio de Janeiro 00190  (B) Rio de Janeiro \n \n00723  (C) Brasilia 01392 \n \n1.  (U)  SUMMARY",
                "04",
                None
            ),
            ["04RIODEJANEIRO190", "04RIODEJANEIRO723", "04BRASILIA1392"]
        );
        assert_eq!(
            got(
                "REF: A. 08 STATE 81854\n\n\nS e c r e t nairobi 001938",
                "09",
                None
            ),
            ["08STATE81854"]
        );
        // A body paragraph ends the search: REFTEL in the text is no REF field.
        assert!(got("1. (C) As reported in REFTEL: STATE 123, ...", "09", None).is_empty());
    }
}
