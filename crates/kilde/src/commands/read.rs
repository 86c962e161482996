//! The read loop every corpus command shares: stream articles in batches, record
//! rejections, show progress, and say how the run ended.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

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
    let mut progress = Progress::new(corpus.total_bytes(), args.quiet);
    let mut summary = Summary::default();
    let mut outcome = Outcome::Success;
    let mut batch = Vec::with_capacity(BATCH);
    while let Some(item) = corpus.next() {
        summary.read += 1;
        match item {
            Ok(article) => batch.push(article),
            Err(rejection) => {
                summary.rejected += 1;
                progress
                    .bar
                    .suspend(|| eprintln!("kilde: rejected: {rejection}"));
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
            progress.update(summary.accepted, corpus.bytes_read());
        }
    }
    if outcome != Outcome::Stopped && !batch.is_empty() {
        summary.accepted += batch.len() as u64;
        handle(batch)?;
    }
    progress.bar.finish_and_clear();
    if summary.rejected > 0 {
        eprintln!(
            "kilde: {} rejected record(s) written to {}",
            summary.rejected,
            args.rejects.display()
        );
    }
    Ok(ReadReport { summary, outcome })
}

/// Progress on stderr: a bar with articles/s and MB/s on a terminal; when stderr
/// is a file or pipe, a plain line every ten seconds, so logs show a long run moving.
struct Progress {
    bar: ProgressBar,
    plain: bool,
    started: Instant,
    last_line: Instant,
}

impl Progress {
    const LINE_EVERY: Duration = Duration::from_secs(10);

    fn new(total: Option<u64>, quiet: bool) -> Progress {
        let terminal = std::io::stderr().is_terminal();
        Progress {
            bar: if quiet || !terminal {
                ProgressBar::hidden()
            } else {
                progress_bar(total)
            },
            plain: !quiet && !terminal,
            started: Instant::now(),
            last_line: Instant::now(),
        }
    }

    fn update(&mut self, articles: u64, bytes: u64) {
        let seconds = self.started.elapsed().as_secs_f64().max(1e-9);
        let rate = format!(
            "{:.0} articles/s, {:.1} MB/s",
            articles as f64 / seconds,
            bytes as f64 / 1e6 / seconds
        );
        if self.plain {
            if self.last_line.elapsed() >= Self::LINE_EVERY {
                self.last_line = Instant::now();
                eprintln!(
                    "kilde: {articles} articles, {:.1} MB read in {seconds:.0} s ({rate})",
                    bytes as f64 / 1e6
                );
            }
        } else {
            self.bar.set_position(bytes);
            self.bar.set_message(format!("{articles} articles, {rate}"));
        }
    }
}

fn progress_bar(total: Option<u64>) -> ProgressBar {
    let bar = match total {
        Some(total) => ProgressBar::new(total).with_style(
            ProgressStyle::with_template(
                "{bar:30} {binary_bytes}/{binary_total_bytes} eta {eta}  {msg}",
            )
            .expect("the template is valid"),
        ),
        None => ProgressBar::new_spinner().with_style(
            ProgressStyle::with_template("{spinner} {binary_bytes}  {msg}")
                .expect("the template is valid"),
        ),
    };
    bar.set_draw_target(ProgressDrawTarget::stderr_with_hz(4));
    bar
}
