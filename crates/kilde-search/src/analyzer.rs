//! The one Danish text analysis that kilde's index and its queries share.
//!
//! Index time and query time must cut and rewrite words identically, or a query term
//! can never equal an indexed term; so there is exactly one chain, [`danish_analyzer`]:
//!
//! 1. **Words** ([`words`]): maximal runs of letters and digits (any script), with
//!    combining marks and soft hyphens kept inside the word, digit groups joined across
//!    one `.` or `,` (`3,5`, `1.000`), and an ending after an apostrophe dropped
//!    (`USA's`, `90'erne`, `pc'en` are `usa`, `90`, `pc`). Everything else, hyphens included, separates words, so `tv-stationerne`
//!    is `tv` `stationerne` on both sides and phrases still match.
//! 2. **NFKC**, not NFC: text pasted from PDFs and the web carries ligatures (`ﬁ`),
//!    full-width letters and superscript digits that readers consider the same word;
//!    NFKC folds them, and it leaves `æ`, `ø`, `å` alone (they have no compatibility
//!    decomposition, and NFKC composes a decomposed `a` + ring into `å`).
//! 3. **Lowercase**, keeping `æøå`; the Swedish/German `ä` and `ö` become `æ` and `ø`
//!    (Danish alphabetizes them so, and news writes both `Malmö` and `Malmø`).
//! 4. **`aa` → `å`** where it is the old spelling, so that `Aarhus` finds `Århus`; see
//!    [`normalize_word`] for the rule that keeps compound seams such as
//!    `ekstraarbejde` intact.
//! 5. **Snowball Danish stemming**. No stop words are removed here: phrases need every
//!    word; [`is_stop_word`] is for the query builder's bag-of-words queries.
//!
//! Words longer than [`MAX_WORD_BYTES`] (hashes, run-together URLs) yield no term but
//! keep their position, so a phrase cannot match across them.

use std::borrow::Cow;
use std::cell::RefCell;
use std::sync::LazyLock;

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;
use tantivy::Index;
use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The tantivy tokenizer name for body, title and quote text.
pub const DANISH: &str = "kilde_da";

/// Longest word, in bytes, that becomes a term; longer runs are not words anyone
/// searches for, and tantivy rejects terms above 64 KiB anyway.
pub const MAX_WORD_BYTES: usize = 80;

/// Invisible inside words (hyphenation hints from web text); dropped, never a break.
const SOFT_HYPHEN: char = '\u{AD}';

static STEMMER: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::Danish));

/// The Danish analyzer: words, NFKC, lowercase, `aa` folding, Snowball Danish stem.
pub fn danish_analyzer() -> TextAnalyzer {
    TextAnalyzer::from(DanishTokenizer)
}

/// Registers [`DANISH`] on an index; call after `Index::create*` or `Index::open*`,
/// since tantivy does not persist analyzers.
pub fn register(index: &Index) {
    index.tokenizers().register(DANISH, danish_analyzer());
}

