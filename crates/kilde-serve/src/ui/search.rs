//! The search page (`/`): the query box with its syntax help, filters as GET
//! parameters (so every search is a shareable URL), hits with highlighted
//! snippets, facet links that add a filter, an attention chart, and paging.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use kilde_search::{
    Attention, Count, Facets, Filters, Granularity, KildeIndex, SearchRequest, SearchResults, Sort,
};
use maud::{Markup, PreEscaped, html};

use super::{
    Ctx, Failure, article_url, blocking, chart, encode_query, format, label_class, label_index,
};
use crate::AppState;
use crate::ui::i18n::Messages;

const PER_PAGE: usize = 20;
/// Paging stops here: nobody reads page 51, and deep offsets cost the index.
const MAX_PAGE: usize = 50;
/// A day series longer than this is drawn by week.
const MAX_DAY_BARS: usize = 92;

/// The search as the URL gives it.
#[derive(Clone, Default)]
struct Params {
    q: String,
    from: Option<String>,
    to: Option<String>,
    sources: Vec<String>,
    entities: Vec<String>,
    speakers: Vec<String>,
    sort: Option<Sort>,
    page: usize,
}

impl Params {
    fn from_pairs(pairs: &[(String, String)]) -> Params {
        let mut p = Params {
            page: 1,
            ..Params::default()
        };
        for (key, value) in pairs {
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            let add = |list: &mut Vec<String>| {
                if !list.iter().any(|v| v == value) {
                    list.push(value.to_string());
                }
            };
            match key.as_str() {
                "q" => p.q = value.to_string(),
                "from" => p.from = Some(value.to_string()),
                "to" => p.to = Some(value.to_string()),
                "source" => add(&mut p.sources),
                "entity" => add(&mut p.entities),
                "speaker" => add(&mut p.speakers),
                "sort" => {
                    p.sort = match value {
                        "relevance" => Some(Sort::Relevance),
                        "newest" => Some(Sort::Newest),
                        "oldest" => Some(Sort::Oldest),
                        _ => None,
                    }
                }
                "page" => p.page = value.parse().unwrap_or(1),
                _ => {}
            }
        }
        p.page = p.page.clamp(1, MAX_PAGE);
        p
    }

    /// True when the filter box has something set, so it opens.
    fn has_filters(&self) -> bool {
        self.from.is_some()
            || self.to.is_some()
            || !self.sources.is_empty()
            || !self.entities.is_empty()
            || !self.speakers.is_empty()
            || self.sort.is_some()
    }

    /// Relevance when there is a query to rank by, newest first when browsing.
    fn sort(&self) -> Sort {
        self.sort.unwrap_or(if self.q.trim().is_empty() {
            Sort::Newest
        } else {
            Sort::Relevance
        })
    }

    fn request(&self) -> SearchRequest {
        let mut request = SearchRequest::new(self.q.clone(), PER_PAGE);
        request.offset = (self.page - 1) * PER_PAGE;
        request.sort = self.sort();
        request.facets = kilde_search::FacetSet::ALL;
        request.filters = Filters {
            from: self.from.clone(),
            to: self.to.clone(),
            sources: self.sources.clone(),
            entities: self.entities.clone(),
            speakers: self.speakers.clone(),
        };
        request
    }

    /// The URL of this search; page 1 and the default sort are left out.
    fn url(&self) -> String {
        let mut pairs: Vec<(&str, &str)> = Vec::new();
        if !self.q.is_empty() {
            pairs.push(("q", &self.q));
        }
        if let Some(from) = &self.from {
            pairs.push(("from", from));
        }
        if let Some(to) = &self.to {
            pairs.push(("to", to));
        }
        pairs.extend(self.sources.iter().map(|v| ("source", v.as_str())));
        pairs.extend(self.entities.iter().map(|v| ("entity", v.as_str())));
        pairs.extend(self.speakers.iter().map(|v| ("speaker", v.as_str())));
        let page = self.page.to_string();
        if let Some(sort) = self.sort {
            pairs.push(("sort", sort_code(sort)));
        }
        if self.page > 1 {
            pairs.push(("page", &page));
        }
        if pairs.is_empty() {
            "/".to_string()
        } else {
            format!("/?{}", encode_query(&pairs))
        }
    }

    /// The URL of this search changed by `change`, back on page 1.
    fn with(&self, change: impl FnOnce(&mut Params)) -> String {
        let mut p = self.clone();
        p.page = 1;
        change(&mut p);
        p.url()
    }

