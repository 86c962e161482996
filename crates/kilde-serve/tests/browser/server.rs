//! One real server for the whole test binary: an index built on disk from
//! `examples/demo` with kilde's full analysis, plus one hostile fixture article,
//! served by `kilde_serve::serve` on a free loopback port.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use kilde_core::{AnalysisRecord, Article};
use kilde_ingest::{Corpus, ReadOptions};
use kilde_search::{KildeIndex, Writer};
use kilde_serve::AppState;

/// A fixture article whose title and text try to inject markup.
pub const HOSTILE_TITLE: &str = "<img src=x onerror=alert(1)> Hærværk i Nordlys";
pub const HOSTILE_TEXT: &str = "Direktør Søren Hansen fra Nordlys Invest oplyser, at koden \
<script>alert(\"kilde\")</script> blev fundet på selskabets hjemmeside & fjernet igen.\n\n\
- Vi har intet at skjule, og <b>ingen</b> kunder er ramt, siger Søren Hansen.\n\n\
Det skriver Politiken mandag.";

pub struct Server {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// The same index the server reads, for choosing pages to visit.
    pub index: Arc<KildeIndex>,
    /// The id of the hostile fixture article.
    pub hostile_id: String,
    _dir: tempfile::TempDir,
}

fn pipeline() -> kilde_nlp::Pipeline {
    kilde_nlp::Pipeline::danish()
        .with(kilde_models::NerTagger::embedded())
        .with(kilde_news::entities::EntityLinker)
        .with(kilde_news::quotes::QuoteExtractor)
        .with(kilde_news::sources::SourceExtractor)
        .with(kilde_news::times::TimeTagger)
}

/// The server, started on first use.
pub fn server() -> &'static Server {
    static SERVER: OnceLock<Server> = OnceLock::new();
    SERVER.get_or_init(start)
}

fn start() -> Server {
    let dir = tempfile::tempdir().expect("temp dir");
    let index = KildeIndex::open_or_create(&dir.path().join("index")).expect("new index");
    let demo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/demo");
    let mut articles: Vec<Article> = Corpus::open(&[demo], ReadOptions::default())
        .expect("examples/demo opens")
        .collect::<Result<_, _>>()
        .expect("the demo corpus reads without rejections");
    assert!(articles.len() >= 40, "demo corpus: {}", articles.len());
    let mut hostile = Article::new(
        "2026-03-10".parse().expect("date"),
        HOSTILE_TEXT.to_string(),
    );
    hostile.title = Some(HOSTILE_TITLE.to_string());
    hostile.sources = vec!["ritzau".to_string()];
    let hostile_id = hostile.id.0.clone();
    articles.push(hostile);

    let pipeline = pipeline();
    let mut writer = Writer::new(&index, 1).expect("writer");
    writer.learn(articles.iter().map(|a| a.text.as_str()));
    for article in &articles {
        if writer.claim(&article.id).expect("claim") {
            let document = writer.document(article, &pipeline.analyze(article));
            writer.add(document).expect("add");
        }
    }
    writer.finish().expect("commit");
    let index = Arc::new(index);

    let analyzer: kilde_serve::Analyzer = Arc::new(move |article: &Article| {
        let doc = pipeline.analyze(article);
        serde_json::to_value(AnalysisRecord::new(article, &doc)).unwrap_or_default()
    });
    let state = AppState::new(Arc::clone(&index), analyzer);
    let (tx, rx) = std::sync::mpsc::channel();
    // Its own runtime on its own thread: the server outlives every test's runtime.
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("bind a loopback port");
            tx.send(listener.local_addr().expect("address"))
                .expect("send address");
            kilde_serve::serve(listener, state, std::future::pending())
                .await
                .expect("serve");
        });
    });
    let addr = rx.recv().expect("server address");
    Server {
        base: format!("http://{addr}"),
        index,
        hostile_id,
        _dir: dir,
    }
}
