//! The sentence splitter: paragraph breaks always end a sentence; inside a
//! paragraph, each gap passes a [`Gate`] on its token classes and, when the gate
//! cannot decide, is scored by the [`BoundaryModel`].

use kilde_core::{Sentence, Span};

use crate::boundary::{self, BoundaryModel, Class, FormCache, Gap, Gate, WordSet};

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
    let mut splitter = Splitter {
        model,
        text,
        // Text laid out in paragraphs shows where its headlines end; only a flat
        // stream (like the UD evaluation text) needs boundaries without punctuation.
        unpunctuated: paragraphs.len() <= 1,
        feats: Vec::with_capacity(32),
        forms: FormCache::default(),
        out: &mut sentences,
    };
    // Regions: each paragraph, and each run of tokens between paragraphs. A
    // paragraph's region ends where its tokens do, found while splitting it (one
    // pass over the tokens); the run before a paragraph is usually empty.
    let mut k = 0;
    for p in paragraphs {
        let inside = first_at(tokens, k, p.start);
        splitter.region(&tokens[k..inside], k, usize::MAX);
        k = inside + splitter.region(&tokens[inside..], inside, p.end);
    }
    splitter.region(&tokens[k..], k, usize::MAX);
    sentences
}

struct Splitter<'a> {
    model: &'a BoundaryModel,
    text: &'a str,
    /// Whether a sentence may end after a word with no punctuation (a headline).
    unpunctuated: bool,
    feats: Vec<u32>,
    /// Form hashes of recently scored tokens (keyed by byte offset, so one cache
    /// serves the whole document).
    forms: FormCache,
    out: &'a mut Vec<Sentence>,
}

/// Whether the token at `span` ends in an ASCII letter or digit or a Latin-1
/// character (`på`, `Ø`): then its class is a word, number or other (never
/// punctuation, a quote or an abbreviation), and the [`boundary::gate`] after it
/// says `No` unless a capital, quote or dash follows.
#[inline]
fn ends_wordish(bytes: &[u8], span: Span) -> bool {
    span.end > span.start
        && (bytes[span.end - 1].is_ascii_alphanumeric()
            || (span.end - span.start >= 2 && bytes[span.end - 2] == 0xc3))
}

/// Whether the token at `span` starts with a lowercase letter (ASCII or Latin-1:
/// 0xC3 then at least 0xA0) or a digit: then its class is a lowercase word,
/// abbreviation, number, ordinal or other, none of which starts a sentence after
/// a word.
#[inline]
fn starts_lower_or_digit(bytes: &[u8], span: Span) -> bool {
    span.end > span.start
        && match bytes[span.start] {
            b'a'..=b'z' | b'0'..=b'9' => true,
            0xc3 => bytes.get(span.start + 1).is_some_and(|&b| b >= 0xa0),
            _ => false,
        }
}

/// Whether the token at `span` starts with an ASCII lowercase letter: then its
/// class is a lowercase word or an abbreviation, which only a sentence-final
/// mark can end a sentence before.
#[inline]
fn starts_ascii_lower(bytes: &[u8], span: Span) -> bool {
    span.end > span.start && bytes[span.start].is_ascii_lowercase()
}

/// The index of the first of `tokens[from..]` starting at or after `pos` (or
/// `tokens.len()`), for tokens in text order: a galloping search from `from`,
/// since the answer is usually near.
fn first_at(tokens: &[Span], from: usize, pos: usize) -> usize {
    if tokens.get(from).is_none_or(|t| t.start >= pos) {
        return from;
    }
    // Invariant: tokens[lo].start < pos; the answer is in (lo, hi].
    let mut lo = from;
    let mut step = 1;
    let hi = loop {
        let probe = lo + step;
        if probe >= tokens.len() {
            break tokens.len();
        }
        if tokens[probe].start >= pos {
            break probe;
        }
        lo = probe;
        step *= 2;
    };
    lo + 1 + tokens[lo + 1..hi].partition_point(|t| t.start < pos)
}

