//! Cited sources: the outlets, agencies and authorities an article names as the
//! origin of its information (`Det skriver nyhedsbureauet Reuters`, `ifølge
//! tv-stationerne CNN og Fox`, `Det fremgår af en meddelelse fra Det Hvide Hus`,
//! `oplyser Københavns Politi`), plus the agencies of its own sign-off.
//!
//! A source is found only next to a cue (a speech verb, `ifølge`, `fremgår af`,
//! `til` after a speech verb), and only when the words there name a source: a
//! hand-written lexicon of Danish and international outlets, agencies and
//! authorities with canonical names and kinds, a head noun (`avisen X`,
//! `nyhedsbureauet X`), a name pattern (`X Politi`, `…ministeriet`, `X Kommune`)
//! or an NER mention labelled ORG. Persons are speakers (see [`crate::quotes`]),
//! not sources.
//!
//! ```
//! use kilde_core::{Article, SourceKind};
//! use kilde_nlp::Pipeline;
//! use kilde_news::sources::SourceExtractor;
//!
//! let mut article = Article::new("2018-03".parse().unwrap(),
//!     "Mødet er aflyst. Det skriver nyhedsbureauet Reuters.".into());
//! article.sources = vec!["ritzau".into()];
//! let doc = Pipeline::danish().with(SourceExtractor).analyze(&article);
//! let got: Vec<_> = doc.cited_sources.iter().map(|s| (s.canonical.as_str(), s.kind)).collect();
//! assert_eq!(got, [("Reuters", SourceKind::Agency), ("Ritzau", SourceKind::Agency)]);
//! ```

use std::collections::HashMap;
use std::sync::LazyLock;

use kilde_core::{Article, CitedSource, Doc, EntityLabel, SourceKind, Span};

use crate::speech::{Scan, Toks, WordMap, is, is_cap, is_cue, is_punct, lower};

use SourceKind::{Agency, Authority, Broadcaster, Newspaper, Organization};

