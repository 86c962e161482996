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

/// Feature templates: what a feature measures. The numbers are part of the model format.
pub(crate) mod template {
    /// Always on (value 0).
    pub(crate) const BIAS: u64 = 1;
    pub(crate) const LOWER: u64 = 2;
    pub(crate) const FORM: u64 = 3;
    pub(crate) const SHAPE: u64 = 4;
    pub(crate) const SHORT: u64 = 5;
    /// Prefixes of 1..=4 characters: `PREFIX + k`.
    pub(crate) const PREFIX: u64 = 6;
    /// Suffixes of 1..=4 characters: `SUFFIX + k`.
    pub(crate) const SUFFIX: u64 = 10;
    /// [`super::flags_value`].
    pub(crate) const FLAGS: u64 = 14;
    /// Lowercased words at -1, +1, -2, +2, then short shapes likewise: `NEAR + k`.
    pub(crate) const NEAR: u64 = 15;
    /// `mix(lower(-1), lower)`.
    pub(crate) const BIGRAM_BEFORE: u64 = 23;
    /// `mix(lower, lower(+1))`.
    pub(crate) const BIGRAM_AFTER: u64 = 24;
    /// Short shapes at -1, 0, +1.
    pub(crate) const SHAPE_TRIGRAM: u64 = 25;
    /// [`super::gazetteer_value`] of each hit on the token.
    pub(crate) const GAZ: u64 = 26;
    /// Kinds of gazetteer hits on the token before.
    pub(crate) const GAZ_BEFORE: u64 = 27;
    /// Kinds of gazetteer hits on the token after.
    pub(crate) const GAZ_AFTER: u64 = 28;
    pub(crate) const GENITIVE: u64 = 29;
    pub(crate) const HYPHEN_HEAD: u64 = 30;
    pub(crate) const HYPHEN_TAIL: u64 = 31;
    /// [`super::caps_value`].
    pub(crate) const CAPS: u64 = 32;
    /// The lowercased word, only in sentence-initial position.
    pub(crate) const INITIAL_LOWER: u64 = 33;
    /// [`super::length_value`].
    pub(crate) const LENGTH: u64 = 34;
    /// `mix(lower(-1), short)`.
    pub(crate) const WORD_SHAPE: u64 = 35;
    /// `mix(short, lower(+1))`.
    pub(crate) const SHAPE_WORD: u64 = 36;
}

use template as tpl;

/// The value of the flags feature.
#[inline]
pub(crate) fn flags_value(flags: u16) -> u64 {
    u64::from(flags & (CAP | ALLCAP | INITIAL | LOWER_SEEN | DIGIT | MIXED | HYPHEN))
}

/// The value of the length feature: a length bucket with the capitalization flags.
#[inline]
pub(crate) fn length_value(chars: u16, flags: u16) -> u64 {
    let bucket = match chars {
        0..=4 => u64::from(chars),
        5..=6 => 5,
        7..=9 => 6,
        _ => 7,
    };
    bucket << 4 | u64::from(flags & (CAP | ALLCAP | INITIAL))
}

/// The value of the capitalization-pattern feature; `cap` is [`cap_code`] at -1, 0, +1.
#[inline]
pub(crate) fn caps_value(before: u64, cap: u64, after: u64, flags: u16) -> u64 {
    before | cap << 2 | after << 4 | u64::from(flags & INITIAL != 0) << 6
}

/// A token's part in [`caps_value`]: 1 capitalized, 0 not, 2 beyond the sentence.
#[inline]
pub(crate) fn cap_code(flags: Option<u16>) -> u64 {
    flags.map_or(2, |f| u64::from(f & CAP))
}

/// The value of a gazetteer-hit feature: the hit's bit and whether the token is capitalized.
#[inline]
pub(crate) fn gazetteer_value(bit: u64, flags: u16) -> u64 {
    bit * 2 + u64::from(flags & CAP != 0 || flags & ALLCAP != 0)
}

