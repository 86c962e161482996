//! `kilde ingest` and `kilde search` end to end: a real index on disk, real processes.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use kilde_search::{KildeIndex, SearchRequest};

use crate::{kilde, repo};

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn json(output: &std::process::Output) -> serde_json::Value {
    assert!(output.status.success(), "{}", stderr(output));
    serde_json::from_slice(&output.stdout).unwrap()
}

/// Indexes the demo corpus into `dir`.
fn demo_index(dir: &Path) -> String {
    let out = kilde(&[
        "ingest",
        "examples/demo",
        "--index",
        dir.to_str().unwrap(),
        "-q",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    dir.to_str().unwrap().to_string()
}

fn search(index: &str, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["search", "--index", index, "--json"];
    all.extend_from_slice(args);
    json(&kilde(&all))
}

#[test]
fn ingest_is_idempotent_and_search_finds_inflected_and_compound_words() {
    let tmp = tempfile::tempdir().unwrap();
    let index = demo_index(&tmp.path().join("idx"));
    let again = kilde(&["ingest", "examples/demo", "--index", &index, "-q"]);
    assert!(again.status.success());
    assert!(
        stderr(&again).contains("indexed 0 new article(s), skipped 49 already indexed"),
        "{}",
        stderr(&again)
    );
    assert_eq!(search(&index, &["--limit", "0"])["total"], 49);

    // Plural query, singular text; the snippet marks the word as written.
    let hits = search(&index, &["missiltests"]);
    assert!(hits["total"].as_u64().unwrap() >= 1);
    let snippet = &hits["hits"][0]["snippet"];
    let [start, end] = [0, 1].map(|i| snippet["highlights"][0][i].as_u64().unwrap());
    let marked = crate::slice(snippet["text"].as_str().unwrap(), start, end);
    assert_eq!(marked.to_lowercase(), "missiltest");

    // A compound part: `skader` is in the text only inside `stormskader`.
    let parts = search(&index, &["stormskade"]);
    assert!(parts["total"].as_u64().unwrap() >= 2, "{parts}");
}

#[test]
fn filters_sorting_and_facets() {
    let tmp = tempfile::tempdir().unwrap();
    let index = demo_index(&tmp.path().join("idx"));
    let march = search(
        &index,
        &["--from", "2026-03", "--to", "2026-03", "--limit", "100"],
    );
    let hits = march["hits"].as_array().unwrap();
    assert!(!hits.is_empty());
    assert!(
        hits.iter()
            .all(|h| h["date"].as_str().unwrap().starts_with("2026-03"))
    );

    let newest = search(&index, &["--sort", "newest", "--limit", "100"]);
    let dates: Vec<&str> = newest["hits"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|h| h["date"].as_str())
        .collect();
    assert!(dates.len() > 10);
    // A month-precision date sorts as the first day of its month.
    let starts: Vec<String> = dates
        .iter()
        .map(|d| {
            if d.len() == 7 {
                format!("{d}-01")
            } else {
                d.to_string()
            }
        })
        .collect();
    assert!(starts.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");

    let faceted = search(&index, &["--facets", "--attention", "week"]);
    let facets = &faceted["facets"];
    let months: u64 = facets["months"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["count"].as_u64().unwrap())
        .sum();
    assert_eq!(months, 49, "every demo article is dated: {facets}");
    assert!(
        facets["sources"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["value"].as_str().unwrap().eq_ignore_ascii_case("ritzau"))
    );
    assert!(
        facets["entities"]["PER"]
            .as_array()
            .is_some_and(|a| !a.is_empty())
    );
    assert!(
        !faceted["attention"]["points"]
            .as_array()
            .unwrap()
            .is_empty()
    );

    let ritzau = search(&index, &["--source", "ritzau", "--limit", "100"]);
    assert!(ritzau["total"].as_u64().unwrap() > 0);
    assert!(
        ritzau["hits"]
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h["sources"].to_string().to_lowercase().contains("ritzau"))
    );
}

#[test]
fn query_errors_point_at_the_position_and_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    let index = demo_index(&tmp.path().join("idx"));
    let out = kilde(&["search", "--index", &index, "speaker:\"Mette Frederiksen"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains('^'), "{}", stderr(&out));
    let out = kilde(&["search", "--index", &index, "--from", "2026-13", "storm"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("from date"), "{}", stderr(&out));
}

#[test]
fn missing_and_foreign_indexes_are_refused_clearly() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("nothing-here");
    let out = kilde(&["search", "--index", missing.to_str().unwrap(), "storm"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no kilde index"), "{}", stderr(&out));

    let other = tmp.path().join("other");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(other.join("notes.txt"), "mine").unwrap();
    let out = kilde(&[
        "ingest",
        "examples/demo",
        "--index",
        other.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("holds no kilde index"),
        "{}",
        stderr(&out)
    );

    let index = demo_index(&tmp.path().join("idx"));
    let meta = Path::new(&index).join("kilde-index.json");
    let text = std::fs::read_to_string(&meta).unwrap();
    let version = format!("\"schema_version\": {}", kilde_search::SCHEMA_VERSION);
    assert!(text.contains(&version), "{text}");
    std::fs::write(&meta, text.replace(&version, "\"schema_version\": 999")).unwrap();
    let out = kilde(&["search", "--index", &index, "storm"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("schema version 999"),
        "{}",
        stderr(&out)
    );
}

/// Our own small articles, each with a unique number so each has its own id.
fn numbered_articles(n: usize) -> String {
    let towns = [
        "Aarhus", "Odense", "Aalborg", "Esbjerg", "Vejle", "Roskilde",
    ];
    let mut out = String::new();
    for i in 0..n {
        let town = towns[i % towns.len()];
        let record = serde_json::json!({
            "date": format!("2025-{:02}-{:02}", 1 + i % 12, 1 + i % 28),
            "text": format!(
                "Byrådet i {town} vedtog forslag nummer {i} om nye cykelstier.\n\n\
                 - Vi har ventet længe på det, siger rådmand Karen Holm til Ritzau.\n\n\
                 Arbejdet begynder efter sommerferien og koster {i} tusind kroner."
            ),
        });
        out.push_str(&record.to_string());
        out.push('\n');
    }
    out
}

/// Every article id in the index, by paging through all of them.
fn all_ids(dir: &Path) -> Vec<String> {
    let index = KildeIndex::open(dir).unwrap();
    let mut ids = Vec::new();
    loop {
        let mut request = SearchRequest::new("", 1000);
        request.offset = ids.len();
        let page = index.search(&request).unwrap();
        if page.hits.is_empty() {
            return ids;
        }
        ids.extend(page.hits.into_iter().map(|h| h.id));
    }
}

#[test]
fn a_killed_ingest_leaves_a_whole_index_and_the_next_run_completes_it() {
    const N: usize = 3000;
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus.jsonl");
    std::fs::write(&corpus, numbered_articles(N)).unwrap();
    let dir = tmp.path().join("idx");
    let ingest = || {
        Command::new(env!("CARGO_BIN_EXE_kilde"))
            .args(["ingest", "--commit-every", "200", "--index"])
            .arg(&dir)
            .arg(&corpus)
            .current_dir(repo())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    let mut child = ingest();
    // Kill it (SIGKILL) once at least one commit is visible, well before the end.
    let t0 = Instant::now();
    let committed = loop {
        if let Ok(index) = KildeIndex::open(&dir) {
            let n = index.num_articles();
            if n > 0 {
                break n;
            }
        }
        assert!(
            t0.elapsed() < Duration::from_secs(120),
            "no commit within two minutes"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    child.kill().unwrap();
    let status = child.wait().unwrap();
    assert!(
        !status.success(),
        "the ingest finished before it was killed"
    );
    assert!((committed as usize) < N);

    // The index opens after the kill and holds whole articles only, each once.
    let ids = all_ids(&dir);
    assert!(
        !ids.is_empty() && ids.len() < N,
        "{} articles after the kill",
        ids.len()
    );
    let unique: std::collections::HashSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len());
    let index = KildeIndex::open(&dir).unwrap();
    for id in ids.iter().take(50) {
        let record = index.article(id).unwrap().unwrap();
        assert!(record["text"].as_str().unwrap().contains("cykelstier"));
    }
    drop(index);

    // Running the same ingest again completes the index: every article exactly once.
    assert!(ingest().wait().unwrap().success());
    let ids = all_ids(&dir);
    let unique: std::collections::HashSet<&String> = ids.iter().collect();
    assert_eq!(ids.len(), N);
    assert_eq!(unique.len(), N);
}
