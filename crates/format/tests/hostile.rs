//! Hostile and damaged inputs of issue 11, each a test that failed before
//! its fix: what one document may cost (a cable of 50,000 REFs, 200,000
//! nested `<div>`s and other pathological HTML), and the small defects
//! (a stray quote in a `cables.csv` body, random bytes read as an article
//! with control characters in its title).
//!
//! Times are asserted generously (a budget of seconds for what takes tens of
//! milliseconds in a release build; ten times that in a debug build), so the
//! tests check behaviour, not speed: each of these inputs took minutes, or
//! did not finish, before. Near-linear growth is checked by `scaling.rs`.

use std::time::{Duration, Instant};

use cablescope_format::{Input, Kind, Record, parse};

/// The budget of one parse: 3 s in a release build, 30 s in a debug build.
fn budget() -> Duration {
    Duration::from_secs(if cfg!(debug_assertions) { 30 } else { 3 })
}

/// Parse `bytes`, asserting that it took less than the budget.
fn parse_within_budget(name: &str, bytes: &[u8]) -> Vec<Record> {
    let t = Instant::now();
    let recs = parse(Input { path: name, bytes });
    let spent = t.elapsed();
    println!("{name}: {} bytes parsed in {spent:?}", bytes.len());
    assert!(
        spent < budget(),
        "{name}: {spent:?} (budget {:?})",
        budget()
    );
    recs
}

const HEAD: &str = "DE RUEHKL #1145/01 1970138\nO 160138Z JUL 07\nFM AMEMBASSY KUALA LUMPUR\nTO RUEHC/SECSTATE WASHDC IMMEDIATE 9638\n\nC O N F I D E N T I A L SECTION 01 OF 03 KUALA LUMPUR 001145\n\nE.O. 12958: DECL: 07/16/2017\nTAGS: PREL PHUM MY\nSUBJECT: TRAFFICKING IN PERSONS\n";

#[test]
fn a_cable_of_50000_references_parses_in_well_under_a_second() {
    // Each reference on its own line, labelled A. to Z. over and over (9 s before).
    let items: Vec<String> = (0..50_000)
        .map(|k| format!("{}. 07 STATE {}", (b'A' + (k % 26) as u8) as char, k + 1))
        .collect();
    let text = format!("{HEAD}REF: {}\n\n1. (C) Text.\n", items.join("\n"));
    let recs = parse_within_budget("refs-lines.txt", text.as_bytes());
    assert_eq!(recs[0].kind, Kind::Cable);
    assert_eq!(recs[0].references.len(), 50_000);
    assert_eq!(
        recs[0].references[49_999].id.as_deref(),
        Some("07STATE50000")
    );
    // All on one line, and each of them twice: 50,000 distinct ones kept, in order.
    let items: Vec<String> = (0..100_000)
        .map(|k| format!("STATE {}", 100_000 + k % 50_000))
        .collect();
    let text = format!("{HEAD}REF: {}\n\n1. (C) Text.\n", items.join("; "));
    let recs = parse_within_budget("refs-line.txt", text.as_bytes());
    let ids: Vec<&str> = recs[0]
        .references
        .iter()
        .filter_map(|r| r.id.as_deref())
        .collect();
    assert_eq!(ids.len(), 50_000);
    assert_eq!(ids[0], "07STATE100000");
    assert_eq!(ids[49_999], "07STATE149999");
}

#[test]
fn a_cable_of_100000_tags_parses_in_well_under_a_second() {
    let tags: Vec<String> = (0..100_000).map(|k| format!("K{}", k % 50_000)).collect();
    let text = format!(
        "UNCLAS STATE 000123\n\nE.O. 12958: N/A\nTAGS: {}\nSUBJECT: X\n\n1. (U) Text.\n",
        tags.join(", ")
    );
    let recs = parse_within_budget("tags.txt", text.as_bytes());
    assert_eq!(recs[0].tags.len(), 50_000);
    assert_eq!(recs[0].tags[49_999], "K49999");
}

/// Parse a page, asserting the budget, that it gave one record and that its
/// text is kept.
fn page(name: &str, html: &str, kept: &str) -> Record {
    let mut recs = parse_within_budget(name, html.as_bytes());
    assert_eq!(recs.len(), 1, "{name}");
    let rec = recs.remove(0);
    assert!(rec.failure().is_none(), "{name}: {:?}", rec.diagnostics);
    let all = format!(
        "{}{}",
        rec.text,
        rec.article.as_ref().map_or("", |a| a.text.as_str())
    );
    assert!(all.contains(kept), "{name}: `{kept}` lost");
    rec
}

#[test]
fn pathological_html_parses_in_well_under_a_few_seconds_and_keeps_its_text() {
    let nested = |n: usize| {
        format!(
            "<html><head><title>Deep</title></head><body>{}deep text{}</body></html>",
            "<div>".repeat(n),
            "</div>".repeat(n)
        )
    };
    let noted = |rec: &Record, what: &str| {
        assert!(
            rec.diagnostics
                .iter()
                .any(|d| d.field == "document" && d.message.contains(what)),
            "{what}: {:?}",
            rec.diagnostics
        );
    };
    // 200,000 nested divs (2 MB, did not parse in 120 s): more elements than
    // a DOM should hold, read as text.
    let rec = page("divs.html", &nested(200_000), "deep text");
    noted(&rec, "read as text without its markup");
    // 50,000: the markup past 256 levels flattened, the page read as HTML.
    let rec = page("divs-50k.html", &nested(50_000), "deep text");
    noted(&rec, "nested deeper than 256 levels");
    // Unclosed elements of every kind, 100,000 of each.
    for (name, piece) in [
        ("p.html", "<p>text "),
        ("divs-unclosed.html", "<div>text "),
        ("tables.html", "<table><tr><td>text "),
        ("lists.html", "<ul><li>text "),
        ("formatting.html", "<b><i><a href=x>text "),
        ("select.html", "<select><option>text "),
    ] {
        page(
            name,
            &format!("<html><body>{} the end", piece.repeat(100_000)),
            "the end",
        );
    }
    // One tag of a million attributes.
    let attrs: String = (0..1_000_000).map(|k| format!(" a{k}=\"v\"")).collect();
    let rec = page(
        "attributes.html",
        &format!("<html><body><div{attrs}>the text</div></body></html>"),
        "the text",
    );
    noted(&rec, "attributes of tags that have more than 256");
}
