//! The teletype text parser: cable text (envelope and body) in, record fields out.
//!
//! The text is read line by line, top to bottom:
//! [`envelope`] (format lines `VZCZC` .. `INFO`), the [`first_line`]
//! (classification, section, post, serial), the [`preamble`] (captions,
//! passing lines, E.O., TAGS, SUBJECT, REF, Classified By), and the [`body`]
//! (paragraphs, headings, signature). Page-break lines and repeated section
//! headers are removed before the body is read, and recorded in
//! `Record::removed`. The fields that need several sources of evidence (id,
//! origin, classification, created) are derived last, in [`derive`]. A copy
//! that is a cut-short extract followed by the database record of the whole
//! cable (some WikiLeaks pages) is read from the record.

mod address;
pub mod body;
pub mod classified_by;
mod derive;
pub mod envelope;
pub mod eo;
pub mod first_line;
mod format_lines;
mod identity;
pub mod label;
pub mod lines;
mod para_start;
pub mod preamble;
pub mod ref_fields;
pub mod references;
pub mod tags;
pub(crate) mod ws;
mod year;

use crate::diagnostic::Diagnostic;
use crate::record::{Record, Removed};
use first_line::{
    FirstLine, find_inline_old_page, is_page_break, parse_class_only, parse_first_line,
};
use lines::Line;
use preamble::Field;

/// What the text parser found, before derivation.
#[derive(Debug, Default)]
pub(crate) struct Evidence {
    pub first_line: Option<FirstLine>,
    pub class_only: Option<FirstLine>,
    pub dtg: Option<crate::dtg::DateTime>,
    pub page_header: Option<(String, String)>,
    /// A first line found inside another line of a damaged copy (a database
    /// row pasted into the page), used only to complete the DE line's serial.
    pub first_line_elsewhere: Option<FirstLine>,
    /// Whether the text opens with the release's partial-extract note.
    pub partial_extract: bool,
}

