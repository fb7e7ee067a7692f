//! The body: numbered paragraphs with portion marks, headings, the signature,
//! summary and comment blocks, and redaction runs.

use std::sync::LazyLock;

use regex::Regex;

use super::lines::Line;
use super::para_start::{self, ParaGroups};
use crate::diagnostic::Diagnostic;
use crate::record::{Block, Paragraph, Removed, Span};

static PARA_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?P<pil>¶\s*)?(?P<num>\d{1,3})\s*(?P<punct>[.)]|\s)\s*(?:(?P<mark>\(\s*[A-Z][A-Za-z/ -]{0,14}\)|(?:U|C|S|SBU|S/NF|C/NF|SBU/NF|LOU)\))\s*)?").unwrap()
});
/// The groups of [`PARA_START`] by number: `pil`, `num`, `punct`, `mark`.
const PARA_PIL: usize = 1;
const PARA_NUM: usize = 2;
const PARA_PUNCT: usize = 3;
const PARA_MARK: usize = 4;
static MARK_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*\((?P<mark>U|C|S|TS|SBU|LOU|[CS]\s?/\s?/?\s?NF|SBU\s?/\s?NF|[CS]\s?/\s?/?\s?NOFORN|[CS]/REL [A-Z ,]+|SBU/REL [A-Z ,]+)\)\s+(?P<rest>\S)").unwrap()
});
/// The groups of [`MARK_START`] by number: `mark`, `rest`.
const MARK_MARK: usize = 1;
const MARK_REST: usize = 2;
static UNDERLINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*[-=_*‐‑–—]{3,}\s*$").unwrap());
/// A summary heading line: `SUMMARY`, `------- SUMMARY -------`, `Summary =======`,
/// `SUMMARY AND TABLE OF CONTENTS`.
static SUMMARY_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^[\s\-=_*‐–—]*(?:BEGIN\s+)?SUMMARY(?:\s+(?:AND|&)\s+[A-Z ]{3,30})?[\s\-=_*‐–—:.]*$",
    )
    .unwrap()
});
/// A summary opening a paragraph: `Summary:`, `SUMMARY AND COMMENT:`, `Summary and
/// Action Request.`, `Summary/Comment:`.
static SUMMARY_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:BEGIN\s+)?SUMMARY(?:\s*(?:AND|&|/)\s*(?:COMMENTS?|ACTION\s+REQUESTS?|INTRODUCTION|RECOMMENDATIONS?))?\s*[:.\-]\s*(?:\(\s*[A-Z/]{1,6}\s*\)\s*)?").unwrap()
});
static SUMMARY_END: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bEND\s+(?:OF\s+)?SUMMARY\b").unwrap());
/// A line that closes a cable but is not its text: classification lines,
/// end-of-message marks, page headers, archive footers, release stamps.
static TRAILER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?:UNCLASSIFIED|CONFIDENTIAL|SECRET|LIMITED OFFICIAL USE|SENSITIVE|NOFORN|SIPDIS|NNNN|BT|[.>\-/]+)\s*|PAGE\s+\d+\s+.*\d{6}Z\s*|DECLASSIFIED/RELEASED.*|REVIEW\s+\d{1,2}\s+[A-Z]{3}\s+\d{4}\s*|NOTE(?:\s+BY\s+[A-Z/]+)?\s*:.*|\d{4}[A-Z]+\d+\s+-\s+.*|[A-Z][A-Z .'-]{0,20}\s+\d{5,8}\s+\d{3}(?:\.\d)?\s+OF\s+\d{3}\s*|#\d+\s*)$").unwrap()
});
/// A name after the last sentence of a line: `... MINIMIZE CONSIDERED.  EAGLETON`.
static TRAILING_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[.)]\s+([A-Z][A-Z'\-]*[A-Z])\s*[#*.]*\s*$").unwrap());
/// A Markdown ATX heading (`#### Other Discussants`): the marks, then the text.
static MD_HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(#{1,6})[ \t]+([^\s#].*?)\s*#*\s*$").unwrap());
static SIGNATURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*([A-Z][A-Za-z'\-]*[A-Za-z](?:\s+[A-Z][A-Za-z'\-]*[A-Za-z]){0,2})\s*[#*.]*\s*$")
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

/// The opening and the closing of [`SUMMARY`] and [`COMMENT`], to cut the
/// block's text out of a match without the slow capture search over it.
static SUMMARY_OPEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?is)\A(?:BEGIN\s+)?SUMMARY(?:\s+AND\s+(?:COMMENT|ACTION\s+REQUEST))?\s*[:.\-]")
        .unwrap()
});
static SUMMARY_CLOSE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?is)\bEND\s+(?:OF\s+)?SUMMARY\z").unwrap());
static COMMENT_OPEN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?is)\A(?:BEGIN\s+)?COMMENT\s*[:.\-]").unwrap());
static COMMENT_CLOSE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?is)\bEND\s+(?:OF\s+)?COMMENT\z").unwrap());

