//! `pipeline.toml`: the build's configuration, validated with errors that
//! name the offending key.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::contract::hex;
use crate::decode::pdf::PdfLimits;

/// The whole configuration file. Unknown keys are errors, so a typo never
/// silently falls back to a default.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub input: InputConfig,
    pub output: OutputConfig,
    pub archive: ArchiveConfig,
    pub run: RunConfig,
    pub alerts: AlertsConfig,
    pub pdf: PdfConfig,
}

/// Bounds on what one PDF may cost to read: a PDF past one of them is a
/// `failed` row with the diagnostic PDF_TOO_LARGE, and the build goes on.
/// The defaults are [`PdfLimits`]'s.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct PdfConfig {
    /// Pages in one PDF.
    pub max_pages: usize,
    /// Objects in one PDF's cross-reference table.
    pub max_objects: usize,
    /// What the streams the text is read from may inflate to, in bytes.
    pub max_decompressed_bytes: u64,
    /// Glyphs drawn over the whole document.
    pub max_glyphs: usize,
    /// Drawing operations of any kind over the whole document.
    pub max_draw_calls: usize,
}

impl Default for PdfConfig {
    fn default() -> Self {
        let l = PdfLimits::default();
        PdfConfig {
            max_pages: l.max_pages,
            max_objects: l.max_objects,
            max_decompressed_bytes: l.max_decompressed_bytes,
            max_glyphs: l.max_glyphs,
            max_draw_calls: l.max_draw_calls,
        }
    }
}

impl PdfConfig {
    /// The limits the PDF reader is given.
    pub fn limits(&self) -> PdfLimits {
        PdfLimits {
            max_pages: self.max_pages,
            max_objects: self.max_objects,
            max_decompressed_bytes: self.max_decompressed_bytes,
            max_glyphs: self.max_glyphs,
            max_draw_calls: self.max_draw_calls,
        }
    }
}

/// When a build that succeeded should still raise an alarm: the build is
/// published and `ogi build` exits with 3 instead of 0, so that a scheduler
/// can alert without parsing logs. Shares are of the documents written.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct AlertsConfig {
    /// Largest share of documents with status `failed` that is normal.
    pub max_failed_share: f64,
    /// Largest share of documents with at least one error diagnostic.
    pub max_error_share: f64,
}

impl Default for AlertsConfig {
    fn default() -> Self {
        AlertsConfig {
            max_failed_share: 1.0,
            max_error_share: 1.0,
        }
    }
}

/// Bounds on what an archive may make the pipeline read: each breach is a
/// diagnostic on that member, and the rest of the archive is still read.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct ArchiveConfig {
    /// A member larger than this (uncompressed) is not read.
    pub max_member_bytes: u64,
    /// A member whose uncompressed size is more than this many times its
    /// compressed size is a bomb and not read.
    pub max_ratio: u64,
    /// Members read from one archive, nested ones included.
    pub max_members: usize,
    /// How deep archives inside archives are opened (1: one level).
    pub max_depth: u8,
}

