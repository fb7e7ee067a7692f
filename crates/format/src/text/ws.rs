//! White-space trimming with an ASCII fast path: most lines of a cable start
//! and end with a printable ASCII byte, where there is nothing to trim.

/// Whether `b` ends a trim at once: an ASCII byte above the space. Every
/// ASCII white-space character (`\t`, `\n`, `\x0B`, `\x0C`, `\r`, ` `) is at
/// most `b' '`, and a non-ASCII byte may start a Unicode white-space
/// character, so the standard trim decides those.
#[inline]
fn solid(b: u8) -> bool {
    b > b' ' && b < 0x80
}

/// Whether an ASCII byte is white space for a regex's `\s` (Unicode
/// `White_Space`, which among ASCII characters is these six).
#[inline]
pub(crate) fn is_regex_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ')
}

/// `s.trim_start()`.
#[inline]
pub(crate) fn trim_start(s: &str) -> &str {
    match s.as_bytes().first() {
        Some(&b) if !solid(b) => s.trim_start(),
        _ => s,
    }
}

/// `s.trim_end()`.
#[inline]
pub(crate) fn trim_end(s: &str) -> &str {
    match s.as_bytes().last() {
        Some(&b) if !solid(b) => s.trim_end(),
        _ => s,
    }
}

/// `s.trim()`.
#[inline]
pub(crate) fn trim(s: &str) -> &str {
    trim_end(trim_start(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_as_the_standard_trims() {
        for s in [
            "",
            " ",
            "a",
            " a ",
            "\u{a0}x\u{a0}",
            "\u{3000}x",
            "x\u{2028}",
            "\x0Bx\x0C",
            "\tab c\r",
            "\u{7f}",
            "é",
            " é ",
            "\u{85}x\u{85}",
        ] {
            assert_eq!(trim(s), s.trim(), "{s:?}");
            assert_eq!(trim_start(s), s.trim_start(), "{s:?}");
            assert_eq!(trim_end(s), s.trim_end(), "{s:?}");
        }
    }

    #[test]
    fn regex_space_among_ascii() {
        let re = regex::Regex::new(r"^\s$").unwrap();
        for b in 0..0x80u8 {
            let s = char::from(b).to_string();
            assert_eq!(is_regex_space(b), re.is_match(&s), "{b:#x}");
        }
    }
}
