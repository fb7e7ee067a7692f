//! The rows of a `cables.csv` file: eight quoted fields a row, MySQL-style
//! escapes (`\"`, `\\`), a line break after the last field. Read with memchr,
//! from memory or from a stream (in bounded memory: a row at a time), and
//! with the damage real exports carry detected and repaired instead of
//! silently spreading over the following rows:
//!
//! - **a stray quote** (a `"` the export did not escape) inside a field: a
//!   general CSV reader ends the field there, silently truncating the cable
//!   and reading the rest of its body as dozens of broken rows. Here a
//!   quote ends a field only where a field can end: before `,"` (the first
//!   seven fields), or before the row's line break when the next line starts
//!   a row (`"<number>","<M/D/YYYY ...` ) or the file ends (the body). Any
//!   other quote is text; the row is read whole and a note names it.
//! - **a field that swallows the rows after it** (its closing quote escaped,
//!   `...text\"`, by a trailing backslash of the export): a line break
//!   followed by a row start inside a field ends the row there; the field
//!   keeps its text up to the line break (the backslash included) and a note
//!   names the row; the next row is read as usual.
//!
//! A piece that is no row at all (fewer than eight fields, text that is not
//! quoted) is an error naming its line (and the row's id when its third
//! field was read); reading goes on at the next line that starts a row.

use std::borrow::Cow;
use std::io::Read;

use memchr::{memchr, memchr3};

/// One row found: its line, its eight fields (escapes undone) and what was
/// repaired, or a piece that is no row.
#[derive(Debug)]
pub(super) enum Found<'a> {
    /// A row (perhaps repaired: `notes` says how).
    Row {
        line: u64,
        fields: [Cow<'a, [u8]>; 8],
        notes: Vec<String>,
    },
    /// A piece that is no row, with what is wrong.
    Bad { line: u64, message: String },
}

/// What one step of reading at a row's start gives.
enum Step<'a> {
    /// A row or a bad piece, and where the next one starts.
    Found(Box<Found<'a>>, usize),
    /// A blank line to pass over (its end).
    Blank(usize),
    /// More bytes are needed to decide (never at the end of the input).
    More,
}

/// Whether `b` starts a row: `"<digits>","` (the number column and the
/// next one's quote). `None` when `b` is too short to say and more may come.
fn row_start(b: &[u8], eof: bool) -> Option<bool> {
    // Too short to say: no row start at the end of the input, else more is needed.
    let need = || if eof { Some(false) } else { None };
    if b.first() != Some(&b'"') {
        return if b.is_empty() { need() } else { Some(false) };
    }
    let digits = b[1..]
        .iter()
        .take(10)
        .take_while(|c| c.is_ascii_digit())
        .count();
    if digits == 10 || (digits == 0 && b.len() > 1) {
        return Some(false);
    }
    let rest = &b[1 + digits..];
    if digits == 0 || rest.len() < 3 {
        return if b"\",\"".starts_with(rest) {
            need()
        } else {
            Some(false)
        };
    }
    Some(rest.starts_with(b"\",\""))
}

/// Whether what follows a row's end at `at` is the end of the input (blank
/// lines aside) or a row start; `None` when more bytes are needed.
fn row_follows(b: &[u8], at: usize, eof: bool) -> Option<bool> {
    let mut i = at;
    loop {
        // Blank lines (white space only) may stand before the next row or the end.
        let rest = &b[i..];
        let line_end = memchr(b'\n', rest);
        let line = &rest[..line_end.unwrap_or(rest.len())];
        if line.iter().all(|c| matches!(c, b' ' | b'\t' | b'\r')) {
            match line_end {
                Some(e) => i += e + 1,
                None if eof => return Some(true),
                None => return None,
            }
            continue;
        }
        return row_start(rest, eof);
    }
}

