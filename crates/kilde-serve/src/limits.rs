//! What one request may ask of the server: body sizes, result counts, query
//! length and time. Every limit is enforced before the work it bounds.

use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body_util::{BodyExt, LengthLimitError, Limited};

use crate::error::ApiError;

/// Most hits (or quotes) one page may hold.
pub const MAX_PAGE: usize = 100;
/// Hits (or quotes) a page may skip: deep paging makes the index collect
/// `offset + limit` documents, so it is bounded too.
pub const MAX_OFFSET: usize = 10_000;
/// Values one repeatable filter (`source`, `entity`, `speaker`) may have.
pub const MAX_FILTER_VALUES: usize = 20;
/// The longest query (and any other parameter value), in characters: the
/// query parser's own maximum, checked before parsing.
pub const MAX_QUERY_CHARS: usize = kilde_search::query::MAX_QUERY_CHARS;

/// Per-server limits on bodies and time; `Limits::default()` suits a newsroom.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest body `POST /api/analyze` reads (one article).
    pub analyze_body: usize,
    /// Largest body `POST /api/ingest` reads (many articles).
    pub ingest_body: usize,
    /// Longest any request but ingest may run.
    pub request_timeout: Duration,
    /// Longest an ingest may run: it analyses every article it is sent.
    pub ingest_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            analyze_body: 4 << 20,
            ingest_body: 64 << 20,
            request_timeout: Duration::from_secs(10),
            ingest_timeout: Duration::from_secs(600),
        }
    }
}

/// Reads a whole body of at most `limit` bytes; a declared or actual size over
/// the limit is refused with 413 before (or as soon as) it is exceeded.
pub async fn read_body(headers: &HeaderMap, body: Body, limit: usize) -> Result<Bytes, ApiError> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(ApiError::TooLarge { limit });
    }
    match Limited::new(body, limit).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(e) if e.downcast_ref::<LengthLimitError>().is_some() => {
            Err(ApiError::TooLarge { limit })
        }
        Err(e) => Err(ApiError::BadRequest(format!(
            "the request body could not be read: {e}"
        ))),
    }
}

/// Ends a request that runs past `limit` with a JSON 503. Work already handed to
/// a blocking thread finishes in the background; the client is not kept waiting.
/// (A middleware of our own rather than tower-http's timeout layer, whose answer
/// is an empty 408 that would blame the client and break the JSON error contract.)
pub async fn deadline(State(limit): State<Duration>, request: Request, next: Next) -> Response {
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError::Timeout(limit).into_response(),
    }
}

/// The media type of a request (lowercase, without parameters) and whether
/// its `charset`, if given, is UTF-8.
pub fn media_type(headers: &HeaderMap) -> Option<(String, bool)> {
    let value = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    let mut parts = value.split(';');
    let essence = parts.next()?.trim().to_ascii_lowercase();
    let utf8 = parts
        .filter_map(|p| p.split_once('='))
        .filter(|(k, _)| k.trim().eq_ignore_ascii_case("charset"))
        .all(|(_, v)| {
            let v = v.trim().trim_matches('"');
            v.eq_ignore_ascii_case("utf-8") || v.eq_ignore_ascii_case("utf8")
        });
    Some((essence, utf8))
}

/// The body as text, or a 400 that says where the first bad byte is.
pub fn utf8(bytes: &[u8]) -> Result<&str, ApiError> {
    std::str::from_utf8(bytes).map_err(|e| {
        ApiError::BadRequest(format!(
            "the request body is not valid UTF-8 (first bad byte at offset {}): \
             send UTF-8 text, uncompressed",
            e.valid_up_to()
        ))
    })
}