    fn at_page(&self, page: usize) -> String {
        let mut p = self.clone();
        p.page = page;
        p.url()
    }
}

fn sort_code(sort: Sort) -> &'static str {
    match sort {
        Sort::Relevance => "relevance",
        Sort::Newest => "newest",
        Sort::Oldest => "oldest",
    }
}

/// `GET /`.
pub(super) async fn page(State(state): State<AppState>, ctx: Ctx) -> Response {
    let params = Params::from_pairs(&ctx.pairs);
    // The form sends its empty boxes too; answer with the short URL worth sharing.
    if ctx.pairs.iter().any(|(_, v)| v.trim().is_empty()) {
        let mut url = params.url();
        if let Some(lang) = ctx.chosen {
            let sep = if url.contains('?') { '&' } else { '?' };
            url = format!("{url}{sep}lang={}", lang.code());
        }
        return Redirect::to(&url).into_response();
    }
    let index = state.index.clone();
    let request = params.request();
    let found = blocking(move || {
        let results = index.search(&request)?;
        let attention = timeline(&index, &request)?;
        Ok((results, attention))
    })
    .await;
    let m = ctx.msg();
    let title = if params.q.is_empty() {
        m.search_title.to_string()
    } else {
        format!("{} – {}", params.q, m.search)
    };
    match found {
        Ok((results, attention)) => {
            let body = html! {
                (form(&params, m))
                (results_section(&params, &results, &attention, m))
            };
            ctx.render(StatusCode::OK, &title, false, body)
        }
        Err(Failure::Query(message)) => {
            let body = html! {
                (form(&params, m))
                div.error role="alert" {
                    h2 { (m.query_error) }
                    pre { (message) }
                }
            };
            ctx.render(StatusCode::BAD_REQUEST, &title, false, body)
        }
        Err(Failure::Internal(detail)) => ctx.internal(&detail),
    }
}

/// The attention series at a useful width: months, or days (weeks when long)
/// when the matches span three months or less.
pub(super) fn timeline(
    index: &KildeIndex,
    request: &SearchRequest,
) -> kilde_search::Result<Attention> {
    let months = index.attention(request, Granularity::Month)?;
    if months.points.len() > 3 {
        return Ok(months);
    }
    let days = index.attention(request, Granularity::Day)?;
    if days.points.len() > MAX_DAY_BARS {
        return index.attention(request, Granularity::Week);
    }
    Ok(days)
}

fn form(p: &Params, m: &Messages) -> Markup {
    let sorts = [
        (None, m.sort_default),
        (Some(Sort::Relevance), m.sort_relevance),
        (Some(Sort::Newest), m.sort_newest),
        (Some(Sort::Oldest), m.sort_oldest),
    ];
    let actives: Vec<(&str, &str, &String)> = p
        .sources
        .iter()
        .map(|v| ("source", m.source, v))
        .chain(p.entities.iter().map(|v| ("entity", m.entity, v)))
        .chain(p.speakers.iter().map(|v| ("speaker", m.speaker, v)))
        .collect();
    html! {
        h1.vh { (m.search_title) }
        form.search role="search" action="/" method="get" {
            div.qrow {
                label for="q" { (m.query) }
                input #q type="search" name="q" value=(p.q) aria-describedby="syntax";
                button type="submit" { (m.search) }
            }
            details #syntax {
                summary { (m.help_summary) }
                dl.help {
                    @for (example, meaning) in m.help {
                        dt { code { (example) } }
                        dd { (meaning) }
                    }
                }
            }
            details.filters open[p.has_filters()] {
                summary { (m.filters) }
                fieldset {
                legend.vh { (m.filters) }
                @if !actives.is_empty() {
                    fieldset.active {
                        legend { (m.active) }
                        @for (i, (name, label, value)) in actives.iter().enumerate() {
                            @let id = format!("active-{i}");
                            span.chip {
                                input id=(id) type="checkbox" name=(name) value=(value) checked;
                                label for=(id) { (label) ": " (value) }
                            }
                        }
                    }
                }
                div.grid {
                    (date_field("from", m.from, p.from.as_deref(), m))
                    (date_field("to", m.to, p.to.as_deref(), m))
                    (text_field("source", m.source, m))
                    (text_field("entity", m.entity, m))
                    (text_field("speaker", m.speaker, m))
                    div.field {
                        label for="sort" { (m.sort) }
                        select #sort name="sort" {
                            @for (value, label) in sorts {
                                option value=(value.map_or("", sort_code)) selected[value == p.sort] { (label) }
                            }
                        }
                    }
                }
                p {
                    button type="submit" { (m.search) }
                    " "
                    a href="/" { (m.clear) }
                }
                }
            }
        }
    }
}

