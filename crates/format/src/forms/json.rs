//! JSON exports of cables: one object per file, an array of objects, or JSON
//! Lines (one object a line). The cable text is in a `body` (or `text`,
//! `content`) field, optionally a `header` field; the other fields (`_id`,
//! `reference_id`, `origin`, `date_time`, `classification`, `subject`, `tags`,
//! `references`) are the export's own metadata, kept as [`SourceMeta`] beside
//! what the text says and never used to override it (the `_id` of the known
//! MongoDB export is unreliable: it often holds the references).
//!
//! Some exports stripped the body's line breaks; the line structure is
//! restored ([`restore_lines`]) before the text is parsed, with a diagnostic.

use std::sync::LazyLock;

use regex::Regex;
use serde_json::{Map, Value};

use super::html::prefix as html_prefix;
use crate::record::{Form, Record, SourceMeta};

/// A JSON line or document that could not be read.
#[derive(Debug, Clone, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct JsonError {
    /// 1-based line.
    pub line: u64,
    /// What is wrong.
    pub message: String,
}

const BODY_KEYS: &[&str] = &[
    "body",
    "text",
    "content",
    "cable",
    "raw",
    "raw_content",
    "message",
];
const ID_KEYS: &[&str] = &[
    "reference_id",
    "referenceid",
    "refid",
    "ref_id",
    "canonical_id",
    "cable_id",
    "id",
    "_id",
    "identifier",
];
const DATE_KEYS: &[&str] = &["date_time", "datetime", "created", "date", "timestamp"];
const ORIGIN_KEYS: &[&str] = &["origin", "from", "office_origin", "source"];

/// Whether the text looks like JSON (an object or array, or JSON Lines).
pub fn looks_like_json(text: &str) -> bool {
    let t = text.trim_start();
    (t.starts_with('{') || t.starts_with('['))
        && t.trim_end().ends_with(['}', ']'])
        && (t.contains("\":") || t.contains("\" :"))
}

fn get<'a>(obj: &'a Map<String, Value>, keys: &[&str]) -> Option<&'a str> {
    keys.iter().find_map(|k| {
        obj.iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(k))
            .and_then(|(_, v)| v.as_str())
            .map(str::trim)
            .filter(|s| !s.is_empty())
    })
}

fn get_list(obj: &Map<String, Value>, key: &str, sep: char) -> Vec<String> {
    match obj
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(key))
        .map(|x| x.1)
    {
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(Value::as_str)
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect(),
        Some(Value::String(s)) => s
            .split(sep)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect(),
        _ => vec![],
    }
}

/// A date as exports write it (`2/6/2001 6:23`, `2004-12-30 05:05`, ISO) as ISO-8601 UTC.
pub fn normalize_datetime(s: &str) -> Option<String> {
    static ISO: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?)?").unwrap()
    });
    let s = s.trim();
    if let Some(c) = ISO.captures(s) {
        let y: i32 = c[1].parse().ok()?;
        let m: u32 = c[2].parse().ok()?;
        let d: u32 = c[3].parse().ok()?;
        let h: u32 = c.get(4).map_or(Some(0), |x| x.as_str().parse().ok())?;
        let mi: u32 = c.get(5).map_or(Some(0), |x| x.as_str().parse().ok())?;
        let se: u32 = c.get(6).map_or(Some(0), |x| x.as_str().parse().ok())?;
        if !crate::dtg::valid_date(y, m, d) || h > 23 || mi > 59 || se > 59 {
            return None;
        }
        return Some(format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{se:02}Z"));
    }
    super::cables_csv::parse_csv_date(s)
}

/// Turn one JSON object into a record.
pub fn parse_object(path: &str, obj: &Map<String, Value>) -> Record {
    let body = get(obj, BODY_KEYS).unwrap_or("");
    let header = get(obj, &["header", "head"]);
    let id = get(obj, ID_KEYS).map(str::to_string);
    let meta = SourceMeta {
        from: "json_fields".into(),
        id,
        created: get(obj, DATE_KEYS).and_then(normalize_datetime),
        released: get(obj, &["released", "release_date"]).and_then(normalize_datetime),
        classification: get(obj, &["classification"]).map(str::to_string),
        origin: get(obj, ORIGIN_KEYS).map(str::to_string),
        subject: get(obj, &["subject", "title"]).map(str::to_string),
        tags: get_list(obj, "tags", ','),
        references: get_list(obj, "references", '|'),
        notes: vec![],
    };
    let mut notes = Vec::new();
    let body = if needs_restoring(body) {
        notes.push("body line breaks restored (the export stripped them)");
        restore_lines(body)
    } else {
        body.to_string()
    };
    let header = header.map(|h| {
        if needs_restoring(h) {
            notes.push("header line breaks restored (the export stripped them)");
            restore_lines(h)
        } else {
            h.to_string()
        }
    });
    let mut rec = super::parse_parts(path, Form::Json, header.as_deref(), &body, meta);
    for n in notes {
        rec.diagnostics
            .push(crate::Diagnostic::repair("document", n));
    }
    if body.trim().is_empty() {
        rec.diagnostics.push(crate::Diagnostic::warning(
            "document",
            "JSON object has no body/text/content field",
        ));
    }
    rec
}

