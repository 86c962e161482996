//! Trains the sentence-boundary model from files with `# text` lines (CoNLL-U or
//! the UNER `.iob2` files).
//!
//! ```text
//! cargo run --release -p kilde-nlp --example train_boundaries -- \
//!     ../shared/data/uner-danish-ddt/da_ddt-ud-train.iob2 crates/kilde-nlp/model/boundary.bin \
//!     --dev ../shared/data/ud-danish-ddt/da_ddt-ud-dev.conllu
//! ```
//!
//! Only the `# text` lines are read: the sentences are joined with single spaces,
//! as the CoNLL 2018 evaluation does, so every join is a gold boundary. Training is
//! deterministic: the same input writes the same bytes. `--dev` reports sentence
//! F1 on a development file (never pass a test file).

use kilde_core::Span;
use kilde_nlp::{BoundaryModel, boundary, split_sentences_with, tokenize};

/// Sentences joined by single spaces, and their spans.
fn read_stream(path: &str) -> (String, Vec<Span>) {
    let data = std::fs::read_to_string(path).expect("readable file");
    let mut text = String::new();
    let mut spans = Vec::new();
    for line in data.lines() {
        if let Some(sentence) = line.strip_prefix("# text = ") {
            if !text.is_empty() {
                text.push(' ');
            }
            let start = text.len();
            text.push_str(sentence.trim());
            spans.push(Span::new(start, text.len()));
        }
    }
    (text, spans)
}

/// Sentence-span F1 of `model` on a stream.
fn sentence_f1(model: &BoundaryModel, text: &str, gold: &[Span]) -> (f64, usize, usize) {
    let tokens = tokenize(text);
    let para = [Span::new(0, text.len())];
    let predicted: std::collections::HashSet<Span> =
        split_sentences_with(model, text, &tokens, &para)
            .iter()
            .map(|s| s.span)
            .collect();
    let tp = gold.iter().filter(|s| predicted.contains(s)).count();
    let f1 = 2.0 * tp as f64 / (predicted.len() + gold.len()) as f64;
    (100.0 * f1, predicted.len() - tp, gold.len() - tp)
}

fn main() {
    let usage =
        "usage: train_boundaries TRAIN OUT [--epochs N] [--min-abs X] [--min-count N] [--dev FILE]";
    let mut args = std::env::args().skip(1);
    let input = args.next().expect(usage);
    let out = args.next().expect(usage);
    let (mut epochs, mut min_abs, mut min_count, mut dev) = (8usize, 0.5f32, 1u32, None);
    while let Some(flag) = args.next() {
        let value = args.next().expect(usage);
        match flag.as_str() {
            "--epochs" => epochs = value.parse().expect("a number"),
            "--min-abs" => min_abs = value.parse().expect("a number"),
            "--min-count" => min_count = value.parse().expect("a number"),
            "--dev" => dev = Some(value),
            _ => panic!("{usage}"),
        }
    }
    let (text, gold) = read_stream(&input);
    let starts: Vec<usize> = gold.iter().map(|s| s.start).collect();
    eprintln!("{} sentences, {} bytes", starts.len(), text.len());
    let model = boundary::train(&text, &starts, epochs, min_count);
    let bytes = model.to_bytes(min_abs);
    let model = BoundaryModel::from_bytes(&bytes).expect("round trip");
    let (f1, fp, fn_) = sentence_f1(&model, &text, &gold);
    eprintln!(
        "train sentence F1 {f1:.2} (fp {fp}, fn {fn_}); {} weights kept, {} bytes",
        (bytes.len() - 16 - 4 - (1 << boundary::LEXICON_BITS) / 8) / 8,
        bytes.len()
    );
    if let Some(dev) = dev {
        let (text, gold) = read_stream(&dev);
        let (f1, fp, fn_) = sentence_f1(&model, &text, &gold);
        eprintln!("dev sentence F1 {f1:.2} (fp {fp}, fn {fn_})");
    }
    std::fs::write(&out, bytes).expect("writable output");
}
