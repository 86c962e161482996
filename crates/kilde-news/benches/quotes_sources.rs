//! Quote and source extraction on the demo corpus, next to the analysis they run
//! after (tokens, sentences, entity linking), to check that they stay a small
//! share of `kilde analyze`.
//!
//! `cargo bench -p kilde-news --bench quotes_sources`

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use kilde_core::{Article, Doc};
use kilde_ingest::{Corpus, ReadOptions};
use kilde_news::entities::EntityLinker;
use kilde_news::quotes::QuoteExtractor;
use kilde_news::sources::SourceExtractor;
use kilde_nlp::{Component, Pipeline};

/// The demo articles (`examples/demo/*.txt`), read with the real reader.
fn demo_articles() -> Vec<Article> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/demo");
    Corpus::open(&[dir], ReadOptions::default())
        .expect("the demo corpus is in the repository")
        .filter_map(Result::ok)
        .collect()
}

fn bench(c: &mut Criterion) {
    let articles = demo_articles();
    let bytes: usize = articles.iter().map(|a| a.text.len()).sum();
    let base = Pipeline::danish().with(EntityLinker);
    let docs: Vec<Doc> = articles.iter().map(|a| base.analyze(a)).collect();

    let mut group = c.benchmark_group("demo corpus");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("tokens + sentences + linking", |b| {
        b.iter(|| {
            let n: usize = articles
                .iter()
                .map(|a| base.analyze(black_box(a)).tokens.len())
                .sum();
            assert!(n > 10_000, "the corpus was analysed");
        })
    });
    group.bench_function("quotes + sources", |b| {
        b.iter(|| {
            let mut found = 0;
            for (article, doc) in articles.iter().zip(&docs) {
                let mut doc = doc.clone();
                QuoteExtractor.process(black_box(article), &mut doc);
                SourceExtractor.process(article, &mut doc);
                found += doc.quotes.len() + doc.cited_sources.len();
            }
            assert!(found > 100, "quotes and sources were found");
        })
    });
    group.bench_function("clone only (subtract from the line above)", |b| {
        b.iter(|| {
            let n: usize = docs.iter().map(|d| black_box(d.clone()).tokens.len()).sum();
            assert!(n > 0);
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
