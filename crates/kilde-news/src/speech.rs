//! Word lists and token helpers shared by quote and source extraction.
//!
//! Everything here works on the tokens of a [`kilde_core::Doc`] (byte spans into
//! the article text) and compares words without allocating where it can: the
//! lists are built once (`LazyLock`) and looked up per token.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

use kilde_core::{Doc, Span};

/// FNV-1a: word lists are looked up once per token, and SipHash's protection
/// against crafted keys is not needed for fixed lists of Danish words.
#[derive(Default, Clone, Copy)]
pub(crate) struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// A set of words with the fast hasher.
pub(crate) type WordSet = HashSet<&'static str, BuildHasherDefault<Fnv>>;
/// A map keyed by words with the fast hasher.
pub(crate) type WordMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

/// Finite speech and opinion verbs that can attribute a quote in either order
/// (`siger han`, `Hun siger, at`, `Det oplyser politiet`).
const FINITE: &[&str] = &[
    "siger",
    "sagde",
    "udtaler",
    "udtalte",
    "oplyser",
    "oplyste",
    "fortæller",
    "fortalte",
    "understreger",
    "understregede",
    "mener",
    "mente",
    "skriver",
    "skrev",
    "vurderer",
    "vurderede",
    "tilføjer",
    "tilføjede",
    "forklarer",
    "forklarede",
    "bekræfter",
    "bekræftede",
    "meddeler",
    "meddelte",
    "påpeger",
    "påpegede",
    "konstaterer",
    "konstaterede",
    "erkender",
    "erkendte",
    "advarer",
    "advarede",
    "fastslår",
    "fastslog",
    "svarer",
    "svarede",
    "uddyber",
    "uddybede",
    "betoner",
    "betonede",
    "medgiver",
    "medgav",
    "indrømmer",
    "indrømmede",
    "hævder",
    "hævdede",
    "pointerer",
    "pointerede",
    "gentager",
    "gentog",
    "forsikrer",
    "forsikrede",
    "erklærer",
    "erklærede",
    "tweeter",
    "tweetede",
    "fortsætter",
    "fortsatte",
    "lover",
    "lovede",
    "anslår",
    "anslog",
    "skønner",
    "skønnede",
    "forventer",
    "forventede",
    "frygter",
    "frygtede",
    "beretter",
    "berettede",
    "melder",
    "meldte",
    "rapporterer",
    "rapporterede",
    "bemærker",
    "bemærkede",
    "spørger",
    "spurgte",
    "konkluderer",
    "konkluderede",
    "annoncerer",
    "annoncerede",
    "kræver",
    "krævede",
    "foreslår",
    "foreslog",
    "afviser",
    "afviste",
    "argumenterer",
    "argumenterede",
    "indskyder",
    "indskød",
    "oplyses",
];

/// Infinitives and participles that attribute a reported clause after an
/// auxiliary (`har sagt, at`, `kunne fortælle, at`).
const NONFINITE: &[&str] = &[
    "sagt",
    "sige",
    "oplyst",
    "oplyse",
    "fortalt",
    "fortælle",
    "udtalt",
    "udtale",
    "skrevet",
    "skrive",
    "bekræftet",
    "bekræfte",
    "understreget",
    "understrege",
    "meddelt",
    "meddele",
    "tilføjet",
    "forklaret",
    "forklare",
    "vurderet",
    "vurdere",
    "erkendt",
    "erkende",
    "påpeget",
    "påpege",
    "fastslået",
    "advaret",
    "advare",
    "lovet",
    "love",
    "erklæret",
    "hævdet",
    "meldt",
    "rapporteret",
    "annonceret",
    "krævet",
    "foreslået",
];

