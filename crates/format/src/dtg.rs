//! Date-time groups (`160138Z JUL 07`) and the other dates cables write.

use std::sync::LazyLock;

use regex::Regex;

/// A parsed date-time group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateTime {
    /// Four-digit year.
    pub year: i32,
    /// Month 1-12.
    pub month: u32,
    /// Day 1-31.
    pub day: u32,
    /// Hour 0-23.
    pub hour: u32,
    /// Minute 0-59.
    pub minute: u32,
}

impl DateTime {
    /// ISO-8601 UTC, e.g. `2007-07-16T01:38:00Z`.
    pub fn iso(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:00Z",
            self.year, self.month, self.day, self.hour, self.minute
        )
    }
    /// The two-digit year used in reference ids.
    pub fn yy(&self) -> String {
        format!("{:02}", self.year.rem_euclid(100))
    }
}

const MONTHS: [&str; 12] = [
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];

/// Month number from a three-letter (or longer) English month name.
pub fn month_number(name: &str) -> Option<u32> {
    let up = name.get(..3)?.to_ascii_uppercase();
    MONTHS.iter().position(|m| *m == up).map(|i| i as u32 + 1)
}

/// Expand a two-digit year: cables run from 1966 to 2010, so 66-99 are 19xx.
pub fn expand_year(yy: i32) -> i32 {
    if yy >= 100 {
        yy
    } else if yy >= 60 {
        1900 + yy
    } else {
        2000 + yy
    }
}

/// Days in a month of a year.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// Whether a calendar date is valid.
pub fn valid_date(year: i32, month: u32, day: u32) -> bool {
    (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month)
}

static DTG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(\d{2})(\d{2})(\d{2})\s?Z\s+(JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)[A-Z]*\s+(\d{2}|\d{4})\b").unwrap()
});

/// Parse the first date-time group in `s` (`160138Z JUL 07`).
pub fn parse_dtg(s: &str) -> Option<(DateTime, std::ops::Range<usize>)> {
    let c = DTG.captures(s)?;
    let day: u32 = c[1].parse().ok()?;
    let hour: u32 = c[2].parse().ok()?;
    let minute: u32 = c[3].parse().ok()?;
    let month = month_number(&c[4])?;
    let year = expand_year(c[5].parse().ok()?);
    if !valid_date(year, month, day) || hour > 24 || minute > 59 {
        return None;
    }
    let m = c.get(0)?;
    Some((
        DateTime {
            year,
            month,
            day,
            hour: hour.min(23),
            minute,
        },
        m.range(),
    ))
}

/// Date of a Julian day-of-year.
pub fn from_julian(year: i32, doy: u32) -> Option<(u32, u32)> {
    let mut d = doy;
    for m in 1..=12 {
        let n = days_in_month(year, m);
        if d >= 1 && d <= n {
            return Some((m, d));
        }
        d = d.checked_sub(n)?;
    }
    None
}

/// Day of the year of a date.
pub fn day_of_year(year: i32, month: u32, day: u32) -> u32 {
    (1..month).map(|m| days_in_month(year, m)).sum::<u32>() + day
}

/// Parse a numeric date `MM/DD/YYYY`, `MM/DD/YY`, `M/D/YY` into `YYYY-MM-DD`.
pub fn parse_us_date(s: &str) -> Option<String> {
    let mut it = s.trim().split(['/', '-', '.']);
    let m: u32 = it.next()?.trim().parse().ok()?;
    let d: u32 = it.next()?.trim().parse().ok()?;
    let y_str = it.next()?.trim();
    if it.next().is_some() {
        return None;
    }
    let y: i32 = y_str.parse().ok()?;
    let year = match y_str.len() {
        2 => expand_year(y),
        4 => y,
        _ => return None,
    };
    if !valid_date(year, m, d) {
        return None;
    }
    Some(format!("{year:04}-{m:02}-{d:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dtg_seed() {
        let (dt, _) = parse_dtg("O 160138Z JUL 07").unwrap();
        assert_eq!(dt.iso(), "2007-07-16T01:38:00Z");
        assert_eq!(
            parse_dtg("P R 281848Z DEC 66").unwrap().0.iso(),
            "1966-12-28T18:48:00Z"
        );
        assert!(parse_dtg("O 320138Z JUL 07").is_none());
    }

    #[test]
    fn us_dates() {
        assert_eq!(parse_us_date("07/16/2017").as_deref(), Some("2017-07-16"));
        assert_eq!(parse_us_date("9/21/10").as_deref(), Some("2010-09-21"));
        assert_eq!(parse_us_date("13/21/10"), None);
    }

    #[test]
    fn julian() {
        assert_eq!(from_julian(2007, 197), Some((7, 16)));
        assert_eq!(day_of_year(2007, 7, 16), 197);
    }
}
