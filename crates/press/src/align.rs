//! `quotes`: the passages an article takes from a cable, aligned word by word.
//!
//! Both texts are reduced to [`Word`]s (case, punctuation, line breaks and
//! British spelling folded away). Word trigrams of the cable are indexed;
//! each trigram of the article that the cable holds seeds an alignment,
//! extended while the words agree, stepping over what light editing does:
//! an editor's bracketed words (skipped), an ellipsis (up to
//! [`MAX_ELIDED`] cable words left out), a changed or dropped word.
//! Whether a passage is enough to call the article a quotation is decided by
//! [`QuoteRule`], which also weighs how many cables hold the same words.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::words::{Word, is_stopword, words};

/// Words per seed.
const K: usize = 3;
/// Cable words an ellipsis may stand for.
pub const MAX_ELIDED: usize = 80;
/// Places a seed trigram is tried (common trigrams stand in many places).
const MAX_SEED_PLACES: usize = 40;

/// A cable paragraph to align against.
#[derive(Debug, Clone)]
pub struct CablePara<'a> {
    /// Paragraph number as the cable means it, where numbered.
    pub n: Option<u32>,
    /// The paragraph text.
    pub text: &'a str,
}

/// A passage of an article found in a cable paragraph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Passage {
    /// Byte range in the article text.
    pub article_start: usize,
    /// One past the passage's last article byte.
    pub article_end: usize,
    /// The article's words.
    pub article_text: String,
    /// Index of the cable paragraph (0-based, in the record's paragraphs).
    pub paragraph: usize,
    /// The paragraph's number as the cable means it (`¶3`), where numbered.
    pub paragraph_n: Option<u32>,
    /// Byte range in that paragraph's text.
    pub cable_start: usize,
    /// One past the passage's last byte in the paragraph.
    pub cable_end: usize,
    /// The cable's words.
    pub cable_text: String,
    /// Words that agree on both sides.
    pub matched: usize,
    /// Of those, words that are not stop words.
    pub content: usize,
    /// How many cables of the archive hold the passage (filled by the caller; 0 = not counted).
    #[serde(default)]
    pub cables_holding: usize,
}

struct CableWords {
    words: Vec<Word>,
    /// Paragraph of each word.
    para: Vec<usize>,
    seeds: HashMap<[u64; K], Vec<usize>>,
}

fn h(s: &str) -> u64 {
    // FNV-1a: stable and fast for short words.
    let mut x: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        x ^= u64::from(b);
        x = x.wrapping_mul(0x0100_0000_01b3);
    }
    x
}

fn index_cable(paras: &[CablePara]) -> CableWords {
    let mut ws = Vec::new();
    let mut para = Vec::new();
    for (i, p) in paras.iter().enumerate() {
        for w in words(p.text) {
            ws.push(w);
            para.push(i);
        }
    }
    let hs: Vec<u64> = ws.iter().map(|w| h(&w.norm)).collect();
    let mut seeds: HashMap<[u64; K], Vec<usize>> = HashMap::new();
    for j in 0..hs.len().saturating_sub(K - 1) {
        if para[j] != para[j + K - 1] {
            continue;
        }
        let key = [hs[j], hs[j + 1], hs[j + 2]];
        let v = seeds.entry(key).or_default();
        if v.len() < MAX_SEED_PLACES {
            v.push(j);
        }
    }
    CableWords {
        words: ws,
        para,
        seeds,
    }
}

