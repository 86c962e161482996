//! `kilde eval ...`: accuracy figures against annotated data, as a table or JSON.
use std::time::Instant;

use anyhow::Context;
use kilde_eval::{Prf, TokenEval, parse_conllu};
use kilde_nlp::Pipeline;

use super::Outcome;
use crate::cli::EvalTokensArgs;

/// `kilde eval tokens`: CoNLL 2018-style token and sentence P/R/F1 of the Danish
/// pipeline on a CoNLL-U file. Figures are percentages (0-100), two decimals;
/// `seconds` is the mean wall time of one analysis of the whole file.
pub fn tokens(args: EvalTokensArgs) -> anyhow::Result<Outcome> {
    let path = &args.conllu;
    let input = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read CoNLL-U file {}", path.display()))?;
    let sentences =
        parse_conllu(&input).with_context(|| format!("malformed CoNLL-U in {}", path.display()))?;
    let eval = TokenEval::from_conllu(&sentences)
        .with_context(|| format!("cannot align tokens to text in {}", path.display()))?;
    let pipeline = Pipeline::danish();
    // Warm up once (model decoding, page faults), then score one run and time as
    // many more as fit in a quarter second: one dev file takes about a millisecond.
    let _ = pipeline.analyze(&eval.article);
    let report = eval.run(&pipeline);
    let (mut runs, t0) = (0u32, Instant::now());
    while runs == 0 || t0.elapsed().as_secs_f64() < 0.25 {
        std::hint::black_box(pipeline.analyze(&eval.article));
        runs += 1;
    }
    let seconds = t0.elapsed().as_secs_f64() / f64::from(runs);
    let mb_per_s = report.bytes as f64 / 1e6 / seconds;
    if args.json {
        let json = serde_json::json!({
            "file": path.display().to_string(),
            "sentences_gold": report.sentences_gold,
            "tokens_gold": report.tokens_gold,
            "tokens": prf_json(&report.tokens),
            "sentences": prf_json(&report.sentences),
            "seconds": round(seconds, 6),
            "mb_per_s": round(mb_per_s, 2),
        });
        println!("{json}");
    } else {
        println!("{}", path.display());
        println!(
            "{:<10} {:>9} {:>9} {:>9} {:>7} {:>7} {:>7}",
            "", "precision", "recall", "f1", "tp", "fp", "fn"
        );
        for (name, prf) in [("tokens", &report.tokens), ("sentences", &report.sentences)] {
            println!(
                "{:<10} {:>9.2} {:>9.2} {:>9.2} {:>7} {:>7} {:>7}",
                name,
                100.0 * prf.precision(),
                100.0 * prf.recall(),
                100.0 * prf.f1(),
                prf.tp,
                prf.fp,
                prf.fn_
            );
        }
        println!(
            "{} gold sentences, {} gold tokens; tokenize + split {} bytes in {:.5} s ({:.1} MB/s)",
            report.sentences_gold, report.tokens_gold, report.bytes, seconds, mb_per_s
        );
    }
    Ok(Outcome::Success)
}

/// Percentages with two decimals, plus the raw counts.
fn prf_json(prf: &Prf) -> serde_json::Value {
    serde_json::json!({
        "precision_pct": round(100.0 * prf.precision(), 2),
        "recall_pct": round(100.0 * prf.recall(), 2),
        "f1_pct": round(100.0 * prf.f1(), 2),
        "tp": prf.tp,
        "fp": prf.fp,
        "fn": prf.fn_,
    })
}

fn round(x: f64, decimals: i32) -> f64 {
    let f = 10f64.powi(decimals);
    (x * f).round() / f
}
