//! Metadata a source carries beside the text: kept apart, compared with what
//! the text says, and every disagreement noted.

use crate::diagnostic::Diagnostic;
use crate::ids::canonical_id;
use crate::record::{Record, RefKind, RefYear, Reference, SourceMeta};
use crate::text::references::parse_references;

/// Attach `meta` to `rec` and note where it disagrees with the text.
pub fn attach(rec: &mut Record, meta: SourceMeta) {
    for n in &meta.notes {
        rec.diagnostics
            .push(Diagnostic::warning("document", n.clone()));
    }
    let from = meta.from.clone();
    let mut note = |field: &str, text: Option<&str>, source: Option<&str>| {
        if let (Some(t), Some(s)) = (text, source)
            && t != s
        {
            rec.diagnostics.push(Diagnostic::warning(
                field,
                format!("text says `{t}`, {from} says `{s}`"),
            ));
        }
    };
    let src_id = meta.id.as_deref().and_then(canonical_id);
    note("id", rec.id.as_deref(), src_id.as_deref());
    note(
        "created",
        rec.created.as_deref().map(|c| c.get(..10).unwrap_or(c)),
        meta.created.as_deref().map(|c| c.get(..10).unwrap_or(c)),
    );
    note(
        "classification",
        rec.classification.as_deref(),
        meta.classification.as_deref(),
    );
    // PlusD names places (`Greece Athens`), not the archive's posts: not comparable.
    if from != "plusd_page" {
        note(
            "origin",
            rec.origin.as_ref().and_then(|o| o.name.as_deref()),
            meta.origin.as_deref(),
        );
    }
    resolve_reference_years(rec, &meta);
    rec.source = Some(meta);
}

