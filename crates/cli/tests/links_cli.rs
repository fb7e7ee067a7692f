//! `cablescope links`: JSON shape, both directions, files not stored, errors.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn cablescope(data: &Path, args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_cablescope"))
        .arg("--data")
        .arg(data)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn links_from_both_sides() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let samples = root().join("samples");
    let (code, _) = cablescope(&data, &["ingest", samples.to_str().unwrap()]);
    assert_eq!(code, 0);

    // A file linked without being stored: ranked JSON with the contract's keys.
    let q01 = root().join("crates/press/tests/eval/articles/q01.txt");
    let (code, out) = cablescope(&data, &["links", q01.to_str().unwrap(), "--json"]);
    assert_eq!(code, 0);
    let links: Vec<Value> = serde_json::from_str(&out).unwrap();
    assert_eq!(links[0]["id"], "07KUALALUMPUR1145");
    assert_eq!(links[0]["evidence"], "quotes");
    assert!(links[0]["score"].as_f64().unwrap() > 0.0);
    let p = &links[0]["passages"][0];
    assert_eq!(p["paragraph_n"], 3);
    assert!(
        p["cable_text"]
            .as_str()
            .unwrap()
            .contains("passed judgment on and punished")
    );
    assert!(links.iter().skip(1).all(|l| l["evidence"] == "concerns"));

    // The stored web-page copy republishes its cable; the cable lists it.
    let (code, out) = cablescope(&data, &["links", "08PHNOMPENH416", "--json"]);
    assert_eq!(code, 0);
    let back: Vec<Value> = serde_json::from_str(&out).unwrap();
    assert!(back.iter().any(|l| l["evidence"] == "republishes"));

    // Readable output names the evidence.
    let (code, out) = cablescope(&data, &["links", q01.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(out.contains("quotes:") && out.contains("cable ¶3"), "{out}");

    // Unknown id: exit 2.
    let (code, _) = cablescope(&data, &["links", "99NOWHERE1"]);
    assert_eq!(code, 2);
}
