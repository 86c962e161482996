//! `kilde analyze`: read articles, analyse them, write the JSON Lines contract
//! (or a readable view) to stdout.

use std::fmt::Write as _;
use std::io::{self, BufWriter, Write};

use anyhow::Context;
use kilde_core::{AnalysisRecord, Article, Doc};
use rayon::prelude::*;

use super::{Outcome, read};
use crate::cli::{AnalyzeArgs, Format};

pub fn run(args: AnalyzeArgs) -> anyhow::Result<Outcome> {
    let pipeline = super::pipeline();
    let pool = super::thread_pool(args.input.threads)?;
    let mut out = BufWriter::with_capacity(1 << 20, io::stdout().lock());
    let report = read::for_each_batch(&args.input, |batch| {
        let rendered: Vec<String> = pool.install(|| {
            batch
                .par_iter()
                .map(|article| render(article, &pipeline.analyze(article), args.format))
                .collect()
        });
        for text in rendered {
            out.write_all(text.as_bytes())?;
        }
        Ok(())
    });
    let report = match report.and_then(|r| out.flush().map(|()| r).map_err(Into::into)) {
        Ok(report) => report,
        Err(err) if is_broken_pipe(&err) => return Ok(Outcome::Success),
        Err(err) => return Err(err).context("analysis failed"),
    };
    eprintln!("kilde: {}", report.summary);
    Ok(report.outcome)
}

/// A reader closing the pipe early (`kilde analyze ... | head`) is not an error.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

fn render(article: &Article, doc: &Doc, format: Format) -> String {
    match format {
        Format::Jsonl => {
            let mut line = serde_json::to_string(&AnalysisRecord::new(article, doc))
                .expect("an analysis record always serializes");
            line.push('\n');
            line
        }
        Format::Pretty => pretty(article, doc),
    }
}

/// One block per article: a header line, then one line per sentence with its
/// paragraph, its code-point span and its tokens separated by `·`.
pub fn pretty(article: &Article, doc: &Doc) -> String {
    let mut s = String::new();
    let date = article
        .date
        .map(|d| d.to_string())
        .unwrap_or_else(|| "undated".into());
    let sources = if article.sources.is_empty() {
        "-".to_string()
    } else {
        article.sources.join(", ")
    };
    let _ = writeln!(s, "━━ {}  {date}  sources: {sources}", article.id);
    if let Some(title) = &article.title {
        let _ = writeln!(s, "   {title}");
    }
    let _ = writeln!(
        s,
        "   {} paragraphs, {} sentences, {} tokens",
        article.paragraphs.len(),
        doc.sentences.len(),
        doc.tokens.len()
    );
    let offsets = kilde_core::CharOffsets::new(&article.text);
    let mut paragraph = 0;
    for (n, sentence) in doc.sentences.iter().enumerate() {
        while paragraph + 1 < article.paragraphs.len()
            && article.paragraphs[paragraph].end <= sentence.span.start
        {
            paragraph += 1;
        }
        let tokens: Vec<&str> = doc.tokens[sentence.tokens.clone()]
            .iter()
            .map(|t| &article.text[t.range()])
            .collect();
        let span = format!(
            "{}..{}",
            offsets.char_offset(sentence.span.start),
            offsets.char_offset(sentence.span.end)
        );
        let _ = writeln!(
            s,
            "   ¶{:<3} s{:<4} {span:>11}  {}",
            paragraph + 1,
            n + 1,
            tokens.join(" · ")
        );
    }
    s.push('\n');
    s
}
