//! Quotes and their speakers, as Danish news copy writes them.
//!
//! Direct speech: words in `„…“`, `"…"` or `»…«` with the attribution after
//! (`„…“, siger hun.`) or before (`Hun siger: „…“`); the dash convention, where a
//! paragraph opens with `- ` and the quote runs to the attribution (`- Vi er klar,
//! siger han.`), over several sentences and, when a paragraph has no attribution,
//! over several dash paragraphs; partial quotes inside reported speech (`siger, at
//! Donald Trump "vil mødes med …"`). Reported speech: `X siger, at …`, `ifølge X
//! …`, `…, oplyser politiet.` and `Det siger X.` (the quote is the sentences
//! before).
//!
//! The speaker is a name (an NER mention when there is one; otherwise the
//! capitalized words at the attribution), a description (`en talsmand for
//! politiet`, `ministeren`, which is resolved to the titled person named before:
//! `sundhedsminister Sophie Løhde`) or a pronoun, resolved to the person most
//! recently *cited* or introduced as a sentence's subject, not merely mentioned.
//! Names that NER did not produce become entities of their own (label PER or ORG,
//! linked to spelling variants and short forms), so every named speaker has an
//! entity with a canonical name and id.
//!
//! Everything is one pass over the tokens with word lists built once; no regular
//! expressions.
//!
//! ```
//! use kilde_core::Article;
//! use kilde_nlp::Pipeline;
//! use kilde_news::quotes::QuoteExtractor;
//!
//! let text = "Anna Holm er formand.\n\n- Vi er klar, siger hun.";
//! let article = Article::new("2018-03".parse().unwrap(), text.into());
//! let doc = Pipeline::danish().with(QuoteExtractor).analyze(&article);
//! let quote = &doc.quotes[0];
//! assert_eq!(&text[quote.span.range()], "Vi er klar");
//! let speaker = quote.speaker.as_ref().unwrap();
//! assert_eq!(&text[speaker.span.range()], "hun");
//! assert_eq!(doc.entities[speaker.entity.unwrap()].canonical, "Anna Holm");
//! ```

use std::collections::HashSet;
use std::sync::LazyLock;

use kilde_core::{Article, Doc, Entity, EntityLabel, Quote, Span, Speaker};

use crate::names::{compact, parts, spelling_variants};
use crate::sources::{is_media, lookup};
use crate::speech::{
    self, KeyTable, Toks, WordSet, is, is_aux, is_cap, is_cue, is_finite_cue, is_name_particle,
    is_pronoun, is_punct, is_quote_mark, is_speaker_stop, is_subject_stop, key, key_lower, lower,
    sentence_paragraphs,
};

/// Female first names, for `hun` (a pronoun never resolves to a person whose first
/// name is known to be of the other gender).
const FEMALE: &[&str] = &[
    "anna",
    "anne",
    "annette",
    "astrid",
    "birgitte",
    "bente",
    "camilla",
    "caroline",
    "charlotte",
    "christina",
    "christine",
    "dorthe",
    "ellen",
    "emma",
    "eva",
    "hanne",
    "helle",
    "ida",
    "inger",
    "jette",
    "julie",
    "karen",
    "karina",
    "kirsten",
    "lene",
    "lise",
    "louise",
    "maria",
    "marianne",
    "mette",
    "maja",
    "nanna",
    "pia",
    "rikke",
    "sara",
    "sarah",
    "signe",
    "sofie",
    "sophie",
    "susanne",
    "tina",
    "trine",
    "ulla",
    "pernille",
    "margrethe",
    "ursula",
    "kamala",
    "hillary",
    "angela",
    "kaja",
    "giorgia",
    "ane",
    "lotte",
    "line",
    "laura",
    "katrine",
    "birthe",
    "grete",
    "lone",
    "mai",
    "malene",
    "mette-marie",
    "sanne",
    "solveig",
    "tanja",
    "betina",
    "dorte",
    "else",
    "gerda",
    "hanna",
    "heidi",
    "henriette",
    "jane",
    "janni",
    "jytte",
    "kirstine",
    "lisbeth",
    "lis",
    "merete",
    "mona",
    "rita",
    "ruth",
    "sidsel",
    "ursula",
    "zenia",
    "olga",
    "ida",
    "frida",
    "clara",
    "josefine",
    "cecilie",
    "louise",
    "marlene",
    "pernille",
    "christel",
    "marie",
    "mia",
    "natalie",
    "nina",
    "stine",
    "tove",
    "vibeke",
    "yvonne",
    "agnete",
    "gitte",
];

/// Male first names, for `han`.
const MALE: &[&str] = &[
    "anders",
    "bent",
    "christian",
    "donald",
    "erik",
    "frederik",
    "hans",
    "henrik",
    "jakob",
    "jacob",
    "jens",
    "jesper",
    "johan",
    "jørgen",
    "kasper",
    "lars",
    "mads",
    "magnus",
    "martin",
    "michael",
    "mikkel",
    "morten",
    "niels",
    "nicolai",
    "nikolaj",
    "ole",
    "oliver",
    "peter",
    "poul",
    "rasmus",
    "søren",
    "thomas",
    "torben",
    "troels",
    "ulrik",
    "vladimir",
    "volodymyr",
    "emmanuel",
    "joe",
    "olaf",
    "mark",
    "jan",
    "kim",
    "karsten",
    "claus",
    "carsten",
    "bo",
    "jonas",
    "jeppe",
    "simon",
    "steffen",
    "flemming",
    "per",
    "knud",
    "preben",
    "benny",
    "leif",
    "allan",
    "brian",
    "dan",
    "john",
    "michael",
    "pelle",
    "mogens",
    "jeff",
    "elon",
    "keir",
    "friedrich",
    "xi",
    "recep",
    "benjamin",
    "antónio",
    "antonio",
    "alexander",
    "peder",
    "jakob",
    "vincent",
    "troels",
    "lasse",
    "rune",
    "kenneth",
    "michael",
    "henning",
    "holger",
    "ib",
    "finn",
    "jørn",
    "kurt",
    "arne",
    "svend",
    "sven",
    "erling",
    "ejner",
    "aage",
    "axel",
    "bjarne",
    "bjørn",
    "christoffer",
    "daniel",
    "david",
    "emil",
    "esben",
    "frank",
    "gert",
    "hasse",
    "ivan",
    "jan",
    "jimmi",
    "kristian",
    "lau",
    "mathias",
    "mattias",
    "max",
    "nils",
    "otto",
    "palle",
    "philip",
    "rené",
    "robert",
    "sebastian",
    "stefan",
    "tobias",
    "victor",
    "viktor",
    "william",
    "morten",
    "olof",
    "maroš",
    "sergej",
    "sergey",
    "mohammed",
    "muhammad",
];

static FEMALE_SET: LazyLock<WordSet> = LazyLock::new(|| FEMALE.iter().copied().collect());
static MALE_SET: LazyLock<WordSet> = LazyLock::new(|| MALE.iter().copied().collect());

/// Title-like words that may open a capitalized run before a name
/// (`Sundhedsminister Sophie Løhde`); they are dropped from the name.
const TITLE_ENDINGS: &[&str] = &[
    "minister",
    "direktør",
    "formand",
    "forkvinde",
    "chef",
    "leder",
    "træner",
    "ordfører",
    "borgmester",
    "præsident",
    "talsmand",
    "talskvinde",
    "talsperson",
    "professor",
    "rådmand",
    "overlæge",
    "kommissær",
    "sekretær",
    "ambassadør",
    "advokat",
    "anklager",
    "forsker",
    "økonom",
    "analytiker",
    "dommer",
    "inspektør",
    "betjent",
    "kaptajn",
    "general",
    "premierminister",
    "kansler",
    "konge",
    "dronning",
    "prins",
    "prinsesse",
    "biskop",
    "rektor",
    "vicepolitiinspektør",
    "politikommissær",
    "vagtchef",
    "meteorolog",
    "medlem",
    "næstformand",
    "spiller",
    "kaptajn",
    "angriber",
    "forsvarer",
    "målmand",
    "passer",
    "medarbejder",
    "ekspert",
    "ejer",
    "indehaver",
    "mægler",
    "repræsentant",
    "konsulent",
    "rådgiver",
    "koordinator",
    "læge",
    "sygeplejerske",
    "ingeniør",
    "chefredaktør",
    "redaktør",
    "journalist",
    "kommentator",
    "lektor",
    "ordstyrer",
];

/// Nouns for statements, whose issuer is the speaker (`en meddelelse fra X`).
fn is_statement(word: &str) -> bool {
    matches!(
        word,
        "meddelelse"
            | "pressemeddelelse"
            | "udtalelse"
            | "erklæring"
            | "opslag"
            | "brev"
            | "svar"
            | "mail"
            | "e-mail"
            | "kommentar"
            | "besked"
            | "redegørelse"
    )
}

