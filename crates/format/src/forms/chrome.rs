//! Site chrome around a cable republished on a web page (or text copied from
//! one): a site headline before the envelope, and navigation, headline lists,
//! copyright lines after the cable. The cable text is cut out; what was cut is
//! returned so that it goes to `Record::removed` (kind `site_chrome`) and
//! nothing is lost silently.

use std::sync::LazyLock;

use regex::Regex;

use crate::record::Removed;
use crate::text::{eo::is_eo_line, first_line::looks_like_first_line, tags::is_tags_line};

/// A text split into the cable and the chrome around it.
#[derive(Debug, Clone, Default)]
pub struct Trimmed {
    /// The cable text, chrome removed (lines in their original order).
    pub text: String,
    /// The removed chrome, with 1-based line numbers of the input.
    pub removed: Vec<Removed>,
}

static STRUCTURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:VZCZC|DE [A-Z]{4,7}\b|[OPRZ]{1,2} \d{6}Z|FM [A-Z]|TO [A-Z]|SUBJECT:|SUBJ:|UNCLAS\b|C O N F|S E C R E T|U N C L A S)",
    )
    .unwrap()
});

static PARA: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^¶?\s*\d{1,3}\.\s*\((?:[A-Z]{1,4}(?:/[A-Z]{1,6})*)\)").unwrap());

const CHROME_EXACT: &[&str] = &[
    "world headlines",
    "headlines",
    "latest headlines",
    "more headlines",
    "top headlines",
    "related",
    "related stories",
    "related articles",
    "related content",
    "related headlines",
    "related news",
    "related links",
    "top stories",
    "most popular",
    "most read",
    "most viewed",
    "trending",
    "trending now",
    "recommended",
    "recommended for you",
    "you may also like",
    "you might also like",
    "more from this section",
    "more stories",
    "more news",
    "share this",
    "share this article",
    "share this story",
    "share",
    "tweet",
    "email this",
    "print this",
    "print",
    "comments",
    "leave a comment",
    "post a comment",
    "advertisement",
    "sponsored",
    "sponsored content",
    "subscribe",
    "newsletter",
    "sign up for our newsletter",
    "back to top",
    "read more",
    "follow us",
    "navigation",
    "main menu",
    "skip to content",
    "all rights reserved",
];

/// Whether a line is site chrome (navigation, headline lists, copyright).
pub fn is_chrome_line(line: &str) -> bool {
    let t = line.trim();
    if t.is_empty() {
        return false;
    }
    if t.is_ascii() {
        return is_ascii_chrome_line(t);
    }
    let low = t.to_lowercase();
    let bare = low.trim_end_matches([':', '.', '»', '>', ' ']);
    low.starts_with('©')
        || low.starts_with("copyright ©")
        || low.starts_with("copyright (c)")
        || (low.starts_with("copyright ") && low.split_whitespace().nth(1).is_some_and(is_year))
        || low.starts_with("(c) ") && low.split_whitespace().nth(1).is_some_and(is_year)
        || low.contains("all rights reserved")
        || low.ends_with("more>>")
        || low.ends_with("more >>")
        || t.starts_with('•')
        || CHROME_EXACT.contains(&bare)
}

/// [`is_chrome_line`] for a trimmed, non-empty ASCII line, without a
/// lower-case copy (for ASCII text `to_lowercase` is `to_ascii_lowercase`).
fn is_ascii_chrome_line(t: &str) -> bool {
    let starts =
        |p: &str| t.len() >= p.len() && t.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes());
    let ends = |p: &str| {
        t.len() >= p.len() && t.as_bytes()[t.len() - p.len()..].eq_ignore_ascii_case(p.as_bytes())
    };
    let bare = t.trim_end_matches([':', '.', '>', ' ']);
    starts("copyright (c)")
        || (starts("copyright ") && t.split_whitespace().nth(1).is_some_and(is_year))
        || starts("(c) ") && t.split_whitespace().nth(1).is_some_and(is_year)
        || contains_ignore_ascii_case(t.as_bytes(), b"all rights reserved")
        || ends("more>>")
        || ends("more >>")
        || CHROME_EXACT.iter().any(|e| e.eq_ignore_ascii_case(bare))
}

