//! Time expressions, found in Danish news copy and resolved against the article's date.
//!
//! [`TimeTagger`] walks the tokens of each sentence once, left to right, and at each
//! token tries the few rules its (lowercased) word can start: `i går`, `torsdag aften
//! amerikansk tid`, `senest ved udgangen af maj`, `for tre år siden`, `8. marts 2018`,
//! `i 1990'erne`, `til jul`, `kl. 14.30`, `i tre dage`, … The longest match starting at
//! a token wins and the walk goes on after it, so the work is linear in the tokens.
//!
//! **Values** are ISO 8601 / TIMEX3-style at their real precision: a day `2018-03-08`,
//! a week `2018-W10` (a weekend `2018-W09-WE`), a month `2018-02`, a season or quarter
//! `2018-SU` / `2017-Q4`, a year `2017`, an interval `2018-05-21/2018-05-31`
//! (`1990/1999` for a decade), a duration `P3D`, a clock time `2018-03-08T14:30`.
//!
//! **A month-only article date** (`date 2018-03`) is never turned into an invented
//! day. A relative expression is resolved for every day the article could have been
//! written on: when all agree the value is exact (`i sidste måned` → `2018-02`);
//! when a few days or weeks remain they are given as candidates joined by `|`
//! (`torsdag` → `2018-03-01|2018-03-08|…`, precision `candidates`); otherwise the
//! article's month is given (`i går` → `2018-03`). Both of the latter set `uncertain`.
//!
//! **Which one** (the documented rules):
//! - A bare weekday is the most recent such day on or before the article date
//!   (news reports what happened), or the next one on or after it when its clause
//!   points forward (`skal`, `vil`, `ventes`, and the present tenses news uses for
//!   scheduled events: `fortsætter`, `mødes`, `bliver`, …). The clause's tense is
//!   read from the nearest marker word (see `lexicon`), no tagger needed.
//!   `i torsdags`, `sidste torsdag`: strictly before; `på torsdag`, `næste
//!   torsdag`: strictly after; `torsdag i næste uge`: that week's.
//! - A month, day, season or holiday without a year (`i maj`, `8. marts`, `jul`) is
//!   the occurrence nearest the article date, or the next (previous) one when the
//!   clause points forward (back); `til jul`, `senest …`, `inden …` point forward.
//! - `i weekenden` is the weekend just past early in the week (Monday–Wednesday)
//!   and the coming one later, unless the clause says otherwise.
//! - `starten`/`midten`/`slutningen af X` are the first, middle and last third of
//!   X; `udgangen af X` is its last day.
//! - `natten til søndag` is the interval Saturday/Sunday; `jul` 24–26 December;
//!   `påsken` Maundy Thursday to Easter Monday (Easter computed); `uge 12` the ISO
//!   week; `1800-tallet` 1800/1899.
//!
//! **Spans** include the words that carry meaning (`i`, `på`, `til`, `hele`,
//! `senest`, `inden`, `ved`, `for … siden`, `om`) but not `fra`, `siden`, `efter`.
//! **Not tagged**: recurrences (`hver torsdag`, `en torsdag`), vague references
//! (`for nylig`, `de kommende år`), numbers that are quantities (`2017 personer`,
//! `i 2000 meters højde`), names (`Marts Nielsen`, `August Krogh`).
//!
//! **Roles**: `deadline` after `senest`, `inden`, `før udgangen af`, `deadline`,
//! `frist`; `duration` for lengths (`i tre dage`); otherwise `past`, `plan` or
//! `present` by where the value lies relative to the article date, or by the
//! expression itself (`i går` is past, `om to uger` a plan).
//!
//! ```
//! use kilde_core::{Article, TimePrecision};
//! use kilde_nlp::Pipeline;
//! use kilde_news::times::TimeTagger;
//!
//! let article = Article::new(
//!     "2018-03".parse().unwrap(),
//!     "Mødet holdes senest ved udgangen af maj. Det skete i sidste måned.".into(),
//! );
//! let doc = Pipeline::danish().with(TimeTagger).analyze(&article);
//! let values: Vec<&str> = doc.times.iter().map(|t| t.value.as_str()).collect();
//! assert_eq!(values, ["2018-05-31", "2018-02"]);
//! assert_eq!(doc.times[1].precision, TimePrecision::Month);
//! ```

mod lexicon;
mod value;

use std::borrow::Cow;
use std::cell::{Cell, OnceCell};
use std::ops::Range;
use std::sync::LazyLock;

use jiff::civil::{Date, Weekday};
use kilde_core::{Article, ArticleDate, Doc, Sentence, Span, TimeExpression, TimeRole};
use kilde_nlp::Component;

use crate::speech::{KeyTable, Scan, key, key_at};

use lexicon::{Holiday, SeasonForm, Unit};
use value::{
    Grain, Season, Val, add_days, add_months, easter, monday, month_first, month_last,
    weekday_after, weekday_before, ymd,
};

/// Pipeline component: fills [`Doc::times`] from the tokens and sentences.
#[derive(Debug, Default, Clone, Copy)]
pub struct TimeTagger;

impl Component for TimeTagger {
    fn name(&self) -> &'static str {
        "times"
    }

    fn process(&self, article: &Article, doc: &mut Doc) {
        doc.times = tag(&article.text, &doc.tokens, &doc.sentences, article.date);
    }
}

/// The time expressions of `text`, in text order, never overlapping.
///
/// `tokens` and `sentences` are those of [`Doc`]; without sentences the whole text
/// is one. Without a `date`, only expressions that carry their own date (`8. marts
/// 2018`, `i 2017`) and durations are given.
pub fn tag(
    text: &str,
    tokens: &[Span],
    sentences: &[Sentence],
    date: Option<ArticleDate>,
) -> Vec<TimeExpression> {
    let low = match lowercase_text(text) {
        Some(lowered) => Lower::Text(lowered),
        None => Lower::Tokens(vec![OnceCell::new(); tokens.len()]),
    };
    let mut parser = Parser {
        text,
        tokens,
        low: &low,
        sent: 0..0,
        anchor: date.and_then(Anchor::new),
        forced: Cell::new(None),
    };
    let mut ranges: Vec<Range<usize>> = sentences.iter().map(|s| s.tokens.clone()).collect();
    if ranges.is_empty() {
        ranges.push(0..tokens.len());
    }
    let scan = Scan::new(text);
    let candidates = candidates(&scan, tokens);
    let mut times = Vec::new();
    for range in ranges {
        parser.sent = range.start.min(tokens.len())..range.end.min(tokens.len());
        let mut hits = Vec::new();
        let mut i = parser.sent.start;
        let mut c = candidates.partition_point(|&k| k < i);
        loop {
            // On to the next token the filters let through; none before it starts a rule.
            while candidates.get(c).is_some_and(|&k| k < i) {
                c += 1;
            }
            let Some(&k) = candidates.get(c).filter(|&&k| k < parser.sent.end) else {
                debug_assert!((i..parser.sent.end).all(|j| parser.expr(j).is_none()));
                break;
            };
            debug_assert!((i..k).all(|j| parser.expr(j).is_none()), "{}", parser.w(i));
            i = k;
            let next = tokens.get(i + 1).filter(|_| i + 1 < parser.sent.end);
            let needs = starts(&scan, tokens[i], next.copied());
            if needs == 0 || needs != ANY_NEXT && !next_fits(needs, parser.w(i + 1)) {
                debug_assert!(parser.expr(i).is_none(), "{} starts a rule", parser.w(i));
                i += 1;
                continue;
            }
            match parser.expr(i) {
                Some(hit) if hit.end > i => {
                    i = hit.end;
                    hits.push(parser.deadline_cue(hit));
                }
                _ => i += 1,
            }
        }
        // A clock time joins the day next to it only within one sentence.
        for hit in merge_clock_times(hits) {
            // `for 999999 dage siden`: no year 0 or before in an ISO 8601 value.
            if hit.val.range().is_some_and(|(a, _)| a.year() < 1) {
                continue;
            }
            times.push(parser.finish(hit, tokens));
        }
    }
    times
}

/// The tokens lowercased, as the rules read them.
enum Lower<'t> {
    /// The whole text lowercased, every character keeping its length, so that a
    /// token's span in it holds the token's lower case (see [`lowercase_text`]).
    Text(String),
    /// Each token lowercased by [`lowercase`] when first read, for the rare text
    /// whose characters do not allow the above.
    Tokens(Vec<OnceCell<Cow<'t, str>>>),
}

/// The text with every capital lowercased, when that gives each token its
/// [`lowercase`] at the same byte offsets: when every character that lower case
/// changes is a capital whose lower case is one character of the same length (as
/// in ASCII and Latin-1). `None` otherwise (`İ`, the Kelvin sign, titlecase `ǅ`).
fn lowercase_text(text: &str) -> Option<String> {
    let mut low = text.to_ascii_lowercase();
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        // To the next byte beyond ASCII, 16 bytes at a time.
        match bytes
            .get(at..at + 16)
            .and_then(|b| <[u8; 16]>::try_from(b).ok())
        {
            Some(block) => {
                let high = u128::from_le_bytes(block) & 0x8080_8080_8080_8080_8080_8080_8080_8080;
                if high == 0 {
                    at += 16;
                    continue;
                }
                at += (high.trailing_zeros() / 8) as usize;
            }
            None if bytes[at] < 0x80 => {
                at += 1;
                continue;
            }
            None => {}
        }
        match (bytes[at], bytes.get(at + 1)) {
            // Latin-1 but its capitals (U+00C0–U+00DE but U+00D7).
            (0xC2, _) | (0xC3, Some(0x97 | 0x9F..)) => at += 2,
            _ => {
                let c = text.get(at..)?.chars().next()?;
                let mut lower = c.to_lowercase();
                let (one, more) = (lower.next()?, lower.next().is_some());
                if more || one != c {
                    if more || !c.is_uppercase() || one.len_utf8() != c.len_utf8() {
                        return None;
                    }
                    let end = at + c.len_utf8();
                    low.replace_range(at..end, one.encode_utf8(&mut [0; 4]));
                }
                at += c.len_utf8();
            }
        }
    }
    Some(low)
}