/// The first names of Latin-1, keyed: 1 for female, 2 for male.
static NAMES: LazyLock<KeyTable<u8>> = LazyLock::new(|| {
    let mut table = KeyTable::default();
    for (names, bit) in [(FEMALE, 1), (MALE, 2)] {
        // Names beyond Latin-1 (`maroš`) have no key; the sets hold them.
        for name in names.iter().filter(|n| key(n).is_some()) {
            table.update(name, |b| *b |= bit);
        }
    }
    table
});

/// Whether a word is a female (1) or male (2) first name, or both (3).
fn name_bits(word: &str) -> u8 {
    match key_lower(word) {
        Some(k) => NAMES.get_key(Some(k)),
        None => {
            let w = lower(word);
            u8::from(FEMALE_SET.contains(w.as_ref())) | u8::from(MALE_SET.contains(w.as_ref())) << 1
        }
    }
}

/// True for a first name kilde knows (`Jens`, `Karen`).
fn first_name(word: &str) -> bool {
    name_bits(word) != 0
}

/// The title endings by their last byte (each ends in an ASCII letter).
static TITLES_BY_LAST: LazyLock<Vec<Vec<&'static str>>> = LazyLock::new(|| {
    let mut by_last = vec![Vec::new(); 128];
    for ending in TITLE_ENDINGS {
        if let Some(list) = ending
            .bytes()
            .last()
            .and_then(|b| by_last.get_mut(usize::from(b)))
        {
            list.push(*ending);
        }
    }
    by_last
});

/// True for a title word (`sundhedsminister`, `Cheføkonom`).
fn is_title(word: &str) -> bool {
    if word.len() < 4 || !word.is_char_boundary(word.len() - 1) {
        return false;
    }
    // The last character is ASCII, so the lower case ends with its lower case.
    let last = word.as_bytes()[word.len() - 1].to_ascii_lowercase();
    let Some(endings) = TITLES_BY_LAST
        .get(usize::from(last))
        .filter(|e| !e.is_empty())
    else {
        return false;
    };
    let w = lower(word);
    endings.iter().any(|e| w.ends_with(e))
}

/// True for a capitalized word that is a common noun, not a name: a title, or
/// a definite form (`Selskabet`, `Klubben`, `Politiet`, `Eksperterne`).
fn is_common_noun(word: &str) -> bool {
    if is_title(word) {
        return true;
    }
    if word.chars().filter(|c| c.is_uppercase()).count() > 1 || lookup(word).is_some() {
        return false;
    }
    let w = lower(word);
    w.chars().count() >= 6 && ["et", "en", "ne"].iter().any(|e| w.ends_with(e))
}

/// Function words that cannot be a speaker after the verb (`siger det`, `siger man`).
fn not_a_speaker(word: &str) -> bool {
    matches!(
        lower(word).as_ref(),
        "det"
            | "der"
            | "at"
            | "sig"
            | "sin"
            | "sit"
            | "man"
            | "jeg"
            | "vi"
            | "du"
            | "dig"
            | "den"
            | "denne"
            | "dette"
            | "hvad"
            | "hvor"
            | "hvorfor"
            | "hvordan"
            | "om"
            | "nej"
            | "ja"
    )
}

/// Who a speaker phrase names, before resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    /// A name: its tokens, and the entity when NER linked it.
    Name {
        tokens: (usize, usize),
        entity: Option<usize>,
    },
    /// `han`, `hun`, `de`.
    Pronoun,
    /// `en talsmand for politiet`, `ministeren`.
    Description,
}

/// A speaker phrase as found at an attribution.
#[derive(Debug, Clone, Copy)]
struct Phrase {
    /// The words to report as the speaker (the name when the phrase has one).
    span: Span,
    who: Who,
    /// A title word before the name (`sundhedsminister`), as a token index.
    title: Option<usize>,
    /// One past the last token of the whole phrase.
    end: usize,
}

/// What a speaker resolves to: an entity, or a name still to become one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ref {
    Entity(usize),
    Name(usize, usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Source {
    Dash,
    Mark,
    Indirect,
}

#[derive(Debug, Clone)]
struct Cand {
    span: Span,
    direct: bool,
    cue: Option<Span>,
    phrase: Option<Phrase>,
    /// Byte position of the attribution (for the order of resolution).
    at: usize,
    origin: Source,
    /// For dash and standalone quotes without their own attribution.
    inherits: bool,
    resolved: Option<Ref>,
}

impl Cand {
    /// Reported speech (`X siger, at …`, `…, oplyser X.`): its own attribution at `cue`.
    fn reported(span: Span, cue: Span, phrase: Phrase) -> Self {
        Cand {
            span,
            direct: false,
            cue: Some(cue),
            phrase: Some(phrase),
            at: cue.start,
            origin: Source::Indirect,
            inherits: false,
            resolved: None,
        }
    }
}

struct Ctx<'a> {
    toks: Toks<'a>,
    doc: &'a Doc,
    /// For each token, 1 + the index of the mention starting there, or 0.
    mention_start: Vec<u32>,
    /// For each token, its speech-verb bits ([`crate::speech::cue_bits`]).
    bits: Vec<u8>,
    /// The tokens that are speech verbs or `ifølge`, in order.
    cues: Vec<usize>,
    /// The tokens of five bytes or more before a capitalized token, in order
    /// (where a title may precede a name).
    before_caps: Vec<usize>,
}

impl<'a> Ctx<'a> {
    fn new(article: &'a Article, doc: &'a Doc) -> Self {
        let toks = Toks::new(&article.text, doc);
        let mut mention_start = vec![0; toks.len()];
        for (k, m) in doc.mentions.iter().enumerate() {
            if let (Some(at), Ok(k)) = (mention_start.get_mut(m.tokens.start), u32::try_from(k + 1))
            {
                *at = k;
            }
        }
        let scan = speech::Scan::new(toks.text);
        let mut bits = Vec::with_capacity(toks.len());
        let (mut cues, mut before_caps) = (Vec::new(), Vec::new());
        let mut long = false;
        for (k, &span) in toks.spans.iter().enumerate() {
            let b = scan.cue_bits(span);
            bits.push(b);
            if b & (speech::IFOLGE | speech::CUE) != 0 {
                cues.push(k);
            }
            if long && speech::cap_at(toks.text, span) {
                before_caps.push(k - 1);
            }
            long = span.len() >= 5;
        }
        Ctx {
            toks,
            doc,
            mention_start,
            bits,
            cues,
            before_caps,
        }
    }

    /// The first token at or after `k` that is a speech verb or `ifølge`.
    fn cue_from(&self, k: usize) -> Option<usize> {
        let at = self.cues.partition_point(|&c| c < k);
        self.cues.get(at).copied()
    }

    /// The mention starting at token `i`: (end token, label, entity).
    fn mention_at(&self, i: usize) -> Option<(usize, EntityLabel, Option<usize>)> {
        let k = self.mention_start[i].checked_sub(1)?;
        let m = &self.doc.mentions[k as usize];
        Some((m.tokens.end, m.label, m.entity))
    }

    /// True when token `i` is a speech verb ([`is_cue`]).
    fn cue(&self, i: usize) -> bool {
        self.bits[i] & speech::CUE != 0
    }

