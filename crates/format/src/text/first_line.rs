//! The first text line: classification, section, post and serial
//! (`C O N F I D E N T I A L SECTION 01 OF 03 KUALA LUMPUR 001145`), and the
//! page-break and section-header lines that repeat it inside the body.

use std::sync::LazyLock;

use regex::Regex;

/// The first text line, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FirstLine {
    /// Classification as written (`C O N F I D E N T I A L`).
    pub classification: String,
    /// Caveats written on the line (`NOFORN`, `E F T O`, `SENSITIVE`).
    pub caveats: Vec<String>,
    /// Section number and count.
    pub section: Option<(u32, u32)>,
    /// Post name as written (`KUALA LUMPUR`), if any.
    pub post: Option<String>,
    /// Serial as written (`001145`), if any.
    pub serial: Option<String>,
    /// A two-digit year written before the post (`75 LIBREVILLE 1895`).
    pub yy: Option<String>,
}

const CLASS: &str = r"(?P<cls>U\s?N\s?C\s?L\s?A\s?S\s?S\s?I\s?F\s?I\s?E\s?D\s+L\s?I\s?M\s?I\s?T\s?E\s?D\s+O\s?F\s?F\s?I\s?C\s?I\s?A\s?L\s+U\s?S\s?E|C\s?O\s?N\s?F\s?I\s?D\s?E\s?N\s?T\s?I\s?A\s?L|S\s?E\s?C\s?R\s?E\s?T|T\s?O\s?P\s+S\s?E\s?C\s?R\s?E\s?T|U\s?N\s?C\s?L\s?A\s?S(?:\s?S\s?I\s?F\s?I\s?E\s?D)?|L\s?I\s?M\s?I\s?T\s?E\s?D\s+O\s?F\s?F\s?I\s?C\s?I\s?A\s?L\s+U\s?S\s?E)";
const CAVEATS: &str = r"(?P<cav>(?:\s*/{0,2}\s*(?:E\s?F\s?T\s?O|N\s?O\s?F\s?O\s?R\s?N|S\s?E\s?N\s?S\s?I\s?T\s?I\s?V\s?E|FOUO|SBU|NODIS|EXDIS|LIMDIS|STADIS|SPECAT|ROGER|CHEROKEE|SIPDIS)\b)*)";

static FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^\s*{CLASS}{CAVEATS}(?:\s+(?i:SECTION)\s+(?P<sec>\d{{1,3}})\s+(?i:OF)\s+(?P<of>\d{{1,3}}))?(?:\s+(?P<post>[A-Z][A-Z .'()&-]*?[A-Z.)]))?\s+(?P<serial>\d{{1,7}})\b"
    ))
    .unwrap()
});
/// A first line in any letter case (copies that were case-mangled:
/// `C o n f i d e n t i a l section 01 of 04 ankara 000348`), which must end in its serial.
static FIRST_ANY_CASE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^\s*{CLASS}{CAVEATS}(?:\s+SECTION\s+(?P<sec>\d{{1,3}})\s+OF\s+(?P<of>\d{{1,3}}))?(?:\s+(?P<post>[A-Z][A-Z .'()&-]*?[A-Z.)]))?\s+(?P<serial>\d{{3,7}})\s*$"
    ))
    .unwrap()
});
static CLASS_ONLY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^\s*{CLASS}{CAVEATS}\s*$")).unwrap());

/// Page-break line of the 2000s format: `KUALA LUMP 00001145  002 OF 003`.
static PAGE_BREAK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s*[A-Z][A-Z .'&()-]{0,14}?\s+0*\d{1,8}\s+\d{1,3}(?:\.\d{1,2})?\s+OF\s+\d{1,3}\s*$",
    )
    .unwrap()
});
/// Page-break line of the older format: `PAGE 02 CAPE T 00097 01 OF 03 182017Z`.
static OLD_PAGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:\s*\b(?:UNCLASSIFIED|CONFIDENTIAL|SECRET|LIMITED OFFICIAL USE)\s*)?\bPAGE\s+\d{2,3}\s+[A-Z][A-Z .'&-]{0,14}?\s+\d{3,6}\s+(?:\d{2}\s+OF\s+\d{2}\s+)?\d{6}Z\b\s*").unwrap()
});

