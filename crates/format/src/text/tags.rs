//! The TAGS line: `TAGS: PREL PHUM PGOV ELAB KCRM KWMN MY`, `TAGS PGOV, PINS, ZI, MDC, ZANU-PF`.

use std::sync::LazyLock;

use regex::Regex;

static TAGS_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:TAGS?\b\s*[:;,.]?|(?:TAS|TGS|TABS|TAGES|TAGSS|AGS)\s*[:;])\s*").unwrap()
});
/// The TAGS keyword inside a line (a flattened copy: `... E.O. 12958: N/A TAGS: AMGT`).
static TAGS_INLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:^|[\s.])(?:TAGS?\b\s*[:;,]?|(?:TAS|TGS|TABS|TAGES|TAGSS|AGS)\s*[:;])")
        .unwrap()
});
/// Where a TAGS field ends inside a line: the next field.
static TAGS_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:U?BJECT\b|SUBJ\b|SUBJECT:|E\.\s?O\.|REF:|REFS?\b:|CLASSIFIED\s+BY)|\(\s*(?:U|C|S|SBU)\s*\)").unwrap()
});
/// Page-break furniture inside a TAGS field of an older cable.
static PAGE_BREAK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:(?:UNCLASSIFIED|CONFIDENTIAL|SECRET|LIMITED OFFICIAL USE)\s+)?PAGE\s+\d{1,3}\s+[A-Z][A-Z .'-]{0,24}?\s+\d{3,6}\s+(?:\d{1,2}\s+OF\s+\d{1,2}\s+)?\d{6}Z").unwrap()
});

/// Whether a line starts the TAGS field.
pub fn is_tags_line(line: &str) -> bool {
    TAGS_START.find(line).is_some_and(|m| {
        let rest = &line[m.end()..];
        let kw = m.as_str().trim();
        // "TAGS" as the first word, not "TAG-TEAM" or a sentence.
        kw.contains([':', ';'])
            || rest.is_empty()
            || (kw.to_ascii_uppercase().starts_with("TAG")
                && rest.chars().next().is_some_and(|c| c.is_ascii_uppercase() || c == '['))
            // "TAGS something": the plural keyword then a single word or a list.
            || (kw.eq_ignore_ascii_case("TAGS")
                && rest
                    .split_whitespace()
                    .next()
                    .is_some_and(|w| w.chars().all(|c| c.is_alphanumeric() || c == ',')))
    })
}

/// The TAGS of a piece of cable text: the first TAGS field (at a line start,
/// or inside a flattened line after another field), with continuation lines
/// (after a trailing comma, or lines of capitalised codes) up to the next field.
pub fn tags_in_text(text: &str) -> Vec<String> {
    let lines: Vec<&str> = text.lines().collect();
    for (k, line) in lines.iter().enumerate() {
        if !may_name_tags(line) {
            continue;
        }
        let start = if is_tags_line(line) {
            Some(0)
        } else {
            TAGS_INLINE
                .find(line)
                .filter(|m| m.as_str().trim().contains([':', ';']))
                .map(|m| m.start())
        };
        let Some(start) = start else { continue };
        let mut field = line[start..].to_string();
        let mut j = k + 1;
        // A next field is looked for in the field's last three lines, not in
        // the whole field again for every line added: a match spans at most
        // two line breaks (`(\nC\n)`), as the lines added are not blank.
        // Past the keyword's first four bytes (cut to a character).
        let mut window = crate::forms::html::prefix(&field, 4).len();
        let mut lines_at = [0, 0];
        while j < lines.len() && TAGS_END.find(&field[window..]).is_none() {
            let next = lines[j].trim();
            if next.is_empty() || TAGS_END.find(next).is_some_and(|m| m.start() == 0) {
                break;
            }
            let after_comma = field.trim_end().ends_with(',');
            let upto = TAGS_END.find(next).map(|m| m.start()).unwrap_or(next.len());
            let codes = next[..upto]
                .split([' ', ','])
                .filter(|w| !w.is_empty())
                .all(|w| {
                    w.chars()
                        .all(|c| c.is_ascii_uppercase() || c == '-' || c == '/')
                });
            if !(after_comma || codes) {
                break;
            }
            window = window.max(lines_at[0]);
            lines_at = [lines_at[1], field.len() + 1];
            field.push('\n');
            field.push_str(next);
            j += 1;
        }
        // Cut at the next field on the same line.
        let body_from = TAGS_START
            .find(&field)
            .or_else(|| TAGS_INLINE.find(&field))
            .map(|m| m.end())
            .unwrap_or(0);
        if let Some(e) = TAGS_END.find(&field[body_from..]) {
            field.truncate(body_from + e.start());
        }
        return parse_tags(&field);
    }
    Vec::new()
}

