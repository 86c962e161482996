//! The sentence-boundary classifier: an averaged perceptron over hashed features
//! of the tokens around a candidate gap.
//!
//! **Model file format** (`model/boundary.bin`, little-endian): the magic `KSB2`,
//! a `u32` bucket-count exponent, a `u32` entry count, a `f32` threshold, then
//! `entries` pairs of (`u32` bucket, `f32` weight); buckets not listed weigh zero.
//! Then the lexicon: a `u32` bit-count exponent and that many bits (as bytes) of
//! hashed sets of word forms from the training text (seen in lowercase, as names,
//! opening or closing a sentence, before a name), which tell a sentence-initial
//! `Historikeren` from a name like `Søren`, and a headline's last word from a
//! preposition.
//! The file is produced by [`train`] (see `examples/train_boundaries.rs`) and read
//! by [`BoundaryModel::from_bytes`].

use std::cell::Cell;
use std::sync::OnceLock;

use kilde_core::Span;

use crate::abbrev;

/// Bucket-count exponent for feature hashing: 2^16 weights (256 KiB in memory,
/// small enough to stay in cache while scoring).
pub const BUCKET_BITS: u32 = 16;
const MAGIC: &[u8; 4] = b"KSB2";
/// Bit-count exponent of the word lexicon: 2^19 bits (64 KiB), about 7% full
/// after training, so two probes rarely hit a word that was never added.
pub const LEXICON_BITS: u32 = 19;

/// The model shipped with the crate.
static EMBEDDED: &[u8] = include_bytes!("../model/boundary.bin");

/// Why a model file was refused.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// The bytes are not a `KSB2` model of the expected size.
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
    lexicon: Lexicon,
}

/// Hashed sets of word forms (one-hash Bloom filters sharing one bit array), one
/// per [`WordSet`].
#[derive(Debug, Clone)]
pub struct Lexicon {
    bits: Vec<u64>,
}

impl Lexicon {
    /// A lexicon holding only the function words.
    pub fn new() -> Self {
        let mut lexicon = Lexicon {
            bits: vec![0; (1usize << LEXICON_BITS) / 64],
        };
        lexicon.add_function_words();
        lexicon
    }

    fn add_function_words(&mut self) {
        for w in FUNCTION_WORDS {
            self.insert(WordSet::Function, form_hash(w));
        }
    }

    /// The word holding a form's two bits in one set, and those bits: two probes
    /// cut false hits about tenfold at the fill the training text gives, and
    /// keeping both in one word costs one memory access.
    fn probe(set: WordSet, form: u64) -> (usize, u64) {
        let h = Hasher::new(0xe0 | set as u8).word(form).0;
        let m = (h ^ (h >> 31)).wrapping_mul(0x94d0_49bb_1331_11eb);
        let word = (m >> (64 - (LEXICON_BITS - 6))) as usize;
        let bits = (1u64 << (m & 63)) | (1u64 << ((m >> 6) & 63));
        (word, bits)
    }

    /// Adds a word form (by its [`form_hash`]) to one of the sets.
    pub fn insert(&mut self, set: WordSet, form: u64) {
        let (word, bits) = Self::probe(set, form);
        self.bits[word] |= bits;
    }

    /// Whether the form was added to `set` (or collides with ones that were).
    pub fn contains(&self, set: WordSet, form: u64) -> bool {
        let (word, bits) = Self::probe(set, form);
        self.bits[word] & bits == bits
    }

    /// The share of bits set, for the training report.
    pub fn fill(&self) -> f64 {
        let ones: u32 = self.bits.iter().map(|w| w.count_ones()).sum();
        f64::from(ones) / (self.bits.len() * 64) as f64
    }
}

/// Which of the [`Lexicon`]'s sets a form belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum WordSet {
    /// Seen in lowercase.
    Lower = 1,
    /// Tagged as part of a named entity, or seen capitalized after a lowercase word
    /// inside a sentence.
    Name = 2,
    /// A hand-written Danish function word (preposition, article, conjunction).
    Function = 3,
    /// Seen as the last word of a sentence (before its final punctuation, if any).
    Final = 4,
    /// Seen as the first word of a sentence, and not as a name there.
    Start = 5,
    /// Seen in lowercase right before a name inside a sentence (`formand`, `hos`).
    BeforeName = 6,
}

