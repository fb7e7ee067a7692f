//! Metadata a source carries beside the text: kept apart, compared with what
//! the text says, and every disagreement noted.

use crate::diagnostic::Diagnostic;
use crate::ids::canonical_id;
use crate::record::{Record, SourceMeta};

/// Attach `meta` to `rec` and note where it disagrees with the text.
pub fn attach(rec: &mut Record, meta: SourceMeta) {
    let from = meta.from.clone();
    let mut note = |field: &str, text: Option<&str>, source: Option<&str>| {
        if let (Some(t), Some(s)) = (text, source)
            && t != s
        {
            rec.diagnostics.push(Diagnostic::warning(
                field,
                format!("text says `{t}`, {from} says `{s}`"),
            ));
        }
    };
    let src_id = meta.id.as_deref().and_then(canonical_id);
    note("id", rec.id.as_deref(), src_id.as_deref());
    note(
        "created",
        rec.created.as_deref().map(|c| c.get(..10).unwrap_or(c)),
        meta.created.as_deref().map(|c| c.get(..10).unwrap_or(c)),
    );
    note(
        "classification",
        rec.classification.as_deref(),
        meta.classification.as_deref(),
    );
    // PlusD names places (`Greece Athens`), not the archive's posts: not comparable.
    if from != "plusd_page" {
        note(
            "origin",
            rec.origin.as_ref().and_then(|o| o.name.as_deref()),
            meta.origin.as_deref(),
        );
    }
    rec.source = Some(meta);
}