/// Whether a line may hold the TAGS keyword (or one of its misspellings):
/// every one has `TA`, `TG` or `AG` in it, in any case (no other letter
/// folds to these three). A cheap test before
/// the keyword's regexes, whose Unicode word boundaries make every line of
/// non-ASCII text (binary read as Windows-1252) slow to search.
fn may_name_tags(line: &str) -> bool {
    let b = line.as_bytes();
    memchr::memchr2_iter(b't', b'T', b).any(|i| {
        b.get(i + 1)
            .is_some_and(|c| matches!(c, b'a' | b'A' | b'g' | b'G'))
    }) || memchr::memchr2_iter(b'a', b'A', b)
        .any(|i| b.get(i + 1).is_some_and(|c| matches!(c, b'g' | b'G')))
}

/// Split the TAGS text (after `TAGS:`) into tags, upper-cased, in order,
/// without duplicates.
///
/// Comma-separated lists keep their items (`HUMAN RIGHTS`, person tags like
/// `STEINBERG, JAMES B.` in parentheses). In space-separated lists, words that
/// are no known TAG and run together form one tag (`GOI EXTERNAL`), two such
/// words right after `OVIP` are a person (`CLINTON, HILLARY`). A word that is
/// no known TAG but several known TAGS run together (`ETRDEINVECINPGOVCS`,
/// `VTPREL`) stays one tag as the text writes it (the archive keeps it so too);
/// [`suggested_split`] names the TAGS it may stand for. Page-break lines
/// inside the field are dropped.
pub fn parse_tags(text: &str) -> Vec<String> {
    let body = TAGS_START
        .find(text)
        .or_else(|| TAGS_INLINE.find(text))
        .map(|m| &text[m.end()..])
        .unwrap_or(text);
    let body = PAGE_BREAK.replace_all(body, " ");
    let body = body.as_ref();
    let mut out: Vec<String> = Vec::new();
    // The tags in `out`, by hashing (a list of thousands is not scanned per tag).
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut push = |t: &str, out: &mut Vec<String>| {
        let t = t
            .trim()
            .trim_matches(|c: char| c == ',' || c == ';' || c == ':' || c == '-' || c == '_');
        // A person's initial keeps its period ("STEINBERG, JAMES B.").
        let t = if t.contains(", ") {
            t
        } else {
            t.trim_matches('.')
        };
        if t.is_empty() {
            return;
        }
        let t = t.to_uppercase();
        if matches!(t.as_str(), "SIPDIS" | "TAGS" | "TAG") && !out.is_empty() {
            return;
        }
        if seen.insert(t.clone()) {
            out.push(t);
        }
    };
    let comma_list = body.contains(',') || body.contains(';');
    let mut close = NextClose::default();
    let mut rest = body;
    let mut pending: Vec<&str> = Vec::new();
    let flush = |pending: &mut Vec<&str>,
                 out: &mut Vec<String>,
                 push: &mut dyn FnMut(&str, &mut Vec<String>)| {
        if pending.is_empty() {
            return;
        }
        let after_ovip = out.last().is_some_and(|l| l == "OVIP");
        if pending.len() == 1 {
            push(pending[0], out);
        } else if pending.len() == 2 && after_ovip {
            push(&format!("{}, {}", pending[0], pending[1]), out);
        } else {
            push(&pending.join(" "), out);
        }
        pending.clear();
    };
    while !rest.is_empty() {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == ',' || c == ';');
        if rest.is_empty() {
            break;
        }
        if let Some(stripped) = rest.strip_prefix('(')
            && let Some(end) = close.after(body, body.len() - stripped.len())
        {
            flush(&mut pending, &mut out, &mut push);
            push(&super::ws::join_words(&stripped[..end]), &mut out);
            rest = &stripped[end + 1..];
            continue;
        }
        if comma_list {
            let sep = rest.find([',', ';']).unwrap_or(rest.len());
            // A repeated keyword ("..., BA, TAGS: EFIN").
            let item = TAGS_START
                .find(&rest[..sep])
                .filter(|m| m.as_str().contains(':'))
                .map(|m| &rest[m.end()..sep])
                .unwrap_or(&rest[..sep]);
            // "OVIP (STEINBERG, JAMES B.)" inside an item: the person in parentheses.
            // (An unclosed `(` at the start is read as text: no endless loop.)
            if let Some(open) = item.find('(').filter(|&o| o > 0) {
                let head = &item[..open];
                for w in head.split_whitespace() {
                    push(w, &mut out);
                }
                rest = &rest[open..];
                continue;
            }
            let mut ws = item.split_whitespace();
            if let (Some(w), None) = (ws.next(), ws.clone().next()) {
                // One word (the common item): as `words.join(" ")` below, without the copies.
                push(w, &mut out);
                rest = &rest[sep..];
                continue;
            }
            let words: Vec<&str> = item.split_whitespace().collect();
            // Several known TAGS without commas between them are several tags.
            if words.len() > 1 && words.iter().all(|w| is_known(w)) {
                for w in words {
                    push(w, &mut out);
                }
            } else if words.len() > 1
                && words.iter().filter(|w| is_known(w)).count() * 2 > words.len()
            {
                // Mostly codes: read it as a space-separated list.
                let mut pend: Vec<&str> = Vec::new();
                for w in words {
                    if is_known(w) {
                        flush(&mut pend, &mut out, &mut push);
                        push(w, &mut out);
                    } else {
                        pend.push(w);
                    }
                }
                flush(&mut pend, &mut out, &mut push);
            } else {
                push(&words.join(" "), &mut out);
            }
            rest = &rest[sep..];
        } else {
            let sep = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let w = &rest[..sep];
            // A word only observed in TAGS lines (no official TAG) goes on a
            // run of other such words ("FOREIGN POL").
            let joins = !pending.is_empty() && is_observed_only(w);
            if !joins && (is_known(w) || !w.chars().any(|c| c.is_ascii_alphabetic()) || splits(w)) {
                flush(&mut pending, &mut out, &mut push);
                push(w, &mut out);
            } else {
                pending.push(w);
            }
            rest = &rest[sep..];
        }
    }
    flush(&mut pending, &mut out, &mut push);
    out
}

