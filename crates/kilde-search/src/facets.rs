//! Top facet values of the matching articles, counted by facet ordinal and turned
//! into names only for the winners.
//!
//! tantivy's `FacetCollector` walks a field's whole facet dictionary on every
//! query, which grows with every new entity name in the corpus. Here a segment
//! counts ordinals in an array and resolves only its `CANDIDATES` most frequent
//! ones; segments are then summed by name. A value that is frequent overall but
//! outside a segment's candidates loses that segment's count, so counts far down
//! a long tail can be low; the values shown (top [`crate::FACET_VALUES`]) are exact
//! unless a segment holds more than `CANDIDATES` values counted more often.

use std::collections::HashMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use crate::search::Count;

/// Values resolved per segment.
const CANDIDATES: usize = 200;

/// Counts the top values of one facet field among matching articles.
pub(crate) struct TopFacets {
    field: String,
    k: usize,
}

impl TopFacets {
    pub(crate) fn new(field: String, k: usize) -> TopFacets {
        TopFacets { field, k }
    }
}

pub(crate) struct SegmentFacets {
    reader: tantivy::fastfield::FacetReader,
    counts: Vec<u32>,
}

impl Collector for TopFacets {
    type Fruit = Vec<Count>;
    type Child = SegmentFacets;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentFacets> {
        let reader = segment.facet_reader(&self.field)?;
        let counts = vec![0; reader.num_facets()];
        Ok(SegmentFacets { reader, counts })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, segments: Vec<Vec<Count>>) -> tantivy::Result<Vec<Count>> {
        let mut sum: HashMap<String, u64> = HashMap::new();
        for counts in segments {
            for c in counts {
                *sum.entry(c.value).or_default() += c.count;
            }
        }
        let mut all: Vec<Count> = sum
            .into_iter()
            .map(|(value, count)| Count { value, count })
            .collect();
        all.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
        all.truncate(self.k);
        Ok(all)
    }
}

impl SegmentCollector for SegmentFacets {
    type Fruit = Vec<Count>;

    fn collect(&mut self, doc: DocId, _: Score) {
        for ord in self.reader.facet_ords(doc) {
            if let Some(n) = self.counts.get_mut(ord as usize) {
                *n += 1;
            }
        }
    }

    fn harvest(self) -> Vec<Count> {
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
        let resolved = self.reader.facet_dict().sorted_ords_to_term_cb(
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
