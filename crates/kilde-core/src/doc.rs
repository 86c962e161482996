//! The analysed document: tokens and sentences as spans into the article text.

use std::ops::Range;

use crate::{CitedSource, EntityLabel, Quote, TimeExpression};

/// A half-open byte range `[start, end)` into a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (bytes).
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// The span as a range, for slicing: `&text[span.range()]`.
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True when the span covers nothing.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

/// A sentence: its byte span and the tokens it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// From the first byte of its first token to the end of its last.
    pub span: Span,
    /// Indices into [`Doc::tokens`].
    pub tokens: Range<usize>,
}

/// A named-entity mention: a run of tokens that names something.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// Indices into [`Doc::tokens`].
    pub tokens: Range<usize>,
    /// From its first token's start to its last token's end.
    pub span: Span,
    /// What kind of thing it names.
    pub label: EntityLabel,
    /// Index into [`Doc::entities`] once linked; `None` before entity linking runs.
    pub entity: Option<usize>,
}

/// One thing an article names, however many times and ways it names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    /// Stable id (a hash of label and canonical name).
    pub id: String,
    /// The fullest, most frequent form of its name.
    pub canonical: String,
    /// The label most of its mentions carry.
    pub label: EntityLabel,
    /// Every form of its name in the article (genitive removed), with its count.
    pub forms: Vec<(String, usize)>,
}

/// The analysis of one article's text, filled layer by layer by the pipeline.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Doc {
    /// Tokens in text order; they never overlap and never include whitespace.
    pub tokens: Vec<Span>,
    /// Sentences in text order; together they hold every token exactly once.
    pub sentences: Vec<Sentence>,
    /// Named-entity mentions in text order, never overlapping.
    pub mentions: Vec<Mention>,
    /// The entities the mentions are linked to.
    pub entities: Vec<Entity>,
    /// Direct and reported speech with speakers, in text order.
    pub quotes: Vec<Quote>,
    /// Sources the article cites, in text order, then the sign-off agencies.
    pub cited_sources: Vec<CitedSource>,
    /// Time expressions resolved against the article date, in text order.
    pub times: Vec<TimeExpression>,
}
