//! The JSON endpoints and the types they answer with. The types are the API's
//! contract, kept apart from the index's own so that either can change alone;
//! their doc comments are the descriptions in `/openapi.json`.

use std::collections::BTreeMap;
use std::io::Cursor;

use axum::Json;
use axum::body::{Body, Bytes};
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, Method, Uri, header};
use axum::response::IntoResponse;
use kilde_core::Article;
use kilde_ingest::{Corpus, ReadOptions};
use kilde_search::{FacetSet, Filters, SearchRequest};
use serde::{Deserialize, Serialize};
use subtle::ConstantTimeEq;
use utoipa::{IntoParams, ToSchema};

use crate::error::{ApiError, ErrorBody};
use crate::limits::{self, MAX_OFFSET, MAX_PAGE, MAX_QUERY_CHARS};
use crate::params::QueryPairs;
use crate::{AppState, IngestSummary};

/// Hits, quotes per list, and quotes per page when the request does not say.
const DEFAULT_PAGE: usize = 10;
/// Rejected lines an ingest answer lists (all are counted).
const REJECTIONS_LISTED: usize = 100;

/// The parameters each query endpoint takes.
const SEARCH_PARAMS: [&str; 10] = [
    "q", "from", "to", "source", "entity", "speaker", "limit", "offset", "sort", "facets",
];
const ATTENTION_PARAMS: [&str; 7] = [
    "q",
    "from",
    "to",
    "source",
    "entity",
    "speaker",
    "granularity",
];

// ---------------------------------------------------------------- parameters

/// What to search for: the query and the filters on top of it.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FilterParams {
    /// The query in kilde's syntax: words, "phrases", `field:value` (fields
    /// title, text, speaker, entity, source, quote, date), AND/OR/NOT,
    /// parentheses, `prefix*`, date ranges (`date:2018-01..2018-03`). Empty or
    /// `*` matches every article. At most 1000 characters.
    q: Option<String>,
    /// Earliest date: YYYY, YYYY-MM or YYYY-MM-DD (articles whose date period
    /// overlaps the range match, so a month-precision article counts).
    from: Option<String>,
    /// Latest date, same forms as `from`.
    to: Option<String>,
    /// Only articles from any of these sources (repeat the parameter, at most 20).
    #[param(required = false)]
    source: Vec<String>,
    /// Only articles naming all of these entities (repeatable, at most 20).
    #[param(required = false)]
    entity: Vec<String>,
    /// Only articles quoting all of these speakers (repeatable, at most 20).
    #[param(required = false)]
    speaker: Vec<String>,
}

impl FilterParams {
    fn parse(pairs: &QueryPairs) -> Result<FilterParams, ApiError> {
        Ok(FilterParams {
            q: pairs.one("q")?,
            from: pairs.one("from")?,
            to: pairs.one("to")?,
            source: pairs.all("source")?,
            entity: pairs.all("entity")?,
            speaker: pairs.all("speaker")?,
        })
    }

    fn into_request(self, limit: usize) -> SearchRequest {
        let mut request = SearchRequest::new(self.q.unwrap_or_default(), limit);
        request.filters = Filters {
            from: self.from,
            to: self.to,
            sources: self.source,
            entities: self.entity,
            speakers: self.speaker,
        };
        request
    }
}

/// Paging, order and facets of a search.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchOptions {
    /// Hits per page, 1 to 100; 10 when not given.
    #[param(minimum = 1, maximum = 100)]
    limit: Option<usize>,
    /// Hits to skip, 0 to 10000; 0 when not given.
    #[param(minimum = 0, maximum = 10000)]
    offset: Option<usize>,
    /// Hit order; relevance when not given.
    #[param(inline)]
    sort: Option<SortOrder>,
    /// Also count facets over all matching articles: `true` for all of them
    /// (months, sources, entities per label, speakers), or a comma-separated
    /// list of `month`, `source`, `entity`, `speaker`.
    facets: Option<String>,
}

