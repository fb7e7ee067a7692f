//! `cablescope links ID|FILE`: the links between the press and the cables.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use cablescope_format::Input;
use cablescope_press::{Evidence, Link};

/// Which linked cables `--list` prints.
#[derive(Clone, Copy, Debug)]
pub enum ListKind {
    /// Cables named, quoted or republished.
    Reported,
    /// Cables quoted.
    Quoted,
}

use super::{fail, open};

/// The links of a stored document, or of a file linked without storing it.
pub fn run(data: &Path, target: &str, json: bool) -> ExitCode {
    let archive = match open(data) {
        Ok(a) => a,
        Err(c) => return c,
    };
    let path = Path::new(target);
    let (links, what) = if path.is_file() {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("cablescope: {target}: {e}");
                return ExitCode::from(1);
            }
        };
        let recs = cablescope_format::parse(Input {
            path: target,
            bytes: &bytes,
        });
        let Some(rec) = recs.into_iter().next() else {
            eprintln!("cablescope: {target}: no document in the file");
            return ExitCode::from(1);
        };
        if let Some(m) = rec.failure() {
            eprintln!("cablescope: {target}: {m}");
            return ExitCode::from(1);
        }
        let kind = format!("{:?}", rec.kind).to_lowercase();
        match archive.link_record(&rec) {
            Ok(l) => (l, format!("{target} ({kind}, not stored)")),
            Err(e) => return fail(e),
        }
    } else {
        let id = if target.starts_with("article-") || target.starts_with("doc-") {
            target.to_string()
        } else {
            cablescope_format::ids::canonical_id(target).unwrap_or_else(|| target.to_string())
        };
        match archive.store.doc(&id) {
            Ok(Some(_)) => {}
            Ok(None) => {
                eprintln!("cablescope: {id}: not in the archive (and no such file)");
                return ExitCode::from(2);
            }
            Err(e) => return fail(e),
        }
        match archive.links(&id) {
            Ok(l) => (l, id),
            Err(e) => return fail(e),
        }
    };
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&links).unwrap_or_default()
        );
        return ExitCode::SUCCESS;
    }
    print_links(&what, &links);
    ExitCode::SUCCESS
}

/// Print a line; stop quietly when the reader has gone (`| head`).
macro_rules! say {
    ($($t:tt)*) => {
        if writeln!(std::io::stdout(), $($t)*).is_err() {
            return;
        }
    };
}

fn print_links(what: &str, links: &[Link]) {
    say!("{what}: {} links", links.len());
    let mut last: Option<Evidence> = None;
    for l in links {
        if last != Some(l.evidence) {
            say!("\n{}:", l.evidence.name());
            last = Some(l.evidence);
        }
        let mark = if l.in_archive {
            ""
        } else {
            "  [not in the archive]"
        };
        say!(
            "  {:<28} {:>7.2}  {} {}{mark}",
            l.id,
            l.score,
            l.date.as_deref().unwrap_or("-"),
            l.title
                .as_deref()
                .unwrap_or("")
                .chars()
                .take(60)
                .collect::<String>()
        );
        for m in &l.mentions {
            say!("      named as \"{}\" (byte {})", m.text, m.start);
        }
        for p in &l.passages {
            let para = p
                .paragraph_n
                .map(|n| format!("¶{n}"))
                .unwrap_or_else(|| format!("paragraph {}", p.paragraph + 1));
            say!("      article: \"{}\"", one_line(&p.article_text));
            say!("      cable {para}: \"{}\"", one_line(&p.cable_text));
            if p.cables_holding > 1 {
                say!("      (these words stand in {} cables)", p.cables_holding);
            }
        }
        for r in &l.reasons {
            say!("      {r}");
        }
    }
}

fn one_line(s: &str) -> String {
    let s: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() > 160 {
        format!("{}…", s.chars().take(160).collect::<String>())
    } else {
        s
    }
}

/// Print cables that articles report (name, quote or republish) or quote.
pub fn list(data: &Path, kind: ListKind, json: bool) -> ExitCode {
    let archive = match open(data) {
        Ok(a) => a,
        Err(c) => return c,
    };
    let ids = match archive.linked_cables(matches!(kind, ListKind::Quoted)) {
        Ok(v) => v,
        Err(e) => return fail(e),
    };
    if json {
        println!("{}", serde_json::to_string(&ids).unwrap_or_default());
    } else {
        for id in ids {
            println!("{id}");
        }
    }
    ExitCode::SUCCESS
}
