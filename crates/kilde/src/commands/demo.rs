//! `kilde demo`: the main job on the bundled demo corpus, summarised for people.

use std::collections::BTreeMap;
use std::time::Instant;

use kilde_core::ArticleDate;
use rayon::prelude::*;

use super::{Outcome, read};
use crate::cli::{DemoArgs, InputArgs};

/// Totals gathered over the corpus.
#[derive(Default)]
struct Totals {
    bytes: usize,
    paragraphs: usize,
    sentences: usize,
    tokens: usize,
    first: Option<ArticleDate>,
    last: Option<ArticleDate>,
    sources: BTreeMap<String, usize>,
    sample: Option<String>,
}

pub fn run(args: DemoArgs) -> anyhow::Result<Outcome> {
    if !args.corpus.exists() {
        anyhow::bail!(
            "no demo corpus at {} (run from the repository root, or pass --corpus DIR)",
            args.corpus.display()
        );
    }
    let input = InputArgs {
        inputs: vec![args.corpus.clone()],
        strict: false,
        rejects: std::env::temp_dir().join("kilde-demo-rejects.jsonl"),
        max_record_bytes: 16 * 1024 * 1024,
        threads: None,
        quiet: true,
    };
    let pipeline = super::pipeline();
    let started = Instant::now();
    let mut totals = Totals::default();
    let report = read::for_each_batch(&input, |batch| {
        let docs: Vec<_> = batch.par_iter().map(|a| pipeline.analyze(a)).collect();
        for (article, doc) in batch.iter().zip(&docs) {
            totals.bytes += article.text.len();
            totals.paragraphs += article.paragraphs.len();
            totals.sentences += doc.sentences.len();
            totals.tokens += doc.tokens.len();
            if let Some(date) = article.date {
                totals.first = Some(totals.first.map_or(date, |d| d.min(date)));
                totals.last = Some(totals.last.map_or(date, |d| d.max(date)));
            }
            for source in &article.sources {
                *totals.sources.entry(source.clone()).or_default() += 1;
            }
            if totals.sample.is_none() {
                totals.sample = Some(super::analyze::pretty(article, doc));
            }
        }
        Ok(())
    })?;
    let seconds = started.elapsed().as_secs_f64();
    let summary = &report.summary;
    let range = |d: Option<ArticleDate>| d.map_or("-".to_string(), |d| d.to_string());
    println!("kilde demo: {}", args.corpus.display());
    println!(
        "  articles    {} read, {} accepted, {} rejected",
        summary.read, summary.accepted, summary.rejected
    );
    println!(
        "  dates       {} to {}",
        range(totals.first),
        range(totals.last)
    );
    println!(
        "  text        {} paragraphs, {} sentences, {} tokens ({:.1} KiB)",
        totals.paragraphs,
        totals.sentences,
        totals.tokens,
        totals.bytes as f64 / 1024.0
    );
    let sources: Vec<String> = totals
        .sources
        .iter()
        .map(|(s, n)| format!("{s} ×{n}"))
        .collect();
    println!(
        "  sources     {}",
        if sources.is_empty() {
            "-".into()
        } else {
            sources.join(", ")
        }
    );
    println!("  time        {:.1} ms", seconds * 1000.0);
    if let Some(sample) = totals.sample {
        println!("\nThe first article, as `kilde analyze --format pretty` shows it:\n");
        print!("{sample}");
    }
    if args.no_serve {
        return Ok(report.outcome);
    }
    // Then the whole product: the demo corpus indexed (idempotently) and served.
    let index = kilde_search::KildeIndex::open_or_create(&args.index)?;
    let (_, added, _) = super::ingest::ingest(&index, &input, usize::MAX)?;
    println!(
        "\nIndexed {added} new article(s) into {} ({} in all). Search it:",
        args.index.display(),
        index.num_articles()
    );
    println!("  kilde search storm --index {}", args.index.display());
    drop(index);
    super::serve::run(&args.index, &args.server)
}
