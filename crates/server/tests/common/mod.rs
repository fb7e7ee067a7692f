//! What the server's reliability tests share: a real archive on disk (the
//! samples, the hostile documents and an article that quotes a cable), a
//! real server on a loopback port with its own runtime, and a small blocking
//! HTTP/1.1 client over plain TCP, so tests can also send what a well-behaved
//! client never would (headers only, a body never sent, a connection dropped).

#![allow(dead_code)] // each test binary uses its own part

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::time::Duration;

use cablescope_archive::Archive;
use cablescope_archive::ingest::Quiet;
use cablescope_server::security::Limits;
use cablescope_server::{Config, State, open_state};

/// The admin token of servers started with one.
pub const TOKEN: &str = "test-admin-token-0123456789";

/// The repository root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Build the test archive in `dir`: cables (samples, hostile documents) and
/// articles (the samples' and one quoting 07KUALALUMPUR1145 ¶3).
pub fn build_archive(dir: &Path) {
    let archive = Archive::open(dir).unwrap();
    let inputs = vec![
        repo().join("samples"),
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile"),
        repo().join("crates/press/tests/eval/articles/q01.txt"),
    ];
    let s = archive.ingest(&inputs, &Quiet).unwrap();
    assert!(s.new_cables >= 5, "{s:?}");
    assert!(s.articles >= 1, "{s:?}");
}

/// A server over its own copy of the test archive, on 127.0.0.1.
pub struct TestServer {
    /// Where it listens.
    pub addr: SocketAddr,
    /// Its state (the archive it serves).
    pub state: State,
    rt: tokio::runtime::Runtime,
    _dir: tempfile::TempDir,
}

impl TestServer {
    /// Start a server (admin endpoints when `token` is given) with `limits`.
    pub fn start(token: Option<&str>, limits: Limits) -> TestServer {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        build_archive(&data);
        let config = Config {
            addr: "127.0.0.1:0".parse().unwrap(),
            admin_token: token.map(str::to_string),
            cache_entries: 64,
            limits,
            ..Config::new(data)
        };
        let state = open_state(&config).unwrap();
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let listener = rt
            .block_on(tokio::net::TcpListener::bind(config.addr))
            .unwrap();
        let addr = listener.local_addr().unwrap();
        rt.spawn(cablescope_server::listen::serve_listener(
            listener,
            state.clone(),
            std::future::pending(),
        ));
        TestServer {
            addr,
            state,
            rt,
            _dir: dir,
        }
    }

    /// `GET path`.
    pub fn get(&self, path: &str) -> Reply {
        request(self.addr, "GET", path, &[], b"").unwrap_or_else(|e| panic!("GET {path}: {e}"))
    }

    /// `method path` with the admin token.
    pub fn admin(&self, method: &str, path: &str, body: &[u8]) -> Reply {
        let auth = format!("Bearer {TOKEN}");
        request(self.addr, method, path, &[("authorization", &auth)], body)
            .unwrap_or_else(|e| panic!("{method} {path}: {e}"))
    }
}

/// An answer.
#[derive(Debug, Clone)]
pub struct Reply {
    /// HTTP status.
    pub status: u16,
    /// Header lines, lower-cased names.
    pub headers: Vec<(String, String)>,
    /// The body (chunked encoding undone).
    pub body: Vec<u8>,
}

impl Reply {
    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
}

/// Connect to `addr` with a read timeout.
pub fn connect(addr: SocketAddr, read_timeout: Duration) -> TcpStream {
    let s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(read_timeout)).unwrap();
    s
}

/// The head of a request: request line and headers, ending with the blank line.
pub fn head(method: &str, path: &str, headers: &[(&str, &str)], body_len: usize) -> String {
    let mut h = format!("{method} {path} HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\n");
    for (k, v) in headers {
        h.push_str(&format!("{k}: {v}\r\n"));
    }
    if body_len > 0 || method == "POST" {
        h.push_str(&format!("content-length: {body_len}\r\n"));
    }
    h.push_str("\r\n");
    h
}

/// One request on a connection of its own (`connection: close`), read to its end.
pub fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> std::io::Result<Reply> {
    let mut s = TcpStream::connect(addr)?;
    s.set_read_timeout(Some(Duration::from_secs(60)))?;
    s.write_all(head(method, path, headers, body.len()).as_bytes())?;
    s.write_all(body)?;
    read_reply(&mut s)
}

/// Read an answer to its end (the server closes the connection).
pub fn read_reply(s: &mut TcpStream) -> std::io::Result<Reply> {
    let mut raw = Vec::new();
    s.read_to_end(&mut raw)?;
    parse_reply(&raw)
}

/// Parse an HTTP/1.1 answer.
pub fn parse_reply(raw: &[u8]) -> std::io::Result<Reply> {
    let bad = |m: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, m.to_string());
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| bad("no end of headers"))?;
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|c| c.parse().ok())
        .ok_or_else(|| bad("no status line"))?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let mut body = raw[end + 4..].to_vec();
    if headers
        .iter()
        .any(|(k, v)| k == "transfer-encoding" && v.contains("chunked"))
    {
        body = dechunk(&body).ok_or_else(|| bad("bad chunked body"))?;
    }
    Ok(Reply {
        status,
        headers,
        body,
    })
}

fn dechunk(mut b: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let nl = b.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&b[..nl]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        b = &b[nl + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(b.get(..size)?);
        b = b.get(size + 2..)?;
    }
}

/// The process's resident memory now, in bytes (Linux; 0 elsewhere).
pub fn rss_bytes() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb * 1024)
}

/// A cables.csv of `n` generated cables from Kuala Lumpur (ids
/// `05KUALALUMPUR{first}`…), each holding the word `word`.
pub fn generated_csv(first: usize, n: usize, word: &str) -> Vec<u8> {
    let mut out = String::new();
    for i in 0..n {
        let serial = first + i;
        out.push_str(&format!(
            "\"{row}\",\"1/2/2005 10:00\",\"05KUALALUMPUR{serial}\",\"Embassy Kuala Lumpur\",\"UNCLASSIFIED\",\"\",\"O 021000Z JAN 05\nFM AMEMBASSY KUALA LUMPUR\nTO SECSTATE WASHDC {serial}\",\"UNCLAS KUALA LUMPUR {serial:06}\n\nTAGS: PREL MY\nSUBJECT: {word} REPORT NUMBER {serial}\n\n1. (U) The {word} paragraph of report {serial}, on trade, fisheries, elections and the weather in the highlands.\n\n2. (U) A second paragraph so that the text has a body worth indexing, number {serial}.\n\"\n",
            row = i + 1
        ));
    }
    out.into_bytes()
}

impl Drop for TestServer {
    fn drop(&mut self) {
        // Let the runtime's tasks go without waiting for open connections.
        let rt = std::mem::replace(
            &mut self.rt,
            tokio::runtime::Builder::new_current_thread()
                .build()
                .unwrap(),
        );
        rt.shutdown_background();
    }
}
