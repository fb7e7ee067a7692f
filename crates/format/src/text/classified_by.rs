//! The classification authority: `Classified By: Ambassador Christopher
//! LaFleur for reasons 1.4 (b & d).`, `CLASSIFIED BY MICHELE J. SISON, DEPUTY
//! CHIEF OF MISSION, FOR REASONS 1.5 (B) AND (D).`

use std::sync::LazyLock;

use regex::Regex;

use crate::record::ClassifiedBy;

static START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:\(\s*[A-Z]{1,3}\s*\)\s*)?(?:CLASSIFI?I?E?D\s*BY|CLASSIFIED\s+BY|CLASSIFICATION\s+BY|CLASS\.?\s+BY|DERIVED\s+FROM)\b\s*[:.;-]?\s*").unwrap()
});
/// Where the name and title end: "for reason(s)", "reason(s)", "per", "E.O.", "1.4".
static END_OF_WHO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:[,.;:]?\s*\b(?:FOR\s+)?(?:THE\s+)?REASONS?\b|[,.;:]?\s*\bFOR\s+(?:REASONS?|RSNS?|RESONS?|REASONG?S?|REASN?S?|REAONS?|REASEONS?|E\.?\s?O\.?|SECTIONS?|1\.\d)\b|[,.;:]?\s*\bFOR\s+\(|[,.;:]?\s*\bPER\s+(?:E\.?\s?O|1\.\d|SECTION)|[,.;:]?\s*\bUNDER\s+(?:E\.?\s?O|SECTION|1\.\d)|[,.;:]?\s*\bE\.?\s?O\.?\s*1[23]\d{3}|[,.;:]?\s*\b1\.[3-6]\s*\(?[A-H]\b|[,.;:]?\s*\bRSNS?\b|\bDECLASSIFY\b|\bDECL\b|\s*$)").unwrap()
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
];

fn is_title_word(w: &str) -> bool {
    let up = w
        .trim_matches(|c: char| c == ',' || c == '.' || c == ':' || c == ';')
        .to_uppercase();
    let up = up.as_str();
    TITLE_WORDS.contains(&up)
        || up.contains('/')
        || (up.len() <= 3
            && up.chars().all(|c| c.is_ascii_uppercase())
            && !w.contains('.')
            && w.len() > 1
            && w == up
            && up != "JR")
}

/// Parse the classified-by text (keyword included, possibly over several lines).
pub fn parse_classified_by(text: &str) -> Option<ClassifiedBy> {
    let m = START.find(text)?;
    let joined: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let after_kw = START
        .find(&joined)
        .map(|k| &joined[k.end()..])
        .unwrap_or(&joined[m.end().min(joined.len())..]);
    let who_end = END_OF_WHO
        .find(after_kw)
        .map(|e| e.start())
        .unwrap_or(after_kw.len());
    let who = after_kw[..who_end]
        .trim()
        .trim_matches(|c: char| c == ',' || c == ';' || c == ':' || c == '-')
        .trim();
    let (name, title, agency) = split_who(who);
    let reasons = parse_reasons(&after_kw[who_end..]);
    Some(ClassifiedBy {
        name,
        title,
        agency,
        reasons,
        text: joined,
    })
}

/// Split "Ambassador Christopher LaFleur" / "MICHELE J. SISON, DEPUTY CHIEF OF
/// MISSION" / "DCM EARL IRVING" into name, title and agency.
fn split_who(who: &str) -> (Option<String>, Option<String>, Option<String>) {
    if who.is_empty() {
        return (None, None, None);
    }
    let mut agency = None;
    let parts: Vec<&str> = who
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let mut candidates: Vec<&str> = parts.clone();
    // Agencies written after the title: ", DOS", ", STATE", ", Department of State".
    if candidates.len() > 1 {
        let last = candidates[candidates.len() - 1].to_ascii_uppercase();
        if matches!(
            last.as_str(),
            "DOS"
                | "STATE"
                | "DEPARTMENT OF STATE"
                | "DEPT OF STATE"
                | "USDOS"
                | "DEPARTMENT"
                | "EMBASSY"
        ) {
            agency = Some(candidates.pop().unwrap().to_string());
        }
    }
    let title_score =
        |p: &str| -> usize { p.split_whitespace().filter(|w| is_title_word(w)).count() };
    if candidates.len() >= 2 {
        // "NAME, TITLE" or "TITLE, NAME": the part with fewer title words is the name.
        let (a, b) = (candidates[0], candidates[1..].join(", "));
        let (sa, sb) = (title_score(a), title_score(&b));
        let wa = a.split_whitespace().count();
        if sa == 0 && sb > 0 {
            return (Some(a.to_string()), Some(b), agency);
        }
        if sb == 0 && sa > 0 {
            return (Some(b), Some(a.to_string()), agency);
        }
        if sa < wa {
            // Title and name in the first part; the rest is more title.
            let (n, t) = split_title_name(a);
            let title = match t {
                Some(t) => Some(format!("{t}, {b}")),
                None => Some(b),
            };
            return (n, title, agency);
        }
        return (None, Some(candidates.join(", ")), agency);
    }
    let (n, t) = split_title_name(candidates.first().copied().unwrap_or(who));
    (n, t, agency)
}

/// "Political Section Chief Mark D. Clark" -> (name "Mark D. Clark", title "Political Section Chief").
fn split_title_name(s: &str) -> (Option<String>, Option<String>) {
    let words: Vec<&str> = s.split_whitespace().collect();
    // The name is the longest tail of non-title words.
    let mut k = words.len();
    while k > 0 && !is_title_word(words[k - 1]) {
        k -= 1;
    }
    // Then the title is everything before; but a title word inside the tail
    // ("CHARGE D'AFFAIRES A.I. JOHN SMITH") is handled by the scan above.
    let name = words[k..].join(" ");
    let title = words[..k].join(" ");
    let name = Some(name).filter(|n| !n.is_empty() && n.chars().any(|c| c.is_alphabetic()));
    let title = Some(title).filter(|t| !t.is_empty());
    (name, title)
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
}
