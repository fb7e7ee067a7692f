//! `bench-search`: cablescope against SQLite FTS5, in one process, on the same
//! corpus (`../shared/corpus`) and the same queries (`../shared/bench/queries.txt`).
//!
//! 1. The corpus is unpacked to a temporary directory (not timed).
//! 2. cablescope ingests it (parse + store + index), timed.
//! 3. The same documents' text (id, subject, body, tags, origin, year,
//!    classification), already extracted, is loaded into an FTS5 table
//!    (porter unicode61 tokenizer) in a database file on the same disk, timed:
//!    FTS5's index build, persistent like cablescope's archive. For reference
//!    the same build in memory (not persistent) is timed too; the queries run
//!    on the file.
//! 4. Each query runs `--repeat` times on both: top 10 with snippets and the
//!    hit count (cablescope also counts facets), and latencies per query class
//!    are printed with the ratios. The last line is one JSON object.

mod corpus;
mod fts5;
mod queries;
mod report;
mod scale;

use std::time::Instant;

use cablescope_archive::Archive;
use cablescope_archive::ingest::Quiet;
use cablescope_archive::search::SearchRequest;
use cablescope_bench::cpu_now;

/// The allocator the shipped `cablescope` binary uses, so that the timed
/// ingest is the one users get. (SQLite, being C, allocates with libc's
/// malloc either way.)
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args = Args::parse();
    if let Some(data) = &args.data {
        profile_queries(data, &args);
        return;
    }
    if let Some(n) = args.scale {
        run_scale(n, &args);
        return;
    }
    let tmp = tempfile::tempdir().expect("temporary directory");
    eprintln!("unpacking {} (not timed)...", args.corpus.display());
    let inputs = corpus::unpack(&args.corpus, tmp.path()).unwrap_or_else(|e| {
        eprintln!("bench-search: {e}");
        std::process::exit(2);
    });
    let queries = queries::load(&args.queries).unwrap_or_else(|e| {
        eprintln!("bench-search: {}: {e}", args.queries.display());
        std::process::exit(2);
    });
    // Write the unpacked files out now, so that their writeback does not run
    // into the timed ingest's own writes and syncs.
    let _ = std::process::Command::new("sync").status();

    // cablescope: parse + store + index.
    let data = tmp.path().join("archive");
    let archive = Archive::open(&data).expect("open archive");
    let cpu = cpu_now();
    let t = Instant::now();
    let summary = archive.ingest(&inputs, &Quiet).expect("ingest");
    let ingest_s = t.elapsed().as_secs_f64();
    let ingest_cpu_s = cpu_now().saturating_sub(cpu).as_secs_f64();
    let mb = summary.bytes as f64 / 1e6;
    eprintln!(
        "cablescope ingested {} documents ({mb:.1} MB of text) in {ingest_s:.2} s",
        summary.documents
    );

    // FTS5 over the already-extracted text.
    let rows = fts5::extract(&archive);
    let cpu = cpu_now();
    let (db, build_s) = fts5::build(&rows, Some(&tmp.path().join("fts5.sqlite")));
    let build_cpu_s = cpu_now().saturating_sub(cpu).as_secs_f64();
    eprintln!(
        "FTS5 built its index of {} documents in {build_s:.2} s (database file)",
        rows.len()
    );
    let memory_build_s = fts5::build(&rows, None).1;
    eprintln!("FTS5 built it in memory in {memory_build_s:.2} s");

    // Queries.
    let mut cs_times = Vec::new();
    let mut fts_times = Vec::new();
    let mut mismatched_counts = 0usize;
    for q in &queries {
        let req = SearchRequest::new(q.text.clone());
        let fq = fts5::translate(&q.text);
        // Warm up both once.
        let cs_first = archive.search(&req).map(|r| r.total).unwrap_or(0);
        let fts_first = fts5::search(&db, &fq).1;
        if cs_first != fts_first {
            mismatched_counts += 1;
        }
        for _ in 0..args.repeat {
            let t = Instant::now();
            let r = archive.search(&req).expect("search");
            std::hint::black_box(r);
            cs_times.push((q.class.clone(), t.elapsed().as_secs_f64() * 1000.0));
            let t = Instant::now();
            std::hint::black_box(fts5::search(&db, &fq));
            fts_times.push((q.class.clone(), t.elapsed().as_secs_f64() * 1000.0));
        }
    }
    report::print(&report::Inputs {
        docs: summary.documents,
        mb,
        ingest_s,
        ingest_cpu_s,
        build_s,
        build_cpu_s,
        memory_build_s,
        cs_times: &cs_times,
        fts_times: &fts_times,
        queries: queries.len(),
        repeat: args.repeat,
        mismatched_counts,
    });
}

