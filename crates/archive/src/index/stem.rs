//! The analyzer of subjects and bodies: tantivy's `en_stem` chain (simple
//! tokenizer, removal of tokens of 40 bytes or more, lower case, Snowball
//! English stemmer) fused into one pass with a memo.
//!
//! Cables repeat a modest vocabulary, so each distinct word *as written*
//! (`EMBASSY`, `Embassy`) is lower-cased and stemmed once per indexing thread
//! and looked up after that: a token costs one scan of its bytes and one
//! table lookup. The tokens (text, position, byte offsets) are exactly those
//! of tantivy's chain; the tests compare the two.

use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};

use super::memo::{MEMO_LIMIT, Memo, hash};

/// Name under which the analyzer is registered.
pub const NAME: &str = "en_stem_memo";

/// Tokens of this many bytes or more are dropped (tantivy's `RemoveLongFilter::limit(40)`).
const LONG: usize = 40;

/// The analyzer.
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::from(CableTokenizer::default())
}

/// The fused tokenizer: words, lower-cased and stemmed through the memo.
#[derive(Clone, Default)]
pub struct CableTokenizer {
    token: Token,
    memo: Memo,
    lower: String,
}

impl Tokenizer for CableTokenizer {
    type TokenStream<'a> = CableTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> CableTokenStream<'a> {
        if self.memo.len() > MEMO_LIMIT {
            self.memo.clear();
        }
        self.token.reset();
        CableTokenStream {
            text,
            at: 0,
            token: &mut self.token,
            memo: &mut self.memo,
            lower: &mut self.lower,
        }
    }
}

/// The token stream over one text.
pub struct CableTokenStream<'a> {
    text: &'a str,
    /// Where the scan for the next token starts.
    at: usize,
    token: &'a mut Token,
    memo: &'a mut Memo,
    lower: &'a mut String,
}

/// How the tokenizer sees a byte: an ASCII separator, an ASCII letter or
/// digit, or part of a non-ASCII character (decoded to decide).
const SEP: u8 = 0;
const WORD: u8 = 1;
const WIDE: u8 = 2;

static CLASS: [u8; 256] = {
    let mut t = [SEP; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c >= 0x80 {
            WIDE
        } else if c.is_ascii_alphanumeric() {
            WORD
        } else {
            SEP
        };
        b += 1;
    }
    t
};

/// Whether the non-ASCII character starting at byte `i` of `text` is
/// alphanumeric (the simple tokenizer's word characters), and its length.
/// `i` is always at a character boundary: the scan moves by whole characters.
#[cold]
fn wide_char(text: &str, i: usize) -> (bool, usize) {
    let c = text[i..].chars().next().unwrap_or('\u{FFFD}');
    (c.is_alphanumeric(), c.len_utf8())
}

/// The next word of `text` at or after byte `at`: its start and end.
#[inline]
fn next_word(text: &str, mut at: usize) -> Option<(usize, usize)> {
    let b = text.as_bytes();
    let len = b.len();
    loop {
        while at < len && CLASS[b[at] as usize] == SEP {
            at += 1;
        }
        if at >= len {
            return None;
        }
        if CLASS[b[at] as usize] == WORD {
            break;
        }
        let (word, n) = wide_char(text, at);
        if word {
            break;
        }
        at += n;
    }
    let start = at;
    loop {
        while at < len && CLASS[b[at] as usize] == WORD {
            at += 1;
        }
        if at >= len || CLASS[b[at] as usize] == SEP {
            return Some((start, at));
        }
        let (word, n) = wide_char(text, at);
        if !word {
            return Some((start, at));
        }
        at += n;
    }
}

/// Lower-case `word` into `out` as tantivy's `LowerCaser` does (ASCII fast
/// path; otherwise `char::to_lowercase`, without the final-sigma rule).
fn lower_case(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
    } else {
        for c in word.chars() {
            out.extend(c.to_lowercase());
        }
    }
}

thread_local! {
    static STEMMER: rust_stemmers::Stemmer =
        rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
}

