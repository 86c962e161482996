//! Scoring search results against a relevance gold set (`eval/search_gold.jsonl`).
//!
//! Pure arithmetic over ranked article ids, with no index involved, so the same
//! scorer judges kilde's Danish analyzer and the plain-stemming baseline that
//! `kilde eval search` compares it with.
//!
//! ```
//! use kilde_search::eval::{GoldQuery, score};
//!
//! let gold = vec![GoldQuery {
//!     id: "q1".into(),
//!     query: "storm".into(),
//!     kind: "compound".into(),
//!     relevant: vec!["a".into(), "b".into()],
//!     note: String::new(),
//! }];
//! let scores = score(&gold, &[vec!["x".into(), "a".into()]], 10);
//! assert_eq!(scores.recall_at_k, 0.5);
//! assert_eq!(scores.mrr, 0.5);
//! assert_eq!(scores.misses[0].missing, ["b"]);
//! ```

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// One query of the gold set with every article judged relevant to it.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GoldQuery {
    /// Unique id, e.g. `q01`.
    pub id: String,
    /// The query as a user would type it (bare words, `"phrases"`, `OR`, `NOT`).
    pub query: String,
    /// What it tests: `compound`, `inflection`, `name`, `genitive`, `phrase`, `plain`.
    pub kind: String,
    /// Ids of the relevant articles.
    pub relevant: Vec<String>,
    /// Which forms in the text make the articles relevant.
    #[serde(default)]
    pub note: String,
}

/// Why a gold file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum GoldError {
    /// The file cannot be read.
    #[error("{}: {source}", path.display())]
    Io {
        /// The gold file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A line is not a valid gold query.
    #[error("{}:{line}: {message}", path.display())]
    Line {
        /// The gold file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong there.
        message: String,
    },
}

/// Reads a JSON Lines gold set (blank lines allowed). A query needs a non-empty id
/// and query text and at least one relevant article, since recall is undefined
/// without one; ids must be unique so misses can be traced back.
pub fn load_gold(path: &Path) -> Result<Vec<GoldQuery>, GoldError> {
    let text = std::fs::read_to_string(path).map_err(|source| GoldError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut gold = Vec::new();
    let mut first_line: HashMap<String, usize> = HashMap::new();
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        if raw.trim().is_empty() {
            continue;
        }
        let bad = |message: String| GoldError::Line {
            path: path.to_path_buf(),
            line,
            message,
        };
        let query: GoldQuery = serde_json::from_str(raw).map_err(|e| bad(e.to_string()))?;
        if query.id.trim().is_empty() {
            return Err(bad("empty \"id\"".into()));
        }
        if query.query.trim().is_empty() {
            return Err(bad(format!("query {}: empty \"query\"", query.id)));
        }
        if query.relevant.is_empty() {
            return Err(bad(format!("query {}: no relevant articles", query.id)));
        }
        if let Some(first) = first_line.insert(query.id.clone(), line) {
            return Err(bad(format!(
                "duplicate id {:?} (first on line {first})",
                query.id
            )));
        }
        gold.push(query);
    }
    Ok(gold)
}

/// Recall@k and MRR over a group of queries.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KindScores {
    /// Queries in the group.
    pub queries: usize,
    /// Mean recall@k.
    pub recall_at_k: f64,
    /// Mean reciprocal rank.
    pub mrr: f64,
}

/// A query that did not find all its relevant articles in the top k.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Miss {
    /// The query's id.
    pub id: String,
    /// The query text.
    pub query: String,
    /// Relevant article ids not in the top k, in gold order.
    pub missing: Vec<String>,
}

/// The scores of one system on a gold set.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchScores {
    /// Queries scored.
    pub queries: usize,
    /// The cut-off for recall.
    pub k: usize,
    /// Mean over queries of the fraction of relevant articles in the top k.
    pub recall_at_k: f64,
    /// Mean over queries of 1/rank of the first relevant article (0 when none).
    pub mrr: f64,
    /// The same per query kind.
    pub by_kind: BTreeMap<String, KindScores>,
    /// Queries with recall@k below 1, in gold order.
    pub misses: Vec<Miss>,
}

