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

/// `s.split_whitespace().collect::<Vec<_>>().join(" ")` in one pass and one
/// allocation; ASCII text split at its white-space bytes (the six
/// characters among ASCII that `char::is_whitespace` accepts).
pub(crate) fn join_words(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    if s.is_ascii() {
        let b = s.as_bytes();
        let mut i = 0;
        while i < b.len() {
            while i < b.len() && is_regex_space(b[i]) {
                i += 1;
            }
            let start = i;
            while i < b.len() && !is_regex_space(b[i]) {
                i += 1;
            }
            if i > start {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(&s[start..i]);
            }
        }
    } else {
        for w in s.split_whitespace() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(w);
        }
    }
    out
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
    fn words_joined_as_by_split_whitespace() {
        for b in 0..0x80u8 {
            assert_eq!(is_regex_space(b), char::from(b).is_whitespace(), "{b:#x}");
        }
        for s in [
            "",
            " ",
            "a",
            "  a  b\tc\n\x0Bd\x0C\re  ",
            "\x1c a \x1f",
            "é  x\u{a0}y\u{3000}z",
            "one",
        ] {
            assert_eq!(
                join_words(s),
                s.split_whitespace().collect::<Vec<_>>().join(" "),
                "{s:?}"
            );
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
