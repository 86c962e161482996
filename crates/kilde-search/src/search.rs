//! Answering a search: hits with highlighted snippets, facet counts, and
//! attention over time, all from one parsed query.

use std::collections::BTreeMap;

use serde::Serialize;
use tantivy::collector::{self, TopDocs};
use tantivy::schema::Value;
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocAddress, Order, Searcher, TantivyDocument};

use crate::compile::{self, Filters};
use crate::error::{Error, Result};
use crate::facets::{FacetCounter, FacetSet};
use crate::index::KildeIndex;
use crate::period::{Granularity, PeriodCounts};

/// Most hits one request may ask for.
pub const MAX_LIMIT: usize = 1000;
/// How many values each facet lists.
pub const FACET_VALUES: usize = 20;

/// The order of hits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    /// Best match first.
    #[default]
    Relevance,
    /// Most recent article first (undated last).
    Newest,
    /// Oldest article first.
    Oldest,
}

/// One search, as the CLI and the HTTP API ask for it.
#[derive(Debug, Clone, Serialize)]
pub struct SearchRequest {
    /// The query in kilde's syntax (see [`crate::query`]).
    pub query: String,
    /// Filters applied on top of the query.
    pub filters: Filters,
    /// Hits per page.
    pub limit: usize,
    /// Hits to skip (paging).
    pub offset: usize,
    /// Hit order.
    pub sort: Sort,
    /// Which facets to count.
    pub facets: FacetSet,
    /// Highlight the best passage of each hit (otherwise a hit shows the start of
    /// its first paragraph): the costliest part of a page of hits.
    pub snippets: bool,
    /// Match compound parts (`prøvesprængning` finds `atomprøvesprængninger`); off
    /// gives plain Snowball stemming, the baseline `kilde eval search` compares with.
    pub decompound: bool,
}

impl SearchRequest {
    /// A relevance-ranked request for the first `limit` hits, with compound matching.
    pub fn new(query: impl Into<String>, limit: usize) -> SearchRequest {
        SearchRequest {
            query: query.into(),
            filters: Filters::default(),
            limit,
            offset: 0,
            sort: Sort::Relevance,
            facets: FacetSet::NONE,
            snippets: true,
            decompound: true,
        }
    }
}

/// The answer to a [`SearchRequest`].
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    /// Articles matching, in all.
    pub total: usize,
    /// The requested page of hits.
    pub hits: Vec<Hit>,
    /// Facet counts, when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facets: Option<Facets>,
}

/// One matching article.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// Article id.
    pub id: String,
    /// Relevance score (0 when sorted by date).
    pub score: f32,
    /// The article's date as given (`2018-03` or `2018-03-09`).
    pub date: Option<String>,
    /// Headline, or the start of the first paragraph.
    pub title: String,
    /// Sources the article cites or is signed by.
    pub sources: Vec<String>,
    /// The best-matching passage with the matched words marked.
    pub snippet: Snippet,
}

/// A passage of the body with the matched words marked.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Snippet {
    /// The passage.
    pub text: String,
    /// Matched words as `[start, end)` code-point offsets into `text`.
    pub highlights: Vec<[usize; 2]>,
}

impl Snippet {
    /// The passage as HTML with matches in `<mark>`; everything else escaped.
    pub fn to_html(&self) -> String {
        let chars: Vec<char> = self.text.chars().collect();
        let mut out = String::with_capacity(self.text.len() + 16 * self.highlights.len());
        let mut at = 0;
        for &[start, end] in &self.highlights {
            escape_into(&mut out, chars[at..start].iter());
            out.push_str("<mark>");
            escape_into(&mut out, chars[start..end].iter());
            out.push_str("</mark>");
            at = end;
        }
        escape_into(&mut out, chars[at..].iter());
        out
    }
}

