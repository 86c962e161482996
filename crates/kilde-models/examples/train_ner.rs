//! Trains the NER model without the CLI (for development and experiments):
//!
//! `cargo run --release -p kilde-models --example train_ner -- TRAIN DEV OUT [key=value ...]`
//!
//! Keys: `epochs`, `seed`, `bits`, `scheme` (`bio`/`bilou`), `prune`, `dropout`, `augment`,
//! `patience`; unset keys keep `TrainConfig::default()`, so with none this trains the
//! shipped model (as `kilde train ner` does).
use std::path::Path;

use kilde_models::iob2::read_iob2;
use kilde_models::ner::gazetteer::{Kind, NameLists, read_iso_countries};
use kilde_models::ner::train::{TrainConfig, train};
use kilde_models::ner::{Label, Scheme};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let labels = Label::PRIMARY;
    let misc = std::env::var("MISC").is_ok();
    let train_set = if misc {
        kilde_models::iob2::read_iob2_with_misc(Path::new(&args[0]))?
    } else {
        read_iob2(Path::new(&args[0]), &labels)?
    };
    let dev = read_iob2(Path::new(&args[1]), &labels)?;
    let mut config = TrainConfig::default();
    if misc {
        config.labels.push(Label::Misc);
    }
    for kv in &args[3..] {
        let (k, v) = kv.split_once('=').ok_or("expected key=value")?;
        match k {
            "epochs" => config.epochs = v.parse()?,
            "seed" => config.seed = v.parse()?,
            "bits" => config.bits = v.parse()?,
            "scheme" => {
                config.scheme = if v == "bio" {
                    Scheme::Bio
                } else {
                    Scheme::Bilou
                }
            }
            "prune" => config.prune = v.parse()?,
            "dropout" => config.dropout = v.parse()?,
            "augment" => config.augment = v.parse()?,
            "patience" => config.patience = v.parse()?,
            "ensemble" => config.ensemble = v.parse()?,
            _ => return Err(format!("unknown key {k}").into()),
        }
    }
    let mut names = NameLists::builtin();
    let iso = Path::new(&args[0])
        .parent()
        .ok_or("train file has no folder")?
        .join("../gazetteer-iso-codes-da/iso3166-1_countries_da.tsv");
    for name in read_iso_countries(&iso)? {
        names.add(Kind::Country, &name);
    }
    eprintln!("{config:?}");
    let started = std::time::Instant::now();
    let model = train(&train_set, &dev, &config, &names, |r| {
        eprintln!(
            "member {} epoch {:2}  mistakes {:5}  dev P {:.4} R {:.4} F1 {:.4}{}  {:.1}s",
            r.member,
            r.epoch,
            r.mistakes,
            r.dev.precision(),
            r.dev.recall(),
            r.dev.f1(),
            if r.best { " *" } else { "" },
            r.seconds
        )
    })?;
    let bytes = model.to_bytes();
    std::fs::write(&args[2], &bytes)?;
    let scores = model.evaluate(&dev);
    for l in labels {
        let c = scores.label(l);
        eprintln!(
            "{l}: P {:.4} R {:.4} F1 {:.4} ({} gold)",
            c.precision(),
            c.recall(),
            c.f1(),
            c.gold
        );
    }
    eprintln!(
        "{} bytes, {:.1}s total",
        bytes.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
