//! `cables.csv` held in memory whose every row is eight quoted fields
//! (`"1","12/28/1966 18:48",...,"BODY"` and a line break): the rows found with
//! memchr instead of the csv crate's byte-by-byte state machine. Any other
//! shape leaves the whole document to the csv crate, so the rows are the
//! same either way.
//!
//! How the csv reader of [`super::cables_csv::rows`] (quoting on, `\` the
//! escape, no doubled quotes, `\r`, `\n` or `\r\n` ending a record) reads
//! such a document: a `"` opening a field starts a quoted field; inside it
//! `\` takes the next byte as it is, and `"` closes it; then `,` ends the
//! field and `\n` the record (the `\n` consumed with it). A record's
//! position is its line: one more than the `\n` bytes before it.

use std::ops::Range;

/// One row: its line and its eight fields (raw: escapes not yet undone).
pub(super) struct QuotedRow {
    pub line: u64,
    pub fields: [Range<usize>; 8],
}

/// The rows, when every row of `b` is eight quoted fields followed by `\n`
/// (the last perhaps by the end of the document) and nothing else stands
/// between them; `None` otherwise.
pub(super) fn quoted_rows(b: &[u8]) -> Option<Vec<QuotedRow>> {
    let mut rows = Vec::new();
    let mut at = 0;
    let mut line: u64 = 1;
    while at < b.len() {
        let row_start = at;
        let mut fields: [Range<usize>; 8] = Default::default();
        for (k, field) in fields.iter_mut().enumerate() {
            if b.get(at) != Some(&b'"') {
                return None;
            }
            let start = at + 1;
            let mut i = start;
            let end = loop {
                let j = i + memchr::memchr2(b'"', b'\\', &b[i..])?;
                if b[j] == b'"' {
                    break j;
                }
                // An escape takes the next byte; one at the end is not this shape.
                if j + 1 >= b.len() {
                    return None;
                }
                i = j + 2;
            };
            *field = start..end;
            at = end + 1;
            match (b.get(at), k) {
                (Some(b','), 0..=6) => at += 1,
                (Some(b'\n'), 7) => at += 1,
                (None, 7) => {}
                _ => return None,
            }
        }
        rows.push(QuotedRow { line, fields });
        line += memchr::memchr_iter(b'\n', &b[row_start..at]).count() as u64;
    }
    Some(rows)
}

/// A field's bytes with its escapes undone (`\x` -> `x`).
pub(super) fn unescape(raw: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    if memchr::memchr(b'\\', raw).is_none() {
        return raw.into();
    }
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while let Some(j) = memchr::memchr(b'\\', &raw[i..]) {
        out.extend_from_slice(&raw[i..i + j]);
        // (A field never ends in a lone escape: it would have escaped the quote.)
        if let Some(&c) = raw.get(i + j + 1) {
            out.push(c);
        }
        i += j + 2;
    }
    if i < raw.len() {
        out.extend_from_slice(&raw[i..]);
    }
    out.into()
}