/// Words that end a speaker phrase after the verb (`siger han til DR`,
/// `siger Løkke efter mødet`).
const SPEAKER_STOPS: &[&str] = &[
    "til",
    "ifølge",
    "efter",
    "og",
    "da",
    "når",
    "på",
    "over",
    "ved",
    "under",
    "som",
    "men",
    "fordi",
    "mens",
    "om",
    "med",
    "at",
    "der",
    "nu",
    "også",
    "videre",
    "fast",
    "selv",
    "blandt",
    "tidligere",
    "senere",
    "allerede",
    "mandag",
    "tirsdag",
    "onsdag",
    "torsdag",
    "fredag",
    "lørdag",
    "søndag",
    "hvis",
    "her",
    "derfor",
    "dog",
    "ikke",
    "stadig",
    "samtidig",
    "bl.a.",
    "blandt",
    "igen",
    "skriftligt",
];

/// Auxiliaries and adverbs that end a subject before its verb
/// (`Chung Eui-yong kunne … fortælle`).
const SUBJECT_STOPS: &[&str] = &[
    "har",
    "havde",
    "kunne",
    "kan",
    "vil",
    "ville",
    "skal",
    "skulle",
    "må",
    "måtte",
    "bør",
    "burde",
    "er",
    "var",
    "blev",
    "bliver",
    "får",
    "fik",
    "også",
    "dog",
    "ikke",
    "nu",
    "derfor",
    "selv",
    "heller",
    "endnu",
    "allerede",
    "at",
    "der",
    "som",
    "hver",
    "så",
    "i",
    "fra",
    "på",
    "til",
    "over",
    "ved",
    "efter",
    "ifølge",
    "samtidig",
    "tidligere",
    "torsdag",
];

/// Auxiliaries (and `ikke`) that end a description after its verb.
const AUXILIARIES: &[&str] = &[
    "har", "havde", "kunne", "kan", "vil", "ville", "skal", "skulle", "må", "måtte", "bør", "er",
    "var", "blev", "bliver", "får", "fik", "går", "gik", "ikke",
];

/// What a word is to quote and source extraction, as bits: one lookup answers
/// several lists at once.
pub(crate) const FINITE_CUE: u8 = 1;
pub(crate) const NONFINITE_CUE: u8 = 2;
pub(crate) const SPEAKER_STOP: u8 = 4;
pub(crate) const SUBJECT_STOP: u8 = 8;
pub(crate) const PRONOUN: u8 = 16;
/// `ifølge`.
pub(crate) const IFOLGE: u8 = 32;
/// Auxiliaries and `ikke`, which end a description after the verb (`ifølge
/// politiet blev …`).
pub(crate) const AUX: u8 = 64;
/// Verbs that name a source without quoting it (`fremgår af`, `lyder det fra`,
/// `viser tal fra`).
pub(crate) const SOURCE_VERB: u8 = 128;
/// A speech verb, finite or not.
pub(crate) const CUE: u8 = FINITE_CUE | NONFINITE_CUE;

/// The speech verbs, `ifølge` and the source verbs, with their bits: rare words,
/// looked up for every token.
static CUE_BITS: LazyLock<KeyTable<u8>> = LazyLock::new(|| {
    table(&[
        (FINITE, FINITE_CUE),
        (NONFINITE, NONFINITE_CUE),
        (&["ifølge"], IFOLGE),
        (&["fremgår", "lyder", "viser", "viste"], SOURCE_VERB),
    ])
});

/// The frequent words of the lists, with their bits.
static STOP_BITS: LazyLock<KeyTable<u8>> = LazyLock::new(|| {
    table(&[
        (SPEAKER_STOPS, SPEAKER_STOP),
        (SUBJECT_STOPS, SUBJECT_STOP),
        (&["han", "hun", "de"], PRONOUN),
        (AUXILIARIES, AUX),
    ])
});

/// A table of the words of some lists, each with the bits of the lists it is on.
pub(crate) fn table(lists: &[(&[&str], u8)]) -> KeyTable<u8> {
    let mut table = KeyTable::default();
    for &(words, bit) in lists {
        for word in words {
            table.update(word, |bits| *bits |= bit);
        }
    }
    table
}

