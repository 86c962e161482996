//! Components and the pipeline that runs them in order over an article.

use kilde_core::{Article, Doc};

/// One analysis step: reads the article and what earlier steps put in the [`Doc`],
/// and adds its own layer. Built explicitly in code, never registered globally.
pub trait Component: Send + Sync {
    /// A short stable name, for logs and timing reports.
    fn name(&self) -> &'static str;
    /// Adds this component's annotations to `doc`.
    fn process(&self, article: &Article, doc: &mut Doc);
}

/// Fills [`Doc::tokens`] with [`crate::tokenize`].
#[derive(Debug, Default, Clone, Copy)]
pub struct Tokenizer;

impl Component for Tokenizer {
    fn name(&self) -> &'static str {
        "tokenizer"
    }
    fn process(&self, article: &Article, doc: &mut Doc) {
        doc.tokens.clear();
        // About one token per five bytes of news text: reserve once, not by doubling.
        doc.tokens.reserve(article.text.len() / 5 + 1);
        crate::tokenize_into(&article.text, &mut doc.tokens);
    }
}

/// Fills [`Doc::sentences`] from the tokens, never crossing `article.paragraphs`.
#[derive(Debug, Default, Clone, Copy)]
pub struct SentenceSplitter;

impl Component for SentenceSplitter {
    fn name(&self) -> &'static str {
        "sentences"
    }
    fn process(&self, article: &Article, doc: &mut Doc) {
        doc.sentences = crate::split_sentences(&article.text, &doc.tokens, &article.paragraphs);
    }
}

/// An ordered list of components; [`Pipeline::analyze`] runs them all on one article.
#[derive(Default)]
pub struct Pipeline {
    components: Vec<Box<dyn Component>>,
}

impl Pipeline {
    /// A pipeline with no components.
    pub fn new() -> Self {
        Pipeline::default()
    }

    /// The standard Danish pipeline: tokenizer, then sentence splitter.
    pub fn danish() -> Self {
        Pipeline::new().with(Tokenizer).with(SentenceSplitter)
    }

    /// Appends a component; later components see what earlier ones produced.
    pub fn with(mut self, component: impl Component + 'static) -> Self {
        self.components.push(Box::new(component));
        self
    }

    /// The component names in run order.
    pub fn names(&self) -> Vec<&'static str> {
        self.components.iter().map(|c| c.name()).collect()
    }

    /// Runs every component over `article` and returns the finished analysis.
    pub fn analyze(&self, article: &Article) -> Doc {
        let mut doc = Doc::default();
        for component in &self.components {
            component.process(article, &mut doc);
        }
        doc
    }
}

impl std::fmt::Debug for Pipeline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pipeline")
            .field("components", &self.names())
            .finish()
    }
}
