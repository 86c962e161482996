//! The NER model as a user sees it: the shipped model, its file format, training.
use std::path::PathBuf;

use kilde_core::{Sentence, Span};
use kilde_models::iob2::{Iob2Sentence, parse_iob2, read_iob2};
use kilde_models::ner::gazetteer::NameLists;
use kilde_models::ner::train::{TrainConfig, train};
use kilde_models::ner::{EMBEDDED_MODEL, EntitySpan, Label, ModelError, NerModel};

/// Whitespace tokens of `text` as one sentence.
fn doc(text: &str) -> (Vec<Span>, Vec<Sentence>) {
    let mut tokens = Vec::new();
    let mut pos = 0;
    for word in text.split(' ') {
        tokens.push(Span::new(pos, pos + word.len()));
        pos += word.len() + 1;
    }
    let sentences = vec![Sentence {
        span: Span::new(0, text.len()),
        tokens: 0..tokens.len(),
    }];
    (tokens, sentences)
}

/// The entities the embedded model finds, as (text, label).
fn entities(text: &str) -> Vec<(String, Label)> {
    let (tokens, sentences) = doc(text);
    NerModel::embedded()
        .predict(text, &tokens, &sentences)
        .into_iter()
        .map(|EntitySpan { tokens: r, label }| {
            (
                text[tokens[r.start].start..tokens[r.end - 1].end].to_string(),
                label,
            )
        })
        .collect()
}

fn has(found: &[(String, Label)], text: &str, label: Label) -> bool {
    found.iter().any(|(t, l)| t == text && *l == label)
}

#[test]
fn embedded_model_finds_a_politician_a_party_and_a_city() {
    let found = entities(
        "Statsminister Mette Frederiksen fra Socialdemokratiet holdt tale i Aarhus i går .",
    );
    assert!(has(&found, "Mette Frederiksen", Label::Per), "{found:?}");
    assert!(has(&found, "Socialdemokratiet", Label::Org), "{found:?}");
    assert!(has(&found, "Aarhus", Label::Loc), "{found:?}");
}

#[test]
fn embedded_model_on_foreign_news() {
    let found = entities(
        "Ifølge Reuters vil Donald Trump mødes med Kim Jong-un i Singapore , mens Kina og Sydkorea følger med .",
    );
    assert!(has(&found, "Donald Trump", Label::Per), "{found:?}");
    assert!(has(&found, "Kim Jong-un", Label::Per), "{found:?}");
    assert!(has(&found, "Singapore", Label::Loc), "{found:?}");
    assert!(has(&found, "Reuters", Label::Org), "{found:?}");
    assert!(has(&found, "Sydkorea", Label::Loc), "{found:?}");
}

#[test]
fn embedded_model_leaves_plain_sentences_alone() {
    assert_eq!(
        entities("Det regner i hele landet i morgen , siger hun ."),
        []
    );
    assert_eq!(entities(""), [], "empty text, one empty token");
}

#[test]
fn predict_offsets_are_document_token_indices() {
    let text = "Han bor i Odense . Hun bor i Aalborg .";
    let (tokens, _) = doc(text);
    let sentences = vec![
        Sentence {
            span: Span::new(0, 17),
            tokens: 0..5,
        },
        Sentence {
            span: Span::new(18, text.len()),
            tokens: 5..10,
        },
    ];
    let found = NerModel::embedded().predict(text, &tokens, &sentences);
    assert!(
        found.contains(&EntitySpan {
            tokens: 8..9,
            label: Label::Loc
        }),
        "{found:?}"
    );
}

#[test]
fn model_file_round_trips_and_refuses_damage() {
    let model = NerModel::from_bytes(EMBEDDED_MODEL).unwrap();
    assert_eq!(model.to_bytes(), EMBEDDED_MODEL, "encoding is canonical");
    assert_eq!(NerModel::from_bytes(&model.to_bytes()).unwrap(), model);
    assert!(EMBEDDED_MODEL.len() < 20_000_000);

    let mut bad = EMBEDDED_MODEL.to_vec();
    bad[0] = b'X';
    assert_eq!(NerModel::from_bytes(&bad), Err(ModelError::BadMagic));
    let mut bad = EMBEDDED_MODEL.to_vec();
    bad[8] = 99;
    assert_eq!(
        NerModel::from_bytes(&bad),
        Err(ModelError::Version { found: 99 })
    );
    let mut bad = EMBEDDED_MODEL.to_vec();
    let mid = bad.len() / 2;
    bad[mid] ^= 0x10;
    assert!(matches!(
        NerModel::from_bytes(&bad),
        Err(ModelError::Corrupt(_))
    ));
    assert!(NerModel::from_bytes(&EMBEDDED_MODEL[..EMBEDDED_MODEL.len() - 1]).is_err());
    assert!(NerModel::from_bytes(b"KILDE").is_err());
}

fn mini() -> Vec<Iob2Sentence> {
    parse_iob2(include_str!("fixtures/mini.iob2"), &Label::PRIMARY).expect("fixture parses")
}

fn small_config(seed: u64) -> TrainConfig {
    TrainConfig {
        epochs: 4,
        seed,
        bits: 14,
        ensemble: 2,
        ..TrainConfig::default()
    }
}

#[test]
fn training_is_reproducible_to_the_byte() {
    let data = mini();
    let names = NameLists::builtin();
    let a = train(&data, &data, &small_config(7), &names, |_| {})
        .unwrap()
        .to_bytes();
    let b = train(&data, &data, &small_config(7), &names, |_| {})
        .unwrap()
        .to_bytes();
    assert_eq!(a, b);
    let c = train(&data, &data, &small_config(8), &names, |_| {})
        .unwrap()
        .to_bytes();
    assert_ne!(a, c, "the seed matters");
}

#[test]
fn training_learns_its_data_and_reports_each_epoch() {
    let data = mini();
    let mut epochs = Vec::new();
    let model = train(&data, &data, &small_config(1), &NameLists::builtin(), |r| {
        epochs.push((r.member, r.epoch))
    })
    .unwrap();
    assert_eq!(
        epochs,
        [
            (1, 1),
            (1, 2),
            (1, 3),
            (1, 4),
            (2, 1),
            (2, 2),
            (2, 3),
            (2, 4)
        ]
    );
    let f1 = model.evaluate(&data).micro(&Label::PRIMARY).f1();
    assert!(f1 > 0.9, "{f1}");
    assert!(train(&[], &data, &small_config(1), &NameLists::builtin(), |_| {}).is_err());
}

/// `../shared/data/uner-danish-ddt` beside the repository, when it is there.
fn uner(file: &str) -> Option<PathBuf> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/uner-danish-ddt")
        .join(file);
    if path.exists() {
        Some(path)
    } else {
        eprintln!("skipped: {} not found", path.display());
        None
    }
}

#[test]
fn embedded_model_scores_on_uner_dev() {
    let Some(path) = uner("da_ddt-ud-dev.iob2") else {
        return;
    };
    let dev = read_iob2(&path, &Label::PRIMARY).unwrap();
    let micro = NerModel::embedded().evaluate(&dev).micro(&Label::PRIMARY);
    // Measured when the model was trained: see models/MODEL_CARD.md.
    assert!(
        micro.f1() > 0.77,
        "dev micro F1 {:.4} (0.7818 when trained)",
        micro.f1()
    );
    assert_eq!(micro.gold, 379);
}
