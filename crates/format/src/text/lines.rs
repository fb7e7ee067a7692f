//! Splitting cable text into lines and removing link debris.
//!
//! Copies of cables carry debris from the pages they were scraped from:
//! Markdown links (`[PREL](#)`, `[1](#)1.`), paragraph anchors rendered as `¶`,
//! and backslashes left by CSV escaping before each newline. Debris is removed
//! here, once, and every removal is recorded so that no byte goes unaccounted.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

use crate::record::Removed;

/// One line of cable text (trailing white space trimmed), 1-based. The text
/// borrows from the cable text unless debris was removed from it.
#[derive(Debug, Clone)]
pub struct Line<'a> {
    /// 1-based line number in the cable text.
    pub no: usize,
    /// The text after debris removal.
    pub text: LineText<'a>,
}

impl Line<'_> {
    /// Whether the line is blank.
    pub fn is_blank(&self) -> bool {
        super::ws::trim_start(&self.text).is_empty()
    }
    /// The text trimmed on both sides.
    pub fn trim(&self) -> &str {
        super::ws::trim(&self.text)
    }
}

/// The text of a [`Line`]: a slice of the cable text, or owned where debris
/// was removed from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineText<'a>(Cow<'a, str>);

impl LineText<'_> {
    /// Whether the text is a slice of the cable text (no debris removed from it).
    pub(crate) fn is_borrowed(&self) -> bool {
        matches!(self.0, Cow::Borrowed(_))
    }
    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// Keep the first `n` bytes (`n` on a character boundary).
    pub fn truncate(&mut self, n: usize) {
        match &mut self.0 {
            Cow::Borrowed(s) => *s = &s[..n],
            Cow::Owned(s) => s.truncate(n),
        }
    }
}

impl std::ops::Deref for LineText<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl From<String> for LineText<'_> {
    fn from(s: String) -> Self {
        LineText(Cow::Owned(s))
    }
}

impl<'a> From<&'a str> for LineText<'a> {
    fn from(s: &'a str) -> Self {
        LineText(Cow::Borrowed(s))
    }
}

impl PartialEq<str> for LineText<'_> {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for LineText<'_> {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

static MD_LINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[([^\[\]\n]{0,80})\]\(#[^)\s]*\)").unwrap());

/// A database row flattened into the text (some WikiLeaks pages show the
/// cable as a row of the archive's table): `[row\t]date\tid\torigin\tclass\trefs\t`
/// before the header, and one more tab between header and body.
static DB_ROW: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s*(?:\d+\t)?\d{4}-\d{2}-\d{2} \d{2}:\d{2}(?::\d{2})?\t[^\t]*\t[^\t]*\t[^\t]*\t[^\t]*\t",
    )
    .unwrap()
});

/// The same row with its columns on lines of their own:
/// `[row]`, `2006-08-04 13:38:00`, `06MEXICO4310`, `Embassy Mexico`, `CONFIDENTIAL`, `[refs]`.
static DB_DATE_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*\d{4}-\d{2}-\d{2} \d{2}:\d{2}(?::\d{2})?\s*$").unwrap());
static DB_ID_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*\d{2,4}[A-Z][A-Z0-9-]*\d\s*$").unwrap());
static DB_CLASS_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s*(?:UNCLASSIFIED|CONFIDENTIAL|SECRET)(?://(?:NOFORN|FOR OFFICIAL USE ONLY))?\s*$",
    )
    .unwrap()
});
static DB_REFS_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(?:\d{2,4}[A-Z][A-Z0-9-]*\d[|, ]*)*$").unwrap());

