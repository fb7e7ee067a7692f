//! Recognising the form of an input.

use super::{Input, parse_text};
use crate::record::Record;

/// Decode bytes as UTF-8, falling back to Windows-1252 (a superset of Latin-1).
pub fn decode(bytes: &[u8]) -> (String, bool) {
    match std::str::from_utf8(bytes) {
        Ok(s) => (s.strip_prefix('\u{feff}').unwrap_or(s).to_string(), false),
        Err(_) => {
            let (cow, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            (cow.into_owned(), true)
        }
    }
}

/// Parse an input of any form.
pub fn parse_any(input: Input<'_>) -> Vec<Record> {
    let (text, transcoded) = decode(input.bytes);
    let normalized = text.replace("\r\n", "\n").replace('\r', "\n");
    if super::cables_csv::looks_like_cables_csv(input.bytes) {
        return super::parse_cables_csv(input.path, input.bytes)
            .map(|r| r.unwrap_or_else(|e| super::failed(input.path, &e.to_string())))
            .collect();
    }
    let mut rec = if super::wikileaks::is_wikileaks_page(&normalized) {
        super::parse_wikileaks_page(input.path, &normalized)
    } else if super::html::looks_like_html(&normalized) {
        super::html::parse_html(input.path, &normalized)
    } else {
        parse_text(input.path, &normalized)
    };
    if transcoded {
        rec.diagnostics.push(crate::Diagnostic::repair(
            "document",
            "input is not UTF-8: read as Windows-1252",
        ));
    }
    vec![rec]
}
