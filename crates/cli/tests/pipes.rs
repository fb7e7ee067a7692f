//! Output piped into a reader that stops early (`cablescope search x | head`)
//! ends the command quietly: no panic on the closed pipe.

mod support;

use std::io::Read;
use std::process::{Command, Stdio};

#[test]
fn a_closed_pipe_ends_read_commands_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let samples = support::samples();
    support::ingest_samples(&data);
    for args in [
        &["search", "--limit", "100", "kind:cable OR kind:article"][..],
        &["show", "--raw", "07KUALALUMPUR1145"],
        &["stats"],
        &["refs", "08KUALALUMPUR224"],
        &["export"],
        &["parse", "--json", samples.to_str().unwrap()],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_cablescope"))
            .arg("--data")
            .arg(&data)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Read one byte, then close the pipe, as `head -c 1` would.
        let mut out = child.stdout.take().unwrap();
        let mut one = [0u8; 1];
        let _ = out.read(&mut one);
        drop(out);
        let mut err = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        let status = child.wait().unwrap();
        assert_ne!(status.code(), Some(101), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
}