    fn t(&self, i: usize) -> &'a str {
        self.toks.t(i)
    }

    fn text(&self, span: Span) -> &'a str {
        &self.toks.text[span.range()]
    }

    /// The token index at byte `pos` (the first token starting at or after it).
    fn token_at(&self, pos: usize) -> usize {
        self.toks.spans.partition_point(|s| s.start < pos)
    }

    /// The last PER (else ORG) mention inside tokens `a..b`.
    fn mention_in(&self, a: usize, b: usize) -> Option<(usize, usize, Option<usize>, EntityLabel)> {
        let mut best: Option<(usize, usize, Option<usize>, EntityLabel)> = None;
        for i in a..b {
            if let Some((end, label, entity)) = self.mention_at(i)
                && end <= b
                && label != EntityLabel::Loc
            {
                let per = label == EntityLabel::Per;
                if best.is_none_or(|(_, _, _, l)| per || l != EntityLabel::Per) {
                    best = Some((i, end, entity, label));
                }
            }
        }
        best
    }

    /// Builds a phrase from the words `a..b` (a name, a description, a pronoun).
    fn phrase(&self, a: usize, b: usize) -> Option<Phrase> {
        if a >= b {
            return None;
        }
        let first = self.t(a);
        if b == a + 1 && is_pronoun(first) {
            return Some(Phrase {
                span: self.toks.span(a, b),
                who: Who::Pronoun,
                title: None,
                end: b,
            });
        }
        let proper = is_cap(first) && b > a + 1 && is_cap(self.t(a + 1));
        if not_a_speaker(first) && !proper {
            return None;
        }
        // A genitive name before a noun is a description (`SF's sundhedsordfører`).
        let genitive_head = |mb: usize| {
            mb < b && !is_cap(self.t(mb)) && self.t(mb - 1).ends_with('s') && !is_punct(self.t(mb))
        };
        if let Some((ma, mb, entity, label)) = self.mention_in(a, b).filter(|m| !genitive_head(m.1))
        {
            // `en talsmand for Fyns Politi`: an organization after a preposition is
            // part of a description, unless it issued a statement (`en meddelelse
            // fra Det Hvide Hus`).
            if label != EntityLabel::Per
                && ma > a
                && matches!(self.t(ma - 1), "for" | "i" | "hos" | "ved" | "fra")
                && !(a..ma).any(|k| is_statement(self.t(k)))
            {
                return Some(Phrase {
                    span: self.toks.span(a, b),
                    who: Who::Description,
                    title: None,
                    end: b,
                });
            }
            // NER may include a title: `Koncernchef Vincent Clerc`.
            let ma = if mb - ma >= 3 && is_title(self.t(ma)) {
                ma + 1
            } else {
                ma
            };
            // NER may cut a name short (`Sarah Bach` Rosenfeldt, Sheik Muhammad bin
            // `Abdul Rahman`): take the whole run of capitals, as a new name.
            let (mut ma2, mut mb2) = (ma, mb);
            while mb2 < b && is_cap(self.t(mb2)) && !is_punct(self.t(mb2)) {
                mb2 += 1;
            }
            // Backwards only over a first name or a particle with its name, not
            // over the organization before a name (`i DMI Jesper Nørgaard Friis`).
            while ma2 > a {
                let w = self.t(ma2 - 1);
                if first_name(w) {
                    ma2 -= 1;
                } else if is_name_particle(w) && ma2 - 1 > a && is_cap(self.t(ma2 - 2)) {
                    ma2 -= 2;
                } else {
                    break;
                }
            }
            let (ma, mb, entity) = if (ma2, mb2) == (ma, mb) {
                (ma, mb, entity)
            } else {
                (ma2, mb2, None)
            };
            // NER may miss the first half of `Syd- og Sønderjyllands Politi`.
            let (mut ma, mut entity) = (ma, entity);
            while ma >= a + 2
                && matches!(self.t(ma - 1), "og" | ",")
                && self.t(ma - 2).ends_with('-')
            {
                ma -= 2;
                entity = None;
            }
            let title =
                (ma > a && (!is_cap(self.t(ma - 1)) || is_title(self.t(ma - 1)))).then(|| ma - 1);
            return Some(Phrase {
                span: self.toks.span(ma, mb),
                who: Who::Name {
                    tokens: (ma, mb),
                    entity,
                },
                title,
                end: b,
            });
        }
        // The trailing run of capitalized words is the name.
        let mut start = b;
        while start > a {
            let w = self.t(start - 1);
            let name_word = (is_cap(w) && !is_punct(w))
                || (start < b && (w == "&" || is_name_particle(w)) && start - 1 > a)
                || (start < b
                    && matches!(w, "og" | ",")
                    && start - 1 > a
                    && self.t(start - 2).ends_with('-'));
            if !name_word {
                break;
            }
            start -= 1;
        }
        if start < b && !is_cap(self.t(start)) {
            start += 1;
        }
        if start == b {
            return Some(Phrase {
                span: self.toks.span(a, b),
                who: Who::Description,
                title: None,
                end: b,
            });
        }
        let description = Some(Phrase {
            span: self.toks.span(a, b),
            who: Who::Description,
            title: None,
            end: b,
        });
        let mut title = None;
        // `Sundhedsminister Sophie Løhde`: a title that opens the sentence.
        if b - start >= 2 && is_title(self.t(start)) {
            title = Some(start);
            start += 1;
        }
        // `Fynbo Elektronik Jens Ole Bak`: a known first name starts the name.
        let named_from = (start..b - 1).find(|&k| first_name(self.t(k)));
        // `økonomichef i Nordlys Invest A/S`, `formand for Stormrådet Karen Holst
        // Rasmussen`: after a preposition the capitals are an organization, unless
        // a first name follows inside them.
        let after_preposition =
            start > a && matches!(self.t(start - 1), "for" | "i" | "hos" | "ved" | "fra");
        // `en meddelelse fra Det Hvide Hus`: the issuer of a statement speaks.
        if after_preposition
            && matches!(self.t(start - 1), "fra" | "hos")
            && (a..start).any(|k| is_statement(self.t(k)))
        {
            return Some(Phrase {
                span: self.toks.span(start, b),
                who: Who::Name {
                    tokens: (start, b),
                    entity: None,
                },
                title: None,
                end: b,
            });
        }
        if after_preposition || (b - start >= 3 && !first_name(self.t(start))) {
            match named_from {
                Some(k) if k > start || !after_preposition => {
                    if title.is_none() && start > a && !is_cap(self.t(start - 1)) {
                        title = Some(start - 1);
                    }
                    start = k;
                }
                _ if after_preposition => return description,
                _ => {}
            }
        }
        // `Selskabet`, `Forsker`, `Klubben`: one capitalized common noun.
        if b - start == 1 && is_common_noun(self.t(start)) {
            return description;
        }
        if title.is_none() && start > a && !is_cap(self.t(start - 1)) {
            title = Some(start - 1);
        }
        Some(Phrase {
            span: self.toks.span(start, b),
            who: Who::Name {
                tokens: (start, b),
                entity: None,
            },
            title,
            end: b,
        })
    }

    /// The speaker phrase right after a verb (`siger han`, `siger sundhedsminister
    /// Sophie Løhde (V) til DR`), within `..limit`.
    fn speaker_after(&self, i: usize, limit: usize) -> Option<Phrase> {
        let mut j = i;
        let mut seen_cap = false;
        let mut noun_done = false;
        while j < limit && j < i + 10 {
            let w = self.t(j);
            // `Klima-, Energi- og Forsyningsministeriet`.
            if w == "," && j > i && self.t(j - 1).ends_with('-') && is_cap(self.t(j + 1)) {
                j += 1;
                continue;
            }
            if is_punct(w) && w != "&" {
                break;
            }
            if w == "&" && !is_cap(self.t(j + 1)) {
                break;
            }
            // `Syd- og Sønderjyllands Politi`.
            if w == "og" && j > i && self.t(j - 1).ends_with('-') && is_cap(self.t(j + 1)) {
                j += 1;
                continue;
            }
            // A sentence-initial determiner is capitalized but not a name.
            let cap = is_cap(w) && !matches!(lower(w).as_ref(), "en" | "et" | "den" | "de" | "det");
            if j > i && !is_cap(w) && is_speaker_stop(w) {
                break;
            }
            if j == i && is_speaker_stop(w) && !cap {
                break;
            }
            // `Sydkoreas ministerium for genforening`: a genitive name opens a
            // description.
            if !cap && seen_cap && j > i && !is_punct(w) && !is_speaker_stop(w) && !is_aux(w) {
                let prev = self.t(j - 1);
                if prev.ends_with("'s") || (prev.ends_with('s') && j - 1 == i) {
                    seen_cap = false;
                }
            }
            if !cap && w != "&" && !is_name_particle(w) {
                if seen_cap {
                    break;
                }
                if is_aux(w) || is_cue(w) {
                    break;
                }
                // `i` ends a phrase unless a name follows (`direktør i Forsikring & Pension`).
                if w == "i" && !is_cap(self.t(j + 1)) {
                    break;
                }
                // `ifølge anklagemyndigheden en fængselsstraf`: a new noun phrase.
                if j > i
                    && matches!(w, "en" | "et" | "den" | "det" | "de")
                    && !matches!(self.t(j - 1), "for" | "i" | "hos" | "ved" | "fra" | "af")
                {
                    break;
                }
            }
            if is_pronoun(w) && j == i {
                return self.phrase(i, i + 1);
            }
            // A description is determiners and adjectives, one noun, then only
            // prepositional phrases: `en talsmand for politiet`, not
            // `diplomatiske kilder modsat …`.
            if !cap && w != "&" && !is_name_particle(w) {
                let prep = matches!(w, "for" | "i" | "hos" | "ved" | "fra" | "af" | "under");
                // `kultur- og byudviklingsudvalg`: the first half is no head noun.
                if w.ends_with('-') && matches!(self.t(j + 1), "og" | "eller") {
                    j += 2;
                    continue;
                }
                if noun_done && !prep {
                    break;
                }
                let modifier = matches!(
                    lower(w).as_ref(),
                    "en" | "et"
                        | "den"
                        | "det"
                        | "de"
                        | "hans"
                        | "hendes"
                        | "dens"
                        | "deres"
                        | "flere"
                        | "to"
                        | "tre"
                        | "fire"
                        | "mange"
                        | "nogle"
                        | "begge"
                        | "ny"
                ) || w.ends_with('e')
                    || w.ends_with('s');
                noun_done = !prep && !modifier;
            } else {
                noun_done = false;
            }
            seen_cap |= cap;
            j += 1;
        }
        // Genitive-led descriptions: `DR's generaldirektør` keeps going after the name.
        if seen_cap
            && j < limit
            && j > i
            && (self.t(j - 1).ends_with("'s") || self.t(j - 1).ends_with('s'))
            && !is_cap(self.t(j))
            && !is_speaker_stop(self.t(j))
            && !is_aux(self.t(j))
            && !is_punct(self.t(j))
            && (is_punct(self.t(j + 1)) || is_speaker_stop(self.t(j + 1)))
            && j - i == 1
        {
            j += 1;
        }
        let ph = self.phrase(i, j)?;
        Some(self.apposition(ph, limit).unwrap_or(ph))
    }

    /// `Formanden for Danske Regioner, Anders Kühnau,`: a description (or an
    /// organization) followed by a name between commas names that person.
    fn apposition(&self, ph: Phrase, limit: usize) -> Option<Phrase> {
        let weak = match ph.who {
            Who::Description => true,
            Who::Name { entity: None, .. } => {
                let text = self.text(ph.span);
                lookup(text).is_some() || source_pattern(text)
            }
            _ => false,
        };
        if !weak || self.t(ph.end) != "," {
            return None;
        }
        let a = ph.end + 1;
        let mut r = a;
        while r < limit
            && r < a + 5
            && (is_cap(self.t(r)) && !is_punct(self.t(r)) || is_name_particle(self.t(r)) && r > a)
        {
            r += 1;
        }
        if r == a || !is_cap(self.t(a)) || !(r >= limit || matches!(self.t(r), "," | "." | "(")) {
            return None;
        }
        let mut name = self.phrase(a, r)?;
        if !matches!(name.who, Who::Name { .. }) {
            return None;
        }
        name.title = matches!(ph.who, Who::Description).then(|| self.token_at(ph.span.start));
        name.end = if self.t(r) == "," { r + 1 } else { r };
        Some(name)
    }

    /// The subject at the start of a clause (`Chung Eui-yong, der …, siger`,
    /// `En talsmand for politiet siger`), from token `s` up to the verb at `c`.
    fn subject_before(&self, s: usize, c: usize) -> Option<Phrase> {
        let mut a = s;
        while a < c && (is_punct(self.t(a)) || is(self.t(a), "men") || is(self.t(a), "og")) {
            a += 1;
        }
        let mut j = a;
        while j < c && j < a + 8 {
            let w = self.t(j);
            if w == "," || w == "(" || is_punct(w) && w != "&" {
                break;
            }
            let continues = matches!(w, "i" | "hos" | "ved" | "fra" | "for")
                && j > a
                && (!is_cap(self.t(j - 1)) || j - 1 == a && is_title(self.t(a)))
                && is_cap(self.t(j + 1));
            if !continues && (j == a || !is_cap(w)) && is_subject_stop(w) && !(j > a && w == "for")
            {
                break;
            }
            j += 1;
        }
        if j == a {
            return None;
        }
        let first = self.t(a);
        let p = if matches!(lower(first).as_ref(), "en" | "et" | "den" | "de") || !is_cap(first) {
            let p = self.speaker_after(a, c)?;
            if p.end < j {
                return None;
            }
            p
        } else {
            self.phrase(a, j)?
        };
        let p = self.apposition(p, c).unwrap_or(p);
        // A sentence-initial adverb is no speaker (`Desuden siger hun`); a
        // speaker phrase must reach the verb or a comma, aux or adverb.
        if matches!(p.who, Who::Description)
            && j - a == 1
            && is_cap(first)
            && !is_common_noun(first)
        {
            return None;
        }
        Some(p)
    }
}

