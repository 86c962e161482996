//! NER tagging throughput on one core: features, scoring and Viterbi decoding with the
//! embedded model, over the UNER Danish-DDT dev sentences (gold tokens) when
//! `../shared/data` is beside the repository, else over kilde's own test sentences.
//!
//! `NER_PASSES=N cargo bench -p kilde-models --bench ner` skips criterion and tags the
//! text N times, for instruction counts: run it under `valgrind --tool=callgrind` with two
//! values of N and divide the difference by the difference in tokens it prints.
use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, Throughput, criterion_group};
use kilde_core::{Sentence, Span};
use kilde_models::iob2::{parse_iob2, read_iob2};
use kilde_models::ner::{Label, NerModel, NerScratch};

/// One text with tokens and sentences, as the pipeline hands them over.
fn corpus() -> (String, Vec<Span>, Vec<Sentence>, usize) {
    let dev = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/uner-danish-ddt/da_ddt-ud-dev.iob2");
    let sentences = match read_iob2(&dev, &Label::PRIMARY) {
        Ok(s) => s,
        Err(_) => {
            eprintln!("{} not found: using the test fixture", dev.display());
            let mini = parse_iob2(include_str!("../tests/fixtures/mini.iob2"), &Label::PRIMARY)
                .expect("fixture parses");
            mini.iter().cycle().take(500).cloned().collect()
        }
    };
    let (mut text, mut tokens, mut sents, mut gold) = (String::new(), Vec::new(), Vec::new(), 0);
    for s in &sentences {
        let first = tokens.len();
        let start = text.len();
        for w in &s.words {
            if !text.is_empty() {
                text.push(' ');
            }
            tokens.push(Span::new(text.len(), text.len() + w.len()));
            text.push_str(w);
        }
        sents.push(Sentence {
            span: Span::new(start, text.len()),
            tokens: first..tokens.len(),
        });
        gold += s.entities.len();
    }
    (text, tokens, sents, gold)
}

fn bench(c: &mut Criterion) {
    let (text, tokens, sentences, gold) = corpus();
    let model = NerModel::embedded();
    let mut scratch = NerScratch::default();
    let mut out = Vec::new();
    let mut group = c.benchmark_group("ner");
    group.throughput(Throughput::Elements(tokens.len() as u64));
    group.bench_function("predict_dev", |b| {
        b.iter(|| {
            out.clear();
            model.predict_into(
                black_box(&text),
                &tokens,
                &sentences,
                &mut scratch,
                &mut out,
            );
            // The work happened: about as many entities as the gold standard has.
            assert!(
                out.len() * 2 > gold && out.len() < gold * 2,
                "{} vs {gold}",
                out.len()
            );
            black_box(out.len())
        })
    });
    group.finish();
}

criterion_group!(benches, bench);

fn main() {
    let Some(passes) = std::env::var("NER_PASSES")
        .ok()
        .and_then(|p| p.parse::<usize>().ok())
    else {
        benches();
        Criterion::default().configure_from_args().final_summary();
        return;
    };
    let (text, tokens, sentences, _) = corpus();
    let model = NerModel::embedded();
    let mut scratch = NerScratch::default();
    let mut out = Vec::new();
    for _ in 0..passes {
        out.clear();
        model.predict_into(&text, &tokens, &sentences, &mut scratch, &mut out);
    }
    println!(
        "{} tokens tagged, {} entities per pass",
        passes * tokens.len(),
        out.len()
    );
}
