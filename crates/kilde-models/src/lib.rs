//! kilde's trained models. Today: a Danish named-entity recognizer that kilde trains
//! itself, in pure Rust, from UNER Danish-DDT (see `models/MODEL_CARD.md`).
//!
//! * [`ner`]: the model, its features, training and file format.
//! * [`iob2`]: reading IOB2 NER data.
//! * [`score`]: exact-match span scoring, CoNLL style.
//!
//! ```
//! use kilde_core::{Sentence, Span};
//! use kilde_models::ner::{Label, NerModel};
//!
//! let text = "Venstres formand besøgte Odense i går.";
//! // Tokens and sentences usually come from kilde-nlp's tokenizer.
//! let mut tokens = Vec::new();
//! let mut start = None;
//! for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
//!     let boundary = c.is_whitespace() || c == '.';
//!     match (start, boundary) {
//!         (None, false) => start = Some(i),
//!         (Some(s), true) => { tokens.push(Span::new(s, i)); start = None; }
//!         _ => {}
//!     }
//!     if c == '.' { tokens.push(Span::new(i, i + 1)); }
//! }
//! let sentences = [Sentence { span: Span::new(0, text.len()), tokens: 0..tokens.len() }];
//! let entities = NerModel::embedded().predict(text, &tokens, &sentences);
//! let odense = entities.iter().find(|e| e.label == Label::Loc).unwrap();
//! assert_eq!(&text[tokens[odense.tokens.start].range()], "Odense");
//! ```

mod hash;
pub mod iob2;
pub mod ner;
pub mod score;
mod tagger;

pub use tagger::NerTagger;
