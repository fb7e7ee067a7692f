//! Fields that need several pieces of evidence: origin, id, created,
//! classification, references, declassification date.

use super::Evidence;
use crate::classification::{Level, archive_label, level_from_security};
use crate::diagnostic::Diagnostic;
use crate::dtg::from_julian;
use crate::record::{Origin, Record, RefKind, RefYear};
use crate::tables::{OriginEntry, origins};

pub(crate) fn derive(rec: &mut Record, ev: &Evidence) {
    let origin = derive_origin(rec, ev);
    let dtg = ev.dtg;
    if let Some(dt) = dtg {
        rec.created = Some(dt.iso());
        // Cross-check with the DE line's Julian date.
        if let Some(j) = rec.envelope.as_ref().and_then(|e| e.julian.as_deref())
            && let Ok(doy) = j[..3].parse::<u32>()
            && let Some((m, d)) = from_julian(dt.year, doy)
            && (m, d) != (dt.month, dt.day)
        {
            rec.diagnostics.push(Diagnostic::warning(
                "created",
                format!(
                    "DE-line Julian day {doy} ({m:02}-{d:02}) differs from the date-time group"
                ),
            ));
        }
    }
    let serial = derive_serial(rec, ev);
    rec.origin = origin.map(|o| Origin {
        id: o.id.clone(),
        name: Some(o.display_name.clone()),
        ri: Some(o.ri.clone()).filter(|s| !s.is_empty()),
        country: Some(o.country.clone()).filter(|s| !s.is_empty()),
        iso2: Some(o.iso2.clone()).filter(|s| !s.is_empty()),
        evidence: None,
    });
    if let Some(o) = rec.origin.as_mut() {
        o.evidence = ORIGIN_EVIDENCE.with(|e| e.take());
    }
    // Year: the date-time group; else the release list (by post and serial);
    // else the declassification date (a weak inference).
    // A year written on the first line (`75 LIBREVILLE 1895`) is the cable's own.
    let written_yy = ev.first_line.as_ref().and_then(|f| f.yy.clone());
    let dtg_yy = dtg.map(|d| d.yy()).or_else(|| {
        let y = written_yy.clone()?;
        rec.diagnostics.push(Diagnostic::repair(
            "id",
            format!("year {y} of the id as the first line writes it before the post"),
        ));
        Some(y)
    });
    let weak_yy = if dtg_yy.is_none()
        && let Some(decl) = rec.executive_order.as_ref().and_then(|e| e.date.as_deref())
        && let Ok(y) = decl[..4].parse::<i32>()
        && (1966..=2010).contains(&(y - 10))
    {
        Some((
            format!("{:02}", (y - 10) % 100),
            format!("year of id inferred from declassification date {decl} (ten years before)"),
        ))
    } else {
        None
    };
    let yy = match (origin, serial.as_deref()) {
        (Some(o), Some(s)) => {
            let ref_blocks: Vec<String> = rec
                .references
                .iter()
                .filter(|r| r.label.as_deref() == Some("__block__"))
                .map(|r| r.text.clone())
                .collect();
            let written = written_post_name(rec, ev);
            let yy = super::identity::assign_id(
                rec,
                o,
                super::identity::IdEvidence {
                    written: written.as_deref(),
                    serial: s,
                    dtg_yy: dtg_yy.as_deref(),
                    weak_yy,
                    ref_blocks,
                    partial_extract: ev.partial_extract,
                },
            );
            // The origin's id is the post part of the cable's id.
            if let (Some(id), Some(y), Some(org)) =
                (rec.id.clone(), yy.as_deref(), rec.origin.as_mut())
                && let Some(post) = id
                    .strip_prefix(y)
                    .map(|rest| rest.trim_end_matches(|c: char| c.is_ascii_digit()))
            {
                org.id = post.to_string();
            }
            yy
        }
        _ => match dtg_yy {
            Some(y) => {
                rec.year = Some(crate::release::full_year(&y));
                Some(y)
            }
            None => weak_yy.map(|(y, why)| {
                rec.diagnostics.push(Diagnostic::warning("id", why));
                y
            }),
        },
    };
    let yy_from = if dtg.is_some() || written_yy.is_some() {
        RefYear::Citing
    } else if rec
        .diagnostics
        .iter()
        .any(|d| d.field == "id" && d.message.starts_with("id and year from the release list"))
    {
        RefYear::Release
    } else {
        RefYear::Inferred
    };
    derive_classification(rec, ev);
    rec.declassify_on = rec.executive_order.as_ref().and_then(|e| e.date.clone());
    resolve_references(rec, yy.as_deref(), yy_from);
}

