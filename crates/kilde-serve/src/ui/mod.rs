//! The web UI: server-rendered HTML pages for journalists (search, article,
//! entity) in Danish or English. Plain links and forms, no JavaScript and no
//! build step; charts are SVG drawn here; everything from the index is escaped
//! by `maud`.

mod article;
mod chart;
mod entity;
mod format;
mod i18n;
mod search;

use std::convert::Infallible;

use axum::Router;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use maud::{DOCTYPE, Markup, html};

use crate::AppState;
use i18n::{Lang, Messages};

/// Where the one stylesheet is served; the name carries a version so a changed
/// file is never hidden by a cached one.
const STYLESHEET: &str = concat!("/ui/kilde-", env!("CARGO_PKG_VERSION"), ".css");
/// The cookie the language toggle sets.
const LANG_COOKIE: &str = "kilde_lang";

/// The pages: `/` (search), `/article/{id}`, `/entity/{name}` and the stylesheet.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(search::page))
        .route("/article/{id}", get(article::page))
        .route("/entity/{name}", get(entity::page))
        .route(STYLESHEET, get(stylesheet))
}

async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        include_str!("kilde.css"),
    )
        .into_response()
}

/// What every page needs from the request: its language, whether the language
/// was just chosen by the toggle (and must be remembered), and its URL.
pub(crate) struct Ctx {
    lang: Lang,
    chosen: Option<Lang>,
    path: String,
    /// The decoded query string, in order; repeated names kept.
    pairs: Vec<(String, String)>,
}

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        // A query string that does not decode is treated as absent: a page for
        // people should render something, and the search box shows what was read.
        let pairs: Vec<(String, String)> = parts
            .uri
            .query()
            .and_then(|q| serde_urlencoded::from_str(q).ok())
            .unwrap_or_default();
        let chosen = pairs
            .iter()
            .rev()
            .find(|(k, _)| k == "lang")
            .and_then(|(_, v)| Lang::from_code(v));
        let header_str = |name| parts.headers.get(name).and_then(|v| v.to_str().ok());
        let cookie = header_str(header::COOKIE).and_then(|cookies| {
            cookies
                .split(';')
                .filter_map(|c| c.trim().split_once('='))
                .find(|(k, _)| *k == LANG_COOKIE)
                .and_then(|(_, v)| Lang::from_code(v))
        });
        let lang = chosen
            .or(cookie)
            .or_else(|| header_str(header::ACCEPT_LANGUAGE).and_then(Lang::from_accept_language))
            .unwrap_or(Lang::Da);
        Ok(Ctx {
            lang,
            chosen,
            path: parts.uri.path().to_string(),
            pairs,
        })
    }
}

impl Ctx {
    fn msg(&self) -> &'static Messages {
        self.lang.msg()
    }

    /// This page's URL in the other language (the toggle).
    fn toggle_url(&self) -> String {
        let mut pairs: Vec<(&str, &str)> = self
            .pairs
            .iter()
            .filter(|(k, _)| k != "lang")
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        pairs.push(("lang", self.lang.other().code()));
        format!("{}?{}", self.path, encode_query(&pairs))
    }

    /// A whole page around `body`, with the headers every page carries.
    fn render(
        &self,
        status: StatusCode,
        title: &str,
        header_search: bool,
        body: Markup,
    ) -> Response {
        let m = self.msg();
        let other = self.lang.other();
        let page = html! {
            (DOCTYPE)
            html lang=(self.lang.code()) {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    title { (title) " – kilde" }
                    link rel="stylesheet" href=(STYLESHEET);
                    link rel="icon" href="data:,";
                }
                body {
                    a.skip href="#main" { (m.skip) }
                    header.top {
                        a.brand href="/" { "kilde" }
                        span.tagline { (m.tagline) }
                        @if header_search {
                            form.mini role="search" action="/" method="get" {
                                label.vh for="top-q" { (m.query) }
                                input #top-q type="search" name="q";
                                button type="submit" { (m.search) }
                            }
                        }
                        a.lang href=(self.toggle_url()) lang=(other.code()) hreflang=(other.code()) {
                            (m.other_lang)
                        }
                    }
                    main #main tabindex="-1" { (body) }
                }
            }
        };
        let mut response = (status, Html(page.into_string())).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
        headers.insert(
            header::VARY,
            HeaderValue::from_static("accept-language, cookie"),
        );
        if let Some(lang) = self.chosen {
            let cookie = format!(
                "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly",
                lang.code()
            );
            if let Ok(value) = HeaderValue::from_str(&cookie) {
                headers.insert(header::SET_COOKIE, value);
            }
        }
        response
    }

    /// The 404 page: what was not found, and the way back.
    fn not_found(&self, what: &str, name: &str) -> Response {
        let m = self.msg();
        let body = html! {
            h1 { (m.not_found) }
            p { (what) " " strong { "«" (name) "»" } "." }
            p { a href="/" { (m.back) } }
        };
        self.render(StatusCode::NOT_FOUND, m.not_found, true, body)
    }

    /// The 500 page; the detail goes to the log, never to the page.
    fn internal(&self, detail: &str) -> Response {
        tracing::error!(path = %self.path, error = %detail, "ui page failed");
        let m = self.msg();
        let body = html! {
            h1 { (m.internal) }
            p { (m.internal_detail) }
            p { a href="/" { (m.back) } }
        };
        self.render(StatusCode::INTERNAL_SERVER_ERROR, m.internal, true, body)
    }
}

/// Why a page's index work failed.
enum Failure {
    /// The user's query or filters: shown on the page, to be fixed.
    Query(String),
    /// Anything else: logged, answered with the 500 page.
    Internal(String),
}

/// Runs index work on a blocking thread, so a slow search never stalls the server.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> kilde_search::Result<T> + Send + 'static,
) -> Result<T, Failure> {
    match tokio::task::spawn_blocking(work).await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(kilde_search::Error::Query(message))) => Err(Failure::Query(message)),
        Ok(Err(e)) => Err(Failure::Internal(e.to_string())),
        Err(e) => Err(Failure::Internal(e.to_string())),
    }
}

/// `name=value&…`, form-encoded.
fn encode_query(pairs: &[(&str, &str)]) -> String {
    serde_urlencoded::to_string(pairs).unwrap_or_default()
}

fn article_url(id: &str) -> String {
    format!("/article/{}", format::segment(id))
}

fn entity_url(name: &str) -> String {
    format!("/entity/{}", format::segment(name))
}

/// The label index used by the message tables: PER, ORG, LOC, MISC.
fn label_index(label: &str) -> Option<usize> {
    ["PER", "ORG", "LOC", "MISC"]
        .iter()
        .position(|l| *l == label)
}

/// The class of an entity mark: `per`, `org`, `loc`, `misc`.
fn label_class(label: &str) -> &'static str {
    match label {
        "PER" => "per",
        "ORG" => "org",
        "LOC" => "loc",
        _ => "misc",
    }
}
