//! Features of a token in its sentence, as 64-bit hashes.
//!
//! Every feature is `mix(template, value)`: the template says what is measured (the
//! lowercased word, its shape, the word before, ...), the value is a hash of what was
//! found. The model maps a feature to a weight row with [`row`]. Templates and their
//! numbers are part of the model format (`FEATURE_SET` in the model file): change one
//! and bump [`FEATURE_SET`].
//!
//! Danish capitalizes proper nouns and little else (not nouns, not nationalities, not
//! months), so whether a capital letter stands at the start of a sentence or inside it
//! is one of the strongest signals, and several templates combine the two.

use crate::hash::{Hasher, hash_bytes, mix};

/// The version of the feature templates below; stored in and checked against model files.
pub(crate) const FEATURE_SET: u16 = 1;

/// First letter is upper case.
pub(crate) const CAP: u16 = 1;
/// Two or more letters, all upper case (`USA`, `SF`, `DR`).
pub(crate) const ALLCAP: u16 = 2;
/// Holds a digit.
pub(crate) const DIGIT: u16 = 4;
/// Holds a letter or digit.
pub(crate) const ALNUM: u16 = 8;
/// Starts a sentence or follows an opening quote, colon or dash there: a capital here
/// says little.
pub(crate) const INITIAL: u16 = 16;
/// The lowercased form was seen written in lower case in the training data.
pub(crate) const LOWER_SEEN: u16 = 32;
/// Holds a hyphen inside (`SID-huset`, `Kim Jong-un`).
pub(crate) const HYPHEN: u16 = 64;
/// Upper case after the first letter next to lower case (`McDonald`, `iPhone`).
pub(crate) const MIXED: u16 = 128;

/// What is known about one token before features are combined.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct TokInfo {
    pub(crate) lower: u64,
    pub(crate) form: u64,
    shape: u64,
    short: u64,
    prefix: [u64; 4],
    suffix: [u64; 4],
    pub(crate) flags: u16,
    chars: u16,
    /// Gazetteer hits: bit `kind * 4 + position` (position 0 B, 1 I, 2 L, 3 U).
    pub(crate) gaz: u32,
    /// For a capitalized word ending in `s`/`'s`: the hash of the word without it.
    genitive: u64,
    hyphen_head: u64,
    hyphen_tail: u64,
}

/// The lexicons features look things up in: both are stored in the model file.
pub(crate) trait Lexicon {
    /// Was this lowercased form seen in lower case in the training data?
    fn lower_seen(&self, hash: u64) -> bool;
    /// Kinds of the gazetteer entry with this key (0: none).
    fn gazetteer(&self, key: u64) -> u8;
    /// Longest gazetteer entry, in tokens.
    fn gazetteer_max_len(&self) -> usize;
}

/// Reusable buffers, so tagging allocates nothing once they have grown.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    lower: String,
    ranges: Vec<(usize, usize)>,
    pub(crate) infos: Vec<TokInfo>,
}

const BOS: u64 = 0x5a17_0b05_0000_0001;
const EOS: u64 = 0x5a17_0e05_0000_0002;

/// Maps a feature hash to a weight row of a table with `2^bits` rows.
#[inline]
pub(crate) fn row(hash: u64, bits: u32) -> usize {
    (hash >> (64 - bits)) as usize
}

fn is_opener(word: &str) -> bool {
    matches!(
        word,
        ":" | "\"" | "»" | "«" | "“" | "”" | "„" | "'" | "-" | "–" | "—" | "(" | "*"
    )
}

/// Fills `scratch.infos` for a sentence of `n` tokens, `word(i)` giving the i-th.
pub(crate) fn analyze<'a>(
    n: usize,
    word: impl Fn(usize) -> &'a str,
    lex: &impl Lexicon,
    scratch: &mut Scratch,
) {
    scratch.lower.clear();
    scratch.ranges.clear();
    scratch.infos.clear();
    let mut seen_alnum = false;
    for i in 0..n {
        let w = word(i);
        let start = scratch.lower.len();
        for c in w.chars() {
            if c.is_ascii() {
                scratch.lower.push(c.to_ascii_lowercase());
            } else {
                scratch.lower.extend(c.to_lowercase());
            }
        }
        let lower = &scratch.lower[start..];
        scratch.ranges.push((start, scratch.lower.len()));
        let mut info = describe(w, lower);
        let initial = !seen_alnum || (i > 0 && is_opener(word(i - 1)));
        if initial {
            info.flags |= INITIAL;
        }
        if lex.lower_seen(info.lower) {
            info.flags |= LOWER_SEEN;
        }
        seen_alnum |= info.flags & ALNUM != 0;
        scratch.infos.push(info);
    }
    mark_gazetteer(lex, scratch);
}

