//! The entity page (`/entity/{name}`): a person, organisation or place across the
//! index: its spellings, a timeline of the articles naming it, what it said, what
//! others said about it, and who it is named together with.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use kilde_search::{EntityProfile, Filters, QuoteHit, SearchRequest};
use maud::{Markup, html};

use super::i18n::Messages;
use super::search::{period_bounds, timeline};
use super::{
    Ctx, Failure, article_url, blocking, chart, encode_query, entity_url, format, label_class,
    label_index,
};
use crate::AppState;

/// Quotes listed per kind (by it, about it).
const MAX_QUOTES: usize = 30;

/// `GET /entity/{name}`.
pub(super) async fn page(
    State(state): State<AppState>,
    Path(name): Path<String>,
    ctx: Ctx,
) -> Response {
    let index = state.index.clone();
    let wanted = name.clone();
    let found = blocking(move || {
        let Some(profile) = index.entity_profile(&wanted, MAX_QUOTES)? else {
            return Ok(None);
        };
        // The profile counts by month; a short span reads better by day.
        let mut request = SearchRequest::new("", 0);
        request.filters = Filters {
            entities: vec![profile.name.clone()],
            ..Filters::default()
        };
        let series = timeline(&index, &request)?;
        Ok(Some((profile, series)))
    })
    .await;
    let m = ctx.msg();
    match found {
        Ok(Some((profile, series))) => {
            let body = render(&profile, &series, m);
            ctx.render(StatusCode::OK, &profile.name, true, body)
        }
        Ok(None) => ctx.not_found(m.no_entity, &name),
        // A name is not a query: nothing the user typed can be a syntax error here.
        Err(Failure::Query(detail) | Failure::Internal(detail)) => ctx.internal(&detail),
    }
}

fn search_url(pairs: &[(&str, &str)]) -> String {
    format!("/?{}", encode_query(pairs))
}

fn render(p: &EntityProfile, series: &kilde_search::Attention, m: &Messages) -> Markup {
    let label = p.label.as_deref().unwrap_or("MISC");
    let label_name = label_index(label).map_or(label, |i| m.labels[i]);
    let link = |period: &str| -> Option<String> {
        let (from, to) = period_bounds(series.granularity, period)?;
        Some(search_url(&[
            ("entity", &p.name),
            ("from", &from),
            ("to", &to),
        ]))
    };
    html! {
        div.layout {
            article.profile {
                p.kind { span class=(format!("ent {}", label_class(label))) { (label_name) } }
                h1 { (p.name) }
                p.meta {
                    (m.mentions) " " (format::number(p.mentions, m)) " "
                    (if p.mentions == 1 { m.times.0 } else { m.times.1 }) " " (m.in_articles) " "
                    (format::articles(p.articles as u64, m))
                    @if p.articles_read < p.articles {
                        " (" (m.counted_in) " " (format::articles(p.articles_read as u64, m)) ")"
                    }
                    ". "
                    a href=(search_url(&[("entity", &p.name)])) { (m.search_entity) " " (p.name) }
                }
                section aria-labelledby="timeline-h" {
                    h2 #timeline-h { (m.timeline) }
                    figure.attention {
                        @if series.points.is_empty() {
                            p { (m.no_dates) }
                        } @else {
                            (chart::bars(&series.points, m.timeline, link))
                        }
                        @if series.month_only > 0 {
                            figcaption.note {
                                (format::articles(series.month_only, m)) " " (m.month_only) "."
                            }
                        }
                    }
                }
                section aria-labelledby="by-h" {
                    h2 #by-h { (m.quotes_by) " " (p.name) }
                    (quote_list(&p.quotes_by, false, m))
                }
                section aria-labelledby="about-h" {
                    h2 #about-h { (m.quotes_about) " " (p.name) }
                    (quote_list(&p.quotes_about, true, m))
                }
            }
            aside.side {
                section aria-labelledby="aliases-h" {
                    h2 #aliases-h { (m.aliases) }
                    ul {
                        @for alias in &p.aliases {
                            li { (alias.value) " " span.n { (alias.count) } }
                        }
                    }
                }
                section aria-labelledby="co-h" {
                    h2 #co-h { (m.co_occurring) }
                    @for (label, counts) in &p.co_occurring {
                        h3 { (label_index(label).map_or(label.as_str(), |i| m.labels_plural[i])) }
                        ul.names {
                            @for c in counts {
                                li {
                                    a class=(format!("ent {}", label_class(label))) href=(entity_url(&c.value)) { (c.value) }
                                    " " span.n { (c.count) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn quote_list(quotes: &[QuoteHit], with_speaker: bool, m: &Messages) -> Markup {
    html! {
        @if quotes.is_empty() {
            p { (m.no_quotes) }
        } @else {
            ul.quotes {
                @for q in quotes {
                    li {
                        blockquote class=(if q.direct { "quote" } else { "quote reported" }) {
                            "«" (q.text) "»"
                        }
                        p.meta {
                            @if with_speaker {
                                @match &q.speaker {
                                    Some(s) => { a.ent.per href=(entity_url(s)) { (s) } }
                                    None => { (m.unknown_speaker) }
                                }
                                ", "
                            }
                            (if q.direct { m.quote } else { m.reported })
                            @if let Some(cue) = &q.cue { " (" (cue) ")" }
                            " · "
                            @if let Some(date) = &q.date {
                                time datetime=[format::datetime_attr(date)] { (format::date(date, m)) }
                                " · "
                            }
                            a href=(article_url(&q.article_id)) { (m.read_article) }
                        }
                    }
                }
            }
        }
    }
}
