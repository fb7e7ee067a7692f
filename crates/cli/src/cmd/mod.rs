//! Subcommands.

pub mod demo;
pub mod ingest;
pub mod links;
pub mod parse;
pub mod search;
pub mod serve;
pub mod show;
