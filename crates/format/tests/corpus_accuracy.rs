//! Accuracy over the real corpus (`../shared/corpus`): every cable is parsed
//! from its text alone (header + body; the page's metadata table and the csv's
//! metadata columns are hidden from the parser and attached only afterwards),
//! and the result is compared with the archive's metadata.
//!
//! Targets (issue #2): id and created day at least 99.5% on documents whose
//! text has a date-time group; origin and classification at least 99.5% on
//! all; subject at least 99.5% where the page shows it; TAGS F1 at least
//! 0.99; references recall at least 0.97 against the csv `references`
//! column. Issue #15 raised them: id at least 99.8% where the text has a
//! date-time group and 97% on all documents, created year at least 97% on
//! all documents (the ids and years of texts without a date come from the
//! release list, `release`), classification at least 99.6% on all labels,
//! and references recall at least 0.90 with years from the text alone, at
//! a precision no lower than 0.6663 (its value before).
//!
//! Known faults of the ground truth (corpus README) are accounted for here, in
//! the comparison, never in the parser:
//! - the page's Created minute is wrong on Nov 2010 - Apr 2011 pages: the day
//!   is compared (the csv minute is exact and is reported separately);
//! - the classification link's `title=` attribute is wrong: the shown text is
//!   used (that is what `split_page` reads);
//! - WikiLeaks split hyphenated TAGS into separate links (and multi-word
//!   items on spaces): both sides are split on `-` and white space before
//!   comparing (`tag_links`);
//! - some page subjects are cut and end in `\`: the page subject must be a
//!   prefix of ours after white-space normalisation;
//! - the csv `references` column misses references and has a few wrong ones:
//!   recall is the target, precision is only a lower bound;
//! - about 10,500 csv rows have no transmission header, and most of those
//!   hold no date at all, so the text cannot give the year of a reference
//!   written without one (`REF: STATE 185591`). The parser resolves those
//!   with the year of the csv's date column, as it does for any source that
//!   shows a date beside the text, and marks each such reference
//!   `year_from: source` with a diagnostic. Recall is printed both ways:
//!   `references (csv)` (as `cablescope parse` gives a csv row) and
//!   `text-only years` (those references counted as missed).
//!
//! Not in the README, found here and listed, never fitted: about 60
//! classification labels that no reading of the text can give (a NOFORN or
//! FOR OFFICIAL USE ONLY label with no trace of the caveat anywhere in the
//! text, or a label without the NOFORN the first line spells); the archive
//! is inconsistent too (cables from the same post with the same
//! `CONFIDENTIAL NOFORN` banner labelled either way). Classification is
//! printed on all documents and on those whose label the text supports
//! (`label_supported`).
//!
//! Set `CABLESCOPE_CORPUS` to use another corpus directory. When the corpus is
//! absent the test prints `SKIPPED` and passes. `CABLESCOPE_ACCURACY_DUMP=FILE`
//! writes every mismatch to FILE; `CABLESCOPE_ACCURACY_MISSES=1` prints each
//! classification miss with what the text says against the label; `CABLESCOPE_ACCURACY_REPORT_ONLY=1` prints
//! the table without asserting anything; `CABLESCOPE_ACCURACY_STRICT=1` also
//! asserts the issue's targets (by default they are printed as met or MISSED,
//! and only the regression floors are asserted).

use std::collections::HashSet;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use cablescope_format::classification::Level;
use cablescope_format::forms::{
    parse_cables_csv, parse_parts, parse_text_as, wikileaks::split_page,
};
use cablescope_format::ids::canonical_id;
use cablescope_format::text::label::{CONVENTIONS, LabelFacts};
use cablescope_format::{Form, Record, RefKind, RefYear};
use rayon::prelude::*;
use regex::Regex;

/// A date-time group on a line of its own, after an optional precedence
/// prosign, as format line 5 writes it (`O 160138Z JUL 07`, `061104Z Aug 91`).
/// Decided from the input text, independently of the parser.
static DTG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^[ \t]*(?:[ZOPR0][ \t]+){0,2}\d{6}[ \t]?Z[ \t]+(?i:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)[A-Za-z]*[ \t]+\d{2,4}\b")
        .unwrap()
});

/// Whether the text's head (its first 80 lines) has a date-time group line.
fn has_dtg(text: &str) -> bool {
    let head = text
        .split_inclusive('\n')
        .take(80)
        .map(str::len)
        .sum::<usize>();
    DTG.is_match(&text[..head])
}

fn corpus_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("CABLESCOPE_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"));
    dir.is_dir().then_some(dir)
}