/// The next `)` at or after a position of a text, as `text[from..].find(')')`
/// (relative to `from`), for positions that only grow: the text is searched
/// once, not again from every `(` (a field of unclosed parentheses once cost
/// the square of its length).
#[derive(Default)]
struct NextClose {
    /// The last answer: the `)`'s position in the text (`None`: none up to the end).
    found: Option<Option<usize>>,
}

impl NextClose {
    fn after(&mut self, text: &str, from: usize) -> Option<usize> {
        let at = match self.found {
            Some(Some(p)) if p >= from => Some(p),
            Some(None) => None,
            _ => {
                let p = memchr::memchr(b')', &text.as_bytes()[from..]).map(|i| from + i);
                self.found = Some(p);
                p
            }
        };
        at.map(|p| p - from)
    }
}

/// Whether a word is a known TAG.
fn is_known(w: &str) -> bool {
    let w = w
        .trim_matches(|c: char| !c.is_ascii_alphanumeric())
        .to_ascii_uppercase();
    crate::tables::tag(&w).is_some()
}

/// Whether a word is in the TAGS table only as observed in cables (a person,
/// a misspelling, an ad-hoc word), not as an official TAG.
fn is_observed_only(w: &str) -> bool {
    let w = w
        .trim_matches(|c: char| !c.is_ascii_alphanumeric())
        .to_ascii_uppercase();
    crate::tables::tag(&w).is_some_and(|e| e.kind == "observed_other")
}

