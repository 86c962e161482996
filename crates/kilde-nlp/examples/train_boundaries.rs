//! Trains the sentence-boundary model from files with `# text` lines (CoNLL-U or
//! the UNER `.iob2` files).
//!
//! ```text
//! # the shipped model: train + dev (settings chosen on dev and by cross-validation)
//! cargo run --release -p kilde-nlp --example train_boundaries -- \
//!     ../shared/data/uner-danish-ddt/da_ddt-ud-train.iob2,../shared/data/uner-danish-ddt/da_ddt-ud-dev.iob2 \
//!     crates/kilde-nlp/model/boundary.bin
//! # tuning: train only, scored on dev; or K-fold cross-validation (writes nothing)
//! cargo run --release -p kilde-nlp --example train_boundaries -- \
//!     ../shared/data/uner-danish-ddt/da_ddt-ud-train.iob2 /tmp/boundary.bin \
//!     --dev ../shared/data/ud-danish-ddt/da_ddt-ud-dev.conllu
//! cargo run --release -p kilde-nlp --example train_boundaries -- \
//!     ../shared/data/uner-danish-ddt/da_ddt-ud-train.iob2 /tmp/boundary.bin --cv 5
//! ```
//!
//! TRAIN is one file or several joined by commas. The sentences of the `# text`
//! lines are joined with single spaces, as the CoNLL 2018 evaluation does, so every
//! join is a gold boundary; the IOB2 tags of the UNER files mark the name tokens the
//! lexicon learns names from. Training is deterministic: the same input writes the
//! same bytes. `--dev` reports sentence F1 on a development file (never pass a test
//! file), and `--errors` also lists each wrong boundary there (or in the held-out
//! folds) with its context. `--cv K` trains on K-1 contiguous folds of TRAIN's
//! sentences and scores the held-out fold, K times, and reports the pooled F1: a
//! held-out estimate that, unlike dev, was not used to choose the features.

use kilde_core::Span;
use kilde_nlp::{BoundaryModel, boundary, split_sentences_with, tokenize};

/// One sentence of a training file: its `# text` and the start offsets (within
/// it) of the tokens the file tags as part of a named entity (IOB2 tag in column
/// 3, as in the UNER files; none for CoNLL-U).
struct Sentence {
    text: String,
    names: Vec<usize>,
}

fn read_sentences(path: &str) -> Vec<Sentence> {
    let data = std::fs::read_to_string(path).expect("readable file");
    let mut out: Vec<Sentence> = Vec::new();
    // How far the current sentence's tokens are aligned in its text.
    let mut pos = 0;
    for line in data.lines() {
        if let Some(sentence) = line.strip_prefix("# text = ") {
            pos = 0;
            out.push(Sentence {
                text: sentence.trim().to_string(),
                names: Vec::new(),
            });
        } else if let (Some(s), [_, form, tag, ..]) =
            (out.last_mut(), &line.split('\t').collect::<Vec<_>>()[..])
        {
            let Some(at) = s.text[pos..].find(form) else {
                continue;
            };
            pos += at;
            let entity = (tag.starts_with("B-") || tag.starts_with("I-"))
                && tag.len() > 2
                && tag[2..].bytes().all(|b| b.is_ascii_uppercase());
            if entity {
                s.names.push(pos);
            }
            pos += form.len();
        }
    }
    out
}

/// Sentences joined by single spaces, their spans, and the start offsets of
/// their name tokens.
fn join<'a>(sentences: impl IntoIterator<Item = &'a Sentence>) -> (String, Vec<Span>, Vec<usize>) {
    let mut text = String::new();
    let mut spans = Vec::new();
    let mut names = Vec::new();
    for s in sentences {
        if !text.is_empty() {
            text.push(' ');
        }
        let at = text.len();
        text.push_str(&s.text);
        spans.push(Span::new(at, text.len()));
        names.extend(s.names.iter().map(|n| at + n));
    }
    (text, spans, names)
}

