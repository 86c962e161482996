//! The Danish words time expressions are built from.
//!
//! Everything here is a `match` on a lowercased token, compiled into the binary:
//! no lexicon is loaded or compiled at run time.

use jiff::civil::Weekday;

use super::value::Season;

/// Cheap first test for a content word that can start an expression on its own
/// (weekday, month, holiday, season, decade, quarter ordinal): most tokens fail it
/// after one length-and-bytes comparison chain.
pub(crate) fn content_trigger(w: &str) -> bool {
    weekday(w).is_some()
        || month(w).is_some()
        || holiday(w).is_some()
        || season(w).is_some()
        || decade_word(w).is_some()
        || ordinal(w).is_some()
        || matches!(w, "kristi" | "store" | "sankt" | "kvindernes")
}

/// `mandag` … `søndag`.
pub(crate) fn weekday(w: &str) -> Option<Weekday> {
    Some(match w {
        "mandag" => Weekday::Monday,
        "tirsdag" => Weekday::Tuesday,
        "onsdag" => Weekday::Wednesday,
        "torsdag" => Weekday::Thursday,
        "fredag" => Weekday::Friday,
        "lørdag" => Weekday::Saturday,
        "søndag" => Weekday::Sunday,
        _ => return None,
    })
}

/// `i torsdags`: the s-form of a weekday means the last one before today.
pub(crate) fn weekday_past(w: &str) -> Option<Weekday> {
    weekday(w.strip_suffix('s')?)
}

/// Month names, and the abbreviations used after a day number (`8. jan.`).
pub(crate) fn month(w: &str) -> Option<i8> {
    Some(match w {
        "januar" | "jan." => 1,
        "februar" | "feb." => 2,
        "marts" | "mar." => 3,
        "april" | "apr." => 4,
        "maj" => 5,
        "juni" => 6,
        "juli" => 7,
        "august" | "aug." => 8,
        "september" | "sep." | "sept." => 9,
        "oktober" | "okt." => 10,
        "november" | "nov." => 11,
        "december" | "dec." => 12,
        _ => return None,
    })
}

/// Danish number words and digits (`tre`, `enogtyve`, `14`, `1,5`, `halvandet`).
pub(crate) fn number(w: &str) -> Option<f64> {
    if w.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        if w.len() > 6 || !w.bytes().all(|b| b.is_ascii_digit() || b == b',') {
            return None;
        }
        return w.replacen(',', ".", 1).parse().ok();
    }
    if let Some(n) = small_number(w) {
        return Some(n);
    }
    match w {
        "halvanden" | "halvandet" => return Some(1.5),
        "hundrede" => return Some(100.0),
        _ => {}
    }
    // Compounds: `enogtyve`, `femogfyrre`.
    let (ones, tens) = w.split_once("og")?;
    let ones = small_number(ones).filter(|n| (1.0..10.0).contains(n))?;
    let tens = small_number(tens).filter(|n| *n >= 20.0)?;
    Some(ones + tens)
}

fn small_number(w: &str) -> Option<f64> {
    Some(match w {
        "en" | "et" | "én" | "ét" | "een" | "eet" => 1.0,
        "to" => 2.0,
        "tre" => 3.0,
        "fire" => 4.0,
        "fem" => 5.0,
        "seks" => 6.0,
        "syv" => 7.0,
        "otte" => 8.0,
        "ni" => 9.0,
        "ti" => 10.0,
        "elleve" => 11.0,
        "tolv" => 12.0,
        "tretten" => 13.0,
        "fjorten" => 14.0,
        "femten" => 15.0,
        "seksten" => 16.0,
        "sytten" => 17.0,
        "atten" => 18.0,
        "nitten" => 19.0,
        "tyve" => 20.0,
        "tredive" => 30.0,
        "fyrre" | "fyrretyve" => 40.0,
        "halvtreds" => 50.0,
        "tres" => 60.0,
        "halvfjerds" => 70.0,
        "firs" => 80.0,
        "halvfems" => 90.0,
        _ => return None,
    })
}

/// Units of duration and offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit {
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Quarter,
    Year,
    Decade,
}