/// Whether a word is an official TAG (not only observed in cables).
fn is_official(w: &str) -> bool {
    crate::tables::tag(w).is_some_and(|e| e.kind != "observed_other")
}

/// Whether a word is several known TAGS run together.
fn splits(w: &str) -> bool {
    split_run_together(&w.to_ascii_uppercase()).len() > 1
}

/// The TAGS a tag written as one word may stand for, when it is no official
/// TAG but several run together (`VTPREL` -> `VT`, `PREL`;
/// `ETRDEINVECINPGOVCS` -> `ETRD`, `EINV`, `ECIN`, `PGOV`, `CS`). A
/// suggestion for a diagnostic: the record keeps the tag as written.
pub fn suggested_split(tag: &str) -> Option<Vec<String>> {
    // (Only a word of five letters or more can be several TAGS: the others
    // are answered without a copy.)
    if tag.len() < 5 || !tag.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let pieces = split_run_together(&tag.to_ascii_uppercase());
    (pieces.len() > 1).then_some(pieces)
}

/// `ETRDEINVECINPGOVCS` -> `ETRD EINV ECIN PGOV CS`: a word that is no known
/// TAG but a sequence of known four-letter TAGS (a two-letter country code
/// may stand at either end). Other words
/// come back whole.
fn split_run_together(t: &str) -> Vec<String> {
    let b = t.as_bytes();
    if b.len() < 5 || !b.iter().all(u8::is_ascii_uppercase) || is_official(t) {
        return vec![t.to_string()];
    }
    // best[i]: fewest pieces covering t[..i].
    let n = b.len();
    let mut best: Vec<Option<(usize, usize)>> = vec![None; n + 1];
    best[0] = Some((0, 0));
    for i in 0..n {
        let Some((count, _)) = best[i] else { continue };
        for len in 2..=4.min(n - i) {
            let piece = &t[i..i + len];
            // Two- and three-letter country codes only at either end ("PHUMBA", "VEPREL").
            if (len < 4 && i != 0 && i + len != n) || len == 3 || len > 4 {
                continue;
            }
            if is_official(piece) {
                let cand = (count + 1, i);
                if best[i + len].is_none_or(|b| b.0 > cand.0) {
                    best[i + len] = Some(cand);
                }
            }
        }
    }
    let Some(_) = best[n] else {
        return vec![t.to_string()];
    };
    let mut pieces = Vec::new();
    let mut end = n;
    while end > 0 {
        let (_, start) = best[end].unwrap_or((0, 0));
        pieces.push(t[start..end].to_string());
        end = start;
    }
    pieces.reverse();
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags() {
        assert_eq!(
            parse_tags("TAGS: PREL PHUM PGOV ELAB KCRM KWMN MY"),
            ["PREL", "PHUM", "PGOV", "ELAB", "KCRM", "KWMN", "MY"]
        );
        assert_eq!(
            parse_tags("TAGS PGOV, PINS, ZI, MDC, ZANU-PF"),
            ["PGOV", "PINS", "ZI", "MDC", "ZANU-PF"]
        );
        assert_eq!(
            parse_tags("TAGS: PINS, GR, (KALOUDIS, NICK), (AMBATIELOS, ANTHONY)"),
            ["PINS", "GR", "KALOUDIS, NICK", "AMBATIELOS, ANTHONY"]
        );
        assert_eq!(parse_tags("TAGS: something"), ["SOMETHING"]);
    }

    #[test]
    fn tags_in_texts() {
        assert_eq!(
            tags_in_text("TAGS something, \nhere"),
            ["SOMETHING", "HERE"]
        );
        assert_eq!(tags_in_text("TAGS: something\nhere"), ["SOMETHING"]);
        assert_eq!(tags_in_text("tAgs something"), ["SOMETHING"]);
        assert_eq!(
            tags_in_text("E.O. 12356: DECL:  OADR \nTAGS;  PGOV, TU \nSUBJ: X"),
            ["PGOV", "TU"]
        );
        assert_eq!(
            tags_in_text("E.O. 12958: N/A \nTAS: ECON, ETRD, IS, JO \nSUBJECT: X"),
            ["ECON", "ETRD", "IS", "JO"]
        );
        assert_eq!(
            tags_in_text("DECL: 08/22/2017 AGS: PGOV, PREL, AR"),
            ["PGOV", "PREL", "AR"]
        );
        assert_eq!(
            tags_in_text(
                "E.O. 12958: N/A TAGS: KFRDKIRFCVISCMGTKOCIASECPHUMSMIGEG\n\nSUBJECT: X REF: CAIRO 2178"
            ),
            ["KFRDKIRFCVISCMGTKOCIASECPHUMSMIGEG"]
        );
        assert_eq!(
            suggested_split("KFRDKIRFCVISCMGTKOCIASECPHUMSMIGEG").unwrap(),
            [
                "KFRD", "KIRF", "CVIS", "CMGT", "KOCI", "ASEC", "PHUM", "SMIG", "EG"
            ]
        );
        assert_eq!(suggested_split("VTPREL").unwrap(), ["VT", "PREL"]);
        assert_eq!(suggested_split("PREL"), None);
        assert_eq!(suggested_split("ITALIAN"), None);
        assert_eq!(
            tags_in_text(
                "TAGS: OVIP RICE CONDOLEEZZA PREL PHSA SP KV CU\nBL, IS\nSUBJECT: Secretary Rice"
            ),
            [
                "OVIP",
                "RICE, CONDOLEEZZA",
                "PREL",
                "PHSA",
                "SP",
                "KV",
                "CU",
                "BL",
                "IS"
            ]
        );
        assert_eq!(
            tags_in_text("TAGS: PREL PGOV PHUM VT PGOV PHUM VT VE VEPREL\nSUBJECT: X"),
            ["PREL", "PGOV", "PHUM", "VT", "VE", "VEPREL"]
        );
        assert_eq!(
            tags_in_text(
                "TAGS: PREL, ETRD, IT                          SECRET       PAGE 02        ROME  03067  211833Z \nSUBJECT: X"
            ),
            ["PREL", "ETRD", "IT"]
        );
        assert_eq!(
            tags_in_text("TAGS PGOV, PREL, KWBG, IR, IS, COUNTERTERRORISM, GOI EXTERNAL "),
            [
                "PGOV",
                "PREL",
                "KWBG",
                "IR",
                "IS",
                "COUNTERTERRORISM",
                "GOI EXTERNAL"
            ]
        );
        assert_eq!(
            tags_in_text("TAGS: IS KMDR MEDIA REACTION REPORT"),
            ["IS", "KMDR", "MEDIA REACTION REPORT"]
        );
        // Words that are not TAGS are not split into two-letter codes.
        assert_eq!(
            tags_in_text("TAGS: PREL ITALIAN POLITICS"),
            ["PREL", "ITALIAN POLITICS"]
        );
    }
}