impl Splitter<'_> {
    /// Splits the leading tokens of `tokens` that start before byte `end` (one
    /// paragraph, or the run between paragraphs) and returns how many there were;
    /// `offset` is the index of `tokens[0]` in the document.
    ///
    /// Token classes are computed only where a gap can be a boundary: most gaps
    /// follow a plain word and are settled from two bytes.
    fn region(&mut self, tokens: &[Span], offset: usize, end: usize) -> usize {
        if tokens.first().is_none_or(|t| t.start >= end) {
            return 0;
        }
        let bytes = self.text.as_bytes();
        let inside = |k: usize| k < tokens.len() && tokens[k].start < end;
        let mut start = 0;
        let mut quotes = 0;
        // The class of `tokens[i]` when the previous gap computed it.
        let mut known: Option<Class> = None;
        let mut i = 0;
        while inside(i + 1) {
            let skip = ends_wordish(bytes, tokens[i])
                && (!self.unpunctuated || starts_lower_or_digit(bytes, tokens[i + 1]));
            let end_here = if skip {
                debug_assert!({
                    let (l, r) = (
                        boundary::class_at(self.text, tokens[i]),
                        boundary::class_at(self.text, tokens[i + 1]),
                    );
                    l != Class::Quote
                        && (boundary::gate(l, r) == Gate::No
                            || (!self.unpunctuated && !punctuation(l)))
                });
                known = None;
                false
            } else {
                let left = known
                    .take()
                    .unwrap_or_else(|| boundary::class_at(self.text, tokens[i]));
                if left == Class::Quote {
                    quotes += 1;
                }
                // Most punctuation settles the gap without the class on its right:
                // `,` and `(` never end a sentence, and only `.?!…` can before a
                // lowercase word.
                let never = matches!(left, Class::Comma | Class::Open)
                    || (starts_ascii_lower(bytes, tokens[i + 1])
                        && !matches!(
                            left,
                            Class::Period | Class::Question | Class::Exclaim | Class::Ellipsis
                        ));
                if never {
                    debug_assert_eq!(
                        boundary::gate(left, boundary::class_at(self.text, tokens[i + 1])),
                        Gate::No
                    );
                    false
                } else {
                    let right = boundary::class_at(self.text, tokens[i + 1]);
                    known = Some(right);
                    let to = if inside(i + 2) { i + 3 } else { i + 2 };
                    self.decide(&tokens[..to], i, left, right, i + 1 - start, quotes)
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
            i += 1;
        }
        self.out.push(Sentence {
            span: Span::new(tokens[start].start, tokens[i].end),
            tokens: offset + start..offset + i + 1,
        });
        i + 1
    }

    /// Whether the gap after `tokens[i]` (class `left`, before class `right`) ends
    /// a sentence of `sentence_len` tokens holding `quotes` quote tokens.
    fn decide(
        &mut self,
        tokens: &[Span],
        i: usize,
        left: Class,
        right: Class,
        sentence_len: usize,
        quotes: usize,
    ) -> bool {
        match boundary::gate(left, right) {
            Gate::No => false,
            Gate::Yes => true,
            Gate::Score if !self.unpunctuated && !punctuation(left) => false,
            Gate::Score if left == Class::Quote && self.bare_close(tokens, i, right, quotes) => {
                false
            }
            Gate::Score if self.model.is_empty() => rule_boundary(left, right),
            Gate::Score => {
                // The features look at two tokens either side of the gap.
                let from = i.saturating_sub(1);
                let to = (i + 3).min(tokens.len());
                let mut classes = [Class::Other; 4];
                for (k, c) in (from..to).zip(classes.iter_mut()) {
                    *c = if k == i {
                        left
                    } else if k == i + 1 {
                        right
                    } else {
                        boundary::class_at(self.text, tokens[k])
                    };
                }
                let gap = Gap {
                    text: self.text,
                    tokens: &tokens[from..to],
                    classes: &classes[..to - from],
                    forms: &self.forms,
                    i: i - from,
                    sentence_len,
                    quotes,
                    lexicon: self.model.lexicon(),
                };
                boundary::features(&gap, &mut self.feats);
                self.model.score(&self.feats) > self.model.threshold
            }
        }
    }

    /// Whether the quote `tokens[i]` closes a quotation with no final punctuation
    /// of its own (`"Rambo"`, `"Festen"`), where a sentence does not end: in
    /// paragraphed text never (the paragraph shows where a quoted headline ends),
    /// in a flat stream not before a name, a capitalized word the lexicon knows
    /// neither in lowercase nor opening a sentence (`Sylvester "Rambo" Stallone`).
    /// Training text has too few such quotes for the model to learn it.
    fn bare_close(&self, tokens: &[Span], i: usize, right: Class, quotes: usize) -> bool {
        if !quotes.is_multiple_of(2) || i == 0 {
            return false;
        }
        let before = boundary::class_at(self.text, tokens[i - 1]);
        if matches!(
            before,
            Class::Period | Class::Question | Class::Exclaim | Class::Ellipsis | Class::Quote
        ) {
            return false;
        }
        if !self.unpunctuated {
            return true;
        }
        let form = boundary::form_hash(&self.text[tokens[i + 1].range()]);
        let lexicon = self.model.lexicon();
        right == Class::Capitalized
            && !lexicon.contains(WordSet::Lower, form)
            && !lexicon.contains(WordSet::Start, form)
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
