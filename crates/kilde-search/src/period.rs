//! Counting matching articles per day, week, month or year: the facet by month
//! and the attention-over-time series, straight from the date fast fields.

use std::collections::BTreeMap;
use std::sync::Arc;

use jiff::civil::Date;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use crate::column_cache::{self, ColumnCache, Days};
use crate::dates;
use crate::search::{Attention, Count};

/// The fast field holding the first day of each article's date.
const START_FIELD: &str = "date_start";

/// The width of one point of a time series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Granularity {
    /// `2018-03-09`.
    Day,
    /// ISO week, `2018-W10`.
    Week,
    /// `2018-03`.
    Month,
    /// `2018`.
    Year,
}

impl Granularity {
    /// The first day of the period holding `date`.
    fn period_start(self, date: Date) -> Date {
        match self {
            Granularity::Day => date,
            Granularity::Week => {
                let back = i64::from(date.weekday().to_monday_zero_offset());
                date.checked_sub(jiff::SignedDuration::from_hours(24 * back))
                    .unwrap_or(date)
            }
            Granularity::Month => date.first_of_month(),
            Granularity::Year => date.first_of_year(),
        }
    }

    /// The first day of the period after the one starting at `start`.
    fn next(self, start: Date) -> Option<Date> {
        match self {
            Granularity::Day => start.tomorrow().ok(),
            Granularity::Week => start
                .checked_add(jiff::SignedDuration::from_hours(24 * 7))
                .ok(),
            Granularity::Month => start.last_of_month().tomorrow().ok(),
            Granularity::Year => start.last_of_year().tomorrow().ok(),
        }
    }

    /// The label of the period starting at `start`.
    pub fn label(self, start: Date) -> String {
        match self {
            Granularity::Day => start.to_string(),
            Granularity::Week => {
                let week = start.iso_week_date();
                format!("{:04}-W{:02}", week.year(), week.week())
            }
            Granularity::Month => format!("{:04}-{:02}", start.year(), start.month()),
            Granularity::Year => format!("{:04}", start.year()),
        }
    }

    /// True when a month-precision date can be placed in one period.
    fn places_months(self) -> bool {
        matches!(self, Granularity::Month | Granularity::Year)
    }
}

/// Counts per period start day.
pub(crate) struct PeriodCounts {
    granularity: Granularity,
}

impl PeriodCounts {
    pub(crate) fn new(granularity: Granularity) -> Self {
        PeriodCounts { granularity }
    }
}

/// What a segment (and then the whole index) counted.
#[derive(Default)]
pub(crate) struct Tally {
    by_start: BTreeMap<i64, u64>,
    month_only: u64,
    undated: u64,
}

impl Tally {
    /// The series from the first to the last counted period, gaps filled with zeros.
    pub(crate) fn into_attention(self, granularity: Granularity) -> Attention {
        let mut points = Vec::new();
        if let (Some((&first, _)), Some((&last, _))) = (
            self.by_start.first_key_value(),
            self.by_start.last_key_value(),
        ) {
            let mut at = Some(dates::from_day_number(first));
            let last = dates::from_day_number(last);
            while let Some(start) = at.filter(|d| *d <= last) {
                let count = self
                    .by_start
                    .get(&dates::day_number(start))
                    .copied()
                    .unwrap_or(0);
                points.push(Count {
                    value: granularity.label(start),
                    count,
                });
                at = granularity.next(start);
            }
        }
        Attention {
            granularity,
            points,
            month_only: self.month_only,
            undated: self.undated,
        }
    }
}

/// One segment's counts by the day an article's date starts, before periods:
/// matches fall on few distinct days, so periods are worked out once per period.
pub(crate) struct SegmentTally {
    granularity: Granularity,
    start: Column<i64>,
    /// Only day and week series read where a date ends: they set month-precision
    /// dates apart, while months and years place them by their first day.
    end: Option<Column<i64>>,
    days: DayCounts,
    month_only: u64,
    undated: u64,
    /// Scratch for a block of date values.
    starts: Vec<Option<i64>>,
    ends: Vec<Option<i64>>,
    /// The start column decoded (see [`ColumnCache`]), for series by month or year.
    decoded: Option<Arc<Days>>,
}

impl SegmentTally {
    /// Reads the start dates from `cache` instead of the compressed column, where
    /// the series needs nothing else (months and years).
    pub(crate) fn with_cache(mut self, cache: &ColumnCache, segment: &SegmentReader) -> Self {
        if self.end.is_none() {
            self.decoded = Some(cache.days(segment, START_FIELD, &self.start));
        }
        self
    }
}

