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

/// What a word is to quote and source extraction, as bits: one lookup per token
/// answers every list at once.
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

/// The lower-case form of a word of at most 15 bytes packed into an integer (its
/// bytes, and its length in the top byte), for looking words up in lists once per
/// token without allocating. `None` for longer words and for words with letters
/// outside Latin-1 (whose lower case this does not compute); [`key_lower`]
/// covers those.
pub(crate) fn key(word: &str) -> Option<u128> {
    let b = word.as_bytes();
    if b.len() > 15 {
        return None;
    }
    let (low, high) = b.split_at(b.len().min(8));
    let pack = |bytes: &[u8]| bytes.iter().rev().fold(0, |k, &c| k << 8 | u64::from(c));
    let (low, high) = (pack(low), pack(high) | (b.len() as u64) << 56);
    const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
    if (low | high) & HIGH_BITS == 0 {
        // ASCII: a byte gets 0x20 when it is at least `A` and not above `Z`.
        let lower = |x: u64| {
            let at_least_a = x + 0x3F3F_3F3F_3F3F_3F3F;
            let above_z = x + 0x2525_2525_2525_2525;
            x | (at_least_a & !above_z & HIGH_BITS) >> 2
        };
        return Some(u128::from(lower(high)) << 64 | u128::from(lower(low)));
    }
    let mut buf = [0u8; 16];
    buf[..b.len()].copy_from_slice(b);
    buf[15] = b.len() as u8;
    let mut i = 0;
    while i < b.len() {
        let c = buf[i];
        if c < 0x80 {
            buf[i] = c.to_ascii_lowercase();
            i += 1;
            continue;
        }
        // Latin-1 (U+0080–U+00FF) is C2 or C3 and one continuation byte; its
        // capitals are U+00C0–U+00DE except U+00D7 (`×`), 0x20 below their small
        // letters.
        let next = buf[i + 1];
        match c {
            0xC2 => {}
            0xC3 if (0x80..=0x9E).contains(&next) && next != 0x97 => buf[i + 1] = next + 0x20,
            0xC3 => {}
            _ => return None,
        }
        i += 2;
    }
    Some(u128::from_le_bytes(buf))
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

/// The list bits of a word (any case).
pub(crate) fn bits(word: &str) -> u8 {
    cue_bits(word) | STOP_BITS.get(word)
}

/// The bits of a word for speech verbs, `ifølge` and source verbs only (see
/// [`bits`]), cheap enough for every token.
pub(crate) fn cue_bits(word: &str) -> u8 {
    // Every speech verb has at least four letters (as written).
    if word.len() < 4 {
        return 0;
    }
    CUE_BITS.get(word)
}

/// A fixed set of words (lower case, Latin-1, at most 15 bytes) with a value
/// each, looked up in any case: a 4096-bit filter on the first and last byte and
/// the length rejects most other words in a few instructions; the rest are found
/// by [`key_lower`] in open addressing over 1024 slots, one multiplication per
/// lookup, no allocation.
#[derive(Clone)]
pub(crate) struct KeyTable<V> {
    filter: Vec<u64>,
    keys: Vec<u128>,
    values: Vec<V>,
    len: usize,
}

impl<V: Copy + Default> Default for KeyTable<V> {
    fn default() -> Self {
        KeyTable {
            filter: vec![0; 64],
            keys: vec![0; Self::SLOTS],
            values: vec![V::default(); Self::SLOTS],
            len: 0,
        }
    }
}

impl<V: Copy + Default> KeyTable<V> {
    const SLOTS: usize = 1024;

    fn slot(key: u128) -> usize {
        let x = ((key as u64) ^ ((key >> 64) as u64).rotate_left(23))
            .wrapping_mul(0x9E37_79B9_7F4A_7C15);
        (x >> 54) as usize
    }

    /// The filter bit of a word: its first and last byte up to ASCII case, and its
    /// length. Only for words whose lower case keeps all three (ASCII first and
    /// last bytes, nothing beyond Latin-1), else `None`.
    fn sketch(word: &str) -> Option<usize> {
        let b = word.as_bytes();
        let (&first, &last) = (b.first()?, b.last()?);
        if (first | last) >= 0x80 || b.iter().any(|&c| c >= 0xC4) {
            return None;
        }
        let x = (u32::from(first | 0x20)
            | u32::from(last | 0x20) << 8
            | (b.len().min(31) as u32) << 16)
            .wrapping_mul(0x9E37_79B1);
        Some((x >> 20) as usize)
    }

    /// Changes the value of `word` (inserting it with the default value first).
    pub(crate) fn update(&mut self, word: &str, f: impl FnOnce(&mut V)) {
        let k = key(word).expect("table words are short and Latin-1");
        let mut i = Self::slot(k);
        while self.keys[i] != 0 && self.keys[i] != k {
            i = (i + 1) % Self::SLOTS;
        }
        if self.keys[i] == 0 {
            self.len += 1;
            assert!(
                self.len <= Self::SLOTS / 2,
                "the table is for a few hundred words"
            );
        }
        self.keys[i] = k;
        f(&mut self.values[i]);
        if let Some(bit) = Self::sketch(word) {
            self.filter[bit / 64] |= 1 << (bit % 64);
        }
    }

    /// The value of a word in any case; the default when it is not in the table.
    pub(crate) fn get(&self, word: &str) -> V {
        if let Some(bit) = Self::sketch(word)
            && self.filter[bit / 64] & 1 << (bit % 64) == 0
        {
            return V::default();
        }
        match key_lower(word) {
            Some(k) if k != 0 => {
                let mut i = Self::slot(k);
                loop {
                    match self.keys[i] {
                        0 => return V::default(),
                        x if x == k => return self.values[i],
                        _ => i = (i + 1) % Self::SLOTS,
                    }
                }
            }
            _ => V::default(),
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
    bits(word) & FINITE_CUE != 0
}

/// True for any speech verb, finite or not.
pub(crate) fn is_cue(word: &str) -> bool {
    bits(word) & CUE != 0
}

/// True when a word ends a speaker phrase that follows its verb.
pub(crate) fn is_speaker_stop(word: &str) -> bool {
    bits(word) & SPEAKER_STOP != 0
}

/// True for an auxiliary (or `ikke`), which ends a description after the verb
/// (`ifølge politiet blev …`).
pub(crate) fn is_aux(word: &str) -> bool {
    bits(word) & AUX != 0
}

/// True when a word ends a subject phrase before its verb.
pub(crate) fn is_subject_stop(word: &str) -> bool {
    bits(word) & (SUBJECT_STOP | CUE) != 0
}

/// True when the word starts with an upper-case letter or a digit-free
/// acronym (`DR`, `Løkke`).
pub(crate) fn is_cap(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
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
    bits(word) & PRONOUN != 0
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
        assert_eq!(bits("Ifølge") & IFOLGE, IFOLGE);
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