/// `dag`/`dage`/`døgn`, `uge`/`uger`, … The `s`-genitives (`en uges tid`) are
/// accepted with `genitive`.
pub(crate) fn unit(w: &str, genitive: bool) -> Option<Unit> {
    let w = if genitive { w.strip_suffix('s')? } else { w };
    Some(match w {
        "sekund" | "sekunder" => Unit::Second,
        "minut" | "minutter" => Unit::Minute,
        "time" | "timer" => Unit::Hour,
        "dag" | "dage" | "døgn" => Unit::Day,
        "uge" | "uger" => Unit::Week,
        "måned" | "måneder" => Unit::Month,
        "kvartal" | "kvartaler" => Unit::Quarter,
        "år" => Unit::Year,
        "årti" | "årtier" => Unit::Decade,
        _ => return None,
    })
}

impl Unit {
    /// An ISO 8601 duration: `P3D`, `PT2H`, `P1.5Y`.
    pub(crate) fn duration(self, n: f64) -> String {
        // A fraction goes down a unit when that makes it whole: `en halv time` is
        // `PT30M`, `halvandet år` is `P18M`.
        let smaller = match self {
            Unit::Year => Some((Unit::Month, 12.0)),
            Unit::Week => Some((Unit::Day, 7.0)),
            Unit::Day => Some((Unit::Hour, 24.0)),
            Unit::Hour => Some((Unit::Minute, 60.0)),
            Unit::Minute => Some((Unit::Second, 60.0)),
            _ => None,
        };
        if let Some((unit, factor)) = smaller
            && n.fract() != 0.0
            && (n * factor).fract() == 0.0
        {
            return unit.duration(n * factor);
        }
        let n_str = if n.fract() == 0.0 {
            format!("{}", n as i64)
        } else {
            format!("{n}")
        };
        match self {
            Unit::Second => format!("PT{n_str}S"),
            Unit::Minute => format!("PT{n_str}M"),
            Unit::Hour => format!("PT{n_str}H"),
            Unit::Day => format!("P{n_str}D"),
            Unit::Week => format!("P{n_str}W"),
            Unit::Month => format!("P{n_str}M"),
            Unit::Quarter => Unit::Month.duration(n * 3.0),
            Unit::Year => format!("P{n_str}Y"),
            Unit::Decade => Unit::Year.duration(n * 10.0),
        }
    }
}

/// `morgen`, `aften`, … after a day (`torsdag aften`, `i går aftes`).
pub(crate) fn part_of_day(w: &str) -> bool {
    matches!(
        w,
        "morgen"
            | "morges"
            | "formiddag"
            | "middag"
            | "eftermiddag"
            | "aften"
            | "aftes"
            | "nat"
            | "tidlig"
    )
}

/// Season words: `sommer`, `sommeren`; the `s`-forms (`i sommers`) mean the last one.
pub(crate) fn season(w: &str) -> Option<(Season, SeasonForm)> {
    use SeasonForm::{Bare, Definite, Past};
    Some(match w {
        "forår" => (Season::Spring, Bare),
        "foråret" => (Season::Spring, Definite),
        "sommer" => (Season::Summer, Bare),
        "sommeren" => (Season::Summer, Definite),
        "sommers" => (Season::Summer, Past),
        "efterår" | "høst" => (Season::Fall, Bare),
        "efteråret" | "høsten" => (Season::Fall, Definite),
        "vinter" => (Season::Winter, Bare),
        "vinteren" => (Season::Winter, Definite),
        "vinters" => (Season::Winter, Past),
        _ => return None,
    })
}

/// How a season word is inflected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SeasonForm {
    Bare,
    Definite,
    Past,
}

/// Holidays, as days relative to Easter or fixed dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Holiday {
    /// Days from Easter Sunday, first and last.
    Easter(i64, i64),
    /// A fixed `(month, day)` range within one year.
    Fixed((i8, i8), (i8, i8)),
    /// New Year: 31 December to 1 January of the next year.
    NewYear,
}