/// Where a spaced classification starts inside a line.
static SPACED_CLASS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"C O N F I D E N T I A L|S E C R E T|U N C L A S S I F I E D").unwrap()
});

/// A first line standing inside another line of a damaged copy (`...,S E C
/// R E T STATE 030927 ""NOFORN ...`): the first letter-spaced classification
/// that reads as a first line with a post and a serial.
pub fn find_inside(text: &str) -> Option<FirstLine> {
    SPACED_CLASS.find_iter(text).find_map(|m| {
        let rest = &text[m.start()..];
        let line = rest.split('\n').next().unwrap_or(rest);
        parse_first_line(line).filter(|f| f.post.is_some() && f.serial.is_some())
    })
}

/// Read a first line. Returns `None` when the line is not one.
pub fn parse_first_line(line: &str) -> Option<FirstLine> {
    // Every reading starts (after white space) with a letter of a
    // classification (`C`, `T`, `S`, `U`, `L`; `O`, `E`, `N` with the first
    // letter dropped), the `c` of a `Cable dated:` preface, or a record
    // number or punctuation run onto it: most lines stop here.
    if !matches!(
        super::ws::trim_start(line).as_bytes().first(),
        Some(
            b'C' | b'T' | b'S' | b'U' | b'L' | b'O' | b'E' | b'N' | b'c' | b'0'
                ..=b'9' | b'.' | b'"' | b','
        )
    ) {
        return None;
    }
    let mut direct = None;
    if may_start_with_class(line)
        && may_hold_digit(line)
        && let Some(c) = FIRST.captures(line)
    {
        let mut f = first_line_of(&c);
        let end = c.get(0).map_or(0, |m| m.end());
        let end = year_before_post(&line[end..], &mut f).map_or(end, |n| end + n);
        trailing_caveats(&line[end..], &mut f);
        // `SECTION 01` read as post and serial: the real serial was run onto
        // the next field (`... ISLAMABAD 022025SIPDISNOFORN`); try the repair.
        if f.post.as_deref() != Some("SECTION") {
            return Some(f);
        }
        direct = Some(f);
    }
    let Some((fixed, tail)) = repair_spaced_class(line) else {
        return direct;
    };
    if !may_hold_digit(&fixed) {
        return direct;
    }
    let Some(c) = FIRST.captures(&fixed) else {
        return direct;
    };
    let mut f = first_line_of(&c);
    if let Some(m) = c.get(0) {
        year_before_post(&fixed[m.end()..], &mut f);
    }
    // Captions run onto the serial (`002766SIPDISNOFORN SIPDISE.O. ...`) are the line's.
    let mut rest = tail.as_str();
    'words: loop {
        rest = rest.trim_start();
        for w in RUN_ON {
            if let Some(r) = rest.strip_prefix(w) {
                if !f.caveats.iter().any(|c| c == w) {
                    f.caveats.push(w.to_string());
                }
                rest = r;
                continue 'words;
            }
        }
        break;
    }
    Some(f)
}

/// A first line ends in its serial: a line without a digit (`\d` is any
/// Unicode digit, so any non-ASCII byte may be one) is none.
fn may_hold_digit(line: &str) -> bool {
    line.bytes().any(|b| b.is_ascii_digit() || b >= 0x80)
}

