//! Span scoring (exact match P/R/F1) and the tokenization evaluation built on it.

use std::time::Instant;

use kilde_core::{Article, Doc, Sentence, Span, paragraph_spans};
use kilde_nlp::Pipeline;

use crate::{ConlluSentence, EvalError};

/// Counts of exact span matches, and the figures derived from them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Prf {
    /// Predicted spans that match a gold span.
    pub tp: usize,
    /// Predicted spans that match none.
    pub fp: usize,
    /// Gold spans that no prediction matches.
    pub fn_: usize,
}

impl Prf {
    /// Compares two sorted, non-overlapping span lists.
    pub fn from_spans(predicted: &[Span], gold: &[Span]) -> Self {
        let (mut i, mut j, mut tp) = (0, 0, 0);
        while i < predicted.len() && j < gold.len() {
            let (p, g) = (predicted[i], gold[j]);
            if p == g {
                tp += 1;
                i += 1;
                j += 1;
            } else if p.start < g.start || (p.start == g.start && p.end < g.end) {
                i += 1;
            } else {
                j += 1;
            }
        }
        Prf {
            tp,
            fp: predicted.len() - tp,
            fn_: gold.len() - tp,
        }
    }

    /// tp / (tp + fp); 0 when nothing was predicted.
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }

    /// tp / (tp + fn); 0 when there is no gold.
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }

    /// Harmonic mean of precision and recall, as a fraction 0..=1.
    pub fn f1(&self) -> f64 {
        ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn_)
    }
}

impl std::ops::AddAssign for Prf {
    fn add_assign(&mut self, o: Prf) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// A prediction and its reference over the same text.
#[derive(Debug, Clone)]
pub struct Example {
    /// What kilde produced.
    pub predicted: Doc,
    /// The gold analysis.
    pub reference: Doc,
}

/// Token and sentence scores of a set of examples.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TokenScores {
    /// Exact token span matches.
    pub tokens: Prf,
    /// Exact sentence span matches.
    pub sentences: Prf,
}

/// Scores examples; one place so every evaluation counts the same way.
#[derive(Debug, Default, Clone, Copy)]
pub struct Scorer;

impl Scorer {
    /// Token and sentence P/R/F1 summed over `examples` (micro-averaged).
    pub fn score_tokens(&self, examples: &[Example]) -> TokenScores {
        let mut scores = TokenScores::default();
        for e in examples {
            scores.tokens += Prf::from_spans(&e.predicted.tokens, &e.reference.tokens);
            let p: Vec<Span> = e.predicted.sentences.iter().map(|s| s.span).collect();
            let g: Vec<Span> = e.reference.sentences.iter().map(|s| s.span).collect();
            scores.sentences += Prf::from_spans(&p, &g);
        }
        scores
    }
}

/// A gold corpus rebuilt as one article, ready to be analysed and scored.
#[derive(Debug, Clone)]
pub struct TokenEval {
    /// The raw text (sentences joined by a space, paragraphs by a blank line) and
    /// its paragraphs.
    pub article: Article,
    /// Gold tokens and sentences as spans into `article.text`.
    pub reference: Doc,
}

/// The outcome of [`TokenEval::run`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TokenReport {
    /// Gold sentence count.
    pub sentences_gold: usize,
    /// Gold token count.
    pub tokens_gold: usize,
    /// Token and sentence scores.
    pub scores: TokenScores,
    /// Token scores (same as `scores.tokens`).
    pub tokens: Prf,
    /// Sentence scores (same as `scores.sentences`).
    pub sentences: Prf,
    /// Size of the raw text in bytes.
    pub bytes: usize,
    /// Wall time of the analysis alone.
    pub seconds: f64,
}

impl TokenEval {
    /// Rebuilds the raw text and aligns every gold token to it by character.
    pub fn from_conllu(sentences: &[ConlluSentence]) -> Result<Self, EvalError> {
        let mut text = String::new();
        let mut reference = Doc::default();
        for (k, s) in sentences.iter().enumerate() {
            if k > 0 {
                text.push_str(if s.new_par { "\n\n" } else { " " });
            }
            let base = text.len();
            text.push_str(&s.text);
            let first = reference.tokens.len();
            let mut pos = 0;
            let bytes = s.text.as_bytes();
            for t in &s.tokens {
                while pos < bytes.len() {
                    match s.text[pos..].chars().next() {
                        Some(c) if c.is_whitespace() => pos += c.len_utf8(),
                        _ => break,
                    }
                }
                let start = pos;
                for fc in t.form.chars().filter(|c| !c.is_whitespace()) {
                    // Skip whitespace inside the text where the form has none.
                    while let Some(c) = s.text[pos..].chars().next() {
                        if c.is_whitespace() {
                            pos += c.len_utf8();
                        } else {
                            break;
                        }
                    }
                    match s.text[pos..].chars().next() {
                        Some(c) if c == fc => pos += c.len_utf8(),
                        _ => {
                            return Err(EvalError::Misaligned {
                                line: t.line,
                                form: t.form.clone(),
                            });
                        }
                    }
                }
                if pos == start {
                    return Err(EvalError::Misaligned {
                        line: t.line,
                        form: t.form.clone(),
                    });
                }
                reference.tokens.push(Span::new(base + start, base + pos));
            }
            let last = reference.tokens.len();
            reference.sentences.push(Sentence {
                span: Span::new(
                    reference.tokens[first].start,
                    reference.tokens[last - 1].end,
                ),
                tokens: first..last,
            });
        }
        let mut article = Article::from_text(text);
        article.paragraphs = paragraph_spans(&article.text);
        Ok(TokenEval { article, reference })
    }

