//! The search page: query box with the syntax explained, facets that filter
//! (and exclude) on click, the histogram of hits over time, results with
//! highlighted snippets, sort and pagination. The URL holds the whole state.

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use maud::{Markup, PreEscaped, html};

use super::{Nav, PageResult, class_badge, date_of, doc_href, layout};
use crate::State as AppState;
use crate::params::{Filter, SearchParams, SortParam};
use crate::query::{self, SearchView};

/// The query syntax, as (example, meaning).
pub const SYNTAX: [(&str, &str); 14] = [
    (
        "trafficking shelters",
        "all words, in subject or body (stemmed: shelter finds shelters)",
    ),
    ("\"tier 3\"", "a phrase"),
    ("traffick*", "a prefix"),
    ("najib~", "fuzzy: one letter off (najib~2: two)"),
    ("tip OR trafficking", "either word (AND is the default)"),
    ("NOT malaysia, -malaysia", "leave out"),
    ("(a OR b) c", "grouping"),
    ("subject:tier", "a word of the subject"),
    ("tag:PHUM, tag:P*", "a TAGS entry, or a prefix"),
    (
        "origin:KUALALUMPUR, country:Malaysia",
        "sending post (id or name), its country",
    ),
    (
        "class:secret, caveat:NOFORN",
        "classification level or full label, captions",
    ),
    ("from:, to:, signer:, classified_by:", "header fields"),
    ("ref:07KUALALUMPUR1145, id:", "cables citing an id; an id"),
    (
        "year:2005..2007, date:>=2008-01",
        "date ranges (year, month or day)",
    ),
];

fn href(p: &SearchParams) -> String {
    let q = p.to_query();
    if q.is_empty() {
        "/".into()
    } else {
        format!("/?{q}")
    }
}

fn with_include(p: &SearchParams, f: Filter) -> String {
    let mut n = p.first_page();
    n.exclude.retain(|x| *x != f);
    if !n.include.contains(&f) {
        n.include.push(f);
    }
    href(&n)
}

fn with_exclude(p: &SearchParams, f: Filter) -> String {
    let mut n = p.first_page();
    n.include.retain(|x| *x != f);
    if !n.exclude.contains(&f) {
        n.exclude.push(f);
    }
    href(&n)
}

fn without(p: &SearchParams, f: &Filter) -> String {
    let mut n = p.first_page();
    n.include.retain(|x| x != f);
    n.exclude.retain(|x| x != f);
    href(&n)
}

/// The search page.
pub async fn page(State(s): State<AppState>, RawQuery(raw): RawQuery) -> PageResult {
    let p = match SearchParams::from_query(raw.as_deref()) {
        Ok(p) => p,
        Err(e) => {
            return PageResult(Ok(super::page(
                e.status,
                render(&SearchParams::default(), None, Some(&e.message)),
            )));
        }
    };
    let res = query::cached(&s, p.clone()).await;
    PageResult(Ok(match res {
        Ok(view) => super::page(StatusCode::OK, render(&p, Some(&view), None)),
        Err(e) => super::page(e.status, render(&p, None, Some(&e.message))),
    }))
}

fn render(p: &SearchParams, view: Option<&SearchView>, error: Option<&str>) -> Markup {
    let title = if p.q.is_empty() {
        "Search".to_string()
    } else {
        format!("{} — search", p.q)
    };
    let body = html! {
        form.search-form action="/" method="get" role="search" {
            input type="search" name="q" value=(p.q) placeholder="Search the cables: words, \"phrases\", tag:PHUM, origin:…" aria-label="Query" autofocus;
            @for f in &p.include { input type="hidden" name="f" value=(f.token()); }
            @for f in &p.exclude { input type="hidden" name="x" value=(f.token()); }
            @if let Some(v) = &p.from { input type="hidden" name="from" value=(v); }
            @if let Some(v) = &p.to { input type="hidden" name="to" value=(v); }
            label.small.muted for="sort" { "Sort" }
            select #sort name="sort" data-autosubmit {
                @for s in [SortParam::Relevance, SortParam::Date, SortParam::DateAsc] {
                    option value=(s.name()) selected[p.sort == s] {
                        (match s { SortParam::Relevance => "best match", SortParam::Date => "newest first", SortParam::DateAsc => "oldest first" })
                    }
                }
            }
            button type="submit" { "Search" }
        }
        details.syntax {
            summary { "Query syntax" }
            dl {
                @for (ex, meaning) in SYNTAX {
                    dt { (ex) }
                    dd { (meaning) }
                }
            }
            p { "Facets on the left filter on click; − excludes a value. Drag across the timeline to pick a period. Every search is a link you can share." }
        }
        div.saved {
            button.small type="button" #save-search hidden data-label=(if p.is_empty() { "everything".to_string() } else { p.q.clone() }) { "Save this search" }
            div #saved-searches hidden { h3 { "Saved searches" } ul {} }
        }
        @if let Some(e) = error {
            div.error-box role="alert" { (e) }
        }
        (chips(p))
        @if let Some(v) = view {
            (histogram(p, v))
            div.layout {
                aside.facets aria-label="Facets" { (facets(p, v)) }
                section aria-label="Results" {
                    p.summary-line {
                        @if v.total == 0 {
                            "No documents match."
                        } @else {
                            (v.total) " document" @if v.total != 1 { "s" }
                            @if v.total > v.per {
                                " · showing " (((v.page - 1) * v.per) + 1) "–" ((v.page * v.per).min(v.total))
                            }
                        }
                        " · " a.small href=(format!("/api/search?{}", p.to_query())) { "JSON" }
                    }
                    ol.hits {
                        @for h in &v.hits {
                            li.hit {
                                div.meta {
                                    span.id { (h.id) }
                                    span { (date_of(h.created.as_deref())) }
                                    @if let Some(o) = &h.origin { span { (o) } }
                                    @if h.kind == "article" { span.badge { "ARTICLE" } } @else { (class_badge(h.classification.as_deref())) }
                                }
                                a.subject href=(doc_href(&h.id, &h.kind)) {
                                    @if h.subject.trim().is_empty() { "(no subject)" } @else { (h.subject) }
                                }
                                // The archive escapes snippet text and adds only <b> around matches.
                                div.snippet { (PreEscaped(&h.snippet)) }
                            }
                        }
                    }
                    (pager(p, v))
                }
            }
        }
    };
    layout(&title, Nav::Search, &p.q, body)
}

