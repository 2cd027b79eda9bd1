//! The time axis: a column per quarter from timeline.start to timeline.end, then the open "ff"
//! column; where quarters, dates and phases fall on it.

use crate::quarter::{Date, Quarter};

/// One column of the axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub x: i32,
    pub w: i32,
    /// None for the "ff" column after the end.
    pub quarter: Option<Quarter>,
}

/// Where a quarter falls relative to the axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Before,
    At(usize),
    /// After timeline.end: the ff column.
    After,
}

/// The columns a dated phase covers, clipped to the axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub first: usize,
    pub last: usize,
    /// The phase starts before timeline.start.
    pub cut_start: bool,
    /// The phase is open or ends after timeline.end: it runs into the ff column.
    pub runs_on: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Axis {
    pub start: Quarter,
    pub end: Quarter,
    /// Quarter columns, then the ff column.
    pub columns: Vec<Column>,
}

impl Axis {
    /// Columns of width `col_w` starting at `x`.
    pub fn new(start: Quarter, end: Quarter, x: i32, col_w: i32) -> Axis {
        let n = (end.index() - start.index()).max(0) + 1;
        let mut columns: Vec<Column> = (0..n)
            .map(|i| Column {
                x: x + i as i32 * col_w,
                w: col_w,
                quarter: Some(Quarter::from_index(start.index() + i)),
            })
            .collect();
        columns.push(Column {
            x: x + n as i32 * col_w,
            w: col_w,
            quarter: None,
        });
        Axis {
            start,
            end,
            columns,
        }
    }

    /// The widest columns (at least `min_col`) that fit `width` px from `x`.
    pub fn fit(start: Quarter, end: Quarter, x: i32, width: i32, min_col: i32) -> Axis {
        let n = (end.index() - start.index()).max(0) as i32 + 2;
        Axis::new(start, end, x, (width / n).max(min_col))
    }

    /// The number of quarter columns.
    pub fn quarters(&self) -> usize {
        self.columns.len() - 1
    }

    /// The index of the ff column.
    pub fn ff(&self) -> usize {
        self.columns.len() - 1
    }

    pub fn left(&self) -> i32 {
        self.columns[0].x
    }

    pub fn right(&self) -> i32 {
        let last = self.columns[self.ff()];
        last.x + last.w
    }

    pub fn col_w(&self) -> i32 {
        self.columns[0].w
    }

    pub fn place(&self, q: Quarter) -> Place {
        if q < self.start {
            Place::Before
        } else if q > self.end {
            Place::After
        } else {
            Place::At((q.index() - self.start.index()) as usize)
        }
    }

    /// The column a quarter inside the range, or after it, falls in.
    pub fn column(&self, q: Quarter) -> Option<usize> {
        match self.place(q) {
            Place::Before => None,
            Place::At(i) => Some(i),
            Place::After => Some(self.ff()),
        }
    }

    /// The columns a phase covers: None when it is undated or ends before the axis starts.
    pub fn span(&self, from: Option<Quarter>, to: Option<Quarter>, open: bool) -> Option<Span> {
        let from = from?;
        let end = if open { None } else { Some(to.unwrap_or(from)) };
        if end.is_some_and(|e| e < self.start) {
            return None;
        }
        let first = self.column(from).unwrap_or(0);
        let (last, runs_on) = match end.map(|e| self.place(e)) {
            Some(Place::At(i)) => (i, false),
            _ => (self.ff(), true),
        };
        Some(Span {
            first,
            last,
            cut_start: from < self.start,
            runs_on,
        })
    }

    /// The x of a date inside the range (a month without a day counts as its middle).
    pub fn date_x(&self, d: Date) -> Option<i32> {
        let Place::At(i) = self.place(d.quarter()) else {
            return None;
        };
        let month_in_quarter = f64::from((d.month.clamp(1, 12) - 1) % 3);
        let in_month = d
            .day
            .map_or(0.5, |day| (f64::from(day.clamp(1, 31)) - 0.5) / 31.0);
        let c = self.columns[i];
        Some(c.x + ((month_in_quarter + in_month) / 3.0 * f64::from(c.w)).round() as i32)
    }