/// Lines (0-based) of a database row written one column a line, if the text has one.
fn db_row_lines(text: &str) -> Option<std::ops::Range<usize>> {
    // The date line holds at least 16 bytes, one of them `:`: only the lines
    // holding a `:` are tested, in order, so the first found is the first of all.
    let b = text.as_bytes();
    let mut from = 0;
    let d = loop {
        let colon = from + memchr::memchr(b':', &b[from..])?;
        let start = memchr::memrchr(b'\n', &b[..colon]).map_or(0, |n| n + 1);
        let end = memchr::memchr(b'\n', &b[colon..]).map_or(b.len(), |n| colon + n);
        let l = &text[start..end];
        if l.len() >= 16 && {
            let t = l.trim();
            (16..=19).contains(&t.len()) && t.as_bytes()[4] == b'-' && DB_DATE_LINE.is_match(t)
        } {
            // The line's index: the line breaks before it.
            break memchr::memchr_iter(b'\n', &b[..start]).count();
        }
        from = end;
    };
    // The lines around the date line: line `d + k` of the text is `near[o + k]`.
    let o = usize::from(d > 0);
    let near: Vec<&str> = split_nl(text).skip(d - o).take(6).collect();
    if near.len() <= o + 3
        || !DB_ID_LINE.is_match(near[o + 1])
        || !DB_CLASS_LINE.is_match(near[o + 3])
    {
        return None;
    }
    let start = if d > 0
        && near[0].trim().bytes().all(|b| b.is_ascii_digit())
        && !near[0].trim().is_empty()
    {
        d - 1
    } else {
        d
    };
    let mut end = d + 4;
    if near.len() > o + 4 && DB_REFS_LINE.is_match(near[o + 4]) {
        end += 1;
    }
    Some(start..end)
}

/// `text.split('\n')`, searching with the memchr crate (the standard
/// library's byte search is slower).
pub(crate) fn split_nl(text: &str) -> impl Iterator<Item = &str> {
    let mut pos = 0;
    let mut nl = memchr::memchr_iter(b'\n', text.as_bytes());
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        match nl.next() {
            Some(i) => {
                let line = &text[pos..i];
                pos = i + 1;
                Some(line)
            }
            None => {
                done = true;
                Some(&text[pos..])
            }
        }
    })
}

/// Split `text` into lines, removing Markdown link debris and trailing
/// CSV-escape backslashes. Removals are appended to `removed`.
pub fn split_lines<'a>(text: &'a str, removed: &mut Vec<Removed>) -> Vec<Line<'a>> {
    let mut out = Vec::with_capacity(text.len() / 40 + 1);
    // Set once a database-row prefix is removed: the next tab separates header and body.
    let mut db_row_tab = false;
    let mut db_row_seen = false;
    let db_lines = db_row_lines(text);
    // Tabs and `]` are rare: when the text has none, no line is searched for one.
    let has_tab = memchr::memchr(b'\t', text.as_bytes()).is_some();
    let links = memchr::memchr(b']', text.as_bytes()).is_some();
    for (i, raw) in split_nl(text).enumerate() {
        let no = i + 1;
        let mut raw = raw;
        if db_lines.as_ref().is_some_and(|r| r.contains(&i)) {
            if !raw.trim().is_empty() {
                removed.push(Removed {
                    kind: "database_row".into(),
                    text: raw.trim().to_string(),
                    line: Some(no),
                });
            }
            continue;
        }
        // The row may follow a header block given separately (a page's first `<pre>`).
        if !db_row_seen
            && has_tab
            && memchr::memchr(b'\t', raw.as_bytes()).is_some()
            && let Some(m) = DB_ROW.find(raw)
        {
            removed.push(Removed {
                kind: "database_row".into(),
                text: m.as_str().trim_start().to_string(),
                line: Some(no),
            });
            raw = &raw[m.end()..];
            db_row_tab = true;
            db_row_seen = true;
        }
        if db_row_tab && let Some((head, rest)) = raw.split_once('\t') {
            db_row_tab = false;
            push_line(&mut out, no, head, removed, links);
            raw = rest;
        }
        push_line(&mut out, no, raw, removed, links);
    }
    out
}

