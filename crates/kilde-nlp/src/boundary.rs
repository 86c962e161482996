//! The sentence-boundary classifier: an averaged perceptron over hashed features
//! of the tokens around a candidate gap.
//!
//! **Model file format** (`model/boundary.bin`, little-endian): the magic `KSB1`,
//! a `u32` bucket-count exponent, a `u32` entry count, a `f32` threshold, then
//! `entries` pairs of (`u32` bucket, `f32` weight). Buckets not listed weigh zero.
//! The file is produced by [`train`] (see `examples/train_boundaries.rs`) and read
//! by [`BoundaryModel::from_bytes`].

use std::sync::OnceLock;

use kilde_core::Span;

use crate::abbrev;

/// Bucket-count exponent for feature hashing: 2^18 weights (1 MiB in memory).
pub const BUCKET_BITS: u32 = 18;
const MAGIC: &[u8; 4] = b"KSB1";

/// The model shipped with the crate.
static EMBEDDED: &[u8] = include_bytes!("../model/boundary.bin");

/// Why a model file was refused.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// The bytes are not a `KSB1` model of the expected size.
    #[error("not a kilde sentence-boundary model: {0}")]
    Format(&'static str),
}

/// Weights of the boundary classifier, dense over the hashed feature buckets.
#[derive(Debug, Clone)]
pub struct BoundaryModel {
    weights: Vec<f32>,
    /// Score above which a gap is a boundary.
    pub threshold: f32,
    entries: usize,
}

impl BoundaryModel {
    /// The model embedded in the binary, decoded once.
    pub fn embedded() -> &'static BoundaryModel {
        static MODEL: OnceLock<BoundaryModel> = OnceLock::new();
        MODEL.get_or_init(|| {
            BoundaryModel::from_bytes(EMBEDDED).unwrap_or_else(|_| BoundaryModel::empty())
        })
    }

    /// A model with no weights; [`crate::split_sentences`] then uses plain rules.
    pub fn empty() -> Self {
        BoundaryModel {
            weights: vec![0.0; 1 << BUCKET_BITS],
            threshold: 0.0,
            entries: 0,
        }
    }

    /// True when the model has no weights at all.
    pub fn is_empty(&self) -> bool {
        self.entries == 0
    }

    /// Reads the format described in the module docs.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ModelError> {
        let word = |i: usize| -> Result<[u8; 4], ModelError> {
            bytes
                .get(i..i + 4)
                .and_then(|s| s.try_into().ok())
                .ok_or(ModelError::Format("truncated"))
        };
        if bytes.get(..4) != Some(MAGIC.as_slice()) {
            return Err(ModelError::Format("bad magic"));
        }
        if u32::from_le_bytes(word(4)?) != BUCKET_BITS {
            return Err(ModelError::Format("bucket count differs from this build"));
        }
        let entries = u32::from_le_bytes(word(8)?) as usize;
        let threshold = f32::from_le_bytes(word(12)?);
        if bytes.len() != 16 + entries * 8 {
            return Err(ModelError::Format("length does not match entry count"));
        }
        let mut weights = vec![0.0; 1 << BUCKET_BITS];
        for e in 0..entries {
            let at = 16 + e * 8;
            let bucket = u32::from_le_bytes(word(at)?) as usize;
            let w = f32::from_le_bytes(word(at + 4)?);
            *weights
                .get_mut(bucket)
                .ok_or(ModelError::Format("bucket out of range"))? = w;
        }
        Ok(BoundaryModel {
            weights,
            threshold,
            entries,
        })
    }

    /// Writes the format described in the module docs, dropping weights below `min_abs`.
    pub fn to_bytes(&self, min_abs: f32) -> Vec<u8> {
        let kept: Vec<(u32, f32)> = self
            .weights
            .iter()
            .enumerate()
            .filter(|(_, w)| w.abs() >= min_abs && **w != 0.0)
            .map(|(i, w)| (i as u32, *w))
            .collect();
        let mut out = Vec::with_capacity(16 + kept.len() * 8);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&BUCKET_BITS.to_le_bytes());
        out.extend_from_slice(&(kept.len() as u32).to_le_bytes());
        out.extend_from_slice(&self.threshold.to_le_bytes());
        for (b, w) in kept {
            out.extend_from_slice(&b.to_le_bytes());
            out.extend_from_slice(&w.to_le_bytes());
        }
        out
    }

    /// The score of one feature set; above [`Self::threshold`] means boundary.
    pub fn score(&self, features: &[u32]) -> f32 {
        features.iter().map(|&f| self.weights[f as usize]).sum()
    }
}

