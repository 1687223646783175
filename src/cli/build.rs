//! `ogi build` and `ogi merge`: the arguments and the configuration made
//! into a run of the pipeline, and its outcome reported — the summary, the
//! alerts, the run log, the exit code.

use std::io::IsTerminal;
use std::path::Path;
use std::time::SystemTime;

use anyhow::Result;

use super::{load_config, report, run_log, BuildArgs, Failure, LogFormat, MergeArgs};
use ogi::config::Config;
use ogi::contract::Shard;
use ogi::pipeline::{self, BuildOptions, BuildSummary, Progress};

pub fn build(a: BuildArgs) -> Result<(), Failure> {
    let config = load_config(a.config.as_deref())?;
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
        if !ogi::dataset::is_dataset(p) {
            return Err(Failure::Usage(anyhow::anyhow!(
                "--previous {} is not a dataset (no manifest.json and reports.parquet)",
                p.display()
            )));
        }
    }
    let run_log = a.run_log.or_else(|| config.output.run_log.clone());
    let opts = BuildOptions {
        inputs,
        out: a.out.unwrap_or_else(|| config.output.dir.clone()),
        threads: a.threads.map_or(config.run.threads, |t| t as usize),
        progress,
        shard,
        previous: a.previous,
        full: a.full,
        run_log,
        config,
    };
    let started = SystemTime::now();
    let result = pipeline::build(&opts);
    let run = Run {
        what: "build",
        out: &opts.out,
        run_log: opts.run_log.as_deref(),
        log_format: a.log_format,
        started,
    };
    run.finish(&opts.config, result)
}

pub fn merge(a: MergeArgs) -> Result<(), Failure> {
    let config = load_config(a.config.as_deref())?;
    for p in &a.parts {
        if !p.is_dir() {
            return Err(Failure::Usage(anyhow::anyhow!(
                "part {} does not exist: name the --out folders of the shard builds",
                p.display()
            )));
        }
    }
    ogi::dataset::merge::check_parts(&a.parts, &config.digest()).map_err(Failure::Usage)?;
    let run_log = a.run_log.or_else(|| config.output.run_log.clone());
    let started = SystemTime::now();
    let result = pipeline::merge(
        &a.parts,
        &a.out,
        &config,
        a.previous.as_deref(),
        run_log.as_deref(),
    );
    let run = Run {
        what: "merge",
        out: &a.out,
        run_log: run_log.as_deref(),
        log_format: a.log_format,
        started,
    };
    run.finish(&config, result)
}

/// A build or merge that ran.
struct Run<'a> {
    what: &'a str,
    out: &'a Path,
    run_log: Option<&'a Path>,
    log_format: LogFormat,
    started: SystemTime,
}

impl Run<'_> {
    /// Report how it ended: the summary, the run log, the exit code. A
    /// refused run (exit 2) touched nothing, the run log included.
    fn finish(&self, config: &Config, result: Result<BuildSummary>) -> Result<(), Failure> {
        let summary = match result {
            Ok(s) => s,
            Err(e) => {
                let failure = Failure::of(e);
                if let Failure::Fatal(e) = &failure {
                    self.log(None, &[], Some(&format!("{e:#}")));
                }
                return Err(failure);
            }
        };
        let alerts = summary.alerts(config);
        match self.log_format {
            LogFormat::Text => report::print(self.out, &summary),
            LogFormat::Json => eprintln!("{}", report::json(&summary, &alerts)),
        }
        if let Some(note) = &summary.reuse_note {
            eprintln!("note: {note}");
        }
        if let Some(why) = &summary.previous_unread {
            eprintln!("warning: the previous build could not be compared with: {why}");
        }
        for a in &alerts {
            eprintln!("alert: {a}");
        }
        self.log(Some(&summary), &alerts, None);
        if alerts.is_empty() {
            Ok(())
        } else {
            Err(Failure::Alert)
        }
    }

    fn log(&self, summary: Option<&BuildSummary>, alerts: &[String], error: Option<&str>) {
        if let Some(path) = self.run_log {
            let when = (self.started, SystemTime::now());
            run_log::append(path, self.what, self.out, when, summary, alerts, error);
        }
    }
}
