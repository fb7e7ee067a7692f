//! `cablescope demo`: ingest the sample corpus shipped in the repository into
//! the archive, show what to try next, and serve it in a browser (unless
//! `--no-serve`).

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Where the sample corpus is: `./samples`, else the repository's `samples/`.
pub fn samples_dir() -> Option<PathBuf> {
    let here = PathBuf::from("samples");
    if here.is_dir() {
        return Some(here);
    }
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples");
    repo.is_dir().then_some(repo)
}

/// Run the demo.
pub fn run(data: &Path, serve: bool, addr: SocketAddr) -> ExitCode {
    let Some(samples) = samples_dir() else {
        eprintln!(
            "cablescope: the sample corpus (samples/) was not found: run the demo from the repository, or ingest your own files with `cablescope ingest PATH`"
        );
        return ExitCode::from(2);
    };
    println!(
        "cablescope demo: ingesting the sample corpus in {} into {}",
        samples.display(),
        data.display()
    );
    // The documents, not the README that describes them.
    let parts: Vec<PathBuf> = ["corpus", "seeds"]
        .iter()
        .map(|d| samples.join(d))
        .filter(|p| p.is_dir())
        .collect();
    let inputs = if parts.is_empty() {
        vec![samples]
    } else {
        parts
    };
    let code = super::ingest::run(data, &inputs, &Default::default(), false);
    if code != ExitCode::SUCCESS {
        eprintln!("cablescope: some sample documents could not be ingested (see above)");
    }
    let d = data.display();
    println!();
    println!("Try next:");
    println!("  cablescope --data {d} search 'trafficking tag:PHUM'");
    println!("  cablescope --data {d} search '\"tier 3\" origin:KUALALUMPUR' --facets");
    println!("  cablescope --data {d} show 07KUALALUMPUR1145");
    println!("  cablescope --data {d} refs 08KUALALUMPUR224");
    println!("  cablescope --data {d} stats");
    println!("  cablescope --data {d} export --format jsonl > cables.jsonl");
    println!("  cablescope --data {d} serve");
    if !serve {
        return ExitCode::SUCCESS;
    }
    println!();
    super::serve::run(data, addr, None)
}
