//! Reading a query string into a tree.

use super::QueryError;

/// Fields a query may name.
pub const FIELDS: &[&str] = &[
    "subject",
    "body",
    "tag",
    "origin",
    "country",
    "class",
    "caveat",
    "from",
    "to",
    "signer",
    "classified_by",
    "ref",
    "id",
    "kind",
    "reported",
    "quoted",
    "year",
    "date",
];

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// A word, optionally in a field, as a prefix (`word*`) or fuzzy (`word~2`).
    Term {
        /// Field, or `None` for subject and body.
        field: Option<String>,
        /// The word as written.
        text: String,
        /// `word*`.
        prefix: bool,
        /// `word~N`: edit distance.
        fuzzy: Option<u8>,
        /// Character offset.
        pos: usize,
    },
    /// `"several words"`.
    Phrase {
        /// Field, or `None`.
        field: Option<String>,
        /// The words.
        text: String,
        /// Character offset.
        pos: usize,
    },
    /// `field:a..b`, `field:>=a`, `field:<b`.
    Range {
        /// Field.
        field: String,
        /// Lower bound (inclusive).
        lo: Option<String>,
        /// Upper bound (inclusive).
        hi: Option<String>,
        /// Character offset.
        pos: usize,
    },
    /// All must match.
    And(Vec<Node>),
    /// Any may match.
    Or(Vec<Node>),
    /// Must not match.
    Not(Box<Node>),
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    LParen,
    RParen,
    And,
    Or,
    Not,
    Word(String),
    Quoted(String),
}

fn lex(q: &str) -> Result<Vec<(Tok, usize)>, QueryError> {
    let chars: Vec<char> = q.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        match c {
            '(' => {
                out.push((Tok::LParen, i));
                i += 1;
            }
            ')' => {
                out.push((Tok::RParen, i));
                i += 1;
            }
            '"' => {
                let start = i;
                i += 1;
                let s = i;
                while i < chars.len() && chars[i] != '"' {
                    i += 1;
                }
                if i >= chars.len() {
                    return Err(QueryError::new(
                        q,
                        start,
                        "unterminated phrase: a `\"` is missing",
                    ));
                }
                out.push((Tok::Quoted(chars[s..i].iter().collect()), start));
                i += 1;
            }
            '-' | '!'
                if i + 1 < chars.len()
                    && !chars[i + 1].is_whitespace()
                    && (i == 0 || chars[i - 1].is_whitespace() || chars[i - 1] == '(') =>
            {
                out.push((Tok::Not, i));
                i += 1;
            }
            '+' if i + 1 < chars.len() && !chars[i + 1].is_whitespace() => {
                i += 1;
            }
            _ => {
                let start = i;
                // A word runs to white space or a parenthesis; `field:"..."` keeps its phrase.
                while i < chars.len()
                    && !chars[i].is_whitespace()
                    && chars[i] != '('
                    && chars[i] != ')'
                {
                    if chars[i] == '"' {
                        let qs = i;
                        i += 1;
                        while i < chars.len() && chars[i] != '"' {
                            i += 1;
                        }
                        if i >= chars.len() {
                            return Err(QueryError::new(
                                q,
                                qs,
                                "unterminated phrase: a `\"` is missing",
                            ));
                        }
                    }
                    i += 1;
                }
                let w: String = chars[start..i].iter().collect();
                let tok = match w.as_str() {
                    "AND" | "&&" => Tok::And,
                    "OR" | "||" => Tok::Or,
                    "NOT" => Tok::Not,
                    _ => Tok::Word(w),
                };
                out.push((tok, start));
            }
        }
    }
    Ok(out)
}

struct Parser<'a> {
    q: &'a str,
    toks: Vec<(Tok, usize)>,
    i: usize,
}

/// Parse a query string.
///
/// ```
/// use cablescope_archive::query::{parse, Node};
/// assert!(matches!(parse("nuclear AND (iran OR tag:PREL)").unwrap(), Node::And(_)));
/// assert_eq!(parse("\"unclosed").unwrap_err().position, 0);
/// ```
pub fn parse(q: &str) -> Result<Node, QueryError> {
    let toks = lex(q)?;
    if toks.is_empty() {
        return Err(QueryError::new(q, 0, "empty query"));
    }
    let mut p = Parser { q, toks, i: 0 };
    let node = p.or()?;
    if let Some((t, pos)) = p.toks.get(p.i) {
        let what = if *t == Tok::RParen {
            "unmatched `)`"
        } else {
            "unexpected word"
        };
        return Err(QueryError::new(q, *pos, what));
    }
    Ok(node)
}

