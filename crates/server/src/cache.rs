//! A bounded in-memory cache of search answers. The archive only changes
//! through an ingest (which clears the cache), so an answer stays right
//! until then; readers paging back and forth, shared links and the facet
//! clicks of many readers on the same search are served from memory.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::query::SearchView;

/// Answers kept by default.
pub const DEFAULT_ENTRIES: usize = 2048;

/// Search answers keyed by the search's canonical URL parameters.
pub struct SearchCache {
    capacity: usize,
    map: Mutex<HashMap<String, Arc<SearchView>>>,
}

impl SearchCache {
    /// A cache of at most `capacity` answers (0 keeps none).
    pub fn new(capacity: usize) -> Self {
        SearchCache {
            capacity,
            map: Mutex::new(HashMap::new()),
        }
    }

    /// The kept answer for `key`.
    pub fn get(&self, key: &str) -> Option<Arc<SearchView>> {
        if self.capacity == 0 {
            return None;
        }
        self.map.lock().ok()?.get(key).cloned()
    }

    /// Keep an answer; when full, the oldest generation of answers goes.
    pub fn put(&self, key: String, v: Arc<SearchView>) {
        if self.capacity == 0 {
            return;
        }
        if let Ok(mut m) = self.map.lock() {
            if m.len() >= self.capacity {
                m.clear();
            }
            m.insert(key, v);
        }
    }

    /// Forget every answer (after an ingest).
    pub fn clear(&self) {
        if let Ok(mut m) = self.map.lock() {
            m.clear();
        }
    }
}
