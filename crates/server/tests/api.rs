//! The API and pages over a real archive on disk (samples/ plus hostile
//! documents), through a real server on loopback and a real HTTP client:
//! every endpoint, bad parameters as 4xx JSON errors, answers validated
//! against the OpenAPI document, hostile text escaped, admin endpoints
//! closed without the token.

mod common;

use common::{build_archive, repo};
use std::net::SocketAddr;

use cablescope_server::{Config, open_state};
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use serde_json::Value;

const TOKEN: &str = "test-admin-token-0123456789";

struct Server {
    addr: SocketAddr,
    client: Client<HttpConnector, Full<Bytes>>,
    _dir: Option<tempfile::TempDir>,
}

struct Answer {
    status: u16,
    headers: hyper::HeaderMap,
    body: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| {
            panic!("not JSON ({e}): {}", &self.body[..self.body.len().min(300)])
        })
    }
}

impl Server {
    async fn request(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Answer {
        let mut b = hyper::Request::builder()
            .method(method)
            .uri(format!("http://{}{}", self.addr, path));
        for (k, v) in headers {
            b = b.header(*k, *v);
        }
        let req = b.body(Full::new(Bytes::copy_from_slice(body))).unwrap();
        let res = self.client.request(req).await.expect("request");
        let status = res.status().as_u16();
        let headers = res.headers().clone();
        let body = res.into_body().collect().await.unwrap().to_bytes();
        Answer {
            status,
            headers,
            body: String::from_utf8_lossy(&body).into_owned(),
        }
    }
    async fn get(&self, path: &str) -> Answer {
        self.request("GET", path, &[], b"").await
    }
}

async fn start(token: Option<&str>) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let d2 = data.clone();
    tokio::task::spawn_blocking(move || build_archive(&d2))
        .await
        .unwrap();
    let config = Config {
        addr: "127.0.0.1:0".parse().unwrap(),
        data,
        admin_token: token.map(str::to_string),
        cache_entries: 64,
        limits: Default::default(),
    };
    let state = open_state(&config).unwrap();
    let listener = tokio::net::TcpListener::bind(config.addr).await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(cablescope_server::listen::serve_listener(
        listener,
        state,
        std::future::pending(),
    ));
    Server {
        addr,
        client: Client::builder(TokioExecutor::new()).build_http(),
        _dir: Some(dir),
    }
}

