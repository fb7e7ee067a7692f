//! Kill an ingest at several points and run it again: the archive must end up
//! exactly as after an uninterrupted ingest (same cables, same copies, same
//! content hashes), and the index must agree with the store.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

mod support;

use cablescope_archive::Archive;
use cablescope_archive::search::SearchRequest;
use support::copy_dir;

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_cablescope")
}

/// A pile of distinct cables derived from a real one (new serials and dates),
/// plus the repository's sample corpus (pages, csv rows, other forms).
fn make_input(dir: &Path) -> PathBuf {
    let input = dir.join("input");
    std::fs::create_dir_all(&input).unwrap();
    let seed = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples/seeds/000_8515c49259933246.txt"),
    )
    .unwrap();
    let body_start = seed.find("¶1.").unwrap();
    let body = &seed[body_start..];
    for i in 1..=300u32 {
        let day = 1 + i % 28;
        let text = format!(
            "DE RUEHKL #{i:04} {doy:03}0138\nZNY CCCCC ZZH\nO {day:02}0138Z JUL 07\nFM AMEMBASSY KUALA LUMPUR\nTO RUEHC/SECSTATE WASHDC IMMEDIATE 9638\n\nC O N F I D E N T I A L KUALA LUMPUR {i:06}\n\nE.O. 12958: DECL: 07/16/2017\nTAGS: PREL MY\nSUBJECT: DERIVED CABLE NUMBER {i}\n\nREF: KUALA LUMPUR {prev}\n\n{body}",
            doy = 181 + day,
            prev = i.saturating_sub(1).max(1),
        );
        std::fs::write(input.join(format!("derived-{i:04}.txt")), text).unwrap();
    }
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples");
    copy_dir(&samples, &input.join("samples"));
    input
}

fn ingest(data: &Path, input: &Path, crash_at: Option<&str>) -> std::process::ExitStatus {
    let mut c = Command::new(bin());
    c.arg("--data")
        .arg(data)
        .arg("ingest")
        .arg(input)
        .env("CABLESCOPE_BATCH_DOCS", "25")
        .env("CABLESCOPE_COMMIT_EVERY", "2");
    if let Some(at) = crash_at {
        c.env("CABLESCOPE_CRASH_AT", at);
    }
    c.stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap()
}

/// Every document with its copies' content hashes (and, for articles, their
/// links: evidence and cable), the cables the press filters select, and the
/// index's document count.
type State = (BTreeMap<String, Vec<String>>, usize);

fn state(data: &Path) -> State {
    let a = Archive::open(data).unwrap();
    let mut docs = BTreeMap::new();
    a.store
        .for_each_doc(|d| {
            assert!(!d.dirty, "{} still dirty after a completed ingest", d.id);
            let mut c = d.copies.clone();
            c.sort();
            docs.insert(d.id, c);
            Ok(())
        })
        .unwrap();
    for id in a.article_ids().unwrap() {
        let mut links: Vec<String> = a
            .links(&id)
            .unwrap()
            .into_iter()
            .map(|l| format!("link {:?} {}", l.evidence, l.id))
            .collect();
        links.sort();
        docs.entry(id).or_default().extend(links);
    }
    for quoted in [false, true] {
        docs.insert(
            format!("press filter quoted={quoted}"),
            a.linked_cables(quoted).unwrap(),
        );
    }
    let total = a
        .search(&SearchRequest {
            facets: false,
            snippets: false,
            limit: 1,
            ..SearchRequest::new("-zzzzqqqq")
        })
        .unwrap()
        .total;
    (docs, total)
}

#[test]
fn killed_ingests_complete_without_loss_or_doubling() {
    let dir = tempfile::tempdir().unwrap();
    let input = make_input(dir.path());
    let reference = dir.path().join("reference");
    assert!(ingest(&reference, &input, None).success());
    let (want, want_total) = state(&reference);
    assert!(want.len() > 300, "{}", want.len());
    assert!(
        want.values().flatten().any(|v| v.starts_with("link Names")),
        "the input has an article naming a cable"
    );
    assert_eq!(want_total, want.len() - 2, "index and store disagree");

    // Five deterministic kill points (the process aborts: no unwinding, no
    // cleanup). The index is committed every second batch, so `indexed:6`
    // dies with two batches indexed but not committed.
    for at in [
        "parsed:3",
        "stored:4",
        "indexed:6",
        "committed:8",
        "clean:10",
    ]
    .into_iter()
    .map(String::from)
    .chain(std::iter::once("linking:0".to_string()))
    {
        let at = at.as_str();
        let data = dir.path().join(at.replace(':', "-"));
        let st = ingest(&data, &input, Some(at));
        assert!(!st.success(), "{at}: the ingest should have been killed");
        // The archive opens and answers after the crash.
        let partial = state(&data);
        if at.starts_with("linking") {
            // Everything stored and indexed, the links not brought up to
            // date: the next open links every article again.
            assert_eq!(partial.0, want, "{at}: links not repaired on open");
        } else {
            assert!(partial.0.len() < want.len(), "{at}");
        }
        assert!(ingest(&data, &input, None).success(), "{at}: re-run failed");
        let got = state(&data);
        assert_eq!(got.0, want, "{at}: documents or copies differ");
        assert_eq!(got.1, want_total, "{at}: index count differs");
    }

    // Real SIGKILLs at arbitrary moments: two fixed, three drawn at random
    // (the delays are printed, so a failure can be replayed).
    let clock = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos() as u64)
        .unwrap_or(7);
    let random: Vec<u64> = (1..=3)
        .map(|k| 50 + (clock * 2654435761 * k) % 1500)
        .collect();
    println!("random SIGKILL delays (ms): {random:?}");
    for delay in [150u64, 600].into_iter().chain(random) {
        let data = dir.path().join(format!("sigkill-{delay}"));
        let mut child = Command::new(bin())
            .arg("--data")
            .arg(&data)
            .arg("ingest")
            .arg(&input)
            .env("CABLESCOPE_BATCH_DOCS", "25")
            .env("CABLESCOPE_COMMIT_EVERY", "2")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        let _ = child.kill();
        let _ = child.wait();
        assert!(
            ingest(&data, &input, None).success(),
            "sigkill after {delay} ms: re-run failed"
        );
        let got = state(&data);
        assert_eq!(got.0, want, "sigkill after {delay} ms");
        assert_eq!(got.1, want_total);
    }
}
