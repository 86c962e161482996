//! The HTTP API as its clients meet it: a real index built once from
//! examples/demo with the full analysis, the real server on a free loopback
//! port, real HTTP requests. Every endpoint and every error case, and the
//! OpenAPI document checked against the router and against the responses.

#![allow(clippy::unwrap_used)] // test helpers outside #[test] functions

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock};
use std::time::{Duration, Instant, SystemTime};

use kilde_core::{AnalysisRecord, Article};
use kilde_ingest::{Corpus, ReadOptions};
use kilde_search::{KildeIndex, Writer};
use kilde_serve::{AppState, IngestFn, IngestSummary, Limits};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, WWW_AUTHENTICATE};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::oneshot;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The analysis `kilde analyze` runs (the binary assembles the same one).
static PIPELINE: LazyLock<kilde_nlp::Pipeline> = LazyLock::new(|| {
    kilde_nlp::Pipeline::danish()
        .with(kilde_models::NerTagger::embedded())
        .with(kilde_news::entities::EntityLinker)
        .with(kilde_news::quotes::QuoteExtractor)
        .with(kilde_news::sources::SourceExtractor)
        .with(kilde_news::times::TimeTagger)
});

fn analyze(article: &Article) -> Value {
    serde_json::to_value(AnalysisRecord::new(article, &PIPELINE.analyze(article))).unwrap()
}

/// Adds the articles not yet in `index`, as `kilde ingest` does.
fn add(index: &KildeIndex, articles: Vec<Article>) -> kilde_search::Result<IngestSummary> {
    let mut writer = Writer::new(index, 1)?;
    let mut fresh = Vec::new();
    let mut skipped = 0;
    for article in articles {
        if writer.claim(&article.id)? {
            fresh.push(article);
        } else {
            skipped += 1;
        }
    }
    writer.learn(fresh.iter().map(|a| a.text.as_str()));
    for article in &fresh {
        let document = writer.document(article, &PIPELINE.analyze(article));
        writer.add(document)?;
    }
    writer.finish()?;
    Ok(IngestSummary {
        added: fresh.len() as u64,
        skipped,
    })
}

/// A fresh directory under cargo's scratch space for tests. Directories left by
/// earlier runs (a static index is never dropped) are removed after an hour.
fn scratch_dir() -> PathBuf {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let prefix = "kilde-serve-api-";
    let hour_ago = SystemTime::now() - Duration::from_secs(3600);
    for entry in std::fs::read_dir(root).into_iter().flatten().flatten() {
        let stale = entry.file_name().to_string_lossy().starts_with(prefix)
            && entry
                .metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|t| t < hour_ago);
        if stale {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
    tempfile::Builder::new()
        .prefix(prefix)
        .tempdir_in(root)
        .unwrap()
        .keep()
}

/// The demo corpus, analysed and indexed once per test binary.
struct Demo {
    index: Arc<KildeIndex>,
    articles: u64,
}

static DEMO: LazyLock<Demo> = LazyLock::new(|| {
    let corpus = Corpus::open(&[repo().join("examples/demo")], ReadOptions::default()).unwrap();
    let articles: Vec<Article> = corpus.map(|item| item.unwrap()).collect();
    assert!(
        articles.len() >= 40,
        "the demo corpus has {}",
        articles.len()
    );
    let index = KildeIndex::open_or_create(&scratch_dir()).unwrap();
    let summary = add(&index, articles).unwrap();
    Demo {
        articles: summary.added,
        index: Arc::new(index),
    }
});

fn demo_state() -> AppState {
    AppState::new(DEMO.index.clone(), Arc::new(analyze))
}

/// A server running on a free loopback port until stopped or the test ends.
struct Server {
    base: String,
    addr: std::net::SocketAddr,
    http: reqwest::Client,
    stop: Option<oneshot::Sender<()>>,
    done: tokio::task::JoinHandle<std::io::Result<()>>,
}

/// A response: status, content type and body.
struct Answer {
    status: StatusCode,
    content_type: String,
    headers: reqwest::header::HeaderMap,
    text: String,
}

impl Answer {
    /// The body as JSON; every API answer, errors included, must be JSON.
    fn json(&self) -> Value {
        assert!(
            self.content_type.starts_with("application/json"),
            "{} answered {:?}: {}",
            self.status,
            self.content_type,
            self.text
        );
        serde_json::from_str(&self.text).unwrap()
    }

    /// The message of an error answer with the expected status, checked to be
    /// exactly `{"error": "..."}`.
    fn error(&self, status: StatusCode) -> String {
        assert_eq!(self.status, status, "{}", self.text);
        let body = self.json();
        let object = body.as_object().unwrap();
        assert_eq!(object.len(), 1, "{body}");
        object["error"].as_str().unwrap().to_string()
    }

    /// The JSON body of a 200 answer.
    fn ok(&self) -> Value {
        assert_eq!(self.status, StatusCode::OK, "{}", self.text);
        self.json()
    }
}

impl Server {
    async fn start(state: AppState) -> Server {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = oneshot::channel::<()>();
        let done = tokio::spawn(kilde_serve::serve(listener, state, async {
            let _ = stopped.await;
        }));
        Server {
            base: format!("http://{addr}"),
            addr,
            http: reqwest::Client::new(),
            stop: Some(stop),
            done,
        }
    }

    async fn demo() -> Server {
        Server::start(demo_state()).await
    }

    async fn send(&self, request: reqwest::RequestBuilder) -> Answer {
        let response = request.send().await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let content_type = headers
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        Answer {
            status,
            content_type,
            headers,
            text: response.text().await.unwrap(),
        }
    }

    async fn get(&self, path_and_query: &str) -> Answer {
        self.send(self.http.get(format!("{}{path_and_query}", self.base)))
            .await
    }

    async fn post(&self, path: &str, content_type: Option<&str>, body: Vec<u8>) -> Answer {
        let mut request = self.http.post(format!("{}{path}", self.base)).body(body);
        if let Some(t) = content_type {
            request = request.header(CONTENT_TYPE, t);
        }
        self.send(request).await
    }

    /// Checks `value` against the schema the server's OpenAPI document gives `name`.
    async fn check_schema(&self, name: &str, value: &Value) {
        let doc = self.get("/openapi.json").await.ok();
        let schema = json!({
            "$ref": format!("#/components/schemas/{name}"),
            "components": doc["components"],
        });
        let validator = jsonschema::validator_for(&schema).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(value)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:?} in {value}");
    }
}

