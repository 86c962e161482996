//! One function per subcommand, and the exit codes they end with.

mod analyze;
mod bench;
mod corpus;
mod demo;
mod entities;
mod eval;
mod eval_news;
mod eval_search;
mod ingest;
mod ner;
mod read;
mod search;
mod serve;

use std::process::ExitCode;

use crate::cli::{BenchCommand, Cli, Command, CorpusCommand, EvalCommand, TrainCommand};

/// How a run ended. Each maps to a documented exit code (see README, "Exit codes").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// 0: everything read was accepted.
    Success,
    /// 1: a fatal error (unreadable input path, I/O failure).
    Failed,
    /// 2: the user must fix the request (a query syntax error, a bad date).
    Usage,
    /// 3: the run finished, but some records were rejected (see the rejects file).
    Rejected,
    /// 4: `--strict` stopped the run at the first bad record.
    Stopped,
}

impl From<Outcome> for ExitCode {
    fn from(outcome: Outcome) -> ExitCode {
        match outcome {
            Outcome::Success => ExitCode::SUCCESS,
            Outcome::Failed => ExitCode::from(1),
            Outcome::Usage => ExitCode::from(2),
            Outcome::Rejected => ExitCode::from(3),
            Outcome::Stopped => ExitCode::from(4),
        }
    }
}

/// Runs the chosen subcommand.
pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    match cli.command {
        Command::Analyze(args) => analyze::run(args),
        Command::Demo(args) => demo::run(args),
        Command::Entities(args) => entities::run(args),
        Command::Eval(EvalCommand::Tokens(args)) => eval::tokens(args),
        Command::Eval(EvalCommand::Ner(args)) => ner::eval_ner(args),
        Command::Eval(EvalCommand::News(args)) => eval_news::run(args),
        Command::Train(TrainCommand::Ner(args)) => ner::train_ner(args),
        Command::Bench(BenchCommand::Read(args)) => bench::read(args),
        Command::Bench(BenchCommand::Tokens(args)) => bench::tokens(args),
        Command::Bench(BenchCommand::Analyze(args)) => bench::analyze(args),
        Command::Corpus(CorpusCommand::Synth(args)) => corpus::synth(args),
        Command::Ingest(args) => ingest::run(args),
        Command::Search(args) => search::run(args),
        Command::Serve(args) => serve::run(&args.index, &args.server),
        Command::Eval(EvalCommand::Search(args)) => eval_search::run(args),
        Command::Bench(BenchCommand::Search(args)) => bench::search(args),
    }
}

/// The analysis every command runs: tokens, sentences, entities, quotes, sources, times.
fn pipeline() -> kilde_nlp::Pipeline {
    entity_pipeline()
        .with(kilde_news::quotes::QuoteExtractor)
        .with(kilde_news::sources::SourceExtractor)
        .with(kilde_news::times::TimeTagger)
}

/// Tokens, sentences and linked entities: [`pipeline`] without the journalism
/// extractors, so `kilde bench analyze --without-news` can measure what they cost.
fn entity_pipeline() -> kilde_nlp::Pipeline {
    kilde_nlp::Pipeline::danish()
        .with(kilde_models::NerTagger::embedded())
        .with(kilde_news::entities::EntityLinker)
}

/// A rayon pool with `threads` workers (all cores when not given).
fn thread_pool(threads: Option<usize>) -> anyhow::Result<rayon::ThreadPool> {
    let mut builder = rayon::ThreadPoolBuilder::new();
    if let Some(n) = threads {
        builder = builder.num_threads(n);
    }
    Ok(builder.build()?)
}
