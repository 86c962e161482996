//! Synthetic corpora in the seed format, built from real Danish sentences, for
//! benchmarks and round-trip tests. Deterministic from a seed; streams, so a
//! million articles never sit in memory at once.

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use kilde_core::ArticleDate;

use crate::error::Error;
use crate::seed::{date_line, parse_signoff};

/// Where the sentence file lies relative to the folder that holds the repository.
pub const SENTENCES_RELATIVE: &str = "shared/data/uner-danish-ddt/da_ddt-ud-train.iob2";

/// Looks for [`SENTENCES_RELATIVE`] above the current directory, then above the
/// running binary; `None` when neither has it.
pub fn default_sentences_path() -> Option<PathBuf> {
    let mut starts = Vec::new();
    if let Ok(dir) = std::env::current_dir() {
        starts.push(dir);
    }
    if let Ok(exe) = std::env::current_exe() {
        starts.push(exe);
    }
    starts.iter().find_map(|start| {
        start
            .ancestors()
            .map(|dir| dir.join(SENTENCES_RELATIVE))
            .find(|candidate| candidate.is_file())
    })
}

/// Danish sentences to build articles from: the `# text = ...` lines of a CoNLL-style file.
#[derive(Debug, Clone)]
pub struct Sentences {
    list: Vec<String>,
}

impl Sentences {
    /// Reads the `# text = ...` lines of `path` (e.g. the DDT `.iob2` or `.conllu` files).
    pub fn load(path: &Path) -> Result<Sentences, Error> {
        let io_err = |source| Error::Io {
            path: path.to_path_buf(),
            source,
        };
        let file = File::open(path).map_err(|e| Error::from_io(path, e))?;
        let mut list = Vec::new();
        for line in BufReader::new(file).lines() {
            let line = line.map_err(io_err)?;
            if let Some(text) = line.strip_prefix("# text = ") {
                list.push(text.to_string());
            }
        }
        Sentences::from_vec(list).ok_or_else(|| Error::NoSentences {
            path: path.to_path_buf(),
        })
    }

    /// Sentences from memory. Blank ones, and any that would read as a date line or a
    /// sign-off, are dropped; `None` if nothing is left.
    pub fn from_vec(list: Vec<String>) -> Option<Sentences> {
        let list: Vec<String> = list
            .into_iter()
            .map(|s| s.trim().to_string())
            .filter(|s| {
                !s.is_empty() && date_line(s.as_bytes()).is_none() && parse_signoff(s).is_none()
            })
            .collect();
        (!list.is_empty()).then_some(Sentences { list })
    }

    /// How many sentences there are.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// Always false: an empty set cannot be built.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}

/// SplitMix64: a tiny, good-enough deterministic PRNG (no `rand` needed).
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// A number in `lo..=hi`.
    pub fn between(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }
}

/// Sign-off lines written, with the sources a reader should find in them.
const SIGNOFFS: &[(&str, &[&str])] = &[
    ("/ritzau/", &["ritzau"]),
    ("/ritzau/", &["ritzau"]),
    ("/ritzau/", &["ritzau"]),
    ("/ritzau/AFP", &["ritzau", "AFP"]),
    ("/ritzau/Reuters", &["ritzau", "Reuters"]),
    ("/ritzau/FINANS", &["ritzau", "FINANS"]),
    ("ritzau", &["ritzau"]),
    ("Ritzau", &["ritzau"]),
    ("/ritzau/AFP/Reuters", &["ritzau", "AFP", "Reuters"]),
    ("/ritzau/dpa", &["ritzau", "dpa"]),
    ("/ritzau/AP/", &["ritzau", "AP"]),
];

/// One synthetic article, before it is written.
#[derive(Debug, Clone, PartialEq)]
pub struct SynthArticle {
    /// Its date, a month or a day.
    pub date: ArticleDate,
    /// Paragraphs of 1–4 sentences each.
    pub paragraphs: Vec<String>,
    /// The sign-off line, if any.
    pub signoff: Option<&'static str>,
    /// The sources a reader should record for the sign-off.
    pub sources: Vec<String>,
    /// Whether the `date` line is indented by a space, as some real files are.
    pub indented: bool,
}

impl SynthArticle {
    /// Writes the article in the seed format, followed by a blank line.
    pub fn write_seed(&self, out: &mut impl Write) -> io::Result<()> {
        if self.indented {
            out.write_all(b" ")?;
        }
        write!(out, "date {} ", self.date)?;
        for (i, paragraph) in self.paragraphs.iter().enumerate() {
            if i > 0 {
                out.write_all(b"\n\n")?;
            }
            out.write_all(paragraph.as_bytes())?;
        }
        if let Some(signoff) = self.signoff {
            write!(out, "\n\n{signoff}")?;
        }
        out.write_all(b"\n\n")
    }
}

/// An endless, deterministic stream of synthetic articles.
#[derive(Debug, Clone)]
pub struct Synth<'a> {
    sentences: &'a Sentences,
    rng: SplitMix64,
}

impl<'a> Synth<'a> {
    /// Articles from `sentences`, the same ones for the same `seed`.
    pub fn new(sentences: &'a Sentences, seed: u64) -> Self {
        Synth {
            sentences,
            rng: SplitMix64::new(seed),
        }
    }

