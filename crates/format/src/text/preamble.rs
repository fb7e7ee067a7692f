//! The preamble: the lines between the first text line and the first
//! paragraph: captions, passing lines, E.O., TAGS, SUBJECT, REF, Classified By.

use std::sync::LazyLock;

use regex::Regex;

use super::classified_by::is_classified_by_line;
use super::eo::is_eo_line;
use super::lines::Line;
use super::references::is_ref_line;
use super::tags::is_tags_line;

/// Which field a preamble line belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// A caption line (`SIPDIS`, `SENSITIVE`, `NOFORN`).
    Caption,
    /// A passing or attention line (`DEPARTMENT FOR EAP/MTS`).
    Passing,
    /// The E.O. line.
    Eo,
    /// The TAGS line(s).
    Tags,
    /// The SUBJECT line(s).
    Subject,
    /// The REF block.
    Ref,
    /// The Classified By line(s).
    ClassifiedBy,
    /// Anything else.
    Other,
}

/// The preamble, split into fields; each field keeps its raw text.
#[derive(Debug, Default)]
pub struct PreambleParse {
    /// (field, text of the field's lines joined with newlines, first line number)
    pub fields: Vec<(Field, String, usize)>,
    /// Index (into the given lines) where the body begins.
    pub end: usize,
}

static SUBJECT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\s*SUBJ(?:ECT)?\b\s*[:.]?\s*").unwrap());
static SERIES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:TOSEC|SECTO|PARTO|TOPAR|USDEL|TODEP|DEPTO|CODEL)\b").unwrap()
});
/// Inline field keywords that split a line holding several fields.
static INLINE_FIELD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\s(?:TAGS?\s*:|SUBJ(?:ECT)?\s*:|REFS?\s*:|CLASSIFIED\s+BY\s*:?)").unwrap()
});

/// Caption vocabulary: a line made only of these words is a caption line.
const CAPTION_WORDS: &[&str] = &[
    "SIPDIS",
    "SENSITIVE",
    "NOFORN",
    "NODIS",
    "EXDIS",
    "LIMDIS",
    "STADIS",
    "CHEROKEE",
    "ROGER",
    "SPECAT",
    "EXCLUSIVE",
    "FOR",
    "OFFICIAL",
    "USE",
    "ONLY",
    "BUT",
    "UNCLASSIFIED",
    "CORRECTED",
    "COPY",
    "NOT",
    "INTERNET",
    "DISTRIBUTION",
    "DISSENT",
    "AGREMENT",
    "DIRGEN",
    "MED",
    "CHANNEL",
    "EFTO",
    "FOUO",
    "EYES",
    "PROTECT",
    "ACCORDINGLY",
    "TERREP",
    "HANDLE",
    "AS",
    "SBU",
    "CODEL",
    "NOTAL",
    "INFORM",
    "CONSULS",
    "MINIMIZE",
    "CONSIDERED",
    "DECAPTIONED",
    "CAPTION",
    "REMOVED",
    "PLEASE",
    "PASS",
    "TO",
    "PARA",
    "TEXT",
    "ADDED",
    "-",
    "(",
    ")",
    "/",
    ",",
    ".",
    "CAPTIONED",
    "NIACT",
    "IMMEDIATE",
    "HOLD",
    "FBI",
    "WARNING",
    "ATTENTION",
    "PERSONAL",
    "EXDIS-",
    "SECSTATE",
    "STATE",
    "REL",
    "TO",
    "USA",
    "NATO",
    "ISAF",
    "AUS",
    "CAN",
    "GBR",
    "NZL",
    "ALSO",
    "DEPARTMENT",
    "DEPT",
    "OPERATIONS",
    "CENTER",
    "S/S-O",
    "BT",
];

