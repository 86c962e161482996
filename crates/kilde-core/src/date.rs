//! Article dates with their precision kept: `2018-03` is a month, not 1 March.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The date an article carries, at the precision it was given.
///
/// Dates order by year, month, then day, a month sorting before its days
/// (as the start of the period it covers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ArticleDate {
    /// Only year and month are known (`date 2018-03`).
    Month {
        /// Four-digit year.
        year: i16,
        /// 1..=12.
        month: i8,
    },
    /// A calendar day (`date 2018-03-09`).
    Day(jiff::civil::Date),
}

/// Why a date string was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// Not `YYYY-MM` or `YYYY-MM-DD`.
    #[error("date {0:?} is not YYYY-MM or YYYY-MM-DD")]
    Format(String),
    /// Well-formed but not a real month or day, like `2018-13` or `2018-02-30`.
    #[error("date {0:?} does not exist")]
    Impossible(String),
}

impl ArticleDate {
    /// The year.
    pub fn year(&self) -> i16 {
        match self {
            ArticleDate::Month { year, .. } => *year,
            ArticleDate::Day(d) => d.year(),
        }
    }

    /// The month, 1..=12.
    pub fn month(&self) -> i8 {
        match self {
            ArticleDate::Month { month, .. } => *month,
            ArticleDate::Day(d) => d.month(),
        }
    }

    /// The day of the month, when the date is that precise.
    pub fn day(&self) -> Option<i8> {
        match self {
            ArticleDate::Month { .. } => None,
            ArticleDate::Day(d) => Some(d.day()),
        }
    }
}

fn digits(s: &str) -> Option<i32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

impl FromStr for ArticleDate {
    type Err = DateError;

    fn from_str(s: &str) -> Result<Self, DateError> {
        let format = || DateError::Format(s.to_string());
        let impossible = || DateError::Impossible(s.to_string());
        let mut parts = s.split('-');
        let (year, month) = match (parts.next(), parts.next()) {
            (Some(y), Some(m)) if y.len() == 4 && m.len() == 2 => {
                (digits(y).ok_or_else(format)?, digits(m).ok_or_else(format)?)
            }
            _ => return Err(format()),
        };
        let day = match parts.next() {
            None => None,
            Some(d) if d.len() == 2 => Some(digits(d).ok_or_else(format)?),
            Some(_) => return Err(format()),
        };
        if parts.next().is_some() {
            return Err(format());
        }
        if !(1..=12).contains(&month) {
            return Err(impossible());
        }
        let (year, month) = (year as i16, month as i8);
        match day {
            None => Ok(ArticleDate::Month { year, month }),
            Some(day) => jiff::civil::Date::new(year, month, day as i8)
                .map(ArticleDate::Day)
                .map_err(|_| impossible()),
        }
    }
}

impl ArticleDate {
    fn sort_key(&self) -> (i16, i8, i8) {
        (self.year(), self.month(), self.day().unwrap_or(0))
    }
}

impl Ord for ArticleDate {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.sort_key().cmp(&other.sort_key())
    }
}

impl PartialOrd for ArticleDate {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for ArticleDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ArticleDate::Month { year, month } => write!(f, "{year:04}-{month:02}"),
            ArticleDate::Day(d) => write!(f, "{:04}-{:02}-{:02}", d.year(), d.month(), d.day()),
        }
    }
}

impl Serialize for ArticleDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ArticleDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_month_precision() {
        let d: ArticleDate = "2018-03".parse().unwrap();
        assert_eq!(
            d,
            ArticleDate::Month {
                year: 2018,
                month: 3
            }
        );
        assert_eq!(d.day(), None);
        assert_eq!(d.to_string(), "2018-03");
    }

    #[test]
    fn parses_days() {
        let d: ArticleDate = "2018-03-09".parse().unwrap();
        assert_eq!(d.day(), Some(9));
        assert_eq!(d.to_string(), "2018-03-09");
    }

    #[test]
    fn orders_by_time_with_months_before_their_days() {
        let d = |s: &str| s.parse::<ArticleDate>().unwrap();
        let mut dates = [
            d("2026-03-05"),
            d("2026-03"),
            d("2025-12-31"),
            d("2026-02"),
            d("2026-02-28"),
        ];
        dates.sort();
        let got: Vec<String> = dates.iter().map(ToString::to_string).collect();
        assert_eq!(
            got,
            [
                "2025-12-31",
                "2026-02",
                "2026-02-28",
                "2026-03",
                "2026-03-05"
            ]
        );
    }

    #[test]
    fn refuses_impossible_dates() {
        for bad in ["2018-13", "2018-00", "2018-02-30", "2019-02-29"] {
            assert!(
                matches!(bad.parse::<ArticleDate>(), Err(DateError::Impossible(_))),
                "{bad}"
            );
        }
        assert!("2020-02-29".parse::<ArticleDate>().is_ok());
    }

    #[test]
    fn refuses_malformed_dates() {
        for bad in [
            "",
            "2018",
            "18-03",
            "2018-3",
            "2018-03-",
            "2018-03-09-01",
            "år-03",
            "2018-03-9",
        ] {
            assert!(
                matches!(bad.parse::<ArticleDate>(), Err(DateError::Format(_))),
                "{bad}"
            );
        }
    }
}
