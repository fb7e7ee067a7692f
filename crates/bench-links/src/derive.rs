//! A corpus of N cables derived from the real `cables.csv` rows. The first
//! pass keeps every row as it is; each further pass gives a row a new serial
//! (so a new id) and mixes its words with another row's (every third word),
//! so that derived copies share vocabulary with real cables but not whole
//! passages: a passage quoted from a real cable stays distinctive, as it is
//! in the real archive, instead of standing in every copy.

use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::Path;

use cablescope_format::forms::cables_csv::{CsvRow, csv_date, csv_line, rows};

/// Read the real rows.
pub fn read_rows(corpus: &Path) -> Result<Vec<CsvRow>, String> {
    let p = corpus.join("cables.csv.xz");
    let f = File::open(&p).map_err(|e| format!("{}: {e}", p.display()))?;
    let mut raw = Vec::new();
    xz2::read::XzDecoder::new_multi_decoder(f)
        .read_to_end(&mut raw)
        .map_err(|e| format!("{}: {e}", p.display()))?;
    Ok(rows(raw.as_slice()).filter_map(Result::ok).collect())
}

fn mix(body: &str, other: &str, copy: usize) -> String {
    let theirs: Vec<&str> = other.split_whitespace().collect();
    let mut out = String::with_capacity(body.len());
    for (i, w) in body.split_whitespace().enumerate() {
        if !out.is_empty() {
            out.push(' ');
        }
        if (i + copy).is_multiple_of(3) && !theirs.is_empty() {
            out.push_str(theirs[i % theirs.len()]);
        } else {
            out.push_str(w);
        }
    }
    out
}

/// Write `n` rows to `out`; returns the ids of the real (unchanged) rows.
pub fn derive(rows: &[CsvRow], out: &Path, n: usize) -> Result<(), String> {
    let serial_re = regex::Regex::new(r"(?m)^(.*?\b)(\d{3,7})(\s*)$").unwrap();
    let mut w = BufWriter::new(File::create(out).map_err(|e| e.to_string())?);
    for i in 0..n {
        let r = &rows[i % rows.len()];
        let copy = i / rows.len();
        let id = r.meta.id.clone().unwrap_or_default();
        let (new_id, body, header) = if copy == 0 {
            (id, r.body.clone(), r.header.clone())
        } else {
            let serial = 900_000 + i as u64;
            let other = &rows[(i * 7919 + copy) % rows.len()];
            let mut body = r.body.clone();
            let first_end = body.find('\n').unwrap_or(body.len());
            let first = body[..first_end].to_string();
            let rest = mix(&body[first_end..], &other.body, copy);
            body = match serial_re.captures(&first) {
                Some(c) => format!("{}{}{}\n{rest}", &c[1], serial, &c[3]),
                None => format!("{first}\n{rest}"),
            };
            let year = id.get(..2).unwrap_or("00").to_string();
            let origin: String = id
                .chars()
                .skip(2)
                .take_while(|c| c.is_ascii_alphabetic())
                .collect();
            let header: String = r
                .header
                .lines()
                .filter(|l| !l.starts_with("DE "))
                .collect::<Vec<_>>()
                .join("\n");
            (format!("{year}{origin}{serial}"), body, header)
        };
        let date = r
            .meta
            .created
            .as_deref()
            .map(csv_date)
            .unwrap_or_else(|| "1/1/2000 00:00".into());
        let fields = [
            (i + 1).to_string(),
            date,
            new_id,
            r.meta.origin.clone().unwrap_or_default(),
            r.meta.classification.clone().unwrap_or_default(),
            String::new(),
            header,
            body,
        ];
        w.write_all(csv_line(&fields).as_bytes())
            .map_err(|e| e.to_string())?;
    }
    w.flush().map_err(|e| e.to_string())
}
