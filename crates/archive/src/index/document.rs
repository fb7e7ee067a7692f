//! Turning a parsed record into a search-index document.

use cablescope_format::{Kind, Record};
use tantivy::{DateTime, TantivyDocument};

use super::schema::Fields;

/// The text users search in a record's body: paragraphs, or the article text.
pub fn body_text(rec: &Record) -> String {
    if let Some(a) = rec.article.as_ref().filter(|_| rec.kind == Kind::Article) {
        return a.text.clone();
    }
    if rec.paragraphs.is_empty() {
        return rec.text.clone();
    }
    let mut s = String::with_capacity(rec.text.len());
    for p in &rec.paragraphs {
        if !s.is_empty() {
            s.push_str("\n\n");
        }
        if let Some(n) = p.n {
            s.push_str(&format!("{n}. "));
        }
        s.push_str(&p.text);
    }
    s
}

/// Parse `2007-07-16T01:38:00Z` into a tantivy date.
pub fn parse_iso(s: &str) -> Option<DateTime> {
    let b = s.as_bytes();
    if b.len() < 10 {
        return None;
    }
    let y: i32 = s.get(0..4)?.parse().ok()?;
    let m: u32 = s.get(5..7)?.parse().ok()?;
    let d: u32 = s.get(8..10)?.parse().ok()?;
    let (hh, mm) = if b.len() >= 16 {
        (s.get(11..13)?.parse().ok()?, s.get(14..16)?.parse().ok()?)
    } else {
        (0u32, 0u32)
    };
    if !(1..=12).contains(&m) || d == 0 || d > 31 {
        return None;
    }
    let days = days_from_civil(y, m, d);
    let secs = days * 86_400 + i64::from(hh) * 3600 + i64::from(mm) * 60;
    Some(DateTime::from_timestamp_secs(secs))
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
pub fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = i64::from((m + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Build the index document for a record stored under `id` with `copies`
/// copies, `rec` being parsed from its reading copy, stored under `reading`.
pub fn to_document(
    f: &Fields,
    id: &str,
    rec: &Record,
    reading: &str,
    copies: u64,
) -> TantivyDocument {
    let mut d = TantivyDocument::default();
    d.add_text(f.id, id);
    d.add_text(f.kind, kind_name(rec.kind));
    let subject = rec
        .subject
        .clone()
        .or_else(|| rec.article.as_ref().and_then(|a| a.title.clone()))
        .unwrap_or_default();
    d.add_text(f.subject, &subject);
    let body = body_text(rec);
    d.add_text(f.reading, reading);
    let copy = super::body::copy_text(rec);
    match super::body::locate(rec, copy) {
        Some((start, end)) => {
            d.add_u64(f.body_start, start as u64);
            d.add_u64(f.body_end, end as u64);
            d.add_text(f.body_head, super::body::head(copy, start, end));
        }
        None => d.add_text(f.body_kept, &body),
    }
    d.add_text(f.body, body);
    if let Some(o) = &rec.origin {
        d.add_text(f.origin, &o.id);
        if let Some(n) = &o.name {
            d.add_text(f.origin_name, n);
            d.add_text(f.fast_origin, n);
        }
        d.add_text(
            f.from,
            format!("{} {}", o.id, o.name.as_deref().unwrap_or("")),
        );
        if let Some(c) = &o.country {
            d.add_text(f.country, c.to_lowercase());
            d.add_text(f.fast_country, c);
        }
    }
    if let Some(from) = rec.envelope.as_ref().and_then(|e| e.from.as_deref()) {
        d.add_text(f.from, from);
    }
    for t in &rec.tags {
        d.add_text(f.tag, t);
    }
    if let Some(c) = &rec.classification {
        d.add_text(f.class, c);
        d.add_text(f.class_level, c.split("//").next().unwrap_or(c));
        d.add_text(f.fast_class, c);
        if c.ends_with("//NOFORN") {
            d.add_text(f.caveat, "NOFORN");
            if !rec.captions.iter().any(|x| x == "NOFORN") {
                d.add_text(f.fast_caveat, "NOFORN");
            }
        }
    }
    for c in &rec.captions {
        d.add_text(f.caveat, c);
        d.add_text(f.fast_caveat, c);
    }
    for a in &rec.addressees {
        let mut s = a.address.clone();
        if let Some(p) = &a.post {
            s.push(' ');
            s.push_str(p);
        }
        d.add_text(f.to, s);
    }
    for s in &rec.signers {
        d.add_text(f.signer, s.to_uppercase());
    }
    if let Some(cb) = &rec.classified_by {
        d.add_text(
            f.classified_by,
            format!(
                "{} {}",
                cb.name.as_deref().unwrap_or(""),
                cb.title.as_deref().unwrap_or("")
            ),
        );
    }
    for r in &rec.references {
        if let Some(rid) = &r.id {
            d.add_text(f.refs, rid);
        }
    }
    let created = rec
        .created
        .clone()
        .or_else(|| rec.article.as_ref().and_then(|a| a.date.clone()))
        .or_else(|| rec.source.as_ref().and_then(|s| s.created.clone()));
    let mut year = None;
    if let Some(c) = created.as_deref()
        && let Some(dt) = parse_iso(c)
    {
        d.add_date(f.created, dt);
        d.add_text(f.created_text, c);
        year = c[..4].parse::<u64>().ok();
    }
    // A cable without a date-time group still has the year the release
    // list gives it (`year`, with its evidence in the diagnostics).
    if let Some(y) = year.or_else(|| rec.year.and_then(|y| u64::try_from(y).ok())) {
        d.add_u64(f.year, y);
    }
    d.add_u64(f.copies, copies);
    d
}

/// Name of a kind.
pub fn kind_name(k: Kind) -> &'static str {
    match k {
        Kind::Cable => "cable",
        Kind::Article => "article",
        Kind::Other => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2007, 7, 16), 13710);
        assert_eq!(
            parse_iso("2007-07-16T01:38:00Z")
                .unwrap()
                .into_timestamp_secs(),
            13710 * 86400 + 3600 + 38 * 60
        );
    }
}
