//! `parse-one FILE...`: parse each file with `cablescope_format::parse`, as a
//! user's file goes through it, and print its size, the records it gave,
//! the time taken and the process's peak memory (`VmHWM` of
//! `/proc/self/status`) as a multiple of the file's size. For profiling one
//! document (`perf record parse-one FILE`) and for checking the parser's
//! memory per byte of input (issue 11: a 64 MB file of zeros, of random
//! bytes, of one huge line).
//!
//! The system allocator is used (not mimalloc as in `bench-parse`), so that
//! the peak is the one the archive's ingest sees.

use std::time::Instant;

use anyhow::{Context, Result, bail};
use cablescope_format::{Input, parse};

/// Peak resident memory of this process so far, in bytes (`VmHWM`).
fn peak_rss() -> u64 {
    let Ok(s) = std::fs::read_to_string("/proc/self/status") else {
        return 0;
    };
    s.lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kb| kb * 1024)
}

fn main() -> Result<()> {
    let files: Vec<String> = std::env::args().skip(1).collect();
    if files.is_empty() {
        bail!("usage: parse-one FILE...");
    }
    for f in files {
        let bytes = std::fs::read(&f).with_context(|| format!("reading {f}"))?;
        let before = peak_rss();
        let t = Instant::now();
        let recs = parse(Input {
            path: &f,
            bytes: &bytes,
        });
        let spent = t.elapsed();
        let peak = peak_rss();
        let mb = bytes.len() as f64 / 1e6;
        println!(
            "{f}: {mb:.1} MB, {} record(s) (kind {:?}), {:.2} s, peak memory {:.0} MB = {:.1}x the input (before parsing {:.0} MB)",
            recs.len(),
            recs.first().map(|r| r.kind),
            spent.as_secs_f64(),
            peak as f64 / 1e6,
            peak as f64 / bytes.len().max(1) as f64,
            before as f64 / 1e6,
        );
        drop(recs);
    }
    Ok(())
}
