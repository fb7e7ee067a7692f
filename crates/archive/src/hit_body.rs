//! A hit's body text, read back for snippets and link reasons: the stretch of
//! its reading copy's text (from the store) that the index recorded, or the
//! body the index kept where it is not such a stretch (see [`crate::index::body`]).

use tantivy::TantivyDocument;
use tantivy::schema::Value;

use crate::error::Result;
use crate::index::schema::Fields;
use crate::store::Texts;

/// The body of the indexed document `doc` (empty when the store has lost the
/// reading copy, which a consistent archive never has).
pub fn hit_body(f: &Fields, texts: &Texts, doc: &TantivyDocument) -> Result<String> {
    if let Some(kept) = doc.get_first(f.body_kept).and_then(|v| v.as_str()) {
        return Ok(kept.to_string());
    }
    let Some(hash) = doc.get_first(f.reading).and_then(|v| v.as_str()) else {
        return Ok(String::new());
    };
    let Some(text) = texts.text(hash)? else {
        return Ok(String::new());
    };
    let (start, end) = body_range(f, doc).unwrap_or((0, text.len()));
    let end = end.min(text.len());
    let start = start.min(end);
    Ok(text.get(start..end).unwrap_or(&text).to_string())
}

/// The byte range of `doc`'s body in its reading copy's text, as the index
/// recorded it (none where the index keeps the body itself).
pub fn body_range(f: &Fields, doc: &TantivyDocument) -> Option<(usize, usize)> {
    let at = |field| {
        doc.get_first(field)
            .and_then(|v| v.as_u64())
            .map(|n| n as usize)
    };
    Some((at(f.body_start)?, at(f.body_end)?))
}