/// Scores ranked result ids per query: recall@k (fraction of relevant found in the
/// top k, averaged over queries) and MRR (1/rank of the first relevant, 0 if none in
/// the list), overall and per kind. `ranked[i]` is the result list of `gold[i]`,
/// best first; an id repeated in a list counts once. MRR looks at the whole list,
/// so the caller decides how deep it goes. Means over no queries are 0.
///
/// # Panics
///
/// When `ranked` and `gold` differ in length: the lists would be misattributed.
pub fn score(gold: &[GoldQuery], ranked: &[Vec<String>], k: usize) -> SearchScores {
    assert_eq!(
        gold.len(),
        ranked.len(),
        "one ranked list is needed per gold query"
    );
    let mut sums: BTreeMap<String, (usize, f64, f64)> = BTreeMap::new();
    let (mut recall_sum, mut rr_sum) = (0.0, 0.0);
    let mut misses = Vec::new();
    for (query, results) in gold.iter().zip(ranked) {
        let relevant: HashSet<&str> = query.relevant.iter().map(String::as_str).collect();
        let top: HashSet<&str> = results.iter().take(k).map(String::as_str).collect();
        let found = relevant.intersection(&top).count();
        let recall = found as f64 / relevant.len() as f64;
        let rr = results
            .iter()
            .position(|id| relevant.contains(id.as_str()))
            .map_or(0.0, |index| 1.0 / (index + 1) as f64);
        recall_sum += recall;
        rr_sum += rr;
        let entry = sums.entry(query.kind.clone()).or_default();
        entry.0 += 1;
        entry.1 += recall;
        entry.2 += rr;
        if found < relevant.len() {
            let mut seen = HashSet::new();
            let missing = query
                .relevant
                .iter()
                .filter(|id| !top.contains(id.as_str()) && seen.insert(id.as_str()))
                .cloned()
                .collect();
            misses.push(Miss {
                id: query.id.clone(),
                query: query.query.clone(),
                missing,
            });
        }
    }
    let by_kind = sums
        .into_iter()
        .map(|(kind, (queries, recall, rr))| {
            let n = queries as f64;
            let scores = KindScores {
                queries,
                recall_at_k: recall / n,
                mrr: rr / n,
            };
            (kind, scores)
        })
        .collect();
    let n = gold.len().max(1) as f64;
    SearchScores {
        queries: gold.len(),
        k,
        recall_at_k: recall_sum / n,
        mrr: rr_sum / n,
        by_kind,
        misses,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn query(id: &str, kind: &str, relevant: &[&str]) -> GoldQuery {
        GoldQuery {
            id: id.into(),
            query: format!("query {id}"),
            kind: kind.into(),
            relevant: relevant.iter().map(|s| s.to_string()).collect(),
            note: String::new(),
        }
    }

    fn ids(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn recall_and_mrr_on_hand_made_rankings() {
        let gold = [
            query("q1", "compound", &["a", "b"]),
            query("q2", "compound", &["c"]),
            query("q3", "name", &["d", "e", "f", "g"]),
            query("q4", "name", &["h"]),
        ];
        let ranked = [
            // a at rank 2, b at rank 3 (inside k = 3): recall 1, RR 1/2.
            ids(&["x", "a", "b"]),
            // c at rank 4, outside the top 3: recall 0, but RR 1/4.
            ids(&["x", "y", "z", "c"]),
            // d and f in the top 3: recall 2/4, RR 1.
            ids(&["d", "x", "f", "e"]),
            // nothing: recall 0, RR 0.
            ids(&[]),
        ];
        let scores = score(&gold, &ranked, 3);
        assert_eq!(scores.queries, 4);
        assert_eq!(scores.k, 3);
        assert_eq!(scores.recall_at_k, (1.0 + 0.0 + 0.5 + 0.0) / 4.0);
        assert_eq!(scores.mrr, (0.5 + 0.25 + 1.0 + 0.0) / 4.0);
        let compound = &scores.by_kind["compound"];
        assert_eq!(compound.queries, 2);
        assert_eq!(compound.recall_at_k, 0.5);
        assert_eq!(compound.mrr, 0.375);
        let name = &scores.by_kind["name"];
        assert_eq!(name.queries, 2);
        assert_eq!(name.recall_at_k, 0.25);
        assert_eq!(name.mrr, 0.5);
        let missed: Vec<(&str, Vec<String>)> = scores
            .misses
            .iter()
            .map(|m| (m.id.as_str(), m.missing.clone()))
            .collect();
        assert_eq!(
            missed,
            [
                ("q2", ids(&["c"])),
                ("q3", ids(&["e", "g"])),
                ("q4", ids(&["h"]))
            ]
        );
        assert_eq!(scores.misses[0].query, "query q2");
    }

    #[test]
    fn repeated_ids_count_once() {
        let gold = [query("q1", "plain", &["a", "a", "b"])];
        let scores = score(&gold, &[ids(&["a", "a", "a", "b"])], 3);
        // The relevant set is {a, b}; only a is in the top 3.
        assert_eq!(scores.recall_at_k, 0.5);
        assert_eq!(scores.mrr, 1.0);
        assert_eq!(scores.misses[0].missing, ["b"]);
    }

    #[test]
    fn perfect_and_empty_runs() {
        let gold = [query("q1", "plain", &["a"]), query("q2", "phrase", &["b"])];
        let perfect = score(&gold, &[ids(&["a"]), ids(&["b", "a"])], 10);
        assert_eq!((perfect.recall_at_k, perfect.mrr), (1.0, 1.0));
        assert!(perfect.misses.is_empty());
        let none = score(&[], &[], 10);
        assert_eq!((none.queries, none.recall_at_k, none.mrr), (0, 0.0, 0.0));
        assert!(none.by_kind.is_empty());
    }

    #[test]
    #[should_panic(expected = "one ranked list is needed per gold query")]
    fn mismatched_lengths_panic() {
        score(&[query("q1", "plain", &["a"])], &[], 10);
    }

    fn gold_file(text: &str) -> tempfile::NamedTempFile {
        let mut file = tempfile::NamedTempFile::new().expect("temp file");
        file.write_all(text.as_bytes()).expect("write");
        file
    }

    #[test]
    fn loads_lines_and_skips_blank_ones() {
        let file = gold_file(
            "{\"id\":\"q1\",\"query\":\"storm\",\"kind\":\"compound\",\"relevant\":[\"a\"],\"note\":\"stormflod\"}\n\
             \n\
             {\"id\":\"q2\",\"query\":\"Løhdes\",\"kind\":\"genitive\",\"relevant\":[\"b\",\"c\"]}\n",
        );
        let gold = load_gold(file.path()).expect("valid gold");
        assert_eq!(gold.len(), 2);
        assert_eq!(gold[0].note, "stormflod");
        assert_eq!(gold[1], query_with("q2", "Løhdes", "genitive", &["b", "c"]));
    }

    fn query_with(id: &str, text: &str, kind: &str, relevant: &[&str]) -> GoldQuery {
        GoldQuery {
            query: text.into(),
            ..query(id, kind, relevant)
        }
    }

    fn load_error(text: &str) -> String {
        let file = gold_file(text);
        let err = load_gold(file.path()).expect_err("invalid gold");
        let shown = err.to_string();
        let path = file.path().display().to_string();
        shown
            .strip_prefix(&path)
            .map_or(shown.clone(), str::to_string)
    }

    #[test]
    fn bad_lines_are_reported_with_their_number() {
        let ok = "{\"id\":\"q1\",\"query\":\"a\",\"kind\":\"plain\",\"relevant\":[\"x\"]}\n";
        assert!(load_error(&format!("{ok}\n{{not json\n")).starts_with(":3: "));
        assert!(
            load_error(&format!(
                "{ok}{{\"id\":\"q2\",\"query\":\"b\",\"kind\":\"plain\"}}\n"
            ))
            .starts_with(":2: missing field `relevant`")
        );
        assert!(
            load_error("{\"id\":\"q1\",\"query\":\"a\",\"kind\":\"plain\",\"relevant\":[\"x\"],\"relevent\":[]}\n")
                .starts_with(":1: unknown field `relevent`")
        );
        assert_eq!(
            load_error(&format!("{ok}{ok}")),
            ":2: duplicate id \"q1\" (first on line 1)"
        );
        assert_eq!(
            load_error("{\"id\":\"q1\",\"query\":\"a\",\"kind\":\"plain\",\"relevant\":[]}\n"),
            ":1: query q1: no relevant articles"
        );
        assert_eq!(
            load_error("{\"id\":\"q1\",\"query\":\" \",\"kind\":\"plain\",\"relevant\":[\"x\"]}\n"),
            ":1: query q1: empty \"query\""
        );
        assert_eq!(
            load_error("{\"id\":\"\",\"query\":\"a\",\"kind\":\"plain\",\"relevant\":[\"x\"]}\n"),
            ":1: empty \"id\""
        );
    }

    #[test]
    fn a_missing_file_is_an_io_error() {
        let dir = tempfile::tempdir().expect("temp dir");
        let err = load_gold(&dir.path().join("absent.jsonl")).expect_err("no file");
        assert!(matches!(err, GoldError::Io { .. }), "{err}");
    }
}