/// The order of hits.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum SortOrder {
    /// Best match first.
    Relevance,
    /// Most recent first.
    Newest,
    /// Oldest first.
    Oldest,
}

impl From<SortOrder> for kilde_search::Sort {
    fn from(order: SortOrder) -> Self {
        match order {
            SortOrder::Relevance => kilde_search::Sort::Relevance,
            SortOrder::Newest => kilde_search::Sort::Newest,
            SortOrder::Oldest => kilde_search::Sort::Oldest,
        }
    }
}

/// The width of one point of an attention series.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Granularity {
    /// `2018-03-09`.
    Day,
    /// ISO week, `2018-W10`.
    Week,
    /// `2018-03`.
    Month,
    /// `2018`.
    Year,
}

impl From<Granularity> for kilde_search::Granularity {
    fn from(g: Granularity) -> Self {
        match g {
            Granularity::Day => kilde_search::Granularity::Day,
            Granularity::Week => kilde_search::Granularity::Week,
            Granularity::Month => kilde_search::Granularity::Month,
            Granularity::Year => kilde_search::Granularity::Year,
        }
    }
}

impl From<kilde_search::Granularity> for Granularity {
    fn from(g: kilde_search::Granularity) -> Self {
        match g {
            kilde_search::Granularity::Day => Granularity::Day,
            kilde_search::Granularity::Week => Granularity::Week,
            kilde_search::Granularity::Month => Granularity::Month,
            kilde_search::Granularity::Year => Granularity::Year,
        }
    }
}

/// The period of an attention series.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AttentionOptions {
    /// Count per day, week, month or year; month when not given.
    #[param(inline)]
    granularity: Option<Granularity>,
}

/// How many quotes an entity profile lists.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EntityOptions {
    /// Most quotes in each of `quotes_by` and `quotes_about`, 1 to 100; 10 when not given.
    #[param(minimum = 1, maximum = 100)]
    quotes: Option<usize>,
}

/// Paging of a speaker's quotes.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageOptions {
    /// Quotes per page, 1 to 100; 10 when not given.
    #[param(minimum = 1, maximum = 100)]
    limit: Option<usize>,
    /// Quotes to skip, 0 to 10000; 0 when not given.
    #[param(minimum = 0, maximum = 10000)]
    offset: Option<usize>,
}

impl PageOptions {
    fn parse(pairs: &QueryPairs) -> Result<PageOptions, ApiError> {
        Ok(PageOptions {
            limit: pairs.number("limit", 1, MAX_PAGE)?,
            offset: pairs.number("offset", 0, MAX_OFFSET)?,
        })
    }
}

// ----------------------------------------------------------------- responses

/// One page of search results.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchResults {
    /// Articles matching, in all.
    total: usize,
    /// The page size used.
    limit: usize,
    /// Hits skipped.
    offset: usize,
    /// The page of hits.
    hits: Vec<Hit>,
    /// Facet counts over all matching articles, when `facets=true`.
    #[serde(skip_serializing_if = "Option::is_none")]
    facets: Option<Facets>,
}

/// One matching article.
#[derive(Debug, Serialize, ToSchema)]
pub struct Hit {
    /// Article id, for `/api/articles/{id}`.
    id: String,
    /// Relevance score (0 when sorted by date).
    score: f32,
    /// The article's date as given (`2018-03` or `2018-03-09`).
    date: Option<String>,
    /// Headline, or the start of the first paragraph.
    title: String,
    /// Sources the article cites or is signed by.
    sources: Vec<String>,
    /// The best-matching passage.
    snippet: Snippet,
}

/// A passage of the body with the matched words marked.
#[derive(Debug, Serialize, ToSchema)]
pub struct Snippet {
    /// The passage.
    text: String,
    /// Matched words as `[start, end)` code-point offsets into `text`.
    #[schema(value_type = Vec<Vec<usize>>)]
    highlights: Vec<[usize; 2]>,
}

/// A value and how many articles have it.
#[derive(Debug, Serialize, ToSchema)]
pub struct Count {
    /// The value (`ritzau`, `2018-03`, `Mette Frederiksen`).
    value: String,
    /// Articles with it.
    count: u64,
}

