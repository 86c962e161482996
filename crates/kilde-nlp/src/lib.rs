//! kilde-nlp: Danish tokenization and sentence splitting for news text, and the
//! [`Component`] / [`Pipeline`] shape that later analysis steps plug into.
//!
//! Tokens follow the UD Danish-DDT conventions (see [`tokenize`]); sentences come
//! from a small averaged-perceptron boundary classifier trained on the UD/UNER
//! train text, embedded in the binary (see `README.md` for the model card).
//! All offsets are byte spans into the article text.
//!
//! ```
//! use kilde_core::Article;
//! use kilde_nlp::Pipeline;
//!
//! let article = Article::from_text("- Vi kommer kl. 8, siger hun. Det er f.eks. i dag.".into());
//! let doc = Pipeline::danish().analyze(&article);
//! let words: Vec<&str> = doc.tokens.iter().map(|s| &article.text[s.range()]).collect();
//! assert_eq!(&words[..5], ["-", "Vi", "kommer", "kl.", "8"]);
//! assert_eq!(doc.sentences.len(), 2);
//! ```

mod abbrev;
pub mod boundary;
mod pipeline;
mod sentences;
mod tokenize;

pub use abbrev::{AbbrevKind, lookup as lookup_abbreviation};
pub use boundary::BoundaryModel;
pub use pipeline::{Component, Pipeline, SentenceSplitter, Tokenizer};
pub use sentences::{split_sentences, split_sentences_with};
pub use tokenize::{tokenize, tokenize_into};
