//! Lists tokenization and sentence errors on a CoNLL-U file, for error analysis.
//!
//! `cargo run --release -p kilde-eval --example token_errors -- FILE [tokens|sentences]`

use kilde_core::Span;
use kilde_eval::{TokenEval, parse_conllu};
use kilde_nlp::Pipeline;

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .expect("usage: token_errors FILE [tokens|sentences]");
    let what = args.next().unwrap_or_else(|| "tokens".into());
    let input = std::fs::read_to_string(&path).expect("readable file");
    let eval = TokenEval::from_conllu(&parse_conllu(&input).expect("valid CoNLL-U"))
        .expect("aligned tokens");
    let report = eval.run(&Pipeline::danish());
    println!("tokens {:?} f1 {:.4}", report.tokens, report.tokens.f1());
    println!(
        "sentences {:?} f1 {:.4}",
        report.sentences,
        report.sentences.f1()
    );
    let predicted = Pipeline::danish().analyze(&eval.article);
    let text = &eval.article.text;
    let show = |s: Span| {
        let a = text.floor_char_boundary(s.start.saturating_sub(40));
        let b = text.ceil_char_boundary((s.end + 40).min(text.len()));
        format!(
            "{}[{}]{}",
            &text[a..s.start],
            &text[s.range()],
            &text[s.end..b]
        )
        .replace('\n', "⏎")
    };
    if what == "tokens" {
        let gold: std::collections::HashSet<Span> = eval.reference.tokens.iter().copied().collect();
        let pred: std::collections::HashSet<Span> = predicted.tokens.iter().copied().collect();
        for s in &predicted.tokens {
            if !gold.contains(s) {
                println!("FP {}", show(*s));
            }
        }
        for s in &eval.reference.tokens {
            if !pred.contains(s) {
                println!("FN {}", show(*s));
            }
        }
    } else {
        let ends = |d: &kilde_core::Doc| -> std::collections::BTreeSet<usize> {
            d.sentences.iter().map(|s| s.span.end).collect()
        };
        let (g, p) = (ends(&eval.reference), ends(&predicted));
        for e in p.difference(&g) {
            println!("FP-END {}", show(Span::new(*e, *e)));
        }
        for e in g.difference(&p) {
            println!("FN-END {}", show(Span::new(*e, *e)));
        }
    }
}
