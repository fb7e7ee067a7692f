//! The body: numbered paragraphs with portion marks, headings, the signature,
//! summary and comment blocks, and redaction runs.

use std::sync::LazyLock;

use regex::Regex;

use super::lines::Line;
use crate::diagnostic::Diagnostic;
use crate::record::{Block, Paragraph, Removed, Span};

static PARA_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?P<pil>¶\s*)?(?P<num>\d{1,3})\s*(?P<punct>[.)]|\s)\s*(?:(?P<mark>\(\s*[A-Z][A-Za-z/ -]{0,14}\)|(?:U|C|S|SBU|S/NF|C/NF|SBU/NF|LOU)\))\s*)?(?P<rest>.*)$").unwrap()
});
static MARK_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*\((?P<mark>U|C|S|TS|SBU|LOU|[CS]\s?/\s?/?\s?NF|SBU\s?/\s?NF|[CS]\s?/\s?/?\s?NOFORN|[CS]/REL [A-Z ,]+|SBU/REL [A-Z ,]+)\)\s+(?P<rest>\S.*)$").unwrap()
});
static UNDERLINE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*[-=_*]{3,}\s*$").unwrap());
/// A Markdown ATX heading (`#### Other Discussants`): the marks, then the text.
static MD_HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(#{1,6})[ \t]+([^\s#].*?)\s*#*\s*$").unwrap());
static SIGNATURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*([A-Z][A-Za-z'\-]*[A-Za-z](?:\s+[A-Z][A-Za-z'\-]*[A-Za-z]){0,2})\s*[#*]*\s*$")
        .unwrap()
});
static REDACTION: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"X{4,}(?:\s*X{4,})*").unwrap());
static SUMMARY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?is)\b(?:BEGIN\s+)?SUMMARY(?:\s+AND\s+(?:COMMENT|ACTION\s+REQUEST))?\s*[:.\-]\s*(.*?)\s*\bEND\s+(?:OF\s+)?SUMMARY\b").unwrap()
});
static COMMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?is)\b(?:BEGIN\s+)?COMMENT\s*[:.\-]\s*(.*?)\s*\bEND\s+(?:OF\s+)?COMMENT\b")
        .unwrap()
});

/// Words that end a cable but are not signatures.
const NOT_SIGNERS: &[&str] = &[
    "END",
    "SUMMARY",
    "END SUMMARY",
    "END COMMENT",
    "COMMENT",
    "UNQUOTE",
    "END QUOTE",
    "END TEXT",
    "BT",
    "NNNN",
    "CONFIDENTIAL",
    "SECRET",
    "UNCLASSIFIED",
    "UNCLAS",
    "LIMITED OFFICIAL USE",
    "NOFORN",
    "SIPDIS",
    "SENSITIVE",
    "THANKS",
    "REGARDS",
    "TEXT",
    "QUOTE",
    "ACTION REQUEST",
    "MINIMIZE CONSIDERED",
    "BEGIN TEXT",
    "END NOTE",
    "NOTE",
    "DECONTROLLED",
];

/// The body, read.
#[derive(Debug, Default)]
pub struct BodyParse {
    /// Paragraphs in order.
    pub paragraphs: Vec<Paragraph>,
    /// Signers' surnames.
    pub signers: Vec<String>,
    /// Summary and comment blocks.
    pub blocks: Vec<Block>,
    /// Repairs and uncertainties.
    pub diagnostics: Vec<Diagnostic>,
}

struct Start {
    n: Option<u32>,
    label: Option<String>,
    marking: Option<String>,
    rest: String,
}

fn normalize_mark(m: &str) -> String {
    m.trim_matches(|c| c == '(' || c == ')')
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_uppercase()
}

/// Whether a portion mark is plausible (`C`, `SBU`, `S/NF`, `U`), not a word in parentheses.
fn plausible_mark(m: &str) -> bool {
    let m = m.replace(' ', "");
    let head: String = m.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    matches!(
        head.as_str(),
        "U" | "C"
            | "S"
            | "TS"
            | "SBU"
            | "LOU"
            | "FOUO"
            | "UNCLASSIFIED"
            | "CONFIDENTIAL"
            | "SECRET"
            | "UNCLAS"
    ) && (m.len() == head.len()
        || m[head.len()..].starts_with('/')
        || m[head.len()..].starts_with('-'))
}

