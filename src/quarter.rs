//! Calendar quarters (`2021-Q3`), the time unit of every schedule and timeline.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quarter {
    pub year: i32,
    /// 1..=4
    pub q: u8,
}

/// The year of `y` when it is four digits.
fn year_of(y: &str) -> Option<i32> {
    let y = y.trim();
    (y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
        .then(|| y.parse().ok())
        .flatten()
}

/// The quarter number of `q` (`4`, `Q4`, `q4`, `Q04`, `IV`) when it is one from 1 to 4.
fn quarter_of(q: &str) -> Option<u8> {
    let q = q.trim();
    // `04` alone is a month (April); after a `Q` the zero is only padding.
    let q = match q.strip_prefix(['Q', 'q']) {
        Some(rest) => rest.trim_start_matches('0'),
        None => q,
    };
    match q {
        "1" | "I" => Some(1),
        "2" | "II" => Some(2),
        "3" | "III" => Some(3),
        "4" | "IV" => Some(4),
        _ => None,
    }
}

/// What a text that is not `YYYY-Qn` was taken to mean (see [`quarter_meant`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Meant {
    /// A quarter, written another way.
    Quarter,
    /// A month, whose quarter is meant.
    Month,
    /// A day, whose quarter is meant.
    Day,
}

/// What `s`, not written `YYYY-Qn`, means when it plainly names a quarter another way: quarter
/// first as people say it (`Q4 2026`, `Q4/2026`, `4. Quartal 2026`), year first without the
/// `Q` or with another separator (`2027-2`, `2026 Q4`, `2026Q4`), or a month or a date
/// (`2026-11`, `2026-11-15`, `15.11.2026`), whose quarter is meant. None for anything else.
fn quarter_meant(s: &str) -> Option<(Quarter, Meant)> {
    let t = s.trim();
    let quarter = |year: i32, q: u8| Quarter { year, q };
    // `4. Quartal 2026`, `4. Quartal/2026`.
    if let Some((q, year)) = t.split_once(". Quartal") {
        let year = year_of(year.trim_start_matches([' ', '/']))?;
        return Some((quarter(year, quarter_of(q)?), Meant::Quarter));
    }
    let parts = match t.split_once([' ', '/', '-', '.', '_', '–', '—']) {
        Some(parts) => Some(parts),
        // `2026Q4`: the year's four digits, then the quarter.
        None if t.is_char_boundary(4) && t.len() > 4 => Some(t.split_at(4)),
        None => None,
    };
    if let Some((a, b)) = parts {
        // Year first: `2027-2`, `2026 Q4` (`2026-02` is a month, below).
        if let (Some(year), Some(q)) = (year_of(a), quarter_of(b)) {
            return Some((quarter(year, q), Meant::Quarter));
        }
        // Quarter first only with its `Q` (`4/2026` reads as a month).
        if let (Some(q), Some(year)) = (quarter_of(a), year_of(b)) {
            if a.trim().starts_with(['Q', 'q']) {
                return Some((quarter(year, q), Meant::Quarter));
            }
        }
    }
    // A month or a date: the quarter that holds it.
    let d = Date::iso(t, true).or_else(|| Date::iso(&date_meant(t)?.0, true))?;
    let meant = if d.day.is_some() {
        Meant::Day
    } else {
        Meant::Month
    };
    Some((d.quarter(), meant))
}

