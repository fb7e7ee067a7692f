//! The baseline: SQLite FTS5 (bundled SQLite, porter unicode61 tokenizer,
//! bm25 ranking, `snippet()`, a COUNT for the hit count).

use std::time::Instant;

use cablescope_archive::Archive;
use rusqlite::{Connection, params};

/// One document's already-extracted text and filter columns.
pub struct Row {
    id: String,
    subject: String,
    body: String,
    tags: String,
    origin: String,
    year: i64,
    class: String,
}

/// Extract every document's text from the archive (not timed).
pub fn extract(archive: &Archive) -> Vec<Row> {
    let mut rows = Vec::new();
    archive
        .store
        .for_each_doc(|d| {
            let rec = archive.reading_record(&d)?;
            rows.push(Row {
                id: d.id.clone(),
                subject: rec.subject.clone().unwrap_or_default(),
                body: cablescope_archive::index::document::body_text(&rec),
                tags: format!(" {} ", rec.tags.join(" ")),
                origin: rec
                    .origin
                    .as_ref()
                    .map(|o| o.id.clone())
                    .unwrap_or_default(),
                year: rec
                    .created
                    .as_deref()
                    .and_then(|c| c.get(..4))
                    .and_then(|y| y.parse().ok())
                    .unwrap_or(0),
                class: rec.classification.clone().unwrap_or_default(),
            });
            Ok(())
        })
        .expect("read archive");
    rows
}

/// Build the FTS5 index in a database file at `path` (as Datasette or
/// sqlite-utils would), or in memory when `path` is `None`; returns the
/// connection and the build time in seconds (opening the file included).
pub fn build(rows: &[Row], path: Option<&std::path::Path>) -> (Connection, f64) {
    let t = Instant::now();
    let db = match path {
        Some(p) => Connection::open(p).expect("sqlite file"),
        None => Connection::open_in_memory().expect("sqlite"),
    };
    db.execute_batch(
        "CREATE TABLE docs(rowid INTEGER PRIMARY KEY, id TEXT, tags TEXT, origin TEXT, year INTEGER, class TEXT);
         CREATE VIRTUAL TABLE fts USING fts5(subject, body, tokenize = 'porter unicode61');",
    )
    .expect("schema");
    let tx = db.unchecked_transaction().expect("tx");
    {
        let mut d = tx.prepare("INSERT INTO docs(rowid, id, tags, origin, year, class) VALUES (?1, ?2, ?3, ?4, ?5, ?6)").expect("prepare");
        let mut f = tx
            .prepare("INSERT INTO fts(rowid, subject, body) VALUES (?1, ?2, ?3)")
            .expect("prepare");
        for (i, r) in rows.iter().enumerate() {
            let rowid = i as i64 + 1;
            d.execute(params![rowid, r.id, r.tags, r.origin, r.year, r.class])
                .expect("insert");
            f.execute(params![rowid, r.subject, r.body])
                .expect("insert");
        }
    }
    tx.commit().expect("commit");
    db.execute_batch(
        "CREATE INDEX docs_origin ON docs(origin); CREATE INDEX docs_year ON docs(year);",
    )
    .expect("index");
    (db, t.elapsed().as_secs_f64())
}

/// A benchmark query translated for FTS5: a MATCH expression and SQL filters.
pub struct FtsQuery {
    matching: String,
    filters: Vec<(String, String)>,
}

/// Translate `word "phrase" tag:X origin:Y year:N class:C` into FTS5.
pub fn translate(q: &str) -> FtsQuery {
    let mut terms = Vec::new();
    let mut filters = Vec::new();
    let mut rest = q;
    while !rest.trim().is_empty() {
        rest = rest.trim_start();
        if let Some(s) = rest.strip_prefix('"') {
            let end = s.find('"').unwrap_or(s.len());
            terms.push(format!("\"{}\"", &s[..end]));
            rest = s.get(end + 1..).unwrap_or("");
            continue;
        }
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let w = &rest[..end];
        rest = &rest[end..];
        match w.split_once(':') {
            Some(("tag", v)) => filters.push(("d.tags LIKE ?".to_string(), format!("% {v} %"))),
            Some(("origin", v)) => filters.push(("d.origin = ?".to_string(), v.to_string())),
            Some(("year", v)) => filters.push(("d.year = ?".to_string(), v.to_string())),
            Some(("class", v)) => filters.push(("d.class LIKE ?".to_string(), format!("{v}%"))),
            _ => terms.push(format!("\"{}\"", w.replace('"', ""))),
        }
    }
    FtsQuery {
        matching: terms.join(" AND "),
        filters,
    }
}

/// Top 10 ids with snippets, and the hit count.
pub fn search(db: &Connection, q: &FtsQuery) -> (Vec<(String, String)>, usize) {
    let mut where_sql = String::from("fts MATCH ?1");
    let mut params: Vec<String> = vec![q.matching.clone()];
    for (sql, v) in &q.filters {
        params.push(v.clone());
        where_sql.push_str(&format!(
            " AND {}",
            sql.replace('?', &format!("?{}", params.len()))
        ));
    }
    let top = format!(
        "SELECT d.id, snippet(fts, 1, '<b>', '</b>', '…', 24) FROM fts JOIN docs d ON d.rowid = fts.rowid WHERE {where_sql} ORDER BY bm25(fts) LIMIT 10"
    );
    let count =
        format!("SELECT count(*) FROM fts JOIN docs d ON d.rowid = fts.rowid WHERE {where_sql}");
    let p = rusqlite::params_from_iter(params.iter());
    let mut stmt = db.prepare_cached(&top).expect("prepare");
    let hits: Vec<(String, String)> = stmt
        .query_map(p, |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("query")
        .filter_map(Result::ok)
        .collect();
    let n: i64 = db
        .prepare_cached(&count)
        .expect("prepare")
        .query_row(rusqlite::params_from_iter(params.iter()), |r| r.get(0))
        .unwrap_or(0);
    (hits, n as usize)
}
