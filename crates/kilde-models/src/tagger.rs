//! The NER model as a pipeline step: fills [`kilde_core::Doc::mentions`].

use std::cell::RefCell;

use kilde_core::{Article, Doc, EntityLabel, Mention, Span};

use crate::ner::{EntitySpan, Label, NerModel, NerScratch};

impl From<Label> for EntityLabel {
    fn from(label: Label) -> EntityLabel {
        match label {
            Label::Per => EntityLabel::Per,
            Label::Org => EntityLabel::Org,
            Label::Loc => EntityLabel::Loc,
            Label::Misc => EntityLabel::Misc,
        }
    }
}

thread_local! {
    /// One scratch per worker thread, so tagging allocates nothing in steady state.
    static SCRATCH: RefCell<(NerScratch, Vec<EntitySpan>)> = RefCell::default();
}

/// Runs an [`NerModel`] over the sentences of a [`Doc`]; entity linking comes after.
#[derive(Debug, Clone, Copy)]
pub struct NerTagger {
    model: &'static NerModel,
}

impl NerTagger {
    /// The tagger with the model shipped in the binary.
    pub fn embedded() -> Self {
        NerTagger {
            model: NerModel::embedded(),
        }
    }
}

impl kilde_nlp::Component for NerTagger {
    fn name(&self) -> &'static str {
        "ner"
    }

    fn process(&self, article: &Article, doc: &mut Doc) {
        SCRATCH.with_borrow_mut(|(scratch, spans)| {
            spans.clear();
            self.model
                .predict_into(&article.text, &doc.tokens, &doc.sentences, scratch, spans);
            doc.mentions = spans
                .iter()
                .map(|e| Mention {
                    span: Span::new(
                        doc.tokens[e.tokens.start].start,
                        doc.tokens[e.tokens.end - 1].end,
                    ),
                    tokens: e.tokens.clone(),
                    label: e.label.into(),
                    entity: None,
                })
                .collect();
        });
    }
}
