//! A histogram of a query's hits over time: how many matching documents
//! were created in each month, read from the `created` fast field (one pass
//! over the hits, no stored documents loaded). The web app draws it above
//! the results and filters by the months a reader selects.

use std::collections::BTreeMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DocId, Score, SegmentReader};

use crate::Archive;
use crate::error::Result;

/// Hits per month, `YYYY-MM` → count, oldest first; documents without a
/// date are counted apart.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Histogram {
    /// Months with at least one hit, in order.
    pub months: Vec<(String, u64)>,
    /// Hits that carry no creation date.
    pub undated: u64,
}

/// Counts hits per month of their `created` date.
struct MonthCounter;

/// Per-segment state: the date column and counts keyed by months since year 0.
struct SegmentMonths {
    col: Option<Column<tantivy::DateTime>>,
    counts: BTreeMap<i64, u64>,
    undated: u64,
}

type Fruit = (BTreeMap<i64, u64>, u64);

impl Collector for MonthCounter {
    type Fruit = Fruit;
    type Child = SegmentMonths;

    fn for_segment(&self, _ord: u32, reader: &SegmentReader) -> tantivy::Result<SegmentMonths> {
        let col = reader.fast_fields().date("created").ok();
        Ok(SegmentMonths {
            col,
            counts: BTreeMap::new(),
            undated: 0,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Fruit>) -> tantivy::Result<Fruit> {
        let mut out = BTreeMap::new();
        let mut undated = 0;
        for (m, u) in fruits {
            undated += u;
            for (k, n) in m {
                *out.entry(k).or_default() += n;
            }
        }
        Ok((out, undated))
    }
}

impl SegmentCollector for SegmentMonths {
    type Fruit = Fruit;

    fn collect(&mut self, doc: DocId, _score: Score) {
        match self.col.as_ref().and_then(|c| c.first(doc)) {
            Some(d) => {
                let days = d.into_timestamp_secs().div_euclid(86_400);
                let (y, m, _) = civil_from_days(days);
                *self.counts.entry(y * 12 + (m as i64 - 1)).or_default() += 1;
            }
            None => self.undated += 1,
        }
    }

    fn harvest(self) -> Fruit {
        (self.counts, self.undated)
    }
}

/// Year, month and day of a count of days since 1970-01-01 (proleptic
/// Gregorian; Howard Hinnant's algorithm).
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

impl Archive {
    /// Hits of `query` (the [`crate::query`] language) per month of creation.
    pub fn histogram(&self, query_text: &str) -> Result<Histogram> {
        let q = self.compile_query(query_text)?;
        let idx = &self.index;
        let searcher = idx.reader.searcher();
        let (counts, undated) = searcher.search(&q, &MonthCounter)?;
        let months = counts
            .into_iter()
            .map(|(k, n)| {
                let (y, m) = (k.div_euclid(12), k.rem_euclid(12) + 1);
                (format!("{y:04}-{m:02}"), n)
            })
            .collect();
        Ok(Histogram { months, undated })
    }
}

#[cfg(test)]
mod tests {
    use super::civil_from_days;

    #[test]
    fn civil_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(13_710), (2007, 7, 16));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }
}