    /// (year, first column, number of columns) for every year on the axis.
    pub fn years(&self) -> Vec<(i32, usize, usize)> {
        let mut out: Vec<(i32, usize, usize)> = Vec::new();
        for (i, c) in self.columns.iter().enumerate() {
            let Some(q) = c.quarter else { continue };
            match out.last_mut() {
                Some((y, _, n)) if *y == q.year => *n += 1,
                _ => out.push((q.year, i, 1)),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str) -> Quarter {
        Quarter::parse(s).unwrap()
    }

    #[test]
    fn quarter_to_column() {
        let a = Axis::new(q("2021-Q1"), q("2025-Q4"), 100, 30);
        assert_eq!(a.quarters(), 20);
        assert_eq!(a.ff(), 20);
        assert_eq!(a.column(q("2021-Q1")), Some(0));
        assert_eq!(a.column(q("2021-Q4")), Some(3));
        assert_eq!(a.column(q("2025-Q4")), Some(19));
        assert_eq!(a.column(q("2026-Q1")), Some(20));
        assert_eq!(a.column(q("2020-Q4")), None);
        assert_eq!(a.columns[3].x, 190);
        assert_eq!(a.right(), 100 + 21 * 30);
        assert_eq!(a.columns[20].quarter, None);
    }

    #[test]
    fn fits_width() {
        let a = Axis::fit(q("2024-Q1"), q("2038-Q4"), 0, 800, 14);
        assert_eq!(a.quarters(), 60);
        assert_eq!(a.col_w(), 14);
        let b = Axis::fit(q("2021-Q1"), q("2025-Q4"), 0, 800, 14);
        assert_eq!(b.col_w(), 38);
        let one = Axis::fit(q("2024-Q2"), q("2024-Q2"), 0, 800, 14);
        assert_eq!(one.quarters(), 1);
    }

    #[test]
    fn spans_are_clipped() {
        let a = Axis::new(q("2021-Q1"), q("2025-Q4"), 0, 10);
        let s = |f: &str, t: Option<&str>, open| a.span(Some(q(f)), t.map(q), open);
        assert_eq!(
            s("2021-Q1", Some("2021-Q4"), false),
            Some(Span {
                first: 0,
                last: 3,
                cut_start: false,
                runs_on: false
            })
        );
        // Open: runs into ff.
        assert_eq!(
            s("2022-Q2", None, true),
            Some(Span {
                first: 5,
                last: 20,
                cut_start: false,
                runs_on: true
            })
        );
        // Starts before the range: cut at the first column.
        assert_eq!(
            s("2019-Q3", Some("2021-Q2"), false),
            Some(Span {
                first: 0,
                last: 1,
                cut_start: true,
                runs_on: false
            })
        );
        // Ends after the range: into ff.
        assert_eq!(
            s("2025-Q3", Some("2027-Q1"), false),
            Some(Span {
                first: 18,
                last: 20,
                cut_start: false,
                runs_on: true
            })
        );
        // Entirely after: the ff column only.
        assert_eq!(
            s("2026-Q1", Some("2026-Q4"), false),
            Some(Span {
                first: 20,
                last: 20,
                cut_start: false,
                runs_on: true
            })
        );
        // Entirely before: nothing.
        assert_eq!(s("2019-Q1", Some("2020-Q4"), false), None);
        // A single quarter.
        assert_eq!(
            s("2023-Q2", None, false),
            Some(Span {
                first: 9,
                last: 9,
                cut_start: false,
                runs_on: false
            })
        );
        // Undated.
        assert_eq!(a.span(None, None, false), None);
        // Spanning the whole range and beyond on both sides.
        assert_eq!(
            s("2019-Q1", None, true),
            Some(Span {
                first: 0,
                last: 20,
                cut_start: true,
                runs_on: true
            })
        );
    }

    #[test]
    fn dates_and_years() {
        let a = Axis::new(q("2021-Q1"), q("2025-Q4"), 0, 30);
        // July 2021: the middle of the first month of Q3.
        assert_eq!(
            a.date_x(Date {
                year: 2021,
                month: 7,
                day: None
            }),
            Some(60 + 5)
        );
        assert_eq!(
            a.date_x(Date {
                year: 2021,
                month: 9,
                day: Some(31)
            }),
            Some(90)
        );
        assert_eq!(
            a.date_x(Date {
                year: 2020,
                month: 7,
                day: None
            }),
            None
        );
        assert_eq!(
            a.date_x(Date {
                year: 2026,
                month: 1,
                day: None
            }),
            None
        );
        let y = a.years();
        assert_eq!(y.len(), 5);
        assert_eq!(y[0], (2021, 0, 4));
        let b = Axis::new(q("2021-Q4"), q("2023-Q1"), 0, 30);
        assert_eq!(b.years(), vec![(2021, 0, 1), (2022, 1, 4), (2023, 5, 1)]);
    }
}
