//! Control characters out of a record's short fields.
//!
//! A damaged or hostile input (random bytes, a NUL-padded export, a text
//! with terminal escapes) can put control characters into what a reader
//! sees as one line: a subject, a headline, a tag, a signer, a name. Those
//! fields are shown in pages, listings and terminals, so each control
//! character there (tabs and line breaks included) becomes a space, runs of
//! white space become one, and a diagnostic names the field. References and
//! address lines, which run over lines as the text writes them, keep their
//! tabs and line breaks and lose only the other control characters. The document's
//! text (`Record::text`, paragraphs, preamble, removed lines) keeps its
//! characters as they are: nothing is lost.

use crate::diagnostic::Diagnostic;
use crate::record::Record;

/// `s` with its control characters replaced (see the module
/// documentation), or `None` when it has none.
pub fn cleaned(s: &str) -> Option<String> {
    if !s.chars().any(char::is_control) {
        return None;
    }
    let spaced: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    Some(spaced.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// A piece of the text that may run over lines as the text writes it (a
/// reference, an address line): its tabs and line breaks are kept, its other
/// control characters become spaces; `None` when it has none.
fn cleaned_lines(s: &str) -> Option<String> {
    let other = |c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r');
    s.chars()
        .any(other)
        .then(|| s.chars().map(|c| if other(c) { ' ' } else { c }).collect())
}

/// Clean one field, counting it in `fields` under `name` when it changed.
fn clean(s: &mut String, name: &'static str, fields: &mut Vec<&'static str>) {
    if let Some(c) = cleaned(s) {
        *s = c;
        if !fields.contains(&name) {
            fields.push(name);
        }
    }
}

/// [`clean`] of a piece that may run over lines ([`cleaned_lines`]).
fn clean_lines(s: &mut String, name: &'static str, fields: &mut Vec<&'static str>) {
    if let Some(c) = cleaned_lines(s) {
        *s = c;
        if !fields.contains(&name) {
            fields.push(name);
        }
    }
}

fn clean_opt(s: &mut Option<String>, name: &'static str, fields: &mut Vec<&'static str>) {
    if let Some(v) = s.as_mut() {
        clean(v, name, fields);
    }
}

fn clean_all(v: &mut [String], name: &'static str, fields: &mut Vec<&'static str>) {
    for s in v {
        clean(s, name, fields);
    }
}

/// Replace the control characters of `rec`'s short fields, with one
/// diagnostic naming the fields that had some. Idempotent.
pub fn short_fields(rec: &mut Record) {
    let mut fields = Vec::new();
    let f = &mut fields;
    clean_opt(&mut rec.id, "id", f);
    clean_opt(&mut rec.subject, "subject", f);
    clean_opt(&mut rec.classification, "classification", f);
    clean_opt(&mut rec.classification_line, "classification_line", f);
    clean_opt(&mut rec.declassify_on, "declassify_on", f);
    clean_all(&mut rec.tags, "tags", f);
    clean_all(&mut rec.captions, "captions", f);
    clean_all(&mut rec.signers, "signers", f);
    if let Some(o) = rec.origin.as_mut() {
        clean_opt(&mut o.name, "origin", f);
    }
    if let Some(c) = rec.classified_by.as_mut() {
        clean_opt(&mut c.name, "classified_by", f);
        clean_opt(&mut c.title, "classified_by", f);
        clean_opt(&mut c.agency, "classified_by", f);
    }
    for a in &mut rec.addressees {
        clean_lines(&mut a.address, "addressees", f);
    }
    for r in &mut rec.references {
        clean_lines(&mut r.text, "references", f);
        clean_opt(&mut r.label, "references", f);
    }
    if let Some(a) = rec.article.as_mut() {
        clean_opt(&mut a.title, "article.title", f);
        clean_opt(&mut a.date, "article.date", f);
        clean_opt(&mut a.source, "article.source", f);
        clean_opt(&mut a.author, "article.author", f);
    }
    if let Some(s) = rec.source.as_mut() {
        clean_opt(&mut s.id, "source", f);
        clean_opt(&mut s.subject, "source", f);
        clean_opt(&mut s.classification, "source", f);
        clean_opt(&mut s.origin, "source", f);
        clean_all(&mut s.tags, "source", f);
        clean_all(&mut s.references, "source", f);
    }
    if !fields.is_empty() {
        rec.diagnostics.push(Diagnostic::repair(
            "document",
            format!(
                "control characters in {} replaced by spaces (the text keeps them)",
                fields.join(", ")
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_become_single_spaces() {
        assert_eq!(cleaned("plain title"), None);
        assert_eq!(
            cleaned("a\u{0}\u{0}b\tc\u{1b}[31md\n").as_deref(),
            Some("a b c [31md")
        );
        let mut rec = Record {
            subject: Some("X\u{7}Y".into()),
            tags: vec!["PREL".into(), "P\u{0}GOV".into()],
            ..Default::default()
        };
        short_fields(&mut rec);
        assert_eq!(rec.subject.as_deref(), Some("X Y"));
        assert_eq!(rec.tags, ["PREL", "P GOV"]);
        assert_eq!(rec.diagnostics.len(), 1);
        assert!(rec.diagnostics[0].message.contains("subject, tags"));
        assert_eq!(
            cleaned_lines("REF\n\tA\u{0}B"),
            Some("REF\n\tA B".to_string())
        );
        short_fields(&mut rec);
        assert_eq!(rec.diagnostics.len(), 1);
    }
}
