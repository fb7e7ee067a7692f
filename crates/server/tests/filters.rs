//! A search's filters hold whatever the query says, over a real archive and
//! a real server on loopback: the server joins the facet, month and
//! exclusion filters to the parsed query as trees, so a query that would
//! close a string-built group (`the) OR (the`) cannot reach past them, and a
//! facet value holding a quote and a parenthesis is one exact value.

mod common;

use cablescope_server::security::Limits;
use common::{TOKEN, TestServer};
use serde_json::Value;

fn enc(v: &str) -> String {
    form_urlencoded::byte_serialize(v.as_bytes()).collect()
}

/// The hits of a search, as (id, origin) pairs.
fn hits(j: &Value) -> Vec<(String, String)> {
    j["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["id"].as_str().unwrap_or("").to_string(),
                h["origin"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

/// The values of facet `name` in a search answer.
fn facet(j: &Value, name: &str) -> Vec<Value> {
    j["facets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == name)
        .and_then(|f| f["values"].as_array().cloned())
        .unwrap_or_default()
}

#[test]
fn the_query_cannot_undo_the_filters() {
    let s = TestServer::start(Some(TOKEN), Limits::default());
    // An origin that holds some of the hits of a common word, not all.
    let all = s.get("/api/search?q=the&per=100").json();
    let origin = facet(&all, "origin")
        .into_iter()
        .find(|v| v["count"].as_u64() < all["total"].as_u64())
        .unwrap_or_else(|| panic!("one origin only: {all}"))["value"]
        .as_str()
        .unwrap()
        .to_string();
    let f = enc(&format!("origin:{origin}"));
    let only = s.get(&format!("/api/search?q=the&f={f}&per=100")).json();
    assert!(only["total"].as_u64() < all["total"].as_u64());
    // A query that would close a string-built group: an error of the query,
    // or only the origin's cables, never the others.
    for q in [
        "the) OR (the",
        "the)) OR ((the",
        "the) OR kind:cable OR (the",
    ] {
        let a = s.get(&format!(
            "/api/search?q={}&f={f}&from=1900-01&per=100",
            enc(q)
        ));
        if a.status == 400 {
            assert_eq!(a.json()["error"]["code"], "bad_query", "{q}");
            continue;
        }
        assert_eq!(a.status, 200, "{q}: {}", a.text());
        for (id, o) in hits(&a.json()) {
            assert_eq!(o, origin, "{q}: {id} escaped the origin filter");
        }
    }
    // An OR inside the query stays inside it.
    let a = s
        .get(&format!(
            "/api/search?q={}&f={f}&per=100",
            enc("the OR kind:cable OR kind:article")
        ))
        .json();
    for (id, o) in hits(&a) {
        assert_eq!(o, origin, "{id}");
    }
    let shown = a["effective_query"].as_str().unwrap();
    assert!(
        shown.starts_with("(the OR kind:cable OR kind:article) origin:"),
        "{shown}"
    );

    // A facet value holding a quote and a parenthesis filters to its cable.
    let text = "O 020202Z JAN 09\nFM AMEMBASSY KUALA LUMPUR\nTO SECSTATE WASHDC IMMEDIATE 0002\n\nUNCLAS KUALA LUMPUR 000997\n\nE.O. 12958: N/A\nTAGS: PREL MY A\"B)C\nSUBJECT: ODD TAGS\n\n1. (U) A cable whose TAGS hold a quote and a parenthesis.\n";
    let a = s.admin(
        "POST",
        "/api/admin/upload?name=odd-tags.txt",
        text.as_bytes(),
    );
    assert_eq!(a.status, 200, "{}", a.text());
    let a = s.admin("POST", "/api/admin/ingest?name=odd-tags.txt", b"");
    assert_eq!(a.status, 200, "{}", a.text());
    assert_eq!(a.json()["new_cables"], 1, "{}", a.text());
    let odd = enc("tag:A\"B)C");
    let j = s.get(&format!("/api/search?f={odd}")).json();
    assert_eq!(j["total"], 1, "{j}");
    assert_eq!(j["hits"][0]["id"], "09KUALALUMPUR997");
    assert!(
        facet(&j, "tag").iter().any(|v| v["value"] == "A\"B)C"),
        "{j}"
    );
    // Excluding it leaves every other document; the page renders too.
    let x = s.get(&format!("/api/search?x={odd}")).json();
    let every = s.get("/api/search").json();
    assert_eq!(
        x["total"].as_u64().unwrap() + 1,
        every["total"].as_u64().unwrap()
    );
    let page = s.get(&format!("/?f={odd}"));
    assert_eq!(page.status, 200);
    assert!(page.text().contains("09KUALALUMPUR997"));
}
