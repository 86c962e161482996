//! The interface text of the web UI, one table per language, and the choice of
//! language: an explicit `?lang=` first, then the cookie the toggle sets, then the
//! browser's `Accept-Language`, and Danish when nothing says otherwise.

/// An interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lang {
    /// Danish, the default.
    Da,
    /// English.
    En,
}

impl Lang {
    /// The language code used in `lang=`, the cookie and `<html lang>`.
    pub(crate) fn code(self) -> &'static str {
        match self {
            Lang::Da => "da",
            Lang::En => "en",
        }
    }

    /// The language a `lang=` value or cookie names, if it names one.
    pub(crate) fn from_code(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "da" => Some(Lang::Da),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language the toggle offers.
    pub(crate) fn other(self) -> Lang {
        match self {
            Lang::Da => Lang::En,
            Lang::En => Lang::Da,
        }
    }

    /// The message table.
    pub(crate) fn msg(self) -> &'static Messages {
        match self {
            Lang::Da => &DA,
            Lang::En => &EN,
        }
    }

    /// The preferred of Danish and English in an `Accept-Language` header:
    /// the highest `q` wins, the earlier entry on a tie; `None` when neither is listed.
    pub(crate) fn from_accept_language(header: &str) -> Option<Lang> {
        let mut best: Option<(f32, Lang)> = None;
        for item in header.split(',') {
            let mut parts = item.split(';');
            let tag = parts.next().unwrap_or_default().trim();
            let primary = tag.split('-').next().unwrap_or_default();
            let Some(lang) = Lang::from_code(primary) else {
                continue;
            };
            let q = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|v| v.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            if q > 0.0 && best.is_none_or(|(b, _)| q > b) {
                best = Some((q, lang));
            }
        }
        best.map(|(_, lang)| lang)
    }
}