/// Longest span of days counted in an array (about 180 years); a segment whose
/// dates spread wider is counted in a map.
const MAX_DAY_SPAN: i64 = 1 << 16;

/// Matching articles by day number.
enum DayCounts {
    /// One slot per day from `first`, the segment's earliest date: no hashing.
    Span {
        first: i64,
        counts: Vec<u32>,
    },
    Sparse(FxHashMap<i64, u64>),
}

impl DayCounts {
    fn new(first: i64, last: i64) -> DayCounts {
        match last.checked_sub(first) {
            Some(span) if (0..MAX_DAY_SPAN).contains(&span) => DayCounts::Span {
                first,
                counts: vec![0; span as usize + 1],
            },
            _ => DayCounts::Sparse(FxHashMap::default()),
        }
    }

    #[inline]
    fn add(&mut self, day: i64) {
        match self {
            DayCounts::Span { first, counts } => {
                match usize::try_from(day - *first)
                    .ok()
                    .and_then(|i| counts.get_mut(i))
                {
                    Some(n) => *n += 1,
                    // Outside the column's own range: cannot happen, but never lose it.
                    None => {
                        let mut sparse = self.sorted();
                        sparse.push((day, 1));
                        *self = DayCounts::Sparse(sparse.into_iter().collect());
                    }
                }
            }
            DayCounts::Sparse(map) => *map.entry(day).or_default() += 1,
        }
    }

    /// The days counted, in order, with their counts.
    fn sorted(&self) -> Vec<(i64, u64)> {
        match self {
            DayCounts::Span { first, counts } => (*first..)
                .zip(counts)
                .filter(|(_, n)| **n > 0)
                .map(|(day, n)| (day, u64::from(*n)))
                .collect(),
            DayCounts::Sparse(map) => {
                let mut days: Vec<(i64, u64)> = map.iter().map(|(d, n)| (*d, *n)).collect();
                days.sort_unstable();
                days
            }
        }
    }
}