/// Coarse classes of a token, the backbone of most features.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Class {
    Period = 1,
    Question,
    Exclaim,
    Colon,
    Semicolon,
    Comma,
    Ellipsis,
    Quote,
    Open,
    Close,
    Dash,
    OtherPunct,
    Abbrev,
    Initial,
    Ordinal,
    Capitalized,
    Upper,
    Lower,
    Number,
    Other,
}

/// The class of token text `t` (never empty).
pub fn class(t: &str) -> Class {
    let b = t.as_bytes();
    match t {
        "." => return Class::Period,
        "?" => return Class::Question,
        "!" => return Class::Exclaim,
        ":" => return Class::Colon,
        ";" => return Class::Semicolon,
        "," => return Class::Comma,
        "…" => return Class::Ellipsis,
        "(" | "[" | "{" => return Class::Open,
        ")" | "]" | "}" => return Class::Close,
        "-" | "–" | "—" => return Class::Dash,
        "\"" | "»" | "«" | "„" | "“" | "”" | "'" | "\u{2019}" | "\u{2018}" => {
            return Class::Quote;
        }
        _ => {}
    }
    if b.len() >= 2 && b.iter().all(|&c| c == b'.') {
        return Class::Ellipsis;
    }
    let Some(first) = t.chars().next() else {
        return Class::Other;
    };
    if b.len() >= 2 && b[b.len() - 1] == b'.' {
        let stem = &t[..t.len() - 1];
        if stem.bytes().all(|c| c.is_ascii_digit()) {
            return Class::Ordinal;
        }
        if stem.chars().count() == 1 && first.is_uppercase() {
            return Class::Initial;
        }
        return Class::Abbrev;
    }
    if first.is_ascii_digit() {
        return Class::Number;
    }
    if first.is_uppercase() {
        if t.chars().skip(1).any(char::is_lowercase) {
            return Class::Capitalized;
        }
        return Class::Upper;
    }
    if first.is_lowercase() {
        return Class::Lower;
    }
    if first.is_alphanumeric() {
        return Class::Other;
    }
    Class::OtherPunct
}

/// Whether the gap after a token of class `left` before `right` (text `right_text`)
/// may be a sentence boundary at all. Others are never scored.
pub fn is_candidate(left: Class, right: Class) -> bool {
    matches!(
        left,
        Class::Period
            | Class::Question
            | Class::Exclaim
            | Class::Colon
            | Class::Semicolon
            | Class::Ellipsis
            | Class::Quote
            | Class::Close
            | Class::Abbrev
            | Class::Initial
            | Class::Ordinal
    ) || matches!(
        right,
        Class::Capitalized
            | Class::Upper
            | Class::Number
            | Class::Quote
            | Class::Dash
            | Class::Open
            | Class::Initial
            | Class::Abbrev
            | Class::Ordinal
    )
}

/// What the features of one gap may look at.
pub struct Gap<'a> {
    /// The text the tokens point into.
    pub text: &'a str,
    /// All tokens of the current paragraph region.
    pub tokens: &'a [Span],
    /// Classes of `tokens`.
    pub classes: &'a [Class],
    /// The gap lies after `tokens[i]`, before `tokens[i + 1]`.
    pub i: usize,
    /// Tokens since the last boundary, including `tokens[i]`.
    pub sentence_len: usize,
    /// Quote tokens since the last boundary, including `tokens[i]`.
    pub quotes: usize,
}

/// FNV-1a style hashing of a feature template id and its parts.
struct Hasher(u64);

