//! Facet columns decoded into plain arrays, once per segment and field.
//!
//! tantivy stores a value column compressed for random access: looking up one
//! article's sources ranks it in an optional index, reads two offsets and then
//! its values, well over a hundred instructions. A facet pass over a query that
//! matches 800k articles spends most of its time there, once per facet field
//! (seven with every facet). Decoded once, a lookup is two array reads.
//!
//! The arrays cost 4 bytes per article and per value (about 125 MB at a million
//! articles with every facet), several times the compressed column: read at
//! scattered articles they miss the CPU caches more often than the column does, so
//! they serve only blocks of matches that lie close together ([`is_dense`]), where
//! they are read in order. Only an index asked to keep them
//! ([`crate::KildeIndex::keep_decoded_columns`], a long-lived server) has a cache.
//! A segment's arrays are built by the first facet search that reads it and
//! dropped once the segment has left the index (merged away).

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, PoisonError};

use tantivy::columnar::{Column, StrColumn};
use tantivy::index::SegmentId;
use tantivy::{DocId, SegmentReader};

/// True for a block of matching documents (in order) that covers at most twice
/// its length of the segment: read from the arrays, not the columns.
#[inline]
pub(crate) fn is_dense(docs: &[DocId]) -> bool {
    match (docs.first(), docs.last()) {
        (Some(&first), Some(&last)) => {
            docs.len() >= 16 && ((last - first) as usize) < 2 * docs.len()
        }
        _ => false,
    }
}

/// A multi-valued column's term ordinals: document `d`'s values are
/// `ords[starts[d]..starts[d + 1]]`.
pub(crate) struct Ordinals {
    starts: Vec<u32>,
    ords: Vec<u32>,
}

impl Ordinals {
    fn decode(column: &StrColumn, max_doc: DocId) -> Ordinals {
        let column = column.ords();
        let mut starts = Vec::with_capacity(max_doc as usize + 1);
        let mut ords = Vec::with_capacity(max_doc as usize);
        starts.push(0);
        for doc in 0..max_doc {
            ords.extend(column.values_for_doc(doc).map(|ord| ord as u32));
            starts.push(ords.len() as u32);
        }
        Ordinals { starts, ords }
    }

    /// The ordinals of document `doc`'s values.
    #[inline]
    pub(crate) fn of(&self, doc: DocId) -> &[u32] {
        let doc = doc as usize;
        match (self.starts.get(doc), self.starts.get(doc + 1)) {
            (Some(&start), Some(&end)) => &self.ords[start as usize..end as usize],
            _ => &[],
        }
    }
}

/// Day numbers by document, [`Days::NONE`] for an undated article.
pub(crate) struct Days(Vec<i32>);

impl Days {
    pub(crate) const NONE: i32 = i32::MIN;

    fn decode(column: &Column<i64>, max_doc: DocId) -> Days {
        Days(
            (0..max_doc)
                .map(|doc| {
                    column
                        .first(doc)
                        .and_then(|day| i32::try_from(day).ok())
                        .filter(|&day| day != Days::NONE)
                        .unwrap_or(Days::NONE)
                })
                .collect(),
        )
    }

    /// Document `doc`'s day number, or [`Days::NONE`].
    #[inline]
    pub(crate) fn of(&self, doc: DocId) -> i32 {
        self.0.get(doc as usize).copied().unwrap_or(Days::NONE)
    }
}

/// The decoded columns of the segments searched so far.
#[derive(Default)]
pub(crate) struct ColumnCache {
    ordinals: Mutex<HashMap<(SegmentId, String), Arc<Ordinals>>>,
    days: Mutex<HashMap<(SegmentId, String), Arc<Days>>>,
}

impl ColumnCache {
    /// Drops the arrays of segments not in `live`.
    pub(crate) fn retain(&self, live: &HashSet<SegmentId>) {
        lock(&self.ordinals).retain(|(segment, _), _| live.contains(segment));
        lock(&self.days).retain(|(segment, _), _| live.contains(segment));
    }

    /// `field`'s term ordinals in `segment`, decoded on first use.
    pub(crate) fn ordinals(
        &self,
        segment: &SegmentReader,
        field: &str,
        column: &StrColumn,
    ) -> Arc<Ordinals> {
        cached(&self.ordinals, segment, field, || {
            Ordinals::decode(column, segment.max_doc())
        })
    }

    /// `field`'s day numbers in `segment`, decoded on first use.
    pub(crate) fn days(
        &self,
        segment: &SegmentReader,
        field: &str,
        column: &Column<i64>,
    ) -> Arc<Days> {
        cached(&self.days, segment, field, || {
            Days::decode(column, segment.max_doc())
        })
    }
}

/// The entry for `segment` and `field`, built outside the lock: segments are
/// searched in parallel, and two threads never want the same segment at once.
fn cached<T>(
    map: &Mutex<HashMap<(SegmentId, String), Arc<T>>>,
    segment: &SegmentReader,
    field: &str,
    build: impl FnOnce() -> T,
) -> Arc<T> {
    let key = (segment.segment_id(), field.to_string());
    if let Some(found) = lock(map).get(&key) {
        return Arc::clone(found);
    }
    let built = Arc::new(build());
    Arc::clone(lock(map).entry(key).or_insert(built))
}

/// A poisoned cache only means a panic elsewhere; its entries are whole.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