/// Known sources: the name as written (tokenized the way kilde tokenizes), its
/// canonical name, and its kind.
const LEXICON: &[(&str, &str, SourceKind)] = &[
    // Agencies.
    ("Ritzau", "Ritzau", Agency),
    ("ritzau", "Ritzau", Agency),
    ("RITZAU", "Ritzau", Agency),
    ("Ritzau Finans", "Ritzau Finans", Agency),
    ("FINANS", "Ritzau Finans", Agency),
    ("Reuters", "Reuters", Agency),
    ("AFP", "AFP", Agency),
    ("Agence France-Presse", "AFP", Agency),
    ("AP", "AP", Agency),
    ("Associated Press", "AP", Agency),
    ("Bloomberg", "Bloomberg", Agency),
    ("Bloomberg News", "Bloomberg", Agency),
    ("dpa", "dpa", Agency),
    ("DPA", "dpa", Agency),
    ("TT", "TT", Agency),
    ("NTB", "NTB", Agency),
    ("ANSA", "ANSA", Agency),
    ("EFE", "EFE", Agency),
    ("Xinhua", "Xinhua", Agency),
    ("Kyodo", "Kyodo", Agency),
    ("Yonhap", "Yonhap", Agency),
    ("Interfax", "Interfax", Agency),
    ("Tass", "TASS", Agency),
    ("TASS", "TASS", Agency),
    ("RIA Novosti", "RIA Novosti", Agency),
    ("Ria Novosti", "RIA Novosti", Agency),
    ("Anadolu", "Anadolu", Agency),
    ("KCNA", "KCNA", Agency),
    ("Ukrinform", "Ukrinform", Agency),
    ("UPI", "UPI", Agency),
    ("Dow Jones", "Dow Jones", Agency),
    ("IRNA", "IRNA", Agency),
    ("Wafa", "Wafa", Agency),
    // Broadcasters.
    ("DR", "DR", Broadcaster),
    ("DR Nyheder", "DR", Broadcaster),
    ("Danmarks Radio", "DR", Broadcaster),
    ("TV 2", "TV 2", Broadcaster),
    ("TV2", "TV 2", Broadcaster),
    ("TV 2 News", "TV 2", Broadcaster),
    ("TV 2 Nyhederne", "TV 2", Broadcaster),
    ("TV 2 Sport", "TV 2 Sport", Broadcaster),
    ("TV 2 Lorry", "TV 2 Lorry", Broadcaster),
    ("TV 2 Fyn", "TV 2 Fyn", Broadcaster),
    ("TV 2 Nord", "TV 2 Nord", Broadcaster),
    ("TV 2 Øst", "TV 2 Øst", Broadcaster),
    ("TV 2 Kosmopol", "TV 2 Kosmopol", Broadcaster),
    ("TV2 Østjylland", "TV2 Østjylland", Broadcaster),
    ("TV Midtvest", "TV Midtvest", Broadcaster),
    ("TV Syd", "TV Syd", Broadcaster),
    ("P1", "DR", Broadcaster),
    ("P3", "DR", Broadcaster),
    ("P4", "DR", Broadcaster),
    ("Radio4", "Radio4", Broadcaster),
    ("Radio24syv", "Radio24syv", Broadcaster),
    ("CNN", "CNN", Broadcaster),
    ("Fox", "Fox News", Broadcaster),
    ("Fox News", "Fox News", Broadcaster),
    ("BBC", "BBC", Broadcaster),
    ("Sky News", "Sky News", Broadcaster),
    ("NBC", "NBC", Broadcaster),
    ("NBC News", "NBC", Broadcaster),
    ("CBS", "CBS", Broadcaster),
    ("CBS News", "CBS", Broadcaster),
    ("ABC", "ABC", Broadcaster),
    ("ABC News", "ABC", Broadcaster),
    ("MSNBC", "MSNBC", Broadcaster),
    ("Al Jazeera", "Al Jazeera", Broadcaster),
    ("NRK", "NRK", Broadcaster),
    ("SVT", "SVT", Broadcaster),
    ("Sveriges Radio", "Sveriges Radio", Broadcaster),
    ("TV4", "TV4", Broadcaster),
    ("Deutsche Welle", "Deutsche Welle", Broadcaster),
    ("ZDF", "ZDF", Broadcaster),
    ("ARD", "ARD", Broadcaster),
    ("France 24", "France 24", Broadcaster),
    ("Euronews", "Euronews", Broadcaster),
    ("RT", "RT", Broadcaster),
    ("NHK", "NHK", Broadcaster),
    ("CBC", "CBC", Broadcaster),
    ("Radio Free Europe", "Radio Free Europe", Broadcaster),
    // Newspapers, magazines, news sites.
    ("Berlingske", "Berlingske", Newspaper),
    ("Berlingske Tidende", "Berlingske", Newspaper),
    ("Politiken", "Politiken", Newspaper),
    ("Jyllands-Posten", "Jyllands-Posten", Newspaper),
    ("JP", "Jyllands-Posten", Newspaper),
    ("Ekstra Bladet", "Ekstra Bladet", Newspaper),
    ("Ekstrabladet", "Ekstra Bladet", Newspaper),
    ("B.T.", "B.T.", Newspaper),
    ("BT", "B.T.", Newspaper),
    ("Information", "Information", Newspaper),
    ("Dagbladet Information", "Information", Newspaper),
    ("Weekendavisen", "Weekendavisen", Newspaper),
    ("Kristeligt Dagblad", "Kristeligt Dagblad", Newspaper),
    ("Børsen", "Børsen", Newspaper),
    ("Dagbladet Børsen", "Børsen", Newspaper),
    ("Altinget", "Altinget", Newspaper),
    ("Zetland", "Zetland", Newspaper),
    ("Mandag Morgen", "Mandag Morgen", Newspaper),
    ("Ingeniøren", "Ingeniøren", Newspaper),
    ("Fyens Stiftstidende", "Fyens Stiftstidende", Newspaper),
    ("Fyns Amts Avis", "Fyns Amts Avis", Newspaper),
    ("Nordjyske", "Nordjyske", Newspaper),
    ("JydskeVestkysten", "JydskeVestkysten", Newspaper),
    ("Jydske Vestkysten", "JydskeVestkysten", Newspaper),
    ("Århus Stiftstidende", "Århus Stiftstidende", Newspaper),
    ("Aarhus Stiftstidende", "Århus Stiftstidende", Newspaper),
    ("Stiften", "Århus Stiftstidende", Newspaper),
    ("Sjællandske", "Sjællandske", Newspaper),
    ("Finans", "Finans", Newspaper),
    ("Computerworld", "Computerworld", Newspaper),
    ("Version2", "Version2", Newspaper),
    ("Avisen.dk", "Avisen.dk", Newspaper),
    ("Frihedsbrevet", "Frihedsbrevet", Newspaper),
    ("Danwatch", "Danwatch", Newspaper),
    ("Dagens Medicin", "Dagens Medicin", Newspaper),
    ("Sermitsiaq", "Sermitsiaq", Newspaper),
    ("KNR", "KNR", Broadcaster),
    ("The New York Times", "The New York Times", Newspaper),
    ("New York Times", "The New York Times", Newspaper),
    ("The Washington Post", "The Washington Post", Newspaper),
    ("Washington Post", "The Washington Post", Newspaper),
    (
        "The Wall Street Journal",
        "The Wall Street Journal",
        Newspaper,
    ),
    ("Wall Street Journal", "The Wall Street Journal", Newspaper),
    ("Financial Times", "Financial Times", Newspaper),
    ("The Guardian", "The Guardian", Newspaper),
    ("Guardian", "The Guardian", Newspaper),
    ("The Times", "The Times", Newspaper),
    ("The Telegraph", "The Telegraph", Newspaper),
    ("The Economist", "The Economist", Newspaper),
    ("Politico", "Politico", Newspaper),
    ("Axios", "Axios", Newspaper),
    ("USA Today", "USA Today", Newspaper),
    ("Los Angeles Times", "Los Angeles Times", Newspaper),
    ("Le Monde", "Le Monde", Newspaper),
    ("Le Figaro", "Le Figaro", Newspaper),
    ("Der Spiegel", "Der Spiegel", Newspaper),
    ("Spiegel", "Der Spiegel", Newspaper),
    ("Bild", "Bild", Newspaper),
    ("Die Welt", "Die Welt", Newspaper),
    ("Süddeutsche Zeitung", "Süddeutsche Zeitung", Newspaper),
    (
        "Frankfurter Allgemeine",
        "Frankfurter Allgemeine Zeitung",
        Newspaper,
    ),
    (
        "Frankfurter Allgemeine Zeitung",
        "Frankfurter Allgemeine Zeitung",
        Newspaper,
    ),
    ("Dagens Nyheter", "Dagens Nyheter", Newspaper),
    ("Svenska Dagbladet", "Svenska Dagbladet", Newspaper),
    ("Aftonbladet", "Aftonbladet", Newspaper),
    ("Expressen", "Expressen", Newspaper),
    ("Aftenposten", "Aftenposten", Newspaper),
    ("VG", "VG", Newspaper),
    ("Haaretz", "Haaretz", Newspaper),
    ("Kyiv Independent", "Kyiv Independent", Newspaper),
    ("The Kyiv Independent", "Kyiv Independent", Newspaper),
    // Authorities.
    ("Det Hvide Hus", "Det Hvide Hus", Authority),
    ("Kreml", "Kreml", Authority),
    ("Kremlin", "Kreml", Authority),
    ("Pentagon", "Pentagon", Authority),
    ("Downing Street", "Downing Street", Authority),
    ("Élysée-palæet", "Élysée-palæet", Authority),
    ("Elysée-palæet", "Élysée-palæet", Authority),
    ("Statsministeriet", "Statsministeriet", Authority),
    ("Folketinget", "Folketinget", Authority),
    ("Regeringen", "Regeringen", Authority),
    ("Rigspolitiet", "Rigspolitiet", Authority),
    ("PET", "PET", Authority),
    ("Politiets Efterretningstjeneste", "PET", Authority),
    ("FE", "Forsvarets Efterretningstjeneste", Authority),
    (
        "Forsvarets Efterretningstjeneste",
        "Forsvarets Efterretningstjeneste",
        Authority,
    ),
    ("Forsvaret", "Forsvaret", Authority),
    ("Forsvarskommandoen", "Forsvarskommandoen", Authority),
    ("Beredskabsstyrelsen", "Beredskabsstyrelsen", Authority),
    (
        "Hovedstadens Beredskab",
        "Hovedstadens Beredskab",
        Authority,
    ),
    ("Sundhedsstyrelsen", "Sundhedsstyrelsen", Authority),
    (
        "Statens Serum Institut",
        "Statens Serum Institut",
        Authority,
    ),
    ("SSI", "Statens Serum Institut", Authority),
    ("Danmarks Statistik", "Danmarks Statistik", Authority),
    ("Nationalbanken", "Nationalbanken", Authority),
    ("Danmarks Nationalbank", "Nationalbanken", Authority),
    ("ECB", "ECB", Authority),
    ("Den Europæiske Centralbank", "ECB", Authority),
    ("Fed", "Federal Reserve", Authority),
    ("Federal Reserve", "Federal Reserve", Authority),
    ("DMI", "DMI", Authority),
    ("Rigsrevisionen", "Rigsrevisionen", Authority),
    ("Anklagemyndigheden", "Anklagemyndigheden", Authority),
    ("Rigsadvokaten", "Rigsadvokaten", Authority),
    ("Statsadvokaten", "Statsadvokaten", Authority),
    ("Højesteret", "Højesteret", Authority),
    ("Østre Landsret", "Østre Landsret", Authority),
    ("Vestre Landsret", "Vestre Landsret", Authority),
    ("Finanstilsynet", "Finanstilsynet", Authority),
    ("Skattestyrelsen", "Skattestyrelsen", Authority),
    ("Skat", "Skattestyrelsen", Authority),
    ("SKAT", "Skattestyrelsen", Authority),
    ("Fødevarestyrelsen", "Fødevarestyrelsen", Authority),
    ("Arbejdstilsynet", "Arbejdstilsynet", Authority),
    ("Miljøstyrelsen", "Miljøstyrelsen", Authority),
    ("Kriminalforsorgen", "Kriminalforsorgen", Authority),
    ("Ombudsmanden", "Folketingets Ombudsmand", Authority),
    (
        "Folketingets Ombudsmand",
        "Folketingets Ombudsmand",
        Authority,
    ),
    ("Stormrådet", "Stormrådet", Authority),
    ("Vejdirektoratet", "Vejdirektoratet", Authority),
    ("Banedanmark", "Banedanmark", Authority),
    ("FN", "FN", Authority),
    ("De Forenede Nationer", "FN", Authority),
    ("EU-Kommissionen", "Europa-Kommissionen", Authority),
    ("Europa-Kommissionen", "Europa-Kommissionen", Authority),
    ("Kommissionen", "Europa-Kommissionen", Authority),
    ("Europa-Parlamentet", "Europa-Parlamentet", Authority),
    ("NATO", "NATO", Authority),
    ("Nato", "NATO", Authority),
    ("WHO", "WHO", Authority),
    ("Verdenssundhedsorganisationen", "WHO", Authority),
    ("IMF", "IMF", Authority),
    ("Den Internationale Valutafond", "IMF", Authority),
    ("Verdensbanken", "Verdensbanken", Authority),
    ("OECD", "OECD", Authority),
    ("IAEA", "IAEA", Authority),
    ("Europol", "Europol", Authority),
    ("Interpol", "Interpol", Authority),
    ("Frontex", "Frontex", Authority),
    ("Udenrigsministeriet", "Udenrigsministeriet", Authority),
    ("Forsvarsministeriet", "Forsvarsministeriet", Authority),
    ("Justitsministeriet", "Justitsministeriet", Authority),
    ("Finansministeriet", "Finansministeriet", Authority),
    ("Sundhedsministeriet", "Sundhedsministeriet", Authority),
    (
        "Folketingets Præsidium",
        "Folketingets Præsidium",
        Authority,
    ),
    // Parties.
    ("Socialdemokratiet", "Socialdemokratiet", Organization),
    ("Venstre", "Venstre", Organization),
    ("SF", "SF", Organization),
    ("Socialistisk Folkeparti", "SF", Organization),
    ("Radikale Venstre", "Radikale Venstre", Organization),
    ("Det Radikale Venstre", "Radikale Venstre", Organization),
    ("De Radikale", "Radikale Venstre", Organization),
    (
        "Det Konservative Folkeparti",
        "Det Konservative Folkeparti",
        Organization,
    ),
    (
        "De Konservative",
        "Det Konservative Folkeparti",
        Organization,
    ),
    ("Konservative", "Det Konservative Folkeparti", Organization),
    ("Dansk Folkeparti", "Dansk Folkeparti", Organization),
    ("Liberal Alliance", "Liberal Alliance", Organization),
    ("Enhedslisten", "Enhedslisten", Organization),
    ("Moderaterne", "Moderaterne", Organization),
    ("Danmarksdemokraterne", "Danmarksdemokraterne", Organization),
    ("Alternativet", "Alternativet", Organization),
    ("Nye Borgerlige", "Nye Borgerlige", Organization),
    ("Borgernes Parti", "Borgernes Parti", Organization),
    ("Danske Regioner", "Danske Regioner", Organization),
    ("KL", "KL", Organization),
    ("Kommunernes Landsforening", "KL", Organization),
    // Other organizations often cited.
    ("Dansk Industri", "Dansk Industri", Organization),
    ("DI", "Dansk Industri", Organization),
    ("Dansk Erhverv", "Dansk Erhverv", Organization),
    (
        "Fagbevægelsens Hovedorganisation",
        "Fagbevægelsens Hovedorganisation",
        Organization,
    ),
    ("FH", "Fagbevægelsens Hovedorganisation", Organization),
    ("Forsikring & Pension", "Forsikring & Pension", Organization),
    (
        "Amnesty International",
        "Amnesty International",
        Organization,
    ),
    ("Human Rights Watch", "Human Rights Watch", Organization),
    ("Røde Kors", "Røde Kors", Organization),
    ("Dansk Røde Kors", "Dansk Røde Kors", Organization),
    ("Red Barnet", "Red Barnet", Organization),
    ("Greenpeace", "Greenpeace", Organization),
    ("Læger uden Grænser", "Læger uden Grænser", Organization),
    (
        "Syrisk Observatorium for Menneskerettigheder",
        "Syrisk Observatorium for Menneskerettigheder",
        Organization,
    ),
];

