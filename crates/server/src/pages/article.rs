//! News articles: each ingested article is a page of its own, and
//! `/articles` lists them.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use maud::html;

use super::{Nav, PageResult, layout, long_date, seg};
use crate::State as AppState;
use crate::api::{cable_view, check_id, list_articles};
use crate::blocking;

/// An article.
pub async fn page(State(s): State<AppState>, Path(id): Path<String>) -> PageResult {
    PageResult(
        async {
            let id = check_id(&id)?.to_string();
            let v = blocking(move || cable_view(&s.archive, &id)).await??;
            let r = &v.document.record;
            if r.kind != cablescope_format::Kind::Article {
                return Ok(Redirect::to(&format!("/cable/{}", seg(&v.document.id))).into_response());
            }
            let a = r.article.clone().unwrap_or_default();
            let title = a
                .title
                .clone()
                .or_else(|| r.subject.clone())
                .unwrap_or_else(|| "(untitled article)".into());
            let paras: Vec<String> = if !r.paragraphs.is_empty() {
                r.paragraphs.iter().map(|p| p.text.clone()).collect()
            } else {
                a.text
                    .split("\n\n")
                    .map(|p| p.trim().to_string())
                    .filter(|p| !p.is_empty())
                    .collect()
            };
            let cited: Vec<_> = v.refs.cites.iter().filter(|c| c.id.is_some()).collect();
            let body = html! {
                div.cable-head {
                    div.ids {
                        "News article · " (a.source.as_deref().unwrap_or("source unknown"))
                        " · " (long_date(a.date.as_deref().or(r.created.as_deref())))
                        @if let Some(au) = &a.author { " · " (au) }
                    }
                    h1 { (title) }
                }
                div.cable-layout {
                    article.article-text {
                        @for (i, p) in paras.iter().enumerate() {
                            p id=(format!("p{}", i + 1)) { (p) }
                        }
                    }
                    aside {
                        div.panel {
                            h3 { "Document" }
                            dl.header {
                                dt { "Id" } dd.mono { (v.document.id) }
                                dt { "Copies" } dd { (v.document.copies.len()) }
                                dt { "Stored from" } dd.small { @for c in &v.document.copies { span.addr.mono { (c.path) } } }
                            }
                        }
                        // Issue #5 (news linking) adds its "Cables cited" panel here.
                        @if !cited.is_empty() {
                            div.panel.refs {
                                h3 { "Cable ids in the text (" (cited.len()) ")" }
                                ul {
                                    @for c in &cited {
                                        @let id = c.id.clone().unwrap_or_default();
                                        li {
                                            @if matches!(c.status, Some(cablescope_archive::read::RefStatus::InArchive)) {
                                                a href=(format!("/cable/{}", seg(&id))) { (id) }
                                            } @else {
                                                span.mono { (id) } " " span.badge { "not in archive" }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            };
            Ok(super::page(StatusCode::OK, layout(&title, Nav::Articles, "", body)))
        }
        .await,
    )
}

/// `/articles`.
pub async fn list(State(s): State<AppState>) -> PageResult {
    PageResult(
        async {
            let items = blocking(move || list_articles(&s.archive)).await??;
            let body = html! {
                h1 { "News articles" }
                p.muted { (items.len()) " articles ingested. Ingest more with " code { "cablescope ingest FILE" } "." }
                ol.hits {
                    @for a in &items {
                        li.hit {
                            div.meta { span.id { (a.id) } span { (long_date(a.date.as_deref())) } }
                            a.subject href=(format!("/article/{}", seg(&a.id))) { (a.title) }
                        }
                    }
                }
            };
            Ok(super::page(StatusCode::OK, layout("Articles", Nav::Articles, "", body)))
        }
        .await,
    )
}
