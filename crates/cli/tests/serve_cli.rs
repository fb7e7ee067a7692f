//! `cablescope demo` ingests the samples and serves them, printing the URL to
//! open; the page and the API answer there. The server is a child process on
//! loopback (port 0: a free port), stopped at the end.

mod support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

struct Stop(Child);

impl Drop for Stop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn get(addr: &str, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    let status = out
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, out)
}

#[test]
fn demo_serves_the_samples_and_prints_the_url() {
    let dir = tempfile::tempdir().unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_cablescope"))
        .args(["--data"])
        .arg(dir.path().join("data"))
        .args(["demo", "--addr", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut child = Stop(child);
    let out = child.0.stdout.take().unwrap();
    let mut url = None;
    for line in BufReader::new(out).lines() {
        let line = line.unwrap();
        if let Some(rest) = line.strip_prefix("Open ") {
            url = rest.split_whitespace().next().map(str::to_string);
            break;
        }
    }
    let url = url.expect("demo prints the URL to open");
    let addr = url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string();
    let (status, body) = get(&addr, "/?q=tier");
    assert_eq!(status, 200);
    assert!(
        body.contains("07KUALALUMPUR1145"),
        "the demo archive is served"
    );
    let (status, body) = get(&addr, "/api/cable/07KUALALUMPUR1145");
    assert_eq!(status, 200);
    assert!(body.contains("\"classification\":\"CONFIDENTIAL\""));
    let (status, body) = get(&addr, "/api/admin/upload?name=x");
    assert_eq!(status, 405, "GET on a write endpoint");
    assert!(body.contains("\"method_not_allowed\""));
}

#[test]
fn demo_no_serve_returns() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_cablescope"))
        .arg("--data")
        .arg(dir.path().join("data"))
        .args(["demo", "--no-serve"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("serve"), "suggests serving: {text}");
}

/// Start `cablescope serve` on a free port; returns the child and its address.
fn serve(data: &std::path::Path, token: Option<&str>) -> (Stop, String) {
    let mut c = Command::new(env!("CARGO_BIN_EXE_cablescope"));
    c.arg("--data")
        .arg(data)
        .args(["serve", "--addr", "127.0.0.1:0"])
        .env_remove("CABLESCOPE_ADMIN_TOKEN")
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    if let Some(t) = token {
        c.env("CABLESCOPE_ADMIN_TOKEN", t);
    }
    let mut child = Stop(c.spawn().unwrap());
    let out = child.0.stdout.take().unwrap();
    let mut addr = None;
    for line in BufReader::new(out).lines() {
        let line = line.unwrap();
        if let Some(rest) = line.strip_prefix("Open ") {
            addr = rest.split_whitespace().next().map(|u| {
                u.trim_start_matches("http://")
                    .trim_end_matches('/')
                    .to_string()
            });
            break;
        }
    }
    (child, addr.expect("serve prints the URL"))
}

fn cli(data: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_cablescope"))
        .arg("--data")
        .arg(data)
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn read_commands_work_beside_a_read_only_server_and_say_why_not_beside_a_writer() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let samples = support::samples();
    support::ingest_samples(&data);
    {
        let (_server, addr) = serve(&data, None);
        for args in [
            &["search", "tier"][..],
            &["stats"],
            &["show", "07KUALALUMPUR1145"],
            &["refs", "08KUALALUMPUR224"],
            &["links", "--list", "reported"],
            &["check"],
        ] {
            let out = cli(&data, args);
            assert!(
                out.status.success(),
                "{args:?} beside a read-only server: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let (status, _) = get(&addr, "/cable/07KUALALUMPUR1145");
        assert_eq!(status, 200, "the server still answers");
        // Writing needs the archive to itself: a clear message, exit 75.
        let out = cli(&data, &["ingest", samples.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(75));
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("in use by another cablescope process")
        );
    }
    let (_server, _addr) = serve(&data, Some("a-token-of-sixteen-chars"));
    let out = cli(&data, &["stats"]);
    assert_eq!(out.status.code(), Some(75), "locked is not a usage error");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("in use by another cablescope process"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}
