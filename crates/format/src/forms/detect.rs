//! Recognising the form of an input: decoding (UTF-8, else Windows-1252 with
//! a diagnostic naming the line of the first bad byte), then dispatch:
//! `cables.csv` → JSON / JSON Lines → WikiLeaks cable page → PlusD page →
//! other HTML (fragments, web pages, articles) → PDF text → plain text
//! (teletype, cable in site chrome, article, other).

use super::Input;
use crate::record::Record;

/// Decode bytes as UTF-8, falling back to Windows-1252 (a superset of Latin-1).
/// The flag says whether the fallback was used.
pub fn decode(bytes: &[u8]) -> (String, bool) {
    let (s, transcoded) = decode_borrowed(bytes);
    (s.into_owned(), transcoded)
}

/// What each byte from 0x80 up stands for in Windows-1252 (as encoding_rs
/// decodes it), built once.
static HIGH_1252: std::sync::LazyLock<[char; 128]> = std::sync::LazyLock::new(|| {
    std::array::from_fn(|i| {
        let b = [0x80 + i as u8];
        encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(&b)
            .0
            .chars()
            .next()
            .unwrap_or('\u{FFFD}')
    })
});

/// Bytes as Windows-1252, into a string of exactly the size it needs
/// (encoding_rs reserves three bytes a byte: a MiB of binary took 3 MiB).
pub fn windows_1252(bytes: &[u8]) -> String {
    let high = &*HIGH_1252;
    let len: usize = bytes
        .iter()
        .map(|&b| {
            if b < 0x80 {
                1
            } else {
                high[usize::from(b - 0x80)].len_utf8()
            }
        })
        .sum();
    let mut out = String::with_capacity(len);
    let mut rest = bytes;
    while !rest.is_empty() {
        // ASCII runs copied at once.
        let ascii = rest.iter().position(|&b| b >= 0x80).unwrap_or(rest.len());
        // (ASCII bytes are UTF-8 as they are.)
        out.push_str(std::str::from_utf8(&rest[..ascii]).unwrap_or_default());
        if let Some(&b) = rest.get(ascii) {
            out.push(high[usize::from(b - 0x80)]);
            rest = &rest[ascii + 1..];
        } else {
            rest = &[];
        }
    }
    out
}

/// `text.replace("\r\n", "\n").replace('\r', "\n")` in one pass.
fn normalize_newlines(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for i in memchr::memchr_iter(b'\r', b) {
        out.push_str(&text[last..i]);
        out.push('\n');
        last = if b.get(i + 1) == Some(&b'\n') {
            i + 2
        } else {
            i + 1
        };
    }
    out.push_str(&text[last..]);
    out
}

/// [`decode`] without copying input that is UTF-8 already.
fn decode_borrowed(bytes: &[u8]) -> (std::borrow::Cow<'_, str>, bool) {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => (s.into(), false),
        // A UTF-16 byte order mark: encoding_rs reads the text as UTF-16.
        Err(_) if bytes.starts_with(b"\xff\xfe") || bytes.starts_with(b"\xfe\xff") => {
            let (cow, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            let mut s = cow.into_owned();
            s.shrink_to_fit();
            (s.into(), true)
        }
        Err(_) => (windows_1252(bytes).into(), true),
    }
}

/// Where the first byte that is not UTF-8 is: (1-based line, the byte).
pub fn first_invalid_utf8(bytes: &[u8]) -> Option<(usize, u8)> {
    let e = std::str::from_utf8(bytes).err()?;
    let at = e.valid_up_to();
    let line = 1 + memchr::memchr_iter(b'\n', &bytes[..at]).count();
    Some((line, bytes.get(at).copied().unwrap_or(0)))
}

/// Parse an input of any form.
pub fn parse_any(input: Input<'_>) -> Vec<Record> {
    if super::cables_csv::looks_like_cables_csv(input.bytes) {
        return super::cables_csv::rows_in(input.bytes)
            .map(|row| row.map(|r| super::csv_row_record(input.path, r)))
            .map(|r| {
                r.unwrap_or_else(|e| {
                    super::failed(&format!("{}:line {}", input.path, e.line), &e.to_string())
                })
            })
            .collect();
    }
    let (text, transcoded) = decode_borrowed(input.bytes);
    // (A decoded copy is dropped once its line ends are normalised.)
    let normalized: std::borrow::Cow<'_, str> = if memchr::memchr(b'\r', text.as_bytes()).is_some()
    {
        let n = normalize_newlines(&text);
        drop(text);
        n.into()
    } else {
        text
    };
    let mut recs = if super::json::looks_like_json(&normalized)
        && let Some(rs) = super::json::parse_json(input.path, &normalized)
    {
        rs.into_iter()
            .map(|r| {
                r.unwrap_or_else(|e| {
                    let path = if e.line == 0 {
                        input.path.to_string()
                    } else {
                        format!("{}:line {}", input.path, e.line)
                    };
                    super::failed(&path, &e.message)
                })
            })
            .collect()
    } else if let Some(table_at) = super::wikileaks::cable_table(&normalized) {
        vec![super::parse_wikileaks_page_at(
            input.path,
            &normalized,
            Some(table_at),
        )]
    } else if super::html::looks_like_html(&normalized) {
        vec![super::html::parse_html(input.path, &normalized)]
    } else if super::pdf::is_pdf_text(&normalized) {
        vec![super::pdf::parse_pdf_cow(input.path, normalized)]
    } else {
        vec![super::parse_text_cow(
            input.path,
            normalized,
            crate::record::Form::Text,
        )]
    };
    if transcoded {
        let (line, byte) = first_invalid_utf8(input.bytes).unwrap_or((0, 0));
        for rec in &mut recs {
            rec.diagnostics.push(
                crate::Diagnostic::repair(
                    "document",
                    format!("input is not UTF-8 (byte 0x{byte:02X} on line {line}): read as Windows-1252"),
                )
                .at(line),
            );
        }
    }
    recs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newlines_normalized_as_by_replace() {
        for t in [
            "a\r\nb",
            "\r\r\n\r",
            "x\ry\n\rz\r",
            "\n\r\n\r\r",
            "é\r\né",
            "",
        ] {
            assert_eq!(
                normalize_newlines(t),
                t.replace("\r\n", "\n").replace('\r', "\n"),
                "{t:?}"
            );
        }
    }

    #[test]
    fn invalid_utf8_line() {
        assert_eq!(first_invalid_utf8(b"ab\ncd\n\xe9x"), Some((3, 0xE9)));
        assert_eq!(first_invalid_utf8(b"ok"), None);
        let (s, t) = decode(b"caf\xe9 \xb61.");
        assert!(t);
        assert_eq!(s, "café ¶1.");
        // Every byte as encoding_rs decodes it, in a string of the size it needs.
        let all: Vec<u8> = (0..=255u8)
            .chain(b"x\x80\x81\x9d".iter().copied())
            .collect();
        let ours = windows_1252(&all);
        assert_eq!(
            ours,
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(&all)
                .0
        );
        assert_eq!(ours.capacity(), ours.len());
        // A UTF-16 text with its byte order mark is still read as UTF-16.
        assert_eq!(decode(b"\xff\xfeh\0i\0").0, "hi");
    }
}
