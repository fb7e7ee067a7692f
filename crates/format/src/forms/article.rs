//! News articles (and other prose documents): headline, date, source, byline
//! and body text, read from plain text. HTML pages are read in
//! [`super::html`], which fills what the page's markup says first.

use std::sync::LazyLock;

use regex::Regex;

use crate::record::ArticleMeta;

const MONTHS: &str = r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)";

static MDY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b{MONTHS}\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)\b"
    ))
    .unwrap()
});
static DMY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+{MONTHS}\.?,?\s+((?:19|20)\d\d)\b"
    ))
    .unwrap()
});
static ISO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)(?:\b|T)").unwrap());
static DATELINE_SOURCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\((Reuters|AP|AFP|Bloomberg|Xinhua|Bernama|dpa|UPI|IANS|PTI|Kyodo|Yonhap|AAP|CNN|BBC|ANI)\)").unwrap()
});
static CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:photo|photograph|source|credit|picture|image)\s*:\s*(.{2,60})$").unwrap()
});
static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:By|BY|Written by|Author:)\s+([A-Z][\p{L}.'-]*(?:,?\s+(?:and\s+|&\s+)?[A-Z][\p{L}.'-]*){0,7})\s*$").unwrap()
});
static REPORTING_BY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\((?:Additional )?[Rr]eporting by ([^;)]{3,80})").unwrap());

/// News agencies and sites recognised when the text names its source only in passing.
const AGENCIES: &[&str] = &[
    "Reuters",
    "Associated Press",
    "Agence France-Presse",
    "AFP",
    "Bloomberg",
    "Xinhua",
    "Bernama",
    "Kyodo",
    "Yonhap",
    "BBC",
    "CNN",
    "Al Jazeera",
    "The Guardian",
    "The New York Times",
    "The Washington Post",
    "Der Spiegel",
    "Le Monde",
    "El País",
    "Scoop",
];

/// A date written in prose (`August 5, 2015`, `5 August 2015`, `2015-08-05`) as `YYYY-MM-DD`:
/// the first one in the text.
pub fn find_date(text: &str) -> Option<String> {
    let mut best: Option<(usize, String)> = None;
    let mut consider = |pos: usize, y: &str, m: u32, d: &str| {
        let (Ok(y), Ok(d)) = (y.parse::<i32>(), d.parse::<u32>()) else {
            return;
        };
        if crate::dtg::valid_date(y, m, d) && best.as_ref().is_none_or(|b| pos < b.0) {
            best = Some((pos, format!("{y:04}-{m:02}-{d:02}")));
        }
    };
    for c in MDY.captures_iter(text) {
        if let Some(m) = crate::dtg::month_number(&c[1]) {
            consider(c.get(0).map_or(0, |g| g.start()), &c[3], m, &c[2]);
            break;
        }
    }
    for c in DMY.captures_iter(text) {
        if let Some(m) = crate::dtg::month_number(&c[2]) {
            consider(c.get(0).map_or(0, |g| g.start()), &c[3], m, &c[1]);
            break;
        }
    }
    if let Some(c) = ISO.captures(text)
        && let Ok(m) = c[2].parse::<u32>()
    {
        consider(c.get(0).map_or(0, |g| g.start()), &c[1], m, &c[3]);
    }
    best.map(|b| b.1)
}

/// Normalise a machine date (`2015-08-05T10:22:00+08:00`, `Wed, 05 Aug 2015`) to `YYYY-MM-DD`.
pub fn normalize_date(s: &str) -> Option<String> {
    let s = s.trim();
    if let Some(c) = ISO.captures(s)
        && c.get(0).is_some_and(|g| g.start() == 0)
    {
        let (y, m, d) = (c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?);
        return crate::dtg::valid_date(y, m, d).then(|| format!("{y:04}-{m:02}-{d:02}"));
    }
    find_date(s)
}

