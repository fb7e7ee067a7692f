//! Minimal HTML text decoding for machine-generated pages: tags stripped,
//! character references and the common named entities decoded.

/// Decode character references (`&#x000A;`, `&#39;`) and common named entities.
pub fn decode_entities(s: &str) -> String {
    if memchr::memchr(b'&', s.as_bytes()).is_none() {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = memchr::memchr(b'&', rest.as_bytes()) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        // The line break of WikiLeaks pages, on every line.
        if let Some(after) = rest.strip_prefix("&#x000A;") {
            out.push('\n');
            rest = after;
            continue;
        }
        // The end of the reference: only one within 12 bytes can be one.
        let end = rest[1..]
            .char_indices()
            .take_while(|&(k, _)| k < 12)
            .find(|&(_, c)| c == ';' || c == '&' || c.is_whitespace())
            .map(|(k, _)| k + 1);
        match end {
            Some(e) if rest.as_bytes().get(e) == Some(&b';') && e <= 12 => {
                let name = &rest[1..e];
                let ch = if let Some(hex) =
                    name.strip_prefix("#x").or_else(|| name.strip_prefix("#X"))
                {
                    u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
                } else if let Some(dec) = name.strip_prefix('#') {
                    dec.parse::<u32>().ok().and_then(char::from_u32)
                } else {
                    named(name)
                };
                match ch {
                    Some(c) => {
                        out.push(c);
                        rest = &rest[e + 1..];
                    }
                    None => {
                        out.push('&');
                        rest = &rest[1..];
                    }
                }
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn named(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "para" => '¶',
        "sect" => '§',
        "copy" => '©',
        "mdash" => '—',
        "ndash" => '–',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "hellip" => '…',
        _ => return None,
    })
}

/// Remove tags, keeping their text content.
pub fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = memchr::memchr(b'<', rest.as_bytes()) {
        out.push_str(&rest[..i]);
        match memchr::memchr(b'>', &rest.as_bytes()[i..]) {
            Some(j) => rest = &rest[i + j + 1..],
            None => {
                out.push_str(&rest[i..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Text of an HTML fragment: tags removed, entities decoded.
pub fn html_text(s: &str) -> String {
    decode_entities(&strip_tags(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode() {
        assert_eq!(
            html_text("A&#x000A;<a href='/tag/X'>PREL</a> &amp; B&#39;s &bogus; &"),
            "A\nPREL & B's &bogus; &"
        );
    }
}
