//! Facet counts over the hits of a query, from the index's fast (columnar)
//! fields.
//!
//! Searches count through a [`FacetCache`]: each segment's facet values are
//! read once into a [`SegmentFacets`] (every document's values as slots in a
//! flat array), so counting a hit is a few array reads. [`FacetCounter`]
//! counts straight from the columns (for one-off counts such as statistics):
//! each segment counts term ordinals in a flat array, and only the ordinals
//! that occur are turned into strings, in one sorted pass over the column's
//! dictionary.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::index::SegmentId;
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

/// The facet values of every document of a segment, laid out for counting:
/// each document's values as slots (one slot per facet value) in one flat
/// array. Built once per segment (segments never change), it makes counting
/// the facets of a query's hits a few array reads per hit.
pub struct SegmentFacets {
    /// `slots[offsets[d]..offsets[d + 1]]` are document `d`'s values.
    offsets: Vec<u32>,
    slots: Vec<u32>,
    /// What each slot stands for: (facet name, value).
    labels: Vec<(&'static str, String)>,
}

impl SegmentFacets {
    /// Read a segment's columns once.
    pub fn build(reader: &SegmentReader) -> tantivy::Result<SegmentFacets> {
        let ff = reader.fast_fields();
        let mut labels: Vec<(&'static str, String)> = Vec::new();
        let mut strs: Vec<(u32, StrColumn)> = Vec::new();
        for (name, field) in FACETS {
            if field == "year" {
                continue;
            }
            if let Some(col) = ff.str(field)? {
                let base = labels.len() as u32;
                let n = col.dictionary().num_terms() as u64;
                col.dictionary().sorted_ords_to_term_cb(0..n, |bytes| {
                    labels.push((name, String::from_utf8_lossy(bytes).into_owned()));
                    Ok(())
                })?;
                strs.push((base, col));
            }
        }
        let year = ff.u64("year").ok().map(|c| {
            let (lo, hi) = (c.min_value(), c.max_value());
            let base = labels.len() as u32;
            if hi >= lo && hi - lo < 10_000 {
                for y in lo..=hi {
                    labels.push(("year", y.to_string()));
                }
            }
            (base, lo, hi, c)
        });
        let max_doc = reader.max_doc();
        let mut offsets = Vec::with_capacity(max_doc as usize + 1);
        let mut slots = Vec::with_capacity(max_doc as usize * 8);
        offsets.push(0u32);
        for doc in 0..max_doc {
            for (base, col) in &strs {
                slots.extend(col.term_ords(doc).map(|o| base + o as u32));
            }
            if let Some((base, lo, hi, c)) = &year
                && hi - lo < 10_000
            {
                slots.extend(c.values_for_doc(doc).map(|y| base + (y - lo) as u32));
            }
            offsets.push(slots.len() as u32);
        }
        Ok(SegmentFacets {
            offsets,
            slots,
            labels,
        })
    }
}

/// Facet layouts of the segments a reader has seen, by segment.
#[derive(Default)]
pub struct FacetCache {
    segments: Mutex<HashMap<SegmentId, Arc<SegmentFacets>>>,
}

impl FacetCache {
    /// The layout of a segment, built on first use.
    pub fn get(&self, reader: &SegmentReader) -> tantivy::Result<Arc<SegmentFacets>> {
        let id = reader.segment_id();
        if let Some(f) = self.lock().get(&id) {
            return Ok(f.clone());
        }
        let f = Arc::new(SegmentFacets::build(reader)?);
        self.lock().insert(id, f.clone());
        Ok(f)
    }

    /// Forget segments that are no longer searched (after a reload).
    pub fn retain(&self, live: &[SegmentId]) {
        self.lock().retain(|id, _| live.contains(id));
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<SegmentId, Arc<SegmentFacets>>> {
        // A panic while building cannot leave a half-built entry behind.
        self.segments.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Collects facet counts through a [`FacetCache`] (same counts as [`FacetCounter`]).
#[derive(Clone, Copy)]
pub struct CachedFacetCounter<'a> {
    /// The cache of the index searched.
    pub cache: &'a FacetCache,
}

/// Per-segment state of [`CachedFacetCounter`].
pub struct CachedSegmentCounter {
    facets: Arc<SegmentFacets>,
    counts: Vec<u32>,
}

impl Collector for CachedFacetCounter<'_> {
    type Fruit = FacetTable;
    type Child = CachedSegmentCounter;

    fn for_segment(
        &self,
        _ord: u32,
        reader: &SegmentReader,
    ) -> tantivy::Result<CachedSegmentCounter> {
        let facets = self.cache.get(reader)?;
        let counts = vec![0u32; facets.labels.len()];
        Ok(CachedSegmentCounter { facets, counts })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<FacetTable>) -> tantivy::Result<FacetTable> {
        FacetCounter.merge_fruits(fruits)
    }
}

impl SegmentCollector for CachedSegmentCounter {
    type Fruit = FacetTable;

    fn collect(&mut self, doc: DocId, _score: Score) {
        let f = &*self.facets;
        let (a, b) = (f.offsets[doc as usize], f.offsets[doc as usize + 1]);
        for &s in &f.slots[a as usize..b as usize] {
            self.counts[s as usize] += 1;
        }
    }

    fn harvest(self) -> FacetTable {
        let mut out = FacetTable::new();
        for (name, _) in FACETS {
            out.insert(name.to_string(), HashMap::new());
        }
        for (slot, &n) in self.counts.iter().enumerate() {
            if n > 0 {
                let (name, value) = &self.facets.labels[slot];
                out.entry(name.to_string())
                    .or_default()
                    .insert(value.clone(), u64::from(n));
            }
        }
        out
    }
}
