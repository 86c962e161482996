//! Danish named-entity recognition: a structured averaged perceptron over hashed features,
//! decoded with Viterbi under tag-transition constraints.
//!
//! * [`features`]: what the model looks at (word, shape, affixes, capitalization in and
//!   out of sentence-initial position, neighbours, gazetteer hits, genitives, hyphens).
//! * `infer`: the same features as weight-row sums, computed fast for tagging (a
//!   per-thread cache per word form); tested to give exactly the scores of `features`.
//! * [`train`]: how weights are learned from IOB2 data and the best epoch on dev kept.
//! * [`format`]: the binary model file (magic, version, checksum).
//!
//! ```
//! use kilde_models::ner::{Label, NerModel};
//! let model = NerModel::embedded();
//! let words = ["Statsminister", "Mette", "Frederiksen", "talte", "i", "Aarhus", "."];
//! let found = model.predict_words(&words);
//! assert!(found.iter().any(|e| e.tokens == (1..3) && e.label == Label::Per));
//! ```

mod features;
pub mod format;
pub mod gazetteer;
mod infer;
mod tags;
pub mod train;

use std::ops::Range;
use std::sync::OnceLock;

use kilde_core::{Sentence, Span};

use crate::iob2::{GoldSpan, Iob2Sentence};
use crate::score::SpanScores;
use features::Lexicon;
pub use format::ModelError;
pub use infer::NerScratch;
use infer::Tables;
pub use tags::Scheme;
use tags::{MoveGroup, TagSet, Transitions};

/// An entity type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Label {
    /// People (and fictional characters, pets with names).
    Per,
    /// Organizations: companies, parties, ministries, media, teams.
    Org,
    /// Locations: countries, cities, regions, geographical features.
    Loc,
    /// Other names (events, products, works). Not in the shipped model: UNER has none.
    Misc,
}

impl Label {
    /// The labels the shipped model predicts.
    pub const PRIMARY: [Label; 3] = [Label::Per, Label::Org, Label::Loc];

    /// `PER`, `ORG`, `LOC`, `MISC`.
    pub fn name(self) -> &'static str {
        match self {
            Label::Per => "PER",
            Label::Org => "ORG",
            Label::Loc => "LOC",
            Label::Misc => "MISC",
        }
    }

    /// The label with this name (as in IOB2 tags).
    pub fn from_name(name: &str) -> Option<Label> {
        match name {
            "PER" => Some(Label::Per),
            "ORG" => Some(Label::Org),
            "LOC" => Some(Label::Loc),
            "MISC" => Some(Label::Misc),
            _ => None,
        }
    }

    pub(crate) fn code(self) -> u8 {
        self as u8 + 1
    }

    pub(crate) fn from_code(code: u8) -> Option<Label> {
        [Label::Per, Label::Org, Label::Loc, Label::Misc]
            .get(usize::from(code).wrapping_sub(1))
            .copied()
    }
}

impl std::fmt::Display for Label {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A recognized entity: a range of token indices and its label.
///
/// With [`NerModel::predict`] the indices are into the document's token list, so the
/// entity's text is `&text[tokens[e.tokens.start].start..tokens[e.tokens.end - 1].end]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EntitySpan {
    /// Token indices, half-open.
    pub tokens: Range<usize>,
    /// Its type.
    pub label: Label,
}

/// A set of 64-bit keys with optional one-byte values, open addressing: lookups cost one
/// or two probes and allocate nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct KeyTable {
    keys: Vec<u64>,
    values: Vec<u8>,
    mask: usize,
    /// One bit per 2^n slots of high key bits, set for the keys present (16 bits per key):
    /// most lookups are of absent keys (gazetteer windows), and end at one bit, without a
    /// probe whose outcome the CPU cannot predict.
    filter: Vec<u64>,
    filter_mask: usize,
}

