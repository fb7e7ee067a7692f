//! Writing records: JSON Lines, or a readable summary per record.

use std::io::{self, Write};

use cablescope_format::{Kind, Record, Severity};

/// Write one record.
pub fn write_record<W: Write>(out: &mut W, rec: &Record, json: bool) -> io::Result<()> {
    if json {
        serde_json::to_writer(&mut *out, rec).map_err(io::Error::other)?;
        return writeln!(out);
    }
    let kind = match rec.kind {
        Kind::Cable => "cable",
        Kind::Article => "article",
        Kind::Other => "other",
    };
    let dash = |s: Option<&str>| s.unwrap_or("-").to_string();
    writeln!(
        out,
        "{}",
        cablescope_archive::ingest::walk::escape_controls(&rec.path)
    )?;
    match rec.kind {
        Kind::Article => {
            let a = rec.article.clone().unwrap_or_default();
            writeln!(out, "  kind: {kind}")?;
            writeln!(out, "  title: {}", dash(a.title.as_deref()))?;
            writeln!(
                out,
                "  date: {}  source: {}  author: {}",
                dash(a.date.as_deref()),
                dash(a.source.as_deref()),
                dash(a.author.as_deref())
            )?;
            writeln!(out, "  words: {}", a.text.split_whitespace().count())?;
        }
        _ => {
            writeln!(
                out,
                "  kind: {kind}  id: {}  created: {}",
                dash(rec.id.as_deref()),
                dash(rec.created.as_deref())
            )?;
            let origin = rec.origin.as_ref().map(|o| match &o.name {
                Some(n) => format!("{n} ({})", o.id),
                None => o.id.clone(),
            });
            writeln!(
                out,
                "  origin: {}  classification: {}",
                dash(origin.as_deref()),
                dash(rec.classification.as_deref())
            )?;
            writeln!(out, "  subject: {}", dash(rec.subject.as_deref()))?;
            writeln!(
                out,
                "  paragraphs: {}  references: {}",
                rec.paragraphs.len(),
                rec.references.len()
            )?;
        }
    }
    let errors = rec
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = rec
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
    writeln!(
        out,
        "  diagnostics: {} ({} errors, {} warnings)",
        rec.diagnostics.len(),
        errors,
        warnings
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary() {
        let rec = cablescope_format::parse_text(
            "x.txt",
            "UNCLAS STATE 000123\n\nE.O. 12958: N/A\nTAGS: PREL\nSUBJECT: HELLO\n\n1. (U) Text.\n",
        );
        let mut buf = Vec::new();
        write_record(&mut buf, &rec, false).unwrap();
        let s = String::from_utf8(buf).unwrap();
        assert!(s.starts_with("x.txt\n  kind: cable"));
        assert!(s.contains("subject: HELLO"));
        assert!(s.contains("paragraphs: 1"));
        let mut buf = Vec::new();
        write_record(&mut buf, &rec, true).unwrap();
        assert!(buf.ends_with(b"}\n"));
    }
}
