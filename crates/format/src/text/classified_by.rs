//! The classification authority: `Classified By: Ambassador Christopher
//! LaFleur for reasons 1.4 (b & d).`, `CLASSIFIED BY MICHELE J. SISON, DEPUTY
//! CHIEF OF MISSION, FOR REASONS 1.5 (B) AND (D).`

type HashSet<T> = std::collections::HashSet<T, crate::tables::FastHash>;
use std::sync::LazyLock;

use regex::Regex;

use crate::record::ClassifiedBy;

static START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:\(\s*[A-Z]{1,3}\s*\)\s*)?(?:CLASSIFI?I?E?D\s*BY|CLASSIFIED\s+BY|CLASSIFICATION\s+BY|CLASS\.?\s+BY|DERIVED\s+FROM)\b\s*[:.;-]?\s*").unwrap()
});
/// Where the name and title end: "for reason(s)", "reason(s)", "per", "E.O.", "1.4".
/// A keyword repeated after the first: `Classified By: 1. CLASSIFIED BY`, `Classfied By:`.
static REPEAT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:\d{1,2}\.\s*)?(?:\(\s*[A-Z]{1,3}\s*\)\s*)?(?:CLAS+I?F+I*E?D\s*BY)\b\s*[:.;-]?\s*").unwrap()
});
static END_OF_WHO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:[,.;:]?\s*\b(?:FOR\s+)?(?:THE\s+)?REASONS?\b|[,.;:]?\s*\bFOR\s+(?:REASONS?|RSNS?|RESONS?|REASONG?S?|REASN?S?|REAONS?|REASEONS?|E\.?\s?O\.?|SECTIONS?|1\.\d)\b|[,.;:]?\s*\bFOR\s+\(|[,.;:]?\s*\bPER\s+(?:E\.?\s?O|1\.\d|SECTION)|[,.;:]?\s*\bUNDER\s+(?:E\.?\s?O|SECTION|1\.\d)|[,.;:]?\s*\bE\.?\s?O\.?\s*1[23]\d{3}|[,.;:]?\s*\b1\.[3-6]\s*\(?[A-H]\b|[,.;:]?\s*\bRSNS?\b|\bDECLASSIFY\b|\bDECL\b|[,.;:]?\s*\bR(?:E?A|E)S[O0]NS?\b|[,.;:]?\s*\b(?:FOR|FR|F0R)\s+(?:FOR\s+)?(?:R[EA]|12958|\d)|[,.;:]?\s*\bBASED\s+(?:ON|UPON|[O0]N)\b|[,.;:]?\s*\bDUE\s+TO\b|[,.;:]\s*1\.\d|\s*\(\s*acting\s*\)|\s*$)").unwrap()
});
static REASON_SECTION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b1\s?\.\s?([3-6])\b").unwrap());
static LETTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[\s,;&/+.]*(?:AND\s+|&\s*)?\(?\s*([A-H])\s*\)?(?:[^A-Z]|$)").unwrap()
});

/// Whether a line starts a classified-by field.
pub fn is_classified_by_line(line: &str) -> bool {
    START.is_match(line)
}