/// One parsed document and whether its text carries a date-time group.
struct Doc {
    rec: Record,
    has_dtg: bool,
    /// Cable references of the text alone (no source date), where the
    /// source's date resolved some (see `RefYear::Source`).
    text_only_refs: Option<Vec<String>>,
}

/// The cable reference ids of a record.
fn ref_ids(rec: &Record) -> Vec<String> {
    rec.references
        .iter()
        .filter(|x| x.kind == RefKind::Cable)
        .filter_map(|x| x.id.clone())
        .collect()
}

/// Where the csv's date resolved references, what the text alone resolves.
fn text_only_refs(rec: &Record) -> Option<Vec<String>> {
    rec.references
        .iter()
        .any(|x| x.year_from == Some(RefYear::Source))
        .then(|| ref_ids(&parse_text_as(&rec.path, &rec.text, Form::CsvRow)))
}

/// Parse one document, turning a panic into a failure that names it.
fn parse_guarded(name: &str, f: impl FnOnce() -> Record) -> Result<Record, String> {
    let t0 = std::time::Instant::now();
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    let took = t0.elapsed();
    if took > std::time::Duration::from_millis(500) {
        println!("slow document: {name} took {took:.1?}");
    }
    r.map_err(|e| {
        let msg = e
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        format!("{name}: parser panicked: {msg}")
    })
}

/// How many mismatches to keep per field: a few to print, or all of them
/// when `CABLESCOPE_ACCURACY_DUMP` names a file to write them to.
fn example_limit() -> usize {
    if std::env::var_os("CABLESCOPE_ACCURACY_DUMP").is_some() {
        usize::MAX
    } else {
        6
    }
}

/// Counts for one field.
#[derive(Default)]
struct Stat {
    compared: usize,
    correct: usize,
    examples: Vec<String>,
}

impl Stat {
    fn check(&mut self, ok: bool, example: impl FnOnce() -> String) {
        self.compared += 1;
        if ok {
            self.correct += 1;
        } else if self.examples.len() < example_limit() {
            self.examples.push(example());
        }
    }
    fn accuracy(&self) -> f64 {
        if self.compared == 0 {
            1.0
        } else {
            self.correct as f64 / self.compared as f64
        }
    }
}

/// Counts for a set-valued field (TAGS, references).
#[derive(Default)]
struct SetStat {
    docs: usize,
    truth: usize,
    ours: usize,
    both: usize,
    /// Documents with items missing from ours.
    examples: Vec<String>,
    /// Documents with all expected items and some more (precision only).
    extra: Vec<String>,
}

impl SetStat {
    fn check(&mut self, id: &str, truth: &[String], ours: &[String]) {
        let t: HashSet<&String> = truth.iter().collect();
        let o: HashSet<&String> = ours.iter().collect();
        if t.is_empty() && o.is_empty() {
            return;
        }
        self.docs += 1;
        self.truth += t.len();
        self.ours += o.len();
        let both = t.intersection(&o).count();
        self.both += both;
        if (both != t.len() || both != o.len()) && self.examples.len() < example_limit() {
            let mut missing: Vec<&&String> = t.difference(&o).collect();
            missing.sort();
            let mut extra: Vec<&&String> = o.difference(&t).collect();
            extra.sort();
            self.examples.push(format!(
                "{id}: expected {truth:?}, got {ours:?} (missing {missing:?}, extra {extra:?})"
            ));
        }
    }
    fn recall(&self) -> f64 {
        if self.truth == 0 {
            1.0
        } else {
            self.both as f64 / self.truth as f64
        }
    }
    fn precision(&self) -> f64 {
        if self.ours == 0 {
            1.0
        } else {
            self.both as f64 / self.ours as f64
        }
    }
    fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

#[derive(Default)]
struct Report {
    id_dtg: Stat,
    id_no_dtg: Stat,
    /// Id on every document (with and without a date-time group).
    id_all: Stat,
    /// The id as the release writes it (`release_id`, else `id`) against the
    /// archive's id as written, on every document.
    release_id_all: Stat,
    /// Created year (`year`) on every document.
    year_all: Stat,
    created_day: Stat,
    created_minute_csv: Stat,
    origin: Stat,
    classification: Stat,
    /// Classification where the archive's label is supported by the text: a
    /// caveat in the label (NOFORN, FOR OFFICIAL USE ONLY) has a trace in the
    /// text, and a caveat written on the first line is in the label.
    classification_supported: Stat,
    /// Labels without such support (a ground-truth fault), not compared above.
    classification_unsupported: usize,
    /// Classification misses by what the text says against the label.
    classification_misses: std::collections::BTreeMap<&'static str, usize>,
    /// Records whose id or year came from no date-time group and that carry
    /// no diagnostic on the id (must be none).
    undiagnosed_inferences: Vec<String>,
    /// Support of each label convention in the archive's labels: (name,
    /// adopted, cables it applies to, of which labelled as it says).
    conventions: Vec<(String, bool, usize, usize)>,
    subject: Stat,
    tags: SetStat,
    /// Pages with our TAGS where the page linked none (not compared).
    tags_unlinked_pages: usize,
    /// Our tags from TAGS continuation lines the page did not link (not compared).
    tags_unlinked_continuation: usize,
    references: SetStat,
    /// The same, on documents whose id (and so year) the text gave us.
    references_dated: SetStat,
    /// References as the text alone resolves them: those whose year came
    /// from the csv's date column (the text gives no date) count as missed.
    references_text_only: SetStat,
}

fn norm_space(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A leading portion mark (`(C)`; WikiLeaks headings lost the `(`).
/// WikiLeaks headings also lost any other leading non-alphanumeric character
/// (`"MORAL POWER:"` -> `MORAL POWER:"`, `[SOURCE REMOVED]`) and show some
/// markup debris (`strong>`): both sides are compared from their first
/// letter or digit after the mark.
static PORTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:strong>\s*)?[^\p{L}\p{N}]*(?:(?i:U|C|S|TS|SBU|LOU|FOUO)(?:/+[A-Za-z]+)*\)\s*)?[^\p{L}\p{N}]*").unwrap()
});
/// Where a WikiLeaks heading ran past the subject into the next field.
static NEXT_FIELD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:REF\b|REFS\b|REFTEL|REFERENCE|CLASSIFIED\s+BY|\(U\)\s+CLASSIFIED|-{3,}|E\.\s?O\.|TAGS)").unwrap()
});

