//! `cablescope ingest PATH...`: add files, directories and archives to the archive.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::Instant;

use cablescope_archive::Archive;
use cablescope_archive::ingest::{Limits, Progress, Summary};
use indicatif::{ProgressBar, ProgressStyle};

/// Progress on a terminal (a spinner with rates) or as plain log lines.
struct Reporter {
    bar: Option<ProgressBar>,
    start: Instant,
    last_log: Mutex<Instant>,
    total_bytes: u64,
}

impl Progress for Reporter {
    fn batch(&self, s: &Summary) {
        let secs = self.start.elapsed().as_secs_f64().max(1e-6);
        let mb = s.bytes as f64 / 1e6;
        let msg = format!(
            "{} documents, {:.0} docs/s, {:.1} MB/s, {} new cables, {} failures",
            s.documents,
            s.documents as f64 / secs,
            mb / secs,
            s.new_cables,
            s.failures.len()
        );
        match &self.bar {
            Some(bar) => {
                bar.set_position(s.bytes.min(self.total_bytes));
                bar.set_message(msg);
            }
            None => {
                let mut last = self.last_log.lock().unwrap_or_else(|e| e.into_inner());
                if last.elapsed().as_secs() >= 2 {
                    eprintln!("cablescope: ingest: {msg}");
                    *last = Instant::now();
                }
            }
        }
    }
}

/// Bytes of the files the ingest will read (walked as the ingest walks
/// them: symbolic links never followed into a loop).
fn input_bytes(paths: &[PathBuf]) -> u64 {
    cablescope_archive::ingest::walk::walk(paths, &[])
        .map(|w| {
            w.files
                .iter()
                .filter_map(|f| std::fs::metadata(f).ok())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}

/// Run the ingest and print the summary.
pub fn run(data: &Path, paths: &[PathBuf], limits: &Limits, json: bool) -> ExitCode {
    for p in paths {
        if std::fs::metadata(p).is_err() {
            eprintln!(
                "cablescope: {}: no such file or directory",
                cablescope_archive::ingest::walk::display_path(p)
            );
            return ExitCode::from(2);
        }
    }
    let archive = match Archive::open(data) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("cablescope: cannot open the archive in {}:", data.display());
            return super::fail(e);
        }
    };
    super::print_notices(&archive);
    let total = input_bytes(paths);
    let bar = if std::io::stderr().is_terminal() {
        let b = ProgressBar::new(total);
        b.set_style(
            ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {bar:30} {bytes}/{total_bytes} (eta {eta}) {msg}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        Some(b)
    } else {
        None
    };
    let rep = Reporter {
        bar,
        start: Instant::now(),
        last_log: Mutex::new(Instant::now()),
        total_bytes: total,
    };
    let result = archive.ingest_with(paths, limits, &rep);
    if let Some(b) = &rep.bar {
        b.finish_and_clear();
    }
    let s = match result {
        Ok(s) => s,
        Err(e) => {
            eprintln!(
                "cablescope: ingest stopped: {e} (what was committed before is kept; run the same ingest again to complete it)"
            );
            return ExitCode::from(1);
        }
    };
    let secs = rep.start.elapsed().as_secs_f64();
    if json {
        println!(
            "{}",
            serde_json::json!({"summary": s, "seconds": secs, "data": data.display().to_string()})
        );
    } else {
        print_summary(&s, secs, data);
    }
    if s.failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn print_summary(s: &Summary, secs: f64, data: &Path) {
    println!(
        "ingested {} documents ({:.1} MB) from {} files in {:.1} s into {}",
        s.documents,
        s.bytes as f64 / 1e6,
        s.files,
        secs,
        data.display()
    );
    println!("  new cables            {:>8}", s.new_cables);
    println!("  new copies of known   {:>8}", s.new_copies);
    println!("  unchanged             {:>8}", s.unchanged);
    println!("  articles              {:>8}", s.articles);
    println!("  other documents       {:>8}", s.other);
    println!("  failures              {:>8}", s.failures.len());
    if !s.skipped.is_empty() {
        println!("  paths skipped         {:>8}", s.skipped.len());
        for f in s.skipped.iter().take(20) {
            println!("    {}: {}", f.path, f.message);
        }
    }
    for f in s.failures.iter().take(50) {
        println!("    {}: {}", f.path, f.message);
    }
    if s.failures.len() > 50 {
        println!("    ... and {} more", s.failures.len() - 50);
    }
}
