//! The stem memo of the analyzer: words as written and their terms
//! (lower-cased and stemmed), remembered per indexing thread.
//!
//! Most tokens are frequent words whose entries stay in the processor's
//! caches; the others cost a memory access each, so a lookup touches as
//! little memory as it can. Short words (nearly all tokens) live in a table
//! of 32-byte slots that hold the word and its term inline: a lookup reads
//! one slot. Longer ones live in a table of 16-byte entries over a byte
//! arena (the word, then its term).

use std::hash::Hasher;

/// Bound on remembered words per thread (the memo is cleared when full).
pub const MEMO_LIMIT: usize = 500_000;

/// Bytes of a slot that hold the word and its term.
const INLINE: usize = 26;

/// Marks a term that is the word itself (stored once).
const SAME: u16 = u16::MAX;

/// The hash of a word (never 0: 0 marks a free entry).
pub fn hash(word: &[u8]) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    h.write(word);
    h.finish() | 1
}

/// Byte equality for short words, inline (a call to `memcmp` per token cost
/// more than the comparison).
#[inline]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// The memo: short words inline, longer ones over an arena.
#[derive(Clone, Default)]
pub struct Memo {
    short: Inline,
    long: Arena,
}

impl Memo {
    /// Words remembered.
    pub fn len(&self) -> usize {
        self.short.len + self.long.table.len
    }

    /// Whether no word is remembered.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Forget every word.
    pub fn clear(&mut self) {
        *self = Memo::default();
    }

    /// The term of `word` (whose [`hash`] is `h`) if remembered: `Some(None)`
    /// when the term is the word itself.
    #[inline]
    pub fn get(&self, word: &[u8], h: u64) -> Option<Option<&[u8]>> {
        if word.len() <= INLINE / 2
            && let Some(found) = self.short.get(word, h)
        {
            return Some(found);
        }
        // Long words, and the rare short one whose term does not fit beside it.
        self.long.get(word, h)
    }

    /// Remember the term of a word.
    pub fn insert(&mut self, word: &[u8], term: &[u8], h: u64) {
        if word.len() > INLINE / 2 || !self.short.put(word, term, h) {
            self.long.put(word, term, h)
        }
    }
}

/// A slot of the inline table: the top half of the word's hash (0: free),
/// the word's length, its term's length (`SAME_LEN`: the word itself), then
/// the word and the term.
#[derive(Clone, Copy)]
#[repr(C, align(32))]
struct Slot {
    tag: u32,
    word_len: u8,
    term_len: u8,
    bytes: [u8; INLINE],
}

const SAME_LEN: u8 = u8::MAX;

impl Default for Slot {
    fn default() -> Self {
        Slot {
            tag: 0,
            word_len: 0,
            term_len: 0,
            bytes: [0; INLINE],
        }
    }
}

impl Keyed for Slot {
    fn is_free(&self) -> bool {
        self.tag == 0
    }
    fn home(&self) -> u64 {
        // Only the top half of the hash is kept: the word's is recomputed.
        hash(&self.bytes[..self.word_len as usize])
    }
}

/// Short words, inline in their slots.
type Inline = Table<Slot>;

fn tag(h: u64) -> u32 {
    (h >> 32) as u32 | 1
}

impl Inline {
    #[inline]
    fn get(&self, word: &[u8], h: u64) -> Option<Option<&[u8]>> {
        let t = tag(h);
        let s = self.find(h, |s| {
            s.tag == t && same_bytes(&s.bytes[..s.word_len as usize], word)
        })?;
        let n = s.word_len as usize;
        Some(if s.term_len == SAME_LEN {
            None
        } else {
            Some(&s.bytes[n..n + s.term_len as usize])
        })
    }

    /// Remember a word; false when its term does not fit beside it.
    fn put(&mut self, word: &[u8], term: &[u8], h: u64) -> bool {
        let same = term == word;
        let need = word.len() + if same { 0 } else { term.len() };
        if need > INLINE {
            return false;
        }
        let mut s = Slot {
            tag: tag(h),
            word_len: word.len() as u8,
            term_len: if same { SAME_LEN } else { term.len() as u8 },
            bytes: [0; INLINE],
        };
        s.bytes[..word.len()].copy_from_slice(word);
        if !same {
            s.bytes[word.len()..need].copy_from_slice(term);
        }
        self.insert(s, h);
        true
    }
}

/// Long words and their terms: an open-addressing table of 16-byte entries
/// over one byte arena (each word followed by its term), so that a lookup
/// touches the entry and then the word, instead of chasing a key and a value
/// pointer.
#[derive(Clone, Default)]
struct Arena {
    table: Table<Entry>,
    arena: Vec<u8>,
}

