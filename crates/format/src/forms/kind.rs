//! Deciding whether a record is a cable, an article or something else.
//!
//! A cable if cable structure is present (an envelope, a classification first
//! line, or two of E.O., TAGS, SUBJECT and classified-by, or one of them with
//! portion-marked paragraphs); an article if the text is prose under a headline
//! (or an HTML page's markup says so); other otherwise, with a diagnostic.

use crate::diagnostic::Diagnostic;
use crate::record::{Kind, Record};

/// Whether the parser found cable structure in `rec`.
pub fn has_cable_structure(rec: &Record) -> bool {
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
    envelope || first_line || fields >= 2 || (fields >= 1 && marked_paragraphs >= 2)
}

/// Set `rec.kind` from the evidence the parser found; `text` is the document's
/// text, read as an article when it holds no cable.
pub fn classify(rec: &mut Record, text: &str) {
    rec.diagnostics.retain(|d| d.field != "kind");
    if has_cable_structure(rec) {
        rec.kind = Kind::Cable;
        return;
    }
    if rec.article.is_none() {
        rec.article = super::article::from_text(text);
        if rec.article.is_some() {
            // What follows the article's text (navigation, headlines) is kept as removed chrome.
            rec.removed = super::article::chrome_tail(text);
        }
    }
    if rec.article.is_some() {
        rec.kind = Kind::Article;
        // The cable fields describe cables: an article's text is in `article`
        // (and `text`); references to cables it names are kept.
        rec.id = None;
        rec.created = None;
        rec.origin = None;
        rec.classification = None;
        rec.subject = None;
        rec.tags.clear();
        rec.signers.clear();
        rec.classified_by = None;
        rec.declassify_on = None;
        rec.paragraphs.clear();
        rec.diagnostics.retain(|d| d.field == "document");
        return;
    }
    rec.kind = Kind::Other;
    rec.diagnostics.push(Diagnostic::warning(
        "kind",
        "no cable structure found (no envelope, first line, E.O., TAGS or SUBJECT) and no headline over prose",
    ));
}
