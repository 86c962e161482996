//! Tokenizer + sentence splitter throughput on real Danish text.
//!
//! The corpus is built at bench time from the `# text` lines of the UNER Danish
//! train file in `../shared/data` (relative to the repository root), repeated to a
//! few MB and cut into paragraphs of eight sentences; the bench is skipped with a
//! message when that directory is missing.

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use kilde_core::paragraph_spans;

fn corpus() -> Option<String> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/uner-danish-ddt/da_ddt-ud-train.iob2");
    let data = std::fs::read_to_string(&path).ok()?;
    let sentences: Vec<&str> = data
        .lines()
        .filter_map(|l| l.strip_prefix("# text = "))
        .collect();
    let mut text = String::new();
    while text.len() < 4_000_000 {
        for (k, s) in sentences.iter().enumerate() {
            text.push_str(s);
            text.push_str(if k % 8 == 7 { "\n\n" } else { " " });
        }
    }
    Some(text)
}

fn bench(c: &mut Criterion) {
    let Some(text) = corpus() else {
        eprintln!("skipping tokenize bench: ../shared/data/uner-danish-ddt not found");
        return;
    };
    let paragraphs = paragraph_spans(&text);
    let mut group = c.benchmark_group("danish");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(20);
    group.bench_function("tokenize", |b| {
        b.iter(|| {
            let tokens = kilde_nlp::tokenize(black_box(&text));
            assert!(!tokens.is_empty());
            tokens
        })
    });
    group.bench_function("tokenize+sentences", |b| {
        b.iter(|| {
            let tokens = kilde_nlp::tokenize(black_box(&text));
            let sentences = kilde_nlp::split_sentences(&text, &tokens, &paragraphs);
            assert!(!tokens.is_empty() && !sentences.is_empty());
            sentences.len()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