/// Where a sentence's quotable words end: before a final `.`, `!` is kept.
fn trim_end(ctx: &Ctx, a: usize, mut b: usize) -> usize {
    while b > a && matches!(ctx.t(b - 1), "." | ":" | ";" | ",") {
        b -= 1;
    }
    b
}

fn is_dash(word: &str) -> bool {
    matches!(word, "-" | "–" | "—")
}

/// Pairs of quotation marks in `text[range]`: byte ranges of the quoted words.
fn mark_pairs(text: &str, range: Span) -> Vec<(Span, Span)> {
    let mut out = Vec::new();
    let mut open: Option<(char, usize, usize)> = None;
    let bytes = &text.as_bytes()[range.range()];
    // Every quotation mark starts with `"`, 0xC2 (`»`, `«`) or 0xE2 (`„`, `“`,
    // `”`): only characters starting there are decoded, and 16-byte blocks
    // without such a byte are passed over whole.
    let mark = |b: u8| matches!(b, b'"' | 0xC2 | 0xE2);
    let next_mark = |from: usize| {
        let mut at = from;
        while let Some(block) = bytes
            .get(at..at + 16)
            .and_then(|b| <[u8; 16]>::try_from(b).ok())
        {
            // With 0x20 set, `"` (and 0x02) read 0x22, 0xC2 and 0xE2 read 0xE2.
            let x = u128::from_le_bytes(block) | speech::bytes(0x20);
            let found = speech::zero_bytes(x ^ speech::bytes(0x22))
                | speech::zero_bytes(x ^ speech::bytes(0xE2));
            if found != 0 {
                break;
            }
            at += 16;
        }
        bytes[at..]
            .iter()
            .position(|&b| mark(b))
            .map(|k| at + k - from)
    };
    let mut from = 0;
    while let Some(at) = next_mark(from) {
        let pos = range.start + from + at;
        let Some(ch) = text[pos..].chars().next() else {
            break;
        };
        from += at + ch.len_utf8();
        match open {
            None => {
                if matches!(ch, '„' | '»' | '"' | '“' | '«') {
                    open = Some((ch, pos, pos + ch.len_utf8()));
                }
            }
            Some((o, ostart, oend)) => {
                let closes = match o {
                    '„' => matches!(ch, '“' | '”' | '"'),
                    '»' => ch == '«',
                    '«' => ch == '»',
                    '"' => ch == '"',
                    '“' => matches!(ch, '”' | '“'),
                    _ => false,
                };
                if closes {
                    out.push((Span::new(ostart, oend), Span::new(pos, pos + ch.len_utf8())));
                    open = None;
                }
            }
        }
    }
    out
}