/// Whether a line is a caption line.
pub fn is_caption_line(t: &str) -> bool {
    let t = t.trim();
    if t.is_empty() || t.len() > 80 {
        return false;
    }
    // (For ASCII text, whether it has a lower-case letter, without a copy.)
    let not_upper = if t.is_ascii() {
        t.bytes().any(|b| b.is_ascii_lowercase())
    } else {
        t != t.to_uppercase()
    };
    if not_upper {
        // A copy in mixed case (`Sipdis`, `Sensitive`): only lines made of
        // the distinctive caption words, which are not prose.
        const DISTINCT: [&str; 6] = ["SIPDIS", "SENSITIVE", "NOFORN", "NODIS", "EXDIS", "LIMDIS"];
        let up = t.to_uppercase();
        return up
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|w| !w.is_empty())
            .all(|w| DISTINCT.contains(&w));
    }
    if SERIES.is_match(t) {
        return true;
    }
    // Letter-spaced words ("C O R R E C T E D  C O P Y") are read squeezed.
    let normalized: std::borrow::Cow<'_, str> =
        if t.split(' ').filter(|w| !w.is_empty()).all(|w| w.len() == 1) {
            t.split("  ")
                .map(|w| w.replace(' ', ""))
                .collect::<Vec<_>>()
                .join(" ")
                .into()
        } else {
            t.into()
        };
    // The words, borrowed and read lazily: most lines fail at the first.
    let words = || {
        normalized
            .split(|c: char| c.is_whitespace() || c == ',' || c == '(' || c == ')')
            .filter(|w| !w.is_empty())
            .map(|w| w.trim_matches(|c: char| c == '.' || c == ':' || c == '-'))
            .filter(|w| !w.is_empty())
    };
    if words().next().is_none() {
        return false;
    }
    let key = [
        "SIPDIS",
        "SENSITIVE",
        "NOFORN",
        "NODIS",
        "EXDIS",
        "LIMDIS",
        "STADIS",
        "CHEROKEE",
        "ROGER",
        "SPECAT",
        "EFTO",
        "FOUO",
        "SBU",
        "CORRECTED",
        "DISSENT",
        "AGREMENT",
        "DIRGEN",
        "TERREP",
        "MINIMIZE",
        "NOTAL",
        "DECAPTIONED",
        "CAPTIONED",
    ];
    words().all(|w| CAPTION_WORDS.contains(&w)) && words().any(|w| key.contains(&w))
}

/// The captions a caption line carries (`SENSITIVE BUT UNCLASSIFIED`, `NOFORN`, `SIPDIS`).
pub fn captions_of(t: &str) -> Vec<String> {
    let up = t.trim().to_uppercase();
    let squeezed = if up
        .split(' ')
        .filter(|w| !w.is_empty())
        .all(|w| w.len() == 1)
    {
        up.split("  ")
            .map(|w| w.replace(' ', ""))
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        up.clone()
    };
    if SERIES.is_match(&squeezed) {
        return vec![squeezed.split_whitespace().collect::<Vec<_>>().join(" ")];
    }
    const PHRASES: [&str; 28] = [
        "SENSITIVE BUT UNCLASSIFIED",
        "FOR OFFICIAL USE ONLY",
        "NOT FOR INTERNET DISTRIBUTION",
        "CORRECTED COPY",
        "DISSENT CHANNEL",
        "AGREMENT CHANNEL",
        "DIRGEN CHANNEL",
        "MED CHANNEL",
        "EYES ONLY",
        "SPECAT EXCLUSIVE",
        "HANDLE AS SPECAT",
        "MINIMIZE CONSIDERED",
        "SIPDIS",
        "SENSITIVE",
        "NOFORN",
        "NODIS",
        "EXDIS",
        "LIMDIS",
        "STADIS",
        "CHEROKEE",
        "ROGER",
        "SPECAT",
        "EFTO",
        "FOUO",
        "SBU",
        "TERREP",
        "NOTAL",
        "DECAPTIONED",
    ];
    static FINDERS: LazyLock<Vec<memchr::memmem::Finder<'static>>> = LazyLock::new(|| {
        PHRASES
            .iter()
            .map(|p| memchr::memmem::Finder::new(p.as_bytes()))
            .collect()
    });
    let mut rest = squeezed.clone();
    let mut found: Vec<(usize, String)> = Vec::new();
    for (p, finder) in PHRASES.iter().zip(FINDERS.iter()) {
        while let Some(pos) = find_word(&rest, finder) {
            found.push((pos, p.to_string()));
            rest.replace_range(pos..pos + p.len(), &" ".repeat(p.len()));
        }
    }
    found.sort();
    found.into_iter().map(|(_, p)| p).collect()
}

