//! Tagging: the features of [`super::features`] turned into weight-row sums, fast.
//!
//! The reference computation hashes about 36 features per token. Most of them depend on
//! nothing but one word form: the token's own word features, the bias, its flag and length
//! features (outside sentence-initial position), and the words and shapes it shows its
//! neighbours. So a per-thread cache keyed by the form's hash keeps, per form, the summed
//! rows of its own features and the rows it gives its neighbours; a token whose form is
//! cached costs its hash, one cache entry and the dozen features that combine it with its
//! neighbours. Features with few possible values (flags, length, capitalization pattern,
//! gazetteer hits) map to rows through [`Tables`], built once per model, and features
//! whose row is all zero read one shared zero row. Scores are integer sums, so the order
//! rows are added in does not matter: they are exactly the reference scores (the tests
//! compare the two; training uses the reference).

use std::ops::Range;

use super::features::{
    self, ALNUM, BOS, CAP, DIGIT, EOS, INITIAL, LOWER_SEEN, Lexicon, caps_value, flags_value,
    gazetteer_value, length_value, template as tpl,
};
use super::{Decoder, Label, MAX_TAGS, NerModel, Row};
use crate::hash::mix;

/// Most sets in [`NerScratch`]'s word-form cache, as a power of two. Each set holds two
/// forms of 128 bytes, the one used last first: 2 MiB in all, which keeps the common words
/// of a stream of news (most of its tokens) between documents.
const MAX_SET_BITS: u32 = 13;

/// Fewest sets (16 KiB): the cache starts small, so tagging one short text does not clear
/// megabytes, and doubles (keeping what it holds) whenever it has missed a quarter as many
/// forms as it holds.
const MIN_SET_BITS: u32 = 6;

/// Context features every token has (in a fixed number, so their sum is a loop of fixed
/// length): words and shapes ±2, bigrams, shape trigram, capitalization pattern, word
/// with shape either side.
const CONTEXT_ROWS: usize = 14;

/// Not a feature flag: a capital after this form counts as sentence-initial.
const OPENER: u16 = 1 << 15;

/// What tagging needs to know about a word form, whatever its context.
#[derive(Debug, Clone, Copy, Default)]
#[repr(C, align(64))]
struct Form {
    /// The rows of the form's own features, the bias, and the flag and length features as
    /// they are outside sentence-initial position, summed.
    sum: [i32; MAX_TAGS],
    /// The form's hash, at least 1 (0: an empty entry).
    key: u64,
    lower: u64,
    short: u64,
    /// [`Live::near`] of the form.
    near: [u32; 8],
    /// Feature flags without [`INITIAL`], plus [`OPENER`].
    flags: u16,
    chars: u16,
    /// Bytes of the lowercased form's genitive ending (0: none), for the gazetteer.
    genitive: u8,
}

/// A token of the sentence being tagged. Sentences are padded with two [`Tables::bos`]
/// tokens before and two [`Tables::eos`] after, so neighbours need no bounds tests.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Tok {
    lower: u64,
    short: u64,
    near: [u32; 8],
    /// Feature flags, with [`INITIAL`].
    flags: u16,
    chars: u16,
    /// [`features::cap_code`].
    cap: u8,
    genitive: u8,
}

/// Which weight rows have a non-zero weight, and one that has none.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Live {
    bits: u32,
    /// One bit per row.
    rows: Vec<u64>,
    /// A row of zeros, read in place of every other: about two thirds of the rows are
    /// zero (features training never saw), and a feature hashed to one of them then costs
    /// no cache miss.
    zero: u32,
}

impl Live {
    fn new(bits: u32, weights: &[Row]) -> Self {
        let mut rows = vec![0u64; weights.len().div_ceil(64)];
        for (r, row) in weights.iter().enumerate() {
            if *row != Row::default() {
                rows[r / 64] |= 1 << (r % 64);
            }
        }
        // The first row whose bit is clear (when every row is live it is never read).
        let zero = rows
            .iter()
            .position(|&bits| bits != u64::MAX)
            .map_or(0, |k| k * 64 + rows[k].trailing_ones() as usize);
        Live {
            bits,
            rows,
            zero: zero as u32,
        }
    }

    /// The weight row of a feature, or [`Live::zero`] for every all-zero row.
    #[inline]
    fn row(&self, hash: u64) -> u32 {
        let r = features::row(hash, self.bits);
        if self.rows[r / 64] >> (r % 64) & 1 != 0 {
            r as u32
        } else {
            self.zero
        }
    }