/// Finds the quote candidates of one article.
fn candidates(ctx: &Ctx, article: &Article) -> Vec<Cand> {
    let doc = ctx.doc;
    let para_of = sentence_paragraphs(&article.paragraphs, doc);
    let mut out: Vec<Cand> = Vec::new();
    // Tokens used as cues by a quote already found.
    let mut used: HashSet<usize> = HashSet::new();
    // Speaker announced with a colon at the end of the previous paragraph.
    let mut pending: Option<(Phrase, Option<Span>, usize)> = None;

    // Paragraph -> sentence range.
    let mut para_sentences: Vec<(usize, usize)> = vec![(usize::MAX, 0); article.paragraphs.len()];
    for (si, &p) in para_of.iter().enumerate() {
        if p < para_sentences.len() {
            let e = &mut para_sentences[p];
            e.0 = e.0.min(si);
            e.1 = si + 1;
        }
    }

    for (p, para) in article.paragraphs.iter().enumerate() {
        let (s0, s1) = para_sentences[p];
        if s0 == usize::MAX {
            continue;
        }
        let ptok = (
            doc.sentences[s0].tokens.start,
            doc.sentences[s1 - 1].tokens.end,
        );
        let colon = pending.take().filter(|&(_, _, pp)| pp + 1 == p);
        let mut covered_until = ptok.0;

        // 1. Dash paragraphs.
        if is_dash(ctx.t(ptok.0)) {
            let mut start = ptok.0 + 1;
            while start < ptok.1 {
                let mut found = None;
                let mut k = start;
                while k + 1 < ptok.1 {
                    if ctx.t(k) == "," && is_finite_cue(ctx.t(k + 1)) {
                        let limit = sentence_end_after(ctx, k + 1, ptok.1);
                        if let Some(ph) = ctx.speaker_after(k + 2, limit)
                            && attribution_ends(ctx, ph.end, limit)
                        {
                            found = Some((k, ph, limit));
                            break;
                        }
                    }
                    k += 1;
                }
                match found {
                    Some((k, ph, limit)) => {
                        if k > start {
                            out.push(Cand {
                                span: ctx.toks.span(start, k),
                                direct: true,
                                cue: Some(ctx.toks.spans[k + 1]),
                                phrase: Some(ph),
                                at: ctx.toks.spans[k + 1].start,
                                origin: Source::Dash,
                                inherits: false,
                                resolved: None,
                            });
                        }
                        used.insert(k + 1);
                        // Another dash segment in the same paragraph?
                        let mut n = limit;
                        while n < ptok.1 && !is_dash(ctx.t(n)) {
                            n += 1;
                        }
                        start = n + 1;
                    }
                    None => {
                        let end = trim_end(ctx, start, ptok.1);
                        if end > start {
                            let (phrase, cue) = match colon {
                                Some((ph, cue, _)) => (Some(ph), cue),
                                None => (None, None),
                            };
                            out.push(Cand {
                                span: ctx.toks.span(start, end),
                                direct: true,
                                cue,
                                phrase,
                                at: ctx.toks.spans[start].start,
                                origin: Source::Dash,
                                inherits: phrase.is_none(),
                                resolved: None,
                            });
                        }
                        start = ptok.1;
                    }
                }
            }
            covered_until = ptok.1;
        }

        // 2. Quotation marks.
        for (open, close) in mark_pairs(&article.text, *para) {
            let inner = Span::new(open.end, close.start);
            let inner_text = &article.text[inner.range()];
            let trimmed_start = inner.start + (inner_text.len() - inner_text.trim_start().len());
            // A comma before the closing mark belongs to the sentence, not the quote.
            let trimmed_end = inner.start + inner_text.trim_end().trim_end_matches(',').len();
            if trimmed_end <= trimmed_start {
                continue;
            }
            let span = Span::new(trimmed_start, trimmed_end);
            let o = ctx.token_at(open.start);
            let c = ctx.token_at(close.start);
            let words = c.saturating_sub(o + 1);
            let sentence_range = sentence_tokens(ctx, o);
            // After: `„…“, siger hun.` / `„…,“ siger hun.`
            let mut after = c + 1;
            if ctx.t(after) == "," {
                after += 1;
            }
            let mut attribution = None;
            if is_finite_cue(ctx.t(after)) && !used.contains(&after) {
                let limit = sentence_end_after(ctx, after, ptok.1);
                if let Some(ph) = ctx.speaker_after(after + 1, limit)
                    && attribution_ends(ctx, ph.end, limit)
                {
                    attribution = Some((after, ph));
                }
            }
            // Before: `Hun siger: „…“`, `siger Løkke på X: „…“`.
            if attribution.is_none() && o > 0 && ctx.t(o - 1) == ":" {
                let (ss, _) = sentence_range;
                if let Some(cue) = (ss..o - 1).rev().find(|&k| is_cue(ctx.t(k))) {
                    let ph = ctx
                        .speaker_after(cue + 1, o - 1)
                        .or_else(|| ctx.subject_before(ss, cue));
                    if let Some(ph) = ph {
                        attribution = Some((cue, ph));
                    }
                }
            }
            let standalone = span.len() * 10 >= para.len() * 6;
            match attribution {
                Some((cue, ph)) => {
                    used.insert(cue);
                    out.push(Cand {
                        span,
                        direct: true,
                        cue: Some(ctx.toks.spans[cue]),
                        phrase: Some(ph),
                        at: ctx.toks.spans[cue].start,
                        origin: Source::Mark,
                        inherits: false,
                        resolved: None,
                    });
                }
                None if standalone && words >= 3 => {
                    let (phrase, cue) = match colon {
                        Some((ph, cue, _)) => (Some(ph), cue),
                        None => (None, None),
                    };
                    out.push(Cand {
                        span,
                        direct: true,
                        cue,
                        phrase,
                        at: span.start,
                        origin: Source::Mark,
                        inherits: phrase.is_none(),
                        resolved: None,
                    });
                }
                None if words >= 2 => {
                    // A partial quote: kept if reported speech contains it, or if
                    // the subject names it (`DI kalder aftalen "et vigtigt skridt"`).
                    let (ss, _) = sentence_range;
                    let naming = (ss..o).rev().find(|&k| {
                        matches!(
                            lower(ctx.t(k)).as_ref(),
                            "kalder"
                                | "kaldte"
                                | "betegner"
                                | "betegnede"
                                | "beskriver"
                                | "beskrev"
                        )
                    });
                    let phrase =
                        naming.and_then(|k| ctx.subject_before(clause_start_before(ctx, ss, k), k));
                    out.push(Cand {
                        span,
                        direct: true,
                        cue: phrase.and(naming.map(|k| ctx.toks.spans[k])),
                        phrase,
                        at: span.start,
                        origin: Source::Mark,
                        inherits: false,
                        resolved: None,
                    });
                }
                None => {}
            }
        }

        // 3. Reported speech, sentence by sentence.
        for si in s0..s1 {
            let (s, e) = (doc.sentences[si].tokens.start, doc.sentences[si].tokens.end);
            if e <= covered_until {
                continue;
            }
            reported(ctx, si, s, e, p, &para_sentences, &mut used, &mut out);
            // A colon at the end announces the next paragraph's quote.
            // Without a speech verb (`Maja Thorsen er begejstret:`), the subject.
            if si + 1 == s1 && ctx.t(e - 1) == ":" {
                let announced = match (s..e).find(|&k| ctx.cue(k)) {
                    Some(c) => ctx
                        .speaker_after(c + 1, e - 1)
                        .or_else(|| ctx.subject_before(s, c))
                        .map(|ph| (ph, Some(ctx.toks.spans[c]))),
                    None => ctx
                        .subject_before(s, e - 1)
                        .filter(|ph| !matches!(ph.who, Who::Description))
                        .map(|ph| (ph, None)),
                };
                if let Some((ph, cue)) = announced {
                    pending = Some((ph, cue, p));
                }
            }
        }
    }
    out
}

/// The tokens of the sentence holding token `i`.
fn sentence_tokens(ctx: &Ctx, i: usize) -> (usize, usize) {
    let sentences = &ctx.doc.sentences;
    let k = sentences.partition_point(|s| s.tokens.end <= i);
    sentences
        .get(k)
        .map_or((i, i + 1), |s| (s.tokens.start, s.tokens.end))
}

/// Where the sentence holding token `i` ends, but never before a lone name part
/// wrongly split off (`TV 2 | Sport.`): we read on to the paragraph end `limit`
/// only while the next "sentence" is a short tail without a verb.
fn sentence_end_after(ctx: &Ctx, i: usize, limit: usize) -> usize {
    let (_, mut e) = sentence_tokens(ctx, i);
    while e < limit {
        let (_, e2) = sentence_tokens(ctx, e);
        if e2 - e <= 3 && is_cap(ctx.t(e)) && !is_dash(ctx.t(e)) {
            e = e2;
        } else {
            break;
        }
    }
    e.min(limit)
}

/// True when an attribution's speaker phrase is followed only by what may close
/// an attribution: the sentence end, a comma, a colon, `og tilføjer`, or a
/// prepositional tail (`til DR`, `ifølge AFP`, `efter kampen`, `(V)`).
fn attribution_ends(ctx: &Ctx, end: usize, limit: usize) -> bool {
    if end >= limit {
        return true;
    }
    let w = ctx.t(end);
    matches!(w, "." | "," | ":" | "!" | "?" | "(" | ";")
        || is_speaker_stop(w)
        || w == "i"
        || is_dash(w)
        || is_quote_mark(w)
}