/// One-word holidays (`jul`, `påsken`, `juleaften`, `pinse`, `sankthansaften`).
pub(crate) fn holiday(w: &str) -> Option<Holiday> {
    use Holiday::{Easter, Fixed, NewYear};
    Some(match w {
        "jul" | "julen" | "julens" => Fixed((12, 24), (12, 26)),
        "juleaften" | "juleaftensdag" | "juleaftens" => Fixed((12, 24), (12, 24)),
        "lillejuleaften" => Fixed((12, 23), (12, 23)),
        "juledag" | "juledags" => Fixed((12, 25), (12, 25)),
        "nytår" | "nytåret" | "nytårs" | "årsskiftet" => NewYear,
        "nytårsaften" | "nytårsaftens" => Fixed((12, 31), (12, 31)),
        "nytårsdag" => Fixed((1, 1), (1, 1)),
        "påske" | "påsken" | "påskens" => Easter(-3, 1),
        "påskedag" | "påskesøndag" => Easter(0, 0),
        "skærtorsdag" => Easter(-3, -3),
        "langfredag" => Easter(-2, -2),
        "pinse" | "pinsen" | "pinsens" => Easter(49, 50),
        "pinsedag" | "pinsesøndag" => Easter(49, 49),
        "himmelfartsdag" | "himmelfart" => Easter(39, 39),
        "fastelavn" | "fastelavnssøndag" => Easter(-49, -49),
        "sankthans" | "sankthansaften" => Fixed((6, 23), (6, 23)),
        "grundlovsdag" => Fixed((6, 5), (6, 5)),
        "mortensaften" => Fixed((11, 10), (11, 10)),
        "valentinsdag" => Fixed((2, 14), (2, 14)),
        "halloween" => Fixed((10, 31), (10, 31)),
        _ => return None,
    })
}

/// Words that make a bare weekday, month or holiday point forward: auxiliaries of
/// the future and the present-tense verbs news copy uses for scheduled events
/// (`Forhandlingerne fortsætter torsdag`, `Manden bliver fredag fremstillet`).
pub(crate) fn future_marker(w: &str) -> bool {
    matches!(
        w,
        "skal"
            | "vil"
            | "kan"
            | "bliver"
            | "agter"
            | "planlægger"
            | "planlagt"
            | "ventes"
            | "forventes"
            | "forventer"
            | "venter"
            | "regner"
            | "påtænker"
            | "kommer"
            | "kommende"
            | "næste"
            | "senere"
            | "fremover"
            | "berammet"
            | "indkaldt"
            | "inviteret"
            | "varsler"
            | "varsles"
            | "fortsætter"
            | "genoptages"
            | "mødes"
            | "møder"
            | "holdes"
            | "afholdes"
            | "åbner"
            | "åbnes"
            | "begynder"
            | "starter"
            | "slutter"
            | "afsluttes"
            | "afgøres"
            | "behandles"
            | "rejser"
            | "besøger"
            | "offentliggøres"
            | "præsenteres"
            | "fremlægges"
            | "indledes"
            | "finder"
            | "træder"
            | "udkommer"
            | "går"
    )
}

/// Words that make it point back: auxiliaries of the perfect and past-tense verbs
/// of news copy. Regular past tenses in `-ede` are caught by their ending; `-te`
/// is no usable ending (`drøfte`, `afslutte` are infinitives), so those are listed.
pub(crate) fn past_marker(w: &str) -> bool {
    matches!(
        w,
        "har"
            | "havde"
            | "været"
            | "haft"
            | "blev"
            | "var"
            | "sagde"
            | "skete"
            | "kom"
            | "gik"
            | "fik"
            | "gav"
            | "tog"
            | "så"
            | "stod"
            | "lå"
            | "sad"
            | "holdt"
            | "faldt"
            | "steg"
            | "vandt"
            | "tabte"
            | "skrev"
            | "døde"
            | "fandt"
            | "mødte"
            | "meddelte"
            | "fortalte"
            | "udtalte"
            | "meldte"
            | "sendte"
            | "nævnte"
            | "mente"
            | "kaldte"
            | "kendte"
            | "brød"
            | "slog"
            | "ramte"
            | "røg"
            | "forlod"
            | "satte"
            | "lagde"
            | "bad"
            | "valgte"
            | "solgte"
            | "købte"
            | "kørte"
            | "hørte"
            | "lærte"
            | "brugte"
            | "tjente"
            | "talte"
            | "oplyste"
            | "viste"
            | "løste"
            | "måtte"
            | "lod"
            | "fløj"
            | "drog"
            | "siden"
    ) || (w.len() >= 6 && w.ends_with("ede") && !matches!(w, "allerede" | "tilstede"))
}

