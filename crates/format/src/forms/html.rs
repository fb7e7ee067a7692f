//! HTML inputs (placeholder until the forms are built).

use crate::record::Record;

/// Whether text looks like HTML.
pub fn looks_like_html(text: &str) -> bool {
    let head = &text[..text.len().min(2048)].to_ascii_lowercase();
    head.contains("<html") || head.contains("<!doctype html") || head.contains("<pre>")
}

/// Parse an HTML document.
pub fn parse_html(path: &str, text: &str) -> Record {
    super::parse_text(path, text)
}