fn find_word(hay: &str, needle: &memchr::memmem::Finder<'_>) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = needle.find(&hay.as_bytes()[from..]) {
        let s = from + i;
        let e = s + needle.needle().len();
        let before = s == 0 || !hay.as_bytes()[s - 1].is_ascii_alphanumeric();
        let after = e == hay.len() || !hay.as_bytes()[e].is_ascii_alphanumeric();
        if before && after {
            return Some(s);
        }
        from = s + 1;
    }
    None
}

/// Split captions run onto the end of another line (`TREASURY FOR OASIA SENSITIVE SIPDIS`):
/// the trailing run of caption words, which must hold SIPDIS.
fn split_trailing_captions(t: &str) -> Option<(&str, &str)> {
    const WORDS: [&str; 6] = ["SIPDIS", "SENSITIVE", "NOFORN", "EXDIS", "NODIS", "LIMDIS"];
    let mut cut = t.len();
    let mut sipdis = false;
    // Walk the words from the end.
    let mut rest = t.trim_end();
    while let Some((idx, ch)) = rest.char_indices().rev().find(|(_, c)| c.is_whitespace()) {
        let after = idx + ch.len_utf8();
        let word = &rest[after..];
        if !WORDS.contains(&word) {
            break;
        }
        sipdis |= word == "SIPDIS";
        cut = after;
        rest = rest[..idx].trim_end();
    }
    let head = t[..cut].trim_end();
    (sipdis && cut < t.len() && !head.is_empty()).then(|| (head, t[cut..].trim()))
}

/// A classification banner repeated below the first line with its caveats
/// (`CONFIDENTIAL NOFORN`, `SECRET//NOFORN`): its caveats are captions.
fn is_banner_with_caveats(t: &str) -> bool {
    super::first_line::parse_class_only(t).is_some_and(|f| f.caveats.iter().any(|c| c != "SIPDIS"))
}

/// Split captions run onto the start of another line (`NOFORN SIPDIS DEPT
/// FOR NEA`, `SIPDIS NOFORN STATE FOR EUR/RUS`): the leading run of caption
/// words, which must hold SIPDIS or NOFORN (words no prose starts with), and
/// the rest, which must be more than captions.
fn split_leading_captions(t: &str) -> Option<(&str, &str)> {
    const WORDS: [&str; 6] = ["SIPDIS", "SENSITIVE", "NOFORN", "EXDIS", "NODIS", "LIMDIS"];
    let mut cut = 0;
    let mut distinct = false;
    let mut rest = t;
    loop {
        let trimmed = rest.trim_start();
        let word_end = trimmed
            .find(|c: char| c.is_whitespace() || c == ',')
            .unwrap_or(trimmed.len());
        let word = &trimmed[..word_end];
        if word.is_empty() || !WORDS.contains(&word) {
            break;
        }
        distinct |= word == "SIPDIS" || word == "NOFORN";
        let consumed = t.len() - trimmed.len() + word_end;
        cut = consumed;
        rest = &t[consumed..];
    }
    let head = t[..cut].trim();
    let tail = t[cut..].trim_start_matches([' ', ',']).trim();
    // SENSITIVE alone starts prose too, but not a passing line
    // (`SENSITIVE DEPT FOR NEA/MAG`, `SENSITIVE EEB FOR CBA`).
    let distinct = distinct || (head == "SENSITIVE" && is_passing_shape(tail));
    (distinct && !head.is_empty() && !tail.is_empty() && !is_caption_line(tail))
        .then_some((head, tail))
}

/// Whether a line has the shape of a passing line: an office in capitals
/// (one or two words) followed by `FOR` or `PASS`, with office symbols
/// (`DEPT FOR NEA/MAG`, `USDOC PASS USTR`).
fn is_passing_shape(t: &str) -> bool {
    let words: Vec<&str> = t.split_whitespace().take(3).collect();
    let office = |w: &str| {
        w.len() <= 12
            && w.chars().any(|c| c.is_ascii_uppercase())
            && w.chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || "/&.-".contains(c))
    };
    // Offices are written as symbols: a short acronym, or a slash in the line (`NEA/MAG`).
    let symbols = t.contains('/');
    match words.as_slice() {
        [a, kw, ..] if office(a) && matches!(*kw, "FOR" | "PASS") => symbols || a.len() <= 6,
        [a, b, kw] if office(a) && office(b) && matches!(*kw, "FOR" | "PASS") => symbols,
        _ => false,
    }
}

