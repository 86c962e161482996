//! The search relevance gold set (`eval/search_gold.jsonl`) is well-formed and
//! tests what its kinds claim, against the demo corpus it was written over.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use kilde_ingest::{Corpus, ReadOptions};
use kilde_search::eval::{GoldQuery, load_gold};

/// The minimum number of queries per kind that the search issue asks for.
const MIN_PER_KIND: [(&str, usize); 6] = [
    ("compound", 15),
    ("inflection", 15),
    ("name", 8),
    ("genitive", 6),
    ("phrase", 5),
    ("plain", 5),
];

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn gold() -> Vec<GoldQuery> {
    let path = manifest_dir().join("eval/search_gold.jsonl");
    load_gold(&path).unwrap_or_else(|e| panic!("{e}"))
}

/// The demo articles by id, read the way `kilde` reads them.
fn demo_articles() -> HashMap<String, String> {
    let demo: PathBuf = manifest_dir().join("../../examples/demo");
    let corpus = Corpus::open(&[demo], ReadOptions::default()).expect("examples/demo opens");
    corpus
        .map(|item| {
            let article = item.unwrap_or_else(|r| panic!("demo article rejected: {r}"));
            (article.id.0, article.text)
        })
        .collect()
}

/// Lower-cased written words: runs of letters and digits with inner apostrophes and
/// hyphens, so `NATO's` and `EU-Kommissionen` are one word each, as a reader sees them.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || matches!(c, '\'' | '’' | '-')))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Whether `phrase` occurs in `text` as whole words, case-insensitively.
fn occurs(text: &str, phrase: &str) -> bool {
    let wanted = words(phrase);
    !wanted.is_empty() && words(text).windows(wanted.len()).any(|w| w == wanted)
}

/// The terms of a query split into those it requires or offers (`OR`) and those
/// after `NOT`, with phrase quotes dropped.
fn terms(query: &str) -> (Vec<String>, Vec<String>) {
    let (mut wanted, mut excluded) = (Vec::new(), Vec::new());
    let mut negate = false;
    for (index, part) in query.split('"').enumerate() {
        let phrase = index % 2 == 1;
        let pieces: Vec<&str> = if phrase {
            vec![part]
        } else {
            part.split_whitespace().collect()
        };
        for piece in pieces {
            match piece {
                "OR" if !phrase => {}
                "NOT" if !phrase => negate = true,
                _ if piece.trim().is_empty() => {}
                _ => {
                    if negate {
                        excluded.push(piece.to_string());
                    } else {
                        wanted.push(piece.to_string());
                    }
                    negate = false;
                }
            }
        }
    }
    (wanted, excluded)
}

#[test]
fn the_word_helpers_agree_with_a_reader() {
    assert!(occurs("NATO's generalsekretær", "nato's"));
    assert!(!occurs("NATO's generalsekretær", "NATO"));
    assert!(!occurs("Danske Regioners formand", "Danske Regioner"));
    assert!(occurs(
        "formanden for Danske Regioner, Anders",
        "danske regioner"
    ));
    assert!(!occurs("forsvarsministeren", "minister"));
    assert_eq!(
        terms("\"Kim Sung-ho\" OR Seoul NOT \"Kim Jong-un\" NOT Pyongyang"),
        (
            vec!["Kim Sung-ho".to_string(), "Seoul".to_string()],
            vec!["Kim Jong-un".to_string(), "Pyongyang".to_string()]
        )
    );
}

#[test]
fn the_gold_set_is_large_enough_and_covers_every_kind() {
    let gold = gold();
    assert!(gold.len() >= 50, "only {} queries", gold.len());
    let ids: HashSet<&str> = gold.iter().map(|q| q.id.as_str()).collect();
    assert_eq!(ids.len(), gold.len(), "query ids must be unique");
    let mut per_kind: BTreeMap<&str, usize> = BTreeMap::new();
    for query in &gold {
        *per_kind.entry(query.kind.as_str()).or_default() += 1;
        assert!(
            MIN_PER_KIND.iter().any(|(kind, _)| *kind == query.kind),
            "{}: unknown kind {:?}",
            query.id,
            query.kind
        );
        assert!(!query.note.trim().is_empty(), "{}: no note", query.id);
    }
    for (kind, min) in MIN_PER_KIND {
        let count = per_kind.get(kind).copied().unwrap_or(0);
        assert!(count >= min, "{count} {kind} queries, need {min}");
    }
}

#[test]
fn every_relevant_id_is_a_demo_article_and_no_query_matches_the_corpus() {
    let articles = demo_articles();
    assert_eq!(articles.len(), 49, "the demo corpus has 49 articles");
    for query in gold() {
        let unique: HashSet<&str> = query.relevant.iter().map(String::as_str).collect();
        assert_eq!(
            unique.len(),
            query.relevant.len(),
            "{}: repeated id",
            query.id
        );
        for id in &query.relevant {
            assert!(
                articles.contains_key(id),
                "{}: {id} is not a demo article",
                query.id
            );
        }
        // A query relevant to much of the corpus says little about ranking.
        assert!(
            unique.len() * 2 < articles.len(),
            "{}: {} relevant articles",
            query.id,
            unique.len()
        );
    }
}

#[test]
fn morphology_queries_need_more_than_exact_matching() {
    let articles = demo_articles();
    for query in gold() {
        if !matches!(query.kind.as_str(), "compound" | "inflection" | "genitive") {
            continue;
        }
        let operators = query
            .query
            .split_whitespace()
            .any(|w| matches!(w, "OR" | "NOT"));
        assert!(
            !operators && !query.query.contains('"'),
            "{}: a {} query is one run of bare words",
            query.id,
            query.kind
        );
        assert!(
            query
                .relevant
                .iter()
                .any(|id| !occurs(&articles[id], &query.query)),
            "{}: {:?} occurs verbatim in every relevant article, so it does not test {}",
            query.id,
            query.query,
            query.kind
        );
    }
}

#[test]
fn plain_queries_are_written_in_every_relevant_article() {
    let articles = demo_articles();
    for query in gold().iter().filter(|q| q.kind == "plain") {
        let (wanted, _) = terms(&query.query);
        for id in &query.relevant {
            for term in &wanted {
                assert!(
                    occurs(&articles[id], term),
                    "{}: {term:?} is not written in {id}",
                    query.id
                );
            }
        }
    }
}

#[test]
fn no_relevant_article_contains_an_excluded_term() {
    let articles = demo_articles();
    for query in gold() {
        let (_, excluded) = terms(&query.query);
        for id in &query.relevant {
            for term in &excluded {
                assert!(
                    !occurs(&articles[id], term),
                    "{}: {id} is relevant but contains NOT {term:?}",
                    query.id
                );
            }
        }
    }
}
