//! The cable page: classification banner, decoded header panel, body with
//! paragraph numbers, portion-marking badges, redactions and permalinks
//! (`/cable/ID#p5`), references both ways, the copies side by side, the raw
//! text and a citation to copy.

use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect};
use cablescope_format::Paragraph;
use cablescope_format::classification::Level;
use maud::{Markup, PreEscaped, html};

/// Addressees listed before the rest fold away.
const ADDRESSES_SHOWN: usize = 6;

use super::highlight::Mark;
use super::{Nav, PageResult, class_badge, doc_href, layout, long_date, seg};
use crate::State as AppState;
use crate::api::{CableView, RawView, cable_view, check_id, raw_view};
use crate::blocking;
use crate::decode::{Explained, Header};
use crate::links::{LinksView, links_view};
use crate::params::SearchParams;
use crate::query::describe;

/// The cable page.
pub async fn page(State(s): State<AppState>, Path(id): Path<String>) -> PageResult {
    PageResult(
        async {
            let id = check_id(&id)?.to_string();
            let (v, raw, links) = blocking(move || {
                let v = cable_view(&s.archive, &id)?;
                if v.document.record.kind == cablescope_format::Kind::Article {
                    return Ok((v, None, None));
                }
                let raw = raw_view(&s.archive, &v.document.id)?;
                let links = links_view(&s.archive, &v.document.id, v.document.record.kind)?;
                Ok::<_, crate::error::ApiError>((v, Some(raw), Some(links)))
            })
            .await??;
            let (Some(raw), Some(links)) = (raw, links) else {
                return Ok(Redirect::to(&doc_href(&v.document.id, "article")).into_response());
            };
            Ok(super::page(StatusCode::OK, render(&v, &raw, &links)))
        }
        .await,
    )
}

