//! Where links are kept: `DATA/links.redb`, a database of its own beside the
//! store, so that links can be recomputed (or the file deleted) without
//! touching the copies. Two tables: `article_links` (article id -> its
//! links, JSON) and `cited` (cable id -> ids of the articles linking it).

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use cablescope_press::Link;
use redb::{Database, ReadableDatabase, ReadableTable, TableDefinition};

use crate::error::{ArchiveError, Result};

const ARTICLE_LINKS: TableDefinition<&str, &[u8]> = TableDefinition::new("article_links");
const CITED: TableDefinition<&str, &[u8]> = TableDefinition::new("cited");

/// The links database.
pub struct LinkTable {
    db: Database,
}

impl LinkTable {
    /// Open (or create) `DATA/links.redb`.
    pub fn open(dir: &Path) -> Result<Self> {
        let path = dir.join("links.redb");
        let db = Database::create(&path)
            .map_err(|e| ArchiveError::Store(format!("{}: {e}", path.display())))?;
        let tx = db.begin_write()?;
        {
            tx.open_table(ARTICLE_LINKS)?;
            tx.open_table(CITED)?;
        }
        tx.commit()?;
        Ok(LinkTable { db })
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
            for (cable, (removed, added)) in changes {
                let mut set: BTreeSet<String> = match ct.get(cable.as_str())? {
                    Some(v) => serde_json::from_slice(v.value())?,
                    None => BTreeSet::new(),
                };
                for a in removed.difference(&added) {
                    set.remove(a);
                }
                set.extend(added);
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
