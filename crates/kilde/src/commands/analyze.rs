//! `kilde analyze`: read articles, analyse them, write the JSON Lines contract.
use super::Outcome;
use crate::cli::AnalyzeArgs;

pub fn run(_args: AnalyzeArgs) -> anyhow::Result<Outcome> {
    anyhow::bail!("not yet")
}
