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
    /// List the entities a corpus names, merged across articles (JSON Lines, most mentioned first).
    Entities(EntitiesArgs),
    /// Analyse the bundled demo corpus and print a readable summary.
    Demo(DemoArgs),
    /// Score kilde against annotated data.
    #[command(subcommand)]
    Eval(EvalCommand),
    /// Train kilde's own models from annotated data.
    #[command(subcommand)]
    Train(TrainCommand),
    /// Measure throughput on a corpus (median of several runs, JSON).
    #[command(subcommand)]
    Bench(BenchCommand),
    /// Make corpora for benchmarks.
    #[command(subcommand)]
    Corpus(CorpusCommand),
    /// Analyse articles and add them to a search index (idempotent, resumable).
    Ingest(IngestArgs),
    /// Search an index: ranked hits with snippets, filters, facets, attention over time.
    Search(SearchArgs),
    /// Serve an index: the HTTP JSON API, its OpenAPI document and the web UI.
    Serve(ServeArgs),
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The index directory.
    #[arg(long, default_value = kilde_search::DEFAULT_DIR)]
    pub index: PathBuf,
    #[command(flatten)]
    pub server: ServerArgs,
}

/// Where and how the server listens; shared by `serve` and `demo`.
#[derive(Debug, Args)]
pub struct ServerArgs {
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:7700")]
    pub addr: std::net::SocketAddr,
    /// Allow an address other than loopback (anyone who can reach it can read the index).
    #[arg(long)]
    pub public: bool,
    /// Turn on POST /api/ingest for clients sending this bearer token
    /// (or set KILDE_INGEST_TOKEN).
    #[arg(long, env = "KILDE_INGEST_TOKEN", hide_env_values = true)]
    pub ingest_token: Option<String>,
}

#[derive(Debug, Args)]
pub struct IngestArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// The index directory (created when missing).
    #[arg(long, default_value = kilde_search::DEFAULT_DIR)]
    pub index: PathBuf,
    /// Commit after this many new articles: a killed ingest loses at most that many.
    #[arg(long, default_value_t = 20_000)]
    pub commit_every: usize,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The query: words (all must match), "phrases", OR, NOT/-word, (groups), field:value
    /// with fields title, text, speaker, entity, source, quote, date (date:2018-03,
    /// date:2018-01..2018-06), prefix*. Empty or `*` matches every article.
    #[arg(default_value = "")]
    pub query: String,
    /// The index directory.
    #[arg(long, default_value = kilde_search::DEFAULT_DIR)]
    pub index: PathBuf,
    /// Only articles dated on or after this day, month or year (YYYY[-MM[-DD]]).
    #[arg(long)]
    pub from: Option<String>,
    /// Only articles dated on or before this day, month or year.
    #[arg(long)]
    pub to: Option<String>,
    /// Only articles citing or signed by this source (repeat for any of several).
    #[arg(long)]
    pub source: Vec<String>,
    /// Only articles naming this entity (repeat: all of them).
    #[arg(long)]
    pub entity: Vec<String>,
    /// Only articles quoting this speaker (repeat: all of them).
    #[arg(long)]
    pub speaker: Vec<String>,
    /// Hits to show.
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    /// Hits to skip (paging).
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// Order of hits.
    #[arg(long, value_enum, default_value_t = SortArg::Relevance)]
    pub sort: SortArg,
    /// Also count matches by month, source, entity and speaker; or only those
    /// listed (`--facets month,source`).
    #[arg(long, num_args = 0..=1, default_missing_value = "all", value_name = "LIST")]
    pub facets: Option<String>,
    /// Also count matches per period (attention over time).
    #[arg(long, value_enum)]
    pub attention: Option<GranularityArg>,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SortArg {
    Relevance,
    Newest,
    Oldest,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GranularityArg {
    Day,
    Week,
    Month,
    Year,
}

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Output format: `jsonl` (the contract, one object per article) or `pretty` (for people).
    #[arg(long, value_enum, default_value_t = Format::Jsonl)]
    pub format: Format,
}

/// Where articles come from and what happens to bad ones; shared by every reading command.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Files or directories to read (seed format or JSON Lines, optionally gzip/zstd); `-` is stdin.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Stop at the first bad record instead of rejecting it and going on.
    #[arg(long)]
    pub strict: bool,
    /// Where rejected records are written, with their reasons (JSON Lines; created only if needed).
    #[arg(long, default_value = "kilde-rejects.jsonl")]
    pub rejects: PathBuf,
    /// Longest record (line or article) accepted, in bytes; longer ones are rejected.
    #[arg(long, default_value_t = 16 * 1024 * 1024)]
    pub max_record_bytes: usize,
    /// Worker threads for analysis (default: one per core).
    #[arg(long)]
    pub threads: Option<usize>,
    /// No progress bar.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One JSON object per article: the contract in schema/analysis.schema.json.
    Jsonl,
    /// An aligned, readable view of paragraphs, sentences and tokens.
    Pretty,
}