impl Collector for PeriodCounts {
    type Fruit = Tally;
    type Child = SegmentTally;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentTally> {
        let fast = segment.fast_fields();
        let start = fast.i64(START_FIELD)?;
        let end = if self.granularity.places_months() {
            None
        } else {
            Some(fast.i64("date_end")?)
        };
        Ok(SegmentTally {
            granularity: self.granularity,
            days: DayCounts::new(start.min_value(), start.max_value()),
            start,
            end,
            month_only: 0,
            undated: 0,
            starts: Vec::new(),
            ends: Vec::new(),
            decoded: None,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Tally>) -> tantivy::Result<Tally> {
        let mut all = Tally::default();
        for fruit in fruits {
            all.add(fruit);
        }
        Ok(all)
    }
}

impl Tally {
    /// Adds another segment's counts.
    pub(crate) fn add(&mut self, other: Tally) {
        for (start, n) in other.by_start {
            *self.by_start.entry(start).or_default() += n;
        }
        self.month_only += other.month_only;
        self.undated += other.undated;
    }
}

impl SegmentCollector for SegmentTally {
    type Fruit = Tally;

    fn collect(&mut self, doc: DocId, _: Score) {
        self.collect_block(&[doc]);
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        if let Some(decoded) = self
            .decoded
            .as_ref()
            .filter(|_| column_cache::is_dense(docs))
        {
            for &doc in docs {
                match decoded.of(doc) {
                    Days::NONE => self.undated += 1,
                    day => self.days.add(i64::from(day)),
                }
            }
            return;
        }
        self.starts.clear();
        self.starts.resize(docs.len(), None);
        self.start.first_vals(docs, &mut self.starts);
        let Some(end) = &self.end else {
            for start in &self.starts {
                match start {
                    Some(day) => self.days.add(*day),
                    None => self.undated += 1,
                }
            }
            return;
        };
        self.ends.clear();
        self.ends.resize(docs.len(), None);
        end.first_vals(docs, &mut self.ends);
        for (start, end) in self.starts.iter().zip(&self.ends) {
            match (start, end) {
                (Some(start), Some(end)) if start == end => self.days.add(*start),
                (Some(_), Some(_)) => self.month_only += 1,
                _ => self.undated += 1,
            }
        }
    }

    fn harvest(self) -> Tally {
        let mut tally = Tally {
            month_only: self.month_only,
            undated: self.undated,
            ..Tally::default()
        };
        add_by_period(self.granularity, self.days.sorted(), &mut tally.by_start);
        tally
    }
}

/// Adds counts by day (in day order) to counts by period start: the calendar is
/// consulted once per period rather than once per day.
fn add_by_period(
    granularity: Granularity,
    days: Vec<(i64, u64)>,
    by_start: &mut BTreeMap<i64, u64>,
) {
    // The period holding the last day seen: its first day and the first day after
    // it, and the count so far; the map is touched once per period, not per day.
    let mut period = (i64::MAX, i64::MIN);
    let mut sum = 0;
    for (day, n) in days {
        if day >= period.1 || day < period.0 {
            if sum > 0 {
                *by_start.entry(period.0).or_default() += sum;
            }
            let start = granularity.period_start(dates::from_day_number(day));
            let next = granularity.next(start).map_or(i64::MAX, dates::day_number);
            period = (dates::day_number(start), next);
            sum = 0;
        }
        sum += n;
    }
    if sum > 0 {
        *by_start.entry(period.0).or_default() += sum;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_start_and_label() {
        let d = Date::constant(2018, 3, 9); // a Friday
        assert_eq!(
            Granularity::Week.period_start(d),
            Date::constant(2018, 3, 5)
        );
        assert_eq!(
            Granularity::Week.label(Date::constant(2018, 3, 5)),
            "2018-W10"
        );
        assert_eq!(
            Granularity::Month.label(Granularity::Month.period_start(d)),
            "2018-03"
        );
        assert_eq!(Granularity::Year.label(d), "2018");
        assert_eq!(
            Granularity::Month.next(Date::constant(2018, 12, 1)),
            Some(Date::constant(2019, 1, 1))
        );
        assert_eq!(
            Date::constant(2018, 3, 5).weekday(),
            jiff::civil::Weekday::Monday
        );
    }

    #[test]
    fn days_add_up_by_period_across_boundaries() {
        let day = |y, m, d| dates::day_number(Date::constant(y, m, d));
        let mut by_day: Vec<(i64, u64)> = [
            (day(2018, 2, 28), 1),
            (day(2018, 3, 1), 2),
            (day(2018, 3, 31), 3),
            (day(2018, 4, 1), 4),
            (day(2017, 12, 31), 5),
        ]
        .into();
        by_day.sort_unstable();
        let counted = |granularity| {
            let mut by_start = BTreeMap::new();
            add_by_period(granularity, by_day.clone(), &mut by_start);
            by_start.into_iter().collect::<Vec<_>>()
        };
        assert_eq!(
            counted(Granularity::Month),
            [
                (day(2017, 12, 1), 5),
                (day(2018, 2, 1), 1),
                (day(2018, 3, 1), 5),
                (day(2018, 4, 1), 4)
            ]
        );
        // Weeks start on Monday: 31 March and 1 April 2018 are a Saturday and a Sunday.
        assert_eq!(
            counted(Granularity::Week),
            [
                (day(2017, 12, 25), 5),
                (day(2018, 2, 26), 3),
                (day(2018, 3, 26), 7)
            ]
        );
        assert_eq!(
            counted(Granularity::Year),
            [(day(2017, 1, 1), 5), (day(2018, 1, 1), 10)]
        );
    }

    #[test]
    fn day_counts_keep_every_day_in_an_array_or_a_map() {
        let mut span = DayCounts::new(100, 110);
        for day in [110, 100, 105, 105] {
            span.add(day);
        }
        assert!(matches!(span, DayCounts::Span { .. }));
        assert_eq!(span.sorted(), [(100, 1), (105, 2), (110, 1)]);
        // A day outside the span turns the counts into a map without losing any.
        span.add(7);
        assert!(matches!(span, DayCounts::Sparse(_)));
        assert_eq!(span.sorted(), [(7, 1), (100, 1), (105, 2), (110, 1)]);
        let mut wide = DayCounts::new(-400_000, 2_900_000);
        wide.add(2_900_000);
        wide.add(-400_000);
        assert!(matches!(wide, DayCounts::Sparse(_)));
        assert_eq!(wide.sorted(), [(-400_000, 1), (2_900_000, 1)]);
    }

    #[test]
    fn a_series_fills_gaps_with_zeros() {
        let mut tally = Tally::default();
        tally
            .by_start
            .insert(dates::day_number(Date::constant(2018, 1, 1)), 2);
        tally
            .by_start
            .insert(dates::day_number(Date::constant(2018, 4, 1)), 1);
        let series = tally.into_attention(Granularity::Month);
        let values: Vec<(&str, u64)> = series
            .points
            .iter()
            .map(|c| (c.value.as_str(), c.count))
            .collect();
        assert_eq!(
            values,
            [
                ("2018-01", 2),
                ("2018-02", 0),
                ("2018-03", 0),
                ("2018-04", 1)
            ]
        );
    }
}
