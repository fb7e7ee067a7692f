//! Text extracted from a PDF of a cable (pdftotext): pages separated by form
//! feeds, each page carrying the PDF's own header and footer lines (a running
//! title, `Page 2 of 5`, a bare page number). Those lines are removed (kept in
//! `Record::removed` as `pdf_furniture`) and the pages joined; the rest is the
//! teletype text. Line endings and the encoding are handled by the caller.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::record::{Form, Record, Removed};

static PAGE_NO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:page\s+\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?|-\s*\d{1,4}\s*-|\d{1,4}(?:\s*/\s*\d{1,4})?)$")
        .unwrap()
});

/// Whether the text is PDF text: it has form feeds between pages.
pub fn is_pdf_text(text: &str) -> bool {
    text.contains('\u{c}')
}

fn norm(line: &str) -> String {
    line.trim()
        .chars()
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect()
}

/// Remove the PDF's page furniture: page-number lines, and header/footer lines
/// (the first and last non-blank lines of a page) that repeat on other pages.
pub fn clean(text: &str) -> (String, Vec<Removed>) {
    let pages: Vec<&str> = text.split('\u{c}').collect();
    // Candidate header/footer lines: up to two first and last non-blank lines of each page.
    let mut edges: Vec<Vec<usize>> = Vec::with_capacity(pages.len());
    let mut counts: HashMap<String, usize> = HashMap::new();
    let page_lines: Vec<Vec<&str>> = pages.iter().map(|p| p.split('\n').collect()).collect();
    for lines in &page_lines {
        let nb: Vec<usize> = (0..lines.len())
            .filter(|&i| !lines[i].trim().is_empty())
            .collect();
        let mut e: Vec<usize> = nb.iter().take(2).copied().collect();
        e.extend(nb.iter().rev().take(2).copied());
        e.sort_unstable();
        e.dedup();
        for &i in &e {
            *counts.entry(norm(lines[i])).or_default() += 1;
        }
        edges.push(e);
    }
    let mut out = String::with_capacity(text.len());
    let mut removed = Vec::new();
    let mut line_no = 0;
    for (p, lines) in page_lines.iter().enumerate() {
        for (i, l) in lines.iter().enumerate() {
            if i + 1 == lines.len() && l.is_empty() {
                continue; // the end of the page's last line, not a line
            }
            line_no += 1;
            let t = l.trim();
            let furniture = edges[p].contains(&i)
                && (PAGE_NO.is_match(t)
                    || (pages.len() > 2 && counts.get(&norm(l)).copied().unwrap_or(0) >= 2));
            if furniture {
                removed.push(Removed {
                    kind: "pdf_furniture".into(),
                    text: t.to_string(),
                    line: Some(line_no),
                });
            } else {
                out.push_str(l);
                out.push('\n');
            }
        }
    }
    (out, removed)
}

/// Parse PDF text.
pub fn parse_pdf_text(path: &str, text: &str) -> Record {
    parse_pdf_cow(path, std::borrow::Cow::Borrowed(text))
}

/// [`parse_pdf_text`] of a text that may be owned: it is dropped once its
/// pages are joined, and the joined text becomes the record's without a copy.
pub(crate) fn parse_pdf_cow(path: &str, text: std::borrow::Cow<'_, str>) -> Record {
    let (clean, removed) = clean(&text);
    drop(text);
    let mut rec = super::parse_text_cow(path, clean.into(), Form::PdfText);
    if rec.form == Form::Text {
        rec.form = Form::PdfText;
    }
    let n = removed.len();
    let mut all = removed;
    all.append(&mut rec.removed);
    rec.removed = all;
    rec.diagnostics.push(crate::Diagnostic::repair(
        "document",
        format!("PDF text: pages joined, {n} header/footer lines removed"),
    ));
    rec
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn furniture() {
        let t = "Cable 09PARIS1 - Page 1\nUNCLAS PARIS 000001\n\n1. (U) One\nPage 1 of 3\n\u{c}Cable 09PARIS1 - Page 2\ntwo\nPage 2 of 3\n\u{c}Cable 09PARIS1 - Page 3\nthree\nPage 3 of 3\n";
        let (c, r) = clean(t);
        assert_eq!(c, "UNCLAS PARIS 000001\n\n1. (U) One\ntwo\nthree\n");
        assert_eq!(r[2].line, Some(6));
        assert_eq!(r.len(), 6);
    }
}
