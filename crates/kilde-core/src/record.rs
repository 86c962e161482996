//! The `kilde analyze` contract: one JSON object per article.
//!
//! This is the only place where byte spans become the code-point offsets that the
//! contract promises (`text[start:end]` in Python gives the token back). The JSON
//! Schema that describes this shape is `schema/analysis.schema.json` at the
//! repository root; the binary's tests validate real output against it.

use serde::Serialize;

use crate::{Article, ArticleDate, ArticleId, CharOffsets, Doc, Span};

/// A `[start, end)` range in Unicode code points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CharSpan {
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
}

/// A sentence in the contract: its code-point span and its token index range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SentenceRecord {
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// Index of its first token in `tokens`.
    pub token_start: usize,
    /// One past the index of its last token.
    pub token_end: usize,
}

/// One line of `kilde analyze` output.
#[derive(Debug, Clone, Serialize)]
pub struct AnalysisRecord<'a> {
    /// Stable article id.
    pub id: &'a ArticleId,
    /// The date as given (`2018-03` stays a month), or null.
    pub date: Option<&'a ArticleDate>,
    /// Agencies from the sign-off or the input record.
    pub sources: &'a [String],
    /// Headline, when the input had one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<&'a str>,
    /// Address, when the input had one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<&'a str>,
    /// The body, without date header and sign-off.
    pub text: &'a str,
    /// Paragraph spans.
    pub paragraphs: Vec<CharSpan>,
    /// Sentence spans with their tokens.
    pub sentences: Vec<SentenceRecord>,
    /// Token spans.
    pub tokens: Vec<CharSpan>,
    /// Named entities (filled by a later stage; empty until then).
    pub entities: [(); 0],
    /// Quotes and speakers (later stage).
    pub quotes: [(); 0],
    /// Cited sources such as `skriver Reuters` (later stage).
    pub cited_sources: [(); 0],
    /// Time expressions resolved against the article date (later stage).
    pub times: [(); 0],
    /// Input fields kilde does not interpret, passed through.
    #[serde(skip_serializing_if = "serde_json::Map::is_empty")]
    pub extra: &'a serde_json::Map<String, serde_json::Value>,
}

impl<'a> AnalysisRecord<'a> {
    /// Builds the record for `article` and its analysis `doc`.
    pub fn new(article: &'a Article, doc: &Doc) -> Self {
        let offsets = CharOffsets::new(&article.text);
        let char_span = |s: &Span| CharSpan {
            start: offsets.char_offset(s.start),
            end: offsets.char_offset(s.end),
        };
        AnalysisRecord {
            id: &article.id,
            date: article.date.as_ref(),
            sources: &article.sources,
            title: article.title.as_deref(),
            url: article.url.as_deref(),
            text: &article.text,
            paragraphs: article.paragraphs.iter().map(char_span).collect(),
            sentences: doc
                .sentences
                .iter()
                .map(|s| {
                    let span = char_span(&s.span);
                    SentenceRecord {
                        start: span.start,
                        end: span.end,
                        token_start: s.tokens.start,
                        token_end: s.tokens.end,
                    }
                })
                .collect(),
            tokens: doc.tokens.iter().map(char_span).collect(),
            entities: [],
            quotes: [],
            cited_sources: [],
            times: [],
            extra: &article.extra,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Sentence;

    #[test]
    fn offsets_are_code_points() {
        let article = Article::new("2018-03-09".parse().unwrap(), "Sø på ø.".into());
        let tokens = vec![
            Span::new(0, 3),
            Span::new(4, 7),
            Span::new(8, 10),
            Span::new(10, 11),
        ];
        let doc = Doc {
            sentences: vec![Sentence {
                span: Span::new(0, 11),
                tokens: 0..4,
            }],
            tokens,
        };
        let json = serde_json::to_value(AnalysisRecord::new(&article, &doc)).unwrap();
        assert_eq!(json["date"], "2018-03-09");
        assert_eq!(json["tokens"][1], serde_json::json!({"start": 3, "end": 5}));
        assert_eq!(json["sentences"][0]["end"], 8);
        assert_eq!(json["entities"], serde_json::json!([]));
        assert!(json.get("extra").is_none());
    }
}