impl KeyTable {
    pub(crate) fn new(entries: &[(u64, u8)]) -> Self {
        let cap = (entries.len() * 2).next_power_of_two().max(8);
        let filter_bits = (entries.len() * 16).next_power_of_two().max(64);
        let mut t = KeyTable {
            keys: vec![0; cap],
            values: vec![0; cap],
            mask: cap - 1,
            filter: vec![0; filter_bits / 64],
            filter_mask: filter_bits - 1,
        };
        for &(k, v) in entries {
            let k = k.max(1);
            let f = t.filter_slot(k);
            t.filter[f / 64] |= 1 << (f % 64);
            let mut i = (k as usize) & t.mask;
            while t.keys[i] != 0 && t.keys[i] != k {
                i = (i + 1) & t.mask;
            }
            t.keys[i] = k;
            t.values[i] |= v;
        }
        t
    }

    /// The key's bit in [`KeyTable::filter`]: from its high bits (slots use the low ones).
    #[inline]
    fn filter_slot(&self, k: u64) -> usize {
        (k >> 40) as usize & self.filter_mask
    }

    #[inline]
    pub(crate) fn get(&self, key: u64) -> u8 {
        let k = key.max(1);
        let f = self.filter_slot(k);
        if self.filter[f / 64] >> (f % 64) & 1 == 0 {
            return 0;
        }
        let mut i = (k as usize) & self.mask;
        loop {
            match self.keys[i] {
                0 => return 0,
                x if x == k => return self.values[i],
                _ => i = (i + 1) & self.mask,
            }
        }
    }
}

/// The lexicons a model carries: lowercased forms seen in lower case in training, and the
/// hashed gazetteer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Lexicons {
    /// Sorted hashes (what the file stores).
    pub(crate) lower_seen: Vec<u64>,
    /// Sorted `(hash, kinds)`.
    pub(crate) gazetteer: Vec<(u64, u8)>,
    pub(crate) gazetteer_max_len: usize,
    lower_table: KeyTable,
    gazetteer_table: KeyTable,
}

impl Lexicons {
    pub(crate) fn new(lower_seen: Vec<u64>, gazetteer: Vec<(u64, u8)>, max_len: usize) -> Self {
        let pairs: Vec<(u64, u8)> = lower_seen.iter().map(|&h| (h, 1)).collect();
        Lexicons {
            lower_table: KeyTable::new(&pairs),
            gazetteer_table: KeyTable::new(&gazetteer),
            lower_seen,
            gazetteer,
            gazetteer_max_len: max_len,
        }
    }
}

impl Lexicon for Lexicons {
    fn lower_seen(&self, hash: u64) -> bool {
        self.lower_table.get(hash) != 0
    }
    fn gazetteer(&self, key: u64) -> u8 {
        self.gazetteer_table.get(key)
    }
    fn gazetteer_max_len(&self) -> usize {
        self.gazetteer_max_len
    }
}

/// Most tags a model can have (BILOU with 3 labels has 13).
pub(crate) const MAX_TAGS: usize = 16;

/// One feature's weights, one per tag, padded to 16 and aligned to a cache line. Weights
/// are `i16` (in the file and from training) but held widened: a row is one cache line
/// either way, and sums then take one vector add per four tags, with no conversion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[repr(align(64))]
pub(crate) struct Row(pub(crate) [i32; MAX_TAGS]);

/// A trained NER model: quantized weights, transition scores and lexicons.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NerModel {
    pub(crate) tagset: TagSet,
    /// The weight table has `2^bits` rows.
    pub(crate) bits: u32,
    /// `weights[row].0[tag]`.
    pub(crate) weights: Vec<Row>,
    /// `transitions[prev * tags + next]`; `prev == tags` is the sentence start.
    pub(crate) transitions: Vec<i16>,
    /// The same with the tag scheme's constraints folded in (forbidden: [`NEG`]).
    constrained: Transitions,
    pub(crate) lexicons: Lexicons,
    /// Rows of features with few values and which rows are zero, derived from the weights.
    tables: Tables,
    id: ModelId,
}

/// Tells models apart for [`NerScratch`]'s cache; every decoded or trained model gets a
/// new one. Not part of a model's value: two models with the same weights compare equal.
#[derive(Debug, Clone)]
struct ModelId(u64);

