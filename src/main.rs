//! The `ogi` command line: parse the arguments, run the command, turn its
//! outcome into an exit code. Everything else is in [`cli`] and the library.

mod cli;

use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command, Failure};

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::Build(args) => cli::build::build(args),
        Command::Merge(args) => cli::build::merge(args),
        Command::Summary(args) => cli::inspect::summary(&args),
        Command::Dictionary => cli::inspect::dictionary(),
        Command::Extract(args) => cli::inspect::extract(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(e)) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
        Err(Failure::Fatal(e)) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
        Err(Failure::Alert) => ExitCode::from(3),
    }
}
