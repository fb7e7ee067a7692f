//! The paragraph-start pattern of the body (`PARA_START` in [`super::body`]),
//! read by hand for lines of ASCII text: the regex's captures run its slow
//! engine on every line that starts with a digit.
//!
//! The pattern, `^\s*(¶\s*)?(\d{1,3})\s*([.)]|\s)\s*(?:(MARK)\s*)?` with
//! MARK = `\(\s*[A-Z][A-Za-z/ -]{0,14}\)|(?:U|C|S|SBU|S/NF|C/NF|SBU/NF|LOU)\)`,
//! has one reading only, found without backtracking:
//! - each `\s*` stands before a character no white space matches (`¶`, a
//!   digit, `.`, `)`, `(`, a letter), so it takes the whole run of white space;
//! - `\d{1,3}` takes up to three digits; fewer leave a digit where white space
//!   or the punctuation must follow, so they never match;
//! - the punctuation is `.` or `)` after the white space, else (white space
//!   given back) the last white-space character; without either, no match;
//! - the group after it is optional and greedy: taken when MARK matches
//!   after the white space, whose classes end where `)` must follow.
//!
//! A non-ASCII byte other than the `¶` before the number (which may be
//! Unicode white space or a Unicode digit) leaves the line to the regex.

use std::ops::Range;

/// The groups of a match of the pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ParaGroups {
    /// End of the whole match.
    pub end: usize,
    /// Whether `¶` stands before the number.
    pub pil: bool,
    /// The number.
    pub num: Range<usize>,
    /// The punctuation (or white space) after the number.
    pub punct: Range<usize>,
    /// The portion mark.
    pub mark: Option<Range<usize>>,
}

/// A line the hand reading leaves to the regex.
pub(super) struct Undecided;

/// White space of `\s` among ASCII bytes.
fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ')
}

/// The end of the run of white space at `i`; `Undecided` at a non-ASCII byte
/// after it (perhaps Unicode white space).
fn spaces(b: &[u8], mut i: usize) -> Result<usize, Undecided> {
    while i < b.len() && is_space(b[i]) {
        i += 1;
    }
    if b.get(i).is_some_and(|&c| c >= 0x80) {
        return Err(Undecided);
    }
    Ok(i)
}

const MARK_WORDS: [&[u8]; 8] = [
    b"U", b"C", b"S", b"SBU", b"S/NF", b"C/NF", b"SBU/NF", b"LOU",
];

/// The end of MARK at `i`, if it matches there.
fn mark_at(b: &[u8], i: usize) -> Result<Option<usize>, Undecided> {
    if b.get(i) == Some(&b'(') {
        let mut j = spaces(b, i + 1)?;
        if !b.get(j).is_some_and(u8::is_ascii_uppercase) {
            return Ok(None);
        }
        j += 1;
        let mut n = 0;
        while n < 14
            && b.get(j)
                .is_some_and(|&c| c.is_ascii_alphabetic() || matches!(c, b'/' | b' ' | b'-'))
        {
            j += 1;
            n += 1;
        }
        return Ok((b.get(j) == Some(&b')')).then_some(j + 1));
    }
    Ok(MARK_WORDS.iter().find_map(|w| {
        (b[i..].starts_with(w) && b.get(i + w.len()) == Some(&b')')).then_some(i + w.len() + 1)
    }))
}

/// The groups of the pattern's match in `t`, `Ok(None)` for no match.
pub(super) fn read(t: &str) -> Result<Option<ParaGroups>, Undecided> {
    let b = t.as_bytes();
    let mut i = 0;
    while i < b.len() && is_space(b[i]) {
        i += 1;
    }
    let pil = b[i..].starts_with("¶".as_bytes());
    if pil {
        i = spaces(b, i + "¶".len())?;
    } else if b.get(i).is_some_and(|&c| c >= 0x80) {
        return Err(Undecided);
    }
    let num_start = i;
    while i < b.len() && i - num_start < 3 && b[i].is_ascii_digit() {
        i += 1;
    }
    if i == num_start {
        return Ok(None);
    }
    let num = num_start..i;
    let after = spaces(b, i)?;
    let punct = match b.get(after) {
        Some(b'.' | b')') => after..after + 1,
        _ if after > i => after - 1..after,
        _ => return Ok(None),
    };
    let before_mark = spaces(b, punct.end)?;
    let (end, mark) = match mark_at(b, before_mark)? {
        Some(m) => (spaces(b, m)?, Some(before_mark..m)),
        None => (before_mark, None),
    };
    Ok(Some(ParaGroups {
        end,
        pil,
        num,
        punct,
        mark,
    }))
}
