//! Forms: recognising how a document arrived and turning it into cable text
//! (plus the metadata the form carries), then into records.

pub mod article;
pub mod cables_csv;
pub mod chrome;
mod csv_rows;
pub mod detect;
pub mod entities;
pub mod html;
pub mod html_bounds;
pub mod json;
pub mod kind;
pub mod pdf;
pub mod plusd;
pub mod source;
pub mod wikileaks;

use std::borrow::Cow;

use crate::record::{Form, Record};

/// A document as it arrived: its name (path, or `-` for standard input) and bytes.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// The name to report in `Record::path`.
    pub path: &'a str,
    /// The raw bytes.
    pub bytes: &'a [u8],
}

/// Parse one input, whatever its form, into records (one per document it holds).
pub fn parse(input: Input<'_>) -> Vec<Record> {
    detect::parse_any(input)
}

/// Parse plain text (one document): a teletype cable, a cable inside a web
/// page's chrome (seed 002: the chrome is cut and kept in `removed`), a news
/// article or anything else.
pub fn parse_text(path: &str, text: &str) -> Record {
    parse_text_as(path, text, Form::Text)
}

/// A cable whose header lines were run together (line breaks stripped):
/// the first non-blank line is long and holds two or more header keywords.
/// Returns the text with that line's structure restored.
pub fn restore_flattened_header(text: &str) -> Option<String> {
    // One of the first few non-blank lines (notes and date lines may precede it).
    let mut pos = 0;
    for _ in 0..6 {
        let rest = &text[pos..];
        let start = pos + (rest.len() - rest.trim_start().len());
        if start >= text.len() {
            return None;
        }
        let end = text[start..].find('\n').map_or(text.len(), |e| start + e);
        let line = &text[start..end];
        if line.len() >= 120 {
            let up = html::prefix(line, 600).to_ascii_uppercase();
            let keys = [
                "E.O.",
                "TAGS",
                "SUBJECT",
                "SECTION",
                "SIPDIS",
                "CLASSIFIED BY",
                "REF",
            ]
            .iter()
            .filter(|k| up.contains(*k))
            .count();
            if keys >= 2 {
                let mut out = String::with_capacity(text.len() + 32);
                out.push_str(&text[..start]);
                out.push_str(json::restore_lines(line).trim_end());
                out.push_str(&text[end..]);
                return Some(out);
            }
        }
        pos = end;
    }
    None
}

/// Parse plain text that arrived in `form` (text, PDF text, text of an HTML page).
pub fn parse_text_as(path: &str, text: &str, form: Form) -> Record {
    parse_text_cow(path, Cow::Borrowed(text), form)
}

/// [`parse_text_as`] of a text that may be owned: it becomes the record's
/// `text` without a copy (a copy of a whole input per stage adds up).
pub(crate) fn parse_text_cow(path: &str, text: Cow<'_, str>, form: Form) -> Record {
    match restore_flattened_header(&text) {
        Some(restored) => {
            drop(text);
            let mut rec = parse_text_plain(path, Cow::Owned(restored), form);
            rec.diagnostics.push(crate::Diagnostic::repair(
                "document",
                "header line breaks restored (the copy ran the header lines together)",
            ));
            rec
        }
        None => parse_text_plain(path, text, form),
    }
}

fn parse_text_plain(path: &str, text: Cow<'_, str>, form: Form) -> Record {
    if let Some(t) = chrome::trim(&text) {
        let mut rec = Record {
            path: path.to_string(),
            form: Form::WebPage,
            ..Default::default()
        };
        crate::text::parse_cable_text(&t.text, &mut rec);
        if kind::has_cable_structure(&rec) {
            kind::classify(&mut rec, &t.text);
            let n = t.removed.len();
            let mut removed = t.removed;
            removed.append(&mut rec.removed);
            rec.removed = removed;
            rec.diagnostics.push(crate::Diagnostic::repair(
                "document",
                format!(
                    "cable cut out of web page chrome ({n} lines kept in `removed` as site_chrome)"
                ),
            ));
            rec.text = t.text;
            crate::clean::short_fields(&mut rec);
            return rec;
        }
    }
    let mut rec = Record {
        path: path.to_string(),
        form,
        ..Default::default()
    };
    crate::text::parse_cable_text(&text, &mut rec);
    subject_fallback(&mut rec, &text);
    kind::classify(&mut rec, &text);
    rec.text = text.into_owned();
    crate::clean::short_fields(&mut rec);
    rec
}