/// Reported speech in sentence `si` (tokens `s..e`) of paragraph `p`.
#[allow(clippy::too_many_arguments)]
fn reported(
    ctx: &Ctx,
    si: usize,
    s: usize,
    e: usize,
    p: usize,
    para_sentences: &[(usize, usize)],
    used: &mut HashSet<usize>,
    out: &mut Vec<Cand>,
) {
    let doc = ctx.doc;
    let first = ctx.t(s);
    // `Det siger X.` / `Det fremgår af en meddelelse fra X.` / `Sådan lyder det fra X.`
    let inverted = (is(first, "det") || first == "Dét" || is(first, "dette") || is(first, "sådan"))
        && e > s + 2;
    if inverted {
        let verb = ctx.t(s + 1);
        let mut cue_span = None;
        let mut phrase = None;
        if is_finite_cue(verb) && !used.contains(&(s + 1)) {
            cue_span = Some(ctx.toks.spans[s + 1]);
            let limit = sentence_end_after(ctx, s + 2, e.max(s + 3));
            phrase = ctx.speaker_after(s + 2, limit);
            used.insert(s + 1);
        } else if is(verb, "fremgår") && ctx.t(s + 2) == "af" {
            cue_span = Some(ctx.toks.span(s + 1, s + 3));
            phrase = issuer(ctx, s + 3, e);
        } else if is(verb, "lyder") && ctx.t(s + 2) == "det" && ctx.t(s + 3) == "fra" {
            cue_span = Some(ctx.toks.span(s + 1, s + 4));
            phrase = ctx.speaker_after(s + 4, e);
        }
        if let (Some(cue), Some(ph)) = (cue_span, phrase) {
            // News outlets are sources (see `sources`), not speakers.
            if !phrase_is_media(ctx, &ph) {
                let (ps0, _) = para_sentences[p];
                let (from, to) = if si > ps0 {
                    (doc.sentences[ps0].tokens.start, s)
                } else if p > 0 && para_sentences[p - 1].0 != usize::MAX {
                    let (a, b) = para_sentences[p - 1];
                    (
                        doc.sentences[a].tokens.start,
                        doc.sentences[b - 1].tokens.end,
                    )
                } else {
                    (s, s)
                };
                let to = trim_end(ctx, from, to);
                if to > from {
                    let from = if is_dash(ctx.t(from)) { from + 1 } else { from };
                    out.push(Cand::reported(ctx.toks.span(from, to), cue, ph));
                }
            }
            return;
        }
    }

    let mut k = s;
    // Only `ifølge` and speech verbs start reported speech: from one to the next.
    while let Some(cue) = ctx.cue_from(k).filter(|&c| c < e) {
        k = cue;
        let w = ctx.t(k);
        // `ifølge X`, when not part of an attribution already (`sagde han ifølge AFP`).
        if ctx.bits[k] & speech::IFOLGE != 0 {
            let before_has_cue = (s..k).any(|j| ctx.cue(j));
            if !before_has_cue && let Some(ph) = ctx.speaker_after(k + 1, e) {
                if !phrase_is_media(ctx, &ph) && !is_document(ctx, &ph) {
                    let (from, to) = if k == s {
                        let mut f = ph.end;
                        if ctx.t(f) == "," {
                            f += 1;
                        }
                        (f, trim_end(ctx, f, e))
                    } else if ctx.t(k - 1) == "," && attribution_ends(ctx, ph.end, e) {
                        (s, k - 1)
                    } else {
                        (s, trim_end(ctx, s, e))
                    };
                    if to > from {
                        // The verb of the reported clause is not a second attribution.
                        for j in ph.end..e {
                            if ctx.cue(j) {
                                used.insert(j);
                            }
                        }
                        out.push(Cand::reported(
                            ctx.toks.span(from, to),
                            ctx.toks.spans[k],
                            ph,
                        ));
                        return;
                    }
                }
                k = ph.end;
                continue;
            }
        }
        // Capitalized mid-sentence is a name, never a speech verb.
        if ctx.cue(k) && (k == s || !is_cap(w)) && !used.contains(&k) {
            // `…, oplyser politiet.`: the attribution closes the sentence.
            if k > s && ctx.t(k - 1) == "," && ctx.bits[k] & speech::FINITE_CUE != 0 {
                let limit = sentence_end_after(ctx, k, e);
                if let Some(ph) = ctx.speaker_after(k + 1, limit)
                    && attribution_ends(ctx, ph.end, limit)
                    && ctx.t(ph.end) != ","
                    && ctx.t(k + 1) != "at"
                {
                    let from = if is_dash(ctx.t(s)) { s + 1 } else { s };
                    if k - 1 > from {
                        used.insert(k);
                        out.push(Cand::reported(
                            ctx.toks.span(from, k - 1),
                            ctx.toks.spans[k],
                            ph,
                        ));
                        return;
                    }
                }
            }
            // `X siger, at …` / `I går oplyste politiet, at …` / `X siger til DR, at …`.
            let window = (k + 12).min(e);
            let at = (k + 1..window)
                .take_while(|&j| !matches!(ctx.t(j), "." | ":" | ";") && !is_quote_mark(ctx.t(j)))
                .find(|&j| ctx.t(j) == "at" || (j == k + 2 && ctx.t(k + 1) == ","));
            if let Some(at) = at {
                let clause_start = if ctx.t(at) == "at" { at + 1 } else { at };
                let mid_end = if ctx.t(at - 1) == "," { at - 1 } else { at };
                let phrase = ctx
                    .speaker_after(k + 1, mid_end)
                    .filter(|ph| ph.end == mid_end || is_speaker_stop(ctx.t(ph.end)))
                    .or_else(|| ctx.subject_before(clause_start_before(ctx, s, k), k));
                let to = trim_end(ctx, clause_start, e);
                if let Some(ph) = phrase
                    && to > clause_start
                {
                    // A speaker after the verb, or a subject at the clause start.
                    used.insert(k);
                    out.push(Cand::reported(
                        ctx.toks.span(clause_start, to),
                        ctx.toks.spans[k],
                        ph,
                    ));
                    return;
                }
            }
        }
        k += 1;
    }
}

/// Where the clause holding token `k` starts: after `, men` / `, og` / `, mens`
/// / `;` before it (`Ankefristen er 14 dage, men forsvareren siger, at …`), else
/// at the sentence start `s`.
fn clause_start_before(ctx: &Ctx, s: usize, k: usize) -> usize {
    (s..k)
        .rev()
        .find(|&j| {
            ctx.t(j) == ";"
                || (ctx.t(j) == "," && matches!(ctx.t(j + 1), "men" | "og" | "mens" | "så"))
        })
        .map_or(s, |j| if ctx.t(j) == ";" { j + 1 } else { j + 2 })
}

/// The issuer after `fremgår af`: `en meddelelse fra Det Hvide Hus`.
fn issuer(ctx: &Ctx, i: usize, e: usize) -> Option<Phrase> {
    let mut j = i;
    while j < e && j < i + 6 {
        let w = ctx.t(j);
        if matches!(w, "fra" | "hos") {
            return ctx.speaker_after(j + 1, e);
        }
        if is_cap(w) {
            return ctx.speaker_after(j, e);
        }
        j += 1;
    }
    None
}

/// True when a phrase names a news outlet (`Reuters`, `tv-stationerne CNN`).
fn phrase_is_media(ctx: &Ctx, ph: &Phrase) -> bool {
    let first = ctx.token_at(ph.span.start);
    if first > 0 && crate::sources::is_media_head(ctx.t(first - 1)) {
        return true;
    }
    let text = ctx.text(ph.span);
    let base = crate::names::strip_apostrophe_genitive(text);
    lookup(text)
        .or_else(|| lookup(base))
        .is_some_and(|(_, kind)| is_media(kind))
}

/// True when `ifølge` names a document, not someone who said it
/// (`ifølge anklageskriftet`, `ifølge en ny rapport`).
fn is_document(ctx: &Ctx, ph: &Phrase) -> bool {
    const NOUNS: &[&str] = &[
        "mål",
        "tidsplan",
        "oplysning",
        "data",
        "skøn",
        "vurdering",
        "anklageskrift",
        "udspil",
        "rapport",
        "undersøgelse",
        "opgørelse",
        "prognose",
        "aftale",
        "forslag",
        "lov",
        "tal",
        "beregning",
        "meddelelse",
        "plan",
        "dom",
        "kendelse",
        "analyse",
        "notat",
        "budget",
        "regnskab",
        "statistik",
        "måling",
        "meningsmåling",
        "dokument",
        "redegørelse",
        "beretning",
        "oversigt",
        "liste",
    ];
    if !matches!(ph.who, Who::Description) {
        return false;
    }
    let text = lower(ctx.text(ph.span)).into_owned();
    let head = text.split_whitespace().last().unwrap_or("");
    NOUNS.iter().any(|n| {
        head.starts_with(n)
            || head.ends_with(&format!("{n}et"))
            || head.ends_with(&format!("{n}en"))
    })
}

/// Gender of a person name by its first name: Some(true) female, Some(false) male.
fn gender(name: &str) -> Option<bool> {
    match name_bits(name.split_whitespace().next()?) {
        0 => None,
        2 => Some(false),
        _ => Some(true),
    }
}

/// Resolution state: who was cited or was a subject, sentence by sentence.
#[derive(Debug, Clone, Copy)]
struct Event {
    sentence: usize,
    who: Ref,
    cited: bool,
    /// A person (not an organization), worked out once.
    person: bool,
    /// Female (true) or male (false), when the first name tells.
    female: Option<bool>,
}

