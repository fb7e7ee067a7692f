//! Browsing: an overview of what the archive holds (counts, coverage of the
//! Cablegate id list, documents by year and month, by classification), and
//! full lists by origin and by tag (with descriptions). Every count links to
//! the search that lists those documents.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::http::StatusCode;
use maud::{Markup, html};

use super::{Nav, PageResult, class_badge, layout};
use crate::State as AppState;
use crate::api::{self, Count};
use crate::params::SearchParams;

fn month_href(from: &str, to: &str) -> String {
    let p = SearchParams {
        from: Some(from.into()),
        to: Some(to.into()),
        page: 1,
        per: crate::params::DEFAULT_PER_PAGE,
        ..Default::default()
    };
    format!("/?{}", p.to_query())
}

fn count_table(facet: &str, rows: &[Count], limit: usize, with_desc: bool) -> Markup {
    html! {
        table.counts {
            thead { tr { th { (facet) } @if with_desc { th { "description" } } th { "documents" } } }
            tbody {
                @for c in rows.iter().take(limit) {
                    tr {
                        td { a href=(SearchParams::filter_href(facet, &c.value)) { (c.value) } }
                        @if with_desc { td.muted { (c.description.as_deref().unwrap_or("")) } }
                        td.n { (c.count) }
                    }
                }
            }
        }
    }
}

/// `/browse`: the overview.
pub async fn overview(State(s): State<AppState>) -> PageResult {
    let o = match api::overview(&s).await {
        Ok(o) => o,
        Err(e) => return PageResult(Err(e)),
    };
    let st = &o.stats;
    // Years × months grid.
    let mut grid: BTreeMap<String, [u64; 12]> = BTreeMap::new();
    for m in &o.dates.months {
        if let Some((y, mo)) = m.month.split_once('-')
            && let Ok(mo) = mo.parse::<usize>()
            && (1..=12).contains(&mo)
        {
            grid.entry(y.to_string()).or_default()[mo - 1] += m.count;
        }
    }
    let body = html! {
        h1 { "The archive" }
        div.cards {
            div.card { div.big { (st.documents) } div.muted { "documents" } }
            div.card { div.big { (st.cables) } div.muted { "cables" } }
            div.card { div.big { (st.copies) } div.muted { "copies kept" } }
            div.card { div.big { a href="/articles" { (st.articles) } } div.muted { "news articles" } }
            div.card {
                div.big { (format!("{:.2}%", o.cablegate_coverage * 100.0)) }
                div.muted { "of the Cablegate id list (" (st.cablegate_present) " of " (st.cablegate_total) ")" }
                progress value=(st.cablegate_present) max=(st.cablegate_total.max(1)) {}
            }
        }
        p.muted { "Browse " a href="/browse/origins" { "by origin (" (o.origins.len()) " posts)" } ", " a href="/browse/tags" { "by tag (" (o.tags.len()) " TAGS)" } ", or by date below. " (st.other) " other documents." }
        h2 { "By classification" }
        table.counts {
            tbody {
                @for c in &o.classifications {
                    tr { td { a href=(SearchParams::filter_href("classification", &c.value)) { (class_badge(Some(&c.value))) } } td.n { (c.count) } }
                }
            }
        }
        h2 { "By year and month" }
        @if o.dates.undated > 0 { p.muted { (o.dates.undated) " documents carry no date." } }
        table.counts.months {
            thead { tr { th { "year" } @for m in ["Jan","Feb","Mar","Apr","May","Jun","Jul","Aug","Sep","Oct","Nov","Dec"] { th { (m) } } th { "total" } } }
            tbody {
                @for (y, months) in grid.iter().rev() {
                    tr {
                        th { a href=(month_href(&format!("{y}-01"), &format!("{y}-12"))) { (y) } }
                        @for (i, n) in months.iter().enumerate() {
                            @if *n == 0 { td.zero { "·" } } @else {
                                @let m = format!("{y}-{:02}", i + 1);
                                td { a href=(month_href(&m, &m)) { (n) } }
                            }
                        }
                        td { strong { (months.iter().sum::<u64>()) } }
                    }
                }
            }
        }
        h2 { "Most frequent origins" }
        (count_table("origin", &o.origins, 25, false))
        p { a href="/browse/origins" { "All origins →" } }
        h2 { "Most frequent TAGS" }
        (count_table("tag", &o.tags, 25, true))
        p { a href="/browse/tags" { "All TAGS →" } }
    };
    PageResult(Ok(super::page(
        StatusCode::OK,
        layout("Browse", Nav::Browse, "", body),
    )))
}

/// `/browse/origins`.
pub async fn origins(State(s): State<AppState>) -> PageResult {
    let o = match api::overview(&s).await {
        Ok(o) => o,
        Err(e) => return PageResult(Err(e)),
    };
    let body = html! {
        h1 { "Origins" }
        p.muted { (o.origins.len()) " posts and offices that sent documents in this archive." }
        (count_table("origin", &o.origins, usize::MAX, false))
    };
    PageResult(Ok(super::page(
        StatusCode::OK,
        layout("Origins", Nav::Browse, "", body),
    )))
}

/// `/browse/tags`.
pub async fn tags(State(s): State<AppState>) -> PageResult {
    let o = match api::overview(&s).await {
        Ok(o) => o,
        Err(e) => return PageResult(Err(e)),
    };
    let body = html! {
        h1 { "TAGS" }
        p.muted { "Traffic Analysis by Geography and Subject: the subject and country codes on each cable, with their descriptions. " (o.tags.len()) " in this archive." }
        (count_table("tag", &o.tags, usize::MAX, true))
    };
    PageResult(Ok(super::page(
        StatusCode::OK,
        layout("TAGS", Nav::Browse, "", body),
    )))
}