/// Whether our subject matches the page heading's. The heading is cut at
/// a line end or a length (sometimes marked by a trailing `\`): it must then
/// be a prefix of ours. Where the heading ran on into the next field (REF,
/// Classified By) ours must be the heading up to that field.
fn subject_matches(page: &str, ours: &str) -> bool {
    // Letter case is not compared (some copies are case-mangled; the heading is not).
    let page = norm_space(page).to_uppercase();
    let ours = norm_space(ours).to_uppercase();
    let page = PORTION.replace(&page, "").into_owned();
    let ours = PORTION.replace(&ours, "").into_owned();
    let page = page.trim_end_matches('\\').trim_end();
    if ours.is_empty() || page.is_empty() {
        return ours.is_empty() && page.is_empty();
    }
    if ours.starts_with(page) {
        return true;
    }
    page.strip_prefix(ours.as_str())
        .is_some_and(|rest| NEXT_FIELD.is_match(rest.trim_start()))
}

/// TAGS as WikiLeaks linked them: the archive split hyphenated tags
/// (`ZANU-PF` -> `ZANU`, `PF`) and multi-word items on spaces (`HUMAN
/// RIGHTS` -> `HUMAN`, `RIGHTS`) into separate links, a fault of the ground
/// truth (corpus README). Both sides are split the same way before comparing,
/// so the comparison neither rewards nor punishes the parser for it; the
/// parser itself keeps each tag as the text writes it (`VTPREL`, `HUMAN
/// RIGHTS`, `ZANU-PF`).
fn tag_links(tags: &[String]) -> Vec<String> {
    tags.iter()
        .flat_map(|t| t.split(|c: char| c == '-' || c.is_whitespace()))
        // A person tag's comma ("CLINTON, HILLARY") is no part of a link.
        .map(|t| t.trim().trim_end_matches(',').to_ascii_uppercase())
        .filter(|t| !t.is_empty())
        .collect()
}

/// The words of the line holding the TAGS keyword (from the keyword on), as
/// `tag_links` splits them: the part of the field WikiLeaks linked.
fn tags_keyword_line(text: &str) -> Option<HashSet<String>> {
    static KW: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\bTAGS?\b\s*[:;,.]?").unwrap());
    let head: String = text.lines().take(200).collect::<Vec<_>>().join("\n");
    let m = KW.find(&head)?;
    let line = head[m.end()..].lines().next().unwrap_or("");
    Some(
        line.split(|c: char| c.is_whitespace() || matches!(c, '-' | ',' | ';' | '(' | ')'))
            .map(|w| w.trim_matches('.').to_ascii_uppercase())
            .filter(|w| !w.is_empty())
            .collect(),
    )
}

