//! `kilde eval search`: relevance of judged queries on a fresh index of the
//! corpus they judge, with compound matching and with plain Snowball stemming.

use anyhow::Context;
use kilde_search::eval::{self, GoldQuery, SearchScores};
use kilde_search::{KildeIndex, SearchRequest};

use super::{Outcome, ingest};
use crate::cli::{EvalSearchArgs, InputArgs};

/// Recall is counted in the first this many hits.
const K: usize = 10;

pub fn run(args: EvalSearchArgs) -> anyhow::Result<Outcome> {
    let gold = eval::load_gold(&args.gold)
        .with_context(|| format!("cannot read the judgements {}", args.gold.display()))?;
    let dir = tempfile::tempdir().context("cannot make a temporary index directory")?;
    let index = KildeIndex::open_or_create(&dir.path().join("index"))?;
    let input = InputArgs {
        inputs: vec![args.corpus.clone()],
        strict: true,
        rejects: dir.path().join("rejects.jsonl"),
        max_record_bytes: 16 << 20,
        threads: None,
        quiet: true,
    };
    let (report, _, _) = ingest::ingest(&index, &input, usize::MAX)?;
    let compounds = score(&index, &gold, true)?;
    let plain = score(&index, &gold, false)?;
    if args.json {
        let json = serde_json::json!({
            "gold": args.gold.display().to_string(),
            "corpus": args.corpus.display().to_string(),
            "articles": report.summary.accepted,
            "k": K,
            "decompounding": compounds,
            "plain_snowball": plain,
        });
        println!("{json}");
        return Ok(Outcome::Success);
    }
    println!(
        "{} queries over {} articles of {}",
        gold.len(),
        report.summary.accepted,
        args.corpus.display()
    );
    println!(
        "{:<14} {:>12} {:>12} {:>12} {:>12}",
        "", "recall@10", "", "MRR", ""
    );
    println!(
        "{:<14} {:>12} {:>12} {:>12} {:>12}",
        "kind", "compounds", "plain", "compounds", "plain"
    );
    let mut kinds: Vec<&String> = compounds.by_kind.keys().collect();
    kinds.sort();
    for kind in kinds {
        let (a, b) = (&compounds.by_kind[kind], &plain.by_kind[kind]);
        println!(
            "{:<14} {:>12.3} {:>12.3} {:>12.3} {:>12.3}",
            format!("{kind} ({})", a.queries),
            a.recall_at_k,
            b.recall_at_k,
            a.mrr,
            b.mrr
        );
    }
    println!(
        "{:<14} {:>12.3} {:>12.3} {:>12.3} {:>12.3}",
        "all", compounds.recall_at_k, plain.recall_at_k, compounds.mrr, plain.mrr
    );
    for miss in &compounds.misses {
        eprintln!("missed: {miss:?}");
    }
    Ok(Outcome::Success)
}

fn score(index: &KildeIndex, gold: &[GoldQuery], decompound: bool) -> anyhow::Result<SearchScores> {
    let mut ranked = Vec::with_capacity(gold.len());
    for q in gold {
        let mut request = SearchRequest::new(q.query.as_str(), K);
        request.decompound = decompound;
        let results = index
            .search(&request)
            .with_context(|| format!("query {} ({:?}) failed", q.id, q.query))?;
        ranked.push(results.hits.into_iter().map(|h| h.id).collect());
    }
    Ok(eval::score(gold, &ranked, K))
}
