//! Origins: the posts that send cables, under every name they go by.

use super::TableMap as HashMap;
use std::sync::OnceLock;

use super::csvdata::{get, list, opt, rows};

/// One origin (a post or office).
#[derive(Debug, Clone)]
pub struct OriginEntry {
    /// Id as used in reference ids (`KUALALUMPUR`).
    pub id: String,
    /// Archive display name (`Embassy Kuala Lumpur`).
    pub display_name: String,
    /// Other display names the archive uses.
    pub other_display_names: Vec<String>,
    /// FM-line address (`AMEMBASSY KUALA LUMPUR`).
    pub plad: String,
    /// DE-line routing indicator (`RUEHKL`).
    pub ri: String,
    /// Name on the first text line (`KUALA LUMPUR`).
    pub header_name: String,
    /// Name on continuation-page headers (`KUALA LUMP`).
    pub page_header: String,
    /// Country of the post.
    pub country: String,
    /// ISO 3166-1 alpha-2 code.
    pub iso2: String,
    /// Whether the id occurs among Cablegate reference ids.
    pub in_cablegate: bool,
    /// Kind (`embassy`, `consulate`, `mission`, ...).
    pub kind: String,
    /// Other names of the post in ids and references, squeezed (`KIEV`, `AITTAIPIE`).
    pub aliases: Vec<String>,
}

/// All origins with their indexes.
#[derive(Debug, Default)]
pub struct Origins {
    /// Entries in table order.
    pub entries: Vec<OriginEntry>,
    by_id: HashMap<String, Vec<usize>>,
    by_alias: HashMap<String, usize>,
    by_name: HashMap<String, usize>,
    by_plad: HashMap<String, usize>,
    by_ri: HashMap<String, Vec<usize>>,
    by_page_header: HashMap<String, usize>,
    by_display: HashMap<String, usize>,
    /// What [`Origins::resolve_squeezed`] finds for each key of `by_id`,
    /// `by_name` and `by_alias` (exact id, header name, then alias), worked
    /// out once: one lookup instead of three.
    resolved: HashMap<String, usize>,
}

/// Squeeze a name for lookup: upper case, letters and digits only.
pub fn squeeze(name: &str) -> String {
    // Byte by byte: only ASCII letters and digits are kept.
    let mut out = String::with_capacity(name.len());
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() {
            out.push(char::from(b.to_ascii_uppercase()));
        }
    }
    out
}

impl Origins {
    fn load() -> Self {
        let mut o = Origins::default();
        for row in rows(include_str!("../../data/origins.csv")) {
            let e = OriginEntry {
                id: get(&row, "origin_id"),
                display_name: get(&row, "display_name"),
                other_display_names: list(&row, "other_display_names"),
                plad: get(&row, "plad"),
                ri: get(&row, "ri"),
                header_name: get(&row, "header_name"),
                page_header: get(&row, "page_header"),
                country: get(&row, "country"),
                iso2: get(&row, "iso2"),
                in_cablegate: opt(&row, "in_cablegate").as_deref() == Some("yes"),
                kind: get(&row, "kind"),
                aliases: list(&row, "aliases").iter().map(|a| squeeze(a)).collect(),
            };
            let i = o.entries.len();
            o.by_id.entry(e.id.clone()).or_default().push(i);
            for a in list(&row, "aliases") {
                o.by_alias.entry(squeeze(&a)).or_insert(i);
            }
            if !e.header_name.is_empty() {
                o.by_name.entry(squeeze(&e.header_name)).or_insert(i);
            }
            if !e.plad.is_empty() {
                o.by_plad.insert(normalize_space(&e.plad), i);
            }
            if !e.ri.is_empty() {
                o.by_ri.entry(e.ri.clone()).or_default().push(i);
            }
            if !e.page_header.is_empty() {
                o.by_page_header
                    .entry(normalize_space(&e.page_header))
                    .or_insert(i);
            }
            o.by_display.insert(e.display_name.to_ascii_lowercase(), i);
            for d in &e.other_display_names {
                o.by_display.entry(d.to_ascii_lowercase()).or_insert(i);
            }
            o.entries.push(e);
        }
        let keys: Vec<String> = (o.by_id.keys())
            .chain(o.by_name.keys())
            .chain(o.by_alias.keys())
            .cloned()
            .collect();
        for k in keys {
            let found = (o.by_id.get(&k).and_then(|v| v.first()))
                .or_else(|| o.by_name.get(&k))
                .or_else(|| o.by_alias.get(&k))
                .copied();
            if let Some(i) = found {
                o.resolved.insert(k, i);
            }
        }
        o
    }