/// Parse cable text into `rec`. Never panics; what it cannot read it keeps
/// (in `preamble`, `paragraphs` or `removed`) with a diagnostic.
pub fn parse_cable_text(text: &str, rec: &mut Record) {
    let lines = lines::split_lines(text, &mut rec.removed);
    let lines = drop_partial_extract(lines, rec);
    let mut ev = Evidence {
        partial_extract: year::is_partial_extract(text),
        ..Default::default()
    };

    // 1. The envelope.
    let env = envelope::parse_envelope(&lines, &mut rec.removed);
    ev.dtg = env.dtg;
    rec.envelope = env.envelope;
    rec.precedence = env.precedence;
    rec.addressees = env.addressees;
    let mut i = env.end;

    // 2. The first text line, within the next few non-blank lines. Past lines
    // that are not known prefaces (a mail client's header, a database's
    // labels), only a first line naming a known post is accepted.
    let mut scanned = 0;
    let mut j = i;
    let mut strict = false;
    while j < lines.len() && scanned < 40 {
        let t = lines[j].trim();
        if t.is_empty() {
            j += 1;
            continue;
        }
        scanned += 1;
        let found = parse_first_line(t)
            .or_else(|| first_line::parse_first_line_any_case(t))
            .filter(|f| !strict || names_known_post(f));
        if let Some(f) = found {
            for l in &lines[i..j] {
                if !l.is_blank() {
                    rec.removed.push(Removed {
                        kind: "before_first_line".into(),
                        text: l.trim().to_string(),
                        line: Some(l.no),
                    });
                }
            }
            rec.classification_line = Some(t.to_string());
            if let Some((a, b)) = f.section {
                rec.sections = Some(crate::record::Sections { seen: a, of: b });
            }
            ev.first_line = Some(f);
            i = j + 1;
            break;
        }
        if ev.class_only.is_none()
            && let Some(c) = parse_class_only(t)
        {
            ev.class_only = Some(c);
        }
        // Lines that precede the first line in damaged copies: partial-record notes, date lines.
        let low = t.to_ascii_lowercase();
        let preface = low.starts_with("this record is a partial extract")
            || low.starts_with("id:")
            || is_header_separator(t)
            || parse_class_only(t).is_some()
            || is_page_break(t)
            || (t.len() < 60
                && t.contains(',')
                && crate::dtg::month_number(t.split_whitespace().nth(2).unwrap_or("")).is_some());
        if !preface {
            // The preamble or body has begun: there is no first line.
            if scanned > 30 || is_body_start(t) || preamble::is_field_line(t) {
                break;
            }
            strict = true;
        }
        j += 1;
    }
    if ev.first_line.is_none() {
        // No first line: drop only recognised preface lines.
        while i < lines.len() {
            let t = lines[i].trim();
            let low = t.to_ascii_lowercase();
            if t.is_empty() {
                i += 1;
            } else if low.starts_with("this record is a partial extract")
                || parse_class_only(t).is_some()
                || is_page_break(t)
            {
                rec.removed.push(Removed {
                    kind: "before_first_line".into(),
                    text: t.to_string(),
                    line: Some(lines[i].no),
                });
                i += 1;
            } else {
                break;
            }
        }
    }

    // 3. Furniture inside the rest: page breaks, section headers, lone classification lines.
    let text_has_page = FINDER_PAGE.find(text.as_bytes()).is_some();
    let rest = remove_furniture(
        &lines[i..],
        &ev,
        rec,
        &mut ev.page_header.clone(),
        text_has_page,
    );
    if let Some(ph) = find_page_header(&lines[i..]) {
        ev.page_header = Some(ph);
    }
    // (Read on from `rest` only: the lines are let go before the fields are
    // built, which a text of many short lines makes as large as the text.)
    drop(lines);

    // 4. Preamble and body.
    let is_start = |t: &str| is_body_start(t);
    let pre = preamble::parse_preamble(&rest, &is_start);
    let pre_end = pre.end;
    apply_preamble(pre.fields, rec);
    if rec.tags.is_empty() {
        // No TAGS field in the preamble (a damaged or flattened head, a
        // missed first line): the first TAGS field anywhere in the text.
        rec.tags = tags::tags_in_text(text);
    }
    if !rec
        .references
        .iter()
        .any(|r| r.label.as_deref() == Some("__block__"))
    {
        // No REF field in the preamble (it stopped early at an unknown
        // line): the REF fields before the body, resolved in `derive`.
        for f in references::ref_fields(text) {
            rec.references.push(crate::record::Reference {
                id: None,
                text: f,
                kind: crate::record::RefKind::Unknown,
                label: Some("__block__".into()),
                qualifiers: vec![],
                year_from: None,
            });
        }
    }
    for t in &rec.tags {
        if let Some(parts) = tags::suggested_split(t) {
            rec.diagnostics.push(Diagnostic::warning(
                "tags",
                format!(
                    "tag `{t}` kept as written; it may be {} run together",
                    parts.join(" ")
                ),
            ));
        }
    }
    let body = body::parse_body(&rest[pre_end..], &mut rec.removed);
    rec.paragraphs = body.paragraphs;
    rec.signers = body.signers;
    rec.blocks = body.blocks;
    rec.diagnostics.extend(body.diagnostics);

    // 5. Derived fields.
    if ev.first_line.is_none()
        && rec
            .envelope
            .as_ref()
            .is_some_and(|e| e.station_serial.is_some())
    {
        ev.first_line_elsewhere = first_line::find_inside(text);
    }
    derive::derive(rec, &ev);
}

