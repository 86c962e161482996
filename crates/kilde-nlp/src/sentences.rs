//! The sentence splitter: paragraph breaks always end a sentence; inside a
//! paragraph, each candidate gap is scored by the [`BoundaryModel`].

use kilde_core::{Sentence, Span};

use crate::boundary::{self, BoundaryModel, Class, Gap, TokenInfo};

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
    let info: Vec<TokenInfo> = tokens
        .iter()
        .map(|s| TokenInfo::of(&text[s.range()]))
        .collect();
    let mut feats = Vec::with_capacity(32);
    let mut region_start = 0;
    let mut region = region_of(paragraphs, tokens.first().map_or(0, |s| s.start), &mut 0);
    let mut para_cursor = 0;
    for k in 0..=tokens.len() {
        let next_region = tokens
            .get(k)
            .map(|t| region_of(paragraphs, t.start, &mut para_cursor));
        if next_region != Some(region) {
            if k > region_start {
                split_region(
                    model,
                    text,
                    &tokens[region_start..k],
                    &info[region_start..k],
                    region_start,
                    &mut feats,
                    &mut sentences,
                );
            }
            region_start = k;
            if let Some(r) = next_region {
                region = r;
            }
        }
    }
    sentences
}

/// An id for the paragraph holding `pos` (odd ids) or the gap before paragraph
/// `n` (even ids). `cursor` moves forward only, so the walk is linear.
fn region_of(paragraphs: &[Span], pos: usize, cursor: &mut usize) -> usize {
    while *cursor < paragraphs.len() && paragraphs[*cursor].end <= pos {
        *cursor += 1;
    }
    match paragraphs.get(*cursor) {
        Some(p) if p.start <= pos => 2 * *cursor + 1,
        _ => 2 * *cursor,
    }
}

fn split_region(
    model: &BoundaryModel,
    text: &str,
    tokens: &[Span],
    info: &[TokenInfo],
    offset: usize,
    feats: &mut Vec<u32>,
    out: &mut Vec<Sentence>,
) {
    let mut start = 0;
    let mut quotes = 0;
    for i in 0..tokens.len() {
        if info[i].class == Class::Quote {
            quotes += 1;
        }
        let last = i + 1 == tokens.len();
        let end_here = last
            || (boundary::is_candidate(info[i].class, info[i + 1].class) && {
                if model.is_empty() {
                    rule_boundary(info[i].class, info[i + 1].class)
                } else {
                    let gap = Gap {
                        text,
                        tokens,
                        info,
                        i,
                        sentence_len: i + 1 - start,
                        quotes,
                        lexicon: model.lexicon(),
                    };
                    boundary::features(&gap, feats);
                    model.score(feats) > model.threshold
                }
            });
        if end_here {
            out.push(Sentence {
                span: Span::new(tokens[start].start, tokens[i].end),
                tokens: offset + start..offset + i + 1,
            });
            start = i + 1;
            quotes = 0;
        }
    }
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