    /// The rows of the features that see a form as a neighbour: its lowercased word at
    /// -1, +1, -2, +2 from the token they belong to, then its short shape likewise.
    fn near(&self, lower: u64, short: u64) -> [u32; 8] {
        std::array::from_fn(|k| {
            let value = if k < 4 { lower } else { short };
            self.row(mix(tpl::NEAR + k as u64, value))
        })
    }
}

/// Weight rows of features, computed once per model: those whose values come from a small
/// set, and those of the sentence boundaries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Tables {
    bias: u32,
    /// By [`flags_value`].
    flags: [u32; 256],
    /// By [`length_value`].
    length: [u32; 256],
    /// By [`gazetteer_value`].
    gaz: [u32; 64],
    /// By kind.
    gaz_before: [u32; 8],
    gaz_after: [u32; 8],
    /// By [`caps_value`].
    caps: [u32; 128],
    /// The padding before a sentence.
    bos: Tok,
    /// The padding after a sentence.
    eos: Tok,
    /// Which rows are zero.
    live: Live,
}

impl Tables {
    pub(crate) fn new(bits: u32, weights: &[Row]) -> Self {
        let live = Live::new(bits, weights);
        let row = |template: u64, value: u64| live.row(mix(template, value));
        let edge = |value: u64| Tok {
            lower: value,
            short: value,
            near: live.near(value, value),
            cap: features::cap_code(None) as u8,
            ..Tok::default()
        };
        Tables {
            bias: row(tpl::BIAS, 0),
            flags: std::array::from_fn(|v| row(tpl::FLAGS, v as u64)),
            length: std::array::from_fn(|v| row(tpl::LENGTH, v as u64)),
            gaz: std::array::from_fn(|v| row(tpl::GAZ, v as u64)),
            gaz_before: std::array::from_fn(|v| row(tpl::GAZ_BEFORE, v as u64)),
            gaz_after: std::array::from_fn(|v| row(tpl::GAZ_AFTER, v as u64)),
            caps: std::array::from_fn(|v| row(tpl::CAPS, v as u64)),
            bos: edge(BOS),
            eos: edge(EOS),
            live,
        }
    }
}

/// Reusable buffers and the word-form cache for [`NerModel::predict_into`]: keep one per
/// thread. The cache grows to 2 MiB as it meets words; tagging allocates nothing once it
/// and the buffers have grown (to the longest sentence).
#[derive(Debug, Default)]
pub struct NerScratch {
    /// Two-way set-associative by the top `set_bits` bits of the form's hash, least
    /// recently used out.
    forms: Vec<Form>,
    set_bits: u32,
    /// Forms missed since the cache last grew.
    misses: usize,
    /// The [`super::ModelId`] the cache was filled for.
    cache_model: u64,
    toks: Vec<Tok>,
    /// Gazetteer hits per token (as `TokInfo::gaz`), padded like `toks`.
    gaz: Vec<u32>,
    /// The sentence lowercased (UTF-8), and each token's byte range in it.
    lower: Vec<u8>,
    ranges: Vec<(usize, usize)>,
    pub(crate) emissions: Vec<[i32; MAX_TAGS]>,
    /// [`CONTEXT_ROWS`] rows per token.
    rows: Vec<u32>,
    /// Rows of gazetteer features (few tokens have any), with their token.
    extra: Vec<(usize, u32)>,
    pub(crate) decode: Decoder,
}

/// `acc += row`, lane by lane; fixed width, so it vectorizes.
#[inline]
fn add_row(acc: &mut [i32; MAX_TAGS], row: &Row) {
    for (a, &w) in acc.iter_mut().zip(&row.0) {
        *a += w;
    }
}

/// `acc -= row`.
#[inline]
fn sub_row(acc: &mut [i32; MAX_TAGS], row: &Row) {
    for (a, &w) in acc.iter_mut().zip(&row.0) {
        *a -= w;
    }
}

/// `acc` plus the weight rows `rows`.
#[inline]
fn sum_rows(weights: &[Row], acc: &mut [i32; MAX_TAGS], rows: &[u32]) {
    // A local sum in registers: few instructions per row leave room for many loads in
    // flight.
    let mut sum = *acc;
    for &r in rows {
        add_row(&mut sum, &weights[r as usize]);
    }
    *acc = sum;
}

