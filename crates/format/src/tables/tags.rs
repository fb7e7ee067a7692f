//! TAGS (Traffic Analysis by Geography and Subject).

use super::TableMap as HashMap;
use std::sync::OnceLock;

use super::csvdata::{get, rows};

/// One TAG.
#[derive(Debug, Clone)]
pub struct TagEntry {
    /// The tag (`PREL`).
    pub tag: String,
    /// `subject`, `program`, `geographic`, `organization`, ...
    pub kind: String,
    /// What it stands for, where known.
    pub description: String,
}

fn table() -> &'static HashMap<String, TagEntry> {
    static T: OnceLock<HashMap<String, TagEntry>> = OnceLock::new();
    T.get_or_init(|| {
        rows(include_str!("../../data/tags.csv"))
            .into_iter()
            .map(|row| {
                let t = TagEntry {
                    tag: get(&row, "tag"),
                    kind: get(&row, "kind"),
                    description: get(&row, "description"),
                };
                (t.tag.clone(), t)
            })
            .collect()
    })
}

/// Look up a tag.
pub fn tag(t: &str) -> Option<&'static TagEntry> {
    table().get(t)
}
