//! Command-line arguments, resolved once here and handed to one function per subcommand.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// kilde: who said what, about whom, and when, in Danish news.
#[derive(Debug, Parser)]
#[command(name = "kilde", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read articles and write their analysis as JSON Lines (or a readable view).
    Analyze(AnalyzeArgs),
    /// Score kilde against annotated data.
    #[command(subcommand)]
    Eval(EvalCommand),
    /// Make corpora for benchmarks.
    #[command(subcommand)]
    Corpus(CorpusCommand),
}

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// Files or directories to read (seed format or JSON Lines, optionally gzip/zstd); `-` is stdin.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum EvalCommand {
    /// Tokenization and sentence F1 against a UD CoNLL-U file (CoNLL 2018 scoring).
    Tokens(EvalTokensArgs),
}

#[derive(Debug, Args)]
pub struct EvalTokensArgs {
    /// The gold CoNLL-U file.
    #[arg(long)]
    pub conllu: PathBuf,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum CorpusCommand {
    /// Write a synthetic corpus in the seed format from real Danish sentences.
    Synth(SynthArgs),
}

#[derive(Debug, Args)]
pub struct SynthArgs {
    /// How many articles to write.
    #[arg(long, default_value_t = 1000)]
    pub articles: u64,
    /// Seed for the generator: the same seed gives the same corpus.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Output file (`.gz` and `.zst` are compressed); stdout when absent.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// File whose `# text = ...` lines are the sentences
    /// [default: shared/data/uner-danish-ddt/da_ddt-ud-train.iob2 above the current dir or binary].
    #[arg(long)]
    pub sentences: Option<PathBuf>,
}