impl Parser<'_> {
    fn end_pos(&self) -> usize {
        self.q.chars().count()
    }

    fn or(&mut self) -> Result<Node, QueryError> {
        let mut items = vec![self.and()?];
        while matches!(self.toks.get(self.i), Some((Tok::Or, _))) {
            self.i += 1;
            items.push(self.and()?);
        }
        Ok(if items.len() == 1 {
            items.pop().unwrap()
        } else {
            Node::Or(items)
        })
    }

    fn and(&mut self) -> Result<Node, QueryError> {
        let mut items = vec![self.unary()?];
        loop {
            match self.toks.get(self.i) {
                Some((Tok::And, _)) => {
                    self.i += 1;
                    items.push(self.unary()?);
                }
                Some((Tok::Or | Tok::RParen, _)) | None => break,
                Some(_) => items.push(self.unary()?),
            }
        }
        Ok(if items.len() == 1 {
            items.pop().unwrap()
        } else {
            Node::And(items)
        })
    }

    fn unary(&mut self) -> Result<Node, QueryError> {
        match self.toks.get(self.i) {
            Some((Tok::Not, _)) => {
                self.i += 1;
                Ok(Node::Not(Box::new(self.unary()?)))
            }
            _ => self.primary(),
        }
    }

    fn primary(&mut self) -> Result<Node, QueryError> {
        let Some((tok, pos)) = self.toks.get(self.i).cloned() else {
            return Err(QueryError::new(
                self.q,
                self.end_pos(),
                "the query ends where a term was expected",
            ));
        };
        self.i += 1;
        match tok {
            Tok::LParen => {
                let n = self.or()?;
                match self.toks.get(self.i) {
                    Some((Tok::RParen, _)) => {
                        self.i += 1;
                        Ok(n)
                    }
                    _ => Err(QueryError::new(self.q, pos, "unmatched `(`")),
                }
            }
            Tok::Quoted(s) => {
                if s.trim().is_empty() {
                    return Err(QueryError::new(self.q, pos, "empty phrase"));
                }
                Ok(Node::Phrase {
                    field: None,
                    text: s,
                    pos,
                })
            }
            Tok::Word(w) => self.word(&w, pos),
            Tok::RParen => Err(QueryError::new(self.q, pos, "unmatched `)`")),
            Tok::And | Tok::Or => Err(QueryError::new(
                self.q,
                pos,
                "AND/OR needs a term on both sides",
            )),
            Tok::Not => Err(QueryError::new(self.q, pos, "NOT needs a term after it")),
        }
    }

    fn word(&self, w: &str, pos: usize) -> Result<Node, QueryError> {
        if let Some((field, value)) = w.split_once(':')
            && !field.is_empty()
            && field.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            let f = field.to_ascii_lowercase();
            let f = match f.as_str() {
                "tags" => "tag".to_string(),
                "classification" => "class".to_string(),
                "classifiedby" | "classified-by" => "classified_by".to_string(),
                "cites" | "refs" => "ref".to_string(),
                "signed" | "signers" => "signer".to_string(),
                _ => f,
            };
            if !FIELDS.contains(&f.as_str()) {
                return Err(QueryError::new(
                    self.q,
                    pos,
                    format!("unknown field `{field}:` (fields: {})", FIELDS.join(", ")),
                ));
            }
            let vpos = pos + field.chars().count() + 1;
            if value.is_empty() {
                return Err(QueryError::new(
                    self.q,
                    vpos,
                    format!("`{field}:` needs a value"),
                ));
            }
            if let Some(inner) = value.strip_prefix('"') {
                let inner = inner.strip_suffix('"').unwrap_or(inner);
                return Ok(Node::Phrase {
                    field: Some(f),
                    text: inner.to_string(),
                    pos: vpos,
                });
            }
            if let Some((lo, hi)) = value.split_once("..") {
                return Ok(Node::Range {
                    field: f,
                    lo: Some(lo.to_string()).filter(|s| !s.is_empty()),
                    hi: Some(hi.to_string()).filter(|s| !s.is_empty()),
                    pos: vpos,
                });
            }
            for (op, is_lo) in [(">=", true), ("<=", false), (">", true), ("<", false)] {
                if let Some(v) = value.strip_prefix(op) {
                    let v = Some(v.to_string());
                    return Ok(if is_lo {
                        Node::Range {
                            field: f,
                            lo: v,
                            hi: None,
                            pos: vpos,
                        }
                    } else {
                        Node::Range {
                            field: f,
                            lo: None,
                            hi: v,
                            pos: vpos,
                        }
                    });
                }
            }
            return Ok(term(Some(f), value, vpos));
        }
        Ok(term(None, w, pos))
    }
}

fn term(field: Option<String>, w: &str, pos: usize) -> Node {
    let mut text = w.to_string();
    let mut fuzzy = None;
    if let Some(i) = text.rfind('~') {
        let d = &text[i + 1..];
        if d.is_empty() || d.bytes().all(|b| b.is_ascii_digit()) {
            fuzzy = Some(d.parse::<u8>().unwrap_or(1).min(2));
            text.truncate(i);
        }
    }
    let prefix = text.ends_with('*') && text.len() > 1;
    if prefix {
        text.pop();
    }
    Node::Term {
        field,
        text,
        prefix,
        fuzzy,
        pos,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        assert!(matches!(parse("a b").unwrap(), Node::And(v) if v.len() == 2));
        assert!(matches!(parse("a OR b").unwrap(), Node::Or(v) if v.len() == 2));
        assert!(matches!(parse("-a").unwrap(), Node::Not(_)));
        assert!(
            matches!(parse("tag:PREL").unwrap(), Node::Term { field: Some(f), .. } if f == "tag")
        );
        assert!(matches!(
            parse("year:2005..2007").unwrap(),
            Node::Range { .. }
        ));
        assert!(matches!(
            parse("subject:\"human rights\"").unwrap(),
            Node::Phrase { field: Some(_), .. }
        ));
        assert!(matches!(
            parse("nucl*").unwrap(),
            Node::Term { prefix: true, .. }
        ));
        assert!(matches!(
            parse("teheran~").unwrap(),
            Node::Term { fuzzy: Some(1), .. }
        ));
    }

    #[test]
    fn errors_point() {
        assert_eq!(parse("(a OR b").unwrap_err().position, 0);
        assert_eq!(parse("a )").unwrap_err().position, 2);
        assert_eq!(parse("a AND").unwrap_err().position, 5);
        assert_eq!(parse("nope:x").unwrap_err().position, 0);
        assert_eq!(parse("x \"abc").unwrap_err().position, 2);
        assert_eq!(parse("   ").unwrap_err().message, "empty query");
    }
}