/// Head nouns that announce a source of a kind (`nyhedsbureauet Reuters`,
/// `avisen Politiken`); the name follows.
const HEADS: &[(&str, SourceKind)] = &[
    ("nyhedsbureauet", Agency),
    ("nyhedsbureau", Agency),
    ("tv-stationen", Broadcaster),
    ("tv-stationerne", Broadcaster),
    ("tv-kanalen", Broadcaster),
    ("tv-kanalerne", Broadcaster),
    ("radiostationen", Broadcaster),
    ("radiokanalen", Broadcaster),
    ("stationen", Broadcaster),
    ("kanalen", Broadcaster),
    ("public service-stationen", Broadcaster),
    ("avisen", Newspaper),
    ("lokalavisen", Newspaper),
    ("regionalavisen", Newspaper),
    ("ugeavisen", Newspaper),
    ("morgenavisen", Newspaper),
    ("søndagsavisen", Newspaper),
    ("erhvervsavisen", Newspaper),
    ("fagmediet", Newspaper),
    ("nichemediet", Newspaper),
    ("lokalradioen", Broadcaster),
    ("tv-mediet", Broadcaster),
    ("nyhedskanalen", Broadcaster),
    ("nyhedsbureauerne", Agency),
    ("aviserne", Newspaper),
    ("dagbladet", Newspaper),
    ("netavisen", Newspaper),
    ("netmediet", Newspaper),
    ("mediet", Newspaper),
    ("medierne", Newspaper),
    ("nyhedsmediet", Newspaper),
    ("nyhedssitet", Newspaper),
    ("nyhedstjenesten", Newspaper),
    ("magasinet", Newspaper),
    ("ugebladet", Newspaper),
    ("ugebrevet", Newspaper),
    ("tidsskriftet", Newspaper),
    ("fagbladet", Newspaper),
    ("ministeriet", Authority),
    ("myndighederne", Authority),
    ("styrelsen", Authority),
    ("selskabet", Organization),
    ("brancheorganisationen", Organization),
    ("interesseorganisationen", Organization),
    ("arbejdsgiverorganisationen", Organization),
    ("fagforeningen", Organization),
    ("patientforeningen", Organization),
    ("passagerforeningen", Organization),
    ("virksomheden", Organization),
    ("koncernen", Organization),
    ("organisationen", Organization),
    ("partiet", Organization),
    ("forbundet", Organization),
    ("fagforbundet", Organization),
    ("foreningen", Organization),
    ("tænketanken", Organization),
];

