//! kilde-eval: readers for annotated data and scorers that compare kilde's analysis
//! with it.
//!
//! Tokenization and sentence splitting are scored as in the CoNLL 2018 shared task:
//! the raw text is rebuilt from the `# text` lines (sentences joined by one space, a
//! blank line at `# newpar` / `# newdoc`), gold tokens are aligned to it by
//! character, and predicted spans count only when they match a gold span exactly.
//!
//! Paragraph marks are the only layout the text gets, as kilde's own articles have
//! blank-line paragraphs. UD Danish-DDT has none (no `# newpar` or `# newdoc` in
//! dev or test), so its text is one flat paragraph: the splitter then has to find
//! unpunctuated headlines and bylines itself, which paragraphed articles show by
//! their layout. Gold sentence boundaries are never turned into layout.
//!
//! ```
//! use kilde_eval::{TokenEval, parse_conllu};
//! use kilde_nlp::Pipeline;
//!
//! let gold = "# text = Det regner.\n1\tDet\t_\t_\t_\t_\t_\t_\t_\t_\n\
//!             2\tregner\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n3\t.\t_\t_\t_\t_\t_\t_\t_\t_\n\n";
//! let sentences = parse_conllu(gold).unwrap();
//! let eval = TokenEval::from_conllu(&sentences).unwrap();
//! let report = eval.run(&Pipeline::danish());
//! assert_eq!(report.tokens.f1(), 1.0);
//! ```

mod conllu;
mod score;

pub use conllu::{ConlluSentence, ConlluToken, parse_conllu};
pub use score::{Example, Prf, Scorer, TokenEval, TokenReport, TokenScores};

/// Why annotated data could not be used.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// The input breaks the format (user error); `line` is 1-based.
    #[error("line {line}: {message}")]
    Malformed {
        /// 1-based line number in the input.
        line: usize,
        /// What is wrong there.
        message: String,
    },
    /// A gold token form is not found in its sentence's `# text`.
    #[error("line {line}: token {form:?} does not match the sentence text")]
    Misaligned {
        /// 1-based line number of the token.
        line: usize,
        /// The token form.
        form: String,
    },
}
