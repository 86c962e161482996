//! Trains the sentence-boundary model from CoNLL-U-like files with `# text` lines.
//!
//! ```text
//! cargo run --release -p kilde-nlp --example train_boundaries -- \
//!     ../shared/data/uner-danish-ddt/da_ddt-ud-train.iob2 crates/kilde-nlp/model/boundary.bin [EPOCHS]
//! ```
//!
//! Only the `# text` lines are read: the sentences are joined with single spaces
//! (as the CoNLL 2018 evaluation does), so every join is a gold boundary.
//! Training is deterministic; the same input writes the same bytes.

use kilde_nlp::boundary;

fn main() {
    let mut args = std::env::args().skip(1);
    let input = args
        .next()
        .expect("usage: train_boundaries TRAIN OUT [EPOCHS] [MIN_ABS]");
    let out = args
        .next()
        .expect("usage: train_boundaries TRAIN OUT [EPOCHS] [MIN_ABS]");
    let epochs: usize = args
        .next()
        .map_or(8, |s| s.parse().expect("EPOCHS is a number"));
    let min_abs: f32 = args
        .next()
        .map_or(0.05, |s| s.parse().expect("MIN_ABS is a number"));
    let data = std::fs::read_to_string(&input).expect("readable training file");
    let mut text = String::new();
    let mut starts = Vec::new();
    for line in data.lines() {
        if let Some(sentence) = line.strip_prefix("# text = ") {
            if !text.is_empty() {
                text.push(' ');
            }
            starts.push(text.len());
            text.push_str(sentence.trim());
        }
    }
    eprintln!("{} sentences, {} bytes", starts.len(), text.len());
    let model = boundary::train(&text, &starts, epochs);
    let bytes = model.to_bytes(min_abs);
    let reloaded = kilde_nlp::BoundaryModel::from_bytes(&bytes).expect("round trip");
    // Training-set fit, with the pruned weights and the model's own decisions.
    let tokens = kilde_nlp::tokenize(&text);
    let para = [kilde_core::Span::new(0, text.len())];
    let sentences = kilde_nlp::split_sentences_with(&reloaded, &text, &tokens, &para);
    let predicted: std::collections::HashSet<usize> =
        sentences.iter().map(|s| s.span.start).collect();
    let hits = starts.iter().filter(|s| predicted.contains(s)).count();
    eprintln!(
        "train: {} predicted, {} gold, {} correct starts; {} weights kept, {} bytes",
        predicted.len(),
        starts.len(),
        hits,
        (bytes.len() - 16) / 8,
        bytes.len()
    );
    std::fs::write(&out, bytes).expect("writable output");
}
