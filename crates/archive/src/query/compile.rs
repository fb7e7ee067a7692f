//! Turning a query tree into a tantivy query over the archive's schema.

use std::ops::Bound;

use cablescope_format::ids::canonical_id;
use cablescope_format::tables::origins;
use tantivy::Term;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, EmptyQuery, FuzzyTermQuery, Occur, PhraseQuery, Query,
    RangeQuery, RegexQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;

use super::{Node, QueryError};
use crate::index::document::{days_from_civil, parse_iso};
use crate::index::schema::Fields;

/// What compiling needs: the schema fields and the analyzers the index uses.
pub struct Compiler<'a> {
    /// Field handles.
    pub fields: &'a Fields,
    /// The stemming analyzer of `subject` and `body`.
    pub stem: TextAnalyzer,
    /// The plain word analyzer of `from`, `to`, `classified_by`.
    pub words: TextAnalyzer,
    /// The query text (for error messages).
    pub query: &'a str,
    /// Cables the press reports and quotes (for `reported:` and `quoted:`).
    pub press: Option<crate::links::filter::PressSets>,
}

/// How deep a tree may nest when compiled: the parser's limit, with room
/// for the groups a program wraps around a parsed query.
pub const MAX_COMPILE_DEPTH: usize = 2 * super::MAX_DEPTH;

/// Compile a query tree (parsed, or built with its filters).
pub fn compile(c: &mut Compiler<'_>, node: &Node) -> Result<Box<dyn Query>, QueryError> {
    compile_at(c, node, 0)
}

fn compile_at(
    c: &mut Compiler<'_>,
    node: &Node,
    depth: usize,
) -> Result<Box<dyn Query>, QueryError> {
    if depth > MAX_COMPILE_DEPTH {
        return Err(QueryError::new(
            c.query,
            0,
            format!("the query nests more than {MAX_COMPILE_DEPTH} deep"),
        ));
    }
    let d = depth + 1;
    Ok(match node {
        Node::And(items) => {
            let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            for n in items {
                match n {
                    Node::Not(inner) => clauses.push((Occur::MustNot, compile_at(c, inner, d)?)),
                    _ => clauses.push((Occur::Must, compile_at(c, n, d)?)),
                }
            }
            if clauses.iter().all(|(o, _)| *o == Occur::MustNot) {
                clauses.push((Occur::Must, Box::new(AllQuery)));
            }
            Box::new(BooleanQuery::new(clauses))
        }
        Node::Or(items) => {
            let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            for n in items {
                clauses.push((Occur::Should, compile_at(c, n, d)?));
            }
            Box::new(BooleanQuery::new(clauses))
        }
        Node::Not(inner) => Box::new(BooleanQuery::new(vec![
            (Occur::Must, Box::new(AllQuery)),
            (Occur::MustNot, compile_at(c, inner, d)?),
        ])),
        Node::Term {
            field,
            text,
            prefix,
            fuzzy,
            pos,
        } => match text_targets(c, field.as_deref()) {
            Some(targets) => text_query(c, &targets, text, *prefix, *fuzzy, *pos)?,
            None => field_query(c, field.as_deref().unwrap_or(""), text, *prefix, *pos)?,
        },
        Node::Phrase { field, text, pos } => match text_targets(c, field.as_deref()) {
            Some(targets) => phrase_query(c, &targets, text)?,
            None => field_query(c, field.as_deref().unwrap_or(""), text, false, *pos)?,
        },
        Node::Range { field, lo, hi, pos } => {
            range_query(c, field, lo.as_deref(), hi.as_deref(), *pos)?
        }
    })
}

/// The text fields a word or phrase in `field` searches (with their
/// boosts), or `None` for the other fields.
fn text_targets(c: &Compiler<'_>, field: Option<&str>) -> Option<Vec<(Field, f32)>> {
    match field {
        None => Some(vec![(c.fields.subject, 2.0), (c.fields.body, 1.0)]),
        Some("subject") => Some(vec![(c.fields.subject, 1.0)]),
        Some("body") => Some(vec![(c.fields.body, 1.0)]),
        Some(_) => None,
    }
}

fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut ts = analyzer.token_stream(text);
    while ts.advance() {
        out.push(ts.token().text.clone());
    }
    out
}