/// Undo the escapes of a field's raw bytes (`\x` -> `x`).
fn unescape(raw: &[u8]) -> Cow<'_, [u8]> {
    if memchr(b'\\', raw).is_none() {
        return raw.into();
    }
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while let Some(j) = memchr(b'\\', &raw[i..]) {
        out.extend_from_slice(&raw[i..i + j]);
        match raw.get(i + j + 1) {
            Some(&c) => out.push(c),
            None => {
                // A lone backslash at the end (a repaired field): kept.
                out.push(b'\\');
                return out.into();
            }
        }
        i += j + 2;
    }
    if i < raw.len() {
        out.extend_from_slice(&raw[i..]);
    }
    out.into()
}

/// 1 + the line breaks in `b`.
fn lines_in(b: &[u8]) -> u64 {
    memchr::memchr_iter(b'\n', b).count() as u64
}

/// Read at `b`'s start (a row's start, on line `line`).
fn step(b: &[u8], line: u64, eof: bool) -> Step<'_> {
    // A blank line between rows.
    let first_end = memchr(b'\n', b);
    let first = &b[..first_end.unwrap_or(b.len())];
    if first.iter().all(|c| matches!(c, b' ' | b'\t' | b'\r')) {
        return match first_end {
            Some(e) => Step::Blank(e + 1),
            None if eof => Step::Blank(b.len()),
            None => Step::More,
        };
    }
    let mut fields: [Cow<'_, [u8]>; 8] = Default::default();
    let mut notes = Vec::new();
    let mut stray: Vec<usize> = Vec::new();
    let mut at = 0;
    for k in 0..8 {
        if b.get(at) != Some(&b'"') {
            return bad(b, at, line, k, &fields, eof, "expected 8 quoted fields");
        }
        let start = at + 1;
        let mut i = start;
        // Where the field ends and where the row goes on.
        let (end, next) = loop {
            let Some(j) = memchr3(b'"', b'\\', b'\n', &b[i..]).map(|j| i + j) else {
                if !eof {
                    return Step::More;
                }
                // The input ends inside the field.
                if k < 7 {
                    return bad(
                        b,
                        b.len(),
                        line,
                        k + 1,
                        &fields,
                        eof,
                        "the file ends inside a field",
                    );
                }
                notes.push(format!(
                    "line {line}: the file ends inside the body (no closing quote): the body read to the end"
                ));
                break (b.len(), b.len());
            };
            match b[j] {
                b'\\' => {
                    if j + 1 >= b.len() && !eof {
                        return Step::More;
                    }
                    i = (j + 2).min(b.len());
                }
                b'\n' => match row_start(&b[j + 1..], eof) {
                    None => return Step::More,
                    Some(false) => i = j + 1,
                    Some(true) => {
                        // The field swallowed the next row: the row ends at this line break.
                        let raw = &b[start..j];
                        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
                        let id = if k > 2 {
                            String::from_utf8_lossy(&fields[2]).into_owned()
                        } else {
                            String::new()
                        };
                        let end_line = line + lines_in(&b[..j]);
                        notes.push(format!(
                            "line {line}: the row{} does not close its field {} before the next row starts on line {}: the row ends there, the field keeping its text up to that line (its last quote {})",
                            if id.is_empty() { String::new() } else { format!(" of {id}") },
                            k + 1,
                            end_line + 1,
                            if raw.ends_with(b"\\\"") { "escaped by a trailing backslash" } else { "missing" }
                        ));
                        // Its escaped closing quote (`\"`) read as a backslash and the end.
                        let content: Cow<'_, [u8]> = match raw.strip_suffix(b"\\\"") {
                            Some(r) => {
                                let mut v = unescape(r).into_owned();
                                v.push(b'\\');
                                v.into()
                            }
                            None => unescape(raw.strip_suffix(b"\"").unwrap_or(raw)),
                        };
                        fields[k] = content;
                        if k < 7 {
                            notes.push(format!(
                                "line {line}: fields {} to 8 of the row missing (empty)",
                                k + 2
                            ));
                        }
                        note_stray(&mut notes, &stray, b, line);
                        return Step::Found(
                            Box::new(Found::Row {
                                line,
                                fields,
                                notes,
                            }),
                            j + 1,
                        );
                    }
                },
                _ => {
                    // A quote: the field's end only where a field can end.
                    let closes = if k < 7 {
                        match (b.get(j + 1), b.get(j + 2)) {
                            (Some(b','), Some(b'"')) => Some(true),
                            (Some(b','), None) | (None, _) if !eof => None,
                            _ => Some(false),
                        }
                    } else {
                        // The body: before the row's line break, a row start or the end.
                        match b.get(j + 1) {
                            None => eof.then_some(true),
                            Some(b'\n') => row_follows(b, j + 2, eof),
                            Some(b'\r') => match b.get(j + 2) {
                                Some(b'\n') => row_follows(b, j + 3, eof),
                                None if !eof => None,
                                _ => row_follows(b, j + 2, eof),
                            },
                            Some(_) => Some(false),
                        }
                    };
                    match closes {
                        None => return Step::More,
                        Some(true) => {
                            break (j, if k < 7 { j + 2 } else { row_end(b, j + 1) });
                        }
                        Some(false) => {
                            stray.push(j);
                            i = j + 1;
                        }
                    }
                }
            }
        };
        fields[k] = unescape(&b[start..end]);
        at = next;
    }
    note_stray(&mut notes, &stray, b, line);
    Step::Found(
        Box::new(Found::Row {
            line,
            fields,
            notes,
        }),
        at,
    )
}