/// Words that belong to a title or an office, never to a person's name.
const TITLE_WORDS: &[&str] = &[
    "ACTING",
    "AMBASSADOR",
    "AMB",
    "AMBASSADOR-AT-LARGE",
    "CHARGE",
    "CHARGE'",
    "D'AFFAIRES",
    "DAFFAIRES",
    "D'AFFAIRS",
    "AFFAIRES",
    "A.I.",
    "AI",
    "DCM",
    "CDA",
    "DEPUTY",
    "CHIEF",
    "OF",
    "MISSION",
    "POLITICAL",
    "POLITICAL/ECONOMIC",
    "POL/ECON",
    "ECON/POL",
    "POL-ECON",
    "ECONOMIC",
    "SECTION",
    "COUNSELOR",
    "COUNSELLOR",
    "MINISTER",
    "MINISTER-COUNSELOR",
    "CONSUL",
    "GENERAL",
    "CONSUL-GENERAL",
    "PRINCIPAL",
    "OFFICER",
    "POLOFF",
    "ECONOFF",
    "POLCOUNS",
    "ECONCOUNS",
    "POL",
    "ECON",
    "POLITICAL-ECONOMIC",
    "PUBLIC",
    "AFFAIRS",
    "AND",
    "FOR",
    "SECRETARY",
    "ASSISTANT",
    "UNDER",
    "DIRECTOR",
    "MANAGEMENT",
    "REGIONAL",
    "SECURITY",
    "DEFENSE",
    "ATTACHE",
    "MILITARY",
    "OFFICE",
    "HEAD",
    "THE",
    "US",
    "U.S.",
    "USG",
    "EMBASSY",
    "CONSULATE",
    "AMERICAN",
    "PERMANENT",
    "REPRESENTATIVE",
    "ALTERNATE",
    "DELEGATION",
    "DEL",
    "STATE",
    "DEPARTMENT",
    "DEPT",
    "BUREAU",
    "OFFICES",
    "EXECUTIVE",
    "SPECIAL",
    "SENIOR",
    "COORDINATOR",
    "ADVISOR",
    "ADVISER",
    "LEGAL",
    "INTERIM",
    "POLMIL",
    "POL-MIL",
    "POL/MIL",
    "COMMERCIAL",
    "AGRICULTURAL",
    "ENVIRONMENT",
    "SCIENCE",
    "TECHNOLOGY",
    "HEALTH",
    "ESTH",
    "LABOR",
    "ATTACHE,",
    "ECONOMIC/POLITICAL",
    "CHIEF,",
    "CONSULAR",
    "PAO",
    "PO",
    "CG",
    "DCG",
    "RSO",
    "DAO",
    "ODC",
    "MGT",
    "NEA",
    "EAP",
    "EUR",
    "AF",
    "WHA",
    "SCA",
    "INR",
    "ISN",
    "IO",
    "DRL",
    "PM",
    "EB",
    "EEB",
    "CA",
    "OES",
    "ACTG",
    "A/DCM",
    "A/POLCOUNS",
    "A/DCM,",
    "ECOPOL",
    "POLECON",
    "ECON/COMMERCIAL",
    "NSC",
    "POLITICAL-MILITARY",
    "TEAM",
    "LEADER",
    "PRT",
    "REO",
    "RPO",
    "IRAN",
    "WATCHER",
    "ACTING/DCM",
    "CHARGE'D'AFFAIRES",
    "CHARGED'AFFAIRES",
    "UNIT",
    "INTERESTS",
    "USINT",
    "PANEL",
    "CHAIRMAN",
    "GOVERNOR",
    "COMMANDER",
    "COLONEL",
    "COL",
    "GEN",
    "ADMIRAL",
    "NATO",
    "USNATO",
    "USEU",
    "UNVIE",
    "USUN",
    "OSCE",
    "USOSCE",
    "RESIDENT",
    "LEGATT",
    "ATTORNEY",
    "DIRECTOR,",
    "CHARGE,",
    "AMBASSADOR,",
    "DEPUTY,",
    "TO",
    "DIR",
    "MIN",
    "COUN",
    "COUNS",
    "OFF",
    "EMIN",
    "ECMIN",
    "ARSO",
    "PDAS",
    "DAS",
    "ECPO",
    "POLMINCONS",
    "MEMBER",
    "DELEGATE",
    "CONTROL",
    "ARMS",
    "ENVOY",
    "CONOFF",
    "USDEL",
    "GUIDE",
    "CLASSIFICATION",
    "BY",
    "AMB",
    "AI",
    "A.I.",
    "CG",
    "ISN",
    "SCA",
    "LEGATT",
    "DOS",
    "INTERAGENCY",
    "PROVINCIAL",
    "INSTITUTIONAL",
    "GOVERNANCE",
    "SPOKESMAN",
    "AGENCY",
    "ATTACHE",
    "CONSUL-GENERAL",
    "MINISTER-COUNSELOR",
    "E/P",
    "P/E",
    "A/DCM",
    "LTC",
    "COL",
    "MAJ",
    "CAPT",
    "LT",
    "CDR",
    "TDY",
    "DPO",
    "CONGEN",
    // Not names: classification lines and the corrected-copy note
    // ("CORRECTED COPY - CLASSIFIED BY LINE ADDED").
    "CONFIDENTIAL",
    "SECRET",
    "UNCLASSIFIED",
    "NOFORN",
    "SIPDIS",
    "PAGE",
    "LINE",
    "ADDED",
];