/// `--scale N`: the derived-corpus scale run (see `scale.rs`).
fn run_scale(n: usize, args: &Args) {
    let tmp = tempfile::tempdir().expect("temporary directory");
    let work = args
        .keep
        .clone()
        .unwrap_or_else(|| tmp.path().to_path_buf());
    std::fs::create_dir_all(&work).expect("--keep directory");
    let csv = work.join("derived-cables.csv");
    let bytes = scale::derive(&args.corpus, &csv, n).unwrap_or_else(|e| {
        eprintln!("bench-search: {e}");
        std::process::exit(2);
    });
    let bin = std::env::current_exe().ok().and_then(|p| p.parent().map(|d| d.join("cablescope"))).filter(|p| p.exists()).unwrap_or_else(|| {
        eprintln!("bench-search: the cablescope binary is not beside bench-search: build it (cargo build --release -p cablescope)");
        std::process::exit(2);
    });
    let data = work.join("archive");
    let _ = std::fs::remove_dir_all(&data);
    // As for the corpus: the derived csv's writeback is not the ingest's.
    let _ = std::process::Command::new("sync").status();
    let (secs, peak_mb) = scale::ingest(&bin, &data, &csv).unwrap_or_else(|e| {
        eprintln!("bench-search: {e}");
        std::process::exit(1);
    });
    let index_mb = scale::dir_size(&data.join("index")) as f64 / 1e6;
    let store_mb = scale::dir_size(&data) as f64 / 1e6 - index_mb;
    let archive = Archive::open_existing(&data).expect("open archive");
    let queries = queries::load(&args.queries).expect("queries");
    let mut times = Vec::new();
    for q in &queries {
        let req = SearchRequest::new(q.text.clone());
        let _ = archive.search(&req);
        for _ in 0..args.repeat {
            let t = Instant::now();
            std::hint::black_box(archive.search(&req).expect("search"));
            times.push(t.elapsed().as_secs_f64() * 1000.0);
        }
    }
    times.sort_by(|a, b| a.total_cmp(b));
    let p = |q: f64| times[((times.len() as f64 - 1.0) * q).round() as usize];
    let mb = bytes as f64 / 1e6;
    println!(
        "derived cables: {n} ({mb:.1} MB of csv, new serials and shifted dates from the shared corpus's cables.csv rows)"
    );
    println!(
        "ingest: {secs:.1} s ({:.1} MB/s), peak memory {peak_mb:.0} MB",
        mb / secs
    );
    println!(
        "on disk: index {index_mb:.1} MB ({:.2} MB per MB of text), store {store_mb:.1} MB ({:.2} MB per MB of text)",
        index_mb / mb,
        store_mb / mb
    );
    println!("load average (1, 5, 15 min): {}", report::load_average());
    println!(
        "queries: p50 {:.3} ms, p95 {:.3} ms, p99 {:.3} ms over {} searches",
        p(0.5),
        p(0.95),
        p(0.99),
        times.len()
    );
    println!(
        "{}",
        serde_json::json!({"cables": n, "mb": mb, "ingest_s": secs, "peak_mb": peak_mb, "index_mb": index_mb, "store_mb": store_mb, "p50_ms": p(0.5), "p95_ms": p(0.95), "p99_ms": p(0.99)})
    );
}

/// `--data DIR`: run only cablescope's queries against an existing archive
/// (for profiling), printing per-class medians.
fn profile_queries(data: &std::path::Path, args: &Args) {
    let archive = Archive::open_existing(data).expect("open archive");
    let queries = queries::load(&args.queries).expect("queries");
    let mut times: Vec<(String, f64)> = Vec::new();
    let mut slowest: Vec<(f64, String)> = Vec::new();
    for q in &queries {
        let req = SearchRequest::new(q.text.clone());
        let _ = archive.search(&req);
        let mut worst = 0f64;
        for _ in 0..args.repeat {
            let t = Instant::now();
            std::hint::black_box(archive.search(&req).expect("search"));
            let ms = t.elapsed().as_secs_f64() * 1000.0;
            worst = worst.max(ms);
            times.push((q.class.clone(), ms));
        }
        slowest.push((worst, format!("{}\t{}", q.class, q.text)));
    }
    slowest.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (ms, q) in slowest.iter().take(10) {
        println!("slowest: {ms:.3} ms  {q}");
    }
    let mut all: Vec<f64> = times.iter().map(|t| t.1).collect();
    all.sort_by(|a, b| a.total_cmp(b));
    println!(
        "cablescope only: p50 {:.3} ms, p99 {:.3} ms over {} searches",
        all[all.len() / 2],
        all[(all.len() * 99 / 100).min(all.len() - 1)],
        all.len()
    );
}

struct Args {
    data: Option<std::path::PathBuf>,
    scale: Option<usize>,
    keep: Option<std::path::PathBuf>,
    corpus: std::path::PathBuf,
    queries: std::path::PathBuf,
    repeat: usize,
}

impl Args {
    fn parse() -> Args {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
        let mut a = Args {
            data: None,
            scale: None,
            keep: None,
            corpus: root.join("corpus"),
            queries: root.join("bench/queries.txt"),
            repeat: 5,
        };
        if let Some(c) = std::env::var_os("CABLESCOPE_CORPUS") {
            a.corpus = c.into();
        }
        let mut it = std::env::args().skip(1);
        while let Some(arg) = it.next() {
            match arg.as_str() {
                "--corpus" => a.corpus = it.next().expect("--corpus DIR").into(),
                "--queries" => a.queries = it.next().expect("--queries FILE").into(),
                "--scale" => {
                    a.scale = Some(it.next().and_then(|v| v.parse().ok()).expect("--scale N"))
                }
                "--keep" => a.keep = Some(it.next().expect("--keep DIR").into()),
                "--data" => a.data = Some(it.next().expect("--data DIR").into()),
                "--repeat" => {
                    a.repeat = it.next().and_then(|v| v.parse().ok()).expect("--repeat N")
                }
                "--help" | "-h" => {
                    println!(
                        "usage: bench-search [--corpus DIR] [--queries FILE] [--repeat N] [--data DIR (queries only)] [--scale N (derived corpus of N cables) [--keep DIR (keep its csv and archive there)]]"
                    );
                    std::process::exit(0);
                }
                other => {
                    eprintln!("bench-search: unknown argument {other}");
                    std::process::exit(2);
                }
            }
        }
        a
    }
}