/// Parse the body lines (after the preamble) into paragraphs.
///
/// `ocr_pilcrow` is true when the copy marks paragraph numbers with `¶`,
/// which makes `15.` after `¶4.` an OCR slip for `¶5.`.
pub fn parse_body(lines: &[Line], removed: &mut Vec<Removed>) -> BodyParse {
    let mut out = BodyParse::default();
    let uses_pilcrow = lines.iter().filter(|l| l.trim().starts_with('¶')).count() >= 2;
    let mut last_n: u32 = 0;
    let mut current: Option<(Paragraph, Vec<String>)> = None;
    let mut prev_blank = true;
    let flush = |cur: &mut Option<(Paragraph, Vec<String>)>, out: &mut BodyParse| {
        if let Some((mut p, lines)) = cur.take() {
            let mut text = lines.join("\n");
            while text.ends_with('\n') {
                text.pop();
            }
            p.text = text;
            if !p.text.trim().is_empty() || p.n.is_some() || p.marking.is_some() {
                out.paragraphs.push(p);
            }
        }
    };
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i];
        let t = line.text.as_str();
        if line.is_blank() {
            if let Some((p, ls)) = current.as_mut() {
                if p.n.is_none() && p.marking.is_none() {
                    // Unnumbered blocks end at a blank line.
                    flush(&mut current, &mut out);
                } else if !ls.is_empty() {
                    ls.push(String::new());
                }
            }
            prev_blank = true;
            i += 1;
            continue;
        }
        // Markdown headings left by scraping (`#### Other Discussants`): a
        // short line after a blank line; the `#` marks go to `removed`.
        if prev_blank
            && let Some(c) = MD_HEADING.captures(t)
            && c[2].len() <= 100
        {
            flush(&mut current, &mut out);
            out.paragraphs.push(Paragraph {
                n: None,
                marking: None,
                text: c[2].to_string(),
                label: None,
                redactions: vec![],
            });
            removed.push(Removed {
                kind: "markdown_heading".into(),
                text: c[1].to_string(),
                line: Some(line.no),
            });
            i += 1;
            prev_blank = true;
            continue;
        }
        // Headings: a short line followed by an underline.
        if i + 1 < lines.len()
            && UNDERLINE.is_match(&lines[i + 1].text)
            && t.trim().len() <= 100
            && !UNDERLINE.is_match(t)
        {
            flush(&mut current, &mut out);
            out.paragraphs.push(Paragraph {
                n: None,
                marking: None,
                text: t.trim().to_string(),
                label: None,
                redactions: vec![],
            });
            removed.push(Removed {
                kind: "underline".into(),
                text: lines[i + 1].trim().to_string(),
                line: Some(lines[i + 1].no),
            });
            i += 2;
            prev_blank = true;
            continue;
        }
        if let Some(s) = paragraph_start(
            t,
            last_n,
            prev_blank,
            uses_pilcrow,
            &mut out.diagnostics,
            line.no,
        ) {
            flush(&mut current, &mut out);
            if let Some(n) = s.n {
                last_n = n;
            }
            let p = Paragraph {
                n: s.n,
                marking: s.marking,
                text: String::new(),
                label: s.label,
                redactions: vec![],
            };
            current = Some((p, vec![s.rest.trim_end().to_string()]));
            prev_blank = false;
            i += 1;
            continue;
        }
        match current.as_mut() {
            Some((_, ls)) => {
                // Blank lines inside a numbered paragraph are kept as one break.
                if ls.last().is_some_and(|l| l.is_empty())
                    && ls.len() >= 2
                    && ls[ls.len() - 2].is_empty()
                {
                    ls.pop();
                }
                ls.push(t.trim_end().to_string());
            }
            None => {
                current = Some((
                    Paragraph {
                        n: None,
                        marking: None,
                        text: String::new(),
                        label: None,
                        redactions: vec![],
                    },
                    vec![t.trim_end().to_string()],
                ));
            }
        }
        prev_blank = false;
        i += 1;
    }
    flush(&mut current, &mut out);
    // Collapse internal runs of blank lines to one.
    for p in &mut out.paragraphs {
        if p.text.contains("\n\n\n") {
            while p.text.contains("\n\n\n") {
                p.text = p.text.replace("\n\n\n", "\n\n");
            }
        }
        if p.text.starts_with('\n') {
            p.text = p.text.trim_start_matches('\n').to_string();
        }
    }
    take_signature(&mut out);
    for p in &mut out.paragraphs {
        p.redactions = REDACTION
            .find_iter(&p.text)
            .map(|m| Span {
                start: m.start(),
                end: m.end(),
            })
            .collect();
    }
    let all: String = out
        .paragraphs
        .iter()
        .map(|p| p.text.as_str())
        .collect::<Vec<_>>()
        .join("\n\n");
    for c in SUMMARY.captures_iter(&all) {
        out.blocks.push(Block {
            kind: "summary".into(),
            text: c[1].trim().to_string(),
        });
    }
    for c in COMMENT.captures_iter(&all) {
        out.blocks.push(Block {
            kind: "comment".into(),
            text: c[1].trim().to_string(),
        });
    }
    out
}