/// The high bit of every byte of a packed word.
const HIGH_BITS: u128 = 0x8080_8080_8080_8080_8080_8080_8080_8080;

/// Every byte of a packed word set to `b`.
pub(crate) const fn bytes(b: u8) -> u128 {
    u128::from_le_bytes([b; 16])
}

/// The high bit of each byte of `v` that is zero.
pub(crate) fn zero_bytes(v: u128) -> u128 {
    !(((v & !HIGH_BITS) + bytes(0x7F)) | v | !HIGH_BITS)
}

/// The lower case of a packed word of ASCII and Latin-1, all bytes at once (no
/// byte sum below carries into the next byte): `A`–`Z` and the Latin-1 capitals
/// (`C3` then 0x80–0x9E but 0x97, `×`) get 0x20. `None` when a character lies
/// beyond Latin-1 (a lead byte from 0xC4).
fn latin1_lower(x: u128) -> Option<u128> {
    let low7 = x & !HIGH_BITS;
    let ascii_capital = (low7 + bytes(0x80 - b'A')) & !(low7 + bytes(0x7F - b'Z')) & !x;
    if x & HIGH_BITS == 0 {
        return Some(x | (ascii_capital & HIGH_BITS) >> 2);
    }
    if x & (low7 + bytes(0x80 - 0x44)) & HIGH_BITS != 0 {
        return None;
    }
    let after_c3 = zero_bytes((x << 8) ^ bytes(0xC3));
    let latin1_capital = x & !(low7 + bytes(0x7F - 0x1E)) & after_c3 & !zero_bytes(x ^ bytes(0x97));
    Some(x | ((ascii_capital | latin1_capital) & HIGH_BITS) >> 2)
}

/// The lower-case form of a word of at most 15 bytes packed into an integer (its
/// bytes, and its length in the top byte), for looking words up in lists once per
/// token without allocating. `None` for longer words and for words with letters
/// outside Latin-1 (whose lower case this does not compute); [`key_lower`]
/// covers those.
pub(crate) fn key(word: &str) -> Option<u128> {
    let b = word.as_bytes();
    let mut buf = [0; 16];
    buf.get_mut(..b.len())?.copy_from_slice(b);
    packed_lower(u128::from_le_bytes(buf), b.len())
}

/// [`key`] of the `n` bytes packed in `packed` (the bytes above them zero).
fn packed_lower(packed: u128, n: usize) -> Option<u128> {
    if n > 15 {
        return None;
    }
    latin1_lower(packed | (n as u128) << 120)
}

/// [`key`] of any word: the lower case of a word [`key`] declines is computed
/// first. `None` when the lower case is longer than 15 bytes or leaves Latin-1, so
/// it is in no word list.
pub(crate) fn key_lower(word: &str) -> Option<u128> {
    match key(word) {
        Some(k) => Some(k),
        // Lower case keeps the length of Latin-1 text: a long word stays long.
        None if word.bytes().all(|b| b < 0xC4) => None,
        None => key(&lower(word)),
    }
}

/// [`key_lower`] of the token `text[span]`, its bytes read in one load where the
/// text goes on for 16 bytes from its start.
pub(crate) fn key_at(text: &str, span: Span) -> Option<u128> {
    let n = span.len();
    if n <= 15
        && let Some(chunk) = text.as_bytes().get(span.start..span.start + 16)
        && let Ok(chunk) = <[u8; 16]>::try_from(chunk)
        && let Some(k) = packed_lower(u128::from_le_bytes(chunk) & ((1 << (8 * n)) - 1), n)
    {
        return Some(k);
    }
    key_lower(&text[span.range()])
}

/// The bits of a word for speech verbs, `ifølge` and source verbs: the rare words
/// looked up for every token.
pub(crate) fn cue_bits(word: &str) -> u8 {
    // Every speech verb has at least four letters (as written).
    if word.len() < 4 {
        return 0;
    }
    CUE_BITS.get(word)
}