/// `text` percent-encoded for a query string or a path segment.
fn enc(text: &str) -> String {
    utf8_percent_encode(text, NON_ALPHANUMERIC).to_string()
}

/// The facets over every article.
async fn all_facets(server: &Server) -> Value {
    server.get("/api/search?facets=true&limit=1").await.ok()["facets"].clone()
}

#[tokio::test]
async fn search_answers_with_hits_snippets_and_facets() {
    let server = Server::demo().await;
    let body = server
        .get(&format!("/api/search?q={}&facets=true", enc("Mærsk")))
        .await
        .ok();
    server.check_schema("SearchResults", &body).await;
    assert!(body["total"].as_u64().unwrap() >= 1);
    assert_eq!(
        (body["limit"].as_u64(), body["offset"].as_u64()),
        (Some(10), Some(0))
    );
    let hit = &body["hits"][0];
    assert!(hit["title"].as_str().unwrap().contains("Mærsk"), "{hit}");
    assert_eq!(hit["date"], "2026-02-24");
    let snippet: Vec<char> = hit["snippet"]["text"].as_str().unwrap().chars().collect();
    let highlights = hit["snippet"]["highlights"].as_array().unwrap();
    assert!(!highlights.is_empty(), "{hit}");
    for h in highlights {
        let (start, end) = (
            h[0].as_u64().unwrap() as usize,
            h[1].as_u64().unwrap() as usize,
        );
        let marked: String = snippet[start..end].iter().collect();
        assert!(marked.to_lowercase().starts_with("mærsk"), "{marked:?}");
    }
    let facets = &body["facets"];
    assert!(
        facets["months"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["value"] == "2026-02"),
        "{facets}"
    );
    assert!(
        !facets["sources"].as_array().unwrap().is_empty(),
        "{facets}"
    );

    // Without facets=true there are none; an empty query matches every article.
    let all = server.get("/api/search").await.ok();
    assert_eq!(all["total"].as_u64(), Some(DEMO.articles));
    assert!(all.get("facets").is_none());
    assert_eq!(all["hits"].as_array().unwrap().len(), 10);
}

