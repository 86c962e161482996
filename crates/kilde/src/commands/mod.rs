//! One function per subcommand.

mod analyze;
mod corpus;
mod eval;

use std::process::ExitCode;

use crate::cli::{Cli, Command, CorpusCommand, EvalCommand};

/// How a run ended; each maps to a documented exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Everything read was accepted.
    Success,
    /// A fatal error (unreadable input, I/O failure, bad model).
    Failed,
}

impl From<Outcome> for ExitCode {
    fn from(outcome: Outcome) -> ExitCode {
        match outcome {
            Outcome::Success => ExitCode::SUCCESS,
            Outcome::Failed => ExitCode::from(1),
        }
    }
}

/// Runs the chosen subcommand.
pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    match cli.command {
        Command::Analyze(args) => analyze::run(args),
        Command::Eval(EvalCommand::Tokens(args)) => eval::tokens(args),
        Command::Corpus(CorpusCommand::Synth(args)) => corpus::synth(args),
    }
}
