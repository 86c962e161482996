//! `kilde entities`: the corpus-wide entity registry — every entity the corpus
//! names, with its aliases, mention and article counts, and first and last dates.

use std::io::{self, BufWriter, Write};

use kilde_news::registry::Registry;
use rayon::prelude::*;

use super::{Outcome, read};
use crate::cli::EntitiesArgs;

pub fn run(args: EntitiesArgs) -> anyhow::Result<Outcome> {
    let pipeline = super::pipeline();
    let pool = super::thread_pool(args.input.threads)?;
    let mut registry = Registry::new();
    let report = read::for_each_batch(&args.input, |batch| {
        let docs: Vec<_> = pool.install(|| batch.par_iter().map(|a| pipeline.analyze(a)).collect());
        for (article, doc) in batch.iter().zip(&docs) {
            registry.add(article.date, &doc.entities);
        }
        Ok(())
    })?;
    let mut entities: Vec<_> = registry.entities().iter().collect();
    entities.sort_by(|a, b| {
        b.mentions
            .cmp(&a.mentions)
            .then_with(|| a.canonical.cmp(&b.canonical))
    });
    let mut out = BufWriter::new(io::stdout().lock());
    for entity in entities.iter().take(args.limit.unwrap_or(usize::MAX)) {
        serde_json::to_writer(&mut out, entity)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    eprintln!(
        "kilde: {} ; {} entities",
        report.summary,
        registry.entities().len()
    );
    Ok(report.outcome)
}