/// The SUBJECT field anywhere in a text whose preamble could not be read (a
/// copy cut short and pasted again below, a database row run into it, a
/// TAGS field run onto the SUBJECT line: `TIP SUBJECT: ...`). Only a SUBJECT
/// line within four lines below a TAGS or E.O. line counts, so a subject
/// quoted in the body of a cable that has none is not taken; the field runs
/// to a blank line, another field, a caption or a paragraph (four lines at most).
pub fn subject_in_text(text: &str) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    let mut since_field: Option<usize> = None;
    for (i, raw) in lines.iter().enumerate() {
        let t = raw.trim();
        if t.is_empty() {
            continue;
        }
        if is_tags_line(t) || is_eo_line(t) {
            since_field = Some(0);
        }
        let Some(first) = subject_start(t) else {
            since_field = since_field.map(|n| n + 1).filter(|&n| n <= 4);
            continue;
        };
        if since_field.is_none() {
            continue;
        }
        let mut parts = vec![first];
        for next in lines[i + 1..].iter().map(|l| l.trim()).take(4) {
            if next.is_empty()
                || field_of(next).is_some()
                || is_caption_line(next)
                || next.starts_with(['¶', '('])
                || next.starts_with(|c: char| c.is_ascii_digit())
            {
                break;
            }
            parts.push(next);
        }
        let s = super::ws::join_words(&parts.join(" "));
        if !s.is_empty() {
            return Some(s);
        }
    }
    None
}

/// The text after `SUBJECT:` on a line that opens the field, perhaps after a
/// word or two run onto it from the TAGS line (`TIP SUBJECT: ...`).
fn subject_start(t: &str) -> Option<&str> {
    let mut rest = t;
    for _ in 0..3 {
        if let Some(m) = SUBJECT.find(rest)
            && m.as_str().contains(':')
            && subject_like(rest)
        {
            return Some(rest[m.end()..].trim());
        }
        let (word, after) = rest.split_once(' ')?;
        if word.is_empty() || word.len() > 6 || !word.bytes().all(|b| b.is_ascii_uppercase()) {
            return None;
        }
        rest = after.trim_start();
    }
    None
}

/// Whether a line opens a preamble field (E.O., TAGS, SUBJECT, REF, Classified By).
pub fn is_field_line(t: &str) -> bool {
    field_of(t).is_some()
}

fn field_of(t: &str) -> Option<Field> {
    // Each field's pattern starts (after white space, in any case) with its
    // keyword's first letter (`E.O.`, `TAGS`/`AGS:`, `SUBJECT` (`ſ` folds to
    // `s`), `REF`, `CLASSIFIED BY`/`DERIVED FROM`) or a portion mark's `(`.
    if !matches!(
        t.trim_start().chars().next(),
        Some(
            'e' | 'E'
                | 't'
                | 'T'
                | 'a'
                | 'A'
                | 's'
                | 'S'
                | 'ſ'
                | 'r'
                | 'R'
                | 'c'
                | 'C'
                | 'd'
                | 'D'
                | '('
        )
    ) {
        return None;
    }
    if is_eo_line(t) {
        Some(Field::Eo)
    } else if is_tags_line(t) && !t.trim_start().to_ascii_uppercase().starts_with("TAGSTER") {
        Some(Field::Tags)
    } else if SUBJECT.is_match(t) && subject_like(t) {
        Some(Field::Subject)
    } else if is_ref_line(t) {
        Some(Field::Ref)
    } else if is_classified_by_line(t) {
        Some(Field::ClassifiedBy)
    } else {
        None
    }
}

fn subject_like(t: &str) -> bool {
    let m = SUBJECT.find(t).unwrap();
    let word: String = t
        .trim_start()
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect::<String>()
        .to_ascii_uppercase();
    (word == "SUBJECT" || word == "SUBJ")
        && (m.as_str().contains(':')
            || m.as_str().contains('.')
            || t[m.end()..].starts_with(|c: char| c.is_uppercase()))
}