impl Default for Lexicon {
    fn default() -> Self {
        Lexicon::new()
    }
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
            lexicon: Lexicon::new(),
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
        let lex_at = 16 + entries * 8;
        let lex_bytes = (1usize << LEXICON_BITS) / 8;
        if bytes.len() != lex_at + 4 + lex_bytes {
            return Err(ModelError::Format("length does not match entry count"));
        }
        if u32::from_le_bytes(word(lex_at)?) != LEXICON_BITS {
            return Err(ModelError::Format("lexicon size differs from this build"));
        }
        let mut lexicon = Lexicon::new();
        for (k, chunk) in bytes[lex_at + 4..].chunks_exact(8).enumerate() {
            let mut b = [0u8; 8];
            b.copy_from_slice(chunk);
            lexicon.bits[k] = u64::from_le_bytes(b);
        }
        lexicon.add_function_words();
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
            lexicon,
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
        out.extend_from_slice(&LEXICON_BITS.to_le_bytes());
        for word in &self.lexicon.bits {
            out.extend_from_slice(&word.to_le_bytes());
        }
        out
    }

    /// Word forms seen in lowercase while training.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
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
    CapAbbrev,
    Initial,
    Ordinal,
    Capitalized,
    Upper,
    Lower,
    Number,
    Other,
}

/// The class of the token at `span` in `text`: plain ASCII words and numbers are
/// told from their bytes without building a `&str`.
#[inline]
pub fn class_at(text: &str, span: Span) -> Class {
    let b = &text.as_bytes()[span.range()];
    let f = b.first().copied().unwrap_or(0);
    if b.last().is_some_and(|&last| last != b'.' && last < 0x80) {
        if f.is_ascii_lowercase() {
            return Class::Lower;
        }
        if f.is_ascii_uppercase() && b.get(1).is_some_and(u8::is_ascii_lowercase) {
            return Class::Capitalized;
        }
        if f.is_ascii_digit() {
            return Class::Number;
        }
    }
    class(&text[span.range()])
}

