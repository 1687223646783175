//! The command line's parts: the arguments ([`Cli`]), the build and merge
//! commands with their summary and run log ([`build`], [`report`],
//! [`run_log`]), the commands that look at one document or one dataset
//! ([`inspect`]), and the allocator's setup ([`alloc`]).

mod alloc;
pub mod build;
pub mod inspect;
mod report;
mod run_log;

use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand};

use ogi::config::Config;

/// Turn archives of 政府信息公开工作年度报告 into an analyst-ready Parquet dataset.
#[derive(Parser)]
#[command(name = "ogi", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Build the dataset from folders or files of reports.
    ///
    /// With no arguments, reads ./pipeline.toml (input `data/`, output
    /// `build/`). Every file found gets a row in `reports`, even when it
    /// cannot be read. The dataset appears at --out only once complete, and
    /// the previous one stays readable until then.
    ///
    /// Exit codes: 0 built; 1 fatal error (nothing published); 2 usage or
    /// configuration error; 3 built and published, but a threshold of
    /// [alerts] in pipeline.toml was crossed.
    Build(BuildArgs),
    /// Merge the parts built with `--shard K/N` (all N of them) into one
    /// dataset, byte-identical to a build of all the inputs at once.
    Merge(MergeArgs),
    /// What a built dataset holds: reports by status, template, year and
    /// region; cells filled vs null; diagnostics by code; the organs with
    /// the most problems.
    Summary(SummaryArgs),
    /// Print the data dictionary (Markdown): every table and column, the
    /// codes with their Chinese labels, nulls, units and identities.
    Dictionary,
    /// Print one document's result as JSON: metadata, every cell with its
    /// raw text, and the diagnostics — to see why a report came out as it did.
    Extract(ExtractArgs),
}

#[derive(Args)]
pub struct BuildArgs {
    /// Folders or files to read (default: input.paths of the config).
    pub inputs: Vec<PathBuf>,
    /// Where to publish the dataset (default: output.dir of the config).
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Configuration file (default: ./pipeline.toml if present).
    #[arg(long, short)]
    pub config: Option<PathBuf>,
    /// Threads, and so cores, to use, at most 1024 (default: run.threads
    /// of the config; 0 = one per core). With 1, the stages take turns on
    /// one thread.
    #[arg(long, short = 'j', value_parser = clap::value_parser!(u64).range(0..=1024))]
    pub threads: Option<u64>,
    /// Build only shard K of N (0 ≤ K < N): the files whose path hashes
    /// to K. Each shard goes to its own --out; `ogi merge` combines them.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<String>,
    /// The previous build (default: what is at --out): the documents it
    /// read at the same place with the same bytes are not read again when
    /// it was written by this build of ogi with the same configuration,
    /// and the summary says what changed since.
    #[arg(long, value_name = "DIR")]
    pub previous: Option<PathBuf>,
    /// Read every document again, reusing nothing of the previous build.
    #[arg(long)]
    pub full: bool,
    /// Append one JSON line about the run to FILE (default: output.run_log
    /// of the config; none when unset).
    #[arg(long, value_name = "FILE")]
    pub run_log: Option<PathBuf>,
    /// Progress and summary as plain text, or as JSON lines on stderr
    /// for a log collector.
    #[arg(long, value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
    /// No progress output.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Args)]
pub struct MergeArgs {
    /// The part folders, in any order.
    #[arg(required = true)]
    pub parts: Vec<PathBuf>,
    /// Where to publish the merged dataset.
    #[arg(long, short)]
    pub out: PathBuf,
    /// The configuration the parts were built with (default: ./pipeline.toml).
    #[arg(long, short)]
    pub config: Option<PathBuf>,
    /// The build to report changes against (default: what is at --out).
    #[arg(long, value_name = "DIR")]
    pub previous: Option<PathBuf>,
    /// Append one JSON line about the run to FILE (default: output.run_log
    /// of the config; none when unset).
    #[arg(long, value_name = "FILE")]
    pub run_log: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
}

#[derive(Args)]
pub struct SummaryArgs {
    /// The dataset folder (what `ogi build` wrote).
    pub dir: PathBuf,
    /// Also write a self-contained HTML quality report with charts.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
}

#[derive(Args)]
pub struct ExtractArgs {
    /// The document to read.
    pub file: PathBuf,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

/// Exit codes: 0 built, 1 fatal error, 2 usage or configuration error
/// (a path ogi refuses to write included), 3 built but an alert threshold
/// was crossed.
pub enum Failure {
    Fatal(anyhow::Error),
    Usage(anyhow::Error),
    Alert,
}

impl Failure {
    /// An error of a run: usage when it is a refusal to write a path
    /// (nothing was touched), fatal otherwise.
    fn of(e: anyhow::Error) -> Failure {
        if e.downcast_ref::<ogi::write::guard::Refused>().is_some() {
            Failure::Usage(e)
        } else {
            Failure::Fatal(e)
        }
    }
}

/// The configuration at `path`, else `./pipeline.toml` if there is one,
/// else the defaults.
fn load_config(path: Option<&Path>) -> Result<Config, Failure> {
    match path {
        Some(p) => Config::load(p).map_err(Failure::Usage),
        None if Path::new("pipeline.toml").exists() => {
            Config::load(Path::new("pipeline.toml")).map_err(Failure::Usage)
        }
        None => Ok(Config::default()),
    }
}