    /// Analyses the raw text with `pipeline`, timing it, and scores the result.
    pub fn run(&self, pipeline: &Pipeline) -> TokenReport {
        let t0 = Instant::now();
        let predicted = pipeline.analyze(&self.article);
        let seconds = t0.elapsed().as_secs_f64();
        let example = Example {
            predicted,
            reference: self.reference.clone(),
        };
        let scores = Scorer.score_tokens(std::slice::from_ref(&example));
        TokenReport {
            sentences_gold: self.reference.sentences.len(),
            tokens_gold: self.reference.tokens.len(),
            scores,
            tokens: scores.tokens,
            sentences: scores.sentences,
            bytes: self.article.text.len(),
            seconds,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse_conllu;

    fn row(id: usize, form: &str) -> String {
        format!("{id}\t{form}\t_\t_\t_\t_\t_\t_\t_\t_\n")
    }

    fn block(text: &str, forms: &[&str], mark: &str) -> String {
        let mut s = format!("{mark}# text = {text}\n");
        for (i, f) in forms.iter().enumerate() {
            s.push_str(&row(i + 1, f));
        }
        s.push('\n');
        s
    }

    #[test]
    fn prf_counts_exact_matches() {
        let gold = [Span::new(0, 3), Span::new(4, 6), Span::new(6, 7)];
        let pred = [Span::new(0, 3), Span::new(4, 7)];
        let prf = Prf::from_spans(&pred, &gold);
        assert_eq!((prf.tp, prf.fp, prf.fn_), (1, 1, 2));
        assert!((prf.precision() - 0.5).abs() < 1e-9);
        assert!((prf.recall() - 1.0 / 3.0).abs() < 1e-9);
        assert!((prf.f1() - 0.4).abs() < 1e-9);
        assert_eq!(Prf::default().f1(), 0.0);
    }

    #[test]
    fn raw_text_joins_sentences_and_paragraphs() {
        let input = block("Han kom.", &["Han", "kom", "."], "# newdoc\n")
            + &block("Så gik han.", &["Så", "gik", "han", "."], "")
            + &block("Ny dag", &["Ny", "dag"], "# newpar\n");
        let eval = TokenEval::from_conllu(&parse_conllu(&input).unwrap()).unwrap();
        assert_eq!(eval.article.text, "Han kom. Så gik han.\n\nNy dag");
        assert_eq!(eval.article.paragraphs.len(), 2);
        let t = &eval.article.text;
        let forms: Vec<&str> = eval
            .reference
            .tokens
            .iter()
            .map(|s| &t[s.range()])
            .collect();
        assert_eq!(
            forms,
            ["Han", "kom", ".", "Så", "gik", "han", ".", "Ny", "dag"]
        );
        let sents: Vec<&str> = eval
            .reference
            .sentences
            .iter()
            .map(|s| &t[s.span.range()])
            .collect();
        assert_eq!(sents, ["Han kom.", "Så gik han.", "Ny dag"]);
    }

    #[test]
    fn perfect_and_imperfect_predictions() {
        let input = block(
            "Prisen er 12.500 kr. i dag.",
            &["Prisen", "er", "12.500", "kr.", "i", "dag", "."],
            "",
        ) + &block("Hun sagde nej.", &["Hun", "sagde", "nej", "."], "");
        let eval = TokenEval::from_conllu(&parse_conllu(&input).unwrap()).unwrap();
        let report = eval.run(&Pipeline::danish());
        assert_eq!(report.tokens.f1(), 1.0);
        assert_eq!(report.sentences.f1(), 1.0);
        assert_eq!(report.sentences_gold, 2);
        // A pipeline that does nothing finds nothing.
        let empty = eval.run(&Pipeline::new());
        assert_eq!(empty.tokens.tp, 0);
        assert_eq!(empty.tokens.fn_, 11);
    }

    #[test]
    fn misaligned_forms_are_errors() {
        let input = block("Han kom.", &["Han", "gik", "."], "");
        let err = TokenEval::from_conllu(&parse_conllu(&input).unwrap()).unwrap_err();
        assert!(err.to_string().contains("line 3"), "{err}");
    }
}