/// Group 1 of `whole` (trimmed) for its match `m`: the text between the
/// opening and the closing. The opening ends in punctuation and group 1 is
/// lazy, so it ends where the one closing at the end of the match begins.
fn block_text(
    all: &str,
    m: regex::Match<'_>,
    whole: &Regex,
    open: &Regex,
    close: &Regex,
) -> String {
    let t = m.as_str();
    if let Some(o) = open.find(t)
        && let Some(c) = close.find(&t[o.end()..])
    {
        return t[o.end()..o.end() + c.start()].trim().to_string();
    }
    whole
        .captures_at(all, m.start())
        .map(|c| c[1].trim().to_string())
        .unwrap_or_default()
}

/// `UMMARY` and `COMMENT`, the key words of [`SUMMARY`] and [`COMMENT`]
/// without the letters that case-fold to non-ASCII letters (`S`: `ſ`),
/// searched for in upper-cased text (ASCII case-insensitive).
static UMMARY: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new(b"UMMARY"));
static COMMENT_WORD: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new(b"COMMENT"));

/// [`SUMMARY`] and [`COMMENT`] with ASCII word boundaries, which the fast
/// engine runs over any text (a Unicode `\b` makes it give up at the first
/// non-ASCII byte, and the slow one runs instead).
static SUMMARY_ASCII_B: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?is)(?-u:\b)(?:BEGIN\s+)?SUMMARY(?:\s+AND\s+(?:COMMENT|ACTION\s+REQUEST))?\s*[:.\-]\s*(.*?)\s*(?-u:\b)END\s+(?:OF\s+)?SUMMARY(?-u:\b)").unwrap()
});
static COMMENT_ASCII_B: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?is)(?-u:\b)(?:BEGIN\s+)?COMMENT\s*[:.\-]\s*(.*?)\s*(?-u:\b)END\s+(?:OF\s+)?COMMENT(?-u:\b)")
        .unwrap()
});
static END_REV: LazyLock<memchr::memmem::FinderRev<'static>> =
    LazyLock::new(|| memchr::memmem::FinderRev::new(b"END"));