impl NerModel {
    /// Tags one sentence of `n` tokens and reports each entity.
    pub(crate) fn tag<'a>(
        &self,
        n: usize,
        word: impl Fn(usize) -> &'a str,
        scratch: &mut NerScratch,
        mut emit: impl FnMut(Range<usize>, Label),
    ) {
        if n == 0 {
            return;
        }
        self.emissions(n, word, scratch);
        let tags = scratch
            .decode
            .viterbi(&self.tagset, &scratch.emissions, &self.constrained);
        let labels = &self.tagset.labels;
        self.tagset.decode(tags, |r, l| emit(r, labels[l]));
    }

    /// What the cache keeps about a word form (`lower` is it lowercased).
    fn form(&self, w: &str, lower: &[u8], key: u64) -> Form {
        let mut info = features::describe(w, lower);
        if self.lexicons.lower_seen(info.lower) {
            info.flags |= LOWER_SEEN;
        }
        let tab = &self.tables;
        // Rows first, then one sum (as in `emissions`). At most 15 word features.
        let mut rows = [0u32; 18];
        rows[..3].copy_from_slice(&[
            tab.bias,
            tab.flags[flags_value(info.flags) as usize],
            tab.length[length_value(info.chars, info.flags) as usize],
        ]);
        let mut k = 3;
        features::word_features(&info, &mut |h| {
            rows[k] = features::row(h, self.bits) as u32;
            k += 1;
        });
        let mut sum = [0; MAX_TAGS];
        sum_rows(&self.weights, &mut sum, &rows[..k]);
        let genitive = features::genitive_stem(lower).map_or(0, |s| lower.len() - s.len());
        Form {
            sum,
            key,
            lower: info.lower,
            short: info.short,
            near: tab.live.near(info.lower, info.short),
            flags: info.flags | if features::is_opener(w) { OPENER } else { 0 },
            chars: info.chars,
            genitive: genitive as u8,
        }
    }

    /// Fills `s.emissions` with every tag's score for each of the `n` tokens. (Its phases
    /// are kept out of line so that a profile shows each.)
    fn emissions<'a>(&self, n: usize, word: impl Fn(usize) -> &'a str, s: &mut NerScratch) {
        self.read_forms(n, word, s);
        self.mark_gazetteer(n, s);
        self.context_rows(n, s);
        for (acc, rows) in s
            .emissions
            .iter_mut()
            .zip(s.rows.chunks_exact(CONTEXT_ROWS))
        {
            sum_rows(&self.weights, acc, rows);
        }
        for &(i, r) in &s.extra {
            let mut sum = s.emissions[i];
            add_row(&mut sum, &self.weights[r as usize]);
            s.emissions[i] = sum;
        }
    }

    /// Looks each token's form up in the cache (filling it on a miss): `s.toks`, the
    /// sentence lowercased, and each token's own part of its scores in `s.emissions`.
    #[inline(never)]
    fn read_forms<'a>(&self, n: usize, word: impl Fn(usize) -> &'a str, s: &mut NerScratch) {
        if s.cache_model != self.id.0 || s.forms.is_empty() {
            s.set_bits = MIN_SET_BITS;
            s.forms.clear();
            s.forms.resize(2 << s.set_bits, Form::default());
            s.misses = 0;
            s.cache_model = self.id.0;
        } else if s.misses > s.forms.len() / 4 && s.set_bits < MAX_SET_BITS {
            s.set_bits += 1;
            let old = std::mem::replace(&mut s.forms, vec![Form::default(); 2 << s.set_bits]);
            // Least recently used first, so the most recent wins a full set.
            for form in old.iter().rev().filter(|f| f.key != 0) {
                let set = 2 * (form.key >> (64 - s.set_bits)) as usize;
                s.forms[set + 1] = s.forms[set];
                s.forms[set] = *form;
            }
            s.misses = 0;
        }
        let tab = &self.tables;
        s.toks.clear();
        s.toks.extend([tab.bos, tab.bos]);
        s.emissions.clear();
        s.lower.clear();
        s.ranges.clear();
        let (mut seen_alnum, mut after_opener) = (false, false);
        for i in 0..n {
            let w = word(i);
            let start = s.lower.len();
            let key = features::hash_and_lowercase(w, &mut s.lower).max(1);
            s.ranges.push((start, s.lower.len()));
            let set = 2 * (key >> (64 - s.set_bits)) as usize;
            if s.forms[set].key != key {
                if s.forms[set + 1].key == key {
                    s.forms.swap(set, set + 1);
                } else {
                    s.forms[set + 1] = s.forms[set];
                    s.forms[set] = self.form(w, &s.lower[start..], key);
                    s.misses += 1;
                }
            }
            let form = &s.forms[set];
            s.emissions.push(form.sum);
            let mut flags = form.flags & !OPENER;
            if !seen_alnum || after_opener {
                flags |= INITIAL;
            }
            seen_alnum |= flags & ALNUM != 0;
            after_opener = form.flags & OPENER != 0;
            s.toks.push(Tok {
                lower: form.lower,
                short: form.short,
                near: form.near,
                flags,
                chars: form.chars,
                cap: (flags & CAP) as u8,
                genitive: form.genitive,
            });
        }
        s.toks.extend([tab.eos, tab.eos]);
    }

    /// Gazetteer hits of the sentence in `s.gaz`.
    #[inline(never)]
    fn mark_gazetteer(&self, n: usize, s: &mut NerScratch) {
        s.gaz.clear();
        s.gaz.resize(n + 4, 0);
        let (toks, lower, ranges) = (&s.toks, &s.lower, &s.ranges);
        let text = |i: usize| &lower[ranges[i].0..ranges[i].1];
        features::mark_gazetteer(
            &self.lexicons,
            n,
            |i| toks[i + 2].flags & (CAP | DIGIT) != 0,
            text,
            |i| match usize::from(toks[i + 2].genitive) {
                0 => None,
                g => text(i).get(..ranges[i].1 - ranges[i].0 - g),
            },
            &mut s.gaz[2..n + 2],
        );
    }

    /// The rows of every token's context features: [`CONTEXT_ROWS`] per token in `s.rows`,
    /// gazetteer rows in `s.extra`; the sentence-initial correction goes straight into
    /// `s.emissions`.
    #[inline(never)]
    fn context_rows(&self, n: usize, s: &mut NerScratch) {
        let (tab, toks) = (&self.tables, &s.toks);

        // Weight rows are random reads from a table larger than the cache, which is what
        // tagging waits for: rows are collected first and summed second, so the loads are
        // independent and close together and the CPU overlaps their cache misses.
        s.rows.clear();
        s.extra.clear();
        let row = |template: u64, value: u64| tab.live.row(mix(template, value));
        let mut bigram = mix(toks[1].lower, toks[2].lower);
        for (k, acc) in (2..n + 2).zip(s.emissions.iter_mut()) {
            let [a, b, t, c, d] = [
                &toks[k - 2],
                &toks[k - 1],
                &toks[k],
                &toks[k + 1],
                &toks[k + 2],
            ];
            if t.flags & INITIAL != 0 {
                // The cached sum has these features as they are outside initial position.
                // (On a local copy, which the adds vectorize on.)
                let plain = t.flags & !INITIAL;
                let w = &self.weights;
                let mut sum = *acc;
                sub_row(
                    &mut sum,
                    &w[tab.flags[flags_value(plain) as usize] as usize],
                );
                let length = tab.length[length_value(t.chars, plain) as usize];
                sub_row(&mut sum, &w[length as usize]);
                add_row(
                    &mut sum,
                    &w[tab.flags[flags_value(t.flags) as usize] as usize],
                );
                let length = tab.length[length_value(t.chars, t.flags) as usize];
                add_row(&mut sum, &w[length as usize]);
                add_row(&mut sum, &w[row(tpl::INITIAL_LOWER, t.lower) as usize]);
                *acc = sum;
            }
            let after = mix(t.lower, c.lower);
            let caps = caps_value(b.cap.into(), t.cap.into(), c.cap.into(), t.flags);
            let fixed: [u32; CONTEXT_ROWS] = [
                b.near[0],
                c.near[1],
                a.near[2],
                d.near[3],
                b.near[4],
                c.near[5],
                a.near[6],
                d.near[7],
                row(tpl::BIGRAM_BEFORE, bigram),
                row(tpl::BIGRAM_AFTER, after),
                row(tpl::SHAPE_TRIGRAM, mix(mix(b.short, t.short), c.short)),
                tab.caps[caps as usize],
                row(tpl::WORD_SHAPE, mix(b.lower, t.short)),
                row(tpl::SHAPE_WORD, mix(t.short, c.lower)),
            ];
            s.rows.extend_from_slice(&fixed);
            bigram = after;
            let (before, hits, next) = (s.gaz[k - 1], s.gaz[k], s.gaz[k + 1]);
            let mut bits = hits;
            while bits != 0 {
                let bit = u64::from(bits.trailing_zeros());
                bits &= bits - 1;
                s.extra
                    .push((k - 2, tab.gaz[gazetteer_value(bit, t.flags) as usize]));
            }
            for (near, table) in [(before, &tab.gaz_before), (next, &tab.gaz_after)] {
                if near != 0 {
                    for (kind, &r) in table.iter().enumerate() {
                        if near & (0xf << (kind * 4)) != 0 {
                            s.extra.push((k - 2, r));
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ner::features::Scratch;

    /// Emissions as the reference feature code computes them (what training uses).
    fn reference(model: &NerModel, words: &[&str]) -> Vec<[i32; MAX_TAGS]> {
        let mut s = Scratch::default();
        features::analyze(words.len(), |i| words[i], &model.lexicons, &mut s);
        (0..words.len())
            .map(|i| {
                let mut acc = [0; MAX_TAGS];
                features::features(&s.infos, i, &mut |h| {
                    add_row(&mut acc, &model.weights[features::row(h, model.bits)])
                });
                acc
            })
            .collect()
    }

    fn fast(model: &NerModel, words: &[&str], s: &mut NerScratch) -> Vec<[i32; MAX_TAGS]> {
        model.emissions(words.len(), |i| words[i], s);
        s.emissions.clone()
    }

    /// Words chosen to hit every branch: gazetteer names and their genitives, openers,
    /// non-ASCII case, lowercasing that changes length, digits, hyphens, empty tokens.
    const PIECES: &[&str] = &[
        "Det",
        "Hvide",
        "Hus",
        "Danmark",
        "Danmarks",
        "USA's",
        "FN’s",
        "Nordkorea",
        "Kina",
        "Mette",
        "Frederiksen",
        "Socialdemokratiet",
        "Aarhus",
        "København",
        "Anders",
        "Fogh",
        "Rasmussen",
        "Jyllands-Posten",
        "i",
        "og",
        "siger",
        "han",
        ".",
        ",",
        ":",
        "»",
        "«",
        "-",
        "–",
        "(",
        ")",
        "*",
        "\"",
        "'",
        "2018",
        "1.000",
        "İstanbul",
        "ǅemal",
        "ẞ",
        "Σ",
        "K",
        "Ω",
        "ﬁ",
        "٣",
        "Ⅻ",
        "e\u{301}",
        "",
        "😀",
        "SID-huset",
        "a-",
        "-a",
        "DANMARK",
        "iPhone",
        "McDonald",
        "Ærø",
        "æøå",
        "ÆØÅ",
        "x",
        "Xx",
        "ABC",
        "abc",
        "s",
        "'s",
    ];

    /// A small deterministic generator.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
            crate::hash::fmix64(self.0)
        }
    }

    #[test]
    fn fast_emissions_equal_the_reference() {
        let model = NerModel::embedded();
        let mut rng = Rng(7);
        let mut scratch = NerScratch::default();
        // Many distinct forms (about 12,000: cache entries are swapped and replaced), many
        // short sentences (so every neighbour falls off an edge somewhere).
        let mut owned: Vec<String> = Vec::new();
        for round in 0..3000 {
            let n = 1 + (rng.next() % 14) as usize;
            owned.clear();
            for _ in 0..n {
                let piece = PIECES[(rng.next() % PIECES.len() as u64) as usize];
                owned.push(match rng.next() % 5 {
                    0 | 1 => format!("{piece}{}", rng.next() % 100_000),
                    2 => piece.to_uppercase(),
                    _ => piece.to_string(),
                });
            }
            let words: Vec<&str> = owned.iter().map(String::as_str).collect();
            let expected = reference(model, &words);
            assert_eq!(fast(model, &words, &mut scratch), expected, "{words:?}");
            if round % 100 == 0 {
                let cold = fast(model, &words, &mut NerScratch::default());
                assert_eq!(cold, expected, "{words:?}");
            }
        }
    }

    #[test]
    fn fast_emissions_equal_the_reference_on_uner_dev() {
        let dev = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/data/uner-danish-ddt/da_ddt-ud-dev.iob2");
        if !dev.exists() {
            eprintln!("skipped: {} not found", dev.display());
            return;
        }
        let model = NerModel::embedded();
        let mut scratch = NerScratch::default();
        for s in crate::iob2::read_iob2(&dev, &Label::PRIMARY).expect("dev parses") {
            let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
            assert_eq!(fast(model, &words, &mut scratch), reference(model, &words));
        }
    }
}