fn chips(p: &SearchParams) -> Markup {
    html! {
        @if !p.include.is_empty() || !p.exclude.is_empty() || p.from.is_some() || p.to.is_some() {
            div.chips aria-label="Active filters" {
                @for f in &p.include {
                    span.chip { (f.facet) ": " strong { (f.value) } a href=(without(p, f)) title="remove this filter" aria-label="remove" { "×" } }
                }
                @for f in &p.exclude {
                    span.chip.not { "not " (f.facet) ": " strong { (f.value) } a href=(without(p, f)) title="remove this filter" aria-label="remove" { "×" } }
                }
                @if p.from.is_some() || p.to.is_some() {
                    span.chip {
                        "dates: " strong { (p.from.as_deref().unwrap_or("…")) " – " (p.to.as_deref().unwrap_or("…")) }
                        a href=(href(&SearchParams { from: None, to: None, ..p.first_page() })) title="remove the date range" aria-label="remove" { "×" }
                    }
                }
            }
        }
    }
}

/// The news-link filters: cables reported (named, quoted or republished) and quoted in the press.
fn press(p: &SearchParams) -> Markup {
    html! {
        h3 { "In the press" }
        ul data-facet="press" {
            @for (facet, label) in [("reported", "reported in the press"), ("quoted", "quoted in the press")] {
                @let filter = Filter { facet: facet.into(), value: "yes".into() };
                @let active = p.include.contains(&filter);
                li class=(if active { "active" } else { "" }) {
                    span.val { a href=(with_include(p, filter.clone())) data-press=(facet) { (label) } }
                    a.ex href=(with_exclude(p, filter)) title=(format!("not {label}")) aria-label=(format!("not {label}")) { "−" }
                }
            }
        }
    }
}

fn facets(p: &SearchParams, v: &SearchView) -> Markup {
    html! {
        (press(p))
        @for f in &v.facets {
            @if !f.values.is_empty() {
                h3 { (f.name) }
                ul data-facet=(f.name) {
                    @for val in &f.values {
                        @let filter = Filter { facet: f.name.clone(), value: val.value.clone() };
                        @let active = p.include.contains(&filter);
                        li class=(if active { "active" } else { "" }) {
                            span.val title=(val.description.clone().unwrap_or_else(|| val.value.clone())) {
                                a href=(with_include(p, filter.clone())) data-facet-value=(val.value) { (val.value) }
                                @if let Some(d) = &val.description { @if f.name == "tag" { span.desc { (d) } } }
                            }
                            span.n { (val.count) }
                            a.ex href=(with_exclude(p, filter)) title=(format!("exclude {}", val.value)) aria-label=(format!("exclude {}", val.value)) { "−" }
                        }
                    }
                }
            }
        }
    }
}

/// A histogram bar: label, first month, last month, hits.
type Bucket = (String, String, String, u64);

fn months_index(m: &str) -> Option<i64> {
    let (y, mo) = m.split_once('-')?;
    Some(y.parse::<i64>().ok()? * 12 + mo.parse::<i64>().ok()? - 1)
}

fn month_name(i: i64) -> String {
    format!("{:04}-{:02}", i.div_euclid(12), i.rem_euclid(12) + 1)
}