/// Split a line that holds several fields (`E.O. 12958: DECL: 01/07/2014 TAGS: PREL SUBJECT: ...`).
fn split_inline(t: &str) -> Vec<&str> {
    let mut cuts = vec![0];
    for m in INLINE_FIELD.find_iter(t) {
        // Cut after the leading white space (which may be a multi-byte character).
        let ws = m.as_str().chars().next().map_or(0, char::len_utf8);
        cuts.push(m.start() + ws);
    }
    cuts.push(t.len());
    cuts.windows(2)
        .map(|w| t[w[0]..w[1]].trim())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Read the preamble; `is_para_start` says whether a line starts the body.
pub fn parse_preamble(lines: &[Line], is_para_start: &dyn Fn(&str) -> bool) -> PreambleParse {
    let mut out = PreambleParse::default();
    let mut seen_field = false;
    let mut current: Option<Field> = None;
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i];
        let t = line.text.as_str();
        if line.is_blank() {
            // REF blocks may have blank lines between items; other fields end here.
            if current == Some(Field::Ref) {
                // The whole run of blank lines is passed at once (the next
                // line is the same for each of them).
                let next = lines[i..].iter().position(|l| !l.is_blank());
                if let Some(k) = next {
                    let n = lines[i + k].trim();
                    if looks_like_ref_item(n) && (!is_para_start(n) || is_lettered_cable_ref(n)) {
                        i += k;
                        continue;
                    }
                }
            }
            current = None;
            i += 1;
            continue;
        }
        let field = field_of(t);
        // `(C) PRETORIA 1310` inside a REF block is item C, not a paragraph marked (C).
        let ref_item = current == Some(Field::Ref) && is_lettered_cable_ref(t.trim());
        if field.is_none() && is_para_start(t) && !ref_item {
            break;
        }
        if let Some(f) = field {
            seen_field = true;
            let parts = if matches!(f, Field::Eo | Field::Tags) {
                split_inline(t)
            } else {
                vec![t]
            };
            for part in parts {
                let pf = field_of(part).unwrap_or(f);
                out.fields.push((pf, part.trim_end().to_string(), line.no));
                current = Some(pf);
            }
            i += 1;
            continue;
        }
        if let Some(
            f @ (Field::Subject | Field::Ref | Field::ClassifiedBy | Field::Tags | Field::Eo),
        ) = current
        {
            let continues = match f {
                Field::Tags => tags_continuation(t),
                Field::Eo => t.trim().len() < 40 && (t.contains("DECL") || t.contains('/')),
                Field::Subject => !is_caption_line(t) || t.trim().len() > 30,
                _ => true,
            };
            if continues {
                if let Some(last) = out.fields.last_mut() {
                    last.1.push('\n');
                    last.1.push_str(t.trim_end());
                }
                i += 1;
                continue;
            }
            current = None;
        }
        if is_caption_line(t) || is_banner_with_caveats(t) {
            out.fields
                .push((Field::Caption, t.trim().to_string(), line.no));
            i += 1;
            continue;
        }
        if !seen_field {
            // Before E.O./TAGS/SUBJECT: passing lines ("DEPARTMENT FOR EAP/MTS").
            // Copies that ran lines together end a passing line with the captions.
            if let Some((head, tail)) = split_trailing_captions(t.trim()) {
                out.fields.push((Field::Passing, head.to_string(), line.no));
                out.fields.push((Field::Caption, tail.to_string(), line.no));
                current = Some(Field::Passing);
                i += 1;
                continue;
            }
            // And captions run onto the start of one (`NOFORN SIPDIS DEPT FOR NEA`).
            if let Some((head, tail)) = split_leading_captions(t.trim()) {
                out.fields.push((Field::Caption, head.to_string(), line.no));
                out.fields.push((Field::Passing, tail.to_string(), line.no));
                current = Some(Field::Passing);
                i += 1;
                continue;
            }
            out.fields
                .push((Field::Passing, t.trim().to_string(), line.no));
            current = Some(Field::Passing);
            i += 1;
            continue;
        }
        break;
    }
    out.end = i;
    out
}

/// A lettered REF item naming a cable: `(C) PRETORIA 1310, (D) PRETORIA 1311`,
/// `(B) 05 STATE 1234`.
fn is_lettered_cable_ref(t: &str) -> bool {
    static ITEM: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\(?[A-Z]\)\s*(?:\d{2}|\d{4})?\s*[A-Z][A-Z .'-]{1,30}?\s+0*\d{1,7}\s*(?:[,;.]|$|\(|AND\b|NOTAL\b)").unwrap()
    });
    ITEM.is_match(t)
}