fn text_query(
    c: &mut Compiler<'_>,
    targets: &[(Field, f32)],
    text: &str,
    prefix: bool,
    fuzzy: Option<u8>,
    pos: usize,
) -> Result<Box<dyn Query>, QueryError> {
    if prefix {
        let lower = text.to_lowercase();
        if lower.chars().count() < 2 {
            return Err(QueryError::new(
                c.query,
                pos,
                "a prefix needs at least two characters",
            ));
        }
        let pattern = format!("{}.*", regex_escape(&lower));
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (f, boost) in targets {
            let q = RegexQuery::from_pattern(&pattern, *f)
                .map_err(|e| QueryError::new(c.query, pos, e.to_string()))?;
            clauses.push((
                Occur::Should,
                Box::new(BoostQuery::new(Box::new(q), *boost)),
            ));
        }
        return Ok(Box::new(BooleanQuery::new(clauses)));
    }
    if let Some(d) = fuzzy {
        let toks = tokens(&mut c.stem, text);
        let Some(t) = toks.first() else {
            return Ok(Box::new(EmptyQuery));
        };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (f, boost) in targets {
            let q = FuzzyTermQuery::new(Term::from_field_text(*f, t), d.clamp(1, 2), true);
            clauses.push((
                Occur::Should,
                Box::new(BoostQuery::new(Box::new(q), *boost)),
            ));
        }
        return Ok(Box::new(BooleanQuery::new(clauses)));
    }
    phrase_query(c, targets, text)
}

/// A word or phrase over several fields (any may match).
fn phrase_query(
    c: &mut Compiler<'_>,
    targets: &[(Field, f32)],
    text: &str,
) -> Result<Box<dyn Query>, QueryError> {
    let toks = tokens(&mut c.stem, text);
    if toks.is_empty() {
        return Ok(Box::new(EmptyQuery));
    }
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for (f, boost) in targets {
        let q: Box<dyn Query> = if toks.len() == 1 {
            Box::new(TermQuery::new(
                Term::from_field_text(*f, &toks[0]),
                IndexRecordOption::WithFreqs,
            ))
        } else {
            Box::new(PhraseQuery::new(
                toks.iter().map(|t| Term::from_field_text(*f, t)).collect(),
            ))
        };
        clauses.push((Occur::Should, Box::new(BoostQuery::new(q, *boost))));
    }
    Ok(if clauses.len() == 1 {
        clauses.swap_remove(0).1
    } else {
        Box::new(BooleanQuery::new(clauses))
    })
}

fn regex_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        if "\\.+*?()|[]{}^$#&-~".contains(ch) {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

fn exact(f: Field, v: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(f, v),
        IndexRecordOption::Basic,
    ))
}

fn words_query(c: &mut Compiler<'_>, f: Field, text: &str) -> Box<dyn Query> {
    let toks = tokens(&mut c.words, text);
    match toks.len() {
        0 => Box::new(EmptyQuery),
        1 => Box::new(TermQuery::new(
            Term::from_field_text(f, &toks[0]),
            IndexRecordOption::WithFreqs,
        )),
        _ => Box::new(PhraseQuery::new(
            toks.iter().map(|t| Term::from_field_text(f, t)).collect(),
        )),
    }
}