/// Unnamed authorities cited by their common noun (`oplyser politiet`).
const GENERIC: &[(&str, &str)] = &[
    ("politiet", "Politiet"),
    ("anklagemyndigheden", "Anklagemyndigheden"),
    ("regeringen", "Regeringen"),
    ("forsvaret", "Forsvaret"),
    ("beredskabet", "Beredskabet"),
    ("kommunen", "Kommunen"),
    ("ministeriet", "Ministeriet"),
    ("retten", "Retten"),
    ("byretten", "Byretten"),
    ("landsretten", "Landsretten"),
    ("myndighederne", "Myndighederne"),
    ("anklageren", "Anklagemyndigheden"),
    ("anklagemyndigheden", "Anklagemyndigheden"),
    ("redningstjenesten", "Redningstjenesten"),
    ("brandvæsenet", "Brandvæsenet"),
    ("kystvagten", "Kystvagten"),
];

/// Nouns for documents and statements between a cue and the one who issued them
/// (`en meddelelse fra`, `nye tal fra`, `en rapport fra`).
const DOCUMENT_NOUNS: &[&str] = &[
    "meddelelse",
    "pressemeddelelse",
    "udtalelse",
    "erklæring",
    "rapport",
    "rapporten",
    "redegørelse",
    "opgørelse",
    "undersøgelse",
    "analyse",
    "tal",
    "oplysninger",
    "kilder",
    "kilde",
    "dokumenter",
    "dokument",
    "notat",
    "brev",
    "beretning",
    "vurdering",
    "prognose",
    "statistik",
    "dom",
    "dommen",
    "afgørelse",
    "anklageskrift",
    "anklageskriftet",
    "kommentar",
    "svar",
    "mail",
    "e-mail",
    "opslag",
    "indlæg",
    "talsmand",
    "talskvinde",
    "talsperson",
    "pressechef",
    "pressetjeneste",
];