/// The terms [`danish_analyzer`] produces for `text`, in order.
pub fn terms(text: &str) -> Vec<String> {
    let mut analyzer = danish_analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

/// The normalized, unstemmed form of one word: NFKC, lowercase, `ä`/`ö` as `æ`/`ø`,
/// soft hyphens dropped, and `aa` folded to `å` where Danish spelling wrote `å` so.
///
/// The `aa` rule: an `aa` becomes `å` when
/// - no vowel comes before it in the word (`Aarhus`, `Aalborg`, `paa`, `naar`,
///   `Graasten`, `Kaare`): a compound seam needs a first part with a vowel of its own;
/// - it ends the word, alone or before a genitive `s` (`Aabenraa`, `blaa`,
///   `Aabenraas`): a seam there would leave a one-letter last part; or
/// - `rd` follows (`Kierkegaard`, `Nørregaards`): the old `gaard`, common in names.
///
/// Every other `aa` stays, because after a vowel it is usually a seam between a part
/// ending in `a` and one starting with `a` (`ekstraarbejde`, `kameraafdeling`,
/// `dataanalyse`) or a foreign word (`Kanaan`, `Afrikaans`). Old-spelling words with an
/// earlier vowel (`forstaaelse`) are left unfolded: rare in news, and folding them
/// would break the far more common seams.
pub fn normalize_word(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    normalize_into(word, &mut out);
    out
}

/// Danish function words (normalized forms): articles, pronouns, prepositions,
/// conjunctions, auxiliaries, particles and common adverbs. The query builder drops
/// them from bag-of-words queries, where they only add noise to ranking, and the
/// compound splitter never takes them as parts (`for|slag`, `under|søgelse` are not
/// compounds of meaning), as Koehn and Knight exclude function words.
pub fn is_stop_word(normalized_word: &str) -> bool {
    matches!(
        normalized_word,
        // articles, numerals used as articles
        "en" | "et" | "den" | "det" | "de"
        // personal and possessive pronouns
        | "jeg" | "du" | "han" | "hun" | "vi" | "i" | "mig" | "dig" | "ham" | "hende"
        | "os" | "jer" | "dem" | "sig" | "min" | "mit" | "mine" | "din" | "dit" | "dine"
        | "sin" | "sit" | "sine" | "hans" | "hendes" | "dens" | "dets" | "vores" | "vor"
        | "vort" | "vore" | "jeres" | "deres" | "man" | "selv"
        // demonstratives, quantifiers
        | "denne" | "dette" | "disse" | "samme" | "anden" | "andet" | "andre" | "al"
        | "alt" | "alle" | "hver" | "hvert" | "nogen" | "noget" | "nogle" | "ingen"
        | "intet" | "mange" | "flere" | "meget" | "mere" | "mest" | "lidt" | "sådan"
        // interrogatives, relatives
        | "som" | "der" | "hvor" | "hvad" | "hvem" | "hvis" | "hvilken" | "hvilket"
        | "hvilke" | "hvorfor" | "hvordan" | "hvornår"
        // conjunctions, subjunctions
        | "og" | "eller" | "men" | "samt" | "både" | "at" | "om" | "hvorvidt" | "fordi"
        | "da" | "når" | "mens" | "end" | "selvom" | "skønt" | "idet" | "thi" | "så"
        // prepositions and verb particles
        | "på" | "med" | "for" | "af" | "til" | "fra" | "ved" | "hos" | "mod" | "imod"
        | "over" | "under" | "efter" | "før" | "uden" | "inden" | "gennem"
        | "igennem" | "mellem" | "blandt" | "omkring" | "bag" | "foran" | "langs" | "ad"
        | "op" | "ud" | "ind" | "ned" | "hen" | "frem" | "forbi" | "tilbage" | "sammen"
        | "oppe" | "ude" | "inde" | "nede" | "henne"
        // auxiliaries and modal verbs
        | "er" | "var" | "være" | "været" | "har" | "havde" | "haft" | "bliver"
        | "blev" | "blive" | "blevet" | "kan" | "kunne" | "skal" | "skulle" | "vil"
        | "ville" | "må" | "måtte" | "bør" | "burde"
        // adverbs with no topic of their own
        | "ikke" | "også" | "nu" | "her" | "jo" | "nok" | "vel" | "dog" | "kun" | "bare"
        | "blot" | "netop" | "heller" | "allerede" | "endnu" | "igen" | "altså" | "derfor"
        | "dermed" | "derefter" | "desuden" | "ja" | "nej"
    )
}

/// The Snowball Danish stem of a normalized word.
pub(crate) fn stem(normalized_word: &str) -> Cow<'_, str> {
    // Snowball's R1 region starts after the third letter at the earliest, so words of
    // three letters or fewer (a third of running text) come back unchanged.
    if normalized_word.chars().nth(3).is_none() {
        Cow::Borrowed(normalized_word)
    } else {
        STEMMER.stem(normalized_word)
    }
}

/// Most stems [`stem_in_place`] remembers per thread before it starts afresh.
const STEM_CACHE_WORDS: usize = 1 << 17;

thread_local! {
    /// Stems of the words this thread has analysed: running text repeats its
    /// words, and a lookup costs a fraction of Snowball's suffix search.
    static STEMS: RefCell<FxHashMap<Box<str>, Box<str>>> = RefCell::new(FxHashMap::default());
}

/// Replaces a normalized word by its [`stem`].
fn stem_in_place(word: &mut String) {
    if word.chars().nth(3).is_none() {
        return;
    }
    STEMS.with_borrow_mut(|stems| {
        if !stems.contains_key(word.as_str()) {
            if stems.len() >= STEM_CACHE_WORDS {
                stems.clear();
            }
            let stemmed: Box<str> = STEMMER.stem(word).into();
            stems.insert(word.as_str().into(), stemmed);
        }
        let stemmed = &stems[word.as_str()];
        word.clear();
        word.push_str(stemmed);
    });
}

/// Byte ranges of the words of `text`, as the analyzer cuts them (module docs, step 1).
pub(crate) fn words(text: &str) -> Words<'_> {
    Words { text, pos: 0 }
}

/// Iterator behind [`words`].
pub(crate) struct Words<'a> {
    text: &'a str,
    pos: usize,
}

