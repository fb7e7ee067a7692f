//! The query language on hostile input, over a real archive on disk: any
//! string is either a search or a positioned error, never a panic; ranges
//! without a bound and deep nesting are errors; a tree written back as text
//! (what the server shows as the effective query) reads as the same search.

use std::path::Path;
use std::sync::OnceLock;

use cablescope_archive::ingest::Quiet;
use cablescope_archive::query::{Node, parse};
use cablescope_archive::search::SearchRequest;
use cablescope_archive::{Archive, ArchiveError};
use proptest::prelude::*;

/// A small archive: a few cables and the sample article, shared by the cases.
fn archive() -> &'static Archive {
    static A: OnceLock<(tempfile::TempDir, Archive)> = OnceLock::new();
    &A.get_or_init(|| {
        let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples");
        let dir = tempfile::tempdir().unwrap();
        let a = Archive::open(&dir.path().join("data")).unwrap();
        let inputs = [
            samples.join("corpus/body-only-text"),
            samples.join("corpus/mongo-json-flattened"),
            samples.join("seeds"),
        ];
        a.ingest(&inputs, &Quiet).unwrap();
        (dir, a)
    })
    .1
}

/// The hits of `q`, or its error; panics only on an error that is not the
/// query's (or a query error pointing outside the query).
fn run(q: &str) -> Result<(usize, Vec<String>), String> {
    let req = SearchRequest {
        limit: 50,
        snippets: false,
        ..SearchRequest::new(q)
    };
    match archive().search(&req) {
        Ok(r) => Ok((r.total, r.hits.into_iter().map(|h| h.id).collect())),
        Err(ArchiveError::Query(e)) => {
            assert!(
                e.position <= q.chars().count(),
                "{q:?}: error at {} past the end: {e}",
                e.position
            );
            Err(e.message)
        }
        Err(e) => panic!("{q:?}: not a query error: {e}"),
    }
}

/// Whether two trees are the same search: the same shape, the same leaves
/// (a phrase being a word without `*` or `~`), positions aside.
fn same_search(a: &Node, b: &Node) -> bool {
    fn leaf(n: &Node) -> Option<(Option<&str>, &str, bool, Option<u8>)> {
        match n {
            Node::Term {
                field,
                text,
                prefix,
                fuzzy,
                ..
            } => Some((field.as_deref(), text, *prefix, *fuzzy)),
            Node::Phrase { field, text, .. } => Some((field.as_deref(), text, false, None)),
            _ => None,
        }
    }
    match (a, b) {
        (Node::And(x), Node::And(y)) | (Node::Or(x), Node::Or(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same_search(a, b))
        }
        (Node::Not(x), Node::Not(y)) => same_search(x, y),
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
        _ => leaf(a).is_some() && leaf(a) == leaf(b),
    }
}

/// Values a field may be given, odd ones included.
const VALUES: [&str; 16] = [
    "",
    "tier",
    "2007",
    "2007-07",
    "2007-07-16",
    "2007-13-45",
    "1899",
    "PREL",
    "SECRET",
    "yes",
    "no",
    "07KUALALUMPUR1145",
    "é",
    "日本",
    "99999999999",
    "\"a b\"",
];

/// A value, often empty.
fn value() -> impl Strategy<Value = &'static str> {
    prop_oneof![1 => Just(""), 2 => prop::sample::select(VALUES.to_vec())]
}

/// `field:value ` with a range operator or none, either bound possibly
/// empty, and a space after it.
fn fielded() -> impl Strategy<Value = String> {
    (
        prop::sample::select(cablescope_archive::query::FIELDS),
        prop::sample::select(vec!["", "..", ">=", "<=", ">", "<"]),
        value(),
        value(),
    )
        .prop_map(|(f, op, a, b)| match op {
            ".." => format!("{f}:{a}..{b} "),
            op => format!("{f}:{op}{a} "),
        })
}

