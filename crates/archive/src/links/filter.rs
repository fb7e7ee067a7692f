//! The search filters `reported:yes|no` (cables an article names, quotes or
//! republishes) and `quoted:yes|no` (cables an article quotes), compiled to a
//! set of ids read from the links table.

use tantivy::Term;
use tantivy::query::{AllQuery, BooleanQuery, Occur, Query, TermSetQuery};

use crate::Archive;
use crate::error::Result;
use crate::index::schema::Fields;

/// The cables the press reports and quotes.
#[derive(Debug, Clone, Default)]
pub struct PressSets {
    /// Named, quoted or republished.
    pub reported: Vec<String>,
    /// Quoted.
    pub quoted: Vec<String>,
}

/// The sets the filters `reported:` and `quoted:` select, read from the
/// links' `press` flags (a query reads them only when it names the fields).
pub fn press_sets(archive: &Archive) -> Result<PressSets> {
    Ok(PressSets {
        reported: archive.linked_cables(false)?,
        quoted: archive.linked_cables(true)?,
    })
}

/// The query for `field:value` (`reported:yes`, `quoted:no`).
pub fn filter(
    fields: &Fields,
    sets: Option<&PressSets>,
    field: &str,
    value: &str,
) -> std::result::Result<Box<dyn Query>, String> {
    let want = match value.to_ascii_lowercase().as_str() {
        "yes" | "true" | "1" => true,
        "no" | "false" | "0" => false,
        other => {
            return Err(format!(
                "`{field}:{other}`: write {field}:yes or {field}:no"
            ));
        }
    };
    let empty = PressSets::default();
    let sets = sets.unwrap_or(&empty);
    let ids = if field == "quoted" {
        &sets.quoted
    } else {
        &sets.reported
    };
    let set = TermSetQuery::new(ids.iter().map(|id| Term::from_field_text(fields.id, id)));
    Ok(if want {
        Box::new(set)
    } else {
        Box::new(BooleanQuery::new(vec![
            (Occur::Must, Box::new(AllQuery) as Box<dyn Query>),
            (Occur::MustNot, Box::new(set)),
        ]))
    })
}
