//! Where the REF fields of a piece of cable text are: each from its keyword
//! (`REF:`, `REFTEL`, `Ref(s):`, or `...PRIMEREF:` inside a line) to its end
//! (a blank line not followed by more references, a paragraph, a
//! classified-by line, or the end of the header). How a field's text is read
//! into references is [`super::references`].
//!
//! The search is linear in the text: the numbered paragraph that ends the
//! header is looked for once, line by line as the search goes on, and the
//! classified-by line that ends a field is searched for once per stretch of
//! text, not again from every REF keyword (a text of many REF lines once
//! cost the square of its length).

use std::sync::LazyLock;

use regex::Regex;

/// A REF keyword anywhere in a text: at a line start (`REF:`, `REF A)`,
/// `Reftel:`, `REFS:`, `Ref(s):`), or inside a line when a colon follows
/// (`... UK PRIMEREF: A. LONDON 1939`, `PROGRAM REF: ...`).
static REF_ANYWHERE: LazyLock<Regex> = LazyLock::new(|| {
    // ASCII word boundaries (`(?-u:\b)`) keep the search on the lazy DFA; a
    // Unicode `\b` sends every search of a whole text to the backtracker.
    Regex::new(r"(?im)(?:^[ \t]*(?:REF(?:S|TELS?|ERENCES?)?|REF\(S\))(?-u:\b)(?:\s*[:.])?|(?:REF(?:S|TELS?|ERENCES?)?|REF\(S\))\s*:)").unwrap()
});
/// What ends a REF field inside a line: the classification authority.
static FIELD_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)CLASS?I?F?I?I?E?D\s+BY(?-u:\b)|(?-u:\b)SUBJECT\s*:|(?-u:\b)E\.\s?O\.\s*1[23]\d{3}").unwrap()
});
/// Page-break furniture that can stand inside a REF field: `MADRID 00000869
/// 001.2 OF 004`, `PAGE 02 ROME 01196 01 OF 02 082030Z`, and the lone
/// classification line that comes with the older form.
static PAGE_FURNITURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:(?:UNCLASSIFIED|CONFIDENTIAL|SECRET|LIMITED OFFICIAL USE)(?:\s|\\n)+)?PAGE\s+\d{1,3}\s+[A-Z][A-Z .'-]{0,24}?\s+\d{3,6}\s+(?:\d{1,2}\s+OF\s+\d{1,2}\s+)?\d{6}Z|\b[A-Z][A-Z'-]*(?:\s[A-Z][A-Z'-]*){0,3}\s+\d{5,8}\s+\d{3}(?:\.\d{1,2})?\s+OF\s+\d{3}\b").unwrap()
});

/// The REF fields of a piece of cable text (header, body or a flattened
/// copy where everything stands on one line), each from its keyword to its
/// end: a blank line not followed by more references, a paragraph, a
/// classified-by line, or the end of the header. Page-break lines inside a
/// field are blanked out.
pub fn ref_fields(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut pos = 0;
    // A keyword after the first body paragraph's line ends the search (see
    // below), so the search need not look past that line.
    let limit = first_body_line_end(text);
    let mut body = BodyStarted::default();
    let mut ends = FieldEnds::default();
    while let Some(m) = REF_ANYWHERE.find_at(&text[..limit], pos) {
        // A body paragraph before the keyword ends the header: stop there.
        if body.before(text, m.start()) {
            break;
        }
        let start = m.start();
        let end = field_end(text, m.end(), &mut ends);
        out.push(blank_furniture(&text[start..end]));
        pos = end.max(m.end());
    }
    out
}

/// A field with its page furniture blanked out: each piece replaced by as
/// many spaces as it has characters, in one pass.
fn blank_furniture(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    let mut last = 0;
    for f in PAGE_FURNITURE.find_iter(field) {
        out.push_str(&field[last..f.start()]);
        out.extend(std::iter::repeat_n(' ', f.as_str().chars().count()));
        last = f.end();
    }
    out.push_str(&field[last..]);
    out
}

/// Whether a numbered paragraph (`1. `, `¶1.`, `1.(SBU)`) has started
/// before a position of the text, as `text[..at].lines().any(is_body_line)`,
/// asked for positions that only grow: each line is read once.
#[derive(Default)]
struct BodyStarted {
    /// Where the first line not read completely yet starts.
    line: usize,
    /// A complete line read so far opens a paragraph.
    started: bool,
    /// The line at `line`, read up to its number: where it ends (its `\n`
    /// or the end of the text), where its number ends and how many digits
    /// it has.
    head: Option<(usize, usize, usize)>,
}

