//! Scoring quotes, cited sources and time expressions against annotated articles.
//!
//! The gold format is JSON Lines, one article per line (documented in the crate's
//! README); offsets are Unicode code points, as in the `kilde analyze` contract:
//!
//! ```json
//! {"text": "…", "date": "2018-03", "sources": ["ritzau"],
//!  "quotes": [{"start": 0, "end": 42, "direct": false, "speaker": "Chung Eui-yong"}],
//!  "cited_sources": [{"canonical": "Reuters", "kind": "agency"}],
//!  "times": [{"start": 60, "end": 68, "value": "2018-02"}]}
//! ```
//!
//! - **Quotes**: a system quote matches a gold quote when their spans overlap
//!   (one-to-one, largest overlap first); precision, recall and F1 count matches.
//!   Speaker accuracy is over matched quotes whose gold speaker is given: the
//!   system speaker's name (its entity's canonical name, else the words at the
//!   attribution) must equal the gold name up to case, hyphens and a
//!   transliteration variant (`Chung Eui-young` = `Chung Eui-yong`).
//! - **Cited sources**: per article, the sets of canonical names (case-folded).
//! - **Times**: span-overlap matching as for quotes, then value accuracy over the
//!   gold times (an unmatched gold time counts as wrong).
//!
//! Articles without a `quotes`, `cited_sources` or `times` field are left out of
//! that part of the score, so a file may annotate only one layer.

use std::io::BufRead;

use kilde_core::{Article, CharOffsets, Doc, SourceKind};
use kilde_nlp::Pipeline;
use serde::{Deserialize, Serialize};

use crate::names::{compact, spelling_variants};

/// One annotated article.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoldArticle {
    /// The body, exactly as analysed.
    pub text: String,
    /// `YYYY-MM` or `YYYY-MM-DD`; times are resolved against it.
    #[serde(default)]
    pub date: Option<String>,
    /// Sign-off agencies (`["ritzau", "AFP"]`), as a reader would have found them.
    #[serde(default)]
    pub sources: Vec<String>,
    /// Gold quotes; absent means "not annotated".
    #[serde(default)]
    pub quotes: Option<Vec<GoldQuote>>,
    /// Gold cited sources; absent means "not annotated".
    #[serde(default)]
    pub cited_sources: Option<Vec<GoldSource>>,
    /// Gold time expressions; absent means "not annotated".
    #[serde(default)]
    pub times: Option<Vec<GoldTime>>,
    /// A free-form note or id, ignored by scoring.
    #[serde(default)]
    pub id: Option<String>,
}

/// A gold quote: the quoted or reported words, in code points.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoldQuote {
    /// First code point of the quoted words.
    pub start: usize,
    /// One past the last.
    pub end: usize,
    /// Direct (true) or reported (false) speech, if annotated.
    #[serde(default)]
    pub direct: Option<bool>,
    /// The speaker's canonical name, if annotated (a description when unnamed).
    #[serde(default)]
    pub speaker: Option<String>,
}

/// A gold cited source.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoldSource {
    /// Its canonical name (`Reuters`, `Det Hvide Hus`, `Ritzau`).
    pub canonical: String,
    /// Its kind, if annotated (not scored today).
    #[serde(default)]
    pub kind: Option<SourceKind>,
}

/// A gold time expression.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoldTime {
    /// First code point.
    pub start: usize,
    /// One past the last.
    pub end: usize,
    /// The expected value (`2018-02`, `2018-05-31`, `P3D`).
    pub value: String,
}

/// A problem with a gold file.
#[derive(Debug)]
pub enum GoldError {
    /// The file could not be read.
    Io(std::io::Error),
    /// A line is not a valid gold article.
    Line {
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

impl std::fmt::Display for GoldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GoldError::Io(e) => write!(f, "reading the gold file: {e}"),
            GoldError::Line { line, message } => write!(f, "gold line {line}: {message}"),
        }
    }
}

impl std::error::Error for GoldError {}

