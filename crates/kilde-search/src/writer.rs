//! Writing analysed articles into the index: idempotent by article id, committed
//! in steps so that a killed ingest loses only its last uncommitted step.
//!
//! tantivy makes a commit atomic: after a crash the index opens at the last commit,
//! and segments written since are discarded. Articles are skipped when their id is
//! already committed, so running the same ingest again completes the index without
//! duplicating anything.

use std::collections::HashSet;

use kilde_core::{AnalysisRecord, Article, ArticleId, Doc, EntityLabel};
use tantivy::schema::Facet;
use tantivy::tokenizer::PreTokenizedString;
use tantivy::{IndexWriter, TantivyDocument};

use crate::dates;
use crate::decompound::{self, Lexicon};
use crate::error::{Error, Result};
use crate::index::{KildeIndex, LEXICON_FILE};
use crate::merge::BoundedMergePolicy;

/// Memory tantivy may buffer before it writes a segment, per indexing thread.
const MEMORY_PER_THREAD: usize = 64 << 20;

/// Adds articles to one index; one writer per index at a time (tantivy locks it).
pub struct Writer<'a> {
    index: &'a KildeIndex,
    writer: IndexWriter,
    lexicon: Lexicon,
    /// Words counted but not yet merged into `lexicon` (see [`Writer::learn`]).
    pending: Lexicon,
    /// Articles merged into `lexicon` and waiting in `pending`.
    learned: (u64, u64),
    /// Ids added since the last commit (committed ones the index itself answers for),
    /// so the set stays as small as one commit step.
    seen: HashSet<String>,
    uncommitted: usize,
}

impl<'a> Writer<'a> {
    /// Opens the index for writing with `threads` indexing threads.
    pub fn new(index: &'a KildeIndex, threads: usize) -> Result<Writer<'a>> {
        let threads = threads.clamp(1, 8);
        let writer = index
            .tantivy()
            .writer_with_num_threads(threads, threads * MEMORY_PER_THREAD)?;
        writer.set_merge_policy(Box::new(BoundedMergePolicy::default()));
        let path = index.dir().join(LEXICON_FILE);
        let lexicon = if path.exists() {
            Lexicon::load(&path).map_err(|source| Error::Io { path, source })?
        } else {
            Lexicon::base()
        };
        Ok(Writer {
            index,
            writer,
            lexicon,
            pending: Lexicon::new(),
            learned: (0, 0),
            seen: HashSet::new(),
            uncommitted: 0,
        })
    }

    /// True, once, for an id neither committed nor seen earlier in this run.
    pub fn claim(&mut self, id: &ArticleId) -> Result<bool> {
        if self.seen.contains(&id.0) || self.index.contains(id)? {
            return Ok(false);
        }
        self.seen.insert(id.0.clone());
        Ok(true)
    }

    /// Counts the words of articles about to be indexed, so that their compounds
    /// split into parts the corpus itself uses.
    ///
    /// Every change to the lexicon makes the splitter rebuild its table of counts
    /// by stem, so new counts are merged in when they match what is already merged
    /// (after 1, 2, 4, … batches' worth of articles) and at each commit: a handful
    /// of rebuilds for a million articles, while the first articles are still
    /// split with their own words.
    pub fn learn<'t>(&mut self, texts: impl IntoIterator<Item = &'t str>) {
        for text in texts {
            self.pending.add_text(text);
            self.learned.1 += 1;
        }
        if self.learned.1 >= self.learned.0 {
            self.merge_pending();
        }
    }

    fn merge_pending(&mut self) {
        if self.learned.1 > 0 {
            self.lexicon.merge(&std::mem::take(&mut self.pending));
            self.learned = (self.learned.0 + self.learned.1, 0);
        }
    }

    /// The index document for an article and its analysis (callable in parallel).
    pub fn document(&self, article: &Article, doc: &Doc) -> TantivyDocument {
        build_document(self.index, &self.lexicon, article, doc)
    }

