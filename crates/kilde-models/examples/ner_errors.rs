//! Prints the sentences of an IOB2 file where a model's entities differ from gold (for
//! error analysis on dev): `ner_errors MODEL IOB2`.
use std::path::Path;

use kilde_models::iob2::read_iob2;
use kilde_models::ner::{Label, NerModel};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let model = NerModel::from_bytes(&std::fs::read(&args[0])?)?;
    for s in read_iob2(Path::new(&args[1]), &Label::PRIMARY)? {
        let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
        let pred = model.predict_words(&words);
        let show = |r: &std::ops::Range<usize>| words[r.clone()].join(" ");
        let mut lines = Vec::new();
        for g in &s.entities {
            if !pred
                .iter()
                .any(|p| p.tokens == g.tokens && p.label == g.label)
            {
                let got = pred
                    .iter()
                    .find(|p| p.tokens.start < g.tokens.end && g.tokens.start < p.tokens.end);
                lines.push(format!(
                    "  MISS {} [{}] got {:?}",
                    g.label,
                    show(&g.tokens),
                    got.map(|p| format!("{} [{}]", p.label, show(&p.tokens)))
                ));
            }
        }
        for p in &pred {
            if !s
                .entities
                .iter()
                .any(|g| g.tokens.start < p.tokens.end && p.tokens.start < g.tokens.end)
            {
                lines.push(format!("  FP   {} [{}]", p.label, show(&p.tokens)));
            }
        }
        if !lines.is_empty() {
            println!("{}", words.join(" "));
            for l in lines {
                println!("{l}");
            }
        }
    }
    Ok(())
}