/// A first line damaged at its start or end, as the archive's copies show it,
/// repaired: the first letter of the spaced classification doubled
/// (`C C O N F I D E N T I A L`, `SS E C R E T`) or dropped (`O N F I D E N T I A L`,
/// `E C R E T`), the first letter of an unspaced word doubled (`UUNCLAS`), a
/// record number or stray punctuation run onto it (`167579C O N F ...`,
/// `.C O N F ...`), the serial run onto the next field (`CAIRO 000549E.O. 12958`,
/// `002487SIPDIS`). Dropped letters are restored only in the letter-spaced form,
/// which does not occur in prose; the line must still parse as a first line.
/// Captions found run onto a first line's serial.
const RUN_ON: [&str; 3] = ["SIPDIS", "SENSITIVE", "NOFORN"];

/// Captions written after the serial on the first line
/// (`S E C R E T BOGOTA 000243 SIPDIS NOFORN`): the leading run of caption
/// words of the rest of the line.
fn trailing_caveats(rest: &str, f: &mut FirstLine) {
    const WORDS: [&str; 6] = ["SIPDIS", "SENSITIVE", "NOFORN", "EXDIS", "NODIS", "LIMDIS"];
    for w in rest.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '/')) {
        if w.is_empty() {
            continue;
        }
        let w = w.trim_matches(|c: char| matches!(c, '.' | ':' | '-' | '(' | ')' | '"' | '\''));
        if !WORDS.contains(&w) {
            break;
        }
        if !f.caveats.iter().any(|c| c == w) {
            f.caveats.push(w.to_string());
        }
    }
}

fn repair_spaced_class(line: &str) -> Option<(String, String)> {
    const SPACED: [&str; 3] = [
        "C O N F I D E N T I A L",
        "S E C R E T",
        "U N C L A S S I F I E D",
    ];
    const WORDS: [&str; 3] = ["UNCLAS", "CONFIDENTIAL", "SECRET"];
    let line_start = super::ws::trim_start(line);
    let mut t = line_start;
    // A copy's date preface run onto the line: `Cable dated:2005-09-17T12:29:00S E C R E T ...`.
    if t.get(..12)
        .is_some_and(|p| p.eq_ignore_ascii_case("cable dated:"))
        && let Some(rest) = t.get(31..)
    {
        t = rest;
    }
    let undigited =
        t.trim_start_matches(|c: char| c.is_ascii_digit() || matches!(c, '.' | '"' | ','));
    // A repair needs one of the letters that start the forms below (`C`, `S`,
    // `U`, or a spaced form without its first letter: `O`, `E`, `N`); without
    // one and without a preface cut, only a classification at the start remains.
    if !matches!(
        undigited.as_bytes().first(),
        Some(b'C' | b'S' | b'U' | b'O' | b'E' | b'N')
    ) && t.len() == line_start.len()
        && !may_start_with_class(t)
    {
        return None;
    }
    // Each repair below reads a space or the first letter again as the
    // second byte (`C O N`, `CC O N`, `O N F`, `UUNCLAS`, `S SECRET`).
    let u = undigited.as_bytes();
    let may_repair = u.len() >= 2 && (u[1] == b' ' || u[1] == u[0]);
    let fixed = SPACED
        .iter()
        .filter(|_| may_repair)
        .find_map(|full| {
            let first = &full[..1];
            let rest = &full[2..];
            if undigited.len() < t.len() && undigited.starts_with(full) {
                return Some(undigited.to_string());
            }
            // Doubled: `C C O N F ...`, `CC O N F ...`.
            if let Some(r) = undigited.strip_prefix(first) {
                let r = r.strip_prefix(' ').unwrap_or(r);
                if r.starts_with(full) {
                    return Some(r.to_string());
                }
            }
            // Dropped: `O N F I D ...` (the letters after the first, spaced).
            (undigited.starts_with(rest)
                && undigited[rest.len()..].starts_with(|c: char| !c.is_ascii_alphabetic()))
            .then(|| format!("{first} {undigited}"))
        })
        .or_else(|| {
            // Doubled in the unspaced words: `UUNCLAS MANAGUA 001002`.
            WORDS.iter().filter(|_| may_repair).find_map(|w| {
                let r = undigited.strip_prefix(&w[..1])?;
                let r = r.strip_prefix(' ').unwrap_or(r);
                r.starts_with(w).then(|| r.to_string())
            })
        });
    let changed = fixed.is_some() || t.len() < line_start.len();
    // Nothing repaired and no classification at the start: no first line,
    // whatever follows (most lines of a body end here, without a copy).
    if !changed && !may_start_with_class(t) {
        return None;
    }
    let fixed = fixed.unwrap_or_else(|| t.to_string());
    // The serial run onto the next field.
    let b = fixed.as_bytes();
    let cut = (1..b.len()).find(|&i| {
        b[i - 1].is_ascii_digit()
            && (RUN_ON.iter().any(|w| fixed[i..].starts_with(w)) || fixed[i..].starts_with("E.O."))
    });
    match cut {
        Some(i) => Some((fixed[..i].to_string(), fixed[i..].to_string())),
        None => changed.then_some((fixed, String::new())),
    }
}

