//! Facet counts through the per-segment cache equal counts read straight from
//! the columns, on a real index.

use std::path::Path;

use cablescope_archive::Archive;
use cablescope_archive::facets::{CachedFacetCounter, FacetCounter};
use cablescope_archive::ingest::Quiet;
use tantivy::Term;
use tantivy::query::{AllQuery, Query, TermQuery};
use tantivy::schema::IndexRecordOption;

#[test]
fn cached_counts_equal_direct_counts() {
    let dir = tempfile::tempdir().unwrap();
    let a = Archive::open(&dir.path().join("data")).unwrap();
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples");
    a.ingest(&[samples], &Quiet).unwrap();
    let f = &a.index.fields;
    let queries: Vec<Box<dyn Query>> = vec![
        Box::new(AllQuery),
        Box::new(TermQuery::new(
            Term::from_field_text(f.tag, "PREL"),
            IndexRecordOption::Basic,
        )),
        Box::new(TermQuery::new(
            Term::from_field_text(f.class_level, "SECRET"),
            IndexRecordOption::Basic,
        )),
    ];
    let searcher = a.index.reader.searcher();
    let cached = CachedFacetCounter {
        cache: &a.index.facet_cache,
    };
    for q in &queries {
        let direct = searcher.search(q.as_ref(), &FacetCounter).unwrap();
        // Twice: building the layout, then reading it.
        assert_eq!(searcher.search(q.as_ref(), &cached).unwrap(), direct);
        assert_eq!(searcher.search(q.as_ref(), &cached).unwrap(), direct);
        assert!(direct["origin"].values().sum::<u64>() > 0, "{q:?}");
    }
}
