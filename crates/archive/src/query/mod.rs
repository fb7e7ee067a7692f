//! The query language: free text, `"phrases"`, `prefix*`, fuzzy `~`, AND/OR/NOT
//! and parentheses, and the fields users search by (`subject:`, `tag:`,
//! `origin:`, `country:`, `class:`, `caveat:`, `from:`, `to:`, `signer:`,
//! `classified_by:`, `ref:`, `id:`, `kind:`, `year:`, `date:`).
//!
//! [`parse`] reads a query string into a [`Node`] tree and points at the
//! position of any problem (nesting is limited to [`MAX_DEPTH`]); [`compile`]
//! turns the tree into a tantivy query. Programs add their own filters as
//! trees (`build`: [`Node::field_value`], [`Node::range`]) and show a tree
//! as text with its `Display` (`render`), which reads back as the same tree.

mod build;
pub mod compile;
mod parse;
mod render;

pub use build::filtered;
pub use compile::compile;
pub use parse::{FIELDS, MAX_DEPTH, Node, parse};

/// A query that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message} (at character {position})\n  {query}\n  {caret}")]
pub struct QueryError {
    /// What is wrong.
    pub message: String,
    /// Character offset of the problem in the query.
    pub position: usize,
    /// The query.
    pub query: String,
    /// A caret line pointing at the position.
    pub caret: String,
}

impl QueryError {
    /// A new error at `position` (a character offset) of `query`.
    pub fn new(query: &str, position: usize, message: impl Into<String>) -> Self {
        QueryError {
            message: message.into(),
            position,
            query: query.to_string(),
            caret: format!("{}^", " ".repeat(position)),
        }
    }
}

impl crate::Archive {
    /// A compiler of `tree`, read from `text` (the query language; filters
    /// added as trees need not be in it), against this archive's index and
    /// links: the one place searches and histograms set it up.
    pub fn query_compiler<'a>(
        &'a self,
        text: &'a str,
        tree: &Node,
    ) -> crate::Result<compile::Compiler<'a>> {
        // The press sets are read only when the tree asks for them.
        let press = if tree.names_field(&["reported", "quoted"]) {
            Some(crate::links::filter::press_sets(self)?)
        } else {
            None
        };
        let idx = &self.index;
        let tok = idx.index.tokenizers();
        Ok(compile::Compiler {
            fields: &idx.fields,
            stem: tok
                .get(crate::index::stem::NAME)
                .ok_or_else(|| crate::ArchiveError::Index("no stemming analyzer".into()))?,
            words: tok
                .get("default")
                .ok_or_else(|| crate::ArchiveError::Index("no default tokenizer".into()))?,
            query: text,
            press,
        })
    }

    /// Read and compile `text` into a tantivy query.
    pub fn compile_query(&self, text: &str) -> crate::Result<Box<dyn tantivy::query::Query>> {
        let node = parse(text)?;
        let mut c = self.query_compiler(text, &node)?;
        Ok(compile(&mut c, &node)?)
    }
}
