//! The `cablescope` command line.

mod cmd;
mod output;
mod walk;

use std::path::PathBuf;
use std::process::ExitCode;

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
    ///
    /// Each input's form is recognised from its content: teletype text, a
    /// WikiLeaks cable page (any 2010-2011 layout), a PlusD page, an HTML body
    /// fragment, a `cables.csv` file (streamed row by row in bounded memory),
    /// JSON or JSON Lines exports, PDF text, a web page carrying a cable, a
    /// news article or any other document. Text that is not UTF-8 is read as
    /// Windows-1252, with a warning naming the line.
    ///
    /// Problems (unreadable files, broken csv or JSON lines) are reported on
    /// standard error as `cablescope: FILE:line N: message`, and parsing goes
    /// on with the next document.
    ///
    /// Exit status: 0 when every input was parsed, 1 when any input (a file,
    /// a csv row, a JSON line) could not be read, 2 on usage errors.
    #[command(verbatim_doc_comment)]
    Parse {
        /// Print JSON Lines (one record a line) instead of a readable summary.
        #[arg(long)]
        json: bool,
        /// Files or directories (walked recursively, in sorted order); `-` reads standard input.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Parse { json, paths } => cmd::parse::run(&paths, json),
    }
}
