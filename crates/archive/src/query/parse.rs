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
                let Some((text, end)) = quoted(&chars, i) else {
                    return Err(QueryError::new(
                        q,
                        start,
                        "unterminated phrase: a `\"` is missing",
                    ));
                };
                out.push((Tok::Quoted(text), start));
                i = end;
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
                        let Some((_, end)) = quoted(&chars, i) else {
                            return Err(QueryError::new(
                                q,
                                i,
                                "unterminated phrase: a `\"` is missing",
                            ));
                        };
                        i = end;
                        continue;
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

/// The phrase whose opening `"` is at `chars[open]`: its text, with `\"`
/// read as `"` and `\\` as `\` (any other backslash is kept), and the index
/// just past the closing quote; `None` when the phrase is not closed.
fn quoted(chars: &[char], open: usize) -> Option<(String, usize)> {
    let mut text = String::new();
    let mut i = open + 1;
    while i < chars.len() {
        match chars[i] {
            '"' => return Some((text, i + 1)),
            '\\' if matches!(chars.get(i + 1), Some('"' | '\\')) => {
                text.push(chars[i + 1]);
                i += 2;
            }
            c => {
                text.push(c);
                i += 1;
            }
        }
    }
    None
}

/// How deep parentheses and `NOT`s may nest.
pub const MAX_DEPTH: usize = 64;

struct Parser<'a> {
    q: &'a str,
    toks: Vec<(Tok, usize)>,
    i: usize,
    /// Parentheses and `NOT`s open around the current token.
    depth: usize,
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
    let mut p = Parser {
        q,
        toks,
        i: 0,
        depth: 0,
    };
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

    /// Enter a parenthesis or a `NOT` at `pos`: refused past [`MAX_DEPTH`],
    /// so that no query can exhaust the stack of the parser, the compiler or
    /// the tree's destructor.
    fn enter(&mut self, pos: usize) -> Result<(), QueryError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(QueryError::new(
                self.q,
                pos,
                format!("the query nests parentheses and NOTs more than {MAX_DEPTH} deep"),
            ));
        }
        Ok(())
    }

    fn or(&mut self) -> Result<Node, QueryError> {
        let mut items = vec![self.and()?];
        while matches!(self.toks.get(self.i), Some((Tok::Or, _))) {
            self.i += 1;
            items.push(self.and()?);
        }
        Ok(if items.len() == 1 {
            items.swap_remove(0)
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
            items.swap_remove(0)
        } else {
            Node::And(items)
        })
    }

    fn unary(&mut self) -> Result<Node, QueryError> {
        match self.toks.get(self.i) {
            Some(&(Tok::Not, pos)) => {
                self.i += 1;
                self.enter(pos)?;
                let inner = self.unary()?;
                self.depth -= 1;
                Ok(Node::Not(Box::new(inner)))
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
                self.enter(pos)?;
                let n = self.or()?;
                self.depth -= 1;
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
            if value.starts_with('"') {
                let chars: Vec<char> = value.chars().collect();
                let (text, end) = quoted(&chars, 0).ok_or_else(|| {
                    QueryError::new(self.q, vpos, "unterminated phrase: a `\"` is missing")
                })?;
                if end < chars.len() {
                    return Err(QueryError::new(
                        self.q,
                        vpos + end,
                        "a space is missing after the closing `\"`",
                    ));
                }
                return Ok(Node::Phrase {
                    field: Some(f),
                    text,
                    pos: vpos,
                });
            }
            if let Some((lo, hi)) = value.split_once("..") {
                if lo.is_empty() && hi.is_empty() {
                    return Err(QueryError::new(
                        self.q,
                        vpos,
                        format!("a range needs a bound: `{f}:A..B`, `{f}:A..` or `{f}:..B`"),
                    ));
                }
                return Ok(Node::Range {
                    field: f,
                    lo: Some(lo.to_string()).filter(|s| !s.is_empty()),
                    hi: Some(hi.to_string()).filter(|s| !s.is_empty()),
                    pos: vpos,
                });
            }
            for (op, is_lo) in [(">=", true), ("<=", false), (">", true), ("<", false)] {
                if let Some(v) = value.strip_prefix(op) {
                    if v.is_empty() {
                        return Err(QueryError::new(
                            self.q,
                            vpos,
                            format!("`{field}:{op}` needs a value after `{op}`"),
                        ));
                    }
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

    #[test]
    fn ranges_without_a_bound_are_errors_at_their_value() {
        for (q, pos) in [
            ("year:..", 5),
            ("date:..", 5),
            ("tier date:..", 10),
            ("year:>=", 5),
            ("date:<", 5),
        ] {
            let e = parse(q).unwrap_err();
            assert_eq!(e.position, pos, "{q}: {e}");
        }
        assert!(matches!(
            parse("year:2005..").unwrap(),
            Node::Range {
                lo: Some(_),
                hi: None,
                ..
            }
        ));
        assert!(matches!(
            parse("date:..2007-07").unwrap(),
            Node::Range {
                lo: None,
                hi: Some(_),
                ..
            }
        ));
    }

    #[test]
    fn nesting_is_limited_with_a_positioned_error() {
        let deep = |n: usize| format!("{}a{}", "(".repeat(n), ")".repeat(n));
        assert!(parse(&deep(MAX_DEPTH)).is_ok());
        let e = parse(&deep(MAX_DEPTH + 1)).unwrap_err();
        assert_eq!(e.position, MAX_DEPTH, "{}", e.message);
        let e = parse(&deep(10_000)).unwrap_err();
        assert_eq!(e.position, MAX_DEPTH);
        let nots = format!("{}a", "NOT ".repeat(10_000));
        let e = parse(&nots).unwrap_err();
        assert_eq!(e.position, 4 * MAX_DEPTH);
        assert!(e.message.contains("deep"), "{}", e.message);
        // Depth is nesting, not length.
        let flat = "(a) ".repeat(10_000);
        assert!(parse(&flat).is_ok());
    }

    #[test]
    fn phrases_escape_quotes_and_backslashes() {
        assert_eq!(
            parse(r#""say \"hi\"""#).unwrap(),
            Node::Phrase {
                field: None,
                text: "say \"hi\"".into(),
                pos: 0
            }
        );
        assert!(matches!(
            parse(r#"tag:"A\"B)" x"#).unwrap(),
            Node::And(v) if matches!(&v[0], Node::Phrase { text, .. } if text == "A\"B)")
        ));
        // Other backslashes stay.
        assert!(matches!(
            parse(r#""C:\dir""#).unwrap(),
            Node::Phrase { text, .. } if text == "C:\\dir"
        ));
        assert_eq!(parse(r#"tag:"a"b"#).unwrap_err().position, 7);
        assert_eq!(parse(r#""a\""#).unwrap_err().position, 0);
    }
}