/// Past participles after `har` (`har indgået`, `har sagt`): the regular ones end
/// in `-et`; the common irregular ones are listed.
pub(crate) fn participle(w: &str) -> bool {
    (w.len() >= 5 && w.ends_with("et") && w != "meget")
        || matches!(
            w,
            "været"
                | "haft"
                | "sagt"
                | "gjort"
                | "sat"
                | "lagt"
                | "solgt"
                | "købt"
                | "valgt"
                | "mødt"
                | "sendt"
                | "meldt"
                | "oplyst"
                | "vist"
                | "kørt"
                | "hørt"
                | "lært"
                | "brugt"
                | "talt"
                | "nævnt"
                | "kaldt"
                | "kendt"
                | "ment"
                | "tabt"
                | "mistet"
                | "fået"
                | "set"
                | "gået"
                | "stået"
                | "ladet"
                | "bedt"
                | "spurgt"
                | "fortalt"
                | "udtalt"
                | "meddelt"
                | "bestemt"
                | "besluttet"
                | "afvist"
                | "anholdt"
                | "holdt"
                | "ramt"
                | "dømt"
                | "idømt"
                | "presset"
        )
}

/// Nouns of measure that show a four-digit number is a quantity, not a year
/// (`i 2000 meters højde`, `2017 personer`).
pub(crate) fn quantity_noun(w: &str) -> bool {
    matches!(
        w,
        "meter"
            | "meters"
            | "m"
            | "km"
            | "kilometer"
            | "kilometers"
            | "kr."
            | "kr"
            | "kroner"
            | "kroners"
            | "euro"
            | "dollar"
            | "personer"
            | "mennesker"
            | "medarbejdere"
            | "ansatte"
            | "stk."
            | "ton"
            | "tons"
            | "grader"
            | "procent"
            | "pct."
            | "mio."
            | "mia."
            | "millioner"
            | "milliarder"
            | "tilfælde"
            | "timer"
            | "minutter"
            | "sekunder"
            | "dage"
            | "boliger"
            | "biler"
            | "liter"
            | "kg"
            | "kilo"
            | "fod"
            | "point"
            | "sider"
            | "ord"
            | "eksemplarer"
            | "indbyggere"
            | "husstande"
            | "stemmer"
            | "elever"
            | "studerende"
            | "patienter"
            | "soldater"
            | "arbejdspladser"
            | "job"
            | "år"
    )
}

/// Prepositions after which a bare four-digit number is a year (`siden 2017`).
pub(crate) fn year_trigger(w: &str) -> bool {
    matches!(
        w,
        "i" | "hele"
            | "siden"
            | "fra"
            | "til"
            | "inden"
            | "før"
            | "efter"
            | "omkring"
            | "år"
            | "året"
            | "af"
            | "senest"
            | "primo"
            | "medio"
            | "ultimo"
            | "gennem"
            | "frem"
            | "mod"
            | "indtil"
            | "sommeren"
            | "vinteren"
            | "foråret"
            | "efteråret"
            | "julen"
            | "påsken"
            | "valget"
            | "sæsonen"
    )
}

/// Decades written as words: `i halvfemserne`.
pub(crate) fn decade_word(w: &str) -> Option<i16> {
    Some(match w {
        "tyverne" => 1920,
        "trediverne" => 1930,
        "fyrrerne" => 1940,
        "halvtredserne" => 1950,
        "tresserne" => 1960,
        "halvfjerdserne" => 1970,
        "firserne" => 1980,
        "halvfemserne" => 1990,
        _ => return None,
    })
}

/// Ordinals for quarters and halves: `første`, `1.`.
pub(crate) fn ordinal(w: &str) -> Option<u8> {
    Some(match w {
        "første" | "1." => 1,
        "andet" | "anden" | "2." => 2,
        "tredje" | "3." => 3,
        "fjerde" | "4." => 4,
        _ => return None,
    })
}