/// The serial: the first text line's, checked against the DE line's station
/// serial (which carries the serial's last four digits); else the DE line's,
/// completed from a page header that ends in the same digits; else the page header's.
fn derive_serial(rec: &mut Record, ev: &Evidence) -> Option<String> {
    let num = |s: &str| s.trim_start_matches('0').parse::<u64>().ok();
    let first = ev.first_line.as_ref().and_then(|f| f.serial.clone());
    let de = rec.envelope.as_ref().and_then(|e| e.station_serial.clone());
    let page = ev.page_header.as_ref().map(|p| p.1.clone());
    match (first, de.as_deref().and_then(num)) {
        (Some(f), Some(d)) if d < 10_000 => match num(&f) {
            Some(n) if n % 10_000 != d => {
                let fixed = n / 10_000 * 10_000 + d;
                rec.diagnostics.push(Diagnostic::warning(
                    "id",
                    format!(
                        "first line gives serial {f}, the DE line {d}: the DE line's is taken ({fixed})"
                    ),
                ));
                Some(fixed.to_string())
            }
            _ => Some(f),
        },
        (Some(f), _) => Some(f),
        (None, Some(d)) => {
            let completes = |p: &u64| *p % 10_000 == d && *p >= 10_000;
            let inside = ev
                .first_line_elsewhere
                .as_ref()
                .and_then(|f| f.serial.as_deref())
                .and_then(num)
                .filter(completes);
            if let Some(n) = inside {
                rec.diagnostics.push(Diagnostic::repair(
                    "id",
                    format!("serial {n} from a first line inside the text, matching the DE line's {d} (no first text line)"),
                ));
                return Some(n.to_string());
            }
            let completed = page.as_deref().and_then(num).filter(completes);
            rec.diagnostics.push(Diagnostic::repair(
                "id",
                match completed {
                    Some(_) => {
                        "serial from the page header, matching the DE line (no first text line)"
                    }
                    None => "serial from the DE line (no first text line)",
                },
            ));
            Some(completed.unwrap_or(d).to_string())
        }
        (None, None) => {
            if page.is_some() {
                rec.diagnostics.push(Diagnostic::repair(
                    "id",
                    "serial from the page header (no first text line)",
                ));
            }
            page
        }
    }
}

thread_local! {
    static ORIGIN_EVIDENCE: std::cell::Cell<Option<String>> = const { std::cell::Cell::new(None) };
}

fn note(evidence: &str) {
    ORIGIN_EVIDENCE.with(|e| e.set(Some(evidence.to_string())));
}

