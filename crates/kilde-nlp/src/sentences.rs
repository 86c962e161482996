//! The sentence splitter: paragraph breaks always end a sentence; inside a
//! paragraph, each gap passes a [`Gate`] on its token classes and, when the gate
//! cannot decide, is scored by the [`BoundaryModel`].

use kilde_core::{Sentence, Span};

use crate::boundary::{self, BoundaryModel, Class, FormCache, Gap, Gate};

/// Groups `tokens` (from [`crate::tokenize`]) into sentences with the embedded model.
///
/// Sentences never cross a paragraph boundary, and every token is in exactly one
/// sentence. Tokens outside every paragraph form sentences of their own region.
pub fn split_sentences(text: &str, tokens: &[Span], paragraphs: &[Span]) -> Vec<Sentence> {
    split_sentences_with(BoundaryModel::embedded(), text, tokens, paragraphs)
}

/// [`split_sentences`] with a given model (used when training and tuning).
pub fn split_sentences_with(
    model: &BoundaryModel,
    text: &str,
    tokens: &[Span],
    paragraphs: &[Span],
) -> Vec<Sentence> {
    let mut sentences = Vec::with_capacity(tokens.len() / 12 + 1);
    let classes: Vec<Class> = tokens
        .iter()
        .map(|s| boundary::class_at(text, *s))
        .collect();
    let mut splitter = Splitter {
        model,
        text,
        // Text laid out in paragraphs shows where its headlines end; only a flat
        // stream (like the UD evaluation text) needs boundaries without punctuation.
        unpunctuated: paragraphs.len() <= 1,
        feats: Vec::with_capacity(32),
        out: &mut sentences,
    };
    // Regions: each paragraph, and each run of tokens between paragraphs.
    let mut region = |r: std::ops::Range<usize>| {
        if !r.is_empty() {
            splitter.region(&tokens[r.clone()], &classes[r.clone()], r.start);
        }
    };
    // A linear walk: paragraphs are short, and a binary search over the rest of a
    // long document would miss the cache at every step.
    let first_at = |from: usize, pos: usize| {
        from + tokens[from..]
            .iter()
            .position(|t| t.start >= pos)
            .unwrap_or(tokens.len() - from)
    };
    let mut k = 0;
    for p in paragraphs {
        let inside = first_at(k, p.start);
        region(k..inside);
        k = first_at(inside, p.end);
        region(inside..k);
    }
    region(k..tokens.len());
    sentences
}

struct Splitter<'a> {
    model: &'a BoundaryModel,
    text: &'a str,
    /// Whether a sentence may end after a word with no punctuation (a headline).
    unpunctuated: bool,
    feats: Vec<u32>,
    out: &'a mut Vec<Sentence>,
}

impl Splitter<'_> {
    /// Splits the tokens of one paragraph (or inter-paragraph region); `offset` is
    /// the index of `tokens[0]` in the document.
    fn region(&mut self, tokens: &[Span], classes: &[Class], offset: usize) {
        let forms = FormCache::default();
        let mut start = 0;
        let mut quotes = 0;
        for i in 0..tokens.len() {
            if classes[i] == Class::Quote {
                quotes += 1;
            }
            let end_here = i + 1 == tokens.len()
                || match boundary::gate(classes[i], classes[i + 1]) {
                    Gate::Score if !self.unpunctuated && !punctuation(classes[i]) => false,
                    Gate::No => false,
                    Gate::Yes => true,
                    Gate::Score if self.model.is_empty() => {
                        rule_boundary(classes[i], classes[i + 1])
                    }
                    Gate::Score => {
                        let gap = Gap {
                            text: self.text,
                            tokens,
                            classes,
                            forms: &forms,
                            i,
                            sentence_len: i + 1 - start,
                            quotes,
                            lexicon: self.model.lexicon(),
                        };
                        boundary::features(&gap, &mut self.feats);
                        self.model.score(&self.feats) > self.model.threshold
                    }
                };
            if end_here {
                self.out.push(Sentence {
                    span: Span::new(tokens[start].start, tokens[i].end),
                    tokens: offset + start..offset + i + 1,
                });
                start = i + 1;
                quotes = 0;
            }
        }
    }
}

/// Token classes after which a sentence can end in running text.
fn punctuation(left: Class) -> bool {
    use Class::*;
    matches!(
        left,
        Period
            | Question
            | Exclaim
            | Ellipsis
            | Colon
            | Semicolon
            | Quote
            | Close
            | Abbrev
            | CapAbbrev
            | Initial
            | Ordinal
    )
}

/// The fallback without a model: `.?!` or an ellipsis before a capital, quote or dash.
fn rule_boundary(left: Class, right: Class) -> bool {
    matches!(
        left,
        Class::Period | Class::Question | Class::Exclaim | Class::Ellipsis
    ) && matches!(
        right,
        Class::Capitalized | Class::Upper | Class::Quote | Class::Dash | Class::Number
    )
}
