//! The `kilde` command line: parse arguments, run one subcommand, map the outcome to an exit code.

mod cli;
mod commands;

use std::process::ExitCode;

use clap::Parser;

/// mimalloc: analysis and indexing allocate many short-lived strings and vectors on
/// every core; glibc's allocator spent about 15% of ingest CPU on them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match commands::run(cli) {
        Ok(code) => code.into(),
        Err(err) => {
            eprintln!("kilde: error: {err:#}");
            commands::Outcome::Failed.into()
        }
    }
}
