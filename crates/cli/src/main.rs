//! The `cablescope` command line.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use cablescope_format::{Input, parse};
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "cablescope",
    version,
    about = "A trustworthy, searchable archive of US diplomatic cables"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Parse documents and print one record per document.
    Parse {
        /// Print JSON Lines instead of a readable summary.
        #[arg(long)]
        json: bool,
        /// Files or directories (`-` reads standard input).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
}

fn main() -> Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Parse { json, paths } => {
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            for p in paths {
                let bytes = std::fs::read(&p)?;
                let name = p.display().to_string();
                for rec in parse(Input {
                    path: &name,
                    bytes: &bytes,
                }) {
                    if json {
                        serde_json::to_writer(&mut out, &rec)?;
                        writeln!(out)?;
                    } else {
                        writeln!(out, "{:#?}", rec)?;
                    }
                }
            }
        }
    }
    Ok(())
}