/// A text whose tokens are looked up in the tables, one after another.
#[derive(Clone, Copy)]
pub(crate) struct Scan<'t> {
    pub text: &'t str,
    /// True when nothing in the text lies beyond Latin-1 (no byte from 0xC4):
    /// then every token's lower case has its bytes where the token has them,
    /// and its filter bit is read without looking at its characters.
    latin1: bool,
}

impl<'t> Scan<'t> {
    pub(crate) fn new(text: &'t str) -> Self {
        let (blocks, rest) = text.as_bytes().as_chunks::<16>();
        let beyond = |x: u128| x & ((x & !HIGH_BITS) + bytes(0x80 - 0x44)) & HIGH_BITS != 0;
        let latin1 = !blocks.iter().any(|b| beyond(u128::from_le_bytes(*b)))
            && rest.iter().all(|&b| b < 0xC4);
        Scan { text, latin1 }
    }

    /// The [`sketch`] of the token `text[span]`.
    #[inline]
    pub(crate) fn bit(&self, span: Span) -> Option<usize> {
        let bytes = self.text.as_bytes();
        if !self.latin1 || span.is_empty() || span.end > bytes.len() {
            return bytes.get(span.range()).and_then(sketch);
        }
        let first = bytes[span.start];
        let second = bytes[span.start + usize::from(span.len() >= 2)];
        Some(sketch_bit(first, second, bytes[span.end - 1]))
    }

    /// [`cue_bits`] of the token `text[span]`, inlined into the loops over every
    /// token: most tokens are rejected by their length or the table's filter.
    #[inline]
    pub(crate) fn cue_bits(&self, span: Span) -> u8 {
        if span.len() < 4 || !CUE_BITS.may_hold_bit(self.bit(span)) {
            return 0;
        }
        CUE_BITS.lookup_at(self.text, span)
    }
}

/// A fixed set of words (lower case, Latin-1, at most 15 bytes) with a value
/// each, looked up in any case by [`key_lower`]: open addressing over 512 slots,
/// one multiplication per lookup, no allocation. Words are first screened by a
/// 4096-bit filter on their first two and last bytes, which rejects most other
/// words in a few instructions; a probe then reads a byte of the key's hash per
/// slot, and a whole key only where that byte matches. The table is consulted
/// for every token after the NER model has filled the caches, so what a lookup
/// touches is kept to the filter and the hash bytes (1 KiB).
#[derive(Clone)]
pub(crate) struct KeyTable<V> {
    filter: Box<[u64; 64]>,
    /// A byte of each slot's key hash, never zero; zero for an empty slot.
    tags: Box<[u8; 512]>,
    keys: Box<[u128; 512]>,
    values: Box<[V; 512]>,
    len: usize,
}

impl<V: Copy + Default> Default for KeyTable<V> {
    fn default() -> Self {
        KeyTable {
            filter: Box::new([0; 64]),
            tags: Box::new([0; 512]),
            keys: Box::new([0; 512]),
            values: Box::new([V::default(); 512]),
            len: 0,
        }
    }
}

/// The filter bit of a word: its first two and its last byte, each with 0x20
/// set (the lower case of ASCII letters and of the Latin-1 capitals' second
/// bytes). `None` unless those bytes belong to ASCII or Latin-1 characters: then
/// the lower case of the word begins and ends with the same bytes up to 0x20,
/// whatever lies between (even characters whose lower case is longer or
/// shorter).
#[inline]
pub(crate) fn sketch(word: &[u8]) -> Option<usize> {
    let (&first, &last) = (word.first()?, word.last()?);
    let second = *word.get(1).unwrap_or(&first);
    let latin1_lead = |b: u8| b == 0xC2 || b == 0xC3;
    let whole = |b: u8| b < 0x80 || latin1_lead(b);
    let last_ok = last < 0x80 || word.len() >= 2 && latin1_lead(word[word.len() - 2]);
    if !whole(first) || !(latin1_lead(first) || whole(second)) || !last_ok {
        return None;
    }
    Some(sketch_bit(first, second, last))
}