impl PartialEq for ModelId {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for ModelId {}

impl ModelId {
    fn next() -> Self {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        ModelId(NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
    }
}

/// The model shipped in the binary: `models/ner-da.kner`, trained by `kilde train ner`
/// (see `models/MODEL_CARD.md`).
pub const EMBEDDED_MODEL: &[u8] = include_bytes!("../../models/ner-da.kner");

impl NerModel {
    pub(crate) fn new(
        tagset: TagSet,
        bits: u32,
        weights: Vec<Row>,
        transitions: Vec<i16>,
        lexicons: Lexicons,
    ) -> Self {
        let mut constrained = Transitions::default();
        tagset.constrain(|i| i64::from(transitions[i]), &mut constrained);
        let tables = Tables::new(bits, &weights);
        NerModel {
            tagset,
            bits,
            weights,
            transitions,
            constrained,
            lexicons,
            tables,
            id: ModelId::next(),
        }
    }

    /// The shipped Danish model (PER, ORG, LOC), decoded once on first use.
    pub fn embedded() -> &'static NerModel {
        static MODEL: OnceLock<NerModel> = OnceLock::new();
        MODEL.get_or_init(|| {
            NerModel::from_bytes(EMBEDDED_MODEL)
                .expect("the embedded model is checked by the kilde-models tests")
        })
    }

    /// The labels this model predicts.
    pub fn labels(&self) -> &[Label] {
        &self.tagset.labels
    }

    /// Entities in a document: `tokens` are byte spans into `text`, `sentences` group them.
    /// Entity token ranges index into `tokens` and never cross a sentence boundary.
    pub fn predict(&self, text: &str, tokens: &[Span], sentences: &[Sentence]) -> Vec<EntitySpan> {
        let mut out = Vec::new();
        self.predict_into(
            text,
            tokens,
            sentences,
            &mut NerScratch::default(),
            &mut out,
        );
        out
    }

    /// [`NerModel::predict`] with caller-owned buffers; appends to `out`.
    pub fn predict_into(
        &self,
        text: &str,
        tokens: &[Span],
        sentences: &[Sentence],
        scratch: &mut NerScratch,
        out: &mut Vec<EntitySpan>,
    ) {
        for s in sentences {
            let toks = &tokens[s.tokens.clone()];
            let offset = s.tokens.start;
            self.tag(
                toks.len(),
                |i| &text[toks[i].range()],
                scratch,
                |r, label| {
                    out.push(EntitySpan {
                        tokens: r.start + offset..r.end + offset,
                        label,
                    });
                },
            );
        }
    }

    /// Entities in one sentence given as words.
    pub fn predict_words(&self, words: &[&str]) -> Vec<EntitySpan> {
        let mut out = Vec::new();
        self.tag(
            words.len(),
            |i| words[i],
            &mut NerScratch::default(),
            |r, label| out.push(EntitySpan { tokens: r, label }),
        );
        out
    }

    /// Scores the model on annotated sentences (gold tokens), and counts tokens.
    pub fn evaluate(&self, sentences: &[Iob2Sentence]) -> SpanScores {
        let mut scores = SpanScores::default();
        let mut scratch = NerScratch::default();
        let mut predicted = Vec::new();
        for s in sentences {
            predicted.clear();
            self.tag(
                s.words.len(),
                |i| &s.words[i],
                &mut scratch,
                |r, label| predicted.push(GoldSpan { tokens: r, label }),
            );
            let gold: Vec<GoldSpan> = s
                .entities
                .iter()
                .filter(|g| self.labels().contains(&g.label))
                .cloned()
                .collect();
            scores.add(&predicted, &gold);
        }
        scores
    }
}

/// Accuracy and speed of a model on annotated sentences: see [`NerModel::evaluate_timed`].
#[derive(Debug, Clone)]
pub struct TimedEval {
    /// Span scores per label.
    pub scores: SpanScores,
    /// Sentences scored.
    pub sentences: usize,
    /// Tokens tagged per run.
    pub tokens: usize,
    /// Seconds each timed run took, sorted.
    pub seconds: Vec<f64>,
}

impl TimedEval {
    /// The median run time.
    pub fn median_seconds(&self) -> f64 {
        self.seconds
            .get(self.seconds.len() / 2)
            .copied()
            .unwrap_or(0.0)
    }

