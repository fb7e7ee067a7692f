//! Deciding whether a record is a cable, an article or something else.

use crate::diagnostic::Diagnostic;
use crate::record::{Kind, Record};

/// Set `rec.kind` from the evidence the parser found.
pub fn classify(rec: &mut Record, _text: &str) {
    let envelope = rec
        .envelope
        .as_ref()
        .is_some_and(|e| e.dtg.is_some() || e.station_ri.is_some() || e.from.is_some());
    let first_line = rec.classification_line.is_some();
    let fields = [
        rec.subject.is_some(),
        !rec.tags.is_empty(),
        rec.executive_order.is_some(),
        rec.classified_by.is_some(),
    ]
    .iter()
    .filter(|b| **b)
    .count();
    let marked_paragraphs = rec
        .paragraphs
        .iter()
        .filter(|p| p.marking.is_some())
        .count();
    rec.kind = if envelope || first_line || fields >= 2 || (fields >= 1 && marked_paragraphs >= 2) {
        Kind::Cable
    } else {
        Kind::Other
    };
    if rec.kind == Kind::Other && rec.diagnostics.iter().all(|d| d.field != "kind") {
        rec.diagnostics.push(Diagnostic::warning(
            "kind",
            "no cable structure found (no envelope, first line, E.O., TAGS or SUBJECT)",
        ));
    }
}