/// `links`: whether the text holds a `]` at all.
fn push_line<'a>(
    out: &mut Vec<Line<'a>>,
    no: usize,
    raw: &'a str,
    removed: &mut Vec<Removed>,
    links: bool,
) {
    {
        // (A last byte above the space and ASCII is none of the four.)
        let mut line = match raw.as_bytes().last() {
            Some(&b) if b > b' ' && b < 0x80 => raw,
            _ => raw.trim_end_matches([' ', '\t', '\r', '\u{a0}']),
        };
        if let Some(stripped) = line.strip_suffix('\\') {
            removed.push(Removed {
                kind: "escape_debris".into(),
                text: "\\".into(),
                line: Some(no),
            });
            line = stripped.trim_end();
        }
        let text =
            if links && memchr::memchr(b']', line.as_bytes()).is_some() && line.contains("](#") {
                clean_links(line, no, removed).into()
            } else {
                line.into()
            };
        out.push(Line { no, text });
    }
}

/// Replace Markdown links by their text; drop anchors whose text is a bare
/// paragraph number standing before the real number (`[1](#)1.`).
fn clean_links(line: &str, no: usize, removed: &mut Vec<Removed>) -> String {
    let mut out = String::with_capacity(line.len());
    let mut last = 0;
    for c in MD_LINK.captures_iter(line) {
        let m = c.get(0).unwrap();
        let inner = c.get(1).unwrap().as_str();
        out.push_str(&line[last..m.start()]);
        let after = &line[m.end()..];
        let anchor_before_number = (inner.chars().all(|ch| ch.is_ascii_digit() || ch == '¶')
            || inner.is_empty())
            && after.starts_with(|ch: char| ch.is_ascii_alphanumeric());
        if anchor_before_number {
            removed.push(Removed {
                kind: "link_debris".into(),
                text: m.as_str().to_string(),
                line: Some(no),
            });
        } else {
            out.push_str(inner);
            let debris = format!("[]({})", &m.as_str()[inner.len() + 3..m.as_str().len() - 1]);
            removed.push(Removed {
                kind: "link_debris".into(),
                text: debris,
                line: Some(no),
            });
        }
        last = m.end();
    }
    out.push_str(&line[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debris() {
        let mut r = Vec::new();
        let l = split_lines(
            "TAGS: [PREL](#) [MY](#)\n[1](#)B. KUALA LUMPUR 142\\\n",
            &mut r,
        );
        assert_eq!(l[0].text, "TAGS: PREL MY");
        assert_eq!(l[1].text, "B. KUALA LUMPUR 142");
        assert_eq!(r.len(), 4);
    }

    #[test]
    fn database_row() {
        let mut r = Vec::new();
        let l = split_lines(
            "2006-11-27 15:48:00\t06BERN2115\tEmbassy Bern\tCONFIDENTIAL\t\tVZCZCXRO9268\\\nFM AMEMBASSY BERN\\\nINFO RUCNIRA/IRAN COLLECTIVE\tC O N F I D E N T I A L BERN 002115 \\\nTAGS: PREL",
            &mut r,
        );
        let texts: Vec<&str> = l.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "VZCZCXRO9268",
                "FM AMEMBASSY BERN",
                "INFO RUCNIRA/IRAN COLLECTIVE",
                "C O N F I D E N T I A L BERN 002115",
                "TAGS: PREL"
            ]
        );
        assert_eq!(r[0].kind, "database_row");
        assert_eq!(l[3].no, 3);
    }

    #[test]
    fn database_row_one_column_a_line() {
        let mut r = Vec::new();
        let l = split_lines(
            "R 041338Z AUG 06\nFM AMEMBASSY MEXICO\n\n73752\n2006-08-04 13:38:00\n06MEXICO4310\nEmbassy Mexico\nCONFIDENTIAL\n06MEXICO4001|06MEXICO4002\nR 041338Z AUG 06\n",
            &mut r,
        );
        let texts: Vec<&str> = l
            .iter()
            .map(|l| l.text.as_str())
            .filter(|t| !t.is_empty())
            .collect();
        assert_eq!(
            texts,
            [
                "R 041338Z AUG 06",
                "FM AMEMBASSY MEXICO",
                "R 041338Z AUG 06"
            ]
        );
        assert_eq!(r.len(), 6);
        // A date line alone is text.
        let l = split_lines("2006-08-04 13:38:00\nHELLO\n", &mut r);
        assert_eq!(l[0].text, "2006-08-04 13:38:00");
    }
}
