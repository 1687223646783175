//! The `ogi` command line.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};

use ogi::config::Config;
use ogi::pipeline::{self, BuildOptions, BuildSummary};

/// Turn archives of 政府信息公开工作年度报告 into an analyst-ready Parquet dataset.
#[derive(Parser)]
#[command(name = "ogi", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the dataset from folders or files of reports.
    ///
    /// With no arguments, reads ./pipeline.toml (input `data/`, output
    /// `build/`). Every file found gets a row in `reports`, even when it
    /// cannot be read. The dataset appears at --out only once complete.
    Build {
        /// Folders or files to read (default: input.paths of the config).
        inputs: Vec<PathBuf>,
        /// Where to publish the dataset (default: output.dir of the config).
        #[arg(long, short)]
        out: Option<PathBuf>,
        /// Configuration file (default: ./pipeline.toml if present).
        #[arg(long, short)]
        config: Option<PathBuf>,
        /// Worker threads (default: run.threads of the config; 0 = one per core).
        #[arg(long, short = 'j')]
        threads: Option<usize>,
        /// Never draw a progress bar.
        #[arg(long)]
        quiet: bool,
    },
    /// Print one document's result as JSON: metadata, every cell with its
    /// raw text, and the diagnostics — to see why a report came out as it did.
    Extract {
        /// The document to read.
        file: PathBuf,
    },
}

/// Exit codes: 0 built, 1 fatal error, 2 usage or configuration error.
enum Failure {
    Fatal(anyhow::Error),
    Usage(anyhow::Error),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build {
            inputs,
            out,
            config,
            threads,
            quiet,
        } => build(inputs, out, config, threads, quiet),
        Command::Extract { file } => extract(&file),
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
    }
}

fn build(
    inputs: Vec<PathBuf>,
    out: Option<PathBuf>,
    config_path: Option<PathBuf>,
    threads: Option<usize>,
    quiet: bool,
) -> Result<(), Failure> {
    let config = match &config_path {
        Some(p) => Config::load(p).map_err(Failure::Usage)?,
        None if std::path::Path::new("pipeline.toml").exists() => {
            Config::load(std::path::Path::new("pipeline.toml")).map_err(Failure::Usage)?
        }
        None => Config::default(),
    };
    let inputs = if inputs.is_empty() {
        config.input.paths.clone()
    } else {
        inputs
    };
    for input in &inputs {
        if !input.exists() {
            return Err(Failure::Usage(anyhow::anyhow!(
                "input {} does not exist: name a folder or file of reports",
                input.display()
            )));
        }
    }
    let opts = BuildOptions {
        inputs,
        out: out.unwrap_or_else(|| config.output.dir.clone()),
        threads: threads.unwrap_or(config.run.threads),
        progress: !quiet && std::io::stderr().is_terminal(),
        config,
    };
    let summary = pipeline::build(&opts).map_err(Failure::Fatal)?;
    print_summary(&opts, &summary);
    Ok(())
}

fn print_summary(opts: &BuildOptions, s: &BuildSummary) {
    let secs = s.elapsed.as_secs_f64().max(1e-9);
    println!(
        "built {} in {:.2}s: {} files, {} documents, {} duplicates, {:.1} MB ({:.0} documents/s)",
        opts.out.display(),
        secs,
        s.files,
        s.documents,
        s.duplicates,
        s.bytes as f64 / 1e6,
        s.documents as f64 / secs
    );
    let line = |name: &str, m: &std::collections::BTreeMap<&'static str, usize>| {
        let parts: Vec<String> = m.iter().map(|(k, v)| format!("{k} {v}")).collect();
        println!("  {name:<10} {}", parts.join(", "));
    };
    line("status", &s.by_status);
    line("template", &s.by_template);
    let mut codes: Vec<_> = s.by_code.iter().collect();
    codes.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let top: Vec<String> = codes
        .iter()
        .take(8)
        .map(|(k, v)| format!("{k} {v}"))
        .collect();
    println!("  {:<10} {}", "diagnostics", top.join(", "));
    if let Some(m) = &s.manifest {
        let rows: Vec<String> = m
            .tables
            .iter()
            .map(|t| format!("{} {}", t.name, t.rows))
            .collect();
        println!("  {:<10} {}", "rows", rows.join(", "));
    }
    if s.skipped_links > 0 {
        println!("  {} symbolic links were not followed", s.skipped_links);
    }
}

fn extract(file: &PathBuf) -> Result<(), Failure> {
    let bytes = std::fs::read(file)
        .with_context(|| format!("cannot read {}", file.display()))
        .map_err(Failure::Usage)?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let result = pipeline::process_bytes(&name, None, &bytes, None, Vec::new());
    let json = serde_json::to_string_pretty(&result)
        .context("cannot render the result")
        .map_err(Failure::Fatal)?;
    println!("{json}");
    Ok(())
}

// The workers allocate and free many small strings per document from
// several threads at once; mimalloc does that markedly faster than the
// system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