fn escape_into<'c>(out: &mut String, chars: impl Iterator<Item = &'c char>) {
    for &c in chars {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// A value and how many matching articles have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Count {
    /// The value (`ritzau`, `2018-03`, `Mette Frederiksen`).
    pub value: String,
    /// Matching articles with it.
    pub count: u64,
}

/// Facet counts over all matching articles.
#[derive(Debug, Clone, Serialize)]
pub struct Facets {
    /// Articles per month, in time order.
    pub months: Vec<Count>,
    /// Most frequent sources.
    pub sources: Vec<Count>,
    /// Most frequent entities, per label (`PER`, `ORG`, `LOC`, `MISC`).
    pub entities: BTreeMap<String, Vec<Count>>,
    /// Most frequently quoted speakers.
    pub speakers: Vec<Count>,
}

/// Articles matching a query per period: the "attention over time" series.
#[derive(Debug, Clone, Serialize)]
pub struct Attention {
    /// Day, week, month or year.
    pub granularity: Granularity,
    /// One point per period from the first to the last match, zeros included.
    pub points: Vec<Count>,
    /// Matches dated only to a month, which a day or week series cannot place.
    pub month_only: u64,
    /// Matches without a date.
    pub undated: u64,
}

/// A page of hits: score and address, best first.
type Page = Vec<(f32, DocAddress)>;

impl KildeIndex {
    /// Runs a search.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        if request.limit > MAX_LIMIT {
            return Err(Error::Query(format!(
                "limit {} is more than the maximum of {MAX_LIMIT}",
                request.limit
            )));
        }
        let searcher = self.searcher();
        let query = compile::compile(self, &request.query, &request.filters, request.decompound)?;
        // The facet pass visits every match anyway, and a lone word's page skips the
        // blocks that cannot reach the top, so those count their total apart; any
        // other query visits every match for its page and counts them on the way.
        let apart = request.facets.any() || compile::prunes(&request.query, &request.filters);
        let (counted, addresses) = self.page(&searcher, &*query, request, !apart)?;
        let (total, facets) = if request.facets.any() {
            let (total, facets) = self.facets(&searcher, &query, request.facets)?;
            (total, Some(facets))
        } else {
            (counted.map_or_else(|| query.count(&searcher), Ok)?, None)
        };
        let snippets = request
            .snippets
            .then(|| SnippetGenerator::create(&searcher, &query, self.fields().text).ok())
            .flatten()
            .map(|mut g| {
                g.set_max_num_chars(240);
                g
            });
        let mut hits = Vec::with_capacity(addresses.len());
        for (score, address) in addresses {
            let record = self.stored_record(&searcher, address)?;
            hits.push(hit(score, &record, snippets.as_ref()));
        }
        Ok(SearchResults {
            total,
            hits,
            facets,
        })
    }

    /// Total matches and the stored records of the requested page, without
    /// snippets: for callers that read the analysis itself.
    pub(crate) fn records(
        &self,
        request: &SearchRequest,
    ) -> Result<(usize, Vec<serde_json::Value>)> {
        let searcher = self.searcher();
        let query = compile::compile(self, &request.query, &request.filters, request.decompound)?;
        let (total, page) = self.page(&searcher, &*query, request, true)?;
        let total = total.unwrap_or_default();
        let records = page
            .into_iter()
            .map(|(_, address)| self.stored_record(&searcher, address))
            .collect::<Result<_>>()?;
        Ok((total, records))
    }

    /// The page of hits for a compiled query, in the requested order, and the
    /// number of matches when `with_total`.
    fn page(
        &self,
        searcher: &Searcher,
        query: &dyn tantivy::query::Query,
        request: &SearchRequest,
        with_total: bool,
    ) -> Result<(Option<usize>, Page)> {
        let top = TopDocs::with_limit(request.limit.max(1)).and_offset(request.offset);
        let (total, mut page) = match (request.sort, with_total) {
            (Sort::Relevance, true) => {
                let (total, page) = searcher.search(query, &(collector::Count, top))?;
                (Some(total), page)
            }
            // Alone, the top-k collector skips blocks whose best score cannot compete.
            (Sort::Relevance, false) => (None, searcher.search(query, &top)?),
            (Sort::Newest | Sort::Oldest, _) => {
                let order = if request.sort == Sort::Newest {
                    Order::Desc
                } else {
                    Order::Asc
                };
                let (total, page) = searcher.search(
                    query,
                    &(
                        collector::Count,
                        top.order_by_fast_field::<i64>("date_start", order),
                    ),
                )?;
                let page = page.into_iter().map(|(_, a)| (0.0, a)).collect();
                (with_total.then_some(total), page)
            }
        };
        if request.limit == 0 {
            page.clear();
        }
        Ok((total, page))
    }

    /// Counts matching articles per period.
    pub fn attention(
        &self,
        request: &SearchRequest,
        granularity: Granularity,
    ) -> Result<Attention> {
        let searcher = self.searcher();
        let query = compile::compile(self, &request.query, &request.filters, request.decompound)?;
        let counts = searcher.search(&query, &PeriodCounts::new(granularity))?;
        Ok(counts.into_attention(granularity))
    }

    /// The stored analysis of one article, or None for an unknown id.
    pub fn article(&self, id: &str) -> Result<Option<serde_json::Value>> {
        let searcher = self.searcher();
        let term = tantivy::Term::from_field_text(self.fields().id, id);
        let query = tantivy::query::TermQuery::new(term, tantivy::schema::IndexRecordOption::Basic);
        let found = searcher.search(&query, &TopDocs::with_limit(1))?;
        match found.first() {
            Some((_, address)) => Ok(Some(self.stored_record(&searcher, *address)?)),
            None => Ok(None),
        }
    }

    fn stored_record(&self, searcher: &Searcher, address: DocAddress) -> Result<serde_json::Value> {
        let doc: TantivyDocument = searcher.doc(address)?;
        let json = doc
            .get_first(self.fields().record)
            .and_then(|v| v.as_str())
            .unwrap_or("{}");
        serde_json::from_str(json).map_err(|e| Error::Io {
            path: self.dir().to_path_buf(),
            source: std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("the stored record of {address:?} is damaged: {e}"),
            ),
        })
    }

    fn facets(
        &self,
        searcher: &Searcher,
        query: &dyn tantivy::query::Query,
        set: FacetSet,
    ) -> Result<(usize, Facets)> {
        if let Some(columns) = self.columns() {
            let live = searcher
                .segment_readers()
                .iter()
                .map(|segment| segment.segment_id())
                .collect();
            columns.retain(&live);
        }
        let counter = FacetCounter::new(set, FACET_VALUES, self.columns());
        let fruit = searcher.search(query, &counter)?;
        Ok(counter.results(fruit))
    }
}

