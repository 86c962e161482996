//! A date filter that checks each match of the text query against the date
//! columns, rather than intersecting it with range queries.
//!
//! A date range is two conditions on two columns (the article's period must
//! overlap the range). As range queries, each is a doc set that the text query's
//! matches must seek into: for a common word over a million articles that seeking
//! was the largest cost of the query. Reading two column values per match is
//! cheaper, and it keeps the text query's own order and scores.

use tantivy::columnar::Column;
use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED, Term};

/// `inner`, keeping only articles whose period `[date_start, date_end]` (day
/// numbers) overlaps `[from, to]`; an open end is unbounded, undated articles
/// never match.
#[derive(Debug)]
pub(crate) struct DateFilter {
    inner: Box<dyn Query>,
    from: i64,
    to: i64,
}

impl DateFilter {
    pub(crate) fn new(inner: Box<dyn Query>, from: Option<i64>, to: Option<i64>) -> DateFilter {
        DateFilter {
            inner,
            from: from.unwrap_or(i64::MIN),
            to: to.unwrap_or(i64::MAX),
        }
    }
}

impl Clone for DateFilter {
    fn clone(&self) -> DateFilter {
        DateFilter {
            inner: self.inner.box_clone(),
            from: self.from,
            to: self.to,
        }
    }
}

impl Query for DateFilter {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(DateFilterWeight {
            inner: self.inner.weight(enable_scoring)?,
            from: self.from,
            to: self.to,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.inner.query_terms(visitor);
    }
}

struct DateFilterWeight {
    inner: Box<dyn Weight>,
    from: i64,
    to: i64,
}

impl DateFilterWeight {
    fn columns(&self, reader: &SegmentReader) -> tantivy::Result<Dates> {
        let fast = reader.fast_fields();
        Ok(Dates {
            start: fast.i64("date_start")?,
            end: fast.i64("date_end")?,
            from: self.from,
            to: self.to,
        })
    }
}

impl Weight for DateFilterWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let dates = self.columns(reader)?;
        let inner = self.inner.scorer(reader, boost)?;
        Ok(Box::new(DateFilterScorer::new(inner, dates)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        if !self.columns(reader)?.keep(doc) {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "document {doc} is outside the date range"
            )));
        }
        self.inner.explain(reader, doc)
    }
}

/// One segment's date columns and the range they must overlap.
struct Dates {
    start: Column<i64>,
    end: Column<i64>,
    from: i64,
    to: i64,
}

impl Dates {
    #[inline]
    fn keep(&self, doc: DocId) -> bool {
        self.start.first(doc).is_some_and(|start| start <= self.to)
            && self.end.first(doc).is_some_and(|end| end >= self.from)
    }
}

struct DateFilterScorer {
    inner: Box<dyn Scorer>,
    dates: Dates,
}

impl DateFilterScorer {
    /// Positioned, like every scorer, on its first match.
    fn new(inner: Box<dyn Scorer>, dates: Dates) -> DateFilterScorer {
        let mut scorer = DateFilterScorer { inner, dates };
        let doc = scorer.inner.doc();
        if doc != TERMINATED && !scorer.dates.keep(doc) {
            scorer.advance();
        }
        scorer
    }
}

impl DocSet for DateFilterScorer {
    fn advance(&mut self) -> DocId {
        loop {
            let doc = self.inner.advance();
            if doc == TERMINATED || self.dates.keep(doc) {
                return doc;
            }
        }
    }

    fn seek(&mut self, target: DocId) -> DocId {
        let doc = self.inner.seek(target);
        if doc == TERMINATED || self.dates.keep(doc) {
            doc
        } else {
            self.advance()
        }
    }

    fn doc(&self) -> DocId {
        self.inner.doc()
    }

    fn size_hint(&self) -> u32 {
        self.inner.size_hint()
    }
}

impl Scorer for DateFilterScorer {
    fn score(&mut self) -> Score {
        self.inner.score()
    }
}
