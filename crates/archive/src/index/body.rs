//! Where a document's searchable body lies in the text of its reading copy.
//!
//! The index does not keep the body's text: the store already holds every
//! copy (compressed), and keeping the text twice made the index three times
//! larger and its ingest slower. Instead each index document records the
//! reading copy's hash and the byte range of the body inside that copy's
//! text; snippets and link reasons read the body from the store. For the few
//! documents whose body is not a stretch of their text (it cannot be found
//! there), the index keeps the body itself. For the others it keeps the
//! body's first [`HEAD`] bytes: most snippets are cut from them (the first
//! query word stands there), and only the rest read the store.
//!
//! A cable's body is its paragraphs (labels, markings and page furniture
//! taken out, wrapped lines joined), so it is found in the text by the words
//! of its first paragraph, whatever whitespace stands between them, and the
//! range starts at the beginning of that line (the paragraph's label with
//! it) and runs to the end of the text.

use cablescope_format::{Kind, Record};

/// Bytes of a body's beginning kept in the index.
pub const HEAD: usize = 1024;

/// Words of the first paragraph that must follow each other in the text.
const KEY_WORDS: usize = 6;

/// The text of the copy a record was parsed from (the cable text, or an
/// article's text when the record has no cable text).
pub fn copy_text(rec: &Record) -> &str {
    if !rec.text.is_empty() {
        &rec.text
    } else {
        rec.article.as_ref().map(|a| a.text.as_str()).unwrap_or("")
    }
}

/// The byte range of `rec`'s body inside `text` (its copy's text), or `None`
/// when the body is not a stretch of it.
pub fn locate(rec: &Record, text: &str) -> Option<(usize, usize)> {
    if let Some(a) = rec.article.as_ref().filter(|_| rec.kind == Kind::Article) {
        if a.text == text {
            return Some((0, text.len()));
        }
        let at = memchr::memmem::find(text.as_bytes(), a.text.as_bytes())?;
        return Some((at, at + a.text.len()));
    }
    if rec.paragraphs.is_empty() {
        return (rec.text == text).then_some((0, text.len()));
    }
    // The words of a paragraph's first line stand together in the text
    // (the parser joins its lines; what it drops from a line's end, such as
    // a database export's trailing backslash, stands between its lines).
    fn first_line(p: &cablescope_format::Paragraph) -> Vec<&str> {
        words(p.text.lines().next().unwrap_or(""))
            .take(KEY_WORDS)
            .collect()
    }
    let key = rec
        .paragraphs
        .iter()
        .map(first_line)
        .find(|k| k.len() >= 2)
        .or_else(|| {
            rec.paragraphs
                .iter()
                .map(first_line)
                .find(|k| !k.is_empty())
        })?;
    let at = find_words(text, &key)?;
    let line = text[..at].rfind('\n').map_or(0, |i| i + 1);
    Some((line, text.len()))
}

/// The first [`HEAD`] bytes of `text[start..end]`, cut at a character boundary.
pub fn head(text: &str, start: usize, end: usize) -> &str {
    let mut cut = end.min(start + HEAD);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    &text[start..cut]
}

/// The words of a text: runs of characters that are not white space.
fn words(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
}

/// Where the first place in `text` starts at which `key`'s words follow
/// each other, separated by any white space, the first one starting a word
/// (after white space or punctuation: a portion mark may be glued to it,
/// `(C)Summary:`).
fn find_words(text: &str, key: &[&str]) -> Option<usize> {
    let first = key.first()?;
    let bytes = text.as_bytes();
    'candidates: for at in memchr::memmem::find_iter(bytes, first.as_bytes()) {
        if text[..at]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
        {
            continue;
        }
        let mut pos = at + first.len();
        for w in &key[1..] {
            let rest = &text[pos..];
            let gap = rest.len() - rest.trim_start().len();
            if gap == 0 || !rest[gap..].starts_with(w) {
                continue 'candidates;
            }
            pos += gap + w.len();
        }
        return Some(at);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cable(text: &str) -> Record {
        cablescope_format::parse_text("t.txt", text)
    }

    #[test]
    fn a_cable_body_starts_at_its_first_paragraph_line() {
        let text = "UNCLAS SECTION 01 OF 02 KUALA LUMPUR 001145\n\nSIPDIS\n\nE.O. 12958: N/A\nTAGS: PGOV, MY\nSUBJECT: ELECTIONS IN\nMALAYSIA\n\n1. (U) THE ELECTION COMMISSION ANNOUNCED\nON MONDAY THAT ELECTIONS WILL BE HELD.\n\n2. (U) SECOND PARAGRAPH.\n";
        let rec = cable(text);
        assert!(!rec.paragraphs.is_empty());
        let (start, end) = locate(&rec, copy_text(&rec)).expect("found");
        assert!(
            text[start..].starts_with("1. (U) THE ELECTION"),
            "{:?}",
            &text[start..]
        );
        assert_eq!(end, text.len());
    }

    #[test]
    fn the_head_is_cut_at_a_character_boundary() {
        let text = "é".repeat(HEAD);
        let h = head(&text, 2, text.len());
        assert!(h.len() <= HEAD && h.len() >= HEAD - 1, "{}", h.len());
        assert_eq!(head(&text, 2, 6), "éé");
    }

    #[test]
    fn a_line_end_the_parser_dropped_does_not_hide_the_body() {
        let text = "UNCLAS BERN 001867 \\\n \\\nE.O. 12958: N/A \\\nTAGS: PTER SZ \\\nSUBJECT: CT COORDINATOR \\\n \\\n1.(U) Summary: Counterterrorism Coordinator Henry Crumpton \\\nmet with Swiss officials on September 7. \\\n";
        let rec = cable(text);
        assert!(!rec.paragraphs.is_empty());
        let (start, _) = locate(&rec, copy_text(&rec)).expect("found");
        assert!(
            text[start..].starts_with("1.(U) Summary"),
            "{:?}",
            &text[start..]
        );
    }

    #[test]
    fn words_match_across_any_white_space_and_only_at_word_starts() {
        assert_eq!(
            find_words("1. (C)Summary: the", &["Summary:", "the"]),
            Some(6)
        );
        let text = "XTHE ELECTION\nTHE  ELECTION\n  COMMISSION";
        assert_eq!(
            find_words(text, &["THE", "ELECTION", "COMMISSION"]),
            Some(14)
        );
        assert_eq!(find_words(text, &["THE", "VOTE"]), None);
        assert_eq!(find_words(text, &[]), None);
    }

    #[test]
    fn a_text_without_paragraphs_is_its_own_body() {
        let mut rec = cable("NO STRUCTURE HERE AT ALL");
        rec.paragraphs.clear();
        let text = rec.text.clone();
        assert_eq!(locate(&rec, &text), Some((0, text.len())));
        assert_eq!(locate(&rec, "another text"), None);
    }
}