    /// Queues a document; it becomes visible at the next commit.
    pub fn add(&mut self, document: TantivyDocument) -> Result<()> {
        self.writer.add_document(document)?;
        self.uncommitted += 1;
        Ok(())
    }

    /// Documents added since the last commit.
    pub fn uncommitted(&self) -> usize {
        self.uncommitted
    }

    /// Makes everything added so far durable and visible, then saves the lexicon.
    pub fn commit(&mut self) -> Result<()> {
        self.writer.commit()?;
        self.merge_pending();
        self.uncommitted = 0;
        let path = self.index.dir().join(LEXICON_FILE);
        self.lexicon
            .save(&path)
            .map_err(|source| Error::Io { path, source })?;
        self.index.reload()?;
        self.seen.clear();
        Ok(())
    }

    /// Commits, then waits for merges to finish so no thread outlives the writer.
    pub fn finish(mut self) -> Result<()> {
        self.commit()?;
        self.writer.wait_merging_threads()?;
        self.index.reload()
    }
}

fn build_document(
    index: &KildeIndex,
    lexicon: &Lexicon,
    article: &Article,
    doc: &Doc,
) -> TantivyDocument {
    let f = index.fields();
    let mut d = TantivyDocument::new();
    d.add_text(f.id, &article.id.0);
    if let Some(title) = &article.title {
        d.add_text(f.title, title);
    }
    d.add_text(f.text, &article.text);
    d.add_pre_tokenized_text(
        f.parts,
        PreTokenizedString {
            text: String::new(),
            tokens: decompound::part_tokens(lexicon, &article.text),
        },
    );
    if let Some(date) = &article.date {
        let (start, end) = dates::article_days(date);
        d.add_i64(f.date_start, start);
        d.add_i64(f.date_end, end);
    }
    // Cited names first: they carry the canonical spelling (`Ritzau` for a `ritzau` sign-off).
    let mut sources: Vec<&str> = doc
        .cited_sources
        .iter()
        .map(|s| s.canonical.as_str())
        .collect();
    sources.extend(article.sources.iter().map(String::as_str));
    for source in unique(sources) {
        d.add_facet(f.source, Facet::from_path([source]));
        d.add_text(f.source_text, source);
    }
    for entity in &doc.entities {
        let slot = EntityLabel::ALL
            .iter()
            .position(|l| *l == entity.label)
            .unwrap_or_default();
        d.add_facet(
            f.entity[slot],
            Facet::from_path([entity.canonical.as_str()]),
        );
        d.add_text(f.entity_text, &entity.canonical);
        for (form, _) in &entity.forms {
            if form != &entity.canonical {
                d.add_text(f.entity_text, form);
            }
        }
    }
    let speakers = doc
        .quotes
        .iter()
        .filter_map(|q| q.speaker.as_ref()?.entity)
        .filter_map(|e| doc.entities.get(e))
        .map(|e| e.canonical.as_str());
    for speaker in unique(speakers) {
        d.add_facet(f.speaker, Facet::from_path([speaker]));
        d.add_text(f.speaker_text, speaker);
    }
    for quote in &doc.quotes {
        d.add_text(f.quote, &article.text[quote.span.range()]);
    }
    d.add_text(f.record, stored_record(article, doc));
    d
}

/// The analysis record without per-token spans, which pages never show and
/// which would double the stored size.
fn stored_record(article: &Article, doc: &Doc) -> String {
    serde_json::to_string(&AnalysisRecord::without_tokens(article, doc))
        .expect("an analysis record always serializes")
}

/// The items in order, without empties and case-insensitive repeats.
fn unique<'s>(items: impl IntoIterator<Item = &'s str>) -> Vec<&'s str> {
    let mut out: Vec<&str> = Vec::new();
    for item in items {
        if !item.is_empty() && !out.iter().any(|o| o.eq_ignore_ascii_case(item)) {
            out.push(item);
        }
    }
    out
}
