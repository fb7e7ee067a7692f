//! Reference tables compiled into the binary (see `data/SOURCES.md`).
//!
//! Each table is parsed once, on first use, from a CSV file embedded with
//! `include_str!`; lookups afterwards are hash-map reads.

mod csvdata;
pub mod declassification;
pub mod malformed;
pub mod markings;
pub mod origins;
pub mod routing;
pub mod tags;

pub use declassification::{Declassification, declassification};
pub use malformed::malformed_id;
pub use markings::{Marking, markings};
pub use origins::{OriginEntry, Origins, origins};
pub use routing::{RoutingIndicator, routing_indicator};
pub use tags::{TagEntry, tag};

/// A fast hash for the tables' string keys (FxHash: a multiply and rotate per
/// eight bytes). The keys are the tables' own, so no flooding is possible; the
/// standard SipHash was a measurable part of parsing.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct FastHash;

impl std::hash::BuildHasher for FastHash {
    type Hasher = FxHasher;
    fn build_hasher(&self) -> FxHasher {
        FxHasher(0)
    }
}

/// The hasher of [`FastHash`].
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl std::hash::Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().unwrap_or_default()));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut buf = [0u8; 8];
            buf[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(buf) ^ ((rest.len() as u64) << 59));
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

/// A hash map of a table, with [`FastHash`].
pub(crate) type TableMap<K, V> = std::collections::HashMap<K, V, FastHash>;
