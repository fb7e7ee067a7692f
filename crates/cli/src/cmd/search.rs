//! `cablescope search QUERY`: search the archive.

use std::path::Path;
use std::process::ExitCode;

use cablescope_archive::ArchiveError;
use cablescope_archive::search::{SearchRequest, Sort};

/// Options of a search.
pub struct Options {
    /// The query.
    pub query: String,
    /// Print JSON.
    pub json: bool,
    /// Hits to show.
    pub limit: usize,
    /// Hits to skip.
    pub offset: usize,
    /// `relevance`, `date` (newest first) or `date-asc`.
    pub sort: Sort,
    /// Show facet counts.
    pub facets: bool,
}

/// Strip the `<b>` highlighting for a terminal, marking matches with `[...]`.
fn terminal_snippet(html: &str) -> String {
    let s = html.replace("<b>", "[").replace("</b>", "]");
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Run a search.
pub fn run(data: &Path, o: &Options) -> ExitCode {
    let archive = match super::open(data) {
        Ok(a) => a,
        Err(code) => return code,
    };
    let req = SearchRequest {
        query: o.query.clone(),
        sort: o.sort,
        limit: o.limit,
        offset: o.offset,
        facets: o.facets || o.json,
        snippets: true,
    };
    let t = std::time::Instant::now();
    let res = match archive.search(&req) {
        Ok(r) => r,
        Err(ArchiveError::Query(q)) => {
            eprintln!("cablescope: bad query: {q}");
            return ExitCode::from(2);
        }
        Err(e) => {
            eprintln!("cablescope: {e}");
            return ExitCode::from(1);
        }
    };
    let ms = t.elapsed().as_secs_f64() * 1000.0;
    if o.json {
        println!(
            "{}",
            serde_json::json!({"query": o.query, "total": res.total, "offset": o.offset, "hits": res.hits, "facets": res.facets, "took_ms": ms})
        );
        return ExitCode::SUCCESS;
    }
    println!("{} matching documents ({:.1} ms)", res.total, ms);
    for (i, h) in res.hits.iter().enumerate() {
        println!();
        println!(
            "{:>3}. {}  {}  {}  {}",
            o.offset + i + 1,
            h.id,
            h.created
                .as_deref()
                .map(|c| &c[..10.min(c.len())])
                .unwrap_or("????-??-??"),
            h.origin.as_deref().unwrap_or("-"),
            h.classification.as_deref().unwrap_or("-")
        );
        if !h.subject.is_empty() {
            println!("     {}", h.subject);
        }
        let snip = terminal_snippet(&h.snippet);
        if !snip.is_empty() {
            println!("     {snip}");
        }
    }
    if o.facets {
        for (name, values) in &res.facets {
            if values.is_empty() {
                continue;
            }
            let shown: Vec<String> = values
                .iter()
                .take(10)
                .map(|(v, n)| format!("{v} ({n})"))
                .collect();
            println!("\n{name}: {}", shown.join(", "));
        }
    }
    ExitCode::SUCCESS
}
