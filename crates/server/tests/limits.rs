//! The server's limits against hostile clients, over a real archive and a
//! real server on loopback, with raw TCP clients: write requests refused
//! from their headers before any body is read, uploads each in a file of
//! their own, connections that never finish their headers closed.

mod common;

use std::io::{Read, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use cablescope_server::security::Limits;
use common::{TOKEN, TestServer, connect, head, parse_reply, request, rss_bytes};

/// Sixty megabytes: what an unauthenticated client claims to send.
const BIG: usize = 60 * 1024 * 1024;

/// Send only the head of a POST declaring `len` bytes and read the answer:
/// it must come without the body.
fn refused_from_headers(
    s: &TestServer,
    path: &str,
    auth: Option<&str>,
    len: usize,
) -> common::Reply {
    let mut c = connect(s.addr, Duration::from_secs(5));
    let headers: Vec<(&str, &str)> = auth.map(|a| ("authorization", a)).into_iter().collect();
    c.write_all(head("POST", path, &headers, len).as_bytes())
        .unwrap();
    let t = Instant::now();
    let mut raw = Vec::new();
    // The answer comes whole, then the server closes: no body was awaited.
    match c.read_to_end(&mut raw) {
        Ok(_) => {}
        Err(e) if !raw.is_empty() => eprintln!("after the answer: {e}"),
        Err(e) => panic!("{path}: no answer without the body ({e})"),
    }
    assert!(t.elapsed() < Duration::from_secs(5), "{path}");
    parse_reply(&raw).unwrap()
}

#[test]
fn write_requests_are_refused_from_their_headers_before_the_body() {
    let s = TestServer::start(Some(TOKEN), Limits::default());
    for path in [
        "/api/admin/upload?name=big.bin",
        "/api/admin/ingest?name=big.bin",
    ] {
        let a = refused_from_headers(&s, path, None, BIG);
        assert_eq!(a.status, 401, "{path}: {}", a.text());
        assert_eq!(a.json()["error"]["code"], "unauthorized");
        let a = refused_from_headers(&s, path, Some("Bearer wrong-token-0123456789"), BIG);
        assert_eq!(a.status, 403, "{path}: {}", a.text());
        assert_eq!(a.json()["error"]["code"], "forbidden");
    }
    // A body declared larger than an upload may be is refused before it is sent.
    let auth = format!("Bearer {TOKEN}");
    let over = cablescope_server::admin::MAX_UPLOAD_BYTES + 1;
    let a = refused_from_headers(&s, "/api/admin/upload?name=big.bin", Some(&auth), over);
    assert_eq!(a.status, 413, "{}", a.text());
    assert_eq!(a.json()["error"]["code"], "payload_too_large");
    drop(s);

    let ro = TestServer::start(None, Limits::default());
    let a = refused_from_headers(&ro, "/api/admin/upload?name=big.bin", Some(&auth), BIG);
    assert_eq!(a.status, 403, "{}", a.text());
    assert_eq!(a.json()["error"]["code"], "read_only");
}

#[test]
fn unauthenticated_uploads_do_not_grow_the_server() {
    let s = TestServer::start(Some(TOKEN), Limits::default());
    let addr = s.addr;
    // The peak of resident memory while the posts are sent (sampled).
    let base = rss_bytes();
    let peak = Arc::new(AtomicU64::new(base));
    let done = Arc::new(AtomicBool::new(false));
    let sampler = {
        let (peak, done) = (peak.clone(), done.clone());
        std::thread::spawn(move || {
            while !done.load(Ordering::Relaxed) {
                peak.fetch_max(rss_bytes(), Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(5));
            }
        })
    };
    let t = Instant::now();
    let posts: Vec<_> = (0..8)
        .map(|_| {
            std::thread::spawn(move || {
                let mut c = connect(addr, Duration::from_secs(30));
                c.write_all(head("POST", "/api/admin/upload?name=x.bin", &[], BIG).as_bytes())
                    .unwrap();
                let chunk = vec![b'z'; 64 * 1024];
                let mut sent = 0;
                // The server may close the connection once it has answered.
                while sent < BIG && c.write_all(&chunk).is_ok() {
                    sent += chunk.len();
                }
                let mut raw = Vec::new();
                let _ = c.read_to_end(&mut raw);
                parse_reply(&raw).map(|r| r.status).ok()
            })
        })
        .collect();
    for p in posts {
        if let Some(status) = p.join().unwrap() {
            assert_eq!(status, 401);
        }
    }
    done.store(true, Ordering::Relaxed);
    sampler.join().unwrap();
    let grown = peak.load(Ordering::Relaxed).saturating_sub(base);
    eprintln!(
        "8 unauthenticated 60 MB posts in {:.1} s: peak memory +{} MB",
        t.elapsed().as_secs_f64(),
        grown >> 20
    );
    assert!(
        grown < 64 << 20,
        "memory grew by {} MB: the bodies were buffered",
        grown >> 20
    );
    assert!(
        !s.state.archive.dir().join("uploads/x.bin").exists(),
        "nothing stored"
    );
}

#[test]
fn concurrent_uploads_under_one_name_all_succeed_and_one_is_kept_whole() {
    let s = TestServer::start(Some(TOKEN), Limits::default());
    let addr = s.addr;
    let size = 4 * 1024 * 1024;
    let uploads: Vec<_> = (0..16u8)
        .map(|i| {
            std::thread::spawn(move || {
                let body = vec![b'a' + i; size];
                let auth = format!("Bearer {TOKEN}");
                request(
                    addr,
                    "POST",
                    "/api/admin/upload?name=same.txt",
                    &[("authorization", &auth)],
                    &body,
                )
                .unwrap()
            })
        })
        .collect();
    for u in uploads {
        let a = u.join().unwrap();
        assert_eq!(a.status, 200, "{}", a.text());
        assert_eq!(a.json()["bytes"], size);
    }
    let dir = s.state.archive.dir().join("uploads");
    let kept = std::fs::read(dir.join("same.txt")).unwrap();
    assert_eq!(kept.len(), size);
    assert!(kept.iter().all(|b| *b == kept[0]), "one upload, whole");
    let left: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "same.txt")
        .collect();
    assert_eq!(left, Vec::<String>::new(), "no temporary files left");
    // An upload cut short leaves nothing behind.
    let mut c = connect(addr, Duration::from_secs(5));
    let auth = format!("Bearer {TOKEN}");
    c.write_all(
        head(
            "POST",
            "/api/admin/upload?name=cut.txt",
            &[("authorization", &auth)],
            1 << 20,
        )
        .as_bytes(),
    )
    .unwrap();
    c.write_all(&[b'x'; 1000]).unwrap();
    drop(c);
    std::thread::sleep(Duration::from_millis(300));
    let names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["same.txt".to_string()]);
}

