//! The `ogi` command line.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};

use ogi::config::Config;
use ogi::pipeline::{self, BuildOptions, BuildSummary, Progress, Shard};
use std::time::SystemTime;

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
    /// cannot be read. The dataset appears at --out only once complete, and
    /// the previous one stays readable until then.
    ///
    /// Exit codes: 0 built; 1 fatal error (nothing published); 2 usage or
    /// configuration error; 3 built and published, but a threshold of
    /// [alerts] in pipeline.toml was crossed.
    Build {
        /// Folders or files to read (default: input.paths of the config).
        inputs: Vec<PathBuf>,
        /// Where to publish the dataset (default: output.dir of the config).
        #[arg(long, short)]
        out: Option<PathBuf>,
        /// Configuration file (default: ./pipeline.toml if present).
        #[arg(long, short)]
        config: Option<PathBuf>,
        /// Threads, and so cores, to use (default: run.threads of the config;
        /// 0 = one per core). With 1, the stages take turns on one thread.
        #[arg(long, short = 'j')]
        threads: Option<usize>,
        /// Build only shard K of N (0 ≤ K < N): the files whose path hashes
        /// to K. Each shard goes to its own --out; `ogi merge` combines them.
        #[arg(long, value_name = "K/N")]
        shard: Option<String>,
        /// The build to report changes against (default: what is at --out).
        #[arg(long, value_name = "DIR")]
        previous: Option<PathBuf>,
        /// Progress and summary as plain text, or as JSON lines on stderr
        /// for a log collector.
        #[arg(long, value_enum, default_value_t = LogFormat::Text)]
        log_format: LogFormat,
        /// No progress output.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Merge the parts built with `--shard K/N` (all N of them) into one
    /// dataset, byte-identical to a build of all the inputs at once.
    Merge {
        /// The part folders, in any order.
        #[arg(required = true)]
        parts: Vec<PathBuf>,
        /// Where to publish the merged dataset.
        #[arg(long, short)]
        out: PathBuf,
        /// The configuration the parts were built with (default: ./pipeline.toml).
        #[arg(long, short)]
        config: Option<PathBuf>,
        /// The build to report changes against (default: what is at --out).
        #[arg(long, value_name = "DIR")]
        previous: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = LogFormat::Text)]
        log_format: LogFormat,
    },
    /// What a built dataset holds: reports by status, template, year and
    /// region; cells filled vs null; diagnostics by code; the organs with
    /// the most problems.
    Summary {
        /// The dataset folder (what `ogi build` wrote).
        dir: PathBuf,
        /// Also write a self-contained HTML quality report with charts.
        #[arg(long, value_name = "FILE")]
        html: Option<PathBuf>,
    },
    /// Print the data dictionary (Markdown): every table and column, the
    /// codes with their Chinese labels, nulls, units and identities.
    Dictionary,
    /// Print one document's result as JSON: metadata, every cell with its
    /// raw text, and the diagnostics — to see why a report came out as it did.
    Extract {
        /// The document to read.
        file: PathBuf,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum LogFormat {
    Text,
    Json,
}

/// Exit codes: 0 built, 1 fatal error, 2 usage or configuration error,
/// 3 built but an alert threshold was crossed.
enum Failure {
    Fatal(anyhow::Error),
    Usage(anyhow::Error),
    Alert,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build {
            inputs,
            out,
            config,
            threads,
            shard,
            previous,
            log_format,
            quiet,
        } => build(BuildArgs {
            inputs,
            out,
            config_path: config,
            threads,
            shard,
            previous,
            log_format,
            quiet,
        }),
        Command::Merge {
            parts,
            out,
            config,
            previous,
            log_format,
        } => merge(parts, out, config, previous, log_format),
        Command::Extract { file } => extract(&file),
        Command::Summary { dir, html } => summary(&dir, html.as_deref()),
        Command::Dictionary => {
            print!("{}", ogi::dictionary::render());
            Ok(())
        }
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

struct BuildArgs {
    inputs: Vec<PathBuf>,
    out: Option<PathBuf>,
    config_path: Option<PathBuf>,
    threads: Option<usize>,
    shard: Option<String>,
    previous: Option<PathBuf>,
    log_format: LogFormat,
    quiet: bool,
}

fn load_config(path: &Option<PathBuf>) -> Result<Config, Failure> {
    match path {
        Some(p) => Config::load(p).map_err(Failure::Usage),
        None if std::path::Path::new("pipeline.toml").exists() => {
            Config::load(std::path::Path::new("pipeline.toml")).map_err(Failure::Usage)
        }
        None => Ok(Config::default()),
    }
}

fn build(a: BuildArgs) -> Result<(), Failure> {
    let config = load_config(&a.config_path)?;
    let inputs = if a.inputs.is_empty() {
        config.input.paths.clone()
    } else {
        a.inputs
    };
    for input in &inputs {
        if !input.exists() {
            return Err(Failure::Usage(anyhow::anyhow!(
                "input {} does not exist: name a folder or file of reports",
                input.display()
            )));
        }
    }
    let shard = a
        .shard
        .as_deref()
        .map(Shard::parse)
        .transpose()
        .map_err(Failure::Usage)?;
    let progress = match (a.quiet, a.log_format) {
        (true, _) => Progress::Quiet,
        (false, LogFormat::Json) => Progress::Json,
        (false, LogFormat::Text) if std::io::stderr().is_terminal() => Progress::Bar,
        (false, LogFormat::Text) => Progress::Lines,
    };
    if let Some(p) = &a.previous {
        if !ogi::compare::is_dataset(p) {
            return Err(Failure::Usage(anyhow::anyhow!(
                "--previous {} is not a dataset (no manifest.json and reports.parquet)",
                p.display()
            )));
        }
    }
    let opts = BuildOptions {
        inputs,
        out: a.out.unwrap_or_else(|| config.output.dir.clone()),
        threads: a.threads.unwrap_or(config.run.threads),
        progress,
        shard,
        previous: a.previous,
        config,
    };
    let started = SystemTime::now();
    let result = pipeline::build(&opts);
    finish(
        &opts.out,
        &opts.config,
        a.log_format,
        started,
        "build",
        result,
    )
}

fn merge(
    parts: Vec<PathBuf>,
    out: PathBuf,
    config_path: Option<PathBuf>,
    previous: Option<PathBuf>,
    log_format: LogFormat,
) -> Result<(), Failure> {
    let config = load_config(&config_path)?;
    for p in &parts {
        if !p.is_dir() {
            return Err(Failure::Usage(anyhow::anyhow!(
                "part {} does not exist: name the --out folders of the shard builds",
                p.display()
            )));
        }
    }
    ogi::merge::check_parts(&parts, &config).map_err(Failure::Usage)?;
    let started = SystemTime::now();
    let result = pipeline::merge(&parts, &out, &config, previous.as_deref());
    finish(&out, &config, log_format, started, "merge", result)
}

/// Report a finished build or merge: the summary, the run log, the exit code.
fn finish(
    out: &std::path::Path,
    config: &Config,
    log_format: LogFormat,
    started: SystemTime,
    what: &str,
    result: Result<BuildSummary>,
) -> Result<(), Failure> {
    let summary = match result {
        Ok(s) => s,
        Err(e) => {
            append_run_log(out, what, started, None, &[], Some(&format!("{e:#}")));
            return Err(Failure::Fatal(e));
        }
    };
    let alerts = summary.alerts(config);
    match log_format {
        LogFormat::Text => print_summary(out, &summary),
        LogFormat::Json => eprintln!("{}", summary_json(&summary, &alerts)),
    }
    for a in &alerts {
        eprintln!("alert: {a}");
    }
    append_run_log(out, what, started, Some(&summary), &alerts, None);
    if alerts.is_empty() {
        Ok(())
    } else {
        Err(Failure::Alert)
    }
}

fn summary_json(s: &BuildSummary, alerts: &[String]) -> serde_json::Value {
    let secs = s.elapsed.as_secs_f64().max(1e-9);
    serde_json::json!({
        "event": "summary",
        "files": s.files,
        "documents": s.documents,
        "duplicates": s.duplicates,
        "bytes": s.bytes,
        "seconds": (secs * 1000.0).round() / 1000.0,
        "documents_per_s": (s.documents as f64 / secs).round(),
        "mb_per_s": (s.bytes as f64 / 1e6 / secs * 10.0).round() / 10.0,
        "status": s.by_status,
        "template": s.by_template,
        "year": s.by_year.iter().map(|(y, n)| (y.map_or("unknown".to_string(), |y| y.to_string()), *n)).collect::<std::collections::BTreeMap<_, _>>(),
        "diagnostics": s.by_code,
        "cross_report": s.manifest.as_ref().map(|m| &m.cross_report),
        "changes": s.changes,
        "alerts": alerts,
    })
}

/// Append one line to the run log beside the dataset (`{out}.runs.jsonl`):
/// when, where and how long — what the manifest leaves out to stay
/// reproducible. A run log that cannot be written is a warning only.
fn append_run_log(
    out: &std::path::Path,
    what: &str,
    started: SystemTime,
    summary: Option<&BuildSummary>,
    alerts: &[String],
    error: Option<&str>,
) {
    use std::io::Write;
    let mut line = match summary {
        Some(s) => summary_json(s, alerts),
        None => serde_json::json!({}),
    };
    let epoch = |t: SystemTime| {
        t.duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or_default()
    };
    line["event"] = serde_json::json!(what);
    line["started_unix"] = serde_json::json!(epoch(started));
    line["finished_unix"] = serde_json::json!(epoch(SystemTime::now()));
    line["host"] = serde_json::json!(ogi::write::lock::host_name());
    line["ogi_version"] = serde_json::json!(env!("CARGO_PKG_VERSION"));
    line["command"] = serde_json::json!(std::env::args().collect::<Vec<_>>().join(" "));
    line["out"] = serde_json::json!(out.display().to_string());
    line["ok"] = serde_json::json!(error.is_none());
    if let Some(e) = error {
        line["error"] = serde_json::json!(e);
    }
    let mut path = out.as_os_str().to_owned();
    path.push(".runs.jsonl");
    let (parent, _) = ogi::write::lock::split_out(out);
    if !parent.is_dir() {
        // Nothing was built and there is nowhere to log it: the error says why.
        return;
    }
    let written = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .and_then(|mut f| writeln!(f, "{line}"));
    if let Err(e) = written {
        eprintln!(
            "warning: cannot append to the run log {}: {e}",
            PathBuf::from(path).display()
        );
    }
}

fn print_summary(out: &std::path::Path, s: &BuildSummary) {
    let secs = s.elapsed.as_secs_f64().max(1e-9);
    println!(
        "built {} in {:.2}s: {} files, {} documents, {} duplicates, {:.1} MB \
         ({:.0} documents/s, {:.1} MB/s)",
        out.display(),
        secs,
        s.files,
        s.documents,
        s.duplicates,
        s.bytes as f64 / 1e6,
        s.documents as f64 / secs,
        s.bytes as f64 / 1e6 / secs
    );
    let line = |name: &str, parts: Vec<String>| {
        println!("  {name:<11} {}", parts.join(", "));
    };
    let pairs = |m: &std::collections::BTreeMap<&'static str, usize>| {
        m.iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect::<Vec<_>>()
    };
    line("status", pairs(&s.by_status));
    line("template", pairs(&s.by_template));
    line(
        "year",
        s.by_year
            .iter()
            .map(|(y, n)| format!("{} {n}", y.map_or("unknown".to_string(), |y| y.to_string())))
            .collect(),
    );
    let mut codes: Vec<_> = s.by_code.iter().collect();
    codes.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    line(
        "diagnostics",
        codes
            .iter()
            .take(8)
            .map(|(k, v)| format!("{k} {v}"))
            .collect(),
    );
    if let Some(m) = &s.manifest {
        line(
            "rows",
            m.tables
                .iter()
                .map(|t| format!("{} {}", t.name, t.rows))
                .collect(),
        );
    }
    if let Some(m) = &s.manifest {
        if !m.cross_report.is_empty() {
            line(
                "across",
                m.cross_report
                    .iter()
                    .map(|(k, v)| format!("{k} {v}"))
                    .collect(),
            );
        }
    }
    if let Some(c) = &s.changes {
        let values = c.values_changed.map_or(
            "values not compared (parser or configuration changed)".to_string(),
            |v| format!("{v} values changed"),
        );
        println!(
            "  {:<11} {} new, {} changed, {} gone, {} unchanged reports; {values}",
            "changes", c.new, c.changed, c.gone, c.unchanged
        );
    }
    if s.skipped_links > 0 {
        println!("  {} symbolic links were not followed", s.skipped_links);
    }
}

#[cfg(not(feature = "summary"))]
fn summary(_dir: &std::path::Path, _html: Option<&std::path::Path>) -> Result<(), Failure> {
    Err(Failure::Usage(anyhow::anyhow!(
        "this ogi was built without `ogi summary`: rebuild with the cargo feature `summary` \
         (on by default)"
    )))
}

#[cfg(feature = "summary")]
fn summary(dir: &std::path::Path, html: Option<&std::path::Path>) -> Result<(), Failure> {
    if !dir.is_dir() {
        return Err(Failure::Usage(anyhow::anyhow!(
            "{} is not a folder; give the dataset folder `ogi build` wrote",
            dir.display()
        )));
    }
    let s = ogi::summary::summarise(dir).map_err(Failure::Usage)?;
    print!("{}", s.to_text());
    if let Some(path) = html {
        let page = s.to_html().map_err(Failure::Fatal)?;
        std::fs::write(path, page)
            .with_context(|| format!("cannot write {}", path.display()))
            .map_err(Failure::Fatal)?;
        println!("\nwrote {}", path.display());
    }
    Ok(())
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

/// mimalloc (v3) option numbers, from the `mi_option_e` enum of its
/// `mimalloc.h`; the -sys crate names them only for v2.
const MI_OPTION_ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Give freed memory back to the system at once, and commit arena memory
/// only as it is used. With mimalloc's defaults (purge after a delay, the
/// first arena committed eagerly) a build held about 200 MB where its live
/// heap was about 50 MB; with these, about 120 MB. The arena setting counts
/// only before the first allocation, which the Rust runtime makes before
/// `main`: hence a constructor, run as the program loads. A
/// `MIMALLOC_PURGE_DELAY` or `MIMALLOC_ARENA_EAGER_COMMIT` in the
/// environment still wins.
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
extern "C" fn tune_allocator() {
    for (option, env, value) in [
        (MI_OPTION_PURGE_DELAY, "MIMALLOC_PURGE_DELAY\0", 0),
        (
            MI_OPTION_ARENA_EAGER_COMMIT,
            "MIMALLOC_ARENA_EAGER_COMMIT\0",
            0,
        ),
    ] {
        // getenv, not std::env: nothing may allocate yet.
        // SAFETY: a NUL-terminated name; runs as the program loads, before
        // any thread but the main one exists (mi_option_set is not thread
        // safe).
        let set = unsafe { !libc::getenv(env.as_ptr().cast()).is_null() };
        if !set {
            unsafe { libmimalloc_sys::mi_option_set(option, value) };
        }
    }
}

#[cfg(target_os = "linux")]
#[used]
#[unsafe(link_section = ".init_array")]
static TUNE_ALLOCATOR: extern "C" fn() = tune_allocator;
