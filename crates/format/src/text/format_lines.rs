//! Three format-line patterns of the envelope read by hand for ASCII lines
//! (where `\s` is the six ASCII white-space characters and `\d` is `[0-9]`);
//! the regexes decide any other line. Each pattern is a fixed sequence of
//! runs where every greedy run stops before a byte the next item cannot take
//! and every optional part comes last or can be skipped, so the first way
//! through (each run as long as it goes) is the regex's match.
//!
//! - FL1 `^VZCZC([A-Z]{3})?(\d+)?`
//! - FL3 `^DE\s+([A-Z]{4,7})\s*#\s*(\d+)(?:/(\d+))?(?:\s+(\d{7}))?`
//!   (more than seven capitals leave a capital where `\s*#` must follow)
//! - FL4 `^(ZN[YR])\s+([A-Z]{5}(?:/[A-Z]{5})?)\s*(.*)$` (no line break in
//!   the line: `.` does not match one)

use std::ops::Range;

use super::ws::is_regex_space;

/// Groups 0 (the whole match) to 4, as the regex's captures give them.
pub(super) type Groups = [Option<Range<usize>>; 5];

/// A line the hand reading leaves to the regex.
pub(super) struct Undecided;

/// The end of the run from `i` of bytes that `f` accepts.
fn run(b: &[u8], i: usize, f: impl Fn(u8) -> bool) -> usize {
    i + b[i..].iter().take_while(|&&c| f(c)).count()
}

fn ascii(t: &str) -> Result<&[u8], Undecided> {
    if t.is_ascii() {
        Ok(t.as_bytes())
    } else {
        Err(Undecided)
    }
}

pub(super) fn fl1(t: &str) -> Result<Option<Groups>, Undecided> {
    let b = ascii(t)?;
    if !b.starts_with(b"VZCZC") {
        return Ok(None);
    }
    let mut g: Groups = Default::default();
    let mut i = 5;
    if run(b, i, |c| c.is_ascii_uppercase()) >= i + 3 {
        g[1] = Some(i..i + 3);
        i += 3;
    }
    let d = run(b, i, |c| c.is_ascii_digit());
    if d > i {
        g[2] = Some(i..d);
        i = d;
    }
    g[0] = Some(0..i);
    Ok(Some(g))
}

pub(super) fn fl3(t: &str) -> Result<Option<Groups>, Undecided> {
    let b = ascii(t)?;
    if !b.starts_with(b"DE") {
        return Ok(None);
    }
    let mut g: Groups = Default::default();
    let i = run(b, 2, is_regex_space);
    if i == 2 {
        return Ok(None);
    }
    let j = run(b, i, |c| c.is_ascii_uppercase());
    if !(4..=7).contains(&(j - i)) {
        return Ok(None);
    }
    g[1] = Some(i..j);
    let k = run(b, j, is_regex_space);
    if b.get(k) != Some(&b'#') {
        return Ok(None);
    }
    let s = run(b, k + 1, is_regex_space);
    let e = run(b, s, |c| c.is_ascii_digit());
    if e == s {
        return Ok(None);
    }
    g[2] = Some(s..e);
    let mut end = e;
    if b.get(end) == Some(&b'/') {
        let d = run(b, end + 1, |c| c.is_ascii_digit());
        if d > end + 1 {
            g[3] = Some(end + 1..d);
            end = d;
        }
    }
    let w = run(b, end, is_regex_space);
    if w > end && run(b, w, |c| c.is_ascii_digit()) >= w + 7 {
        g[4] = Some(w..w + 7);
        end = w + 7;
    }
    g[0] = Some(0..end);
    Ok(Some(g))
}

pub(super) fn fl4(t: &str) -> Result<Option<Groups>, Undecided> {
    let b = ascii(t)?;
    if memchr::memchr(b'\n', b).is_some() {
        return Err(Undecided);
    }
    if !(b.starts_with(b"ZNY") || b.starts_with(b"ZNR")) {
        return Ok(None);
    }
    let mut g: Groups = Default::default();
    g[1] = Some(0..3);
    let i = run(b, 3, is_regex_space);
    if i == 3 {
        return Ok(None);
    }
    let five = |at: usize| b.len() >= at + 5 && b[at..at + 5].iter().all(u8::is_ascii_uppercase);
    if !five(i) {
        return Ok(None);
    }
    let mut j = i + 5;
    if b.get(j) == Some(&b'/') && five(j + 1) {
        j += 6;
    }
    g[2] = Some(i..j);
    let k = run(b, j, is_regex_space);
    g[3] = Some(k..b.len());
    g[0] = Some(0..b.len());
    Ok(Some(g))
}
