//! Resolved time values and the calendar arithmetic behind them.
//!
//! A [`Val`] knows the days it covers (for roles and for `udgangen af …`), how to
//! write itself as an ISO 8601 / TIMEX3-style string and at which precision.

use jiff::civil::{Date, Weekday};
use kilde_core::TimePrecision;

/// Parts of the year that are neither months nor years.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Season {
    /// March–May (`SP`).
    Spring,
    /// June–August (`SU`).
    Summer,
    /// September–November (`FA`).
    Fall,
    /// December of the year before through February (`WI`): the winter that ends in
    /// the year it is labelled with, so `2018-WI` is the winter of 2017/18.
    Winter,
    /// A quarter, 1..=4 (`Q1`).
    Quarter(u8),
    /// A half year, 1..=2 (`H1`).
    Half(u8),
}

/// How coarse the ends of a [`Val::Range`] are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Grain {
    Day,
    Month,
    Year,
}

/// A resolved value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Val {
    /// `2018-03-08`.
    Day(Date),
    /// `2018-03-08T14:30`.
    Time(Date, i8, i8),
    /// `T14:30`: a clock time whose day the article's date cannot give.
    Clock(i8, i8),
    /// `2018-W10`; holds the Monday.
    Week(Date),
    /// `2018-W09-WE`; holds the Saturday.
    Weekend(Date),
    /// `2018-02`.
    Month(i16, i8),
    /// `2018-SU`, `2018-Q1`.
    Season(i16, Season),
    /// `2017`.
    Year(i16),
    /// `2018-05-21/2018-05-31`, `2018-01/2018-04`, `1990/1999`.
    Range(Date, Date, Grain),
    /// `P3D`, `PT2H`.
    Duration(String),
    /// Values joined by `|` when the article date cannot pick one.
    Candidates(Vec<Val>),
}

pub(crate) fn ymd(y: i16, m: i8, d: i8) -> Option<Date> {
    Date::new(y, m, d).ok()
}

pub(crate) fn add_days(d: Date, n: i64) -> Option<Date> {
    d.checked_add(jiff::Span::new().try_days(n).ok()?).ok()
}

/// `(year, month)` moved by `n` months.
pub(crate) fn add_months(y: i16, m: i8, n: i64) -> Option<(i16, i8)> {
    let total = i64::from(y) * 12 + i64::from(m) - 1 + n;
    let year = i16::try_from(total.div_euclid(12)).ok()?;
    let month = (total.rem_euclid(12) + 1) as i8;
    (1..=9999).contains(&year).then_some((year, month))
}

pub(crate) fn month_first(y: i16, m: i8) -> Option<Date> {
    ymd(y, m, 1)
}

pub(crate) fn month_last(y: i16, m: i8) -> Option<Date> {
    Some(ymd(y, m, 1)?.last_of_month())
}

/// The Monday of the ISO week `d` falls in.
pub(crate) fn monday(d: Date) -> Option<Date> {
    add_days(d, -i64::from(d.weekday().to_monday_zero_offset()))
}

/// The nearest `wd` on or before `d` (`strict`: before).
pub(crate) fn weekday_before(d: Date, wd: Weekday, strict: bool) -> Option<Date> {
    let mut back =
        i64::from((d.weekday().to_monday_zero_offset() - wd.to_monday_zero_offset()).rem_euclid(7));
    if strict && back == 0 {
        back = 7;
    }
    add_days(d, -back)
}

/// The nearest `wd` on or after `d` (`strict`: after).
pub(crate) fn weekday_after(d: Date, wd: Weekday, strict: bool) -> Option<Date> {
    let mut ahead =
        i64::from((wd.to_monday_zero_offset() - d.weekday().to_monday_zero_offset()).rem_euclid(7));
    if strict && ahead == 0 {
        ahead = 7;
    }
    add_days(d, ahead)
}

/// Easter Sunday (Gregorian; the anonymous "Meeus/Jones/Butcher" algorithm).
pub(crate) fn easter(year: i16) -> Option<Date> {
    let y = i32::from(year);
    let a = y % 19;
    let b = y / 100;
    let c = y % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    ymd(year, month as i8, day as i8)
}

impl Season {
    fn code(self) -> String {
        match self {
            Season::Spring => "SP".into(),
            Season::Summer => "SU".into(),
            Season::Fall => "FA".into(),
            Season::Winter => "WI".into(),
            Season::Quarter(q) => format!("Q{q}"),
            Season::Half(h) => format!("H{h}"),
        }
    }

    /// First and last month, as month numbers relative to January of the labelled
    /// year (winter starts at 0, December of the year before).
    fn months(self) -> (i64, i64) {
        match self {
            Season::Spring => (3, 5),
            Season::Summer => (6, 8),
            Season::Fall => (9, 11),
            Season::Winter => (0, 2),
            Season::Quarter(q) => (i64::from(q) * 3 - 2, i64::from(q) * 3),
            Season::Half(h) => (i64::from(h) * 6 - 5, i64::from(h) * 6),
        }
    }

    pub(crate) fn range(self, year: i16) -> Option<(Date, Date)> {
        let (a, b) = self.months();
        let (y1, m1) = add_months(year, 1, a - 1)?;
        let (y2, m2) = add_months(year, 1, b - 1)?;
        Some((month_first(y1, m1)?, month_last(y2, m2)?))
    }
}

