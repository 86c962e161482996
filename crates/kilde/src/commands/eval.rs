//! `kilde eval ...`: accuracy figures as JSON.
use super::Outcome;
use crate::cli::EvalTokensArgs;

pub fn tokens(_args: EvalTokensArgs) -> anyhow::Result<Outcome> {
    anyhow::bail!("not yet")
}
