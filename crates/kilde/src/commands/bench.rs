//! `kilde bench`: whole-process throughput figures for the `bench/` scripts.
//!
//! Each prints one JSON object with the median of `--runs` timed runs, so a script
//! can compare kilde with a peer measured in the same run on the same text.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use kilde_core::Article;
use kilde_ingest::{Corpus, ReadOptions};
use rayon::prelude::*;
use serde_json::json;

use super::Outcome;
use crate::cli::BenchArgs;

/// Reading and parsing: every run opens the corpus anew and reads it to the end.
pub fn read(args: BenchArgs) -> anyhow::Result<Outcome> {
    let mut seconds = Vec::new();
    let (mut articles, mut bytes) = (0, 0);
    for _ in 0..args.runs.max(1) {
        let started = Instant::now();
        let mut corpus = open(&args.input)?;
        articles = corpus.by_ref().filter(Result::is_ok).count();
        bytes = corpus.bytes_read();
        seconds.push(started.elapsed().as_secs_f64());
    }
    report(
        "read",
        &args,
        articles,
        bytes as usize,
        &mut seconds,
        json!({}),
    )
}

/// Tokens and sentences of articles already in memory, on `--threads` workers.
pub fn tokens(args: BenchArgs) -> anyhow::Result<Outcome> {
    analysis("tokens", kilde_nlp::Pipeline::danish(), args)
}

/// The whole analysis `kilde analyze` runs (tokens, sentences, NER, entities,
/// quotes, sources, times), without serialization.
pub fn analyze(args: BenchArgs) -> anyhow::Result<Outcome> {
    if args.without_news {
        analysis("analyze-without-news", super::entity_pipeline(), args)
    } else {
        analysis("analyze", super::pipeline(), args)
    }
}

fn analysis(what: &str, pipeline: kilde_nlp::Pipeline, args: BenchArgs) -> anyhow::Result<Outcome> {
    let articles: Vec<Article> = open(&args.input)?.filter_map(Result::ok).collect();
    let bytes: usize = articles.iter().map(|a| a.text.len()).sum();
    let pool = super::thread_pool(Some(args.threads))?;
    let mut seconds = Vec::new();
    let (mut tokens, mut sentences) = (0, 0);
    for _ in 0..args.runs.max(1) {
        let started = Instant::now();
        (tokens, sentences) = pool.install(|| {
            articles
                .par_iter()
                .map(|a| {
                    let doc = pipeline.analyze(a);
                    (doc.tokens.len(), doc.sentences.len())
                })
                .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1))
        });
        seconds.push(started.elapsed().as_secs_f64());
    }
    anyhow::ensure!(
        tokens > 0,
        "no tokens: the corpus at {} is empty",
        args.input.display()
    );
    let extra = json!({"tokens": tokens, "sentences": sentences, "threads": args.threads, "pipeline": pipeline.names()});
    report(what, &args, articles.len(), bytes, &mut seconds, extra)
}

fn open(path: &PathBuf) -> anyhow::Result<Corpus> {
    Corpus::open(std::slice::from_ref(path), ReadOptions::default())
        .with_context(|| format!("cannot open {}", path.display()))
}

fn report(
    what: &str,
    args: &BenchArgs,
    articles: usize,
    bytes: usize,
    seconds: &mut [f64],
    extra: serde_json::Value,
) -> anyhow::Result<Outcome> {
    seconds.sort_by(f64::total_cmp);
    let median = seconds[seconds.len() / 2];
    let mut out = json!({
        "bench": what,
        "input": args.input,
        "runs": seconds.len(),
        "articles": articles,
        "bytes": bytes,
        "median_seconds": median,
        "mb_per_s": bytes as f64 / 1e6 / median,
        "seconds": seconds,
    });
    if let (Some(out), Some(extra)) = (out.as_object_mut(), extra.as_object()) {
        out.extend(extra.clone());
    }
    println!("{out}");
    Ok(Outcome::Success)
}
