//! Where links are kept: `DATA/links.redb`, a database of its own beside the
//! store, so that links can be recomputed (or the file deleted) without
//! touching the copies. Tables: `article_links` (article id -> its links,
//! JSON), `cited` (cable id -> ids of the articles linking it), `press`
//! (cable id -> [`Press`] flags: which of the search filters `reported:` and
//! `quoted:` it meets, kept in step with the other two on every write so a
//! search never scans the links or the store) and `meta`.
//!
//! The table is opened once with the [`crate::Archive`] and shared by every
//! reader of it (redb takes the file's lock per open).

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use cablescope_press::{Evidence, Link};
use redb::{ReadableTable, TableDefinition};

use crate::db::{Access, Db, guard};
use crate::error::Result;

const ARTICLE_LINKS: TableDefinition<&str, &[u8]> = TableDefinition::new("article_links");
const CITED: TableDefinition<&str, &[u8]> = TableDefinition::new("cited");
const PRESS: TableDefinition<&str, u8> = TableDefinition::new("press");
const META: TableDefinition<&str, &str> = TableDefinition::new("meta");

/// `meta` key: set once the `press` table holds every cable's flags (archives
/// written before it existed have it built on their first writable open).
pub const PRESS_BUILT: &str = "press_built";

/// `meta` key: set while an ingest may leave articles' links behind the
/// cables (from its start to the end of its linking); found set on open, an
/// ingest was cut short, and every article is linked again.
pub const RELINK: &str = "relink";

/// Page cache of the links database.
const CACHE_BYTES: usize = 16 << 20;

/// How the press treats a cable (bit flags of the `press` table).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Press(pub u8);

impl Press {
    /// Named or quoted by an article.
    pub const LINKED: u8 = 1;
    /// Quoted by an article.
    pub const QUOTED: u8 = 2;
    /// Republished by a web page (one of the cable's copies).
    pub const REPUBLISHED: u8 = 4;

    /// The search filter `reported:yes`: named, quoted or republished.
    pub fn reported(self) -> bool {
        self.0 & (Self::LINKED | Self::REPUBLISHED) != 0
    }

    /// The search filter `quoted:yes`.
    pub fn quoted(self) -> bool {
        self.0 & Self::QUOTED != 0
    }
}

/// The links database.
pub struct LinkTable {
    db: Db,
}

impl LinkTable {
    /// Open `DATA/links.redb`: created when writable; read-only, a missing
    /// file reads as no links at all.
    pub fn open(dir: &Path, access: Access) -> Result<Option<Self>> {
        let path = dir.join("links.redb");
        if access == Access::ReadOnly && !path.exists() {
            return Ok(None);
        }
        let db = Db::open(&path, access, CACHE_BYTES)?;
        if access == Access::ReadWrite {
            let tx = db.begin_write()?;
            {
                tx.open_table(ARTICLE_LINKS)?;
                tx.open_table(CITED)?;
                tx.open_table(PRESS)?;
                tx.open_table(META)?;
            }
            tx.commit()?;
        }
        Ok(Some(LinkTable { db }))
    }

