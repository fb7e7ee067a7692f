//! `bench-parse`: how fast the format crate parses the shared corpus.
//!
//! Loads all of `../shared/corpus` into memory first (xz decompression and tar
//! reading are not timed): every WikiLeaks page of `cablegate-html.tar.xz`,
//! the rows of `cables.csv.xz` (split at row boundaries into chunks of
//! `--csv-chunk` rows, each chunk a valid header-less `cables.csv` document,
//! so that the rows can be spread over cores), and every file of
//! `other-forms.tar.xz`. Then it times two things, each on one core and on all
//! cores (rayon):
//!
//! 1. **documents**: `cablescope_format::parse` on each document's bytes, as a
//!    user's file goes through it (form recognition, HTML/csv/JSON decoding,
//!    the teletype parser, derivation);
//! 2. **cable text**: `cablescope_format::parse_text` on the cable text of
//!    every record from pass 1 (the teletype parser alone).
//!
//! "Cable text" is counted as `Record::text` of each record: the transmission
//! header and body as the form carried them, after decoding (HTML entities
//! decoded, csv escapes undone), in UTF-8 bytes. Page markup, csv metadata
//! columns and site chrome are not counted (they are counted in "input MB").
//!
//! The baseline is cablemap's 0.45 MB/s as quoted in the format issue:
//! cablemap is Python 2 and cannot run here, so it is not re-measured.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use cablescope_bench::cpu_now;
use cablescope_format::{Input, Record, parse, parse_text};

/// mimalloc instead of the system allocator: the parser makes many small,
/// short-lived allocations (a `String` per line, per paragraph, per removed
/// piece), where glibc malloc/free took about a fifth of the time.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use rayon::prelude::*;

/// cablemap's speed as quoted in the format issue (MB/s of cable text).
const CABLEMAP_MB_S: f64 = 0.45;

struct Doc {
    name: String,
    group: String,
    bytes: Vec<u8>,
}

struct Args {
    corpus: PathBuf,
    limit: Option<usize>,
    groups: Vec<String>,
    csv_chunk: usize,
    repeat: usize,
    one_core_only: bool,
    slowest: usize,
    dump: Option<PathBuf>,
}

fn usage() -> &'static str {
    "usage: bench-parse [--corpus DIR] [--limit N] [--group NAME]... [--csv-chunk ROWS] [--repeat R] [--one-core]\n\
     \n\
     --corpus DIR     the shared corpus (default: $CABLESCOPE_CORPUS, else ../shared/corpus\n\
                      beside the workspace)\n\
     --limit N        at most N documents per group (for quick runs and profiling)\n\
     --group NAME     only this group (wikileaks-page, csv, older-html-layout, body-only-text,\n\
                      pdf-text, plusd-html, mongo-json-flattened); repeatable\n\
     --csv-chunk ROWS cables.csv rows per document (default 64)\n\
     --repeat R       time each measurement R times and keep the fastest (default 1)\n\
     --one-core       skip the all-cores runs\n\
     --slowest N      list the N documents slowest to parse (by MB/s of cable text)\n\
     --dump FILE      write every record as a JSON line to FILE, without timing (to check\n\
                      that a speed-up changes no output: compare the files of two builds)"
}

fn parse_args() -> Result<Args> {
    let default_corpus = std::env::var_os("CABLESCOPE_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"));
    let mut a = Args {
        corpus: default_corpus,
        limit: None,
        groups: vec![],
        csv_chunk: 64,
        repeat: 1,
        one_core_only: false,
        slowest: 0,
        dump: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut val = |name: &str| it.next().with_context(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--corpus" => a.corpus = PathBuf::from(val("--corpus")?),
            "--limit" => a.limit = Some(val("--limit")?.parse()?),
            "--group" => a.groups.push(val("--group")?),
            "--csv-chunk" => a.csv_chunk = val("--csv-chunk")?.parse::<usize>()?.max(1),
            "--repeat" => a.repeat = val("--repeat")?.parse::<usize>()?.max(1),
            "--one-core" => a.one_core_only = true,
            "--slowest" => a.slowest = val("--slowest")?.parse()?,
            "--dump" => a.dump = Some(PathBuf::from(val("--dump")?)),
            "-h" | "--help" => {
                println!("{}", usage());
                std::process::exit(0);
            }
            other => bail!("unknown argument {other}\n{}", usage()),
        }
    }
    Ok(a)
}

