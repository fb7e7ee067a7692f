//! `cables.csv` (the unofficial full release of September 2011): eight columns
//! (row number, date `M/D/YYYY HH:MM`, reference id, origin, classification,
//! references `|`-separated, header, body) with MySQL-style escaping
//! (`\"`, `\'`, `\\`). Read as a stream, row by row, in bounded memory.

use std::borrow::Cow;
use std::io::Read;

use super::csv_rows::{Found, StreamRows};

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

/// Iterate over the rows of a `cables.csv` stream, a row at a time (see
/// [`super::csv_rows`]: a quote the export did not escape, or a field that
/// swallows the rows after it, is repaired with a note in the row's
/// `meta.notes`; a piece that is no row is an error naming its line).
pub fn rows<R: Read>(reader: R) -> impl Iterator<Item = Result<CsvRow, CsvError>> {
    let mut rows = StreamRows::new(reader);
    std::iter::from_fn(move || {
        rows.next_row().map(|r| match r {
            Ok(o) => Ok(row_of(o.line, o.fields.map(Cow::Owned), o.notes)),
            Err((line, message)) => Err(CsvError { line, message }),
        })
    })
}

/// [`rows`] of a document in memory: the same rows, fields borrowed where
/// they hold no escape.
pub fn rows_in(bytes: &[u8]) -> Box<dyn Iterator<Item = Result<CsvRow, CsvError>> + '_> {
    Box::new(super::csv_rows::rows_in(bytes).map(|f| match f {
        Found::Row {
            line,
            fields,
            notes,
        } => Ok(row_of(line, fields, notes)),
        Found::Bad { line, message } => Err(CsvError { line, message }),
    }))
}

/// A field as text: UTF-8, else Windows-1252.
fn field_text(raw: &[u8]) -> String {
    match std::str::from_utf8(raw) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(raw).0.into_owned(),
    }
}

