//! `kilde serve`: the HTTP API and web UI over an index, until Ctrl-C or SIGTERM.

use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use kilde_core::{AnalysisRecord, Article};
use kilde_search::{KildeIndex, Writer};
use kilde_serve::{AppState, IngestSummary};
use rayon::prelude::*;

use super::Outcome;
use crate::cli::ServerArgs;

pub fn run(index: &Path, server: &ServerArgs) -> anyhow::Result<Outcome> {
    init_logs();
    if !server.addr.ip().is_loopback() && !server.public {
        anyhow::bail!(
            "{} is not a loopback address: pass --public to serve the index to the network",
            server.addr
        );
    }
    let mut index = KildeIndex::open(index)?;
    index.keep_decoded_columns();
    let index = Arc::new(index);
    let pipeline = Arc::new(super::pipeline());
    let analyzer = {
        let pipeline = Arc::clone(&pipeline);
        Arc::new(move |article: &Article| {
            let doc = pipeline.analyze(article);
            serde_json::to_value(AnalysisRecord::new(article, &doc))
                .expect("an analysis record always serializes")
        })
    };
    let mut state = AppState::new(Arc::clone(&index), analyzer);
    if let Some(token) = &server.ingest_token {
        let index = Arc::clone(&index);
        let ingest = Arc::new(move |articles: Vec<Article>| {
            ingest(&index, &pipeline, articles).map_err(|e| format!("{e:#}"))
        });
        state = state.with_ingest(token.clone(), ingest);
    }
    // Searches run on blocking threads. They are CPU-bound, so more threads than a
    // few per core only add memory (each keeps its allocator cache) and contention:
    // extra requests wait in the queue instead.
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(2 * cores.max(2))
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(server.addr)
            .await
            .with_context(|| format!("cannot listen on {}", server.addr))?;
        let addr = listener.local_addr()?;
        // The one line a user (or a test) waits for: where to point the browser.
        println!(
            "kilde: serving {} articles at http://{addr}/",
            index.num_articles()
        );
        kilde_serve::serve(listener, state, kilde_serve::shutdown_signal()).await?;
        anyhow::Ok(())
    })?;
    Ok(Outcome::Success)
}

/// Adds the articles not yet indexed, as `kilde ingest` does, and commits.
fn ingest(
    index: &KildeIndex,
    pipeline: &kilde_nlp::Pipeline,
    articles: Vec<Article>,
) -> anyhow::Result<IngestSummary> {
    let mut writer = Writer::new(index, rayon::current_num_threads())?;
    let mut fresh = Vec::with_capacity(articles.len());
    let mut skipped = 0;
    for article in articles {
        if writer.claim(&article.id)? {
            fresh.push(article);
        } else {
            skipped += 1;
        }
    }
    writer.learn(fresh.iter().map(|a| a.text.as_str()));
    let documents: Vec<_> = fresh
        .par_iter()
        .map(|a| writer.document(a, &pipeline.analyze(a)))
        .collect();
    let added = documents.len() as u64;
    for document in documents {
        writer.add(document)?;
    }
    writer.finish()?;
    Ok(IngestSummary { added, skipped })
}

/// Request logs on stderr; `RUST_LOG` overrides the default level (info).
fn init_logs() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}
