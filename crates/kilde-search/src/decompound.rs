//! Compound splitting learned from the corpus being indexed.
//!
//! Danish writes compounds as one word (`atomprøvesprængninger`), so a search for
//! `prøvesprængning` misses them unless the index also holds their parts. [`Lexicon`]
//! counts the words of the corpus; [`Lexicon::split`] cuts a word where its parts are
//! themselves words of the corpus, after Koehn and Knight (2003): the frequency of the
//! whole word is the bar the parts must clear, and among segmentations with the fewest
//! parts the highest geometric mean of part frequencies wins. The bar is stricter than
//! theirs where there is no linking element (every such part must be more frequent
//! than the whole: `pas|sager` is not `passager`, `rege|ringen` not `regeringen`) and
//! laxer after one, which is evidence of a seam by itself (the parts need only be
//! known, so `stat-s-minister` splits although news writes `statsminister` more often
//! than `stat`). Parts are split again. Danish specifics:
//!
//! - **Linking elements**: a non-final part may end in a fuge-`s` (`forsvar-s-minister`,
//!   and `arbejd-s-` for `arbejde`), a fuge-`e` (`jul-e-gave`) or a doubled consonant
//!   and `e` (`skat-te-`).
//! - **Inflected heads**: the last part is counted by its Snowball stem, so
//!   `sprængninger` counts the corpus's `sprængning` and `sprængningen` too; a head
//!   that the stemmer mostly strips as an ending is none (`plejer|sker`). Modifiers,
//!   which are uninflected, must be words as written.
//! - **No function words as parts** ([`is_stop_word`]: `for|slag`, `under|søgelse`), no
//!   derivational prefixes (`gen-`, `sam-`), no suffix-like heads that happen to be
//!   words (`sikker|hed`, `venn|skab`, `menneske|lig`, the patronymic `Rasmus|sen`), and
//!   no number words (`mini|stre`), and names only as parts of five letters or more,
//!   so `Sam` makes no `sam|tidig`.
//!   A word counts as a name when most of its occurrences away from a sentence start
//!   are capitalized.
//! - Words under [`MIN_SPLIT_CHARS`] characters never split; parts have at least
//!   [`MIN_PART_CHARS`].
//!
//! [`part_tokens`] turns a text into stemmed part terms for a separate, lower-boosted
//! `parts` field, at the positions of the words they came from.

use std::borrow::Cow;
use std::cell::RefCell;
use std::fs;
use std::io;
use std::path::Path;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

use rustc_hash::FxHashMap;
use tantivy::tokenizer::Token;

use crate::analyzer::{MAX_WORD_BYTES, is_stop_word, normalize_into, stem, words};

/// Shortest word, in characters, that is ever split: shorter words are rarely
/// compounds, and this keeps the common case free of lookups.
pub const MIN_SPLIT_CHARS: usize = 8;

/// Shortest part, in characters; Danish has real three-letter parts (`bil`, `lov`,
/// `råd`), and the blocked lists above keep the spurious ones out.
pub const MIN_PART_CHARS: usize = 3;

/// Longest word, in characters, that is counted or split; longer runs are not words.
const MAX_SPLIT_CHARS: usize = 48;

/// Shortest part that may be a name (`korea` in `nordkorea`, not `sam` in `samtidig`).
const MIN_NAME_PART_CHARS: usize = 5;

/// Most parts in one segmentation (before sub-splitting the parts).
const MAX_PARTS: usize = 4;

/// Least frequency of a modifier with a linking element (`forsvar-s-`).
const MIN_LINKED_COUNT: u64 = 2;

/// The pseudo-frequency of a word from a system word list: enough to make it a known
/// part, too little to outweigh what the corpus says.
const WORD_LIST_COUNT: u64 = 1;

/// First line of the on-disk form; the number is the format version.
const FILE_HEADER: &str = "kilde-lexicon 1";

/// zstd level for [`Lexicon::save`]: fast enough for lexicons of millions of words.
/// The base lexicon is written with it too, so that rebuilding it is byte-identical.
const ZSTD_LEVEL: i32 = 9;

/// The embedded base lexicon ([`Lexicon::base`]); see `lexicon/README.md`.
static BASE: &[u8] = include_bytes!("../lexicon/da-ddt-train.lex.zst");

