//! Tags an IOB2 file's sentences many times and prints tokens per second of *process CPU
//! time* (not wall time), which stays meaningful on a busy shared machine:
//! `ner_speed IOB2 [PASSES] [MODEL]`.
use std::path::Path;

use kilde_models::iob2::read_iob2;
use kilde_models::ner::{Label, NerModel};

fn cpu_seconds() -> f64 {
    // /proc/self/stat fields 14 and 15: user and system time in clock ticks (100 Hz).
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit(')').next().unwrap_or("");
    let f: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|s| s.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let passes: usize = args.get(1).map_or(Ok(50), |s| s.parse())?;
    let owned;
    let model = match args.get(2) {
        Some(p) => {
            owned = NerModel::from_bytes(&std::fs::read(p)?)?;
            &owned
        }
        None => NerModel::embedded(),
    };
    let sentences = read_iob2(Path::new(&args[0]), &Label::PRIMARY)?;
    let words: Vec<Vec<&str>> = sentences
        .iter()
        .map(|s| s.words.iter().map(String::as_str).collect())
        .collect();
    let tokens: usize = words.iter().map(Vec::len).sum();
    let _ = model.evaluate_timed(&sentences[..1], 1);
    let (cpu0, wall0) = (cpu_seconds(), std::time::Instant::now());
    let mut found = 0;
    for _ in 0..passes {
        let report = model.evaluate_timed(&sentences, 1);
        found += report.tokens;
    }
    let (cpu, wall) = (cpu_seconds() - cpu0, wall0.elapsed().as_secs_f64());
    // evaluate_timed tags each sentence three times (score, warm-up, timed run).
    let tagged = 3 * tokens * passes;
    println!(
        "{tagged} tokens: {:.0} tokens/CPU-s, {:.0} tokens/wall-s ({found})",
        tagged as f64 / cpu,
        tagged as f64 / wall
    );
    Ok(())
}
