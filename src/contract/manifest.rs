//! `manifest.json`: what a build holds and how it was made, written by the
//! writer and read back typed by whatever reads a dataset.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use super::TABLES;

/// Name of the manifest file inside a dataset folder.
pub const MANIFEST_FILE: &str = "manifest.json";

/// One finished table file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableSummary {
    /// Table name, e.g. `reports`.
    pub name: String,
    /// File name relative to the dataset folder, e.g. `reports.parquet`.
    pub file: String,
    pub rows: u64,
    /// Hex sha256 of the finished file.
    pub sha256: String,
}

/// `manifest.json`. Serialised with sorted keys; `tables` becomes an object
/// keyed by table name whose values are `{file, rows, sha256}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub ogi_version: String,
    pub parser_version: String,
    /// The build of ogi that wrote the dataset ([`super::PARSER_BUILD`]);
    /// absent in datasets of builds that did not record it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parser_build: Option<String>,
    pub config_digest: String,
    /// Hex sha256 over the identities of the documents written: for each
    /// document `source_path \0 member-or-empty \0 sha256 \n`, then for
    /// each of its duplicate paths `path \0 sha256 \n`.
    pub input_digest: String,
    /// Number of documents written (rows of `reports`).
    pub documents: u64,
    pub row_group_rows: usize,
    /// In the order of [`TABLES`].
    #[serde(serialize_with = "tables_as_map", deserialize_with = "tables_from_map")]
    pub tables: Vec<TableSummary>,
    /// Build metadata beyond the above: `files` (input files read) and,
    /// for a part, `shard` (`K/N`).
    pub extra: BTreeMap<String, String>,
    /// Findings of the cross-report checks, by diagnostic code.
    pub cross_report: BTreeMap<String, u64>,
}

impl Manifest {
    /// The manifest of the dataset in `dir`.
    pub fn read(dir: &Path) -> Result<Manifest> {
        let path = dir.join(MANIFEST_FILE);
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        serde_json::from_str(&text)
            .with_context(|| format!("{} is not an ogi manifest", path.display()))
    }

    /// The summary of one table, by name.
    pub fn table(&self, name: &str) -> Option<&TableSummary> {
        self.tables.iter().find(|t| t.name == name)
    }

    /// The manifest as written to `manifest.json`: pretty JSON, keys sorted at
    /// every level, trailing newline.
    pub fn to_json(&self) -> Result<String> {
        let mut value = serde_json::to_value(self).context("serialising the manifest")?;
        sort_keys(&mut value);
        let mut text = serde_json::to_string_pretty(&value).context("serialising the manifest")?;
        text.push('\n');
        Ok(text)
    }
}

/// A table's entry in `manifest.json`.
#[derive(Serialize, Deserialize)]
struct Entry<S> {
    file: S,
    rows: u64,
    sha256: S,
}

fn tables_as_map<S: serde::Serializer>(
    tables: &[TableSummary],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let map: BTreeMap<&str, Entry<&str>> = tables
        .iter()
        .map(|t| {
            let entry = Entry {
                file: t.file.as_str(),
                rows: t.rows,
                sha256: t.sha256.as_str(),
            };
            (t.name.as_str(), entry)
        })
        .collect();
    map.serialize(serializer)
}

/// The inverse of [`tables_as_map`]: the tables in the order of [`TABLES`]
/// (any other after them, by name).
fn tables_from_map<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<TableSummary>, D::Error> {
    let map: BTreeMap<String, Entry<String>> = BTreeMap::deserialize(deserializer)?;
    let mut tables: Vec<TableSummary> = map
        .into_iter()
        .map(|(name, e)| TableSummary {
            name,
            file: e.file,
            rows: e.rows,
            sha256: e.sha256,
        })
        .collect();
    let rank = |name: &str| {
        TABLES
            .iter()
            .position(|(t, _)| *t == name)
            .unwrap_or(TABLES.len())
    };
    tables.sort_by_key(|t| rank(&t.name));
    Ok(tables)
}

/// Sort object keys recursively, whatever map type serde_json was built with.
fn sort_keys(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            let mut entries: Vec<(String, serde_json::Value)> =
                std::mem::take(map).into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            for (key, mut v) in entries {
                sort_keys(&mut v);
                map.insert(key, v);
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(sort_keys),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manifest_reads_back_as_written() {
        let m = Manifest {
            ogi_version: "1.0.0".into(),
            parser_version: "1.0.0".into(),
            parser_build: Some("b".into()),
            config_digest: "c".into(),
            input_digest: "i".into(),
            documents: 3,
            row_group_rows: 10,
            tables: TABLES
                .iter()
                .rev()
                .map(|(name, file)| TableSummary {
                    name: name.to_string(),
                    file: file.to_string(),
                    rows: 1,
                    sha256: "s".into(),
                })
                .rev()
                .collect(),
            extra: [("shard".to_string(), "0/2".to_string())].into(),
            cross_report: [("REPOST".to_string(), 2)].into(),
        };
        let text = m.to_json().unwrap();
        let back: Manifest = serde_json::from_str(&text).unwrap();
        assert_eq!(back, m);
        assert_eq!(back.tables[0].name, "reports");
        assert!(serde_json::from_str::<Manifest>("{\"tables\": 3}").is_err());
    }
}
