//! `cablescope show ID`, `cablescope refs ID`, `cablescope stats`, `cablescope export`.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use cablescope_archive::export::Format;
use cablescope_archive::read::RefStatus;

use super::{fail, open};

/// Show one document.
pub fn show(data: &Path, id: &str, json: bool, raw: bool) -> ExitCode {
    let archive = match open(data) {
        Ok(a) => a,
        Err(c) => return c,
    };
    if raw {
        return match archive.raw(id) {
            Ok(copies) => {
                for (i, c) in copies.iter().enumerate() {
                    if copies.len() > 1 {
                        println!(
                            "=== copy {} of {}: {} ({:?})",
                            i + 1,
                            copies.len(),
                            c.path,
                            c.form
                        );
                    }
                    println!("{}", c.text);
                }
                ExitCode::SUCCESS
            }
            Err(e) => fail(e),
        };
    }
    let view = match archive.document(id) {
        Ok(v) => v,
        Err(e) => return fail(e),
    };
    if json {
        println!("{}", serde_json::to_string(&view).unwrap_or_default());
        return ExitCode::SUCCESS;
    }
    let r = &view.record;
    println!("{}", view.id);
    let line = |k: &str, v: Option<String>| {
        if let Some(v) = v.filter(|v| !v.is_empty()) {
            println!("  {k:<16}{v}");
        }
    };
    line("released as", r.release_id.clone());
    line("created", r.created.clone());
    if r.created.is_none() {
        // The year the release list (or another inference) gives: its evidence is in the diagnostics.
        line(
            "year",
            r.year.map(|y| format!("{y} (inferred: see diagnostics)")),
        );
    }
    if !r.id_candidates.is_empty() {
        line("id is one of", Some(r.id_candidates.join(", ")));
    }
    line(
        "origin",
        r.origin
            .as_ref()
            .map(|o| format!("{} ({})", o.name.as_deref().unwrap_or(&o.id), o.id)),
    );
    line("classification", r.classification.clone());
    line("subject", r.subject.clone());
    line("tags", Some(r.tags.join(" ")));
    line("captions", Some(r.captions.join(" ")));
    line(
        "classified by",
        r.classified_by.as_ref().map(|c| {
            format!(
                "{} {} {}",
                c.title.as_deref().unwrap_or(""),
                c.name.as_deref().unwrap_or(""),
                c.reasons.join(", ")
            )
            .trim()
            .to_string()
        }),
    );
    line("declassify on", r.declassify_on.clone());
    line("signers", Some(r.signers.join(", ")));
    let to: Vec<String> = r
        .addressees
        .iter()
        .filter(|a| a.role == "to")
        .map(|a| a.address.clone())
        .collect();
    line("to", Some(to.join("; ")));
    let refs: Vec<String> = r
        .references
        .iter()
        .map(|x| x.id.clone().unwrap_or_else(|| x.text.clone()))
        .collect();
    line("references", Some(refs.join(", ")));
    println!();
    for p in &r.paragraphs {
        let mut head = String::new();
        if let Some(n) = p.n {
            head.push_str(&format!("{n}. "));
        }
        if let Some(m) = &p.marking {
            head.push_str(&format!("({m}) "));
        }
        println!("{head}{}\n", p.text);
    }
    if view.copies.len() > 1 || !r.diagnostics.is_empty() {
        println!("copies:");
        for c in &view.copies {
            println!(
                "  {} {:?} {} bytes{}",
                c.path,
                c.form,
                c.size,
                if c.reading { " (reading copy)" } else { "" }
            );
            for d in &c.differences {
                println!("    - {d}");
            }
        }
        if !r.diagnostics.is_empty() {
            println!("diagnostics:");
            for d in &r.diagnostics {
                println!("  {:?} {}: {}", d.severity, d.field, d.message);
            }
        }
    }
    ExitCode::SUCCESS
}

/// References in both directions.
pub fn refs(data: &Path, id: &str, json: bool) -> ExitCode {
    let archive = match open(data) {
        Ok(a) => a,
        Err(c) => return c,
    };
    let r = match archive.refs(id) {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    if json {
        println!("{}", serde_json::to_string(&r).unwrap_or_default());
        return ExitCode::SUCCESS;
    }
    println!("{} cites {}:", r.id, r.cites.len());
    for c in &r.cites {
        let status = match c.status {
            Some(RefStatus::InArchive) => "in the archive",
            Some(RefStatus::InCablegate) => "ghost: in Cablegate, not in this archive",
            Some(RefStatus::Unknown) => "not in the archive nor in the Cablegate list",
            None => "not a cable",
        };
        println!(
            "  {:<24} {:<44} ({:?}) {}",
            c.id.as_deref().unwrap_or("-"),
            c.text.chars().take(44).collect::<String>(),
            c.kind,
            status
        );
    }
    println!("{} is cited by {}:", r.id, r.cited_by.len());
    for c in &r.cited_by {
        println!("  {c}");
    }
    ExitCode::SUCCESS
}

/// Counts of the archive.
pub fn stats(data: &Path, json: bool) -> ExitCode {
    let archive = match open(data) {
        Ok(a) => a,
        Err(c) => return c,
    };
    let s = match archive.stats() {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    if json {
        println!("{}", serde_json::to_string(&s).unwrap_or_default());
        return ExitCode::SUCCESS;
    }
    println!(
        "{} documents ({} cables, {} articles, {} other) in {} copies",
        s.documents, s.cables, s.articles, s.other, s.copies
    );
    println!(
        "Cablegate coverage: {} of {} released cables ({:.2}%; the list's 251,287 ids less {} malformed twins)",
        s.cablegate_present,
        s.cablegate_total,
        100.0 * s.cablegate_present as f64 / s.cablegate_total.max(1) as f64,
        251_287u64.saturating_sub(s.cablegate_total)
    );
    println!("by year:");
    for (y, n) in &s.by_year {
        println!("  {y} {n:>7}");
    }
    println!("by classification:");
    for (c, n) in &s.by_classification {
        println!("  {c:<40} {n:>7}");
    }
    println!("top origins:");
    for (o, n) in s.by_origin.iter().take(20) {
        println!("  {o:<40} {n:>7}");
    }
    println!("top tags:");
    for (t, n) in s.by_tag.iter().take(20) {
        println!("  {t:<40} {n:>7}");
    }
    ExitCode::SUCCESS
}

/// Export the archive to standard output or a file.
pub fn export(data: &Path, format: Format, out: Option<&Path>) -> ExitCode {
    let archive = match open(data) {
        Ok(a) => a,
        Err(c) => return c,
    };
    if out.is_none() && format == Format::Parquet && std::io::stdout().is_terminal() {
        eprintln!(
            "cablescope: parquet is a binary format: give --output FILE or redirect standard output"
        );
        return ExitCode::from(2);
    }
    let mut sink: Box<dyn Write + Send> = match out {
        Some(p) => match std::fs::File::create(p) {
            Ok(f) => Box::new(std::io::BufWriter::new(f)),
            Err(e) => {
                eprintln!("cablescope: {}: {e}", p.display());
                return ExitCode::from(2);
            }
        },
        None => Box::new(std::io::BufWriter::new(std::io::stdout())),
    };
    match archive.export(format, &mut *sink) {
        Ok(n) => {
            if out.is_some() {
                eprintln!("cablescope: exported {n} documents");
            }
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}