/// What is known about one token before features are combined.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct TokInfo {
    pub(crate) lower: u64,
    pub(crate) form: u64,
    shape: u64,
    pub(crate) short: u64,
    prefix: [u64; 4],
    suffix: [u64; 4],
    pub(crate) flags: u16,
    pub(crate) chars: u16,
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
    lower: Vec<u8>,
    ranges: Vec<(usize, usize)>,
    gaz: Vec<u32>,
    pub(crate) infos: Vec<TokInfo>,
}

/// The word and shape before the first token.
pub(crate) const BOS: u64 = 0x5a17_0b05_0000_0001;
/// The word and shape after the last token.
pub(crate) const EOS: u64 = 0x5a17_0e05_0000_0002;

/// Maps a feature hash to a weight row of a table with `2^bits` rows.
#[inline]
pub(crate) fn row(hash: u64, bits: u32) -> usize {
    (hash >> (64 - bits)) as usize
}

/// Does a capital after this token count as sentence-initial?
pub(crate) fn is_opener(word: &str) -> bool {
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
        push_lowercase(w, &mut scratch.lower);
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
    let (infos, lower, ranges) = (&mut scratch.infos, &scratch.lower, &scratch.ranges);
    scratch.gaz.clear();
    scratch.gaz.resize(n, 0);
    let text = |i: usize| &lower[ranges[i].0..ranges[i].1];
    mark_gazetteer(
        lex,
        n,
        |i| infos[i].flags & (CAP | DIGIT) != 0,
        text,
        |i| genitive_stem(text(i)),
        &mut scratch.gaz,
    );
    for (info, &g) in infos.iter_mut().zip(&scratch.gaz) {
        info.gaz = g;
    }
}

/// Appends `w` lowercased character by character (so `Σ` is always `σ`, unlike
/// `str::to_lowercase`), which is how names are keyed in the gazetteer, as UTF-8.
#[inline]
pub(crate) fn push_lowercase(w: &str, out: &mut Vec<u8>) {
    if w.is_ascii() {
        out.extend(w.bytes().map(|b| b.to_ascii_lowercase()));
        return;
    }
    for c in w.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase() as u8);
        } else {
            for l in c.to_lowercase() {
                out.extend_from_slice(l.encode_utf8(&mut [0; 4]).as_bytes());
            }
        }
    }
}

/// The hash of `w` (as [`hash_bytes`]), with `w` lowercased appended to `out` as by
/// [`push_lowercase`]: one pass over an ASCII word (most are) instead of three.
#[inline]
pub(crate) fn hash_and_lowercase(w: &str, out: &mut Vec<u8>) -> u64 {
    let start = out.len();
    let (mut h, mut high) = (Hasher::new(), 0u8);
    out.extend(w.bytes().map(|b| {
        h.byte(b);
        high |= b;
        b.to_ascii_lowercase()
    }));
    if high >= 0x80 {
        out.truncate(start);
        push_lowercase(w, out);
    }
    h.finish()
}

/// Is this byte the first of a UTF-8 character?
#[inline]
fn starts_char(b: u8) -> bool {
    (b & 0xc0) != 0x80
}