/// `re.find_at(all, start)`, by way of `fast` (`re` with ASCII word
/// boundaries) where that gives the same match. Each `\b` of these patterns
/// stands beside an ASCII letter of the pattern (`B`, `S`, `C` at the start,
/// `E` of `END`, the last letter), where a Unicode boundary implies an ASCII
/// one: `fast` finds every match of `re` and perhaps more, so no match of
/// `fast` means none of `re`, and a match of `fast` whose boundaries stand
/// beside ASCII characters (where the two kinds agree) is the match of `re`.
/// (The key word must then start with an ASCII letter: [`SUMMARY`] can also
/// start with `ſ`, so `fast` is `None` for a text holding one.)
fn find_block_at<'h>(
    all: &'h str,
    upper: &[u8],
    start: usize,
    re: &Regex,
    fast: Option<&Regex>,
) -> Option<regex::Match<'h>> {
    let Some(fast) = fast else {
        return re.find_at(all, start);
    };
    let m = fast.find_at(all, start)?;
    let b = all.as_bytes();
    let ascii_before = |p: usize| p == 0 || b[p - 1].is_ascii();
    let ascii_at = |p: usize| p >= b.len() || b[p].is_ascii();
    // The `END` of the closing: the last one in the match.
    let end_word = END_REV
        .rfind(&upper[m.start()..m.end()])
        .map(|i| m.start() + i);
    if ascii_before(m.start()) && ascii_at(m.end()) && end_word.is_some_and(ascii_before) {
        Some(m)
    } else {
        re.find_at(all, start)
    }
}

static BEGIN_WORD: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new(b"BEGIN"));

/// `re.find_iter(all)` for [`SUMMARY`] and [`COMMENT`], whose matches start
/// at one of two ASCII words (`BEGIN`, the key word; no other letters fold to
/// them), at most `back` bytes before where `keys` find them in `upper` (`all`
/// upper-cased): each search starts at the next such place rather than
/// running over the text before it.
fn find_blocks<'h>(
    all: &'h str,
    upper: &[u8],
    re: &Regex,
    fast: Option<&Regex>,
    keys: [&memchr::memmem::Finder<'_>; 2],
    back: usize,
) -> Vec<regex::Match<'h>> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < all.len() {
        let Some(key) = keys
            .iter()
            .filter_map(|k| k.find(&upper[at..]).map(|i| at + i))
            .min()
        else {
            break;
        };
        let mut start = key.saturating_sub(back).max(at);
        while !all.is_char_boundary(start) {
            start -= 1;
        }
        let Some(m) = find_block_at(all, upper, start, re, fast) else {
            break;
        };
        // (The matches hold their words: never empty.)
        let end = m.end();
        out.push(m);
        if end <= at {
            break;
        }
        at = end;
    }
    out
}

/// Three line breaks and `XXXX`, searched for in every paragraph: the
/// searchers are built once.
static FINDER_3NL: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new(b"\n\n\n"));
static FINDER_XXXX: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new(b"XXXX"));

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
    let inner = m.trim_matches(|c| c == '(' || c == ')');
    // An ASCII mark of one word is only upper-cased (for ASCII text
    // `to_uppercase` is `to_ascii_uppercase`).
    if inner.is_ascii() && !inner.bytes().any(super::ws::is_regex_space) {
        return inner.to_ascii_uppercase();
    }
    inner
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

/// Lines of a paragraph joined by `\n` as they arrive, with what is needed
/// to drop a trailing blank line.
struct Joined {
    text: String,
    lines: usize,
    last_empty: bool,
    second_last_empty: bool,
}

impl Joined {
    fn of(line: &str) -> Joined {
        let mut j = Joined {
            text: String::with_capacity(line.len().max(64) * 2),
            lines: 0,
            last_empty: false,
            second_last_empty: false,
        };
        j.push(line);
        j
    }
    fn push(&mut self, line: &str) {
        if self.lines > 0 {
            self.text.push('\n');
        }
        self.text.push_str(line);
        self.second_last_empty = self.last_empty;
        self.last_empty = line.is_empty();
        self.lines += 1;
    }
    /// Drop the last line, which is empty, after an empty line (only ever
    /// followed by a push, which sets `second_last_empty` again).
    fn pop_empty(&mut self) {
        self.text.pop();
        self.lines -= 1;
        self.last_empty = self.second_last_empty;
    }
}

/// [`UNDERLINE`], after a check of the first character.
fn is_underline(t: &str) -> bool {
    let t0 = super::ws::trim_start(t);
    // (The four dashes outside ASCII start with the byte 0xE2.)
    matches!(
        t0.as_bytes().first(),
        Some(b'-' | b'=' | b'_' | b'*' | 0xE2)
    ) && t0.starts_with(['-', '=', '_', '*', '‐', '‑', '–', '—'])
        && UNDERLINE.is_match(t)
}