fn hit(score: f32, record: &serde_json::Value, snippets: Option<&SnippetGenerator>) -> Hit {
    let str_of = |key: &str| record.get(key).and_then(|v| v.as_str());
    let text = str_of("text").unwrap_or_default();
    let title = str_of("title")
        .map(str::to_string)
        .unwrap_or_else(|| first_line(text));
    let sources = record
        .get("sources")
        .and_then(|v| v.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    let mut snippet = snippets
        .map(|g| to_snippet(&g.snippet(text)))
        .unwrap_or_default();
    if snippet.text.is_empty() {
        snippet.text = first_line(text);
    }
    Hit {
        id: str_of("id").unwrap_or_default().to_string(),
        score,
        date: str_of("date").map(str::to_string),
        title,
        sources,
        snippet,
    }
}

fn to_snippet(s: &tantivy::snippet::Snippet) -> Snippet {
    let text = s.fragment();
    let char_at = |byte: usize| text[..byte].chars().count();
    Snippet {
        text: text.to_string(),
        highlights: s
            .highlighted()
            .iter()
            .map(|r| [char_at(r.start), char_at(r.end)])
            .collect(),
    }
}

/// The start of the first paragraph, cut at a word boundary.
fn first_line(text: &str) -> String {
    let line = text.trim_start().lines().next().unwrap_or_default();
    if line.chars().count() <= 160 {
        return line.to_string();
    }
    let cut: String = line.chars().take(160).collect();
    match cut.rfind(' ') {
        Some(space) => format!("{}…", &cut[..space]),
        None => format!("{cut}…"),
    }
}