/// People who speak for an organization (`en talsmand for politiet`): the
/// organization is the source.
const SPOKESPERSONS: &[&str] = &[
    "talsmand",
    "talskvinde",
    "talsperson",
    "pressechef",
    "pressemedarbejder",
    "pressetalsmand",
    "kommunikationschef",
    "kommunikationsdirektør",
    "vagtchef",
    "vagthavende",
    "pressesekretær",
    "presseansvarlig",
];

struct Entry {
    /// The name's tokens after the first.
    rest: Vec<String>,
    canonical: &'static str,
    kind: SourceKind,
}

/// Lexicon entries keyed by their first token, longest first.
static INDEX: LazyLock<WordMap<String, Vec<Entry>>> = LazyLock::new(|| {
    let mut index: WordMap<String, Vec<Entry>> = WordMap::default();
    for &(name, canonical, kind) in LEXICON {
        let tokens = kilde_nlp::tokenize(name);
        let words: Vec<String> = tokens.iter().map(|s| name[s.range()].to_string()).collect();
        let Some((first, rest)) = words.split_first() else {
            continue;
        };
        index.entry(first.clone()).or_default().push(Entry {
            rest: rest.to_vec(),
            canonical,
            kind,
        });
    }
    for entries in index.values_mut() {
        entries.sort_by_key(|e| std::cmp::Reverse(e.rest.len()));
    }
    index
});

/// Lexicon names as written, for whole-name lookups without tokenizing.
static NAMES: LazyLock<WordMap<&'static str, (&'static str, SourceKind)>> = LazyLock::new(|| {
    LEXICON
        .iter()
        .map(|&(name, canonical, kind)| (name, (canonical, kind)))
        .collect()
});

static HEAD_INDEX: LazyLock<WordMap<&'static str, SourceKind>> =
    LazyLock::new(|| HEADS.iter().copied().collect());

/// A source found at some tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    /// First and one-past-last token of the name.
    pub tokens: (usize, usize),
    pub name: String,
    pub canonical: String,
    pub kind: SourceKind,
}

/// The lexicon entry for a name, if kilde knows it (`ritzau` → `Ritzau`).
pub fn lookup(name: &str) -> Option<(&'static str, SourceKind)> {
    NAMES.get(name).copied()
}

/// Strips a genitive (`Reuters'`, `DR's`, `Berlingskes`) for a second lexicon try.
fn genitive_base(word: &str) -> Option<&str> {
    for suffix in ["'s", "’s", "'", "’"] {
        if let Some(base) = word.strip_suffix(suffix) {
            return Some(base);
        }
    }
    word.strip_suffix('s').filter(|b| b.chars().count() >= 2)
}

/// A lexicon match starting at token `i`: (end token, canonical, kind).
fn lexicon_at(toks: &Toks, i: usize) -> Option<(usize, &'static str, SourceKind)> {
    let first = toks.t(i);
    let try_entries = |first: &str, last_base: bool| {
        INDEX.get(first).and_then(|entries| {
            entries.iter().find_map(|e| {
                let n = e.rest.len();
                let ok = e.rest.iter().enumerate().all(|(k, w)| {
                    let t = toks.t(i + 1 + k);
                    t == w || (last_base && k + 1 == n && genitive_base(t) == Some(w.as_str()))
                });
                ok.then_some((i + 1 + n, e.canonical, e.kind))
            })
        })
    };
    try_entries(first, true).or_else(|| {
        let base = genitive_base(first)?;
        INDEX.get(base).and_then(|entries| {
            entries
                .iter()
                .find(|e| e.rest.is_empty())
                .map(|e| (i + 1, e.canonical, e.kind))
        })
    })
}

