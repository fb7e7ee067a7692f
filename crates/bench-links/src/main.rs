//! `bench-links`: the cost of linking the press to the cables at scale.
//!
//! Derives a corpus of `--scale N` cables from the real `cables.csv`
//! (`derive.rs`), ingests it, writes `--articles M` synthetic articles from
//! real cables (`articles.rs`), then measures: ingesting the M articles (store,
//! index and linking), linking all M again (the linking cost alone), and
//! adding one article (ingest of one file, links included), and reports how
//! many of the expected links were found.
//!
//! ```text
//! bench-links --corpus ../shared/corpus --scale 60000 --articles 1000 --work /tmp/bench-links
//! ```

mod articles;
mod derive;

use std::path::PathBuf;
use std::time::Instant;

use cablescope_archive::{Archive, ingest::Quiet};
use cablescope_press::Evidence;

use articles::Use;

struct Args {
    corpus: PathBuf,
    scale: usize,
    articles: usize,
    work: PathBuf,
}

fn args() -> Result<Args, String> {
    let mut a = Args {
        corpus: PathBuf::from("../shared/corpus"),
        scale: 15_000,
        articles: 1000,
        work: std::env::temp_dir().join("bench-links"),
    };
    let mut it = std::env::args().skip(1);
    while let Some(k) = it.next() {
        let v = it.next().ok_or(format!("{k} needs a value"))?;
        match k.as_str() {
            "--corpus" => a.corpus = v.into(),
            "--scale" => a.scale = v.parse().map_err(|e| format!("--scale: {e}"))?,
            "--articles" => a.articles = v.parse().map_err(|e| format!("--articles: {e}"))?,
            "--work" => a.work = v.into(),
            _ => return Err(format!("unknown option {k}")),
        }
    }
    Ok(a)
}