/// Extend an alignment from article word `a` and cable word `c`; returns the
/// matched (article, cable) word pairs.
fn extend(art: &[Word], cab: &CableWords, mut a: usize, mut c: usize) -> Vec<(usize, usize)> {
    let para = cab.para[c];
    let same = |a: usize, c: usize| {
        a < art.len()
            && c < cab.words.len()
            && cab.para[c] == para
            && art[a].norm == cab.words[c].norm
    };
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    let mut edits = 0usize;
    loop {
        if a >= art.len() || c >= cab.words.len() || cab.para[c] != para {
            break;
        }
        if (pairs.is_empty() || !art[a].after_gap) && same(a, c) {
            pairs.push((a, c));
            a += 1;
            c += 1;
            continue;
        }
        // An ellipsis: find where the article's next two words resume.
        if art[a].after_gap {
            let resume = (c..(c + MAX_ELIDED + 1).min(cab.words.len()))
                .find(|&j| same(a, j) && same(a + 1, j + 1));
            if let Some(j) = resume {
                c = j;
                pairs.push((a, c));
                a += 1;
                c += 1;
                continue;
            }
            break;
        }
        // Light editing: a changed word, a dropped or added word or two;
        // light means about one edit in eight words, else it is another text.
        edits += 1;
        if edits > 1 + pairs.len() / 8 {
            break;
        }
        let tries: [(usize, usize); 7] = [(1, 1), (0, 1), (1, 0), (0, 2), (2, 0), (2, 1), (1, 2)];
        let mut moved = false;
        for (da, dc) in tries {
            if same(a + da, c + dc) && same(a + da + 1, c + dc + 1) {
                a += da;
                c += dc;
                moved = true;
                break;
            }
        }
        if !moved {
            break;
        }
    }
    pairs
}

/// Align an article's text against a cable's paragraphs: every passage of at
/// least `min_words` agreeing words, in article order.
///
/// ```
/// use cablescope_press::align::{CablePara, align};
/// let cable = [CablePara { n: Some(2), text: "THE GOVERNMENT HAS MADE LITTLE PROGRESS\nIN PROSECUTING LABOR TRAFFICKERS THIS YEAR, POST BELIEVES." }];
/// let article = "The embassy wrote that the government \"has made little progress in prosecuting labour traffickers\".";
/// let p = align(article, &cable, 6);
/// assert_eq!(p.len(), 1);
/// assert_eq!(p[0].paragraph_n, Some(2));
/// assert_eq!(p[0].matched, 10);
/// ```
pub fn align(article: &str, paras: &[CablePara], min_words: usize) -> Vec<Passage> {
    let all = words(article);
    // The editor's bracketed words are not the cable's: drop them, and let the
    // next word tolerate the change as an edit.
    let art: Vec<Word> = all.into_iter().filter(|w| !w.inserted).collect();
    let cab = index_cable(paras);
    let ah: Vec<u64> = art.iter().map(|w| h(&w.norm)).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i + K <= art.len() {
        if art[i + 1].after_gap || art[i + 2].after_gap {
            i += 1;
            continue;
        }
        let key = [ah[i], ah[i + 1], ah[i + 2]];
        let mut best: Vec<(usize, usize)> = Vec::new();
        if let Some(places) = cab.seeds.get(&key) {
            for &j in places {
                let p = extend(&art, &cab, i, j);
                if p.len() > best.len() {
                    best = p;
                }
            }
        }
        if best.len() >= min_words.max(K) {
            let (a0, c0) = best[0];
            let (a1, c1) = *best.last().unwrap();
            let pi = cab.para[c0];
            let para = &paras[pi];
            let (as_, ae) = (art[a0].start, art[a1].end);
            let (cs, ce) = (cab.words[c0].start, cab.words[c1].end);
            let content = best
                .iter()
                .filter(|(a, _)| !is_stopword(&art[*a].norm))
                .count();
            out.push(Passage {
                article_start: as_,
                article_end: ae,
                article_text: article[as_..ae].to_string(),
                paragraph: pi,
                paragraph_n: para.n,
                cable_start: cs,
                cable_end: ce,
                cable_text: para.text[cs..ce].to_string(),
                matched: best.len(),
                content,
                cables_holding: 0,
            });
            i = a1 + 1;
        } else {
            i += 1;
        }
    }
    out
}

/// When passages make a quotation.
#[derive(Debug, Clone, Copy)]
pub struct QuoteRule {
    /// Fewest agreeing words in a passage.
    pub min_words: usize,
    /// Fewest agreeing words that are not stop words.
    pub min_content: usize,
    /// A passage held by more cables than this is boilerplate.
    pub max_holders: usize,
}

