//! The mixed-pages mode: what readers load besides searching. Cable pages,
//! article pages, news links (`/api/links/ID`, both sides) and search pages
//! with varied queries, filters (`reported:`, `quoted:`, months) and page
//! sizes, so that almost no search is answered from the server's cache.

use anyhow::{Context, Result, bail};
use http_body_util::BodyExt;

use crate::enc;
use crate::load::HttpClient;

/// Addresses in one rotation: far more distinct searches than the cache keeps.
const ROTATION: usize = 20_000;
/// Cable ids collected from the archive (pages of 100, newest first).
const CABLE_PAGES: usize = 5;

async fn get_json(client: &HttpClient, uri: &str) -> Result<serde_json::Value> {
    let r = client
        .get(uri.parse().with_context(|| uri.to_string())?)
        .await
        .with_context(|| uri.to_string())?;
    let status = r.status();
    let body = r.into_body().collect().await?.to_bytes();
    if !status.is_success() {
        bail!("{uri}: {status}: {}", String::from_utf8_lossy(&body));
    }
    serde_json::from_slice(&body).with_context(|| uri.to_string())
}

/// What the mix is made of.
pub struct Mix {
    /// The addresses, in rotation.
    pub rotation: Vec<String>,
    /// Cable ids found.
    pub cables: usize,
    /// Article ids found.
    pub articles: usize,
}

/// Build the rotation from the archive the server at `base` serves.
pub async fn mix(client: &HttpClient, base: &str, queries: &[String]) -> Result<Mix> {
    let mut cables = Vec::new();
    for page in 1..=CABLE_PAGES {
        let j = get_json(
            client,
            &format!("{base}/api/search?q=kind%3Acable&sort=date&per=100&page={page}"),
        )
        .await?;
        let hits = j["hits"].as_array().cloned().unwrap_or_default();
        cables.extend(
            hits.iter()
                .filter_map(|h| h["id"].as_str().map(str::to_string)),
        );
        if hits.len() < 100 {
            break;
        }
    }
    if cables.is_empty() {
        bail!("the archive holds no cables");
    }
    let articles: Vec<String> = get_json(client, &format!("{base}/api/articles"))
        .await?
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .filter_map(|a| a["id"].as_str().map(str::to_string))
        .collect();
    let mut rotation = Vec::with_capacity(ROTATION);
    for n in 0..ROTATION {
        let cable = &cables[(n * 31) % cables.len()];
        let article = (!articles.is_empty()).then(|| &articles[(n * 17) % articles.len()]);
        let path = match (n % 20, article) {
            // 30 %: cable pages.
            (0..=5, _) | (6..=8, None) => format!("/cable/{cable}"),
            // 15 %: article pages.
            (6..=8, Some(a)) => format!("/article/{a}"),
            // 20 %: news links, from both sides.
            (9 | 10, _) | (11 | 12, None) => format!("/api/links/{cable}"),
            (11 | 12, Some(a)) => format!("/api/links/{a}"),
            // 35 %: search pages, varied so that the cache rarely answers.
            (k, _) => search_page(n, k, queries),
        };
        rotation.push(path);
    }
    Ok(Mix {
        rotation,
        cables: cables.len(),
        articles: articles.len(),
    })
}

/// The `n`th search page: a query, sometimes a press filter, a first month
/// and a page size that change from one to the next.
fn search_page(n: usize, k: usize, queries: &[String]) -> String {
    let q = enc(&queries[(n / 20) % queries.len()]);
    let year = 1966 + (n / 7) % 44;
    let month = 1 + (n / 3) % 12;
    let per = 10 + (n * 7) % 41;
    let filter = match k {
        13 => "&f=reported%3Ayes",
        14 => "&f=quoted%3Ayes",
        15 => "&x=reported%3Ayes",
        _ => "",
    };
    format!("/?q={q}{filter}&from={year}-{month:02}&per={per}")
}