impl Hasher {
    fn new(template: u8) -> Self {
        Hasher(0xcbf2_9ce4_8422_2325 ^ u64::from(template).wrapping_mul(0x9E37_79B9_7F4A_7C15))
    }
    fn byte(mut self, b: u8) -> Self {
        self.0 ^= u64::from(b);
        self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        self
    }
    fn bytes(mut self, s: &[u8]) -> Self {
        for &b in s {
            self = self.byte(b);
        }
        self.byte(0xff)
    }
    fn bucket(self) -> u32 {
        let h = self.0 ^ (self.0 >> 29);
        (h.wrapping_mul(0xbf58_476d_1ce4_e5b9) >> (64 - BUCKET_BITS)) as u32
    }
}

/// A token's lowercased form (ASCII and Danish letters), truncated to 24 bytes.
fn norm<'b>(t: &str, buf: &'b mut [u8; 24]) -> &'b [u8] {
    let bytes = t.as_bytes();
    let n = bytes.len().min(buf.len());
    let mut prev_c3 = false;
    for i in 0..n {
        let b = bytes[i];
        buf[i] = if prev_c3 && (0x80..=0x9e).contains(&b) && b != 0x97 {
            b + 0x20
        } else {
            b.to_ascii_lowercase()
        };
        prev_c3 = b == 0xc3;
    }
    &buf[..n]
}

fn len_bucket(n: usize) -> u8 {
    match n {
        0..=3 => n as u8,
        4..=5 => 4,
        6..=10 => 5,
        11..=20 => 6,
        21..=40 => 7,
        _ => 8,
    }
}

/// The hashed features of a gap, written into `out` (cleared first).
pub fn features(g: &Gap<'_>, out: &mut Vec<u32>) {
    out.clear();
    let text = g.text;
    let i = g.i;
    let tok = |k: usize| &text[g.tokens[k].range()];
    const NONE: u8 = 0;
    let c = |k: Option<usize>| k.map_or(NONE, |k| g.classes[k] as u8);
    let (l2, l1, r1, r2) = (
        i.checked_sub(1),
        Some(i),
        Some(i + 1),
        (i + 2 < g.tokens.len()).then_some(i + 2),
    );
    let (cl2, cl1, cr1, cr2) = (c(l2), c(l1), c(r1), c(r2));
    let mut b1 = [0u8; 24];
    let mut b2 = [0u8; 24];
    let mut b3 = [0u8; 24];
    let nl1 = norm(tok(i), &mut b1);
    let nr1 = norm(tok(i + 1), &mut b2);
    let nl2: &[u8] = match l2 {
        Some(k) => norm(tok(k), &mut b3),
        None => b"<s>",
    };
    let gap = &text.as_bytes()[g.tokens[i].end..g.tokens[i + 1].start];
    let spaced = u8::from(!gap.is_empty());
    let newline = u8::from(gap.contains(&b'\n'));
    let slen = len_bucket(g.sentence_len);
    let odd_quotes = (g.quotes % 2) as u8;
    let abbr = match cl1 {
        x if x == Class::Abbrev as u8 => {
            let t = tok(i);
            match abbrev::lookup(&t[..t.len() - 1]) {
                Some(abbrev::AbbrevKind::Always) => 1,
                Some(abbrev::AbbrevKind::Ambiguous) => 2,
                None => 3,
            }
        }
        _ => 0,
    };
    let suffix = |n: &[u8]| -> Vec<u8> { n.iter().rev().take(3).rev().copied().collect() };

    out.push(Hasher::new(0).bucket());
    out.push(Hasher::new(1).byte(cl1).bucket());
    out.push(Hasher::new(2).byte(cr1).bucket());
    out.push(Hasher::new(3).byte(cl1).byte(cr1).bucket());
    out.push(Hasher::new(4).bytes(nl1).bucket());
    out.push(Hasher::new(5).bytes(nr1).bucket());
    out.push(Hasher::new(6).bytes(nl1).byte(cr1).bucket());
    out.push(Hasher::new(7).byte(cl1).bytes(nr1).bucket());
    out.push(Hasher::new(8).bytes(nl2).bytes(nl1).bucket());
    out.push(Hasher::new(9).byte(cl2).byte(cl1).byte(cr1).bucket());
    out.push(Hasher::new(10).byte(cl1).byte(cr1).byte(cr2).bucket());
    out.push(Hasher::new(11).byte(slen).byte(cl1).bucket());
    out.push(
        Hasher::new(12)
            .byte(odd_quotes)
            .byte(cl1)
            .byte(cr1)
            .bucket(),
    );
    out.push(Hasher::new(13).byte(spaced).byte(cl1).byte(cr1).bucket());
    out.push(Hasher::new(14).byte(newline).byte(cl1).bucket());
    out.push(Hasher::new(15).byte(abbr).byte(cr1).bucket());
    out.push(Hasher::new(16).bytes(nl1).bytes(nr1).bucket());
    out.push(Hasher::new(17).byte(cl2).bytes(nl1).byte(cr1).bucket());
    if cl1 == Class::Lower as u8 || cl1 == Class::Capitalized as u8 {
        out.push(Hasher::new(18).bytes(&suffix(nl1)).byte(cr1).bucket());
    }
    if let Some(k) = r2 {
        let mut b4 = [0u8; 24];
        let nr2 = norm(tok(k), &mut b4);
        out.push(Hasher::new(19).byte(cl1).bytes(nr1).byte(cr2).bucket());
        out.push(Hasher::new(20).bytes(nr1).bytes(nr2).bucket());
    }
    out.push(Hasher::new(21).byte(slen).byte(cl1).byte(cr1).bucket());
}