/// Whether a line starts the body (a paragraph number or portion mark, or a summary heading).
fn is_body_start(t: &str) -> bool {
    let t = t.trim_start();
    let b = t.as_bytes();
    let numbered = {
        let s = t.trim_start_matches('¶').trim_start();
        let digits = s.bytes().take_while(u8::is_ascii_digit).count();
        digits > 0 && digits <= 3 && {
            let after = &s[digits..];
            (after.starts_with(". ")
                || after.starts_with(".\t")
                || after == "."
                || after.starts_with(") ")
                || after.starts_with(".(")
                || after.starts_with(" (")
                || after.starts_with(".  "))
                && !after.starts_with(". E.O")
        }
    };
    let marked = b.first() == Some(&b'(') && {
        let close = t.find(')').unwrap_or(0);
        close > 1 && close < 16 && is_portion_mark(&t[1..close])
    };
    let starts = |p: &str| b.len() >= p.len() && b[..p.len()].eq_ignore_ascii_case(p.as_bytes());
    numbered || marked || starts("SUMMARY") || starts("BEGIN SUMMARY") || starts("1. SUMMARY")
}

/// Whether a first line names a post of the origins table and a serial.
fn names_known_post(f: &FirstLine) -> bool {
    let table = crate::tables::origins();
    f.serial.is_some()
        && f.post
            .as_deref()
            .is_some_and(|p| table.resolve_name(p).is_some() || table.by_page_header(p).is_some())
}

/// Whether the text inside parentheses is a portion marking (`C`, `SBU`,
/// `S/NF`, `C/REL GBR`), not a name in parentheses (`(BINDENAGEL)`).
fn is_portion_mark(inner: &str) -> bool {
    const PARTS: [&str; 16] = [
        "U",
        "C",
        "S",
        "TS",
        "SBU",
        "LOU",
        "NF",
        "NOFORN",
        "FOUO",
        "REL",
        "ORCON",
        "OC",
        "EFTO",
        "UNCLAS",
        "CONFIDENTIAL",
        "SECRET",
    ];
    let inner = inner.trim();
    !inner.is_empty()
        && inner
            .split('/')
            .filter(|p| !p.trim().is_empty())
            .all(|part| {
                let mut words = part.split_whitespace();
                words.next().is_some_and(|w| PARTS.contains(&w))
                    && words.all(|w| w.len() <= 4 && w.bytes().all(|b| b.is_ascii_uppercase()))
            })
}

fn find_page_header(lines: &[Line]) -> Option<(String, String)> {
    static PH: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"^\s*([A-Z][A-Z .'&()-]{0,14}?)\s+0*(\d{1,8})\s+\d{1,3}(?:\.\d{1,2})?\s+OF\s+\d{1,3}\s*$").unwrap()
    });
    // The printed telegram's page header of the 1970s-2000s: `PAGE 01
    // STATE 228772 012054Z`, `PAGE 02 ZAGREB 01189 01 OF 05 061107Z`.
    static PRINTED: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"^\s*PAGE\s+\d{1,3}\s+([A-Z][A-Z .'&()-]{0,20}?)\s+0*(\d{1,8})\s+(?:\d{1,3}\s+OF\s+\d{1,3}\s+)?\d{6}Z\s*$").unwrap()
    });
    lines.iter().find_map(|l| {
        if l.text.trim_start().starts_with("PAGE ") && l.text.trim_end().ends_with('Z') {
            return PRINTED
                .captures(&l.text)
                .map(|c| (c[1].trim().to_string(), c[2].to_string()));
        }
        if !may_be_page_header(&l.text) {
            return None;
        }
        PH.captures(&l.text)
            .map(|c| (c[1].trim().to_string(), c[2].to_string()))
    })
}

/// A cheap necessary condition for a page header (`... OF nnn`): the line
/// holds `OF` and ends (before white space) in a digit, ASCII or not.
fn may_be_page_header(t: &str) -> bool {
    t.trim_end()
        .chars()
        .next_back()
        .is_some_and(|c| c.is_ascii_digit() || !c.is_ascii())
        && FINDER_OF.find(t.as_bytes()).is_some()
}