/// Read a first line written in any letter case; it must end in the serial.
/// Classification and post are returned in capitals.
pub fn parse_first_line_any_case(line: &str) -> Option<FirstLine> {
    if !may_start_with_class_any_case(line) {
        return None;
    }
    let c = FIRST_ANY_CASE.captures(line)?;
    let mut f = first_line_of(&c);
    f.classification = f.classification.to_ascii_uppercase();
    f.post = f.post.map(|p| p.to_ascii_uppercase());
    f.caveats = caveats(
        &c.name("cav")
            .map_or("", |m| m.as_str())
            .to_ascii_uppercase(),
    );
    Some(f)
}

/// A two-digit year written before the post (`C O N F I D E N T I A L 75
/// LIBREVILLE 1895`) is read as a serial without a post: where the rest of
/// the line is the post and the serial, take them, the number being the
/// year. Returns how much of `rest` the post and serial took.
fn year_before_post(rest: &str, f: &mut FirstLine) -> Option<usize> {
    static POST_SERIAL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\s+(?P<post>[A-Z][A-Z .'()&-]*?[A-Z.)])\s+(?P<serial>\d{1,7})\b").unwrap()
    });
    if f.post.is_some() || f.serial.as_deref().is_none_or(|s| s.len() != 2) {
        return None;
    }
    let c = POST_SERIAL.captures(rest)?;
    f.yy = f.serial.take();
    f.post = Some(c["post"].trim().to_string());
    f.serial = Some(c["serial"].to_string());
    c.get(0).map(|m| m.end())
}

fn first_line_of(c: &regex::Captures<'_>) -> FirstLine {
    FirstLine {
        classification: c["cls"].to_string(),
        caveats: caveats(c.name("cav").map(|m| m.as_str()).unwrap_or("")),
        section: match (c.name("sec"), c.name("of")) {
            (Some(a), Some(b)) => a.as_str().parse().ok().zip(b.as_str().parse().ok()),
            _ => None,
        },
        post: c.name("post").map(|m| m.as_str().trim().to_string()),
        serial: c.name("serial").map(|m| m.as_str().to_string()),
        yy: None,
    }
}

/// A line holding only a classification (and caveats): `CONFIDENTIAL`.
pub fn parse_class_only(line: &str) -> Option<FirstLine> {
    if !may_start_with_class(line) {
        return None;
    }
    let c = CLASS_ONLY.captures(line)?;
    Some(FirstLine {
        classification: c["cls"].to_string(),
        caveats: caveats(c.name("cav").map(|m| m.as_str()).unwrap_or("")),
        section: None,
        post: None,
        serial: None,
        yy: None,
    })
}

