//! Known malformed and invalid WikiLeaks reference ids and their correct form.

use super::TableMap as HashMap;
use std::sync::OnceLock;

use super::csvdata::{get, rows};

fn table() -> &'static HashMap<String, String> {
    static T: OnceLock<HashMap<String, String>> = OnceLock::new();
    T.get_or_init(|| {
        rows(include_str!("../../data/malformed_ids.csv"))
            .into_iter()
            .map(|row| (get(&row, "wrong_id"), get(&row, "correct_id")))
            .collect()
    })
}

/// The correct id for a known malformed or invalid id.
pub fn malformed_id(id: &str) -> Option<&'static str> {
    table().get(id).map(String::as_str)
}