/// Query-shaped strings: the language's pieces in any order.
fn query_text() -> impl Strategy<Value = String> {
    let syntax = prop_oneof![
        Just("(".to_string()),
        Just(")".to_string()),
        Just("\"".to_string()),
        Just("\\".to_string()),
        Just(" ".to_string()),
        Just(" AND ".to_string()),
        Just(" OR ".to_string()),
        Just("NOT ".to_string()),
        Just("-".to_string()),
        Just("!".to_string()),
        Just("+".to_string()),
        Just("*".to_string()),
        Just("~".to_string()),
        Just("..".to_string()),
        Just(">=".to_string()),
        Just("<".to_string()),
        Just(":".to_string()),
        prop::sample::select(cablescope_archive::query::FIELDS).prop_map(|f| format!("{f}:")),
        prop::sample::select(vec![
            "tier",
            "iran",
            "2007",
            "2007-07",
            "2007-13-45",
            "PREL",
            "SECRET",
            "yes",
            "kuala",
            "lumpur",
            "07KUALALUMPUR1145",
            "é",
            "日本",
            "0",
            "99999999999",
        ])
        .prop_map(str::to_string),
        "[a-z0-9]{1,6}",
    ];
    let piece = prop_oneof![3 => fielded(), 7 => syntax];
    prop::collection::vec(piece, 0..14).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1500, ..ProptestConfig::default() })]

    /// Any query-shaped string: a search or a positioned error; and a parsed
    /// tree written back as text is the same tree and finds the same hits.
    #[test]
    fn any_query_is_a_search_or_a_positioned_error(q in query_text()) {
        let searched = run(&q);
        if let Ok(tree) = parse(&q) {
            let text = tree.to_string();
            let again = parse(&text).unwrap_or_else(|e| panic!("{q:?} -> {text:?}: {e}"));
            prop_assert!(same_search(&tree, &again), "{:?} -> {:?}: {:?} vs {:?}", q, text, tree, again);
            prop_assert_eq!(again.to_string(), text.clone());
            prop_assert_eq!(run(&text), searched, "{:?} -> {:?}", q, text);
        }
    }

    /// Any string at all (control characters, any script): never a panic.
    #[test]
    fn any_string_is_a_search_or_a_positioned_error(q in any::<String>()) {
        let _ = run(&q);
    }
}

#[test]
fn ranges_without_a_bound_are_query_errors() {
    for (q, pos) in [("year:..", 5), ("date:..", 5), ("kuala date:..", 11)] {
        match archive().search(&SearchRequest::new(q)) {
            Err(ArchiveError::Query(e)) => assert_eq!(e.position, pos, "{q}: {e}"),
            other => panic!("{q}: {other:?}"),
        }
    }
    // Half-open ranges still search.
    assert!(run("year:2000..").is_ok());
    assert!(run("date:..2010-12").is_ok());
}

#[test]
fn deep_nesting_is_a_query_error_not_a_stack_overflow() {
    for q in [
        format!("{}tier{}", "(".repeat(10_000), ")".repeat(10_000)),
        format!("{}tier", "NOT ".repeat(10_000)),
        format!("{}tier", "-(".repeat(10_000)),
    ] {
        let e = run(&q).unwrap_err();
        assert!(e.contains("deep"), "{e}");
    }
}

#[test]
fn built_filters_cannot_be_escaped_by_the_query() {
    let a = archive();
    let filter = Node::field_value("origin", "HARARE");
    let everything = a
        .search_filtered(&SearchRequest::new(""), std::slice::from_ref(&filter))
        .unwrap();
    assert!(everything.total >= 1);
    // A query that would close a string-built group is a query error on its own.
    assert!(matches!(
        a.search_filtered(
            &SearchRequest::new("tier) OR (tier"),
            std::slice::from_ref(&filter)
        ),
        Err(ArchiveError::Query(_))
    ));
    // An OR in the query stays inside it.
    let r = a
        .search_filtered(
            &SearchRequest {
                limit: 100,
                ..SearchRequest::new("kind:cable OR kind:article")
            },
            &[filter],
        )
        .unwrap();
    assert_eq!(r.total, everything.total);
    // A value with quotes and parentheses is one exact value.
    let odd = Node::field_value("tag", "A\"B) OR (C");
    let r = a
        .search_filtered(&SearchRequest::new("kind:cable"), &[odd])
        .unwrap();
    assert_eq!(r.total, 0);
}
