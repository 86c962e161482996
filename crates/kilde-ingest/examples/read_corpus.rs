//! Reads inputs with `Corpus` and prints the summary and throughput; used to measure
//! speed and peak memory on large corpora:
//! `/usr/bin/time -v cargo run --release -p kilde-ingest --example read_corpus -- FILE...`

use std::path::PathBuf;
use std::time::Instant;

use kilde_ingest::{Corpus, ReadOptions, Summary};

fn main() -> Result<(), kilde_ingest::Error> {
    let inputs: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let start = Instant::now();
    let mut corpus = Corpus::open(&inputs, ReadOptions::default())?;
    let mut summary = Summary::default();
    let mut paragraphs = 0usize;
    for item in corpus.by_ref() {
        summary.add(&item);
        match item {
            Ok(article) => paragraphs += article.paragraphs.len(),
            Err(rejection) => eprintln!("{rejection}"),
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let mb = corpus.bytes_read() as f64 / 1e6;
    println!("{summary}; {paragraphs} paragraphs");
    println!("{mb:.1} MB in {secs:.2} s = {:.0} MB/s", mb / secs);
    Ok(())
}
