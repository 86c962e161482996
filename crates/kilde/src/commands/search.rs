//! `kilde search`: query an index and print hits, facets and attention over time.

use std::fmt::Write as _;
use std::io::IsTerminal;

use anyhow::Context;
use kilde_search::{FacetSet, Filters, Granularity, KildeIndex, SearchRequest, Sort};

use super::Outcome;
use crate::cli::{GranularityArg, SearchArgs, SortArg};

pub fn run(args: SearchArgs) -> anyhow::Result<Outcome> {
    let index = KildeIndex::open(&args.index)?;
    let request = SearchRequest {
        query: args.query.clone(),
        filters: Filters {
            from: args.from.clone(),
            to: args.to.clone(),
            sources: args.source.clone(),
            entities: args.entity.clone(),
            speakers: args.speaker.clone(),
        },
        limit: args.limit,
        offset: args.offset,
        sort: match args.sort {
            SortArg::Relevance => Sort::Relevance,
            SortArg::Newest => Sort::Newest,
            SortArg::Oldest => Sort::Oldest,
        },
        facets: match args.facets.as_deref().map(FacetSet::parse).transpose() {
            Ok(set) => set.unwrap_or(FacetSet::NONE),
            Err(err) => {
                eprintln!("kilde: {err}");
                return Ok(Outcome::Usage);
            }
        },
        snippets: true,
        decompound: true,
    };
    let started = std::time::Instant::now();
    let results = match index.search(&request) {
        Ok(results) => results,
        Err(kilde_search::Error::Query(message)) => {
            // On lines of its own, so a caret lines up under the query.
            eprintln!("kilde: cannot run this search:\n{message}");
            return Ok(Outcome::Usage);
        }
        Err(err) => return Err(err).context("search failed"),
    };
    let attention = match args.attention {
        Some(g) => Some(index.attention(&request, granularity(g))?),
        None => None,
    };
    let took = started.elapsed();
    if args.json {
        let mut json = serde_json::to_value(&results)?;
        if let (Some(attention), Some(map)) = (&attention, json.as_object_mut()) {
            map.insert("attention".into(), serde_json::to_value(attention)?);
        }
        println!("{json}");
        return Ok(Outcome::Success);
    }
    let mark = if std::io::stdout().is_terminal() {
        ("\x1b[1m", "\x1b[0m")
    } else {
        ("«", "»")
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} article(s) match; showing {}-{} ({:.1} ms)",
        results.total,
        (args.offset + 1).min(results.total),
        args.offset + results.hits.len(),
        took.as_secs_f64() * 1e3
    );
    for (n, hit) in results.hits.iter().enumerate() {
        let _ = writeln!(
            out,
            "\n{:>3}. {}  {}  [{}]\n     {}",
            args.offset + n + 1,
            hit.date.as_deref().unwrap_or("undated"),
            hit.title,
            hit.sources.join(", "),
            hit.id
        );
        let _ = writeln!(out, "     {}", marked(&hit.snippet, mark));
    }
    if let Some(facets) = &results.facets {
        let list = |counts: &[kilde_search::Count]| {
            counts
                .iter()
                .filter(|c| c.count > 0)
                .map(|c| format!("{} ({})", c.value, c.count))
                .collect::<Vec<_>>()
                .join(", ")
        };
        // The busiest months; the whole series is in --json and --attention.
        let mut months = facets.months.clone();
        months.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
        months.truncate(kilde_search::FACET_VALUES);
        let _ = writeln!(out, "\nmonths:   {}", list(&months));
        let _ = writeln!(out, "sources:  {}", list(&facets.sources));
        for (label, counts) in &facets.entities {
            let _ = writeln!(out, "{label:<9} {}", list(counts));
        }
        let _ = writeln!(out, "speakers: {}", list(&facets.speakers));
    }
    if let Some(attention) = &attention {
        let _ = writeln!(out, "\nattention over time:");
        let max = attention
            .points
            .iter()
            .map(|p| p.count)
            .max()
            .unwrap_or(1)
            .max(1);
        for point in &attention.points {
            let bar = "█".repeat(((point.count * 40).div_ceil(max)) as usize);
            let _ = writeln!(out, "  {:<10} {:>6} {bar}", point.value, point.count);
        }
        if attention.month_only > 0 {
            let _ = writeln!(out, "  ({} dated only to a month)", attention.month_only);
        }
        if attention.undated > 0 {
            let _ = writeln!(out, "  ({} undated)", attention.undated);
        }
    }
    print!("{out}");
    Ok(Outcome::Success)
}

fn granularity(g: GranularityArg) -> Granularity {
    match g {
        GranularityArg::Day => Granularity::Day,
        GranularityArg::Week => Granularity::Week,
        GranularityArg::Month => Granularity::Month,
        GranularityArg::Year => Granularity::Year,
    }
}

/// The snippet with highlights wrapped in `open`/`close` (bold on a terminal).
fn marked(snippet: &kilde_search::Snippet, (open, close): (&str, &str)) -> String {
    let chars: Vec<char> = snippet.text.chars().collect();
    let mut out = String::new();
    let mut at = 0;
    for &[start, end] in &snippet.highlights {
        out.extend(&chars[at..start]);
        out.push_str(open);
        out.extend(&chars[start..end]);
        out.push_str(close);
        at = end;
    }
    out.extend(&chars[at..]);
    out.replace('\n', " ")
}