impl TokenStream for CableTokenStream<'_> {
    fn advance(&mut self) -> bool {
        loop {
            let Some((start, end)) = next_word(self.text, self.at) else {
                self.at = self.text.len();
                return false;
            };
            self.at = end;
            // Every word takes a position, dropped long ones too (as in tantivy's chain).
            self.token.position = self.token.position.wrapping_add(1);
            if end - start >= LONG {
                continue;
            }
            self.token.offset_from = start;
            self.token.offset_to = end;
            let word = &self.text[start..end];
            let text = &mut self.token.text;
            text.clear();
            // Snowball English leaves words under three letters and numbers as
            // they are: no need to look them up.
            if word.len() < 3 && word.is_ascii() {
                text.push_str(word);
                text.make_ascii_lowercase();
                return true;
            }
            if word.bytes().all(|b| b.is_ascii_digit()) {
                text.push_str(word);
                return true;
            }
            let h = hash(word.as_bytes());
            match self.memo.get(word.as_bytes(), h) {
                Some(None) => {
                    text.push_str(word);
                    return true;
                }
                Some(Some(term)) => {
                    if let Ok(term) = std::str::from_utf8(term) {
                        text.push_str(term);
                        return true;
                    }
                }
                None => {}
            }
            lower_case(word, self.lower);
            if self.lower.len() < 3 {
                text.push_str(self.lower);
            } else {
                STEMMER.with(|s| text.push_str(&s.stem(self.lower)));
            }
            self.memo.insert(word.as_bytes(), text.as_bytes(), h);
            return true;
        }
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every token of `text` as (text, position, from, to).
    fn tokens(a: &mut TextAnalyzer, text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut v = Vec::new();
        let mut s = a.token_stream(text);
        while s.advance() {
            let t = s.token();
            v.push((t.text.clone(), t.position, t.offset_from, t.offset_to));
        }
        v
    }

    fn tantivy_en_stem() -> TextAnalyzer {
        tantivy::tokenizer::TokenizerManager::default()
            .get("en_stem")
            .unwrap()
    }

    #[test]
    fn same_tokens_as_tantivy() {
        let text = "Trafficking traffickers elections elected; the Ambassador's DEMARCHES, trafficking again. \
                    1. (C) On 16 July 2007 at 0138Z, 12958 E.O. is, as, us, sky skis news 1990s 3rd ÉTÉ \
                    İSTANBUL ΣΟΦΟΣ straße Ǆemal x0123456789012345678901234567890123456789 after-long \
                    ÀÉÎÕÜàéîõü ŉ 𝔘nicode 中文 ٣٤ ⅫⅠ — «quoted» ‘x’";
        let mut ours = analyzer();
        assert_eq!(
            tokens(&mut ours, text),
            tokens(&mut tantivy_en_stem(), text)
        );
        // Again, from a warm memo.
        assert_eq!(
            tokens(&mut ours, text),
            tokens(&mut tantivy_en_stem(), text)
        );
    }

    #[test]
    fn same_tokens_over_the_samples() {
        // Thousands of distinct words (the memo grows several times), most
        // seen many times (looked up, not stemmed).
        let mut text = String::new();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples");
        let mut stack = vec![dir];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).unwrap().flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else if let Ok(t) = std::fs::read_to_string(&p) {
                    text.push_str(&t);
                    text.push('\n');
                }
            }
        }
        let want = tokens(&mut tantivy_en_stem(), &text);
        assert!(want.len() > 50_000, "{}", want.len());
        let mut ours = analyzer();
        assert_eq!(tokens(&mut ours, &text), want);
        assert_eq!(tokens(&mut ours, &text), want);
    }

    proptest! {
        #[test]
        fn same_tokens_on_any_text(text in "\\PC{0,200}", upper in "[A-Za-z .,'-]{0,120}") {
            let mut ours = analyzer();
            for t in [text.as_str(), upper.as_str()] {
                prop_assert_eq!(tokens(&mut ours, t), tokens(&mut tantivy_en_stem(), t));
            }
        }
    }
}