    /// A value of the `meta` table.
    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        guard(self.db.path(), || {
            let tx = self.db.begin_read()?;
            let t = match tx.open_table(META) {
                Ok(t) => t,
                Err(redb::TableError::TableDoesNotExist(_)) => return Ok(None),
                Err(e) => return Err(e.into()),
            };
            Ok(t.get(key)?.map(|v| v.value().to_string()))
        })
    }

    /// Cables whose press flags meet `want` (`reported` or `quoted`).
    pub fn press_ids(&self, want: fn(Press) -> bool) -> Result<Vec<String>> {
        guard(self.db.path(), || {
            let tx = self.db.begin_read()?;
            let t = match tx.open_table(PRESS) {
                Ok(t) => t,
                Err(redb::TableError::TableDoesNotExist(_)) => return Ok(Vec::new()),
                Err(e) => return Err(e.into()),
            };
            let mut out = Vec::new();
            for item in t.iter()? {
                let (k, v) = item?;
                if want(Press(v.value())) {
                    out.push(k.value().to_string());
                }
            }
            Ok(out)
        })
    }

    /// An ingest begins: until it has brought the links up to date, the
    /// `press` flags are not known to be complete and the articles' links may
    /// lag behind the cables (were it cut short, the next writable open
    /// rebuilds both).
    pub fn begin_update(&self) -> Result<()> {
        let tx = self.db.begin_write()?;
        {
            let mut m = tx.open_table(META)?;
            m.remove(PRESS_BUILT)?;
            m.insert(RELINK, "1")?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Mark cables republished by a web page, and, with `built`, record that
    /// the `press` table is complete.
    pub fn mark_republished(&self, ids: &[String], built: bool) -> Result<()> {
        let tx = self.db.begin_write()?;
        {
            let mut pt = tx.open_table(PRESS)?;
            for id in ids {
                let old = pt.get(id.as_str())?.map(|v| v.value()).unwrap_or(0);
                pt.insert(id.as_str(), old | Press::REPUBLISHED)?;
            }
            if built {
                let mut m = tx.open_table(META)?;
                m.insert(PRESS_BUILT, "1")?;
                m.remove(RELINK)?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// The links of an article, if it has been linked.
    pub fn article(&self, id: &str) -> Result<Option<Vec<Link>>> {
        let tx = self.db.begin_read()?;
        let t = tx.open_table(ARTICLE_LINKS)?;
        match t.get(id)? {
            Some(v) => Ok(Some(serde_json::from_slice(v.value())?)),
            None => Ok(None),
        }
    }

    /// Ids of every linked article.
    pub fn articles(&self) -> Result<BTreeSet<String>> {
        let tx = self.db.begin_read()?;
        let t = tx.open_table(ARTICLE_LINKS)?;
        let mut out = BTreeSet::new();
        for item in t.iter()? {
            out.insert(item?.0.value().to_string());
        }
        Ok(out)
    }

    /// Articles linking a cable.
    pub fn citing(&self, cable: &str) -> Result<Vec<String>> {
        let tx = self.db.begin_read()?;
        let t = tx.open_table(CITED)?;
        match t.get(cable)? {
            Some(v) => Ok(serde_json::from_slice(v.value())?),
            None => Ok(Vec::new()),
        }
    }

    /// Every cable some article links, with the articles.
    pub fn all_cited(&self) -> Result<Vec<(String, Vec<String>)>> {
        let tx = self.db.begin_read()?;
        let t = tx.open_table(CITED)?;
        let mut out = Vec::new();
        for item in t.iter()? {
            let (k, v) = item?;
            out.push((k.value().to_string(), serde_json::from_slice(v.value())?));
        }
        Ok(out)
    }

    /// Replace the links of some articles, keeping the reverse table in step,
    /// in one transaction.
    pub fn put(&self, batch: &[(String, Vec<Link>)]) -> Result<()> {
        let tx = self.db.begin_write()?;
        {
            let mut at = tx.open_table(ARTICLE_LINKS)?;
            let mut ct = tx.open_table(CITED)?;
            let mut changes: HashMap<String, (BTreeSet<String>, BTreeSet<String>)> = HashMap::new();
            for (article, links) in batch {
                let old: Vec<Link> = match at.get(article.as_str())? {
                    Some(v) => serde_json::from_slice(v.value())?,
                    None => Vec::new(),
                };
                for l in old {
                    changes.entry(l.id).or_default().0.insert(article.clone());
                }
                for l in links {
                    changes
                        .entry(l.id.clone())
                        .or_default()
                        .1
                        .insert(article.clone());
                }
                let v = serde_json::to_vec(links)?;
                at.insert(article.as_str(), v.as_slice())?;
            }
            let mut pt = tx.open_table(PRESS)?;
            for (cable, (removed, added)) in changes {
                let mut set: BTreeSet<String> = match ct.get(cable.as_str())? {
                    Some(v) => serde_json::from_slice(v.value())?,
                    None => BTreeSet::new(),
                };
                for a in removed.difference(&added) {
                    set.remove(a);
                }
                set.extend(added);
                // The cable's flags from the links of every article citing it.
                let mut flags = 0u8;
                for a in &set {
                    if let Some(v) = at.get(a.as_str())? {
                        let links: Vec<Link> = serde_json::from_slice(v.value())?;
                        for l in links.iter().filter(|l| l.id == cable) {
                            match l.evidence {
                                Evidence::Quotes => flags |= Press::LINKED | Press::QUOTED,
                                Evidence::Concerns => {}
                                _ => flags |= Press::LINKED,
                            }
                        }
                    }
                }
                let old = pt.get(cable.as_str())?.map(|v| v.value()).unwrap_or(0);
                let flags = (old & Press::REPUBLISHED) | flags;
                if flags == 0 {
                    pt.remove(cable.as_str())?;
                } else {
                    pt.insert(cable.as_str(), flags)?;
                }
                if set.is_empty() {
                    ct.remove(cable.as_str())?;
                } else {
                    let v = serde_json::to_vec(&set)?;
                    ct.insert(cable.as_str(), v.as_slice())?;
                }
            }
        }
        tx.commit()?;
        Ok(())
    }
}
