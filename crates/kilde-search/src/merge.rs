//! The merge policy: tantivy's log-structured merges, but no merge builds a
//! segment larger than [`MAX_MERGED_DOCS`].
//!
//! A query's segments are searched in parallel, one task per segment, so a query
//! takes as long as its largest segment. tantivy's default policy merges eight
//! segments of one size class at a time, without a ceiling: a million articles end
//! up as one segment of 647k beside a few of 81k, and a second core speeds a query
//! up by at most 1.55×. With a ceiling, segments stay of similar size and both cores
//! get an even share. Lucene's tiered merge policy caps merged segments the same
//! way (by bytes); documents stand in for bytes here since articles are of similar
//! length.

use tantivy::index::{SegmentId, SegmentMeta};
use tantivy::indexer::{LogMergePolicy, MergeCandidate, MergePolicy};

/// The largest segment a merge may build: about 300 MB of index at kilde's
/// average article (about 3 KB of index per article).
pub const MAX_MERGED_DOCS: u32 = 100_000;

/// [`LogMergePolicy`] with each proposed merge cut into merges of at most
/// `max_docs` live documents.
#[derive(Debug, Clone)]
pub struct BoundedMergePolicy {
    inner: LogMergePolicy,
    max_docs: u32,
}

impl BoundedMergePolicy {
    pub fn new(max_docs: u32) -> BoundedMergePolicy {
        BoundedMergePolicy {
            inner: LogMergePolicy::default(),
            max_docs,
        }
    }
}

impl Default for BoundedMergePolicy {
    fn default() -> BoundedMergePolicy {
        BoundedMergePolicy::new(MAX_MERGED_DOCS)
    }
}

impl MergePolicy for BoundedMergePolicy {
    fn compute_merge_candidates(&self, segments: &[SegmentMeta]) -> Vec<MergeCandidate> {
        let docs = |id: &SegmentId| {
            segments
                .iter()
                .find(|s| s.id() == *id)
                .map_or(0, |s| s.num_docs())
        };
        self.inner
            .compute_merge_candidates(segments)
            .into_iter()
            .flat_map(|MergeCandidate(ids)| {
                let sized: Vec<(SegmentId, u32)> =
                    ids.into_iter().map(|id| (id, docs(&id))).collect();
                bounded_groups(&sized, self.max_docs)
            })
            .map(MergeCandidate)
            .collect()
    }
}

/// Cuts one proposed merge, in its order, into runs whose documents add up to at
/// most `max_docs`; a run of one segment is no merge and is dropped.
fn bounded_groups<T: Copy>(segments: &[(T, u32)], max_docs: u32) -> Vec<Vec<T>> {
    let mut groups = Vec::new();
    let mut group: Vec<T> = Vec::new();
    let mut total = 0u64;
    for &(id, docs) in segments {
        if total + u64::from(docs) > u64::from(max_docs) {
            if group.len() > 1 {
                groups.push(std::mem::take(&mut group));
            }
            group.clear();
            total = 0;
        }
        if u64::from(docs) <= u64::from(max_docs) {
            group.push(id);
            total += u64::from(docs);
        }
    }
    if group.len() > 1 {
        groups.push(group);
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::bounded_groups;

    #[test]
    fn a_merge_under_the_ceiling_is_kept_whole() {
        let segments = [(1, 10), (2, 10), (3, 10)];
        assert_eq!(bounded_groups(&segments, 100), vec![vec![1, 2, 3]]);
    }

    #[test]
    fn a_merge_over_the_ceiling_is_cut_into_runs_that_fit() {
        let segments = [(1, 40), (2, 40), (3, 40), (4, 40), (5, 40)];
        assert_eq!(bounded_groups(&segments, 100), vec![vec![1, 2], vec![3, 4]]);
    }

    #[test]
    fn segments_at_or_over_the_ceiling_are_left_alone() {
        let segments = [(1, 150), (2, 60), (3, 60), (4, 30)];
        assert_eq!(bounded_groups(&segments, 100), vec![vec![3, 4]]);
        assert!(bounded_groups(&[(1, 100), (2, 100)], 100).is_empty());
    }

    #[test]
    fn no_run_exceeds_the_ceiling() {
        let segments: Vec<(usize, u32)> = (0..50).map(|i| (i, (i as u32 * 37) % 90 + 1)).collect();
        for group in bounded_groups(&segments, 120) {
            let total: u32 = group.iter().map(|&i| segments[i].1).sum();
            assert!(group.len() > 1 && total <= 120, "{group:?} holds {total}");
        }
    }

    /// A real index, committed forty times: merges happen, and none builds a
    /// segment over the ceiling.
    #[test]
    fn an_index_written_under_the_policy_keeps_its_segments_under_the_ceiling() {
        use tantivy::schema::{STORED, Schema};
        use tantivy::{Index, TantivyDocument, doc};

        let mut schema = Schema::builder();
        let n = schema.add_u64_field("n", STORED);
        let index = Index::create_in_ram(schema.build());
        let mut writer: tantivy::IndexWriter<TantivyDocument> =
            index.writer_with_num_threads(1, 15_000_000).unwrap();
        writer.set_merge_policy(Box::new(super::BoundedMergePolicy::new(10)));
        for i in 0..40u64 {
            for j in 0..3 {
                writer.add_document(doc!(n => i * 3 + j)).unwrap();
            }
            writer.commit().unwrap();
        }
        writer.wait_merging_threads().unwrap();
        let segments = index.searchable_segment_metas().unwrap();
        let docs: Vec<u32> = segments.iter().map(|s| s.num_docs()).collect();
        assert_eq!(docs.iter().sum::<u32>(), 120);
        assert!(segments.len() < 40, "nothing was merged: {docs:?}");
        assert!(
            docs.iter().all(|&d| d <= 10),
            "a segment over the ceiling: {docs:?}"
        );
    }
}