/// The filter bit of three bytes, each with 0x20 set.
#[inline]
fn sketch_bit(first: u8, second: u8, last: u8) -> usize {
    let x = (u32::from(first) | u32::from(second) << 8 | u32::from(last) << 16 | 0x20_2020)
        .wrapping_mul(0x9E37_79B1);
    (x >> 20) as usize
}

impl<V: Copy + Default> KeyTable<V> {
    /// The first slot of a key, and its hash byte.
    fn slot(key: u128) -> (usize, u8) {
        let x = ((key as u64) ^ ((key >> 64) as u64).rotate_left(23))
            .wrapping_mul(0x9E37_79B9_7F4A_7C15);
        ((x >> 55) as usize, (x >> 47) as u8 | 1)
    }

    /// Changes the value of `word` (inserting it with the default value first).
    pub(crate) fn update(&mut self, word: &str, f: impl FnOnce(&mut V)) {
        let k = key(word).expect("table words are short and Latin-1");
        let (mut i, tag) = Self::slot(k);
        while self.tags[i] != 0 && self.keys[i] != k {
            i = (i + 1) % 512;
        }
        if self.tags[i] == 0 {
            self.len += 1;
            assert!(self.len <= 256, "the table is for a few hundred words");
        }
        self.tags[i] = tag;
        self.keys[i] = k;
        f(&mut self.values[i]);
        if let Some(bit) = sketch(word.as_bytes()) {
            self.filter[bit / 64] |= 1 << (bit % 64);
        }
    }

    /// The value of a word in any case; the default when it is not in the table.
    pub(crate) fn get(&self, word: &str) -> V {
        if self.passes(word.as_bytes()) {
            self.get_key(key_lower(word))
        } else {
            V::default()
        }
    }

    /// The value of the token `text[span]` in any case, past the filter, out of
    /// line.
    #[inline(never)]
    pub(crate) fn lookup_at(&self, text: &str, span: Span) -> V {
        self.get_key(key_at(text, span))
    }

    /// False when the filter tells that `word` is in no case a word of the table.
    #[inline]
    fn passes(&self, word: &[u8]) -> bool {
        self.may_hold_bit(sketch(word))
    }

    /// False when the filter tells that a word with the [`sketch`] `bit` is in no
    /// case a word of the table.
    #[inline]
    pub(crate) fn may_hold_bit(&self, bit: Option<usize>) -> bool {
        bit.is_none_or(|bit| self.filter[bit / 64] & 1 << (bit % 64) != 0)
    }

    /// The value of a word by its [`key_lower`].
    pub(crate) fn get_key(&self, key: Option<u128>) -> V {
        let Some(k) = key.filter(|&k| k != 0) else {
            return V::default();
        };
        let (mut i, tag) = Self::slot(k);
        loop {
            match self.tags[i] {
                0 => return V::default(),
                t if t == tag && self.keys[i] == k => return self.values[i],
                _ => i = (i + 1) % 512,
            }
        }
    }
}

/// Lower-cases a token, borrowing it when it already is lower case (the common
/// case), so most lookups do not allocate.
pub(crate) fn lower(word: &str) -> std::borrow::Cow<'_, str> {
    let bytes = word.as_bytes();
    let has_upper = if bytes.is_ascii() {
        bytes.iter().any(u8::is_ascii_uppercase)
    } else {
        word.chars().any(char::is_uppercase)
    };
    if has_upper {
        std::borrow::Cow::Owned(word.to_lowercase())
    } else {
        std::borrow::Cow::Borrowed(word)
    }
}

/// True when `word` equals the lower-case `target` up to case.
pub(crate) fn is(word: &str, target: &str) -> bool {
    word == target
        || (word.len() == target.len()
            && word.chars().flat_map(char::to_lowercase).eq(target.chars()))
}

/// True for a finite speech verb (`siger`, `Oplyste`).
pub(crate) fn is_finite_cue(word: &str) -> bool {
    cue_bits(word) & FINITE_CUE != 0
}