    /// The entry for an origin id (the first, where an id is shared).
    pub fn by_id(&self, id: &str) -> Option<&OriginEntry> {
        self.by_id
            .get(id)
            .and_then(|v| v.first())
            .map(|&i| &self.entries[i])
    }

    /// All entries sharing an origin id (`BRUSSELS` has two).
    pub fn all_by_id(&self, id: &str) -> impl Iterator<Item = &OriginEntry> {
        self.by_id
            .get(id)
            .into_iter()
            .flatten()
            .map(|&i| &self.entries[i])
    }

    /// Resolve a name as written in a reference or id (`KUALA LUMPUR`,
    /// `SECSTATE`, `RIO DE JAN`) to its entry: exact id, header name, then alias.
    pub fn resolve_name(&self, name: &str) -> Option<&OriginEntry> {
        self.resolve_squeezed(&squeeze(name))
    }

    /// [`Self::resolve_name`] for a name already squeezed (upper-case ASCII
    /// letters and digits only, which [`squeeze`] leaves as they are).
    pub fn resolve_squeezed(&self, s: &str) -> Option<&OriginEntry> {
        if s.is_empty() {
            return None;
        }
        self.resolved.get(s).map(|&i| &self.entries[i])
    }

    /// Resolve an FM-line address (`AMEMBASSY KUALA LUMPUR`).
    pub fn by_plad(&self, plad: &str) -> Option<&OriginEntry> {
        self.by_plad
            .get(&normalize_space(plad))
            .map(|&i| &self.entries[i])
    }

    /// Entries whose DE-line routing indicator is `ri`.
    pub fn by_ri(&self, ri: &str) -> impl Iterator<Item = &OriginEntry> {
        self.by_ri
            .get(ri)
            .into_iter()
            .flatten()
            .map(|&i| &self.entries[i])
    }

    /// Resolve a continuation-page header name (`KUALA LUMP`).
    pub fn by_page_header(&self, name: &str) -> Option<&OriginEntry> {
        self.by_page_header
            .get(&normalize_space(name))
            .map(|&i| &self.entries[i])
    }

    /// Resolve an archive display name (`Embassy Kuala Lumpur`).
    pub fn by_display_name(&self, name: &str) -> Option<&OriginEntry> {
        self.by_display
            .get(&name.trim().to_ascii_lowercase())
            .map(|&i| &self.entries[i])
    }

    /// Every origin id, alias and squeezed header name, with the id it stands for.
    pub fn all_names(&self) -> impl Iterator<Item = (&str, &OriginEntry)> {
        self.by_id
            .iter()
            .map(|(k, v)| (k.as_str(), &self.entries[v[0]]))
            .chain(
                self.by_name
                    .iter()
                    .map(|(k, &i)| (k.as_str(), &self.entries[i])),
            )
            .chain(
                self.by_alias
                    .iter()
                    .map(|(k, &i)| (k.as_str(), &self.entries[i])),
            )
    }
}

/// Collapse runs of white space to one space and trim.
pub fn normalize_space(s: &str) -> String {
    let mut out = crate::text::ws::join_words(s);
    out.make_ascii_uppercase();
    out
}

/// The origins table.
pub fn origins() -> &'static Origins {
    static T: OnceLock<Origins> = OnceLock::new();
    T.get_or_init(Origins::load)
}