/// How often a word occurred, and how often capitalized away from a sentence start.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Entry {
    count: u64,
    upper: u64,
}

impl Entry {
    /// Mostly capitalized mid-sentence: a proper name.
    fn is_name(self) -> bool {
        self.upper * 2 > self.count
    }
}

/// Word counts of a corpus (normalized forms, see [`crate::analyzer::normalize_word`]).
pub struct Lexicon {
    words: FxHashMap<Box<str>, Entry>,
    /// Counts by Snowball stem, built on the first split and dropped on every change.
    stems: OnceLock<FxHashMap<Box<str>, Entry>>,
    /// Names this lexicon's current contents, process-wide: what [`part_tokens`]
    /// cached for one version is stale for any other.
    version: u64,
}

/// A version no lexicon state has had.
fn fresh_version() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

impl Default for Lexicon {
    fn default() -> Self {
        Lexicon {
            words: FxHashMap::default(),
            stems: OnceLock::new(),
            version: fresh_version(),
        }
    }
}

impl Clone for Lexicon {
    fn clone(&self) -> Self {
        Lexicon {
            words: self.words.clone(),
            stems: OnceLock::new(),
            version: fresh_version(),
        }
    }
}

impl std::fmt::Debug for Lexicon {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lexicon")
            .field("words", &self.words.len())
            .finish_non_exhaustive()
    }
}

impl Lexicon {
    /// An empty lexicon.
    pub fn new() -> Self {
        Self::default()
    }

    /// The built-in lexicon: word counts of the UD Danish-DDT train split, so that even
    /// a tiny corpus decompounds. Decoded on every call (a few milliseconds).
    pub fn base() -> Lexicon {
        Self::decode(BASE).expect("the embedded base lexicon is checked by the tests")
    }

    /// Counts the words of `text` (an article body): letter-only words of 3 to 48
    /// characters, the only ones that can be parts.
    pub fn add_text(&mut self, text: &str) {
        let mut normalized = String::new();
        let mut previous_end = 0;
        for (start, end) in words(text) {
            // A sentence (or quote, or paragraph) may start here: a capital then says
            // nothing about names.
            let sentence_start = previous_end == 0
                || text[previous_end..start]
                    .contains(['.', '!', '?', ':', '\n', '"', '«', '»', '“', '”', '„']);
            previous_end = end;
            let raw = &text[start..end];
            normalize_into(raw, &mut normalized);
            if !is_countable(&normalized) {
                continue;
            }
            let upper = !sentence_start && raw.starts_with(char::is_uppercase);
            self.add(&normalized, 1, u64::from(upper));
        }
    }

    /// Adds the counts of `other`.
    pub fn merge(&mut self, other: &Lexicon) {
        for (word, entry) in &other.words {
            self.add(word, entry.count, entry.upper);
        }
    }

    /// How often `word` (normalized) occurred.
    pub fn count(&self, word: &str) -> u64 {
        self.words.get(word).map_or(0, |e| e.count)
    }

    /// Number of distinct words.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Whether no word was counted.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Reads a lexicon written by [`Lexicon::save`].
    pub fn load(path: &Path) -> Result<Lexicon, io::Error> {
        Self::decode(&fs::read(path)?)
    }

    /// Writes the lexicon (zstd-compressed sorted `word<TAB>count[<TAB>capitalized]`
    /// lines after a version header) through a temporary file and a rename, so a crash
    /// never leaves half a lexicon. Sorted, so equal lexicons give equal bytes.
    pub fn save(&self, path: &Path) -> Result<(), io::Error> {
        let mut entries: Vec<(&str, Entry)> = self.words.iter().map(|(w, e)| (&**w, *e)).collect();
        entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let mut text = String::with_capacity(16 * entries.len() + FILE_HEADER.len() + 1);
        text.push_str(FILE_HEADER);
        text.push('\n');
        for (word, entry) in entries {
            text.push_str(word);
            text.push('\t');
            text.push_str(&entry.count.to_string());
            if entry.upper > 0 {
                text.push('\t');
                text.push_str(&entry.upper.to_string());
            }
            text.push('\n');
        }
        let compressed = zstd::encode_all(text.as_bytes(), ZSTD_LEVEL)?;
        let file_name = path.file_name().ok_or_else(|| {
            io::Error::new(io::ErrorKind::InvalidInput, "lexicon path has no file name")
        })?;
        let mut tmp_name = std::ffi::OsString::from(".");
        tmp_name.push(file_name);
        tmp_name.push(format!(".{}.tmp", std::process::id()));
        let tmp = path.with_file_name(tmp_name);
        let written = fs::File::create(&tmp).and_then(|mut f| {
            io::Write::write_all(&mut f, &compressed)?;
            f.sync_all()
        });
        match written.and_then(|()| fs::rename(&tmp, path)) {
            Ok(()) => Ok(()),
            Err(e) => {
                // Best effort: the temporary file is garbage either way.
                let _ = fs::remove_file(&tmp);
                Err(e)
            }
        }
    }

