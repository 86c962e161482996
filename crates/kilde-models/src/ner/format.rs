//! The NER model file, version 1. All integers little-endian.
//!
//! ```text
//! magic        8 bytes  "KILDENER"
//! version      u16      FORMAT_VERSION (1)
//! feature set  u16      the feature templates the weights were trained with
//! scheme       u8       1 BIO, 2 BILOU
//! labels       u8 n, then n label codes (1 PER, 2 ORG, 3 LOC, 4 MISC)
//! bits         u8       the weight table has 2^bits rows of one i16 per tag
//! transitions  (tags + 1) * tags i16, last row is the sentence start
//! lower-seen   u32 n, then n u64 hashes, ascending
//! gazetteer    u8 longest name in tokens, u32 n, then n (u64 hash, u8 kinds), ascending
//! rows         u32 n, then n rows, ascending: varint gap to the previous row index + 1,
//!              u16 mask of tags with a non-zero weight, one i16 per set bit
//! checksum     u64      FNV-1a (finished) of every byte before it
//! ```
//!
//! Rows that are all zero are not stored, so the file holds only what training touched.
//! [`NerModel::from_bytes`] checks every field and refuses files of another version or
//! feature set instead of silently tagging with mismatched features.

use super::features::FEATURE_SET;
use super::tags::{Scheme, TagSet};
use super::{Label, Lexicons, MAX_TAGS, NerModel, Row};
use crate::hash::hash_bytes;

/// Leading bytes of every model file.
pub const MAGIC: &[u8; 8] = b"KILDENER";
/// The version this build reads and writes.
pub const FORMAT_VERSION: u16 = 1;

/// Why model bytes could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ModelError {
    /// Not a kilde NER model.
    #[error("not a kilde NER model (bad magic bytes)")]
    BadMagic,
    /// Written by another version of kilde.
    #[error("model file version {found}, this kilde reads version {FORMAT_VERSION}")]
    Version {
        /// The file's version.
        found: u16,
    },
    /// Trained with other feature templates.
    #[error(
        "model trained with feature set {found}, this kilde computes feature set {FEATURE_SET}"
    )]
    FeatureSet {
        /// The file's feature set.
        found: u16,
    },
    /// Cut short or damaged.
    #[error("model file is damaged: {0}")]
    Corrupt(&'static str),
}

impl NerModel {
    /// Encodes the model (see the module docs for the layout).
    pub fn to_bytes(&self) -> Vec<u8> {
        let t = self.tagset.len();
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        out.extend_from_slice(&FEATURE_SET.to_le_bytes());
        out.push(self.tagset.scheme.code());
        out.push(self.tagset.labels.len() as u8);
        out.extend(self.tagset.labels.iter().map(|l| l.code()));
        out.push(self.bits as u8);
        for w in &self.transitions {
            out.extend_from_slice(&w.to_le_bytes());
        }
        let lex = &self.lexicons;
        out.extend_from_slice(&(lex.lower_seen.len() as u32).to_le_bytes());
        for h in &lex.lower_seen {
            out.extend_from_slice(&h.to_le_bytes());
        }
        out.push(lex.gazetteer_max_len as u8);
        out.extend_from_slice(&(lex.gazetteer.len() as u32).to_le_bytes());
        for (h, k) in &lex.gazetteer {
            out.extend_from_slice(&h.to_le_bytes());
            out.push(*k);
        }
        let rows: Vec<usize> = (0..self.weights.len())
            .filter(|&r| self.weights[r].0.iter().any(|&w| w != 0))
            .collect();
        out.extend_from_slice(&(rows.len() as u32).to_le_bytes());
        let mut prev = 0usize;
        for (k, &r) in rows.iter().enumerate() {
            let gap = if k == 0 { r } else { r - prev - 1 };
            write_varint(&mut out, gap as u64);
            prev = r;
            let ws = &self.weights[r].0[..t];
            let mask = ws
                .iter()
                .enumerate()
                .filter(|(_, w)| **w != 0)
                .fold(0u16, |m, (i, _)| m | 1 << i);
            out.extend_from_slice(&mask.to_le_bytes());
            for &w in ws.iter().filter(|w| **w != 0) {
                // Weights are `i16` widened (see `Row`): this narrowing is exact.
                out.extend_from_slice(&(w as i16).to_le_bytes());
            }
        }
        let sum = hash_bytes(&out);
        out.extend_from_slice(&sum.to_le_bytes());
        out
    }