    fn date(&mut self) -> ArticleDate {
        let year = self.rng.between(1995, 2025) as i16;
        let month = self.rng.between(1, 12) as i8;
        if self.rng.below(2) == 0 {
            return ArticleDate::Month { year, month };
        }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        let days = match month {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        let day = self.rng.between(1, days);
        format!("{year:04}-{month:02}-{day:02}")
            .parse()
            .expect("a day within the month's length is a valid date")
    }
}

impl Iterator for Synth<'_> {
    type Item = SynthArticle;

    fn next(&mut self) -> Option<SynthArticle> {
        let date = self.date();
        let count = self.rng.between(3, 12);
        let mut paragraphs = Vec::with_capacity(count as usize);
        for _ in 0..count {
            let n = self.rng.between(1, 4);
            let mut paragraph = String::new();
            for i in 0..n {
                if i > 0 {
                    paragraph.push(' ');
                }
                let k = self.rng.below(self.sentences.list.len() as u64) as usize;
                paragraph.push_str(&self.sentences.list[k]);
            }
            paragraphs.push(paragraph);
        }
        let (signoff, sources) = if self.rng.below(10) < 8 {
            let (line, sources) = SIGNOFFS[self.rng.below(SIGNOFFS.len() as u64) as usize];
            (Some(line), sources.iter().map(|s| s.to_string()).collect())
        } else {
            (None, Vec::new())
        };
        let indented = self.rng.below(5) == 0;
        Some(SynthArticle {
            date,
            paragraphs,
            signoff,
            sources,
            indented,
        })
    }
}

/// Writes `articles` synthetic articles to `out`; returns the bytes written.
pub fn write_corpus(
    out: &mut impl Write,
    sentences: &Sentences,
    seed: u64,
    articles: u64,
) -> io::Result<u64> {
    let mut counted = CountingWriter { inner: out, n: 0 };
    for article in Synth::new(sentences, seed).take(articles as usize) {
        article.write_seed(&mut counted)?;
    }
    counted.flush()?;
    Ok(counted.n)
}

struct CountingWriter<W> {
    inner: W,
    n: u64,
}

impl<W: Write> Write for CountingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.n += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Where a synthetic corpus goes: stdout, or a file compressed by its extension
/// (`.gz` gzip, `.zst` zstd, anything else plain).
pub enum Output {
    /// Standard output.
    Stdout(BufWriter<io::Stdout>),
    /// An uncompressed file.
    Plain(BufWriter<File>),
    /// A gzip file.
    Gzip(flate2::write::GzEncoder<BufWriter<File>>),
    /// A zstd file.
    Zstd(zstd::stream::write::Encoder<'static, BufWriter<File>>),
}

impl Output {
    /// Opens `path` (or stdout for `None`), choosing compression by extension.
    pub fn create(path: Option<&Path>) -> Result<Output, Error> {
        let Some(path) = path else {
            return Ok(Output::Stdout(BufWriter::with_capacity(
                1 << 16,
                io::stdout(),
            )));
        };
        let io_err = |source| Error::Io {
            path: path.to_path_buf(),
            source,
        };
        let file = BufWriter::with_capacity(1 << 16, File::create(path).map_err(io_err)?);
        Ok(match path.extension().and_then(|e| e.to_str()) {
            Some("gz") => Output::Gzip(flate2::write::GzEncoder::new(
                file,
                flate2::Compression::default(),
            )),
            Some("zst") => {
                Output::Zstd(zstd::stream::write::Encoder::new(file, 3).map_err(io_err)?)
            }
            _ => Output::Plain(file),
        })
    }

    /// Ends the compressed stream (if any) and flushes everything.
    pub fn finish(self) -> io::Result<()> {
        match self {
            Output::Stdout(mut w) => w.flush(),
            Output::Plain(mut w) => w.flush(),
            Output::Gzip(w) => w.finish()?.flush(),
            Output::Zstd(w) => w.finish()?.flush(),
        }
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Output::Stdout(w) => w.write(buf),
            Output::Plain(w) => w.write(buf),
            Output::Gzip(w) => w.write(buf),
            Output::Zstd(w) => w.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Output::Stdout(w) => w.flush(),
            Output::Plain(w) => w.flush(),
            Output::Gzip(w) => w.flush(),
            Output::Zstd(w) => w.flush(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_corpus() {
        let sentences = Sentences::from_vec(vec![
            "Han kommer i morgen.".into(),
            "Det regner i Aarhus.".into(),
            "/ritzau/".into(),
            "date 2018-03 skal væk".into(),
        ])
        .unwrap();
        assert_eq!(sentences.len(), 2);
        let write = |seed| {
            let mut out = Vec::new();
            write_corpus(&mut out, &sentences, seed, 20).unwrap();
            out
        };
        assert_eq!(write(7), write(7));
        assert_ne!(write(7), write(8));
    }

    #[test]
    fn below_stays_in_range() {
        let mut rng = SplitMix64::new(1);
        for n in 1..50 {
            assert!(rng.below(n) < n);
        }
    }
}
