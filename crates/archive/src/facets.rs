//! Facet counts over the hits of a query, from the index's fast (columnar)
//! fields: each segment counts term ordinals in a flat array, and only the
//! ordinals that occur are turned into strings, in one sorted pass over the
//! column's dictionary.

use std::collections::{BTreeMap, HashMap};

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocId, Score, SegmentReader};

/// The facets counted: (name shown to users, fast field holding it).
pub const FACETS: [(&str, &str); 6] = [
    ("origin", "fast_origin"),
    ("country", "fast_country"),
    ("tag", "tag"),
    ("classification", "fast_class"),
    ("year", "year"),
    ("caveat", "fast_caveat"),
];

/// Counts of every value of every facet among the hits.
pub type FacetTable = BTreeMap<String, HashMap<String, u64>>;

/// Collects facet counts.
pub struct FacetCounter;

/// Per-segment state.
pub struct SegmentCounter {
    strs: Vec<(&'static str, Option<StrColumn>, Vec<u32>)>,
    year: Option<(Column<u64>, HashMap<u64, u64>)>,
}

impl Collector for FacetCounter {
    type Fruit = FacetTable;
    type Child = SegmentCounter;

    fn for_segment(&self, _ord: u32, reader: &SegmentReader) -> tantivy::Result<SegmentCounter> {
        let ff = reader.fast_fields();
        let mut strs = Vec::new();
        for (name, field) in FACETS {
            if field == "year" {
                continue;
            }
            let col = ff.str(field)?;
            let n = col
                .as_ref()
                .map(|c| c.dictionary().num_terms())
                .unwrap_or(0);
            strs.push((name, col, vec![0u32; n]));
        }
        let year = ff.u64("year").ok().map(|c| (c, HashMap::new()));
        Ok(SegmentCounter { strs, year })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<FacetTable>) -> tantivy::Result<FacetTable> {
        let mut out = FacetTable::new();
        for f in fruits {
            for (name, values) in f {
                let e = out.entry(name).or_default();
                for (v, n) in values {
                    *e.entry(v).or_default() += n;
                }
            }
        }
        Ok(out)
    }
}

impl SegmentCollector for SegmentCounter {
    type Fruit = FacetTable;

    fn collect(&mut self, doc: DocId, _score: Score) {
        for (_, col, counts) in &mut self.strs {
            if let Some(c) = col {
                for ord in c.term_ords(doc) {
                    if let Some(slot) = counts.get_mut(ord as usize) {
                        *slot += 1;
                    }
                }
            }
        }
        if let Some((c, counts)) = &mut self.year {
            for y in c.values_for_doc(doc) {
                *counts.entry(y).or_default() += 1;
            }
        }
    }

    fn harvest(self) -> FacetTable {
        let mut out = FacetTable::new();
        for (name, col, counts) in self.strs {
            let mut values = HashMap::new();
            if let Some(c) = col {
                let ords: Vec<(u64, u32)> = counts
                    .iter()
                    .enumerate()
                    .filter(|(_, n)| **n > 0)
                    .map(|(o, n)| (o as u64, *n))
                    .collect();
                let mut it = ords.iter();
                let _ =
                    c.dictionary()
                        .sorted_ords_to_term_cb(ords.iter().map(|(o, _)| *o), |bytes| {
                            if let Some((_, n)) = it.next() {
                                values.insert(
                                    String::from_utf8_lossy(bytes).into_owned(),
                                    u64::from(*n),
                                );
                            }
                            Ok(())
                        });
            }
            out.insert(name.to_string(), values);
        }
        if let Some((_, counts)) = self.year {
            out.insert(
                "year".into(),
                counts
                    .into_iter()
                    .map(|(y, n)| (y.to_string(), n))
                    .collect(),
            );
        }
        out
    }
}

/// The `k` most frequent values of a facet (ties by value; years by value, newest first).
pub fn top(values: &HashMap<String, u64>, k: usize, by_value: bool) -> Vec<(String, u64)> {
    let mut v: Vec<(String, u64)> = values.iter().map(|(a, b)| (a.clone(), *b)).collect();
    if by_value {
        v.sort_by(|a, b| b.0.cmp(&a.0));
    } else {
        v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    }
    v.truncate(k);
    v
}