    /// Adds a system word list, one word per line (hunspell `.dic` files work too: the
    /// count line and `/FLAGS` are skipped), each with a small pseudo-frequency.
    /// Returns how many words were added. Lines that are not UTF-8 are skipped.
    pub fn add_word_list(&mut self, path: &Path) -> Result<usize, io::Error> {
        let bytes = fs::read(path)?;
        let mut normalized = String::new();
        let mut added = 0;
        for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
            let Ok(line) = std::str::from_utf8(line) else {
                continue;
            };
            let word = line
                .split(['/', '\t', ' ', '\r'])
                .next()
                .unwrap_or_default();
            if word.is_empty() || (i == 0 && word.bytes().all(|b| b.is_ascii_digit())) {
                continue;
            }
            normalize_into(word, &mut normalized);
            if is_countable(&normalized) {
                let upper = u64::from(word.starts_with(char::is_uppercase));
                self.add(&normalized, WORD_LIST_COUNT, upper * WORD_LIST_COUNT);
                added += 1;
            }
        }
        Ok(added)
    }

    /// The parts of a compound, or nothing when `normalized_word` is not one.
    ///
    /// Parts are normalized words: modifiers in their dictionary form, without the
    /// linking element (`forsvarsminister` gives `forsvar`, `minister`), the head as
    /// written. The heads of compounds of three or more parts come too, and parts are
    /// split again, so a query on any meaningful part finds the word:
    /// `atomprøvesprængninger` gives `atom`, `prøvesprængninger`, `prøve`,
    /// `sprængninger` (when the lexicon knows those words). Allocates nothing for words
    /// under [`MIN_SPLIT_CHARS`] characters.
    ///
    /// The first split after a change to the lexicon builds a table of counts by stem
    /// (it stems every distinct word once): count the corpus first, then split, rather
    /// than alternating.
    pub fn split(&self, normalized_word: &str) -> Vec<String> {
        let mut parts = Vec::new();
        self.split_into(normalized_word, &mut parts);
        parts
    }

    /// [`Lexicon::split`] appending to `parts` (skipping parts already there).
    fn split_into(&self, word: &str, parts: &mut Vec<String>) {
        // Bytes >= chars, so this cheap test already settles most words.
        if word.len() < MIN_SPLIT_CHARS {
            return;
        }
        let Some(segmentation) = self.segment(word) else {
            return;
        };
        let n = segmentation.len();
        for (t, part) in segmentation.iter().enumerate() {
            push(part.form(word), parts);
            // The heads of the rest (`prøvesprængninger`), when it has two parts or more.
            if t + 2 < n {
                push(Cow::Borrowed(&word[segmentation[t + 1].start..]), parts);
            }
        }
        for part in &segmentation {
            self.split_into(&part.form(word), parts);
        }
    }

    fn add(&mut self, word: &str, count: u64, upper: u64) {
        if let Some(entry) = self.words.get_mut(word) {
            entry.count += count;
            entry.upper += upper;
        } else {
            self.words.insert(word.into(), Entry { count, upper });
        }
        self.stems = OnceLock::new();
        self.version = fresh_version();
    }

    fn decode(compressed: &[u8]) -> Result<Lexicon, io::Error> {
        let bytes = zstd::decode_all(compressed)?;
        let text = std::str::from_utf8(&bytes).map_err(|e| invalid(e.to_string()))?;
        let mut lines = text.lines();
        if lines.next() != Some(FILE_HEADER) {
            return Err(invalid(format!(
                "not a kilde lexicon (expected `{FILE_HEADER}`)"
            )));
        }
        let mut lexicon = Lexicon::new();
        for line in lines {
            let mut fields = line.split('\t');
            let word = fields.next().unwrap_or_default();
            let number = |field: Option<&str>| -> Result<u64, io::Error> {
                field
                    .unwrap_or("0")
                    .parse()
                    .map_err(|_| invalid(format!("bad count in lexicon line `{line}`")))
            };
            let count = number(fields.next())?;
            let upper = number(fields.next())?;
            if word.is_empty() || count == 0 || fields.next().is_some() {
                return Err(invalid(format!("bad lexicon line `{line}`")));
            }
            lexicon.add(word, count, upper);
        }
        Ok(lexicon)
    }

    fn stems(&self) -> &FxHashMap<Box<str>, Entry> {
        self.stems.get_or_init(|| {
            let mut stems: FxHashMap<Box<str>, Entry> = FxHashMap::default();
            for (word, entry) in &self.words {
                let s = stem(word);
                if let Some(e) = stems.get_mut(&*s) {
                    e.count += entry.count;
                    e.upper += entry.upper;
                } else {
                    stems.insert(s.into(), *entry);
                }
            }
            stems
        })
    }

    /// The segmentation of `word` into the fewest known parts, each more frequent than
    /// the whole word (so their geometric mean is too, as Koehn and Knight require, but
    /// also no rare part rides on a frequent one); among equally many parts, the highest
    /// geometric mean wins.
    fn segment(&self, word: &str) -> Option<Vec<Part>> {
        // Byte offsets of the character boundaries.
        let mut bounds = [0usize; MAX_SPLIT_CHARS + 1];
        let mut m = 0;
        for (i, c) in word.char_indices() {
            if m == MAX_SPLIT_CHARS || !c.is_alphabetic() {
                return None;
            }
            bounds[m] = i;
            m += 1;
        }
        bounds[m] = word.len();
        if m < MIN_SPLIT_CHARS {
            return None;
        }
        let stems = self.stems();
        // Most words have no known first part: settle them before the costlier stemming
        // (the whole word's frequency only ever raises the bar for a first part).
        let any_first = Lookup {
            lexicon: self,
            stems,
            whole: 0,
        };
        if !(MIN_PART_CHARS..=m - MIN_PART_CHARS)
            .any(|j| any_first.modifier(&word[..bounds[j]]).is_some())
        {
            return None;
        }
        let word_stem = stem(word);
        let whole = self
            .count(word)
            .max(stems.get(&*word_stem).map_or(0, |e| e.count));
        let lookup = Lookup {
            lexicon: self,
            stems,
            whole,
        };

        // reach[k][j]: best sum of log frequencies of k modifiers covering word[..j];
        // back[k][j]: where the last of them starts, and its linking element.
        let mut reach = [[f64::NEG_INFINITY; MAX_SPLIT_CHARS + 1]; MAX_PARTS];
        let mut back = [[(0u8, Link::None); MAX_SPLIT_CHARS + 1]; MAX_PARTS];
        reach[0][0] = 0.0;
        let mut heads = [None; MAX_SPLIT_CHARS + 1];
        for k in 1..MAX_PARTS {
            for i in 0..=m - 2 * MIN_PART_CHARS {
                if reach[k - 1][i] == f64::NEG_INFINITY {
                    continue;
                }
                for j in i + MIN_PART_CHARS..=m - MIN_PART_CHARS {
                    let piece = &word[bounds[i]..bounds[j]];
                    let Some((freq, link)) = lookup.modifier(piece) else {
                        continue;
                    };
                    let score = reach[k - 1][i] + (freq as f64).ln();
                    if score > reach[k][j] {
                        reach[k][j] = score;
                        back[k][j] = (i as u8, link);
                    }
                }
            }
            // The best head after k modifiers; the first k with one wins.
            let mut best: Option<(f64, usize)> = None;
            for i in MIN_PART_CHARS..=m - MIN_PART_CHARS {
                if reach[k][i] == f64::NEG_INFINITY {
                    continue;
                }
                let head =
                    *heads[i].get_or_insert_with(|| lookup.head(word, bounds[i], &word_stem));
                // After a linking element the head need only be known; else it must be
                // more frequent than the whole (`rege|ringen` is not `regeringen`).
                let floor = if back[k][i].1 == Link::None {
                    whole.max(1) + 1
                } else {
                    MIN_LINKED_COUNT
                };
                let Some(head) = head.filter(|&f| f >= floor) else {
                    continue;
                };
                let score = reach[k][i] + (head as f64).ln();
                if best.is_none_or(|(b, _)| score > b) {
                    best = Some((score, i));
                }
            }
            if let Some((_, head_start)) = best {
                return Some(trace(word, &bounds, &back, k, head_start));
            }
        }
        None
    }
}

