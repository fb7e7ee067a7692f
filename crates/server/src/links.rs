//! News links as the server shows them (`GET /api/links/{id}`, the "Reported
//! in" panel of a cable, the "Cables cited" panel of an article): the
//! archive's ranked links, with the source of each linked article.

use cablescope_archive::Archive;
use cablescope_format::Kind;
use cablescope_press::{Evidence, Link};
use serde::Serialize;

use crate::error::ApiError;

/// One link, with the linked article's source where the other end is an article.
#[derive(Debug, Clone, Serialize)]
pub struct LinkItem {
    /// The link as the archive keeps it.
    #[serde(flatten)]
    pub link: Link,
    /// Site or agency of the linked article (`Reuters`), where known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// The links of one document.
#[derive(Debug, Clone, Serialize)]
pub struct LinksView {
    /// The document's id.
    pub id: String,
    /// `cable` (links are articles and web pages) or `article` (links are cables).
    pub kind: Kind,
    /// Ranked: strongest evidence first, then by score.
    pub links: Vec<LinkItem>,
}

impl LinksView {
    /// The links of one kind of evidence, in rank order.
    pub fn with_evidence(&self, e: cablescope_press::Evidence) -> Vec<&LinkItem> {
        self.links.iter().filter(|l| l.link.evidence == e).collect()
    }
}

/// The links of a document known by its canonical id and kind.
pub fn links_view(a: &Archive, id: &str, kind: Kind) -> Result<LinksView, ApiError> {
    let mut links = Vec::new();
    for link in a.links(id)? {
        let source = if kind == Kind::Article || link.evidence == Evidence::Republishes {
            None
        } else {
            a.cable_record(&link.id)?
                .and_then(|r| r.article)
                .and_then(|m| m.source)
        };
        links.push(LinkItem { link, source });
    }
    Ok(LinksView {
        id: id.to_string(),
        kind,
        links,
    })
}

/// The links of any document by id (404 when the archive does not hold it).
pub fn links_by_id(a: &Archive, id: &str) -> Result<LinksView, ApiError> {
    let doc = a.document(id)?;
    links_view(a, &doc.id, doc.record.kind)
}