/// Word-level facts: forms, shape, affixes, flags.
fn describe(w: &str, lower: &str) -> TokInfo {
    let mut info = TokInfo {
        lower: hash_bytes(lower.as_bytes()),
        form: hash_bytes(w.as_bytes()),
        ..TokInfo::default()
    };
    let (mut shape, mut short) = (Hasher::new(), Hasher::new());
    let (mut last, mut run) = (0u8, 0usize);
    let (mut letters, mut uppers, mut lowers, mut chars) = (0usize, 0usize, 0usize, 0usize);
    let mut flags = 0u16;
    for (k, c) in w.chars().enumerate() {
        chars += 1;
        let class = if c.is_uppercase() {
            letters += 1;
            uppers += 1;
            if k == 0 {
                flags |= CAP;
            } else if lowers > 0 {
                flags |= MIXED;
            }
            b'X'
        } else if c.is_lowercase() {
            letters += 1;
            lowers += 1;
            b'x'
        } else if c.is_numeric() {
            flags |= DIGIT;
            b'd'
        } else if c.is_ascii() {
            c as u8
        } else {
            b'o'
        };
        if c.is_alphanumeric() {
            flags |= ALNUM;
        }
        if class == last {
            run += 1;
        } else {
            run = 1;
            short.byte(class);
        }
        if run <= 4 {
            shape.byte(class);
        }
        last = class;
    }
    if uppers == letters && letters >= 2 {
        flags |= ALLCAP;
    }
    if let Some(p) = lower.find('-').filter(|&p| p > 0 && p + 1 < lower.len()) {
        flags |= HYPHEN;
        info.hyphen_head = hash_bytes(&lower.as_bytes()[..p]);
        let q = lower.rfind('-').unwrap_or(p);
        info.hyphen_tail = hash_bytes(&lower.as_bytes()[q + 1..]);
    }
    if let Some(stem) = genitive_stem(lower).filter(|_| flags & CAP != 0) {
        info.genitive = hash_bytes(stem.as_bytes());
    }
    info.shape = shape.finish();
    info.short = short.finish();
    info.flags = flags;
    info.chars = chars.min(u16::MAX as usize) as u16;
    // Affixes of 1..=4 characters, at character boundaries.
    // Prefixes: the hash state after each of the first four characters.
    let mut h = Hasher::new();
    let mut k = 0;
    for (i, &b) in lower.as_bytes().iter().enumerate() {
        h.byte(b);
        let at_boundary = lower
            .as_bytes()
            .get(i + 1)
            .is_none_or(|&n| (n & 0xc0) != 0x80);
        if at_boundary {
            info.prefix[k] = h.finish();
            k += 1;
            if k == 4 {
                break;
            }
        }
    }
    let mut starts = lower.char_indices().rev().map(|(i, _)| i);
    for k in 0..4 {
        if let Some(s) = starts.next() {
            info.suffix[k] = hash_bytes(&lower.as_bytes()[s..]);
        }
    }
    info
}

/// `nordkoreas` -> `nordkorea`, `usa's` -> `usa`; `None` when there is no genitive ending.
pub(crate) fn genitive_stem(lower: &str) -> Option<&str> {
    let stem = lower
        .strip_suffix("'s")
        .or_else(|| lower.strip_suffix("’s"))
        .or_else(|| lower.strip_suffix('\''))
        .or_else(|| lower.strip_suffix('s'))?;
    (stem.chars().count() >= 2).then_some(stem)
}