fn paragraph_start(
    t: &str,
    last_n: u32,
    prev_blank: bool,
    uses_pilcrow: bool,
    diags: &mut Vec<Diagnostic>,
    no: usize,
) -> Option<Start> {
    if let Some(c) = PARA_START.captures(t) {
        let num: u32 = c["num"].parse().ok()?;
        let pil = c.name("pil").is_some();
        let mark = c
            .name("mark")
            .map(|m| normalize_mark(m.as_str()))
            .filter(|m| plausible_mark(m));
        let raw_mark = c.name("mark").is_some();
        let rest = c["rest"].to_string();
        let label_end = c.name("punct").map(|m| m.end()).unwrap_or(0);
        let label = t[..label_end].trim().to_string();
        let expected = last_n + 1;
        // A mark in parentheses that is no portion mark belongs to the text.
        let rest = if raw_mark && mark.is_none() {
            format!("{} {}", c.name("mark").unwrap().as_str(), rest)
                .trim()
                .to_string()
        } else {
            rest
        };
        // Text must follow the number (or nothing at all); "1.4 (B)" is not a paragraph.
        let after_punct = &t[label_end..];
        if !(after_punct.is_empty()
            || after_punct.starts_with(char::is_whitespace)
            || after_punct.starts_with('('))
        {
            return None;
        }
        if &c["punct"] != "." && &c["punct"] != ")" && mark.is_none() {
            return None;
        }
        // OCR slip: "15." for "¶5." in a copy that marks numbers with ¶.
        if !pil && uses_pilcrow && num >= 10 && num == 10 + expected && expected < 10 {
            diags.push(
                Diagnostic::repair("paragraphs", format!("`{label}` read as ¶{expected}")).at(no),
            );
            return Some(Start {
                n: Some(expected),
                label: Some(label),
                marking: mark,
                rest,
            });
        }
        let accept = num == expected
            || (num == 1 && last_n == 0)
            || ((pil || mark.is_some()) && num > last_n && num <= expected + 5)
            || (prev_blank
                && num > last_n
                && num <= expected + 2
                && (rest.is_empty()
                    || rest.starts_with(|ch: char| {
                        ch.is_uppercase() || ch == '(' || ch == '"' || ch == '-'
                    })))
            || (last_n == 0 && mark.is_some() && num <= 40);
        if accept {
            if num != expected && last_n != 0 {
                diags.push(
                    Diagnostic::warning("paragraphs", format!("paragraph {num} follows {last_n}"))
                        .at(no),
                );
            }
            return Some(Start {
                n: Some(num),
                label: Some(label),
                marking: mark,
                rest,
            });
        }
        return None;
    }
    if let Some(c) = MARK_START.captures(t) {
        if !prev_blank {
            return None;
        }
        return Some(Start {
            n: None,
            label: None,
            marking: Some(normalize_mark(&c["mark"])),
            rest: c["rest"].to_string(),
        });
    }
    None
}

/// Move the signature line(s) from the end of the last paragraph into `signers`.
fn take_signature(out: &mut BodyParse) {
    let Some(last) = out.paragraphs.last_mut() else {
        return;
    };
    let mut lines: Vec<&str> = last.text.lines().collect();
    while lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
    if lines.len() < 2 && last.n.is_some() {
        return;
    }
    let Some(cand) = lines.last().map(|l| l.trim()) else {
        return;
    };
    let Some(c) = SIGNATURE.captures(cand) else {
        return;
    };
    let name = c[1].trim().to_string();
    let up = name.to_uppercase();
    if NOT_SIGNERS.contains(&up.as_str()) || name != up || name.len() > 30 || name.len() < 2 {
        return;
    }
    // Lone unnumbered block: the whole block is the signature.
    lines.pop();
    let rest = lines.join("\n").trim_end().to_string();
    let signer = up.replace(['#', '*'], "");
    out.signers
        .push(signer.split_whitespace().collect::<Vec<_>>().join(" "));
    if rest.is_empty() && last.n.is_none() {
        out.paragraphs.pop();
    } else {
        last.text = rest;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::lines::split_lines;

    fn body(text: &str) -> BodyParse {
        let mut r = Vec::new();
        let lines = split_lines(text, &mut r);
        parse_body(&lines, &mut r)
    }

    #[test]
    fn ocr_slip() {
        let b = body(
            "¶1. (C) One.\n\n¶2. (C) Two.\n\n¶3. (C) Three.\n\n¶4. (C) Four.\n\n15. (U) Five.\n\n16. (C) Six.\n\n¶7. (C) Seven.\n\nLAFLEUR",
        );
        let ns: Vec<_> = b.paragraphs.iter().map(|p| p.n).collect();
        assert_eq!(ns, (1..=7).map(Some).collect::<Vec<_>>());
        assert_eq!(b.signers, ["LAFLEUR"]);
        assert_eq!(b.diagnostics.len(), 2);
    }

    #[test]
    fn paragraphs_and_heading() {
        let b = body(
            "1. (C) Summary: A thing. End Summary.\n\nHeading Here\n-----\n\n2. (SBU) Two\ncontinues.\n\nKEITH",
        );
        assert_eq!(b.paragraphs.len(), 3);
        assert_eq!(b.paragraphs[0].marking.as_deref(), Some("C"));
        assert_eq!(b.paragraphs[1].n, None);
        assert_eq!(b.paragraphs[2].text, "Two\ncontinues.");
        assert_eq!(b.signers, ["KEITH"]);
        assert_eq!(b.blocks[0].text, "A thing.");
    }
}