/// Whether the text supports the archive's classification label: a caveat
/// the label carries leaves a trace somewhere in the text (`NOFORN`; for
/// `FOR OFFICIAL USE ONLY`: SENSITIVE, SBU, FOUO or the words), and a
/// caveat spelled on the first line (`S E C R E T N O F O R N`) is in the
/// label. Labels failing this are faults of the ground truth: no reading of
/// the text can give them.
fn label_supported(label: &str, rec: &Record) -> bool {
    let squeezed: String = rec
        .text
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect();
    if label.ends_with("//NOFORN") && !squeezed.contains("NOFORN") {
        return false;
    }
    if label.ends_with("//FOR OFFICIAL USE ONLY")
        && !["SENSITIVE", "SBU", "FOUO", "FOROFFICIALUSEONLY"]
            .iter()
            .any(|w| squeezed.contains(w))
    {
        return false;
    }
    let first: String = rec
        .classification_line
        .as_deref()
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    !first.contains("NOFORN") || label.contains("NOFORN")
}

fn compare(doc: &Doc, r: &mut Report) {
    let rec = &doc.rec;
    let Some(src) = rec.source.as_ref() else {
        return;
    };
    let truth_id = src.id.as_deref().and_then(canonical_id);
    let label = truth_id.clone().unwrap_or_else(|| rec.path.clone());
    let show = |x: Option<&str>| x.unwrap_or("-").to_string();

    if let Some(t) = truth_id.as_deref() {
        let stat = if doc.has_dtg {
            &mut r.id_dtg
        } else {
            &mut r.id_no_dtg
        };
        let ok = rec.id.as_deref() == Some(t);
        let msg = || {
            format!(
                "{}: expected {t}, got {}",
                rec.path,
                show(rec.id.as_deref())
            )
        };
        stat.check(ok, msg);
        r.id_all.check(ok, msg);
        if let Some(raw) = src.id.as_deref() {
            let ours = rec.release_id.as_deref().or(rec.id.as_deref());
            r.release_id_all.check(ours == Some(raw), || {
                format!("{}: expected {raw}, got {}", rec.path, show(ours))
            });
        }
    }
    if !doc.has_dtg
        && (rec.id.is_some() || rec.year.is_some())
        && rec.created.is_none()
        && !rec.diagnostics.iter().any(|d| d.field == "id")
    {
        r.undiagnosed_inferences.push(label.clone());
    }
    if let Some(t) = src
        .created
        .as_deref()
        .and_then(|c| c.get(..4)?.parse::<i32>().ok())
    {
        r.year_all.check(rec.year == Some(t), || {
            format!(
                "{label}: expected {t}, got {} ({})",
                rec.year.map_or("-".to_string(), |y| y.to_string()),
                show(rec.id.as_deref())
            )
        });
    }
    if doc.has_dtg
        && let Some(t) = src.created.as_deref()
    {
        let day = |c: &str| c.get(..10).map(str::to_string);
        r.created_day
            .check(rec.created.as_deref().and_then(day) == day(t), || {
                format!(
                    "{label}: expected {t}, got {}",
                    show(rec.created.as_deref())
                )
            });
        if rec.form == Form::CsvRow {
            r.created_minute_csv
                .check(rec.created.as_deref() == Some(t), || {
                    format!(
                        "{label}: expected {t}, got {}",
                        show(rec.created.as_deref())
                    )
                });
        }
    }
    if let Some(t) = src.origin.as_deref() {
        let ours = rec.origin.as_ref().and_then(|o| o.name.as_deref());
        r.origin.check(ours == Some(t), || {
            format!("{label}: expected {t}, got {}", show(ours))
        });
    }
    if let Some(t) = src.classification.as_deref() {
        let msg = || {
            format!(
                "{label}: expected {t}, got {} (line {:?})",
                show(rec.classification.as_deref()),
                rec.classification_line
            )
        };
        r.classification
            .check(rec.classification.as_deref() == Some(t), msg);
        if rec.classification.as_deref() != Some(t) {
            if std::env::var_os("CABLESCOPE_ACCURACY_MISSES").is_some() {
                println!(
                    "miss {label}: {t} -> {:?} [{}]",
                    rec.classification,
                    miss_kind(t, rec, truth_id.as_deref())
                );
            }
            *r.classification_misses
                .entry(miss_kind(t, rec, truth_id.as_deref()))
                .or_default() += 1;
        }
        if label_supported(t, rec) {
            r.classification_supported
                .check(rec.classification.as_deref() == Some(t), msg);
        } else {
            r.classification_unsupported += 1;
        }
    }
    if let (Some(t), Some(f)) = (src.classification.as_deref(), LabelFacts::of(rec)) {
        let candidates = label_convention_candidates();
        if r.conventions.is_empty() {
            r.conventions = CONVENTIONS
                .iter()
                .map(|c| (c.rule.to_string(), true, 0, 0))
                .chain(candidates.iter().map(|c| (c.0.to_string(), false, 0, 0)))
                .collect();
        }
        let n = CONVENTIONS.len();
        for (i, c) in CONVENTIONS.iter().enumerate() {
            if c.applies(&f) {
                r.conventions[i].2 += 1;
                r.conventions[i].3 += usize::from(c.followed_by(t));
            }
        }
        for (i, (_, applies, follows)) in candidates.iter().enumerate() {
            if applies(&f, rec) {
                r.conventions[n + i].2 += 1;
                r.conventions[n + i].3 += usize::from(follows(t));
            }
        }
    }
    if let Some(t) = src.subject.as_deref() {
        let ours = rec.subject.as_deref().unwrap_or("");
        r.subject.check(subject_matches(t, ours), || {
            format!("{label}: expected {t:?}, got {ours:?}")
        });
    }
    if rec.form == Form::WikileaksPage {
        let truth = tag_links(&src.tags);
        let mut ours = tag_links(&rec.tags);
        if truth.is_empty() {
            // The page linked no TAGS at all: no ground truth to compare with.
            if !ours.is_empty() {
                r.tags_unlinked_pages += 1;
            }
        } else {
            // Only the TAGS keyword's own line is linked: our tags from
            // continuation lines have no ground truth (like the csv's
            // references after blank lines) and are not counted as wrong.
            let line = tags_keyword_line(&rec.text);
            let before = ours.len();
            ours.retain(|t| truth.contains(t) || line.as_ref().is_some_and(|l| l.contains(t)));
            r.tags_unlinked_continuation += before - ours.len();
            r.tags.check(&label, &truth, &ours);
        }
    }
    if rec.form == Form::CsvRow {
        let ours: Vec<String> = rec
            .references
            .iter()
            .filter(|x| x.kind == RefKind::Cable)
            .filter_map(|x| x.id.clone())
            .collect();
        let truth: Vec<String> = src
            .references
            .iter()
            .filter_map(|x| canonical_id(x))
            .filter(|x| Some(x) != truth_id.as_ref())
            .map(|x| year_before_for_higher_serial(truth_id.as_deref(), x, &ours))
            .map(|x| fold_post_name(&x))
            .collect();
        let ours: Vec<String> = ours.iter().map(|x| fold_post_name(x)).collect();
        let text_only: Vec<String> = match &doc.text_only_refs {
            Some(t) => t.iter().map(|x| fold_post_name(x)).collect(),
            None => ours.clone(),
        };
        r.references_text_only.check(&label, &truth, &text_only);
        r.references.check(&label, &truth, &ours);
        if rec.id.is_some() && rec.id == truth_id {
            r.references_dated.check(&label, &truth, &ours);
        }
    }
}

