//! `kilde corpus ...`: synthetic corpora for benchmarks.

use anyhow::Context as _;
use kilde_ingest::synth::{self, Output, Sentences};

use super::Outcome;
use crate::cli::SynthArgs;

/// `kilde corpus synth`: writes `--articles` seed-format articles built from real
/// Danish sentences, streaming, to stdout or `--out` (compressed by extension).
pub fn synth(args: SynthArgs) -> anyhow::Result<Outcome> {
    let path = match args.sentences {
        Some(path) => path,
        None => synth::default_sentences_path().with_context(|| {
            format!(
                "cannot find {} above the current directory or the kilde binary; \
                 pass --sentences FILE",
                synth::SENTENCES_RELATIVE
            )
        })?,
    };
    let sentences = Sentences::load(&path)?;
    let mut out = Output::create(args.out.as_deref())?;
    let target = args
        .out
        .as_ref()
        .map_or_else(|| "stdout".to_string(), |p| p.display().to_string());
    synth::write_corpus(&mut out, &sentences, args.seed, args.articles)
        .and_then(|_| out.finish())
        .with_context(|| format!("writing the corpus to {target}"))?;
    Ok(Outcome::Success)
}
