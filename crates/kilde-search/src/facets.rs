//! Facet counts of the matching articles: which ones a search asks for, and one
//! pass that counts them all, a block of matching documents at a time.
//!
//! Each value field (sources, speakers, entities per label) is counted by term
//! ordinal in an array, straight from its fast-field column; only a segment's
//! `CANDIDATES` most frequent ordinals are turned into names, and segments are
//! then summed by name. tantivy's `FacetCollector` instead walks the field's whole
//! dictionary on every query, which grows with every new entity name in the
//! corpus. A value that is frequent overall but outside a segment's candidates
//! loses that segment's count, so counts far down a long tail can be low; the
//! values shown (top [`crate::FACET_VALUES`]) are exact unless a segment holds
//! more than `CANDIDATES` values counted more often.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use kilde_core::EntityLabel;
use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use crate::column_cache::{self, ColumnCache, Ordinals};
use crate::error::{Error, Result};
use crate::period::{Granularity, PeriodCounts, SegmentTally, Tally};
use crate::schema;
use crate::search::{Count, Facets};

/// Values resolved per segment.
const CANDIDATES: usize = 200;

/// Which facets a search counts. Each costs a pass over the matching articles'
/// column, so a client asks only for what it shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct FacetSet {
    /// Articles per month.
    pub months: bool,
    /// Sources cited or signed.
    pub sources: bool,
    /// Entities per label.
    pub entities: bool,
    /// Quoted speakers.
    pub speakers: bool,
}

impl FacetSet {
    /// No facets.
    pub const NONE: FacetSet = FacetSet {
        months: false,
        sources: false,
        entities: false,
        speakers: false,
    };
    /// Every facet.
    pub const ALL: FacetSet = FacetSet {
        months: true,
        sources: true,
        entities: true,
        speakers: true,
    };
    /// The facet names [`FacetSet::parse`] accepts.
    pub const NAMES: [&'static str; 4] = ["month", "source", "entity", "speaker"];

    /// True when any facet is asked for.
    pub fn any(self) -> bool {
        self != FacetSet::NONE
    }

    /// Parses `month,source`, `all` (or `true`, `1`), `none` (or `false`, `0`);
    /// plural names are accepted too.
    pub fn parse(list: &str) -> Result<FacetSet> {
        let mut set = FacetSet::NONE;
        for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            match name.to_ascii_lowercase().as_str() {
                "all" | "true" | "1" => set = FacetSet::ALL,
                "none" | "false" | "0" => {}
                "month" | "months" => set.months = true,
                "source" | "sources" => set.sources = true,
                "entity" | "entities" => set.entities = true,
                "speaker" | "speakers" => set.speakers = true,
                _ => {
                    return Err(Error::Query(format!(
                        "unknown facet {name:?}: use {}, or all",
                        FacetSet::NAMES.join(", ")
                    )));
                }
            }
        }
        Ok(set)
    }
}

/// Counts the facets of a [`FacetSet`] among the matching articles.
pub(crate) struct FacetCounter<'a> {
    set: FacetSet,
    k: usize,
    cache: Option<&'a ColumnCache>,
}

impl<'a> FacetCounter<'a> {
    pub(crate) fn new(set: FacetSet, k: usize, cache: Option<&'a ColumnCache>) -> FacetCounter<'a> {
        FacetCounter { set, k, cache }
    }

    /// The value fields counted, in the order of [`SegmentCounts::values`].
    fn value_fields(&self) -> Vec<String> {
        let mut fields = Vec::new();
        if self.set.sources {
            fields.push("source".to_string());
        }
        if self.set.speakers {
            fields.push("speaker".to_string());
        }
        if self.set.entities {
            fields.extend(EntityLabel::ALL.map(schema::entity_field));
        }
        fields
    }

    /// The number of matching articles and the merged counts as [`Facets`].
    pub(crate) fn results(&self, fruit: FacetFruit) -> (usize, Facets) {
        let mut values = fruit.values.into_iter();
        let mut next = |wanted: bool| {
            if wanted {
                values.next().unwrap_or_default()
            } else {
                Vec::new()
            }
        };
        let sources = next(self.set.sources);
        let speakers = next(self.set.speakers);
        let entities = EntityLabel::ALL
            .iter()
            .filter_map(|label| {
                let counts = next(self.set.entities);
                (!counts.is_empty()).then(|| (label.as_str().to_string(), counts))
            })
            .collect::<BTreeMap<_, _>>();
        let facets = Facets {
            months: fruit
                .months
                .map(|t| t.into_attention(Granularity::Month).points)
                .unwrap_or_default(),
            sources,
            entities,
            speakers,
        };
        (fruit.matched as usize, facets)
    }
}

/// What a segment (and then the whole index) counted.
pub(crate) struct FacetFruit {
    /// Matching articles.
    matched: u64,
    months: Option<Tally>,
    /// Top values per value field, in [`FacetCounter::value_fields`] order.
    values: Vec<Vec<Count>>,
}

/// One value field of one segment: counts by term ordinal.
struct ValueCounts {
    /// The column, for its dictionary.
    column: StrColumn,
    /// The column decoded, when the index keeps decoded columns.
    ordinals: Option<Arc<Ordinals>>,
    counts: Vec<u32>,
}

pub(crate) struct SegmentCounts {
    matched: u64,
    months: Option<SegmentTally>,
    values: Vec<ValueCounts>,
    /// Scratch buffers for reading a sparse block from the columns.
    docs: Vec<DocId>,
    rows: Vec<u32>,
    ords: Vec<u64>,
}

impl Collector for FacetCounter<'_> {
    type Fruit = FacetFruit;
    type Child = SegmentCounts;