fn main() {
    if let Err(e) = run() {
        eprintln!("bench-links: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let a = args()?;
    let err = |e: cablescope_archive::ArchiveError| e.to_string();
    let data = a.work.join(format!("data-{}", a.scale));
    std::fs::create_dir_all(&a.work).map_err(|e| e.to_string())?;
    let rows = derive::read_rows(&a.corpus)?;
    let archive;
    if data.join("store.redb").exists() {
        println!("reusing {}", data.display());
        archive = Archive::open(&data).map_err(err)?;
    } else {
        let csv = a.work.join(format!("cables-{}.csv", a.scale));
        let t = Instant::now();
        derive::derive(&rows, &csv, a.scale)?;
        println!(
            "derived {} cables in {:.1} s",
            a.scale,
            t.elapsed().as_secs_f64()
        );
        archive = Archive::open(&data).map_err(err)?;
        let t = Instant::now();
        let s = archive
            .ingest(std::slice::from_ref(&csv), &Quiet)
            .map_err(err)?;
        println!(
            "ingested {} cables in {:.1} s ({} failures)",
            s.new_cables,
            t.elapsed().as_secs_f64(),
            s.failures.len()
        );
        let _ = std::fs::remove_file(&csv);
    }
    // Articles from real cables spread over the corpus.
    let dir = a.work.join(format!("articles-{}", a.scale));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let mut written = Vec::new();
    let step = (rows.len() / (a.articles + a.articles / 2)).max(1);
    let mut k = 0;
    for r in rows.iter().step_by(step) {
        if written.len() > a.articles {
            break;
        }
        let Some(id) = r
            .meta
            .id
            .as_deref()
            .and_then(cablescope_format::ids::canonical_id)
        else {
            continue;
        };
        let Some(rec) = archive.cable_record(&id).map_err(err)? else {
            continue;
        };
        if let Some(art) = articles::write(k, &id, &rec) {
            let p = dir.join(format!("a{k:05}.txt"));
            std::fs::write(&p, &art.text).map_err(|e| e.to_string())?;
            written.push((p, art));
            k += 1;
        }
    }
    let extra = written.pop().ok_or("no articles written")?;
    // A new article on every run (a rerun reusing the archive adds it anew).
    let nonce = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    std::fs::write(&extra.0, format!("{}\nRun {nonce}.\n", extra.1.text))
        .map_err(|e| e.to_string())?;
    let batch_dir = dir.join("batch");
    std::fs::create_dir_all(&batch_dir).map_err(|e| e.to_string())?;
    for (p, _) in &written {
        std::fs::rename(p, batch_dir.join(p.file_name().unwrap())).map_err(|e| e.to_string())?;
    }
    let n = written.len();
    let t = Instant::now();
    let s = archive
        .ingest(std::slice::from_ref(&batch_dir), &Quiet)
        .map_err(err)?;
    let ingest_s = t.elapsed().as_secs_f64();
    println!(
        "ingested {} articles with their links in {ingest_s:.1} s",
        s.articles
    );
    let ids = archive.article_ids().map_err(err)?;
    let t = Instant::now();
    let linked = archive.relink_articles(&ids).map_err(err)?;
    let link_s = t.elapsed().as_secs_f64();
    println!(
        "linked {linked} articles against {} cables in {link_s:.1} s ({:.1} ms an article)",
        a.scale,
        link_s * 1000.0 / linked.max(1) as f64
    );
    let t = Instant::now();
    archive
        .ingest(std::slice::from_ref(&extra.0), &Quiet)
        .map_err(err)?;
    let added_ms = t.elapsed().as_secs_f64() * 1000.0;
    let new: Vec<String> = archive
        .article_ids()
        .map_err(err)?
        .into_iter()
        .filter(|id| !ids.contains(id))
        .collect();
    let t = Instant::now();
    archive.relink_articles(&new).map_err(err)?;
    println!(
        "added one article (ingest + links) in {added_ms:.0} ms; linking it alone: {:.0} ms",
        t.elapsed().as_secs_f64() * 1000.0
    );

    // What was found.
    let mut found = [(0usize, 0usize); 4];
    let (mut one_s, mut other_quotes, mut all_quotes) = (0.0f64, 0usize, 0usize);
    for (p, art) in &written {
        let bytes =
            std::fs::read(batch_dir.join(p.file_name().unwrap())).map_err(|e| e.to_string())?;
        let rec = cablescope_format::parse(cablescope_format::Input {
            path: "a",
            bytes: &bytes,
        })
        .remove(0);
        let t = Instant::now();
        let links = archive.link_record(&rec).map_err(err)?;
        one_s += t.elapsed().as_secs_f64();
        other_quotes += links
            .iter()
            .filter(|l| l.evidence == Evidence::Quotes && l.id != art.cable)
            .count();
        all_quotes += links
            .iter()
            .filter(|l| l.evidence == Evidence::Quotes)
            .count();
        let (slot, ok) = match art.uses {
            Use::Quotes => (
                0,
                links
                    .iter()
                    .any(|l| l.evidence == Evidence::Quotes && l.id == art.cable),
            ),
            Use::Names => (
                1,
                links
                    .iter()
                    .any(|l| l.evidence == Evidence::Names && l.id == art.cable),
            ),
            Use::Describes => (
                2,
                links
                    .iter()
                    .filter(|l| l.evidence == Evidence::Concerns)
                    .take(5)
                    .any(|l| l.id == art.cable),
            ),
            Use::General => (3, !links.iter().any(|l| l.evidence == Evidence::Quotes)),
        };
        found[slot].0 += usize::from(ok);
        found[slot].1 += 1;
    }
    let pct =
        |(a, b): (usize, usize)| format!("{a}/{b} ({:.1}%)", 100.0 * a as f64 / b.max(1) as f64);
    println!("synthetic articles ({n}):");
    println!(
        "  quoting articles linked by quotes to their cable: {}",
        pct(found[0])
    );
    println!(
        "  naming articles linked by names to their cable:   {}",
        pct(found[1])
    );
    println!(
        "  describing articles, cable in top 5 concerns:    {}",
        pct(found[2])
    );
    println!(
        "  general articles without any quote link:          {}",
        pct(found[3])
    );
    println!("  quote links to another cable than the source:     {other_quotes} of {all_quotes}");
    println!(
        "linking one article without storing it: {:.1} ms on average",
        one_s * 1000.0 / n.max(1) as f64
    );
    Ok(())
}
