//! What one input may cost: the largest document, and how far compressed
//! input may expand. Checked while the bytes are read, never after, so a
//! decompression bomb or a sparse file is refused before it fills memory;
//! what exceeds a limit is a failure naming the file and member, and the
//! ingest goes on.

use std::cell::Cell;
use std::io::{self, Read};
use std::rc::Rc;

/// The limits of an ingest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Bytes one document (a file, an archive member, a csv row) may hold.
    pub max_document: u64,
    /// How many times its compressed size a compressed input (a `.gz`, a
    /// `.xz`, an archive) may expand to, counted over the whole input once
    /// it has produced [`EXPANSION_FLOOR`] bytes.
    pub max_expansion: u64,
}

/// Decompressed bytes below which expansion is not checked (small inputs
/// expand by large ratios legitimately: a page of repeated markup).
pub const EXPANSION_FLOOR: u64 = 16 << 20;

impl Default for Limits {
    /// 32 MiB a document (the largest cable is about 1 MiB; a `cables.csv`
    /// is read row by row, each row a document; a document of 32 MiB of
    /// random bytes, the costliest kind measured, takes about 0.7 GB to
    /// parse, store and index, 63 MB took 1.4 GB) and 200 times expansion
    /// (the shared corpus's tar.xz of WikiLeaks pages expands 31 times;
    /// deflate and xz bombs of zeros expand 1,000 to 7,000 times).
    fn default() -> Self {
        Limits {
            max_document: 32 << 20,
            max_expansion: 200,
        }
    }
}

/// Human form of a byte count.
pub fn bytes(n: u64) -> String {
    if n >= 1 << 30 {
        format!("{:.1} GiB", n as f64 / (1u64 << 30) as f64)
    } else if n >= 1 << 20 {
        format!("{} MiB", n >> 20)
    } else {
        format!("{n} bytes")
    }
}

/// Counts the bytes read from a file (the compressed side of a decoder).
pub struct Counted<R> {
    inner: R,
    count: Rc<Cell<u64>>,
}

impl<R> Counted<R> {
    /// Count what is read from `inner` into `count`.
    pub fn new(inner: R, count: Rc<Cell<u64>>) -> Self {
        Counted { inner, count }
    }
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.set(self.count.get() + n as u64);
        Ok(n)
    }
}

/// The expansion of one compressed input: compressed bytes read (shared with
/// its [`Counted`] file) against bytes produced.
#[derive(Clone)]
pub struct Expansion {
    compressed: Rc<Cell<u64>>,
    produced: Rc<Cell<u64>>,
    max: u64,
}

impl Expansion {
    /// For a compressed input whose file counts into `compressed`.
    pub fn new(compressed: Rc<Cell<u64>>, max: u64) -> Self {
        Expansion {
            compressed,
            produced: Rc::new(Cell::new(0)),
            max,
        }
    }

    /// The failure message once the input expanded beyond the limit.
    pub fn exceeded(&self) -> Option<String> {
        let out = self.produced.get();
        let inp = self.compressed.get().max(1);
        (out > EXPANSION_FLOOR && out / inp > self.max).then(|| {
            format!(
                "expands more than {} times its compressed size ({} from {}): refused as a \
                 decompression bomb (limit: --max-expansion {})",
                self.max,
                bytes(out),
                bytes(inp),
                self.max
            )
        })
    }
}

/// A reader bounded by the limits: at most `max` bytes (one more is an
/// error), and, for compressed input, the expansion limit.
pub struct Bounded<R> {
    inner: R,
    left: u64,
    max: u64,
    expansion: Option<Expansion>,
}

impl<R> Bounded<R> {
    /// Bound `inner` to `max` bytes, and by `expansion` where compressed.
    pub fn new(inner: R, max: u64, expansion: Option<Expansion>) -> Self {
        Bounded {
            inner,
            left: max,
            max,
            expansion,
        }
    }
}

/// The error a [`Bounded`] reader gives, recognised by [`limit_message`].
#[derive(Debug)]
struct LimitExceeded(String);

impl std::fmt::Display for LimitExceeded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for LimitExceeded {}

/// The limit an I/O error reports, if it is a limit's.
pub fn limit_message(e: &io::Error) -> Option<String> {
    e.get_ref()
        .and_then(|i| i.downcast_ref::<LimitExceeded>())
        .map(|l| l.0.clone())
}

/// The error for a document over the size limit.
pub fn too_large(max: u64) -> String {
    format!(
        "larger than the document limit of {} (raise it with --max-document-size)",
        bytes(max)
    )
}

impl<R: Read> Read for Bounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if let Some(m) = self.expansion.as_ref().and_then(Expansion::exceeded) {
            return Err(io::Error::other(LimitExceeded(m)));
        }
        if self.left == 0 {
            // One byte more than the limit means the document is over it.
            let mut probe = [0u8; 1];
            return match self.inner.read(&mut probe)? {
                0 => Ok(0),
                _ => Err(io::Error::other(LimitExceeded(too_large(self.max)))),
            };
        }
        let mut want = buf
            .len()
            .min(usize::try_from(self.left).unwrap_or(usize::MAX));
        if self.expansion.is_some() {
            // Small reads, so the expansion check runs often.
            want = want.min(1 << 20);
        }
        let n = self.inner.read(&mut buf[..want])?;
        self.left -= n as u64;
        if let Some(x) = &self.expansion {
            x.produced.set(x.produced.get() + n as u64);
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_over_the_limit_is_an_error_at_the_limit() {
        let mut r = Bounded::new(io::repeat(0), 1000, None);
        let mut v = Vec::new();
        let e = r.read_to_end(&mut v).unwrap_err();
        assert!(limit_message(&e).unwrap().contains("document limit"));
        assert_eq!(v.len(), 1000);
        let mut ok = Bounded::new(&[1u8; 1000][..], 1000, None);
        let mut v = Vec::new();
        ok.read_to_end(&mut v).unwrap();
        assert_eq!(v.len(), 1000);
    }

    #[test]
    fn expansion_is_refused_past_the_floor() {
        let compressed = Rc::new(Cell::new(1000u64));
        let x = Expansion::new(compressed, 200);
        let mut r = Bounded::new(io::repeat(0), u64::MAX, Some(x));
        let mut v = Vec::new();
        let e = r.read_to_end(&mut v).unwrap_err();
        assert!(limit_message(&e).unwrap().contains("decompression bomb"));
        assert!(v.len() as u64 <= EXPANSION_FLOOR + (1 << 20));
    }
}