/// Continuous buckets from the first month with hits to the last: months,
/// or years when that would be more than 40 years of months.
fn buckets(v: &SearchView) -> Vec<Bucket> {
    let months: Vec<(i64, u64)> = v
        .histogram
        .months
        .iter()
        .filter_map(|m| Some((months_index(&m.month)?, m.count)))
        .collect();
    let (Some(first), Some(last)) = (months.first(), months.last()) else {
        return vec![];
    };
    let (lo, hi) = (first.0, last.0);
    if hi - lo < 480 {
        let mut out: Vec<Bucket> = (lo..=hi)
            .map(|i| (month_name(i), month_name(i), month_name(i), 0))
            .collect();
        for (i, n) in months {
            out[(i - lo) as usize].3 += n;
        }
        out
    } else {
        let (ylo, yhi) = (lo.div_euclid(12), hi.div_euclid(12));
        let mut out: Vec<Bucket> = (ylo..=yhi)
            .map(|y| {
                (
                    format!("{y:04}"),
                    format!("{y:04}-01"),
                    format!("{y:04}-12"),
                    0,
                )
            })
            .collect();
        for (i, n) in months {
            out[(i.div_euclid(12) - ylo) as usize].3 += n;
        }
        out
    }
}

fn histogram(p: &SearchParams, v: &SearchView) -> Markup {
    let b = buckets(v);
    if b.is_empty() {
        return html! {};
    }
    const W: f64 = 1000.0;
    const H: f64 = 90.0;
    let max = b.iter().map(|x| x.3).max().unwrap_or(1).max(1) as f64;
    let w = W / b.len() as f64;
    let base = SearchParams {
        from: None,
        to: None,
        ..p.first_page()
    };
    let data: Vec<(&str, &str)> = b.iter().map(|x| (x.1.as_str(), x.2.as_str())).collect();
    let data = serde_json::to_string(&data).unwrap_or_else(|_| "[]".into());
    html! {
        div.histogram {
            svg viewBox=(format!("0 0 {W} {H}")) preserveAspectRatio="none" role="img"
                aria-label="Hits over time: click a bar or drag across bars to filter by date"
                data-buckets=(data) data-base=(base.to_query()) data-width=(W) {
                rect.brush x="0" y="0" width="0" height=(H) {}
                @for (i, (label, from, to, n)) in b.iter().enumerate() {
                    @let h = if *n == 0 { 0.0 } else { ((*n as f64) / max * (H - 4.0)).max(2.0) };
                    a href=(href(&SearchParams { from: Some(from.clone()), to: Some(to.clone()), ..base.clone() })) {
                        title { (label) ": " (n) }
                        rect.hitbox x=(format!("{:.2}", i as f64 * w)) y="0" width=(format!("{:.2}", w)) height=(H) {}
                        rect.bar x=(format!("{:.2}", i as f64 * w + w * 0.1)) y=(format!("{:.2}", H - h)) width=(format!("{:.2}", (w * 0.8).max(0.5))) height=(format!("{:.2}", h)) {}
                    }
                }
            }
            div.axis {
                @for i in ticks(b.len()) { span { (b[i].0) } }
            }
            @if v.histogram.undated > 0 { div.small.muted { (v.histogram.undated) " of the hits carry no date and are not drawn." } }
        }
    }
}

/// Indexes of the buckets labelled under the histogram: first, last and
/// up to five evenly spaced between.
fn ticks(n: usize) -> Vec<usize> {
    let k = n.clamp(1, 7);
    let mut v: Vec<usize> = (0..k)
        .map(|i| if k == 1 { 0 } else { i * (n - 1) / (k - 1) })
        .collect();
    v.dedup();
    v
}

fn pager(p: &SearchParams, v: &SearchView) -> Markup {
    let pages = v
        .total
        .div_ceil(v.per)
        .min(crate::params::MAX_WINDOW / v.per);
    if pages <= 1 {
        return html! {};
    }
    let at = |n: usize| {
        href(&SearchParams {
            page: n,
            ..p.clone()
        })
    };
    let lo = p.page.saturating_sub(3).max(1);
    let hi = (p.page + 3).min(pages);
    html! {
        nav.pager aria-label="Pages" {
            @if p.page > 1 { a href=(at(p.page - 1)) rel="prev" { "← previous" } }
            @if lo > 1 { a href=(at(1)) { "1" } @if lo > 2 { span { "…" } } }
            @for n in lo..=hi {
                @if n == p.page { span.here aria-current="page" { (n) } } @else { a href=(at(n)) { (n) } }
            }
            @if hi < pages { @if hi + 1 < pages { span { "…" } } a href=(at(pages)) { (pages) } }
            @if p.page < pages { a href=(at(p.page + 1)) rel="next" { "next →" } }
        }
    }
}
