//! The ACP-127 transmission envelope: format lines 1-9 (`VZCZC` ... `INFO`),
//! and the older distribution block (`PAGE 01`, `ACTION`, `INFO LOG-00`).

use std::sync::LazyLock;

use regex::Regex;

use super::address;
use super::format_lines;
use super::lines::Line;
use crate::dtg::{DateTime, parse_dtg};
use crate::record::{Addressee, Envelope, Precedence, Removed};
use crate::tables::{origins, routing_indicator};

/// What the envelope yields besides the `Envelope` record.
#[derive(Debug, Default)]
pub struct EnvelopeParse {
    /// The envelope, when any format line was found.
    pub envelope: Option<Envelope>,
    /// Date-time group.
    pub dtg: Option<DateTime>,
    /// Precedence.
    pub precedence: Option<Precedence>,
    /// TO / INFO / XMT addressees.
    pub addressees: Vec<Addressee>,
    /// Index of the first line after the envelope.
    pub end: usize,
}

static FL1: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^VZCZC([A-Z]{3})?(\d+)?").unwrap());
static FL2: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(ZZ|OO|PP|RR|NN|YY)((?:\s+R[A-Z]{3,6})+)\s*$").unwrap());
static RI_ONLY: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(?:R[A-Z]{3,6}\s*)+$").unwrap());
static FL3: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^DE\s+([A-Z]{4,7})\s*#\s*(\d+)(?:/(\d+))?(?:\s+(\d{7}))?").unwrap()
});
static FL4: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(ZN[YR])\s+([A-Z]{5}(?:/[A-Z]{5})?)\s*(.*)$").unwrap());
static FL5: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([ZOPR])(?:\s+([ZOPR]))?\s+\d{6}\s?Z\s+(?i:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)[A-Za-z]*\s+\d{2,4}\b(.*)$").unwrap()
});
static BARE_DTG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\d{6}\s?Z\s+(?i:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)[A-Za-z]*\s+\d{2,4}\s*$",
    )
    .unwrap()
});
static ADDR_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(FM|TO|INFO|XMT|ZEN|BCC)\s+(.*)$").unwrap());
static DIST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?:PAGE\s+\d{1,3}\b.*|ACTION\s+[A-Z0-9/-]+-\d{2}.*|INFO\s+(?:[A-Z0-9/]+-\d{2}\s*)+|",
        r"(?:[A-Z0-9/]+-\d{2}\s*)+(?:/\d{2,3}\s?[A-Z]?)?|/\d{2,3}\s*[A-Z]?|-{4,}.*|\d{1,3}|",
        r"(?:UNCLASSIFIED|CONFIDENTIAL|SECRET|LIMITED OFFICIAL USE|UNCLAS)(?:\s+[A-Z]{3}\d{3,5})?|",
        r"(?i:THIS RECORD IS A PARTIAL EXTRACT.*)|ORIGIN\s+[A-Z]+-\d{2}.*|",
        r"(?:DRAFTED|APPROVED|CLEARED)\s+BY\b.*)$"
    ))
    .unwrap()
});
static PRECEDENCE_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\s+((?:NIACT\s+)?(?:IMMEDIATE|PRIORITY|ROUTINE|FLASH)|IMMED)\b(?:\s+(\d{1,5}(?:\s*-\s*\d{1,5})?))?\s*$").unwrap()
});
static TRAILING_SERIAL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s+(\d{3,5}(?:\s*-\s*\d{3,5})?)\s*$").unwrap());
static RI_SLASH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([A-Z]{4,7})\s*/\s*(.+)$").unwrap());

/// The groups of [`ADDR_LINE`] (key word, rest): read by hand where
/// [`address::addr_line`] decides, else by the regex.
fn addr_line(t: &str) -> Option<(&str, &str)> {
    match address::addr_line(t) {
        Ok(g) => g,
        Err(address::Undecided) => ADDR_LINE.captures(t).map(|c| {
            (
                c.get(1).map_or("", |m| m.as_str()),
                c.get(2).map_or("", |m| m.as_str()),
            )
        }),
    }
}

