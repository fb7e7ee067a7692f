//! Robustness: parsing never panics, always yields a record, and never loses
//! text.
//!
//! - arbitrary bytes, and "token soup" made of pieces of real cables, forms
//!   and markup, go through [`cablescope_format::parse`];
//! - real cables (the seeds and `samples/corpus`) are mutated: truncated,
//!   lines shuffled, deleted or duplicated, bytes flipped, re-encoded as
//!   Latin-1 or UTF-16, CRLF or lone CR line ends, sections duplicated;
//! - the no-loss invariant: every letter and digit of the cable text the
//!   parser read (`Record::text`) is in the record, counted character by
//!   character: envelope raw lines, the classification line, the preamble,
//!   paragraph labels, markings and text, signers, what was removed as
//!   furniture, and an article's title, source, author and text.
//!
//! Everything reads `samples/` only, so the test runs without `../shared`.
//! Case counts are modest (the whole file runs in well under a minute in a
//! debug build); raise them with `PROPTEST_CASES=...`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use cablescope_format::{Input, Kind, Record, parse, parse_text};
use proptest::prelude::*;

// ---------------------------------------------------------------------------
// The sample documents.

fn samples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples")
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out);
        } else if p.extension().is_some_and(|e| e != "md") {
            out.push(p);
        }
    }
}

/// Every sample file: (name relative to `samples/`, bytes).
static FILES: LazyLock<Vec<(String, Vec<u8>)>> = LazyLock::new(|| {
    let root = samples_dir();
    let mut paths = Vec::new();
    walk(&root, &mut paths);
    assert!(
        paths.len() >= 20,
        "samples/ holds {} files: is the sample corpus missing?",
        paths.len()
    );
    paths
        .into_iter()
        .map(|p| {
            let name = p
                .strip_prefix(&root)
                .unwrap_or(&p)
                .to_string_lossy()
                .into_owned();
            let bytes = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (name, bytes)
        })
        .collect()
});

/// The cable texts the parser read from every sample document (one per
/// record; csv files give one per row), for text-level mutation.
static TEXTS: LazyLock<Vec<(String, String)>> = LazyLock::new(|| {
    let mut out = Vec::new();
    for (name, bytes) in FILES.iter() {
        for rec in parse(Input { path: name, bytes }) {
            if rec.kind == Kind::Cable && !rec.text.trim().is_empty() {
                out.push((rec.path.clone(), rec.text.clone()));
            }
        }
    }
    assert!(out.len() >= 40, "only {} sample cable texts", out.len());
    out
});

// ---------------------------------------------------------------------------
// The no-loss invariant.

fn count_into(s: &str, m: &mut HashMap<char, i64>, sign: i64) {
    for c in s.chars().filter(|c| c.is_alphanumeric()) {
        *m.entry(c).or_default() += sign;
    }
}

/// Everything in the record that holds text of the document as written.
fn accounted_parts(rec: &Record) -> Vec<&str> {
    let mut parts: Vec<&str> = Vec::new();
    if let Some(e) = &rec.envelope {
        parts.extend(e.raw.iter().map(String::as_str));
    }
    if let Some(c) = &rec.classification_line {
        parts.push(c);
    }
    parts.extend(rec.preamble.iter().map(String::as_str));
    for p in &rec.paragraphs {
        if let Some(l) = &p.label {
            parts.push(l);
        }
        if let Some(m) = &p.marking {
            parts.push(m);
        }
        parts.push(&p.text);
    }
    parts.extend(rec.signers.iter().map(String::as_str));
    parts.extend(rec.removed.iter().map(|r| r.text.as_str()));
    if let Some(a) = &rec.article {
        parts.extend(a.title.as_deref());
        parts.extend(a.source.as_deref());
        parts.extend(a.author.as_deref());
        parts.push(&a.text);
    }
    parts
}