/// Facet counts over all matching articles (the 20 most frequent values each).
#[derive(Debug, Serialize, ToSchema)]
pub struct Facets {
    /// Articles per month, in time order.
    months: Vec<Count>,
    /// Most frequent sources.
    sources: Vec<Count>,
    /// Most frequent entities per label (`PER`, `ORG`, `LOC`, `MISC`).
    entities: BTreeMap<String, Vec<Count>>,
    /// Most frequently quoted speakers.
    speakers: Vec<Count>,
}

/// Articles matching a query per period: attention over time.
#[derive(Debug, Serialize, ToSchema)]
pub struct Attention {
    /// The width of each point.
    granularity: Granularity,
    /// One point per period from the first match to the last, zeros included.
    points: Vec<Count>,
    /// Matches dated only to a month, which a day or week series cannot place.
    month_only: u64,
    /// Matches without a date.
    undated: u64,
}

/// One entity across the index.
#[derive(Debug, Serialize, ToSchema)]
pub struct Entity {
    /// Canonical name.
    name: String,
    /// `PER`, `ORG`, `LOC` or `MISC` (the most frequent label of its mentions).
    label: Option<String>,
    /// Spellings as written, most frequent first.
    aliases: Vec<Count>,
    /// Mentions in the articles read.
    mentions: u64,
    /// Articles naming it, in all.
    articles: usize,
    /// The most recent articles read for aliases, mentions and quotes.
    articles_read: usize,
    /// Articles naming it per month.
    timeline: Attention,
    /// Entities named in the same articles, per label, most frequent first.
    co_occurring: BTreeMap<String, Vec<Count>>,
    /// Quotes it said, newest first.
    quotes_by: Vec<Quote>,
    /// Quotes by others that name it, newest first.
    quotes_about: Vec<Quote>,
}

/// A quote and the article it is in.
#[derive(Debug, Serialize, ToSchema)]
pub struct Quote {
    /// The article's id.
    article_id: String,
    /// The article's date as given.
    date: Option<String>,
    /// The quoted or reported words.
    text: String,
    /// Direct (true) or reported (false) speech.
    direct: bool,
    /// The attributing verb, as written.
    cue: Option<String>,
    /// The speaker's canonical name (or the words as written when unresolved).
    speaker: Option<String>,
}

/// One page of a speaker's quotes, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct SpeakerQuotes {
    /// The name asked for.
    speaker: String,
    /// Quotes found, in all.
    total: usize,
    /// The page size used.
    limit: usize,
    /// Quotes skipped.
    offset: usize,
    /// The page of quotes.
    quotes: Vec<Quote>,
}

/// An article to analyse, as JSON.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnalyzeRequest {
    /// The body text; paragraphs separated by blank lines.
    text: String,
    /// The article's date, YYYY-MM or YYYY-MM-DD; time expressions are resolved against it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    /// The headline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    title: Option<String>,
}

/// What an ingest did.
#[derive(Debug, Serialize, ToSchema)]
pub struct IngestReport {
    /// Records in the body.
    read: u64,
    /// Records read as articles.
    accepted: u64,
    /// Records that could not be read (see `rejections`).
    rejected: u64,
    /// Why records were rejected (the first 100).
    rejections: Vec<Rejected>,
    /// Articles added to the index.
    added: u64,
    /// Articles already in the index, skipped.
    skipped: u64,
    /// Articles in the index now.
    articles: u64,
}

/// A line of an ingest body that could not be read.
#[derive(Debug, Serialize, ToSchema)]
pub struct Rejected {
    /// 1-based line in the body.
    line: u64,
    /// Why.
    reason: String,
}

/// The server is up.
#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// Always `ok`.
    status: String,
    /// Articles in the index.
    articles: u64,
}

// ---------------------------------------------------------------- conversions

fn count(c: kilde_search::Count) -> Count {
    Count {
        value: c.value,
        count: c.count,
    }
}