/// Past the line break after a row's last quote at `i` (`\n`, `\r\n`, `\r` or the end).
fn row_end(b: &[u8], i: usize) -> usize {
    match b.get(i) {
        Some(b'\n') => i + 1,
        Some(b'\r') if b.get(i + 1) == Some(&b'\n') => i + 2,
        Some(b'\r') => i + 1,
        _ => i.min(b.len()),
    }
}

/// The note for the stray quotes (at byte offsets `stray` of the row) read as text.
fn note_stray(notes: &mut Vec<String>, stray: &[usize], b: &[u8], line: u64) {
    if let Some(&first) = stray.first() {
        notes.push(format!(
            "line {line}: {} quote{} not escaped inside the row (the first on line {}) read as text: the row read whole",
            stray.len(),
            if stray.len() == 1 { "" } else { "s" },
            line + lines_in(&b[..first])
        ));
    }
}

/// A piece that is no row, from its start to the next line that starts a
/// row (or the end); `fields` are the `found` fields read before.
fn bad<'a>(
    b: &'a [u8],
    from: usize,
    line: u64,
    found: usize,
    fields: &[Cow<'_, [u8]>; 8],
    eof: bool,
    why: &str,
) -> Step<'a> {
    // The next line that starts a row.
    let mut i = from.min(b.len());
    let end = loop {
        match memchr(b'\n', &b[i..]) {
            Some(e) => {
                let at = i + e + 1;
                match row_start(&b[at..], eof) {
                    None => return Step::More,
                    Some(true) => break at,
                    Some(false) => i = at,
                }
            }
            None if eof => break b.len(),
            None => return Step::More,
        }
    };
    let id = if found > 2 {
        format!(" (row of {})", String::from_utf8_lossy(&fields[2]))
    } else {
        String::new()
    };
    let lines = lines_in(&b[..end]).max(1);
    Step::Found(
        Box::new(Found::Bad {
            line,
            message: format!(
                "{why}, found {found}{id}: {lines} line{} not read",
                if lines == 1 { "" } else { "s" }
            ),
        }),
        end,
    )
}

