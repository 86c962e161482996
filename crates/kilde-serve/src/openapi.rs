//! The OpenAPI document, generated from the handlers' `#[utoipa::path]`
//! attributes and the response types (routes and documentation are registered
//! together, so a served route cannot be left out), plus the analysis record's
//! JSON Schema from `schema/analysis.schema.json`, the one the CLI is tested against.

use std::sync::Arc;

use axum::Extension;
use axum::http::header;
use axum::response::IntoResponse;
use serde_json::{Value, json};
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};

/// The `kilde analyze` record schema, shared with the CLI's tests.
const ANALYSIS_SCHEMA: &str = include_str!("../../../schema/analysis.schema.json");

/// The document's fixed parts; the paths come from the router.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "kilde",
        description = "Search and analysis of Danish news: who said what, about whom, and when. \
            Every error is a JSON object {\"error\": \"…\"} saying what to fix."
    ),
    tags(
        (name = "search", description = "Full-text search, facets and attention over time"),
        (name = "articles", description = "Articles with their analysis"),
        (name = "entities", description = "People, organisations and places, and their quotes"),
        (name = "analysis", description = "Analysing and adding articles"),
        (name = "operations", description = "Health, metrics and this document"),
    ),
    modifiers(&IngestToken)
)]
pub struct ApiDoc;

/// Declares the bearer token that `/api/ingest` requires.
struct IngestToken;

impl Modify for IngestToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "ingest_token",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        );
    }
}

/// The finished document as JSON text, served as it is.
#[derive(Clone)]
pub struct OpenApiJson(Arc<str>);

impl OpenApiJson {
    /// Adds the analysis record schemas to the generated document and points the
    /// record endpoints at them.
    pub fn new(doc: utoipa::openapi::OpenApi) -> OpenApiJson {
        let mut doc = serde_json::to_value(doc).expect("an OpenAPI document serializes");
        let (record, stored) = record_schemas();
        if let Some(schemas) = doc
            .pointer_mut("/components/schemas")
            .and_then(Value::as_object_mut)
        {
            schemas.insert("AnalysisRecord".into(), record);
            schemas.insert("StoredRecord".into(), stored);
        }
        for (pointer, schema) in [
            (
                "/paths/~1api~1analyze/post/responses/200/content/application~1json/schema",
                "AnalysisRecord",
            ),
            (
                "/paths/~1api~1articles~1{id}/get/responses/200/content/application~1json/schema",
                "StoredRecord",
            ),
        ] {
            if let Some(slot) = doc.pointer_mut(pointer) {
                *slot = json!({ "$ref": format!("#/components/schemas/{schema}") });
            }
        }
        OpenApiJson(doc.to_string().into())
    }
}

/// The analysis record schema as an OpenAPI component, and the stored variant
/// without `tokens` and `sentences` that `/api/articles/{id}` returns.
fn record_schemas() -> (Value, Value) {
    let text =
        ANALYSIS_SCHEMA.replace("\"#/$defs/", "\"#/components/schemas/AnalysisRecord/$defs/");
    let mut record: Value =
        serde_json::from_str(&text).expect("schema/analysis.schema.json is JSON");
    if let Some(map) = record.as_object_mut() {
        // `$id` would move the base that the rewritten `$ref`s resolve against.
        map.remove("$schema");
        map.remove("$id");
    }
    let mut stored = record.clone();
    if let Some(map) = stored.as_object_mut() {
        map.remove("$defs");
        map.insert(
            "title".into(),
            "kilde analysis record as stored in the index".into(),
        );
        if let Some(properties) = map.get_mut("properties").and_then(Value::as_object_mut) {
            properties.remove("tokens");
            properties.remove("sentences");
        }
        if let Some(required) = map.get_mut("required").and_then(Value::as_array_mut) {
            required.retain(|name| name != "tokens" && name != "sentences");
        }
    }
    (record, stored)
}

/// This document.
#[utoipa::path(
    get,
    path = "/openapi.json",
    tag = "operations",
    responses((status = 200, description = "The OpenAPI 3.1 document of this API",
        content_type = "application/json", body = Object))
)]
pub async fn openapi_json(Extension(doc): Extension<OpenApiJson>) -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/json")],
        doc.0.to_string(),
    )
}
