//! Two envelope patterns read by hand for ASCII lines without a line break
//! (the regexes decide any other): an address line's key word
//! (`^(FM|TO|INFO|XMT|ZEN|BCC)\s+(.*)$`) and an address's routing indicator
//! (`^([A-Z]{4,7})\s*/\s*(.+)$`). Their captures ran the regex's slow engine
//! on every address line.

use super::ws::is_regex_space;

/// A line the hand reading leaves to the regex.
pub(super) struct Undecided;

/// Whether the hand readings apply: ASCII text (`\s` is then the six ASCII
/// white-space characters) without a line break (which `.` does not match).
fn plain(t: &str) -> bool {
    t.is_ascii() && memchr::memchr(b'\n', t.as_bytes()).is_none()
}

/// The groups of `^(FM|TO|INFO|XMT|ZEN|BCC)\s+(.*)$`: the key words start
/// with different letters, so at most one matches; `\s+` takes the whole run
/// of white space and `.*` the rest of the line.
pub(super) fn addr_line(t: &str) -> Result<Option<(&str, &str)>, Undecided> {
    if !plain(t) {
        return Err(Undecided);
    }
    let Some(key) = ["FM", "TO", "INFO", "XMT", "ZEN", "BCC"]
        .into_iter()
        .find(|k| t.starts_with(k))
    else {
        return Ok(None);
    };
    let b = t.as_bytes();
    let mut i = key.len();
    while i < b.len() && is_regex_space(b[i]) {
        i += 1;
    }
    if i == key.len() {
        return Ok(None);
    }
    Ok(Some((key, &t[i..])))
}

/// The groups of `^([A-Z]{4,7})\s*/\s*(.+)$`: four to seven capitals (more
/// leave a capital where `/` must stand), white space, `/`, white space, and
/// the rest; where only white space follows the `/`, `.+` takes its last
/// character.
pub(super) fn ri_slash(t: &str) -> Result<Option<(&str, &str)>, Undecided> {
    if !plain(t) {
        return Err(Undecided);
    }
    let b = t.as_bytes();
    let n = b.iter().take_while(|c| c.is_ascii_uppercase()).count();
    if !(4..=7).contains(&n) {
        return Ok(None);
    }
    let mut i = n;
    while i < b.len() && is_regex_space(b[i]) {
        i += 1;
    }
    if b.get(i) != Some(&b'/') {
        return Ok(None);
    }
    let slash_end = i + 1;
    let mut j = slash_end;
    while j < b.len() && is_regex_space(b[j]) {
        j += 1;
    }
    let rest = if j < b.len() {
        &t[j..]
    } else if j > slash_end {
        &t[j - 1..]
    } else {
        return Ok(None);
    };
    Ok(Some((&t[..n], rest)))
}