/// The letters and digits of `text` that the record does not hold, as
/// (character, how many missing), plus the input lines whose letters and
/// digits are found nowhere in the record, to say where the loss is.
fn lost(text: &str, rec: &Record) -> (Vec<(char, i64)>, Vec<String>) {
    let mut m = HashMap::new();
    count_into(text, &mut m, 1);
    let parts = accounted_parts(rec);
    for p in &parts {
        count_into(p, &mut m, -1);
    }
    let mut missing: Vec<(char, i64)> = m.into_iter().filter(|(_, n)| *n > 0).collect();
    missing.sort();
    if missing.is_empty() {
        return (missing, vec![]);
    }
    let squash = |s: &str| -> String { s.chars().filter(|c| c.is_alphanumeric()).collect() };
    let hay: String = parts
        .iter()
        .map(|p| squash(p))
        .collect::<Vec<_>>()
        .join("|");
    let lines = text
        .lines()
        .enumerate()
        .filter_map(|(i, l)| {
            let s = squash(l);
            (!s.is_empty() && !hay.contains(&s)).then(|| format!("line {}: {}", i + 1, l.trim()))
        })
        .take(8)
        .collect();
    (missing, lines)
}

fn assert_no_loss(what: &str, rec: &Record) -> Result<(), TestCaseError> {
    let (missing, lines) = lost(&rec.text, rec);
    prop_assert!(
        missing.is_empty(),
        "{what}: text lost: {} characters missing {:?}; unaccounted lines:\n{}",
        missing.iter().map(|x| x.1).sum::<i64>(),
        missing.iter().take(20).collect::<Vec<_>>(),
        lines.join("\n")
    );
    Ok(())
}

/// Parse, check the basic contract (≥ 1 record, serialisable, a record with
/// no cable structure says why), and return the records.
fn parse_checked(path: &str, bytes: &[u8]) -> Result<Vec<Record>, TestCaseError> {
    let recs = parse(Input { path, bytes });
    prop_assert!(
        !recs.is_empty(),
        "{path}: no record for {} bytes",
        bytes.len()
    );
    for r in &recs {
        let json = serde_json::to_string(r).expect("record serialises");
        prop_assert!(json.starts_with('{'), "not a JSON object");
        if r.kind == Kind::Other && !bytes.iter().all(u8::is_ascii_whitespace) {
            prop_assert!(
                !r.diagnostics.is_empty(),
                "{path}: kind other without a diagnostic"
            );
        }
    }
    Ok(recs)
}

// ---------------------------------------------------------------------------
// Mutations.

