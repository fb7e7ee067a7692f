//! Building query trees in code: the filters a program adds to a reader's
//! query (facet values, date ranges, exclusions) as [`Node`]s, so that no
//! value is ever spliced into query text and re-read. Built nodes carry
//! position 0: they are not in the text the reader typed.

use super::{Node, QueryError, parse};

/// The tree of a reader's query `text` with `filters` ANDed to it: the
/// query parsed on its own (so nothing in it can reach the filters), then
/// each filter as one more item. An empty text with filters is the filters
/// alone; an empty text without any is the parser's "empty query" error.
pub fn filtered(text: &str, filters: &[Node]) -> Result<Node, QueryError> {
    let mut items = Vec::with_capacity(filters.len() + 1);
    if !text.trim().is_empty() || filters.is_empty() {
        items.push(parse(text)?);
    }
    items.extend(filters.iter().cloned());
    Ok(if items.len() == 1 {
        items.swap_remove(0)
    } else {
        Node::And(items)
    })
}

impl Node {
    /// A word of the text (subject and body), as `word` would be read.
    pub fn term(text: impl Into<String>) -> Node {
        Node::Term {
            field: None,
            text: text.into(),
            prefix: false,
            fuzzy: None,
            pos: 0,
        }
    }

    /// `field` holding exactly `value` (`tag:PREL`, `origin:"Kuala Lumpur"`):
    /// the value is taken whole, whatever characters it holds.
    pub fn field_value(field: &str, value: impl Into<String>) -> Node {
        Node::Phrase {
            field: Some(field.to_string()),
            text: value.into(),
            pos: 0,
        }
    }

    /// `field:lo..hi`, either bound optional (`year:`, `date:`).
    pub fn range(field: &str, lo: Option<String>, hi: Option<String>) -> Node {
        Node::Range {
            field: field.to_string(),
            lo,
            hi,
            pos: 0,
        }
    }

    /// Everything `node` does not match.
    pub fn negate(node: Node) -> Node {
        Node::Not(Box::new(node))
    }

    /// Whether a `field:` of `names` appears anywhere in the tree.
    pub fn names_field(&self, names: &[&str]) -> bool {
        let mut stack = vec![self];
        while let Some(n) = stack.pop() {
            match n {
                Node::And(items) | Node::Or(items) => stack.extend(items),
                Node::Not(inner) => stack.push(inner),
                Node::Term { field, .. } | Node::Phrase { field, .. } => {
                    if field.as_deref().is_some_and(|f| names.contains(&f)) {
                        return true;
                    }
                }
                Node::Range { field, .. } => {
                    if names.contains(&field.as_str()) {
                        return true;
                    }
                }
            }
        }
        false
    }
}
