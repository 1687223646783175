//! Shards: a build of a stable share of the inputs, for `ogi merge`. A
//! part's manifest names its shard (`extra.shard`, `K/N`).

use anyhow::{Context, Result};
use sha2::{Digest, Sha256};

/// A stable share of the inputs: the files whose relative path hashes to
/// `index` modulo `count`. Members of an archive go with their archive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    pub index: u32,
    pub count: u32,
}

impl Shard {
    /// `K/N` with `0 <= K < N`.
    pub fn parse(s: &str) -> Result<Shard> {
        let (k, n) = s
            .split_once('/')
            .with_context(|| format!("--shard {s:?}: expected K/N, e.g. 0/4"))?;
        let index: u32 = k
            .trim()
            .parse()
            .with_context(|| format!("--shard {s:?}: K is not a number"))?;
        let count: u32 = n
            .trim()
            .parse()
            .with_context(|| format!("--shard {s:?}: N is not a number"))?;
        if count == 0 || index >= count {
            anyhow::bail!(
                "--shard {s:?}: K must be between 0 and N-1 (shards are numbered from 0)"
            );
        }
        Ok(Shard { index, count })
    }

    /// Whether the file at relative path `rel` belongs to this shard.
    pub fn holds(&self, rel: &str) -> bool {
        let h = Sha256::digest(rel.as_bytes());
        let mut first = [0u8; 8];
        first.copy_from_slice(&h[..8]);
        u64::from_le_bytes(first) % u64::from(self.count) == u64::from(self.index)
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_parse_and_split_every_path_once() {
        assert_eq!(Shard::parse("1/3").unwrap().to_string(), "1/3");
        for bad in ["3/2", "0/0", "x/2", "1", "1/y"] {
            assert!(Shard::parse(bad).is_err(), "{bad}");
        }
        let shards: Vec<Shard> = (0..3).map(|k| Shard { index: k, count: 3 }).collect();
        for rel in ["a.txt", "b/c.html", "县/报告.docx"] {
            assert_eq!(shards.iter().filter(|s| s.holds(rel)).count(), 1, "{rel}");
        }
    }
}