    /// Decodes a model written by [`NerModel::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<NerModel, ModelError> {
        if bytes.len() < 8 || &bytes[..8] != MAGIC {
            return Err(ModelError::BadMagic);
        }
        let mut r = Reader { bytes, pos: 8 };
        let version = r.u16()?;
        if version != FORMAT_VERSION {
            return Err(ModelError::Version { found: version });
        }
        let (body, sum) = bytes.split_at(bytes.len().saturating_sub(8).max(10));
        if sum.len() != 8 || hash_bytes(body).to_le_bytes() != sum {
            return Err(ModelError::Corrupt("checksum mismatch"));
        }
        let mut r = Reader {
            bytes: body,
            pos: 10,
        };
        let feature_set = r.u16()?;
        if feature_set != FEATURE_SET {
            return Err(ModelError::FeatureSet { found: feature_set });
        }
        let scheme = Scheme::from_code(r.u8()?).ok_or(ModelError::Corrupt("unknown tag scheme"))?;
        let n_labels = usize::from(r.u8()?);
        let labels = (0..n_labels)
            .map(|_| {
                r.u8()
                    .and_then(|c| Label::from_code(c).ok_or(ModelError::Corrupt("unknown label")))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let tagset = TagSet::new(scheme, labels);
        let t = tagset.len();
        if t > MAX_TAGS {
            return Err(ModelError::Corrupt("too many tags"));
        }
        let bits = u32::from(r.u8()?);
        if !(8..=26).contains(&bits) {
            return Err(ModelError::Corrupt("weight table size out of range"));
        }
        let transitions = (0..(t + 1) * t)
            .map(|_| r.i16())
            .collect::<Result<Vec<_>, _>>()?;
        let n = r.u32()? as usize;
        let lower_seen = (0..n).map(|_| r.u64()).collect::<Result<Vec<_>, _>>()?;
        let max_len = usize::from(r.u8()?);
        let n = r.u32()? as usize;
        let gazetteer = (0..n)
            .map(|_| Ok((r.u64()?, r.u8()?)))
            .collect::<Result<Vec<_>, ModelError>>()?;
        let rows = 1usize << bits;
        let mut weights = vec![Row::default(); rows];
        let n = r.u32()? as usize;
        let mut next = 0usize;
        for _ in 0..n {
            let row = next
                .checked_add(r.varint()? as usize)
                .filter(|&row| row < rows)
                .ok_or(ModelError::Corrupt("row index out of range"))?;
            let mask = r.u16()?;
            if mask >> t != 0 {
                return Err(ModelError::Corrupt(
                    "weights for tags the model does not have",
                ));
            }
            for tag in 0..t {
                if mask & (1 << tag) != 0 {
                    weights[row].0[tag] = i32::from(r.i16()?);
                }
            }
            next = row + 1;
        }
        if r.pos != body.len() {
            return Err(ModelError::Corrupt("trailing bytes"));
        }
        Ok(NerModel::new(
            tagset,
            bits,
            weights,
            transitions,
            Lexicons::new(lower_seen, gazetteer, max_len),
        ))
    }
}

fn write_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn take<const N: usize>(&mut self) -> Result<[u8; N], ModelError> {
        let end = self.pos + N;
        let slice = self
            .bytes
            .get(self.pos..end)
            .ok_or(ModelError::Corrupt("unexpected end of file"))?;
        self.pos = end;
        let mut a = [0u8; N];
        a.copy_from_slice(slice);
        Ok(a)
    }
    fn u8(&mut self) -> Result<u8, ModelError> {
        Ok(self.take::<1>()?[0])
    }
    fn u16(&mut self) -> Result<u16, ModelError> {
        Ok(u16::from_le_bytes(self.take()?))
    }
    fn i16(&mut self) -> Result<i16, ModelError> {
        Ok(i16::from_le_bytes(self.take()?))
    }
    fn u32(&mut self) -> Result<u32, ModelError> {
        Ok(u32::from_le_bytes(self.take()?))
    }
    fn u64(&mut self) -> Result<u64, ModelError> {
        Ok(u64::from_le_bytes(self.take()?))
    }
    fn varint(&mut self) -> Result<u64, ModelError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.u8()?;
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Ok(v);
            }
        }
        Err(ModelError::Corrupt("varint too long"))
    }
}