fn is_prose(line: &str) -> bool {
    let words = line.split_whitespace().count();
    words >= 12
        && line.contains(['.', ',', ';', '?', '!'])
        && !is_table_row(line)
        && reads_as_words(line, words)
}

/// Whether a line of `words` words reads as words of a language, not as
/// binary or garbage decoded as text: its words are of a word's length (12
/// characters on average at most; random bytes make words of some 36), at
/// least 60% of its characters are letters, and at most 1% are control
/// characters.
fn reads_as_words(line: &str, words: usize) -> bool {
    let (mut chars, mut letters, mut controls) = (0usize, 0usize, 0usize);
    for c in line.chars().filter(|c| !c.is_whitespace()) {
        chars += 1;
        letters += usize::from(c.is_alphabetic());
        controls += usize::from(c.is_control());
    }
    chars <= 12 * words && letters * 10 >= chars * 6 && controls * 100 <= chars
}

/// A row of a Markdown (or ASCII-art) table, `| cell | cell |`, or a piece
/// of one (a long row may reach here broken into lines): tabular data,
/// however wordy its cells, not an article's prose (a README or notes
/// describing files are not news).
fn is_table_row(line: &str) -> bool {
    let t = line.trim();
    t.starts_with('|') || t.ends_with('|') || t.matches(" | ").count() >= 2
}

fn is_headline(line: &str) -> bool {
    let t = line.trim();
    let words = t.split_whitespace().count();
    (1..=30).contains(&words)
        && t.len() <= 250
        && !t.ends_with('.')
        && !t.ends_with(',')
        && t.chars().any(char::is_alphabetic)
        && !t.chars().any(char::is_control)
}

/// Read a text as an article: `None` when it is not prose under a headline.
pub fn from_text(text: &str) -> Option<ArticleMeta> {
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let first = lines.iter().position(|l| !l.is_empty())?;
    let title = lines[first];
    if !is_headline(title) {
        return None;
    }
    let prose: Vec<&str> = lines[first + 1..]
        .iter()
        .copied()
        .filter(|l| is_prose(l))
        .collect();
    let words: usize = prose.iter().map(|l| l.split_whitespace().count()).sum();
    if prose.len() < 2 || words < 60 {
        return None;
    }
    let mut meta = ArticleMeta {
        title: Some(title.to_string()),
        ..Default::default()
    };
    fill_from_text(&mut meta, &lines[first + 1..]);
    Some(meta)
}

/// The site chrome after an article's text (from the first chrome line after
/// the headline to the end), as removed lines with 1-based line numbers.
pub fn chrome_tail(text: &str) -> Vec<crate::record::Removed> {
    let lines: Vec<&str> = text.lines().collect();
    let Some(first) = lines.iter().position(|l| !l.trim().is_empty()) else {
        return vec![];
    };
    let Some(end) = lines[first + 1..]
        .iter()
        .position(|l| super::chrome::is_chrome_line(l))
        .map(|e| first + 1 + e)
    else {
        return vec![];
    };
    lines[end..]
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| crate::record::Removed {
            kind: "site_chrome".into(),
            text: l.trim().to_string(),
            line: Some(end + i + 1),
        })
        .collect()
}

