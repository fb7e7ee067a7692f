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
        self.short.len + self.long.len
    }

    /// Whether no word is remembered.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Forget every word.
    pub fn clear(&mut self) {
        self.short = Inline::default();
        self.long.clear();
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
        if word.len() > INLINE / 2 || !self.short.insert(word, term, h) {
            self.long.insert(word, term, h)
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

/// Open addressing over 32-byte slots, at most half full.
#[derive(Clone, Default)]
struct Inline {
    slots: Vec<Slot>,
    len: usize,
}

fn tag(h: u64) -> u32 {
    (h >> 32) as u32 | 1
}

impl Inline {
    #[inline]
    fn get(&self, word: &[u8], h: u64) -> Option<Option<&[u8]>> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let t = tag(h);
        let mut i = h as usize & mask;
        loop {
            let s = &self.slots[i];
            if s.tag == 0 {
                return None;
            }
            let n = s.word_len as usize;
            if s.tag == t && same_bytes(&s.bytes[..n], word) {
                return Some(if s.term_len == SAME_LEN {
                    None
                } else {
                    Some(&s.bytes[n..n + s.term_len as usize])
                });
            }
            i = (i + 1) & mask;
        }
    }

    /// Remember a word; false when its term does not fit beside it.
    fn insert(&mut self, word: &[u8], term: &[u8], h: u64) -> bool {
        let same = term == word;
        let need = word.len() + if same { 0 } else { term.len() };
        if need > INLINE {
            return false;
        }
        if (self.len + 1) * 2 > self.slots.len() {
            self.grow();
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
        self.place(s, h);
        self.len += 1;
        true
    }

    fn place(&mut self, s: Slot, h: u64) {
        let mask = self.slots.len() - 1;
        let mut i = h as usize & mask;
        while self.slots[i].tag != 0 {
            i = (i + 1) & mask;
        }
        self.slots[i] = s;
    }

    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(1024);
        let old = std::mem::replace(&mut self.slots, vec![Slot::default(); size]);
        for s in old.into_iter().filter(|s| s.tag != 0) {
            // The slot's position comes from the word's hash, recomputed.
            let h = hash(&s.bytes[..s.word_len as usize]);
            self.place(s, h);
        }
    }
}

/// Long words and their terms: an open-addressing table of 16-byte entries
/// over one byte arena (each word followed by its term), so that a lookup
/// touches the entry and then the word, instead of chasing a key and a value
/// pointer.
#[derive(Clone, Default)]
struct Arena {
    entries: Vec<Entry>,
    arena: Vec<u8>,
    len: usize,
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

impl Arena {
    fn clear(&mut self) {
        self.entries.clear();
        self.arena.clear();
        self.len = 0;
    }

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

    /// Remember a word's term (words or terms too long for the layout are not kept).
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
