//! # cablescope-format
//!
//! The cable format: every real form of a US diplomatic cable in, one exact
//! [`Record`] out. Pure: no file, network or clock access; text in, record out.
//!
//! The principal types:
//!
//! - [`Record`]: everything a document says (id, date, origin, classification,
//!   subject, TAGS, references, signers, classification authority, paragraphs,
//!   the transmission envelope, addressees, captions, ...) plus the
//!   [`Diagnostic`]s that name every repair and uncertainty, and the metadata a
//!   source carried beside the text ([`SourceMeta`]), kept apart.
//! - [`Input`]: a document as it arrived (a name and its bytes); [`parse`]
//!   recognises its [`Form`] (teletype text, WikiLeaks page, PlusD page, a
//!   `cables.csv` file, JSON, a web page carrying a cable, a news article) and
//!   yields one record per document in it.
//! - [`text::parse_cable_text`]: the teletype parser all forms end in.
//! - [`tables`]: the reference tables (routing indicators, origins, TAGS,
//!   markings, declassification codes, malformed ids) compiled in.
//! - [`release`]: the Cablegate release list (251,287 ids) as evidence:
//!   which cable of the release has post P and serial N, and the id the
//!   release gives it. A text without a date gets its id and year there.
//!
//! ```
//! use cablescope_format::{parse_text, Kind};
//!
//! let rec = parse_text("cable.txt", "\
//! DE RUEHKL #1145/01 1970138
//! O 160138Z JUL 07
//! FM AMEMBASSY KUALA LUMPUR
//! TO RUEHC/SECSTATE WASHDC IMMEDIATE 9638
//!
//! C O N F I D E N T I A L SECTION 01 OF 03 KUALA LUMPUR 001145
//!
//! E.O. 12958: DECL: 07/16/2017
//! TAGS: PREL PHUM MY
//! SUBJECT: TRAFFICKING IN PERSONS
//!
//! 1. (C) Summary: text. End Summary.
//!
//! LAFLEUR
//! ");
//! assert_eq!(rec.kind, Kind::Cable);
//! assert_eq!(rec.id.as_deref(), Some("07KUALALUMPUR1145"));
//! assert_eq!(rec.created.as_deref(), Some("2007-07-16T01:38:00Z"));
//! assert_eq!(rec.classification.as_deref(), Some("CONFIDENTIAL"));
//! assert_eq!(rec.signers, ["LAFLEUR"]);
//! ```
#![warn(missing_docs)]

pub mod classification;
pub mod clean;
pub mod diagnostic;
pub mod dtg;
pub mod forms;
pub mod ids;
pub mod record;
pub mod release;
pub mod tables;
pub mod text;

#[cfg(test)]
mod random_text;

pub use diagnostic::{Diagnostic, Severity};
pub use forms::{Input, parse, parse_text};
pub use record::{
    Addressee, ArticleMeta, Block, ClassifiedBy, Envelope, ExecutiveOrder, Form, Kind, Origin,
    Paragraph, Precedence, Record, RefKind, RefYear, Reference, Removed, Sections, SourceMeta,
    Span,
};