/// Check `value` against the OpenAPI component schema `name`.
fn validate(openapi: &Value, name: &str, value: &Value) {
    let mut schema = openapi.clone();
    schema["$schema"] = Value::from("https://json-schema.org/draft/2020-12/schema");
    schema["$ref"] = Value::from(format!("#/components/schemas/{name}"));
    let v = jsonschema::draft202012::new(&schema).expect("schema compiles");
    let errors: Vec<String> = v
        .iter_errors(value)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{name}: {errors:#?}");
}

async fn openapi(s: &Server) -> Value {
    let a = s.get("/api/openapi.json").await;
    assert_eq!(a.status, 200);
    let doc = a.json();
    assert_eq!(doc["openapi"], "3.1.0");
    doc
}

async fn expect_error(s: &Server, doc: &Value, path: &str, status: u16, code: &str) {
    let a = s.get(path).await;
    assert_eq!(a.status, status, "{path}: {}", a.body);
    assert!(
        a.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json"),
        "{path}"
    );
    let j = a.json();
    validate(doc, "Error", &j);
    assert_eq!(j["error"]["code"], code, "{path}: {j}");
    assert!(!j["error"]["message"].as_str().unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_endpoint_answers_as_documented() {
    let s = start(None).await;
    let doc = openapi(&s).await;

    // Search, with every parameter.
    let a = s.get("/api/search?q=tier").await;
    assert_eq!(a.status, 200, "{}", a.body);
    let j = a.json();
    validate(&doc, "SearchResults", &j);
    assert_eq!(j["hits"][0]["id"], "07KUALALUMPUR1145");
    assert!(j["hits"][0]["snippet"].as_str().unwrap().contains("<b>"));
    let tags = j["facets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "tag")
        .unwrap();
    let phum = tags["values"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["value"] == "PHUM")
        .unwrap();
    assert_eq!(phum["description"], "Human Rights");
    assert!(!j["histogram"]["months"].as_array().unwrap().is_empty());

    let a = s
        .get("/api/search?q=trafficking&f=tag%3APHUM&x=classification%3ASECRET&from=2007-01&to=2007-12&sort=date&page=1&per=5")
        .await;
    assert_eq!(a.status, 200, "{}", a.body);
    let j = a.json();
    validate(&doc, "SearchResults", &j);
    assert_eq!(j["total"], 1);
    assert_eq!(j["histogram"]["months"][0]["month"], "2007-07");

    // Exclusion removes what inclusion finds.
    let inc = s.get("/api/search?f=tag%3APHUM").await.json();
    let exc = s.get("/api/search?x=tag%3APHUM").await.json();
    let all = s.get("/api/search").await.json();
    validate(&doc, "SearchResults", &all);
    assert_eq!(
        inc["total"].as_u64().unwrap() + exc["total"].as_u64().unwrap(),
        all["total"].as_u64().unwrap()
    );
    // A classification facet value filters to exactly its count.
    let cls = all["facets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "classification")
        .unwrap();
    for v in cls["values"].as_array().unwrap() {
        let q = format!(
            "/api/search?f={}",
            form_urlencoded::byte_serialize(
                format!("classification:{}", v["value"].as_str().unwrap()).as_bytes()
            )
            .collect::<String>()
        );
        assert_eq!(s.get(&q).await.json()["total"], v["count"], "{q}");
    }

    // Cable, refs, raw.
    let a = s.get("/api/cable/07KUALALUMPUR1145").await;
    assert_eq!(a.status, 200);
    let j = a.json();
    validate(&doc, "Cable", &j);
    assert_eq!(j["header"]["classification"], "CONFIDENTIAL");
    assert_eq!(j["header"]["declassify"]["date"], "2017-07-16");
    assert_eq!(j["header"]["declassify"]["passed"], true);
    assert!(j["header"]["classified_by"]["reasons"][0]["meaning"].is_string());
    let a = s.get("/api/cable/07%20KUALA%20LUMPUR%201145").await;
    assert_eq!(a.status, 200, "spaced id");
    let a = s.get("/api/cable/07KUALALUMPUR1145/refs").await;
    let j = a.json();
    validate(&doc, "Refs", &j);
    assert!(
        j["cited_by"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c == "09KUALALUMPUR999"),
        "{j}"
    );
    let j = s.get("/api/cable/09KUALALUMPUR999/refs").await.json();
    assert_eq!(j["cites"][0]["status"], "in_archive", "{j}");
    let j = s.get("/api/cable/08KUALALUMPUR224/refs").await.json();
    validate(&doc, "Refs", &j);
    assert!(
        j["cites"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["status"] == "in_cablegate")
    );
    let a = s.get("/api/cable/07KUALALUMPUR1145/raw").await;
    let j = a.json();
    validate(&doc, "Raw", &j);
    assert!(
        j["copies"][0]["text"]
            .as_str()
            .unwrap()
            .contains("KUALA LUMPUR")
    );

    // Browse, stats, articles.
    for (path, schema) in [
        ("/api/browse/origins", "Counts"),
        ("/api/browse/tags", "Counts"),
        ("/api/browse/classifications", "Counts"),
        ("/api/browse/dates", "Dates"),
        ("/api/stats", "Overview"),
        ("/api/articles", "Articles"),
    ] {
        let a = s.get(path).await;
        assert_eq!(a.status, 200, "{path}");
        validate(&doc, schema, &a.json());
    }
    let stats = s.get("/api/stats").await.json();
    assert!(stats["stats"]["cables"].as_u64().unwrap() >= 5);
    assert!(stats["stats"]["cablegate_total"].as_u64().unwrap() > 200_000);
    let tags = s.get("/api/browse/tags").await.json();
    assert!(
        tags.as_array()
            .unwrap()
            .iter()
            .any(|t| t["value"] == "PREL" && t["description"] == "External Political Relations")
    );
    let arts = s.get("/api/articles").await.json();
    assert!(!arts.as_array().unwrap().is_empty());

    let j = s
        .get("/api/collection?ids=07KUALALUMPUR1145,99NOWHERE1&title=TIP")
        .await
        .json();
    validate(&doc, "Collection", &j);
    assert_eq!(j["items"][0]["found"], true);
    assert_eq!(j["items"][1]["found"], false);
    assert_eq!(j["title"], "TIP");
    let a = s
        .get("/collection?ids=07KUALALUMPUR1145,09KUALALUMPUR999")
        .await;
    assert_eq!(a.status, 200);
    assert!(a.body.contains("href=\"/cable/09KUALALUMPUR999\""));
    assert_eq!(handler_tags(&a.body), Vec::<String>::new());

    // Every documented GET path is served (the admin ones need the token).
    for (path, item) in doc["paths"].as_object().unwrap() {
        if item.get("get").is_some() && !path.starts_with("/api/admin/") {
            let p = path.replace("{id}", "07KUALALUMPUR1145");
            assert_eq!(s.get(&p).await.status, 200, "{p}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_requests_get_clear_json_errors() {
    let s = start(None).await;
    let doc = openapi(&s).await;
    for (path, code) in [
        ("/api/search?page=0", "bad_parameter"),
        ("/api/search?per=1000", "bad_parameter"),
        ("/api/search?page=501", "bad_parameter"),
        ("/api/search?sort=sideways", "bad_parameter"),
        ("/api/search?f=color%3Ared", "bad_parameter"),
        ("/api/search?f=nocolon", "bad_parameter"),
        ("/api/search?f=tag%3A%01", "bad_parameter"),
        ("/api/search?from=2007-13", "bad_parameter"),
        ("/api/search?from=2008-01&to=2007-01", "bad_parameter"),
        ("/api/search?bogus=1", "bad_parameter"),
        ("/api/search?q=%28tier", "bad_query"),
        ("/api/search?q=nofield%3Ax", "bad_query"),
        ("/api/search?q=class%3Apurple", "bad_query"),
    ] {
        expect_error(&s, &doc, path, 400, code).await;
    }
    let long = format!("/api/search?q={}", "a".repeat(1001));
    expect_error(&s, &doc, &long, 400, "bad_parameter").await;
    let huge = format!("/api/search?q={}", "a".repeat(9000));
    expect_error(&s, &doc, &huge, 414, "uri_too_long").await;
    expect_error(&s, &doc, "/api/cable/99NOWHERE1", 404, "not_found").await;
    expect_error(&s, &doc, "/api/cable/99NOWHERE1/refs", 404, "not_found").await;
    expect_error(&s, &doc, "/api/cable/99NOWHERE1/raw", 404, "not_found").await;
    expect_error(&s, &doc, "/api/cable/%01", 400, "bad_parameter").await;
    expect_error(&s, &doc, "/api/nothing", 404, "not_found").await;
    expect_error(&s, &doc, "/api/collection?bogus=1", 400, "bad_parameter").await;
    let many = (0..201)
        .map(|i| format!("07KUALALUMPUR{i}"))
        .collect::<Vec<_>>()
        .join(",");
    expect_error(
        &s,
        &doc,
        &format!("/api/collection?ids={many}"),
        400,
        "bad_parameter",
    )
    .await;
    let a = s.request("DELETE", "/api/search", &[], b"").await;
    assert_eq!(a.status, 405);
    validate(&doc, "Error", &a.json());
    assert_eq!(a.json()["error"]["code"], "method_not_allowed");
    // Pages answer errors as pages, with the status.
    let a = s.get("/cable/99NOWHERE1").await;
    assert_eq!(a.status, 404);
    assert!(a.body.contains("99NOWHERE1"));
    let a = s.get("/?page=0").await;
    assert_eq!(a.status, 400);
    assert!(a.body.contains("parameter `page`"));
    assert_eq!(s.get("/no/such/page").await.status, 404);
    // Paths cannot leave the data directory.
    for p in [
        "/static/../../etc/passwd",
        "/static/%2e%2e/%2e%2e/etc/passwd",
        "/cable/..%2F..%2Fetc%2Fpasswd/raw",
    ] {
        let a = s.get(p).await;
        assert!(a.status == 404 || a.status == 400, "{p}: {}", a.status);
        assert!(!a.body.contains("root:"), "{p}");
    }
}

/// Tags (as the browser would read them) that carry an event handler
/// attribute or a `javascript:` URL.
fn handler_tags(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        let after = &rest[i + 1..];
        let end = after.find('>').unwrap_or(after.len());
        let raw = after[..end].to_lowercase();
        // Attribute values (always double-quoted by maud, with quotes inside
        // escaped) are data, not markup: look at what is outside them, and
        // at URL attributes' values.
        let mut tag = String::new();
        let mut urls = Vec::new();
        for (k, part) in raw.split('"').enumerate() {
            if k % 2 == 0 {
                tag.push_str(part);
            } else if tag.ends_with("href=") || tag.ends_with("src=") || tag.ends_with("action=") {
                urls.push(part.to_string());
            }
        }
        let has_handler = tag.split_whitespace().skip(1).any(|attr| {
            attr.starts_with("on")
                && attr[2..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphabetic())
                    .count()
                    > 0
                && attr.contains('=')
        });
        if has_handler
            || urls
                .iter()
                .any(|u| u.trim_start().starts_with("javascript:"))
        {
            out.push(raw);
        }
        rest = &after[end.min(after.len())..];
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_render_and_hostile_text_stays_inert() {
    let s = start(None).await;
    let csp = "default-src 'self'; script-src 'self'";
    for path in [
        "/",
        "/?q=tier&f=tag%3APHUM&sort=date",
        "/cable/07KUALALUMPUR1145",
        "/cable/09KUALALUMPUR999",
        "/browse",
        "/browse/origins",
        "/browse/tags",
        "/articles",
    ] {
        let a = s.get(path).await;
        assert_eq!(a.status, 200, "{path}");
        let h = a.headers["content-security-policy"].to_str().unwrap();
        assert!(h.starts_with(csp), "{path}: {h}");
        assert_eq!(a.headers["x-content-type-options"], "nosniff");
        // No inline scripts, handlers or styles in any page.
        assert_eq!(
            a.body.matches("<script").count(),
            1,
            "{path}: one external script only"
        );
        assert!(a.body.contains("<script src=\"/static/app.js"), "{path}");
        assert!(!a.body.contains(" style="), "{path}");
        let bad = handler_tags(&a.body);
        assert!(
            bad.is_empty(),
            "{path}: tags with event handlers or javascript: URLs: {bad:?}"
        );
    }
    let a = s.get("/cable/09KUALALUMPUR999").await;
    assert!(
        a.body
            .contains("&lt;script&gt;alert('subject')&lt;/script&gt;")
            || a.body
                .contains("&lt;script&gt;alert(&#39;subject&#39;)&lt;/script&gt;"),
        "subject escaped"
    );
    assert!(
        a.body
            .contains("&lt;/textarea&gt;&lt;script&gt;alert(2)&lt;/script&gt;"),
        "body escaped"
    );
    assert!(!a.body.contains("<img src=x"));
    assert!(!a.body.contains("<iframe"));
    assert!(!a.body.contains("<svg onload"));
    assert!(
        a.body.contains("href=\"/cable/07KUALALUMPUR1145\""),
        "reference linked"
    );
    // In search results too (snippets and subjects).
    let a = s.get("/?q=hostilemarker").await;
    assert_eq!(a.body.matches("<script").count(), 1);
    assert!(a.body.contains("HOSTILE SUBJECT"));
    assert!(!a.body.contains("<img src=x"));
    // A hostile query is shown escaped.
    let a = s.get("/?q=%3Cscript%3Ealert(9)%3C%2Fscript%3E").await;
    assert_eq!(a.body.matches("<script").count(), 1);
    // Raw text is plain text, never HTML.
    let a = s.get("/cable/09KUALALUMPUR999/raw").await;
    assert!(
        a.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    assert_eq!(a.headers["x-content-type-options"], "nosniff");
    // Permalinks, paragraph badges, cited-by, article pages.
    let a = s.get("/cable/07KUALALUMPUR1145").await;
    assert!(a.body.contains("id=\"p5\""));
    assert!(a.body.contains("href=\"#p5\""));
    assert!(a.body.contains("data-cited-by=\"09KUALALUMPUR999\""));
    assert!(a.body.contains("External Political Relations"));
    let arts = s.get("/api/articles").await.json();
    let id = arts[0]["id"].as_str().unwrap();
    let a = s.get(&format!("/article/{id}")).await;
    assert_eq!(a.status, 200);
    assert_eq!(s.get(&format!("/cable/{id}")).await.status, 303);
    // Assets are embedded and cacheable.
    for p in ["/static/style.css", "/static/app.js", "/static/icon.svg"] {
        let a = s.get(p).await;
        assert_eq!(a.status, 200, "{p}");
        assert!(
            a.headers["cache-control"]
                .to_str()
                .unwrap()
                .contains("max-age")
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn news_links_answer_as_documented_and_show_on_both_pages() {
    let s = start(None).await;
    let doc = openapi(&s).await;

    // A cable: the article that quotes it, with the passage on both sides.
    let a = s.get("/api/links/07KUALALUMPUR1145").await;
    assert_eq!(a.status, 200, "{}", a.body);
    let j = a.json();
    validate(&doc, "Links", &j);
    assert_eq!(j["kind"], "cable");
    let quote = j["links"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["evidence"] == "quotes")
        .unwrap_or_else(|| panic!("no quote link: {j}"))
        .clone();
    let article = quote["id"].as_str().unwrap().to_string();
    let p = &quote["passages"][0];
    assert_eq!(p["paragraph_n"], 3, "{quote}");
    assert!(
        p["cable_text"]
            .as_str()
            .unwrap()
            .contains("passed judgment")
    );
    assert_eq!(
        quote["title"],
        "Malaysia bristled at US trafficking ranking, cable shows"
    );
    // Spaced ids are accepted, as elsewhere.
    let a = s.get("/api/links/07%20KUALA%20LUMPUR%201145").await;
    assert_eq!(a.status, 200);
    assert_eq!(a.json()["id"], "07KUALALUMPUR1145");

    // The article: the cable it quotes.
    let a = s.get(&format!("/api/links/{article}")).await;
    assert_eq!(a.status, 200, "{}", a.body);
    let j = a.json();
    validate(&doc, "Links", &j);
    assert_eq!(j["kind"], "article");
    assert!(
        j["links"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["evidence"] == "quotes" && l["id"] == "07KUALALUMPUR1145"),
        "{j}"
    );
    assert!(
        j["links"]
            .as_array()
            .unwrap()
            .iter()
            .all(|l| l["evidence"] != "concerns" || l["passages"].as_array().unwrap().is_empty())
    );

    // Search filters by news links, as the search page's "In the press" box writes them.
    for f in ["reported%3Ayes", "quoted%3Ayes"] {
        let j = s.get(&format!("/api/search?f={f}&per=100")).await.json();
        validate(&doc, "SearchResults", &j);
        assert!(
            j["hits"]
                .as_array()
                .unwrap()
                .iter()
                .any(|h| h["id"] == "07KUALALUMPUR1145"),
            "{f}: {j}"
        );
    }
    let j = s.get("/api/search?q=tier&x=quoted%3Ayes").await.json();
    assert!(
        j["hits"]
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h["id"] != "07KUALALUMPUR1145"),
        "{j}"
    );
    expect_error(
        &s,
        &doc,
        "/api/search?f=reported%3Amaybe",
        400,
        "bad_parameter",
    )
    .await;
    let page = s.get("/?q=tier").await;
    assert!(
        page.body.contains("href=\"/?q=tier&amp;f=reported%3Ayes\""),
        "In the press box"
    );

    // Unknown and bad ids.
    expect_error(&s, &doc, "/api/links/99NOWHERE1", 404, "not_found").await;
    expect_error(&s, &doc, "/api/links/%20", 400, "bad_parameter").await;

    // The pages: highlights on both sides, each leading to the other.
    let c = s.get("/cable/07KUALALUMPUR1145").await;
    assert_eq!(c.status, 200);
    assert!(c.body.contains("Reported in"), "Reported in panel");
    let start = p["cable_start"].as_u64().unwrap();
    let astart = p["article_start"].as_u64().unwrap();
    assert!(
        c.body
            .contains(&format!("<mark class=\"quoted\" id=\"q-c3-{start}\"")),
        "cable highlight"
    );
    assert!(
        c.body
            .contains(&format!("href=\"/article/{article}#q-a{astart}\""))
    );
    assert!(
        c.body
            .contains("&quot;passed judgment on and punished&quot;")
    );
    assert_eq!(handler_tags(&c.body), Vec::<String>::new());
    let a = s.get(&format!("/article/{article}")).await;
    assert_eq!(a.status, 200);
    assert!(a.body.contains("Cables cited"));
    assert!(
        a.body
            .contains(&format!("<mark class=\"quoted\" id=\"q-a{astart}\"")),
        "article highlight"
    );
    assert!(
        a.body
            .contains(&format!("href=\"/cable/07KUALALUMPUR1145#q-c3-{start}\""))
    );
    assert!(
        a.body.contains("href=\"/cable/07KUALALUMPUR1145#p3\""),
        "side by side links the paragraph"
    );
    assert_eq!(handler_tags(&a.body), Vec::<String>::new());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn write_endpoints_need_the_admin_token() {
    let ro = start(None).await;
    let doc = openapi(&ro).await;
    let a = ro
        .request(
            "POST",
            "/api/admin/upload?name=x.txt",
            &[("authorization", &format!("Bearer {TOKEN}"))],
            b"x",
        )
        .await;
    assert_eq!(a.status, 403);
    assert_eq!(a.json()["error"]["code"], "read_only");

    let s = start(Some(TOKEN)).await;
    let cable =
        std::fs::read(repo().join("samples/corpus/body-only-text/05VIENNA3833.txt")).unwrap();
    let auth = format!("Bearer {TOKEN}");
    let a = s
        .request("POST", "/api/admin/upload?name=new.txt", &[], &cable)
        .await;
    assert_eq!(a.status, 401);
    validate(&doc, "Error", &a.json());
    let a = s
        .request(
            "POST",
            "/api/admin/upload?name=new.txt",
            &[("authorization", "Bearer wrong-token")],
            &cable,
        )
        .await;
    assert_eq!(a.status, 403);
    for bad in ["..%2Fescape.txt", "%2Fetc%2Fpasswd", ".hidden", "a%2Fb", ""] {
        let a = s
            .request(
                "POST",
                &format!("/api/admin/upload?name={bad}"),
                &[("authorization", &auth)],
                &cable,
            )
            .await;
        assert_eq!(a.status, 400, "{bad}");
    }
    let a = s
        .request(
            "POST",
            "/api/admin/ingest?name=missing.txt",
            &[("authorization", &auth)],
            b"",
        )
        .await;
    assert_eq!(a.status, 404);
    // A new document: upload, ingest, find it.
    let text = "O 020202Z FEB 09\nFM AMEMBASSY KUALA LUMPUR\nTO SECSTATE WASHDC 0002\n\nUNCLAS KUALA LUMPUR 000998\n\nTAGS: PREL MY\nSUBJECT: UPLOADED ZEBRAFINCH REPORT\n\n1. (U) The zebrafinch paragraph.\n";
    let a = s
        .request(
            "POST",
            "/api/admin/upload?name=upload-1.txt",
            &[("authorization", &auth)],
            text.as_bytes(),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.body);
    validate(&doc, "Upload", &a.json());
    let a = s
        .request(
            "POST",
            "/api/admin/ingest?name=upload-1.txt",
            &[("authorization", &auth)],
            b"",
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(a.json()["new_cables"], 1);
    let j = s.get("/api/search?q=zebrafinch").await.json();
    assert_eq!(j["hits"][0]["id"], "09KUALALUMPUR998");
    // Uploads may be larger than other requests' bodies.
    let mid = vec![b'x'; 300 * 1024];
    let a = s
        .request(
            "POST",
            "/api/admin/upload?name=mid.txt",
            &[("authorization", &auth)],
            &mid,
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(a.json()["bytes"], 300 * 1024);
    // Bodies over the limit are refused from their declared length, before
    // they are read: the server answers 413 and closes the connection, so
    // a client still sending may see the connection reset instead.
    let big = vec![b'a'; 65 * 1024 * 1024];
    let req = hyper::Request::builder()
        .method("POST")
        .uri(format!("http://{}/api/admin/upload?name=big.txt", s.addr))
        .header("authorization", &auth)
        .body(Full::new(Bytes::from(big)))
        .unwrap();
    if let Ok(res) = s.client.request(req).await {
        assert_eq!(res.status().as_u16(), 413);
    }
    assert!(
        !s._dir
            .as_ref()
            .unwrap()
            .path()
            .join("data/uploads/big.txt")
            .exists()
    );
}