/// One remembered word: its hash (never 0; 0 marks a free entry), where it
/// starts in the arena, its length, and its term's length (the term follows
/// the word; `SAME` when the term is the word).
#[derive(Clone, Copy, Default)]
struct Entry {
    hash: u64,
    at: u32,
    word_len: u16,
    stem_len: u16,
}

impl Keyed for Entry {
    fn is_free(&self) -> bool {
        self.hash == 0
    }
    fn home(&self) -> u64 {
        self.hash
    }
}

impl Arena {
    fn get(&self, word: &[u8], h: u64) -> Option<Option<&[u8]>> {
        let word_at = |e: &Entry| e.at as usize..e.at as usize + e.word_len as usize;
        let e = self.table.find(h, |e| {
            e.hash == h && same_bytes(&self.arena[word_at(e)], word)
        })?;
        let end = word_at(e).end;
        Some(if e.stem_len == SAME {
            None
        } else {
            Some(&self.arena[end..end + e.stem_len as usize])
        })
    }

    /// Remember a word's term (words or terms too long for the layout are not kept).
    fn put(&mut self, word: &[u8], stem: &[u8], h: u64) {
        if word.len() >= SAME as usize
            || stem.len() >= SAME as usize
            || self.arena.len() + word.len() + stem.len() > u32::MAX as usize
        {
            return;
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
        self.table.insert(e, h);
    }
}

/// An entry of an open-addressing table: free (all zero) or holding a word
/// whose hash places it.
trait Keyed: Copy + Default {
    /// Whether the entry holds nothing.
    fn is_free(&self) -> bool;
    /// The hash of the word it holds.
    fn home(&self) -> u64;
}

/// Open addressing with linear probing, at most half full.
#[derive(Clone, Default)]
struct Table<E> {
    entries: Vec<E>,
    len: usize,
}

impl<E: Keyed> Table<E> {
    /// The first entry of `h`'s probe sequence that `hit` accepts.
    #[inline]
    fn find(&self, h: u64, mut hit: impl FnMut(&E) -> bool) -> Option<&E> {
        if self.entries.is_empty() {
            return None;
        }
        let mask = self.entries.len() - 1;
        let mut i = h as usize & mask;
        loop {
            let e = &self.entries[i];
            if e.is_free() {
                return None;
            }
            if hit(e) {
                return Some(e);
            }
            i = (i + 1) & mask;
        }
    }

    fn insert(&mut self, e: E, h: u64) {
        if (self.len + 1) * 2 > self.entries.len() {
            let size = (self.entries.len() * 2).max(1024);
            let old = std::mem::replace(&mut self.entries, vec![E::default(); size]);
            for e in old.into_iter().filter(|e| !e.is_free()) {
                self.place(e, e.home());
            }
        }
        self.place(e, h);
        self.len += 1;
    }

    fn place(&mut self, e: E, h: u64) {
        let mask = self.entries.len() - 1;
        let mut i = h as usize & mask;
        while !self.entries[i].is_free() {
            i = (i + 1) & mask;
        }
        self.entries[i] = e;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_short_and_long_words_through_growth() {
        let mut m = Memo::default();
        let words: Vec<String> = (0..5000)
            .map(|i| match i % 3 {
                0 => format!("W{i}"),
                1 => format!("WORD{i}ING"),
                _ => format!("INTERNATIONALISATION{i}"),
            })
            .collect();
        for w in &words {
            let term = w.to_lowercase();
            m.insert(w.as_bytes(), term.as_bytes(), hash(w.as_bytes()));
        }
        m.insert(b"same", b"same", hash(b"same"));
        // A short word whose term is too long to sit beside it.
        let wide = "İİİİİİ".as_bytes();
        let wide_term = "i̇i̇i̇i̇i̇i̇".as_bytes();
        m.insert(wide, wide_term, hash(wide));
        assert_eq!(m.len(), words.len() + 2);
        assert_eq!(m.get(wide, hash(wide)), Some(Some(wide_term)));
        for w in &words {
            let term = w.to_lowercase();
            assert_eq!(
                m.get(w.as_bytes(), hash(w.as_bytes())),
                Some(Some(term.as_bytes())),
                "{w}"
            );
        }
        assert_eq!(m.get(b"same", hash(b"same")), Some(None));
        assert_eq!(m.get(b"ABSENT", hash(b"ABSENT")), None);
        m.clear();
        assert!(m.is_empty());
        assert_eq!(m.get(b"W0", hash(b"W0")), None);
    }
}
