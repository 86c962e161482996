//! Dates as day numbers: what the index stores, ranges filter and charts bucket.
//!
//! A month-precision date (`2018-03`) is the period of its days, so a filter
//! `--from 2018-03-15` still finds it: periods match when they overlap.

use jiff::civil::Date;
use kilde_core::ArticleDate;

/// Days since 1970-01-01 (negative before).
pub fn day_number(date: Date) -> i64 {
    date.duration_since(Date::constant(1970, 1, 1)).as_secs() / 86_400
}

/// The calendar date of a day number.
pub fn from_day_number(days: i64) -> Date {
    let epoch = Date::constant(1970, 1, 1);
    epoch
        .checked_add(jiff::SignedDuration::from_hours(days.saturating_mul(24)))
        .unwrap_or(epoch)
}

/// The first and last day an article date can mean.
pub fn article_days(date: &ArticleDate) -> (i64, i64) {
    match date {
        ArticleDate::Day(d) => (day_number(*d), day_number(*d)),
        ArticleDate::Month { year, month } => {
            period_days(i32::from(*year), Some(*month), None).unwrap_or((i64::MIN, i64::MIN))
        }
    }
}

/// The first and last day of a year, a month or a day; None when it does not exist.
pub fn period_days(year: i32, month: Option<i8>, day: Option<i8>) -> Option<(i64, i64)> {
    let year = i16::try_from(year).ok()?;
    match (month, day) {
        (None, _) => {
            let first = Date::new(year, 1, 1).ok()?;
            let last = Date::new(year, 12, 31).ok()?;
            Some((day_number(first), day_number(last)))
        }
        (Some(m), None) => {
            let first = Date::new(year, m, 1).ok()?;
            Some((day_number(first), day_number(first.last_of_month())))
        }
        (Some(m), Some(d)) => {
            let date = Date::new(year, m, d).ok()?;
            Some((day_number(date), day_number(date)))
        }
    }
}

/// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` into its first and last day.
pub fn parse_period(s: &str) -> Option<(i64, i64)> {
    let mut parts = s.split('-');
    let year: i32 = parts.next().filter(|y| y.len() == 4)?.parse().ok()?;
    let month = match parts.next() {
        None => None,
        Some(m) if m.len() == 2 => Some(m.parse::<i8>().ok()?),
        Some(_) => return None,
    };
    let day = match parts.next() {
        None => None,
        Some(d) if d.len() == 2 => Some(d.parse::<i8>().ok()?),
        Some(_) => return None,
    };
    if parts.next().is_some() {
        return None;
    }
    period_days(year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_round_trip() {
        for (y, m, d, n) in [(1970, 1, 1, 0), (1969, 12, 31, -1), (2018, 3, 9, 17599)] {
            let date = Date::new(y, m, d).unwrap();
            assert_eq!(day_number(date), n);
            assert_eq!(from_day_number(n), date);
        }
    }

    #[test]
    fn a_month_date_spans_its_month() {
        let march: ArticleDate = "2018-03".parse().unwrap();
        let (a, b) = article_days(&march);
        assert_eq!(b - a, 30);
        assert_eq!(parse_period("2018-03"), Some((a, b)));
        assert_eq!(parse_period("2016-02").map(|(a, b)| b - a), Some(28));
        assert_eq!(parse_period("2018").map(|(a, b)| b - a), Some(364));
    }

    #[test]
    fn impossible_periods_are_refused() {
        for bad in [
            "2018-13",
            "2018-02-30",
            "18-03",
            "2018-3",
            "2018-03-05-01",
            "",
        ] {
            assert_eq!(parse_period(bad), None, "{bad}");
        }
    }
}