/// A token lowercased: the token itself when it has no capitals (most have none),
/// else a lowercased copy.
fn lowercase(word: &str) -> Cow<'_, str> {
    let b = word.as_bytes();
    let mut i = 0;
    // Capitals in ASCII and Latin-1 by their bytes (`A`–`Z`; U+00C0–U+00DE but
    // U+00D7 `×`), anything else by its character.
    let capitals = loop {
        match b.get(i) {
            None => break false,
            Some(b'A'..=b'Z') => break true,
            Some(0..=0x7F) => i += 1,
            Some(0xC3) if matches!(b.get(i + 1), Some(0x80..=0x96 | 0x98..=0x9E)) => break true,
            Some(0xC2 | 0xC3) => i += 2,
            Some(_) => break word[i..].chars().any(char::is_uppercase),
        }
    };
    if !capitals {
        return Cow::Borrowed(word);
    }
    if word.is_ascii() {
        Cow::Owned(word.to_ascii_lowercase())
    } else {
        Cow::Owned(word.chars().flat_map(char::to_lowercase).collect())
    }
}

/// The words of the rules of [`Parser::expr`].
const RULE_WORDS: &[&str] = &[
    "senest",
    "inden",
    "før",
    "i",
    "hele",
    "på",
    "til",
    "op",
    "sidste",
    "forrige",
    "næste",
    "kommende",
    "denne",
    "dette",
    "indeværende",
    "den",
    "d.",
    "ved",
    "mod",
    "med",
    "udgangen",
    "starten",
    "begyndelsen",
    "slutningen",
    "midten",
    "primo",
    "medio",
    "ultimo",
    "sidst",
    "først",
    "midt",
    "tidligere",
    "senere",
    "om",
    "frem",
    "for",
    "natten",
    "kl.",
    "kl",
    "klokken",
    "over",
    "hen",
    "de",
    "uge",
];

/// The lexicon's content triggers (`lexicon::content_trigger`), by kind.
const WEEKDAYS: &[&str] = &[
    "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag",
];
const MONTHS: &[&str] = &[
    "januar",
    "jan.",
    "februar",
    "feb.",
    "marts",
    "mar.",
    "april",
    "apr.",
    "maj",
    "juni",
    "juli",
    "august",
    "aug.",
    "september",
    "sep.",
    "sept.",
    "oktober",
    "okt.",
    "november",
    "nov.",
    "december",
    "dec.",
];
/// Holidays of one word (`fastelavnssøndag` is too long for a table: long words
/// are always tried), and the first words of those of two.
const HOLIDAYS: &[&str] = &[
    "jul",
    "julen",
    "julens",
    "juleaften",
    "juleaftensdag",
    "juleaftens",
    "lillejuleaften",
    "juledag",
    "juledags",
    "nytår",
    "nytåret",
    "nytårs",
    "årsskiftet",
    "nytårsaften",
    "nytårsaftens",
    "nytårsdag",
    "påske",
    "påsken",
    "påskens",
    "påskedag",
    "påskesøndag",
    "skærtorsdag",
    "langfredag",
    "pinse",
    "pinsen",
    "pinsens",
    "pinsedag",
    "pinsesøndag",
    "himmelfartsdag",
    "himmelfart",
    "fastelavn",
    "sankthans",
    "sankthansaften",
    "grundlovsdag",
    "mortensaften",
    "valentinsdag",
    "halloween",
    "1.",
    "første",
    "2.",
    "anden",
    "kristi",
    "store",
    "sankt",
    "kvindernes",
];
const SEASONS: &[&str] = &[
    "forår",
    "foråret",
    "sommer",
    "sommeren",
    "sommers",
    "efterår",
    "høst",
    "efteråret",
    "høsten",
    "vinter",
    "vinteren",
    "vinters",
];
const DECADES_AND_ORDINALS: &[&str] = &[
    "tyverne",
    "trediverne",
    "fyrrerne",
    "halvtredserne",
    "tresserne",
    "halvfjerdserne",
    "firserne",
    "halvfemserne",
    "første",
    "andet",
    "anden",
    "tredje",
    "fjerde",
];

/// What a frequent starter needs of the next token: every rule that can match
/// at it reads the next token and fails unless it is one of a few words (or a
/// number). One bit per kind of starter; [`next_fits`] tells.
const AFTER_I: u16 = 1;
const AFTER_PAA: u16 = 1 << 1;
/// `for … siden`, `om …`: an amount.
const AMOUNT: u16 = 1 << 2;
const AFTER_TIL: u16 = 1 << 3;
/// `med`, `ved`, `mod` + `udgangen af …`.
const EDGE: u16 = 1 << 4;
const AFTER_DEN: u16 = 1 << 5;
const AFTER_DE: u16 = 1 << 6;
const AFTER_OVER: u16 = 1 << 7;
const AFTER_HEN: u16 = 1 << 8;
/// `tidligere`, `senere`.
const AFTER_EARLIER: u16 = 1 << 9;
/// `kl.`, `uge`: a number only.
const NUMBER: u16 = 1 << 10;
/// A starter whatever follows.
const ANY_NEXT: u16 = 1 << 15;

const NEEDS: &[(&str, u16)] = &[
    ("i", AFTER_I),
    ("på", AFTER_PAA),
    ("for", AMOUNT),
    ("om", AMOUNT),
    ("til", AFTER_TIL),
    ("med", EDGE),
    ("ved", EDGE),
    ("mod", EDGE),
    ("den", AFTER_DEN),
    ("d.", AFTER_DEN),
    ("de", AFTER_DE),
    ("over", AFTER_OVER),
    ("hen", AFTER_HEN),
    ("tidligere", AFTER_EARLIER),
    ("senere", AFTER_EARLIER),
    ("kl.", NUMBER),
    ("kl", NUMBER),
    ("klokken", NUMBER),
    ("uge", NUMBER),
];

/// The words that can start an amount (`Parser::amount`): hedges, `et par`, `en
/// halv`, number words. Numbers and compounds with `og` (`enogtyve`) are let
/// through apart.
const AMOUNT_WORDS: &[&str] = &[
    "over",
    "næsten",
    "knap",
    "godt",
    "omkring",
    "cirka",
    "ca.",
    "mindst",
    "under",
    "kun",
    "blot",
    "bare",
    "yderligere",
    "præcis",
    "små",
    "lidt",
    "hele",
    "mere",
    "mindre",
    "op",
    "et",
    "en",
    "én",
    "ét",
    "een",
    "eet",
    "to",
    "tre",
    "fire",
    "fem",
    "seks",
    "syv",
    "otte",
    "ni",
    "ti",
    "elleve",
    "tolv",
    "tretten",
    "fjorten",
    "femten",
    "seksten",
    "sytten",
    "atten",
    "nitten",
    "tyve",
    "tredive",
    "fyrre",
    "fyrretyve",
    "halvtreds",
    "tres",
    "halvfjerds",
    "firs",
    "halvfems",
    "halvanden",
    "halvandet",
    "hundrede",
];

/// The words `Parser::after_i` reads right after `i` besides the lexicon's and
/// amounts: its own cases, and the `s`-forms of the weekdays.
const AFTER_I_WORDS: &[&str] = &[
    "dag",
    "går",
    "morgen",
    "forgårs",
    "overmorgen",
    "aftes",
    "morges",
    "formiddags",
    "eftermiddags",
    "formiddag",
    "eftermiddag",
    "aften",
    "nat",
    "år",
    "års",
    "fjor",
    "fjors",
    "forfjor",
    "forfjors",
    "sidste",
    "forrige",
    "næste",
    "kommende",
    "denne",
    "dette",
    "indeværende",
    "den",
    "weekenden",
    "weekend",
    "løbet",
    "starten",
    "begyndelsen",
    "slutningen",
    "midten",
    "de",
    "hele",
    "uge",
    "mandags",
    "tirsdags",
    "onsdags",
    "torsdags",
    "fredags",
    "lørdags",
    "søndags",
];

/// The starters whatever follows ([`ANY_NEXT`]), and those that need the next
/// token ([`NEEDS`]), apart: each has its own filter, so a frequent preposition
/// is looked up only when a quick look at the next token allows a match.
static STARTERS: LazyLock<[KeyTable<u16>; 2]> = LazyLock::new(|| {
    let mut tables = [KeyTable::default(), KeyTable::default()];
    let lists = [
        RULE_WORDS,
        WEEKDAYS,
        MONTHS,
        HOLIDAYS,
        SEASONS,
        DECADES_AND_ORDINALS,
    ];
    for word in lists.into_iter().flatten() {
        match NEEDS.iter().find(|(w, _)| w == word) {
            Some(&(_, need)) => tables[1].update(word, |v| *v = need),
            None => tables[0].update(word, |v| *v = ANY_NEXT),
        }
    }
    tables
});

/// For each word, the starters ([`NEEDS`]) it may follow.
static NEXT_TABLE: LazyLock<KeyTable<u16>> = LazyLock::new(|| {
    let mut table = KeyTable::default();
    let lists: [(&[&str], u16); 13] = [
        (AMOUNT_WORDS, AFTER_I | AFTER_PAA | AMOUNT),
        (WEEKDAYS, AFTER_PAA),
        (AFTER_I_WORDS, AFTER_I),
        (MONTHS, AFTER_I),
        (SEASONS, AFTER_I | AFTER_TIL),
        (HOLIDAYS, AFTER_I | AFTER_TIL),
        (DECADES_AND_ORDINALS, AFTER_I),
        (
            &[
                "udgangen",
                "starten",
                "begyndelsen",
                "midten",
                "slutningen",
                "primo",
                "medio",
                "ultimo",
                "først",
                "midt",
                "sidst",
            ],
            EDGE,
        ),
        (&["kommende", "forgangne", "forløbne"], AFTER_DEN),
        (
            &[
                "seneste",
                "sidste",
                "forløbne",
                "forgangne",
                "kommende",
                "næste",
                "første",
            ],
            AFTER_DE,
        ),
        (&["weekenden"], AFTER_OVER | AFTER_HEN),
        (&["over"], AFTER_HEN),
        (&["på", "i"], AFTER_EARLIER),
    ];
    for (words, bits) in lists {
        for word in words {
            table.update(word, |v| *v |= bits);
        }
    }
    table
});

