//! `kilde serve`: the HTTP JSON API and the server-rendered web UI over one index.
//!
//! [`app`] builds the router: the JSON API under `/api`, `/openapi.json`
//! generated from the handlers, `/healthz`, `/metrics`, and the UI pages.
//! [`serve`] runs it on a listener until a shutdown future resolves, letting
//! requests in flight finish. The analysis pipeline and ingest live in the
//! `kilde` binary, which hands them in as functions ([`Analyzer`], [`IngestFn`])
//! so that this crate does not depend on the binary.

use std::future::Future;
use std::sync::{Arc, Mutex};

use axum::middleware::{from_fn, from_fn_with_state};
use axum::{Extension, Router};
use kilde_core::Article;
use kilde_search::KildeIndex;
use tower_http::LatencyUnit;
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};
use tracing::Level;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

mod api;
mod error;
mod limits;
mod metrics;
mod openapi;
mod params;
mod ui;

pub use error::ApiError;
pub use limits::Limits;

/// Analyses one article into its `kilde analyze` JSON record.
pub type Analyzer = Arc<dyn Fn(&Article) -> serde_json::Value + Send + Sync>;

/// Analyses articles and adds those not yet indexed to the index the server
/// reads; the error text is logged, not shown to the client.
pub type IngestFn = Arc<dyn Fn(Vec<Article>) -> Result<IngestSummary, String> + Send + Sync>;

/// What an [`IngestFn`] did with the articles it was given.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IngestSummary {
    /// Articles added to the index.
    pub added: u64,
    /// Articles already indexed, skipped.
    pub skipped: u64,
}

/// Ingest is on only with both a token and a function that does it.
#[derive(Clone)]
struct Ingest {
    token: String,
    hook: IngestFn,
}

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    /// The opened index (searches run on blocking threads).
    pub index: Arc<KildeIndex>,
    analyzer: Analyzer,
    ingest: Option<Ingest>,
    limits: Limits,
    metrics: Arc<metrics::Metrics>,
    /// Serializes ingests: an index has one writer at a time.
    ingest_lock: Arc<Mutex<()>>,
}

impl AppState {
    /// A server over `index` that analyses with `analyzer`, default limits,
    /// ingest off.
    pub fn new(index: Arc<KildeIndex>, analyzer: Analyzer) -> AppState {
        AppState {
            index,
            analyzer,
            ingest: None,
            limits: Limits::default(),
            metrics: Arc::default(),
            ingest_lock: Arc::default(),
        }
    }

    /// Turns `POST /api/ingest` on for clients that send `token` as a bearer
    /// token. An empty token leaves ingest off.
    pub fn with_ingest(mut self, token: impl Into<String>, hook: IngestFn) -> AppState {
        let token = token.into();
        if token.is_empty() {
            tracing::warn!("an empty ingest token was given: ingest stays off");
        } else {
            self.ingest = Some(Ingest { token, hook });
        }
        self
    }

    /// Replaces the default limits.
    pub fn with_limits(mut self, limits: Limits) -> AppState {
        self.limits = limits;
        self
    }
}

/// The whole application: API routes, OpenAPI document, health, metrics, UI pages.
pub fn app(state: AppState) -> Router {
    let limits = state.limits;
    let (router, doc) = OpenApiRouter::with_openapi(openapi::ApiDoc::openapi())
        .routes(routes!(api::search))
        .routes(routes!(api::article))
        .routes(routes!(api::entity))
        .routes(routes!(api::speaker_quotes))
        .routes(routes!(api::attention))
        .routes(routes!(api::analyze))
        .routes(routes!(api::healthz))
        .routes(routes!(api::metrics))
        .routes(routes!(openapi::openapi_json))
        .route_layer(from_fn_with_state(limits.request_timeout, limits::deadline))
        .merge(
            OpenApiRouter::new()
                .routes(routes!(api::ingest))
                .route_layer(from_fn_with_state(limits.ingest_timeout, limits::deadline)),
        )
        .split_for_parts();
    router
        .merge(
            ui::routes().route_layer(from_fn_with_state(limits.request_timeout, limits::deadline)),
        )
        .route_layer(from_fn(metrics::tag_route))
        .fallback(api::not_found)
        .method_not_allowed_fallback(api::method_not_allowed)
        .layer(from_fn_with_state(state.clone(), metrics::count))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(DefaultMakeSpan::new().level(Level::INFO))
                .on_response(
                    DefaultOnResponse::new()
                        .level(Level::INFO)
                        .latency_unit(LatencyUnit::Micros),
                ),
        )
        .layer(Extension(openapi::OpenApiJson::new(doc)))
        .with_state(state)
}

/// Serves [`app`] on `listener` until `shutdown` resolves, then stops taking
/// connections and returns once the requests in flight are answered.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let addr = listener.local_addr()?;
    if !addr.ip().is_loopback() {
        tracing::warn!(
            %addr,
            "serving on a non-loopback address: anyone who can reach it can read the index"
        );
    }
    tracing::info!(%addr, articles = state.index.num_articles(), "kilde serve is listening");
    axum::serve(listener, app(state))
        .with_graceful_shutdown(shutdown)
        .await?;
    tracing::info!("kilde serve stopped");
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM: the shutdown future `kilde serve` passes to [`serve`].
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %e, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => tracing::info!("Ctrl-C: shutting down"),
        () = terminate => tracing::info!("SIGTERM: shutting down"),
    }
}
