//! Articles: what every reader produces and every later stage consumes.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::{ArticleDate, Span, paragraph_spans};

/// A stable article id: the one the input gave, or a hash of the normalized text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ArticleId(pub String);

impl ArticleId {
    /// The id of a text: the 64-bit XXH3 hash, as 16 hex digits, of the text with
    /// every run of whitespace folded to one space and the ends trimmed, so the same
    /// story read twice, or re-wrapped, gets the same id. (A fast hash, not a
    /// cryptographic one: ids name articles, they do not authenticate them.)
    pub fn from_text(text: &str) -> Self {
        ArticleId(format!("{:016x}", crate::text::normalized_hash(text)))
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