/// A person name heading a sentence (`Karina Lund er …`, `USA's præsident,
/// Donald Trump, vil …`): the NER PER mention, else a run of two or more
/// capitalized words, among its first words.
fn sentence_subject(ctx: &Ctx, s: usize, e: usize) -> Option<Ref> {
    let first = ctx.t(s);
    if is_dash(first) || is_quote_mark(first) {
        return None;
    }
    let limit = (s + 8).min(e);
    // Without NER: the subject phrase, with appositions (`Direktør for H.C.
    // Andersens Hus, Lotte Kjeldsen Bro, glæder sig`).
    if ctx.doc.mentions.is_empty()
        && let Some(Phrase {
            who: Who::Name { tokens, .. },
            ..
        }) = ctx.subject_before(s, e)
        && (tokens.1 - tokens.0 >= 2 || first_name(ctx.t(tokens.0)))
    {
        let name = ctx.text(ctx.toks.span(tokens.0, tokens.1));
        if lookup(name).is_none() && !source_pattern(name) {
            return Some(Ref::Name(tokens.0, tokens.1));
        }
    }
    let mut j = s;
    while j < limit {
        if let Some((end, label, entity)) = ctx.mention_at(j) {
            if label == EntityLabel::Per {
                return Some(entity.map_or(Ref::Name(j, end), Ref::Entity));
            }
            j = end;
            continue;
        }
        let w = ctx.t(j);
        if (j == s || !is_cap(w)) && (ctx.cue(j) || is_aux(w)) {
            return None;
        }
        if is_cap(w) && ctx.doc.mentions.is_empty() {
            let mut r = j;
            while r < limit && is_cap(ctx.t(r)) && !is_punct(ctx.t(r)) {
                r += 1;
            }
            let name: Vec<&str> = (j..r).map(|k| ctx.t(k)).collect();
            let joined = name.join(" ");
            let determiner = matches!(name[0], "Det" | "Den" | "De" | "En" | "Et" | "I")
                || is_subject_stop(name[0])
                || is_speaker_stop(name[0]);
            let plausible = j > s || (j..r).any(|k| first_name(ctx.t(k)));
            if r - j >= 2
                && plausible
                && !determiner
                && lookup(&joined).is_none()
                && !source_pattern(&joined)
                && let Some(Phrase {
                    who: Who::Name { tokens, .. },
                    ..
                }) = ctx.phrase(j, r)
            {
                return Some(Ref::Name(tokens.0, tokens.1));
            }
            j = r;
            continue;
        }
        j += 1;
    }
    None
}

/// Every `title Name` in the text (`Skatteminister Rasmus Holm`, `kulturminister
/// Lotte Brandt`), with its position, for descriptions such as `ministeren`.
fn titled_names(ctx: &Ctx) -> Vec<(usize, String, Ref)> {
    let mut out = Vec::new();
    for &k in &ctx.before_caps {
        let w = ctx.t(k);
        if !is_title(w) {
            continue;
        }
        let r = if let Some((end, label, entity)) = ctx.mention_at(k + 1) {
            if label != EntityLabel::Per {
                continue;
            }
            entity.map_or(Ref::Name(k + 1, end), Ref::Entity)
        } else {
            let mut end = k + 1;
            while end < ctx.toks.len() && is_cap(ctx.t(end)) && !is_punct(ctx.t(end)) {
                end += 1;
            }
            if end - (k + 1) < 2 {
                continue;
            }
            Ref::Name(k + 1, end)
        };
        out.push((ctx.toks.spans[k].start, lower(w).into_owned(), r));
    }
    out
}

/// Resolves speakers in text order and turns names into entities.
fn resolve(ctx: &Ctx, cands: &mut [Cand], entities: &mut Vec<Entity>) {
    let doc = ctx.doc;
    let sentence_of = |pos: usize| doc.sentences.partition_point(|s| s.span.end <= pos);
    let mut events: Vec<Event> = Vec::new();
    let mut titles: Vec<(String, Ref)> = Vec::new();
    let titled = titled_names(ctx);
    let mut order: Vec<usize> = (0..cands.len()).collect();
    order.sort_by_key(|&i| cands[i].at);
    let mut next_sentence = 0;
    let name_of = |r: Ref, entities: &Vec<Entity>| -> String {
        match r {
            Ref::Entity(e) => entities
                .get(e)
                .map_or(String::new(), |x| x.canonical.clone()),
            Ref::Name(a, b) => ctx.text(ctx.toks.span(a, b)).to_string(),
        }
    };
    let is_person = |r: Ref, entities: &Vec<Entity>| match r {
        Ref::Entity(e) => entities.get(e).is_some_and(|x| x.label == EntityLabel::Per),
        Ref::Name(a, b) => {
            let text = ctx.text(ctx.toks.span(a, b));
            lookup(text).is_none() && !source_pattern(text)
        }
    };
    for &ci in &order {
        let at_sentence = sentence_of(cands[ci].at);
        while next_sentence <= at_sentence && next_sentence < doc.sentences.len() {
            let t = &doc.sentences[next_sentence].tokens;
            if let Some(r) = sentence_subject(ctx, t.start, t.end) {
                events.push(Event {
                    sentence: next_sentence,
                    who: r,
                    cited: false,
                    person: is_person(r, entities),
                    female: gender(&name_of(r, entities)),
                });
            }
            next_sentence += 1;
        }
        let Some(ph) = cands[ci].phrase else {
            continue;
        };
        let resolved = match ph.who {
            Who::Name { tokens, entity } => {
                let r = entity.map_or(Ref::Name(tokens.0, tokens.1), Ref::Entity);
                if let Some(t) = ph.title {
                    titles.push((lower(ctx.t(t)).into_owned(), r));
                }
                Some(r)
            }
            Who::Pronoun => {
                let pron = lower(ctx.text(ph.span)).into_owned();
                let want = match pron.as_str() {
                    "han" => Some(false),
                    "hun" => Some(true),
                    _ => None,
                };
                if pron == "de" {
                    None
                } else {
                    // The most recent sentence with a fitting person; cited first.
                    let fits = |ev: &Event| ev.person && ev.female.is_none_or(|g| Some(g) == want);
                    let mut best: Option<&Event> = None;
                    for ev in events.iter().rev().filter(|ev| fits(ev)) {
                        match best {
                            None => best = Some(ev),
                            Some(b) if b.sentence != ev.sentence => break,
                            Some(b) if ev.cited && !b.cited => best = Some(ev),
                            Some(_) => {}
                        }
                    }
                    best.map(|ev| ev.who)
                }
            }
            Who::Description => {
                // `ministeren` → the person titled `sundhedsminister` before.
                let words = parts(ctx.text(ph.span));
                let head = words.last().map_or("", |w| definite_stem(w));
                let at = cands[ci].at;
                let titled_before = || {
                    titled
                        .iter()
                        .rev()
                        .filter(|(pos, _, _)| *pos < at)
                        .find(|(_, t, _)| definite_stem(t).ends_with(head))
                        .map(|(_, _, r)| *r)
                };
                let org_before = || {
                    let word = words.first().map_or("", String::as_str);
                    events
                        .iter()
                        .rev()
                        .filter(|ev| ev.cited && !ev.person)
                        .find(|ev| {
                            word.len() >= 6
                                && name_of(ev.who, entities).to_lowercase().ends_with(word)
                        })
                        .map(|ev| ev.who)
                };
                if words.len() == 1 && head.chars().count() >= 4 {
                    titles
                        .iter()
                        .rev()
                        .find(|(t, _)| definite_stem(t).ends_with(head))
                        .map(|(_, r)| *r)
                        .or_else(titled_before)
                        .or_else(org_before)
                } else {
                    None
                }
            }
        };
        cands[ci].resolved = resolved;
        if let Some(r) = resolved {
            events.push(Event {
                sentence: at_sentence,
                who: r,
                cited: true,
                person: is_person(r, entities),
                female: gender(&name_of(r, entities)),
            });
        }
    }
}

/// A noun without its definite ending: `ministeren` → `minister`,
/// `formanden` → `formand`.
fn definite_stem(word: &str) -> &str {
    for suffix in ["en", "et", "n"] {
        if let Some(stem) = word.strip_suffix(suffix)
            && stem.chars().count() >= 4
        {
            return stem;
        }
    }
    word
}

/// True for names shaped like an authority or organization (`Københavns Politi`).
fn source_pattern(text: &str) -> bool {
    let last = text.split_whitespace().last().unwrap_or("");
    let l = last.to_lowercase();
    last == "Politi"
        || [
            "ministeriet",
            "styrelsen",
            "tilsynet",
            "kommune",
            "rådet",
            "retten",
            "partiet",
            "banken",
        ]
        .iter()
        .any(|e| l.ends_with(e))
}

