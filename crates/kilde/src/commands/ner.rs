//! `kilde train ner` and `kilde eval ner`: training kilde's Danish NER model and scoring it
//! on IOB2 data. The work lives in `kilde_models::ner`; this is argument handling and output.
use std::path::{Path, PathBuf};

use anyhow::Context;
use kilde_models::iob2::read_iob2;
use kilde_models::ner::gazetteer::{Kind, NameLists, read_iso_countries};
use kilde_models::ner::train::{TrainConfig, train};
use kilde_models::ner::{Label, NerModel};
use kilde_models::score::Counts;

use super::Outcome;
use crate::cli::{EvalNerArgs, TrainNerArgs};

/// The ISO country list beside the UNER folder, where `../shared/data` keeps it.
fn default_countries(train: &Path) -> PathBuf {
    train
        .parent()
        .unwrap_or(Path::new("."))
        .join("../gazetteer-iso-codes-da/iso3166-1_countries_da.tsv")
}

/// `kilde train ner`: trains on `--train`, keeps the best epoch on `--dev`, writes `--out`.
/// Progress goes to stderr, one line per epoch.
pub fn train_ner(args: TrainNerArgs) -> anyhow::Result<Outcome> {
    let labels = Label::PRIMARY;
    let train_set = read_iob2(&args.train, &labels)?;
    let dev = read_iob2(&args.dev, &labels)?;
    let mut names = NameLists::builtin();
    let countries = args
        .countries
        .clone()
        .unwrap_or_else(|| default_countries(&args.train));
    match read_iso_countries(&countries) {
        Ok(list) => {
            eprintln!(
                "gazetteer: {} country names from {}",
                list.len(),
                countries.display()
            );
            for name in list {
                names.add(Kind::Country, &name);
            }
        }
        Err(e) if args.countries.is_none() => {
            eprintln!(
                "warning: no country names ({}: {e}); the model will differ from the shipped one",
                countries.display()
            );
        }
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", countries.display())),
    }
    let config = TrainConfig {
        epochs: args.epochs,
        seed: args.seed,
        ..TrainConfig::default()
    };
    eprintln!(
        "training {} perceptrons on {} sentences, each keeping its best of {} epochs on {} dev \
         sentences (seed {})",
        config.ensemble,
        train_set.len(),
        config.epochs,
        dev.len(),
        config.seed
    );
    let started = std::time::Instant::now();
    let model = train(&train_set, &dev, &config, &names, |r| {
        eprintln!(
            "member {} epoch {:3}  train mistakes {:5}  dev P {:.4} R {:.4} F1 {:.4}{}  ({:.1} s)",
            r.member,
            r.epoch,
            r.mistakes,
            r.dev.precision(),
            r.dev.recall(),
            r.dev.f1(),
            if r.best { "  best" } else { "" },
            r.seconds
        );
    })?;
    let scores = model.evaluate(&dev);
    for label in &labels {
        let c = scores.label(*label);
        if c.gold + c.predicted > 0 {
            eprintln!(
                "dev {label}: P {:.4} R {:.4} F1 {:.4}",
                c.precision(),
                c.recall(),
                c.f1()
            );
        }
    }
    let micro = scores.micro(&labels);
    eprintln!(
        "dev micro (averaged model): P {:.4} R {:.4} F1 {:.4}",
        micro.precision(),
        micro.recall(),
        micro.f1()
    );
    let bytes = model.to_bytes();
    std::fs::write(&args.out, &bytes)
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    eprintln!(
        "wrote {} ({} bytes) in {:.1} s",
        args.out.display(),
        bytes.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(Outcome::Success)
}

fn counts_json(c: &Counts) -> serde_json::Value {
    serde_json::json!({
        "precision": c.precision(),
        "recall": c.recall(),
        "f1": c.f1(),
        "tp": c.tp,
        "predicted": c.predicted,
        "gold": c.gold,
    })
}

/// `kilde eval ner`: exact-match span P/R/F1 per label and micro-averaged, and tokens per
/// second on one core (median of `--runs`), for the embedded model or `--model`.
pub fn eval_ner(args: EvalNerArgs) -> anyhow::Result<Outcome> {
    let owned;
    let (model, model_name) = match &args.model {
        Some(path) => {
            let bytes = std::fs::read(path)
                .with_context(|| format!("cannot read model {}", path.display()))?;
            owned = NerModel::from_bytes(&bytes)
                .with_context(|| format!("cannot load model {}", path.display()))?;
            (&owned, path.display().to_string())
        }
        None => (NerModel::embedded(), "embedded".to_string()),
    };
    // Scored on PER/ORG/LOC, those of them the model knows (UNER has no MISC).
    let labels: Vec<Label> = Label::PRIMARY
        .into_iter()
        .filter(|l| model.labels().contains(l))
        .collect();
    let sentences = read_iob2(&args.iob2, &labels)?;
    let report = model.evaluate_timed(&sentences, args.runs);
    let micro = report.scores.micro(&labels);
    if args.json {
        let per_label: serde_json::Map<String, serde_json::Value> = labels
            .iter()
            .map(|l| (l.name().to_string(), counts_json(&report.scores.label(*l))))
            .collect();
        let json = serde_json::json!({
            "system": "kilde",
            "file": args.iob2.display().to_string(),
            "model": model_name,
            "sentences": report.sentences,
            "tokens": report.tokens,
            "micro": counts_json(&micro),
            "labels": per_label,
            "runs": report.seconds.len(),
            "median_seconds": report.median_seconds(),
            "tokens_per_second": report.tokens_per_second(),
        });
        println!("{json}");
    } else {
        println!("{} (model: {model_name})", args.iob2.display());
        println!(
            "{:<6} {:>9} {:>9} {:>9} {:>6} {:>9} {:>6}",
            "", "precision", "recall", "f1", "tp", "predicted", "gold"
        );
        let rows = labels
            .iter()
            .map(|l| (l.name(), report.scores.label(*l)))
            .chain([("micro", micro)]);
        for (name, c) in rows {
            println!(
                "{:<6} {:>9.4} {:>9.4} {:>9.4} {:>6} {:>9} {:>6}",
                name,
                c.precision(),
                c.recall(),
                c.f1(),
                c.tp,
                c.predicted,
                c.gold
            );
        }
        println!(
            "{} sentences, {} tokens; {:.0} tokens/s on one core (median of {} runs)",
            report.sentences,
            report.tokens,
            report.tokens_per_second(),
            report.seconds.len()
        );
    }
    Ok(Outcome::Success)
}
