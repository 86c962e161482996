//! `kilde corpus ...`: synthetic corpora for benchmarks.
use super::Outcome;
use crate::cli::SynthArgs;

pub fn synth(_args: SynthArgs) -> anyhow::Result<Outcome> {
    anyhow::bail!("not yet")
}