/// A cheap necessary condition for [`CLASS`] at the start (after white
/// space): its first three letters (`CON`, `SEC`, `TOP`, `UNC`, `LIM`),
/// perhaps spaced, so that most lines skip the regexes.
fn may_start_with_class(line: &str) -> bool {
    let mut it = super::ws::trim_start(line).chars();
    // The next two letters of each word (`CON`, `SEC`, `TOP`, `UNC`, `LIM`),
    // each perhaps after one white-space character (`\s?`).
    let next: [char; 2] = match it.next() {
        Some('C') => ['O', 'N'],
        Some('T') => ['O', 'P'],
        Some('S') => ['E', 'C'],
        Some('U') => ['N', 'C'],
        Some('L') => ['I', 'M'],
        _ => return false,
    };
    next.iter().all(|&want| match it.next() {
        Some(c) if c.is_whitespace() => it.next() == Some(want),
        c => c == Some(want),
    })
}

/// [`may_start_with_class`] in any letter case (`ſ` folds to `s`).
fn may_start_with_class_any_case(line: &str) -> bool {
    let mut it = line.trim_start().chars();
    let second = match it.next() {
        Some('C' | 'c' | 'T' | 't') => 'o',
        Some('S' | 's' | 'ſ') => 'e',
        Some('U' | 'u') => 'n',
        Some('L' | 'l') => 'i',
        _ => return false,
    };
    let next = match it.next() {
        Some(c) if c.is_whitespace() => it.next(),
        c => c,
    };
    next.is_some_and(|c| c.to_ascii_lowercase() == second)
}

fn caveats(s: &str) -> Vec<String> {
    let squeezed: String = s
        .chars()
        .filter(|c| c.is_ascii_alphabetic() || *c == ' ' || *c == '/')
        .collect();
    // Each caveat and its letter-spaced form (`E F T O`).
    const WORDS: [(&str, &str); 13] = [
        ("EFTO", "E F T O"),
        ("NOFORN", "N O F O R N"),
        ("SENSITIVE", "S E N S I T I V E"),
        ("FOUO", "F O U O"),
        ("SBU", "S B U"),
        ("NODIS", "N O D I S"),
        ("EXDIS", "E X D I S"),
        ("LIMDIS", "L I M D I S"),
        ("STADIS", "S T A D I S"),
        ("SPECAT", "S P E C A T"),
        ("ROGER", "R O G E R"),
        ("CHEROKEE", "C H E R O K E E"),
        ("SIPDIS", "S I P D I S"),
    ];
    let mut out = Vec::new();
    if squeezed.len() < 3 {
        // Shorter than any caveat, spaced or not.
        return out;
    }
    for (word, spaced) in WORDS {
        if squeezed.contains(word) || squeezed.contains(spaced) {
            out.push(word.to_string());
        }
    }
    out
}

/// Whether a line looks like a first text line (used to end the envelope).
pub fn looks_like_first_line(line: &str) -> bool {
    (may_start_with_class(line) && (FIRST.is_match(line) || CLASS_ONLY.is_match(line)))
        || (may_start_with_class_any_case(line) && FIRST_ANY_CASE.is_match(line))
        || repair_spaced_class(line).is_some_and(|(f, _)| FIRST.is_match(&f))
}

/// Whether a line is a continuation-page header (either format).
pub fn is_page_break(line: &str) -> bool {
    let t = super::ws::trim(line);
    // Both forms start with a capital and end in a digit or the `Z` of a DTG.
    t.len() < 80
        && t.starts_with(|c: char| c.is_ascii_uppercase())
        && t.ends_with(|c: char| c.is_numeric() || c == 'Z')
        && (PAGE_BREAK.is_match(t)
            || OLD_PAGE
                .find(t)
                .is_some_and(|m| m.start() == 0 && m.end() == t.len()))
}

