//! `bench-search --scale N`: derive a corpus of N cables from the real
//! `cables.csv` rows (each copy gets a new serial, so a new id, and its
//! date-time group's day shifted), ingest it with the real `cablescope` binary
//! in a child process, and report ingest time, peak memory (maximum resident
//! set size of the child), index size, and query latencies over it.

use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use cablescope_format::forms::cables_csv::{csv_date, csv_line};

/// Derive `n` rows into `out` (a `cables.csv` with MySQL-style escaping).
pub fn derive(corpus: &Path, out: &Path, n: usize) -> Result<u64, String> {
    let f = File::open(corpus.join("cables.csv.xz")).map_err(|e| e.to_string())?;
    let mut raw = Vec::new();
    xz2::read::XzDecoder::new_multi_decoder(f)
        .read_to_end(&mut raw)
        .map_err(|e| e.to_string())?;
    let rows: Vec<_> = cablescope_format::forms::cables_csv::rows(raw.as_slice())
        .filter_map(Result::ok)
        .collect();
    let serial_re = regex_lite(r"(?m)^(.*?\b)(\d{3,7})(\s*)$");
    let mut w = BufWriter::new(File::create(out).map_err(|e| e.to_string())?);
    let mut bytes = 0u64;
    for i in 0..n {
        let r = &rows[i % rows.len()];
        let copy = (i / rows.len()) as u32;
        let serial = 900_000 + i as u64;
        // First text line: replace its serial; DE line: replace `#NNNN`.
        let mut body = r.body.clone();
        if let Some(first_end) = body.find('\n') {
            let first = &body[..first_end];
            if let Some(c) = serial_re.captures(first) {
                let line = format!("{}{}{}", &c[1], serial, &c[3]);
                body.replace_range(..first_end, &line);
            }
        }
        let header = shift_header(&r.header, serial, copy);
        let id = r.meta.id.clone().unwrap_or_default();
        let year = id.get(..2).unwrap_or("00");
        let origin_id: String = id
            .chars()
            .skip(2)
            .take_while(|c| c.is_ascii_alphabetic())
            .collect();
        let new_id = format!("{year}{origin_id}{serial}");
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
        let text = csv_line(&fields);
        bytes += text.len() as u64;
        w.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
    }
    w.flush().map_err(|e| e.to_string())?;
    Ok(bytes)
}

fn shift_header(h: &str, serial: u64, copy: u32) -> String {
    let mut out = String::with_capacity(h.len());
    for line in h.split('\n') {
        if let Some(rest) = line.strip_prefix("DE ")
            && let Some(hash) = rest.find('#')
        {
            let after = &rest[hash + 1..];
            let digits = after.bytes().take_while(u8::is_ascii_digit).count();
            out.push_str(&format!(
                "DE {}#{:04}{}",
                &rest[..hash],
                serial % 10_000,
                &after[digits..]
            ));
        } else if copy > 0
            && line.len() > 8
            && line.as_bytes()[2..8].iter().all(u8::is_ascii_digit)
            && line.contains('Z')
        {
            // "O 160138Z JUL 07": shift the day within 1..=28.
            let (p, dtg) = line.split_at(2);
            let day: u32 = dtg[..2].parse().unwrap_or(1);
            let new_day = (day + copy - 1) % 28 + 1;
            out.push_str(&format!("{p}{new_day:02}{}", &dtg[2..]));
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    out.pop();
    out
}

fn regex_lite(p: &str) -> regex::Regex {
    regex::Regex::new(p).expect("pattern")
}

/// Ingest `csv` with the `cablescope` binary into `data`; returns (seconds, peak RSS in MB).
pub fn ingest(bin: &Path, data: &Path, csv: &Path) -> Result<(f64, f64), String> {
    let t = Instant::now();
    let mut child = Command::new(bin)
        .arg("--data")
        .arg(data)
        .arg("ingest")
        .arg(csv)
        .stdout(std::process::Stdio::null())
        .spawn()
        .map_err(|e| e.to_string())?;
    let pid = child.id();
    let mut peak_kb = 0u64;
    loop {
        if let Ok(s) = std::fs::read_to_string(format!("/proc/{pid}/status"))
            && let Some(l) = s.lines().find(|l| l.starts_with("VmHWM:"))
        {
            let kb: u64 = l
                .split_whitespace()
                .nth(1)
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
            peak_kb = peak_kb.max(kb);
        }
        if let Some(st) = child.try_wait().map_err(|e| e.to_string())? {
            if !st.success() {
                return Err(format!("ingest exited with {st}"));
            }
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    Ok((t.elapsed().as_secs_f64(), peak_kb as f64 / 1024.0))
}

/// Disk space a directory's files take, in bytes (allocated blocks: the
/// store file is sparse, so its apparent length overstates it).
pub fn dir_size(p: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    std::fs::read_dir(p)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| {
                    if e.path().is_dir() {
                        dir_size(&e.path())
                    } else {
                        e.metadata().map(|m| m.blocks() * 512).unwrap_or(0)
                    }
                })
                .sum()
        })
        .unwrap_or(0)
}