/// Some copies (WikiLeaks pages) hold a cut-short extract of the cable, then
/// the database record of the whole cable: `id:`, `date:`, ... `header:`,
/// the routing header, the header separator, and the complete text. The
/// record's header and text are the cable; the extract and the record's
/// labels before them are kept as removed text (`partial_extract`).
fn drop_partial_extract<'a>(lines: Vec<Line<'a>>, rec: &mut Record) -> Vec<Line<'a>> {
    let Some(sep) = lines.iter().position(|l| is_header_separator(l.trim())) else {
        return lines;
    };
    let Some(label) = lines[..sep]
        .iter()
        .rposition(|l| l.trim().eq_ignore_ascii_case("header:"))
    else {
        return lines;
    };
    for l in lines[..=label].iter().filter(|l| !l.is_blank()) {
        rec.removed.push(Removed {
            kind: "partial_extract".into(),
            text: l.trim().to_string(),
            line: Some(l.no),
        });
    }
    lines.into_iter().skip(label + 1).collect()
}

/// The line some copies (WikiLeaks pages of cables with their full routing
/// header) put between the header and the text:
/// `----------------- header ends ----------------`.
pub(crate) fn is_header_separator(t: &str) -> bool {
    let words = t.trim_matches('-').trim();
    t.starts_with("---") && t.ends_with("---") && words.eq_ignore_ascii_case("header ends")
}

/// `OF` and `PAGE`, searched for in every line: the searchers are built once.
static FINDER_OF: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"OF"));
static FINDER_PAGE: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"PAGE"));

/// Remove page-break lines, repeated section headers and lone classification
/// lines; blank lines around a removed line are collapsed.
fn remove_furniture<'a>(
    lines: &[Line<'a>],
    ev: &Evidence,
    rec: &mut Record,
    _ph: &mut Option<(String, String)>,
    text_has_page: bool,
) -> Vec<Line<'a>> {
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    let first_serial = ev
        .first_line
        .as_ref()
        .and_then(|f| f.serial.as_deref())
        .map(|s| s.trim_start_matches('0').to_string());
    let (mut numbered_kept, mut numbered_looked) = (false, 0);
    let mut k = 0;
    while k < lines.len() {
        let l = &lines[k];
        let t = l.trim();
        let mut kind: Option<&str> = None;
        if is_page_break(t) {
            kind = Some("page_break");
        } else if let Some(f) = parse_first_line(t) {
            let same = f
                .serial
                .as_deref()
                .map(|s| s.trim_start_matches('0').to_string())
                == first_serial;
            if f.section.is_some_and(|s| s.0 > 1) || same {
                kind = Some("section_header");
            }
        } else if let Some(banner) = parse_class_only(t).filter(|_| t.len() < 40) {
            kind = Some("classification_line");
            // A banner repeated with its caveats (`CONFIDENTIAL NOFORN`)
            // carries them for the whole cable.
            for c in banner.caveats.into_iter().filter(|c| c != "SIPDIS") {
                if !rec.captions.contains(&c) {
                    rec.diagnostics.push(Diagnostic::repair(
                        "captions",
                        format!("caveat {c} from the classification banner `{t}`"),
                    ));
                    rec.captions.push(c);
                }
            }
        } else if is_header_separator(t) {
            kind = Some("header_separator");
        } else if t == "NNNN"
            || t == "BT"
            || (t.starts_with('#')
                && t[1..].trim().bytes().all(|b| b.is_ascii_digit())
                && t.len() > 1)
        {
            kind = Some("end_of_message");
        } else if t == "SIPDIS" && !out.is_empty() && {
            // Whether a numbered line was kept before: the lines kept since
            // the last look are looked at (not all of them for every
            // SIPDIS); only blank lines are taken back, never numbered ones.
            let from = numbered_looked.min(out.len());
            numbered_kept |= out[from..].iter().any(|o: &Line| {
                o.trim()
                    .starts_with(|c: char| c.is_ascii_digit() || c == '¶')
            });
            numbered_looked = out.len();
            numbered_kept
        } {
            kind = Some("caption");
        }
        if let Some(kind) = kind {
            rec.removed.push(Removed {
                kind: kind.into(),
                text: t.to_string(),
                line: Some(l.no),
            });
            // Collapse the blank lines around the removed line.
            let prev_blank = out.last().is_some_and(|o| o.is_blank());
            let mut n = k + 1;
            while n < lines.len() && lines[n].is_blank() && prev_blank {
                n += 1;
            }
            if prev_blank && n < lines.len() {
                // A paragraph split by a page break: join it again.
                let next = lines[n].trim();
                if next.starts_with(|c: char| c.is_lowercase())
                    || (!is_body_start(next)
                        && out.len() >= 2
                        && !out[out.len() - 2].is_blank()
                        && !out[out.len() - 2].trim().ends_with(['.', ':', '"']))
                {
                    while out.last().is_some_and(|o| o.is_blank()) {
                        out.pop();
                    }
                    numbered_looked = numbered_looked.min(out.len());
                }
            }
            k = n;
            continue;
        }
        // Older page headers standing inside a line of text.
        // (A line that is a slice of a text without `PAGE` has none.)
        if let Some(r) = (text_has_page || !l.text.is_borrowed())
            .then(|| FINDER_PAGE.find(l.text.as_bytes()))
            .flatten()
            .and_then(|_| find_inline_old_page(&l.text))
        {
            rec.removed.push(Removed {
                kind: "page_break".into(),
                text: l.text[r.clone()].trim().to_string(),
                line: Some(l.no),
            });
            let mut text = String::with_capacity(l.text.len());
            text.push_str(&l.text[..r.start]);
            if !text.is_empty() && !text.ends_with(' ') {
                text.push(' ');
            }
            text.push_str(&l.text[r.end..]);
            // A classification word at the end of the previous line belongs to the break.
            if let Some(prev) = out.last_mut() {
                for w in [
                    "CONFIDENTIAL",
                    "SECRET",
                    "UNCLASSIFIED",
                    "LIMITED OFFICIAL USE",
                ] {
                    if prev.text.trim_end().ends_with(w) && prev.text.trim_end().len() > w.len() {
                        let cut = prev.text.trim_end().len() - w.len();
                        rec.removed.push(Removed {
                            kind: "classification_line".into(),
                            text: w.into(),
                            line: Some(prev.no),
                        });
                        prev.text.truncate(cut);
                        let trimmed = prev.text.trim_end().len();
                        prev.text.truncate(trimmed);
                        break;
                    }
                }
            }
            if text.trim().is_empty() {
                k += 1;
                continue;
            }
            let keep = text.trim_end().len();
            text.truncate(keep);
            out.push(Line {
                no: l.no,
                text: text.into(),
            });
            k += 1;
            continue;
        }
        out.push(l.clone());
        k += 1;
    }
    out
}

