//! The TAGS line: `TAGS: PREL PHUM PGOV ELAB KCRM KWMN MY`, `TAGS PGOV, PINS, ZI, MDC, ZANU-PF`.

use std::sync::LazyLock;

use regex::Regex;

static TAGS_START: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\s*TAGS?\b\s*[:.]?\s*").unwrap());

/// Whether a line starts the TAGS field.
pub fn is_tags_line(line: &str) -> bool {
    TAGS_START.find(line).is_some_and(|m| {
        let rest = &line[m.end()..];
        // "TAGS" as the first word, not "TAG-TEAM" or a sentence.
        m.as_str().contains(':')
            || rest.is_empty()
            || rest
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_uppercase() || c == '[')
    })
}

/// Split the TAGS text (after `TAGS:`) into tags, upper-cased, in order,
/// without duplicates. Person tags in parentheses (`(KALOUDIS, NICK)`) are kept whole.
pub fn parse_tags(text: &str) -> Vec<String> {
    let body = TAGS_START
        .find(text)
        .map(|m| &text[m.end()..])
        .unwrap_or(text);
    let mut out: Vec<String> = Vec::new();
    let mut push = |t: &str| {
        let t = t.trim().trim_matches(|c: char| {
            c == '.' || c == ',' || c == ';' || c == ':' || c == '-' || c == '_'
        });
        if t.is_empty() {
            return;
        }
        let t = t.to_uppercase();
        if !out.contains(&t) {
            out.push(t);
        }
    };
    let mut rest = body;
    while !rest.is_empty() {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == ',' || c == ';');
        if rest.is_empty() {
            break;
        }
        if let Some(stripped) = rest.strip_prefix('(')
            && let Some(end) = stripped.find(')')
        {
            push(
                &stripped[..end]
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
            );
            rest = &stripped[end + 1..];
            continue;
        }
        let sep = if body.contains(',') || body.contains(';') {
            // Comma-separated lists may hold multi-word tags ("Political Issues").
            rest.find([',', ';']).unwrap_or(rest.len())
        } else {
            rest.find(char::is_whitespace).unwrap_or(rest.len())
        };
        let item = &rest[..sep];
        // Multi-word items of all-capital short codes are several tags run together.
        let words: Vec<&str> = item.split_whitespace().collect();
        if words.len() > 1 && words.iter().all(|w| is_code(w)) {
            for w in words {
                push(w);
            }
        } else {
            push(&words.join(" "));
        }
        rest = &rest[sep..];
    }
    out
}

fn is_code(w: &str) -> bool {
    let w = w.trim_matches(|c: char| !c.is_ascii_alphanumeric());
    !w.is_empty()
        && w.len() <= 8
        && w.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags() {
        assert_eq!(
            parse_tags("TAGS: PREL PHUM PGOV ELAB KCRM KWMN MY"),
            ["PREL", "PHUM", "PGOV", "ELAB", "KCRM", "KWMN", "MY"]
        );
        assert_eq!(
            parse_tags("TAGS PGOV, PINS, ZI, MDC, ZANU-PF"),
            ["PGOV", "PINS", "ZI", "MDC", "ZANU-PF"]
        );
        assert_eq!(
            parse_tags("TAGS: PINS, GR, (KALOUDIS, NICK), (AMBATIELOS, ANTHONY)"),
            ["PINS", "GR", "KALOUDIS, NICK", "AMBATIELOS, ANTHONY"]
        );
        assert_eq!(parse_tags("TAGS: something"), ["SOMETHING"]);
    }
}