/// The row of line `line` made of its eight fields (escapes undone) and
/// what its reading repaired.
fn row_of(line: u64, fields: [Cow<'_, [u8]>; 8], notes: Vec<String>) -> CsvRow {
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
            notes,
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

    /// The rows as a general CSV reader reads them (quoting on, `\\` the
    /// escape): what this reader must give for every well-formed file.
    fn csv_crate_rows(doc: &[u8]) -> Vec<String> {
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .double_quote(false)
            .escape(Some(b'\\'))
            .from_reader(doc);
        let mut rec = csv::ByteRecord::new();
        let mut out = Vec::new();
        while rdr.read_byte_record(&mut rec).unwrap() {
            let line = rec.position().map(|p| p.line()).unwrap_or(0);
            let fields: Vec<Cow<'_, [u8]>> = rec.iter().map(Cow::Borrowed).collect();
            let fields: [Cow<'_, [u8]>; 8] = fields.try_into().unwrap();
            out.push(format!(
                "{:?}",
                Ok::<_, CsvError>(row_of(line, fields, vec![]))
            ));
        }
        out
    }

    fn show(it: impl Iterator<Item = Result<CsvRow, CsvError>>) -> Vec<String> {
        it.map(|r| format!("{r:?}")).collect()
    }

    /// The rows read from memory, and from a stream read a few bytes at a time.
    fn both_ways(doc: &[u8]) -> Vec<String> {
        let in_memory = show(rows_in(doc));
        for min_read in [1, 7, 1 << 16] {
            let mut s = StreamRows::with_min_read(doc, min_read);
            let streamed = show(std::iter::from_fn(|| {
                s.next_row().map(|r| match r {
                    Ok(o) => Ok(row_of(o.line, o.fields.map(Cow::Owned), o.notes)),
                    Err((line, message)) => Err(CsvError { line, message }),
                })
            }));
            assert_eq!(
                streamed,
                in_memory,
                "{min_read}: {:?}",
                String::from_utf8_lossy(doc)
            );
        }
        in_memory
    }

    struct Rng(u64);
    impl Rng {
        fn below(&mut self, n: u64) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0 % n
        }
    }

    #[test]
    fn well_formed_files_read_as_a_general_csv_reader_reads_them() {
        let pieces = [
            "a", "word ", "\"", "\\", "\n", ",", "\",\"", "|", "\r\n", "é", "\"\n", "\\\"", "'",
        ];
        let mut r = Rng(0x0bad_5eed_1234_5678);
        for _ in 0..3_000 {
            let mut doc = String::new();
            for n in 0..r.below(5) {
                let mut columns: [String; 8] = Default::default();
                columns[0] = (n + 1).to_string();
                columns[1] = "7/1/2003 10:00".into();
                for c in &mut columns[2..] {
                    for _ in 0..r.below(6) {
                        c.push_str(pieces[r.below(pieces.len() as u64) as usize]);
                    }
                }
                doc.push_str(&csv_line(&columns));
            }
            let rows = both_ways(doc.as_bytes());
            assert_eq!(rows, csv_crate_rows(doc.as_bytes()), "{doc:?}");
        }
    }

    #[test]
    fn a_read_error_ends_the_rows_where_the_rows_read_end() {
        /// Gives `ok` bytes of `doc`, then fails.
        struct Failing<'a> {
            doc: &'a [u8],
            ok: usize,
        }
        impl Read for Failing<'_> {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                if self.ok == 0 {
                    return Err(std::io::Error::other("disk gone"));
                }
                let n = buf.len().min(self.ok).min(self.doc.len());
                buf[..n].copy_from_slice(&self.doc[..n]);
                self.doc = &self.doc[n..];
                self.ok -= n;
                Ok(n)
            }
        }
        let mut columns: [String; 8] = Default::default();
        columns[0] = "1".into();
        columns[7] = "body".into();
        let line = csv_line(&columns);
        let doc = line.repeat(3);
        // The error comes inside the third row: two rows, then the error, then nothing.
        let got: Vec<_> = rows(Failing {
            doc: doc.as_bytes(),
            ok: 2 * line.len() + 5,
        })
        .collect();
        assert_eq!(got.len(), 3, "{got:?}");
        assert!(got[0].is_ok() && got[1].is_ok());
        let e = got[2].as_ref().unwrap_err();
        assert_eq!(e.line, 3);
        assert!(
            e.message.starts_with("read error: disk gone"),
            "{}",
            e.message
        );
    }

    #[test]
    fn a_row_is_numbered_by_its_line_blank_lines_counted() {
        // (The csv crate does not count a blank line it skips.)
        let mut columns: [String; 8] = Default::default();
        columns[0] = "1".into();
        let doc = format!("{}\n\n{}", csv_line(&columns), csv_line(&columns));
        let lines: Vec<u64> = rows_in(doc.as_bytes()).map(|r| r.unwrap().line).collect();
        assert_eq!(lines, [1, 4]);
    }

    #[test]
    fn any_bytes_read_the_same_from_memory_and_from_a_stream() {
        let pieces: [&[u8]; 13] = [
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
            b"\n\"2\",\"1/2/2003",
        ];
        let mut r = Rng(0x5eed_0003);
        for _ in 0..5_000 {
            let mut doc = Vec::new();
            for _ in 0..r.below(4) {
                let fields = if r.below(10) == 0 { r.below(10) } else { 8 };
                for f in 0..fields {
                    if f > 0 {
                        doc.push(b',');
                    }
                    doc.push(b'"');
                    for _ in 0..r.below(4) {
                        let p = if r.below(3) == 0 {
                            r.below(13)
                        } else {
                            r.below(3)
                        };
                        doc.extend_from_slice(pieces[p as usize]);
                    }
                    doc.push(b'"');
                }
                match r.below(12) {
                    0 => doc.extend_from_slice(b"\r\n"),
                    1 => doc.extend_from_slice(b"\n\n"),
                    2 => {}
                    _ => doc.push(b'\n'),
                }
            }
            both_ways(&doc);
        }
        for doc in [
            &b""[..],
            b"\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\"",
            b"\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\\",
            b"\"",
            b"\\",
            b"x\ny",
        ] {
            both_ways(doc);
        }
    }

    /// A file of `n` rows, row `damaged` given `body` (raw, as the export wrote it).
    fn file_with(n: usize, damaged: usize, body: &str) -> String {
        let mut doc = String::new();
        for k in 1..=n {
            let mut columns: [String; 8] = Default::default();
            columns[0] = k.to_string();
            columns[1] = "7/16/2007 1:38".into();
            columns[2] = format!("07KUALALUMPUR{k}");
            columns[6] = "O 160138Z JUL 07".into();
            columns[7] = format!("1. (C) Row {k} said \"yes\".\n\n2. (C) Second, paragraph.\n");
            let line = csv_line(&columns);
            if k == damaged {
                let at = line.rfind(",\"").unwrap() + 2;
                doc.push_str(&line[..at]);
                doc.push_str(body);
                doc.push_str("\"\n");
            } else {
                doc.push_str(&line);
            }
        }
        doc
    }

    #[test]
    fn a_stray_quote_in_a_body_is_read_as_text_and_named() {
        // Before: the body was cut at the line after the stray quote and its
        // other lines became dozens of rows of 1 column, none naming the cable.
        let body =
            "1. (C) He said \"no\" and, later, \"yes.\n\n2. (C) More text, \"quoted\"\n3. (C) End.";
        let doc = file_with(5, 3, body);
        let rows = both_ways(doc.as_bytes());
        assert_eq!(rows.len(), 5, "{rows:#?}");
        let read: Vec<CsvRow> = rows_in(doc.as_bytes()).map(Result::unwrap).collect();
        for (k, r) in read.iter().enumerate() {
            assert_eq!(
                r.meta.id.as_deref(),
                Some(format!("07KUALALUMPUR{}", k + 1).as_str())
            );
            if k == 2 {
                assert_eq!(
                    r.body, body,
                    "the damaged body is read whole, its quotes kept"
                );
                assert_eq!(
                    r.meta.notes,
                    [
                        "line 9: 5 quotes not escaped inside the row (the first on line 9) read as text: the row read whole"
                    ]
                );
                assert_eq!(r.line, 9);
            } else {
                assert!(r.meta.notes.is_empty());
                assert!(r.body.ends_with("2. (C) Second, paragraph.\n"));
            }
        }
        // As a record: the note is a diagnostic naming the row's line.
        let rec = crate::forms::csv_row_record("c.csv", read[2].clone());
        assert_eq!(rec.path, "c.csv:line 9");
        assert!(
            rec.diagnostics
                .iter()
                .any(|d| d.message.contains("quotes not escaped"))
        );
        assert!(rec.text.contains("3. (C) End."));
    }

    #[test]
    fn a_field_that_swallows_the_next_rows_ends_at_the_next_row_start() {
        // The body's closing quote escaped by a trailing backslash of the export.
        let doc = file_with(4, 2, "1. (C) Cut short \\");
        let read: Vec<CsvRow> = rows_in(doc.as_bytes()).map(Result::unwrap).collect();
        assert_eq!(read.len(), 4, "{read:#?}");
        assert_eq!(read[1].body, "1. (C) Cut short \\");
        assert_eq!(read[1].meta.notes.len(), 1);
        assert!(read[1].meta.notes[0].starts_with(
            "line 5: the row of 07KUALALUMPUR2 does not close its field 8 before the next row starts on line 6"
        ), "{:?}", read[1].meta.notes);
        assert_eq!(read[2].meta.id.as_deref(), Some("07KUALALUMPUR3"));
        assert_eq!(read[2].line, 6);
        assert!(read[2].meta.notes.is_empty());
        both_ways(doc.as_bytes());
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