/// A date written another common way (`15.11.2026` day first as in German, `2026/11/15`,
/// `2026-1-5`, `11/2026`, `11.2026`) in the format's spelling (`2026-11-15`, `2026-11`); None
/// when `s` is none of these.
fn date_meant(s: &str) -> Option<(String, bool)> {
    let t = s.trim();
    let parts: Vec<&str> = t.split(['.', '/', '-', '–', '—']).map(str::trim).collect();
    let num = |p: &str, max_len: usize| -> Option<u32> {
        (!p.is_empty() && p.len() <= max_len && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    let (year, month, day) = match parts.as_slice() {
        [y, m, d] if y.len() == 4 => (year_of(y)?, num(m, 2)?, Some(num(d, 2)?)),
        [d, m, y] if y.len() == 4 => (year_of(y)?, num(m, 2)?, Some(num(d, 2)?)),
        [y, m] if y.len() == 4 => (year_of(y)?, num(m, 2)?, None),
        [m, y] if y.len() == 4 => (year_of(y)?, num(m, 2)?, None),
        _ => return None,
    };
    if !(1..=12).contains(&month) {
        return None;
    }
    let written = match day {
        Some(d) if (1..=days_in_month(year, month)).contains(&d) => {
            format!("{year:04}-{month:02}-{d:02}")
        }
        Some(_) => return None,
        None => format!("{year:04}-{month:02}"),
    };
    (written != t).then_some((written, day.is_some()))
}

impl Quarter {
    /// Parses `YYYY-Qn`; the error says what was expected.
    pub fn parse(s: &str) -> Result<Quarter, String> {
        let bad = || {
            match quarter_meant(s) {
                Some((q, Meant::Month)) => {
                    format!(
                        "`{s}` is a month, not a quarter: write the quarter that holds it, `{q}`"
                    )
                }
                Some((q, Meant::Day)) => {
                    format!(
                        "`{s}` is a date, not a quarter: write the quarter that holds it, `{q}`"
                    )
                }
                Some((q, Meant::Quarter)) => {
                    // `2027-4` may mean April: name the quarter of the month too.
                    let month = s
                        .trim()
                        .rsplit(['-', '/', '.', ' '])
                        .next()
                        .filter(|m| m.len() == 1 && m.bytes().all(|b| b.is_ascii_digit()));
                    let or_month = match month.and_then(|m| m.parse::<u32>().ok()) {
                        Some(m) => format!(
                            "; for the month {}, `{}`",
                            MONTHS[m as usize - 1],
                            Quarter::of_month(q.year, m)
                        ),
                        None => String::new(),
                    };
                    format!(
                    "`{s}` is not a quarter as the format writes it: write `{q}` (year, then Q and the quarter{or_month})"
                )
                }
                None => format!(
                    "`{s}` is not a quarter: expected YYYY-Qn with n from 1 to 4, e.g. 2021-Q3"
                ),
            }
        };
        let (y, q) = s.trim().split_once('-').ok_or_else(bad)?;
        let q = q
            .strip_prefix('Q')
            .or_else(|| q.strip_prefix('q'))
            .ok_or_else(bad)?;
        if y.len() != 4 || !y.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let year: i32 = y.parse().map_err(|_| bad())?;
        let q: u8 = q.parse().map_err(|_| bad())?;
        if !(1..=4).contains(&q) {
            return Err(bad());
        }
        Ok(Quarter { year, q })
    }

    /// Quarters since year 0, so that differences count quarters.
    pub fn index(self) -> i64 {
        i64::from(self.year) * 4 + i64::from(self.q) - 1
    }

    pub fn from_index(i: i64) -> Quarter {
        let year = i.div_euclid(4) as i32;
        let q = (i.rem_euclid(4) + 1) as u8;
        Quarter { year, q }
    }

    pub fn next(self) -> Quarter {
        Quarter::from_index(self.index() + 1)
    }

    /// The quarter that contains a month (1..=12).
    pub fn of_month(year: i32, month: u32) -> Quarter {
        Quarter {
            year,
            q: ((month.clamp(1, 12) - 1) / 3 + 1) as u8,
        }
    }
}

impl fmt::Display for Quarter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-Q{}", self.year, self.q)
    }
}

/// A calendar date as written in the content: a year and month, maybe a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: Option<u32>,
}

impl Date {
    /// Parses `YYYY-MM` or `YYYY-MM-DD` (with `allow_month_only`), else `YYYY-MM-DD`; the error
    /// says what was expected and, for a date written another common way (`15.11.2026`, a
    /// month where a day is needed, a quarter), how the format writes it.
    pub fn parse(s: &str, allow_month_only: bool) -> Result<Date, String> {
        if let Some(d) = Date::iso(s, allow_month_only) {
            return Ok(d);
        }
        let expected = if allow_month_only {
            "YYYY-MM or YYYY-MM-DD, e.g. 2021-07"
        } else {
            "YYYY-MM-DD, e.g. 2022-03-31"
        };
        Err(date_error(s, allow_month_only, expected))
    }

