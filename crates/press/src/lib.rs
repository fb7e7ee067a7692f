//! # cablescope-press
//!
//! The press: news articles linked to the cables they name, quote or concern.
//! Pure functions, no I/O; the archive (`cablescope-archive`, `links.rs`)
//! finds the candidate cables in its index and stores the links.
//!
//! - [`mentions::find_mentions`] finds cable ids as the press writes them
//!   (`07KUALALUMPUR1145`, "cable 07 Kuala Lumpur 1145", `KUALA LUMPUR 1145`)
//!   and resolves them to canonical ids ([`mentions::resolve`]): `names`.
//! - [`align::align`] aligns an article's words with a cable's paragraphs,
//!   tolerant of case, line breaks, ellipses, brackets, British spelling and
//!   light editing, giving [`align::Passage`]s; [`align::QuoteRule`] decides
//!   when they make a quotation, weighing how many cables hold the words
//!   (boilerplate never does): `quotes`.
//! - [`profile::profile`] reads what an article is about (countries, people
//!   and organisations, years) for ranking cables it `concerns`.
//! - [`link::Link`] is one link with its [`link::Evidence`], score, passages
//!   and reasons.
//!
//! ```
//! use cablescope_press::{align::{align, CablePara, QuoteRule}, mentions::find_mentions};
//! let article = "The embassy (07KUALALUMPUR1145) wrote that officials \
//!     \"showed little political will to prosecute labour traffickers\".";
//! assert_eq!(find_mentions(article)[0].id.as_deref(), Some("07KUALALUMPUR1145"));
//! let cable = [CablePara { n: Some(3), text: "OFFICIALS SHOWED LITTLE POLITICAL WILL TO\nPROSECUTE LABOR TRAFFICKERS." }];
//! let mut passages = align(article, &cable, 6);
//! passages[0].cables_holding = 1;
//! assert!(QuoteRule::default().is_quote(&passages[0]));
//! ```
#![warn(missing_docs)]

pub mod align;
pub mod link;
pub mod mentions;
pub mod profile;
pub mod words;

pub use link::{Evidence, Link};
