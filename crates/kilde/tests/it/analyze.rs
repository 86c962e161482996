//! `kilde analyze`: the contract on the seed article, the demo corpus and JSON Lines.

use crate::{check_record, kilde, kilde_in, records, shared, slice};

#[test]
fn seed_article_golden() {
    let Some(shared) = shared() else { return };
    let seed = shared.join("seeds/000_5d9bf820c77703f7.txt");
    let output = kilde(&["analyze", seed.to_str().unwrap()]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let records = records(&output);
    assert_eq!(records.len(), 1);
    let record = &records[0];
    check_record(record);
    assert_eq!(record["date"], "2018-03");
    assert_eq!(record["sources"], serde_json::json!(["ritzau"]));
    assert_eq!(record["paragraphs"].as_array().unwrap().len(), 15);
    let text = record["text"].as_str().unwrap();
    assert!(
        text.starts_with("USA's præsident, Donald Trump,"),
        "{text:.40}"
    );
    assert!(text.ends_with("de to koreanske stater."));
    assert!(!text.contains("date 2018") && !text.contains("ritzau"));
    // Every token slices back to exactly what the text holds there, and the
    // tokenizer keeps the Danish conventions the seed exercises.
    let tokens: Vec<String> = record["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            slice(
                text,
                t["start"].as_u64().unwrap(),
                t["end"].as_u64().unwrap(),
            )
        })
        .collect();
    for expected in [
        "USA's",
        "Jong-un",
        "Eui-young",
        "FN-resolutioner",
        "tv-stationerne",
        "\"",
        "-",
    ] {
        assert!(
            tokens.iter().any(|t| t == expected),
            "no token {expected:?}"
        );
    }
    let sentences = record["sentences"].as_array().unwrap();
    // 15 paragraphs, three of which hold two sentences.
    assert_eq!(sentences.len(), 18);
}

#[test]
fn demo_corpus_meets_the_contract() {
    let output = kilde(&["analyze", "--quiet", "examples/demo"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let records = records(&output);
    assert!(records.len() >= 44, "{} articles", records.len());
    for record in &records {
        check_record(record);
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!("{} accepted", records.len())),
        "{stderr}"
    );
}

#[test]
fn ids_are_stable_across_runs() {
    let ids = |output: &std::process::Output| -> Vec<String> {
        records(output)
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_string())
            .collect()
    };
    let first = ids(&kilde(&["analyze", "-q", "examples/demo"]));
    let second = ids(&kilde(&["analyze", "-q", "examples/demo"]));
    assert_eq!(first, second);
    let unique: std::collections::BTreeSet<_> = first.iter().collect();
    assert_eq!(
        unique.len(),
        first.len(),
        "distinct articles get distinct ids"
    );
}

#[test]
fn json_lines_from_stdin_pass_extra_fields_through() {
    let input = concat!(
        r#"{"id":"a1","date":"2026-03-02","sources":["DR"],"title":"Regn","section":"indland","text":"Det regner i Aarhus i dag.\n\nMeteorologerne venter sol i morgen."}"#,
        "\n",
        r#"{"text":"Uden dato, men med tekst."}"#,
        "\n"
    );
    let dir = tempfile::tempdir().unwrap();
    let output = kilde_in(dir.path(), &["analyze", "-"], input.as_bytes());
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let records = records(&output);
    assert_eq!(records.len(), 2);
    records.iter().for_each(check_record);
    assert_eq!(records[0]["id"], "a1");
    assert_eq!(records[0]["title"], "Regn");
    assert_eq!(records[0]["extra"]["section"], "indland");
    assert_eq!(records[0]["paragraphs"].as_array().unwrap().len(), 2);
    assert_eq!(records[1]["date"], serde_json::Value::Null);
    assert_eq!(records[1]["id"].as_str().unwrap().len(), 16);
}

