//! Reading throughput: a ~50 MB synthetic seed-format corpus through `Corpus`,
//! uncompressed and gzip, on one core.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use kilde_ingest::synth::{self, Sentences, Synth};
use kilde_ingest::{Corpus, ReadOptions};

const TARGET_BYTES: u64 = 50 * 1024 * 1024;

fn sentences() -> Sentences {
    let repo_relative = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../..")
        .join(synth::SENTENCES_RELATIVE);
    let path = synth::default_sentences_path()
        .or_else(|| repo_relative.is_file().then_some(repo_relative));
    if let Some(path) = path {
        return Sentences::load(&path).expect("the sentence file is readable");
    }
    eprintln!("sentence file not found; using a few built-in sentences");
    Sentences::from_vec(
        [
            "Ministeren vil ikke kommentere sagen over for avisen i dag.",
            "Det oplyser politiet i Odense, som efterforsker branden.",
            "Ifølge formanden er der tale om en beklagelig fejl i systemet.",
            "Hun mener, at kommunen bør betale hele regningen for skolen.",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect(),
    )
    .expect("non-empty")
}

/// Writes articles until the text reaches `TARGET_BYTES`; returns the article count
/// and the uncompressed size.
fn write_corpus(path: &Path, gzip: bool) -> (u64, u64) {
    let sentences = sentences();
    let file = std::fs::File::create(path).expect("temp file");
    let mut out: Box<dyn Write> = if gzip {
        Box::new(flate2::write::GzEncoder::new(
            BufWriter::new(file),
            flate2::Compression::fast(),
        ))
    } else {
        Box::new(BufWriter::new(file))
    };
    let mut plain = Vec::new();
    let mut written = 0u64;
    let mut articles = 0u64;
    for article in Synth::new(&sentences, 42) {
        plain.clear();
        article.write_seed(&mut plain).expect("in memory");
        out.write_all(&plain).expect("write");
        written += plain.len() as u64;
        articles += 1;
        if written >= TARGET_BYTES {
            break;
        }
    }
    out.flush().expect("flush");
    drop(out);
    (articles, written)
}

fn bench_read(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut group = c.benchmark_group("read");
    group.sample_size(10);
    for (name, gzip) in [("seed", false), ("seed_gzip", true)] {
        let path: PathBuf = dir.path().join(name);
        let (articles, bytes) = write_corpus(&path, gzip);
        // Throughput in uncompressed bytes, so the two are comparable.
        group.throughput(Throughput::Bytes(bytes));
        group.bench_function(name, |b| {
            b.iter(|| {
                let corpus = Corpus::open(std::slice::from_ref(&path), ReadOptions::default())
                    .expect("corpus opens");
                let accepted = corpus.filter(Result::is_ok).count() as u64;
                assert_eq!(accepted, articles);
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_read);
criterion_main!(benches);