/// When the text gives no date, references written without a year are
/// resolved with the year of the date the source shows beside the text (the
/// `cables.csv` date column, a page's Created field), not left without id or
/// with a weakly inferred year. Each such reference is marked
/// [`RefYear::Source`] and a diagnostic names the step.
pub fn resolve_reference_years(rec: &mut Record, meta: &SourceMeta) {
    if rec.created.is_some() {
        return;
    }
    let Some(year) = meta
        .created
        .as_deref()
        .and_then(|c| c.get(..4))
        .and_then(|y| y.parse::<u32>().ok())
        .filter(|y| (1900..2100).contains(y))
    else {
        return;
    };
    let yy = format!("{:02}", year % 100);
    let self_id = rec.id.clone();
    let rec_year = rec.year;
    let mut resolved = 0usize;
    let mut seen: std::collections::HashSet<String> = rec
        .references
        .iter()
        .filter(|r| !matches!(r.year_from, Some(RefYear::Inferred | RefYear::Release)))
        .filter_map(|r| r.id.clone())
        .collect();
    let mut out = Vec::with_capacity(rec.references.len());
    for r in std::mem::take(&mut rec.references) {
        // A year the release list gave the citing cable is an inference
        // too: where the source's date says another year, the source's wins.
        let unresolved = r.kind == RefKind::Cable
            && (r.id.is_none()
                || r.year_from == Some(RefYear::Inferred)
                || (r.year_from == Some(RefYear::Release) && rec_year != Some(year as i32)));
        if !unresolved {
            out.push(r);
            continue;
        }
        let again = parse_references(&r.text, Some(&yy), self_id.as_deref());
        match again
            .into_iter()
            .find(|x| x.kind == RefKind::Cable && x.id.is_some())
        {
            Some(x) => {
                let id = x.id.clone().unwrap_or_default();
                if !seen.insert(id) {
                    continue;
                }
                resolved += 1;
                out.push(Reference {
                    id: x.id,
                    year_from: Some(if x.year_from == Some(RefYear::Written) {
                        RefYear::Written
                    } else {
                        RefYear::Source
                    }),
                    ..r
                });
            }
            None => out.push(r),
        }
    }
    rec.references = out;
    if !rec
        .references
        .iter()
        .any(|r| r.kind == RefKind::Cable && r.id.is_none())
    {
        rec.diagnostics.retain(|d| {
            !(d.field == "references"
                && d.message.starts_with("references without a year could not"))
        });
    }
    if resolved > 0 {
        rec.diagnostics.push(Diagnostic::warning(
            "references",
            format!(
                "the text gives no date: {resolved} reference(s) written without a year resolved with the year {year} of the {}'s date",
                meta.from
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forms::parse_text;

    fn meta(created: &str) -> SourceMeta {
        SourceMeta {
            from: "cables_csv".into(),
            created: Some(created.into()),
            ..Default::default()
        }
    }

    #[test]
    fn references_without_a_year_take_the_source_date_when_the_text_has_none() {
        // BERLIN 7777: a serial of no cable in the release list, so that the
        // text alone gives no year.
        let text = "C O N F I D E N T I A L BERLIN 007777\n\nE.O. 12958: N/A\nTAGS: PREL, GM\nSUBJECT: TEST\n\nREF: A. STATE 185591 B. 98 BERLIN 1561\n\n1. (C) Text.\n";
        let undated = "C O N F I D E N T I A L BERLIN 007777\n\nE.O. 12958: N/A\nTAGS: PREL, GM\nSUBJECT: TEST\n\nREF: STATE 185591\n\n1. (C) Text.\n";
        let mut u = parse_text("row", undated);
        assert_eq!(u.references[0].id, None);
        resolve_reference_years(&mut u, &meta("1999-11-05T13:29:00Z"));
        assert_eq!(u.references[0].id.as_deref(), Some("99STATE185591"));
        assert!(
            !u.diagnostics
                .iter()
                .any(|d| d.message.starts_with("references without a year could not"))
        );
        let mut rec = parse_text("row", text);
        // From the text alone: the year after the latest written one, a weak inference.
        assert_eq!(rec.references[0].year_from, Some(RefYear::Inferred));
        resolve_reference_years(&mut rec, &meta("1999-11-05T13:29:00Z"));
        let ids: Vec<_> = rec
            .references
            .iter()
            .map(|r| (r.id.clone(), r.year_from))
            .collect();
        assert_eq!(
            ids,
            vec![
                (Some("99STATE185591".to_string()), Some(RefYear::Source)),
                (Some("98BERLIN1561".to_string()), Some(RefYear::Written)),
            ]
        );
        assert!(
            rec.diagnostics
                .iter()
                .any(|d| d.field == "references" && d.message.contains("cables_csv"))
        );
    }

    #[test]
    fn the_release_gives_the_year_where_the_text_has_none() {
        // BERLIN 1642 is one cable of the release: 99BERLIN1642.
        let text = "C O N F I D E N T I A L BERLIN 001642\n\nE.O. 12958: N/A\nTAGS: PREL, GM\nSUBJECT: TEST\n\nREF: STATE 185591\n\n1. (C) Text.\n";
        let mut rec = parse_text("row", text);
        assert_eq!(rec.id.as_deref(), Some("99BERLIN1642"));
        assert_eq!(rec.year, Some(1999));
        assert_eq!(rec.references[0].id.as_deref(), Some("99STATE185591"));
        assert_eq!(rec.references[0].year_from, Some(RefYear::Release));
        assert!(rec.diagnostics.iter().any(|d| {
            d.field == "id"
                && d.message
                    .contains("release's only cable of BERLIN with serial 1642")
        }));
        // A source date of another year decides the references' year, not the id.
        resolve_reference_years(&mut rec, &meta("2004-01-01T00:00:00Z"));
        assert_eq!(rec.references[0].id.as_deref(), Some("04STATE185591"));
        assert_eq!(rec.references[0].year_from, Some(RefYear::Source));
        assert_eq!(rec.id.as_deref(), Some("99BERLIN1642"));
    }

    #[test]
    fn a_dated_text_keeps_its_own_year() {
        let text = "R 051336Z NOV 99\nFM AMEMBASSY BERLIN\nTO SECSTATE WASHDC 1692\n\nC O N F I D E N T I A L BERLIN 001642\n\nE.O. 12958: N/A\nTAGS: PREL, GM\nSUBJECT: TEST\n\nREF: STATE 185591\n\n1. (C) Text.\n";
        let mut rec = parse_text("row", text);
        resolve_reference_years(&mut rec, &meta("2004-01-01T00:00:00Z"));
        assert_eq!(rec.references[0].id.as_deref(), Some("99STATE185591"));
        assert_eq!(rec.references[0].year_from, Some(RefYear::Citing));
    }
}
