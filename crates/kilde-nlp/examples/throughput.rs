//! Quick throughput check without criterion: `throughput FILE [ROUNDS]` builds a
//! ~4 MB text from the file's `# text` lines and times tokenize + split over it.
//! Prints MB/s of wall time (noisy on a busy machine; pair with `perf stat -e
//! task-clock`). `TOKENS_ONLY=1` times the tokenizer alone; `BASELINE=1` times
//! `split_ascii_whitespace` over the same text, to calibrate the machine.

use std::time::Instant;

fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: throughput FILE [ROUNDS]");
    let rounds: usize = std::env::args()
        .nth(2)
        .map_or(20, |r| r.parse().expect("ROUNDS is a number"));
    let data = std::fs::read_to_string(path).expect("readable file");
    let sentences: Vec<&str> = data
        .lines()
        .filter_map(|l| l.strip_prefix("# text = "))
        .collect();
    let mut text = String::new();
    while text.len() < 4_000_000 {
        for (k, s) in sentences.iter().enumerate() {
            text.push_str(s);
            text.push_str(if k % 8 == 7 { "\n\n" } else { " " });
        }
    }
    let paragraphs = kilde_core::paragraph_spans(&text);
    let t0 = Instant::now();
    let mut n = 0;
    for _ in 0..rounds {
        if std::env::var_os("BASELINE").is_some() {
            n += text.split_ascii_whitespace().count();
            continue;
        }
        let tokens = kilde_nlp::tokenize(&text);
        n += if std::env::var_os("TOKENS_ONLY").is_some() {
            tokens.len()
        } else {
            kilde_nlp::split_sentences(&text, &tokens, &paragraphs).len()
        };
    }
    let secs = t0.elapsed().as_secs_f64();
    let mb = (text.len() * rounds) as f64 / 1e6;
    println!(
        "{mb:.1} MB, {n} sentences, {secs:.3} s wall, {:.1} MB/s",
        mb / secs
    );
}