fn looks_like_ref_item(t: &str) -> bool {
    let b = t.as_bytes();
    let t2 = t.trim_start_matches('¶');
    let b2 = t2.as_bytes();
    (b2.len() > 2 && b2[0].is_ascii_uppercase() && (b2[1] == b'.' || b2[1] == b')'))
        || (b2.len() > 3 && b2[0] == b'(' && b2[1].is_ascii_uppercase() && b2[2] == b')')
        || (!b.is_empty()
            && t.len() < 60
            && t.split_whitespace().last().is_some_and(|w| {
                w.trim_end_matches([',', ';', '.'])
                    .bytes()
                    .all(|c| c.is_ascii_digit())
            }))
}

fn tags_continuation(t: &str) -> bool {
    let t = t.trim();
    if t.is_empty() || field_of(t).is_some() || t.len() > 80 {
        return false;
    }
    let words: Vec<&str> = t
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    words.iter().all(|w| {
        w.chars().all(|c| {
            c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-' || c == '_' || c == '.'
        })
    }) && words.len() <= 30
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn captions_run_onto_the_start_of_a_passing_line() {
        assert_eq!(
            split_leading_captions("NOFORN SIPDIS DEPT FOR NEA"),
            Some(("NOFORN SIPDIS", "DEPT FOR NEA"))
        );
        assert_eq!(
            split_leading_captions("SIPDIS NOFORN STATE FOR EUR/RUS"),
            Some(("SIPDIS NOFORN", "STATE FOR EUR/RUS"))
        );
        // SENSITIVE alone starts prose too; a line of captions only is no split.
        assert_eq!(
            split_leading_captions("SENSITIVE DISCUSSIONS WITH THE MFA"),
            None
        );
        assert_eq!(split_leading_captions("NOFORN SIPDIS"), None);
        assert_eq!(
            split_leading_captions("SENSITIVE DEPT FOR NEA/MAG; COMMERCE FOR NATE MASON"),
            Some(("SENSITIVE", "DEPT FOR NEA/MAG; COMMERCE FOR NATE MASON"))
        );
        assert_eq!(
            split_leading_captions("SENSITIVE INFORMATION FOR THE MFA"),
            None
        );
        assert!(is_banner_with_caveats("CONFIDENTIAL NOFORN"));
        assert!(!is_banner_with_caveats("CONFIDENTIAL"));
    }

    #[test]
    fn lettered_ref_items_are_not_marked_paragraphs() {
        assert!(is_lettered_cable_ref(
            "(C) PRETORIA 1310, (D) PRETORIA 1311"
        ));
        assert!(is_lettered_cable_ref("(B) 05 STATE 1234"));
        assert!(!is_lettered_cable_ref(
            "(C) THE AMBASSADOR MET THE MINISTER ON MAY 5 TO"
        ));
        let lines: Vec<Line> = [
            "REF: (A) PRETORIA 1985, (B) JOHANNESBURG 156,",
            "     (C) PRETORIA 1310, (D) PRETORIA 1311",
            "",
            "1.  (C) - ENTIRE TEXT",
        ]
        .iter()
        .enumerate()
        .map(|(i, t)| Line {
            no: i + 1,
            text: t.to_string().into(),
        })
        .collect();
        let is_para = |t: &str| t.starts_with("1.") || t.starts_with('(');
        let p = parse_preamble(&lines, &is_para);
        assert_eq!(p.fields.len(), 1);
        assert!(p.fields[0].1.contains("PRETORIA 1311"));
        assert_eq!(p.end, 3);
    }

    #[test]
    fn long_tags_continuation_line() {
        assert!(tags_continuation(
            "AF, CH, CO, FR, IR, IS, IZ, LE, LG, RS, SR, SU, YI"
        ));
    }

    #[test]
    fn captions_run_onto_a_passing_line() {
        assert_eq!(
            split_trailing_captions("TREASURY FOR OASIA:FPARODI AID/W FOR LAC/AA SENSITIVE SIPDIS"),
            Some((
                "TREASURY FOR OASIA:FPARODI AID/W FOR LAC/AA",
                "SENSITIVE SIPDIS"
            ))
        );
        assert_eq!(split_trailing_captions("DEPT FOR EUR SENSITIVE"), None);
        assert_eq!(split_trailing_captions("SIPDIS"), None);
    }

    #[test]
    fn split_inline_after_multibyte_space() {
        // U+2028 (LINE SEPARATOR) is white space of three bytes.
        assert_eq!(
            split_inline("E.O. 12958: N/A\u{2028}TAGS: PREL MX"),
            ["E.O. 12958: N/A", "TAGS: PREL MX"]
        );
        assert_eq!(split_inline("\u{2028}TAGS: PREL"), ["TAGS: PREL"]);
    }

    #[test]
    fn trailing_captions_after_multibyte_space() {
        assert_eq!(
            split_trailing_captions("TREASURY FOR OASIA SENSITIVE SIPDIS"),
            Some(("TREASURY FOR OASIA", "SENSITIVE SIPDIS"))
        );
        assert_eq!(
            split_trailing_captions("X\u{a0}SIPDIS"),
            Some(("X", "SIPDIS"))
        );
        assert_eq!(split_trailing_captions("\u{2028}\u{a0}"), None);
    }

    #[test]
    fn subject_anywhere_below_tags() {
        // A copy cut short, then the full text pasted below a database row.
        let t = "S E C R E T KABUL 002004\n\nE.O. 12958: DE...\n\",\n112974,2007-06-21\nE.O. 12958: DECL: 06/21/2017\nTAGS: MOPS PGOV AF\nSUBJECT: PRT URUZGAN - THE FIGHT\nFOR CHORA\n\nREF: A. KABUL 1971\n";
        assert_eq!(
            subject_in_text(t).as_deref(),
            Some("PRT URUZGAN - THE FIGHT FOR CHORA")
        );
        // TAGS run onto the SUBJECT line.
        let t =
            "TAGS: PGOV PREL SOCI BR TIP\nTIP SUBJECT: BRAZIL'S LANDLESS MOVEMENT\n\n1. (U) Text.";
        assert_eq!(
            subject_in_text(t).as_deref(),
            Some("BRAZIL'S LANDLESS MOVEMENT")
        );
        let t = "Tags: ovip, prel,\netra, ch\nSubject: deputy secretary's meeting\n\n1. text";
        assert_eq!(
            subject_in_text(t).as_deref(),
            Some("deputy secretary's meeting")
        );
        // A subject quoted in a body far from any TAGS line is not taken.
        let t = "TAGS: PREL\n\n1. (C) Text.\n2. Text.\n3. Text.\n4. Text.\n5. Text.\nSUBJECT: QUOTED REFTEL\n";
        assert_eq!(subject_in_text(t), None);
        assert_eq!(subject_in_text("SUBJECT: NO TAGS ABOVE\n"), None);
    }

    #[test]
    fn captions_in_mixed_case() {
        for t in ["Sipdis", "Sensitive", "Sensitive Sipdis", "sipdis"] {
            assert!(is_caption_line(t), "{t}");
        }
        assert_eq!(captions_of("Sensitive"), vec!["SENSITIVE"]);
        // Prose in mixed case is no caption line.
        for t in [
            "Sensitive issues",
            "For official use only by staff",
            "Handle",
        ] {
            assert!(!is_caption_line(t), "{t}");
        }
    }

    #[test]
    fn captions() {
        assert!(is_caption_line("SIPDIS"));
        assert!(is_caption_line("SENSITIVE BUT UNCLASSIFIED"));
        assert!(is_caption_line("NOFORN"));
        assert!(!is_caption_line("DEPARTMENT FOR EAP/MTS AND G/TIP"));
        assert_eq!(captions_of("SENSITIVE SIPDIS"), ["SENSITIVE", "SIPDIS"]);
        assert_eq!(
            captions_of("SENSITIVE BUT UNCLASSIFIED"),
            ["SENSITIVE BUT UNCLASSIFIED"]
        );
    }

    #[test]
    fn inline_fields() {
        assert_eq!(
            split_inline("E.o. 12958: decl: 01/07/2014 Tags: prel, pgov Subject: turkish p.m."),
            [
                "E.o. 12958: decl: 01/07/2014",
                "Tags: prel, pgov",
                "Subject: turkish p.m."
            ]
        );
    }
}