/// Fill `rec` from the preamble's fields (whose texts move into `rec.preamble`).
fn apply_preamble(fields: Vec<(Field, String, usize)>, rec: &mut Record) {
    let any_field = !fields.is_empty();
    // The captions and TAGS held already, by hashing (a field of thousands
    // of items is not scanned once per item); the TAGS only once a second
    // field comes (each field's TAGS are distinct already).
    let mut captions: std::collections::HashSet<String> = rec.captions.iter().cloned().collect();
    let mut tags: Option<std::collections::HashSet<String>> = None;
    for (field, owned, _) in fields {
        let text = &owned;
        match field {
            Field::Caption => {
                for c in preamble::captions_of(text) {
                    if captions.insert(c.clone()) {
                        rec.captions.push(c);
                    }
                }
            }
            Field::Passing => rec.passing.push(text.clone()),
            Field::Eo => {
                if rec.executive_order.is_none() {
                    rec.executive_order = eo::parse_eo(text);
                }
            }
            Field::Tags => {
                let parsed = tags::parse_tags(text);
                if rec.tags.is_empty() {
                    rec.tags = parsed;
                } else {
                    let seen = tags.get_or_insert_with(|| rec.tags.iter().cloned().collect());
                    for t in parsed {
                        if seen.insert(t.clone()) {
                            rec.tags.push(t);
                        }
                    }
                }
            }
            Field::Subject => {
                if rec.subject.is_none() {
                    let s = preamble_subject(text);
                    if !s.is_empty() {
                        rec.subject = Some(s);
                    }
                }
            }
            Field::Ref => {
                // Resolved once the citing cable's year is known (derive).
                rec.references.push(crate::record::Reference {
                    id: None,
                    text: text.clone(),
                    kind: crate::record::RefKind::Unknown,
                    label: Some("__block__".into()),
                    qualifiers: vec![],
                    year_from: None,
                });
            }
            Field::ClassifiedBy => {
                if rec.classified_by.is_none() {
                    rec.classified_by = classified_by::parse_classified_by(text);
                }
            }
            Field::Other => {}
        }
        rec.preamble.push(owned);
    }
    if !any_field {
        return;
    }
    if rec.subject.is_none() && rec.tags.is_empty() && rec.executive_order.is_none() {
        rec.diagnostics.push(Diagnostic::warning(
            "subject",
            "no E.O., TAGS or SUBJECT line found",
        ));
    }
}

