//! How a copy is laid out on disk.
//!
//! Format 3 (current): one format byte (`3`), the length (u32, little endian)
//! of a zstd frame holding a JSON object of the copy's small fields (path,
//! form, kind, document id, size, source metadata, and the record where it
//! cannot be re-derived), that frame, the text's length (u64), the text as one zstd frame (level 1:
//! fast, and cable text still shrinks about 3:1; the frame carries zstd's
//! content checksum), then the first 16 bytes of the BLAKE3 hash of all that
//! comes before them. The text is nearly all of a copy.
//!
//! Every row read is checked: its checksum (format 3), and the decoded text
//! against the content hash the row is stored under (every format), so a
//! damaged row is an error naming the copy, never a silently different text.
//!
//! Format 2 (archives written before): as format 3 with a u32 text length and
//! no checksum. Format 1: the whole [`CopyRow`] as JSON, text included; it
//! begins with `{`. All three are read; only format 3 is written.

use cablescope_format::{Form, Kind, Record, SourceMeta};
use serde::{Deserialize, Serialize};

use super::CopyRow;
use crate::error::{ArchiveError, Result};

const FORMAT_2: u8 = 2;
const FORMAT_3: u8 = 3;
/// Bytes of the row checksum (a BLAKE3 prefix).
const CHECKSUM: usize = 16;
/// zstd level: the fastest, which already compresses cable text well.
const LEVEL: i32 = 1;
/// Longest text a row may claim (a guard against corrupt lengths; the ingest's
/// document size limit is far below it).
const MAX_TEXT: usize = 1 << 32;

/// The small fields of a copy (everything but its hash, the key, and its text).
#[derive(Serialize, Deserialize)]
struct CopyFields {
    path: String,
    form: Form,
    kind: Kind,
    doc_id: String,
    size: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    source: Option<SourceMeta>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    record: Option<Record>,
}

thread_local! {
    /// One compression context per thread, reused (creating one per copy costs
    /// more than compressing a short cable).
    static COMPRESSOR: std::cell::RefCell<Option<zstd::bulk::Compressor<'static>>> =
        const { std::cell::RefCell::new(None) };
}

fn compress(text: &[u8]) -> std::io::Result<Vec<u8>> {
    COMPRESSOR.with(|c| {
        let mut c = c.borrow_mut();
        if c.is_none() {
            let mut z = zstd::bulk::Compressor::new(LEVEL)?;
            z.include_checksum(true)?;
            *c = Some(z);
        }
        match c.as_mut() {
            Some(z) => z.compress(text),
            None => zstd::bulk::compress(text, LEVEL),
        }
    })
}

/// Encode a copy (format 3).
pub fn encode_copy(c: &CopyRow) -> Result<Vec<u8>> {
    if c.text.len() > MAX_TEXT {
        return Err(ArchiveError::Store(format!(
            "copy {}: text of {} bytes is too long to store",
            c.hash,
            c.text.len()
        )));
    }
    let fields = CopyFields {
        path: c.path.clone(),
        form: c.form,
        kind: c.kind,
        doc_id: c.doc_id.clone(),
        size: c.size,
        source: c.source.clone(),
        record: c.record.clone(),
    };
    let meta = compress(&serde_json::to_vec(&fields)?)
        .map_err(|e| ArchiveError::Store(format!("copy {}: compressing: {e}", c.hash)))?;
    let meta_len = u32::try_from(meta.len()).map_err(|_| {
        ArchiveError::Store(format!("copy {}: metadata too large to store", c.hash))
    })?;
    let text = compress(c.text.as_bytes())
        .map_err(|e| ArchiveError::Store(format!("copy {}: compressing: {e}", c.hash)))?;
    let mut out = Vec::with_capacity(13 + meta.len() + text.len() + CHECKSUM);
    out.push(FORMAT_3);
    out.extend_from_slice(&meta_len.to_le_bytes());
    out.extend_from_slice(&meta);
    out.extend_from_slice(&(c.text.len() as u64).to_le_bytes());
    out.extend_from_slice(&text);
    let sum = blake3::hash(&out);
    out.extend_from_slice(&sum.as_bytes()[..CHECKSUM]);
    Ok(out)
}