fn date_field(name: &str, label: &str, value: Option<&str>, m: &Messages) -> Markup {
    let hint = format!("{name}-hint");
    html! {
        div.field {
            label for=(name) { (label) }
            input id=(name) name=(name) type="text" inputmode="numeric" autocomplete="off"
                pattern="[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?" value=[value] aria-describedby=(hint);
            small id=(hint) { (m.date_hint) }
        }
    }
}

/// An empty box that adds one more value of a repeatable filter.
fn text_field(name: &str, label: &str, m: &Messages) -> Markup {
    html! {
        div.field {
            label for=(name) { (label) }
            input id=(name) name=(name) type="text" placeholder=(m.add_hint);
        }
    }
}

fn results_section(
    p: &Params,
    results: &SearchResults,
    attention: &Attention,
    m: &Messages,
) -> Markup {
    let first = (p.page - 1) * PER_PAGE + 1;
    let last = (first + results.hits.len()).saturating_sub(1);
    let pages = results.total.div_ceil(PER_PAGE).min(MAX_PAGE);
    html! {
        div.layout {
            section.results aria-labelledby="results-h" {
                h2 #results-h { (m.results) }
                @if results.hits.is_empty() {
                    p.count { (m.no_results) }
                } @else {
                    p.count {
                        (m.showing) " " (first) "–" (last) " " (m.of) " "
                        (format::articles(results.total as u64, m))
                    }
                }
                (attention_chart(p, attention, m))
                ol.hits start=(first) {
                    @for hit in &results.hits {
                        li {
                            h3 { a href=(article_url(&hit.id)) { (hit.title) } }
                            p.meta {
                                @if let Some(date) = &hit.date {
                                    time datetime=[format::datetime_attr(date)] { (format::date(date, m)) }
                                }
                                @if !hit.sources.is_empty() {
                                    " · " (hit.sources.join(", "))
                                }
                            }
                            // The snippet escapes its text and adds only <mark>.
                            p.snippet { (PreEscaped(hit.snippet.to_html())) }
                        }
                    }
                }
                @if pages > 1 {
                    nav.pager aria-label=(m.pages) {
                        @if p.page > 1 {
                            a rel="prev" href=(p.at_page(p.page - 1)) { "← " (m.previous) }
                        }
                        span { (m.page) " " (p.page) " / " (pages) }
                        @if p.page < pages {
                            a rel="next" href=(p.at_page(p.page + 1)) { (m.next) " →" }
                        }
                    }
                }
            }
            @if let Some(facets) = &results.facets {
                (facet_panel(p, facets, m))
            }
        }
    }
}

fn attention_chart(p: &Params, attention: &Attention, m: &Messages) -> Markup {
    let peak = attention.points.iter().max_by_key(|c| c.count);
    let link = |label: &str| -> Option<String> {
        let (from, to) = period_bounds(attention.granularity, label)?;
        Some(p.with(|p| {
            p.from = Some(from);
            p.to = Some(to);
        }))
    };
    html! {
        figure.attention {
            figcaption {
                strong { (m.attention) }
                @if let Some(peak) = peak.filter(|c| c.count > 0) {
                    " · " (m.chart_peak) ": " (format::time_value(&peak.value, m)) " (" (format::articles(peak.count, m)) ")"
                }
            }
            @if attention.points.is_empty() {
                p { (m.no_dates) }
            } @else {
                (chart::bars(&attention.points, m.attention, link))
            }
            @if attention.month_only > 0 || attention.undated > 0 {
                p.note {
                    @if attention.month_only > 0 {
                        (format::articles(attention.month_only, m)) " " (m.month_only) ". "
                    }
                    @if attention.undated > 0 {
                        (format::articles(attention.undated, m)) " " (m.undated) "."
                    }
                }
            }
        }
    }
}

/// The `from`/`to` filter values covering one bar's period.
pub(super) fn period_bounds(granularity: Granularity, label: &str) -> Option<(String, String)> {
    match granularity {
        Granularity::Week => {
            let (year, week) = label.split_once("-W")?;
            let monday = jiff::civil::ISOWeekDate::new(
                year.parse().ok()?,
                week.parse().ok()?,
                jiff::civil::Weekday::Monday,
            )
            .ok()?
            .date();
            let sunday = monday.checked_add(jiff::Span::new().days(6)).ok()?;
            Some((monday.to_string(), sunday.to_string()))
        }
        _ => Some((label.to_string(), label.to_string())),
    }
}

