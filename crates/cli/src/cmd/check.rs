//! `cablescope check [--repair]`: read every row of the archive back and list
//! what is damaged (exit status 1 when anything is).

use std::path::Path;
use std::process::ExitCode;

use cablescope_archive::Archive;

/// Check the archive; with `repair`, open it for writing first, which
/// rebuilds an index that disagrees with the store.
pub fn run(data: &Path, repair: bool, json: bool) -> ExitCode {
    let opened = if repair {
        Archive::open_existing(data)
    } else {
        Archive::open_read_only(data)
    };
    let archive = match opened {
        Ok(a) => a,
        Err(e) => return super::fail(e),
    };
    super::print_notices(&archive);
    let report = match archive.check() {
        Ok(r) => r,
        Err(e) => return super::fail(e),
    };
    if json {
        println!(
            "{}",
            serde_json::json!({"sound": report.sound(), "report": report})
        );
    } else {
        println!(
            "checked {} documents, {} copies; the index holds {}",
            report.documents, report.copies, report.indexed
        );
        if report.sound() {
            println!("sound: every copy matches its hash, every document its copies");
        }
        for d in &report.damage {
            println!(
                "damaged: {}{}: {}",
                d.document.as_deref().unwrap_or("-"),
                d.copy
                    .as_deref()
                    .map(|c| format!(" copy {c}"))
                    .unwrap_or_default(),
                d.message
            );
        }
    }
    if report.sound() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