/// A format-2 or format-3 row split into its small fields' JSON and its
/// compressed text (with the text's length), checked against truncation and,
/// in format 3, against its checksum.
fn split_row<'a>(hash: &str, bytes: &'a [u8]) -> Result<(&'a [u8], &'a [u8], usize)> {
    let corrupt = |what: &str| damaged(hash, what);
    let v3 = bytes.first() == Some(&FORMAT_3);
    let bytes = if v3 {
        let Some(body_len) = bytes.len().checked_sub(CHECKSUM) else {
            return Err(corrupt("truncated"));
        };
        let (body, sum) = bytes.split_at(body_len);
        if blake3::hash(body).as_bytes()[..CHECKSUM] != *sum {
            return Err(corrupt("the row does not match its checksum"));
        }
        body
    } else {
        bytes
    };
    let u32_at = |at: usize| {
        bytes
            .get(at..at + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
            .ok_or_else(|| corrupt("truncated"))
    };
    let len = u32_at(1)?;
    let meta = bytes.get(5..5 + len).ok_or_else(|| corrupt("truncated"))?;
    let (text_len, at) = if v3 {
        let b = bytes
            .get(5 + len..13 + len)
            .ok_or_else(|| corrupt("truncated"))?;
        let n = u64::from_le_bytes(b.try_into().map_err(|_| corrupt("truncated"))?);
        (usize::try_from(n).unwrap_or(usize::MAX), 13 + len)
    } else {
        (u32_at(5 + len)?, 9 + len)
    };
    if text_len > MAX_TEXT {
        return Err(corrupt("impossible text length"));
    }
    Ok((meta, &bytes[at..], text_len))
}

/// The error for a damaged row.
fn damaged(hash: &str, what: &str) -> ArchiveError {
    ArchiveError::Damaged {
        path: "store.redb".into(),
        message: format!("copy {hash} is damaged: {what}"),
    }
}

/// Check a decoded text against the content hash its row is stored under
/// (a BLAKE3 hex digest; keys of another shape are not checked).
fn check_text(hash: &str, text: &str) -> Result<()> {
    if hash.len() == 64
        && hash.bytes().all(|b| b.is_ascii_hexdigit())
        && blake3::hash(text.as_bytes()).to_hex().as_str() != hash
    {
        return Err(damaged(hash, "its text does not match its content hash"));
    }
    Ok(())
}

thread_local! {
    /// One decompression context per thread, reused (a snippet reads a copy,
    /// and creating a context costs about as much as decompressing a cable).
    static DECOMPRESSOR: std::cell::RefCell<Option<zstd::bulk::Decompressor<'static>>> =
        const { std::cell::RefCell::new(None) };
}

fn decompress(compressed: &[u8], text_len: usize) -> std::io::Result<Vec<u8>> {
    DECOMPRESSOR.with(|d| {
        let mut d = d.borrow_mut();
        if d.is_none() {
            *d = Some(zstd::bulk::Decompressor::new()?);
        }
        match d.as_mut() {
            Some(z) => z.decompress(compressed, text_len),
            None => zstd::bulk::decompress(compressed, text_len),
        }
    })
}

/// Decompress a format-2 row's text.
fn decompress_text(hash: &str, compressed: &[u8], text_len: usize) -> Result<String> {
    let corrupt = |what: &str| damaged(hash, what);
    let text = decompress(compressed, text_len)
        .map_err(|e| corrupt(&format!("text does not decompress: {e}")))?;
    if text.len() != text_len {
        return Err(corrupt("text shorter than recorded"));
    }
    let text = String::from_utf8(text).map_err(|_| corrupt("text is not UTF-8"))?;
    check_text(hash, &text)?;
    Ok(text)
}

fn unknown(hash: &str, bytes: &[u8]) -> ArchiveError {
    match bytes.first() {
        Some(b) => ArchiveError::Store(format!(
            "copy {hash}: unknown store format {b}: this archive was written by a newer cablescope"
        )),
        None => ArchiveError::Store(format!("copy {hash}: empty row")),
    }
}

/// Decode a copy stored under `hash`, in either format.
pub fn decode_copy(hash: &str, bytes: &[u8]) -> Result<CopyRow> {
    match bytes.first() {
        Some(b'{') => {
            let c: CopyRow =
                serde_json::from_slice(bytes).map_err(|e| damaged(hash, &e.to_string()))?;
            check_text(hash, &c.text)?;
            Ok(c)
        }
        Some(&FORMAT_2 | &FORMAT_3) => {
            let (meta, compressed, text_len) = split_row(hash, bytes)?;
            let unpacked;
            let meta = if bytes[0] == FORMAT_3 {
                unpacked = zstd::stream::decode_all(meta)
                    .map_err(|e| damaged(hash, &format!("fields do not decompress: {e}")))?;
                &unpacked[..]
            } else {
                meta
            };
            let f: CopyFields =
                serde_json::from_slice(meta).map_err(|e| damaged(hash, &e.to_string()))?;
            let text = decompress_text(hash, compressed, text_len)?;
            Ok(CopyRow {
                hash: hash.to_string(),
                path: f.path,
                form: f.form,
                kind: f.kind,
                doc_id: f.doc_id,
                text,
                source: f.source,
                size: f.size,
                record: f.record,
            })
        }
        _ => Err(unknown(hash, bytes)),
    }
}

/// Decode only the text of a copy stored under `hash` (its small fields are
/// not read), in either format.
pub fn decode_text(hash: &str, bytes: &[u8]) -> Result<String> {
    match bytes.first() {
        Some(b'{') => {
            let c: CopyRow =
                serde_json::from_slice(bytes).map_err(|e| damaged(hash, &e.to_string()))?;
            check_text(hash, &c.text)?;
            Ok(c.text)
        }
        Some(&FORMAT_2 | &FORMAT_3) => {
            let (_, compressed, text_len) = split_row(hash, bytes)?;
            decompress_text(hash, compressed, text_len)
        }
        _ => Err(unknown(hash, bytes)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn copy() -> CopyRow {
        CopyRow {
            hash: "ab".into(),
            path: "x.txt".into(),
            form: Form::Text,
            kind: Kind::Cable,
            doc_id: "07KUALALUMPUR1145".into(),
            text: "C O N F I D E N T I A L KUALA LUMPUR 001145\n\nSUBJECT: ÉTÉ\n".repeat(20),
            source: Some(SourceMeta {
                from: "csv_columns".into(),
                id: Some("07KUALALUMPUR1145".into()),
                ..Default::default()
            }),
            size: 10,
            record: None,
        }
    }

    #[test]
    fn round_trip_and_compression() {
        let c = copy();
        let b = encode_copy(&c).unwrap();
        assert!(
            b.len() < c.text.len() / 2,
            "{} vs {}",
            b.len(),
            c.text.len()
        );
        assert_eq!(decode_copy("ab", &b).unwrap(), c);
        assert_eq!(decode_text("ab", &b).unwrap(), c.text);
    }

    #[test]
    fn reads_format_1_json() {
        let c = copy();
        let b = serde_json::to_vec(&c).unwrap();
        assert_eq!(decode_copy("ab", &b).unwrap(), c);
        assert_eq!(decode_text("ab", &b).unwrap(), c.text);
    }

    #[test]
    fn corrupt_rows_are_errors_not_panics() {
        let b = encode_copy(&copy()).unwrap();
        for cut in [0, 1, 3, 8, b.len() - 20, b.len() - 3] {
            assert!(decode_copy("ab", &b[..cut]).is_err(), "cut at {cut}");
            assert!(decode_text("ab", &b[..cut]).is_err(), "cut at {cut}");
        }
        assert!(decode_copy("ab", &[9, 0, 0]).is_err());
    }

    #[test]
    fn every_flipped_byte_is_detected() {
        let mut c = copy();
        c.hash = blake3::hash(c.text.as_bytes()).to_hex().to_string();
        let b = encode_copy(&c).unwrap();
        assert_eq!(decode_copy(&c.hash, &b).unwrap(), c);
        for at in 0..b.len() {
            for bit in [0x01u8, 0x80] {
                let mut d = b.clone();
                d[at] ^= bit;
                assert!(decode_copy(&c.hash, &d).is_err(), "flip at {at} not seen");
                assert!(decode_text(&c.hash, &d).is_err(), "flip at {at} not seen");
            }
        }
    }

    #[test]
    fn a_text_that_is_not_its_hash_is_an_error() {
        let mut c = copy();
        c.hash = blake3::hash(b"another text").to_hex().to_string();
        let b = encode_copy(&c).unwrap();
        let e = decode_copy(&c.hash, &b).unwrap_err().to_string();
        assert!(e.contains("does not match its content hash"), "{e}");
        let json = serde_json::to_vec(&c).unwrap();
        assert!(decode_text(&c.hash, &json).is_err());
    }
}
