//! `cables.csv` (the unofficial full release of September 2011): eight columns
//! (row number, date `M/D/YYYY HH:MM`, reference id, origin, classification,
//! references `|`-separated, header, body) with MySQL-style escaping
//! (`\"`, `\'`, `\\`). Read as a stream, row by row, in bounded memory.

use std::borrow::Cow;
use std::io::Read;

use super::quoted_rows::{quoted_rows, unescape};

use crate::record::SourceMeta;

/// One row of `cables.csv`.
#[derive(Debug, Clone, Default)]
pub struct CsvRow {
    /// Line in the file where the row starts (1-based).
    pub line: u64,
    /// Row number column.
    pub number: String,
    /// The transmission header column.
    pub header: String,
    /// The body column.
    pub body: String,
    /// The metadata columns.
    pub meta: SourceMeta,
}

/// A row that could not be read.
#[derive(Debug, Clone, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct CsvError {
    /// Line where the bad row starts.
    pub line: u64,
    /// What is wrong.
    pub message: String,
}

/// Whether the start of a file looks like `cables.csv`: a quoted row number and a `M/D/YYYY HH:MM` date.
pub fn looks_like_cables_csv(head: &[u8]) -> bool {
    let s = String::from_utf8_lossy(&head[..head.len().min(200)]);
    let mut it = s.split("\",\"");
    let n = it.next().unwrap_or("").trim_start_matches('"');
    let d = it.next().unwrap_or("");
    !n.is_empty()
        && n.bytes().all(|b| b.is_ascii_digit())
        && d.contains('/')
        && d.contains(':')
        && d.len() <= 16
}

/// Iterate over the rows of a `cables.csv` stream.
pub fn rows<R: Read>(reader: R) -> impl Iterator<Item = Result<CsvRow, CsvError>> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .double_quote(false)
        .escape(Some(b'\\'))
        .from_reader(reader);
    let mut rec = csv::ByteRecord::new();
    std::iter::from_fn(move || {
        loop {
            match rdr.read_byte_record(&mut rec) {
                Ok(false) => return None,
                Ok(true) => {
                    let line = rec.position().map(|p| p.line()).unwrap_or(0);
                    if rec.len() == 1
                        && rec
                            .get(0)
                            .is_some_and(|f| f.iter().all(u8::is_ascii_whitespace))
                    {
                        continue;
                    }
                    if rec.len() != 8 {
                        return Some(Err(CsvError {
                            line,
                            message: format!("expected 8 columns, found {}", rec.len()),
                        }));
                    }
                    let fields = std::array::from_fn(|i| Cow::Borrowed(rec.get(i).unwrap_or(b"")));
                    return Some(Ok(row_of(line, fields)));
                }
                Err(e) => {
                    let line = e.position().map(|p| p.line()).unwrap_or(0);
                    return Some(Err(CsvError {
                        line,
                        message: e.to_string(),
                    }));
                }
            }
        }
    })
}

/// [`rows`] of a document in memory: the same rows, found with memchr where
/// every row is eight quoted fields (see [`super::quoted_rows`]).
pub fn rows_in(bytes: &[u8]) -> Box<dyn Iterator<Item = Result<CsvRow, CsvError>> + '_> {
    match quoted_rows(bytes) {
        Some(found) => Box::new(
            found
                .into_iter()
                .map(move |r| Ok(row_of(r.line, r.fields.map(|f| unescape(&bytes[f]))))),
        ),
        None => Box::new(rows(bytes)),
    }
}

/// A field as text: UTF-8, else Windows-1252.
fn field_text(raw: &[u8]) -> String {
    match std::str::from_utf8(raw) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(raw).0.into_owned(),
    }
}

