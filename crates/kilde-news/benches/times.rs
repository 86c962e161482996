//! The time tagger on the demo corpus, next to the tokenizer it runs after.
//!
//! `cargo bench -p kilde-news --bench times`

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use kilde_core::{Article, Doc};
use kilde_news::times::TimeTagger;
use kilde_nlp::{Component, Pipeline};

/// The demo articles (`examples/demo/*.txt`), split on their `date` lines.
fn demo_articles() -> Vec<Article> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/demo");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("the demo corpus is in the repository")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    let mut articles = Vec::new();
    for path in paths {
        let text = std::fs::read_to_string(&path).expect("demo files are UTF-8");
        for chunk in text
            .split("\ndate ")
            .map(|c| c.trim_start().trim_start_matches("date "))
        {
            let Some((date, body)) = chunk.split_once(' ') else {
                continue;
            };
            let Ok(date) = date.parse() else { continue };
            let body: Vec<&str> = body
                .lines()
                .filter(|l| {
                    !l.trim()
                        .to_lowercase()
                        .trim_matches('/')
                        .starts_with("ritzau")
                })
                .collect();
            articles.push(Article::new(date, body.join("\n")));
        }
    }
    articles
}

fn bench(c: &mut Criterion) {
    let articles = demo_articles();
    assert!(articles.len() >= 40, "demo corpus not found");
    let pipeline = Pipeline::danish();
    let docs: Vec<Doc> = articles.iter().map(|a| pipeline.analyze(a)).collect();
    let bytes: usize = articles.iter().map(|a| a.text.len()).sum();

    let mut group = c.benchmark_group("demo corpus");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("tokenize", |b| {
        b.iter(|| {
            let mut n = 0;
            for a in &articles {
                n += kilde_nlp::tokenize(black_box(&a.text)).len();
            }
            assert!(n > 10_000);
            n
        })
    });
    group.bench_function("tokens+sentences", |b| {
        b.iter(|| {
            let mut n = 0;
            for a in &articles {
                n += pipeline.analyze(black_box(a)).sentences.len();
            }
            assert!(n > 500);
            n
        })
    });
    group.bench_function("times", |b| {
        let mut scratch: Vec<Doc> = docs.clone();
        b.iter(|| {
            let mut found = 0;
            for (a, doc) in articles.iter().zip(scratch.iter_mut()) {
                TimeTagger.process(black_box(a), doc);
                found += doc.times.len();
            }
            assert!(found > 100, "only {found} time expressions found");
            found
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