/// The entity a fallback name belongs to: an existing one with the same name, a
/// spelling variant or a fuller form, or a new one.
fn entity_for(
    ctx: &Ctx,
    name: &str,
    full_names: &[(usize, String)],
    at: usize,
    entities: &mut Vec<Entity>,
) -> usize {
    let name = crate::names::strip_apostrophe_genitive(name);
    let key = compact(name);
    let words = parts(name);
    let same_compact = |f: &str| {
        f.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .eq(key.chars())
    };
    let n_words = words.len();
    let found = entities.iter().position(|e| {
        e.forms.iter().any(|(f, _)| {
            same_compact(f)
                || (n_words >= 2
                    && f.split_whitespace().count() == n_words
                    && spelling_variants(f, name))
                || (n_words == 1
                    && e.label == EntityLabel::Per
                    && f.split_whitespace().any(|w| w.to_lowercase() == words[0]))
        })
    });
    if let Some(i) = found {
        let e = &mut entities[i];
        match e.forms.iter_mut().find(|(f, _)| f == name) {
            Some((_, n)) => *n += 1,
            None => e.forms.push((name.to_string(), 1)),
        }
        return i;
    }
    let label = if lookup(name).is_some() || source_pattern(name) {
        EntityLabel::Org
    } else {
        EntityLabel::Per
    };
    let mut forms = vec![(name.to_string(), 1)];
    if words.len() == 1 && label == EntityLabel::Per {
        // A short form: the nearest full name before it with this word.
        let full = full_names
            .iter()
            .rev()
            .find(|(pos, f)| *pos < at && parts(f).contains(&words[0]))
            .or_else(|| {
                full_names
                    .iter()
                    .find(|(_, f)| parts(f).contains(&words[0]))
            });
        if let Some((_, f)) = full {
            forms.insert(0, (f.clone(), 1));
        }
    }
    // A known organization keeps the lexicon's canonical name (`DI` → `Dansk Industri`).
    let canonical = match lookup(name) {
        Some((canonical, _)) => canonical.to_string(),
        None => crate::entities::canonical_name(forms.iter().map(|(f, n)| (f.as_str(), *n as u64))),
    };
    let _ = ctx;
    entities.push(Entity {
        id: crate::entities::entity_id(label, &canonical),
        canonical,
        label,
        forms,
    });
    entities.len() - 1
}

/// Runs of two or more capitalized words in the text, as candidate full names for
/// short forms (`Rutte` → `Mark Rutte`) when NER did not run.
fn full_names(ctx: &Ctx) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let n = ctx.toks.len();
    let mut i = 0;
    while i < n {
        let mut j = i;
        while j < n && is_cap(ctx.t(j)) && !is_punct(ctx.t(j)) {
            j += 1;
        }
        if j < i + 2 {
            i = j.max(i + 1);
            continue;
        }
        let mut a = i;
        while a < j
            && (is_subject_stop(ctx.t(a))
                || is_speaker_stop(ctx.t(a))
                || is_title(ctx.t(a))
                || matches!(ctx.t(a), "Det" | "Den" | "De" | "En" | "Et"))
        {
            a += 1;
        }
        if j >= a + 2 {
            let name: Vec<&str> = (a..j).map(|k| ctx.t(k)).collect();
            out.push((ctx.toks.spans[a].start, name.join(" ")));
        }
        i = j.max(i + 1);
    }
    out
}

/// Drops candidates that other candidates contain, moving the attribution of
/// reported speech onto the partial quotes inside it.
fn merge(mut cands: Vec<Cand>) -> Vec<Cand> {
    cands.sort_by_key(|c| (c.span.start, std::cmp::Reverse(c.span.end)));
    let mut keep = vec![true; cands.len()];
    for i in 0..cands.len() {
        for j in 0..cands.len() {
            if i == j || !keep[i] || !keep[j] {
                continue;
            }
            let (a, b) = (&cands[i], &cands[j]);
            let inside = b.span.start >= a.span.start && b.span.end <= a.span.end;
            if !inside || a.span == b.span && i > j {
                continue;
            }
            match (a.origin, b.origin) {
                // Partial direct quote inside reported speech: the quote wins.
                (Source::Indirect, Source::Mark) => {
                    if b.phrase.is_none() {
                        let (phrase, cue, at) = (a.phrase, a.cue, a.at);
                        let b = &mut cands[j];
                        b.phrase = phrase;
                        b.cue = cue;
                        b.at = at;
                        b.inherits = false;
                    }
                    keep[i] = false;
                }
                _ => keep[j] = false,
            }
        }
    }
    cands
        .into_iter()
        .zip(keep)
        .filter(|(c, k)| *k && (c.phrase.is_some() || c.inherits))
        .map(|(c, _)| c)
        .collect()
}

/// Extracts the quotes of an article: the quotes, and entities to add for speakers
/// NER did not name.
pub fn extract(article: &Article, doc: &Doc) -> (Vec<Quote>, Vec<Entity>) {
    let mut entities = doc.entities.clone();
    let quotes = extract_into(article, doc, &mut entities);
    (quotes, entities)
}

/// [`extract`], adding the new entities to `entities` (the doc's own, which the
/// extraction does not read from `doc`).
fn extract_into(article: &Article, doc: &Doc, entities: &mut Vec<Entity>) -> Vec<Quote> {
    let ctx = Ctx::new(article, doc);
    let mut cands = merge(candidates(&ctx, article));
    resolve(&ctx, &mut cands, entities);
    // Quotes without their own attribution take the speaker of the quote next to
    // them in the same run of paragraphs (the one before, else the one after),
    // or the last one cited.
    for i in 0..cands.len() {
        if !cands[i].inherits {
            continue;
        }
        let prev = (0..i)
            .rev()
            .find(|&j| !cands[j].inherits && cands[j].phrase.is_some());
        let next = (i + 1..cands.len()).find(|&j| !cands[j].inherits && cands[j].phrase.is_some());
        // Overlapping candidates (a > b) are as close as quotes get.
        let gap = |a: usize, b: usize| a >= b || article.text[a..b].matches('\n').count() <= 2;
        let pick = match (prev, next) {
            (Some(p), _)
                if cands[p].origin != Source::Indirect
                    && gap(cands[p].span.end, cands[i].span.start) =>
            {
                Some(p)
            }
            (_, Some(n)) if gap(cands[i].span.end, cands[n].span.start) => Some(n),
            (Some(p), _) => Some(p),
            _ => None,
        };
        if let Some(p) = pick {
            cands[i].phrase = cands[p].phrase;
            cands[i].resolved = cands[p].resolved;
        }
    }
    // Full names and the entity of each fallback name, worked out once.
    let mut names: Option<Vec<(usize, String)>> = None;
    let mut known: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    cands
        .iter()
        .filter(|c| c.phrase.is_some() || !c.inherits)
        .map(|c| {
            let speaker = c.phrase.map(|ph| {
                let entity = c.resolved.map(|r| match r {
                    Ref::Entity(e) => e,
                    Ref::Name(a, b) => {
                        let span = ctx.toks.span(a, b);
                        let name = ctx.text(span);
                        if let Some(&e) = known.get(name) {
                            return e;
                        }
                        // Full names are only needed to lengthen a one-word name.
                        let single = !name.contains(char::is_whitespace);
                        let names: &[(usize, String)] = if single {
                            names.get_or_insert_with(|| full_names(&ctx))
                        } else {
                            &[]
                        };
                        let e = entity_for(&ctx, name, names, span.start, entities);
                        known.insert(name, e);
                        e
                    }
                });
                Speaker {
                    span: ph.span,
                    entity,
                }
            });
            Quote {
                span: c.span,
                direct: c.direct,
                cue: c.cue,
                speaker,
            }
        })
        .collect()
}

/// The pipeline step that fills [`Doc::quotes`] (in text order) and adds an entity
/// for each named speaker NER did not produce. Run it after the entity linker.
#[derive(Debug, Default, Clone, Copy)]
pub struct QuoteExtractor;

impl kilde_nlp::Component for QuoteExtractor {
    fn name(&self) -> &'static str {
        "quotes"
    }

    fn process(&self, article: &Article, doc: &mut Doc) {
        let mut entities = std::mem::take(&mut doc.entities);
        let mut quotes = extract_into(article, doc, &mut entities);
        quotes.sort_by_key(|q| q.span.start);
        doc.quotes = quotes;
        doc.entities = entities;
    }
}

/// The speaker's name for reports and scoring: the entity's canonical name when
/// it resolves to one, otherwise the words at the attribution.
pub fn speaker_name<'a>(article: &'a Article, doc: &'a Doc, quote: &Quote) -> Option<&'a str> {
    let speaker = quote.speaker.as_ref()?;
    let name = speaker
        .entity
        .and_then(|e| doc.entities.get(e))
        .map_or(&article.text[speaker.span.range()], |e| {
            e.canonical.as_str()
        });
    // A known organization by its canonical name (`DI` → `Dansk Industri`).
    Some(lookup(name).map_or(name, |(canonical, _)| canonical))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every first name is known in any case, through the table or (beyond
    /// Latin-1) the sets, with its gender.
    #[test]
    fn first_names_in_any_case() {
        for (names, female) in [(FEMALE, true), (MALE, false)] {
            for name in names {
                for form in [name.to_string(), name.to_uppercase()] {
                    assert!(first_name(&form), "{form}");
                    let both = FEMALE.contains(name) && MALE.contains(name);
                    assert_eq!(gender(&form), Some(female || both), "{form}");
                }
            }
        }
        assert!(first_name("Maroš") && !first_name("Huset") && gender("Huset Jensen").is_none());
    }
}
