//! Counting matching articles per day, week, month or year: the facet by month
//! and the attention-over-time series, straight from the date fast fields.

use std::collections::BTreeMap;

use jiff::civil::Date;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use crate::dates;
use crate::search::{Attention, Count};

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
/// matches fall on few distinct days, so periods are worked out once per day.
pub(crate) struct SegmentTally {
    granularity: Granularity,
    start: Column<i64>,
    end: Column<i64>,
    /// Articles dated to a day, by that day.
    days: FxHashMap<i64, u64>,
    /// Articles dated to a month (or longer), by its first day.
    spans: FxHashMap<i64, u64>,
    undated: u64,
    /// Scratch for a block of date values.
    starts: Vec<Option<i64>>,
    ends: Vec<Option<i64>>,
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
        Ok(SegmentTally {
            granularity: self.granularity,
            start: fast.i64("date_start")?,
            end: fast.i64("date_end")?,
            days: FxHashMap::default(),
            spans: FxHashMap::default(),
            undated: 0,
            starts: Vec::new(),
            ends: Vec::new(),
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
        self.starts.clear();
        self.starts.resize(docs.len(), None);
        self.ends.clear();
        self.ends.resize(docs.len(), None);
        self.start.first_vals(docs, &mut self.starts);
        self.end.first_vals(docs, &mut self.ends);
        for (start, end) in self.starts.iter().zip(&self.ends) {
            match (start, end) {
                (Some(start), Some(end)) if start == end => {
                    *self.days.entry(*start).or_default() += 1
                }
                (Some(start), Some(_)) => *self.spans.entry(*start).or_default() += 1,
                _ => self.undated += 1,
            }
        }
    }

    fn harvest(self) -> Tally {
        let granularity = self.granularity;
        let mut tally = Tally {
            undated: self.undated,
            ..Tally::default()
        };
        add_by_period(granularity, self.days, &mut tally.by_start);
        if granularity.places_months() {
            add_by_period(granularity, self.spans, &mut tally.by_start);
        } else {
            tally.month_only += self.spans.values().sum::<u64>();
        }
        tally
    }
}

/// Adds counts by day to counts by period start. Days are visited in order, so the
/// calendar is consulted once per period rather than once per day.
fn add_by_period(
    granularity: Granularity,
    by_day: FxHashMap<i64, u64>,
    by_start: &mut BTreeMap<i64, u64>,
) {
    let mut days: Vec<(i64, u64)> = by_day.into_iter().collect();
    days.sort_unstable();
    // The period holding the last day seen: its first day and the first day after it.
    let mut period = (i64::MAX, i64::MIN);
    for (day, n) in days {
        if day >= period.1 || day < period.0 {
            let start = granularity.period_start(dates::from_day_number(day));
            let next = granularity.next(start).map_or(i64::MAX, dates::day_number);
            period = (dates::day_number(start), next);
        }
        *by_start.entry(period.0).or_default() += n;
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
        let by_day: FxHashMap<i64, u64> = [
            (day(2018, 2, 28), 1),
            (day(2018, 3, 1), 2),
            (day(2018, 3, 31), 3),
            (day(2018, 4, 1), 4),
            (day(2017, 12, 31), 5),
        ]
        .into_iter()
        .collect();
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
