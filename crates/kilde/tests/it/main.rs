//! End-to-end tests of the `kilde` binary: real processes, real files.

#![allow(clippy::unwrap_used)] // test helpers outside #[test] functions

mod analyze;
mod exit_codes;
mod search;
mod serve;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The repository root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// `../shared` beside the repository, or `None` (with a message) on a fresh clone without it.
pub fn shared() -> Option<PathBuf> {
    let path = repo().join("../shared");
    if path.is_dir() {
        Some(path)
    } else {
        eprintln!(
            "skipped: {} is absent (it holds the seed article and Danish data)",
            path.display()
        );
        None
    }
}

/// Runs `kilde ARGS` in `dir`, with `stdin` as standard input.
pub fn kilde_in(dir: &Path, args: &[&str], stdin: &[u8]) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_kilde"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin).unwrap();
    drop(input);
    child.wait_with_output().unwrap()
}

/// Runs `kilde ARGS` from the repository root with empty stdin.
pub fn kilde(args: &[&str]) -> Output {
    kilde_in(&repo(), args, b"")
}

/// Parses JSON Lines output.
pub fn records(output: &Output) -> Vec<serde_json::Value> {
    String::from_utf8(output.stdout.clone())
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

/// `text[start..end]` in code points, as Python slicing does.
pub fn slice(text: &str, start: u64, end: u64) -> String {
    text.chars()
        .skip(start as usize)
        .take((end - start) as usize)
        .collect()
}

/// Checks one record against schema/analysis.schema.json and the offset invariants.
pub fn check_record(record: &serde_json::Value) {
    static SCHEMA: std::sync::OnceLock<jsonschema::Validator> = std::sync::OnceLock::new();
    let validator = SCHEMA.get_or_init(|| {
        let schema = std::fs::read_to_string(repo().join("schema/analysis.schema.json")).unwrap();
        jsonschema::validator_for(&serde_json::from_str(&schema).unwrap()).unwrap()
    });
    let errors: Vec<String> = validator
        .iter_errors(record)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "schema violations: {errors:?}");

    let text = record["text"].as_str().unwrap();
    let n_chars = text.chars().count() as u64;
    let tokens = record["tokens"].as_array().unwrap();
    let mut previous_end = 0;
    for token in tokens {
        let (start, end) = (
            token["start"].as_u64().unwrap(),
            token["end"].as_u64().unwrap(),
        );
        assert!(
            previous_end <= start && start < end && end <= n_chars,
            "{token}"
        );
        let piece = slice(text, start, end);
        assert!(
            !piece.chars().any(char::is_whitespace),
            "token {piece:?} holds whitespace"
        );
        previous_end = end;
    }
    let mut next_token = 0;
    for sentence in record["sentences"].as_array().unwrap() {
        let (ts, te) = (
            sentence["token_start"].as_u64().unwrap(),
            sentence["token_end"].as_u64().unwrap(),
        );
        assert_eq!(ts, next_token, "sentences must partition the tokens");
        assert!(te > ts);
        assert_eq!(sentence["start"], tokens[ts as usize]["start"]);
        assert_eq!(sentence["end"], tokens[te as usize - 1]["end"]);
        next_token = te;
    }
    assert_eq!(next_token, tokens.len() as u64);
    for mention in record["entities"].as_array().unwrap() {
        let piece = slice(
            text,
            mention["start"].as_u64().unwrap(),
            mention["end"].as_u64().unwrap(),
        );
        assert_eq!(
            mention["text"],
            piece.as_str(),
            "a mention's text is what its span holds"
        );
    }
    for paragraph in record["paragraphs"].as_array().unwrap() {
        let piece = slice(
            text,
            paragraph["start"].as_u64().unwrap(),
            paragraph["end"].as_u64().unwrap(),
        );
        assert_eq!(piece.trim(), piece, "paragraphs are trimmed");
        assert!(!piece.contains("\n\n"), "a paragraph holds no blank line");
    }
}