/// [`TITLE_WORDS`] as a set.
static TITLE_SET: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| TITLE_WORDS.iter().copied().collect());
/// The letters and digits of each of [`TITLE_WORDS`] (`A/DCM` -> `ADCM`).
static TITLE_LETTERS: LazyLock<HashSet<String>> = LazyLock::new(|| {
    TITLE_WORDS
        .iter()
        .map(|t| t.chars().filter(|c| c.is_alphanumeric()).collect())
        .collect()
});

fn is_title_word(w: &str) -> bool {
    let up = w
        .trim_matches(|c: char| {
            c == ',' || c == '.' || c == ':' || c == ';' || c == '(' || c == ')'
        })
        .to_uppercase();
    TITLE_SET.contains(up.as_str()) || up.contains('/')
}

/// The classification authority anywhere in a piece of text (a flattened
/// copy, a paragraph `1. CLASSIFIED BY ...`, a line `(U) Classified By: ...`):
/// the first classified-by keyword and what follows it.
pub fn find_classified_by(text: &str) -> Option<ClassifiedBy> {
    static ANYWHERE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)\b(?:CLASSI?F?I?I?E?D\s*BY|CLASSIFICATION\s+BY|CLASS\.?\s+BY|DERIVED\s+FROM)\b",
        )
        .unwrap()
    });
    let mut first = None;
    for m in ANYWHERE.find_iter(text) {
        let c = parse_classified_by(&text[m.start()..]);
        if c.as_ref().is_some_and(|c| c.name.is_some()) {
            return c;
        }
        if first.is_none() {
            first = c;
        }
    }
    first
}

/// Parse the classified-by text (keyword included, possibly over several lines).
pub fn parse_classified_by(text: &str) -> Option<ClassifiedBy> {
    let m = START.find(text)?;
    let joined = join_wrapped(&text[m.end()..]);
    // A repeated keyword ("Classified By: Classified by DCM ...", "(C) CLASSIFIED BY").
    let mut after_kw = joined.as_str();
    while let Some(k) = REPEAT.find(after_kw) {
        if k.end() == 0 {
            break;
        }
        after_kw = &after_kw[k.end()..];
    }
    // The field ends at a blank line (what follows is the body).
    let field = after_kw.split("\n\n").next().unwrap_or(after_kw);
    let flat: String = super::ws::join_words(field);
    let who_end = END_OF_WHO
        .find(&flat)
        .map(|e| e.start())
        .unwrap_or(flat.len());
    let mut who_end = who_end;
    if flat[who_end..].starts_with('.') {
        let last = flat[..who_end].rsplit(' ').next().unwrap_or("");
        let up = last.to_ascii_uppercase();
        if up == "JR" || up == "SR" || is_initial(&format!("{last}.")) {
            who_end += 1;
        }
    }
    let who = cut_sentence(&flat[..who_end])
        .trim()
        .trim_matches(|c: char| c == ',' || c == ';' || c == ':' || c == '-')
        .trim();
    let (name, title, agency) = split_who(who);
    let reasons = parse_reasons(&flat[who_end.min(flat.len())..]);
    let whole: String = super::ws::join_words(text);
    Some(ClassifiedBy {
        name,
        title,
        agency,
        reasons,
        text: whole,
    })
}

