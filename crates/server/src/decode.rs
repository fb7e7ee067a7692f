//! The cable header decoded for a reader: who sent it to whom (post names
//! and countries), precedence, the date-time group in UTC, the classification
//! and its captions explained, TAGS with their descriptions, who classified it
//! and for which reasons, and whether the declassification date has passed.
//! The page and the API show the same [`Header`].

use cablescope_archive::histogram::civil_from_days;
use cablescope_format::Record;
use cablescope_format::tables::{declassification, markings, origins, routing_indicator, tag};
use serde::Serialize;

/// A code or value and what it means.
#[derive(Debug, Clone, Serialize)]
pub struct Explained {
    /// As written.
    pub value: String,
    /// What it means, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meaning: Option<String>,
}

/// The sending post.
#[derive(Debug, Clone, Serialize)]
pub struct From {
    /// Origin id (`KUALALUMPUR`).
    pub id: String,
    /// Post name.
    pub name: Option<String>,
    /// Country.
    pub country: Option<String>,
    /// Routing indicator of the station.
    pub ri: Option<String>,
}

/// An addressee decoded.
#[derive(Debug, Clone, Serialize)]
pub struct Addressee {
    /// `to` or `info`.
    pub role: String,
    /// As written (`SECSTATE WASHDC`).
    pub address: String,
    /// Post or office name.
    pub post: Option<String>,
    /// Country.
    pub country: Option<String>,
    /// Precedence of this address.
    pub precedence: Option<Explained>,
}

/// Who classified the cable and why.
#[derive(Debug, Clone, Serialize)]
pub struct ClassifiedBy {
    /// Name.
    pub name: Option<String>,
    /// Title.
    pub title: Option<String>,
    /// Agency.
    pub agency: Option<String>,
    /// Reasons, with the executive order's words.
    pub reasons: Vec<Explained>,
    /// The line as written.
    pub text: String,
}

/// The declassification instruction.
#[derive(Debug, Clone, Serialize)]
pub struct Declassify {
    /// As recorded.
    pub value: String,
    /// The date, when it is one (`YYYY-MM-DD`).
    pub date: Option<String>,
    /// Whether the date has passed (today, UTC).
    pub passed: Option<bool>,
    /// What a non-date instruction means.
    pub meaning: Option<String>,
}

/// The decoded header.
#[derive(Debug, Clone, Serialize)]
pub struct Header {
    /// The sending post.
    pub from: Option<From>,
    /// Action and information addressees.
    pub addressees: Vec<Addressee>,
    /// Precedence of the action and information addressees.
    pub precedence: Vec<Explained>,
    /// Date-time group as transmitted (`160138Z JUL 07`).
    pub dtg: Option<String>,
    /// Creation time in UTC (ISO 8601).
    pub created_utc: Option<String>,
    /// Classification label.
    pub classification: Option<String>,
    /// `unclassified`, `confidential`, `secret`, `top-secret` or `unknown` (for colour).
    pub level: &'static str,
    /// Captions and caveats (SIPDIS, NOFORN, ...), explained.
    pub captions: Vec<Explained>,
    /// TAGS with their descriptions.
    pub tags: Vec<Explained>,
    /// Classified by.
    pub classified_by: Option<ClassifiedBy>,
    /// Declassification.
    pub declassify: Option<Declassify>,
}

/// Precedence names for the prosign letters.
fn precedence_meaning(p: &str) -> Option<String> {
    let name = match p.trim().to_uppercase().as_str() {
        "Z" | "ZZ" | "FLASH" => "FLASH: handled at once, ahead of all other traffic",
        "O" | "OO" | "IMMEDIATE" => {
            "IMMEDIATE: handled as fast as possible (within about 30 minutes)"
        }
        "P" | "PP" | "PRIORITY" => "PRIORITY: handled before routine traffic (within hours)",
        "R" | "RR" | "ROUTINE" => "ROUTINE: handled in order of receipt",
        "NIACT IMMEDIATE" => "NIACT IMMEDIATE: immediate, needs attention at night too",
        _ => return None,
    };
    Some(name.to_string())
}

/// Colour level of a classification label.
pub fn level(label: Option<&str>) -> &'static str {
    let l = label.unwrap_or("").to_uppercase();
    if l.starts_with("TOP SECRET") {
        "top-secret"
    } else if l.starts_with("SECRET") {
        "secret"
    } else if l.starts_with("CONFIDENTIAL") {
        "confidential"
    } else if l.starts_with("UNCLAS") {
        "unclassified"
    } else {
        "unknown"
    }
}

fn marking_meaning(m: &str) -> Option<String> {
    markings()
        .iter()
        .find(|x| x.marking.eq_ignore_ascii_case(m))
        .map(|x| x.meaning.clone())
}