impl Iterator for Words<'_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        // Byte by byte for ASCII, which is most of Danish text; chars otherwise.
        let bytes = self.text.as_bytes();
        let mut start = self.pos;
        loop {
            let b = *bytes.get(start)?;
            if b.is_ascii_alphanumeric() {
                break;
            } else if b < 0x80 {
                start += 1;
            } else {
                let c = self.text[start..].chars().next()?;
                if c.is_alphanumeric() {
                    break;
                }
                start += c.len_utf8();
            }
        }
        let mut end = start;
        let mut after_digit = false;
        while let Some(&b) = bytes.get(end) {
            if b.is_ascii_alphanumeric() {
                after_digit = b.is_ascii_digit();
                end += 1;
            } else if b < 0x80 {
                let joins_digits = matches!(b, b'.' | b',')
                    && after_digit
                    && bytes.get(end + 1).is_some_and(u8::is_ascii_digit);
                if !joins_digits {
                    break;
                }
                after_digit = false;
                end += 1;
            } else {
                let Some(c) = self.text[end..].chars().next() else {
                    break;
                };
                if !(c.is_alphanumeric() || c == SOFT_HYPHEN || is_combining_mark(c)) {
                    break;
                }
                after_digit = false;
                end += c.len_utf8();
            }
        }
        self.pos = end + apostrophe_ending_len(&self.text[end..]);
        Some((start, end))
    }
}

/// Length of an apostrophe and an inflection ending starting `rest` and ending the
/// word (`USA's`, `90'erne`, `pc'en`), else 0: the ending is dropped with the
/// apostrophe, as the stemmer drops it from words written without one.
fn apostrophe_ending_len(rest: &str) -> usize {
    let Some(after_mark) = rest.strip_prefix(['\'', '’']) else {
        return 0;
    };
    let ending_len = after_mark
        .find(|c: char| !c.is_alphanumeric())
        .unwrap_or(after_mark.len());
    let ending = &after_mark[..ending_len];
    let is_ending = matches!(
        ending,
        "s" | "e"
            | "en"
            | "et"
            | "er"
            | "es"
            | "ne"
            | "ens"
            | "ets"
            | "ers"
            | "ere"
            | "ene"
            | "erne"
            | "enes"
            | "ernes"
    );
    if is_ending {
        rest.len() - after_mark.len() + ending_len
    } else {
        0
    }
}

/// Writes the normalized form of `raw` into `out` (see [`normalize_word`]).
pub(crate) fn normalize_into(raw: &str, out: &mut String) {
    out.clear();
    // ASCII and the Latin-1 letters À..ÿ are NFKC-stable: skip the normalizer for them,
    // which is nearly all Danish text.
    if raw
        .chars()
        .all(|c| c.is_ascii() || ('\u{C0}'..='\u{FF}').contains(&c))
    {
        for c in raw.chars() {
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else {
                push_lower(c, out);
            }
        }
    } else {
        for c in raw.chars().filter(|&c| c != SOFT_HYPHEN).nfkc() {
            push_lower(c, out);
        }
    }
    if out.contains("aa") {
        fold_aa(out);
    }
}

/// Pushes the lowercase of `c`, with `ä`/`ö` spelled the Danish way.
fn push_lower(c: char, out: &mut String) {
    for l in c.to_lowercase() {
        out.push(match l {
            'ä' => 'æ',
            'ö' => 'ø',
            other => other,
        });
    }
}

fn is_vowel(c: char) -> bool {
    matches!(
        c,
        'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'æ' | 'ø' | 'å' | 'é' | 'è' | 'ü'
    )
}

/// Rewrites the old-spelling `aa` of a lowercase word as `å` ([`normalize_word`]).
fn fold_aa(word: &mut String) {
    let mut out = String::with_capacity(word.len());
    let mut seen_vowel = false;
    let mut rest = word.as_str();
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("aa")
            && (!seen_vowel || after.is_empty() || after == "s" || after.starts_with("rd"))
        {
            out.push('å');
            seen_vowel = true;
            rest = after;
            continue;
        }
        out.push(c);
        seen_vowel |= is_vowel(c);
        rest = &rest[c.len_utf8()..];
    }
    *word = out;
}

/// The tantivy face of the analysis; stateless, so cloning per thread is free.
#[derive(Clone, Copy, Debug, Default)]
struct DanishTokenizer;

impl Tokenizer for DanishTokenizer {
    type TokenStream<'a> = DanishTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> DanishTokenStream<'a> {
        DanishTokenStream {
            text,
            words: words(text),
            next_position: 0,
            token: Token::default(),
        }
    }
}

struct DanishTokenStream<'a> {
    text: &'a str,
    words: Words<'a>,
    next_position: usize,
    token: Token,
}

impl TokenStream for DanishTokenStream<'_> {
    fn advance(&mut self) -> bool {
        for (start, end) in self.words.by_ref() {
            let position = self.next_position;
            self.next_position += 1;
            if end - start > MAX_WORD_BYTES {
                continue;
            }
            normalize_into(&self.text[start..end], &mut self.token.text);
            stem_in_place(&mut self.token.text);
            self.token.offset_from = start;
            self.token.offset_to = end;
            self.token.position = position;
            self.token.position_length = 1;
            return true;
        }
        false
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}