/// Join the lines of a field, mending words that a fixed-width line wrap cut
/// in two (`for re \nason`, `Hoyt Y \nee`, `AFFAIR \nS`). A blank line is kept
/// as `\n\n`; other line breaks become spaces.
fn join_wrapped(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::with_capacity(text.len());
    let mut blank = false;
    for (k, line) in lines.iter().enumerate() {
        let t = line.trim().trim_matches('\\').trim();
        if t.is_empty() {
            if !out.is_empty() {
                blank = true;
            }
            continue;
        }
        if out.is_empty() {
            out.push_str(t);
            continue;
        }
        if blank {
            out.push_str("\n\n");
            out.push_str(t);
            blank = false;
            continue;
        }
        // The previous line was wrapped at a fixed width when it is long.
        let prev_len = if k > 0 {
            lines[k - 1].trim_end().len()
        } else {
            0
        };
        let tail = out
            .rsplit(|c: char| c.is_whitespace())
            .next()
            .unwrap_or("")
            .to_string();
        let head: String = t.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
        let rest_of_head = &t[head.len()..];
        let glue = prev_len >= 50
            && !tail.is_empty()
            && !head.is_empty()
            && tail.chars().all(|c| c.is_ascii_alphabetic())
            && (rest_of_head.is_empty()
                || !rest_of_head.starts_with(|c: char| c.is_alphanumeric()))
            && {
                let both = format!("{tail}{head}").to_ascii_uppercase();
                let marker = matches!(
                    both.as_str(),
                    "REASON" | "REASONS" | "SECTION" | "FOR" | "AND" | "AFFAIRS" | "AFFAIRES"
                ) && !matches!(
                    head.to_ascii_uppercase().as_str(),
                    "REASON" | "REASONS" | "SECTION" | "FOR" | "AND" | "AFFAIRS" | "AFFAIRES"
                ) && !matches!(tail.to_ascii_uppercase().as_str(), "FOR" | "AND");
                // A name cut in two: "Y" + "ee", "Blah" + "a", "Richa" + "rd".
                let name_cut = tail.starts_with(|c: char| c.is_ascii_uppercase())
                    && head.len() <= 3
                    && head.chars().all(|c| c.is_ascii_lowercase())
                    && !matches!(
                        head.as_str(),
                        "and" | "for" | "per" | "of" | "on" | "to" | "in" | "by" | "the" | "a"
                    )
                    || (tail.starts_with(|c: char| c.is_ascii_uppercase())
                        && head == "a"
                        && rest_of_head.starts_with(','));
                marker || name_cut
            };
        if !glue {
            out.push(' ');
        }
        out.push_str(t);
    }
    out
}

/// Cut the name-and-title text at the end of its sentence: `Aubrey Carlson.
/// Reasons`, but not after an initial (`W.`) or an abbreviation (`Jr.`, `Dir.`).
fn cut_sentence(who: &str) -> &str {
    let mut search = 0;
    while let Some(p) = who[search..].find(". ") {
        let at = search + p;
        let word: String = who[..at]
            .rsplit(|c: char| c.is_whitespace() || c == '.')
            .next()
            .unwrap_or("")
            .to_string();
        let letters = word.chars().filter(|c| c.is_alphabetic()).count();
        let up = word.to_ascii_uppercase();
        let abbreviation = letters <= 2
            || matches!(
                up.as_str(),
                "JR" | "SR"
                    | "DIR"
                    | "AMB"
                    | "COUNS"
                    | "MIN"
                    | "GEN"
                    | "COL"
                    | "SEC"
                    | "III"
                    | "ADM"
                    | "AMBS"
                    | "ST"
                    | "MT"
                    | "DEPT"
                    | "ASST"
                    | "ACTG"
            );
        let next = who[at + 2..].trim_start();
        // A title or name may go on after an abbreviation; a sentence ends
        // before "Reasons", a paragraph number or a lowercase word.
        let sentence_next =
            next.starts_with(|c: char| c.is_lowercase() || c.is_ascii_digit() || c == '(');
        if !abbreviation && sentence_next {
            return &who[..at];
        }
        search = at + 2;
    }
    who
}

/// Split "Ambassador Christopher LaFleur" / "MICHELE J. SISON, DEPUTY CHIEF OF
/// MISSION" / "Charge d'Affaires, a.i., Arnold A. Chacon" into name, title
/// and agency. The name is the first run of name-like words after the title
/// words, in the first comma-separated part that has one.
fn split_who(who: &str) -> (Option<String>, Option<String>, Option<String>) {
    if who.is_empty() {
        return (None, None, None);
    }
    let who = who.replace('\\', "");
    // "d,Affaires" is "d'Affaires".
    let who = D_COMMA.replace_all(&who, "${1}'").into_owned();
    let mut parts: Vec<String> = Vec::new();
    for p in who
        .split([',', ';'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        // Name suffixes stay with the name: "THOMAS W. SIMONS, JR.".
        let up = p.trim_end_matches('.').to_ascii_uppercase();
        if matches!(up.as_str(), "JR" | "SR" | "II" | "III" | "IV")
            && let Some(last) = parts.last_mut()
        {
            last.push_str(", ");
            last.push_str(p);
            continue;
        }
        parts.push(p.to_string());
    }
    let mut agency = None;
    if parts.len() > 1 {
        let last = parts[parts.len() - 1].to_ascii_uppercase();
        if matches!(
            last.as_str(),
            "DOS" | "STATE" | "DEPARTMENT OF STATE" | "DEPT OF STATE" | "USDOS" | "DEPARTMENT"
        ) {
            agency = parts.pop();
        }
    }
    let mixed_case = who.chars().any(|c| c.is_ascii_lowercase());
    for (k, p) in parts.iter().enumerate() {
        if let Some((name, before)) = name_in(p, mixed_case) {
            let mut title: Vec<String> = Vec::new();
            if !before.is_empty() {
                title.push(before);
            }
            title.extend(
                parts
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| *j != k)
                    .map(|(_, x)| x.clone()),
            );
            let title = Some(title.join(", ")).filter(|t| !t.is_empty());
            return (Some(name), title, agency);
        }
    }
    (
        None,
        Some(parts.join(", ")).filter(|t| !t.is_empty()),
        agency,
    )
}