fn field_query(
    c: &mut Compiler<'_>,
    field: &str,
    value: &str,
    prefix: bool,
    pos: usize,
) -> Result<Box<dyn Query>, QueryError> {
    let f = c.fields;
    let up = value.trim().to_uppercase();
    Ok(match field {
        "tag" if prefix => Box::new(
            RegexQuery::from_pattern(&format!("{}.*", regex_escape(&up)), f.tag)
                .map_err(|e| QueryError::new(c.query, pos, e.to_string()))?,
        ),
        "tag" => exact(f.tag, &up),
        "caveat" => exact(f.caveat, &up),
        "signer" => exact(f.signer, &up),
        "kind" => exact(f.kind, &value.to_lowercase()),
        "reported" | "quoted" => crate::links::filter::filter(f, c.press.as_ref(), field, value)
            .map_err(|m| QueryError::new(c.query, pos, m))?,
        "country" => exact(f.country, &value.to_lowercase()),
        "id" => exact(f.id, &canonical_id(value).unwrap_or(up)),
        "ref" => exact(f.refs, &canonical_id(value).unwrap_or(up)),
        "class" => {
            let level = match up.as_str() {
                "U" | "UNCLAS" | "UNCLASSIFIED" => "UNCLASSIFIED",
                "C" | "CONFIDENTIAL" => "CONFIDENTIAL",
                "S" | "SECRET" => "SECRET",
                "SBU" | "FOUO" => return Ok(exact(f.class, "UNCLASSIFIED//FOR OFFICIAL USE ONLY")),
                "NOFORN" | "NF" => return Ok(exact(f.caveat, "NOFORN")),
                other if other.contains("//") => return Ok(exact(f.class, other)),
                other => {
                    return Err(QueryError::new(
                        c.query,
                        pos,
                        format!(
                            "unknown classification `{other}` (UNCLASSIFIED, CONFIDENTIAL, SECRET, or a full label such as SECRET//NOFORN)"
                        ),
                    ));
                }
            };
            exact(f.class_level, level)
        }
        "origin" => {
            let t = origins();
            let e = t
                .by_id(&up)
                .or_else(|| t.resolve_name(value))
                .or_else(|| t.by_display_name(value));
            match e {
                Some(e) => exact(f.origin, &e.id),
                None => {
                    // Not a known post: match the words of the FM line.
                    words_query(c, f.from, value)
                }
            }
        }
        "from" => words_query(c, f.from, value),
        "to" => words_query(c, f.to, value),
        "classified_by" => words_query(c, f.classified_by, value),
        "year" | "date" => return range_query(c, field, Some(value), Some(value), pos),
        other => {
            return Err(QueryError::new(
                c.query,
                pos,
                format!("unknown field `{other}:`"),
            ));
        }
    })
}

/// Bounds of a date as written: `2007`, `2007-07`, `2007-07-16`.
fn date_bounds(s: &str) -> Option<(i64, i64)> {
    let parts: Vec<&str> = s.split('-').collect();
    let y: i32 = parts.first()?.parse().ok()?;
    if !(1900..=2100).contains(&y) {
        return None;
    }
    let day = |y: i32, m: u32, d: u32| days_from_civil(y, m, d) * 86_400;
    match parts.len() {
        1 => Some((day(y, 1, 1), day(y + 1, 1, 1) - 1)),
        2 => {
            let m: u32 = parts[1].parse().ok().filter(|m| (1..=12).contains(m))?;
            let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
            Some((day(y, m, 1), day(ny, nm, 1) - 1))
        }
        3 => {
            let iso = format!("{s}T00:00:00Z");
            let start = parse_iso(&iso)?.into_timestamp_secs();
            Some((start, start + 86_399))
        }
        _ => None,
    }
}

fn range_query(
    c: &mut Compiler<'_>,
    field: &str,
    lo: Option<&str>,
    hi: Option<&str>,
    pos: usize,
) -> Result<Box<dyn Query>, QueryError> {
    let f = c.fields;
    if lo.is_none() && hi.is_none() {
        return Err(QueryError::new(
            c.query,
            pos,
            format!("a range needs a bound: `{field}:A..B`, `{field}:A..` or `{field}:..B`"),
        ));
    }
    match field {
        "year" => {
            let parse = |v: Option<&str>| -> Result<Option<u64>, QueryError> {
                v.map(|v| {
                    v.parse::<u64>()
                        .map_err(|_| QueryError::new(c.query, pos, format!("`{v}` is not a year")))
                })
                .transpose()
            };
            let (lo, hi) = (parse(lo)?, parse(hi)?);
            let b = |v: Option<u64>| {
                v.map(|v| Bound::Included(Term::from_field_u64(f.year, v)))
                    .unwrap_or(Bound::Unbounded)
            };
            Ok(Box::new(RangeQuery::new(b(lo), b(hi))))
        }
        "date" | "created" => {
            let bound = |v: Option<&str>, upper: bool| -> Result<Bound<Term>, QueryError> {
                match v {
                    None => Ok(Bound::Unbounded),
                    Some(v) => {
                        let (a, b) = date_bounds(v).ok_or_else(|| {
                            QueryError::new(
                                c.query,
                                pos,
                                format!("`{v}` is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"),
                            )
                        })?;
                        let secs = if upper { b } else { a };
                        Ok(Bound::Included(Term::from_field_date(
                            f.created,
                            tantivy::DateTime::from_timestamp_secs(secs),
                        )))
                    }
                }
            };
            Ok(Box::new(RangeQuery::new(
                bound(lo, false)?,
                bound(hi, true)?,
            )))
        }
        other => Err(QueryError::new(
            c.query,
            pos,
            format!("`{other}:` does not take a range (year: and date: do)"),
        )),
    }
}
