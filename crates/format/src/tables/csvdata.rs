//! Reading the embedded CSV tables.

use std::collections::HashMap;

/// Rows of an embedded CSV table as maps from column name to value.
///
/// The tables are part of the binary and checked by the test suite, so a
/// malformed row is a build defect; it is skipped rather than aborting a parse.
pub(crate) fn rows(data: &'static str) -> Vec<HashMap<String, String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(data.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(str::to_string).collect(),
        Err(_) => return Vec::new(),
    };
    reader
        .records()
        .filter_map(Result::ok)
        .map(|rec| {
            headers
                .iter()
                .cloned()
                .zip(rec.iter().map(|v| v.trim().to_string()))
                .collect()
        })
        .collect()
}

/// Non-empty value of a column.
pub(crate) fn opt(row: &HashMap<String, String>, col: &str) -> Option<String> {
    row.get(col).filter(|v| !v.is_empty()).cloned()
}

/// Value of a column, empty when absent.
pub(crate) fn get(row: &HashMap<String, String>, col: &str) -> String {
    row.get(col).cloned().unwrap_or_default()
}

/// A multi-valued cell (`a; b; c`).
pub(crate) fn list(row: &HashMap<String, String>, col: &str) -> Vec<String> {
    row.get(col)
        .map(|v| {
            v.split(';')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default()
}