#[tokio::test]
async fn search_filters_pages_and_sorts() {
    let server = Server::demo().await;
    let total = |v: &Value| v["total"].as_u64().unwrap();
    let ids = |v: &Value| -> Vec<String> {
        v["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["id"].as_str().unwrap().to_string())
            .collect()
    };
    let dates = |v: &Value| -> Vec<String> {
        v["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["date"].as_str().unwrap()[..7].to_string())
            .collect()
    };

    let storm = server.get("/api/search?q=storm&limit=3").await.ok();
    assert!(total(&storm) >= 3, "{storm}");
    assert_eq!(ids(&storm).len(), 3);
    let second = server
        .get("/api/search?q=storm&limit=1&offset=1")
        .await
        .ok();
    assert_eq!(ids(&second), ids(&storm)[1..2]);
    assert_eq!(second["offset"], 1);

    let newest = server.get("/api/search?limit=100&sort=newest").await.ok();
    let d = dates(&newest);
    assert!(d.windows(2).all(|w| w[0] >= w[1]), "{d:?}");
    let oldest = server.get("/api/search?limit=100&sort=oldest").await.ok();
    let d = dates(&oldest);
    assert!(d.windows(2).all(|w| w[0] <= w[1]), "{d:?}");
    assert_eq!(d.first().map(String::as_str), Some("2026-02"));

    let february = server
        .get("/api/search?from=2026-02&to=2026-02&limit=100")
        .await
        .ok();
    assert!(total(&february) >= 7);
    assert!(dates(&february).iter().all(|d| d == "2026-02"));

    let facets = all_facets(&server).await;
    let source = &facets["sources"][0];
    let by_source = server
        .get(&format!(
            "/api/search?source={}",
            enc(source["value"].as_str().unwrap())
        ))
        .await
        .ok();
    assert_eq!(total(&by_source), source["count"].as_u64().unwrap());
    let person = &facets["entities"]["PER"][0];
    let by_entity = server
        .get(&format!(
            "/api/search?entity={}",
            enc(person["value"].as_str().unwrap())
        ))
        .await
        .ok();
    assert!(total(&by_entity) >= person["count"].as_u64().unwrap());
    assert!(total(&by_entity) < DEMO.articles);
    let speaker = &facets["speakers"][0];
    let by_speaker = server
        .get(&format!(
            "/api/search?speaker={}",
            enc(speaker["value"].as_str().unwrap())
        ))
        .await
        .ok();
    assert!(total(&by_speaker) >= speaker["count"].as_u64().unwrap());
}

#[tokio::test]
async fn search_errors_say_what_to_fix() {
    let server = Server::demo().await;
    let long = format!("q={}", "a".repeat(1001));
    let sources = "&source=x".repeat(21);
    let cases: [(&str, &str); 15] = [
        ("q=%28storm", "^"),
        (
            "q=storm&limit=0",
            "`limit` must be a whole number from 1 to 100",
        ),
        ("limit=101", "from 1 to 100"),
        ("limit=ti", "not \"ti\""),
        (
            "offset=10001",
            "`offset` must be a whole number from 0 to 10000",
        ),
        ("q=a&q=b", "`q` is given more than once"),
        ("qq=storm", "unknown parameter `qq`"),
        ("q=%FF", "not valid UTF-8"),
        (&long, "shorten it to at most 1000"),
        ("from=2026-13", "not a date"),
        ("from=2026-03&to=2026-02", "is after"),
        ("sort=best", "one of relevance, newest, oldest"),
        ("facets=ja", "unknown facet"),
        (&sources, "at most 20 times"),
        ("q=speaker%3A%22Mette", "^"),
    ];
    for (query, wanted) in cases {
        let message = server
            .get(&format!("/api/search?{query}"))
            .await
            .error(StatusCode::BAD_REQUEST);
        assert!(message.contains(wanted), "{query}: {message:?}");
    }
    // A syntax error points at the position under the query.
    let message = server
        .get("/api/search?q=storm+AND+%28vind")
        .await
        .error(StatusCode::BAD_REQUEST);
    let lines: Vec<&str> = message.lines().collect();
    assert_eq!(lines[0], "storm AND (vind", "{message}");
    assert!(lines[1].trim_start().starts_with('^'), "{message}");
}

#[tokio::test]
async fn an_article_comes_with_its_analysis() {
    let server = Server::demo().await;
    let hits = server
        .get(&format!("/api/search?q={}", enc("Mærsk")))
        .await
        .ok();
    let id = hits["hits"][0]["id"].as_str().unwrap().to_string();
    let record = server.get(&format!("/api/articles/{id}")).await.ok();
    server.check_schema("StoredRecord", &record).await;
    assert_eq!(record["id"], id.as_str());
    assert_eq!(record["date"], "2026-02-24");
    assert!(record.get("tokens").is_none() && record.get("sentences").is_none());
    let entities = record["entities"].as_array().unwrap();
    assert!(
        entities
            .iter()
            .any(|e| e["canonical"] == "Mærsk" && e["label"] == "ORG"),
        "{entities:?}"
    );
    assert!(!record["quotes"].as_array().unwrap().is_empty());

    for unknown in ["0000000000000000", "..%2F..%2FCargo.toml"] {
        let message = server
            .get(&format!("/api/articles/{unknown}"))
            .await
            .error(StatusCode::NOT_FOUND);
        assert!(message.contains("no article has the id"), "{message}");
    }
}

#[tokio::test]
async fn an_entity_has_aliases_a_timeline_company_and_quotes() {
    let server = Server::demo().await;
    let facets = all_facets(&server).await;
    let person = facets["entities"]["PER"][0]["value"]
        .as_str()
        .unwrap()
        .to_string();
    let profile = server
        .get(&format!("/api/entities/{}", enc(&person)))
        .await
        .ok();
    server.check_schema("Entity", &profile).await;
    assert_eq!(profile["name"], person.as_str());
    assert_eq!(profile["label"], "PER");
    assert!(profile["mentions"].as_u64().unwrap() >= 1);
    assert!(!profile["aliases"].as_array().unwrap().is_empty());
    let articles = profile["articles"].as_u64().unwrap();
    let timeline = &profile["timeline"];
    let placed: u64 = timeline["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["count"].as_u64().unwrap())
        .sum();
    assert_eq!(
        placed + timeline["undated"].as_u64().unwrap(),
        articles,
        "{timeline}"
    );
    assert!(!profile["co_occurring"].as_object().unwrap().is_empty());

    // Names are matched without regard to case; `quotes` caps each list.
    let lower = server
        .get(&format!(
            "/api/entities/{}?quotes=1",
            enc(&person.to_lowercase())
        ))
        .await
        .ok();
    assert_eq!(lower["name"], person.as_str());
    assert!(lower["quotes_by"].as_array().unwrap().len() <= 1);
    assert!(lower["quotes_about"].as_array().unwrap().len() <= 1);

    let message = server
        .get(&format!("/api/entities/{}", enc("Ingen Sådan Person")))
        .await
        .error(StatusCode::NOT_FOUND);
    assert!(
        message.contains("no article names an entity called"),
        "{message}"
    );
    let message = server
        .get(&format!("/api/entities/{}?quotes=0", enc(&person)))
        .await
        .error(StatusCode::BAD_REQUEST);
    assert!(message.contains("`quotes` must be"), "{message}");
}

#[tokio::test]
async fn a_speaker_has_quotes_in_pages() {
    let server = Server::demo().await;
    let facets = all_facets(&server).await;
    let speaker = facets["speakers"][0]["value"].as_str().unwrap().to_string();
    let path = format!("/api/speakers/{}/quotes", enc(&speaker));
    let page = server.get(&path).await.ok();
    server.check_schema("SpeakerQuotes", &page).await;
    let total = page["total"].as_u64().unwrap();
    assert!(total >= 1);
    let quotes = page["quotes"].as_array().unwrap();
    assert_eq!(quotes.len() as u64, total.min(10));
    assert!(
        quotes.iter().all(|q| q["speaker"] == speaker.as_str()),
        "{page}"
    );
    assert!(
        quotes
            .iter()
            .all(|q| !q["text"].as_str().unwrap().is_empty())
    );

    let first = server.get(&format!("{path}?limit=1")).await.ok();
    assert_eq!(first["quotes"].as_array().unwrap().len(), 1);
    assert_eq!(first["quotes"][0], quotes[0]);
    if total > 1 {
        let next = server.get(&format!("{path}?limit=1&offset=1")).await.ok();
        assert_eq!(next["quotes"][0], quotes[1]);
    }

    let message = server
        .get(&format!("{path}?limit=500"))
        .await
        .error(StatusCode::BAD_REQUEST);
    assert!(message.contains("`limit` must be a whole number from 1 to 100"));
    let message = server
        .get("/api/speakers/Ingen%20Taler/quotes")
        .await
        .error(StatusCode::NOT_FOUND);
    assert!(
        message.contains("no quote has a speaker called"),
        "{message}"
    );
}

#[tokio::test]
async fn attention_counts_every_match_once_at_any_granularity() {
    let server = Server::demo().await;
    let total = server.get("/api/search?q=storm").await.ok()["total"]
        .as_u64()
        .unwrap();
    for (granularity, label_len) in [("day", 10), ("week", 8), ("month", 7), ("year", 4)] {
        let series = server
            .get(&format!("/api/attention?q=storm&granularity={granularity}"))
            .await
            .ok();
        server.check_schema("Attention", &series).await;
        assert_eq!(series["granularity"], granularity);
        let points = series["points"].as_array().unwrap();
        assert!(
            points
                .iter()
                .all(|p| p["value"].as_str().unwrap().len() == label_len)
        );
        let placed: u64 = points.iter().map(|p| p["count"].as_u64().unwrap()).sum();
        let unplaced = series["month_only"].as_u64().unwrap() + series["undated"].as_u64().unwrap();
        assert_eq!(placed + unplaced, total, "{granularity}: {series}");
    }
    let default = server.get("/api/attention?from=2026-03").await.ok();
    assert_eq!(default["granularity"], "month");
    assert_eq!(default["points"][0]["value"], "2026-03");

    let message = server
        .get("/api/attention?q=storm&granularity=hour")
        .await
        .error(StatusCode::BAD_REQUEST);
    assert!(message.contains("day, week, month, year"), "{message}");
    let message = server
        .get("/api/attention?q=storm&limit=5")
        .await
        .error(StatusCode::BAD_REQUEST);
    assert!(message.contains("unknown parameter `limit`"), "{message}");
}

const SEED: &str = "date 2026-03-08 Statsminister Mette Frederiksen siger, at regeringen \
                    vil fremlægge et udspil om sundhed i næste uge.\n\n\
                    - Vi har brug for flere læger, siger hun.\n\n/ritzau/\n";

#[tokio::test]
async fn analyze_returns_the_record_and_stores_nothing() {
    let server = Server::demo().await;
    let record = server
        .post(
            "/api/analyze",
            Some("text/plain; charset=utf-8"),
            SEED.into(),
        )
        .await
        .ok();
    server.check_schema("AnalysisRecord", &record).await;
    assert_eq!(record["date"], "2026-03-08");
    assert_eq!(record["sources"], json!(["ritzau"]));
    assert!(!record["tokens"].as_array().unwrap().is_empty());
    assert!(
        record["entities"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["canonical"] == "Mette Frederiksen"),
        "{record}"
    );
    assert!(!record["quotes"].as_array().unwrap().is_empty(), "{record}");
    // Nothing was stored.
    let id = record["id"].as_str().unwrap();
    server
        .get(&format!("/api/articles/{id}"))
        .await
        .error(StatusCode::NOT_FOUND);
    assert_eq!(
        server.get("/healthz").await.ok()["articles"].as_u64(),
        Some(DEMO.articles)
    );

    let request =
        json!({"text": "Mette Frederiksen siger ja.", "date": "2026-03-08", "title": "Ja"});
    let record = server
        .post(
            "/api/analyze",
            Some("application/json"),
            request.to_string().into(),
        )
        .await
        .ok();
    server.check_schema("AnalysisRecord", &record).await;
    assert_eq!(record["title"], "Ja");
    assert_eq!(record["date"], "2026-03-08");
    let undated = json!({"text": "Uden dato."}).to_string();
    let record = server
        .post("/api/analyze", Some("application/json"), undated.into())
        .await
        .ok();
    assert_eq!(record["date"], Value::Null);
}

#[tokio::test]
async fn analyze_errors_say_what_to_fix() {
    let server = Server::demo().await;
    let seed = || SEED.as_bytes().to_vec();
    let cases: Vec<(Option<&str>, Vec<u8>, StatusCode, &str)> = vec![
        (
            None,
            seed(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Content-Type: text/plain",
        ),
        (
            Some("application/xml"),
            seed(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "application/json",
        ),
        (
            Some("text/plain; charset=latin1"),
            seed(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "UTF-8",
        ),
        (
            Some("text/plain"),
            b"date 2026-03-08 S\xf8en.".to_vec(),
            StatusCode::BAD_REQUEST,
            "not valid UTF-8 (first bad byte at offset 17)",
        ),
        (
            Some("text/plain"),
            b"\x1f\x8b\x08\x00".to_vec(),
            StatusCode::BAD_REQUEST,
            "not valid UTF-8",
        ),
        (
            Some("text/plain"),
            b"Ingen dato her.".to_vec(),
            StatusCode::BAD_REQUEST,
            "date YYYY-MM-DD",
        ),
        (
            Some("text/plain"),
            b"date 2026-13-01 Forkert.".to_vec(),
            StatusCode::BAD_REQUEST,
            "2026-13-01",
        ),
        (
            Some("text/plain"),
            b"".to_vec(),
            StatusCode::BAD_REQUEST,
            "holds no article",
        ),
        (
            Some("text/plain"),
            b"date 2026-03-01 En.\ndate 2026-03-02 To.\n".to_vec(),
            StatusCode::BAD_REQUEST,
            "holds 2 articles",
        ),
        (
            Some("text/plain"),
            br#"{"text": "x"}"#.to_vec(),
            StatusCode::BAD_REQUEST,
            "application/json",
        ),
        (
            Some("application/json"),
            br#"{"txt": "x"}"#.to_vec(),
            StatusCode::BAD_REQUEST,
            "unknown field `txt`",
        ),
        (
            Some("application/json"),
            br#"{"text": "x""#.to_vec(),
            StatusCode::BAD_REQUEST,
            "not an analyze request",
        ),
        (
            Some("application/json"),
            br#"{"text": "x", "date": "marts"}"#.to_vec(),
            StatusCode::BAD_REQUEST,
            "marts",
        ),
        (
            Some("application/json"),
            br#"{"text": "  "}"#.to_vec(),
            StatusCode::BAD_REQUEST,
            "cannot be read",
        ),
    ];
    for (content_type, body, status, wanted) in cases {
        let message = server
            .post("/api/analyze", content_type, body)
            .await
            .error(status);
        assert!(message.contains(wanted), "{content_type:?}: {message:?}");
    }
}

#[tokio::test]
async fn oversized_bodies_are_refused_with_413() {
    let limits = Limits {
        analyze_body: 1024,
        ..Limits::default()
    };
    let server = Server::start(demo_state().with_limits(limits)).await;
    let body = format!("date 2026-03-08 {}", "ord ".repeat(500));
    let message = server
        .post("/api/analyze", Some("text/plain"), body.clone().into())
        .await
        .error(StatusCode::PAYLOAD_TOO_LARGE);
    assert!(message.contains("1024 bytes"), "{message}");

    // Without a Content-Length (chunked), the limit holds while reading.
    let mut stream = tokio::net::TcpStream::connect(server.addr).await.unwrap();
    let request = format!(
        "POST /api/analyze HTTP/1.1\r\nHost: kilde\r\nContent-Type: text/plain\r\n\
         Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n{:x}\r\n{body}\r\n0\r\n\r\n",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains(r#"{"error":"the request body is larger than the 1024 bytes"#));

    // Under the limit the same endpoint answers.
    server
        .post(
            "/api/analyze",
            Some("text/plain"),
            b"date 2026-03-08 Kort.".to_vec(),
        )
        .await
        .ok();
}

#[tokio::test]
async fn ingest_is_off_without_a_token() {
    let server = Server::demo().await;
    let message = server
        .post(
            "/api/ingest",
            Some("application/x-ndjson"),
            br#"{"text": "x"}"#.to_vec(),
        )
        .await
        .error(StatusCode::FORBIDDEN);
    assert!(message.contains("ingest is off"), "{message}");
}

#[tokio::test]
async fn ingest_adds_articles_only_with_the_token() {
    let index = Arc::new(KildeIndex::open_or_create(&scratch_dir()).unwrap());
    let writes_to = index.clone();
    let hook: IngestFn =
        Arc::new(move |articles| add(&writes_to, articles).map_err(|e| e.to_string()));
    let limits = Limits {
        ingest_body: 4096,
        ..Limits::default()
    };
    let state = AppState::new(index, Arc::new(analyze))
        .with_ingest("s3cret-token", hook)
        .with_limits(limits);
    let server = Server::start(state).await;
    let url = format!("{}/api/ingest", server.base);
    let lines = [
        json!({"id": "test-1", "date": "2026-03-20", "text": "Vindmøllen i Hvidovre blev indviet fredag, siger borgmesteren."}).to_string(),
        "{broken".to_string(),
        json!({"id": "test-2", "date": "2026-03-21", "text": "Hvidovre fik sin anden vindmølle lørdag."}).to_string(),
        json!({"title": "no text"}).to_string(),
    ];
    let body = lines.join("\n") + "\n";
    let ingest = |token: Option<&str>, content_type: &str, body: String| {
        let mut request = server
            .http
            .post(&url)
            .header(CONTENT_TYPE, content_type)
            .body(body);
        if let Some(token) = token {
            request = request.header(AUTHORIZATION, token);
        }
        server.send(request)
    };

    let refused = ingest(None, "application/x-ndjson", body.clone()).await;
    assert!(
        refused
            .error(StatusCode::UNAUTHORIZED)
            .contains("Authorization: Bearer")
    );
    assert_eq!(refused.headers[WWW_AUTHENTICATE], "Bearer");
    for wrong in [
        "Bearer s3cret-toke",
        "Bearer s3cret-token2",
        "Basic s3cret-token",
    ] {
        let answer = ingest(Some(wrong), "application/x-ndjson", body.clone()).await;
        answer.error(StatusCode::UNAUTHORIZED);
    }
    let token = Some("Bearer s3cret-token");
    let message = ingest(token, "text/plain", body.clone())
        .await
        .error(StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(message.contains("application/x-ndjson"), "{message}");
    let message = ingest(
        token,
        "application/x-ndjson",
        "date 2026-03-08 Seed.".into(),
    )
    .await
    .error(StatusCode::BAD_REQUEST);
    assert!(message.contains("not JSON Lines"), "{message}");
    let message = ingest(
        token,
        "application/x-ndjson",
        "{broken\n{\"x\": 1}\n".into(),
    )
    .await
    .error(StatusCode::BAD_REQUEST);
    assert!(
        message.contains("line 1:") && message.contains("line 2:"),
        "{message}"
    );
    let message = ingest(
        token,
        "application/x-ndjson",
        "{\"text\": \"x\"}".repeat(400),
    )
    .await
    .error(StatusCode::PAYLOAD_TOO_LARGE);
    assert!(message.contains("4096 bytes"), "{message}");

    let report = ingest(token, "application/jsonl", body.clone()).await.ok();
    server.check_schema("IngestReport", &report).await;
    assert_eq!(
        (
            &report["read"],
            &report["accepted"],
            &report["rejected"],
            &report["added"],
            &report["skipped"],
            &report["articles"]
        ),
        (
            &json!(4),
            &json!(2),
            &json!(2),
            &json!(2),
            &json!(0),
            &json!(2)
        ),
        "{report}"
    );
    let lines: Vec<&Value> = report["rejections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["line"])
        .collect();
    assert_eq!(lines, [&json!(2), &json!(4)]);

    // What was added is searchable and readable at once.
    let found = server.get("/api/search?q=vindm%C3%B8lle").await.ok();
    assert_eq!(found["total"], 2, "{found}");
    let record = server.get("/api/articles/test-1").await.ok();
    assert_eq!(record["date"], "2026-03-20");

    // The same articles again: nothing new.
    let again = ingest(token, "application/x-ndjson", body).await.ok();
    assert_eq!((&again["added"], &again["skipped"]), (&json!(0), &json!(2)));
    assert_eq!(server.get("/healthz").await.ok()["articles"], 2);
}

#[tokio::test]
async fn health_and_metrics_report_the_server() {
    let server = Server::demo().await;
    let health = server.get("/healthz").await.ok();
    server.check_schema("Health", &health).await;
    assert_eq!(health, json!({"status": "ok", "articles": DEMO.articles}));

    server.get("/api/search?q=storm").await.ok();
    server
        .get("/api/search?limit=0")
        .await
        .error(StatusCode::BAD_REQUEST);
    server
        .get("/api/articles/nope")
        .await
        .error(StatusCode::NOT_FOUND);
    server
        .get("/no/such/page")
        .await
        .error(StatusCode::NOT_FOUND);

    let metrics = server.get("/metrics").await;
    assert_eq!(metrics.status, StatusCode::OK);
    assert!(
        metrics
            .content_type
            .starts_with("text/plain; version=0.0.4")
    );
    let text = &metrics.text;
    for line in [
        r#"kilde_http_requests_total{method="GET",route="/api/search",status="200"} 1"#,
        r#"kilde_http_requests_total{method="GET",route="/api/search",status="400"} 1"#,
        r#"kilde_http_requests_total{method="GET",route="/api/articles/{id}",status="404"} 1"#,
        r#"kilde_http_requests_total{method="GET",route="unmatched",status="404"} 1"#,
        r#"kilde_http_requests_total{method="GET",route="/healthz",status="200"} 1"#,
        r#"kilde_http_request_duration_seconds_count{route="/api/search"} 2"#,
        r#"kilde_http_request_duration_seconds_bucket{route="/api/search",le="+Inf"} 2"#,
        &format!("kilde_index_articles {}", DEMO.articles),
    ] {
        assert!(text.lines().any(|l| l == line), "{line} not in\n{text}");
    }
    // Every sample line is `name{labels} number`.
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let (_, value) = line.rsplit_once(' ').unwrap();
        assert!(value.parse::<f64>().is_ok(), "{line}");
    }
}

#[tokio::test]
async fn unknown_paths_and_methods_answer_in_json() {
    let server = Server::demo().await;
    let message = server.get("/api/nope").await.error(StatusCode::NOT_FOUND);
    assert!(message.contains("no endpoint GET /api/nope"), "{message}");
    for (method, path) in [
        (Method::DELETE, "/api/search"),
        (Method::POST, "/api/search"),
        (Method::GET, "/api/analyze"),
        (Method::PUT, "/api/articles/x"),
    ] {
        let url = format!("{}{path}", server.base);
        let message = server
            .send(server.http.request(method.clone(), url))
            .await
            .error(StatusCode::METHOD_NOT_ALLOWED);
        assert!(
            message.contains(&format!("does not take {method}")),
            "{message}"
        );
    }
}

#[tokio::test]
async fn the_openapi_document_matches_the_router() {
    let server = Server::demo().await;
    let doc = server.get("/openapi.json").await.ok();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));

    let methods = ["get", "post", "put", "delete", "patch"];
    let documented: BTreeSet<(String, String)> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, item)| {
            methods
                .iter()
                .filter(|m| item.get(**m).is_some())
                .map(move |m| (m.to_string(), path.clone()))
        })
        .collect();
    let served: BTreeSet<(String, String)> = [
        ("get", "/api/search"),
        ("get", "/api/articles/{id}"),
        ("get", "/api/entities/{name}"),
        ("get", "/api/speakers/{name}/quotes"),
        ("get", "/api/attention"),
        ("post", "/api/analyze"),
        ("post", "/api/ingest"),
        ("get", "/openapi.json"),
        ("get", "/healthz"),
        ("get", "/metrics"),
    ]
    .iter()
    .map(|(m, p)| (m.to_string(), p.to_string()))
    .collect();
    assert_eq!(documented, served);

    // Real values for the path parameters.
    let facets = all_facets(&server).await;
    let id = server.get("/api/search?limit=1").await.ok()["hits"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let entity = facets["entities"]["PER"][0]["value"]
        .as_str()
        .unwrap()
        .to_string();
    let speaker = facets["speakers"][0]["value"].as_str().unwrap().to_string();
    let fill = |path: &str| {
        path.replace("{id}", &id)
            .replace("/entities/{name}", &format!("/entities/{}", enc(&entity)))
            .replace("/speakers/{name}", &format!("/speakers/{}", enc(&speaker)))
    };
    let sample = |name: &str| match name {
        "q" => "storm",
        "from" | "to" => "2026-03",
        "limit" | "quotes" => "5",
        "offset" => "0",
        "sort" => "newest",
        "facets" => "true",
        "granularity" => "week",
        "source" => "ritzau",
        _ => "x",
    };
    for (method, path) in &documented {
        let operation = &doc["paths"][path][method];
        let url = format!("{}{}", server.base, fill(path));
        let request = |query: &[(&str, &str)]| {
            let request = server
                .http
                .request(method.to_uppercase().parse().unwrap(), &url)
                .query(query);
            if method == "post" {
                request
                    .header(CONTENT_TYPE, "text/plain")
                    .body(SEED.to_string())
            } else {
                request
            }
        };
        let answer = server.send(request(&[])).await;
        assert!(
            answer.status != StatusCode::NOT_FOUND
                && answer.status != StatusCode::METHOD_NOT_ALLOWED,
            "{method} {path} is documented but answers {}: {}",
            answer.status,
            answer.text
        );
        // Every documented query parameter is one the endpoint takes.
        for parameter in operation["parameters"].as_array().into_iter().flatten() {
            if parameter["in"] != "query" {
                continue;
            }
            let name = parameter["name"].as_str().unwrap();
            let answer = server.send(request(&[(name, sample(name))])).await;
            assert!(
                !answer.text.contains("unknown parameter"),
                "{method} {path}?{name}: {}",
                answer.text
            );
        }
        // No other method is served on a documented path.
        for other in methods.iter().filter(|m| operation_missing(&doc, path, m)) {
            let answer = server
                .send(
                    server
                        .http
                        .request(other.to_uppercase().parse().unwrap(), &url),
                )
                .await;
            assert_eq!(
                answer.status,
                StatusCode::METHOD_NOT_ALLOWED,
                "{other} {path} is served but not documented"
            );
        }
    }
    // The record endpoints point at the record schemas.
    assert_eq!(
        doc["paths"]["/api/analyze"]["post"]["responses"]["200"]["content"]["application/json"]["schema"]
            ["$ref"],
        "#/components/schemas/AnalysisRecord"
    );
    assert_eq!(
        doc["paths"]["/api/articles/{id}"]["get"]["responses"]["200"]["content"]["application/json"]
            ["schema"]["$ref"],
        "#/components/schemas/StoredRecord"
    );
    assert_eq!(
        doc["paths"]["/api/ingest"]["post"]["security"],
        json!([{"ingest_token": []}])
    );
}

fn operation_missing(doc: &Value, path: &str, method: &str) -> bool {
    doc["paths"][path].get(method).is_none()
}

#[tokio::test]
async fn slow_requests_end_with_a_json_503() {
    let slow = Arc::new(|article: &Article| {
        std::thread::sleep(Duration::from_millis(1500));
        analyze(article)
    });
    let limits = Limits {
        request_timeout: Duration::from_millis(200),
        ..Limits::default()
    };
    let server = Server::start(AppState::new(DEMO.index.clone(), slow).with_limits(limits)).await;
    let started = Instant::now();
    let message = server
        .post("/api/analyze", Some("text/plain"), SEED.into())
        .await
        .error(StatusCode::SERVICE_UNAVAILABLE);
    assert!(started.elapsed() < Duration::from_secs(1));
    assert!(
        message.contains("longer than the server's limit of 0.2 s"),
        "{message}"
    );
}

#[tokio::test]
async fn shutdown_lets_requests_in_flight_finish() {
    let slow = Arc::new(|article: &Article| {
        std::thread::sleep(Duration::from_millis(600));
        analyze(article)
    });
    let mut server = Server::start(AppState::new(DEMO.index.clone(), slow)).await;
    let request = server
        .http
        .post(format!("{}/api/analyze", server.base))
        .header(CONTENT_TYPE, "text/plain")
        .body(SEED);
    let in_flight = tokio::spawn(request.send());
    tokio::time::sleep(Duration::from_millis(200)).await;
    server.stop.take().unwrap().send(()).unwrap();
    let response = in_flight.await.unwrap().unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let record: Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
    assert_eq!(record["date"], "2026-03-08");
    tokio::time::timeout(Duration::from_secs(5), &mut server.done)
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    assert!(tokio::net::TcpStream::connect(server.addr).await.is_err());
}