    fn for_segment(
        &self,
        ordinal: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentCounts> {
        let months = if self.set.months {
            let tally = PeriodCounts::new(Granularity::Month).for_segment(ordinal, segment)?;
            Some(match self.cache {
                Some(cache) => tally.with_cache(cache, segment),
                None => tally,
            })
        } else {
            None
        };
        let mut values = Vec::new();
        for field in self.value_fields() {
            let column = segment.fast_fields().str(&field)?.ok_or_else(|| {
                tantivy::TantivyError::SchemaError(format!(
                    "the column of facet {field} is missing"
                ))
            })?;
            let ordinals = self
                .cache
                .map(|cache| cache.ordinals(segment, &field, &column));
            let counts = vec![0; column.num_terms()];
            values.push(ValueCounts {
                column,
                ordinals,
                counts,
            });
        }
        Ok(SegmentCounts {
            matched: 0,
            months,
            values,
            docs: Vec::new(),
            rows: Vec::new(),
            ords: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, segments: Vec<FacetFruit>) -> tantivy::Result<FacetFruit> {
        let fields = self.value_fields().len();
        let mut matched = 0;
        let mut months: Option<Tally> = None;
        let mut sums: Vec<HashMap<String, u64>> = vec![HashMap::new(); fields];
        for segment in segments {
            matched += segment.matched;
            if let Some(tally) = segment.months {
                months.get_or_insert_with(Tally::default).add(tally);
            }
            for (sum, counts) in sums.iter_mut().zip(segment.values) {
                for c in counts {
                    *sum.entry(c.value).or_default() += c.count;
                }
            }
        }
        let values = sums
            .into_iter()
            .map(|sum| {
                let mut all: Vec<Count> = sum
                    .into_iter()
                    .map(|(value, count)| Count { value, count })
                    .collect();
                all.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
                all.truncate(self.k);
                all
            })
            .collect();
        Ok(FacetFruit {
            matched,
            months,
            values,
        })
    }
}

impl SegmentCollector for SegmentCounts {
    type Fruit = FacetFruit;

    fn collect(&mut self, doc: DocId, _: Score) {
        self.collect_block(&[doc]);
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        self.matched += docs.len() as u64;
        if let Some(months) = &mut self.months {
            months.collect_block(docs);
        }
        let dense = column_cache::is_dense(docs);
        for field in &mut self.values {
            if let Some(ordinals) = field.ordinals.as_ref().filter(|_| dense) {
                for &doc in docs {
                    for &ord in ordinals.of(doc) {
                        count(&mut field.counts, u64::from(ord));
                    }
                }
                continue;
            }
            let ords: &Column<u64> = field.column.ords();
            self.docs.clear();
            self.rows.clear();
            ords.row_ids_for_docs(docs, &mut self.docs, &mut self.rows);
            self.ords.resize(self.rows.len(), 0);
            ords.values.get_vals(&self.rows, &mut self.ords);
            for &ord in &self.ords {
                count(&mut field.counts, ord);
            }
        }
    }

    fn harvest(self) -> FacetFruit {
        FacetFruit {
            matched: self.matched,
            months: self.months.map(SegmentTally::harvest),
            values: self.values.into_iter().map(ValueCounts::top).collect(),
        }
    }
}

#[inline]
fn count(counts: &mut [u32], ord: u64) {
    if let Some(n) = counts.get_mut(ord as usize) {
        *n += 1;
    }
}

impl ValueCounts {
    /// The segment's most frequent values with their counts, by name.
    fn top(self) -> Vec<Count> {
        let mut top: Vec<(u32, usize)> = self
            .counts
            .iter()
            .enumerate()
            .filter(|(_, n)| **n > 0)
            .map(|(ord, n)| (*n, ord))
            .collect();
        if top.len() > CANDIDATES {
            top.select_nth_unstable_by(CANDIDATES, |a, b| b.cmp(a));
            top.truncate(CANDIDATES);
        }
        // One pass over the dictionary in ordinal order: each block is decompressed once.
        top.sort_unstable_by_key(|&(_, ord)| ord);
        let mut out = Vec::with_capacity(top.len());
        let mut counts = top.iter().map(|&(count, _)| count);
        let resolved = self.column.dictionary().sorted_ords_to_term_cb(
            top.iter().map(|&(_, ord)| ord as u64),
            |encoded| {
                // An encoded facet separates its path components with 0 bytes.
                let last = encoded.rsplit(|&b| b == 0).next().unwrap_or(encoded);
                if let (Some(count), Ok(value)) = (counts.next(), std::str::from_utf8(last)) {
                    out.push(Count {
                        value: value.to_string(),
                        count: u64::from(count),
                    });
                }
                Ok(())
            },
        );
        if resolved.is_err() {
            out.clear();
        }
        out
    }
}
