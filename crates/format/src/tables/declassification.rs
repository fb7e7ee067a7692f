//! Classification reasons and declassification instructions of the executive orders.

use std::sync::OnceLock;

use super::csvdata::{get, rows};

/// One code (`1.4(b)`, `X1`, `25X1`, `OADR`, ...).
#[derive(Debug, Clone)]
pub struct Declassification {
    /// The code.
    pub code: String,
    /// `classification reason`, `declassification instruction`, ...
    pub category: String,
    /// Which order and section.
    pub executive_order: String,
    /// What it means.
    pub meaning: String,
}

/// All codes.
pub fn declassification() -> &'static [Declassification] {
    static T: OnceLock<Vec<Declassification>> = OnceLock::new();
    T.get_or_init(|| {
        rows(include_str!("../../data/declassification.csv"))
            .into_iter()
            .map(|row| Declassification {
                code: get(&row, "code"),
                category: get(&row, "category"),
                executive_order: get(&row, "executive_order"),
                meaning: get(&row, "meaning"),
            })
            .collect()
    })
}