    /// `s` as the format writes a date (`YYYY-MM-DD`, or `YYYY-MM` with `allow_month_only`),
    /// a real day of the calendar; None for anything else.
    fn iso(s: &str, allow_month_only: bool) -> Option<Date> {
        let mut split = s.trim().split('-');
        let parts = [split.next(), split.next(), split.next(), split.next()];
        let num = |p: &str, len: usize| -> Option<u32> {
            (p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
                .then(|| p.parse().ok())
                .flatten()
        };
        let (year, month, day) = match parts {
            [Some(y), Some(m), None, _] if allow_month_only => (num(y, 4)?, num(m, 2)?, None),
            [Some(y), Some(m), Some(d), None] => (num(y, 4)?, num(m, 2)?, Some(num(d, 2)?)),
            _ => return None,
        };
        if !(1..=12).contains(&month) {
            return None;
        }
        if let Some(d) = day {
            if d < 1 || d > days_in_month(year as i32, month) {
                return None;
            }
        }
        Some(Date {
            year: year as i32,
            month,
            day,
        })
    }

    pub fn quarter(self) -> Quarter {
        Quarter::of_month(self.year, self.month)
    }
}

/// The message for `s`, which is no date as the format writes it (see [`Date::parse`]);
/// `expected` says what is.
fn date_error(s: &str, allow_month_only: bool, expected: &str) -> String {
    let t = s.trim();
    // `2026-11-15T10:00:00`, `2026-11-15 10:00`: a day with a time of day.
    let day_and_time = t
        .get(..10)
        .filter(|_| t[10..].starts_with(['T', ' ']))
        .and_then(|d| Date::iso(d, false));
    if let Some(d) = day_and_time {
        return format!("`{s}` is a day with a time: write the day alone, `{d}` (year-month-day)");
    }
    let month = Date::iso(t, true)
        .filter(|d| d.day.is_none())
        .map(|d| d.to_string());
    match (date_meant(t), month) {
        (Some((d, false)), _) | (None, Some(d)) if !allow_month_only => {
            return format!(
                "`{s}` is a month, not a date: write the day too, e.g. `{d}-01` (year-month-day)"
            )
        }
        (Some((d, day)), _) => {
            return format!(
                "`{s}` is not a date as the format writes it: write `{d}` ({})",
                if day { "year-month-day" } else { "year-month" }
            )
        }
        _ => {}
    }
    // `2026-02-30`: a real month, but no such day.
    let month_of_day = (t.split('-').count() == 3)
        .then(|| Date::iso(&day_one(t), false))
        .flatten();
    if let Some(d) = month_of_day {
        return format!(
            "`{s}` is not a day of the calendar: {} {} has {} days",
            MONTHS[d.month as usize - 1],
            d.year,
            days_in_month(d.year, d.month)
        );
    }
    match quarter_meant(t) {
        Some((q, Meant::Quarter)) => format!(
            "`{s}` is a quarter, not a date: expected {expected}; the quarter begins `{:04}-{:02}-01`",
            q.year,
            (q.q - 1) * 3 + 1
        ),
        _ => format!("`{s}` is not a date: expected {expected}"),
    }
}

/// The months' names in English, for messages.
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `YYYY-MM-DD` with its day set to `01` (to see whether the year and month are real).
fn day_one(t: &str) -> String {
    match t.rsplit_once('-') {
        Some((month, _)) => format!("{month}-01"),
        None => t.to_string(),
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.day {
            Some(d) => write!(f, "{:04}-{:02}-{:02}", self.year, self.month, d),
            None => write!(f, "{:04}-{:02}", self.year, self.month),
        }
    }
}

/// Today's date in UTC, from the system clock.
pub fn today() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    civil_from_days((secs / 86_400) as i64)
}

