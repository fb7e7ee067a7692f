//! How a copy is laid out on disk.
//!
//! Format 2 (current): one format byte (`2`), the length (u32, little endian)
//! of a JSON object holding the copy's small fields (path, form, kind, document
//! id, size, source metadata, and the record where it cannot be re-derived),
//! that object, the text's length (u32), then the text as one zstd frame
//! (level 1: fast, and cable text still shrinks about 3:1). The text is
//! nearly all of a copy.
//!
//! Format 1 (archives written before): the whole [`CopyRow`] as JSON, text
//! included. It begins with `{`, so both are read; only format 2 is written.

use cablescope_format::{Form, Kind, Record, SourceMeta};
use serde::{Deserialize, Serialize};

use super::CopyRow;
use crate::error::{ArchiveError, Result};

const FORMAT_2: u8 = 2;
/// zstd level: the fastest, which already compresses cable text well.
const LEVEL: i32 = 1;
/// Longest text a row may claim (a guard against corrupt lengths).
const MAX_TEXT: usize = 1 << 30;

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
            *c = Some(zstd::bulk::Compressor::new(LEVEL)?);
        }
        match c.as_mut() {
            Some(z) => z.compress(text),
            None => zstd::bulk::compress(text, LEVEL),
        }
    })
}

/// Encode a copy (format 2).
pub fn encode_copy(c: &CopyRow) -> Result<Vec<u8>> {
    let fields = CopyFields {
        path: c.path.clone(),
        form: c.form,
        kind: c.kind,
        doc_id: c.doc_id.clone(),
        size: c.size,
        source: c.source.clone(),
        record: c.record.clone(),
    };
    let meta = serde_json::to_vec(&fields)?;
    let text = compress(c.text.as_bytes())
        .map_err(|e| ArchiveError::Store(format!("copy {}: compressing: {e}", c.hash)))?;
    if c.text.len() > MAX_TEXT {
        return Err(ArchiveError::Store(format!(
            "copy {}: text of {} bytes is too long to store",
            c.hash,
            c.text.len()
        )));
    }
    let mut out = Vec::with_capacity(9 + meta.len() + text.len());
    out.push(FORMAT_2);
    out.extend_from_slice(&(meta.len() as u32).to_le_bytes());
    out.extend_from_slice(&meta);
    out.extend_from_slice(&(c.text.len() as u32).to_le_bytes());
    out.extend_from_slice(&text);
    Ok(out)
}

/// A format-2 row split into its small fields' JSON and its compressed text
/// (with the text's length), checked against truncation.
fn split_row<'a>(hash: &str, bytes: &'a [u8]) -> Result<(&'a [u8], &'a [u8], usize)> {
    let corrupt = |what: &str| ArchiveError::Store(format!("copy {hash}: {what}"));
    let u32_at = |at: usize| {
        bytes
            .get(at..at + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
            .ok_or_else(|| corrupt("truncated"))
    };
    let len = u32_at(1)?;
    let meta = bytes.get(5..5 + len).ok_or_else(|| corrupt("truncated"))?;
    let text_len = u32_at(5 + len)?;
    if text_len > MAX_TEXT {
        return Err(corrupt("impossible text length"));
    }
    Ok((meta, &bytes[9 + len..], text_len))
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
    let corrupt = |what: &str| ArchiveError::Store(format!("copy {hash}: {what}"));
    let text = decompress(compressed, text_len)
        .map_err(|e| corrupt(&format!("text does not decompress: {e}")))?;
    if text.len() != text_len {
        return Err(corrupt("text shorter than recorded"));
    }
    String::from_utf8(text).map_err(|_| corrupt("text is not UTF-8"))
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
        Some(b'{') => Ok(serde_json::from_slice(bytes)?),
        Some(&FORMAT_2) => {
            let (meta, compressed, text_len) = split_row(hash, bytes)?;
            let f: CopyFields = serde_json::from_slice(meta)?;
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
        Some(b'{') => Ok(serde_json::from_slice::<CopyRow>(bytes)?.text),
        Some(&FORMAT_2) => {
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
}
