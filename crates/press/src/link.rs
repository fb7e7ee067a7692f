//! A link between an article and a cable, with its evidence.

use serde::{Deserialize, Serialize};

use crate::align::Passage;

/// How an article and a cable are linked, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Evidence {
    /// The document is the cable itself inside a site's page.
    Republishes,
    /// The article quotes the cable (aligned passages).
    Quotes,
    /// The article names the cable by its id.
    Names,
    /// The article is about what the cable is about (ranked, with reasons; never a quote).
    Concerns,
}

impl Evidence {
    /// The name used in JSON and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Evidence::Republishes => "republishes",
            Evidence::Quotes => "quotes",
            Evidence::Names => "names",
            Evidence::Concerns => "concerns",
        }
    }
}

/// One link, seen from one side: `id` is the document at the other end.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Link {
    /// The document at the other end (a cable id seen from an article, an article id seen from a cable).
    pub id: String,
    /// The kind of evidence.
    pub evidence: Evidence,
    /// Strength: quoted distinctive words (weighed by rarity) for `quotes`,
    /// mentions for `names`, a 0-1 relevance for `concerns`, 1 for `republishes`.
    pub score: f64,
    /// For `quotes`: the aligned passages (article words beside the cable
    /// paragraph they come from, with its number and offsets on both sides).
    pub passages: Vec<Passage>,
    /// For `names`: the id as written, with byte offsets in the article.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mentions: Vec<crate::mentions::Mention>,
    /// For `concerns`: why (`country: Malaysia`, `terms: trafficking, tier`, ...).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<String>,
    /// Whether the other end is in the archive (a named cable may not be).
    pub in_archive: bool,
    /// Title of the other end where known (article headline, cable subject).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Date of the other end where known (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

/// Order links for display: strongest evidence first, then by score.
pub fn rank(links: &mut [Link]) {
    links.sort_by(|a, b| {
        a.evidence
            .cmp(&b.evidence)
            .then(
                b.score
                    .partial_cmp(&a.score)
                    .unwrap_or(std::cmp::Ordering::Equal),
            )
            .then(a.id.cmp(&b.id))
    });
}
