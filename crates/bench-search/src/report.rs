//! Printing the figures side by side, and the closing JSON line.

use std::collections::BTreeMap;

/// What the report needs.
pub struct Inputs<'a> {
    pub docs: u64,
    pub mb: f64,
    pub ingest_s: f64,
    /// CPU seconds (user + system, every thread) of the ingest.
    pub ingest_cpu_s: f64,
    pub build_s: f64,
    /// CPU seconds of the FTS5 build into the database file.
    pub build_cpu_s: f64,
    pub memory_build_s: f64,
    pub cs_times: &'a [(String, f64)],
    pub fts_times: &'a [(String, f64)],
    pub queries: usize,
    pub repeat: usize,
    pub mismatched_counts: usize,
}

fn pct(v: &mut [f64], p: f64) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v[i.min(v.len() - 1)]
}

fn by_class(t: &[(String, f64)]) -> BTreeMap<String, Vec<f64>> {
    let mut m: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for (c, v) in t {
        m.entry(c.clone()).or_default().push(*v);
        m.entry("all".into()).or_default().push(*v);
    }
    m
}

/// Print the tables and the JSON line.
pub fn print(i: &Inputs<'_>) {
    println!("# bench-search: cablescope vs SQLite FTS5");
    println!();
    println!(
        "{} documents, {:.1} MB of text; {} queries x {} runs each (top 10 + snippets + hit count; cablescope also counts 6 facets)",
        i.docs, i.mb, i.queries, i.repeat
    );
    println!();
    println!("| index build | seconds | MB/s | CPU seconds |");
    println!("| --- | ---: | ---: | ---: |");
    println!(
        "| cablescope ingest (parse + store + index) | {:.2} | {:.1} | {:.2} |",
        i.ingest_s,
        i.mb / i.ingest_s,
        i.ingest_cpu_s
    );
    println!(
        "| FTS5 build (text already extracted, database file) | {:.2} | {:.1} | {:.2} |",
        i.build_s,
        i.mb / i.build_s,
        i.build_cpu_s
    );
    println!(
        "| FTS5 build in memory (not persistent; reference) | {:.2} | {:.1} | |",
        i.memory_build_s,
        i.mb / i.memory_build_s
    );
    println!();
    println!(
        "CPU seconds: user + system time of every thread of the process (/proc/self/stat, 10 ms ticks); \
         cablescope's ingest runs on all cores, SQLite's build on one."
    );
    println!();
    println!(
        "ingest / FTS5 build: {:.2} (database file), {:.2} (in memory)",
        i.ingest_s / i.build_s,
        i.ingest_s / i.memory_build_s
    );
    println!();
    println!("| class | cablescope p50 | p95 | p99 | FTS5 p50 | p95 | p99 | p99 ratio |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    let mut cs = by_class(i.cs_times);
    let mut fts = by_class(i.fts_times);
    let mut all = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
    for (class, v) in cs.iter_mut() {
        let f = fts.get_mut(class).expect("same classes");
        let (a50, a95, a99) = (pct(v, 0.5), pct(v, 0.95), pct(v, 0.99));
        let (b50, b95, b99) = (pct(f, 0.5), pct(f, 0.95), pct(f, 0.99));
        println!(
            "| {class} | {a50:.3} ms | {a95:.3} | {a99:.3} | {b50:.3} ms | {b95:.3} | {b99:.3} | {:.1}x |",
            b99 / a99.max(1e-9)
        );
        if class == "all" {
            all = (a50, a95, a99, b50, b95, b99);
        }
    }
    println!();
    println!(
        "machine: {} cores, load average (1, 5, 15 min) at the end: {}",
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1),
        load_average()
    );
    println!(
        "queries whose hit counts differ between the two engines (stemmers and tokenizers differ): {}",
        i.mismatched_counts
    );
    println!(
        "{}",
        serde_json::json!({
            "docs": i.docs,
            "mb": (i.mb * 10.0).round() / 10.0,
            "cablescope": {"ingest_s": i.ingest_s, "p50_ms": all.0, "p95_ms": all.1, "p99_ms": all.2},
            "fts5": {"build_s": i.build_s, "p50_ms": all.3, "p95_ms": all.4, "p99_ms": all.5},
        })
    );
}

/// `/proc/loadavg`'s three load averages, or `unknown`.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|| "unknown".into())
}
