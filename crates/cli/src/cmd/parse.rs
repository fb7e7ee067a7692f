//! `cablescope parse [--json] PATH...`: recognise each input's form, print one
//! record per document, report what could not be read (naming file and line)
//! on standard error and go on.
//!
//! Files are parsed in parallel in small ordered batches, so the output order
//! is the input order. A `cables.csv` file (or JSON Lines) is recognised from
//! its first bytes and streamed row by row through a `BufReader` in bounded
//! memory, rows parsed in parallel in batches of [`BATCH`].

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use cablescope_format::forms::{self, cables_csv, detect, json};
use cablescope_format::{Input, Record};
use rayon::prelude::*;

use cablescope_archive::ingest::limits::{Bounded, Limits, limit_message, too_large};
use cablescope_archive::ingest::walk::display_path;

use crate::output::write_record;
use crate::walk::{Item, expand};

/// The limits of one document (the ingest's defaults).
fn limits() -> Limits {
    Limits::default()
}

/// The message of a read error: a limit's own, else `cannot read: ...`.
fn read_error(name: &str, e: &io::Error) -> String {
    match limit_message(e) {
        Some(m) => format!("{name}: {m}"),
        None => format!("{name}: cannot read: {e}"),
    }
}

/// Rows (or files) parsed together before their records are written.
const BATCH: usize = 256;
/// Files handled together (read whole, parsed in parallel).
const FILE_BATCH: usize = 32;
/// Bytes read to recognise a streamed form.
const HEAD: u64 = 8192;

/// How an input is read.
enum Shape {
    /// Rows of `cables.csv`, streamed.
    Csv,
    /// JSON Lines, streamed.
    JsonLines,
    /// Anything else: read whole and parsed by form.
    Whole,
}

fn shape_of(head: &[u8]) -> Shape {
    if cables_csv::looks_like_cables_csv(head) {
        return Shape::Csv;
    }
    let t = head.trim_ascii_start();
    if t.first() == Some(&b'{')
        && let Some(nl) = memchr_nl(t)
        && serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(&t[..nl]).is_ok()
        && t[nl..].trim_ascii_start().first() == Some(&b'{')
    {
        return Shape::JsonLines;
    }
    Shape::Whole
}

fn memchr_nl(b: &[u8]) -> Option<usize> {
    b.iter().position(|&c| c == b'\n')
}

/// What came of one input: records to print, messages for standard error.
#[derive(Default)]
struct Outcome {
    records: Vec<Record>,
    messages: Vec<String>,
    failed: bool,
}

impl Outcome {
    fn fail(msg: String) -> Self {
        Outcome {
            messages: vec![msg],
            failed: true,
            ..Default::default()
        }
    }
}

/// The state of a run: where output goes and whether anything failed.
struct Run<W: Write> {
    out: W,
    json: bool,
    failed: bool,
    broken_pipe: bool,
}

impl<W: Write> Run<W> {
    fn emit(&mut self, o: Outcome) {
        self.failed |= o.failed;
        for m in o.messages {
            eprintln!("cablescope: {m}");
        }
        for r in &o.records {
            self.write(r);
        }
    }

    fn write(&mut self, r: &Record) {
        if self.broken_pipe {
            return;
        }
        if let Err(e) = write_record(&mut self.out, r, self.json) {
            if e.kind() == io::ErrorKind::BrokenPipe {
                self.broken_pipe = true;
            } else {
                eprintln!("cablescope: cannot write output: {e}");
                self.failed = true;
                self.broken_pipe = true;
            }
        }
    }
}