static D_COMMA: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b([dD]),\s?(?i:aff)").unwrap());

/// The name in one part of the who-text, and the title words before it.
fn name_in(part: &str, mixed_case: bool) -> Option<(String, String)> {
    // Tokens with their byte ranges; '/' and ':' separate tokens.
    let mut toks: Vec<(usize, usize)> = Vec::new();
    let mut start = None;
    for (i, c) in part.char_indices() {
        let sep = c.is_whitespace() || c == ':' || c == '/' || c == '?';
        match (sep, start) {
            (true, Some(s)) => {
                toks.push((s, i));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        toks.push((s, part.len()));
    }
    let n = toks.len();
    let mut best: Option<(String, String)> = None;
    let mut i = 0;
    while i < n {
        let t = &part[toks[i].0..toks[i].1];
        if !starts_name(t, mixed_case, i + 1 == n) {
            i += 1;
            continue;
        }
        let mut j = i;
        let mut full = 0;
        while j < n {
            let w = &part[toks[j].0..toks[j].1];
            let ok = if j == i {
                true
            } else {
                name_word(w, mixed_case, j + 1 == n)
            };
            if !ok {
                break;
            }
            if !is_initial(w) {
                full += 1;
            }
            j += 1;
            // A full word with a period ends the name ("TOM MCDONALD. CONFIDENTIAL").
            if w.ends_with('.') && !is_initial(w) && !is_suffix(w) && full > 0 {
                break;
            }
        }
        if full == 0 {
            i = j.max(i + 1);
            continue;
        }
        let _ = i;
        // After "TO"/"FOR" a place may stand before the name ("AMBASSADOR TO
        // SUDAN TIMOTHY CARNEY"): keep the last two full words and their initials.
        let mut first = i;
        let prev = if i > 0 {
            part[toks[i - 1].0..toks[i - 1].1].to_ascii_uppercase()
        } else {
            String::new()
        };
        if matches!(prev.as_str(), "TO" | "FOR" | "AND" | "OF") && full > 2 {
            let mut kept = 0;
            let mut k = j;
            while k > i {
                let w = &part[toks[k - 1].0..toks[k - 1].1];
                if !is_initial(w) && !is_suffix(w) {
                    if kept == 2 {
                        break;
                    }
                    kept += 1;
                }
                k -= 1;
            }
            first = k;
        }
        let name = part[toks[first].0..toks[j - 1].1]
            .trim()
            .trim_end_matches([',', '-'])
            .trim();
        let last = name.rsplit(' ').next().unwrap_or("");
        let name = if last.ends_with('.') && !is_initial(last) && !is_suffix(last) {
            name.trim_end_matches('.')
        } else {
            name
        };
        let before = part[..toks[first].0]
            .trim()
            .trim_end_matches(['-', ':', '/', '?'])
            .trim()
            .to_string();
        // A post followed by a number is a reference, not a name ("ADANA 222").
        let numbered = toks
            .get(j)
            .is_some_and(|t| part[t.0..t.1].starts_with(|c: char| c.is_ascii_digit()));
        if !numbered {
            best = Some((name.to_string(), before));
        }
        i = j;
    }
    best
}

/// Whether a word can start a name: capitalised, not a title word.
fn starts_name(w: &str, mixed_case: bool, last: bool) -> bool {
    if w.contains('.') && is_initial(w) && w.starts_with(|c: char| c.is_ascii_uppercase()) {
        return true;
    }
    w.chars().count() > 1
        && w.starts_with(|c: char| c.is_uppercase())
        && w.chars().any(char::is_alphabetic)
        && !is_title(w, mixed_case, last)
        && !is_suffix(w)
}

/// Whether a word goes on a name: capitalised, an initial, a suffix or a
/// particle (`de`, `van`), and not a title word.
fn name_word(w: &str, mixed_case: bool, last: bool) -> bool {
    if is_suffix(w) || is_initial(w) {
        return true;
    }
    let lw = w.to_ascii_lowercase();
    if matches!(
        lw.as_str(),
        "de" | "da" | "van" | "von" | "der" | "del" | "bin" | "al" | "el" | "la" | "le" | "di"
    ) {
        return true;
    }
    (w.starts_with(|c: char| c.is_uppercase()) || w.starts_with('0'))
        && w.chars().any(char::is_alphabetic)
        && !is_title(w, mixed_case, last)
}

fn is_initial(w: &str) -> bool {
    let b = w.as_bytes();
    (b.len() == 2 && (b[0].is_ascii_alphabetic() || b[0] == b'0') && b[1] == b'.')
        || (b.len() == 1 && b[0].is_ascii_uppercase())
        // "A.F."
        || (b.len() >= 4
            && b.chunks(2)
                .all(|c| c.len() == 2 && c[0].is_ascii_uppercase() && c[1] == b'.'))
}

fn is_suffix(w: &str) -> bool {
    matches!(
        w.trim_end_matches([',', '.']).to_ascii_uppercase().as_str(),
        "JR" | "SR" | "II" | "III" | "IV"
    )
}

/// Long title words that are often misspelt (`Ambassaor`, `Counselour`, `Direcotr`).
const FUZZY_TITLES: &[&str] = &[
    "AMBASSADOR",
    "COUNSELOR",
    "COUNSELLOR",
    "DIRECTOR",
    "DAFFAIRES",
    "AFFAIRES",
    "AFFAIRS",
    "MINISTER",
    "SECRETARY",
    "ASSISTANT",
    "POLITICAL",
    "ECONOMIC",
    "REPRESENTATIVE",
    "COORDINATOR",
    "PRINCIPAL",
    "OFFICER",
    "DEPUTY",
    "CHARGE",
    "ACTING",
    "CHIEF",
    "CONSUL",
    "GENERAL",
    "SECTION",
    "MISSION",
];

/// Whether a word belongs to a title or an office.
fn is_title(w: &str, mixed_case: bool, last: bool) -> bool {
    if w.contains('-') {
        return w
            .split('-')
            .any(|p| !p.is_empty() && is_title(p, mixed_case, last));
    }
    if is_title_word(w) {
        return true;
    }
    let letters: String = w
        .chars()
        .filter(|c| c.is_alphanumeric())
        .map(|c| {
            if c == '0' {
                'O'
            } else {
                c.to_ascii_uppercase()
            }
        })
        .collect();
    if letters.is_empty() {
        return true;
    }
    if TITLE_LETTERS.contains(letters.as_str()) {
        return true;
    }
    // An acronym in mixed-case text is an office ("ARSO Rich Verrier").
    let _ = last;
    if mixed_case
        && !w.contains('.')
        && letters.len() >= 2
        && w.chars()
            .filter(|c| c.is_alphabetic())
            .all(|c| c.is_ascii_uppercase())
        && !is_suffix(w)
    {
        return true;
    }
    FUZZY_TITLES.iter().any(|t| {
        let max = match t.len() {
            0..=4 => 0,
            5..=7 => 1,
            _ => 2,
        };
        letters.len() + max >= t.len()
            && letters.len() <= t.len() + max
            && max > 0
            && multiset_gap(letters.as_bytes(), t.as_bytes()) <= max
            && edit_distance(&letters, t) <= max
    })
}

/// A lower bound of [`edit_distance`]: the bytes of one string not matched
/// in the other, as multisets (each edit matches at most one more).
fn multiset_gap(a: &[u8], b: &[u8]) -> usize {
    let mut count = [0i32; 256];
    for &x in a {
        count[usize::from(x)] += 1;
    }
    for &x in b {
        count[usize::from(x)] -= 1;
    }
    // Each byte's surplus counted once (then cleared), from either side.
    let (mut more, mut fewer) = (0usize, 0usize);
    for &x in a.iter().chain(b) {
        let c = &mut count[usize::from(x)];
        if *c > 0 {
            more += c.unsigned_abs() as usize;
        } else {
            fewer += c.unsigned_abs() as usize;
        }
        *c = 0;
    }
    more.max(fewer)
}

/// Optimal string alignment distance (edits and adjacent transpositions).
fn edit_distance(a: &str, b: &str) -> usize {
    let a = a.as_bytes();
    let b = b.as_bytes();
    // One flat table, row-major: cell (i, j) at i * w + j.
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for i in 0..=a.len() {
        d[i * w] = i;
    }
    for (j, cell) in d[..w].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[(i - 1) * w + j] + 1)
                .min(d[i * w + j - 1] + 1)
                .min(d[(i - 1) * w + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * w + j - 2] + 1);
            }
            d[i * w + j] = v;
        }
    }
    d[a.len() * w + b.len()]
}