/// The kind a name's shape suggests (`Københavns Politi`, `Udenrigsministeriet`).
fn pattern_kind(words: &[&str]) -> Option<SourceKind> {
    let last = *words.last()?;
    let last_l = lower(last);
    let first_l = lower(words[0]);
    if last == "Politi" || last_l.ends_with("politi") {
        return Some(Authority);
    }
    const AUTHORITY_ENDINGS: &[&str] = &[
        "ministeriet",
        "ministerium",
        "styrelsen",
        "tilsynet",
        "direktoratet",
        "retten",
        "byret",
        "landsret",
        "kommune",
        "kommunen",
        "regionen",
        "rådet",
        "nævnet",
        "beredskab",
        "ambassade",
        "ambassaden",
        "regering",
        "regeringen",
        "parlament",
        "parlamentet",
        "departementet",
        "ombudsmand",
        "brandvæsen",
        "brandvæsenet",
        "redningstjeneste",
        "kystvagt",
        "anklagemyndighed",
    ];
    if AUTHORITY_ENDINGS.iter().any(|e| last_l.ends_with(e)) || first_l == "region" {
        return Some(Authority);
    }
    const ORG_ENDINGS: &[&str] = &[
        "universitet",
        "instituttet",
        "institut",
        "banken",
        "bank",
        "forbund",
        "forening",
        "foreningen",
        "a/s",
        "aps",
    ];
    if ORG_ENDINGS.iter().any(|e| last_l.ends_with(e)) {
        return Some(Organization);
    }
    None
}

/// The run of capitalized tokens (names) starting at `i`, with `&` and name
/// particles inside; returns its end.
fn cap_run(toks: &Toks, i: usize, limit: usize) -> usize {
    let mut j = i;
    while j < limit {
        let t = toks.t(j);
        let name_word = is_cap(t) && !is_punct(t);
        // `Forsikring & Pension`, `Syd- og Sønderjyllands Politi`.
        let joiner = j > i
            && (t == "&"
                || crate::speech::is_name_particle(t)
                || ((t == "og" || t == ",") && toks.t(j - 1).ends_with('-')))
            && is_cap(toks.t(j + 1));
        if !(name_word || joiner) {
            break;
        }
        j += 1;
    }
    j
}

/// Verbs of opinion and demand: who `mener` or `kræver` something is a speaker,
/// not a source of information.
fn is_opinion(word: &str) -> bool {
    matches!(
        lower(word).as_ref(),
        "mener"
            | "mente"
            | "vurderer"
            | "vurderede"
            | "forventer"
            | "forventede"
            | "frygter"
            | "frygtede"
            | "kræver"
            | "krævede"
            | "foreslår"
            | "foreslog"
            | "afviser"
            | "afviste"
            | "håber"
            | "lover"
            | "lovede"
            | "hævder"
            | "hævdede"
            | "skønner"
            | "anslår"
    )
}

/// A one-word name shaped like an organization, not a person: an acronym
/// (`OCHA`, `DSB`) or a word with capitals inside (`VisitOdense`).
fn org_shape(word: &str) -> bool {
    let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 2
        && (letters.iter().all(|c| c.is_uppercase())
            || letters.iter().skip(1).any(|c| c.is_uppercase()))
}

/// Reads one source starting at token `i` (within `..limit`); `org_mention`
/// says whether NER marked an ORG mention starting at a token.
pub(crate) fn source_at(
    toks: &Toks,
    i: usize,
    limit: usize,
    org_mention: &dyn Fn(usize) -> Option<usize>,
) -> Option<Found> {
    if i >= limit {
        return None;
    }
    let mut i = i;
    let mut head_kind = None;
    // `nyhedsbureauet Reuters`, `den amerikanske avis The New York Times`.
    for k in 0..3 {
        let t = toks.t(i + k);
        let head = HEAD_INDEX.get(t).or_else(|| {
            (k == 0)
                .then(|| HEAD_INDEX.get(lower(t).as_ref()))
                .flatten()
        });
        if let Some(&kind) = head {
            head_kind = Some(kind);
            i += k + 1;
            break;
        }
        if is_cap(t) || is_punct(t) {
            break;
        }
    }
    if i >= limit {
        return None;
    }
    let make = |end: usize, canonical: String, kind: SourceKind| {
        let span = toks.span(i, end);
        let mut name = toks.text[span.range()].to_string();
        if canonical != name
            && let Some(base) = genitive_base(&name)
            && lookup(base).is_some()
        {
            name = base.to_string();
        }
        Some(Found {
            tokens: (i, end),
            name,
            canonical,
            kind,
        })
    };
    // Lexicon names may run past a (wrong) sentence end: `TV 2 | Sport`.
    if let Some((end, canonical, kind)) = lexicon_at(toks, i) {
        return make(end, canonical.to_string(), kind);
    }
    let t = toks.t(i);
    if head_kind.is_none()
        && let Some((_, canonical)) = GENERIC.iter().find(|(w, _)| *w == t)
    {
        return make(i + 1, (*canonical).to_string(), Authority);
    }
    if !is_cap(t) {
        return None;
    }
    // NER may stop at `Midt-` in `Midt- og Vestjyllands Politi`.
    let end = org_mention(i).map_or_else(
        || cap_run(toks, i, limit),
        |m| m.max(cap_run(toks, i, limit)),
    );
    if end == i {
        return None;
    }
    let words: Vec<&str> = (i..end).map(|k| toks.t(k)).collect();
    let kind = head_kind
        .or_else(|| pattern_kind(&words))
        .or_else(|| org_mention(i).map(|_| Organization))
        .or_else(|| (words.len() == 1 && org_shape(words[0])).then_some(Organization))?;
    let span = toks.span(i, end);
    let written = &toks.text[span.range()];
    let canonical = crate::names::strip_apostrophe_genitive(written).to_string();
    make(end, canonical, kind)
}