fn reason_meaning(code: &str) -> Option<String> {
    let norm = |s: &str| {
        s.chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_lowercase()
    };
    let want = norm(code);
    declassification()
        .iter()
        .find(|d| norm(&d.code) == want)
        .map(|d| format!("{} ({})", d.meaning, d.executive_order))
}

/// Today's date in UTC as `YYYY-MM-DD`.
pub fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    format!("{y:04}-{m:02}-{d:02}")
}

/// A date as `YYYY-MM-DD` from `2017-07-16` or `07/16/2017`.
fn as_date(s: &str) -> Option<String> {
    let s = s.trim();
    let b = s.as_bytes();
    if s.len() >= 10 && b[4] == b'-' && b[7] == b'-' && s[..4].bytes().all(|c| c.is_ascii_digit()) {
        return Some(s[..10].to_string());
    }
    cablescope_format::dtg::parse_us_date(s)
}

fn declassify(value: &str, today: &str) -> Declassify {
    let date = as_date(value);
    Declassify {
        value: value.to_string(),
        passed: date.as_ref().map(|d| d.as_str() <= today),
        meaning: if date.is_none() {
            reason_meaning(value)
        } else {
            None
        },
        date,
    }
}

fn post_of(address: &str) -> (Option<String>, Option<String>) {
    let t = origins();
    let e = t
        .by_plad(address)
        .or_else(|| t.resolve_name(address))
        .or_else(|| t.by_display_name(address));
    match e {
        Some(e) => (Some(e.display_name.clone()), Some(e.country.clone())),
        None => (None, None),
    }
}

/// Decode a record's header.
pub fn header(rec: &Record) -> Header {
    let today = today();
    let from = rec.origin.as_ref().map(|o| From {
        id: o.id.clone(),
        name: o.name.clone(),
        country: o.country.clone(),
        ri: o.ri.clone(),
    });
    let addressees = rec
        .addressees
        .iter()
        .map(|a| {
            let (mut post, mut country) = (a.post.clone(), a.country.clone());
            if post.is_none() || country.is_none() {
                let (p, c) = post_of(&a.address);
                post = post.or(p);
                country = country.or(c);
            }
            if (post.is_none() || country.is_none())
                && let Some(ri) = a.ri.as_deref().and_then(routing_indicator)
            {
                post = post.or_else(|| Some(ri.plad.clone()).filter(|s| !s.is_empty()));
                country = country.or_else(|| Some(ri.country.clone()).filter(|s| !s.is_empty()));
            }
            Addressee {
                role: a.role.clone(),
                address: a.address.clone(),
                post,
                country,
                precedence: a.precedence.as_ref().map(|p| Explained {
                    value: p.clone(),
                    meaning: precedence_meaning(p),
                }),
            }
        })
        .collect();
    let mut precedence = Vec::new();
    if let Some(p) = &rec.precedence {
        for v in [&p.action, &p.info].into_iter().flatten() {
            precedence.push(Explained {
                value: v.clone(),
                meaning: precedence_meaning(v),
            });
        }
    }
    let mut captions: Vec<Explained> = Vec::new();
    let mut add_caption = |c: &str| {
        if !captions.iter().any(|x| x.value.eq_ignore_ascii_case(c)) {
            captions.push(Explained {
                value: c.to_string(),
                meaning: marking_meaning(c),
            });
        }
    };
    for c in &rec.captions {
        add_caption(c);
    }
    if let Some(c) = &rec.classification
        && let Some((_, cav)) = c.split_once("//")
    {
        add_caption(cav);
    }
    Header {
        from,
        addressees,
        precedence,
        dtg: rec.envelope.as_ref().and_then(|e| e.dtg.clone()),
        created_utc: rec.created.clone(),
        classification: rec.classification.clone(),
        level: level(rec.classification.as_deref()),
        captions,
        tags: rec
            .tags
            .iter()
            .map(|t| Explained {
                value: t.clone(),
                meaning: tag(t).map(|e| e.description.clone()),
            })
            .collect(),
        classified_by: rec.classified_by.as_ref().map(|c| ClassifiedBy {
            name: c.name.clone(),
            title: c.title.clone(),
            agency: c.agency.clone(),
            reasons: c
                .reasons
                .iter()
                .map(|r| Explained {
                    value: r.clone(),
                    meaning: reason_meaning(r),
                })
                .collect(),
            text: c.text.clone(),
        }),
        declassify: rec.declassify_on.as_deref().map(|d| declassify(d, &today)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declassification_dates() {
        let d = declassify("2017-07-16", "2026-01-01");
        assert_eq!(d.passed, Some(true));
        let d = declassify("07/16/2032", "2026-01-01");
        assert_eq!(d.date.as_deref(), Some("2032-07-16"));
        assert_eq!(d.passed, Some(false));
        assert!(reason_meaning("1.4(b)").is_some());
        assert!(precedence_meaning("O").is_some());
        assert_eq!(level(Some("SECRET//NOFORN")), "secret");
    }
}