/// True for any speech verb, finite or not.
pub(crate) fn is_cue(word: &str) -> bool {
    cue_bits(word) & CUE != 0
}

/// True when a word ends a speaker phrase that follows its verb.
pub(crate) fn is_speaker_stop(word: &str) -> bool {
    STOP_BITS.get(word) & SPEAKER_STOP != 0
}

/// True for an auxiliary (or `ikke`), which ends a description after the verb
/// (`ifølge politiet blev …`).
pub(crate) fn is_aux(word: &str) -> bool {
    STOP_BITS.get(word) & AUX != 0
}

/// True when a word ends a subject phrase before its verb.
pub(crate) fn is_subject_stop(word: &str) -> bool {
    STOP_BITS.get(word) & SUBJECT_STOP != 0 || is_cue(word)
}

/// True when the word starts with an upper-case letter or a digit-free
/// acronym (`DR`, `Løkke`).
pub(crate) fn is_cap(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// [`is_cap`] of the token `text[span]`, an ASCII first letter read as a byte.
pub(crate) fn cap_at(text: &str, span: Span) -> bool {
    match text.as_bytes().get(span.start) {
        Some(b) if b.is_ascii() && !span.is_empty() => b.is_ascii_uppercase(),
        _ => text.get(span.range()).is_some_and(is_cap),
    }
}

/// True for punctuation tokens.
pub(crate) fn is_punct(word: &str) -> bool {
    word.chars().all(|c| !c.is_alphanumeric())
}

/// Opening and closing quotation marks (Danish and English styles, ASCII).
pub(crate) fn is_quote_mark(word: &str) -> bool {
    matches!(
        word,
        "\"" | "„" | "“" | "”" | "»" | "«" | "'" | "‘" | "’" | "‚"
    )
}

/// Lower-case name particles allowed inside a name (`Mohammed bin Salman`).
pub(crate) fn is_name_particle(word: &str) -> bool {
    matches!(
        word,
        "bin"
            | "van"
            | "von"
            | "de"
            | "der"
            | "al"
            | "el"
            | "la"
            | "le"
            | "du"
            | "af"
            | "di"
            | "da"
    )
}

/// Third-person pronouns that can be a speaker.
pub(crate) fn is_pronoun(word: &str) -> bool {
    STOP_BITS.get(word) & PRONOUN != 0
}

/// A read-only view of the tokens of one article.
#[derive(Clone, Copy)]
pub(crate) struct Toks<'a> {
    pub text: &'a str,
    pub spans: &'a [Span],
}

impl<'a> Toks<'a> {
    pub fn new(text: &'a str, doc: &'a Doc) -> Self {
        Toks {
            text,
            spans: &doc.tokens,
        }
    }

    /// The text of token `i` (empty past the end).
    pub fn t(&self, i: usize) -> &'a str {
        self.spans.get(i).map_or("", |s| &self.text[s.range()])
    }

    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// The byte span from token `a` to token `b` (exclusive), `a < b`.
    pub fn span(&self, a: usize, b: usize) -> Span {
        Span::new(self.spans[a].start, self.spans[b - 1].end)
    }
}