/// The class of token text `t` (never empty).
pub fn class(t: &str) -> Class {
    let b = t.as_bytes();
    // Fast path for plain ASCII words and numbers, most tokens.
    let f = b.first().copied().unwrap_or(0);
    if b.last().is_some_and(|&last| last != b'.') {
        if f.is_ascii_lowercase() {
            return Class::Lower;
        }
        if f.is_ascii_uppercase() && b.get(1).is_some_and(u8::is_ascii_lowercase) {
            return Class::Capitalized;
        }
        if f.is_ascii_digit() {
            return Class::Number;
        }
    }
    match b {
        [c] => {
            return match c {
                b'.' => Class::Period,
                b'?' => Class::Question,
                b'!' => Class::Exclaim,
                b':' => Class::Colon,
                b';' => Class::Semicolon,
                b',' => Class::Comma,
                b'(' | b'[' | b'{' => Class::Open,
                b')' | b']' | b'}' => Class::Close,
                b'-' => Class::Dash,
                b'"' | b'\'' => Class::Quote,
                c if c.is_ascii_uppercase() => Class::Upper,
                c if c.is_ascii_alphanumeric() => Class::Other,
                _ => Class::OtherPunct,
            };
        }
        [0xc2 | 0xe2, ..] if b.len() <= 3 => match t {
            "…" => return Class::Ellipsis,
            "–" | "—" => return Class::Dash,
            "»" | "«" | "„" | "“" | "”" | "\u{2019}" | "\u{2018}" => return Class::Quote,
            _ => {}
        },
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
        if first.is_uppercase() {
            if stem.chars().count() == 1 {
                return Class::Initial;
            }
            return Class::CapAbbrev;
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

/// What a gap's token classes alone say about a boundary there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gate {
    /// Never a boundary (`word word`, `word ,`, `- Vi`): most gaps.
    No,
    /// Always a boundary: `.?!` before a capital or a dash, as in `går. Det` (over
    /// 99.7% of such gaps in the training text).
    Yes,
    /// Ask the model.
    Score,
}

/// The [`Gate`] of the gap after a token of class `left`, before one of class
/// `right`. Keeps the splitter fast: only about one gap in ten is scored.
pub fn gate(left: Class, right: Class) -> Gate {
    use Class::*;
    // Classes a sentence can start with, other than plain lowercase words.
    let starter = matches!(
        right,
        Capitalized | Upper | Number | Quote | Dash | Open | Initial | CapAbbrev | Ordinal
    );
    let score = |yes: bool| if yes { Gate::Score } else { Gate::No };
    match left {
        Period | Question | Exclaim if matches!(right, Capitalized | Upper | Dash) => Gate::Yes,
        Period | Question | Exclaim | Ellipsis => Gate::Score,
        Colon | Semicolon | Quote | Close | Abbrev | CapAbbrev | Initial | Ordinal => {
            score(starter)
        }
        // `- Vi`, `( Foto`, `, Han` practically never split.
        Comma | Open => Gate::No,
        Dash => score(matches!(right, Quote | Dash)),
        // After a word: a headline ends before a capital, a quote or a dash.
        _ => score(matches!(
            right,
            Capitalized | Upper | Quote | Dash | Initial | CapAbbrev
        )),
    }
}

/// Hash of a token's lowercased form (ASCII and Danish/Latin-1 capitals folded),
/// at most its first 32 bytes; the lexicon and the lexical features use it
/// instead of the string.
/// Never 0 (the low bit is set), so 0 can mean "not computed yet".
pub fn form_hash(t: &str) -> u64 {
    fold_hash(t.as_bytes()) | 1
}

/// Hash of the last three bytes of a token's lowercased form.
fn suffix_hash(t: &str) -> u64 {
    let b = t.as_bytes();
    let from = b.len().saturating_sub(3);
    // Keep the 0xC3 lead byte before a folded capital so `Å` folds like `å`.
    let from = if from > 0 && b[from - 1] == 0xc3 {
        from - 1
    } else {
        from
    };
    fold_hash(&b[from..]) ^ 0x5f
}

/// ASCII lowercase of eight bytes at once: adds 0x20 to each byte in `A..=Z`.
#[inline]
fn lower8(w: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let low7 = w & !HIGH;
    let above_z = low7.wrapping_add(ONES * (0x7f - b'Z' as u64));
    let from_a = low7.wrapping_add(ONES * (0x80 - b'A' as u64));
    let upper = (from_a ^ above_z) & !w & HIGH;
    w | (upper >> 2)
}

fn fold_hash(bytes: &[u8]) -> u64 {
    let n = bytes.len().min(32);
    let mut h = FNV_OFFSET ^ n as u64;
    let mut lead = false;
    for k in (0..n).step_by(8) {
        // Little-endian load of up to eight bytes, zero-padded (no memcpy call).
        let mut w = 0u64;
        for (j, &b) in bytes[k..n.min(k + 8)].iter().enumerate() {
            w |= u64::from(b) << (8 * j);
        }
        w = lower8(w);
        if w & 0x8080_8080_8080_8080 != 0 {
            // Danish and other Latin-1 capitals: 0xC3 then a byte in 0x80..=0x9E.
            let mut bytes = w.to_le_bytes();
            for b in &mut bytes {
                if lead && (0x80..=0x9e).contains(b) && *b != 0x97 {
                    *b += 0x20;
                }
                lead = *b == 0xc3;
            }
            w = u64::from_le_bytes(bytes);
        } else {
            lead = false;
        }
        h = (h ^ w).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        h ^= h >> 32;
    }
    h
}

/// The form hashes of the last few tokens looked at (a gap uses four neighbours).
/// Keyed by the token's byte offset: create one per text.
#[derive(Debug, Default)]
pub struct FormCache {
    /// (token start + 1, hash); 0 marks an empty slot.
    slots: [Cell<(usize, u64)>; 4],
}

/// What the features of one gap may look at.
pub struct Gap<'a> {
    /// The text the tokens point into.
    pub text: &'a str,
    /// All tokens of the current paragraph region.
    pub tokens: &'a [Span],
    /// Classes of `tokens`, index for index.
    pub classes: &'a [Class],
    /// Recent [`form_hash`]es, so tokens far from any scored gap are never hashed
    /// and neighbouring gaps share the work.
    pub forms: &'a FormCache,
    /// The gap lies after `tokens[i]`, before `tokens[i + 1]`.
    pub i: usize,
    /// Tokens since the last boundary, including `tokens[i]`.
    pub sentence_len: usize,
    /// Quote tokens since the last boundary, including `tokens[i]`.
    pub quotes: usize,
    /// The word forms of each [`WordSet`].
    pub lexicon: &'a Lexicon,
}

impl Gap<'_> {
    fn token(&self, k: usize) -> &str {
        &self.text[self.tokens[k].range()]
    }

    #[inline]
    fn form(&self, k: usize) -> u64 {
        let span = self.tokens[k];
        let slot = &self.forms.slots[span.start % 4];
        let (at, hash) = slot.get();
        if at == span.start + 1 {
            return hash;
        }
        let hash = fold_hash(&self.text.as_bytes()[span.range()]) | 1;
        debug_assert_eq!(hash, form_hash(self.token(k)));
        slot.set((span.start + 1, hash));
        hash
    }
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// Mixes a feature template id and its parts into a bucket.
struct Hasher(u64);

impl Hasher {
    fn new(template: u8) -> Self {
        Hasher(FNV_OFFSET ^ u64::from(template).wrapping_mul(0x9E37_79B9_7F4A_7C15))
    }
    #[inline]
    fn byte(self, b: u8) -> Self {
        Hasher((self.0 ^ u64::from(b)).wrapping_mul(FNV_PRIME))
    }
    #[inline]
    fn word(self, w: u64) -> Self {
        Hasher(
            (self.0 ^ w)
                .wrapping_mul(0xbf58_476d_1ce4_e5b9)
                .rotate_left(27),
        )
    }
    #[inline]
    fn bucket(self) -> u32 {
        let h = self.0 ^ (self.0 >> 29);
        (h.wrapping_mul(0x94d0_49bb_1331_11eb) >> (64 - BUCKET_BITS)) as u32
    }
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

/// Danish prepositions, articles, conjunctions and the like, lowercase: words that
/// seldom end a sentence. Written by hand.
const FUNCTION_WORDS: &[&str] = &[
    "ad", "af", "alle", "at", "da", "de", "den", "der", "det", "efter", "eller", "en", "et", "for",
    "fra", "hans", "hen", "hos", "hvis", "i", "imod", "ind", "inden", "ingen", "med", "men",
    "mens", "mit", "mod", "nogle", "når", "og", "om", "over", "på", "sin", "sine", "sit", "som",
    "til", "uden", "under", "ved",
];

/// Hash standing in for a missing token before the start or after the end.
const EDGE: u64 = 0x5151_5151_5151_5151;

/// The hashed features of a gap, written into `out` (cleared first).
pub fn features(g: &Gap<'_>, out: &mut Vec<u32>) {
    out.clear();
    let i = g.i;
    let n = g.tokens.len();
    let (l1, r1) = (g.classes[i], g.classes[i + 1]);
    let (cl1, cr1) = (l1 as u8, r1 as u8);
    let cl2 = i.checked_sub(1).map_or(0, |k| g.classes[k] as u8);
    let cr2 = if i + 2 < n { g.classes[i + 2] as u8 } else { 0 };
    let (nl1, nr1) = (g.form(i), g.form(i + 1));
    let nl2 = i.checked_sub(1).map_or(EDGE, |k| g.form(k));
    let nr2 = if i + 2 < n { g.form(i + 2) } else { EDGE };
    let gap = &g.text.as_bytes()[g.tokens[i].end..g.tokens[i + 1].start];
    let spaced = u8::from(!gap.is_empty());
    let newline = u8::from(gap.contains(&b'\n'));
    let slen = len_bucket(g.sentence_len);
    let odd_quotes = (g.quotes % 2) as u8;
    let abbr = if matches!(l1, Class::Abbrev | Class::CapAbbrev) {
        let t = g.token(i);
        match abbrev::lookup(&t[..t.len() - 1]) {
            Some(abbrev::AbbrevKind::Always) => 1,
            Some(abbrev::AbbrevKind::Ambiguous) => 2,
            None => 3,
        }
    } else {
        0
    };
    // A capitalized word that is usually lowercase is likely a sentence start; one
    // seen capitalized inside sentences is likely a name.
    let known = |class: Class, form: u64| -> u8 {
        if matches!(class, Class::Capitalized | Class::Upper) {
            1 + u8::from(g.lexicon.contains(WordSet::Lower, form))
                + 2 * u8::from(g.lexicon.contains(WordSet::Name, form))
        } else {
            0
        }
    };
    let word_l1 = matches!(l1, Class::Lower | Class::Capitalized);
    let (kr1, kl1) = (known(r1, nr1), known(l1, nl1));
    let start_r1 = u8::from(
        matches!(r1, Class::Capitalized | Class::Upper | Class::Lower)
            && g.lexicon.contains(WordSet::Start, nr1),
    );
    let (final_l1, before_name_l1) = if word_l1 {
        (
            u8::from(g.lexicon.contains(WordSet::Final, nl1)),
            u8::from(g.lexicon.contains(WordSet::BeforeName, nl1)),
        )
    } else {
        (2, 2)
    };
    let function_word = |form: u64| u8::from(g.lexicon.contains(WordSet::Function, form));
    let fl1 = function_word(nl1);
    let fl2 = if i > 0 { function_word(nl2) } else { 2 };
    let sfx_l1 = if word_l1 {
        suffix_hash(g.token(i))
    } else {
        EDGE
    };
    let sfx_r1 = if kr1 > 0 {
        suffix_hash(g.token(i + 1))
    } else {
        EDGE
    };

    let h = Hasher::new;
    out.extend_from_slice(&[
        h(0).bucket(),
        h(1).byte(cl1).bucket(),
        h(2).byte(cr1).bucket(),
        h(3).byte(cl1).byte(cr1).bucket(),
        h(4).word(nl1).bucket(),
        h(5).word(nr1).bucket(),
        h(6).word(nl1).byte(cr1).bucket(),
        h(7).byte(cl1).word(nr1).bucket(),
        h(8).word(nl2).word(nl1).bucket(),
        h(9).byte(cl2).byte(cl1).byte(cr1).bucket(),
        h(10).byte(cl1).byte(cr1).byte(cr2).bucket(),
        h(11).byte(slen).byte(cl1).bucket(),
        h(12).byte(odd_quotes).byte(cl1).byte(cr1).bucket(),
        h(13).byte(spaced).byte(cl1).byte(cr1).bucket(),
        h(14).byte(newline).byte(cl1).bucket(),
        h(15).byte(abbr).byte(cr1).bucket(),
        h(16).word(nl1).word(nr1).bucket(),
        h(17).byte(cl2).word(nl1).byte(cr1).bucket(),
        h(18).word(sfx_l1).byte(cr1).bucket(),
        h(19).byte(cl1).word(nr1).byte(cr2).bucket(),
        h(20).word(nr1).word(nr2).bucket(),
        h(21).byte(slen).byte(cl1).byte(cr1).bucket(),
        h(22).byte(kr1).byte(cl1).bucket(),
        h(23).byte(kr1).byte(kl1).byte(cl1).bucket(),
        h(24).byte(kr1).byte(cl2).byte(cl1).bucket(),
        h(25).byte(kr1).byte(slen).byte(cl1).bucket(),
        // Definite nouns (`-en`, `-et`, `-ne`) and other common endings are rare in names.
        h(26).byte(kr1).word(sfx_r1).byte(cl1).bucket(),
        h(27).byte(kr1).byte(cr1).byte(cr2).byte(cl1).bucket(),
        // Sentences seldom end on a preposition, article or conjunction.
        h(28).byte(fl1).byte(cr1).byte(kr1).bucket(),
        h(29).byte(fl1).byte(fl2).byte(cr1).bucket(),
        // Whether the words either side are known to end a sentence, start one, or
        // stand before names.
        h(30)
            .byte(final_l1)
            .byte(before_name_l1)
            .byte(kr1)
            .byte(cl1)
            .bucket(),
        h(31).byte(start_r1).byte(kr1).byte(cl1).byte(cr1).bucket(),
        h(32)
            .byte(final_l1)
            .byte(start_r1)
            .byte(cl1)
            .byte(cr1)
            .bucket(),
        h(33).byte(cl1).byte(cr1).word(nr2).bucket(),
        h(34).byte(fl1).byte(kr1).byte(cr1).word(nr2).bucket(),
    ]);
}

/// Trains an averaged perceptron on running text with known sentence starts.
///
/// `text` is the training text; `starts` holds the byte offset of every gold
/// sentence start (sorted), `names` the start offset of every token annotated as
/// part of a named entity (sorted; may be empty). Gold history (sentence length,
/// quote parity) is used while training, as the decoder will have its own
/// decisions at run time.
/// Deterministic: the same input gives the same weights.
pub fn train(
    text: &str,
    starts: &[usize],
    names: &[usize],
    epochs: usize,
    min_count: u32,
) -> BoundaryModel {
    let tokens = crate::tokenize(text);
    let classes: Vec<Class> = tokens.iter().map(|s| class_at(text, *s)).collect();
    let forms: Vec<u64> = tokens.iter().map(|s| form_hash(&text[s.range()])).collect();
    let cache = FormCache::default();
    // Gold label per gap: a sentence starts between tokens[i].end and tokens[i+1].start.
    let mut labels = vec![false; tokens.len()];
    let mut si = 0;
    for i in 0..tokens.len().saturating_sub(1) {
        while si < starts.len() && starts[si] < tokens[i].end {
            si += 1;
        }
        labels[i] = si < starts.len() && starts[si] <= tokens[i + 1].start;
    }
    // The lexicon the model ships is built from all the text. While training, each
    // fifth of the text sees a lexicon built from the other four fifths only, so the
    // weights learn how the lexicon behaves on unseen text (jackknifing).
    const FOLDS: usize = 5;
    let fold_of = |k: usize| k * FOLDS / tokens.len().max(1);
    let mut lexicon = Lexicon::new();
    let mut fold_lexicons = vec![Lexicon::new(); FOLDS];
    let sentence_final = |k: usize| {
        labels[k]
            && matches!(
                classes[k],
                Class::Period | Class::Question | Class::Exclaim | Class::Ellipsis
            )
    };
    let mut sets = Vec::with_capacity(3);
    for k in 0..tokens.len() {
        sets.clear();
        let word = matches!(classes[k], Class::Lower | Class::Capitalized | Class::Upper);
        let starts_sentence = k == 0 || labels[k - 1];
        let name = names.binary_search(&tokens[k].start).is_ok();
        if classes[k] == Class::Lower {
            sets.push(WordSet::Lower);
        } else if classes[k] == Class::Capitalized
            && (name || (!starts_sentence && classes[k - 1] == Class::Lower))
        {
            sets.push(WordSet::Name);
        }
        // A name opening a sentence says nothing about the words that open sentences.
        if word && starts_sentence && !name {
            sets.push(WordSet::Start);
        }
        if word && (labels[k] || (k + 1 < tokens.len() && sentence_final(k + 1))) {
            sets.push(WordSet::Final);
        }
        if classes[k] == Class::Lower
            && !labels[k]
            && classes.get(k + 1) == Some(&Class::Capitalized)
        {
            sets.push(WordSet::BeforeName);
        }
        let form = forms[k];
        for &set in &sets {
            lexicon.insert(set, form);
            for (f, lex) in fold_lexicons.iter_mut().enumerate() {
                if f != fold_of(k) {
                    lex.insert(set, form);
                }
            }
        }
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
        if gate(classes[i], classes[i + 1]) == Gate::Score {
            let g = Gap {
                text,
                tokens: &tokens,
                classes: &classes,
                forms: &cache,
                i,
                sentence_len,
                quotes,
                lexicon: &fold_lexicons[fold_of(i)],
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
    // Features seen fewer than `min_count` times are dropped: they only memorize.
    let mut counts = vec![0u32; n];
    for (f, _) in &examples {
        for &b in f {
            counts[b as usize] += 1;
        }
    }
    for (f, _) in &mut examples {
        f.retain(|&b| counts[b as usize] >= min_count);
    }
    // An average of several averaged perceptrons, each seeing the examples in its
    // own (fixed) order: one run's result depends noticeably on the order.
    const RUNS: u64 = 8;
    let mut sum = vec![0.0f64; n];
    for seed in 1..=RUNS {
        let w = perceptron(&examples, epochs, seed);
        for (s, w) in sum.iter_mut().zip(&w) {
            *s += w;
        }
    }
    let mut model = BoundaryModel::empty();
    for (w, s) in model.weights.iter_mut().zip(&sum) {
        *w = (s / RUNS as f64) as f32;
    }
    model.entries = model.weights.iter().filter(|w| **w != 0.0).count();
    model.lexicon = lexicon;
    model
}

/// One averaged perceptron over `examples`, shuffled each epoch by a xorshift
/// generator seeded with `seed`. Returns the averaged weights.
fn perceptron(examples: &[(Vec<u32>, bool)], epochs: usize, seed: u64) -> Vec<f64> {
    let n = 1usize << BUCKET_BITS;
    let mut w = vec![0.0f32; n];
    let mut total = vec![0.0f64; n];
    let mut stamp = vec![0u64; n];
    let mut step: u64 = 0;
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng: u64 = 0x5eed_0000 + seed;
    for _ in 0..epochs {
        // Deterministic Fisher-Yates shuffle.
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
            if (score > 0.0) != *gold {
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
    (0..n)
        .map(|b| (total[b] + f64::from(w[b]) * (step - stamp[b]) as f64) / step.max(1) as f64)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_model_loads() {
        let model = BoundaryModel::embedded();
        assert!(!model.is_empty(), "model/boundary.bin did not decode");
        assert!(model.lexicon().contains(WordSet::Lower, form_hash("og")));
    }

    #[test]
    fn form_hash_folds_case_including_danish_letters() {
        assert_eq!(form_hash("Østerbro"), form_hash("østerbro"));
        assert_eq!(form_hash("ÆBLE"), form_hash("æble"));
        assert_eq!(form_hash("Både"), form_hash("både"));
        assert_eq!(
            form_hash("Ekstraordinærgeneralforsamlingen"),
            form_hash("ekstraordinærgeneralforsamlingen")
        );
        assert_ne!(form_hash("han"), form_hash("hun"));
        assert_eq!(suffix_hash("SKOVEN"), suffix_hash("haven"));
        assert_eq!(suffix_hash("BRO"), suffix_hash("bro"));
        assert_eq!(suffix_hash("SKÅ"), suffix_hash("skå"));
        assert!(Lexicon::new().contains(WordSet::Function, form_hash("Og")));
    }

    #[test]
    fn model_bytes_round_trip() {
        let text = "Det regner. Han går hjem. Hun bliver! Vi ses i morgen. Tak.";
        let starts = [0, 12, 26, 38, 55];
        let model = train(text, &starts, &[], 3, 1);
        let bytes = model.to_bytes(0.0);
        let again = BoundaryModel::from_bytes(&bytes).unwrap();
        assert_eq!(again.to_bytes(0.0), bytes);
        assert!(BoundaryModel::from_bytes(&bytes[..bytes.len() - 1]).is_err());
        assert!(BoundaryModel::from_bytes(b"nope").is_err());
    }

    #[test]
    fn classes_of_typical_tokens() {
        for (t, c) in [
            (".", Class::Period),
            ("...", Class::Ellipsis),
            ("»", Class::Quote),
            ("kr.", Class::Abbrev),
            ("H.C.", Class::CapAbbrev),
            ("J.", Class::Initial),
            ("8.", Class::Ordinal),
            ("Ærø", Class::Capitalized),
            ("Østerbro", Class::Capitalized),
            ("EU", Class::Upper),
            ("øl", Class::Lower),
            ("12.500", Class::Number),
        ] {
            assert_eq!(class(t), c, "{t}");
        }
    }
}
