//! The `kilde analyze` contract: one JSON object per article.
//!
//! This is the only place where byte spans become the code-point offsets that the
//! contract promises (`text[start:end]` in Python gives the token back). The JSON
//! Schema that describes this shape is `schema/analysis.schema.json` at the
//! repository root; the binary's tests validate real output against it.

use serde::Serialize;

use crate::{
    Article, ArticleDate, ArticleId, CharOffsets, Doc, EntityLabel, SourceKind, Span,
    TimePrecision, TimeRole,
};

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

/// A named-entity mention in the contract, with the entity it is linked to.
#[derive(Debug, Clone, Serialize)]
pub struct MentionRecord<'a> {
    /// The mention as written (`Nordkoreas`).
    pub text: &'a str,
    /// `PER`, `ORG`, `LOC` or `MISC`.
    pub label: EntityLabel,
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// The entity's canonical name (`Nordkorea`), or null when unlinked.
    pub canonical: Option<&'a str>,
    /// The entity's stable id, or null when unlinked.
    pub entity_id: Option<&'a str>,
}

/// Who said a quote, in the contract.
#[derive(Debug, Clone, Serialize)]
pub struct SpeakerRecord<'a> {
    /// The speaker as written at the attribution (`han`, `en talsmand`).
    pub text: &'a str,
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// The canonical name of the entity it resolves to, or null.
    pub canonical: Option<&'a str>,
    /// That entity's id, or null.
    pub entity_id: Option<&'a str>,
}

/// A quote in the contract.
#[derive(Debug, Clone, Serialize)]
pub struct QuoteRecord<'a> {
    /// The quoted or reported words.
    pub text: &'a str,
    /// First code point of the quoted words.
    pub start: usize,
    /// One past their last code point.
    pub end: usize,
    /// Direct (true) or reported (false) speech.
    pub direct: bool,
    /// The attributing verb or phrase, as written, or null.
    pub cue: Option<&'a str>,
    /// The speaker, or null when unknown.
    pub speaker: Option<SpeakerRecord<'a>>,
}

/// A cited source in the contract.
#[derive(Debug, Clone, Serialize)]
pub struct CitedSourceRecord<'a> {
    /// The name as written.
    pub name: &'a str,
    /// The canonical name.
    pub canonical: &'a str,
    /// agency, broadcaster, newspaper, authority, person, document, organization.
    pub kind: SourceKind,
    /// The cue (`skriver`, `ifølge`, `sign-off`).
    pub cue: &'a str,
    /// First code point, or null for the sign-off.
    pub start: Option<usize>,
    /// One past the last code point, or null for the sign-off.
    pub end: Option<usize>,
}

/// A time expression in the contract.
#[derive(Debug, Clone, Serialize)]
pub struct TimeRecord<'a> {
    /// The words as written.
    pub text: &'a str,
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// ISO 8601 / TIMEX3-style value.
    pub value: &'a str,
    /// How precise the value is.
    pub precision: TimePrecision,
    /// past, present, plan, deadline, duration.
    pub role: TimeRole,
    /// True when the article's own date was too coarse to pin the value down.
    pub uncertain: bool,
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
    /// Sentence spans with their tokens (left out of the index's stored copy,
    /// which pages never read and which they would double).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sentences: Option<Vec<SentenceRecord>>,
    /// Token spans (left out of the index's stored copy, like `sentences`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tokens: Option<Vec<CharSpan>>,
    /// Every named-entity mention, with its linked entity.
    pub entities: Vec<MentionRecord<'a>>,
    /// Direct and reported speech with speakers.
    pub quotes: Vec<QuoteRecord<'a>>,
    /// Sources the article cites, such as `skriver Reuters`, and its sign-off.
    pub cited_sources: Vec<CitedSourceRecord<'a>>,
    /// Time expressions resolved against the article date.
    pub times: Vec<TimeRecord<'a>>,
    /// Input fields kilde does not interpret, passed through.
    #[serde(skip_serializing_if = "serde_json::Map::is_empty")]
    pub extra: &'a serde_json::Map<String, serde_json::Value>,
}

