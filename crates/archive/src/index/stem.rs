//! English stemming with a memo: cables repeat a modest vocabulary, so each
//! distinct word is stemmed once per indexing thread and looked up after that.
//! The stems are exactly those of tantivy's `en_stem` (Snowball English).

use rustc_hash::FxHashMap;
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
            memo: FxHashMap::default(),
        }
    }
}

/// A tokenizer followed by the memoising stemmer.
#[derive(Clone)]
pub struct MemoStemmerFilter<T> {
    inner: T,
    memo: FxHashMap<String, Box<str>>,
}

/// Bound on remembered words per thread (the memo is cleared when full).
const MEMO_LIMIT: usize = 500_000;

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
    memo: &'a mut FxHashMap<String, Box<str>>,
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
        if let Some(stem) = self.memo.get(token.text.as_str()) {
            if **stem != *token.text {
                token.text.clear();
                token.text.push_str(stem);
            }
            return true;
        }
        let stem: Box<str> = self.stemmer.stem(&token.text).into();
        let word = std::mem::take(&mut token.text);
        token.text.push_str(&stem);
        self.memo.insert(word, stem);
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
}
