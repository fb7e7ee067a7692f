//! Classification levels, portion marks, captions and handling caveats.

use std::sync::OnceLock;

use super::csvdata::{get, rows};

/// One marking with its meaning.
#[derive(Debug, Clone)]
pub struct Marking {
    /// The marking (`NOFORN`, `(SBU)`).
    pub marking: String,
    /// Category (`classification`, `portion marking`, `handling caption`, ...).
    pub category: String,
    /// What it means.
    pub meaning: String,
}

/// All markings.
pub fn markings() -> &'static [Marking] {
    static T: OnceLock<Vec<Marking>> = OnceLock::new();
    T.get_or_init(|| {
        rows(include_str!("../../data/markings.csv"))
            .into_iter()
            .map(|row| Marking {
                marking: get(&row, "marking"),
                category: get(&row, "category"),
                meaning: get(&row, "meaning"),
            })
            .collect()
    })
}