/// Rebuilds the parts of a segmentation from the back pointers of [`Lexicon::segment`].
fn trace(
    word: &str,
    bounds: &[usize],
    back: &[[(u8, Link); MAX_SPLIT_CHARS + 1]; MAX_PARTS],
    modifiers: usize,
    head_start: usize,
) -> Vec<Part> {
    let mut parts = vec![
        Part {
            start: bounds[head_start],
            end: word.len(),
            link: Link::None,
        };
        modifiers + 1
    ];
    let mut j = head_start;
    for k in (1..=modifiers).rev() {
        let (i, link) = back[k][j];
        let i = usize::from(i);
        parts[k - 1] = Part {
            start: bounds[i],
            end: bounds[j],
            link,
        };
        j = i;
    }
    parts
}

/// Part frequencies for splitting one word.
struct Lookup<'l> {
    lexicon: &'l Lexicon,
    stems: &'l FxHashMap<Box<str>, Entry>,
    /// The whole word's frequency, which unlinked modifiers must beat.
    whole: u64,
}

impl Lookup<'_> {
    /// The frequency of `piece` as a non-final part, with the linking element to strip
    /// from it: none if the piece is a word as written, else the one giving the most
    /// frequent word.
    fn modifier(&self, piece: &str) -> Option<(u64, Link)> {
        let mut best: Option<(u64, Link)> = None;
        let mut consider = |form: &str, link: Link| {
            // A linking element is evidence of a seam by itself; without one the piece
            // must be more frequent than the whole (`pas|sager` is not `passager`).
            let floor = if link == Link::None {
                self.whole.max(1) + 1
            } else {
                MIN_LINKED_COUNT
            };
            // Modifiers are uninflected, so they must be words as written: a bare stem
            // such as `minist` is not one.
            if let Some((freq, true)) = self.part(form).filter(|&(f, _)| f >= floor) {
                // The piece as written wins when it is a word (`prøve`, not `prøv` + e).
                if best.is_none_or(|(f, l)| l != Link::None && freq > f) {
                    best = Some((freq, link));
                }
            }
        };
        consider(piece, Link::None);
        if let Some(base) = piece.strip_suffix('s') {
            consider(base, Link::S);
            let mut buf = [0u8; 4 * MAX_SPLIT_CHARS + 1];
            if let Some(with_e) = with_final_e(base, &mut buf) {
                consider(with_e, Link::SForE);
            }
        }
        if let Some(base) = piece.strip_suffix('e') {
            consider(base, Link::E);
            if let Some(single) = undoubled(base) {
                consider(single, Link::DoubledE);
            }
        }
        best
    }

    /// The frequency of the head starting at byte `start` of `word`, also counted by
    /// stem so that `sprængninger` counts `sprængningen`; `None` if it may not be a head.
    fn head(&self, word: &str, start: usize, word_stem: &str) -> Option<u64> {
        let head = &word[start..];
        if is_blocked(head) {
            return None;
        }
        // The stem of a word's tail is nearly always the tail of the word's stem, which
        // saves stemming every candidate head.
        let head_stem = if word.starts_with(word_stem) {
            Cow::Borrowed(word_stem.get(start..).unwrap_or_default())
        } else {
            stem(head)
        };
        // A head the stemmer mostly strips as an ending is an ending, not a word
        // (`plejer|sker` in `sygeplejersker`, whose stem ends `…plejersk`).
        let stem_chars = head_stem.chars().count();
        if stem_chars < MIN_PART_CHARS {
            return None;
        }
        // Stems of three letters are shared by too many unrelated words (`ing`, `ren`).
        let by_stem = if stem_chars > MIN_PART_CHARS {
            self.part(&head_stem).map_or(0, |(f, _)| f)
        } else {
            0
        };
        let written = self.part(head).map_or(0, |(f, _)| f);
        Some(written.max(by_stem))
    }

    /// The frequency of `form` as written or as a stem, and whether it is a word as
    /// written; `None` unless it may be a part.
    fn part(&self, form: &str) -> Option<(u64, bool)> {
        let chars = form.chars().count();
        if chars < MIN_PART_CHARS || is_blocked(form) {
            return None;
        }
        let written = self.lexicon.words.get(form).copied();
        let stemmed = self.stems.get(form).copied();
        let entry = match (written, stemmed) {
            (Some(w), Some(s)) if s.count > w.count => s,
            (Some(w), _) => w,
            (None, Some(s)) => s,
            (None, None) => return None,
        };
        if entry.is_name() && chars < MIN_NAME_PART_CHARS {
            return None;
        }
        Some((entry.count, written.is_some()))
    }
}

