//! News articles: each ingested article is a page of its own (its text,
//! with the passages it quotes highlighted, and the cables it cites), and
//! `/articles` lists them.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use maud::html;

use super::{Nav, PageResult, layout, long_date, seg};
use crate::State as AppState;
use crate::api::{cable_view, check_id, list_articles};
use crate::blocking;
use crate::links::links_view;

/// An article.
pub async fn page(State(s): State<AppState>, Path(id): Path<String>) -> PageResult {
    PageResult(
        async {
            let id = check_id(&id)?.to_string();
            let (v, links) = blocking(move || {
                let v = cable_view(&s.archive, &id)?;
                if v.document.record.kind != cablescope_format::Kind::Article {
                    return Ok((v, None));
                }
                let links = links_view(&s.archive, &v.document.id, v.document.record.kind)?;
                Ok::<_, crate::error::ApiError>((v, Some(links)))
            })
            .await??;
            let r = &v.document.record;
            let Some(links) = links else {
                return Ok(Redirect::to(&format!("/cable/{}", seg(&v.document.id))).into_response());
            };
            let a = r.article.clone().unwrap_or_default();
            let title = a
                .title
                .clone()
                .or_else(|| r.subject.clone())
                .unwrap_or_else(|| "(untitled article)".into());
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
                        @if a.text.is_empty() {
                            @for (i, p) in r.paragraphs.iter().enumerate() {
                                p id=(format!("p{}", i + 1)) { (p.text) }
                            }
                        } @else {
                            (super::cited::body(&a.text, &links))
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
                        (super::cited::panel(&links))
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