/// What [`Parser::expr`] needs to match at the token `text[span]` (see
/// [`NEEDS`]), followed by the token `next` in its sentence; 0 when it cannot
/// match: a table lookup instead of trying every rule, and for a starter that
/// needs the next token only when that token may fit ([`next_may_fit`]).
/// Numbers and words whose lower case is too long for the tables
/// (`fastelavnssøndag`) are left to `expr`.
#[inline]
fn starts(scan: &Scan, span: Span, next: Option<Span>) -> u16 {
    let text = scan.text;
    if text
        .as_bytes()
        .get(span.start)
        .is_some_and(u8::is_ascii_digit)
        || span.len() > 15
    {
        return ANY_NEXT;
    }
    let [any, needing] = &*STARTERS;
    let bit = scan.bit(span);
    if any.may_hold_bit(bit) {
        let need = starter_at(any, text, span);
        if need != 0 {
            return need;
        }
    }
    match next {
        Some(next) if needing.may_hold_bit(bit) && next_may_fit(scan, next) => {
            starter_at(needing, text, span)
        }
        _ => 0,
    }
}

/// The tokens [`starts`] may let through, by the filters alone: one tight pass
/// over every token, so that the rest of the work looks at these only.
fn candidates(scan: &Scan, tokens: &[Span]) -> Vec<usize> {
    let [any, needing] = &*STARTERS;
    let bytes = scan.text.as_bytes();
    let mut out = Vec::new();
    for (k, &span) in tokens.iter().enumerate() {
        let bit = scan.bit(span);
        if bytes.get(span.start).is_some_and(u8::is_ascii_digit)
            || span.len() > 15
            || any.may_hold_bit(bit)
            || needing.may_hold_bit(bit)
        {
            out.push(k);
        }
    }
    out
}

/// A starter's need past the filter, out of line; a word without a key (its
/// lower case leaves Latin-1 or is too long) is left to `expr`.
#[inline(never)]
fn starter_at(table: &KeyTable<u16>, text: &str, span: Span) -> u16 {
    match key_at(text, span) {
        Some(k) => table.get_key(Some(k)),
        None => ANY_NEXT,
    }
}

/// False when the token `text[next]` fits after no starter ([`next_fits`]
/// would say so for each): not a number, not long, no `og`, and rejected by the
/// filter of [`NEXT_TABLE`].
#[inline]
fn next_may_fit(scan: &Scan, next: Span) -> bool {
    let Some(word) = scan.text.as_bytes().get(next.range()) else {
        return true;
    };
    word.first()
        .is_some_and(|&b| b.is_ascii_digit() || b == b'+' || b == b'-')
        || word.len() > 15
        || NEXT_TABLE.may_hold_bit(scan.bit(next))
        || word
            .windows(2)
            .any(|p| p[0] | 0x20 == b'o' && p[1] | 0x20 == b'g')
}

/// True when the (lowercased) word `next` may follow a starter that `needs` it
/// (not [`ANY_NEXT`]): a word of [`NEXT_TABLE`], a number (digits, or a sign:
/// `numeric_date` parses `+5`), a word too long for the table, or a compound
/// number (`enogtyve`). `""` (no next token in the sentence) never fits.
fn next_fits(needs: u16, next: &str) -> bool {
    if next
        .as_bytes()
        .first()
        .is_some_and(|&b| b.is_ascii_digit() || b == b'+' || b == b'-')
    {
        return true;
    }
    let Some(k) = key(next) else {
        return true;
    };
    NEXT_TABLE.get_key(Some(k)) & needs != 0
        || needs & (AFTER_I | AFTER_PAA | AMOUNT) != 0
            && next.as_bytes().windows(2).any(|pair| pair == b"og")
}

/// First bytes that can start an expression: digits, the letters the trigger
/// words begin with, and the lead byte of `å` (`årsskiftet`). Everything else
/// (punctuation, words in b, c, r, w, y, z, …) is skipped at once.
static STARTS: [bool; 256] = {
    let mut table = [false; 256];
    table[0xC3] = true;
    let starts = b"0123456789adefghijklmnopstuv";
    let mut k = 0;
    while k < starts.len() {
        table[starts[k] as usize] = true;
        k += 1;
    }
    table
};

/// The days the article could have been written on.
#[derive(Debug, Clone, Copy)]
struct Anchor {
    first: Date,
    last: Date,
}

impl Anchor {
    fn new(date: ArticleDate) -> Option<Anchor> {
        match date {
            ArticleDate::Day(d) => Some(Anchor { first: d, last: d }),
            ArticleDate::Month { year, month } => Some(Anchor {
                first: month_first(year, month)?,
                last: month_last(year, month)?,
            }),
        }
    }

    fn exact(&self) -> Option<Date> {
        (self.first == self.last).then_some(self.first)
    }

    fn year(&self) -> i16 {
        self.first.year()
    }

    fn month(&self) -> (i16, i8) {
        (self.first.year(), self.first.month())
    }

    /// Days between the anchor and `(a, b)`; 0 when they overlap.
    fn distance(&self, (a, b): (Date, Date)) -> i64 {
        let days = |x: Date, y: Date| (y - x).get_days().into();
        if b < self.first {
            days(b, self.first)
        } else if a > self.last {
            days(self.last, a)
        } else {
            0
        }
    }
}

/// Which way the clause around an expression points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dir {
    Past,
    Future,
    Neutral,
}

/// How to choose among the yearly occurrences of a month, day, season or holiday.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pick {
    /// The one nearest the article date.
    Nearest,
    /// The latest one that has started by the article date.
    LastOrCurrent,
    /// The earliest one that has not ended before the article date.
    NextOrCurrent,
    /// The latest one that ended before the article date.
    Last,
    /// The earliest one that starts after the article date.
    Next,
}

impl From<Dir> for Pick {
    fn from(dir: Dir) -> Pick {
        match dir {
            Dir::Past => Pick::LastOrCurrent,
            Dir::Future => Pick::NextOrCurrent,
            Dir::Neutral => Pick::Nearest,
        }
    }
}

/// A match: tokens `start..end`, its value, and its role when the rule knows it
/// (otherwise it follows from where the value lies relative to the article date).
#[derive(Debug, Clone)]
struct Hit {
    start: usize,
    end: usize,
    val: Val,
    uncertain: bool,
    role: Option<TimeRole>,
    /// Set on a bare clock time, so it can join the day next to it.
    clock: Option<(i8, i8)>,
}

impl Hit {
    fn new(start: usize, end: usize, (val, uncertain): (Val, bool)) -> Hit {
        Hit {
            start,
            end,
            val,
            uncertain,
            role: None,
            clock: None,
        }
    }

    fn role(mut self, role: TimeRole) -> Hit {
        self.role = Some(role);
        self
    }

    fn from(mut self, start: usize) -> Hit {
        self.start = start;
        self
    }
}

struct Parser<'a> {
    text: &'a str,
    tokens: &'a [Span],
    /// The tokens lowercased.
    low: &'a Lower<'a>,
    /// The current sentence; rules never look past it.
    sent: Range<usize>,
    anchor: Option<Anchor>,
    /// A direction imposed by a wrapper (`senest`, `inden`, `til`).
    forced: Cell<Option<Dir>>,
}

/// Words that end the clause an expression's tense is read from.
fn clause_boundary(w: &str) -> bool {
    matches!(
        w,
        "," | ";"
            | ":"
            | "at"
            | "der"
            | "som"
            | "men"
            | "mens"
            | "hvor"
            | "fordi"
            | "\""
            | "„"
            | "“"
            | "»"
            | "«"
            | "-"
            | "–"
    )
}

fn marker(w: &str) -> Option<Dir> {
    if lexicon::future_marker(w) {
        Some(Dir::Future)
    } else if lexicon::past_marker(w) {
        Some(Dir::Past)
    } else {
        None
    }
}

fn year_token(w: &str) -> Option<i16> {
    if w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()) {
        let y: i16 = w.parse().ok()?;
        (1000..=2199).contains(&y).then_some(y)
    } else {
        None
    }
}

/// `8.` → 8.
fn day_number(w: &str) -> Option<i8> {
    let n = w.strip_suffix('.')?;
    if n.is_empty() || n.len() > 2 || !n.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let d: i8 = n.parse().ok()?;
    (1..=31).contains(&d).then_some(d)
}

/// `1990'erne`, `90'erne`, `1990erne` → 1990 (two digits resolved near `year`).
fn decade_token(w: &str, year: Option<i16>) -> Option<i16> {
    let digits = w
        .strip_suffix("'erne")
        .or_else(|| w.strip_suffix("’erne"))
        .or_else(|| w.strip_suffix("erne"))?;
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: i16 = digits.parse().ok()?;
    match digits.len() {
        4 if n % 10 == 0 => Some(n),
        2 if n % 10 == 0 => {
            let this = year.unwrap_or(2000);
            Some(if 2000 + n <= this { 2000 + n } else { 1900 + n })
        }
        _ => None,
    }
}

/// `1800-tallet` → 1800: the century (Danish counts it by its first year).
fn century_token(w: &str) -> Option<i16> {
    let digits = w
        .strip_suffix("-tallet")
        .or_else(|| w.strip_suffix("-tal"))?;
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: i16 = digits.parse().ok()?;
    (n % 100 == 0).then_some(n)
}

/// `14.30`, `14:30`, `8` → (14, 30), (8, 0).
fn clock_token(w: &str) -> Option<(i8, i8)> {
    let (h, m) = match w.split_once(['.', ':']) {
        Some((h, m)) => (h, m),
        None => (w, "00"),
    };
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return None;
    }
    if !h.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (h, m): (i8, i8) = (h.parse().ok()?, m.parse().ok()?);
    (h <= 24 && m < 60).then_some((h, m))
}

