//! The `kilde` command line: parse arguments, run one subcommand, map the outcome to an exit code.

mod cli;
mod commands;

use std::process::ExitCode;

use clap::Parser;

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
