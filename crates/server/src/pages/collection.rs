//! Collections: a reader's list of documents, carried in the URL
//! (`/collection?ids=07KUALALUMPUR1145,08KUALALUMPUR224&title=TIP`) so a
//! collection is a link to share. The script lets readers add documents from
//! cable pages and keeps their working collection and saved searches in the
//! browser (nothing is stored on the server).

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use maud::html;

use super::{Nav, PageResult, class_badge, date_of, doc_href, layout};
use crate::State as AppState;
use crate::api::collection_view;
use crate::blocking;

/// `/collection`.
pub async fn page(State(s): State<AppState>, RawQuery(q): RawQuery) -> PageResult {
    PageResult(
        async {
            let (title, ids) = crate::api::collection_params(q.as_deref())?;
            let t2 = title.clone();
            let v = blocking(move || collection_view(&s.archive, t2, &ids)).await??;
            let heading = v.title.clone().unwrap_or_else(|| "Collection".into());
            let body = html! {
                h1 { (heading) }
                p.muted {
                    (v.items.len()) " document" @if v.items.len() != 1 { "s" } ". "
                    "This page's address is the collection: copy it to share it."
                }
                @if v.items.is_empty() {
                    p { "The collection is empty. Open a cable and press “Add to collection” (needs JavaScript), or list ids in the address: "
                        code { "/collection?ids=07KUALALUMPUR1145,08KUALALUMPUR224" } "." }
                }
                ol.hits #collection-items {
                    @for it in &v.items {
                        li.hit data-id=(it.id) {
                            div.meta {
                                span.id { (it.id) }
                                @if it.found {
                                    span { (date_of(it.created.as_deref())) }
                                    @if let Some(o) = &it.origin { span { (o) } }
                                    @if it.kind == "article" { span.badge { "ARTICLE" } } @else { (class_badge(it.classification.as_deref())) }
                                } @else {
                                    span.badge { "not in this archive" }
                                }
                                button.collect-remove type="button" data-remove=(it.id) hidden { "remove" }
                            }
                            @if it.found {
                                a.subject href=(doc_href(&it.id, &it.kind)) { (it.subject) }
                            }
                        }
                    }
                }
                p { button.button #collection-adopt type="button" hidden { "Make this my working collection" } }
            };
            Ok(super::page(StatusCode::OK, layout(&heading, Nav::None, "", body)))
        }
        .await,
    )
}