/// Word-level facts: forms, shape, affixes, flags; `lower` is `w` lowercased as by
/// [`push_lowercase`].
pub(crate) fn describe(w: &str, lower: &[u8]) -> TokInfo {
    let mut info = TokInfo {
        lower: hash_bytes(lower),
        form: hash_bytes(w.as_bytes()),
        ..TokInfo::default()
    };
    let (mut shape, mut short) = (Hasher::new(), Hasher::new());
    let (mut last, mut run) = (0u8, 0usize);
    let (mut letters, mut uppers, mut lowers, mut chars) = (0usize, 0usize, 0usize, 0usize);
    let mut flags = 0u16;
    for (k, c) in w.chars().enumerate() {
        chars += 1;
        let (class, alnum) = char_class(c);
        match class {
            b'X' => {
                letters += 1;
                uppers += 1;
                if k == 0 {
                    flags |= CAP;
                } else if lowers > 0 {
                    flags |= MIXED;
                }
            }
            b'x' => {
                letters += 1;
                lowers += 1;
            }
            b'd' => flags |= DIGIT,
            _ => {}
        }
        if alnum {
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
    // `-` is one byte in UTF-8 and no other character's bytes contain it.
    let bytes = lower;
    let hyphen = bytes.iter().position(|&b| b == b'-');
    if let Some(p) = hyphen.filter(|&p| p > 0 && p + 1 < bytes.len()) {
        flags |= HYPHEN;
        info.hyphen_head = hash_bytes(&bytes[..p]);
        let q = bytes.iter().rposition(|&b| b == b'-').unwrap_or(p);
        info.hyphen_tail = hash_bytes(&bytes[q + 1..]);
    }
    if let Some(stem) = genitive_stem(lower).filter(|_| flags & CAP != 0) {
        info.genitive = hash_bytes(stem);
    }
    info.shape = shape.finish();
    info.short = short.finish();
    info.flags = flags;
    info.chars = chars.min(u16::MAX as usize) as u16;
    // Affixes of 1..=4 characters, at character boundaries.
    // Prefixes: the hash state after each of the first four characters.
    let mut h = Hasher::new();
    let mut k = 0;
    for (i, &b) in lower.iter().enumerate() {
        h.byte(b);
        let at_boundary = lower.get(i + 1).is_none_or(|&n| starts_char(n));
        if at_boundary {
            info.prefix[k] = h.finish();
            k += 1;
            if k == 4 {
                break;
            }
        }
    }
    let mut starts = (0..lower.len()).rev().filter(|&i| starts_char(lower[i]));
    for k in 0..4 {
        if let Some(s) = starts.next() {
            info.suffix[k] = hash_bytes(&lower[s..]);
        }
    }
    info
}

/// A character's class in a word shape (`X` upper case, `x` lower case, `d` digit, other
/// ASCII as itself, `o` anything else) and whether it is alphanumeric.
#[inline]
fn char_class(c: char) -> (u8, bool) {
    // ASCII first: most characters are, and the Unicode tables need not be asked. Upper
    // and lower case letters and numerals are all alphanumeric.
    match c {
        'A'..='Z' => (b'X', true),
        'a'..='z' => (b'x', true),
        '0'..='9' => (b'd', true),
        _ if c.is_ascii() => (c as u8, false),
        _ if c.is_uppercase() => (b'X', true),
        _ if c.is_lowercase() => (b'x', true),
        _ if c.is_numeric() => (b'd', true),
        _ => (b'o', c.is_alphanumeric()),
    }
}

/// `nordkoreas` -> `nordkorea`, `usa's` -> `usa`; `None` when there is no genitive ending.
pub(crate) fn genitive_stem(lower: &[u8]) -> Option<&[u8]> {
    let stem = lower
        .strip_suffix(b"'s")
        .or_else(|| lower.strip_suffix("’s".as_bytes()))
        .or_else(|| lower.strip_suffix(b"'"))
        .or_else(|| lower.strip_suffix(b"s"))?;
    (stem.iter().filter(|&&b| starts_char(b)).count() >= 2).then_some(stem)
}

/// Marks tokens covered by gazetteer names (a genitive ending on the last token is
/// allowed) in `gaz`: bit `kind * 4 + position`. `lower(i)` is token `i` lowercased and
/// `stem(i)` its [`genitive_stem`]. Names start with a capital or a digit, so only tokens
/// where `may_start(i)` are tried as starts.
pub(crate) fn mark_gazetteer<'a>(
    lex: &impl Lexicon,
    n: usize,
    may_start: impl Fn(usize) -> bool,
    lower: impl Fn(usize) -> &'a [u8],
    stem: impl Fn(usize) -> Option<&'a [u8]>,
    gaz: &mut [u32],
) {
    let max = lex.gazetteer_max_len();
    for start in 0..n {
        if !may_start(start) {
            continue;
        }
        let mut h = Hasher::new();
        for len in 1..=max.min(n - start) {
            let last = start + len - 1;
            if len > 1 {
                h.byte(b' ');
            }
            let before = h;
            h.bytes(lower(last));
            let mut kinds = lex.gazetteer(h.finish());
            if kinds == 0
                && let Some(stem) = stem(last)
            {
                let mut g = before;
                g.bytes(stem);
                kinds = lex.gazetteer(g.finish());
            }
            if kinds != 0 {
                for kind in 0..8 {
                    if kinds & (1 << kind) == 0 {
                        continue;
                    }
                    for (i, hits) in gaz[start..=last].iter_mut().enumerate() {
                        let pos = if len == 1 {
                            3
                        } else if i == 0 {
                            0
                        } else if i + 1 == len {
                            2
                        } else {
                            1
                        };
                        *hits |= 1 << (kind * 4 + pos);
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
    f(tpl::LOWER, t.lower);
    f(tpl::FORM, t.form);
    f(tpl::SHAPE, t.shape);
    f(tpl::SHORT, t.short);
    for k in 0..4 {
        f(tpl::PREFIX + k as u64, t.prefix[k]);
        f(tpl::SUFFIX + k as u64, t.suffix[k]);
    }
    if t.genitive != 0 {
        f(tpl::GENITIVE, t.genitive);
    }
    if t.flags & HYPHEN != 0 {
        f(tpl::HYPHEN_HEAD, t.hyphen_head);
        f(tpl::HYPHEN_TAIL, t.hyphen_tail);
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
    let cap = |j: isize| cap_code(at(j).map(|x| x.flags));
    let mut f = |template: u64, value: u64| out(mix(template, value));

    f(tpl::BIAS, 0);
    f(tpl::FLAGS, flags_value(t.flags));
    for (k, j) in [-1, 1, -2, 2].into_iter().enumerate() {
        f(tpl::NEAR + k as u64, lower(j));
    }
    for (k, j) in [-1, 1, -2, 2].into_iter().enumerate() {
        f(tpl::NEAR + 4 + k as u64, short(j));
    }
    f(tpl::BIGRAM_BEFORE, mix(lower(-1), t.lower));
    f(tpl::BIGRAM_AFTER, mix(t.lower, lower(1)));
    f(tpl::SHAPE_TRIGRAM, mix(mix(short(-1), t.short), short(1)));
    for bit in 0..32u64 {
        if t.gaz & (1 << bit) != 0 {
            f(tpl::GAZ, gazetteer_value(bit, t.flags));
        }
    }
    for (template, j) in [(tpl::GAZ_BEFORE, -1), (tpl::GAZ_AFTER, 1)] {
        if let Some(x) = at(j) {
            for kind in 0..8 {
                if x.gaz & (0xf << (kind * 4)) != 0 {
                    f(template, kind);
                }
            }
        }
    }
    f(tpl::CAPS, caps_value(cap(-1), cap(0), cap(1), t.flags));
    if t.flags & INITIAL != 0 {
        f(tpl::INITIAL_LOWER, t.lower);
    }
    f(tpl::LENGTH, length_value(t.chars, t.flags));
    f(tpl::WORD_SHAPE, mix(lower(-1), t.short));
    f(tpl::SHAPE_WORD, mix(t.short, lower(1)));
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
    fn char_classes_of_every_character() {
        // As `describe` first classified characters, one Unicode test after another.
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            let class = if c.is_uppercase() {
                b'X'
            } else if c.is_lowercase() {
                b'x'
            } else if c.is_numeric() {
                b'd'
            } else if c.is_ascii() {
                c as u8
            } else {
                b'o'
            };
            assert_eq!(char_class(c), (class, c.is_alphanumeric()), "{c:?}");
        }
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