/// Trains a model on joined sentences (as written to the model file, pruned).
fn train_model(
    text: &str,
    gold: &[Span],
    names: &[usize],
    epochs: usize,
    min_count: u32,
    min_abs: f32,
    threshold: f32,
) -> (BoundaryModel, Vec<u8>) {
    let starts: Vec<usize> = gold.iter().map(|s| s.start).collect();
    let mut model = boundary::train(text, &starts, names, epochs, min_count);
    model.threshold = threshold;
    let bytes = model.to_bytes(min_abs);
    let model = BoundaryModel::from_bytes(&bytes).expect("round trip");
    (model, bytes)
}

/// Sentence-span F1 of `model` on a stream; with `show`, prints each wrong
/// boundary with its context to stderr.
fn sentence_f1(model: &BoundaryModel, text: &str, gold: &[Span], show: bool) -> Score {
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
    Score {
        tp: gold.iter().filter(|s| predicted.contains(s)).count(),
        predicted: predicted.len(),
        gold: gold.len(),
    }
}

/// Sentence-span counts; pooled over folds by adding.
#[derive(Default, Clone, Copy)]
struct Score {
    tp: usize,
    predicted: usize,
    gold: usize,
}

impl Score {
    fn add(&mut self, o: Score) {
        self.tp += o.tp;
        self.predicted += o.predicted;
        self.gold += o.gold;
    }
}

impl std::fmt::Display for Score {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let f1 = 200.0 * self.tp as f64 / (self.predicted + self.gold).max(1) as f64;
        write!(
            f,
            "F1 {f1:.2} (fp {}, fn {})",
            self.predicted - self.tp,
            self.gold - self.tp
        )
    }
}

fn main() {
    let usage = "usage: train_boundaries TRAIN[,MORE...] OUT [--epochs N] [--min-abs X] \
                 [--min-count N] [--threshold X] [--cv K] [--dev FILE [--errors]]";
    let mut args = std::env::args().skip(1);
    let input = args.next().expect(usage);
    let out = args.next().expect(usage);
    let (mut epochs, mut min_abs, mut min_count, mut dev) = (8usize, 0.5f32, 1u32, None);
    let (mut errors, mut cv, mut threshold) = (false, 0usize, 0.0f32);
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
            "--threshold" => threshold = value.parse().expect("a number"),
            "--cv" => cv = value.parse().expect("a number"),
            "--dev" => dev = Some(value),
            _ => panic!("{usage}"),
        }
    }
    let sentences: Vec<Sentence> = input.split(',').flat_map(read_sentences).collect();
    if cv > 1 {
        // K contiguous folds of sentences (DDT keeps a text's sentences together,
        // so a held-out fold is mostly unseen texts, like dev and test).
        let mut pooled = Score::default();
        for k in 0..cv {
            let fold = |j: usize| j * cv / sentences.len() == k;
            let (text, gold, names) = join(
                sentences
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| !fold(*j))
                    .map(|(_, s)| s),
            );
            let (model, _) =
                train_model(&text, &gold, &names, epochs, min_count, min_abs, threshold);
            let (text, gold, _) = join(
                sentences
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| fold(*j))
                    .map(|(_, s)| s),
            );
            let score = sentence_f1(&model, &text, &gold, errors);
            eprintln!("fold {k}: sentence {score}");
            pooled.add(score);
        }
        eprintln!("cv{cv} pooled sentence {pooled}");
        return;
    }
    let (text, gold, names) = join(&sentences);
    eprintln!(
        "{} sentences, {} name tokens, {} bytes",
        gold.len(),
        names.len(),
        text.len()
    );
    let (model, bytes) = train_model(&text, &gold, &names, epochs, min_count, min_abs, threshold);
    let score = sentence_f1(&model, &text, &gold, false);
    eprintln!(
        "train sentence {score}; {} weights kept, lexicon {:.1}% full, {} bytes",
        (bytes.len() - 16 - 4 - (1 << boundary::LEXICON_BITS) / 8) / 8,
        100.0 * model.lexicon().fill(),
        bytes.len()
    );
    if let Some(dev) = dev {
        let (text, gold, _) = join(&read_sentences(&dev));
        eprintln!("dev sentence {}", sentence_f1(&model, &text, &gold, errors));
    }
    std::fs::write(&out, bytes).expect("writable output");
}