/// Reads `X`, `X og Y`, `X, Y og Z` from token `i`.
fn source_list(
    toks: &Toks,
    i: usize,
    limit: usize,
    org_mention: &dyn Fn(usize) -> Option<usize>,
) -> Vec<Found> {
    let mut out = Vec::new();
    let mut at = i;
    while let Some(found) = source_at(toks, at, limit, org_mention) {
        let end = found.tokens.1;
        out.push(found);
        let next = toks.t(end);
        if (next == "og" || next == "," || next == "samt") && end + 1 < limit {
            at = end + 1;
        } else {
            break;
        }
    }
    out
}

/// Skips `en (ny) meddelelse fra`, `nye tal fra`, `kilder i` between a cue and the
/// issuer; returns where the issuer starts, and whether a document noun was seen.
fn skip_document(toks: &Toks, i: usize, limit: usize) -> (usize, bool) {
    let mut j = i;
    let mut document = false;
    while j < limit && j < i + 6 {
        let t = toks.t(j);
        if is_cap(t) || is_punct(t) {
            break;
        }
        if DOCUMENT_NOUNS.contains(&t) {
            document = true;
        }
        if document && matches!(t, "fra" | "hos" | "i" | "ved" | "til") {
            return (j + 1, true);
        }
        j += 1;
    }
    (i, false)
}

/// Finds the sources cited in one article's text (not the sign-off).
pub(crate) fn find_sources(article: &Article, doc: &Doc) -> Vec<(Span, Found, String)> {
    let toks = Toks::new(&article.text, doc);
    let org_starts: HashMap<usize, usize> = doc
        .mentions
        .iter()
        .filter(|m| m.label == EntityLabel::Org)
        .map(|m| (m.tokens.start, m.tokens.end))
        .collect();
    let per_starts: std::collections::HashSet<usize> = doc
        .mentions
        .iter()
        .filter(|m| m.label == EntityLabel::Per)
        .map(|m| m.tokens.start)
        .collect();
    let org_mention = |i: usize| org_starts.get(&i).copied();
    let mut out: Vec<(Span, Found, String)> = Vec::new();
    let mut push = |found: Found, cue: &str| {
        // NER's PER wins over a bare capitalized name, not over the lexicon
        // (`Kyodo`) or a shape (`Trekantområdets Brandvæsen`).
        let words: Vec<&str> = found.name.split_whitespace().collect();
        if per_starts.contains(&found.tokens.0)
            && lookup(&found.name).is_none()
            && pattern_kind(&words).is_none()
        {
            return;
        }
        let span = toks.span(found.tokens.0, found.tokens.1);
        if out.iter().any(|(s, _, _)| *s == span) {
            return;
        }
        out.push((span, found, cue.to_string()));
    };
    let scan = Scan::new(&article.text);
    for sentence in &doc.sentences {
        let (s, e) = (sentence.tokens.start, sentence.tokens.end);
        let mut i = s;
        while i < e {
            // Every cue below is a speech verb, `ifølge` or a source verb.
            if scan.cue_bits(toks.spans[i]) == 0 {
                i += 1;
                continue;
            }
            let t = toks.t(i);
            if is(t, "ifølge") {
                let (at, _) = skip_document(&toks, i + 1, e);
                for f in source_list(&toks, at, e, &org_mention) {
                    push(f, "ifølge");
                }
            } else if is(t, "fremgår") && toks.t(i + 1) == "af" {
                let (at, _) = skip_document(&toks, i + 2, e);
                for f in source_list(&toks, at, e, &org_mention) {
                    push(f, "fremgår af");
                }
            } else if is(t, "lyder") && toks.t(i + 1) == "det" && toks.t(i + 2) == "fra" {
                for f in source_list(&toks, i + 3, e, &org_mention) {
                    push(f, "lyder det fra");
                }
            } else if is(t, "viser") || is(t, "viste") {
                let (at, doc_seen) = skip_document(&toks, i + 1, e);
                if doc_seen {
                    for f in source_list(&toks, at, e, &org_mention) {
                        push(f, t);
                    }
                }
            } else if (i == s || !is_cap(t)) && is_cue(t) && !is_opinion(t) {
                let cue = t;
                // After the verb: `skriver Reuters`, `oplyser politiet`, or
                // `siger han til DR` / `siger hun over for TV 2`.
                let (at, _) = skip_document(&toks, i + 1, e);
                let after = source_list(&toks, at, e, &org_mention);
                let mut found_after = false;
                for f in after {
                    found_after = true;
                    push(f, cue);
                }
                if !found_after {
                    for k in i + 1..(i + 7).min(e) {
                        let w = toks.t(k);
                        let target = if w == "til" {
                            Some(k + 1)
                        } else if w == "over" && toks.t(k + 1) == "for" {
                            Some(k + 2)
                        } else {
                            None
                        };
                        if let Some(target) = target {
                            if let Some(f) = source_at(&toks, target, e, &org_mention)
                                && matches!(f.kind, Agency | Broadcaster | Newspaper)
                            {
                                push(f, "til");
                            }
                            break;
                        }
                        if matches!(w, "." | "," | ":" | "at") {
                            break;
                        }
                    }
                }
                // `En talsmand for Fyns Politi siger`, `siger en pressechef hos DSB`.
                for k in s..e {
                    if matches!(toks.t(k + 1), "for" | "hos" | "i" | "ved")
                        && SPOKESPERSONS.contains(&lower(toks.t(k)).as_ref())
                        && let Some(f) = source_at(&toks, k + 2, e, &org_mention)
                    {
                        push(f, cue);
                    }
                }
                // Before the verb, as the sentence's subject: `Berlingske skriver`,
                // `Københavns Politi oplyser`.
                // Only known names and shapes here: a company that `forventer`
                // something is not cited for it.
                if i > s
                    && let Some(f) = source_at(&toks, s, i, &|_| None)
                    && f.tokens.1 == i
                {
                    push(f, cue);
                }
            }
            i += 1;
        }
    }
    out.sort_by_key(|(span, _, _)| span.start);
    out
}

