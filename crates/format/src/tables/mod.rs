//! Reference tables compiled into the binary (see `data/SOURCES.md`).
//!
//! Each table is parsed once, on first use, from a CSV file embedded with
//! `include_str!`; lookups afterwards are hash-map reads.

mod csvdata;
pub mod declassification;
pub mod malformed;
pub mod markings;
pub mod origins;
pub mod routing;
pub mod tags;

pub use declassification::{Declassification, declassification};
pub use malformed::malformed_id;
pub use markings::{Marking, markings};
pub use origins::{OriginEntry, Origins, origins};
pub use routing::{RoutingIndicator, routing_indicator};
pub use tags::{TagEntry, tag};