/// The linking element ending a modifier.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Link {
    None,
    /// `forsvar-s-`
    S,
    /// `arbejd-s-` for `arbejde`
    SForE,
    /// `jul-e-`
    E,
    /// `skat-te-`
    DoubledE,
}

/// One part of a segmentation: a byte range of the word and its linking element.
#[derive(Clone, Copy, Debug)]
struct Part {
    start: usize,
    end: usize,
    link: Link,
}

impl Part {
    /// The part as a dictionary word: without its linking element.
    fn form<'w>(&self, word: &'w str) -> Cow<'w, str> {
        let piece = &word[self.start..self.end];
        match self.link {
            Link::None => Cow::Borrowed(piece),
            Link::S | Link::E => Cow::Borrowed(&piece[..piece.len() - 1]),
            Link::SForE => Cow::Owned(format!("{}e", &piece[..piece.len() - 1])),
            Link::DoubledE => Cow::Borrowed(&piece[..piece.len() - 2]),
        }
    }
}

/// Appends `part` unless it is there already.
fn push(part: Cow<'_, str>, parts: &mut Vec<String>) {
    if !parts.iter().any(|p| *p == part) {
        parts.push(part.into_owned());
    }
}

/// `base` + `e` in `buf`, without allocating.
fn with_final_e<'b>(base: &str, buf: &'b mut [u8]) -> Option<&'b str> {
    let n = base.len();
    let slot = buf.get_mut(..=n)?;
    slot[..n].copy_from_slice(base.as_bytes());
    slot[n] = b'e';
    std::str::from_utf8(slot).ok()
}

