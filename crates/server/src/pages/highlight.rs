//! Text with highlighted ranges: quoted passages (`<mark class="quoted">`,
//! linking to the other side of the quote) and redactions, given as byte
//! ranges. Ranges that are out of bounds or not on character boundaries are
//! dropped, never sliced; every piece of text goes through maud's escaping.

use maud::{Markup, html};

/// A highlighted range of a text.
#[derive(Debug, Clone)]
pub struct Mark {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// Element id, set on the mark's first piece only (`None` when the mark
    /// starts in an earlier text).
    pub id: Option<String>,
    /// Where the highlight leads (the quote's other side).
    pub href: String,
    /// Tooltip.
    pub title: String,
}

/// Whether `start..end` is a non-empty range of `text` on character boundaries.
pub fn valid(text: &str, start: usize, end: usize) -> bool {
    start < end && end <= text.len() && text.is_char_boundary(start) && text.is_char_boundary(end)
}

/// Where `words` sit in `text`: at `start..end` when they are there, else
/// their first occurrence; `None` when the text does not hold them (the
/// offsets came from another copy of the text).
pub fn locate(text: &str, start: usize, end: usize, words: &str) -> Option<(usize, usize)> {
    if valid(text, start, end) && (words.is_empty() || &text[start..end] == words) {
        return Some((start, end));
    }
    if words.is_empty() {
        return None;
    }
    text.find(words).map(|s| (s, s + words.len()))
}

/// A piece of text between cuts: its text, whether it is redacted, and the
/// mark over it with the id it shows.
type Piece<'a> = (&'a str, bool, Option<(&'a Mark, Option<String>)>);

/// `text` with its redactions (byte ranges) and marks.
pub fn render(text: &str, redactions: &[(usize, usize)], marks: &[Mark]) -> Markup {
    let red: Vec<(usize, usize)> = redactions
        .iter()
        .copied()
        .filter(|&(a, b)| valid(text, a, b))
        .collect();
    let marks: Vec<&Mark> = marks
        .iter()
        .filter(|m| valid(text, m.start, m.end))
        .collect();
    let mut cuts: Vec<usize> = vec![0, text.len()];
    cuts.extend(red.iter().flat_map(|&(a, b)| [a, b]));
    cuts.extend(marks.iter().flat_map(|m| [m.start, m.end]));
    cuts.sort_unstable();
    cuts.dedup();
    let mut named: Vec<bool> = vec![false; marks.len()];
    let mut pieces: Vec<Piece> = Vec::new();
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let redacted = red.iter().any(|&(x, y)| x <= a && b <= y);
        let mark = marks
            .iter()
            .position(|m| m.start <= a && b <= m.end)
            .map(|k| {
                let id = if named[k] { None } else { marks[k].id.clone() };
                named[k] = true;
                (marks[k], id)
            });
        pieces.push((&text[a..b], redacted, mark));
    }
    html! {
        @for (piece, redacted, mark) in pieces {
            @let inner = html! {
                @if redacted {
                    span.redaction title=(format!("redacted in the released copy ({} characters)", piece.chars().count())) aria-label="redacted" { (piece) }
                } @else { (piece) }
            };
            @match mark {
                Some((m, id)) => { mark.quoted id=[id] title=(m.title) { a href=(m.href) { (inner) } } }
                None => { (inner) }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(start: usize, end: usize) -> Mark {
        Mark {
            start,
            end,
            id: Some("q-1".into()),
            href: "/article/a#q".into(),
            title: "quoted".into(),
        }
    }

    #[test]
    fn marks_and_escapes() {
        let t = "say <b>\"passed judgment\"</b> & go";
        let s = t.find("\"passed").unwrap();
        let e = t.find("</b>").unwrap();
        let out = render(t, &[], &[mark(s, e)]).into_string();
        assert!(out.contains("<mark class=\"quoted\" id=\"q-1\""), "{out}");
        assert!(out.contains("&quot;passed judgment&quot;"), "{out}");
        assert!(out.starts_with("say &lt;b&gt;"), "{out}");
        assert!(out.ends_with("&lt;/b&gt; &amp; go"), "{out}");
    }

    #[test]
    fn bad_offsets_are_dropped_not_sliced() {
        let t = "Ünïcödé text";
        for (a, b) in [(1, 3), (0, 99), (5, 2), (3, 3)] {
            let out = render(t, &[(a, b)], &[mark(a, b)]).into_string();
            assert!(!out.contains("<mark"), "{a}..{b}: {out}");
        }
        assert_eq!(locate(t, 1, 3, ""), None);
        assert_eq!(locate(t, 0, 2, "Ü"), Some((0, 2)));
        assert_eq!(locate(t, 40, 50, "text"), Some((t.len() - 4, t.len())));
        assert_eq!(locate(t, 0, 2, "gone"), None);
    }

    #[test]
    fn a_mark_over_a_redaction_is_named_once() {
        let t = "one two three four";
        let out = render(t, &[(4, 7)], &[mark(0, 13)]).into_string();
        assert_eq!(out.matches("id=\"q-1\"").count(), 1, "{out}");
        assert_eq!(out.matches("<mark").count(), 3, "{out}");
        assert!(out.contains("class=\"redaction\""), "{out}");
    }
}