/// Find an older-format page header standing inside a line of text.
pub fn find_inline_old_page(line: &str) -> Option<std::ops::Range<usize>> {
    OLD_PAGE.find(line).map(|m| m.range())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_line_inside_a_damaged_line() {
        let f = find_inside("VZCZC\n18:58,09STATE30927,Secretary of State,\"S E C R E T STATE 030927 \"\"NOFORN ,,\"\"SIPDIS\n").unwrap();
        assert_eq!(f.post.as_deref(), Some("STATE"));
        assert_eq!(f.serial.as_deref(), Some("030927"));
        assert!(find_inside("THE S E C R E T OF IT").is_none());
    }

    #[test]
    fn decontrolled_limited_official_use() {
        let f =
            parse_first_line("UNCLASSIFIED LIMITED OFFICIAL USE SECTION 01 OF 09 ZAGREB  02038")
                .unwrap();
        assert_eq!(f.post.as_deref(), Some("ZAGREB"));
        assert_eq!(f.serial.as_deref(), Some("02038"));
        assert_eq!(f.section, Some((1, 9)));
        assert_eq!(
            crate::classification::Level::parse(&f.classification),
            Some(crate::classification::Level::Unclassified)
        );
    }

    #[test]
    fn caveats_after_the_serial() {
        let f = parse_first_line("S E C R E T BOGOTA 000243 SIPDIS NOFORN").unwrap();
        assert_eq!(f.serial.as_deref(), Some("000243"));
        assert_eq!(f.caveats, vec!["SIPDIS", "NOFORN"]);
        // Quotes of a flattened export around the words.
        let f = parse_first_line("S E C R E T STATE 030927 \"\"NOFORN ,,\"\"SIPDIS").unwrap();
        assert!(f.caveats.contains(&"NOFORN".to_string()));
        // Prose after the serial is no caveat.
        let f = parse_first_line("C O N F I D E N T I A L LIMA 002366 NOFORNIA").unwrap();
        assert!(f.caveats.is_empty());
    }

    #[test]
    fn serial_run_onto_captions_after_a_section() {
        let f = parse_first_line(
            "C O N F I D E N T I A L SECTION 01 OF 03 ISLAMABAD 022025SIPDISNOFORN SIPDISE.O. 12958: DECL: 11/14/2016",
        )
        .unwrap();
        assert_eq!(f.post.as_deref(), Some("ISLAMABAD"));
        assert_eq!(f.serial.as_deref(), Some("022025"));
        assert_eq!(f.section, Some((1, 3)));
        assert!(f.caveats.contains(&"NOFORN".to_string()));
    }

    #[test]
    fn first_lines() {
        let f = parse_first_line("C O N F I D E N T I A L SECTION 01 OF 03 KUALA LUMPUR 001145")
            .unwrap();
        assert_eq!(f.section, Some((1, 3)));
        assert_eq!(f.post.as_deref(), Some("KUALA LUMPUR"));
        assert_eq!(f.serial.as_deref(), Some("001145"));
        let f =
            parse_first_line("UNCLAS E F T O SECTION 01 OF 02 HO CHI MINH CITY 000123").unwrap();
        assert_eq!(f.caveats, vec!["EFTO"]);
        assert_eq!(f.post.as_deref(), Some("HO CHI MINH CITY"));
        let f = parse_first_line("S E C R E T NOFORN STATE 012345").unwrap();
        assert_eq!(f.caveats, vec!["NOFORN"]);
        assert!(parse_first_line("CONFIDENTIALITY IS KEY 12").is_none());
        assert!(parse_first_line("UNCLASSIFIED BUENOS AIRES 2481").is_some());
        // Copies that doubled or dropped the first letter, or ran a record number onto it.
        for (line, class, post) in [
            (
                "C C O N F I D E N T I A L SECTION 01 OF 02 MADRID 000779",
                "C O N F I D E N T I A L",
                "MADRID",
            ),
            (
                "CC O N F I D E N T I A L BUENOS AIRES 001008",
                "C O N F I D E N T I A L",
                "BUENOS AIRES",
            ),
            ("SS E C R E T MOSCOW 000226", "S E C R E T", "MOSCOW"),
            (
                "O N F I D E N T I A L SECTION 01 OF 04 PARIS 004247",
                "C O N F I D E N T I A L",
                "PARIS",
            ),
            ("E C R E T SANAA 000473", "S E C R E T", "SANAA"),
            (
                "167579C O N F I D E N T I A L LONDON 002197",
                "C O N F I D E N T I A L",
                "LONDON",
            ),
            (
                ".C O N F I D E N T I A L PANAMA 000829",
                "C O N F I D E N T I A L",
                "PANAMA",
            ),
            ("UUNCLAS MANAGUA 001002", "UNCLAS", "MANAGUA"),
            (
                "S E C R E T CAIRO 000549E.O. 12958: DECL: 03/29/2019",
                "S E C R E T",
                "CAIRO",
            ),
            (
                "C O N F I D E N T I A L ISLAMABAD 002487SIPDISE.O. 12958:",
                "C O N F I D E N T I A L",
                "ISLAMABAD",
            ),
        ] {
            let f = parse_first_line(line).unwrap_or_else(|| panic!("{line}"));
            assert_eq!(f.classification, class, "{line}");
            assert_eq!(f.post.as_deref(), Some(post), "{line}");
        }
        // A date preface run onto the line; captions run onto the serial.
        let f = parse_first_line(
            "Cable dated:2006-06-08T06:52:00S E C R E T SECTION 01 OF 04 ANKARA 003352SIPDISSIPDISNOFORNE.O. 12958: DECL",
        )
        .unwrap();
        assert_eq!(f.post.as_deref(), Some("ANKARA"));
        assert_eq!(f.caveats, vec!["SIPDIS", "NOFORN"]);
        let f = parse_first_line(
            "Cable dated:2009-11-23T14:44:00UNCLAS SECTION 01 OF 04 RIYADH 001557SENSITIVE SIPDISDOE FOR S2, SBU",
        )
        .unwrap();
        assert_eq!(f.caveats, vec!["SENSITIVE", "SIPDIS"]);
        // Unspaced words and prose are not repaired.
        assert!(parse_first_line("ECRET MOSCOW 000226").is_none());
        assert!(parse_first_line("E C R E TARY 12").is_none());
        assert!(parse_first_line("2009 CONFIDENTIAL MEETINGS 12").is_none());
        // `of` in lower case is still the section count, not a post named SECTION.
        let f = parse_first_line("CONFIDENTIAL SECTION 01 of 03 KUWAIT 000128").unwrap();
        assert_eq!(f.section, Some((1, 3)));
        assert_eq!(f.post.as_deref(), Some("KUWAIT"));
        assert_eq!(f.serial.as_deref(), Some("000128"));
    }

    #[test]
    fn first_line_any_case() {
        let f = parse_first_line_any_case("C o n f i d e n t i a l section 01 of 04 ankara 000348")
            .unwrap();
        assert_eq!(f.classification, "C O N F I D E N T I A L");
        assert_eq!(f.post.as_deref(), Some("ANKARA"));
        assert_eq!(f.section, Some((1, 4)));
        assert_eq!(f.serial.as_deref(), Some("000348"));
        let f = parse_first_line_any_case("S e c r e t state 015220").unwrap();
        assert_eq!(f.post.as_deref(), Some("STATE"));
        // Prose does not end in a serial.
        assert!(parse_first_line_any_case("Secret talks on 15 May were held").is_none());
    }

    #[test]
    fn page_breaks() {
        assert!(is_page_break("KUALA LUMP 00001145 002 OF 003"));
        assert!(is_page_break("DUBAI 00000049 001.2 OF 003"));
        assert!(is_page_break("PAGE 02 HARARE 05461 01 OF 02 271458Z"));
        assert!(!is_page_break("THE MEETING ENDED AT 2 OF 3"));
        assert!(
            find_inline_old_page(
                "THEY REALIZE  CONFIDENTIAL\nPAGE 03 HARARE 05461 01 OF 02 271458Z THAT"
            )
            .is_some()
        );
    }
}
