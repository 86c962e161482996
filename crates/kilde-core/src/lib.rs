//! kilde's data model, shared by every other crate and free of I/O.
//!
//! An [`Article`] is what a reader produces: a dated body of text with its agency
//! sources. A [`Doc`] is what the analysis pipeline produces from it: tokens,
//! sentences and paragraphs as spans into the article's text.
//!
//! **Offset invariant.** Inside Rust every [`Span`] is a *byte* range into
//! `Article::text`, so `&text[span.range()]` always works. Serialized output
//! (the `kilde analyze` contract) uses Unicode *code-point* offsets, as Python
//! slicing and spaCy do; [`CharOffsets`] is the one place that converts.
//!
//! ```
//! use kilde_core::{Article, ArticleDate, Span};
//! let date: ArticleDate = "2018-03".parse().unwrap();
//! let article = Article::new(date, "Kim Jong-un siger ja.".into());
//! assert_eq!(article.date, Some(date));
//! assert_eq!(&article.text[Span::new(0, 3).range()], "Kim");
//! ```

mod article;
mod date;
mod doc;
mod entity;
mod news;
mod offsets;
mod record;
mod text;

pub use article::{Article, ArticleId};
pub use date::{ArticleDate, DateError};
pub use doc::{Doc, Entity, Mention, Sentence, Span};
pub use entity::EntityLabel;
pub use news::{CitedSource, Quote, SourceKind, Speaker, TimeExpression, TimePrecision, TimeRole};
pub use offsets::CharOffsets;
pub use record::{
    AnalysisRecord, CharSpan, CitedSourceRecord, MentionRecord, QuoteRecord, SentenceRecord,
    SpeakerRecord, TimeRecord,
};
pub use text::paragraph_spans;
