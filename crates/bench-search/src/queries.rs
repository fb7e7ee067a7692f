//! The query set: `CLASS<TAB>QUERY` lines.

use std::path::Path;

/// One benchmark query.
pub struct Query {
    /// Its class (single, and, phrase, filter, rare, common).
    pub class: String,
    /// The query text.
    pub text: String,
}

/// Read the query file.
pub fn load(path: &Path) -> std::io::Result<Vec<Query>> {
    let text = std::fs::read_to_string(path)?;
    Ok(text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .map(|(c, q)| Query {
            class: c.trim().to_string(),
            text: q.trim().to_string(),
        })
        .collect())
}
