//! Many readers at once: a real server on loopback over a real archive with
//! cables and articles, 16 client threads loading cable pages, article
//! pages, news links and search pages (with the press filters) at the same
//! time, bounded in requests and time. Every answer must be a 200.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use cablescope_server::security::Limits;
use common::{TestServer, request};

/// Client threads.
const CLIENTS: usize = 16;
/// Requests in all.
const REQUESTS: usize = 800;
/// The most the test may take.
const CAP: Duration = Duration::from_secs(60);

/// Every address the readers load, in rotation.
fn addresses(s: &TestServer) -> Vec<String> {
    let cables = s.get("/api/search?q=kind:cable&per=100").json();
    let cables: Vec<String> = cables["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_string())
        .collect();
    let articles = s.get("/api/articles").json();
    let articles: Vec<String> = articles
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_string())
        .collect();
    assert!(cables.len() >= 5, "{cables:?}");
    assert!(!articles.is_empty(), "the archive holds articles");
    let mut out = Vec::new();
    let searches = [
        "/?q=tier",
        "/?f=reported%3Ayes",
        "/?f=quoted%3Ayes",
        "/?q=trafficking&f=reported%3Ayes",
        "/?q=the&x=quoted%3Ayes",
        "/api/search?f=reported%3Ayes&per=50",
        "/api/search?q=embassy&f=quoted%3Ano",
        "/?q=reported%3Ayes+OR+kind%3Aarticle",
    ];
    for (i, id) in cables.iter().enumerate() {
        out.push(format!("/cable/{id}"));
        out.push(format!("/api/links/{id}"));
        let a = &articles[i % articles.len()];
        out.push(format!("/article/{a}"));
        out.push(format!("/api/links/{a}"));
        // Search pages, each a little different (page, per), so not all are cached.
        out.push(format!(
            "{}&per={}",
            searches[i % searches.len()],
            10 + i % 20
        ));
    }
    out
}

#[test]
fn concurrent_page_loads_all_succeed() {
    let s = TestServer::start(None, Limits::default());
    let paths = Arc::new(addresses(&s));
    let next = Arc::new(AtomicUsize::new(0));
    let errors: Arc<Mutex<Vec<String>>> = Arc::default();
    let t = Instant::now();
    let deadline = t + CAP;
    let clients: Vec<_> = (0..CLIENTS)
        .map(|_| {
            let (paths, next, errors, addr) = (paths.clone(), next.clone(), errors.clone(), s.addr);
            std::thread::spawn(move || {
                loop {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    if n >= REQUESTS || Instant::now() > deadline {
                        return;
                    }
                    let path = &paths[n % paths.len()];
                    let outcome = match request(addr, "GET", path, &[], b"") {
                        Ok(r) if r.status == 200 => continue,
                        Ok(r) => format!(
                            "{path}: {} {}",
                            r.status,
                            r.text().chars().take(200).collect::<String>()
                        ),
                        Err(e) => format!("{path}: {e}"),
                    };
                    if let Ok(mut e) = errors.lock() {
                        e.push(outcome);
                    }
                }
            })
        })
        .collect();
    for c in clients {
        c.join().unwrap();
    }
    let elapsed = t.elapsed();
    let sent = next.load(Ordering::Relaxed).min(REQUESTS);
    let errors = errors.lock().unwrap().clone();
    eprintln!(
        "{sent} page loads by {CLIENTS} clients in {:.1} s: {} errors",
        elapsed.as_secs_f64(),
        errors.len()
    );
    assert!(
        errors.is_empty(),
        "{} of {sent} failed, first: {:?}",
        errors.len(),
        errors.iter().take(5).collect::<Vec<_>>()
    );
    assert_eq!(sent, REQUESTS, "every request sent within {CAP:?}");
}