/// The subject from its field text: keyword removed, lines joined.
fn preamble_subject(text: &str) -> String {
    static KW: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?i)^\s*SUBJ(?:ECT)?\b\s*[:.]?\s*").unwrap()
    });
    let body = KW.find(text).map(|m| &text[m.end()..]).unwrap_or(text);
    ws::join_words(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Record {
        let mut rec = Record::default();
        parse_cable_text(text, &mut rec);
        rec
    }

    #[test]
    fn de_line_serial_wins_over_a_first_line_typo() {
        let rec = parse(
            "VZCZCXRO4814\nDE RUEHNR #4427/01 3171443\nZNY CCCCC ZZH\nP 131443Z NOV 07\nFM AMEMBASSY NAIROBI\nTO RUEHC/SECSTATE WASHDC PRIORITY 3418\n\nC O N F I D E N T I A L SECTION 01 OF 02 NAIROBI 004428\n\nE.O. 12958: DECL: 11/12/2017\nTAGS: PGOV KE\nSUBJECT: X\n\n1. (C) Text.\n",
        );
        assert_eq!(rec.id.as_deref(), Some("07NAIROBI4427"));
        // The DE line carries only the last four digits: the first line's are kept above them.
        let rec = parse(
            "DE RUEHC #0927 0901915\nZNY SSSSS ZZH\nR 311858Z MAR 09\nFM SECSTATE WASHDC\nTO AMEMBASSY BUENOS AIRES 6302\n\nS E C R E T STATE 030927\n\nTAGS: PINR\nSUBJECT: X\n",
        );
        assert_eq!(rec.id.as_deref(), Some("09STATE30927"));
    }

    #[test]
    fn the_header_separator_of_a_page_is_not_text() {
        let rec = parse(
            "VZCZCXYZ0000\nOO RUEHWEB\n\nDE RUEHQT #0053/01 0162049\nZNY CCCCC ZZH\nO 162049Z JAN 08\nFM AMEMBASSY QUITO\nTO RUEHC/SECSTATE WASHDC IMMEDIATE 8295\n\n\n----------------- header ends ----------------\n\nC O N F I D E N T I A L QUITO 000053 \n \nSIPDIS \n \nE.O. 12958: DECL: 09/06/2014\nTAGS: PREL EC\nSUBJECT: SCENESETTER\n\n1. (C) Summary: text.\n",
        );
        assert_eq!(rec.id.as_deref(), Some("08QUITO53"));
        assert_eq!(rec.paragraphs.len(), 1, "{:?}", rec.paragraphs);
        assert_eq!(rec.paragraphs[0].n, Some(1));
        // Not an addressee: the envelope ends at it.
        assert_eq!(rec.addressees.len(), 1, "{:?}", rec.addressees);
        assert!(
            rec.removed.iter().any(|r| r.text.contains("header ends")),
            "{:?}",
            rec.removed
        );
        assert!(is_header_separator("--- Header Ends ---"));
        assert!(!is_header_separator("---"));
        assert!(!is_header_separator("header ends"));
    }

    #[test]
    fn an_extract_followed_by_the_database_record_reads_the_record() {
        let rec = parse(
            "C O N F I D E N T I A L QUITO 000103 \n\nE.O. 12958: DECL: 02/10/2019\nTAGS: PREL EC\nSUBJECT: ONE YEAR AFTER BREAK WITH COLOMBIA, GOE REMAINS UNYIELD...\n\n\nid: 191415\ndate: 2/10/2009 20:00\nrefid: 09QUITO103\norigin: Embassy Quito\nclassification: CONFIDENTIAL\ndestination: 09QUITO100\nheader:\nVZCZCXYZ0000\nPP RUEHWEB\n\nDE RUEHQT #0103 0412000\nZNY CCCCC ZZH\nP 102000Z FEB 09\nFM AMEMBASSY QUITO\nTO RUEHC/SECSTATE WASHDC PRIORITY 0001\nINFO RUEHBO/AMEMBASSY BOGOTA PRIORITY 7949\n\n\n----------------- header ends ----------------\n\nC O N F I D E N T I A L QUITO 000103 \n\nE.O. 12958: DECL: 02/10/2019\nTAGS: PREL EC\nSUBJECT: ONE YEAR AFTER BREAK WITH COLOMBIA, GOE REMAINS UNYIELDING\n\nREF: QUITO 100\n\n1. (C) Summary: text.\n\n2. (C) More text.\n",
        );
        assert_eq!(rec.id.as_deref(), Some("09QUITO103"));
        assert_eq!(
            rec.subject.as_deref(),
            Some("ONE YEAR AFTER BREAK WITH COLOMBIA, GOE REMAINS UNYIELDING")
        );
        let refs: Vec<_> = rec.references.iter().filter_map(|r| r.id.clone()).collect();
        assert_eq!(refs, ["09QUITO100"]);
        let addresses: Vec<_> = rec.addressees.iter().map(|a| a.address.as_str()).collect();
        assert_eq!(addresses, ["SECSTATE WASHDC", "AMEMBASSY BOGOTA"]);
        assert_eq!(
            rec.paragraphs.iter().map(|p| p.n).collect::<Vec<_>>(),
            [Some(1), Some(2)]
        );
        // The extract and the record's labels are kept, not dropped.
        let kept: Vec<_> = rec
            .removed
            .iter()
            .filter(|r| r.kind == "partial_extract")
            .map(|r| r.text.as_str())
            .collect();
        assert!(
            kept.contains(&"refid: 09QUITO103") && kept.contains(&"header:"),
            "{kept:?}"
        );
        assert!(kept.iter().any(|t| t.ends_with("UNYIELD...")), "{kept:?}");
    }

    #[test]
    fn first_line_after_a_mail_header_and_in_lower_case() {
        let rec = parse(
            "null\nDiana T Fritz  03/21/2007 05:47:09 PM  From  DB/Inbox:  Search Results\n\nCable\nText:\nTELEGRAM     June 03, 2003\n\nR 031212Z JUN 03\nFM AMEMBASSY ABU DHABI\n\nC o n f i d e n t i a l section 01 of 02 abu dhabi 002641\n\nTags: prel\nSubject: x\n",
        );
        assert_eq!(rec.id.as_deref(), Some("03ABUDHABI2641"));
        assert_eq!(rec.classification.as_deref(), Some("CONFIDENTIAL"));
    }

    #[test]
    fn body_start_needs_a_real_portion_mark() {
        for t in [
            "(C) Summary",
            "(S/NF) text",
            "(SBU) x",
            "(C//NF) x",
            "(C/REL GBR) x",
            "(U) x",
        ] {
            assert!(is_body_start(t), "{t}");
        }
        // A name in parentheses continuing a passing line is not a paragraph.
        for t in [
            "(BINDENAGEL), EUR/AGS, DRL",
            "(MENNUTI)",
            "(A) BRASILIA 1608",
        ] {
            assert!(!is_body_start(t), "{t}");
        }
    }
}
