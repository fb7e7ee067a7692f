//! The `cablescope` command line.

mod cmd;
mod output;
mod walk;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// mimalloc instead of the system allocator: parsing makes many small,
/// short-lived allocations, where glibc malloc/free took about a fifth of
/// the time (as in `bench-parse`).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "cablescope",
    version,
    about = "A trustworthy, searchable archive of US diplomatic cables"
)]
struct Cli {
    /// The archive's data directory (default: $CABLESCOPE_DATA, else ~/.local/share/cablescope).
    #[arg(long, global = true, value_name = "DIR")]
    data: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum SortArg {
    /// Best match first.
    Relevance,
    /// Newest first.
    Date,
    /// Oldest first.
    DateAsc,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ExportFormat {
    /// One JSON record per line.
    Jsonl,
    /// The cables.csv column layout.
    Csv,
    /// Parquet with typed columns (dates, lists of TAGS and references).
    Parquet,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ListArg {
    /// Cables named, quoted or republished by articles.
    Reported,
    /// Cables quoted by articles.
    Quoted,
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
    /// Ingest files, directories and archives (.tar, .tar.gz, .tar.xz, .zip) into the archive.
    ///
    /// Every copy of a cable is kept; copies of the same cable (a WikiLeaks
    /// page, a cables.csv row, a news-site republication) become one cable.
    /// Ingesting the same input again changes nothing. Exit status 1 when any
    /// document could not be read (listed in the summary), 2 on bad usage.
    #[command(verbatim_doc_comment)]
    Ingest {
        /// Print the summary as JSON.
        #[arg(long)]
        json: bool,
        /// Largest document (file, archive member or csv row) read, in MiB;
        /// a larger one is a failure naming it, and the ingest goes on.
        #[arg(long, default_value_t = 32, value_name = "MIB")]
        max_document_size: u64,
        /// How many times its compressed size a compressed input may expand
        /// (checked past its first 16 MiB); beyond it, a decompression bomb.
        #[arg(long, default_value_t = 200, value_name = "RATIO")]
        max_expansion: u64,
        /// Files, directories or archives.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Search the archive.
    ///
    /// Syntax: words (all must match, in subject or body), "a phrase", prefix*,
    /// fuzzy~ (or ~2), AND, OR, NOT (or -word), parentheses, and fields:
    /// subject: tag: origin: (id or name) country: class: caveat: from: to:
    /// signer: classified_by: ref: (cites this id) id: kind: year: date:
    /// reported:yes|no (named, quoted or republished by an article) quoted:yes|no
    /// Ranges: year:2005..2007, date:2007-07..2007-09, date:>=2008-01-01.
    #[command(verbatim_doc_comment)]
    Search {
        /// The query.
        query: String,
        /// Print JSON (hits, total, facets).
        #[arg(long)]
        json: bool,
        /// Hits to show.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Hits to skip.
        #[arg(long, default_value_t = 0)]
        offset: usize,
        /// Order of hits.
        #[arg(long, value_enum, default_value_t = SortArg::Relevance)]
        sort: SortArg,
        /// Show facet counts (origin, country, tag, classification, year, caveat).
        #[arg(long)]
        facets: bool,
    },
    /// Show a cable (or article) with its copies.
    Show {
        /// The id (07KUALALUMPUR1145, "07 KUALA LUMPUR 1145", article-...).
        id: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
        /// Print the raw text of every copy.
        #[arg(long)]
        raw: bool,
    },
    /// What a cable cites and what cites it; cited ids not in the archive are marked.
    Refs {
        /// The id.
        id: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Read every row of the archive back and list what is damaged.
    ///
    /// Every copy is checked against its checksum and content hash, every
    /// document against its copies, the index against the store. Exit status
    /// 0 when the archive is sound, 1 when anything is damaged.
    #[command(verbatim_doc_comment)]
    Check {
        /// Open the archive for writing first: an index that disagrees with
        /// the store is rebuilt from it (damaged copies cannot be restored:
        /// ingest their sources again).
        #[arg(long)]
        repair: bool,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Counts by year, origin, classification and tag; coverage of the Cablegate id list.
    Stats {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Export every document, streaming.
    Export {
        /// Output format.
        #[arg(long, value_enum, default_value_t = ExportFormat::Jsonl)]
        format: ExportFormat,
        /// Write to this file instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Serve the archive in a browser: the reading room (web pages and a JSON API).
    ///
    /// Listens on 127.0.0.1:8080 unless --addr says otherwise and prints the
    /// URL to open. Read-only unless an admin token is given (file, or the
    /// CABLESCOPE_ADMIN_TOKEN environment variable): then POST
    /// /api/admin/upload and /api/admin/ingest accept `Authorization: Bearer
    /// TOKEN`. Everything is inside the binary; nothing is fetched at run time.
    #[command(verbatim_doc_comment)]
    Serve {
        /// Address to listen on, HOST:PORT (port 0 picks a free port).
        #[arg(long, default_value = "127.0.0.1:8080", value_name = "HOST:PORT")]
        addr: std::net::SocketAddr,
        /// Enable the write endpoints with the token in this file.
        #[arg(long, value_name = "FILE")]
        admin_token_file: Option<PathBuf>,
    },
    /// Ingest the sample corpus shipped with cablescope, then serve it in a browser.
    Demo {
        /// Only ingest and show what to try next; do not start the server.
        #[arg(long)]
        no_serve: bool,
        /// Address to serve on, HOST:PORT.
        #[arg(long, default_value = "127.0.0.1:8080", value_name = "HOST:PORT")]
        addr: std::net::SocketAddr,
    },
    /// Links between the press and the cables, with their evidence.
    ///
    /// For an article: the cables it names (by id), quotes (aligned passages,
    /// with the cable paragraph each comes from) and concerns (ranked, with
    /// the reasons). For a cable: the articles that do, and the web pages that
    /// republish it. For a FILE: the links it would have, computed against
    /// the archive without storing it. `--list reported|quoted` prints the
    /// cables that articles name, quote or republish (or quote).
    #[command(verbatim_doc_comment)]
    Links {
        /// An id (article-..., 07KUALALUMPUR1145) or a file.
        #[arg(required_unless_present = "list")]
        target: Option<String>,
        /// Print JSON: a ranked list of {"id", "evidence", "score", "passages", ...}.
        #[arg(long)]
        json: bool,
        /// List linked cables instead.
        #[arg(long, value_enum, conflicts_with = "target")]
        list: Option<ListArg>,
    },
}

fn main() -> ExitCode {
    restore_sigpipe();
    cablescope_archive::db::quiet_guarded_panics();
    let cli = Cli::parse();
    let data = cli
        .data
        .clone()
        .unwrap_or_else(cablescope_archive::default_data_dir);
    match cli.command {
        Command::Parse { json, paths } => cmd::parse::run(&paths, json),
        Command::Ingest {
            json,
            paths,
            max_document_size,
            max_expansion,
        } => {
            let limits = cablescope_archive::ingest::Limits {
                max_document: max_document_size.saturating_mul(1 << 20),
                max_expansion,
            };
            cmd::ingest::run(&data, &paths, &limits, json)
        }
        Command::Check { repair, json } => cmd::check::run(&data, repair, json),
        Command::Search {
            query,
            json,
            limit,
            offset,
            sort,
            facets,
        } => {
            let sort = match sort {
                SortArg::Relevance => cablescope_archive::search::Sort::Relevance,
                SortArg::Date => cablescope_archive::search::Sort::DateDesc,
                SortArg::DateAsc => cablescope_archive::search::Sort::DateAsc,
            };
            cmd::search::run(
                &data,
                &cmd::search::Options {
                    query,
                    json,
                    limit,
                    offset,
                    sort,
                    facets,
                },
            )
        }
        Command::Show { id, json, raw } => cmd::show::show(&data, &id, json, raw),
        Command::Refs { id, json } => cmd::show::refs(&data, &id, json),
        Command::Stats { json } => cmd::show::stats(&data, json),
        Command::Export { format, output } => {
            let f = match format {
                ExportFormat::Jsonl => cablescope_archive::export::Format::Jsonl,
                ExportFormat::Csv => cablescope_archive::export::Format::Csv,
                ExportFormat::Parquet => cablescope_archive::export::Format::Parquet,
            };
            cmd::show::export(&data, f, output.as_deref())
        }
        Command::Serve {
            addr,
            admin_token_file,
        } => cmd::serve::run(&data, addr, admin_token_file.as_deref()),
        Command::Demo { no_serve, addr } => cmd::demo::run(&data, !no_serve, addr),
        Command::Links { target, json, list } => match (list, target) {
            (Some(l), _) => {
                let k = match l {
                    ListArg::Reported => cmd::links::ListKind::Reported,
                    ListArg::Quoted => cmd::links::ListKind::Quoted,
                };
                cmd::links::list(&data, k, json)
            }
            (None, Some(t)) => cmd::links::run(&data, &t, json),
            (None, None) => ExitCode::from(2),
        },
    }
}

/// A command whose output is piped into `head` ends quietly when the pipe
/// closes, as Unix tools do, instead of panicking on the failed write: the
/// default action of SIGPIPE, which Rust's runtime sets to ignored, is put back.
fn restore_sigpipe() {
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to its default, before any other
    // thread exists; no handler code is installed.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