fn counts(list: Vec<kilde_search::Count>) -> Vec<Count> {
    list.into_iter().map(count).collect()
}

fn counts_by_label(
    map: BTreeMap<String, Vec<kilde_search::Count>>,
) -> BTreeMap<String, Vec<Count>> {
    map.into_iter().map(|(k, v)| (k, counts(v))).collect()
}

fn attention_of(a: kilde_search::Attention) -> Attention {
    Attention {
        granularity: a.granularity.into(),
        points: counts(a.points),
        month_only: a.month_only,
        undated: a.undated,
    }
}

fn quote(q: kilde_search::QuoteHit) -> Quote {
    Quote {
        article_id: q.article_id,
        date: q.date,
        text: q.text,
        direct: q.direct,
        cue: q.cue,
        speaker: q.speaker,
    }
}

fn search_results(r: kilde_search::SearchResults, limit: usize, offset: usize) -> SearchResults {
    SearchResults {
        total: r.total,
        limit,
        offset,
        hits: r
            .hits
            .into_iter()
            .map(|h| Hit {
                id: h.id,
                score: h.score,
                date: h.date,
                title: h.title,
                sources: h.sources,
                snippet: Snippet {
                    text: h.snippet.text,
                    highlights: h.snippet.highlights,
                },
            })
            .collect(),
        facets: r.facets.map(|f| Facets {
            months: counts(f.months),
            sources: counts(f.sources),
            entities: counts_by_label(f.entities),
            speakers: counts(f.speakers),
        }),
    }
}

// ------------------------------------------------------------------ handlers

/// Runs index work on a blocking thread so that it never stalls the runtime.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(work).await?
}

/// A name or id from the path: decoded, non-blank, not over-long.
fn path_value(path: Result<Path<String>, PathRejection>, what: &str) -> Result<String, ApiError> {
    let Path(value) = path.map_err(|e| {
        ApiError::BadRequest(format!(
            "the {what} in the path cannot be read: {}",
            e.body_text()
        ))
    })?;
    if value.trim().is_empty() {
        return Err(ApiError::BadRequest(format!(
            "the {what} in the path is empty"
        )));
    }
    let chars = value.chars().count();
    if chars > MAX_QUERY_CHARS {
        return Err(ApiError::BadRequest(format!(
            "the {what} in the path is {chars} characters long: at most {MAX_QUERY_CHARS}"
        )));
    }
    Ok(value)
}

/// Search articles: hits with highlighted snippets, and facet counts on request.
#[utoipa::path(
    get,
    path = "/api/search",
    tag = "search",
    params(FilterParams, SearchOptions),
    responses(
        (status = 200, description = "A page of hits", body = SearchResults),
        (status = 400, description = "Bad query syntax (the message points at the position), \
            a bad date, an unknown or repeated parameter, limit or offset out of range, \
            a query over 1000 characters", body = ErrorBody),
        (status = 503, description = "The search ran past the time limit", body = ErrorBody),
    )
)]
pub async fn search(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<SearchResults>, ApiError> {
    let pairs = QueryPairs::parse(raw.as_deref(), &SEARCH_PARAMS)?;
    let filters = FilterParams::parse(&pairs)?;
    let options = SearchOptions {
        limit: pairs.number("limit", 1, MAX_PAGE)?,
        offset: pairs.number("offset", 0, MAX_OFFSET)?,
        sort: pairs.choice(
            "sort",
            &[
                ("relevance", SortOrder::Relevance),
                ("newest", SortOrder::Newest),
                ("oldest", SortOrder::Oldest),
            ],
        )?,
        facets: pairs.one("facets")?,
    };
    let limit = options.limit.unwrap_or(DEFAULT_PAGE);
    let offset = options.offset.unwrap_or(0);
    let mut request = filters.into_request(limit);
    request.offset = offset;
    request.sort = options.sort.unwrap_or(SortOrder::Relevance).into();
    if let Some(list) = &options.facets {
        request.facets = FacetSet::parse(list).map_err(|e| ApiError::BadRequest(e.to_string()))?;
    }
    let index = state.index.clone();
    let results = blocking(move || Ok(index.search(&request)?)).await?;
    Ok(Json(search_results(results, limit, offset)))
}

/// One article with its full analysis: entities, quotes, cited sources, times.
#[utoipa::path(
    get,
    path = "/api/articles/{id}",
    tag = "articles",
    params(("id" = String, Path, description = "The article id, as search hits give it")),
    responses(
        (status = 200, description = "The stored `kilde analyze` record, without tokens and \
            sentences (schema StoredRecord)", body = serde_json::Value),
        (status = 404, description = "No article has this id", body = ErrorBody),
    )
)]
pub async fn article(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let id = path_value(id, "article id")?;
    let index = state.index.clone();
    let wanted = id.clone();
    match blocking(move || Ok(index.article(&wanted)?)).await? {
        Some(record) => Ok(Json(record)),
        None => Err(ApiError::NotFound(format!(
            "no article has the id {id:?}: take ids from the hits of /api/search"
        ))),
    }
}