/// The groups of [`RI_SLASH`] (routing indicator, address): read by hand
/// where [`address::ri_slash`] decides, else by the regex.
fn ri_slash(t: &str) -> Option<(&str, &str)> {
    match address::ri_slash(t) {
        Ok(g) => g,
        Err(address::Undecided) => RI_SLASH.captures(t).map(|c| {
            (
                c.get(1).map_or("", |m| m.as_str()),
                c.get(2).map_or("", |m| m.as_str()),
            )
        }),
    }
}

/// The groups of a format-line regex: read by hand where `hand` decides
/// (see [`format_lines`]), else by the regex.
fn format_line(
    re: &Regex,
    hand: fn(&str) -> Result<Option<format_lines::Groups>, format_lines::Undecided>,
    t: &str,
) -> Option<format_lines::Groups> {
    match hand(t) {
        Ok(g) => g,
        Err(format_lines::Undecided) => re
            .captures(t)
            .map(|c| std::array::from_fn(|i| c.get(i).map(|m| m.range()))),
    }
}

fn precedence_name(c: &str) -> &'static str {
    match c {
        "Z" | "ZZ" => "FLASH",
        "O" | "OO" => "IMMEDIATE",
        "P" | "PP" => "PRIORITY",
        "R" | "RR" => "ROUTINE",
        _ => "UNKNOWN",
    }
}

/// Whether a line is a recognised envelope line of any kind.
fn is_envelope_start(t: &str) -> bool {
    (may_fl1(t) && FL1.is_match(t))
        || (may_fl2(t) && FL2.is_match(t))
        || (may_fl3(t) && FL3.is_match(t))
        || (may_fl4(t) && FL4.is_match(t))
        || (may_fl5(t) && FL5.is_match(t))
}

// Cheap necessary conditions for the format-line patterns: how each starts.
fn may_fl1(t: &str) -> bool {
    t.starts_with("VZCZC")
}
fn may_fl2(t: &str) -> bool {
    let b = t.as_bytes();
    b.len() >= 2 && b[0] == b[1] && matches!(b[0], b'Z' | b'O' | b'P' | b'R' | b'N' | b'Y')
}
fn may_fl3(t: &str) -> bool {
    t.starts_with("DE")
}
fn may_fl4(t: &str) -> bool {
    t.starts_with("ZN")
}
fn may_fl5(t: &str) -> bool {
    matches!(t.as_bytes().first(), Some(b'Z' | b'O' | b'P' | b'R'))
}
/// (`\d` is any Unicode digit.)
fn may_bare_dtg(t: &str) -> bool {
    t.as_bytes()
        .first()
        .is_some_and(|&b| b.is_ascii_digit() || b >= 0x80)
}
fn may_addr_line(t: &str) -> bool {
    matches!(
        t.as_bytes().first(),
        Some(b'F' | b'T' | b'I' | b'X' | b'Z' | b'B')
    )
}
/// [`DIST`] starts with a capital, a digit (any Unicode digit), `/`, `-` or
/// `t` (`this record`, in any case).
fn may_dist(t: &str) -> bool {
    t.as_bytes().first().is_some_and(|&b| {
        b.is_ascii_uppercase() || b.is_ascii_digit() || b >= 0x80 || matches!(b, b'/' | b'-' | b't')
    })
}