/// Whether `hay` holds `needle` (lower-case ASCII), ASCII case ignored.
fn contains_ignore_ascii_case(hay: &[u8], needle: &[u8]) -> bool {
    let first = needle[0];
    hay.len() >= needle.len()
        && memchr::memchr2_iter(
            first,
            first.to_ascii_uppercase(),
            &hay[..=hay.len() - needle.len()],
        )
        .any(|i| hay[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

fn is_year(s: &str) -> bool {
    let s = s.trim_matches(|c: char| !c.is_ascii_digit());
    s.len() == 4 && (s.starts_with("19") || s.starts_with("20"))
}

/// Whether a line is a piece of cable structure (envelope line, first line,
/// E.O., TAGS, SUBJECT, a marked paragraph).
pub fn is_structure_line(line: &str) -> bool {
    let t = line.trim();
    STRUCTURE.is_match(t)
        || looks_like_first_line(t)
        || is_eo_line(t)
        || is_tags_line(t)
        || PARA.is_match(t)
}

/// Cut the chrome from text that may carry a cable inside a web page.
/// Returns `None` when no chrome follows the cable (the text is left alone).
pub fn trim(text: &str) -> Option<Trimmed> {
    let lines: Vec<&str> = text.split('\n').collect();
    let start = lines.iter().position(|l| is_structure_line(l))?;
    // The first chrome line after the cable began, with no cable structure after it.
    // (The last marked paragraph is found once, when a chrome line is, not
    // looked for after every chrome line again.)
    let mut last_para: Option<Option<usize>> = None;
    let mut cut = None;
    let mut i = start + 1;
    while i < lines.len() {
        if is_chrome_line(lines[i])
            && last_para
                .get_or_insert_with(|| lines.iter().rposition(|l| PARA.is_match(l.trim())))
                .is_none_or(|p| p <= i)
        {
            cut = Some(i);
            break;
        }
        i += 1;
    }
    let cut = cut?;
    let mut removed = Vec::new();
    for (n, l) in lines[..start].iter().enumerate() {
        if !l.trim().is_empty() {
            removed.push(Removed {
                kind: "site_chrome".into(),
                text: l.trim().to_string(),
                line: Some(n + 1),
            });
        }
    }
    for (n, l) in lines[cut..].iter().enumerate() {
        if !l.trim().is_empty() {
            removed.push(Removed {
                kind: "site_chrome".into(),
                text: l.trim().to_string(),
                line: Some(cut + n + 1),
            });
        }
    }
    let mut body = lines[start..cut].join("\n");
    let keep = body.trim_end().len();
    body.truncate(keep);
    body.push('\n');
    Some(Trimmed {
        text: body,
        removed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_head_and_tail() {
        let t = "Cablegate: A Headline\n\nDE RUEHPF #0416/01 1411124\nP 201124Z MAY 08\n\n1. (SBU) Text.\n\n© Scoop Media\n\nWorld Headlines\nStory More>>\n";
        let r = trim(t).unwrap();
        assert!(r.text.starts_with("DE RUEHPF"));
        assert!(r.text.trim_end().ends_with("1. (SBU) Text."));
        assert_eq!(r.removed.len(), 4);
        assert_eq!(r.removed[0].text, "Cablegate: A Headline");
        assert_eq!(r.removed[1].line, Some(8));
        assert!(r.removed.iter().all(|x| x.kind == "site_chrome"));
    }

    #[test]
    fn leaves_plain_cables() {
        assert!(trim("UNCLAS STATE 000123\n\nSUBJECT: X\n\n1. (U) Comments\nwelcome.\n").is_none());
        // A chrome-looking line followed by more cable paragraphs is part of the cable.
        assert!(trim("SUBJECT: X\n\n1. (U) A.\nShare\n2. (U) B.\n").is_none());
    }
}