impl Val {
    /// The first and last day the value covers; `None` for durations and clock times.
    pub(crate) fn range(&self) -> Option<(Date, Date)> {
        match self {
            Val::Day(d) | Val::Time(d, ..) => Some((*d, *d)),
            Val::Week(d) => Some((*d, add_days(*d, 6)?)),
            Val::Weekend(d) => Some((*d, add_days(*d, 1)?)),
            Val::Month(y, m) => Some((month_first(*y, *m)?, month_last(*y, *m)?)),
            Val::Season(y, s) => s.range(*y),
            Val::Year(y) => Some((ymd(*y, 1, 1)?, ymd(*y, 12, 31)?)),
            Val::Range(a, b, _) => Some((*a, *b)),
            Val::Candidates(vs) => {
                let first = vs.first()?.range()?.0;
                let last = vs.last()?.range()?.1;
                Some((first, last))
            }
            Val::Clock(..) | Val::Duration(_) => None,
        }
    }

    /// The ISO 8601 / TIMEX3-style string.
    pub(crate) fn value(&self) -> String {
        fn day(d: &Date) -> String {
            format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
        }
        fn week(d: &Date) -> String {
            let w = d.iso_week_date();
            format!("{:04}-W{:02}", w.year(), w.week())
        }
        match self {
            Val::Day(d) => day(d),
            Val::Time(d, h, m) => format!("{}T{h:02}:{m:02}", day(d)),
            Val::Clock(h, m) => format!("T{h:02}:{m:02}"),
            Val::Week(d) => week(d),
            Val::Weekend(d) => format!("{}-WE", week(d)),
            Val::Month(y, m) => format!("{y:04}-{m:02}"),
            Val::Season(y, s) => format!("{y:04}-{}", s.code()),
            Val::Year(y) => format!("{y:04}"),
            Val::Range(a, b, grain) => match grain {
                Grain::Day => format!("{}/{}", day(a), day(b)),
                Grain::Month => format!(
                    "{:04}-{:02}/{:04}-{:02}",
                    a.year(),
                    a.month(),
                    b.year(),
                    b.month()
                ),
                Grain::Year => format!("{:04}/{:04}", a.year(), b.year()),
            },
            Val::Duration(s) => s.clone(),
            Val::Candidates(vs) => vs.iter().map(Val::value).collect::<Vec<_>>().join("|"),
        }
    }

    pub(crate) fn precision(&self) -> TimePrecision {
        match self {
            Val::Day(_) => TimePrecision::Day,
            Val::Time(..) | Val::Clock(..) => TimePrecision::Time,
            Val::Week(_) | Val::Weekend(_) => TimePrecision::Week,
            Val::Month(..) => TimePrecision::Month,
            Val::Season(..) => TimePrecision::Season,
            Val::Year(_) => TimePrecision::Year,
            Val::Range(..) => TimePrecision::Interval,
            Val::Duration(_) => TimePrecision::Duration,
            Val::Candidates(_) => TimePrecision::Candidates,
        }
    }

    /// A value at the grain its range naturally has: one day is a `Day`, a whole
    /// month a `Month`, a whole year a `Year`, anything else a `Range`.
    pub(crate) fn from_range(a: Date, b: Date, grain: Grain) -> Option<Val> {
        if a == b {
            return Some(Val::Day(a));
        }
        let whole_months = a.day() == 1 && b == b.last_of_month();
        if whole_months && a.year() == b.year() && a.month() == b.month() {
            return Some(Val::Month(a.year(), a.month()));
        }
        if whole_months && a.year() == b.year() && a.month() == 1 && b.month() == 12 {
            return Some(Val::Year(a.year()));
        }
        (a < b).then_some(Val::Range(a, b, grain))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn easter_sundays() {
        for (y, e) in [
            (2018, "2018-04-01"),
            (2019, "2019-04-21"),
            (2024, "2024-03-31"),
            (2025, "2025-04-20"),
            (2026, "2026-04-05"),
            (2000, "2000-04-23"),
        ] {
            assert_eq!(easter(y), Some(d(e)), "{y}");
        }
    }

    #[test]
    fn weekday_steps() {
        let thu = d("2018-03-08");
        assert_eq!(weekday_before(thu, Weekday::Thursday, false), Some(thu));
        assert_eq!(
            weekday_before(thu, Weekday::Thursday, true),
            Some(d("2018-03-01"))
        );
        assert_eq!(
            weekday_after(thu, Weekday::Monday, false),
            Some(d("2018-03-12"))
        );
        assert_eq!(
            weekday_before(thu, Weekday::Friday, false),
            Some(d("2018-03-02"))
        );
    }

    #[test]
    fn values_and_ranges() {
        assert_eq!(Val::Week(d("2018-03-05")).value(), "2018-W10");
        assert_eq!(
            Val::Season(2018, Season::Winter).range(),
            Some((d("2017-12-01"), d("2018-02-28")))
        );
        assert_eq!(Val::Season(2017, Season::Quarter(4)).value(), "2017-Q4");
        assert_eq!(add_months(2018, 1, -1), Some((2017, 12)));
        assert_eq!(
            Val::from_range(d("2018-01-01"), d("2018-12-31"), Grain::Month),
            Some(Val::Year(2018))
        );
    }
}