#[test]
fn pretty_format_is_for_people() {
    let dir = tempfile::tempdir().unwrap();
    let input = "date 2026-03-05 Ministeren kom kl. 10. Hun sagde ingenting.\n\n- Vi venter, siger hun.\n\n/ritzau/AFP\n";
    let output = kilde_in(
        dir.path(),
        &["analyze", "--format", "pretty", "-"],
        input.as_bytes(),
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("2026-03-05  sources: ritzau, AFP"), "{text}");
    assert!(text.contains("2 paragraphs, 3 sentences"), "{text}");
    assert!(text.contains("kl. · 10 · ."), "{text}");
    assert!(text.contains("- · Vi · venter"), "{text}");
}

#[test]
fn demo_command_summarises_the_corpus() {
    let output = kilde(&["demo", "--no-serve"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("0 rejected"), "{text}");
    assert!(text.contains("dates       2026-"), "{text}");
    assert!(text.contains("ritzau ×"), "{text}");
}

#[test]
fn seed_entities_golden() {
    let Some(shared) = shared() else { return };
    let seed = shared.join("seeds/000_5d9bf820c77703f7.txt");
    let output = kilde(&["analyze", seed.to_str().unwrap()]);
    let record = &records(&output)[0];
    let mentions = record["entities"].as_array().unwrap();
    let entity_of = |text: &str| -> (String, String, String) {
        let m = mentions
            .iter()
            .find(|m| m["text"] == text)
            .unwrap_or_else(|| panic!("no mention {text:?} in {mentions:?}"));
        let s = |k: &str| m[k].as_str().unwrap().to_string();
        (s("label"), s("canonical"), s("entity_id"))
    };
    for (text, label, canonical) in [
        ("Donald Trump", "PER", "Donald Trump"),
        ("Kim Jong-un", "PER", "Kim Jong-un"),
        ("USA's", "LOC", "USA"),
        ("Nordkoreas", "LOC", "Nordkorea"),
        ("Sydkoreas", "LOC", "Sydkorea"),
        ("Reuters", "ORG", "Reuters"),
        ("CNN", "ORG", "CNN"),
        ("Fox", "ORG", "Fox"),
        ("FN-resolutioner", "ORG", "FN"),
    ] {
        let (l, c, _) = entity_of(text);
        assert_eq!((l.as_str(), c.as_str()), (label, canonical), "{text}");
    }
    let (label, canonical, _) = entity_of("Det Hvide Hus");
    assert!(label == "ORG" || label == "LOC");
    assert_eq!(canonical, "Det Hvide Hus");
    // Both spellings of the South Korean adviser are one entity.
    let young = entity_of("Chung Eui-young");
    let yong = entity_of("Chung Eui-yong");
    assert_eq!(young.2, yong.2);
    assert!(young.1 == "Chung Eui-young" || young.1 == "Chung Eui-yong");
    // The short form links to the full name.
    assert_eq!(entity_of("Kim").2, entity_of("Kim Jong-un").2);
    assert_eq!(entity_of("Nordkorea").2, entity_of("Nordkoreas").2);
}

/// Thousands of real Danish sentences in synthetic articles: the whole analysis
/// must run over all of them without a panic, and every record must hold the contract.
#[test]
fn analysis_survives_a_synthetic_corpus_of_real_sentences() {
    let Some(shared) = shared() else { return };
    let sentences = shared.join("data/uner-danish-ddt/da_ddt-ud-train.iob2");
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("synth.txt");
    let output = kilde(&[
        "corpus",
        "synth",
        "--articles",
        "500",
        "--seed",
        "7",
        "--sentences",
        sentences.to_str().unwrap(),
        "--out",
        corpus.to_str().unwrap(),
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let output = kilde_in(
        dir.path(),
        &["analyze", "-q", corpus.to_str().unwrap()],
        b"",
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let records = records(&output);
    assert_eq!(records.len(), 500);
    records.iter().for_each(check_record);
}