/// The article's own sign-off agencies as sources (`ritzau` → `Ritzau`).
fn sign_off(article: &Article) -> impl Iterator<Item = CitedSource> + '_ {
    article.sources.iter().map(|s| {
        let (canonical, kind) = lookup(s).unwrap_or((s.as_str(), Agency));
        CitedSource {
            span: None,
            name: s.clone(),
            canonical: canonical.to_string(),
            kind,
            cue: "sign-off".to_string(),
        }
    })
}

/// The pipeline step that fills [`Doc::cited_sources`]: cited sources in text
/// order, then the sign-off agencies. Run it after NER and entity linking so ORG
/// mentions can name sources the lexicon does not know.
#[derive(Debug, Default, Clone, Copy)]
pub struct SourceExtractor;

impl kilde_nlp::Component for SourceExtractor {
    fn name(&self) -> &'static str {
        "sources"
    }

    fn process(&self, article: &Article, doc: &mut Doc) {
        let found = find_sources(article, doc);
        doc.cited_sources = found
            .into_iter()
            .map(|(span, f, cue)| CitedSource {
                span: Some(span),
                name: f.name,
                canonical: f.canonical,
                kind: f.kind,
                cue,
            })
            .chain(sign_off(article))
            .collect();
    }
}

/// True for a head noun that announces a news outlet (`avisen`, `nyhedsbureauet`).
pub(crate) fn is_media_head(word: &str) -> bool {
    HEAD_INDEX.get(word).is_some_and(|&k| is_media(k))
}

/// True when a canonical source is a news outlet (agency, broadcaster, newspaper):
/// such sources report; they are not speakers of what they report.
pub(crate) fn is_media(kind: SourceKind) -> bool {
    matches!(kind, Agency | Broadcaster | Newspaper)
}

#[cfg(test)]
mod tests {
    use super::*;
    use kilde_nlp::Pipeline;

    fn sources(text: &str) -> Vec<(String, String, SourceKind, String)> {
        let article = Article::new("2018-03".parse().expect("date"), text.into());
        let doc = Pipeline::danish().with(SourceExtractor).analyze(&article);
        doc.cited_sources
            .into_iter()
            .map(|s| (s.name, s.canonical, s.kind, s.cue))
            .collect()
    }

    fn canon(text: &str) -> Vec<String> {
        sources(text).into_iter().map(|s| s.1).collect()
    }

    #[test]
    fn inverted_cue_with_head_noun() {
        let got = sources("Mødet er aflyst. Det skriver nyhedsbureauet Reuters.");
        assert_eq!(
            got,
            [(
                "Reuters".to_string(),
                "Reuters".to_string(),
                Agency,
                "skriver".to_string()
            )]
        );
    }

    #[test]
    fn two_sources_after_ifolge() {
        assert_eq!(
            canon("Det oplyser kilder ifølge tv-stationerne CNN og Fox."),
            ["CNN", "Fox News"]
        );
    }

    #[test]
    fn issuer_of_a_document() {
        let got = sources("Det fremgår af en meddelelse fra Det Hvide Hus.");
        assert_eq!(got[0].1, "Det Hvide Hus");
        assert_eq!(got[0].2, Authority);
        assert_eq!(got[0].3, "fremgår af");
    }

    #[test]
    fn patterns_give_unknown_names_a_kind() {
        let got = sources("Det oplyser Sydøstjyllands Politi. Ifølge Klimaministeriet er det nyt.");
        assert_eq!(got[0].1, "Sydøstjyllands Politi");
        assert_eq!(got[0].2, Authority);
        assert_eq!(got[1].1, "Klimaministeriet");
    }

    #[test]
    fn outlet_after_til_and_subject_outlets() {
        assert_eq!(
            canon("- Det er godt, siger han til TV 2 Sport. Politiken skriver, at det er slut."),
            ["TV 2 Sport", "Politiken"]
        );
    }

    #[test]
    fn persons_are_not_sources() {
        assert!(canon("Det siger Mette Frederiksen. Ifølge Lars Hansen er det slut.").is_empty());
    }

    #[test]
    fn sign_off_is_canonical() {
        let mut article = Article::new("2018-03".parse().expect("date"), "Tekst.".into());
        article.sources = vec!["ritzau".into(), "AFP".into()];
        let got: Vec<_> = sign_off(&article).map(|s| s.canonical).collect();
        assert_eq!(got, ["Ritzau", "AFP"]);
    }
}