impl Default for QuoteRule {
    fn default() -> Self {
        QuoteRule {
            min_words: 8,
            min_content: 4,
            max_holders: 2,
        }
    }
}

impl QuoteRule {
    /// Whether a passage is long and distinctive enough to be called a quote,
    /// given how many cables hold it (`cables_holding`, at least 1).
    pub fn is_quote(&self, p: &Passage) -> bool {
        if p.matched < self.min_words || p.content < self.min_content {
            return false;
        }
        if is_name_like(&p.article_text) {
            return false;
        }
        p.cables_holding.max(1) <= self.max_holders
    }

    /// The score of a quote link: distinctive words quoted, each weighed by
    /// one over the number of cables holding its passage.
    pub fn score(&self, passages: &[Passage]) -> f64 {
        passages
            .iter()
            .filter(|p| self.is_quote(p))
            .map(|p| p.content as f64 / p.cables_holding.max(1) as f64)
            .sum()
    }
}

/// Whether a passage is a proper name rather than prose: most of its
/// content words capitalised in the article (`the Office to Monitor and
/// Combat Trafficking in Persons`). A text in capitals is not judged.
pub fn is_name_like(article_text: &str) -> bool {
    let ws: Vec<&str> = article_text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !is_stopword(&w.to_lowercase()))
        .collect();
    if ws.is_empty() || ws.iter().all(|w| !w.chars().any(char::is_lowercase)) {
        return false;
    }
    let capital = ws
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .count();
    capital * 10 >= ws.len() * 7
}

#[cfg(test)]
mod tests {
    use super::*;

    const CABLE: &str = "THE AMBASSADOR URGED THE PRIME MINISTER TO ACT DECISIVELY ON LABOR \
TRAFFICKING, NOTING THAT MALAYSIA RISKED A TIER 3 RANKING IF THE GOVERNMENT DID NOT \
PROSECUTE THOSE WHO EXPLOITED MIGRANT WORKERS IN PALM OIL PLANTATIONS.";

    fn para() -> Vec<CablePara<'static>> {
        vec![CablePara {
            n: Some(4),
            text: CABLE,
        }]
    }

    #[test]
    fn ellipsis_and_brackets() {
        let a = "He \"urged the prime minister to act decisively on labour trafficking ... if the government did not prosecute those who exploited [foreign] migrant workers\"";
        let p = align(a, &para(), 6);
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].matched >= 20, "{}", p[0].matched);
        assert_eq!(p[0].paragraph_n, Some(4));
    }

    #[test]
    fn heavy_rewriting_is_not_a_quote() {
        // Every third word changed: the same vocabulary, another text.
        let a = "the ambassador asked the prime official to act firmly on labor abuse, \
noting how malaysia risked the tier 3 rank if the regime did not prosecute";
        let p = align(a, &para(), 6);
        assert!(p.iter().all(|p| p.matched < 8), "{p:?}");
    }

    #[test]
    fn names_are_not_quotes() {
        assert!(is_name_like(
            "the Office to Monitor and Combat Trafficking in Persons"
        ));
        assert!(!is_name_like(
            "urged the prime minister to act decisively on labour trafficking"
        ));
        assert!(!is_name_like("URGED THE PRIME MINISTER TO ACT"));
    }

    #[test]
    fn common_phrase_is_not_a_quote() {
        let a = "The prime minister said the government did not act.";
        let p = align(a, &para(), 3);
        assert!(p.iter().all(|p| !QuoteRule::default().is_quote(p)));
    }

    #[test]
    fn boilerplate_is_not_a_quote() {
        let a = "noting that Malaysia risked a tier 3 ranking if the government did not prosecute";
        let mut p = align(a, &para(), 6);
        assert!(QuoteRule::default().is_quote(&p[0]));
        p[0].cables_holding = 40;
        assert!(!QuoteRule::default().is_quote(&p[0]));
    }
}
