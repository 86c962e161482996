//! `kilde eval news`: quotes, speakers, cited sources and times scored against a
//! gold JSON Lines file (format: `crates/kilde-news/README.md`). The scoring lives
//! in `kilde_news::eval`; this is argument handling and output.

use std::io::BufReader;

use anyhow::Context;
use kilde_news::eval::{Accuracy, Prf, read_gold, score};

use super::Outcome;
use crate::cli::EvalNewsArgs;

/// Runs the full analysis pipeline over every gold article and prints the scores
/// (percentages with one decimal, or JSON with `--json`).
pub fn run(args: EvalNewsArgs) -> anyhow::Result<Outcome> {
    let path = &args.gold;
    let file = std::fs::File::open(path)
        .with_context(|| format!("cannot open gold file {}", path.display()))?;
    let gold = read_gold(BufReader::new(file)).with_context(|| format!("in {}", path.display()))?;
    let report = score(&super::pipeline(), &gold);
    if args.json {
        let mut json = serde_json::to_value(&report)?;
        json["file"] = path.display().to_string().into();
        println!("{json}");
    } else {
        let prf = |name: &str, p: &Prf| {
            println!(
                "{name:<14} P {:>5.1}  R {:>5.1}  F1 {:>5.1}   ({} matched, {} predicted, {} gold)",
                p.precision * 100.0,
                p.recall * 100.0,
                p.f1 * 100.0,
                p.tp,
                p.predicted,
                p.gold
            );
        };
        let acc = |name: &str, a: &Accuracy| {
            println!(
                "{name:<14} {:>5.1}%   ({} of {})",
                a.accuracy * 100.0,
                a.correct,
                a.total
            );
        };
        println!("{} ({} articles)", path.display(), report.articles);
        prf("quotes", &report.quotes);
        acc("speakers", &report.speakers);
        acc("direct", &report.direct);
        prf("cited sources", &report.cited_sources);
        prf("times", &report.times);
        acc("time values", &report.time_values);
    }
    if args.errors {
        for e in &report.errors {
            eprintln!("{e}");
        }
    }
    Ok(Outcome::Success)
}