/// The csv `references` column names every post by one name
/// (`04AITTAIPEI3626`, `03KOLKATA516`), where the release's ids and ours use
/// the post's name of the time as the cable wrote it (`04TAIPEI3626`,
/// `03CALCUTTA516`). References are compared with the post's other names
/// folded into the table's id, on both sides.
fn fold_post_name(id: &str) -> String {
    let Some(p) = cablescope_format::release::split_plain(id) else {
        return id.to_string();
    };
    match cablescope_format::tables::origins().resolve_squeezed(&p.post) {
        Some(e) => format!("{}{}{}", p.yy, e.id, p.serial),
        None => id.to_string(),
    }
}

/// The csv `references` column gives a reference written without a year
/// the citing cable's year, also where the reference is to the citing
/// cable's own post with a higher serial: serials restart every year, so
/// such a cable is of the year before (in ../shared/corpus the release holds
/// 157 of them for the year before and 22 for the citing year). Where ours
/// has the year before, the column's entry is read as that one.
fn year_before_for_higher_serial(citing: Option<&str>, truth: String, ours: &[String]) -> String {
    let split = |id: &str| -> Option<(u32, String, u64)> {
        let p = cablescope_format::release::split_plain(id)?;
        Some((p.yy.parse().ok()?, p.post, p.serial))
    };
    let (Some((cy, cpost, cserial)), Some((ty, tpost, tserial))) =
        (citing.and_then(split), split(&truth))
    else {
        return truth;
    };
    if ty == cy && tpost == cpost && tserial > cserial {
        let before = format!("{:02}{tpost}{tserial}", (cy + 99) % 100);
        if ours.contains(&before) {
            return before;
        }
    }
    truth
}