fn needs_restoring(s: &str) -> bool {
    s.len() > 120 && !s.contains('\n')
}

/// Parse a JSON document: an object, an array of objects, or JSON Lines.
/// Returns `None` when the text is not JSON at all.
pub fn parse_json(path: &str, text: &str) -> Option<Vec<Result<Record, JsonError>>> {
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(o)) => Some(vec![Ok(parse_object(path, &o))]),
        Ok(Value::Array(a)) => Some(
            a.iter()
                .enumerate()
                .map(|(i, v)| match v {
                    Value::Object(o) => Ok(parse_object(&format!("{path}:item {}", i + 1), o)),
                    _ => Err(JsonError {
                        line: 0,
                        message: format!("item {}: not a JSON object", i + 1),
                    }),
                })
                .collect(),
        ),
        Ok(_) => None,
        Err(_) => {
            // JSON Lines: the first non-blank line must be an object.
            let first = text.lines().find(|l| !l.trim().is_empty())?;
            serde_json::from_str::<Map<String, Value>>(first).ok()?;
            Some(json_lines(path, text.as_bytes()).collect())
        }
    }
}

/// Parse JSON Lines from a reader, line by line in bounded memory; a bad line
/// yields an error naming it and reading goes on.
pub fn json_lines<R: std::io::BufRead>(
    path: &str,
    reader: R,
) -> impl Iterator<Item = Result<Record, JsonError>> {
    let path = path.to_string();
    let mut lines = reader.split(b'\n');
    let mut n: u64 = 0;
    std::iter::from_fn(move || {
        loop {
            n += 1;
            let raw = match lines.next()? {
                Ok(r) => r,
                Err(e) => {
                    return Some(Err(JsonError {
                        line: n,
                        message: e.to_string(),
                    }));
                }
            };
            let (text, transcoded) = super::detect::decode(&raw);
            if text.trim().is_empty() {
                continue;
            }
            return Some(match serde_json::from_str::<Map<String, Value>>(&text) {
                Ok(o) => {
                    let mut rec = parse_object(&format!("{path}:line {n}"), &o);
                    if transcoded {
                        rec.diagnostics.push(
                            crate::Diagnostic::repair(
                                "document",
                                "line is not UTF-8: read as Windows-1252",
                            )
                            .at(n as usize),
                        );
                    }
                    Ok(rec)
                }
                Err(e) => Err(JsonError {
                    line: n,
                    message: format!("not a JSON object: {e}"),
                }),
            });
        }
    })
}

