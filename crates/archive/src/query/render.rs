//! Writing a query tree back as query text: the canonical form of a
//! [`Node`], which [`super::parse`] reads back into a tree that compiles to
//! the same query (positions aside).
//!
//! Groups are parenthesised where the language needs it, phrases escape
//! `"` and `\` (`\"`, `\\`), and every word is checked by reading it back:
//! a word the lexer would read otherwise (a leading `-`, a keyword, a stray
//! parenthesis) is written as a phrase, which compiles the same. So a value
//! taken from a document (a TAGS entry holding `"` or `)`) can never change
//! the shape of the query it is written into.

use std::fmt;

use super::{Node, parse};

impl fmt::Display for Node {
    /// The query text of this tree.
    ///
    /// ```
    /// use cablescope_archive::query::{Node, parse};
    /// let user = parse("iran OR iraq").unwrap();
    /// let tree = Node::And(vec![user, Node::field_value("tag", "A\"B)")]);
    /// assert_eq!(tree.to_string(), r#"(iran OR iraq) tag:"A\"B)""#);
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Node::And(items) => write_items(f, items, " "),
            Node::Or(items) => write_items(f, items, " OR "),
            Node::Not(inner) => {
                f.write_str("NOT ")?;
                write_grouped(f, inner)
            }
            leaf => f.write_str(&leaf_text(leaf)),
        }
    }
}

fn write_items(f: &mut fmt::Formatter<'_>, items: &[Node], sep: &str) -> fmt::Result {
    if items.is_empty() {
        return f.write_str("()");
    }
    for (i, n) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(sep)?;
        }
        write_grouped(f, n)?;
    }
    Ok(())
}

/// A group in parentheses, anything else as it is.
fn write_grouped(f: &mut fmt::Formatter<'_>, n: &Node) -> fmt::Result {
    match n {
        Node::And(_) | Node::Or(_) => write!(f, "({n})"),
        _ => write!(f, "{n}"),
    }
}

/// `text` as the inside of a phrase: `"` and `\` escaped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    for c in text.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The text of a leaf: the first candidate that reads back as the same
/// leaf, inside parentheses as a group would put it.
fn leaf_text(leaf: &Node) -> String {
    let field = |field: &Option<String>| {
        field
            .as_deref()
            .map(|f| format!("{f}:"))
            .unwrap_or_default()
    };
    let candidates: Vec<String> = match leaf {
        Node::Term {
            field: fl,
            text,
            prefix,
            fuzzy,
            ..
        } => {
            let mut word = text.clone();
            if *prefix {
                word.push('*');
            }
            if let Some(d) = fuzzy {
                word.push_str(&format!("~{d}"));
            }
            let mut c = vec![format!("{}{word}", field(fl))];
            if fl.is_none() {
                // `+` is a no-op before a word: `+-x` is the word `-x`, not NOT x.
                c.push(format!("+{word}"));
            }
            c.push(format!("{}\"{}\"", field(fl), escape(text)));
            c
        }
        Node::Phrase {
            field: fl, text, ..
        } => {
            vec![format!("{}\"{}\"", field(fl), escape(text))]
        }
        Node::Range { field, lo, hi, .. } => {
            let mut c = vec![format!(
                "{field}:{}..{}",
                lo.as_deref().unwrap_or(""),
                hi.as_deref().unwrap_or("")
            )];
            // A bound that starts with `"` reads as a phrase before `..`.
            match (lo, hi) {
                (Some(lo), None) => c.push(format!("{field}:>={lo}")),
                (None, Some(hi)) => c.push(format!("{field}:<={hi}")),
                _ => {}
            }
            c
        }
        Node::And(_) | Node::Or(_) | Node::Not(_) => vec![String::new()],
    };
    for c in &candidates {
        if parse(&format!("({c})")).is_ok_and(|n| same_leaf(&n, leaf)) {
            return c.clone();
        }
    }
    // Nothing reads back (a field the language does not know): the last form.
    candidates.into_iter().last().unwrap_or_default()
}

/// Whether two leaves compile to the same query: the same field and text, a
/// phrase being a word without `*` or `~`; positions do not count.
pub(crate) fn same_leaf(a: &Node, b: &Node) -> bool {
    fn key(n: &Node) -> Option<(&Option<String>, &str, bool, Option<u8>)> {
        match n {
            Node::Term {
                field,
                text,
                prefix,
                fuzzy,
                ..
            } => Some((field, text, *prefix, *fuzzy)),
            Node::Phrase { field, text, .. } => Some((field, text, false, None)),
            _ => None,
        }
    }
    match (a, b) {
        (
            Node::Range {
                field: f1,
                lo: l1,
                hi: h1,
                ..
            },
            Node::Range {
                field: f2,
                lo: l2,
                hi: h2,
                ..
            },
        ) => f1 == f2 && l1 == l2 && h1 == h2,
        _ => key(a).is_some() && key(a) == key(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(q: &str) -> String {
        let tree = parse(q).unwrap();
        let text = tree.to_string();
        let again = parse(&text).unwrap_or_else(|e| panic!("{q} -> {text}: {e}"));
        assert_eq!(again.to_string(), text, "{q}");
        text
    }

    #[test]
    fn canonical_text() {
        assert_eq!(round_trip("a b"), "a b");
        assert_eq!(round_trip("a AND (b OR c)"), "a (b OR c)");
        assert_eq!(round_trip("(a b) OR -c"), "(a b) OR NOT c");
        assert_eq!(
            round_trip("nucl* teheran~ tag:PREL"),
            "nucl* teheran~1 tag:PREL"
        );
        assert_eq!(
            round_trip("year:2005..2007 date:>=2008-01"),
            "year:2005..2007 date:2008-01.."
        );
        assert_eq!(
            round_trip(r#"subject:"say \"hi\"""#),
            r#"subject:"say \"hi\"""#
        );
        assert_eq!(round_trip("(x)-a"), "x +-a");
        assert_eq!(round_trip(r#"year:>"a b""#), r#"year:>="a b""#);
    }

    #[test]
    fn values_cannot_change_the_shape() {
        for v in ["A\"B)", ") OR (", "\\", "x\\\"y", "NOT", "-a", "a b", ""] {
            let tree = Node::And(vec![Node::term("iran"), Node::field_value("tag", v)]);
            let text = tree.to_string();
            let again = parse(&text).unwrap_or_else(|e| panic!("{v:?} -> {text}: {e}"));
            let Node::And(items) = &again else {
                panic!("{v:?} -> {text}: {again:?}")
            };
            assert_eq!(items.len(), 2, "{text}");
            assert!(same_leaf(&items[1], &Node::field_value("tag", v)), "{text}");
        }
    }
}