/// Every row of a document in memory.
pub(super) fn rows_in(b: &[u8]) -> impl Iterator<Item = Found<'_>> {
    let mut at = 0;
    let mut line: u64 = 1;
    std::iter::from_fn(move || {
        while at < b.len() {
            match step(&b[at..], line, true) {
                Step::Blank(n) => {
                    line += lines_in(&b[at..at + n]);
                    at += n;
                }
                Step::Found(f, n) => {
                    line += lines_in(&b[at..at + n]);
                    at += n.max(1);
                    return Some(*f);
                }
                Step::More => return None, // (never at the end of the input)
            }
        }
        None
    })
}

/// The same rows from a stream, a row at a time: bytes are read until the
/// row (and what tells its end) is in memory, at least doubling what is
/// held each time, so a row is scanned a bounded number of times.
pub(super) struct StreamRows<R: Read> {
    src: R,
    buf: Vec<u8>,
    at: usize,
    line: u64,
    eof: bool,
    /// A read error, reported once.
    failed: Option<std::io::Error>,
    /// The least a read asks for (64 KiB; less in tests, to cut rows anywhere).
    min_read: usize,
}

impl<R: Read> StreamRows<R> {
    pub(super) fn new(src: R) -> Self {
        StreamRows {
            src,
            buf: Vec::new(),
            at: 0,
            line: 1,
            eof: false,
            failed: None,
            min_read: 64 << 10,
        }
    }

    /// [`StreamRows::new`] reading at least `min_read` bytes at a time.
    #[cfg(test)]
    pub(super) fn with_min_read(src: R, min_read: usize) -> Self {
        StreamRows {
            min_read: min_read.max(1),
            ..StreamRows::new(src)
        }
    }

    /// Read more: at least 64 KiB, and at least as much as is held.
    fn fill(&mut self) {
        if self.at > 0 {
            self.buf.drain(..self.at);
            self.at = 0;
        }
        let want = self.buf.len().max(self.min_read);
        let old = self.buf.len();
        self.buf.resize(old + want, 0);
        let mut got = 0;
        while got < want {
            match self.src.read(&mut self.buf[old + got..]) {
                Ok(0) => {
                    self.eof = true;
                    break;
                }
                Ok(n) => got += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => {
                    // Reported where the rows read so far end (not read as
                    // the end of the file: a row cut by it is no row).
                    self.failed = Some(e);
                    break;
                }
            }
        }
        self.buf.truncate(old + got);
    }

    /// The next row (owned), or `None` at the end.
    pub(super) fn next_row(&mut self) -> Option<Result<Owned, (u64, String)>> {
        loop {
            let incomplete = self.at < self.buf.len();
            if self.at >= self.buf.len() && self.eof {
                return None;
            }
            let next = if incomplete {
                step(&self.buf[self.at..], self.line, self.eof)
            } else {
                Step::More
            };
            let b = &self.buf[self.at..];
            match next {
                Step::More => {
                    if let Some(e) = self.failed.take() {
                        // The rows before are read; what follows is not.
                        self.eof = true;
                        self.buf.clear();
                        self.at = 0;
                        return Some(Err((
                            self.line,
                            format!("read error: {e} (the file is read up to this line)"),
                        )));
                    }
                    self.fill();
                }
                Step::Blank(n) => {
                    self.line += lines_in(&b[..n]);
                    self.at += n;
                }
                Step::Found(f, n) => {
                    let lines = lines_in(&b[..n]);
                    let out = match *f {
                        Found::Row {
                            line,
                            fields,
                            notes,
                        } => Ok(Owned {
                            line,
                            fields: fields.map(Cow::into_owned),
                            notes,
                        }),
                        Found::Bad { line, message } => Err((line, message)),
                    };
                    self.line += lines;
                    self.at += n.max(1);
                    return Some(out);
                }
            }
        }
    }
}

/// A row read from a stream.
pub(super) struct Owned {
    pub line: u64,
    pub fields: [Vec<u8>; 8],
    pub notes: Vec<String>,
}