/// Parse cable text made of a header part and a body part (a WikiLeaks page,
/// a `cables.csv` row), keeping the source's own metadata beside it.
pub fn parse_parts(
    path: &str,
    form: Form,
    header: Option<&str>,
    body: &str,
    meta: crate::record::SourceMeta,
) -> Record {
    let mut text = match header {
        Some(h) if !h.trim().is_empty() => format!("{}\n\n{}", h.trim_end(), body),
        _ => body.to_string(),
    };
    let mut rec = Record {
        path: path.to_string(),
        form,
        ..Default::default()
    };
    let restored = restore_flattened_header(&text);
    if let Some(r) = restored {
        text = r;
        rec.diagnostics.push(crate::Diagnostic::repair(
            "document",
            "header line breaks restored (the copy ran the header lines together)",
        ));
    }
    crate::text::parse_cable_text(&text, &mut rec);
    subject_fallback(&mut rec, &text);
    if !kind::has_cable_structure(&rec) && meta.id.is_some() {
        // A cable archive's record whose text shows no cable structure.
        rec.kind = crate::record::Kind::Cable;
        rec.diagnostics.push(crate::Diagnostic::warning(
            "kind",
            format!(
                "no cable structure found in the text; kind cable because the {} presents it as a cable",
                meta.from
            ),
        ));
    } else {
        kind::classify(&mut rec, &text);
    }
    rec.text = text;
    source::attach(&mut rec, meta);
    crate::clean::short_fields(&mut rec);
    rec
}

/// A damaged copy whose preamble could not be read may still show its
/// SUBJECT field below a TAGS or E.O. line (a cut copy pasted again, a
/// database row run into it).
fn subject_fallback(rec: &mut Record, text: &str) {
    if rec.subject.is_none()
        && let Some(s) = crate::text::preamble::subject_in_text(text)
    {
        rec.subject = Some(s);
        rec.diagnostics.push(crate::Diagnostic::repair(
            "subject",
            "SUBJECT field found below a TAGS or E.O. line outside the preamble (damaged copy)",
        ));
    }
}

/// Parse a WikiLeaks cable page.
pub fn parse_wikileaks_page(path: &str, html: &str) -> Record {
    parse_wikileaks_page_at(path, html, wikileaks::cable_table(html))
}

/// [`parse_wikileaks_page`] with the page's metadata table already found.
fn parse_wikileaks_page_at(path: &str, html: &str, table_at: Option<usize>) -> Record {
    let p = wikileaks::split_page_at(html, table_at);
    parse_parts(
        path,
        Form::WikileaksPage,
        p.header.as_deref(),
        &p.body,
        p.meta,
    )
}

/// Parse every row of a `cables.csv` stream; bad rows yield an error naming their line.
pub fn parse_cables_csv<R: std::io::Read>(
    path: &str,
    reader: R,
) -> impl Iterator<Item = Result<Record, cables_csv::CsvError>> {
    let path = path.to_string();
    cables_csv::rows(reader).map(move |row| row.map(|r| csv_row_record(&path, r)))
}

/// Turn one `cables.csv` row of the file `path` into a record (`path:line N`).
pub fn csv_row_record(path: &str, r: cables_csv::CsvRow) -> Record {
    let mut rec = parse_parts(path, Form::CsvRow, Some(&r.header), &r.body, r.meta);
    rec.path = format!("{path}:line {}", r.line);
    rec
}

/// A record for a document that could not be read at all, with the reason.
pub fn failed(path: &str, message: &str) -> Record {
    let mut rec = Record {
        path: path.to_string(),
        ..Default::default()
    };
    rec.diagnostics
        .push(crate::Diagnostic::error("document", message.to_string()));
    rec
}
