//! Trains the sentence-boundary model from files with `# text` lines (CoNLL-U or
//! the UNER `.iob2` files).
//!
//! ```text
//! cargo run --release -p kilde-nlp --example train_boundaries -- \
//!     ../shared/data/uner-danish-ddt/da_ddt-ud-train.iob2 crates/kilde-nlp/model/boundary.bin \
//!     --dev ../shared/data/ud-danish-ddt/da_ddt-ud-dev.conllu
//! ```
//!
//! The sentences of the `# text` lines are joined with single spaces, as the CoNLL
//! 2018 evaluation does, so every join is a gold boundary; the IOB2 tags of the
//! UNER files mark the name tokens the lexicon learns names from. Training is
//! deterministic: the same input writes the same bytes. `--dev` reports sentence
//! F1 on a development file (never pass a test file), and `--errors` also lists
//! each wrong boundary there with its context.

use kilde_core::Span;
use kilde_nlp::{BoundaryModel, boundary, split_sentences_with, tokenize};

/// Sentences joined by single spaces, their spans, and the start offsets of the
/// tokens the file tags as part of a named entity (IOB2 tag in column 3, as in
/// the UNER files; none for CoNLL-U).
fn read_stream(path: &str) -> (String, Vec<Span>, Vec<usize>) {
    let data = std::fs::read_to_string(path).expect("readable file");
    let mut text = String::new();
    let mut spans = Vec::new();
    let mut names = Vec::new();
    // How far the current sentence's tokens are aligned in `text`.
    let mut pos = 0;
    for line in data.lines() {
        if let Some(sentence) = line.strip_prefix("# text = ") {
            if !text.is_empty() {
                text.push(' ');
            }
            pos = text.len();
            text.push_str(sentence.trim());
            spans.push(Span::new(pos, text.len()));
        } else if let [_, form, tag, ..] = line.split('\t').collect::<Vec<_>>()[..] {
            let Some(at) = text[pos..].find(form) else {
                continue;
            };
            pos += at;
            let entity = (tag.starts_with("B-") || tag.starts_with("I-"))
                && tag.len() > 2
                && tag[2..].bytes().all(|b| b.is_ascii_uppercase());
            if entity {
                names.push(pos);
            }
            pos += form.len();
        }
    }
    (text, spans, names)
}

/// Sentence-span F1 of `model` on a stream; with `show`, prints each wrong
/// boundary with its context to stderr.
fn sentence_f1(
    model: &BoundaryModel,
    text: &str,
    gold: &[Span],
    show: bool,
) -> (f64, usize, usize) {
    let tokens = tokenize(text);
    let para = [Span::new(0, text.len())];
    let predicted: std::collections::HashSet<Span> =
        split_sentences_with(model, text, &tokens, &para)
            .iter()
            .map(|s| s.span)
            .collect();
    if show {
        let ends = |spans: &mut dyn Iterator<Item = Span>| {
            spans
                .map(|s| s.end)
                .collect::<std::collections::BTreeSet<usize>>()
        };
        let (p, g) = (
            ends(&mut predicted.iter().copied()),
            ends(&mut gold.iter().copied()),
        );
        for (mark, at) in p
            .difference(&g)
            .map(|e| ("fp", *e))
            .chain(g.difference(&p).map(|e| ("fn", *e)))
        {
            let from = text.floor_char_boundary(at.saturating_sub(60));
            let to = text.ceil_char_boundary((at + 40).min(text.len()));
            eprintln!("{mark} {}|{}", &text[from..at], &text[at..to]);
        }
    }
    let tp = gold.iter().filter(|s| predicted.contains(s)).count();
    let f1 = 2.0 * tp as f64 / (predicted.len() + gold.len()) as f64;
    (100.0 * f1, predicted.len() - tp, gold.len() - tp)
}

fn main() {
    let usage = "usage: train_boundaries TRAIN OUT [--epochs N] [--min-abs X] [--min-count N] \
                 [--dev FILE [--errors]]";
    let mut args = std::env::args().skip(1);
    let input = args.next().expect(usage);
    let out = args.next().expect(usage);
    let (mut epochs, mut min_abs, mut min_count, mut dev) = (8usize, 0.5f32, 1u32, None);
    let mut errors = false;
    while let Some(flag) = args.next() {
        if flag == "--errors" {
            errors = true;
            continue;
        }
        let value = args.next().expect(usage);
        match flag.as_str() {
            "--epochs" => epochs = value.parse().expect("a number"),
            "--min-abs" => min_abs = value.parse().expect("a number"),
            "--min-count" => min_count = value.parse().expect("a number"),
            "--dev" => dev = Some(value),
            _ => panic!("{usage}"),
        }
    }
    let (text, gold, names) = read_stream(&input);
    let starts: Vec<usize> = gold.iter().map(|s| s.start).collect();
    eprintln!(
        "{} sentences, {} name tokens, {} bytes",
        starts.len(),
        names.len(),
        text.len()
    );
    let model = boundary::train(&text, &starts, &names, epochs, min_count);
    let bytes = model.to_bytes(min_abs);
    let model = BoundaryModel::from_bytes(&bytes).expect("round trip");
    let (f1, fp, fn_) = sentence_f1(&model, &text, &gold, false);
    eprintln!(
        "train sentence F1 {f1:.2} (fp {fp}, fn {fn_}); {} weights kept, lexicon {:.1}% full, {} bytes",
        (bytes.len() - 16 - 4 - (1 << boundary::LEXICON_BITS) / 8) / 8,
        100.0 * model.lexicon().fill(),
        bytes.len()
    );
    if let Some(dev) = dev {
        let (text, gold, _) = read_stream(&dev);
        let (f1, fp, fn_) = sentence_f1(&model, &text, &gold, errors);
        eprintln!("dev sentence F1 {f1:.2} (fp {fp}, fn {fn_})");
    }
    std::fs::write(&out, bytes).expect("writable output");
}