/// Parse the envelope at the top of `lines`. Lines that are recognised but
/// are not addresses (distribution blocks, partial-record notes) are added to
/// `removed`.
pub fn parse_envelope(lines: &[Line], removed: &mut Vec<Removed>) -> EnvelopeParse {
    // Look for the envelope among the first lines: it is at the top or nowhere.
    let first_text = lines
        .iter()
        .position(|l| !l.is_blank())
        .unwrap_or(lines.len());
    if first_text >= lines.len() {
        return EnvelopeParse {
            end: lines.len(),
            ..Default::default()
        };
    }
    let start = lines[first_text..]
        .iter()
        .enumerate()
        .take(60)
        .filter(|(_, l)| !l.is_blank())
        .take(12)
        .find(|(_, l)| {
            let t = l.trim();
            // A bare date-time group (`301931Z OCT 09`) opens a copy's header too.
            is_envelope_start(t)
                || t.starts_with("FM ")
                || (may_dist(t) && DIST.is_match(t))
                || (may_bare_dtg(t) && BARE_DTG.is_match(t))
        })
        .map(|(k, _)| first_text + k);
    if let Some(start) = start
        && let Some(out) = parse_envelope_at(lines, start, removed)
    {
        return out;
    }
    // A printout's own header may stand above the envelope (`TELEGRAM June 03, 2003`,
    // `To: / Action: / From:`): a VZCZC or DE line further down still opens one.
    let deeper = lines[first_text..]
        .iter()
        .enumerate()
        .take(120)
        .find(|(_, l)| {
            let t = l.trim();
            (may_fl1(t) && FL1.is_match(t)) || (may_fl3(t) && FL3.is_match(t))
        })
        .map(|(k, _)| first_text + k);
    if let Some(start) = deeper
        && start > first_text
        && let Some(out) = parse_envelope_at(lines, start, removed)
    {
        return out;
    }
    EnvelopeParse::default()
}