/// A small deterministic generator (xorshift64*), seeded by proptest, so that
/// one proptest value drives a whole mutation and failures reproduce.
struct Rng(u64);
impl Rng {
    fn new(seed: u64) -> Self {
        Self(seed | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

const MUTATIONS: usize = 12;

/// Apply mutation `op` to `text`; returns bytes (some mutations make them
/// invalid UTF-8 on purpose).
fn mutate(text: &str, op: usize, rng: &mut Rng) -> Vec<u8> {
    let lines: Vec<&str> = text.split('\n').collect();
    match op {
        // Truncated at a random byte (possibly inside a UTF-8 sequence).
        0 => text.as_bytes()[..rng.below(text.len() + 1)].to_vec(),
        // Lines shuffled.
        1 => {
            let mut l = lines.clone();
            for i in (1..l.len()).rev() {
                l.swap(i, rng.below(i + 1));
            }
            l.join("\n").into_bytes()
        }
        // Bytes flipped.
        2 => {
            let mut b = text.as_bytes().to_vec();
            for _ in 0..=rng.below(16) {
                if !b.is_empty() {
                    let i = rng.below(b.len());
                    b[i] ^= (rng.next() as u8) | 1;
                }
            }
            b
        }
        // Re-encoded as Latin-1 (invalid UTF-8 wherever there was non-ASCII).
        3 => text
            .chars()
            .map(|c| if (c as u32) < 256 { c as u8 } else { b'?' })
            .collect(),
        // UTF-16 LE with BOM, or BE without.
        4 => {
            let be = rng.below(2) == 1;
            let mut b = if be { vec![] } else { vec![0xFF, 0xFE] };
            for u in text.encode_utf16() {
                b.extend(if be { u.to_be_bytes() } else { u.to_le_bytes() });
            }
            b
        }
        // CRLF or lone CR line ends, with trailing blanks.
        5 => {
            let sep = ["\r\n", "\r", " \r\n", "\n\n"][rng.below(4)];
            lines.join(sep).into_bytes()
        }
        // A section duplicated (a run of lines copied elsewhere).
        6 => {
            let a = rng.below(lines.len());
            let b = (a + 1 + rng.below(40)).min(lines.len());
            let at = rng.below(lines.len() + 1);
            let mut l: Vec<&str> = lines[..at].to_vec();
            l.extend_from_slice(&lines[a..b]);
            l.extend_from_slice(&lines[at..]);
            l.join("\n").into_bytes()
        }
        // The whole text twice (a cable pasted twice).
        7 => format!("{text}\n\n{text}").into_bytes(),
        // Random lines deleted.
        8 => {
            let keep: Vec<&str> = lines
                .iter()
                .copied()
                .filter(|_| rng.below(5) != 0)
                .collect();
            keep.join("\n").into_bytes()
        }
        // Cable furniture inserted at random lines.
        9 => {
            let mut l: Vec<String> = lines.iter().map(|s| s.to_string()).collect();
            for _ in 0..=rng.below(6) {
                let piece = SOUP[rng.below(SOUP.len())].to_string();
                let at = rng.below(l.len() + 1);
                l.insert(at, piece);
            }
            l.join("\n").into_bytes()
        }
        // Leading text cut (the first N lines gone: header lost).
        10 => lines[rng.below(lines.len())..].join("\n").into_bytes(),
        // Lines wrapped at a random width, or joined into one (JSON flattening).
        _ => {
            if rng.below(2) == 0 {
                text.split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .into_bytes()
            } else {
                let w = 20 + rng.below(60);
                let mut out = String::new();
                let mut col = 0;
                for word in text.split(' ') {
                    if col + word.len() > w {
                        out.push('\n');
                        col = 0;
                    } else if !out.is_empty() {
                        out.push(' ');
                    }
                    out.push_str(word);
                    col += word.len() + 1;
                }
                out.into_bytes()
            }
        }
    }
}

/// Pieces of cables, forms and markup for token soup and insertion.
const SOUP: &[&str] = &[
    "VZCZCXRO3118",
    "OO RUEHCHI RUEHDT RUEHHM RUEHNH",
    "DE RUEHKL #1145/01 1970138",
    "DE RUEHPF #0416/01 1411124",
    "ZNY CCCCC ZZH",
    "O 160138Z JUL 07",
    "P 201124Z MAY 08",
    "FM AMEMBASSY KUALA LUMPUR",
    "FM SECSTATE WASHDC",
    "TO RUEHC/SECSTATE WASHDC IMMEDIATE 9638",
    "INFO RUCNASE/ASEAN MEMBER COLLECTIVE PRIORITY",
    "XMT AMEMBASSY PARIS",
    "BT",
    "NNNN",
    "#1145",
    "C O N F I D E N T I A L SECTION 01 OF 03 KUALA LUMPUR 001145",
    "S E C R E T SECTION 02 OF 02 STATE 012345",
    "UNCLAS SECTION 01 OF 02 PARIS 001007",
    "CONFIDENTIAL",
    "LIMITED OFFICIAL USE",
    "SIPDIS",
    "NOFORN",
    "SENSITIVE",
    "DEPARTMENT FOR EAP/MTS AND G/TIP",
    "E.O. 12958: DECL: 07/16/2017",
    "E.O. 13526: DECL: 2019/12/31",
    "E.O. 12958: N/A",
    "TAGS: [PREL](#) [PHUM](#) [MY](#)",
    "TAGS: PREL, PGOV, ZANU-PF",
    "TAGS: PREL, OVIP (STEINBERG, PGOV",
    "OVIP (STEINBERG, JAMES B.)",
    "SUBJECT: EMBASSY SENIOR-LEVEL ENGAGEMENT ON",
    "REF: A. STATE 30452 B. KUALA LUMPUR 142",
    "[1](#)B. KUALA LUMPUR 142",
    "Classified By: Ambassador Christopher LaFleur for reasons",
    "1.4 (b & d).",
    "¶1. (C) Summary: text.",
    "15. (U) The Ambassador",
    "2. (SBU) Post will continue.",
    "(S/NF) Marked.",
    "KUALA LUMP 00001145 002 OF 003",
    "PARIS 00001007  002 OF 004",
    "XXXXXXXXXXXX",
    "End Summary.",
    "COMMENT: END COMMENT.",
    "LAFLEUR",
    "KEITH",
    "-----",
    "#### Other Discussants",
    "This record is a partial extract of the original cable.",
    "<table class='cable'>",
    "<tr><td><a href='/reference-id/07KUALALUMPUR1145'>07KUALALUMPUR1145</a></td>",
    "<pre>",
    "</pre>",
    "<code><pre style=\"white-space: pre-wrap\">",
    "<h3>Viewing cable 07KUALALUMPUR1145, EMBASSY</h3>",
    "<html><head><title>x</title></head><body>",
    "&amp;&#8217;&#x2019;&bogus;&",
    "\"1\",\"12/28/1966 18:48\",\"66BUENOSAIRES2481\",\"Embassy Buenos Aires\",",
    "\"UNCLASSIFIED\",\"\",\"",
    "\\\"",
    "{ \"_id\" : \"04STATE232089\", \"body\" : \"UNCLAS ",
    "© Scoop Media",
    "World Headlines",
    "Reuters",
    "August 5, 2015",
    "\u{feff}",
    "\t",
    "",
    "\r",
    "ÿ",
    "(",
    ")",
    "¶",
    "1.",
];

fn soup() -> impl Strategy<Value = String> {
    proptest::collection::vec((0..SOUP.len(), 0..4usize), 0..80).prop_map(|v| {
        let mut s = String::new();
        for (i, sep) in v {
            s.push_str(SOUP[i]);
            s.push_str(["\n", " ", "", "\n\n"][sep]);
        }
        s
    })
}

fn cases(n: u32) -> ProptestConfig {
    let n = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(n);
    // A fixed seed keeps the suite deterministic; set PROPTEST_RNG_SEED to
    // explore (proptest reads it into the default config).
    let rng_seed = if std::env::var_os("PROPTEST_RNG_SEED").is_some() {
        ProptestConfig::default().rng_seed
    } else {
        proptest::test_runner::RngSeed::Fixed(0x0CAB_1E5C_0DE5)
    };
    ProptestConfig {
        cases: n,
        failure_persistence: None,
        rng_seed,
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------------
// (a) arbitrary input.

proptest! {
    #![proptest_config(cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        parse_checked("arbitrary", &bytes)?;
    }

    #[test]
    fn token_soup_never_panics_and_loses_nothing(s in soup()) {
        let recs = parse_checked("soup", s.as_bytes())?;
        // As plain text, whatever the soup looks like, nothing is lost.
        let rec = parse_text("soup.txt", &s);
        assert_no_loss("soup as text", &rec)?;
        let _ = recs;
    }
}

// ---------------------------------------------------------------------------
// (b) mutated real documents, and (c) the no-loss invariant on them.

proptest! {
    #![proptest_config(cases(96))]

    /// Raw sample files (pages, csv, JSON, text) mutated at the byte level.
    #[test]
    fn mutated_files_never_panic(i in any::<prop::sample::Index>(), op in 0..MUTATIONS, seed in any::<u64>()) {
        let (name, bytes) = &FILES[i.index(FILES.len())];
        let text = String::from_utf8_lossy(bytes);
        let m = mutate(&text, op, &mut Rng::new(seed));
        parse_checked(name, &m)?;
    }

    /// Cable texts mutated, read as plain text: no panic, a record, no loss.
    #[test]
    fn mutated_cable_texts_lose_nothing(i in any::<prop::sample::Index>(), op in 0..MUTATIONS, seed in any::<u64>()) {
        let (name, text) = &TEXTS[i.index(TEXTS.len())];
        let m = mutate(text, op, &mut Rng::new(seed));
        let recs = parse_checked(name, &m)?;
        for rec in &recs {
            if !rec.text.is_empty() {
                assert_no_loss(&format!("{name} mutation {op}"), rec)?;
            }
        }
    }
}

/// (c) on the unmutated samples: every record of every sample file.
#[test]
fn real_documents_lose_nothing() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for (name, bytes) in FILES.iter() {
        for rec in parse(Input { path: name, bytes }) {
            if rec.text.is_empty() {
                continue;
            }
            checked += 1;
            let (missing, lines) = lost(&rec.text, &rec);
            if !missing.is_empty() {
                failures.push(format!(
                    "{} ({:?}): {} characters missing; unaccounted lines:\n  {}",
                    rec.path,
                    rec.kind,
                    missing.iter().map(|x| x.1).sum::<i64>(),
                    lines.join("\n  ")
                ));
            }
        }
    }
    assert!(checked >= 40, "only {checked} records with text");
    assert!(
        failures.is_empty(),
        "{} of {checked} records lose text:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Every sample file parses to at least one record, and the cable pages to cables.
#[test]
fn real_documents_parse() {
    for (name, bytes) in FILES.iter() {
        let recs = parse(Input { path: name, bytes });
        assert!(!recs.is_empty(), "{name}: no record");
        if name.starts_with("corpus/cablegate/") {
            assert_eq!(recs.len(), 1);
            assert_eq!(
                recs[0].kind,
                Kind::Cable,
                "{name}: {:?}",
                recs[0].diagnostics
            );
        }
        if name.ends_with("cables-sample.csv") {
            assert_eq!(recs.len(), 30, "{name}: one record per row");
        }
    }
}

/// An article followed by site chrome and cable-like text (found by the
/// token-soup property): the text after the chrome must be in the record
/// (as `removed` site chrome, or in the article text), not dropped.
#[test]
fn article_with_trailing_text_loses_nothing() {
    let s = "ZNY CCCCC ZZH\nCONFIDENTIAL\nVZCZCXRO3118\nVZCZCXRO3118\n\
             C O N F I D E N T I A L SECTION 01 OF 03 KUALA LUMPUR 001145 VZCZCXRO3118 \
             VZCZCXRO3118 REF: A. STATE 30452 B. KUALA LUMPUR 142\n\n\u{a9} Scoop Media\n\
             VZCZCXRO3118\nOO RUEHCHI RUEHDT RUEHHM RUEHNH E.O. 12958: DECL: 07/16/2017 \
             VZCZCXRO3118 C O N F I D E N T I A L SECTION 01 OF 03 KUALA LUMPUR 001145 \
             DEPARTMENT FOR EAP/MTS AND G/TIP\n\n\u{b6}1. (C) Summary: text.\n";
    for rec in [
        parse_text("article.txt", s),
        parse(Input {
            path: "article.txt",
            bytes: s.as_bytes(),
        })
        .remove(0),
    ] {
        let (missing, lines) = lost(&rec.text, &rec);
        assert!(
            missing.is_empty(),
            "{:?} record loses {missing:?}; lines: {lines:?}",
            rec.kind
        );
    }
}

/// Edge cases that must not panic or hang (each is given 20 s).
#[test]
fn edge_cases() {
    for s in [
        "",
        " ",
        "\n",
        "\r",
        "\r\n",
        "\u{feff}",
        "\0",
        "¶",
        "(",
        "1.",
        "SUBJECT:",
        "REF:",
        "TAGS:",
        "TAGS: (",
        "TAGS: PREL, (",
        "E.O.",
        "DE ",
        "VZCZC",
        "\"",
        "\"1\",\"",
        "<",
        "<pre>",
        "&#",
        "&#99999999999;",
        "{",
        "[",
        "\\",
        // Found hanging in tags.rs (an unclosed parenthesis in a comma list).
        "UNCLAS KUALA LUMPUR 000001\n\nTAGS: PREL, OVIP (STEINBERG, PGOV\nSUBJECT: X\n\n1. (U) Text.\n",
    ] {
        let (tx, rx) = std::sync::mpsc::channel();
        let input = s.to_string();
        std::thread::spawn(move || {
            let recs = parse(Input {
                path: "edge",
                bytes: input.as_bytes(),
            });
            let _ = parse_text("edge", &input);
            let _ = tx.send(recs.len());
        });
        match rx.recv_timeout(std::time::Duration::from_secs(20)) {
            Ok(n) => assert!(n >= 1, "{s:?}: no record"),
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => panic!("{s:?}: parse hangs"),
            Err(e) => panic!("{s:?}: parse panicked ({e})"),
        }
    }
}
