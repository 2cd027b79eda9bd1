//! Calendar quarters (`2021-Q3`), the time unit of every schedule and timeline.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quarter {
    pub year: i32,
    /// 1..=4
    pub q: u8,
}

/// A quarter written quarter first, as people (and the site's own pages) say it (`Q4 2026`,
/// `Q4/2026`, `Q4-2026`), in the format's `YYYY-Qn`; None for anything else.
fn turned(s: &str) -> Option<String> {
    let t = s.trim();
    let rest = t.strip_prefix('Q').or_else(|| t.strip_prefix('q'))?;
    let (q, year) = rest.split_once([' ', '/', '-', '.'])?;
    let year = year.trim();
    let ok = q.len() == 1
        && matches!(q.as_bytes()[0], b'1'..=b'4')
        && year.len() == 4
        && year.bytes().all(|b| b.is_ascii_digit());
    ok.then(|| format!("{year}-Q{q}"))
}

impl Quarter {
    /// Parses `YYYY-Qn`; the error says what was expected.
    pub fn parse(s: &str) -> Result<Quarter, String> {
        let bad = || {
            match turned(s) {
            Some(written) => format!("`{s}` is not a quarter as the format writes it: write `{written}` (year, then quarter)"),
            None => format!("`{s}` is not a quarter: expected YYYY-Qn with n from 1 to 4, e.g. 2021-Q3"),
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
    /// Parses `YYYY-MM` or `YYYY-MM-DD` (with `allow_month_only`), else `YYYY-MM-DD`.
    pub fn parse(s: &str, allow_month_only: bool) -> Result<Date, String> {
        let expected = if allow_month_only {
            "YYYY-MM or YYYY-MM-DD, e.g. 2021-07"
        } else {
            "YYYY-MM-DD, e.g. 2022-03-31"
        };
        let bad = || format!("`{s}` is not a date: expected {expected}");
        let parts: Vec<&str> = s.trim().split('-').collect();
        let num = |p: &str, len: usize| -> Result<u32, String> {
            if p.len() == len && p.bytes().all(|b| b.is_ascii_digit()) {
                p.parse().map_err(|_| bad())
            } else {
                Err(bad())
            }
        };
        let (year, month, day) = match parts.as_slice() {
            [y, m] if allow_month_only => (num(y, 4)?, num(m, 2)?, None),
            [y, m, d] => (num(y, 4)?, num(m, 2)?, Some(num(d, 2)?)),
            _ => return Err(bad()),
        };
        if !(1..=12).contains(&month) {
            return Err(bad());
        }
        if let Some(d) = day {
            if d < 1 || d > days_in_month(year as i32, month) {
                return Err(bad());
            }
        }
        Ok(Date {
            year: year as i32,
            month,
            day,
        })
    }

    pub fn quarter(self) -> Quarter {
        Quarter::of_month(self.year, self.month)
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
    fn civil_dates() {
        let d = |s: &str| Date::parse(s, false).unwrap();
        assert_eq!(civil_from_days(0), d("1970-01-01"));
        assert_eq!(civil_from_days(19_782), d("2024-02-29"));
        assert_eq!(civil_from_days(20_785), d("2026-11-28"));
        assert_eq!(civil_from_days(-1), d("1969-12-31"));
    }
}