/// An entity: spellings, mention count, articles over time, who it appears
/// with, what it said and what was said about it.
#[utoipa::path(
    get,
    path = "/api/entities/{name}",
    tag = "entities",
    params(
        ("name" = String, Path, description = "The entity's name (case-insensitive), e.g. Mette Frederiksen"),
        EntityOptions,
    ),
    responses(
        (status = 200, description = "The entity's profile", body = Entity),
        (status = 400, description = "A parameter out of range", body = ErrorBody),
        (status = 404, description = "No article names this entity", body = ErrorBody),
    )
)]
pub async fn entity(
    State(state): State<AppState>,
    name: Result<Path<String>, PathRejection>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Entity>, ApiError> {
    let name = path_value(name, "entity name")?;
    let pairs = QueryPairs::parse(raw.as_deref(), &["quotes"])?;
    let options = EntityOptions {
        quotes: pairs.number("quotes", 1, MAX_PAGE)?,
    };
    let max_quotes = options.quotes.unwrap_or(DEFAULT_PAGE);
    let index = state.index.clone();
    let wanted = name.clone();
    let profile = blocking(move || Ok(index.entity_profile(&wanted, max_quotes)?)).await?;
    let Some(p) = profile else {
        return Err(ApiError::NotFound(format!(
            "no article names an entity called {name:?}: the entity facets of \
             /api/search?facets=true list the names"
        )));
    };
    Ok(Json(Entity {
        name: p.name,
        label: p.label,
        aliases: counts(p.aliases),
        mentions: p.mentions,
        articles: p.articles,
        articles_read: p.articles_read,
        timeline: attention_of(p.timeline),
        co_occurring: counts_by_label(p.co_occurring),
        quotes_by: p.quotes_by.into_iter().map(quote).collect(),
        quotes_about: p.quotes_about.into_iter().map(quote).collect(),
    }))
}

/// A speaker's quotes, newest first.
#[utoipa::path(
    get,
    path = "/api/speakers/{name}/quotes",
    tag = "entities",
    params(
        ("name" = String, Path, description = "The speaker's name (case-insensitive)"),
        PageOptions,
    ),
    responses(
        (status = 200, description = "A page of quotes", body = SpeakerQuotes),
        (status = 400, description = "limit or offset out of range", body = ErrorBody),
        (status = 404, description = "No quote has this speaker", body = ErrorBody),
    )
)]
pub async fn speaker_quotes(
    State(state): State<AppState>,
    name: Result<Path<String>, PathRejection>,
    RawQuery(raw): RawQuery,
) -> Result<Json<SpeakerQuotes>, ApiError> {
    let name = path_value(name, "speaker name")?;
    let pairs = QueryPairs::parse(raw.as_deref(), &["limit", "offset"])?;
    let page = PageOptions::parse(&pairs)?;
    let limit = page.limit.unwrap_or(DEFAULT_PAGE);
    let offset = page.offset.unwrap_or(0);
    let index = state.index.clone();
    let wanted = name.clone();
    let (total, quotes) =
        blocking(move || Ok(index.speaker_quotes(&wanted, limit, offset)?)).await?;
    if total == 0 {
        return Err(ApiError::NotFound(format!(
            "no quote has a speaker called {name:?}: the speaker facets of \
             /api/search?facets=true list the names"
        )));
    }
    Ok(Json(SpeakerQuotes {
        speaker: name,
        total,
        limit,
        offset,
        quotes: quotes.into_iter().map(quote).collect(),
    }))
}