impl BodyStarted {
    fn before(&mut self, text: &str, at: usize) -> bool {
        loop {
            if self.started {
                return true;
            }
            let (line_end, number_end, digits) = *self.head.get_or_insert_with(|| {
                let rest = &text[self.line..];
                let line = &rest[..memchr::memchr(b'\n', rest.as_bytes()).unwrap_or(rest.len())];
                let t = line.trim_start().trim_start_matches('¶').trim_start();
                let d = t.bytes().take_while(u8::is_ascii_digit).count();
                (
                    self.line + line.len(),
                    self.line + (line.len() - t.len()) + d,
                    d,
                )
            });
            if line_end >= at {
                // The line `at` stands in, cut at `at`: a paragraph if its
                // number (the same in any cut past it) is followed by `. `,
                // `.(` or `.\t` and more.
                return at > number_end && (1..=2).contains(&digits) && {
                    let after = &text[number_end..at];
                    (after.starts_with(". ") || after.starts_with(".(") || after.starts_with(".\t"))
                        && after.len() > 3
                };
            }
            let line = &text[self.line..line_end];
            self.started = is_body_line(line.strip_suffix('\r').unwrap_or(line));
            self.line = line_end + 1;
            self.head = None;
        }
    }
}

/// Whether a line opens a numbered paragraph.
fn is_body_line(l: &str) -> bool {
    let t = l.trim_start().trim_start_matches('¶').trim_start();
    let d = t.bytes().take_while(u8::is_ascii_digit).count();
    (1..=2).contains(&d) && {
        let after = &t[d..];
        (after.starts_with(". ") || after.starts_with(".(") || after.starts_with(".\t"))
            && after.len() > 3
    }
}

/// The end (after its line break) of the first line that opens a numbered
/// paragraph, or the end of the text.
fn first_body_line_end(text: &str) -> usize {
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let end = start + line.len();
        if is_body_line(line) {
            return end;
        }
        start = end;
    }
    text.len()
}

/// The next classified-by line (or SUBJECT, E.O.) after a position, as
/// `FIELD_END.find_at(text, from)`, for positions that only grow: a match
/// found from an earlier position is the next one from any position up to
/// its start, so the text is searched again only past it.
#[derive(Default)]
struct FieldEnds {
    /// The last answer: the match's start (`None`: no match up to the end).
    found: Option<Option<usize>>,
}

impl FieldEnds {
    fn after(&mut self, text: &str, from: usize) -> Option<usize> {
        match self.found {
            Some(None) => None,
            Some(Some(s)) if s >= from => Some(s),
            _ => {
                let s = FIELD_END.find_at(text, from).map(|m| m.start());
                self.found = Some(s);
                s
            }
        }
    }
}

/// Where the REF field starting at `from` ends.
fn field_end(text: &str, from: usize, ends: &mut FieldEnds) -> usize {
    let end = ends.after(text, from).unwrap_or(text.len());
    // Line by line: stop at a paragraph, or at a blank line unless the
    // references go on after it.
    let mut offset = from;
    let mut seen_blank = false;
    for line in text[from..end].split_inclusive('\n') {
        let l_start = offset;
        offset += line.len();
        let t = line.trim().trim_matches('\\').trim();
        if offset - line.len() == from {
            continue;
        }
        if t.is_empty() {
            seen_blank = true;
            continue;
        }
        let head = t.trim_start_matches('¶').trim_start();
        let starts_para = {
            let d = head.bytes().take_while(u8::is_ascii_digit).count();
            (1..=2).contains(&d)
                && head[d..].starts_with('.')
                && !head[d..].starts_with(".)")
                && head.len() > d + 1
        };
        let starts = |p: &str| {
            head.len() >= p.len() && head.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes())
        };
        let stop_word = [
            "SUMMARY",
            "SENSITIVE",
            "CLASSIFIED",
            "SUBJECT",
            "TAGS",
            "E.O.",
            "SIPDIS",
            "C O ",
            "S E ",
            "U N ",
        ]
        .into_iter()
        .any(starts);
        if starts_para || stop_word {
            return l_start;
        }
        if seen_blank {
            if !(starts_with_label(head) || incomplete(&text[from..l_start])) {
                return l_start;
            }
            seen_blank = false;
        }
    }
    end
}

/// Whether a line starts with an item label (`A.`, `(B)`, `C)`, `D:`).
fn starts_with_label(t: &str) -> bool {
    let t = t.trim_start_matches('(');
    let b = t.as_bytes();
    b.len() >= 2 && b[0].is_ascii_alphabetic() && matches!(b[1], b'.' | b')' | b':')
        || (b.len() >= 2 && b[0].is_ascii_digit() && matches!(b[1], b')'))
}

/// Whether the REF text so far ends in the middle of a reference: after a
/// label, a post name or a year, with no serial yet.
fn incomplete(t: &str) -> bool {
    let t = t.trim_end().trim_end_matches('\\').trim_end();
    let last = t.split_whitespace().next_back().unwrap_or("");
    if last.is_empty() {
        return true;
    }
    if last.bytes().all(|b| b.is_ascii_digit()) {
        return last.len() == 2 || last.len() == 4;
    }
    last.ends_with(|c: char| c.is_ascii_alphabetic()) || last.ends_with(':')
}