/// Marks tokens covered by gazetteer names (a genitive ending on the last token is
/// allowed). Names start with a capital or a digit, so only such tokens are tried as
/// starts.
fn mark_gazetteer(lex: &impl Lexicon, scratch: &mut Scratch) {
    let n = scratch.infos.len();
    let max = lex.gazetteer_max_len();
    for start in 0..n {
        if scratch.infos[start].flags & (CAP | DIGIT) == 0 {
            continue;
        }
        let mut h = Hasher::new();
        for len in 1..=max.min(n - start) {
            let (a, b) = scratch.ranges[start + len - 1];
            let lower = &scratch.lower[a..b];
            if len > 1 {
                h.byte(b' ');
            }
            let before = h;
            h.bytes(lower.as_bytes());
            let mut kinds = lex.gazetteer(h.finish());
            if let Some(stem) = genitive_stem(lower).filter(|_| kinds == 0) {
                let mut g = before;
                g.bytes(stem.as_bytes());
                kinds = lex.gazetteer(g.finish());
            }
            if kinds != 0 {
                for kind in 0..8 {
                    if kinds & (1 << kind) == 0 {
                        continue;
                    }
                    for i in start..start + len {
                        let pos = if len == 1 {
                            3
                        } else if i == start {
                            0
                        } else if i + 1 == start + len {
                            2
                        } else {
                            1
                        };
                        scratch.infos[i].gaz |= 1 << (kind * 4 + pos);
                    }
                }
            }
        }
    }
}

/// Pushes the feature hashes of token `i` (after [`analyze`]) onto `out`.
pub(crate) fn features(infos: &[TokInfo], i: usize, out: &mut impl FnMut(u64)) {
    word_features(&infos[i], out);
    context_features(infos, i, out);
}

/// The features that depend on the token's form alone, so their sum can be cached per
/// word form.
pub(crate) fn word_features(t: &TokInfo, out: &mut impl FnMut(u64)) {
    let mut f = |template: u64, value: u64| out(mix(template, value));
    f(2, t.lower);
    f(3, t.form);
    f(4, t.shape);
    f(5, t.short);
    for k in 0..4 {
        f(6 + k as u64, t.prefix[k]);
        f(10 + k as u64, t.suffix[k]);
    }
    if t.genitive != 0 {
        f(29, t.genitive);
    }
    if t.flags & HYPHEN != 0 {
        f(30, t.hyphen_head);
        f(31, t.hyphen_tail);
    }
}