/// Attention over time: articles matching a query per day, week, month or year.
#[utoipa::path(
    get,
    path = "/api/attention",
    tag = "search",
    params(FilterParams, AttentionOptions),
    responses(
        (status = 200, description = "The series", body = Attention),
        (status = 400, description = "Bad query syntax, a bad date, an unknown granularity", body = ErrorBody),
        (status = 503, description = "The count ran past the time limit", body = ErrorBody),
    )
)]
pub async fn attention(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Attention>, ApiError> {
    let pairs = QueryPairs::parse(raw.as_deref(), &ATTENTION_PARAMS)?;
    let filters = FilterParams::parse(&pairs)?;
    let options = AttentionOptions {
        granularity: pairs.choice(
            "granularity",
            &[
                ("day", Granularity::Day),
                ("week", Granularity::Week),
                ("month", Granularity::Month),
                ("year", Granularity::Year),
            ],
        )?,
    };
    let granularity = options.granularity.unwrap_or(Granularity::Month);
    let request = filters.into_request(0);
    let index = state.index.clone();
    let series = blocking(move || Ok(index.attention(&request, granularity.into())?)).await?;
    Ok(Json(attention_of(series)))
}

/// The two bodies analyze reads.
#[derive(Clone, Copy)]
enum ArticleBody {
    Seed,
    Json,
}

/// Analyse one article and return the `kilde analyze` record; nothing is stored.
#[utoipa::path(
    post,
    path = "/api/analyze",
    tag = "analysis",
    request_body(
        description = "One article: in the seed format as text/plain (`date 2018-03-09 Body…`, \
            paragraphs separated by blank lines, an optional `/ritzau/` sign-off), or as JSON",
        content(
            (String = "text/plain"),
            (AnalyzeRequest = "application/json"),
        ),
    ),
    responses(
        (status = 200, description = "The analysis record (schema AnalysisRecord)", body = serde_json::Value),
        (status = 400, description = "Invalid UTF-8, a missing or impossible date, an empty \
            text, more than one article, JSON that is not an analyze request", body = ErrorBody),
        (status = 413, description = "The body is over 4 MiB", body = ErrorBody),
        (status = 415, description = "Content-Type is not text/plain or application/json, \
            or its charset is not UTF-8", body = ErrorBody),
    )
)]
pub async fn analyze(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<serde_json::Value>, ApiError> {
    let kind = match limits::media_type(&headers) {
        Some((_, false)) => {
            return Err(ApiError::UnsupportedMediaType(
                "only UTF-8 is read: send the body as UTF-8 with charset=utf-8".into(),
            ));
        }
        Some((t, true)) if t == "text/plain" => ArticleBody::Seed,
        Some((t, true)) if t == "application/json" => ArticleBody::Json,
        _ => {
            return Err(ApiError::UnsupportedMediaType(
                "send Content-Type: text/plain (an article in the seed format, \
                 `date 2018-03-09 Body…`) or application/json ({\"text\": …, \"date\": …, \
                 \"title\": …})"
                    .into(),
            ));
        }
    };
    let limit = state.limits.analyze_body;
    let bytes = limits::read_body(&headers, body, limit).await?;
    limits::utf8(&bytes)?;
    let analyzer = state.analyzer.clone();
    let record = blocking(move || {
        let article = match kind {
            ArticleBody::Seed => seed_article(bytes, limit)?,
            ArticleBody::Json => json_article(&bytes, limit)?,
        };
        Ok(analyzer(&article))
    })
    .await?;
    Ok(Json(record))
}

fn seed_article(bytes: Bytes, limit: usize) -> Result<Article, ApiError> {
    if bytes.trim_ascii_start().starts_with(b"{") {
        return Err(ApiError::BadRequest(
            "a text/plain body is read in the seed format (`date 2018-03-09 Body…`): \
             send JSON with Content-Type: application/json"
                .into(),
        ));
    }
    one_article(Corpus::from_reader(
        "body",
        Cursor::new(bytes),
        ReadOptions::with_max_record_bytes(limit.max(1)),
    ))
}

fn json_article(bytes: &[u8], limit: usize) -> Result<Article, ApiError> {
    let request: AnalyzeRequest = serde_json::from_slice(bytes).map_err(|e| {
        ApiError::BadRequest(format!(
            "the body is not an analyze request ({e}): send {{\"text\": \"…\", \
             \"date\": \"2018-03-09\", \"title\": \"…\"}}, date and title optional"
        ))
    })?;
    let line = serde_json::to_vec(&request)
        .map_err(|e| ApiError::Internal(format!("re-encoding an analyze request: {e}")))?;
    one_article(Corpus::from_reader(
        "body",
        Cursor::new(line),
        ReadOptions::with_max_record_bytes(limit.max(1)),
    ))
}

/// The one article of an analyze body, read as `kilde analyze` reads files.
fn one_article(corpus: Corpus) -> Result<Article, ApiError> {
    let mut articles = Vec::new();
    for item in corpus {
        match item {
            Ok(article) => articles.push(article),
            Err(rejection) => {
                return Err(ApiError::BadRequest(format!(
                    "the article cannot be read: {} (line {}): the seed format starts \
                     `date YYYY-MM-DD ` or `date YYYY-MM ` and then the text",
                    rejection.reason, rejection.origin.line
                )));
            }
        }
    }
    match articles.len() {
        1 => articles
            .pop()
            .ok_or_else(|| ApiError::Internal("one article went missing".into())),
        0 => Err(ApiError::BadRequest(
            "the body holds no article: send `date 2018-03-09 ` and the text".into(),
        )),
        n => Err(ApiError::BadRequest(format!(
            "the body holds {n} articles: analyze takes one at a time"
        ))),
    }
}

/// The JSON Lines media types ingest reads.
const JSON_LINES: [&str; 4] = [
    "application/x-ndjson",
    "application/jsonl",
    "application/x-jsonlines",
    "application/json-lines",
];

/// Add articles to the index (only with the server's ingest token).
#[utoipa::path(
    post,
    path = "/api/ingest",
    tag = "analysis",
    security(("ingest_token" = [])),
    request_body(
        description = "JSON Lines: one article per line, `{\"text\": …}` with optional `id`, \
            `date`, `title`, `sources`, `url`",
        content((String = "application/x-ndjson")),
    ),
    responses(
        (status = 200, description = "What was read and added", body = IngestReport),
        (status = 400, description = "Invalid UTF-8, a body that is not JSON Lines, no readable \
            article", body = ErrorBody),
        (status = 401, description = "No or the wrong bearer token", body = ErrorBody),
        (status = 403, description = "Ingest is off: the server has no ingest token", body = ErrorBody),
        (status = 413, description = "The body is over 64 MiB", body = ErrorBody),
        (status = 415, description = "Content-Type is not JSON Lines", body = ErrorBody),
    )
)]
pub async fn ingest(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<IngestReport>, ApiError> {
    let Some(ingest) = state.ingest.clone() else {
        return Err(ApiError::Forbidden(
            "ingest is off: this server was started without an ingest token; \
             restart it with one to accept articles"
                .into(),
        ));
    };
    authorize(&headers, &ingest.token)?;
    match limits::media_type(&headers) {
        Some((t, true)) if JSON_LINES.contains(&t.as_str()) => {}
        _ => {
            return Err(ApiError::UnsupportedMediaType(format!(
                "send JSON Lines in UTF-8 with Content-Type: {}",
                JSON_LINES.join(" or ")
            )));
        }
    }
    let limit = state.limits.ingest_body;
    let bytes = limits::read_body(&headers, body, limit).await?;
    limits::utf8(&bytes)?;
    if !bytes.trim_ascii_start().starts_with(b"{") {
        return Err(ApiError::BadRequest(
            "the body is not JSON Lines: send one JSON object per line, \
             {\"text\": …, \"date\": …}"
                .into(),
        ));
    }
    let index = state.index.clone();
    let lock = state.ingest_lock.clone();
    let report = blocking(move || {
        let mut articles = Vec::new();
        let mut rejections = Vec::new();
        let corpus = Corpus::from_reader(
            "body",
            Cursor::new(bytes),
            ReadOptions::with_max_record_bytes(limit.max(1)),
        );
        for item in corpus {
            match item {
                Ok(article) => articles.push(article),
                Err(r) => rejections.push(Rejected {
                    line: r.origin.line,
                    reason: r.reason.to_string(),
                }),
            }
        }
        if articles.is_empty() {
            let reasons: Vec<String> = rejections
                .iter()
                .take(5)
                .map(|r| format!("line {}: {}", r.line, r.reason))
                .collect();
            return Err(ApiError::BadRequest(format!(
                "no line of the body is a readable article ({}): send one JSON object \
                 with a non-empty \"text\" per line",
                reasons.join("; ")
            )));
        }
        let (accepted, rejected) = (articles.len() as u64, rejections.len() as u64);
        // One writer at a time: the index allows no more.
        let summary: IngestSummary = {
            let _only = lock.lock().unwrap_or_else(|p| p.into_inner());
            (ingest.hook)(articles).map_err(ApiError::Internal)?
        };
        index.reload()?;
        tracing::info!(
            accepted,
            rejected,
            added = summary.added,
            skipped = summary.skipped,
            "ingest"
        );
        rejections.truncate(REJECTIONS_LISTED);
        Ok(IngestReport {
            read: accepted + rejected,
            accepted,
            rejected,
            rejections,
            added: summary.added,
            skipped: summary.skipped,
            articles: index.num_articles(),
        })
    })
    .await?;
    Ok(Json(report))
}

/// Checks `Authorization: Bearer <token>` in constant time (for tokens of the
/// same length), so the answer time does not reveal how much of a guess is right.
fn authorize(headers: &HeaderMap, token: &str) -> Result<(), ApiError> {
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, credentials)| credentials.trim());
    let Some(given) = given else {
        return Err(ApiError::Unauthorized(
            "ingest needs the server's token: send Authorization: Bearer <token>".into(),
        ));
    };
    if bool::from(given.as_bytes().ct_eq(token.as_bytes())) {
        Ok(())
    } else {
        Err(ApiError::Unauthorized(
            "the ingest token is wrong: send the token the server was started with".into(),
        ))
    }
}

/// Liveness, and the size of the index.
#[utoipa::path(
    get,
    path = "/healthz",
    tag = "operations",
    responses((status = 200, description = "The server is up", body = Health))
)]
pub async fn healthz(State(state): State<AppState>) -> Json<Health> {
    Json(Health {
        status: "ok".into(),
        articles: state.index.num_articles(),
    })
}

/// Prometheus metrics: requests by method, route and status, latency
/// histograms per route, the index's article count.
#[utoipa::path(
    get,
    path = "/metrics",
    tag = "operations",
    responses((status = 200, description = "Prometheus text format 0.0.4",
        content_type = "text/plain; version=0.0.4", body = String))
)]
pub async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        state.metrics.render(state.index.num_articles()),
    )
}

/// Any path no route serves.
pub async fn not_found(method: Method, uri: Uri) -> ApiError {
    ApiError::NotFound(format!(
        "no endpoint {method} {}: /openapi.json lists the endpoints",
        uri.path()
    ))
}

/// A served path asked with a method it does not take.
pub async fn method_not_allowed(method: Method, uri: Uri) -> ApiError {
    ApiError::MethodNotAllowed(format!(
        "{} does not take {method}: /openapi.json lists the methods of each endpoint",
        uri.path()
    ))
}