/// Parse an envelope whose first line is `lines[start]`; `None` when no envelope line is there.
fn parse_envelope_at(
    lines: &[Line],
    start: usize,
    removed: &mut Vec<Removed>,
) -> Option<EnvelopeParse> {
    let mut env = Envelope::default();
    let mut out = EnvelopeParse::default();
    let mut seen = false;
    let mut mode: Option<&'static str> = None;
    // Lines above the envelope (a site's headline, a title) are kept as removed text.
    let mut pending_removed: Vec<Removed> = lines[..start]
        .iter()
        .filter(|l| !l.is_blank())
        .map(|l| Removed {
            kind: "before_envelope".into(),
            text: l.trim().to_string(),
            line: Some(l.no),
        })
        .collect();
    let mut last_consumed = 0usize;
    let mut i = start;
    while i < lines.len() {
        let line = &lines[i];
        let t = line.trim();
        if t.is_empty() {
            i += 1;
            continue;
        }
        if may_fl1(t)
            && let Some(g) = format_line(&FL1, format_lines::fl1, t)
        {
            env.channel = g[1].clone().map(|r| t[r].to_string());
            env.sequence = g[2].clone().map(|r| t[r].to_string());
            env.raw.push(t.to_string());
            seen = true;
            mode = None;
        } else if let Some(c) = may_fl2(t)
            .then(|| FL2.captures(t))
            .flatten()
            .filter(|_| mode.is_none())
        {
            env.relay_precedence = Some(c[1].to_string());
            env.relay
                .extend(c[2].split_whitespace().map(str::to_string));
            env.raw.push(t.to_string());
            seen = true;
            // Continuation lines carry only routing indicators.
            while i + 1 < lines.len()
                && RI_ONLY.is_match(lines[i + 1].trim())
                && !lines[i + 1].is_blank()
            {
                i += 1;
                env.relay
                    .extend(lines[i].trim().split_whitespace().map(str::to_string));
                env.raw.push(lines[i].trim().to_string());
            }
        } else if let Some(g) = may_fl3(t)
            .then(|| format_line(&FL3, format_lines::fl3, t))
            .flatten()
        {
            let group = |i: usize| g[i].clone().map(|r| t[r].to_string());
            env.station_ri = Some(group(1).unwrap_or_default());
            env.station_serial = Some(group(2).unwrap_or_default());
            env.section = group(3);
            env.julian = group(4);
            env.raw.push(t.to_string());
            seen = true;
            mode = None;
        } else if let Some(g) = may_fl4(t)
            .then(|| format_line(&FL4, format_lines::fl4, t))
            .flatten()
            .filter(|_| mode.is_none())
        {
            let group = |i: usize| g[i].clone().map_or("", |r| &t[r]);
            env.security = Some(format!("{} {}", group(1), group(2)));
            env.operating_signals
                .extend(group(3).split_whitespace().map(str::to_string));
            env.raw.push(t.to_string());
            seen = true;
        } else if let Some(c) = may_fl5(t).then(|| FL5.captures(t)).flatten() {
            // No address line looks like `R 041338Z AUG 06`: a DTG line ends any address block.
            mode = None;
            if let Some((dt, _)) = parse_dtg(t) {
                out.dtg = Some(dt);
                env.dtg = Some(
                    t[c.get(1).unwrap().end()..]
                        .trim_start_matches([' ', 'Z', 'O', 'P', 'R'])
                        .to_string(),
                );
                if let Some((_, r)) = parse_dtg(t) {
                    env.dtg = Some(t[r].to_string());
                }
            }
            out.precedence = Some(Precedence {
                action: Some(precedence_name(&c[1]).to_string()),
                info: c.get(2).map(|m| precedence_name(m.as_str()).to_string()),
            });
            env.operating_signals.extend(
                c[3].split_whitespace()
                    .map(|s| s.trim_matches('/').to_string())
                    .filter(|s| !s.is_empty()),
            );
            env.raw.push(t.to_string());
            seen = true;
        } else if may_bare_dtg(t) && BARE_DTG.is_match(t) && out.dtg.is_none() && mode.is_none() {
            out.dtg = parse_dtg(t).map(|x| x.0);
            env.dtg = Some(t.to_string());
            env.raw.push(t.to_string());
            seen = true;
        } else if let Some((key, rest)) = may_addr_line(t).then(|| addr_line(t)).flatten() {
            let rest = rest.trim();
            if key == "INFO" && may_dist(t) && DIST.is_match(t) && mode.is_none() {
                pending_removed.push(Removed {
                    kind: "distribution".into(),
                    text: t.to_string(),
                    line: Some(line.no),
                });
                i += 1;
                last_consumed = i;
                continue;
            }
            env.raw.push(t.to_string());
            seen = true;
            match key {
                "FM" => {
                    env.from = Some(rest.to_string());
                    mode = Some("fm");
                }
                "TO" => {
                    mode = Some("to");
                    out.addressees.push(addressee("to", rest));
                }
                "INFO" => {
                    mode = Some("info");
                    out.addressees.push(addressee("info", rest));
                }
                "XMT" => {
                    mode = Some("xmt");
                    out.addressees.push(addressee("xmt", rest));
                }
                _ => {
                    mode = Some("info");
                    out.addressees.push(addressee("info", rest));
                }
            }
        } else if t == "BT" || t == "NNNN" || t.starts_with("ZEX ") {
            env.raw.push(t.to_string());
            mode = None;
        } else if super::is_header_separator(t) {
            // The header ends here, whatever follows (a page's separator).
            break;
        } else if matches!(mode, Some("to" | "info" | "xmt"))
            && !super::first_line::looks_like_first_line(t)
            && (!ends_address_block(t) || first_line_follows(&lines[i + 1..]))
        {
            env.raw.push(t.to_string());
            let role = mode.unwrap_or("info");
            out.addressees.push(addressee(role, t));
        } else if may_dist(t)
            && DIST.is_match(t)
            && (!super::first_line::looks_like_first_line(t)
                || (!seen && super::first_line::parse_class_only(t).is_some()))
        {
            // A lone classification word above the envelope (`UNCLAS` before `VZCZC`) is kept
            // as removed text with the distribution lines.
            pending_removed.push(Removed {
                kind: "distribution".into(),
                text: t.to_string(),
                line: Some(line.no),
            });
        } else {
            break;
        }
        i += 1;
        last_consumed = i;
    }
    if !seen {
        return None;
    }
    removed.append(&mut pending_removed);
    out.end = last_consumed;
    out.envelope = Some(env);
    Some(out)
}