/// What the text says against an archive label we did not give.
fn miss_kind(label: &str, rec: &Record, truth_id: Option<&str>) -> &'static str {
    let level = |l: &str| l.split("//").next().unwrap_or("").to_string();
    let ours = rec.classification.as_deref().unwrap_or("");
    // The page or row holds another cable's text: its first line names
    // another serial than the archive's id.
    if let (Some(t), Some(id)) = (truth_id, rec.id.as_deref())
        && let (Some(a), Some(b)) = (
            cablescope_format::release::split_plain(t),
            cablescope_format::release::split_plain(id),
        )
        && a.serial != b.serial
    {
        return "the text is another cable's (its first line names another serial)";
    }
    if ours.is_empty() {
        return "no classification read";
    }
    if level(label) != level(ours) {
        return "the label's level differs from the banner's";
    }
    if !label_supported(label, rec) {
        return "the label's caveat has no trace in the text";
    }
    let written_noforn = rec.captions.iter().any(|c| c == "NOFORN")
        || rec
            .classification_line
            .as_deref()
            .is_some_and(|l| l.replace(' ', "").contains("NOFORN"));
    if written_noforn && !label.ends_with("//NOFORN") {
        return "NOFORN is written, the label has none";
    }
    if ours.ends_with("FOR OFFICIAL USE ONLY") && !label.ends_with("FOR OFFICIAL USE ONLY") {
        return "the SENSITIVE caption is written, the label is plain";
    }
    if rec
        .captions
        .iter()
        .any(|c| c == "SENSITIVE BUT UNCLASSIFIED")
    {
        return "a SENSITIVE BUT UNCLASSIFIED line (convention rejected: see below)";
    }
    "other"
}

/// A label convention measured and not adopted: (rule, applies, the label follows it).
type Candidate = (
    &'static str,
    fn(&LabelFacts, &Record) -> bool,
    fn(&str) -> bool,
);

/// Label conventions measured against the archive's labels and rejected
/// for want of a clear majority (printed with their support beside the
/// adopted ones, `cablescope_format::text::label::CONVENTIONS`).
fn label_convention_candidates() -> [Candidate; 4] {
    fn classified(f: &LabelFacts) -> bool {
        matches!(
            f.level,
            Level::Confidential | Level::Secret | Level::TopSecret
        )
    }
    [
        (
            "a SENSITIVE BUT UNCLASSIFIED line (without the SENSITIVE caption) marks an unclassified cable FOR OFFICIAL USE ONLY",
            |f, rec| {
                !classified(f)
                    && !f.sensitive
                    && !f.noforn
                    && rec
                        .captions
                        .iter()
                        .any(|c| c == "SENSITIVE BUT UNCLASSIFIED")
            },
            |l| l == "UNCLASSIFIED//FOR OFFICIAL USE ONLY",
        ),
        (
            "a classified full copy with both NOFORN and the SENSITIVE caption is labelled without NOFORN",
            |f, _| classified(f) && f.noforn && f.sensitive && !f.partial_extract,
            |l| !l.ends_with("//NOFORN"),
        ),
        (
            "a classified full copy sent in sections with the SENSITIVE caption and no NOFORN is labelled NOFORN",
            |f, _| {
                classified(f) && f.sensitive && !f.noforn && f.sections > 1 && !f.partial_extract
            },
            |l| l.ends_with("//NOFORN"),
        ),
        (
            "a classified partial extract in one section with the SENSITIVE caption and no NOFORN is labelled NOFORN",
            |f, _| {
                classified(f) && f.sensitive && !f.noforn && f.sections == 1 && f.partial_extract
            },
            |l| l.ends_with("//NOFORN"),
        ),
    ]
}

fn read_pages(path: &Path) -> (Vec<Doc>, Vec<String>) {
    let file = File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut archive = tar::Archive::new(xz2::read::XzDecoder::new(BufReader::new(file)));
    // Split pages while streaming (the pages are large, their text is small), parse in parallel.
    let mut parts = Vec::new();
    for entry in archive.entries().expect("tar entries") {
        let mut entry = entry.expect("tar entry");
        let name = entry.path().expect("entry path").display().to_string();
        if !name.ends_with(".html") {
            continue;
        }
        let mut bytes = Vec::new();
        entry
            .read_to_end(&mut bytes)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let html = String::from_utf8_lossy(&bytes);
        parts.push((name, split_page(&html)));
    }
    let results: Vec<Result<Doc, String>> = parts
        .into_par_iter()
        .map(|(name, p)| {
            parse_guarded(&name, || {
                parse_parts(
                    &name,
                    Form::WikileaksPage,
                    p.header.as_deref(),
                    &p.body,
                    p.meta.clone(),
                )
            })
            .map(|rec| Doc {
                has_dtg: has_dtg(&rec.text),
                text_only_refs: None,
                rec,
            })
        })
        .collect();
    let mut docs = Vec::with_capacity(results.len());
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(d) => docs.push(d),
            Err(e) => errors.push(e),
        }
    }
    (docs, errors)
}

