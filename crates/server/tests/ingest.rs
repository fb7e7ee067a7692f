//! An admin ingest runs to its end whatever its HTTP client does: over a
//! real archive and a real server on loopback, a client that disconnects
//! mid-ingest leaves the ingest running; when it ends, its documents are
//! found (the search cache was cleared then, not before), the lock is free
//! for the next ingest, and the status endpoint tells how it went. An ingest
//! longer than the request time limit answers its summary, not 408.

mod common;

use std::io::Write;
use std::time::{Duration, Instant};

use cablescope_server::security::Limits;
use common::{TOKEN, TestServer, connect, generated_csv, head};

/// Cables in each generated upload: enough for an ingest of some seconds.
const CABLES: usize = 16_000;

fn total(s: &TestServer, q: &str) -> u64 {
    let a = s.get(&format!("/api/search?q={q}"));
    assert_eq!(a.status, 200, "{}", a.text());
    a.json()["total"].as_u64().unwrap()
}

/// Wait until no ingest runs (bounded); the status then.
fn wait_idle(s: &TestServer) -> serde_json::Value {
    let t = Instant::now();
    loop {
        let st = s.admin("GET", "/api/admin/ingest", b"");
        assert_eq!(st.status, 200, "{}", st.text());
        let j = st.json();
        if j["running"].is_null() {
            return j;
        }
        assert!(
            t.elapsed() < Duration::from_secs(180),
            "the ingest never ended: {j}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn an_ingest_runs_to_its_end_when_its_client_goes_away() {
    // A request time limit far shorter than the ingests.
    let limits = Limits {
        request_timeout: Duration::from_millis(500),
        ..Limits::default()
    };
    let s = TestServer::start(Some(TOKEN), limits);
    for (name, first, word) in [
        ("gone.csv", 10_000, "quagmirezebra"),
        ("waited.csv", 50_000, "marmosetquill"),
    ] {
        let a = s.admin(
            "POST",
            &format!("/api/admin/upload?name={name}"),
            &generated_csv(first, CABLES, word),
        );
        assert_eq!(a.status, 200, "{}", a.text());
    }
    // The search is answered (and cached) before the ingest.
    assert_eq!(total(&s, "quagmirezebra"), 0);

    // A client that asks for an ingest and goes away.
    let t = Instant::now();
    let mut c = connect(s.addr, Duration::from_secs(5));
    let auth = format!("Bearer {TOKEN}");
    c.write_all(
        head(
            "POST",
            "/api/admin/ingest?name=gone.csv",
            &[("authorization", &auth)],
            0,
        )
        .as_bytes(),
    )
    .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    drop(c);
    let st = s.admin("GET", "/api/admin/ingest", b"");
    assert_eq!(st.json()["running"]["name"], "gone.csv", "{}", st.text());
    // One ingest at a time: a second is refused while the first runs.
    let a = s.admin("POST", "/api/admin/ingest?name=waited.csv", b"");
    assert_eq!(a.status, 409, "{}", a.text());
    assert_eq!(a.json()["error"]["code"], "ingest_running");

    let st = wait_idle(&s);
    eprintln!(
        "ingest of {CABLES} cables after its client left: {:.1} s",
        t.elapsed().as_secs_f64()
    );
    assert_eq!(st["last"]["name"], "gone.csv", "{st}");
    assert_eq!(
        st["last"]["summary"]["new_cables"].as_u64(),
        Some(CABLES as u64),
        "{st}"
    );
    // The cache was cleared when the ingest ended: its cables are found.
    assert_eq!(total(&s, "quagmirezebra"), CABLES as u64);

    // The lock is free, and a client that waits longer than the request
    // time limit gets the summary.
    let t = Instant::now();
    let a = s.admin("POST", "/api/admin/ingest?name=waited.csv", b"");
    assert_eq!(a.status, 200, "{}", a.text());
    assert!(
        t.elapsed() > Duration::from_millis(500),
        "longer than the limit"
    );
    assert_eq!(a.json()["new_cables"].as_u64(), Some(CABLES as u64));
    assert_eq!(total(&s, "marmosetquill"), CABLES as u64);
    // Reading requests keep their limit.
    assert_eq!(s.get("/api/stats").status, 200);
}
