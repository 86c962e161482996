//! Bad input end to end: rejects file, summary, and the documented exit codes.

use std::io::Write;

use crate::{kilde, kilde_in, records};

const GOOD: &str = "date 2026-03-02 Vejret bliver mildt i weekenden.\n\nDet oplyser DMI.\n";

/// A directory holding one good file and three bad ones.
fn mixed_corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("in")).unwrap();
    std::fs::write(dir.path().join("in/a_good.txt"), GOOD).unwrap();
    std::fs::write(
        dir.path().join("in/b_bad_date.txt"),
        "date 2018-13 Et umuligt tidspunkt.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("in/c_bad_utf8.txt"),
        b"date 2026-03-03 Bl\xe5 bog.\n",
    )
    .unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(GOOD.replace("mildt", "koldt").as_bytes())
        .unwrap();
    let mut bytes = gz.finish().unwrap();
    bytes.truncate(bytes.len() - 12);
    std::fs::write(dir.path().join("in/d_truncated.gz"), bytes).unwrap();
    dir
}

#[test]
fn bad_records_are_rejected_with_reasons_and_the_run_goes_on() {
    let dir = mixed_corpus();
    let output = kilde_in(dir.path(), &["analyze", "in"], b"");
    assert_eq!(
        output.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(records(&output).len(), 1);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("b_bad_date.txt:1"), "{stderr}");
    assert!(stderr.contains("2018-13"), "{stderr}");
    let rejects = std::fs::read_to_string(dir.path().join("kilde-rejects.jsonl")).unwrap();
    let rejects: Vec<serde_json::Value> = rejects
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(rejects.len() >= 3, "{rejects:?}");
    for reject in &rejects {
        assert!(
            reject["reason"].as_str().is_some_and(|r| !r.is_empty()),
            "{reject}"
        );
        assert!(reject["path"].as_str().is_some(), "{reject}");
    }
}

#[test]
fn strict_stops_at_the_first_bad_record() {
    let dir = mixed_corpus();
    let output = kilde_in(dir.path(), &["analyze", "--strict", "in"], b"");
    assert_eq!(
        output.status.code(),
        Some(4),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn a_missing_input_is_fatal() {
    let output = kilde(&["analyze", "no/such/corpus"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no/such/corpus"));
}

#[test]
fn a_usage_error_exits_2() {
    assert_eq!(kilde(&["analyze"]).status.code(), Some(2));
    assert_eq!(
        kilde(&["analyze", "--format", "xml", "-"]).status.code(),
        Some(2)
    );
}

#[test]
fn a_clean_run_writes_no_rejects_file() {
    let dir = tempfile::tempdir().unwrap();
    let output = kilde_in(dir.path(), &["analyze", "-"], GOOD.as_bytes());
    assert_eq!(output.status.code(), Some(0));
    assert!(!dir.path().join("kilde-rejects.jsonl").exists());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("read 1 ")
            && stderr.contains("1 accepted")
            && stderr.contains("0 rejected"),
        "{stderr}"
    );
}
