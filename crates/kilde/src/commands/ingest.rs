//! `kilde ingest`: analyse articles on all cores and add them to the search index.
//!
//! Articles whose id is already indexed are skipped before analysis, so running
//! the same ingest twice adds nothing, and running it again after a crash (or
//! kill -9) finishes the job: tantivy commits are atomic, an article is either
//! committed whole or not at all.

use anyhow::Context;
use kilde_core::Article;
use kilde_search::{KildeIndex, Writer};
use rayon::prelude::*;

use super::{Outcome, read};
use crate::cli::{IngestArgs, InputArgs};

pub fn run(args: IngestArgs) -> anyhow::Result<Outcome> {
    let index = KildeIndex::open_or_create(&args.index)
        .with_context(|| format!("cannot open the index {}", args.index.display()))?;
    let before = index.num_articles();
    let (report, added, skipped) = ingest(&index, &args.input, args.commit_every)?;
    eprintln!("kilde: {}", report.summary);
    eprintln!(
        "kilde: indexed {added} new article(s), skipped {skipped} already indexed; \
         {} now holds {} article(s) (was {before})",
        args.index.display(),
        index.num_articles()
    );
    Ok(report.outcome)
}

/// Reads, analyses and indexes every input article not yet in `index`; returns
/// the read report and how many articles were added and skipped.
pub fn ingest(
    index: &KildeIndex,
    input: &InputArgs,
    commit_every: usize,
) -> anyhow::Result<(read::ReadReport, u64, u64)> {
    let pipeline = super::pipeline();
    let pool = super::thread_pool(input.threads)?;
    let mut writer = Writer::new(index, pool.current_num_threads())?;
    let (mut added, mut skipped) = (0u64, 0u64);
    let report = read::for_each_batch(input, |batch| {
        let mut fresh: Vec<Article> = Vec::with_capacity(batch.len());
        for article in batch {
            if writer.claim(&article.id)? {
                fresh.push(article);
            } else {
                skipped += 1;
            }
        }
        // The lexicon learns the batch's words while the other cores analyse it;
        // the documents are built after, so compounds split with their own words.
        let documents: Vec<_> = pool.install(|| {
            let ((), analyses) = rayon::join(
                || writer.learn(fresh.iter().map(|a| a.text.as_str())),
                || {
                    fresh
                        .par_iter()
                        .map(|article| pipeline.analyze(article))
                        .collect::<Vec<_>>()
                },
            );
            fresh
                .par_iter()
                .zip(&analyses)
                .map(|(article, doc)| writer.document(article, doc))
                .collect()
        });
        added += documents.len() as u64;
        for document in documents {
            writer.add(document)?;
        }
        if writer.uncommitted() >= commit_every {
            writer.commit()?;
        }
        Ok(())
    })?;
    writer.finish().context("cannot commit the index")?;
    Ok((report, added, skipped))
}
