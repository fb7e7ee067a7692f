//! The REF block: `REF: A. STATE 30452 B. KUALA LUMPUR 142`, `REF: 05 SAO PAULO 405;
//! (B) 02 BRASILIA 2670`, `REFTEL`, e-mails, telcons and reports.
//!
//! References are read word by word: a run of one to four words that names a
//! post (by id, header name or alias, see `tables::origins`), an optional year
//! before it (`05`, `2005`), and a serial after it (`142`, `0953`, `-097844`),
//! possibly followed by more serials of the same post (`142, 121 AND 111`).

use std::sync::LazyLock;

use regex::Regex;

use crate::record::{RefKind, Reference};
use crate::tables::origins;

static LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|[\s;,¶])\(?([A-Za-z])(?:\)|\.|:)(?:\s|\d|\()").unwrap());
static REF_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:REF(?:S|TEL|TELS|ERENCES?)?|REF\(S\))\b\s*[:.]?\s*").unwrap()
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

/// Squeeze a word for station lookup: letters only, upper case, digit 0 read as O.
fn squeeze(w: &str) -> String {
    w.chars()
        .filter_map(|c| match c {
            '0' => Some('O'),
            c if c.is_ascii_alphabetic() => Some(c.to_ascii_uppercase()),
            _ => None,
        })
        .collect()
}

/// Words that are never a station even when an alias table says so.
const NOT_STATIONS: [&str; 12] = [
    "AND", "THE", "REF", "REFS", "REFTEL", "OF", "ON", "IN", "TO", "FOR", "NOTAL", "PARA",
];

/// Try to read a station at word `i`; returns the origin id and how many words it spans.
fn station_at(ws: &[Word<'_>], i: usize) -> Option<(String, usize)> {
    let table = origins();
    for len in (1..=4).rev() {
        if i + len > ws.len() {
            continue;
        }
        let first = ws[i].text;
        if !first.starts_with(|c: char| c.is_ascii_alphabetic()) {
            return None;
        }
        let joined: String = ws[i..i + len].iter().map(|w| squeeze(w.text)).collect();
        if joined.len() < 2 || (len == 1 && NOT_STATIONS.contains(&joined.as_str())) {
            continue;
        }
        // Every word must be a word (a zero read as O inside a name is allowed: "SANTIAG0").
        if ws[i..i + len].iter().any(|w| {
            !w.text.starts_with(|c: char| c.is_ascii_alphabetic())
                || w.text.bytes().any(|b| b.is_ascii_digit() && b != b'0')
        }) {
            continue;
        }
        if let Some(e) = table.resolve_name(&joined) {
            return Some((e.id.clone(), len));
        }
        // "AMEMBASSY X", "USDEL X": strip address prefixes.
        for p in ["AMEMBASSY", "EMBASSY", "AMCONSUL", "USMISSION"] {
            if let Some(rest) = joined.strip_prefix(p)
                && let Some(e) = table.resolve_name(rest)
            {
                return Some((e.id.clone(), len));
            }
        }
    }
    None
}

/// Cable references found in a text, with the byte range each covers.
pub fn find_cable_refs(
    text: &str,
    default_year: Option<&str>,
) -> Vec<(String, std::ops::Range<usize>)> {
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
        let yy = if i > 0 { year(ws[i - 1].text) } else { None };
        let start = if yy.is_some() {
            ws[i - 1].start
        } else {
            ws[i].start
        };
        let yy = yy.or_else(|| default_year.map(str::to_string));
        let Some(yy) = yy else {
            i = j + 1;
            continue;
        };
        let mut end = ws[j].end;
        out.push((format!("{yy}{station}{first_serial}"), start..end));
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
                    out.push((format!("{yy}{station}{n}"), start..end));
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
    let mut out: Vec<Reference> = Vec::new();
    for (label, item) in split_items(body) {
        let item_trim = item.trim().trim_end_matches([',', ';']).trim();
        if item_trim.is_empty() {
            continue;
        }
        let cables = find_cable_refs(item_trim, year);
        let qualifiers = qualifiers(item_trim);
        if cables.is_empty() {
            let kind = non_cable_kind(item_trim);
            if kind == RefKind::Unknown && item_trim.len() < 3 {
                continue;
            }
            out.push(Reference {
                id: None,
                text: item_trim.to_string(),
                kind,
                label: label.clone(),
                qualifiers,
            });
            continue;
        }
        for (id, range) in cables {
            let id = crate::ids::canonical_id(&id).unwrap_or(id);
            if Some(id.as_str()) == self_id || out.iter().any(|r| r.id.as_deref() == Some(&id)) {
                continue;
            }
            out.push(Reference {
                id: Some(id),
                text: item_trim[range].to_string(),
                kind: RefKind::Cable,
                label: label.clone(),
                qualifiers: qualifiers.clone(),
            });
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
}