fn xz_bytes(path: &Path) -> Result<Vec<u8>> {
    let f = std::fs::File::open(path).with_context(|| format!("{}", path.display()))?;
    let mut out = Vec::new();
    xz2::read::XzDecoder::new_multi_decoder(std::io::BufReader::new(f))
        .read_to_end(&mut out)
        .with_context(|| format!("decompressing {}", path.display()))?;
    Ok(out)
}

/// Every regular file of a `.tar.xz`, grouped by `group_of(path)`.
fn load_tar(path: &Path, group_of: impl Fn(&str) -> String, docs: &mut Vec<Doc>) -> Result<()> {
    let raw = xz_bytes(path)?;
    let mut ar = tar::Archive::new(&raw[..]);
    for e in ar.entries()? {
        let mut e = e?;
        if !e.header().entry_type().is_file() {
            continue;
        }
        let name = e.path()?.to_string_lossy().into_owned();
        let mut bytes = Vec::with_capacity(e.size() as usize);
        e.read_to_end(&mut bytes)?;
        docs.push(Doc {
            group: group_of(&name),
            name,
            bytes,
        });
    }
    Ok(())
}

/// Byte offsets where a `cables.csv` row starts: a line opening with
/// `"<digits>","<M/D/YYYY H:MM>","`.
fn csv_row_starts(b: &[u8]) -> Vec<usize> {
    fn is_row_start(s: &[u8]) -> bool {
        let mut i = 1;
        if s.first() != Some(&b'"') {
            return false;
        }
        let d0 = i;
        while i < s.len() && s[i].is_ascii_digit() {
            i += 1;
        }
        if i == d0 || !s[i..].starts_with(b"\",\"") {
            return false;
        }
        i += 3;
        let d1 = i;
        while i < s.len() && (s[i].is_ascii_digit() || s[i] == b'/') {
            i += 1;
        }
        i > d1 && s.get(i) == Some(&b' ')
    }
    let mut out = Vec::new();
    let mut at = 0;
    loop {
        if is_row_start(&b[at..]) {
            out.push(at);
        }
        match memchr_nl(&b[at..]) {
            Some(n) => at += n + 1,
            None => break,
        }
    }
    out
}

fn memchr_nl(b: &[u8]) -> Option<usize> {
    b.iter().position(|&c| c == b'\n')
}

fn load(args: &Args) -> Result<Vec<Doc>> {
    let c = &args.corpus;
    if !c.is_dir() {
        bail!(
            "corpus directory {} not found (give --corpus DIR or set CABLESCOPE_CORPUS)",
            c.display()
        );
    }
    let mut docs = Vec::new();
    let wanted = |g: &str| args.groups.is_empty() || args.groups.iter().any(|x| x == g);
    if wanted("wikileaks-page") {
        load_tar(
            &c.join("cablegate-html.tar.xz"),
            |_| "wikileaks-page".into(),
            &mut docs,
        )?;
    }
    if args
        .groups
        .iter()
        .all(|g| g != "wikileaks-page" && g != "csv")
    {
        load_tar(
            &c.join("other-forms.tar.xz"),
            |p| p.split('/').next().unwrap_or("other").to_string(),
            &mut docs,
        )?;
    }
    let csv = if wanted("csv") {
        xz_bytes(&c.join("cables.csv.xz"))?
    } else {
        Vec::new()
    };
    let starts = csv_row_starts(&csv);
    for (k, chunk) in starts.chunks(args.csv_chunk).enumerate() {
        let from = chunk[0];
        let to = starts
            .get((k + 1) * args.csv_chunk)
            .copied()
            .unwrap_or(csv.len());
        docs.push(Doc {
            name: format!("cables.csv[rows {}..]", k * args.csv_chunk + 1),
            group: "csv".into(),
            bytes: csv[from..to].to_vec(),
        });
    }
    if !args.groups.is_empty() {
        docs.retain(|d| args.groups.contains(&d.group));
    }
    if let Some(n) = args.limit {
        let mut seen: std::collections::HashMap<String, usize> = Default::default();
        docs.retain(|d| {
            let k = seen.entry(d.group.clone()).or_default();
            *k += 1;
            *k <= n
        });
    }
    Ok(docs)
}

#[derive(Default, Clone)]
struct Tally {
    docs: usize,
    records: usize,
    input_bytes: usize,
    text_bytes: usize,
    cables: usize,
    elapsed: Duration,
}

fn tally_records(recs: &[Record], t: &mut Tally) {
    t.records += recs.len();
    for r in recs {
        t.text_bytes += r.text.len();
        t.cables += usize::from(r.kind == cablescope_format::Kind::Cable);
    }
}