#[derive(Debug, Args)]
pub struct EntitiesArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Print only the N most mentioned entities.
    #[arg(long)]
    pub limit: Option<usize>,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// The demo corpus to use.
    #[arg(long, default_value = "examples/demo")]
    pub corpus: PathBuf,
    /// Where the demo corpus is indexed before serving it.
    #[arg(long, default_value = "kilde-demo-index")]
    pub index: PathBuf,
    /// Only print the summary: no index, no server.
    #[arg(long)]
    pub no_serve: bool,
    #[command(flatten)]
    pub server: ServerArgs,
}

#[derive(Debug, Subcommand)]
pub enum EvalCommand {
    /// Tokenization and sentence F1 against a UD CoNLL-U file (CoNLL 2018 scoring).
    Tokens(EvalTokensArgs),
    /// Named entities: exact-span P/R/F1 per label and micro-averaged, and tokens/s.
    Ner(EvalNerArgs),
    /// Quotes and speakers, cited sources and times against a gold JSON Lines file.
    News(EvalNewsArgs),
    /// Search relevance (recall@10, MRR) of queries with judged articles, with and
    /// without compound matching, on a fresh index of the corpus.
    Search(EvalSearchArgs),
}

#[derive(Debug, Args)]
pub struct EvalSearchArgs {
    /// Judged queries, JSON Lines (format in crates/kilde-search/eval/README.md).
    #[arg(long, default_value = "crates/kilde-search/eval/search_gold.jsonl")]
    pub gold: PathBuf,
    /// The corpus the judgements are about.
    #[arg(long, default_value = "examples/demo")]
    pub corpus: PathBuf,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct EvalNewsArgs {
    /// The gold file: one annotated article per line (format in crates/kilde-news/README.md).
    #[arg(long)]
    pub gold: PathBuf,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Also list every missed, extra or wrong item (on stderr).
    #[arg(long)]
    pub errors: bool,
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

#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Reading and parsing articles (whole files, every run from the start).
    Read(BenchArgs),
    /// Tokenization plus sentence splitting of articles held in memory.
    Tokens(BenchArgs),
    /// The whole analysis of `kilde analyze` on articles held in memory (no output).
    Analyze(BenchArgs),
    /// Query latency on an index for a fixed query file (p50/p99 per kind, JSON).
    Search(BenchSearchArgs),
}

#[derive(Debug, Args)]
pub struct BenchSearchArgs {
    /// The index to query.
    #[arg(long, default_value = kilde_search::DEFAULT_DIR)]
    pub index: PathBuf,
    /// Queries, JSON Lines: {"kind": "term|and|phrase|filter|facet", "terms": [...],
    /// "from", "to", "source", "facet"} (bench/search/README.md).
    #[arg(long)]
    pub queries: PathBuf,
    /// Passes over the query file; the first warms the caches and is not counted.
    #[arg(long, default_value_t = 3)]
    pub runs: usize,
    /// Threads searching one query's segments (default: one per core).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Accepted for symmetry with the other commands: the output is always JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// The corpus to measure on.
    pub input: PathBuf,
    /// How many timed runs; the median is reported.
    #[arg(long, default_value_t = 5)]
    pub runs: usize,
    /// Worker threads (analysis benches).
    #[arg(long, default_value_t = 1)]
    pub threads: usize,
    /// `bench analyze` only: leave out quotes, sources and times, to measure their cost.
    #[arg(long)]
    pub without_news: bool,
}

#[derive(Debug, Subcommand)]
pub enum TrainCommand {
    /// The Danish NER model (averaged perceptron), from IOB2 files.
    Ner(TrainNerArgs),
}

#[derive(Debug, Args)]
pub struct TrainNerArgs {
    /// Training data, IOB2 (e.g. UNER Danish-DDT train).
    #[arg(long)]
    pub train: PathBuf,
    /// Development data for choosing the best epoch, IOB2 (never the test file).
    #[arg(long)]
    pub dev: PathBuf,
    /// Where the model file is written.
    #[arg(long)]
    pub out: PathBuf,
    /// Most epochs to train; the best on dev is kept.
    #[arg(long, default_value_t = 30)]
    pub epochs: usize,
    /// Seed for the order of training sentences: same data and seed, same model bytes.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// ISO 3166-1 Danish country names (TSV) for the gazetteer
    /// [default: gazetteer-iso-codes-da/ beside the train file's folder].
    #[arg(long)]
    pub countries: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct EvalNerArgs {
    /// The gold IOB2 file (gold tokens).
    #[arg(long)]
    pub iob2: PathBuf,
    /// A model file [default: the model built into kilde].
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// Timed runs over the file; the median is reported.
    #[arg(long, default_value_t = 5)]
    pub runs: usize,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    pub json: bool,
}