/// The calendar date `days` days after 1970-01-01 (proleptic Gregorian; H. Hinnant's algorithm).
pub fn civil_from_days(days: i64) -> Date {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    Date {
        year,
        month,
        day: Some(day),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_orders_quarters() {
        let a = Quarter::parse("2021-Q4").unwrap();
        let b = Quarter::parse("2022-Q1").unwrap();
        assert!(a < b);
        assert_eq!(a.next(), b);
        assert_eq!(b.index() - a.index(), 1);
        assert!(Quarter::parse("2021-Q5").is_err());
        assert!(Quarter::parse("21-Q1").is_err());
        assert!(Quarter::parse("2021Q1").is_err());
        // Quarter first, as the pages write it: the error says how the format writes it.
        for said in ["Q4 2026", "Q4/2026", "q4-2026"] {
            let e = Quarter::parse(said).unwrap_err();
            assert!(e.contains("write `2026-Q4`"), "{e}");
        }
        assert!(!Quarter::parse("Q5 2026").unwrap_err().contains("write `"));
    }

    #[test]
    fn parses_dates() {
        assert_eq!(
            Date::parse("2021-07", true).unwrap().quarter(),
            Quarter { year: 2021, q: 3 }
        );
        assert!(Date::parse("2021-07", false).is_err());
        assert!(Date::parse("2021-02-30", false).is_err());
        assert!(Date::parse("2024-02-29", false).is_ok());
    }

    #[test]
    fn a_quarter_written_another_way_gets_the_format_s_spelling() {
        for (said, meant) in [
            ("2027-2", "write `2027-Q2`"),
            ("2026 Q4", "write `2026-Q4`"),
            ("2026/Q4", "write `2026-Q4`"),
            ("2026Q4", "write `2026-Q4`"),
            ("4. Quartal 2026", "write `2026-Q4`"),
            ("Q2/2027", "write `2027-Q2`"),
            (
                "2026-11",
                "a month, not a quarter: write the quarter that holds it, `2026-Q4`",
            ),
            (
                "15.11.2026",
                "a date, not a quarter: write the quarter that holds it, `2026-Q4`",
            ),
            (
                "2026-02-14",
                "a date, not a quarter: write the quarter that holds it, `2026-Q1`",
            ),
        ] {
            let e = Quarter::parse(said).unwrap_err();
            assert!(e.contains(meant), "{said}: {e}");
        }
        for nothing in ["2026-Q5", "Q4", "2026", "irgendwann", "2026-13", "4/20266"] {
            let e = Quarter::parse(nothing).unwrap_err();
            assert!(e.contains("expected YYYY-Qn"), "{nothing}: {e}");
        }
    }

    #[test]
    fn a_date_written_another_way_gets_the_format_s_spelling() {
        let e = |s: &str, month_only: bool| Date::parse(s, month_only).unwrap_err();
        assert!(e("15.11.2026", true).contains("write `2026-11-15`"));
        assert!(e("1.2.2026", false).contains("write `2026-02-01`"));
        assert!(e("2026/11/15", false).contains("write `2026-11-15`"));
        assert!(e("2026-1-5", false).contains("write `2026-01-05`"));
        assert!(e("11/2026", true).contains("write `2026-11`"));
        assert!(
            e("11.2026", false).contains("a month, not a date")
                && e("11.2026", false).contains("`2026-11-01`")
        );
        assert!(e("2026-11", false).contains("e.g. `2026-11-01`"));
        assert!(e("2026-02-30", false).contains("February 2026 has 28 days"));
        assert!(
            e("2026-Q4", true).contains("a quarter, not a date")
                && e("2026-Q4", true).contains("`2026-10-01`")
        );
        assert!(e("31.02.2026", false).contains("expected YYYY-MM-DD"));
        assert!(e("bald", true).contains("expected YYYY-MM or YYYY-MM-DD"));
        assert!(e("2026-11-15T10:00:00", false)
            .contains("a day with a time: write the day alone, `2026-11-15`"));
        assert!(e("2026-2", true).contains("write `2026-02` (year-month)"));
        // A digit from 1 to 4 reads as a quarter, but may mean a month: both are named.
        let q = Quarter::parse("2027-4").unwrap_err();
        assert!(
            q.contains("write `2027-Q4`") && q.contains("for the month April, `2027-Q2`"),
            "{q}"
        );
        assert!(Quarter::parse("2026–Q4")
            .unwrap_err()
            .contains("write `2026-Q4`"));
    }

    #[test]
    fn civil_dates() {
        let d = |s: &str| Date::parse(s, false).unwrap();
        assert_eq!(civil_from_days(0), d("1970-01-01"));
        assert_eq!(civil_from_days(19_782), d("2024-02-29"));
        assert_eq!(civil_from_days(20_785), d("2026-11-28"));
        assert_eq!(civil_from_days(-1), d("1969-12-31"));
    }
}