/// Reads a gold file: one JSON object per line; blank lines and lines starting
/// with `#` or `//` are skipped. Spans are checked against the text.
pub fn read_gold(reader: impl BufRead) -> Result<Vec<GoldArticle>, GoldError> {
    let mut out = Vec::new();
    for (i, line) in reader.lines().enumerate() {
        let line = line.map_err(GoldError::Io)?;
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with("//") {
            continue;
        }
        let bad = |message: String| GoldError::Line {
            line: i + 1,
            message,
        };
        let gold: GoldArticle = serde_json::from_str(trimmed).map_err(|e| bad(e.to_string()))?;
        let len = gold.text.chars().count();
        let spans = gold
            .quotes
            .iter()
            .flatten()
            .map(|q| (q.start, q.end))
            .chain(gold.times.iter().flatten().map(|t| (t.start, t.end)));
        for (start, end) in spans {
            if start >= end || end > len {
                return Err(bad(format!(
                    "span {start}..{end} is empty or past the text ({len} code points)"
                )));
            }
        }
        if let Some(date) = &gold.date {
            date.parse::<kilde_core::ArticleDate>()
                .map_err(|e| bad(format!("date {date:?}: {e}")))?;
        }
        out.push(gold);
    }
    Ok(out)
}

/// Precision, recall and F1 from counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Prf {
    /// Matches.
    pub tp: usize,
    /// System items.
    pub predicted: usize,
    /// Gold items.
    pub gold: usize,
    /// tp / predicted.
    pub precision: f64,
    /// tp / gold.
    pub recall: f64,
    /// Harmonic mean of the two.
    pub f1: f64,
}

impl Prf {
    fn new(tp: usize, predicted: usize, gold: usize) -> Self {
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let (precision, recall) = (ratio(tp, predicted), ratio(tp, gold));
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        Prf {
            tp,
            predicted,
            gold,
            precision,
            recall,
            f1,
        }
    }
}

/// An accuracy: correct out of total.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Accuracy {
    /// Right answers.
    pub correct: usize,
    /// Questions.
    pub total: usize,
    /// correct / total (0 when there were none).
    pub accuracy: f64,
}

impl Accuracy {
    fn new(correct: usize, total: usize) -> Self {
        Accuracy {
            correct,
            total,
            accuracy: if total == 0 {
                0.0
            } else {
                correct as f64 / total as f64
            },
        }
    }
}

/// The scores of one evaluation run.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Report {
    /// Articles read.
    pub articles: usize,
    /// Quote spans (overlap matching).
    pub quotes: Prf,
    /// Speakers of matched quotes whose gold speaker is given.
    pub speakers: Accuracy,
    /// Direct/reported of matched quotes where annotated.
    pub direct: Accuracy,
    /// Cited sources by canonical name.
    pub cited_sources: Prf,
    /// Time spans (overlap matching).
    pub times: Prf,
    /// Values of gold times (unmatched ones count as wrong).
    pub time_values: Accuracy,
    /// One line per error, for people reading the output.
    #[serde(skip)]
    pub errors: Vec<String>,
}