/// The row of line `line` made of its eight fields (escapes undone).
fn row_of(line: u64, fields: [Cow<'_, [u8]>; 8]) -> CsvRow {
    let field = |i: usize| field_text(&fields[i]);
    let refs = field(5);
    CsvRow {
        line,
        number: field(0),
        header: field(6),
        body: field(7),
        meta: SourceMeta {
            from: "csv_columns".into(),
            id: Some(field(2)).filter(|s| !s.is_empty()),
            created: parse_csv_date(&field(1)),
            released: None,
            classification: Some(field(4)).filter(|s| !s.is_empty()),
            origin: Some(field(3)).filter(|s| !s.is_empty()),
            subject: None,
            tags: vec![],
            references: refs
                .split('|')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
        },
    }
}

/// `12/28/1966 18:48` -> `1966-12-28T18:48:00Z`.
pub fn parse_csv_date(s: &str) -> Option<String> {
    let (date, time) = s.trim().split_once(' ')?;
    let mut d = date.split('/');
    let (m, day, y): (u32, u32, i32) = (
        d.next()?.parse().ok()?,
        d.next()?.parse().ok()?,
        d.next()?.parse().ok()?,
    );
    let (h, min) = time.split_once(':')?;
    let (h, min): (u32, u32) = (h.parse().ok()?, min.parse().ok()?);
    if !crate::dtg::valid_date(y, m, day) || h > 23 || min > 59 {
        return None;
    }
    Some(format!("{y:04}-{m:02}-{day:02}T{h:02}:{min:02}:00Z"))
}

/// `2007-07-16T01:38:00Z` -> `7/16/2007 01:38`: the date column as
/// `cables.csv` writes it (the inverse of [`parse_csv_date`]).
pub fn csv_date(iso: &str) -> String {
    let y = iso.get(0..4).unwrap_or("2000");
    let m: u32 = iso.get(5..7).and_then(|v| v.parse().ok()).unwrap_or(1);
    let d: u32 = iso.get(8..10).and_then(|v| v.parse().ok()).unwrap_or(1);
    format!("{m}/{d}/{y} {}", iso.get(11..16).unwrap_or("00:00"))
}

/// One `cables.csv` line (with its `\n`) of the eight columns, each quoted,
/// with the file's MySQL-style escaping (`\\`, `\"`): what [`rows`] reads back.
pub fn csv_line(columns: &[String; 8]) -> String {
    let mut line = String::new();
    for (i, c) in columns.iter().enumerate() {
        if i > 0 {
            line.push(',');
        }
        line.push('"');
        line.push_str(&c.replace('\\', "\\\\").replace('"', "\\\""));
        line.push('"');
    }
    line.push('\n');
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_lines_read_back() {
        let columns = [
            "1".to_string(),
            csv_date("1966-12-28T18:48:00Z"),
            "66BUENOSAIRES2481".into(),
            "Embassy Buenos Aires".into(),
            "UNCLASSIFIED".into(),
            "66STATE106206".into(),
            "P R 281848Z DEC 66\nFM X".into(),
            "BODY \"Q\" it's \\ done,\n\"quoted\"".into(),
        ];
        assert_eq!(columns[1], "12/28/1966 18:48");
        let line = csv_line(&columns);
        let r = rows(line.as_bytes()).next().unwrap().unwrap();
        assert_eq!(r.meta.created.as_deref(), Some("1966-12-28T18:48:00Z"));
        assert_eq!(r.header, columns[6]);
        assert_eq!(r.body, columns[7]);
    }

    #[test]
    fn rows_in_memory_as_the_csv_reader() {
        let show = |it: &mut dyn Iterator<Item = Result<CsvRow, CsvError>>| {
            it.map(|r| format!("{r:?}")).collect::<Vec<_>>()
        };
        let check = |doc: &[u8]| {
            assert_eq!(
                show(&mut rows_in(doc)),
                show(&mut rows(doc)),
                "{:?}",
                String::from_utf8_lossy(doc)
            );
        };
        // Documents of rows built from random pieces, most well formed.
        let pieces: [&[u8]; 12] = [
            b"a",
            b"7/1/2003 10:00",
            b"\\\"",
            b"\\\\",
            b"\n",
            b",",
            b" ",
            b"|",
            b"\r",
            b"\xe9",
            b"\\",
            b"\"",
        ];
        let mut x: u64 = 0x0bad_5eed_1234_5678;
        let mut next = |n: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x % n
        };
        let mut strict = 0;
        for _ in 0..20_000 {
            let mut doc = Vec::new();
            for _ in 0..next(4) {
                let fields = if next(10) == 0 { next(10) } else { 8 };
                for f in 0..fields {
                    if f > 0 {
                        doc.push(b',');
                    }
                    doc.push(b'"');
                    for _ in 0..next(4) {
                        // Mostly text; now and then a piece that may break the shape.
                        let p = if next(3) == 0 { next(12) } else { next(3) };
                        doc.extend_from_slice(pieces[p as usize]);
                    }
                    doc.push(b'"');
                }
                match next(12) {
                    0 => doc.extend_from_slice(b"\r\n"),
                    1 => doc.extend_from_slice(b"\n\n"),
                    2 => {}
                    _ => doc.push(b'\n'),
                }
            }
            check(&doc);
            strict += usize::from(quoted_rows(&doc).is_some_and(|r| r.len() >= 2));
        }
        // Many documents of several rows took the memchr reading.
        assert!(strict > 500, "{strict}");
        check(b"");
        check(b"\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\"");
        check(b"\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\\");
    }

    #[test]
    fn rows_and_errors() {
        let data = "\"1\",\"12/28/1966 18:48\",\"66BUENOSAIRES2481\",\"Embassy Buenos Aires\",\"UNCLASSIFIED\",\"66STATE106206\",\"P R 281848Z DEC 66\nFM X\",\"BODY \\\"Q\\\" it\\'s \\\\ done\"\n\"2\",\"bad\"\n";
        let rows: Vec<_> = rows(data.as_bytes()).collect();
        let r = rows[0].as_ref().unwrap();
        assert_eq!(r.meta.created.as_deref(), Some("1966-12-28T18:48:00Z"));
        assert_eq!(r.body, "BODY \"Q\" it's \\ done");
        assert_eq!(r.meta.references, ["66STATE106206"]);
        assert_eq!(rows[1].as_ref().unwrap_err().line, 3);
    }
}