impl Default for ArchiveConfig {
    fn default() -> Self {
        ArchiveConfig {
            max_member_bytes: 64 * 1024 * 1024,
            max_ratio: 100,
            max_members: 100_000,
            max_depth: 1,
        }
    }
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct InputConfig {
    /// Folders or files to read; relative paths are relative to the config file.
    pub paths: Vec<PathBuf>,
    /// Files larger than this are recorded as `failed` without being read.
    pub max_file_bytes: u64,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct OutputConfig {
    /// Where the dataset is published.
    pub dir: PathBuf,
    /// A file to append one JSON line to per run (none when unset).
    pub run_log: Option<PathBuf>,
    /// Rows per Parquet row group, at most (see `pipeline.toml`).
    pub row_group_rows: usize,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct RunConfig {
    /// Worker threads; 0 means one per core.
    pub threads: usize,
    /// Documents read ahead of the writer, at most; bounds memory.
    pub batch_documents: usize,
    /// Steps of work one document may take ([`crate::budget`]); past it
    /// the document is a failed row with `DOCUMENT_BUDGET_SPENT`.
    pub document_budget: u64,
}

impl Default for InputConfig {
    fn default() -> Self {
        InputConfig {
            paths: vec![PathBuf::from("data")],
            max_file_bytes: 64 * 1024 * 1024,
        }
    }
}

impl Default for OutputConfig {
    fn default() -> Self {
        OutputConfig {
            dir: PathBuf::from("build"),
            run_log: None,
            row_group_rows: 1_048_576,
        }
    }
}

impl Default for RunConfig {
    fn default() -> Self {
        RunConfig {
            threads: 0,
            batch_documents: 512,
            document_budget: crate::budget::DEFAULT,
        }
    }
}

impl Config {
    /// Read and validate a configuration file. Relative paths in it are made
    /// relative to the file's folder.
    pub fn load(path: &Path) -> Result<Config> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the configuration file {}", path.display()))?;
        let mut config = Config::parse(&text).with_context(|| format!("in {}", path.display()))?;
        let base = path.parent().unwrap_or(Path::new("."));
        for p in &mut config.input.paths {
            if p.is_relative() {
                *p = base.join(&*p);
            }
        }
        if config.output.dir.is_relative() {
            config.output.dir = base.join(&config.output.dir);
        }
        if let Some(log) = &mut config.output.run_log {
            if log.is_relative() {
                *log = base.join(&*log);
            }
        }
        Ok(config)
    }

    /// Parse and validate configuration text.
    pub fn parse(text: &str) -> Result<Config> {
        let config: Config = toml::from_str(text).map_err(|e| {
            // One line: the message and where it is, not toml's drawing.
            let message = e.message().replace('\n', " ");
            match e.span() {
                Some(span) => {
                    let start = span.start.min(text.len());
                    let line_no = text[..start].matches('\n').count() + 1;
                    let line = text.lines().nth(line_no - 1).unwrap_or_default().trim();
                    anyhow::anyhow!("line {line_no} `{line}`: {message}")
                }
                None => anyhow::anyhow!("{message}"),
            }
        })?;
        config.validate()?;
        Ok(config)
    }

    fn validate(&self) -> Result<()> {
        if self.input.paths.is_empty() {
            bail!("input.paths is empty: name at least one folder or file to read");
        }
        if self.input.paths.iter().any(|p| p.as_os_str().is_empty()) {
            bail!("input.paths holds an empty path: name a folder or file to read");
        }
        if self.output.dir.as_os_str().is_empty() {
            bail!("output.dir is empty: name the folder to publish the dataset to");
        }
        if self
            .output
            .run_log
            .as_ref()
            .is_some_and(|p| p.as_os_str().is_empty())
        {
            bail!("output.run_log is empty: name a file, or leave the key out for no run log");
        }
        if self.input.max_file_bytes == 0 {
            bail!("input.max_file_bytes must be greater than 0");
        }
        if self.output.row_group_rows == 0 {
            bail!("output.row_group_rows must be greater than 0");
        }
        if self.run.document_budget == 0 {
            bail!("run.document_budget must be greater than 0");
        }
        if self.run.batch_documents == 0 {
            bail!("run.batch_documents must be greater than 0");
        }
        if self.archive.max_member_bytes == 0 {
            bail!("archive.max_member_bytes must be greater than 0");
        }
        if self.archive.max_ratio == 0 {
            bail!("archive.max_ratio must be greater than 0");
        }
        if self.archive.max_members == 0 {
            bail!("archive.max_members must be greater than 0");
        }
        for (key, v) in [
            ("alerts.max_failed_share", self.alerts.max_failed_share),
            ("alerts.max_error_share", self.alerts.max_error_share),
        ] {
            if !(0.0..=1.0).contains(&v) {
                bail!("{key} is {v}: a share between 0 and 1");
            }
        }
        for (key, v) in [
            ("pdf.max_pages", self.pdf.max_pages as u64),
            ("pdf.max_objects", self.pdf.max_objects as u64),
            (
                "pdf.max_decompressed_bytes",
                self.pdf.max_decompressed_bytes,
            ),
            ("pdf.max_glyphs", self.pdf.max_glyphs as u64),
            ("pdf.max_draw_calls", self.pdf.max_draw_calls as u64),
        ] {
            if v == 0 {
                bail!("{key} must be greater than 0");
            }
        }
        if self.run.threads > 1024 {
            bail!("run.threads is {}: at most 1024", self.run.threads);
        }
        Ok(())
    }

    /// Hex sha256 of the settings that shape the dataset's content (not
    /// where it is read from or written to, nor how many threads ran).
    ///
    /// The `[pdf]` keys join the text hashed only when one differs from its
    /// default: a configuration that leaves them alone keeps the digest it
    /// had before the section existed, so builds made before and after
    /// can still be compared and merged, while any change to them changes
    /// the digest.
    pub fn digest(&self) -> String {
        let a = &self.archive;
        let mut shaping = format!(
            "max_file_bytes={}\nrow_group_rows={}\nmax_member_bytes={}\nmax_ratio={}\nmax_members={}\nmax_depth={}\n",
            self.input.max_file_bytes,
            self.output.row_group_rows,
            a.max_member_bytes,
            a.max_ratio,
            a.max_members,
            a.max_depth
        );
        let p = &self.pdf;
        if *p != PdfConfig::default() {
            shaping.push_str(&format!(
                "pdf.max_pages={}\npdf.max_objects={}\npdf.max_decompressed_bytes={}\npdf.max_glyphs={}\npdf.max_draw_calls={}\n",
                p.max_pages, p.max_objects, p.max_decompressed_bytes, p.max_glyphs, p.max_draw_calls
            ));
        }
        // The budget decides which documents are read; named only when it
        // is not the default, so that digests of earlier builds still hold.
        if self.run.document_budget != crate::budget::DEFAULT {
            shaping.push_str(&format!("document_budget={}\n", self.run.document_budget));
        }
        hex(&Sha256::digest(shaping.as_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_overrides() {
        let c = Config::parse("[run]\nthreads = 2\n").unwrap();
        assert_eq!(c.run.threads, 2);
        assert_eq!(c.output.dir, PathBuf::from("build"));
    }

    #[test]
    fn unknown_and_invalid_keys_are_named() {
        let e = format!("{:#}", Config::parse("[run]\nthread = 2\n").unwrap_err());
        assert!(e.contains("thread"), "{e}");
        let e = format!(
            "{:#}",
            Config::parse("[output]\nrow_group_rows = 0\n").unwrap_err()
        );
        assert!(e.contains("output.row_group_rows"), "{e}");
        let e = format!(
            "{:#}",
            Config::parse("[input]\nmax_file_bytes = \"big\"\n").unwrap_err()
        );
        assert!(e.contains("max_file_bytes"), "{e}");
    }

    #[test]
    fn empty_paths_are_refused() {
        for text in [
            "[output]\ndir = \"\"\n",
            "[input]\npaths = [\"\"]\n",
            "[output]\nrun_log = \"\"\n",
        ] {
            let e = format!("{:#}", Config::parse(text).unwrap_err());
            assert!(e.contains("empty"), "{text}: {e}");
        }
        let c = Config::parse("[output]\nrun_log = \"runs.jsonl\"\n").unwrap();
        assert_eq!(c.output.run_log, Some(PathBuf::from("runs.jsonl")));
    }

    #[test]
    fn digest_ignores_threads_and_paths() {
        let a = Config::parse("[run]\nthreads = 1\n").unwrap();
        let b = Config::parse("[run]\nthreads = 2\n[output]\ndir = \"elsewhere\"\n").unwrap();
        assert_eq!(a.digest(), b.digest());
    }

    #[test]
    fn pdf_limits_are_validated_and_in_the_digest() {
        let e = format!("{:#}", Config::parse("[pdf]\nmax_pages = 0\n").unwrap_err());
        assert!(e.contains("pdf.max_pages"), "{e}");
        let e = format!("{:#}", Config::parse("[pdf]\nmax_page = 3\n").unwrap_err());
        assert!(e.contains("max_page"), "{e}");
        let default = Config::default();
        // The section at its defaults, written out or left out, is the
        // same configuration with the same digest.
        let written = Config::parse(
            "[pdf]\nmax_pages = 500\nmax_objects = 200000\nmax_decompressed_bytes = 268435456\n\
             max_glyphs = 5000000\nmax_draw_calls = 20000000\n",
        )
        .unwrap();
        assert_eq!(written, default);
        assert_eq!(written.pdf.limits().max_pages, 500);
        // The digest of the keys before the section existed.
        assert_eq!(
            default.digest(),
            hex(&Sha256::digest(
                b"max_file_bytes=67108864\nrow_group_rows=1048576\nmax_member_bytes=67108864\n\
                  max_ratio=100\nmax_members=100000\nmax_depth=1\n"
            ))
        );
        for key in [
            "max_pages",
            "max_objects",
            "max_decompressed_bytes",
            "max_glyphs",
            "max_draw_calls",
        ] {
            let c = Config::parse(&format!("[pdf]\n{key} = 7\n")).unwrap();
            assert_ne!(c.digest(), default.digest(), "{key}");
        }
    }
}
