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

static FINITE_SET: LazyLock<WordSet> = LazyLock::new(|| FINITE.iter().copied().collect());
static NONFINITE_SET: LazyLock<WordSet> = LazyLock::new(|| NONFINITE.iter().copied().collect());

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

static SPEAKER_STOP_SET: LazyLock<WordSet> =
    LazyLock::new(|| SPEAKER_STOPS.iter().copied().collect());
static SUBJECT_STOP_SET: LazyLock<WordSet> =
    LazyLock::new(|| SUBJECT_STOPS.iter().copied().collect());

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
    word.len() >= 4 && FINITE_SET.contains(lower(word).as_ref())
}

/// True for any speech verb, finite or not.
pub(crate) fn is_cue(word: &str) -> bool {
    // Every speech verb has at least four letters; most tokens are shorter.
    if word.len() < 4 {
        return false;
    }
    let w = lower(word);
    FINITE_SET.contains(w.as_ref()) || NONFINITE_SET.contains(w.as_ref())
}

/// True when a word ends a speaker phrase that follows its verb.
pub(crate) fn is_speaker_stop(word: &str) -> bool {
    SPEAKER_STOP_SET.contains(lower(word).as_ref())
}

/// True when a word ends a subject phrase before its verb.
pub(crate) fn is_subject_stop(word: &str) -> bool {
    let w = lower(word);
    let w = w.as_ref();
    SUBJECT_STOP_SET.contains(w)
        || (w.len() >= 4 && (FINITE_SET.contains(w) || NONFINITE_SET.contains(w)))
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
    matches!(lower(word).as_ref(), "han" | "hun" | "de")
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
    }
}
