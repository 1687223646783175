//! What pass 1 learns of a document's bytes, and how pass 2 knows it is
//! reading the same bytes.
//!
//! A document is named by the sha256 of its bytes (its `report_id`, its
//! copies, its reuse by an incremental build). Pass 2 must parse only the
//! bytes pass 1 hashed: a file rewritten between the passes is a
//! `FILE_CHANGED` row, never a row of other bytes under pass 1's name. A
//! second sha256 of every document costs a few percent of a build, so pass
//! 1 also takes a 128-bit XXH3 of the same bytes and pass 2 compares that
//! (over ten times faster). Bytes changed between the passes escape it
//! with odds of 2⁻¹²⁸. The seed is drawn anew in every process and never
//! written. XXH3 is not a cryptographic hash: the check guards against a
//! file rewritten during a build, not against bytes crafted to pass it, so
//! it is only ever a test of "unchanged since pass 1", never a name.

use std::hash::{BuildHasher, RandomState};
use std::sync::OnceLock;

use sha2::{Digest, Sha256};
use twox_hash::XxHash3_128;

/// A document's bytes as pass 1 read them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fingerprint {
    /// sha256 of the bytes: the document's name.
    pub sha: [u8; 32],
    /// Seeded XXH3-128 of the same bytes, for [`Fingerprint::matches`].
    check: u128,
}

impl Fingerprint {
    /// The fingerprint of `bytes`, read whole.
    pub fn of(bytes: &[u8]) -> Self {
        Fingerprint {
            sha: Sha256::digest(bytes).into(),
            check: check_of(bytes),
        }
    }

    /// Whether `bytes` are the bytes this fingerprint was taken of (up to
    /// the odds above), without hashing them with sha256 again.
    pub fn matches(&self, bytes: &[u8]) -> bool {
        check_of(bytes) == self.check
    }

    /// The check as spilled to pass 1's scratch files (read back by the
    /// same process only: the seed is the process's own).
    pub fn check_bytes(&self) -> [u8; 16] {
        self.check.to_le_bytes()
    }

    pub fn from_parts(sha: [u8; 32], check: [u8; 16]) -> Self {
        Fingerprint {
            sha,
            check: u128::from_le_bytes(check),
        }
    }
}

/// A fingerprint taken a buffer at a time (a file too large to hold).
pub struct Hasher {
    sha: Sha256,
    check: XxHash3_128,
}

impl Default for Hasher {
    fn default() -> Self {
        Hasher {
            sha: Sha256::new(),
            check: XxHash3_128::with_seed(seed()),
        }
    }
}

impl Hasher {
    pub fn update(&mut self, bytes: &[u8]) {
        self.sha.update(bytes);
        self.check.write(bytes);
    }

    pub fn finish(self) -> Fingerprint {
        Fingerprint {
            sha: self.sha.finalize().into(),
            check: self.check.finish_128(),
        }
    }
}

fn check_of(bytes: &[u8]) -> u128 {
    XxHash3_128::oneshot_with_seed(seed(), bytes)
}

/// This process's seed, drawn once from the standard library's random
/// keys.
fn seed() -> u64 {
    static SEED: OnceLock<u64> = OnceLock::new();
    *SEED.get_or_init(|| RandomState::new().hash_one(0u8))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bytes of every length around XXH3's internal block sizes.
    fn sample(len: usize) -> Vec<u8> {
        (0..len).map(|i| (i * 131 % 251) as u8).collect()
    }

    #[test]
    fn streamed_and_whole_fingerprints_agree() {
        for len in [0, 1, 16, 17, 128, 129, 240, 241, 1024, 1025, 5000, 70_000] {
            let bytes = sample(len);
            let whole = Fingerprint::of(&bytes);
            for step in [1, 7, 64, 4096] {
                let mut h = Hasher::default();
                for chunk in bytes.chunks(step) {
                    h.update(chunk);
                }
                assert_eq!(h.finish(), whole, "length {len}, chunks of {step}");
            }
            assert_eq!(whole.sha, <[u8; 32]>::from(Sha256::digest(&bytes)));
            assert!(whole.matches(&bytes));
        }
    }

    #[test]
    fn any_changed_byte_fails_the_check() {
        let bytes = sample(3000);
        let f = Fingerprint::of(&bytes);
        for at in [0, 1, 63, 64, 1500, 2999] {
            let mut other = bytes.clone();
            other[at] ^= 1;
            assert!(!f.matches(&other), "byte {at} flipped");
        }
        assert!(!f.matches(&bytes[..2999]), "one byte shorter");
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(!f.matches(&longer), "one byte longer");
        let round = Fingerprint::from_parts(f.sha, f.check_bytes());
        assert_eq!(round, f);
    }
}