/// `skatt` -> `skat`: the base of a modifier whose last consonant was doubled.
fn undoubled(base: &str) -> Option<&str> {
    let b = base.as_bytes();
    let n = b.len();
    (n >= 2
        && b[n - 1] == b[n - 2]
        && b[n - 1].is_ascii_lowercase()
        && !b"aeiouy".contains(&b[n - 1]))
    .then(|| &base[..n - 1])
}

/// Words that are never parts: function words, derivational prefixes and suffixes.
fn is_blocked(form: &str) -> bool {
    is_stop_word(form) || is_prefix_like(form) || is_suffix_like(form) || is_numeral(form)
}

/// Number words: `mini|stre` and `tre` are not `ministre`.
fn is_numeral(form: &str) -> bool {
    matches!(
        form,
        "to" | "tre"
            | "fire"
            | "fem"
            | "seks"
            | "syv"
            | "otte"
            | "elleve"
            | "tolv"
            | "tretten"
            | "fjorten"
            | "femten"
            | "seksten"
            | "sytten"
            | "atten"
            | "nitten"
            | "tyve"
            | "tredive"
            | "fyrre"
            | "halvtreds"
            | "tres"
            | "halvfjerds"
            | "firs"
            | "halvfems"
            | "hundrede"
            | "tusind"
            | "første"
            | "anden"
            | "tredje"
            | "fjerde"
    )
}

/// Derivational prefixes that are also words (`gen` "gene", `sam` the name): as
/// modifiers they make nonsense (`gen|indførelse`, `sam|arbejde`).
fn is_prefix_like(form: &str) -> bool {
    matches!(form, "gen" | "sam" | "mis" | "van" | "fore" | "und")
}