fn facet_panel(p: &Params, facets: &Facets, m: &Messages) -> Markup {
    let same = |v: &str| v.to_string();
    let months = facet_list(
        m.months,
        &facets.months,
        |v| p.from.as_deref() == Some(v) && p.to.as_deref() == Some(v),
        |v| {
            p.with(|p| {
                p.from = Some(v.to_string());
                p.to = Some(v.to_string());
            })
        },
        "",
        |v| format::date(v, m),
    );
    let sources = facet_list(
        m.sources,
        &facets.sources,
        |v| p.sources.iter().any(|s| s == v),
        |v| p.with(|p| p.sources.push(v.to_string())),
        "",
        same,
    );
    let entities = facets.entities.iter().map(|(label, counts)| {
        facet_list(
            label_index(label).map_or(label.as_str(), |i| m.labels_plural[i]),
            counts,
            |v| p.entities.iter().any(|e| e == v),
            |v| p.with(|p| p.entities.push(v.to_string())),
            label_class(label),
            same,
        )
    });
    let speakers = facet_list(
        m.speakers,
        &facets.speakers,
        |v| p.speakers.iter().any(|s| s == v),
        |v| p.with(|p| p.speakers.push(v.to_string())),
        "per",
        same,
    );
    html! {
        aside.facets aria-labelledby="facets-h" {
            h2 #facets-h { (m.refine) }
            (months)
            (sources)
            @for list in entities { (list) }
            (speakers)
        }
    }
}

/// One facet: each value a link adding it as a filter (plain text when active).
fn facet_list(
    heading: &str,
    counts: &[Count],
    active: impl Fn(&str) -> bool,
    add: impl Fn(&str) -> String,
    class: &str,
    show: impl Fn(&str) -> String,
) -> Markup {
    html! {
        @if !counts.is_empty() {
            section.facet {
                h3 { (heading) }
                ul class=(class) {
                    @for c in counts {
                        li {
                            @if active(&c.value) {
                                strong aria-current="true" { (show(&c.value)) }
                            } @else {
                                a href=(add(&c.value)) { (show(&c.value)) }
                            }
                            " " span.n { (c.count) }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn params_round_trip_through_the_url() {
        let p = Params::from_pairs(&pairs(&[
            ("q", "storm"),
            ("entity", "DMI"),
            ("entity", "DMI"),
            ("entity", "Ylva & co"),
            ("source", ""),
            ("page", "3"),
            ("sort", "oldest"),
            ("lang", "en"),
        ]));
        assert_eq!(p.entities, ["DMI", "Ylva & co"]);
        assert!(p.sources.is_empty());
        assert_eq!(p.sort(), Sort::Oldest);
        let url = p.url();
        assert_eq!(
            url,
            "/?q=storm&entity=DMI&entity=Ylva+%26+co&sort=oldest&page=3"
        );
        let back: Vec<(String, String)> =
            serde_urlencoded::from_str(url.trim_start_matches("/?")).unwrap();
        assert_eq!(Params::from_pairs(&back).url(), url);
        // Adding a filter goes back to page 1.
        assert_eq!(
            p.with(|p| p.sources.push("Ritzau".into())),
            "/?q=storm&source=Ritzau&entity=DMI&entity=Ylva+%26+co&sort=oldest"
        );
    }

    #[test]
    fn browsing_sorts_newest_and_paging_is_bounded() {
        let p = Params::from_pairs(&pairs(&[("page", "100000")]));
        assert_eq!(p.sort(), Sort::Newest);
        assert_eq!(p.page, MAX_PAGE);
        assert_eq!(Params::from_pairs(&pairs(&[("page", "x")])).page, 1);
        assert_eq!(Params::from_pairs(&[]).url(), "/");
    }

    #[test]
    fn week_bars_filter_monday_to_sunday() {
        assert_eq!(
            period_bounds(Granularity::Week, "2026-W10"),
            Some(("2026-03-02".into(), "2026-03-08".into()))
        );
        assert_eq!(
            period_bounds(Granularity::Month, "2026-03"),
            Some(("2026-03".into(), "2026-03".into()))
        );
        assert_eq!(period_bounds(Granularity::Week, "2026-03"), None);
    }
}
