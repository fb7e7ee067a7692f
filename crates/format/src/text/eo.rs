//! The E.O. line: `E.O. 12958: DECL: 07/16/2017`, `E.O. 12958: N/A`,
//! `EO 12958 DECL: 01/19/2029`, `E.O. 12356: DECL: OADR`, `E.O. 13526: DECL: 2019/07/16`.

use std::sync::LazyLock;

use regex::Regex;

use crate::dtg::{expand_year, month_number, parse_us_date, valid_date};
use crate::record::ExecutiveOrder;

static EO_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:E\s?\.?\s?O\s?\.?|EO|EXECUTIVE ORDER)\s*:?\s*(\d{4,5})\b").unwrap()
});
static ISO_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d{4})\s*[/-]\s*(\d{1,2})\s*[/-]\s*(\d{1,2})\b").unwrap());
static US_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(\d{1,2})\s*[/-]\s*(\d{1,2})\s*[/-]\s*(\d{4}|\d{2})\b").unwrap()
});
static TEXT_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:(\d{1,2})\s+(JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)[A-Z]*\.?,?\s+(\d{4})|(JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)[A-Z]*\.?\s+(\d{1,2}),?\s+(\d{4}))\b").unwrap()
});
static CODES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(25X\d(?:-HUM(?:AN)?)?|50X\d(?:-[A-Z]+)?|X\d|OADR|N/A|NA|MR|GDS|XGDS(?:-\d)?|RDS(?:-\d)?|DNG|DECLASSIFIED|AS AMENDED)\b").unwrap()
});

/// Whether a line starts with an E.O. marking.
pub fn is_eo_line(line: &str) -> bool {
    EO_START.is_match(line)
}

/// Parse the E.O. text (the line and any continuation).
pub fn parse_eo(text: &str) -> Option<ExecutiveOrder> {
    let c = EO_START.captures(text)?;
    let number = c[1].to_string();
    let rest = &text[c.get(0).unwrap().end()..];
    let upper = rest.to_ascii_uppercase();
    let mut eo = ExecutiveOrder {
        number: Some(number),
        text: text.trim().to_string(),
        ..Default::default()
    };
    eo.amended = upper.contains("AMENDED");
    // The date: only a declassification date (DECL, DECLASSIFY ON, DNG, or a bare date).
    eo.date = declassification_date(rest);
    if eo.date.is_some() {
        eo.instructions.push("date".into());
    }
    for m in CODES.find_iter(rest) {
        let code = m.as_str().to_ascii_uppercase();
        let code = if code == "NA" {
            "N/A".to_string()
        } else {
            code
        };
        if !eo.instructions.contains(&code) {
            eo.instructions.push(code);
        }
    }
    Some(eo)
}

/// The first E.O. marking anywhere in a piece of text (a passing line
/// `DEPT FOR WHA/BSC E.O. 12958: DECL: 11/22/2012`, a flattened copy).
pub fn eo_in_text(text: &str) -> Option<ExecutiveOrder> {
    static ANYWHERE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?:^|[\s(])(?:E\s?\.\s?O\s?\.?|EO|EXECUTIVE ORDER)\s*:?\s*\d{4,5}\b")
            .unwrap()
    });
    ANYWHERE
        .find_iter(text)
        .find_map(|m| parse_eo(text[m.start()..].trim_start_matches('(')))
}

/// The declassification date in an E.O. or "Declassify on" text, as `YYYY-MM-DD`.
pub fn declassification_date(text: &str) -> Option<String> {
    let upper = text.to_ascii_uppercase();
    if upper.contains("DECLASSIFIED BY") || upper.contains("DECLASSIFIED ON") {
        return None;
    }
    // Dates after a DNG (downgrade) instruction are not declassification dates,
    // unless a DECL follows.
    let scope_start = upper.find("DECL").unwrap_or(0);
    let scope = &text[scope_start..];
    if let Some(c) = ISO_DATE.captures(scope) {
        let (y, m, d) = (c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?);
        if valid_date(y, m, d) {
            return Some(format!("{y:04}-{m:02}-{d:02}"));
        }
    }
    if let Some(c) = US_DATE.captures(scope) {
        return parse_us_date(c.get(0)?.as_str());
    }
    if let Some(c) = TEXT_DATE.captures(scope) {
        let (d, m, y) = if c.get(1).is_some() {
            (&c[1], &c[2], &c[3])
        } else {
            (&c[5], &c[4], &c[6])
        };
        let (d, m, y): (u32, u32, i32) = (
            d.parse().ok()?,
            month_number(m)?,
            expand_year(y.parse().ok()?),
        );
        if valid_date(y, m, d) {
            return Some(format!("{y:04}-{m:02}-{d:02}"));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eo_lines() {
        let e = parse_eo("E.O. 12958: DECL: 07/16/2017").unwrap();
        assert_eq!(e.number.as_deref(), Some("12958"));
        assert_eq!(e.date.as_deref(), Some("2017-07-16"));
        assert_eq!(
            parse_eo("EO 12958 DECL: 2020/02/23")
                .unwrap()
                .date
                .as_deref(),
            Some("2020-02-23")
        );
        assert_eq!(
            parse_eo("EO 12958: decl: 6/3/08").unwrap().date.as_deref(),
            Some("2008-06-03")
        );
        let e = parse_eo("E.O. 12958: N/A").unwrap();
        assert_eq!(e.date, None);
        assert_eq!(e.instructions, vec!["N/A"]);
        assert_eq!(
            parse_eo("E.O. 12356: DECL: OADR").unwrap().instructions,
            vec!["OADR"]
        );
        assert_eq!(
            parse_eo("E.O. 12958: DECL: DECLASSIFIED BY NARA 09/02/2009")
                .unwrap()
                .date,
            None
        );
    }

    #[test]
    fn eo_anywhere() {
        assert_eq!(
            eo_in_text("DEPT FOR WHA/BSC E.O. 12958: DECL: 11/22/2012 ")
                .and_then(|e| e.date)
                .as_deref(),
            Some("2012-11-22")
        );
        assert_eq!(eo_in_text("no marking here"), None);
    }
}