static BREAK_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i:E\.\s?O\.?\s*1\d{4}|\bEO\s+1\d{4}|\bTAGS?\s*:|\bTAGS\s+[A-Z]{2,4}\b|SUBJECT\s*:|\bSUBJ\s*:",
        r"|\bREFS?\s*:|\bREFTEL\b|\bREFERENCES?\s*:|(?:\(U\)\s*)?CLASSIFIED\s+BY\b|SIPDIS",
        r"|\bDEPT\s+FOR\b|\bDEPARTMENT\s+FOR\b|\bPASS\s+TO\b)",
        r"|S E C R E T|C O N F I D E N T I A L|U N C L A S",
        r"|\b\d{6}Z\s+(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\s+\d{2}\b"
    ))
    .unwrap()
});
static NUMBERED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|¶|[.?!:)\x22'\]]\s+|\s{2,})(\d{1,3})\.(\s*\([A-Z]{1,4}(?:/[A-Z]{1,6})*\)|\s{2,}[A-Z(\x22]|\s[A-Z])").unwrap()
});
static FIRST_LINE_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i:(?:[A-Z]\s){4,}[A-Z]|UNCLAS(?:SIFIED)?|CONFIDENTIAL|SECRET|LIMITED OFFICIAL USE)[^0-9]{0,80}?(?:SECTION\s+\d{1,2}\s+OF\s+\d{1,2}\s+)?[A-Za-z][A-Za-z .'-]{1,30}?\s*\d{3,7}").unwrap()
});
static SIGNATURE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[.!?)]\s{1,}([A-Z][A-Z'-]{2,}(?:\s[A-Z]{2,})?)\s*$").unwrap());

/// Restore the line structure of a cable whose line breaks were stripped:
/// break after the first line (classification, section, post, serial) and
/// before E.O., TAGS, SUBJECT, REF, Classified By, SIPDIS, passing lines,
/// paragraph numbers (`1.  (C)`, `¶2.`, numbers in sequence after a sentence
/// end) and a closing signature.
pub fn restore_lines(s: &str) -> String {
    let mut cuts: Vec<usize> = Vec::new();
    if let Some(m) = FIRST_LINE_END.find(html_prefix(s, 300)) {
        cuts.push(m.end());
    }
    // Paragraph numbers: marked ones, and unmarked ones in sequence; `¶` always.
    let mut paras: Vec<usize> = s.match_indices('¶').map(|m| m.0).collect();
    let mut last = 0u32;
    for c in NUMBERED.captures_iter(s) {
        let (Some(num), Some(after)) = (c.get(1), c.get(2)) else {
            continue;
        };
        let n: u32 = num.as_str().parse().unwrap_or(0);
        let marked = after.as_str().trim_start().starts_with('(');
        if n == last + 1 || (marked && n > last && n <= last + 3) {
            if !paras
                .iter()
                .any(|&p| p < num.start() && num.start() - p <= 3)
            {
                paras.push(num.start());
            }
            last = n;
        }
    }
    // Header keywords, before the first paragraph only (a body line break
    // would split a paragraph).
    let body_start = paras.iter().min().copied().unwrap_or(s.len());
    for m in BREAK_BEFORE.find_iter(&s[..body_start]) {
        cuts.push(m.start());
    }
    cuts.extend(paras);
    if let Some(c) = SIGNATURE.captures(s)
        && let Some(g) = c.get(1)
        && !g.as_str().starts_with("END")
    {
        cuts.push(g.start());
    }
    cuts.retain(|&c| c > 0 && c < s.len() && s.is_char_boundary(c));
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = String::with_capacity(s.len() + cuts.len() * 2);
    let mut prev = 0;
    for c in cuts {
        let piece = s[prev..c].trim();
        if !piece.is_empty() {
            out.push_str(piece);
            out.push_str("\n\n");
        }
        prev = c;
    }
    out.push_str(s[prev..].trim());
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn restores() {
        let s = "C O N F I D E N T I A L SECTION 01 OF 02 ISLAMABAD 000648  DEPT FOR SA/PAB  E.O. 12958:  DECL:  2/06/11 TAGS:  PTER, PK SUBJECT:  UPDATE:  PAN AM HIJACKERS  REFS:  2000 ISLAMABAD 6055   (U)  CLASSIFIED BY MICHELE J. SISON, FOR REASONS 1.5 (B) AND (D).  1.  (C)  SUMMARY.  ALL FIVE REMAIN.  2.  (C)  MEANWHILE, A TEAM CAME ON 3. JANUARY.  3.  THE END.  SISON";
        let r = restore_lines(s);
        let lines: Vec<&str> = r.lines().filter(|l| !l.is_empty()).collect();
        assert_eq!(
            lines[0],
            "C O N F I D E N T I A L SECTION 01 OF 02 ISLAMABAD 000648"
        );
        assert_eq!(lines[1], "DEPT FOR SA/PAB");
        assert!(lines[2].starts_with("E.O. 12958"));
        assert!(lines[3].starts_with("TAGS:"));
        assert!(lines[4].starts_with("SUBJECT:  UPDATE:  PAN AM"));
        assert!(lines[5].starts_with("REFS:"));
        assert!(lines[6].starts_with("(U)  CLASSIFIED BY"));
        assert!(lines[7].starts_with("1.  (C)  SUMMARY."));
        assert!(lines[8].starts_with("2.  (C)  MEANWHILE, A TEAM CAME ON 3. JANUARY."));
        assert_eq!(lines[9], "3.  THE END.");
        assert_eq!(lines[10], "SISON");
    }

    #[test]
    fn glued() {
        let r = restore_lines(
            "C o n f i d e n t i a l section 01 of 04 ankara 000348SipdisE.o. 12958: decl: 01/07/2014 Tags: prel, tu Subject: turkish p.m. goes to washington?(U) Classified by Ambassador Eric Edelman; reasons: 1.5 (b,d).¶1. (C) Summary: P. said so and so.",
        );
        let lines: Vec<&str> = r.lines().filter(|l| !l.is_empty()).collect();
        assert_eq!(
            lines[0],
            "C o n f i d e n t i a l section 01 of 04 ankara 000348"
        );
        assert_eq!(lines[1], "Sipdis");
        assert!(lines[2].starts_with("E.o. 12958"));
        assert!(lines[5].starts_with("(U) Classified by"));
        assert!(lines[6].starts_with("¶1. (C)"));
    }
}