/// Reasons: `1.4 (b & d)` -> `["1.4(b)", "1.4(d)"]`.
pub fn parse_reasons(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for c in REASON_SECTION.captures_iter(text) {
        let section = format!("1.{}", &c[1]);
        let mut rest = &text[c.get(0).unwrap().end()..];
        // Letters follow: "(b) and (d)", "(B,D)", "b/d", "(b & d)", "B AND D".
        let mut letters: Vec<char> = Vec::new();
        let inner = rest.trim_start();
        if let Some(stripped) = inner.strip_prefix('(')
            && let Some(close) = stripped.find(')')
            && stripped[..close].len() > 1
            && stripped[..close]
                .chars()
                .filter(|c| c.is_ascii_alphabetic())
                .count()
                > 1
        {
            // "(b, d)" / "(b & d)" / "(B AND D)"
            let group = &stripped[..close];
            for tok in group.split(|c: char| !c.is_ascii_alphabetic()) {
                if tok.len() == 1 {
                    letters.push(tok.chars().next().unwrap().to_ascii_lowercase());
                }
            }
            rest = &stripped[close + 1..];
        }
        while let Some(l) = LETTER.captures(rest) {
            let ch = l[1].chars().next().unwrap().to_ascii_lowercase();
            letters.push(ch);
            let end = l.get(1).unwrap().end();
            rest = &rest[end..];
            rest = rest.strip_prefix(')').unwrap_or(rest);
            // Stop at a sentence end.
            if rest
                .trim_start()
                .starts_with(|c: char| c.is_ascii_alphabetic())
            {
                let t = rest.trim_start();
                let next: String = t.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
                if !(next.eq_ignore_ascii_case("AND") || next.len() == 1) {
                    break;
                }
            }
        }
        for l in letters {
            if ('a'..='h').contains(&l) {
                let r = format!("{section}({l})");
                if !out.contains(&r) {
                    out.push(r);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed() {
        let c = parse_classified_by(
            "Classified By: Ambassador Christopher LaFleur for reasons  \n1.4 (b & d).",
        )
        .unwrap();
        assert_eq!(c.name.as_deref(), Some("Christopher LaFleur"));
        assert_eq!(c.title.as_deref(), Some("Ambassador"));
        assert_eq!(c.reasons, ["1.4(b)", "1.4(d)"]);
        let c = parse_classified_by(
            "Classified By: Political Section Chief Mark D. Clark, reason 1.4 (b and d).",
        )
        .unwrap();
        assert_eq!(c.name.as_deref(), Some("Mark D. Clark"));
        assert_eq!(c.title.as_deref(), Some("Political Section Chief"));
        assert_eq!(c.reasons, ["1.4(b)", "1.4(d)"]);
    }

    #[test]
    fn varieties() {
        let c = parse_classified_by("CLASSIFIED BY DCM EARL IRVING. REASONS: 1.5 (B) AND (D).")
            .unwrap();
        assert_eq!(c.name.as_deref(), Some("EARL IRVING"));
        assert_eq!(c.reasons, ["1.5(b)", "1.5(d)"]);
        let c = parse_classified_by(
            "CLASSIFIED BY MICHELE J. SISON, DEPUTY CHIEF OF MISSION, FOR REASONS 1.5 (B) AND (D).",
        )
        .unwrap();
        assert_eq!(c.name.as_deref(), Some("MICHELE J. SISON"));
        assert_eq!(c.title.as_deref(), Some("DEPUTY CHIEF OF MISSION"));
        let c = parse_classified_by(
            "Classified By: Acting Deputy Chief of Mission Marc Wall for Reasons 1.4\n (b) and (d)",
        )
        .unwrap();
        assert_eq!(c.name.as_deref(), Some("Marc Wall"));
        assert_eq!(c.reasons, ["1.4(b)", "1.4(d)"]);
        assert_eq!(parse_reasons("1.4 b/d"), ["1.4(b)", "1.4(d)"]);
        assert_eq!(parse_reasons("1.4(B), (D)"), ["1.4(b)", "1.4(d)"]);
        assert_eq!(parse_reasons("1.4 (b,d)"), ["1.4(b)", "1.4(d)"]);
    }

    #[test]
    fn names_among_titles_and_typos() {
        let name = |t: &str| find_classified_by(t).and_then(|c| c.name);
        for (text, want) in [
            (
                "Classified By: Ambassaor Joseph LeBaron for reasons 1.4 (b and d).",
                "Joseph LeBaron",
            ),
            (
                "Classified By: Acting P/E Counsleor Jon Martinson, reasons 1.4 (b,d)",
                "Jon Martinson",
            ),
            (
                "Classified By: Political Minister-Counselor Christopher R. Davis for re \nason 1.4 (b/d)",
                "Christopher R. Davis",
            ),
            (
                "Classified By: Interagency Provincial Affairs Deputy Coordinator Hoyt Y \nee for reasons 1.4 (b) and (d)",
                "Hoyt Yee",
            ),
            (
                "1.  (U) CLASSIFIED BY THOMAS W. SIMONS, JR., AMBASSADOR.\nREASON:  1.5 (B), (C) AND (D).",
                "THOMAS W. SIMONS, JR.",
            ),
            (
                "Classified By: Ambassador Richard L. Baltimore, III. \nReasons: 1.4 (b) and (d).",
                "Richard L. Baltimore, III",
            ),
            (
                "Classified By: Charge d'Affaires, a.i., Arnold A. Chacon \n \n1.(C) Summary:  In his",
                "Arnold A. Chacon",
            ),
            (
                "1.  CLASSIFIED BY AMBASSADOR TO SUDAN TIMOTHY CARNEY.\nREASON 1.5(D).",
                "TIMOTHY CARNEY",
            ),
            (
                "1.  CLASSIFIED BY AF/C - MARY BETH LEONARD, REASON 1.5\n(D).",
                "MARY BETH LEONARD",
            ),
            (
                "Classified By: POL MIN COUN TOM COUNTRYMAN, REASON 1.5(B)&(D).",
                "TOM COUNTRYMAN",
            ),
            (
                "Classified By: ARSO Rich Verrier for reason 1.4 (d)",
                "Rich Verrier",
            ),
            (
                "Classified By: AMB:RCROCKER, Reasons 1.4 (b) and (c)",
                "RCROCKER",
            ),
            (
                "Classified By: Acting DCM/Ted Osius for reasons 1.4 (b and d)",
                "Ted Osius",
            ),
            (
                "Classified By: DCM ROBERT E. WHITEHEAD DUE TO 1,4 (C) AND (D).",
                "ROBERT E. WHITEHEAD",
            ),
            (
                "Classified By: CDA Roberto Powers a.y., Sea3on: Sectaons 9.Q (b+`ald$hd",
                "Roberto Powers",
            ),
            (
                "Classified By: Classified By: Ambbassador Donald E. Booth for \nReasons 1.4 (b) and (d)",
                "Donald E. Booth",
            ),
            (
                "Classified By: Pol-Mil Counselor A.F. Godfrey \n \nWill Not Break Silence...",
                "A.F. Godfrey",
            ),
            (
                "Classified By: ADANA 222 \nADANA 216 \n \nClassified by DCM Nancy McEldowney; reasons 1.4 b and d.",
                "Nancy McEldowney",
            ),
            (
                "CLASSIFIED BY AMBASSADOR TOM MCDONALD. \n CONFIDENTIAL \n \nPAGE 02 HARARE 03759 01 OF 03 111533Z",
                "TOM MCDONALD",
            ),
        ] {
            assert_eq!(name(text).as_deref(), Some(want), "{text}");
        }
        assert_eq!(name("CLASSIFIED BY SECTION 1.5 (B)\nAND (D)."), None);
        assert_eq!(edit_distance("DIRECOTR", "DIRECTOR"), 1);
    }
}