/// Parse the body lines (after the preamble) into paragraphs.
///
/// `ocr_pilcrow` is true when the copy marks paragraph numbers with `¶`,
/// which makes `15.` after `¶4.` an OCR slip for `¶5.`.
pub fn parse_body(lines: &[Line], removed: &mut Vec<Removed>) -> BodyParse {
    let mut out = BodyParse::default();
    let uses_pilcrow = lines
        .iter()
        .filter(|l| super::ws::trim_start(&l.text).starts_with('¶'))
        .count()
        >= 2;
    let mut last_n: u32 = 0;
    let mut current: Option<(Paragraph, Joined)> = None;
    let mut prev_blank = true;
    let flush = |cur: &mut Option<(Paragraph, Joined)>, out: &mut BodyParse| {
        if let Some((mut p, lines)) = cur.take() {
            let mut text = lines.text;
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
                } else if ls.lines > 0 {
                    ls.push("");
                }
            }
            prev_blank = true;
            i += 1;
            continue;
        }
        // Markdown headings left by scraping (`#### Other Discussants`): a
        // short line after a blank line; the `#` marks go to `removed`.
        if prev_blank
            && super::ws::trim_start(t).starts_with('#')
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
            && is_underline(&lines[i + 1].text)
            && t.trim().len() <= 100
            && !is_underline(t)
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
            current = Some((p, Joined::of(s.rest.trim_end())));
            prev_blank = false;
            i += 1;
            continue;
        }
        match current.as_mut() {
            Some((_, ls)) => {
                // Blank lines inside a numbered paragraph are kept as one break.
                if ls.last_empty && ls.lines >= 2 && ls.second_last_empty {
                    ls.pop_empty();
                }
                ls.push(super::ws::trim_end(t));
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
                    Joined::of(super::ws::trim_end(t)),
                ));
            }
        }
        prev_blank = false;
        i += 1;
    }
    flush(&mut current, &mut out);
    // Collapse internal runs of blank lines to one.
    for p in &mut out.paragraphs {
        if FINDER_3NL.find(p.text.as_bytes()).is_some() {
            while p.text.contains("\n\n\n") {
                p.text = p.text.replace("\n\n\n", "\n\n");
            }
        }
        if p.text.starts_with('\n') {
            p.text = p.text.trim_start_matches('\n').to_string();
        }
    }
    take_signature(&mut out);
    // The paragraphs joined by a blank line and upper-cased (ASCII), built
    // once and searched once, not paragraph by paragraph: no word searched
    // for holds the `\n\n` between paragraphs, so each occurrence lies in
    // one paragraph. Where they show no `XXXX` (in any case), no paragraph
    // holds a redaction.
    let joined_len = out
        .paragraphs
        .iter()
        .map(|p| p.text.len() + 2)
        .sum::<usize>();
    let mut upper: Vec<u8> = Vec::with_capacity(joined_len);
    for (k, p) in out.paragraphs.iter().enumerate() {
        if k > 0 {
            upper.extend_from_slice(b"\n\n");
        }
        upper.extend(p.text.bytes().map(|b| b.to_ascii_uppercase()));
    }
    if FINDER_XXXX.find(&upper).is_some() {
        for p in &mut out.paragraphs {
            if FINDER_XXXX.find(p.text.as_bytes()).is_some() {
                p.redactions = REDACTION
                    .find_iter(&p.text)
                    .map(|m| Span {
                        start: m.start(),
                        end: m.end(),
                    })
                    .collect();
            }
        }
    }
    // The summary and comment patterns need their key word (which no
    // paragraph break splits); the joined text is built only when one has it.
    // Each pattern holds its word twice (`COMMENT: ... END COMMENT`).
    let has_summary = UMMARY.find_iter(&upper).take(2).count() >= 2;
    let has_comment = COMMENT_WORD.find_iter(&upper).take(2).count() >= 2;
    let all: String = if has_summary || has_comment {
        out.paragraphs
            .iter()
            .map(|p| p.text.as_str())
            .collect::<Vec<_>>()
            .join("\n\n")
    } else {
        String::new()
    };
    // `upper` is `all` upper-cased (ASCII), to find where a block may start.
    if let Some(text) = summary_block(&out.paragraphs) {
        out.blocks.push(Block {
            kind: "summary".into(),
            text,
        });
    } else if has_summary {
        // `S` also folds to `ſ` (two bytes) before `UMMARY`.
        let fast = (memchr::memmem::find(all.as_bytes(), "ſ".as_bytes()).is_none())
            .then_some(&*SUMMARY_ASCII_B);
        for m in find_blocks(&all, &upper, &SUMMARY, fast, [&*BEGIN_WORD, &*UMMARY], 2) {
            out.blocks.push(Block {
                kind: "summary".into(),
                text: block_text(&all, m, &SUMMARY, &SUMMARY_OPEN, &SUMMARY_CLOSE),
            });
        }
    }
    if has_comment {
        let fast = Some(&*COMMENT_ASCII_B);
        for m in find_blocks(
            &all,
            &upper,
            &COMMENT,
            fast,
            [&*BEGIN_WORD, &*COMMENT_WORD],
            0,
        ) {
            out.blocks.push(Block {
                kind: "comment".into(),
                text: block_text(&all, m, &COMMENT, &COMMENT_OPEN, &COMMENT_CLOSE),
            });
        }
    }
    out
}