/// Trains an averaged perceptron on running text with known sentence starts.
///
/// `text` is the training text; `starts` holds the byte offset of every gold
/// sentence start (sorted). Gold history (sentence length, quote parity) is used
/// while training, as the decoder will have its own decisions at run time.
/// Deterministic: the same input gives the same weights.
pub fn train(text: &str, starts: &[usize], epochs: usize) -> BoundaryModel {
    let tokens = crate::tokenize(text);
    let classes: Vec<Class> = tokens.iter().map(|s| class(&text[s.range()])).collect();
    // Gold label per gap: a sentence starts between tokens[i].end and tokens[i+1].start.
    let mut labels = vec![false; tokens.len()];
    let mut si = 0;
    for i in 0..tokens.len().saturating_sub(1) {
        while si < starts.len() && starts[si] < tokens[i].end {
            si += 1;
        }
        labels[i] = si < starts.len() && starts[si] <= tokens[i + 1].start;
    }
    // Precompute features of candidate gaps with gold history.
    let mut examples: Vec<(Vec<u32>, bool)> = Vec::new();
    let mut sentence_len = 0;
    let mut quotes = 0;
    let mut feats = Vec::new();
    for i in 0..tokens.len().saturating_sub(1) {
        sentence_len += 1;
        if classes[i] == Class::Quote {
            quotes += 1;
        }
        if is_candidate(classes[i], classes[i + 1]) {
            let g = Gap {
                text,
                tokens: &tokens,
                classes: &classes,
                i,
                sentence_len,
                quotes,
            };
            features(&g, &mut feats);
            examples.push((feats.clone(), labels[i]));
        }
        if labels[i] {
            sentence_len = 0;
            quotes = 0;
        }
    }
    let n = 1usize << BUCKET_BITS;
    let mut w = vec![0.0f32; n];
    let mut total = vec![0.0f64; n];
    let mut stamp = vec![0u64; n];
    let mut step: u64 = 0;
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng: u64 = 0x5eed;
    for _ in 0..epochs {
        // Deterministic Fisher-Yates shuffle with a fixed-seed xorshift.
        for k in (1..order.len()).rev() {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            order.swap(k, (rng % (k as u64 + 1)) as usize);
        }
        for &e in &order {
            step += 1;
            let (f, gold) = &examples[e];
            let score: f32 = f.iter().map(|&b| w[b as usize]).sum();
            let pred = score > 0.0;
            if pred != *gold {
                let delta = if *gold { 1.0 } else { -1.0 };
                for &b in f {
                    let b = b as usize;
                    total[b] += f64::from(w[b]) * (step - stamp[b]) as f64;
                    stamp[b] = step;
                    w[b] += delta;
                }
            }
        }
    }
    let mut model = BoundaryModel::empty();
    let mut entries = 0;
    for b in 0..n {
        total[b] += f64::from(w[b]) * (step - stamp[b]) as f64;
        let avg = (total[b] / step.max(1) as f64) as f32;
        model.weights[b] = avg;
        if avg != 0.0 {
            entries += 1;
        }
    }
    model.entries = entries;
    model
}
