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

/// One line of a benchmark query file: engine-neutral, so every peer runs the same set.
#[derive(Debug, serde::Deserialize)]
struct BenchQuery {
    #[serde(default)]
    id: String,
    kind: String,
    terms: Vec<String>,
    #[serde(default)]
    from: Option<String>,
    #[serde(default)]
    to: Option<String>,
    #[serde(default)]
    source: Option<String>,
    /// Which facets to count (`["month", "source"]`), as the peers do.
    #[serde(default)]
    facet: Option<Vec<String>>,
}

impl BenchQuery {
    fn request(&self) -> kilde_search::Result<kilde_search::SearchRequest> {
        let words = self.terms.join(" ");
        let query = if self.kind == "phrase" {
            format!("\"{words}\"")
        } else {
            words
        };
        let mut request = kilde_search::SearchRequest::new(query, 10);
        request.filters.from = self.from.clone();
        request.filters.to = self.to.clone();
        request.filters.sources = self.source.iter().cloned().collect();
        if let Some(names) = &self.facet {
            request.facets = kilde_search::FacetSet::parse(&names.join(","))?;
        }
        Ok(request)
    }
}

/// `kilde bench search`: latency of every query of a fixed file on an index, one
/// client, after a warm-up pass; p50/p99 per kind and overall.
///
/// Each query runs twice per pass: as the peers answer it (the ids of the top 10,
/// the total, the facets asked for: `queries`) and as a user sees it, with
/// highlighted snippets (`queries_with_snippets`).
pub fn search(args: crate::cli::BenchSearchArgs) -> anyhow::Result<Outcome> {
    let mut index = kilde_search::KildeIndex::open(&args.index)?;
    // Measured as `kilde serve` answers: a long-lived process.
    index.keep_decoded_columns();
    if let Some(threads) = args.threads {
        index.set_search_threads(threads)?;
    }
    let text = std::fs::read_to_string(&args.queries)
        .with_context(|| format!("cannot read {}", args.queries.display()))?;
    let queries: Vec<BenchQuery> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| {
            serde_json::from_str(l)
                .with_context(|| format!("{}:{}: not a query", args.queries.display(), n + 1))
        })
        .collect::<anyhow::Result<_>>()?;
    let requests: Vec<_> = queries
        .iter()
        .map(BenchQuery::request)
        .collect::<kilde_search::Result<_>>()?;
    type Latencies<'q> = std::collections::BTreeMap<&'q str, Vec<f64>>;
    let (mut bare, mut full) = (Latencies::new(), Latencies::new());
    let mut per_query = vec![Vec::new(); queries.len()];
    let mut hits = 0usize;
    for pass in 0..args.runs.max(2) {
        for ((query, request), times) in queries.iter().zip(&requests).zip(&mut per_query) {
            for (snippets, latencies) in [(false, &mut bare), (true, &mut full)] {
                let request = kilde_search::SearchRequest {
                    snippets,
                    ..request.clone()
                };
                let t0 = Instant::now();
                let results = index.search(&request)?;
                let ms = t0.elapsed().as_secs_f64() * 1e3;
                if pass > 0 {
                    latencies.entry(query.kind.as_str()).or_default().push(ms);
                    latencies.entry("all").or_default().push(ms);
                    hits += results.hits.len();
                    if !snippets {
                        times.push(ms);
                    }
                }
            }
        }
    }
    let stats = |latencies: Latencies| -> serde_json::Map<String, serde_json::Value> {
        latencies
            .into_iter()
            .map(|(kind, mut ms)| {
                ms.sort_by(f64::total_cmp);
                let pct = |p: f64| ms[((ms.len() - 1) as f64 * p).round() as usize];
                let value = json!({"n": ms.len(), "p50_ms": round3(pct(0.5)), "p99_ms": round3(pct(0.99)), "max_ms": round3(pct(1.0))});
                (kind.to_string(), value)
            })
            .collect()
    };
    // The queries that make the tail: slowest by their median over the passes.
    let mut slowest: Vec<(f64, &BenchQuery)> = per_query
        .iter_mut()
        .zip(&queries)
        .map(|(ms, query)| {
            ms.sort_by(f64::total_cmp);
            (ms[ms.len() / 2], query)
        })
        .collect();
    slowest.sort_by(|a, b| b.0.total_cmp(&a.0));
    let slowest: Vec<_> = slowest
        .iter()
        .take(10)
        .map(|(ms, q)| json!({"id": q.id, "kind": q.kind, "terms": q.terms, "median_ms": round3(*ms)}))
        .collect();
    let index_bytes: u64 = walkdir_size(&args.index);
    println!(
        "{}",
        json!({
            "engine": "kilde",
            "articles": index.num_articles(),
            "search_threads": args.threads,
            "index_bytes": index_bytes,
            "queries": stats(bare),
            "queries_with_snippets": stats(full),
            "slowest": slowest,
            "hits_returned": hits,
        })
    );
    Ok(Outcome::Success)
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Bytes of all files directly in `dir` (an index directory is flat).
fn walkdir_size(dir: &std::path::Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|e| e.metadata().ok())
                .filter(|m| m.is_file())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}
