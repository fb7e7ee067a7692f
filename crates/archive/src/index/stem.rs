//! English stemming with a memo: cables repeat a modest vocabulary, so each
//! distinct word is stemmed once per indexing thread and looked up after that.
//! The stems are exactly those of tantivy's `en_stem` (Snowball English).

use std::hash::Hasher;

use tantivy::tokenizer::{
    LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer, Token, TokenFilter, TokenStream,
    Tokenizer,
};

/// Name under which the analyzer is registered.
pub const NAME: &str = "en_stem_memo";

/// The analyzer: simple tokenizer, long-token removal, lower case, memoised stemmer.
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(MemoStemmer)
        .build()
}

/// The memoising stemmer filter.
#[derive(Clone, Copy, Default)]
pub struct MemoStemmer;

impl TokenFilter for MemoStemmer {
    type Tokenizer<T: Tokenizer> = MemoStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> MemoStemmerFilter<T> {
        MemoStemmerFilter {
            inner: tokenizer,
            memo: Memo::default(),
        }
    }
}

/// A tokenizer followed by the memoising stemmer.
#[derive(Clone)]
pub struct MemoStemmerFilter<T> {
    inner: T,
    memo: Memo,
}

/// Bound on remembered words per thread (the memo is cleared when full).
const MEMO_LIMIT: usize = 500_000;

/// Words and their stems: an open-addressing table of 16-byte entries over
/// one byte arena (each word followed by its stem), so that a lookup touches
/// the entry and then the word, instead of chasing a key and a value pointer.
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
            if e.hash == h && &self.arena[at..end] == word {
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

impl<T: Tokenizer> Tokenizer for MemoStemmerFilter<T> {
    type TokenStream<'a> = MemoStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        if self.memo.len() > MEMO_LIMIT {
            self.memo.clear();
        }
        MemoStemmerStream {
            tail: self.inner.token_stream(text),
            memo: &mut self.memo,
            stemmer: rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English),
        }
    }
}

/// The token stream.
pub struct MemoStemmerStream<'a, T> {
    tail: T,
    memo: &'a mut Memo,
    stemmer: rust_stemmers::Stemmer,
}

impl<T: TokenStream> TokenStream for MemoStemmerStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        // Snowball English leaves words under three letters and numbers as
        // they are: no need to look them up.
        if token.text.len() < 3 || token.text.bytes().all(|b| b.is_ascii_digit()) {
            return true;
        }
        let h = hash(token.text.as_bytes());
        match self.memo.get(token.text.as_bytes(), h) {
            Some(None) => return true,
            Some(Some(stem)) => {
                if let Ok(stem) = std::str::from_utf8(stem) {
                    token.text.clear();
                    token.text.push_str(stem);
                    return true;
                }
            }
            None => {}
        }
        let stem = self.stemmer.stem(&token.text).into_owned();
        self.memo.insert(token.text.as_bytes(), stem.as_bytes(), h);
        if stem != token.text {
            token.text = stem;
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_stems_as_tantivy() {
        let mut ours = analyzer();
        let mut theirs = tantivy::tokenizer::TokenizerManager::default()
            .get("en_stem")
            .unwrap();
        let text = "Trafficking traffickers elections elected; the Ambassador's DEMARCHES, trafficking again. \
                    1. (C) On 16 July 2007 at 0138Z, 12958 E.O. is, as, us, sky skis news 1990s 3rd ÉTÉ";
        let collect = |a: &mut TextAnalyzer| {
            let mut v = Vec::new();
            let mut s = a.token_stream(text);
            while s.advance() {
                v.push(s.token().text.clone());
            }
            v
        };
        assert_eq!(collect(&mut ours), collect(&mut theirs));
    }

    #[test]
    fn same_stems_over_the_samples() {
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
        let collect = |a: &mut TextAnalyzer| {
            let mut v = Vec::new();
            let mut s = a.token_stream(&text);
            while s.advance() {
                v.push(s.token().text.clone());
            }
            v
        };
        let mut ours = analyzer();
        let mut theirs = tantivy::tokenizer::TokenizerManager::default()
            .get("en_stem")
            .unwrap();
        let want = collect(&mut theirs);
        assert!(want.len() > 50_000, "{}", want.len());
        assert_eq!(collect(&mut ours), want);
        // Again, from a warm memo.
        assert_eq!(collect(&mut ours), want);
    }
}