/// `31.12.2017` or `2017-12-31`.
fn numeric_date(w: &str) -> Option<Date> {
    if w.len() == 10 && w.as_bytes()[4] == b'-' {
        return w.parse().ok();
    }
    let mut parts = w.split('.');
    let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || d.len() > 2 || m.len() > 2 || y.len() != 4 {
        return None;
    }
    ymd(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

fn holiday_range(h: Holiday, year: i16) -> Option<(Date, Date)> {
    match h {
        Holiday::Easter(a, b) => {
            let e = easter(year)?;
            Some((add_days(e, a)?, add_days(e, b)?))
        }
        Holiday::Fixed((m1, d1), (m2, d2)) => Some((ymd(year, m1, d1)?, ymd(year, m2, d2)?)),
        Holiday::NewYear => Some((ymd(year, 12, 31)?, ymd(year.checked_add(1)?, 1, 1)?)),
    }
}

/// Moves `d` by `n` units; the value has the unit's precision.
fn offset(d: Date, n: f64, unit: Unit) -> Option<Val> {
    let whole = n.fract() == 0.0;
    let months = |k: f64| -> Option<Val> {
        let (y, m) = add_months(d.year(), d.month(), k.round() as i64)?;
        Some(Val::Month(y, m))
    };
    match unit {
        Unit::Day if whole => Some(Val::Day(add_days(d, n as i64)?)),
        Unit::Week if whole => Some(Val::Week(monday(add_days(d, 7 * n as i64)?)?)),
        Unit::Week => Some(Val::Day(add_days(d, (7.0 * n).round() as i64)?)),
        Unit::Month => months(n),
        Unit::Quarter => months(3.0 * n),
        Unit::Year if whole => Some(Val::Year(d.year().checked_add(n as i16)?)),
        Unit::Year => months(12.0 * n),
        Unit::Decade if whole => Some(Val::Year(
            d.year()
                .checked_add(i16::try_from(n as i64).ok()?.checked_mul(10)?)?,
        )),
        _ => None,
    }
}

impl<'a> Parser<'a> {
    /// The lowercased token `i`, or `""` outside the sentence.
    fn w(&self, i: usize) -> &str {
        if !self.sent.contains(&i) {
            return "";
        }
        let text: &'a str = self.text;
        match self.low {
            Lower::Text(low) => self
                .tokens
                .get(i)
                .and_then(|s| low.get(s.range()))
                .unwrap_or(""),
            Lower::Tokens(cells) => cells[i].get_or_init(|| {
                let word = self.tokens.get(i).and_then(|s| text.get(s.range()));
                lowercase(word.unwrap_or(""))
            }),
        }
    }

    /// The token before `i` within the sentence, or `""`.
    fn prev(&self, i: usize) -> &str {
        if i > self.sent.start {
            self.w(i - 1)
        } else {
            ""
        }
    }

    /// A year at token `j`; `2020.` counts unless a lowercase word follows (the
    /// tokenizer keeps the full stop on what looks like an ordinal, as in
    /// `august 2020. 1. maj`; `den 1000. kunde` is an ordinal).
    fn year_at(&self, j: usize) -> Option<i16> {
        let w = self.w(j);
        year_token(w).or_else(|| {
            let y = year_token(w.strip_suffix('.')?)?;
            let lower_word = j + 1 < self.sent.end
                && self
                    .raw(j + 1)
                    .chars()
                    .next()
                    .is_some_and(char::is_lowercase);
            (!lower_word).then_some(y)
        })
    }

    /// A year given after a month or date: `2018`, `næste år`, `sidste år`, `i år`,
    /// `i fjor`; returns the year and how many tokens say it.
    fn explicit_year(&self, k: usize) -> Option<(i16, usize)> {
        if let Some(y) = self.year_at(k) {
            return Some((y, 1));
        }
        let this = self.anchor?.year();
        let shift = match (self.w(k), self.w(k + 1)) {
            ("næste" | "kommende", "år") => 1,
            ("sidste" | "forrige", "år") | ("i", "fjor") => -1,
            ("i", "år") => 0,
            _ => return None,
        };
        Some((this.checked_add(shift)?, 2))
    }

    /// Token `i` as written.
    fn raw(&self, i: usize) -> &str {
        self.tokens
            .get(i)
            .and_then(|s| self.text.get(s.range()))
            .unwrap_or("")
    }

    fn capitalized(&self, i: usize) -> bool {
        self.raw(i).chars().next().is_some_and(char::is_uppercase)
    }

    /// Which way the clause around tokens `start..end` points: the nearest tense
    /// marker within the clause, else within the sentence.
    fn dir(&self, start: usize, end: usize) -> Dir {
        if let Some(dir) = self.forced.get() {
            return dir;
        }
        for bounded in [true, false] {
            let (mut left, mut right) = (true, true);
            for k in 1..=self.sent.len() {
                if left {
                    match start.checked_sub(k).filter(|j| *j >= self.sent.start) {
                        Some(j) if !(bounded && clause_boundary(self.w(j))) => {
                            if let Some(dir) = self.marker(j) {
                                return dir;
                            }
                        }
                        _ => left = false,
                    }
                }
                if right {
                    let j = end + k - 1;
                    if j < self.sent.end && !(bounded && clause_boundary(self.w(j))) {
                        if let Some(dir) = self.marker(j) {
                            return dir;
                        }
                    } else {
                        right = false;
                    }
                }
                if !left && !right {
                    break;
                }
            }
        }
        Dir::Neutral
    }

    /// The tense marker at token `j`. `har` marks the perfect only with a
    /// participle after it (`har indgået`, `har sat`), not as "has" (`Vi har huller
    /// i vagtplanen i hele juli`).
    fn marker(&self, j: usize) -> Option<Dir> {
        let w = self.w(j);
        if w == "har" {
            let participle = (j + 1..j + 5)
                .map(|k| self.w(k))
                .take_while(|w| !w.is_empty() && !clause_boundary(w))
                .any(lexicon::participle);
            return participle.then_some(Dir::Past);
        }
        marker(w)
    }

    /// Runs `inner` with the direction forced to `dir`.
    fn forcing<T>(&self, dir: Dir, inner: impl FnOnce() -> T) -> T {
        let before = self.forced.replace(Some(dir));
        let out = inner();
        self.forced.set(before);
        out
    }

    /// Resolves a relative expression for every day the article may be from.
    fn relative(&self, f: impl Fn(Date) -> Option<Val>) -> Option<(Val, bool)> {
        let anchor = self.anchor?;
        if let Some(d) = anchor.exact() {
            return Some((f(d)?, false));
        }
        let mut vals: Vec<Val> = Vec::new();
        let mut d = anchor.first;
        loop {
            if let Some(v) = f(d)
                && !vals.contains(&v)
            {
                vals.push(v);
                // Seven values or more make the month, whatever the other days give.
                if vals.len() > 6 {
                    break;
                }
            }
            if d >= anchor.last {
                break;
            }
            d = add_days(d, 1)?;
        }
        let pointlike = |v: &Val| {
            matches!(
                v,
                Val::Day(_) | Val::Week(_) | Val::Weekend(_) | Val::Range(_, _, Grain::Day)
            )
        };
        match vals.len() {
            0 => None,
            1 => vals.pop().map(|v| (v, false)),
            2..=6 if vals.iter().all(pointlike) => {
                vals.sort_by_key(|v| v.range().map(|r| r.0));
                Some((Val::Candidates(vals), true))
            }
            _ => {
                let (y, m) = anchor.month();
                Some((Val::Month(y, m), true))
            }
        }
    }

    /// The yearly occurrence of something, chosen by `pick`.
    fn annual(
        &self,
        range: impl Fn(i16) -> Option<(Date, Date)>,
        pick: Pick,
    ) -> Option<(i16, (Date, Date))> {
        let anchor = self.anchor?;
        let y = anchor.year();
        let years = [y.checked_sub(1)?, y, y.checked_add(1)?, y.checked_add(2)?];
        let options = years.iter().filter_map(|&y| Some((y, range(y)?)));
        match pick {
            Pick::Nearest => options.min_by_key(|(_, r)| anchor.distance(*r)),
            Pick::LastOrCurrent => options.filter(|(_, r)| r.0 <= anchor.last).last(),
            Pick::NextOrCurrent => options.into_iter().find(|(_, r)| r.1 >= anchor.first),
            Pick::Last => options.filter(|(_, r)| r.1 < anchor.first).last(),
            Pick::Next => options.into_iter().find(|(_, r)| r.0 > anchor.last),
        }
    }

    /// After a day: part-of-day words (`aften`, `i går aftes`) and a time zone
    /// (`amerikansk tid`, `lokal tid`); returns the new end.
    fn day_tail(&self, mut k: usize) -> usize {
        let mut n = 0;
        while n < 2 {
            let w = self.w(k);
            if lexicon::part_of_day(w) || w.strip_suffix('s').is_some_and(lexicon::part_of_day) {
                k += 1;
                n += 1;
            } else {
                break;
            }
        }
        self.zone(k)
    }

    fn zone(&self, k: usize) -> usize {
        let w = self.w(k);
        if w == "lokaltid" {
            k + 1
        } else if (w == "lokal" || w.ends_with("sk")) && self.w(k + 1) == "tid" {
            k + 2
        } else {
            k
        }
    }

    /// The rules that can start at token `i`.
    fn expr(&self, i: usize) -> Option<Hit> {
        let w = self.w(i);
        let first = *w.as_bytes().first()?;
        if !STARTS[usize::from(first)] || w.len() > 18 {
            return None;
        }
        if first.is_ascii_digit() {
            return self.numeric(i);
        }
        match w {
            "senest" => self.deadline(i),
            "inden" if self.w(i + 1) == "for" => self.within(i),
            "inden" => self.deadline(i),
            "før" if self.w(i + 1) == "udgangen" => self.deadline(i),
            "i" => self.after_i(i),
            "hele" => self.whole(i),
            "på" => self.on(i),
            "til" => self.until(i),
            "op" if self.w(i + 1) == "til" => self.until(i + 1).map(|h| h.from(i)),
            "sidste" | "forrige" | "næste" | "kommende" | "denne" | "dette" | "indeværende" => {
                self.shifted(i, i)
            }
            "den" | "d." => self.den(i),
            "ved" | "mod" | "med" => self.edge(i + 1).map(|h| h.from(i)),
            "udgangen" | "starten" | "begyndelsen" | "slutningen" | "midten" | "primo"
            | "medio" | "ultimo" | "sidst" | "først" | "midt" => self.edge(i),
            "tidligere" | "senere" => self.earlier_later(i),
            "om" => self.in_from_now(i),
            // `frem til udgangen af september`: up to a coming time.
            "frem" if self.w(i + 1) == "til" => self.forcing(Dir::Future, || self.expr(i + 2)),
            "for" => self.ago(i),
            "natten" => self.night(i),
            "kl." | "kl" | "klokken" => self.clock(i),
            "over" | "hen" => self.over_weekend(i),
            "de" => self.last_n(i),
            "uge" => self.week_number(i, i),
            _ => self.word(i),
        }
    }

    /// Rules for a content word on its own: weekdays, months, holidays, seasons
    /// with a year, decades.
    fn word(&self, i: usize) -> Option<Hit> {
        let w = self.w(i);
        if !lexicon::content_trigger(w) {
            return None;
        }
        if let Some(wd) = lexicon::weekday(w) {
            // `en torsdag`, `hver torsdag`: any Thursday, not a date.
            if matches!(self.prev(i), "en" | "hver" | "hverken" | "samme") {
                return None;
            }
            return self.weekday(i, i, wd, None);
        }
        if lexicon::ordinal(w).is_some() {
            return self.quarter(i, i);
        }
        if lexicon::month(w).is_some() {
            return self.month(i, i);
        }
        if let Some(hit) = self.holiday(i, i, None) {
            return Some(hit);
        }
        if let Some((season, _)) = lexicon::season(w) {
            // Only with a year (`sommeren 2017`); a bare `sommeren` needs a preposition.
            let y = self.year_at(i + 1)?;
            return Some(Hit::new(i, i + 2, (Val::Season(y, season), false)));
        }
        if let Some(decade) = lexicon::decade_word(w) {
            return self.decade(i, i, decade);
        }
        None
    }

    /// `senest …`, `inden …`, `før udgangen af …`: a deadline, unless the value lies
    /// before the article date (`senest i går` is "most recently yesterday").
    fn deadline(&self, i: usize) -> Option<Hit> {
        let inner = self.forcing(Dir::Future, || self.expr(i + 1))?;
        let past = match (inner.val.range(), self.anchor) {
            (Some((_, last)), Some(a)) => last < a.first,
            _ => false,
        };
        let role = if past {
            TimeRole::Past
        } else {
            TimeRole::Deadline
        };
        Some(inner.from(i).role(role))
    }

    /// `inden for to uger`: a deadline that many units from the article date.
    fn within(&self, i: usize) -> Option<Hit> {
        let mut k = i + 2;
        if matches!(self.w(k), "de" | "den") && matches!(self.w(k + 1), "næste" | "kommende") {
            k += 2;
        }
        let (n, unit, end, _) = self.amount(k)?;
        let val = self.relative(|d| offset(d, n, unit))?;
        Some(Hit::new(i, end, val).role(TimeRole::Deadline))
    }

    /// A number and a unit, with hedges before (`godt et år`, `mere end tre dage`)
    /// and `et par`; also `en uges tid`. Returns (n, unit, end, vague).
    fn amount(&self, mut k: usize) -> Option<(f64, Unit, usize, bool)> {
        for _ in 0..2 {
            match self.w(k) {
                "over" | "næsten" | "knap" | "godt" | "omkring" | "cirka" | "ca." | "mindst"
                | "under" | "kun" | "blot" | "bare" | "yderligere" | "præcis" | "små" | "lidt"
                | "hele" => k += 1,
                "mere" | "mindre" if self.w(k + 1) == "end" => k += 2,
                "op" if self.w(k + 1) == "til" => k += 2,
                _ => break,
            }
        }
        let (n, vague, k) = if self.w(k) == "et" && self.w(k + 1) == "par" {
            (2.0, true, k + 2)
        } else if matches!(self.w(k), "en" | "et") && matches!(self.w(k + 1), "halv" | "halvt") {
            (0.5, false, k + 2)
        } else {
            let w = self.w(k);
            if year_token(w).is_some() {
                return None;
            }
            (lexicon::number(w)?, false, k + 1)
        };
        if let Some(unit) = lexicon::unit(self.w(k), false) {
            return Some((n, unit, k + 1, vague));
        }
        let unit = lexicon::unit(self.w(k), true)?;
        (self.w(k + 1) == "tid").then_some((n, unit, k + 2, vague))
    }

    /// Everything that starts with `i`.
    fn after_i(&self, i: usize) -> Option<Hit> {
        let j = i + 1;
        let w = self.w(j);
        let day = |n: i64, role: TimeRole, tail: bool| -> Option<Hit> {
            let val = self.relative(|d| Some(Val::Day(add_days(d, n)?)))?;
            let end = if tail { self.day_tail(j + 1) } else { j + 1 };
            Some(Hit::new(i, end, val).role(role))
        };
        match w {
            "dag" => return day(0, TimeRole::Present, true),
            "går" => return day(-1, TimeRole::Past, true),
            "morgen" => return day(1, TimeRole::Plan, true),
            "forgårs" => return day(-2, TimeRole::Past, true),
            "overmorgen" => return day(2, TimeRole::Plan, true),
            "aftes" => return day(-1, TimeRole::Past, false),
            "morges" | "formiddags" | "eftermiddags" => return day(0, TimeRole::Past, false),
            "formiddag" | "eftermiddag" => return day(0, TimeRole::Present, false),
            "aften" => return day(0, TimeRole::Plan, false),
            "nat" => {
                let role = match self.dir(i, j + 1) {
                    Dir::Future => TimeRole::Plan,
                    _ => TimeRole::Past,
                };
                return day(0, role, false);
            }
            "år" | "års" => {
                if let Some(y) = self.year_at(j + 1) {
                    return Some(Hit::new(i, j + 2, (Val::Year(y), false)));
                }
                let a = self.anchor?;
                return Some(Hit::new(i, j + 1, (Val::Year(a.year()), false)));
            }
            "fjor" | "fjors" => {
                let y = self.anchor?.year().checked_sub(1)?;
                return Some(Hit::new(i, j + 1, (Val::Year(y), false)).role(TimeRole::Past));
            }
            "forfjor" | "forfjors" => {
                let y = self.anchor?.year().checked_sub(2)?;
                return Some(Hit::new(i, j + 1, (Val::Year(y), false)).role(TimeRole::Past));
            }
            "sidste" | "forrige" | "næste" | "kommende" | "denne" | "dette" | "indeværende" => {
                return self.shifted(i, j);
            }
            "den" if matches!(self.w(j + 1), "kommende" | "forgangne" | "forløbne") => {
                return self.shifted(i, j + 1);
            }
            "weekenden" | "weekend" => return self.weekend(i, j + 1, None),
            "løbet" if self.w(j + 1) == "af" => return self.period(j + 2).map(|h| h.from(i)),
            "starten" | "begyndelsen" | "slutningen" | "midten" => {
                return self.edge(j).map(|h| h.from(i));
            }
            "de" => return self.last_n(j).map(|h| h.from(i)),
            "hele" => return self.whole(j).map(|h| h.from(i)),
            _ => {}
        }
        if let Some(wd) = lexicon::weekday_past(w) {
            return self.weekday(i, j, wd, Some(Pick::Last));
        }
        if lexicon::month(w).is_some() {
            return self.month(i, j);
        }
        if let Some(y) = self.year_at(j) {
            return self.year(i, j, y);
        }
        if let Some(c) = century_token(w) {
            return self.century(i, j, c);
        }
        if w == "uge" {
            return self.week_number(i, j);
        }
        if let Some(decade) =
            decade_token(w, self.anchor.map(|a| a.year())).or_else(|| lexicon::decade_word(w))
        {
            return self.decade(i, j, decade);
        }
        if let Some(hit) = self.season(i, j, Some("i")) {
            return Some(hit);
        }
        if let Some(hit) = self.holiday(i, j, None) {
            return Some(hit);
        }
        if let Some(hit) = self.quarter(i, j) {
            return Some(hit);
        }
        let (n, unit, end, _) = self.amount(j)?;
        Some(Hit::new(i, end, (Val::Duration(unit.duration(n)), false)).role(TimeRole::Duration))
    }

    /// `hele 2017`, `hele maj`, `hele året`, `hele sidste år`.
    fn whole(&self, i: usize) -> Option<Hit> {
        self.period(i + 1).map(|h| h.from(i))
    }

    /// A period after `af`, `hele`, `i løbet af`: definite nouns for the current
    /// one (`året`, `måneden`, `ugen`, `dagen`, `weekenden`, `sommeren`), or any
    /// expression.
    fn period(&self, j: usize) -> Option<Hit> {
        let a = self.anchor;
        let exact = |val: Val| Some(Hit::new(j, j + 1, (val, false)));
        match self.w(j) {
            "året" => exact(Val::Year(a?.year())),
            "måneden" => {
                let (y, m) = a?.month();
                exact(Val::Month(y, m))
            }
            "ugen" => Some(Hit::new(
                j,
                j + 1,
                self.relative(|d| Some(Val::Week(monday(d)?)))?,
            )),
            "dagen" | "dag" => Some(Hit::new(j, j + 1, self.relative(|d| Some(Val::Day(d)))?)),
            "natten" => Some(Hit::new(j, j + 1, self.relative(|d| Some(Val::Day(d)))?)),
            "weekenden" => self.weekend(j, j + 1, None),
            "årtiet" => self.decade(j, j, a?.year() / 10 * 10),
            _ if self.year_at(j).is_some() => self.year(j, j, self.year_at(j)?),
            _ => self
                .season(j, j, Some("i"))
                .or_else(|| self.holiday(j, j, None))
                .or_else(|| self.expr(j)),
        }
    }

    /// `på mandag`: the next one.
    /// `på to år`, `på en uge`: the time something took.
    fn on(&self, i: usize) -> Option<Hit> {
        if let Some(wd) = lexicon::weekday(self.w(i + 1)) {
            return self.weekday(i, i + 1, wd, Some(Pick::Next));
        }
        let (n, unit, end, _) = self.amount(i + 1)?;
        Some(Hit::new(i, end, (Val::Duration(unit.duration(n)), false)).role(TimeRole::Duration))
    }

    /// `til jul`, `til sommer`, `til efteråret`: the coming one.
    fn until(&self, i: usize) -> Option<Hit> {
        let j = i + 1;
        self.season(i, j, Some("til"))
            .or_else(|| self.holiday(i, j, Some(Pick::NextOrCurrent)))
    }

    /// `sidste/næste/denne/kommende` + `uge/måned/år/weekend/kvartal`, weekday,
    /// season or holiday. `start` is the first token (it may be an `i`), `j` the
    /// modifier.
    fn shifted(&self, start: usize, j: usize) -> Option<Hit> {
        let (k, pick, role) = match self.w(j) {
            "sidste" | "forrige" | "forgangne" | "forløbne" => (-1, Pick::Last, TimeRole::Past),
            "næste" | "kommende" => (1, Pick::Next, TimeRole::Plan),
            _ => (0, Pick::Nearest, TimeRole::Present),
        };
        // `de næste år`, `de sidste uger`: plural, a stretch of time, not one unit.
        if matches!(self.prev(j), "de" | "disse") {
            return None;
        }
        let u = j + 1;
        let w = self.w(u);
        let hit = |val: Option<(Val, bool)>| Some(Hit::new(start, u + 1, val?).role(role));
        match w {
            "uge" | "uges" => hit(self.relative(|d| Some(Val::Week(monday(add_days(d, 7 * k)?)?)))),
            "måned" | "måneds" => {
                let (y, m) = self.anchor?.month();
                let (y, m) = add_months(y, m, k)?;
                hit(Some((Val::Month(y, m), false)))
            }
            "år" | "års" => hit(Some((
                Val::Year(self.anchor?.year().checked_add(k as i16)?),
                false,
            ))),
            "kvartal" | "kvartals" => {
                let (y, m) = self.anchor?.month();
                let (y, m) = add_months(y, m, 3 * k)?;
                hit(Some((
                    Val::Season(y, Season::Quarter((m as u8 - 1) / 3 + 1)),
                    false,
                )))
            }
            "weekend" => {
                let val = self.relative(|d| {
                    let weekday = d.weekday().to_monday_zero_offset();
                    let weeks = match k {
                        -1 => -1,
                        0 => 0,
                        _ if weekday >= 5 => 1,
                        _ => 0,
                    };
                    Some(Val::Weekend(add_days(monday(d)?, 7 * weeks + 5)?))
                })?;
                Some(Hit::new(start, u + 1, val).role(role))
            }
            _ => {
                if let Some(wd) = lexicon::weekday(w) {
                    let pick = if k == 0 { Pick::Nearest } else { pick };
                    return self.weekday(start, u, wd, Some(pick));
                }
                self.season(start, u, Some(self.w(j)))
                    .or_else(|| self.holiday(start, u, Some(pick)))
            }
        }
    }

    /// A weekday at `j` (span from `start`), with its tail (`aften amerikansk
    /// tid`) or an explicit date (`torsdag den 8. marts`).
    fn weekday(&self, start: usize, j: usize, wd: Weekday, pick: Option<Pick>) -> Option<Hit> {
        if matches!(self.w(j + 1), "den" | "d.")
            && let Some(hit) = self.den(j + 1)
        {
            return Some(hit.from(start));
        }
        if day_number(self.w(j + 1)).is_some()
            && let Some(hit) = self.day_month(j + 1)
        {
            return Some(hit.from(start));
        }
        let end = self.day_tail(j + 1);
        // `torsdag i næste uge`: the Thursday of that week.
        if self.w(end) == "i" && matches!(self.w(end + 2), "uge" | "uges") {
            let (k, role) = match self.w(end + 1) {
                "næste" | "kommende" => (1, TimeRole::Plan),
                "sidste" | "forrige" => (-1, TimeRole::Past),
                "denne" => (0, TimeRole::Present),
                _ => (2, TimeRole::Present),
            };
            if k != 2 {
                let offset = i64::from(wd.to_monday_zero_offset());
                let val =
                    self.relative(|d| Some(Val::Day(add_days(monday(d)?, 7 * k + offset)?)))?;
                return Some(Hit::new(start, end + 3, val).role(role));
            }
        }
        let pick = pick.unwrap_or_else(|| match self.dir(start, end) {
            Dir::Future => Pick::NextOrCurrent,
            _ => Pick::LastOrCurrent,
        });
        let val = self.relative(|d| {
            let day = match pick {
                Pick::Last => weekday_before(d, wd, true),
                Pick::LastOrCurrent => weekday_before(d, wd, false),
                Pick::Next => weekday_after(d, wd, true),
                Pick::NextOrCurrent => weekday_after(d, wd, false),
                Pick::Nearest => add_days(monday(d)?, i64::from(wd.to_monday_zero_offset())),
            }?;
            Some(Val::Day(day))
        })?;
        let today = self.anchor.and_then(|a| a.exact());
        let role = match (&val.0, pick) {
            (Val::Day(d), _) if Some(*d) == today => TimeRole::Present,
            (_, Pick::Last | Pick::LastOrCurrent) => TimeRole::Past,
            (_, Pick::Next | Pick::NextOrCurrent) => TimeRole::Plan,
            (Val::Day(d), Pick::Nearest) if today.is_some_and(|t| *d < t) => TimeRole::Past,
            (Val::Day(_), Pick::Nearest) => TimeRole::Plan,
            _ => TimeRole::Present,
        };
        Some(Hit::new(start, end, val).role(role))
    }

    /// A month name at `j` (span from `start`), with an optional year.
    fn month(&self, start: usize, j: usize) -> Option<Hit> {
        let w = self.w(j);
        if w.ends_with('.') {
            return None;
        }
        let m = lexicon::month(w)?;
        if let Some((y, n)) = self.explicit_year(j + 1) {
            return Some(Hit::new(start, j + 1 + n, (Val::Month(y, m), false)));
        }
        // `august og september 2025`: the year after the second month is the first's.
        if matches!(self.w(j + 1), "og" | "eller" | "til" | "-" | "–")
            && let Some(m2) = lexicon::month(self.w(j + 2))
            && let Some((y, _)) = self.explicit_year(j + 3)
        {
            let y = if m > m2 { y.checked_sub(1)? } else { y };
            return Some(Hit::new(start, j + 1, (Val::Month(y, m), false)));
        }
        // `Marts`, `Maj`, `August` in the middle of a sentence are names unless a
        // preposition makes them a month.
        if start == j && self.capitalized(j) && !lexicon::year_trigger(self.prev(j)) {
            return None;
        }
        let pick = Pick::from(self.dir(start, j + 1));
        let (y, _) = self.annual(|y| Some((month_first(y, m)?, month_last(y, m)?)), pick)?;
        Some(Hit::new(start, j + 1, (Val::Month(y, m), false)))
    }

    /// `8. marts`, `8. marts 2018` at `j`.
    fn day_month(&self, j: usize) -> Option<Hit> {
        let d = day_number(self.w(j))?;
        // `3. og 4. maj`: the first day takes the month (and year) of the second.
        let (m, k, end) = match lexicon::month(self.w(j + 1)) {
            Some(m) => (m, j + 2, j + 2),
            None if matches!(self.w(j + 1), "og" | "til" | "-" | "–" | "eller")
                && day_number(self.w(j + 2)).is_some() =>
            {
                (lexicon::month(self.w(j + 3))?, j + 4, j + 1)
            }
            None => return None,
        };
        if let Some((y, n)) = self.explicit_year(k) {
            let end = if end == k { k + n } else { end };
            return Some(Hit::new(j, end, (Val::Day(ymd(y, m, d)?), false)));
        }
        let pick = Pick::from(self.dir(j, k));
        let (_, (day, _)) = self.annual(|y| ymd(y, m, d).map(|x| (x, x)), pick)?;
        Some(Hit::new(j, end, (Val::Day(day), false)))
    }

    /// `den 8. marts [2018]`, `den 31.12.2017`, `den kommende uge`.
    fn den(&self, i: usize) -> Option<Hit> {
        let w = self.w(i + 1);
        if matches!(w, "kommende" | "forgangne" | "forløbne") {
            return self.shifted(i, i + 1);
        }
        if let Some(d) = numeric_date(w) {
            return Some(Hit::new(i, i + 2, (Val::Day(d), false)));
        }
        self.day_month(i + 1).map(|h| h.from(i))
    }

    /// A year at `j` (span from `start`), when it is not a quantity.
    fn year(&self, start: usize, j: usize, y: i16) -> Option<Hit> {
        if lexicon::quantity_noun(self.w(j + 1)) {
            return None;
        }
        Some(Hit::new(start, j + 1, (Val::Year(y), false)))
    }

    fn century(&self, start: usize, j: usize, century: i16) -> Option<Hit> {
        let val = Val::Range(ymd(century, 1, 1)?, ymd(century + 99, 12, 31)?, Grain::Year);
        Some(Hit::new(start, j + 1, (val, false)))
    }

    /// `uge 12`, `uge 7 2025`: an ISO week number, Danish style, in the year
    /// given or the one that puts it nearest the article date.
    fn week_number(&self, start: usize, j: usize) -> Option<Hit> {
        // `hver uge 2 gange`, `per uge`: not a week number.
        if matches!(self.prev(j), "hver" | "per" | "pr." | "om" | "en" | "én") {
            return None;
        }
        let w = self.w(j + 1);
        if w.is_empty() || w.len() > 2 || !w.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let n: i8 = w.parse().ok()?;
        let week = |y: i16| {
            let monday = jiff::civil::ISOWeekDate::new(y, n, Weekday::Monday)
                .ok()?
                .date();
            Some((monday, add_days(monday, 6)?))
        };
        if let Some(y) = self.year_at(j + 2) {
            return Some(Hit::new(start, j + 3, (Val::Week(week(y)?.0), false)));
        }
        let pick = Pick::from(self.dir(start, j + 2));
        let (_, (monday, _)) = self.annual(week, pick)?;
        Some(Hit::new(start, j + 2, (Val::Week(monday), false)))
    }

    fn decade(&self, start: usize, j: usize, decade: i16) -> Option<Hit> {
        let val = Val::Range(ymd(decade, 1, 1)?, ymd(decade + 9, 12, 31)?, Grain::Year);
        Some(Hit::new(start, j + 1, (val, false)))
    }

    /// Tokens that start with a digit: `8. marts`, `2017` after a preposition,
    /// `1990'erne`, `31.12.2017`, `2. juledag`, `4. kvartal`.
    fn numeric(&self, i: usize) -> Option<Hit> {
        let w = self.w(i);
        if day_number(w).is_some() {
            return self
                .day_month(i)
                .or_else(|| self.holiday(i, i, None))
                .or_else(|| self.quarter(i, i));
        }
        if let Some(y) = self.year_at(i) {
            let prev = self.prev(i);
            let listed = matches!(prev, "og" | "-" | "–" | "eller")
                && i >= self.sent.start + 2
                && self.year_at(i - 2).is_some();
            if lexicon::year_trigger(prev) || listed {
                return self.year(i, i, y);
            }
            return None;
        }
        if let Some(d) = numeric_date(w) {
            return Some(Hit::new(i, i + 1, (Val::Day(d), false)));
        }
        if let Some(c) = century_token(w) {
            return self.century(i, i, c);
        }
        let decade = decade_token(w, self.anchor.map(|a| a.year()))?;
        self.decade(i, i, decade)
    }

    /// `første kvartal [2018]`, `4. kvartal`, `andet halvår` at `j`.
    fn quarter(&self, start: usize, j: usize) -> Option<Hit> {
        let n = lexicon::ordinal(self.w(j))?;
        let season = match self.w(j + 1) {
            "kvartal" => Season::Quarter(n),
            "halvår" if n <= 2 => Season::Half(n),
            _ => return None,
        };
        if let Some(y) = self.year_at(j + 2) {
            return Some(Hit::new(start, j + 3, (Val::Season(y, season), false)));
        }
        let pick = Pick::from(self.dir(start, j + 2));
        let (y, _) = self.annual(|y| season.range(y), pick)?;
        Some(Hit::new(start, j + 2, (Val::Season(y, season), false)))
    }

    /// A season word at `j` after `prep` (`i`, `til`, `sidste`, …).
    fn season(&self, start: usize, j: usize, prep: Option<&str>) -> Option<Hit> {
        let (season, form) = lexicon::season(self.w(j))?;
        if let Some(y) = self.year_at(j + 1) {
            let y = if season == Season::Winter {
                y.checked_add(1)?
            } else {
                y
            };
            return Some(Hit::new(start, j + 2, (Val::Season(y, season), false)));
        }
        let pick = match (prep, form) {
            (_, SeasonForm::Past) => Pick::Last,
            (Some("til"), _) => Pick::NextOrCurrent,
            (Some("sidste" | "forrige"), _) => Pick::Last,
            (Some("næste" | "kommende"), _) => Pick::Next,
            (Some(_), _) => Pick::from(self.dir(start, j + 1)),
            (None, _) => return None,
        };
        let (y, _) = self.annual(|y| season.range(y), pick)?;
        Some(Hit::new(start, j + 1, (Val::Season(y, season), false)))
    }

    /// A holiday at `j`: `jul`, `påsken`, `2. juledag`, `kristi himmelfartsdag`,
    /// `store bededag`, `kvindernes kampdag`, with an optional year.
    fn holiday(&self, start: usize, j: usize, pick: Option<Pick>) -> Option<Hit> {
        let w = self.w(j);
        let next = self.w(j + 1);
        let (h, end) = match (w, next) {
            ("1." | "første", "juledag") => (Holiday::Fixed((12, 25), (12, 25)), j + 2),
            ("2." | "anden", "juledag") => (Holiday::Fixed((12, 26), (12, 26)), j + 2),
            ("2." | "anden", "påskedag") => (Holiday::Easter(1, 1), j + 2),
            ("2." | "anden", "pinsedag") => (Holiday::Easter(50, 50), j + 2),
            ("kristi", "himmelfartsdag" | "himmelfart") => (Holiday::Easter(39, 39), j + 2),
            ("store", "bededag") => (Holiday::Easter(26, 26), j + 2),
            ("sankt", "hans") if self.w(j + 2) == "aften" => {
                (Holiday::Fixed((6, 23), (6, 23)), j + 3)
            }
            ("sankt", "hans") => (Holiday::Fixed((6, 23), (6, 23)), j + 2),
            ("kvindernes", "kampdag") => (Holiday::Fixed((3, 8), (3, 8)), j + 2),
            ("kvindernes", "internationale") if self.w(j + 2) == "kampdag" => {
                (Holiday::Fixed((3, 8), (3, 8)), j + 3)
            }
            _ => (lexicon::holiday(w)?, j + 1),
        };
        if let Some(y) = self.year_at(end) {
            let (a, b) = holiday_range(h, y)?;
            return Some(Hit::new(
                start,
                end + 1,
                (Val::from_range(a, b, Grain::Day)?, false),
            ));
        }
        let pick = pick.unwrap_or_else(|| Pick::from(self.dir(start, end)));
        let (_, (a, b)) = self.annual(|y| holiday_range(h, y), pick)?;
        Some(Hit::new(
            start,
            end,
            (Val::from_range(a, b, Grain::Day)?, false),
        ))
    }

    /// `i weekenden`, `over weekenden`: the weekend just past early in the week,
    /// the coming one later, unless the clause says which.
    fn weekend(&self, start: usize, end: usize, _: Option<Pick>) -> Option<Hit> {
        let dir = self.dir(start, end);
        let val = self.relative(|d| {
            let wd = d.weekday().to_monday_zero_offset();
            let past = match dir {
                Dir::Past => wd < 5,
                Dir::Future => false,
                Dir::Neutral => wd < 3,
            };
            let weeks = if past { -1 } else { 0 };
            Some(Val::Weekend(add_days(monday(d)?, 7 * weeks + 5)?))
        })?;
        Some(Hit::new(start, end, val))
    }

    fn over_weekend(&self, i: usize) -> Option<Hit> {
        let j = if self.w(i) == "hen" && self.w(i + 1) == "over" {
            i + 2
        } else {
            i + 1
        };
        (self.w(j) == "weekenden").then(|| self.weekend(i, j + 1, None))?
    }

    /// `udgangen af X` (its last day), `starten/begyndelsen/midten/slutningen af
    /// X` (its first, middle, last third), `primo/medio/ultimo X`, `først/midt/sidst
    /// i/på X`.
    fn edge(&self, i: usize) -> Option<Hit> {
        #[derive(Clone, Copy, PartialEq)]
        enum Part {
            End,
            First,
            Middle,
            Last,
        }
        let (part, j) = match (self.w(i), self.w(i + 1)) {
            ("udgangen", "af") => (Part::End, i + 2),
            ("starten" | "begyndelsen", "af") => (Part::First, i + 2),
            ("midten", "af") => (Part::Middle, i + 2),
            ("slutningen", "af") => (Part::Last, i + 2),
            ("primo", _) => (Part::First, i + 1),
            ("medio", _) => (Part::Middle, i + 1),
            ("ultimo", _) => (Part::Last, i + 1),
            ("først", "i" | "på") => (Part::First, i + 2),
            ("midt", "i" | "på") => (Part::Middle, i + 2),
            ("sidst", "i" | "på") => (Part::Last, i + 2),
            _ => return None,
        };
        let base = self.period(j)?;
        let (a, b) = base.val.range()?;
        let grain = match base.val {
            Val::Year(_) => Grain::Month,
            Val::Range(_, _, Grain::Year) => Grain::Year,
            _ => Grain::Day,
        };
        let val = if part == Part::End {
            Val::Day(b)
        } else {
            let third = match part {
                Part::First => 0,
                Part::Middle => 1,
                _ => 2,
            };
            let (x, y) = match grain {
                Grain::Month => {
                    let m = 1 + 4 * third;
                    (month_first(a.year(), m)?, month_last(a.year(), m + 3)?)
                }
                Grain::Year => {
                    let (from, to) = [(0, 3), (4, 6), (7, 9)][third as usize];
                    (ymd(a.year() + from, 1, 1)?, ymd(a.year() + to, 12, 31)?)
                }
                Grain::Day => {
                    let n = i64::from((b - a).get_days()) + 1;
                    let t = i64::from(third);
                    let from = n / 3 * t;
                    let to = if t == 2 { n - 1 } else { n / 3 * (t + 1) - 1 };
                    (add_days(a, from)?, add_days(a, to)?)
                }
            };
            Val::from_range(x, y, grain)?
        };
        let mut hit = Hit::new(i, base.end, (val, base.uncertain));
        hit.role = base.role.filter(|r| *r == TimeRole::Deadline);
        Some(hit)
    }

    /// `tidligere på året`, `senere i dag`, `senere på ugen`.
    fn earlier_later(&self, i: usize) -> Option<Hit> {
        let role = if self.w(i) == "tidligere" {
            TimeRole::Past
        } else {
            TimeRole::Plan
        };
        let j = i + 1;
        let inner = match (self.w(j), self.w(j + 1)) {
            ("på", "året" | "måneden" | "ugen" | "dagen" | "aftenen") => self.period(j + 1)?,
            ("i", "dag" | "år") => {
                let mut h = self.after_i(j)?;
                h.end = j + 2;
                h
            }
            ("i", _) => self.period(j + 1)?,
            _ => return None,
        };
        Some(inner.from(i).role(role))
    }

    /// `om to uger`, `om en måned`, `om en uges tid`.
    fn in_from_now(&self, i: usize) -> Option<Hit> {
        // `tale om fem år`, `en dom om to år`: "about", not "in".
        if matches!(
            self.prev(i),
            "tale"
                | "taler"
                | "talte"
                | "talt"
                | "handler"
                | "handlede"
                | "snak"
                | "spørgsmål"
                | "dom"
                | "krav"
                | "aftale"
                | "aftalen"
                | "debat"
                | "diskussion"
                | "tvivl"
                | "ønske"
        ) {
            return None;
        }
        let (n, unit, end, vague) = self.amount(i + 1)?;
        let (val, uncertain) = self.relative(|d| offset(d, n, unit))?;
        Some(Hit::new(i, end, (val, uncertain || vague)).role(TimeRole::Plan))
    }

    /// `for tre år siden`, `for en uges tid siden`.
    fn ago(&self, i: usize) -> Option<Hit> {
        let (n, unit, end, vague) = self.amount(i + 1)?;
        if self.w(end) != "siden" {
            return None;
        }
        let (val, uncertain) = self.relative(|d| offset(d, -n, unit))?;
        Some(Hit::new(i, end + 1, (val, uncertain || vague)).role(TimeRole::Past))
    }

    /// `natten til søndag`, `natten til i dag`: the night between two days.
    fn night(&self, i: usize) -> Option<Hit> {
        if self.w(i + 1) != "til" {
            return None;
        }
        let j = i + 2;
        let (day, end, role) = if let Some(wd) = lexicon::weekday(self.w(j)) {
            let hit = self.weekday(i, j, wd, None)?;
            (hit.val, hit.end, hit.role)
        } else if self.w(j) == "i" {
            let hit = self.after_i(j)?;
            if !matches!(self.w(j + 1), "dag" | "går" | "morgen") {
                return None;
            }
            (hit.val, j + 2, hit.role)
        } else {
            return None;
        };
        let night = |v: &Val| match v {
            Val::Day(d) => Some(Val::Range(add_days(*d, -1)?, *d, Grain::Day)),
            _ => None,
        };
        let (val, uncertain) = match &day {
            Val::Candidates(vs) => (Val::Candidates(vs.iter().filter_map(night).collect()), true),
            Val::Month(..) => (day.clone(), true),
            v => (night(v)?, false),
        };
        let role = match role {
            Some(TimeRole::Plan) => TimeRole::Plan,
            _ => TimeRole::Past,
        };
        Some(Hit::new(i, end, (val, uncertain)).role(role))
    }

    /// `kl. 14.30`, `klokken 8`, with a time zone after.
    fn clock(&self, i: usize) -> Option<Hit> {
        let (h, m) = clock_token(self.w(i + 1))?;
        let end = self.zone(i + 2);
        let role = match self.dir(i, end) {
            Dir::Future => TimeRole::Plan,
            Dir::Past => TimeRole::Past,
            Dir::Neutral => TimeRole::Present,
        };
        let (val, uncertain) = match self.anchor.and_then(|a| a.exact()) {
            Some(d) => (Val::Time(d, h, m), false),
            None => (Val::Clock(h, m), true),
        };
        let mut hit = Hit::new(i, end, (val, uncertain)).role(role);
        hit.clock = Some((h, m));
        Some(hit)
    }

    /// `de seneste tre år`, `de næste to uger`: a length of time.
    fn last_n(&self, i: usize) -> Option<Hit> {
        if !matches!(
            self.w(i + 1),
            "seneste" | "sidste" | "forløbne" | "forgangne" | "kommende" | "næste" | "første"
        ) {
            return None;
        }
        let (n, unit, end, _) = self.amount(i + 2)?;
        Some(Hit::new(i, end, (Val::Duration(unit.duration(n)), false)).role(TimeRole::Duration))
    }

    /// `deadline 1. april`, `fristen for at søge er den 15. september`: a deadline
    /// word shortly before the expression, in the same clause, makes it a deadline.
    fn deadline_cue(&self, mut hit: Hit) -> Hit {
        let from = hit.start.saturating_sub(8).max(self.sent.start);
        for j in (from..hit.start).rev() {
            let w = self.w(j);
            if matches!(w, "," | ";" | ":" | "og" | "men") {
                break;
            }
            if matches!(
                w,
                "deadline"
                    | "deadlinen"
                    | "frist"
                    | "fristen"
                    | "tidsfrist"
                    | "tidsfristen"
                    | "ansøgningsfrist"
                    | "ansøgningsfristen"
                    | "skæringsdato"
                    | "skæringsdatoen"
            ) {
                hit.role = Some(TimeRole::Deadline);
                break;
            }
        }
        hit
    }

    fn finish(&self, hit: Hit, tokens: &[Span]) -> TimeExpression {
        let mut span = Span::new(tokens[hit.start].start, tokens[hit.end - 1].end);
        // `august 2020.`: the full stop the tokenizer kept on the year is not ours.
        let last = self.raw(hit.end - 1);
        if last.strip_suffix('.').and_then(year_token).is_some() {
            span.end -= 1;
        }
        let role = hit.role.unwrap_or_else(|| match hit.val {
            Val::Duration(_) => TimeRole::Duration,
            _ => match (hit.val.range(), self.anchor) {
                (Some((a, b)), Some(anchor)) => {
                    if b < anchor.first {
                        TimeRole::Past
                    } else if a > anchor.last {
                        TimeRole::Plan
                    } else {
                        TimeRole::Present
                    }
                }
                _ => TimeRole::Past,
            },
        });
        TimeExpression {
            span,
            value: hit.val.value(),
            precision: hit.val.precision(),
            role,
            uncertain: hit.uncertain,
        }
    }
}

/// Joins a bare clock time with the day right before or after it (`torsdag kl.
/// 20`, `klokken 8 i morgen`) into one expression.
fn merge_clock_times(hits: Vec<Hit>) -> Vec<Hit> {
    let at = |v: &Val, (h, m): (i8, i8)| -> Option<Val> {
        match v {
            Val::Day(d) | Val::Time(d, ..) => Some(Val::Time(*d, h, m)),
            Val::Candidates(vs) => vs
                .iter()
                .map(|v| match v {
                    Val::Day(d) => Some(Val::Time(*d, h, m)),
                    _ => None,
                })
                .collect::<Option<Vec<_>>>()
                .map(Val::Candidates),
            _ => None,
        }
    };
    let mut out: Vec<Hit> = Vec::with_capacity(hits.len());
    for hit in hits {
        if let Some(prev) = out.last_mut()
            && prev.end == hit.start
        {
            let joined = match (prev.clock, hit.clock) {
                (None, Some(c)) => at(&prev.val, c).map(|v| (v, prev.role)),
                (Some(c), None) => at(&hit.val, c).map(|v| (v, hit.role)),
                _ => None,
            };
            if let Some((val, role)) = joined {
                let uncertain = matches!(val, Val::Candidates(_));
                *prev = Hit {
                    start: prev.start,
                    end: hit.end,
                    val,
                    uncertain,
                    role,
                    clock: None,
                };
                continue;
            }
        }
        out.push(hit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Where the whole text is lowercased, each token's span holds exactly what
    /// lowercasing the token alone gives.
    #[test]
    fn the_lowercased_text_holds_every_token_in_lower_case() {
        // Every character up to U+024F that allows it, in and around words.
        let every_char: String = (0..=0x24F_u32)
            .filter_map(char::from_u32)
            .filter(|c| lowercase_text(&c.to_string()).is_some())
            .flat_map(|c| [c, 'x', ' ', 'A', c, ' '])
            .collect();
        let texts = [
            "Mandag ÆBLER og Århus, 8. MARTS 2018 kl. 14.30 I GÅR",
            "ΣΟΦΊΑ Ökonom ÿ ×÷ ß Straße",
            &every_char,
            "\u{212A}alder",
            "İstanbul",
            "ǅemal",
            "STRAẞE",
        ];
        for text in texts {
            match lowercase_text(text) {
                Some(low) => {
                    for span in kilde_nlp::tokenize(text) {
                        let want = lowercase(&text[span.range()]);
                        assert_eq!(&low[span.range()], want, "{text}");
                    }
                }
                None => assert!(text.contains(['\u{212A}', 'İ', 'ǅ', 'ẞ']), "{text}"),
            }
            if text == every_char {
                assert!(lowercase_text(text).is_some());
            }
        }
    }

    /// Every word the lexicon makes a content trigger is a starter.
    #[test]
    fn every_content_trigger_starts() {
        // Followed by a word every starter may precede.
        let starts = |w: &str| {
            let text = format!("{w} 2018");
            let (span, next) = (Span::new(0, w.len()), Span::new(w.len() + 1, text.len()));
            starts(&Scan::new(&text), span, Some(next)) != 0
        };
        let source = include_str!("times/lexicon.rs");
        let words = source.split('"').skip(1).step_by(2);
        for word in words.filter(|w| lexicon::content_trigger(w)) {
            let mut chars = word.chars();
            let capitalized: String = chars
                .next()
                .into_iter()
                .flat_map(char::to_uppercase)
                .chain(chars)
                .collect();
            for form in [word.to_string(), capitalized, word.to_uppercase()] {
                assert!(starts(&form), "{form} is missing from the starters");
            }
        }
        for word in RULE_WORDS {
            assert!(starts(&word.to_uppercase()), "{word}");
        }
        assert!(starts("Fastelavnssøndag") && starts("2018") && starts("Maj") && !starts("huset"));
    }
}