/// Whether a line after TO / INFO addresses cannot be one, so the envelope
/// ends above it when no first text line follows (it is missing or damaged): a
/// preamble field (E.O., TAGS, SUBJECT), a caption line (`SIPDIS`, in any
/// case), a numbered or marked paragraph, or a copy's date preface
/// (`Cable dated:2009-03-31T14:44:00`).
fn ends_address_block(t: &str) -> bool {
    let t = t.trim();
    let para = {
        let s = t.trim_start_matches('¶');
        let digits = s.bytes().take_while(u8::is_ascii_digit).count();
        (s.len() < t.len() && digits > 0)
            || (digits > 0 && digits <= 3 && s[digits..].starts_with(". ("))
    };
    super::preamble::is_field_line(t)
        || super::preamble::is_caption_line(&t.to_ascii_uppercase())
        || para
        || t.to_ascii_lowercase().starts_with("cable dated")
}

/// Whether a first text line follows within the next few lines (a copy's
/// labels, `Class:` / `Tags:`, may stand between the addresses and it).
fn first_line_follows(lines: &[Line]) -> bool {
    lines
        .iter()
        .filter(|l| !l.is_blank())
        .take(12)
        .any(|l| super::first_line::looks_like_first_line(l.trim()))
}

/// Parse one address line: `RUEHC/SECSTATE WASHDC IMMEDIATE 9638`.
fn addressee(role: &str, text: &str) -> Addressee {
    let mut rest = text.trim().trim_end_matches(',').to_string();
    let mut precedence = None;
    let mut serial = None;
    let may_precedence = ["IMMED", "PRIORITY", "ROUTINE", "FLASH"]
        .iter()
        .any(|w| memchr::memmem::find(rest.as_bytes(), w.as_bytes()).is_some());
    let ends_in_digit = rest
        .trim_end()
        .as_bytes()
        .last()
        .is_some_and(u8::is_ascii_digit);
    if let Some(c) = may_precedence
        .then(|| PRECEDENCE_WORDS.captures(&rest))
        .flatten()
    {
        precedence = Some(
            c[1].replace("IMMED", "IMMEDIATE")
                .replace("IMMEDIATEIATE", "IMMEDIATE"),
        );
        serial = c.get(2).map(|m| m.as_str().replace(' ', ""));
        rest.truncate(c.get(0).unwrap().start());
    } else if let Some(c) = ends_in_digit
        .then(|| TRAILING_SERIAL.captures(&rest))
        .flatten()
    {
        serial = Some(c[1].replace(' ', ""));
        rest.truncate(c.get(0).unwrap().start());
    }
    let has_slash = memchr::memchr(b'/', rest.as_bytes()).is_some();
    let (ri, address) = match has_slash.then(|| ri_slash(&rest)).flatten() {
        Some((ri, addr)) if ri.starts_with('R') => (Some(ri.to_string()), addr.trim().to_string()),
        _ => (None, rest.trim().to_string()),
    };
    let (mut post, mut country) = (None, None);
    let plain = address.split("//").next().unwrap_or("").trim();
    if let Some(o) = origins().by_plad(plain) {
        post = Some(o.id.clone());
        country = Some(o.country.clone()).filter(|c| !c.is_empty());
    } else if let Some(r) = ri.as_deref().and_then(routing_indicator) {
        if let Some(o) = origins().by_ri(&r.ri).next() {
            post = Some(o.id.clone());
        }
        country = Some(r.country.clone()).filter(|c| !c.is_empty());
    }
    Addressee {
        role: role.to_string(),
        ri,
        address,
        precedence,
        serial,
        post,
        country,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::lines::split_lines;

    #[test]
    fn address_patterns_read_as_the_regexes() {
        let mut lines: Vec<String> = [
            "TO RUEHC/SECSTATE WASHDC IMMEDIATE 9638",
            "TO  ",
            "TO",
            "TOX",
            "INFO\tRUEHAK/AMEMBASSY ANKARA",
            "FM AMEMBASSY X",
            "ZEN/AMCONSUL X",
            "BCC X",
            "XMT AMEMBASSY Y",
            "RUEHC / SECSTATE",
            "RUEHC/",
            "RUEHC/ ",
            "RUEHC/  \t",
            "RUE/X",
            "RUEHCABC/X",
            "RUEHCAB/X",
            "RUEHC /X/Y",
            "TO\u{a0}X",
            "RUEHC/\u{a0}",
            "TO X\nY",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let chars: Vec<char> = "TOINFMRUEHC/ \tx\u{a0}".chars().collect();
        lines.extend(
            crate::random_text::random_strings(&chars, 0x1234_5678_9abc_def1, 100_000, 12)
                .into_iter()
                .map(|(_, s)| s),
        );
        let by_regex =
            |re: &Regex, t: &str| re.captures(t).map(|c| (c[1].to_string(), c[2].to_string()));
        let owned = |g: Option<(&str, &str)>| g.map(|(a, b)| (a.to_string(), b.to_string()));
        for l in &lines {
            assert_eq!(owned(addr_line(l)), by_regex(&ADDR_LINE, l), "{l:?}");
            assert_eq!(owned(ri_slash(l)), by_regex(&RI_SLASH, l), "{l:?}");
            if let Ok(g) = address::addr_line(l) {
                assert_eq!(owned(g), by_regex(&ADDR_LINE, l), "{l:?}");
            }
            if let Ok(g) = address::ri_slash(l) {
                assert_eq!(owned(g), by_regex(&RI_SLASH, l), "{l:?}");
            }
        }
    }

    #[test]
    fn format_lines_read_as_the_regexes() {
        let mut lines: Vec<String> = [
            "VZCZC",
            "VZCZCXRO4814",
            "VZCZCAB1",
            "VZCZCABC",
            "VZCZC123",
            "VZCZCABCD12",
            "DE RUEHNR #4427/01 3171443",
            "DE RUEHC #0927 0901915",
            "DE  RUEHKL#1145",
            "DE RUEHKLABC #1",
            "DE RUE #1",
            "DE RUEHC # 12/ 1234567",
            "DE RUEHC #12/x 1234567",
            "DE RUEHC #12 123456",
            "DE RUEHC #12 12345678",
            "DE RUEHC #",
            "DERUEHC #1",
            "ZNY CCCCC ZZH",
            "ZNR UUUUU",
            "ZNY CCCCC/SSSSS  ZZH X",
            "ZNY CCCC ZZH",
            "ZNY CCCCCC",
            "ZNY CCCCC/SSSS",
            "ZNYCCCCC",
            "ZNY CCCCC\nX",
            "VZCZC١",
            "DE RUEHC #١",
            "ZNY CCCCC é",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let chars: Vec<char> = "VZCDENRUYH#/ 0123\t".chars().collect();
        for (x, tail) in
            crate::random_text::random_strings(&chars, 0x5eed_0ff1_ee70_0001, 100_000, 16)
        {
            let head = ["VZCZC", "DE ", "ZNY ", "ZNR ", ""][(x >> 40) as usize % 5];
            lines.push(format!("{head}{tail}"));
        }
        let by_regex = |re: &Regex, t: &str| -> Option<format_lines::Groups> {
            re.captures(t)
                .map(|c| std::array::from_fn(|i| c.get(i).map(|m| m.range())))
        };
        type Hand = fn(&str) -> Result<Option<format_lines::Groups>, format_lines::Undecided>;
        let pairs: [(&Regex, Hand); 3] = [
            (&FL1, format_lines::fl1),
            (&FL3, format_lines::fl3),
            (&FL4, format_lines::fl4),
        ];
        for l in &lines {
            for (re, hand) in pairs {
                if let Ok(g) = hand(l) {
                    assert_eq!(g, by_regex(re, l), "{l:?}");
                }
                assert_eq!(format_line(re, hand, l), by_regex(re, l), "{l:?}");
            }
        }
    }

    #[test]
    fn partial_extract_with_mixed_case_dtg() {
        // cables.csv / WikiLeaks partial records: the note, then a bare DTG in mixed case.
        let text = "This record is a partial extract of the original cable. The full text of the original cable is not available.\n\n281413Z Jul 03\n\nC O N F I D E N T I A L ANKARA 004767\n";
        let mut r = Vec::new();
        let lines = split_lines(text, &mut r);
        let e = parse_envelope(&lines, &mut r);
        assert_eq!(e.dtg.unwrap().iso(), "2003-07-28T14:13:00Z");
        assert!(
            lines[e.end..]
                .iter()
                .find(|l| !l.is_blank())
                .unwrap()
                .text
                .starts_with("C O N F")
        );
    }

    #[test]
    fn classification_word_and_mail_lines_above_the_envelope() {
        let text = "Sent: Monday, February 18, 2008 9:42 PM\nSubject: TRIPOLI 00000126 R UN 18-FEB-08\n\nUNCLAS\n\nVZCZCXRO0782\nRR RUEHTRO\nDE RUEHTRO #0126 0491942\nZNR UUUUU ZZH\nR 181942Z FEB 08\nFM AMEMBASSY TRIPOLI\nTO RUEHC/SECSTATE WASHDC 3095\n\nUNCLAS TRIPOLI 000126\n";
        let mut r = Vec::new();
        let lines = split_lines(text, &mut r);
        let e = parse_envelope(&lines, &mut r);
        assert_eq!(e.envelope.unwrap().station_ri.as_deref(), Some("RUEHTRO"));
        assert!(
            lines[e.end..]
                .iter()
                .find(|l| !l.is_blank())
                .unwrap()
                .text
                .starts_with("UNCLAS TRIPOLI")
        );
    }

    #[test]
    fn older_distribution_block() {
        let text = "PAGE 01        HARARE  06677  01 OF 03  291400Z\nACTION AF-00\n\nINFO  LOG-00   NP-00    AID-00\n      SAS-00   SWCI-00    /012W\n                  ------------------A54E38  291401Z /38\nFM AMEMBASSY HARARE\nTO SECSTATE WASHDC IMMEDIATE 7738\nINFO NSC WASHDC IMMEDIATE\n\nC O N F I D E N T I A L SECTION 01 OF 03 HARARE 006677\n";
        let mut r = Vec::new();
        let lines = split_lines(text, &mut r);
        let e = parse_envelope(&lines, &mut r);
        assert_eq!(
            e.envelope.unwrap().from.as_deref(),
            Some("AMEMBASSY HARARE")
        );
        assert!(
            lines[e.end..]
                .iter()
                .find(|l| !l.is_blank())
                .unwrap()
                .text
                .starts_with("C O N F")
        );
    }

    #[test]
    fn envelope_below_a_printout_header() {
        let text = "null\nDiana T Fritz  03/21/2007 05:47:09 PM  From  DB/Inbox:  Search Results\n\nCable\nText:\nCONFIDENTIAL\n\nSIPDIS\nTELEGRAM       June 03, 2003\n\nTo:       No Action Addressee\nTAGS:     PREL, EPET\n_____\nC O N F I D E N T I A L        ABU DHABI 02641\n\nSIPDIS\nCXABU:\n    ACTION: POL\n\nVZCZCADI319\nOO RUEHC RUEHAM\nDE RUEHAD #2641 1541250\nZNY CCCCC ZZH\nO 031250Z JUN 03\nFM AMEMBASSY ABU DHABI\nTO RUEHC/SECSTATE WASHDC IMMEDIATE 0227\n\nC O N F I D E N T I A L ABU DHABI 002641\n";
        let mut r = Vec::new();
        let lines = split_lines(text, &mut r);
        let e = parse_envelope(&lines, &mut r);
        assert_eq!(e.envelope.unwrap().station_ri.as_deref(), Some("RUEHAD"));
        assert_eq!(e.dtg.unwrap().iso(), "2003-06-03T12:50:00Z");
        assert!(
            r.iter()
                .any(|x| x.kind == "before_envelope" && x.text.starts_with("TELEGRAM"))
        );
        assert!(
            lines[e.end..]
                .iter()
                .find(|l| !l.is_blank())
                .unwrap()
                .text
                .ends_with("002641")
        );
    }

    #[test]
    fn seed_envelope() {
        let text = "\n\nVZCZCXRO3118\nOO RUEHCHI RUEHDT RUEHHM RUEHNH\nDE RUEHKL #1145/01 1970138\nZNY CCCCC ZZH\nO 160138Z JUL 07\nFM AMEMBASSY KUALA LUMPUR\nTO RUEHC/SECSTATE WASHDC IMMEDIATE 9638\nINFO RUCNASE/ASEAN MEMBER COLLECTIVE PRIORITY\n\nC O N F I D E N T I A L SECTION 01 OF 03 KUALA LUMPUR 001145\n";
        let mut r = Vec::new();
        let lines = split_lines(text, &mut r);
        let e = parse_envelope(&lines, &mut r);
        let env = e.envelope.unwrap();
        assert_eq!(env.station_ri.as_deref(), Some("RUEHKL"));
        assert_eq!(env.section.as_deref(), Some("01"));
        assert_eq!(e.dtg.unwrap().iso(), "2007-07-16T01:38:00Z");
        assert_eq!(e.addressees.len(), 2);
        assert_eq!(e.addressees[0].ri.as_deref(), Some("RUEHC"));
        assert_eq!(e.addressees[0].precedence.as_deref(), Some("IMMEDIATE"));
        assert_eq!(e.addressees[0].serial.as_deref(), Some("9638"));
        assert!(
            lines[e.end..]
                .iter()
                .find(|l| !l.is_blank())
                .unwrap()
                .text
                .starts_with("C O N F")
        );
    }

    #[test]
    fn addresses_end_at_the_preamble_without_a_first_line() {
        // The copy lost its first text line: SIPDIS, E.O. and TAGS are no addressees.
        let text = "VZCZCXYZ0000\nDE RUEHLP #3262 3491950\nZNY CCCCC ZZH\nO 151950Z DEC 07\nFM AMEMBASSY LA PAZ\nTO RUEHC/SECSTATE WASHDC IMMEDIATE 6021\nINFO RHMFISS/HQ USSOUTHCOM MIAMI FL\nSipdis\n\nE.O. 12958: DECL: 12/15/2027\nTAGS: ASEC PREL\nSUBJECT: X\n";
        let mut r = Vec::new();
        let lines = split_lines(text, &mut r);
        let e = parse_envelope(&lines, &mut r);
        assert_eq!(e.addressees.len(), 2);
        assert_eq!(lines[e.end].text, "Sipdis");
        for t in [
            "Cable dated:2009-03-31T14:44:00",
            "¶7. (C) Moussa met",
            "1. (C) Text",
            "TAGS: PREL",
        ] {
            assert!(ends_address_block(t), "{t}");
        }
        for t in [
            "RUEHC/SECSTATE WASHDC 0996",
            "AMEMBASSY TRIPOLI IMMEDIATE",
            "SECDEF WASHINGTON DC PRIORITY",
            "USMISSION USNATO 1234",
            "STATE",
        ] {
            assert!(!ends_address_block(t), "{t}");
        }
    }
}
