//! Subcommands.

pub mod parse;