    /// Tokens per second at the median run time (one core).
    pub fn tokens_per_second(&self) -> f64 {
        let s = self.median_seconds();
        if s > 0.0 { self.tokens as f64 / s } else { 0.0 }
    }
}

impl NerModel {
    /// Scores the model on `sentences`, then times `runs` passes of tagging them (features,
    /// scoring and decoding; reading the file is not timed) after one warm-up pass.
    pub fn evaluate_timed(&self, sentences: &[Iob2Sentence], runs: usize) -> TimedEval {
        let scores = self.evaluate(sentences);
        let tokens = sentences.iter().map(|s| s.words.len()).sum();
        let mut scratch = NerScratch::default();
        let mut found = 0usize;
        let mut seconds = Vec::new();
        for run in 0..=runs.max(1) {
            let started = std::time::Instant::now();
            for s in sentences {
                self.tag(
                    s.words.len(),
                    |i| &s.words[i],
                    &mut scratch,
                    |_, _| found += 1,
                );
            }
            if run > 0 {
                seconds.push(started.elapsed().as_secs_f64());
            }
        }
        std::hint::black_box(found);
        seconds.sort_by(f64::total_cmp);
        TimedEval {
            scores,
            sentences: sentences.len(),
            tokens,
            seconds,
        }
    }
}

/// Viterbi decoding buffers.
#[derive(Debug, Default)]
pub(crate) struct Decoder {
    /// Per token, the best previous tag for each tag.
    back: Vec<[u8; MAX_TAGS]>,
    tags: Vec<u8>,
}

/// The score of a forbidden transition: low enough to lose to any allowed path, high
/// enough that adding two, shifted by [`ARG_BITS`], never overflows.
pub(crate) const NEG: i64 = i64::MIN / 64;

/// Scores in decoding are shifted up by this many bits. A move's score carries
/// `MAX_TAGS - 1 - j` in the bits below (its mark) for a move from a group's `j`-th previous
/// tag: then the largest value is the best move and, of equal scores, the one from the
/// lowest tag, and finding it is a plain maximum (a compare and a conditional move per
/// move).
pub(crate) const ARG_BITS: u32 = MAX_TAGS.trailing_zeros();

/// The bits of a move's mark.
const MARK: i64 = MAX_TAGS as i64 - 1;

/// One Viterbi step for `nexts`, tags of a group with at most `M` previous tags:
/// `delta[q]` and `back[q]` for each `q` of them, from the previous step's scores `prev`
/// (all shifted by [`ARG_BITS`]). Of equal scores the lowest previous tag wins. Every tag
/// of BIO and BILOU can follow a tag a sentence may start with, so from the second token
/// on the best move is always a real one (above [`NEG`]).
#[inline(always)]
fn relax<const M: usize, const K: usize>(
    prev: &[i64; MAX_TAGS],
    g: &MoveGroup,
    nexts: &[u8; K],
    into: &[[i64; MAX_TAGS]; MAX_TAGS],
    e: &[i32; MAX_TAGS],
    delta: &mut [i64; MAX_TAGS],
    back: &mut [u8; MAX_TAGS],
) {
    // Padding (`M` above the group's size) loses to every real move.
    let mut from = [NEG << ARG_BITS; M];
    for (f, &tag) in from.iter_mut().zip(&g.prevs) {
        *f = prev[usize::from(tag) % MAX_TAGS];
    }
    for &q in nexts {
        let q = usize::from(q) % MAX_TAGS;
        let by = &into[q];
        let mut best = i64::MIN;
        for (j, &f) in from.iter().enumerate() {
            best = best.max(f + by[j % MAX_TAGS]);
        }
        let mark = best & MARK;
        delta[q] = best - mark + (i64::from(e[q]) << ARG_BITS);
        back[q] = g.by_mark[mark as usize % MAX_TAGS];
    }
}

impl Decoder {
    /// The best allowed tag sequence for `emissions` (one row per token) under `trans`
    /// from [`TagSet::constrain`]. Of equal scores the lowest tag wins.
    pub(crate) fn viterbi(
        &mut self,
        ts: &TagSet,
        emissions: &[[i32; MAX_TAGS]],
        trans: &Transitions,
    ) -> &[u8] {
        let t = ts.len();
        let n = emissions.len();
        self.back.clear();
        self.back.resize(n, [0; MAX_TAGS]);
        // Scores of the best paths ending in each tag at the current token, shifted.
        let mut delta = [NEG << ARG_BITS; MAX_TAGS];
        for ((d, &e), &s) in delta.iter_mut().zip(&emissions[0][..t]).zip(&trans.start) {
            *d = (s + i64::from(e)) << ARG_BITS;
        }
        for (e, back) in emissions[1..].iter().zip(&mut self.back[1..]) {
            let prev = delta;
            for g in &ts.groups {
                // The group shapes of BILOU with three labels (7 tags after 7, 2 after 2)
                // as constants, so the loops unroll, the previous scores stay in registers
                // and the moves become compares and conditional moves; other shapes go
                // tag by tag, padded.
                let (into, delta) = (&trans.into, &mut delta);
                let nexts = g.nexts.as_slice();
                match (
                    g.prevs.len(),
                    <&[u8; 7]>::try_from(nexts),
                    <&[u8; 2]>::try_from(nexts),
                ) {
                    (7, Ok(k), _) => relax::<7, 7>(&prev, g, k, into, e, delta, back),
                    (2, _, Ok(k)) => relax::<2, 2>(&prev, g, k, into, e, delta, back),
                    _ => {
                        for q in nexts {
                            let k = std::array::from_ref(q);
                            relax::<MAX_TAGS, 1>(&prev, g, k, into, e, delta, back);
                        }
                    }
                }
            }
        }
        let mut best = 0;
        let mut best_score = NEG << ARG_BITS;
        for (q, &d) in delta[..t].iter().enumerate() {
            if ts.can_end[q] && d > best_score {
                best_score = d;
                best = q;
            }
        }
        self.tags.clear();
        self.tags.resize(n, 0);
        let mut q = best;
        for (tag, back) in self.tags.iter_mut().zip(&self.back).rev() {
            *tag = q as u8;
            q = usize::from(back[q % MAX_TAGS]);
        }
        &self.tags
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::Hasher;

    /// Viterbi as plainly as it can be written (the decoder before it was made fast):
    /// every allowed move, strictly better replaces, ties keep the lowest tag.
    fn plain_viterbi(ts: &TagSet, emissions: &[[i32; MAX_TAGS]], trans: &[i64]) -> Vec<u8> {
        let (t, n) = (ts.len(), emissions.len());
        let mut delta = vec![NEG; n * t];
        let mut back = vec![0u8; n * t];
        for q in 0..t {
            let start = if ts.allowed(t, q) {
                trans[t * t + q]
            } else {
                NEG
            };
            delta[q] = start + i64::from(emissions[0][q]);
        }
        for i in 1..n {
            for q in 0..t {
                let (mut best, mut arg) = (NEG, 0u8);
                for p in (0..t).filter(|&p| ts.allowed(p, q)) {
                    let s = delta[(i - 1) * t + p] + trans[p * t + q];
                    if s > best {
                        best = s;
                        arg = p as u8;
                    }
                }
                delta[i * t + q] = best + i64::from(emissions[i][q]);
                back[i * t + q] = arg;
            }
        }
        let (mut q, mut best) = (0, NEG);
        for p in 0..t {
            if ts.can_end[p] && delta[(n - 1) * t + p] > best {
                best = delta[(n - 1) * t + p];
                q = p;
            }
        }
        let mut tags = vec![0u8; n];
        for i in (0..n).rev() {
            tags[i] = q as u8;
            q = usize::from(back[i * t + q]);
        }
        tags
    }

    #[test]
    fn viterbi_equals_the_plain_one_in_every_scheme() {
        let mut rng = 0x1234_5678_u64;
        let mut next = |range: u64| {
            rng = crate::hash::fmix64(rng.wrapping_add(0x9e37_79b9_7f4a_7c15));
            rng % range
        };
        let mut decoder = Decoder::default();
        let mut trans = Transitions::default();
        for scheme in [Scheme::Bilou, Scheme::Bio] {
            for labels in [
                &Label::PRIMARY[..],
                &[Label::Per, Label::Org, Label::Loc, Label::Misc],
            ] {
                let ts = TagSet::new(scheme, labels.to_vec());
                let t = ts.len();
                if t > MAX_TAGS {
                    continue; // BILOU with four labels: refused by training
                }
                for round in 0..300 {
                    // Small ranges make ties common; large ones test the score range.
                    let range = if round % 2 == 0 { 3 } else { 60_000 };
                    let raw: Vec<i64> = (0..(t + 1) * t)
                        .map(|_| next(range) as i64 - range as i64 / 2)
                        .collect();
                    ts.constrain(|i| raw[i], &mut trans);
                    let n = 1 + next(30) as usize;
                    let emissions: Vec<[i32; MAX_TAGS]> = (0..n)
                        .map(|_| {
                            std::array::from_fn(|_| {
                                (next(range) as i64 * 40 - range as i64 * 20) as i32
                            })
                        })
                        .collect();
                    let fast = decoder.viterbi(&ts, &emissions, &trans).to_vec();
                    assert_eq!(fast, plain_viterbi(&ts, &emissions, &raw), "{scheme:?} {t}");
                }
            }
        }
    }

    /// A digest of every emission score and every decoded tag the embedded model gives
    /// `sentences`, all tagged with one scratch (so the word cache is exercised).
    fn emission_digest(sentences: &[Vec<&str>]) -> u64 {
        let model = NerModel::embedded();
        let t = model.tagset.len();
        let mut scratch = NerScratch::default();
        let mut h = Hasher::new();
        for words in sentences {
            model.tag(words.len(), |i| words[i], &mut scratch, |_, _| {});
            for e in &scratch.emissions {
                for s in &e[..t] {
                    h.bytes(&s.to_le_bytes());
                }
            }
            h.bytes(&scratch.decode.tags);
            h.byte(0xff);
        }
        h.finish()
    }

    /// Scores, not only the best path, are pinned: an optimization that changes a sum
    /// anywhere shows here even where the tags happen to survive. Digests computed
    /// before the speed work (commit c6144af).
    #[test]
    fn emission_scores_are_unchanged() {
        let fixture = crate::iob2::parse_iob2(
            include_str!("../../tests/fixtures/mini.iob2"),
            &Label::PRIMARY,
        )
        .expect("fixture parses");
        let mut words: Vec<Vec<&str>> = fixture
            .iter()
            .map(|s| s.words.iter().map(String::as_str).collect())
            .collect();
        words.push(vec![
            "İstanbul",
            "ǅemal",
            "ẞTRASSE",
            "Σοφία",
            "K",
            "Ω",
            "ﬁnal",
            "٣",
            "Ⅻ",
            "é",
            "",
            "Ærø-færgen",
            "FN’s",
            "USA's",
            "»",
            "Åbenrå",
            "a-",
            "-a",
            "😀",
        ]);
        assert_eq!(emission_digest(&words), 0xddb3_b3c5_f8ce_4738);

        let dev = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/data/uner-danish-ddt/da_ddt-ud-dev.iob2");
        if !dev.exists() {
            eprintln!("skipped the dev part: {} not found", dev.display());
            return;
        }
        let dev = crate::iob2::read_iob2(&dev, &Label::PRIMARY).expect("dev parses");
        let words: Vec<Vec<&str>> = dev
            .iter()
            .map(|s| s.words.iter().map(String::as_str).collect())
            .collect();
        assert_eq!(emission_digest(&words), 0x4673_4fcf_b375_6a61);
    }
}