/// Fill the date, source, author and text an article's lines give, where not set already.
pub fn fill_from_text(meta: &mut ArticleMeta, lines: &[&str]) {
    // The body ends where site chrome begins.
    let end = lines
        .iter()
        .position(|l| super::chrome::is_chrome_line(l))
        .unwrap_or(lines.len());
    let body = &lines[..end];
    let joined = body.join("\n");
    if meta.date.is_none() {
        // Lines that announce a date first, then the first date in the text.
        meta.date = body
            .iter()
            .filter(|l| {
                let low = l.to_ascii_lowercase();
                low.starts_with("published")
                    || low.starts_with("posted")
                    || low.starts_with("updated")
                    || low.starts_with("date")
            })
            .find_map(|l| find_date(l))
            .or_else(|| find_date(&joined))
            .or_else(|| lines[end..].iter().find_map(|l| find_date(l)));
    }
    if meta.author.is_none() {
        meta.author = body
            .iter()
            .take(12)
            .find_map(|l| BYLINE.captures(l).map(|c| c[1].trim().to_string()))
            .or_else(|| {
                REPORTING_BY
                    .captures(&joined)
                    .map(|c| c[1].trim().to_string())
            });
    }
    if meta.source.is_none() {
        meta.source = DATELINE_SOURCE
            .captures(&joined)
            .map(|c| c[1].to_string())
            .or_else(|| {
                body.iter().find_map(|l| {
                    CREDIT
                        .captures(l)
                        .map(|c| c[1].trim().to_string())
                        .filter(|s| s.split_whitespace().count() <= 5)
                })
            })
            .or_else(|| {
                lines[end..].iter().find_map(|l| {
                    let l = l.trim();
                    let t = l.trim_start_matches('©').trim();
                    (l.starts_with('©') && !t.is_empty()).then(|| {
                        t.trim_start_matches(|c: char| c.is_ascii_digit() || c == ' ')
                            .to_string()
                    })
                })
            })
            .or_else(|| {
                AGENCIES
                    .iter()
                    .map(|a| (joined.matches(a).count(), *a))
                    .filter(|(n, _)| *n > 0)
                    .max_by_key(|(n, _)| *n)
                    .map(|(_, a)| a.to_string())
            });
    }
    if meta.text.is_empty() {
        meta.text = joined.trim().to_string();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(
            find_date("in Putrajaya, Malaysia August 5, 2015.").as_deref(),
            Some("2015-08-05")
        );
        assert_eq!(
            find_date("on 5 Aug. 2015 and").as_deref(),
            Some("2015-08-05")
        );
        assert_eq!(
            normalize_date("2015-08-05T10:22:00+08:00").as_deref(),
            Some("2015-08-05")
        );
        assert_eq!(find_date("February 30, 2015"), None);
    }

    #[test]
    fn article() {
        let t = "Kerry notes steps\n\nPHOTO: Reuters\n\nBy Lesley Wroughton\n\nKUALA LUMPUR - U.S. Secretary of State John Kerry met the Prime Minister on Wednesday, August 5, 2015, and noted the steps his government has taken so far.\n\nThe official said the two leaders also discussed progress on the trade pact, which is important to both of them and to the region.\n\nHuman rights groups called for an investigation into why countries such as Malaysia and Cuba were upgraded.\n\n© 2015 Some Paper\nRelated\n";
        let a = from_text(t).unwrap();
        assert_eq!(a.title.as_deref(), Some("Kerry notes steps"));
        assert_eq!(a.date.as_deref(), Some("2015-08-05"));
        assert_eq!(a.source.as_deref(), Some("Reuters"));
        assert_eq!(a.author.as_deref(), Some("Lesley Wroughton"));
        assert!(!a.text.contains("Related"));
        assert!(from_text("SUBJECT: X\n1. (C) Short.").is_none());
        // Notes whose words are mostly in a table are not an article.
        let row = "| 001.txt | a news article (Reuters via a newspaper site, 5 Aug 2015) on the ranking | not a cable: it reports on the matter eight years later, and so on |";
        let readme = format!(
            "# Seed documents\n\nThe four documents the project was started from, exactly as received, each one of them.\n\n| file | what it is | what makes it hard |\n| --- | --- | --- |\n{row}\n{row}\n{row}\n"
        );
        assert!(from_text(&readme).is_none());
        // Rows broken into lines are still rows.
        let broken = readme.replace("(Reuters via", "(Reuters\nvia");
        assert!(from_text(&broken).is_none());
        // The same words as prose are one.
        let prose = readme.replace('|', " ");
        assert!(from_text(&prose).is_some());
    }
}
