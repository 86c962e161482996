//! The read loop every corpus command shares: stream articles in batches, record
//! rejections, show progress, and say how the run ended.

use std::io::IsTerminal;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use kilde_core::Article;
use kilde_ingest::{Corpus, ReadOptions, RejectsWriter, Summary};

use super::Outcome;
use crate::cli::InputArgs;

/// Articles handed to the analysis at once: large enough to keep every core busy,
/// small enough that memory stays flat whatever the input size.
const BATCH: usize = 256;

/// What a finished read loop reports.
pub struct ReadReport {
    pub summary: Summary,
    pub outcome: Outcome,
}

/// Reads every input, calling `handle` with each batch of accepted articles in input order.
///
/// Rejections are reported on stderr and written to the rejects file; with `--strict`
/// the first one ends the run.
pub fn for_each_batch(
    args: &InputArgs,
    mut handle: impl FnMut(Vec<Article>) -> anyhow::Result<()>,
) -> anyhow::Result<ReadReport> {
    let options = ReadOptions::with_max_record_bytes(args.max_record_bytes);
    let mut corpus = Corpus::open(&args.inputs, options).context("cannot open the input")?;
    let mut rejects = RejectsWriter::new(&args.rejects);
    let progress = progress_bar(corpus.total_bytes(), args.quiet);
    let mut summary = Summary::default();
    let mut outcome = Outcome::Success;
    let mut batch = Vec::with_capacity(BATCH);
    while let Some(item) = corpus.next() {
        summary.read += 1;
        match item {
            Ok(article) => batch.push(article),
            Err(rejection) => {
                summary.rejected += 1;
                progress.suspend(|| eprintln!("kilde: rejected: {rejection}"));
                rejects
                    .write(&rejection)
                    .context("cannot write the rejects file")?;
                if args.strict {
                    outcome = Outcome::Stopped;
                    break;
                }
                outcome = Outcome::Rejected;
            }
        }
        if batch.len() == BATCH {
            summary.accepted += batch.len() as u64;
            handle(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)))?;
            progress.set_position(corpus.bytes_read());
        }
    }
    if outcome != Outcome::Stopped && !batch.is_empty() {
        summary.accepted += batch.len() as u64;
        handle(batch)?;
    }
    progress.finish_and_clear();
    if summary.rejected > 0 {
        eprintln!(
            "kilde: {} rejected record(s) written to {}",
            summary.rejected,
            args.rejects.display()
        );
    }
    Ok(ReadReport { summary, outcome })
}

fn progress_bar(total: Option<u64>, quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = match total {
        Some(total) => ProgressBar::new(total).with_style(
            ProgressStyle::with_template(
                "{bar:40} {binary_bytes}/{binary_total_bytes} {binary_bytes_per_sec} eta {eta}",
            )
            .expect("the template is valid"),
        ),
        None => ProgressBar::new_spinner().with_style(
            ProgressStyle::with_template("{spinner} {binary_bytes} {binary_bytes_per_sec}")
                .expect("the template is valid"),
        ),
    };
    bar.set_draw_target(ProgressDrawTarget::stderr_with_hz(4));
    bar
}