fn read_csv(path: &Path) -> (Vec<Doc>, Vec<String>) {
    let file = File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let reader = xz2::read::XzDecoder::new(BufReader::new(file));
    let mut docs = Vec::new();
    let mut errors = Vec::new();
    let mut rows = parse_cables_csv("cables.csv", reader);
    for n in 1.. {
        match parse_guarded(&format!("cables.csv record {n}"), || {
            rows.next().map_or_else(Default::default, |r| {
                // A row that could not be read: a record without source metadata names it.
                r.unwrap_or_else(|e| Record {
                    path: format!("cables.csv: {e}"),
                    ..Default::default()
                })
            })
        }) {
            Ok(rec) if rec.path.is_empty() => break,
            Ok(rec) if rec.source.is_none() => errors.push(rec.path),
            Ok(rec) => {
                docs.push(Doc {
                    has_dtg: has_dtg(&rec.text),
                    text_only_refs: text_only_refs(&rec),
                    rec,
                });
            }
            Err(e) => errors.push(e),
        }
    }
    (docs, errors)
}

#[test]
fn corpus_accuracy() {
    let Some(dir) = corpus_dir() else {
        println!(
            "SKIPPED: corpus directory not found (set CABLESCOPE_CORPUS or provide ../shared/corpus)"
        );
        return;
    };
    let html = dir.join("cablegate-html.tar.xz");
    let csv = dir.join("cables.csv.xz");
    if !html.is_file() || !csv.is_file() {
        println!("SKIPPED: {} or {} not found", html.display(), csv.display());
        return;
    }
    let t0 = std::time::Instant::now();
    let ((pages, page_errors), (rows, row_errors)) =
        rayon::join(|| read_pages(&html), || read_csv(&csv));
    let elapsed = t0.elapsed();

    let mut report = Report::default();
    for d in pages.iter().chain(rows.iter()) {
        compare(d, &mut report);
    }
    println!(
        "corpus: {} WikiLeaks pages, {} csv rows, read and parsed in {:.1?}",
        pages.len(),
        rows.len(),
        elapsed
    );
    println!(
        "{:<34} {:>9} {:>9} {:>9}",
        "field", "compared", "correct", "accuracy"
    );
    let rows_out: [(&str, &Stat); 11] = [
        ("id (text has DTG)", &report.id_dtg),
        ("id (no DTG, year inferred)", &report.id_no_dtg),
        ("id (all documents)", &report.id_all),
        ("release id as written (all)", &report.release_id_all),
        ("created year (all documents)", &report.year_all),
        ("created day (text has DTG)", &report.created_day),
        ("created minute (csv, has DTG)", &report.created_minute_csv),
        ("origin", &report.origin),
        ("classification", &report.classification),
        (
            "classification (label text-supported)",
            &report.classification_supported,
        ),
        ("subject (page shows it)", &report.subject),
    ];
    for (name, s) in rows_out {
        println!(
            "{name:<34} {:>9} {:>9} {:>8.2}%",
            s.compared,
            s.correct,
            100.0 * s.accuracy()
        );
    }
    for (name, s) in [
        ("tags", &report.tags),
        ("references (csv)", &report.references),
        ("  of which id read from the text", &report.references_dated),
        ("  text-only years", &report.references_text_only),
    ] {
        println!(
            "{name:<34} docs {:>6}  truth {:>6}  ours {:>6}  both {:>6}  precision {:.4}  recall {:.4}  F1 {:.4}",
            s.docs,
            s.truth,
            s.ours,
            s.both,
            s.precision(),
            s.recall(),
            s.f1()
        );
    }
    println!(
        "  tags not compared: {} pages with TAGS but no tag links, {} tags on unlinked TAGS continuation lines",
        report.tags_unlinked_pages, report.tags_unlinked_continuation
    );
    println!(
        "  classification labels the text does not support (ground-truth faults, see label_supported): {}",
        report.classification_unsupported
    );
    println!("\nclassification misses by what the text says:");
    for (kind, n) in &report.classification_misses {
        println!("  {n:>4}  {kind}");
    }
    println!(
        "ids or years without a date-time group and without a diagnostic naming their evidence: {}",
        report.undiagnosed_inferences.len()
    );
    println!(
        "\nlabel conventions (support in the archive's labels; adopted where a clear majority, 3 in 4, follows):"
    );
    for (rule, adopted, applies, follows) in &report.conventions {
        println!(
            "  {} {follows:>4} of {applies:>4} ({:>5.1}%): {rule}",
            if *adopted { "adopted " } else { "rejected" },
            100.0 * *follows as f64 / (*applies).max(1) as f64
        );
    }
    if let Some(dump) = std::env::var_os("CABLESCOPE_ACCURACY_DUMP") {
        let mut out = String::new();
        for (name, s) in rows_out {
            for e in &s.examples {
                out.push_str(&format!("{name}\t{e}\n"));
            }
        }
        for (name, s) in [
            ("tags", &report.tags),
            ("references (csv)", &report.references),
        ] {
            for e in &s.examples {
                out.push_str(&format!("{name}\t{e}\n"));
            }
            for e in &s.extra {
                out.push_str(&format!("{name} (extra)\t{e}\n"));
            }
        }
        std::fs::write(&dump, out).expect("write the mismatch dump");
        println!("all mismatches written to {}", Path::new(&dump).display());
    }
    for (name, s) in rows_out {
        if !s.examples.is_empty() {
            println!("\nmismatches, {name}:");
            for e in s.examples.iter().take(6) {
                println!("  {e}");
            }
        }
    }
    for (name, s) in [
        ("tags", &report.tags),
        ("references (csv)", &report.references),
    ] {
        if !s.examples.is_empty() {
            println!("\nmismatches, {name}:");
            for e in s.examples.iter().take(6) {
                println!("  {e}");
            }
        }
    }

    let errors: Vec<&String> = page_errors.iter().chain(row_errors.iter()).collect();
    if !errors.is_empty() {
        println!("\nunreadable documents or parser panics: {}", errors.len());
        for e in errors.iter().take(20) {
            println!("  {e}");
        }
    }

    let mut failed = Vec::new();
    if !report.undiagnosed_inferences.is_empty() {
        failed.push(format!(
            "ids or years inferred without a diagnostic: {:?}",
            &report.undiagnosed_inferences[..report.undiagnosed_inferences.len().min(10)]
        ));
    }
    if !errors.is_empty() {
        failed.push(format!("{} documents failed to parse", errors.len()));
    }
    // Two levels. The issue's targets are printed as met or MISSED and asserted
    // only with CABLESCOPE_ACCURACY_STRICT=1 (the issue is resolved only when
    // they all hold). The floors, measured when this test was written minus a
    // small margin, are always asserted: they keep the parser from regressing.
    let strict = std::env::var_os("CABLESCOPE_ACCURACY_STRICT").is_some();
    let report_only = std::env::var_os("CABLESCOPE_ACCURACY_REPORT_ONLY").is_some();
    let measures = [
        // (field, value, issue target, regression floor)
        ("id (text has DTG)", report.id_dtg.accuracy(), 0.998, 0.997),
        ("id (all documents)", report.id_all.accuracy(), 0.97, 0.965),
        (
            "created year (all documents)",
            report.year_all.accuracy(),
            0.97,
            0.965,
        ),
        ("created day", report.created_day.accuracy(), 0.995, 0.994),
        ("origin", report.origin.accuracy(), 0.995, 0.995),
        (
            "classification",
            report.classification.accuracy(),
            0.996,
            0.985,
        ),
        (
            "classification (label text-supported)",
            report.classification_supported.accuracy(),
            0.995,
            0.993,
        ),
        ("subject", report.subject.accuracy(), 0.995, 0.985),
        ("tags F1", report.tags.f1(), 0.99, 0.99),
        ("references recall", report.references.recall(), 0.97, 0.96),
        (
            "references recall, text-only years",
            report.references_text_only.recall(),
            0.90,
            0.90,
        ),
        (
            "references precision, text-only years",
            report.references_text_only.precision(),
            0.6663,
            0.6663,
        ),
    ];
    println!(
        "
| field | measured | issue target | status | regression floor |"
    );
    println!("| --- | ---: | ---: | --- | ---: |");
    for (name, value, target, floor) in measures {
        let status = if value >= target { "met" } else { "MISSED" };
        println!("| {name} | {value:.4} | {target} | {status} | {floor} |");
        if value < target && strict {
            failed.push(format!("{name}: {value:.4} < target {target}"));
        }
        if value < floor {
            failed.push(format!("{name}: {value:.4} < regression floor {floor}"));
        }
    }
    if report_only {
        if !failed.is_empty() {
            println!("not asserted (CABLESCOPE_ACCURACY_REPORT_ONLY is set): {failed:?}");
        }
        return;
    }
    assert!(
        failed.is_empty(),
        "accuracy below what is required: {failed:?}"
    );
}
