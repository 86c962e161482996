//! The one error type of the API: every failure becomes a status code and a JSON
//! `{"error": "..."}` that tells the client what to fix. Internal failures are
//! logged with their detail and answered with a generic message, so nothing about
//! the server's files or state leaks to clients.

use std::time::Duration;

use axum::Json;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

/// The body of every error response.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// What went wrong and what to change in the request.
    pub error: String,
}

/// Why a request failed.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The request is malformed: bad query syntax, a parameter out of range,
    /// invalid UTF-8, a body that is not the expected format.
    #[error("{0}")]
    BadRequest(String),
    /// No article, entity or speaker by that id or name, or no such endpoint.
    #[error("{0}")]
    NotFound(String),
    /// The endpoint exists but not for this method.
    #[error("{0}")]
    MethodNotAllowed(String),
    /// The body is larger than the endpoint accepts.
    #[error(
        "the request body is larger than the {limit} bytes this endpoint accepts: send less \
         (split a large ingest into several requests)"
    )]
    TooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// The body's `Content-Type` is not one the endpoint reads.
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// Ingest without the right bearer token.
    #[error("{0}")]
    Unauthorized(String),
    /// Ingest on a server started without an ingest token.
    #[error("{0}")]
    Forbidden(String),
    /// The request ran past the server's time limit.
    #[error(
        "the request took longer than the server's limit of {} s: narrow the query \
         (more specific words, a date range, fewer facets) or send a smaller body",
        .0.as_secs_f64()
    )]
    Timeout(Duration),
    /// A fault of the server or its index; the detail goes to the log only.
    #[error("internal error")]
    Internal(String),
}

impl ApiError {
    fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::Timeout(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let error = match &self {
            ApiError::Internal(detail) => {
                tracing::error!(error = %detail, "internal error");
                "internal error: the server could not answer this request; its log has the details"
                    .to_string()
            }
            other => other.to_string(),
        };
        let mut response = (status, Json(ErrorBody { error })).into_response();
        if matches!(self, ApiError::Unauthorized(_)) {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer"),
            );
        }
        response
    }
}

impl From<kilde_search::Error> for ApiError {
    fn from(e: kilde_search::Error) -> Self {
        match e {
            kilde_search::Error::Query(message) => ApiError::BadRequest(message),
            other => ApiError::Internal(other.to_string()),
        }
    }
}

impl From<tokio::task::JoinError> for ApiError {
    fn from(e: tokio::task::JoinError) -> Self {
        ApiError::Internal(format!("a blocking task failed: {e}"))
    }
}