/// The index of the sentence holding each token, and the paragraph of each sentence.
pub(crate) fn sentence_paragraphs(article_paragraphs: &[Span], doc: &Doc) -> Vec<usize> {
    let mut out = Vec::with_capacity(doc.sentences.len());
    let mut p = 0;
    for s in &doc.sentences {
        while p + 1 < article_paragraphs.len() && article_paragraphs[p].end <= s.span.start {
            p += 1;
        }
        out.push(p);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cues_fold_case() {
        assert!(is_finite_cue("Siger"));
        assert!(is_cue("fortælle"));
        assert!(!is_finite_cue("fortælle"));
        assert!(!is_cue("huset"));
        assert!(is("Det", "det"));
        assert!(!is("Dét", "det"));
        assert!(is_cue("SIGER") && is_cue("Påpeger") && is_cue("PÅPEGER"));
        assert!(!is_cue("sig") && !is_cue("sigerne"));
        assert!(is_pronoun("Hun") && is_aux("Ikke") && is_subject_stop("Fortalte"));
        assert_eq!(cue_bits("Ifølge"), IFOLGE);
        assert_eq!(cue_bits("Viste"), SOURCE_VERB);
    }

    /// The packed lower case of a word as the lower case of its text would pack.
    fn packed(lowered: &str) -> Option<u128> {
        let b = lowered.as_bytes();
        if b.len() > 15 {
            return None;
        }
        let mut k = (b.len() as u128) << 120;
        for (i, &c) in b.iter().enumerate() {
            k |= u128::from(c) << (8 * i);
        }
        Some(k)
    }

    #[test]
    fn keys_are_the_packed_lower_case() {
        // Every character up to U+024F, alone and inside a word, and words
        // whose lower case changes length (`İ`, the Kelvin sign) or that are long.
        // Keys exist for lower case in Latin-1, where every list word is.
        let mut words: Vec<String> = (0..=0x24F_u32)
            .filter_map(char::from_u32)
            .flat_map(|c| [c.to_string(), format!("Si{c}ger"), format!("{c}ølge")])
            .collect();
        words.extend(
            [
                "Siger",
                "ÆØÅ",
                "İstanbul",
                "\u{212A}alder",
                "Sundhedsministeren",
                "ABCDEFGHIJKLMNO",
                "ABCDEFGHIJKLMNOP",
                "×÷ßÿ",
                "",
            ]
            .map(String::from),
        );
        for word in &words {
            let lowered = word.to_lowercase();
            let latin1 = lowered.chars().all(|c| u32::from(c) <= 0xFF);
            let want = packed(&lowered).filter(|_| latin1);
            assert_eq!(key_lower(word), want, "{word:?}");
            if let Some(k) = key(word) {
                assert_eq!(Some(k), want, "{word:?}");
            }
            // In a text, with 16 bytes after its start or not.
            for text in [format!("x {word} and more text"), format!("x {word}")] {
                let span = Span::new(2, 2 + word.len());
                assert_eq!(key_at(&text, span), want, "{text:?}");
            }
        }
    }

    #[test]
    fn every_cue_is_found_in_any_case_in_a_text() {
        for word in FINITE
            .iter()
            .chain(NONFINITE)
            .chain(&["ifølge", "fremgår", "viste"])
        {
            let mut chars = word.chars();
            let capitalized: String = chars
                .next()
                .into_iter()
                .flat_map(char::to_uppercase)
                .chain(chars)
                .collect();
            for form in [word.to_string(), capitalized, word.to_uppercase()] {
                for text in [format!("Det {form}"), format!("Det {form} han i går.")] {
                    let bits = Scan::new(&text).cue_bits(Span::new(4, 4 + form.len()));
                    assert_eq!(bits, cue_bits(word), "{text}");
                    assert_ne!(bits, 0, "{text}");
                }
            }
        }
    }

    /// A character whose lower case is shorter (the Kelvin sign for `k`) inside
    /// a word leaves its filter bit alone.
    #[test]
    fn the_filter_sees_through_the_middle_of_words() {
        for text in ["Det be\u{212A}ræfter han", "Det BE\u{212A}RÆFTER han"] {
            let end = text.len() - " han".len();
            assert_eq!(
                Scan::new(text).cue_bits(Span::new(4, end)),
                FINITE_CUE,
                "{text}"
            );
        }
    }

    #[test]
    fn list_words_are_keys_and_speech_verbs_are_long() {
        for list in [FINITE, NONFINITE, SPEAKER_STOPS, SUBJECT_STOPS, AUXILIARIES] {
            for word in list {
                assert!(key(word).is_some(), "{word}");
                assert_eq!(*word, word.to_lowercase());
            }
        }
        assert!(FINITE.iter().chain(NONFINITE).all(|w| w.len() >= 4));
    }
}
