//! The analyzer of subjects and bodies: tantivy's `en_stem` chain (simple
//! tokenizer, removal of tokens of 40 bytes or more, lower case, Snowball
//! English stemmer) fused into one pass with a memo.
//!
//! Cables repeat a modest vocabulary, so each distinct word *as written*
//! (`EMBASSY`, `Embassy`) is lower-cased and stemmed once per indexing thread
//! and looked up after that: a token costs one scan of its bytes and one
//! table lookup. The tokens (text, position, byte offsets) are exactly those
//! of tantivy's chain; the tests compare the two.

use std::hash::Hasher;

use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};

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

/// Bound on remembered words per thread (the memo is cleared when full).
const MEMO_LIMIT: usize = 500_000;

/// Words as written and their terms (lower-cased and stemmed): an
/// open-addressing table of 16-byte entries over one byte arena (each word
/// followed by its term), so that a lookup touches the entry and then the
/// word, instead of chasing a key and a value pointer.
#[derive(Clone, Default)]
pub struct Memo {
    entries: Vec<Entry>,
    arena: Vec<u8>,
    len: usize,
}

/// One remembered word: its hash (never 0; 0 marks a free entry), where it
/// starts in the arena, its length, and its stem's length (the stem follows
/// the word; `SAME` when the stem is the word).
#[derive(Clone, Copy, Default)]
struct Entry {
    hash: u64,
    at: u32,
    word_len: u16,
    stem_len: u16,
}

const SAME: u16 = u16::MAX;

/// Byte equality for short words, inline (a call to `memcmp` per token cost
/// more than the comparison).
#[inline]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

fn hash(word: &[u8]) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    h.write(word);
    h.finish() | 1
}

impl Memo {
    fn len(&self) -> usize {
        self.len
    }

    fn clear(&mut self) {
        self.entries.clear();
        self.arena.clear();
        self.len = 0;
    }

    /// The stem of `word` if remembered (`None` for the word itself).
    fn get(&self, word: &[u8], h: u64) -> Option<Option<&[u8]>> {
        if self.entries.is_empty() {
            return None;
        }
        let mask = self.entries.len() - 1;
        let mut i = h as usize & mask;
        loop {
            let e = self.entries[i];
            if e.hash == 0 {
                return None;
            }
            let at = e.at as usize;
            let end = at + e.word_len as usize;
            if e.hash == h && same_bytes(&self.arena[at..end], word) {
                return Some(if e.stem_len == SAME {
                    None
                } else {
                    Some(&self.arena[end..end + e.stem_len as usize])
                });
            }
            i = (i + 1) & mask;
        }
    }

    /// Remember a word's stem (words or stems too long for the layout are not kept).
    fn insert(&mut self, word: &[u8], stem: &[u8], h: u64) {
        if word.len() >= SAME as usize
            || stem.len() >= SAME as usize
            || self.arena.len() + word.len() + stem.len() > u32::MAX as usize
        {
            return;
        }
        if (self.len + 1) * 2 > self.entries.len() {
            self.grow();
        }
        let e = Entry {
            hash: h,
            at: self.arena.len() as u32,
            word_len: word.len() as u16,
            stem_len: if stem == word {
                SAME
            } else {
                stem.len() as u16
            },
        };
        self.arena.extend_from_slice(word);
        if e.stem_len != SAME {
            self.arena.extend_from_slice(stem);
        }
        self.place(e);
        self.len += 1;
    }

    fn place(&mut self, e: Entry) {
        let mask = self.entries.len() - 1;
        let mut i = e.hash as usize & mask;
        while self.entries[i].hash != 0 {
            i = (i + 1) & mask;
        }
        self.entries[i] = e;
    }

    fn grow(&mut self) {
        let size = (self.entries.len() * 2).max(1024);
        let old = std::mem::replace(&mut self.entries, vec![Entry::default(); size]);
        for e in old.into_iter().filter(|e| e.hash != 0) {
            self.place(e);
        }
    }
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
