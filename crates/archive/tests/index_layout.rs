//! The index keeps no body text: snippets are cut from the store's copies.
//! An index an earlier version made with another layout is rebuilt from the
//! store when the archive opens, and nothing is lost.

use std::path::{Path, PathBuf};

use cablescope_archive::Archive;
use cablescope_archive::ingest::Quiet;
use cablescope_archive::search::SearchRequest;

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples")
}

/// Ids and snippets of a search.
fn hits(a: &Archive, q: &str) -> Vec<(String, String)> {
    let mut r = SearchRequest::new(q);
    r.limit = 50;
    a.search(&r)
        .unwrap()
        .hits
        .into_iter()
        .map(|h| (h.id, h.snippet))
        .collect()
}

#[test]
fn snippets_come_from_the_stored_copies() {
    let dir = tempfile::tempdir().unwrap();
    let a = Archive::open(&dir.path().join("data")).unwrap();
    a.ingest(&[samples()], &Quiet).unwrap();
    let found = hits(&a, "trafficking");
    assert!(!found.is_empty());
    for (id, snippet) in &found {
        assert!(
            snippet.to_lowercase().contains("<b>traffick"),
            "{id}: {snippet}"
        );
        assert!(!snippet.contains('\n'), "{id}: {snippet}");
    }
    // A snippet of the body, not of the transmission header.
    let r = a.search(&SearchRequest::new("kuala lumpur")).unwrap();
    for h in &r.hits {
        assert!(
            !h.snippet.contains("FM AMEMBASSY"),
            "{}: {}",
            h.id,
            h.snippet
        );
    }
}

#[test]
fn an_index_of_another_layout_is_rebuilt_from_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let (counts, before) = {
        let a = Archive::open(&data).unwrap();
        a.ingest(&[samples()], &Quiet).unwrap();
        (
            a.store.counts().unwrap(),
            hits(&a, "election OR trafficking"),
        )
    };
    assert!(!before.is_empty());
    // Replace the index by one with another schema, as an older version's.
    let index = data.join("index");
    std::fs::remove_dir_all(&index).unwrap();
    std::fs::create_dir_all(&index).unwrap();
    {
        let mut b = tantivy::schema::Schema::builder();
        let body = b.add_text_field("body", tantivy::schema::TEXT | tantivy::schema::STORED);
        let old = tantivy::Index::create_in_dir(&index, b.build()).unwrap();
        let mut w: tantivy::IndexWriter = old.writer(15_000_000).unwrap();
        w.add_document(tantivy::doc!(body => "an old document"))
            .unwrap();
        w.commit().unwrap();
    }
    let a = Archive::open(&data).unwrap();
    assert_eq!(a.store.counts().unwrap(), counts);
    assert!(a.store.dirty_docs().unwrap().is_empty());
    assert_eq!(hits(&a, "election OR trafficking"), before);
    assert_eq!(
        a.index.reader.searcher().num_docs(),
        counts.0,
        "every stored document indexed once"
    );
}
