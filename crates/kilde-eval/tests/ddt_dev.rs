//! Runs the UD Danish-DDT dev evaluation when the shared data is present.

use std::path::PathBuf;

use kilde_eval::{TokenEval, parse_conllu};
use kilde_nlp::Pipeline;

#[test]
fn ddt_dev_tokens_and_sentences() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/ud-danish-ddt/da_ddt-ud-dev.conllu");
    let Ok(input) = std::fs::read_to_string(&path) else {
        eprintln!(
            "SKIPPED ddt_dev_tokens_and_sentences: {} not found",
            path.display()
        );
        return;
    };
    let sentences = parse_conllu(&input).expect("dev file parses");
    assert_eq!(sentences.len(), 564);
    let eval = TokenEval::from_conllu(&sentences).expect("dev tokens align");
    let report = eval.run(&Pipeline::danish());
    let (tok, sent) = (100.0 * report.tokens.f1(), 100.0 * report.sentences.f1());
    eprintln!("DDT dev: token F1 {tok:.2}, sentence F1 {sent:.2}");
    assert!(
        tok >= 99.5,
        "token F1 {tok:.2} < 99.5 ({:?})",
        report.tokens
    );
    assert!(
        sent >= 90.0,
        "sentence F1 {sent:.2} < 90 ({:?})",
        report.sentences
    );
}