fn derive_origin(rec: &mut Record, ev: &Evidence) -> Option<&'static OriginEntry> {
    let table = origins();
    let from = rec.envelope.as_ref().and_then(|e| e.from.clone());
    let fm_entry = from
        .as_deref()
        .and_then(|f| table.by_plad(f.split("//").next().unwrap_or(f)));
    let first_name = ev.first_line.as_ref().and_then(|f| f.post.clone());
    let first_entry = first_name.as_deref().and_then(|n| table.resolve_name(n));
    // The DE line's RI names the station; where several origins share it, the FM line decides.
    if let Some(ri) = rec.envelope.as_ref().and_then(|e| e.station_ri.clone()) {
        let candidates: Vec<&OriginEntry> = table.by_ri(&ri).collect();
        if candidates.len() == 1 {
            let c = candidates[0];
            // The first line may name a different post sharing the relay (rare): trust FM/first line when they agree with each other.
            if let (Some(f), Some(fl)) = (fm_entry, first_entry)
                && f.id == fl.id
                && f.id != c.id
            {
                rec.diagnostics.push(Diagnostic::warning(
                    "origin",
                    format!(
                        "DE-line RI {ri} is {} but FM and first line name {}",
                        c.id, f.id
                    ),
                ));
                note("fm_line");
                return Some(f);
            }
            note("de_line");
            return Some(c);
        }
        if candidates.len() > 1 {
            if let Some(f) = fm_entry.filter(|f| candidates.iter().any(|c| std::ptr::eq(*c, *f))) {
                note("de_line+fm_line");
                return Some(f);
            }
            if let Some(fl) = first_name.as_deref().and_then(|n| {
                candidates.iter().find(|c| {
                    crate::tables::origins::squeeze(&c.header_name)
                        == crate::tables::origins::squeeze(n)
                })
            }) {
                note("de_line+first_line");
                return Some(fl);
            }
            // The first line's name may be one of the post's other names (`IRAN RPO DUBAI`).
            if let Some(fl) =
                first_entry.filter(|f| candidates.iter().any(|c| std::ptr::eq(*c, *f)))
            {
                note("de_line+first_line");
                return Some(fl);
            }
            note("de_line");
            return Some(candidates[0]);
        }
    }
    if let Some(f) = fm_entry {
        note("fm_line");
        return Some(f);
    }
    if let Some(f) = first_entry {
        note("first_line");
        return Some(f);
    }
    if let Some(name) = first_name.as_deref() {
        rec.diagnostics.push(Diagnostic::warning(
            "origin",
            format!("post `{name}` of the first line is not in the origins table"),
        ));
    }
    if let Some((ph, _)) = &ev.page_header
        && let Some(p) = table.by_page_header(ph).or_else(|| table.resolve_name(ph))
    {
        rec.diagnostics.push(Diagnostic::repair(
            "origin",
            format!("origin from page header `{ph}`"),
        ));
        note("page_header");
        return Some(p);
    }
    if let Some(f) = from.as_deref() {
        rec.diagnostics.push(Diagnostic::warning(
            "origin",
            format!("FM address `{f}` is not in the origins table"),
        ));
    }
    None
}

fn derive_classification(rec: &mut Record, ev: &Evidence) {
    let caveats: Vec<String> = ev
        .first_line
        .as_ref()
        .or(ev.class_only.as_ref())
        .map(|f| f.caveats.clone())
        .unwrap_or_default();
    let has = |c: &str| caveats.iter().any(|x| x == c) || rec.captions.iter().any(|x| x == c);
    // NOFORN follows the banner (first line caveats, captions), as the
    // archive labels it; `(S/NF)` portion marks alone do not set it (in
    // ../shared/corpus 127 SECRET cables carry such marks without the label).
    let mut noforn = has("NOFORN");
    // The archive's `//FOR OFFICIAL USE ONLY` follows the SENSITIVE caption
    // (and the SBU / FOUO controls written as captions or on the first line).
    // The prose line "SENSITIVE BUT UNCLASSIFIED" without that caption is, in
    // the archive, mostly plain UNCLASSIFIED (about 80 of 105 such cables in
    // ../shared/corpus), so it does not set the label.
    let mut sbu = has("SENSITIVE") || has("FOR OFFICIAL USE ONLY") || has("FOUO") || has("SBU");
    let sensitive = has("SENSITIVE");
    let level = if let Some(f) = ev.first_line.as_ref() {
        Level::parse(&f.classification)
    } else if let Some(c) = ev.class_only.as_ref() {
        rec.diagnostics.push(Diagnostic::repair(
            "classification",
            "classification from a lone classification line",
        ));
        Level::parse(&c.classification)
    } else if let Some(sec) = rec.envelope.as_ref().and_then(|e| e.security.as_deref()) {
        rec.diagnostics.push(Diagnostic::repair(
            "classification",
            format!("classification inferred from security line `{sec}`"),
        ));
        sec.split_whitespace().nth(1).and_then(level_from_security)
    } else {
        let max = rec
            .paragraphs
            .iter()
            .filter_map(|p| p.marking.as_deref())
            .filter_map(Level::from_portion_mark)
            .max();
        if max.is_some() {
            rec.diagnostics.push(Diagnostic::warning(
                "classification",
                "classification inferred from portion marks",
            ));
        }
        max
    };
    if let Some(level) = level {
        // The archive's `//FOR OFFICIAL USE ONLY` follows the SENSITIVE / SBU
        // caption, not `(SBU)` portion marks: unclassified cables with SBU
        // paragraphs and no caption are labelled plain UNCLASSIFIED.
        let facts = super::label::LabelFacts {
            level,
            noforn,
            sensitive,
            sections: rec.sections.map_or(1, |s| s.of.max(1)),
            partial_extract: ev.partial_extract,
        };
        for c in super::label::apply(&facts, &mut noforn, &mut sbu) {
            rec.diagnostics.push(Diagnostic::repair(
                "classification",
                format!(
                    "label by a convention of the release ({}): {}",
                    c.name, c.rule
                ),
            ));
        }
        rec.classification = Some(archive_label(level, noforn, sbu));
    }
}