/// Pairs system and gold spans one-to-one by overlap, largest overlap first.
fn match_spans(system: &[(usize, usize)], gold: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut pairs: Vec<(usize, usize, usize)> = Vec::new();
    for (i, s) in system.iter().enumerate() {
        for (j, g) in gold.iter().enumerate() {
            let overlap = s.1.min(g.1).saturating_sub(s.0.max(g.0));
            if overlap > 0 {
                pairs.push((overlap, i, j));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let (mut used_s, mut used_g) = (vec![false; system.len()], vec![false; gold.len()]);
    let mut out = Vec::new();
    for (_, i, j) in pairs {
        if !used_s[i] && !used_g[j] {
            used_s[i] = true;
            used_g[j] = true;
            out.push((i, j));
        }
    }
    out
}

/// True when two names are the same up to case, punctuation and a spelling variant.
pub fn same_name(a: &str, b: &str) -> bool {
    let (ca, cb) = (compact(a), compact(b));
    !ca.is_empty() && (ca == cb || spelling_variants(a, b))
}

/// Analyses every gold article with `pipeline` and scores the result.
pub fn score(pipeline: &Pipeline, gold: &[GoldArticle]) -> Report {
    let mut report = Report {
        articles: gold.len(),
        ..Report::default()
    };
    let (mut q_tp, mut q_pred, mut q_gold) = (0, 0, 0);
    let (mut spk_ok, mut spk_n, mut dir_ok, mut dir_n) = (0, 0, 0, 0);
    let (mut s_tp, mut s_pred, mut s_gold) = (0, 0, 0);
    let (mut t_tp, mut t_pred, mut t_gold, mut v_ok) = (0, 0, 0, 0);
    for (n, g) in gold.iter().enumerate() {
        let mut article = Article::from_text(g.text.clone());
        article.date = g.date.as_deref().and_then(|d| d.parse().ok());
        article.sources = g.sources.clone();
        let doc: Doc = pipeline.analyze(&article);
        let offsets = CharOffsets::new(&article.text);
        let chars =
            |s: kilde_core::Span| (offsets.char_offset(s.start), offsets.char_offset(s.end));
        let label = g.id.clone().unwrap_or_else(|| format!("article {}", n + 1));
        let snippet = |(a, b): (usize, usize)| -> String {
            g.text.chars().skip(a).take(b - a).take(60).collect()
        };

        if let Some(gq) = &g.quotes {
            let sys: Vec<(usize, usize)> = doc.quotes.iter().map(|q| chars(q.span)).collect();
            let gs: Vec<(usize, usize)> = gq.iter().map(|q| (q.start, q.end)).collect();
            let matched = match_spans(&sys, &gs);
            q_tp += matched.len();
            q_pred += sys.len();
            q_gold += gs.len();
            for &(i, j) in &matched {
                let quote = &doc.quotes[i];
                if let Some(want) = &gq[j].speaker {
                    spk_n += 1;
                    let got = crate::quotes::speaker_name(&article, &doc, quote).unwrap_or("");
                    if same_name(got, want) {
                        spk_ok += 1;
                    } else {
                        report.errors.push(format!(
                            "{label}: speaker of {:?}: want {want:?}, got {got:?}",
                            snippet(gs[j])
                        ));
                    }
                }
                if let Some(want) = gq[j].direct {
                    dir_n += 1;
                    dir_ok += usize::from(quote.direct == want);
                }
            }
            for (i, s) in sys.iter().enumerate() {
                if !matched.iter().any(|&(a, _)| a == i) {
                    report
                        .errors
                        .push(format!("{label}: extra quote {:?}", snippet(*s)));
                }
            }
            for (j, s) in gs.iter().enumerate() {
                if !matched.iter().any(|&(_, b)| b == j) {
                    report
                        .errors
                        .push(format!("{label}: missed quote {:?}", snippet(*s)));
                }
            }
        }

        if let Some(gsrc) = &g.cited_sources {
            let mut sys: Vec<String> = doc
                .cited_sources
                .iter()
                .map(|s| compact(&s.canonical))
                .collect();
            sys.sort();
            sys.dedup();
            let mut want: Vec<String> = gsrc.iter().map(|s| compact(&s.canonical)).collect();
            want.sort();
            want.dedup();
            let tp = sys.iter().filter(|s| want.contains(s)).count();
            s_tp += tp;
            s_pred += sys.len();
            s_gold += want.len();
            for s in sys.iter().filter(|s| !want.contains(s)) {
                report.errors.push(format!("{label}: extra source {s:?}"));
            }
            for s in want.iter().filter(|s| !sys.contains(s)) {
                report.errors.push(format!("{label}: missed source {s:?}"));
            }
        }

        if let Some(gt) = &g.times {
            let sys: Vec<(usize, usize)> = doc.times.iter().map(|t| chars(t.span)).collect();
            let gs: Vec<(usize, usize)> = gt.iter().map(|t| (t.start, t.end)).collect();
            let matched = match_spans(&sys, &gs);
            t_tp += matched.len();
            t_pred += sys.len();
            t_gold += gs.len();
            for &(i, j) in &matched {
                if doc.times[i].value == gt[j].value {
                    v_ok += 1;
                } else {
                    report.errors.push(format!(
                        "{label}: time {:?}: want {:?}, got {:?}",
                        snippet(gs[j]),
                        gt[j].value,
                        doc.times[i].value
                    ));
                }
            }
        }
    }
    report.quotes = Prf::new(q_tp, q_pred, q_gold);
    report.speakers = Accuracy::new(spk_ok, spk_n);
    report.direct = Accuracy::new(dir_ok, dir_n);
    report.cited_sources = Prf::new(s_tp, s_pred, s_gold);
    report.times = Prf::new(t_tp, t_pred, t_gold);
    report.time_values = Accuracy::new(v_ok, t_gold);
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlap_matching_is_one_to_one() {
        let m = match_spans(&[(0, 10), (5, 12)], &[(0, 9)]);
        assert_eq!(m, [(0, 0)]);
        assert!(match_spans(&[(0, 5)], &[(5, 9)]).is_empty());
    }

    #[test]
    fn prf_and_names() {
        let p = Prf::new(2, 4, 2);
        assert_eq!((p.precision, p.recall), (0.5, 1.0));
        assert!((p.f1 - 2.0 / 3.0).abs() < 1e-9);
        assert!(same_name("Chung Eui-young", "Chung Eui-yong"));
        assert!(same_name("Det Hvide Hus", "det hvide hus"));
        assert!(!same_name("Kim Jong-un", "Chung Eui-yong"));
        assert!(!same_name("", ""));
    }

    #[test]
    fn gold_lines_are_checked() {
        let ok = r#"{"text": "Hej.", "date": "2018-03", "quotes": [{"start": 0, "end": 3}]}"#;
        assert_eq!(read_gold(ok.as_bytes()).expect("valid").len(), 1);
        let past = r#"{"text": "Hej.", "quotes": [{"start": 0, "end": 9}]}"#;
        let err = read_gold(past.as_bytes()).expect_err("span past the text");
        assert!(err.to_string().starts_with("gold line 1:"), "{err}");
        let unknown = r#"{"text": "Hej.", "quots": []}"#;
        assert!(read_gold(unknown.as_bytes()).is_err());
    }

    #[test]
    fn scoring_counts_matches_and_speakers() {
        let pipeline = Pipeline::danish()
            .with(crate::entities::EntityLinker)
            .with(crate::quotes::QuoteExtractor)
            .with(crate::sources::SourceExtractor);
        let text = "Mødet er aflyst, oplyser politiet. Det skriver Reuters.";
        let gold = GoldArticle {
            text: text.into(),
            date: Some("2018-03".into()),
            sources: vec!["ritzau".into()],
            quotes: Some(vec![GoldQuote {
                start: 0,
                end: 15,
                direct: Some(false),
                speaker: Some("politiet".into()),
            }]),
            cited_sources: Some(vec![
                GoldSource {
                    canonical: "Politiet".into(),
                    kind: None,
                },
                GoldSource {
                    canonical: "Reuters".into(),
                    kind: None,
                },
                GoldSource {
                    canonical: "AFP".into(),
                    kind: None,
                },
            ]),
            times: None,
            id: None,
        };
        let r = score(&pipeline, &[gold]);
        assert_eq!((r.quotes.tp, r.quotes.predicted, r.quotes.gold), (1, 1, 1));
        assert_eq!((r.speakers.correct, r.speakers.total), (1, 1));
        // Politiet, Reuters and Ritzau found; AFP missed; Ritzau is extra.
        assert_eq!(
            (
                r.cited_sources.tp,
                r.cited_sources.predicted,
                r.cited_sources.gold
            ),
            (2, 3, 3)
        );
        assert_eq!(r.times, Prf::default());
    }
}