/// Every piece of interface text, so that a page never mixes languages.
pub(crate) struct Messages {
    pub(crate) skip: &'static str,
    pub(crate) other_lang: &'static str,
    pub(crate) tagline: &'static str,
    pub(crate) search: &'static str,
    pub(crate) search_title: &'static str,
    pub(crate) query: &'static str,
    pub(crate) help_summary: &'static str,
    /// Query syntax examples and what each does.
    pub(crate) help: &'static [(&'static str, &'static str)],
    pub(crate) filters: &'static str,
    pub(crate) from: &'static str,
    pub(crate) to: &'static str,
    pub(crate) date_hint: &'static str,
    pub(crate) source: &'static str,
    pub(crate) entity: &'static str,
    pub(crate) speaker: &'static str,
    pub(crate) add_hint: &'static str,
    pub(crate) sort: &'static str,
    pub(crate) sort_default: &'static str,
    pub(crate) sort_relevance: &'static str,
    pub(crate) sort_newest: &'static str,
    pub(crate) sort_oldest: &'static str,
    pub(crate) active: &'static str,
    pub(crate) clear: &'static str,
    pub(crate) results: &'static str,
    pub(crate) showing: &'static str,
    pub(crate) of: &'static str,
    pub(crate) article_noun: (&'static str, &'static str),
    pub(crate) no_results: &'static str,
    pub(crate) query_error: &'static str,
    pub(crate) pages: &'static str,
    pub(crate) previous: &'static str,
    pub(crate) next: &'static str,
    pub(crate) page: &'static str,
    pub(crate) refine: &'static str,
    pub(crate) months: &'static str,
    pub(crate) sources: &'static str,
    pub(crate) speakers: &'static str,
    pub(crate) attention: &'static str,
    pub(crate) month_only: &'static str,
    pub(crate) undated: &'static str,
    pub(crate) chart_peak: &'static str,
    pub(crate) no_dates: &'static str,
    /// Plural headings per entity label, in the order PER, ORG, LOC, MISC.
    pub(crate) labels_plural: [&'static str; 4],
    /// Singular names per entity label, same order.
    pub(crate) labels: [&'static str; 4],
    pub(crate) legend: &'static str,
    pub(crate) quote: &'static str,
    pub(crate) reported: &'static str,
    pub(crate) time_expression: &'static str,
    pub(crate) cited_source: &'static str,
    pub(crate) speaker_mark: &'static str,
    pub(crate) who_is_quoted: &'static str,
    pub(crate) nobody_quoted: &'static str,
    pub(crate) sources_cited: &'static str,
    pub(crate) none_cited: &'static str,
    pub(crate) dates_mentioned: &'static str,
    pub(crate) none_mentioned: &'static str,
    pub(crate) names: &'static str,
    pub(crate) uncertain: &'static str,
    pub(crate) sign_off: &'static str,
    pub(crate) unknown_speaker: &'static str,
    /// Source kinds: agency, newspaper, broadcaster, authority, organization.
    pub(crate) kinds: [&'static str; 5],
    /// Time roles: past, present, plan, deadline, duration.
    pub(crate) roles: [&'static str; 5],
    pub(crate) aliases: &'static str,
    pub(crate) mentions: &'static str,
    /// `1 gang`, `2 gange`: how many times, then `i` / `in` before the articles.
    pub(crate) times: (&'static str, &'static str),
    pub(crate) in_articles: &'static str,
    pub(crate) counted_in: &'static str,
    pub(crate) timeline: &'static str,
    pub(crate) quotes_by: &'static str,
    pub(crate) quotes_about: &'static str,
    pub(crate) no_quotes: &'static str,
    pub(crate) co_occurring: &'static str,
    pub(crate) search_entity: &'static str,
    pub(crate) read_article: &'static str,
    pub(crate) not_found: &'static str,
    pub(crate) no_article: &'static str,
    pub(crate) no_entity: &'static str,
    pub(crate) back: &'static str,
    pub(crate) internal: &'static str,
    pub(crate) internal_detail: &'static str,
    pub(crate) month_names: [&'static str; 12],
    /// Season names for `SP`, `SU`, `FA`, `WI`.
    pub(crate) seasons: [&'static str; 4],
    pub(crate) week: &'static str,
    pub(crate) weekend_of_week: &'static str,
    pub(crate) at_clock: &'static str,
    /// Singular and plural of year, month, week, day, hour, minute, second.
    pub(crate) units: [(&'static str, &'static str); 7],
    pub(crate) thousands: char,
}

const DA: Messages = Messages {
    skip: "Spring til indholdet",
    other_lang: "English",
    tagline: "hvem sagde hvad, om hvem og hvornår",
    search: "Søg",
    search_title: "Søg i artiklerne",
    query: "Søgning",
    help_summary: "Sådan søger du",
    help: &[
        ("missiltest", "ordet, også i bøjninger og sammensætninger"),
        ("Kim Jong-un", "alle ordene skal forekomme"),
        ("\"Det Hvide Hus\"", "ordene i denne rækkefølge"),
        ("atom*", "ord der begynder med atom"),
        ("trump OR biden", "mindst et af ordene"),
        ("nordkorea -sydkorea", "uden ordet sydkorea (også NOT)"),
        (
            "speaker:Frederiksen",
            "citeret person; også entity:, source:, title:, quote:",
        ),
        (
            "date:2018-01..2018-06",
            "dato eller periode (ÅÅÅÅ, ÅÅÅÅ-MM, ÅÅÅÅ-MM-DD)",
        ),
    ],
    filters: "Filtre og sortering",
    from: "Fra dato",
    to: "Til dato",
    date_hint: "ÅÅÅÅ, ÅÅÅÅ-MM eller ÅÅÅÅ-MM-DD",
    source: "Kilde",
    entity: "Navn (person, organisation, sted)",
    speaker: "Citeret person",
    add_hint: "tilføj et filter",
    sort: "Sortering",
    sort_default: "Bedste match (nyeste, når der ikke søges)",
    sort_relevance: "Bedste match",
    sort_newest: "Nyeste først",
    sort_oldest: "Ældste først",
    active: "Aktive filtre (fjern fluebenet for at fjerne filteret)",
    clear: "Ryd søgningen",
    results: "Resultater",
    showing: "Viser",
    of: "af",
    article_noun: ("artikel", "artikler"),
    no_results: "Ingen artikler matcher søgningen.",
    query_error: "Søgningen kunne ikke forstås",
    pages: "Sider",
    previous: "Forrige",
    next: "Næste",
    page: "Side",
    refine: "Afgræns",
    months: "Måneder",
    sources: "Kilder",
    speakers: "Citerede",
    attention: "Omtale over tid",
    month_only: "kun dateret til måned",
    undated: "uden dato",
    chart_peak: "flest",
    no_dates: "Ingen daterede artikler.",
    labels_plural: ["Personer", "Organisationer", "Steder", "Andre navne"],
    labels: ["Person", "Organisation", "Sted", "Andet navn"],
    legend: "Markeringer",
    quote: "Citat",
    reported: "Referat",
    time_expression: "Tidsudtryk",
    cited_source: "Kilde",
    speaker_mark: "Taler",
    who_is_quoted: "Hvem citeres",
    nobody_quoted: "Ingen citater fundet.",
    sources_cited: "Kilder i artiklen",
    none_cited: "Ingen kilder fundet.",
    dates_mentioned: "Datoer i artiklen",
    none_mentioned: "Ingen tidsudtryk fundet.",
    names: "Navne i artiklen",
    uncertain: "usikker",
    sign_off: "afsender",
    unknown_speaker: "ukendt taler",
    kinds: [
        "nyhedsbureau",
        "avis",
        "tv/radio",
        "myndighed",
        "organisation",
    ],
    roles: ["fortid", "nutid", "plan", "frist", "varighed"],
    aliases: "Stavemåder og aliaser",
    mentions: "nævnt",
    times: ("gang", "gange"),
    in_articles: "i",
    counted_in: "optalt i de nyeste",
    timeline: "Omtale over tid",
    quotes_by: "Citater fra",
    quotes_about: "Citater om",
    no_quotes: "Ingen.",
    co_occurring: "Nævnes sammen med",
    search_entity: "Søg artikler der nævner",
    read_article: "Læs artiklen",
    not_found: "Siden findes ikke",
    no_article: "Der er ingen artikel med id",
    no_entity: "Ingen person, organisation eller sted hedder",
    back: "Til søgningen",
    internal: "Der skete en fejl",
    internal_detail: "Fejlen er skrevet i serverens log. Prøv igen om lidt.",
    month_names: [
        "januar",
        "februar",
        "marts",
        "april",
        "maj",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "december",
    ],
    seasons: ["foråret", "sommeren", "efteråret", "vinteren"],
    week: "uge",
    weekend_of_week: "weekenden i uge",
    at_clock: "kl.",
    units: [
        ("år", "år"),
        ("måned", "måneder"),
        ("uge", "uger"),
        ("dag", "dage"),
        ("time", "timer"),
        ("minut", "minutter"),
        ("sekund", "sekunder"),
    ],
    thousands: '.',
};

const EN: Messages = Messages {
    skip: "Skip to content",
    other_lang: "Dansk",
    tagline: "who said what, about whom, and when",
    search: "Search",
    search_title: "Search the articles",
    query: "Query",
    help_summary: "How to search",
    help: &[
        (
            "missiltest",
            "the word, also inflected and inside compounds",
        ),
        ("Kim Jong-un", "all the words must occur"),
        ("\"Det Hvide Hus\"", "the words in this order"),
        ("atom*", "words starting with atom"),
        ("trump OR biden", "at least one of the words"),
        (
            "nordkorea -sydkorea",
            "without the word sydkorea (also NOT)",
        ),
        (
            "speaker:Frederiksen",
            "quoted speaker; also entity:, source:, title:, quote:",
        ),
        (
            "date:2018-01..2018-06",
            "a date or a period (YYYY, YYYY-MM, YYYY-MM-DD)",
        ),
    ],
    filters: "Filters and sorting",
    from: "From date",
    to: "To date",
    date_hint: "YYYY, YYYY-MM or YYYY-MM-DD",
    source: "Source",
    entity: "Name (person, organisation, place)",
    speaker: "Quoted speaker",
    add_hint: "add a filter",
    sort: "Sort",
    sort_default: "Best match (newest when browsing)",
    sort_relevance: "Best match",
    sort_newest: "Newest first",
    sort_oldest: "Oldest first",
    active: "Active filters (untick to remove)",
    clear: "Clear the search",
    results: "Results",
    showing: "Showing",
    of: "of",
    article_noun: ("article", "articles"),
    no_results: "No articles match the query.",
    query_error: "The query could not be understood",
    pages: "Pages",
    previous: "Previous",
    next: "Next",
    page: "Page",
    refine: "Refine",
    months: "Months",
    sources: "Sources",
    speakers: "Quoted",
    attention: "Attention over time",
    month_only: "dated to a month only",
    undated: "undated",
    chart_peak: "most",
    no_dates: "No dated articles.",
    labels_plural: ["People", "Organisations", "Places", "Other names"],
    labels: ["Person", "Organisation", "Place", "Other name"],
    legend: "Marks",
    quote: "Quote",
    reported: "Reported speech",
    time_expression: "Time expression",
    cited_source: "Source",
    speaker_mark: "Speaker",
    who_is_quoted: "Who is quoted",
    nobody_quoted: "No quotes found.",
    sources_cited: "Sources cited",
    none_cited: "No sources found.",
    dates_mentioned: "Dates mentioned",
    none_mentioned: "No time expressions found.",
    names: "Names in the article",
    uncertain: "uncertain",
    sign_off: "sign-off",
    unknown_speaker: "unknown speaker",
    kinds: [
        "news agency",
        "newspaper",
        "broadcaster",
        "authority",
        "organisation",
    ],
    roles: ["past", "present", "planned", "deadline", "duration"],
    aliases: "Aliases and spelling variants",
    mentions: "mentioned",
    times: ("time", "times"),
    in_articles: "in",
    counted_in: "counted in the newest",
    timeline: "Mentions over time",
    quotes_by: "Quotes by",
    quotes_about: "Quotes about",
    no_quotes: "None.",
    co_occurring: "Mentioned together with",
    search_entity: "Search articles mentioning",
    read_article: "Read the article",
    not_found: "Page not found",
    no_article: "There is no article with id",
    no_entity: "No person, organisation or place is called",
    back: "Back to search",
    internal: "Something went wrong",
    internal_detail: "The error has been logged on the server. Try again shortly.",
    month_names: [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    seasons: ["spring", "summer", "autumn", "winter"],
    week: "week",
    weekend_of_week: "the weekend of week",
    at_clock: "at",
    units: [
        ("year", "years"),
        ("month", "months"),
        ("week", "weeks"),
        ("day", "days"),
        ("hour", "hours"),
        ("minute", "minutes"),
        ("second", "seconds"),
    ],
    thousands: ',',
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_the_preferred_of_danish_and_english() {
        assert_eq!(Lang::from_accept_language("en-GB,en;q=0.9"), Some(Lang::En));
        assert_eq!(
            Lang::from_accept_language("de-DE, en;q=0.5, da;q=0.8"),
            Some(Lang::Da)
        );
        assert_eq!(Lang::from_accept_language("da, en"), Some(Lang::Da));
        assert_eq!(
            Lang::from_accept_language("en;q=0, da;q=0.1"),
            Some(Lang::Da)
        );
        assert_eq!(Lang::from_accept_language("fr, de"), None);
        assert_eq!(Lang::from_accept_language(""), None);
    }
}