fn mb(b: usize) -> f64 {
    b as f64 / 1e6
}

thread_local! {
    /// CPU time of the fastest run of the last `best_of`.
    static LAST_CPU: std::cell::Cell<Duration> = const { std::cell::Cell::new(Duration::ZERO) };
}

fn best_of<T>(repeat: usize, mut f: impl FnMut() -> T) -> (T, Duration) {
    let mut best: Option<(T, Duration, Duration)> = None;
    for _ in 0..repeat {
        let c0 = cpu_now();
        let t0 = Instant::now();
        let v = f();
        let d = t0.elapsed();
        let c = cpu_now().saturating_sub(c0);
        if best.as_ref().is_none_or(|b| d < b.1) {
            best = Some((v, d, c));
        }
    }
    let (v, d, c) = best.expect("repeat >= 1");
    LAST_CPU.with(|x| x.set(c));
    (v, d)
}

fn main() -> Result<()> {
    let args = parse_args()?;
    let t0 = Instant::now();
    let docs = load(&args)?;
    let input_total: usize = docs.iter().map(|d| d.bytes.len()).sum();
    eprintln!(
        "loaded {} documents, {:.1} MB, from {} in {:.1} s (not timed)",
        docs.len(),
        mb(input_total),
        args.corpus.display(),
        t0.elapsed().as_secs_f64()
    );
    let threads = rayon::current_num_threads();
    if let Some(path) = &args.dump {
        use std::io::Write;
        let mut w = std::io::BufWriter::new(std::fs::File::create(path)?);
        for doc in &docs {
            for r in parse(Input {
                path: &doc.name,
                bytes: &doc.bytes,
            }) {
                serde_json::to_writer(&mut w, &r)?;
                w.write_all(b"\n")?;
            }
        }
        w.flush()?;
        eprintln!("records written to {}", path.display());
        return Ok(());
    }

    // Pass 1, one core: parse every document, per group.
    let mut groups: Vec<String> = docs.iter().map(|d| d.group.clone()).collect();
    groups.sort();
    groups.dedup();
    let mut per_group: Vec<(String, Tally)> = Vec::new();
    let mut docs_cpu = Duration::ZERO;
    let mut texts: Vec<String> = Vec::new();
    for g in &groups {
        let gd: Vec<&Doc> = docs.iter().filter(|d| &d.group == g).collect();
        let (t, d) = best_of(args.repeat, || {
            let mut t = Tally::default();
            for doc in &gd {
                let recs = parse(Input {
                    path: &doc.name,
                    bytes: &doc.bytes,
                });
                t.docs += 1;
                t.input_bytes += doc.bytes.len();
                tally_records(&recs, &mut t);
            }
            t
        });
        docs_cpu += LAST_CPU.with(|x| x.get());
        per_group.push((g.clone(), Tally { elapsed: d, ..t }));
    }
    for doc in &docs {
        for r in parse(Input {
            path: &doc.name,
            bytes: &doc.bytes,
        }) {
            if !r.text.is_empty() {
                texts.push(r.text);
            }
        }
    }

    println!("# bench-parse: cablescope-format parsing the shared corpus");
    println!();
    println!(
        "cable text = Record::text (transmission header + body as carried by the form, decoded, UTF-8 bytes);"
    );
    println!("input = the document bytes (pages with markup, csv chunks with all columns).");
    println!();
    println!("## One core, per form (parse)");
    println!();
    println!(
        "| group | documents | records | cables | input MB | cable text MB | seconds | documents/s | input MB/s | cable text MB/s |"
    );
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    let mut total = Tally::default();
    for (g, t) in &per_group {
        let s = t.elapsed.as_secs_f64();
        println!(
            "| {g} | {} | {} | {} | {:.1} | {:.1} | {:.2} | {:.0} | {:.1} | {:.1} |",
            t.docs,
            t.records,
            t.cables,
            mb(t.input_bytes),
            mb(t.text_bytes),
            s,
            t.docs as f64 / s,
            mb(t.input_bytes) / s,
            mb(t.text_bytes) / s
        );
        total.docs += t.docs;
        total.records += t.records;
        total.cables += t.cables;
        total.input_bytes += t.input_bytes;
        total.text_bytes += t.text_bytes;
        total.elapsed += t.elapsed;
    }
    let s = total.elapsed.as_secs_f64();
    println!(
        "| **all** | {} | {} | {} | {:.1} | {:.1} | {:.2} | {:.0} | {:.1} | {:.1} |",
        total.docs,
        total.records,
        total.cables,
        mb(total.input_bytes),
        mb(total.text_bytes),
        s,
        total.docs as f64 / s,
        mb(total.input_bytes) / s,
        mb(total.text_bytes) / s
    );

    // Cable text alone, one core.
    let text_bytes: usize = texts.iter().map(String::len).sum();
    let (_, text_1) = best_of(args.repeat, || {
        let mut n = 0usize;
        for t in &texts {
            n += parse_text("bench", t).paragraphs.len();
        }
        n
    });
    let text_1_cpu = LAST_CPU.with(|x| x.get());

    // All cores.
    let mut rows: Vec<(String, usize, usize, f64, f64)> = vec![
        (
            "documents (parse), 1 core".into(),
            1,
            total.docs,
            s,
            docs_cpu.as_secs_f64(),
        ),
        (
            "cable text alone (parse_text), 1 core".into(),
            1,
            texts.len(),
            text_1.as_secs_f64(),
            text_1_cpu.as_secs_f64(),
        ),
    ];
    if !args.one_core_only {
        let (_, docs_n) = best_of(args.repeat, || {
            docs.par_iter()
                .map(|doc| {
                    parse(Input {
                        path: &doc.name,
                        bytes: &doc.bytes,
                    })
                    .len()
                })
                .sum::<usize>()
        });
        let docs_n_cpu = LAST_CPU.with(|x| x.get());
        let (_, text_n) = best_of(args.repeat, || {
            texts
                .par_iter()
                .map(|t| parse_text("bench", t).paragraphs.len())
                .sum::<usize>()
        });
        rows.insert(
            1,
            (
                format!("documents (parse), {threads} cores"),
                threads,
                total.docs,
                docs_n.as_secs_f64(),
                docs_n_cpu.as_secs_f64(),
            ),
        );
        rows.push((
            format!("cable text alone (parse_text), {threads} cores"),
            threads,
            texts.len(),
            text_n.as_secs_f64(),
            LAST_CPU.with(|x| x.get()).as_secs_f64(),
        ));
    }

    println!();
    println!(
        "## Totals ({} MB of cable text in {} records)",
        format_args!("{:.1}", mb(text_bytes)),
        texts.len()
    );
    println!();
    println!(
        "| run | seconds | documents/s | cable text MB/s | MB/s per core | × cablemap ({CABLEMAP_MB_S} MB/s) | CPU seconds | MB per CPU second |"
    );
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (name, cores, n, secs, cpu) in &rows {
        let mbs = mb(text_bytes) / secs;
        let per_cpu = if *cpu > 0.0 {
            format!("{:.1}", mb(text_bytes) / cpu)
        } else {
            "n/a".into()
        };
        println!(
            "| {name} | {secs:.2} | {:.0} | {mbs:.1} | {:.1} | {:.0}× | {cpu:.2} | {per_cpu} |",
            *n as f64 / secs,
            mbs / *cores as f64,
            mbs / CABLEMAP_MB_S
        );
    }
    println!();
    println!(
        "CPU seconds: user + system time of the process during the fastest run (/proc/self/stat, \
         10 ms ticks). On a loaded machine wall time also counts time other processes held the \
         cores; MB per CPU second does not."
    );
    println!();
    if args.slowest > 0 {
        let mut per_doc: Vec<(f64, f64, usize, &str)> = docs
            .iter()
            .map(|d| {
                let t0 = Instant::now();
                let recs = parse(Input {
                    path: &d.name,
                    bytes: &d.bytes,
                });
                let secs = t0.elapsed().as_secs_f64();
                let text: usize = recs.iter().map(|r| r.text.len()).sum();
                (mb(text) / secs, secs, text, d.name.as_str())
            })
            .collect();
        per_doc.retain(|d| d.2 > 0);
        per_doc.sort_by(|a, b| a.0.total_cmp(&b.0));
        println!();
        println!("## Slowest documents");
        println!();
        println!("| document | cable text bytes | ms | cable text MB/s |");
        println!("| --- | ---: | ---: | ---: |");
        for (mbs, secs, text, name) in per_doc.iter().take(args.slowest) {
            println!("| {name} | {text} | {:.2} | {mbs:.1} |", secs * 1e3);
        }
        println!();
    }
    println!(
        "cablemap baseline: {CABLEMAP_MB_S} MB/s is the figure quoted in the format issue; cablemap \
         (Python 2, unmaintained since 2015) cannot run here and was not re-measured. \
         Target: >= 100 MB/s of cable text per core."
    );
    Ok(())
}
