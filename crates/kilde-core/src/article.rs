//! Articles: what every reader produces and every later stage consumes.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::{ArticleDate, Span};

/// A stable article id: the one the input gave, or a hash of the normalized text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ArticleId(pub String);

impl ArticleId {
    /// The id of a text: the first 16 hex digits of the BLAKE3 hash of the text with
    /// every run of whitespace folded to one space and the ends trimmed, so the same
    /// story read twice, or re-wrapped, gets the same id.
    pub fn from_text(text: &str) -> Self {
        let mut hasher = blake3::Hasher::new();
        let mut first = true;
        for word in text.split_whitespace() {
            if !first {
                hasher.update(b" ");
            }
            hasher.update(word.as_bytes());
            first = false;
        }
        let hash = hasher.finalize();
        ArticleId(hash.to_hex()[..16].to_string())
    }
}

impl fmt::Display for ArticleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One news article as read from the input, before any analysis.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    /// Stable id (given, or [`ArticleId::from_text`]).
    pub id: ArticleId,
    /// Publication date at the precision given; JSON Lines input may lack one.
    pub date: Option<ArticleDate>,
    /// Agencies credited in the sign-off (`/ritzau/AFP` gives `["ritzau", "AFP"]`).
    pub sources: Vec<String>,
    /// Headline, when the input has one.
    pub title: Option<String>,
    /// Where the article was published, when known.
    pub url: Option<String>,
    /// The body: no date header, no sign-off, otherwise exactly as read.
    pub text: String,
    /// Paragraphs as byte spans into `text` (blank lines separate them).
    pub paragraphs: Vec<Span>,
    /// Fields of a JSON Lines record that kilde does not know, passed through untouched.
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl Article {
    /// An article with a date and a body; id and paragraphs are derived from the text.
    pub fn new(date: ArticleDate, text: String) -> Self {
        let mut article = Article::from_text(text);
        article.date = Some(date);
        article
    }

    /// An undated article with id and paragraphs derived from the text.
    pub fn from_text(text: String) -> Self {
        Article {
            id: ArticleId::from_text(&text),
            date: None,
            sources: Vec::new(),
            title: None,
            url: None,
            paragraphs: paragraph_spans(&text),
            text,
            extra: serde_json::Map::new(),
        }
    }
}

/// Splits `text` into paragraphs at blank lines (lines holding only whitespace).
/// Each span is trimmed of surrounding whitespace; empty paragraphs are skipped.
pub fn paragraph_spans(text: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            if let Some(s) = start.take() {
                spans.push(Span::new(s, end));
            }
        } else {
            let lead = line.len() - line.trim_start().len();
            if start.is_none() {
                start = Some(pos + lead);
            }
            end = pos + lead + trimmed.len();
        }
        pos += line.len();
    }
    if let Some(s) = start {
        spans.push(Span::new(s, end));
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_ignores_whitespace_layout() {
        let a = ArticleId::from_text("Det siger han.\n\nOg hun.");
        let b = ArticleId::from_text("  Det  siger han. Og\thun.\n");
        assert_eq!(a, b);
        assert_eq!(a.0.len(), 16);
        assert_ne!(a, ArticleId::from_text("Det siger hun. Og han."));
    }

    #[test]
    fn paragraphs_split_at_blank_lines() {
        let text = "Første afsnit\nfortsætter.\n\n  \nAndet afsnit.\r\n\r\nTredje.";
        let spans = paragraph_spans(text);
        let got: Vec<&str> = spans.iter().map(|s| &text[s.range()]).collect();
        assert_eq!(
            got,
            ["Første afsnit\nfortsætter.", "Andet afsnit.", "Tredje."]
        );
    }
}