/// The raw text of every copy, as plain text.
pub async fn raw(State(s): State<AppState>, Path(id): Path<String>) -> PageResult {
    PageResult(
        async {
            let id = check_id(&id)?.to_string();
            let v = blocking(move || raw_view(&s.archive, &id)).await??;
            let mut out = String::new();
            for (i, c) in v.copies.iter().enumerate() {
                if i > 0 {
                    out.push_str("\n\n");
                }
                out.push_str(&format!(
                    "==== copy {} of {} · {} · {:?} · blake3 {}\n\n",
                    i + 1,
                    v.copies.len(),
                    c.path,
                    c.form,
                    c.hash
                ));
                out.push_str(&c.text);
            }
            Ok((
                [
                    (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
                    (header::CACHE_CONTROL, "no-cache"),
                ],
                out,
            )
                .into_response())
        }
        .await,
    )
}

fn explained(e: &Explained) -> Markup {
    html! {
        (e.value)
        @if let Some(m) = &e.meaning { span.expl { (m) } }
    }
}

/// Where a paragraph's permalink points: `p5` for numbered paragraphs,
/// `u3` (the third in order) for unnumbered ones.
pub fn anchor(p: &Paragraph, i: usize) -> String {
    match p.n {
        Some(n) => format!("p{n}"),
        None => format!("u{}", i + 1),
    }
}

/// Paragraph text with redactions shown as redactions and quoted passages highlighted.
fn para_text(p: &Paragraph, marks: &[Mark]) -> Markup {
    let red: Vec<(usize, usize)> = p.redactions.iter().map(|s| (s.start, s.end)).collect();
    super::highlight::render(&p.text, &red, marks)
}

fn marking_badge(m: &str) -> Markup {
    let level = Level::from_portion_mark(m)
        .map(|l| crate::decode::level(Some(l.name())))
        .unwrap_or("unknown");
    let meaning = describe("caveat", m)
        .or_else(|| Level::from_portion_mark(m).map(|l| l.name().to_string()))
        .unwrap_or_else(|| "portion marking".into());
    html! {
        span class=(format!("badge pm lvl-{level}")) title=(format!("portion marking: {meaning}")) { "(" (m) ")" }
    }
}

/// The citation of the cable (and paragraph).
fn citation(v: &CableView, para: Option<&str>) -> String {
    let r = &v.document.record;
    let from = r
        .origin
        .as_ref()
        .and_then(|o| o.name.clone())
        .unwrap_or_else(|| "US Department of State".into());
    let subject = r.subject.clone().unwrap_or_else(|| "(no subject)".into());
    let mut s = format!(
        "{from}, \u{201c}{}\u{201d}, cable {}, {}",
        subject.trim(),
        v.document.id,
        long_date(r.created.as_deref())
    );
    if let Some(c) = &r.classification {
        s.push_str(&format!(", {c}"));
    }
    if let Some(p) = para {
        s.push_str(&format!(", \u{b6}{p}"));
    }
    s.push('.');
    s
}

/// Name, title and agency of a classifier, as far as they are known.
fn who(c: &crate::decode::ClassifiedBy) -> String {
    [&c.name, &c.title, &c.agency]
        .into_iter()
        .flatten()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

fn header_panel(h: &Header) -> Markup {
    html! {
        dl.header {
            @if let Some(f) = &h.from {
                dt { "From" }
                dd {
                    a href=(SearchParams::filter_href("origin", f.name.as_deref().unwrap_or(&f.id))) { (f.name.as_deref().unwrap_or(&f.id)) }
                    span.expl {
                        (f.id)
                        @if let Some(c) = &f.country { " · " (c) }
                        @if let Some(ri) = &f.ri { " · routing indicator " (ri) }
                    }
                }
            }
            @let to: Vec<_> = h.addressees.iter().filter(|a| a.role != "info").collect();
            @let info: Vec<_> = h.addressees.iter().filter(|a| a.role == "info").collect();
            @for (label, list) in [("To", &to), ("Info", &info)] {
                @if !list.is_empty() {
                    dt { (label) }
                    dd {
                        @for (k, a) in list.iter().enumerate() {
                            @if k == ADDRESSES_SHOWN && list.len() > ADDRESSES_SHOWN + 2 {
                                (PreEscaped("<details><summary>"))
                                (list.len() - ADDRESSES_SHOWN) " more"
                                (PreEscaped("</summary>"))
                            }
                            span.addr {
                                (a.address)
                                @let post = a.post.as_deref().filter(|p| !p.eq_ignore_ascii_case(&a.address));
                                @if post.is_some() || a.country.is_some() {
                                    span.muted.small {
                                        " — " (post.unwrap_or(""))
                                        @if let Some(c) = &a.country { @if post.is_some() { ", " } (c) }
                                    }
                                }
                                @if let Some(p) = &a.precedence { " " span.badge.lvl-unknown title=(p.meaning.clone().unwrap_or_default()) { (p.value) } }
                            }
                        }
                        @if list.len() > ADDRESSES_SHOWN + 2 { (PreEscaped("</details>")) }
                    }
                }
            }
            @if !h.precedence.is_empty() {
                dt { "Precedence" }
                dd { @for p in &h.precedence { span.addr { (explained(p)) } } }
            }
            @if h.dtg.is_some() || h.created_utc.is_some() {
                dt { "Date-time" }
                dd {
                    @if let Some(c) = &h.created_utc { (c.replace('T', " ").replace('Z', " UTC")) }
                    @if let Some(d) = &h.dtg { span.expl { "date-time group " code { (d) } " (Z = UTC)" } }
                }
            }
            dt { "Classification" }
            dd { (class_badge(h.classification.as_deref())) }
            @if !h.captions.is_empty() {
                dt { "Captions" }
                dd { @for c in &h.captions { span.addr { strong { (c.value) } @if let Some(m) = &c.meaning { span.expl { (m) } } } } }
            }
            @if !h.tags.is_empty() {
                dt { "TAGS" }
                dd {
                    @for t in &h.tags {
                        span.addr {
                            a.tag href=(SearchParams::filter_href("tag", &t.value)) { (t.value) }
                            " "
                            span.muted.small { (t.meaning.as_deref().unwrap_or("(not in the TAGS list)")) }
                        }
                    }
                }
            }
            @if let Some(c) = &h.classified_by {
                dt { "Classified by" }
                dd {
                    (who(c))
                    @for r in &c.reasons {
                        span.expl { "reason " strong { (r.value) } ": " (r.meaning.as_deref().unwrap_or("(not in the table of reasons)")) }
                    }
                    @if !c.text.is_empty() { span.expl { em { (c.text) } } }
                }
            }
            @if let Some(d) = &h.declassify {
                dt { "Declassify" }
                dd {
                    (d.date.as_deref().unwrap_or(&d.value))
                    @match d.passed {
                        Some(true) => { " " span.passed { "passed" } }
                        Some(false) => { " " span.notyet { "not yet passed" } }
                        None => {}
                    }
                    @if let Some(m) = &d.meaning { span.expl { (m) } }
                }
            }
        }
    }
}

fn render(v: &CableView, raw: &RawView, links: &LinksView) -> Markup {
    let r = &v.document.record;
    let h = &v.header;
    let id = &v.document.id;
    let level = h.level;
    let banner = h
        .classification
        .clone()
        .unwrap_or_else(|| "CLASSIFICATION NOT MARKED".into());
    let subject = r.subject.clone().unwrap_or_else(|| "(no subject)".into());
    let cite_doc = citation(v, None);
    let self_path = format!("/cable/{}", seg(id));
    let marks = super::reported::quote_marks(links, &r.paragraphs);
    let body = html! {
        div class=(format!("banner lvl-{level}")) role="note" aria-label="classification" { (banner) }
        div.cable-head {
            div.ids {
                (id)
                @if let Some(rid) = &r.release_id { " (released as " (rid) ")" }
                " · "
                @if r.created.is_some() { (long_date(r.created.as_deref())) }
                @else if let Some(y) = r.year { (y) " (year inferred: see the record's diagnostics)" }
                @else { (long_date(None)) }
                @if let Some(o) = r.origin.as_ref().and_then(|o| o.name.as_ref()) { " · " (o) }
            }
            h1 { (subject) }
        }
        div.cable-layout {
            article.body aria-label="Cable text" {
                @if r.paragraphs.is_empty() {
                    p.muted { "No paragraphs were read from this copy: see the raw text below." }
                }
                @for (i, p) in r.paragraphs.iter().enumerate() {
                    @if p.n.is_none() && p.marking.is_none() && p.text.len() < 120 && !p.text.contains(". ") {
                        h4 id=(anchor(p, i)) { (p.text) }
                    } @else {
                        @let a = anchor(p, i);
                        @let label = p.n.map(|n| n.to_string());
                        section.para id=(a) {
                            span.num { a href=(format!("#{a}")) title="permalink to this paragraph" { @if let Some(n) = p.n { (n) "." } @else { "¶" } } }
                            span.tools {
                                a href=(format!("{self_path}#{a}")) { "link" } " "
                                button type="button" data-cite=(citation(v, Some(label.as_deref().unwrap_or(&a)))) data-href=(format!("{self_path}#{a}")) { "cite" }
                            }
                            @if let Some(m) = &p.marking { (marking_badge(m)) }
                            (para_text(p, &marks[i]))
                        }
                    }
                }
                @if !r.signers.is_empty() {
                    p.muted { "Signed: " (r.signers.join(", ")) }
                }
                div class=(format!("banner bottom lvl-{level}")) { (h.classification.as_deref().unwrap_or("CLASSIFICATION NOT MARKED")) }
            }
            aside {
                div.panel { h3 { "Header" } (header_panel(h)) }
                div.panel {
                    h3 { "Cite" }
                    p { button.button type="button" data-collect=(id) hidden { "Add to collection" } }
                    textarea.cite #citation readonly aria-label="Citation" data-path=(self_path) { (cite_doc) }
                    p.small.muted { "Hover a paragraph and press “cite” to cite it with its number." }
                }
                div.panel.refs {
                    h3 { "References (" (v.refs.cites.len()) ")" }
                    @if v.refs.cites.is_empty() { p.small.muted { "This cable cites no references." } }
                    ul {
                        @for (ri, c) in v.refs.cites.iter().enumerate() {
                            @let in_archive = matches!(c.status, Some(cablescope_archive::read::RefStatus::InArchive));
                            li class=(if in_archive { "" } else { "ghost" }) {
                                @if let Some(l) = r.references.get(ri).and_then(|x| x.label.as_ref()) { strong { (l) } " " }
                                @match (&c.id, in_archive) {
                                    (Some(rid), true) => { a href=(format!("/cable/{}", seg(rid))) data-ref=(rid) { (rid) } }
                                    (Some(rid), false) => {
                                        span.mono { (rid) } " "
                                        span.badge title=(match c.status { Some(cablescope_archive::read::RefStatus::InCablegate) => "released in Cablegate, but not in this archive", _ => "neither in this archive nor in the Cablegate id list" }) {
                                            @match c.status { Some(cablescope_archive::read::RefStatus::InCablegate) => { "not in archive · in Cablegate" } _ => { "not in archive" } }
                                        }
                                    }
                                    (None, _) => { span { (c.text) } " " span.badge { (format!("{:?}", c.kind).to_lowercase()) } }
                                }
                            }
                        }
                    }
                }
                div.panel.citedby {
                    h3 { "Cited by (" (v.refs.cited_by.len()) ")" }
                    @if v.refs.cited_by.is_empty() { p.small.muted { "No document in this archive cites this cable." } }
                    @else { p.small { a href=(format!("/?q={}", form_urlencoded::byte_serialize(format!("ref:{id}").as_bytes()).collect::<String>())) { "Search the citing documents" } } }
                    ul { @for c in &v.refs.cited_by { li { a href=(format!("/cable/{}", seg(c))) data-cited-by=(c) { (c) } } } }
                }
                (super::reported::panel(links))
                @if !r.diagnostics.is_empty() {
                    div.panel {
                        h3 { "Parser notes (" (r.diagnostics.len()) ")" }
                        ul.diag { @for d in r.diagnostics.iter().take(30) { li { strong { (d.field) } ": " (d.message) } } }
                    }
                }
            }
        }
        h2 #copies { "Copies (" (v.document.copies.len()) ")" }
        p.muted.small { "Every copy the archive holds. The reading copy is the most complete; the others are compared with it." }
        div.copies {
            @for (i, c) in v.document.copies.iter().enumerate() {
                div class=(if c.reading { "copy reading" } else { "copy" }) {
                    strong { "Copy " (i + 1) } " · " (format!("{:?}", c.form)) " · " (c.size) " bytes"
                    @if c.reading { " · " span.badge.lvl-confidential { "reading copy" } }
                    div.small.muted.mono { (c.path) }
                    @if !c.reading {
                        @if c.differences.is_empty() { p.small { "Same metadata as the reading copy." } }
                        ul { @for d in &c.differences { li { (d) } } }
                    }
                    @if let Some(t) = raw.copies.iter().find(|x| x.hash == c.hash) {
                        details open[v.document.copies.len() > 1 && i < 3] { summary { "Text of this copy" } pre { (t.text) } }
                    }
                }
            }
        }
        h2 #raw { "Raw text" }
        p.small { a href=(format!("{self_path}/raw")) { "Raw text of every copy (plain text)" } " · " a href=(format!("/api/cable/{}", seg(id))) { "JSON" } }
    };
    layout(&format!("{id} {subject}"), Nav::None, "", body)
}