/// The groups of [`PARA_START`] in `t`: read by hand, or by the regex where
/// the hand reading leaves the line to it (groups by number: a lookup by name
/// hashes the name each time).
fn para_start_groups(t: &str) -> Option<ParaGroups> {
    match para_start::read(t) {
        Ok(g) => g,
        Err(para_start::Undecided) => para_start_by_regex(t),
    }
}

fn para_start_by_regex(t: &str) -> Option<ParaGroups> {
    let c = PARA_START.captures(t)?;
    Some(ParaGroups {
        end: c.get(0)?.end(),
        pil: c.get(PARA_PIL).is_some(),
        num: c.get(PARA_NUM)?.range(),
        punct: c.get(PARA_PUNCT)?.range(),
        mark: c.get(PARA_MARK).map(|m| m.range()),
    })
}

fn paragraph_start(
    t: &str,
    last_n: u32,
    prev_blank: bool,
    uses_pilcrow: bool,
    diags: &mut Vec<Diagnostic>,
    no: usize,
) -> Option<Start> {
    // Both patterns start after white space with a digit, `¶` or `(`, and
    // their text runs to the end of the line (lines hold no line break).
    // (The line-break test comes after the first-character tests: a line
    // failing those gives `None` either way.)
    let first = super::ws::trim_start(t).chars().next()?;
    let numbered = first.is_ascii_digit() || first == '¶' || first.is_numeric();
    if !(numbered || (first == '(' && prev_blank)) {
        return None;
    }
    if memchr::memchr(b'\n', t.as_bytes()).is_some() {
        return None;
    }
    if numbered && let Some(g) = para_start_groups(t) {
        let num: u32 = t[g.num.clone()].parse().ok()?;
        let pil = g.pil;
        let mark = g
            .mark
            .clone()
            .map(|m| normalize_mark(&t[m]))
            .filter(|m| plausible_mark(m));
        let raw_mark = g.mark.is_some();
        let rest = t[g.end..].to_string();
        let label_end = g.punct.end;
        let label = t[..label_end].trim().to_string();
        let expected = last_n + 1;
        // A mark in parentheses that is no portion mark belongs to the text.
        let rest = if raw_mark && mark.is_none() {
            format!("{} {}", &t[g.mark.clone().unwrap_or_default()], rest)
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
        let punct = &t[g.punct.clone()];
        if punct != "." && punct != ")" && mark.is_none() {
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
    if first == '('
        && prev_blank
        && let Some(c) = MARK_START.captures(t)
    {
        return Some(Start {
            n: None,
            label: None,
            marking: Some(normalize_mark(&c[MARK_MARK])),
            rest: t[c.get(MARK_REST).map_or(t.len(), |m| m.start())..].to_string(),
        });
    }
    None
}

/// The summary: from a `SUMMARY` heading or a paragraph opening `Summary:` to
/// `End Summary`; without an end mark, that one paragraph; without a start,
/// from the first paragraph to an `End Summary` in the first few. Paragraph
/// numbers and portion marks are not part of it; paragraphs are joined by a
/// line break.
fn summary_block(paragraphs: &[Paragraph]) -> Option<String> {
    let mut start: Option<(usize, usize, bool)> = None;
    for (i, p) in paragraphs.iter().enumerate() {
        if p.n.is_none() && p.marking.is_none() && SUMMARY_HEADING.is_match(p.text.trim()) {
            start = Some((i + 1, 0, true));
            break;
        }
        if let Some(m) = SUMMARY_START.find(&p.text) {
            start = Some((i, m.end(), false));
            break;
        }
        // "Summary -------" as a heading on one line with its underline.
        if let Some(first) = p.text.lines().next()
            && SUMMARY_HEADING.is_match(first.trim())
            && p.text.lines().count() == 1
        {
            start = Some((i + 1, 0, true));
            break;
        }
    }
    let (s, off, heading) = match start {
        Some(x) => x,
        None => {
            // An end mark in the first paragraphs: the summary runs from the first.
            let first = paragraphs.iter().position(|p| p.n.is_some())?;
            let end = paragraphs
                .iter()
                .skip(first)
                .take(4)
                .position(|p| SUMMARY_END.is_match(&p.text))?;
            let _ = end;
            (first, 0, true)
        }
    };
    let mut parts: Vec<String> = Vec::new();
    let mut found_end = false;
    for (j, p) in paragraphs.iter().enumerate().skip(s) {
        let text = if j == s {
            &p.text[off.min(p.text.len())..]
        } else {
            &p.text[..]
        };
        if let Some(e) = SUMMARY_END.find(text) {
            parts.push(text[..e.start()].to_string());
            found_end = true;
            break;
        }
        parts.push(text.to_string());
        if j > s + 12 {
            break;
        }
    }
    if !found_end {
        // No end mark: the one paragraph, up to a heading run into it.
        let first = if heading {
            paragraphs.get(s)?.text.clone()
        } else {
            parts.first()?.clone()
        };
        parts = vec![first];
        if let Some(d) = parts[0].find("---") {
            parts[0].truncate(d);
        }
    }
    let mut text = parts
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    while text.contains("\n\n") {
        text = text.replace("\n\n", "\n");
    }
    let text = text.trim().to_string();
    (!text.is_empty()).then_some(text)
}

/// Move the signature from the end of the body into `signers`: the last line
/// that is not furniture (classification lines, page headers, `NNNN`, release
/// stamps), when it is a name in capitals (`LAFLEUR`, `DE PREE`,
/// `GILLESPIE##`), or a name after the last sentence of that line
/// (`... END OF TEXT. BAKER`).
fn take_signature(out: &mut BodyParse) {
    for pi in (0..out.paragraphs.len()).rev() {
        let p = &out.paragraphs[pi];
        let lines: Vec<&str> = p.text.lines().collect();
        let mut li = lines.len();
        while li > 0 && (lines[li - 1].trim().is_empty() || TRAILER.is_match(lines[li - 1].trim()))
        {
            li -= 1;
        }
        if li == 0 {
            // Only furniture in this paragraph: look further up.
            continue;
        }
        let cand = lines[li - 1].trim();
        let single_numbered = li == 1 && p.n.is_some();
        let name = SIGNATURE
            .captures(cand)
            .map(|c| (c[1].trim().to_string(), true))
            .filter(|_| !single_numbered)
            .or_else(|| {
                TRAILING_NAME
                    .captures(cand)
                    .map(|c| (c[1].trim().to_string(), false))
            });
        let Some((name, whole_line)) = name else {
            return;
        };
        let up = name.to_uppercase();
        if NOT_SIGNERS.contains(&up.as_str()) || name != up || name.len() > 30 || name.len() < 2 {
            return;
        }
        let signer = up.replace(['#', '*'], "");
        out.signers.push(super::ws::join_words(&signer));
        // Take the name out of the paragraph; what follows it stays.
        let mut kept: Vec<String> = lines[..li - 1].iter().map(|l| l.to_string()).collect();
        if !whole_line {
            let cut = cand.rfind(&name).unwrap_or(cand.len());
            kept.push(cand[..cut].trim_end().to_string());
        }
        kept.extend(lines[li..].iter().map(|l| l.to_string()));
        let rest = kept.join("\n").trim_end().to_string();
        let p = &mut out.paragraphs[pi];
        if rest.trim().is_empty() && p.n.is_none() {
            out.paragraphs.remove(pi);
        } else {
            p.text = rest;
        }
        return;
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
    fn group_numbers() {
        fn names(re: &Regex) -> Vec<Option<&str>> {
            re.capture_names().collect()
        }
        assert_eq!(
            names(&PARA_START),
            [None, Some("pil"), Some("num"), Some("punct"), Some("mark")]
        );
        assert_eq!(names(&MARK_START), [None, Some("mark"), Some("rest")]);
    }

    #[test]
    fn para_start_read_as_the_regex() {
        let mut lines: Vec<String> = [
            "1. (C) Text",
            "  12) text",
            "123 text",
            "1234. text",
            "1.4 (B)",
            "¶ 3. (SBU) x",
            "¶3.(S/NF) x",
            "4 (U) x",
            "5.  C) x",
            "6. SBU/NF) x",
            "7. (  S ) x",
            "8. (Sabcdefghijklmn) x",
            "8. (Sabcdefghijklmno) x",
            "9.\t(C)\tx",
            "10 ",
            "10",
            "10\u{a0}. x",
            "1\u{3000}x",
            "١. x",
            "1١. x",
            "\u{a0}1. x",
            "1. (é) x",
            "1. é",
            "12.(LOU)x",
            "1 2. x",
            "1.",
            "¶",
            "¶x",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // Random lines over the characters that matter.
        let chars: Vec<char> = "0129 .)(CSUBLOx/N-¶\t\u{a0}".chars().collect();
        lines.extend(
            crate::random_text::random_strings(&chars, 0x9e37_79b9_7f4a_7c15, 100_000, 12)
                .into_iter()
                .map(|(_, s)| s),
        );
        let mut decided = 0;
        for l in &lines {
            if let Ok(g) = para_start::read(l) {
                assert_eq!(g, para_start_by_regex(l), "{l:?}");
                decided += 1;
            }
            assert_eq!(para_start_groups(l), para_start_by_regex(l), "{l:?}");
        }
        assert!(decided > lines.len() / 2);
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

    #[test]
    fn signatures_before_trailers() {
        for (text, want) in [
            ("4. TEXT.\nSTEIGMAN\nCONFIDENTIAL\n", "STEIGMAN"),
            (
                "1. TEXT.\n\nSULLIVAN\n\nCONFIDENTIAL\n\nDeclassified/Released US Department of State EO Systematic\nReview 30 JUN 2006\n",
                "SULLIVAN",
            ),
            ("21.  BEIRUT MINIMIZE CONSIDERED.  EAGLETON\n", "EAGLETON"),
            ("1. TEXT.  END OF TEXT. BAKER\n\n\nUNCLASSIFIED\n", "BAKER"),
            ("1. TEXT.\n\nMCNAMARA.\n", "MCNAMARA"),
            (
                "1. TEXT\nEND\n   UNCLASSIFIED\n\nPAGE 04        HANOI  02605  300858Z\nTEXT.\n\nPETERSON\n\n   UNCLASSIFIED",
                "PETERSON",
            ),
            (
                "1. TEXT.\nSHAPIRO\n\n\nNNNN\n\n      2004CARACA01540 - UNCLASSIFIED",
                "SHAPIRO",
            ),
        ] {
            assert_eq!(body(text).signers, [want], "{text}");
        }
        assert!(body("1. The end of the text.\n").signers.is_empty());
    }

    #[test]
    fn block_search_matches_the_unicode_patterns() {
        let texts = [
            "x COMMENT: a b. END COMMENT. y",
            "éCOMMENT: a. END COMMENT. COMMENT: b. END COMMENT.",
            "COMMENT: a éEND COMMENT. b END COMMENT.",
            "COMMENT: a END COMMENTé b END COMMENT c",
            "COMMENT: a END COMMENT_ b END OF COMMENT",
            "¶COMMENT: ü END COMMENT ¶ BEGIN COMMENT - x END OF COMMENT.",
            "Summary: a. End Summary. Comment: b. End comment.",
            "éSUMMARY: a. END SUMMARY. BEGIN SUMMARY: b. END SUMMARYé END SUMMARY",
            "ſUMMARY: a. END SUMMARY.",
            "SUMMARY AND COMMENT: a ſ END OF SUMMARY. COMMENT: c.",
            "no blocks here é",
        ];
        for t in texts {
            let upper: Vec<u8> = t.bytes().map(|b| b.to_ascii_uppercase()).collect();
            let fast = (memchr::memmem::find(t.as_bytes(), "ſ".as_bytes()).is_none())
                .then_some(&*SUMMARY_ASCII_B);
            let got: Vec<_> = find_blocks(t, &upper, &SUMMARY, fast, [&*BEGIN_WORD, &*UMMARY], 2)
                .iter()
                .map(|m| m.range())
                .collect();
            let want: Vec<_> = SUMMARY.find_iter(t).map(|m| m.range()).collect();
            assert_eq!(got, want, "{t}");
            let fast = Some(&*COMMENT_ASCII_B);
            let got: Vec<_> =
                find_blocks(t, &upper, &COMMENT, fast, [&*BEGIN_WORD, &*COMMENT_WORD], 0)
                    .iter()
                    .map(|m| m.range())
                    .collect();
            let want: Vec<_> = COMMENT.find_iter(t).map(|m| m.range()).collect();
            assert_eq!(got, want, "{t}");
        }
    }

    #[test]
    fn summaries() {
        let s = |t: &str| {
            body(t)
                .blocks
                .into_iter()
                .find(|b| b.kind == "summary")
                .map(|b| b.text)
        };
        assert_eq!(
            s("SUMMARY\n-------\n\n1. (C) Merkel [...].\nEnd Summary.\n\n2. (C) More.").as_deref(),
            Some("Merkel [...].")
        );
        assert_eq!(
            s("1. (C) SUMMARY: Fidel Castro's [...].\n\n2. (C) WHAT WE KNOW").as_deref(),
            Some("Fidel Castro's [...].")
        );
        assert_eq!(
            s("1. (C) German FM told [...]. END SUMMARY.\n\n2. (C) Text.").as_deref(),
            Some("German FM told [...].")
        );
        assert_eq!(
            s("1. (S//NF) SUMMARY AND COMMENT: During a visit to\n\n2. (C) EU Member States\n\n3. (C) The content. END SUMMARY AND COMMENT.").as_deref(),
            Some("During a visit to\nEU Member States\nThe content.")
        );
        assert_eq!(
            s("1.  Summary: (SBU) Japanese [...]. End Summary \n\n2. X").as_deref(),
            Some("Japanese [...].")
        );
    }
}