/// The features that look at the token's position and neighbours.
pub(crate) fn context_features(infos: &[TokInfo], i: usize, out: &mut impl FnMut(u64)) {
    let t = &infos[i];
    let n = infos.len();
    let at = |j: isize| -> Option<&TokInfo> {
        let k = i as isize + j;
        (k >= 0 && (k as usize) < n).then(|| &infos[k as usize])
    };
    let lower = |j: isize| at(j).map_or(if j < 0 { BOS } else { EOS }, |x| x.lower);
    let short = |j: isize| at(j).map_or(if j < 0 { BOS } else { EOS }, |x| x.short);
    let cap = |j: isize| at(j).map_or(2, |x| u64::from(x.flags & CAP));
    let mut f = |template: u64, value: u64| out(mix(template, value));

    f(1, 0);
    let flags = t.flags & (CAP | ALLCAP | INITIAL | LOWER_SEEN | DIGIT | MIXED | HYPHEN);
    f(14, u64::from(flags));
    f(15, lower(-1));
    f(16, lower(1));
    f(17, lower(-2));
    f(18, lower(2));
    f(19, short(-1));
    f(20, short(1));
    f(21, short(-2));
    f(22, short(2));
    f(23, mix(lower(-1), t.lower));
    f(24, mix(t.lower, lower(1)));
    f(25, mix(mix(short(-1), t.short), short(1)));
    let capital = u64::from(t.flags & CAP != 0 || t.flags & ALLCAP != 0);
    for bit in 0..32u64 {
        if t.gaz & (1 << bit) != 0 {
            f(26, bit * 2 + capital);
        }
    }
    for (template, j) in [(27, -1), (28, 1)] {
        if let Some(x) = at(j) {
            for kind in 0..8 {
                if x.gaz & (0xf << (kind * 4)) != 0 {
                    f(template, kind);
                }
            }
        }
    }
    f(
        32,
        cap(-1) | cap(0) << 2 | cap(1) << 4 | u64::from(t.flags & INITIAL != 0) << 6,
    );
    if t.flags & INITIAL != 0 {
        f(33, t.lower);
    }
    let bucket = match t.chars {
        0..=4 => u64::from(t.chars),
        5..=6 => 5,
        7..=9 => 6,
        _ => 7,
    };
    f(
        34,
        bucket << 4 | u64::from(t.flags & (CAP | ALLCAP | INITIAL)),
    );
    f(35, mix(lower(-1), t.short));
    f(36, mix(t.short, lower(1)));
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Lex;
    impl Lexicon for Lex {
        fn lower_seen(&self, hash: u64) -> bool {
            hash == hash_bytes(b"men")
        }
        fn gazetteer(&self, key: u64) -> u8 {
            if key == crate::ner::gazetteer::name_key("Det Hvide Hus").0 {
                0b1000
            } else if key == crate::ner::gazetteer::name_key("Nordkorea").0 {
                0b1
            } else {
                0
            }
        }
        fn gazetteer_max_len(&self) -> usize {
            3
        }
    }

    fn run(words: &[&str]) -> Scratch {
        let mut s = Scratch::default();
        analyze(words.len(), |i| words[i], &Lex, &mut s);
        s
    }

    #[test]
    fn capital_inside_a_sentence_is_not_initial() {
        let s = run(&["Men", "Anders", "siger", ":", "Det", "er", "fint"]);
        let f: Vec<u16> = s.infos.iter().map(|t| t.flags).collect();
        assert_eq!(
            f[0] & (CAP | INITIAL | LOWER_SEEN),
            CAP | INITIAL | LOWER_SEEN
        );
        assert_eq!(f[1] & (CAP | INITIAL), CAP);
        assert_eq!(f[2] & (CAP | INITIAL), 0);
        // After a colon a capital starts a quoted sentence.
        assert_eq!(f[4] & (CAP | INITIAL), CAP | INITIAL);
        // Leading punctuation does not use up the sentence start.
        let s = run(&["-", "Vi", "kommer"]);
        assert_ne!(s.infos[1].flags & INITIAL, 0);
    }

    #[test]
    fn shapes_caps_hyphens_and_genitives() {
        let s = run(&["USA's", "SID-huset", "2018", "Nordkoreas", "iPhone"]);
        let i = &s.infos;
        assert_eq!(i[0].flags & (CAP | ALLCAP), CAP); // apostrophe-s is lower case
        assert_eq!(i[0].genitive, hash_bytes(b"usa"));
        assert_ne!(i[1].flags & (HYPHEN | ALLCAP | CAP), 0);
        assert_eq!(i[1].hyphen_head, hash_bytes(b"sid"));
        assert_eq!(i[1].hyphen_tail, hash_bytes(b"huset"));
        assert_eq!(i[2].flags & (DIGIT | CAP), DIGIT);
        assert_eq!(i[3].genitive, hash_bytes(b"nordkorea"));
        assert_ne!(i[4].flags & MIXED, 0);
        // Same shape class sequence, different run lengths: same short shape.
        let s = run(&["Aarhus", "Ib"]);
        assert_eq!(s.infos[0].short, s.infos[1].short);
        assert_ne!(s.infos[0].shape, s.infos[1].shape);
    }

    #[test]
    fn affixes_count_characters_not_bytes() {
        let s = run(&["Ærø", "Ærøs"]);
        assert_eq!(s.infos[0].prefix[0], hash_bytes("æ".as_bytes()));
        assert_eq!(s.infos[0].suffix[1], hash_bytes("rø".as_bytes()));
        assert_eq!(s.infos[0].prefix[3], 0); // shorter than four characters
    }

    #[test]
    fn gazetteer_marks_positions_and_genitives() {
        let s = run(&["i", "Det", "Hvide", "Hus", "og", "Nordkoreas"]);
        let g: Vec<u32> = s.infos.iter().map(|t| t.gaz).collect();
        let org = 3 * 4;
        assert_eq!(g[0], 0);
        assert_eq!(g[1], 1 << org);
        assert_eq!(g[2], 1 << (org + 1));
        assert_eq!(g[3], 1 << (org + 2));
        assert_eq!(g[5], 1 << 3); // country, unit
    }

    #[test]
    fn feature_count_is_fixed_per_context_and_deterministic() {
        let s = run(&["Mette", "Frederiksen", "besøgte", "Aarhus", "."]);
        let mut a = Vec::new();
        features(&s.infos, 1, &mut |h| a.push(h));
        let mut b = Vec::new();
        features(&s.infos, 1, &mut |h| b.push(h));
        assert_eq!(a, b);
        assert!(a.len() >= 28, "{}", a.len());
        let mut sorted = a.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), a.len(), "templates must not collide");
    }
}