impl<'a> AnalysisRecord<'a> {
    /// Builds the record for `article` and its analysis `doc`.
    pub fn new(article: &'a Article, doc: &'a Doc) -> Self {
        Self::build(article, doc, true)
    }

    /// The record without `tokens` and `sentences`: what the search index stores.
    pub fn without_tokens(article: &'a Article, doc: &'a Doc) -> Self {
        Self::build(article, doc, false)
    }

    fn build(article: &'a Article, doc: &'a Doc, with_tokens: bool) -> Self {
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
            sentences: with_tokens.then(|| {
                doc.sentences
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
                    .collect()
            }),
            tokens: with_tokens.then(|| doc.tokens.iter().map(char_span).collect()),
            entities: doc
                .mentions
                .iter()
                .map(|m| {
                    let span = char_span(&m.span);
                    let entity = m.entity.and_then(|e| doc.entities.get(e));
                    MentionRecord {
                        text: &article.text[m.span.range()],
                        label: m.label,
                        start: span.start,
                        end: span.end,
                        canonical: entity.map(|e| e.canonical.as_str()),
                        entity_id: entity.map(|e| e.id.as_str()),
                    }
                })
                .collect(),
            quotes: doc
                .quotes
                .iter()
                .map(|q| {
                    let span = char_span(&q.span);
                    QuoteRecord {
                        text: &article.text[q.span.range()],
                        start: span.start,
                        end: span.end,
                        direct: q.direct,
                        cue: q.cue.map(|c| &article.text[c.range()]),
                        speaker: q.speaker.as_ref().map(|s| {
                            let span = char_span(&s.span);
                            let entity = s.entity.and_then(|e| doc.entities.get(e));
                            SpeakerRecord {
                                text: &article.text[s.span.range()],
                                start: span.start,
                                end: span.end,
                                canonical: entity.map(|e| e.canonical.as_str()),
                                entity_id: entity.map(|e| e.id.as_str()),
                            }
                        }),
                    }
                })
                .collect(),
            cited_sources: doc
                .cited_sources
                .iter()
                .map(|c| {
                    let span = c.span.as_ref().map(char_span);
                    CitedSourceRecord {
                        name: &c.name,
                        canonical: &c.canonical,
                        kind: c.kind,
                        cue: &c.cue,
                        start: span.map(|s| s.start),
                        end: span.map(|s| s.end),
                    }
                })
                .collect(),
            times: doc
                .times
                .iter()
                .map(|t| {
                    let span = char_span(&t.span);
                    TimeRecord {
                        text: &article.text[t.span.range()],
                        start: span.start,
                        end: span.end,
                        value: &t.value,
                        precision: t.precision,
                        role: t.role,
                        uncertain: t.uncertain,
                    }
                })
                .collect(),
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
            mentions: vec![crate::Mention {
                tokens: 2..3,
                span: Span::new(8, 10),
                label: EntityLabel::Loc,
                entity: Some(0),
            }],
            entities: vec![crate::Entity {
                id: "e1".into(),
                canonical: "Ø".into(),
                label: EntityLabel::Loc,
                forms: vec![("ø".into(), 1)],
            }],
            ..Doc::default()
        };
        let json = serde_json::to_value(AnalysisRecord::new(&article, &doc)).unwrap();
        assert_eq!(json["date"], "2018-03-09");
        assert_eq!(json["tokens"][1], serde_json::json!({"start": 3, "end": 5}));
        assert_eq!(json["sentences"][0]["end"], 8);
        assert_eq!(
            json["entities"],
            serde_json::json!([{"text": "ø", "label": "LOC", "start": 6, "end": 7, "canonical": "Ø", "entity_id": "e1"}])
        );
        assert_eq!(json["quotes"], serde_json::json!([]));
        assert!(json.get("extra").is_none());
    }
}
