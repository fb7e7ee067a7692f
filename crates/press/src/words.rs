//! Words for comparing an article with a cable: lower case, punctuation
//! dropped, British spellings folded onto American ones, byte offsets kept.
//!
//! Both sides go through the same folding, so a fold that merges two real
//! words (`four` and `for`) costs nothing but a little distinctiveness.
//! Text inside square brackets (`[the minister]`) is an editor's insertion:
//! such words are marked [`Word::inserted`]. An ellipsis (`...`, `…`) marks
//! the next word [`Word::after_gap`]: words of the source were left out there.

/// One word of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// The folded form (`labor`, `organization`, `1145`).
    pub norm: String,
    /// First byte in the text.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// Inside square brackets: an editor's words, not the source's.
    pub inserted: bool,
    /// An ellipsis stands before this word.
    pub after_gap: bool,
}

/// Split `text` into words.
///
/// ```
/// use cablescope_press::words::words;
/// let w = words("The LABOUR [of the] ministry... organised");
/// let n: Vec<&str> = w.iter().map(|w| w.norm.as_str()).collect();
/// assert_eq!(n, ["the", "labor", "of", "the", "ministry", "organized"]);
/// assert!(w[2].inserted && w[5].after_gap);
/// ```
pub fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut bracket = 0usize;
    let mut gap = false;
    let mut dots = 0usize;
    let mut cur: Option<(usize, String)> = None;
    let finish = |cur: &mut Option<(usize, String)>,
                  end: usize,
                  bracket: usize,
                  gap: &mut bool,
                  out: &mut Vec<Word>| {
        if let Some((start, raw)) = cur.take() {
            out.push(Word {
                norm: fold(&raw),
                start,
                end,
                inserted: bracket > 0,
                after_gap: std::mem::take(gap),
            });
        }
    };
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            match &mut cur {
                Some((_, s)) => s.extend(c.to_lowercase()),
                None => cur = Some((i, c.to_lowercase().collect())),
            }
            dots = 0;
            continue;
        }
        // Apostrophes inside a word are dropped (`don't` -> `dont`).
        if matches!(c, '\'' | '’') && cur.is_some() {
            let next = text[i + c.len_utf8()..].chars().next();
            if next.is_some_and(char::is_alphanumeric) {
                continue;
            }
        }
        finish(&mut cur, i, bracket, &mut gap, &mut out);
        match c {
            '[' => bracket += 1,
            ']' => bracket = bracket.saturating_sub(1),
            '…' => gap = true,
            '.' => {
                dots += 1;
                if dots >= 3 {
                    gap = true;
                }
                continue;
            }
            _ => {}
        }
        if !c.is_whitespace() {
            dots = 0;
        }
    }
    finish(&mut cur, text.len(), bracket, &mut gap, &mut out);
    out
}

/// Fold a lower-case word: British spellings to American.
pub fn fold(w: &str) -> String {
    const WHOLE: &[(&str, &str)] = &[
        ("programme", "program"),
        ("programmes", "programs"),
        ("defence", "defense"),
        ("offence", "offense"),
        ("licence", "license"),
        ("pretence", "pretense"),
        ("judgement", "judgment"),
        ("ageing", "aging"),
        ("grey", "gray"),
        ("cheque", "check"),
        ("tyre", "tire"),
        ("kerb", "curb"),
        ("whilst", "while"),
        ("amongst", "among"),
        ("towards", "toward"),
    ];
    if let Some((_, a)) = WHOLE.iter().find(|(b, _)| *b == w) {
        return (*a).to_string();
    }
    if w.len() < 5 || !w.is_ascii() {
        return w.to_string();
    }
    const SUFFIXES: &[(&str, &str)] = &[
        ("isations", "izations"),
        ("isation", "ization"),
        ("ising", "izing"),
        ("ised", "ized"),
        ("ises", "izes"),
        ("ise", "ize"),
        ("ysing", "yzing"),
        ("ysed", "yzed"),
        ("yse", "yze"),
        ("ourable", "orable"),
        ("ouring", "oring"),
        ("oured", "ored"),
        ("ours", "ors"),
        ("our", "or"),
        ("ogues", "ogs"),
        ("ogue", "og"),
        ("tres", "ters"),
        ("tre", "ter"),
        ("lled", "led"),
        ("lling", "ling"),
        ("ller", "ler"),
    ];
    for (b, a) in SUFFIXES {
        if let Some(stem) = w.strip_suffix(b)
            && stem.len() >= 2
        {
            return format!("{stem}{a}");
        }
    }
    w.to_string()
}

/// Words too common to make a passage distinctive.
pub fn is_stopword(w: &str) -> bool {
    const STOP: &[&str] = &[
        "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been",
        "being", "but", "by", "can", "could", "did", "do", "does", "for", "from", "had", "has",
        "have", "he", "her", "his", "how", "i", "if", "in", "into", "is", "it", "its", "more",
        "most", "not", "no", "of", "on", "one", "or", "other", "our", "out", "over", "said", "say",
        "says", "she", "should", "so", "some", "such", "than", "that", "the", "their", "them",
        "then", "there", "these", "they", "this", "those", "to", "two", "up", "us", "very", "was",
        "we", "were", "what", "when", "which", "who", "will", "with", "would", "you", "may",
        "must", "only", "now", "new", "s", "per", "while", "where",
    ];
    STOP.contains(&w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_spelling_both_ways() {
        for (b, a) in [
            ("labour", "labor"),
            ("organisation", "organization"),
            ("analysed", "analyzed"),
            ("centre", "center"),
            ("travelled", "traveled"),
            ("programme", "program"),
            ("dialogue", "dialog"),
        ] {
            assert_eq!(fold(b), fold(a), "{b}");
        }
    }

    #[test]
    fn offsets_and_marks() {
        let t = "“SENIOR officials … said [that] it's";
        let w = words(t);
        assert_eq!(&t[w[0].start..w[0].end], "SENIOR");
        assert!(w[2].after_gap);
        assert!(w[3].inserted && !w[4].inserted);
        assert_eq!(w[4].norm, "its");
    }
}