/// Run the command; the exit code is 0 when everything parsed, 1 otherwise.
pub fn run(paths: &[PathBuf], json: bool) -> ExitCode {
    let stdout = io::stdout();
    let mut run = Run {
        out: io::BufWriter::new(stdout.lock()),
        json,
        failed: false,
        broken_pipe: false,
    };
    let items = expand(paths);
    let mut i = 0;
    while i < items.len() && !run.broken_pipe {
        match &items[i] {
            Item::Stdin => {
                let stdin = io::stdin();
                process_reader(&mut run, "-", stdin.lock());
                i += 1;
            }
            Item::Unreadable(p, e) => {
                run.emit(Outcome::fail(format!(
                    "{}: cannot read: {e}",
                    display_path(p)
                )));
                i += 1;
            }
            Item::Skipped(p, why) => {
                eprintln!("cablescope: {p}: {why}");
                i += 1;
            }
            Item::File(_) => {
                // A batch of consecutive files, parsed in parallel; streamed forms are deferred.
                let end = items[i..]
                    .iter()
                    .take(FILE_BATCH)
                    .position(|it| !matches!(it, Item::File(_)))
                    .map_or((i + FILE_BATCH).min(items.len()), |k| i + k);
                let results: Vec<Option<Outcome>> = items[i..end]
                    .par_iter()
                    .map(|it| match it {
                        Item::File(p) => process_file_whole(p),
                        _ => None,
                    })
                    .collect();
                for (it, res) in items[i..end].iter().zip(results) {
                    match (it, res) {
                        (_, Some(o)) => run.emit(o),
                        (Item::File(p), None) => stream_file(&mut run, p),
                        _ => {}
                    }
                }
                i = end;
            }
        }
    }
    if let Err(e) = run.out.flush()
        && e.kind() != io::ErrorKind::BrokenPipe
    {
        eprintln!("cablescope: cannot write output: {e}");
        run.failed = true;
    }
    if run.failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Read the first bytes of a reader, returning them and a reader that yields the whole stream.
/// A reader whose first bytes were read ahead, chained back in front of the rest.
type Rewound<R> = io::Chain<io::Cursor<Vec<u8>>, R>;

fn with_head<R: Read>(mut r: R) -> io::Result<(Vec<u8>, Rewound<R>)> {
    let mut head = Vec::with_capacity(HEAD as usize);
    (&mut r).take(HEAD).read_to_end(&mut head)?;
    Ok((head.clone(), io::Cursor::new(head).chain(r)))
}

/// Parse a file read whole; `None` when it is a streamed form (handled in order by the caller).
fn process_file_whole(p: &PathBuf) -> Option<Outcome> {
    let name = display_path(p);
    let file = match File::open(p) {
        Ok(f) => f,
        Err(e) => return Some(Outcome::fail(format!("{name}: cannot read: {e}"))),
    };
    let (head, mut rest) = match with_head(file) {
        Ok(x) => x,
        Err(e) => return Some(Outcome::fail(format!("{name}: cannot read: {e}"))),
    };
    if !matches!(shape_of(&head), Shape::Whole) {
        return None;
    }
    let max = limits().max_document;
    if std::fs::metadata(p).is_ok_and(|m| m.len() > max) {
        return Some(Outcome::fail(format!("{name}: {}", too_large(max))));
    }
    let mut bytes = Vec::new();
    if let Err(e) = Bounded::new(&mut rest, max, None).read_to_end(&mut bytes) {
        return Some(Outcome::fail(read_error(&name, &e)));
    }
    Some(parse_whole(&name, &bytes))
}

fn parse_whole(name: &str, bytes: &[u8]) -> Outcome {
    let mut o = Outcome::default();
    if let Some((line, byte)) = detect::first_invalid_utf8(bytes) {
        o.messages.push(format!(
            "{name}:line {line}: warning: not UTF-8 (byte 0x{byte:02X}); read as Windows-1252"
        ));
    }
    // The parser never panics by design; should it, the input is reported and the run goes on.
    let recs = std::panic::catch_unwind(|| forms::parse(Input { path: name, bytes }));
    let Ok(recs) = recs else {
        o.messages.push(format!(
            "{name}: internal error: the parser panicked on this input (please report it)"
        ));
        o.failed = true;
        return o;
    };
    for rec in recs {
        // Parts that could not be read at all (a bad JSON line) are reported, not printed.
        if let Some(msg) = rec.failure() {
            o.messages.push(format!("{}: {msg}", rec.path));
            o.failed = true;
        } else {
            o.records.push(rec);
        }
    }
    o
}

fn stream_file<W: Write>(run: &mut Run<W>, p: &PathBuf) {
    let name = display_path(p);
    match File::open(p) {
        Ok(f) => process_reader(run, &name, f),
        Err(e) => run.emit(Outcome::fail(format!("{name}: cannot read: {e}"))),
    }
}

/// Parse one input from a reader, streaming `cables.csv` and JSON Lines.
fn process_reader<W: Write, R: Read>(run: &mut Run<W>, name: &str, reader: R) {
    let (head, rest) = match with_head(reader) {
        Ok(x) => x,
        Err(e) => return run.emit(Outcome::fail(format!("{name}: cannot read: {e}"))),
    };
    let reader = BufReader::with_capacity(1 << 16, rest);
    match shape_of(&head) {
        Shape::Csv => stream_csv(run, name, reader),
        Shape::JsonLines => stream_json_lines(run, name, reader),
        Shape::Whole => {
            let mut bytes = Vec::new();
            match Bounded::new(reader, limits().max_document, None).read_to_end(&mut bytes) {
                Ok(_) => run.emit(parse_whole(name, &bytes)),
                Err(e) => run.emit(Outcome::fail(read_error(name, &e))),
            }
        }
    }
}

fn stream_csv<W: Write, R: BufRead>(run: &mut Run<W>, name: &str, reader: R) {
    let mut batch: Vec<Result<cables_csv::CsvRow, cables_csv::CsvError>> =
        Vec::with_capacity(BATCH);
    let mut rows = cables_csv::rows(reader);
    loop {
        let next = rows.next();
        let done = next.is_none();
        if let Some(r) = next {
            batch.push(r);
        }
        if (batch.len() >= BATCH || done) && !batch.is_empty() {
            let parsed: Vec<Result<Record, cables_csv::CsvError>> = std::mem::take(&mut batch)
                .into_par_iter()
                .map(|r| {
                    r.and_then(|row| {
                        let line = row.line;
                        std::panic::catch_unwind(|| forms::csv_row_record(name, row)).map_err(|_| {
                            cables_csv::CsvError {
                                line,
                                message: "internal error: the parser panicked on this row (please report it)".into(),
                            }
                        })
                    })
                })
                .collect();
            for r in parsed {
                match r {
                    Ok(rec) => run.write(&rec),
                    Err(e) => run.emit(Outcome::fail(format!(
                        "{name}:line {}: broken csv row: {}",
                        e.line, e.message
                    ))),
                }
            }
        }
        if done || run.broken_pipe {
            break;
        }
    }
}

fn stream_json_lines<W: Write, R: BufRead>(run: &mut Run<W>, name: &str, reader: R) {
    for r in json::json_lines(name, reader) {
        match r {
            Ok(rec) => run.write(&rec),
            Err(e) => run.emit(Outcome::fail(format!(
                "{name}:line {}: {}",
                e.line, e.message
            ))),
        }
        if run.broken_pipe {
            break;
        }
    }
}