/// Suffixes that are also words, in their inflected forms: as heads they split
/// derivations, not compounds (`sikker|hed`, `venn|skab`, `syg|dom`, `menneske|lig`,
/// `spænd|ende`, `ven|inde`, `brug|bar`, `spar|som`, `del|vis`), and `sen` would cut
/// every patronymic (`Rasmus|sen`).
fn is_suffix_like(form: &str) -> bool {
    matches!(
        form,
        "hed"
            | "heden"
            | "heder"
            | "hederne"
            | "heds"
            | "hedens"
            | "hedernes"
            | "lighed"
            | "ligheden"
            | "ligheder"
            | "lighederne"
            | "skab"
            | "skabet"
            | "skaber"
            | "skaberne"
            | "skabs"
            | "skabets"
            | "dom"
            | "dommen"
            | "domme"
            | "dommene"
            | "doms"
            | "dommens"
            | "lig"
            | "lige"
            | "ligt"
            | "ligere"
            | "ligst"
            | "ligste"
            | "ende"
            | "enden"
            | "endes"
            | "inde"
            | "inden"
            | "inder"
            | "inderne"
            | "bar"
            | "bare"
            | "bart"
            | "som"
            | "somme"
            | "somt"
            | "sen"
            | "sene"
            | "sent"
            | "sens"
            | "agtig"
            | "agtige"
            | "agtigt"
            | "mæssig"
            | "mæssige"
            | "mæssigt"
            | "vis"
            | "vise"
            | "else"
            | "elsen"
            | "elser"
    )
}

/// Whether a normalized word is worth counting: letters only, part-sized.
fn is_countable(word: &str) -> bool {
    word.len() >= MIN_PART_CHARS
        && word.chars().all(char::is_alphabetic)
        && (MIN_PART_CHARS..=MAX_SPLIT_CHARS).contains(&word.chars().count())
}

fn invalid(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message)
}

/// Most words [`part_tokens`] remembers per thread before it starts afresh.
const SPLIT_CACHE_WORDS: usize = 1 << 18;

/// A lexicon version and the stemmed parts of each normalized word split with it.
type SplitCache = (u64, FxHashMap<Box<str>, Box<[Box<str>]>>);

thread_local! {
    /// What [`part_tokens`] has split, for one lexicon version: running text
    /// repeats its words, and splitting is costly.
    static SPLITS: RefCell<SplitCache> = RefCell::new((0, FxHashMap::default()));
}

/// The stemmed compound-part terms of `text`, each at the position of the word it
/// came from (positions as [`crate::analyzer::danish_analyzer`] counts them, offsets
/// of that word), for a `PreTokenizedString`. Exact words are not repeated: they are
/// in the main field already.
pub fn part_tokens(lexicon: &Lexicon, text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut normalized = String::new();
    SPLITS.with_borrow_mut(|(version, splits)| {
        if *version != lexicon.version || splits.len() >= SPLIT_CACHE_WORDS {
            splits.clear();
            *version = lexicon.version;
        }
        for (position, (start, end)) in words(text).enumerate() {
            if end - start < MIN_SPLIT_CHARS || end - start > MAX_WORD_BYTES {
                continue;
            }
            normalize_into(&text[start..end], &mut normalized);
            if !splits.contains_key(normalized.as_str()) {
                let terms = stemmed_parts(lexicon, &normalized);
                splits.insert(normalized.as_str().into(), terms);
            }
            for term in &splits[normalized.as_str()] {
                tokens.push(Token {
                    offset_from: start,
                    offset_to: end,
                    position,
                    text: term.to_string(),
                    position_length: 1,
                });
            }
        }
    });
    tokens
}

/// The distinct stems of the parts of a normalized word (none when it does not split).
fn stemmed_parts(lexicon: &Lexicon, normalized: &str) -> Box<[Box<str>]> {
    let mut parts = Vec::new();
    lexicon.split_into(normalized, &mut parts);
    let mut terms: Vec<Box<str>> = Vec::with_capacity(parts.len());
    for part in &parts {
        let term = stem(part);
        if !terms.iter().any(|t| **t == *term) {
            terms.push(term.into());
        }
    }
    terms.into_boxed_slice()
}