#[test]
fn connections_that_never_finish_their_headers_are_closed() {
    let limits = Limits {
        header_read_timeout: Duration::from_secs(1),
        ..Limits::default()
    };
    let s = TestServer::start(None, limits);
    let t = Instant::now();
    let mut slow: Vec<_> = (0..50)
        .map(|i| {
            let mut c = connect(s.addr, Duration::from_secs(6));
            // Half a request: the blank line that ends the headers never comes.
            c.write_all(format!("GET /?q=slow{i} HTTP/1.1\r\nhost: 127.0.0.1\r\n").as_bytes())
                .unwrap();
            c
        })
        .collect();
    // One more that sends its headers a byte at a time, too slowly.
    let mut drip = connect(s.addr, Duration::from_secs(6));
    for b in b"GET / HTTP/1.1\r\nhost: 1" {
        if drip.write_all(&[*b]).is_err() {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    slow.push(drip);
    for (i, c) in slow.iter_mut().enumerate() {
        let mut buf = [0u8; 1024];
        match c.read(&mut buf) {
            Ok(_) => {} // closed (0), or a 408 before closing
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => {}
            Err(e) => panic!("connection {i} still open after {:?}: {e}", t.elapsed()),
        }
    }
    assert!(t.elapsed() < Duration::from_secs(6));
    // A head larger than the limit is refused as soon as it is read.
    let long = "x".repeat(cablescope_server::security::MAX_HEAD_BYTES);
    let a = request(s.addr, "GET", "/", &[("x-long", &long)], b"");
    match a {
        Ok(a) => assert_eq!(a.status, 431, "{:.200}", a.text()),
        Err(e) => assert_eq!(e.kind(), std::io::ErrorKind::ConnectionReset, "{e}"),
    }
    // The server still answers.
    assert_eq!(s.get("/api/stats").status, 200);
}