/// The post's name as the text writes it: the first line's, else the FM
/// line's without its address prefix (squeezed: `AITTAIPEI`, `KIEV`).
fn written_post_name(rec: &Record, ev: &Evidence) -> Option<String> {
    if let Some(p) = ev.first_line.as_ref().and_then(|f| f.post.as_deref()) {
        return Some(crate::tables::origins::squeeze(p));
    }
    let from = rec.envelope.as_ref()?.from.as_deref()?;
    let s = crate::tables::origins::squeeze(from.split("//").next().unwrap_or(from));
    for p in [
        "AMEMBASSY",
        "AMCONSUL",
        "USMISSION",
        "AMCONSULATE",
        "USLO",
        "USOFFICE",
    ] {
        if let Some(rest) = s.strip_prefix(p) {
            return Some(rest.to_string());
        }
    }
    Some(s)
}

fn resolve_references(rec: &mut Record, yy: Option<&str>, yy_from: RefYear) {
    let blocks: Vec<String> = rec
        .references
        .iter()
        .filter(|r| r.label.as_deref() == Some("__block__"))
        .map(|r| r.text.clone())
        .collect();
    rec.references
        .retain(|r| r.label.as_deref() != Some("__block__"));
    // No year for the citing cable: references written without a year are
    // from the year after the latest one written (a weak inference).
    let after_dated = yy
        .is_none()
        .then(|| super::references::year_after_dated_refs(blocks.iter().map(String::as_str)))
        .flatten();
    if let Some(y) = after_dated.as_deref() {
        rec.diagnostics.push(Diagnostic::warning(
            "references",
            format!("year {y} of references written without one inferred: the year after the latest reference that writes its year"),
        ));
    }
    let yy = yy.or(after_dated.as_deref());
    // The ids held already, by hashing (not a scan of the list per reference).
    let mut ids: std::collections::HashSet<String> =
        rec.references.iter().filter_map(|r| r.id.clone()).collect();
    for b in blocks {
        for mut r in super::references::parse_references(&b, yy, rec.id.as_deref()) {
            if r.year_from == Some(RefYear::Citing) {
                r.year_from = Some(yy_from);
            }
            if let Some(id) = &r.id {
                if r.kind == RefKind::Cable && ids.contains(id) {
                    continue;
                }
                ids.insert(id.clone());
            }
            rec.references.push(r);
        }
    }
    if rec
        .references
        .iter()
        .any(|r| r.kind == RefKind::Cable && r.id.is_none())
    {
        rec.diagnostics.push(Diagnostic::warning(
            "references",
            "references without a year could not be resolved: the citing cable's year is unknown",
        ));
    }
}
