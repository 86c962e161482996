//! What the index knows about one entity: its spellings, how often and when it is
//! mentioned, who it appears with, what it said and what was said about it.
//!
//! Counts over articles come from the index (facets); spellings, mentions and
//! quotes come from the stored analysis of the most recent matching articles, at
//! most [`RECORDS_READ`] of them, so a very frequent entity stays fast to show.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use serde_json::Value;

use crate::compile::Filters;
use crate::error::Result;
use crate::facets::FacetSet;
use crate::index::KildeIndex;
use crate::period::Granularity;
use crate::search::{Attention, Count, SearchRequest, Sort};

/// Most article records read to collect spellings, mentions and quotes.
pub const RECORDS_READ: usize = 500;

/// One entity across the index.
#[derive(Debug, Clone, Serialize)]
pub struct EntityProfile {
    /// Canonical name.
    pub name: String,
    /// `PER`, `ORG`, `LOC` or `MISC` (the most frequent label of its mentions).
    pub label: Option<String>,
    /// Spellings as written, most frequent first (`Chung Eui-yong`, `Chung Eui-young`, `Chungs`).
    pub aliases: Vec<Count>,
    /// Mentions in the records read (named by NER, or, for someone known only as
    /// a speaker, attributions).
    pub mentions: u64,
    /// Articles naming it (all of them, not only those read).
    pub articles: usize,
    /// Articles read for aliases, mentions and quotes.
    pub articles_read: usize,
    /// Articles naming it per month.
    pub timeline: Attention,
    /// Entities named in the same articles, per label, most frequent first.
    pub co_occurring: BTreeMap<String, Vec<Count>>,
    /// Quotes it is the speaker of, newest first.
    pub quotes_by: Vec<QuoteHit>,
    /// Quotes that name it, said by someone else, newest first.
    pub quotes_about: Vec<QuoteHit>,
}

/// A quote and the article it is in.
#[derive(Debug, Clone, Serialize)]
pub struct QuoteHit {
    /// The article's id.
    pub article_id: String,
    /// The article's date as given.
    pub date: Option<String>,
    /// The quoted or reported words.
    pub text: String,
    /// Direct (true) or reported (false) speech.
    pub direct: bool,
    /// The attributing verb, as written.
    pub cue: Option<String>,
    /// The speaker's canonical name (or words as written when unresolved).
    pub speaker: Option<String>,
}

impl KildeIndex {
    /// The profile of the entity called `name` (case-insensitive), or None when no
    /// article names it.
    pub fn entity_profile(&self, name: &str, max_quotes: usize) -> Result<Option<EntityProfile>> {
        let mut request = SearchRequest::new("", RECORDS_READ);
        request.filters = Filters {
            entities: vec![name.to_string()],
            ..Filters::default()
        };
        request.sort = Sort::Newest;
        request.facets = FacetSet {
            entities: true,
            ..FacetSet::NONE
        };
        let (total, records) = self.records(&request)?;
        let wanted = name.to_lowercase();
        let mut label_votes: HashMap<String, u64> = HashMap::new();
        let mut canonical_votes: HashMap<String, u64> = HashMap::new();
        let mut aliases: HashMap<String, u64> = HashMap::new();
        let mut mentions = 0u64;
        let (mut quotes_by, mut quotes_about) = (Vec::new(), Vec::new());
        for record in &records {
            let ours: Vec<&Value> = array(record, "entities")
                .filter(|m| canonical_is(m, &wanted))
                .collect();
            for m in &ours {
                mentions += 1;
                *aliases.entry(str_at(m, "text").to_string()).or_default() += 1;
                *label_votes
                    .entry(str_at(m, "label").to_string())
                    .or_default() += 1;
                *canonical_votes
                    .entry(str_at(m, "canonical").to_string())
                    .or_default() += 1;
            }
            for quote in array(record, "quotes") {
                let speaker = quote.get("speaker").filter(|s| canonical_is(s, &wanted));
                let by = speaker.is_some();
                // Someone known only as a speaker (no NER mention) is still mentioned.
                if let Some(s) = speaker.filter(|_| ours.is_empty()) {
                    mentions += 1;
                    *aliases.entry(str_at(s, "text").to_string()).or_default() += 1;
                    *canonical_votes
                        .entry(str_at(s, "canonical").to_string())
                        .or_default() += 1;
                }
                let (start, end) = (u64_at(quote, "start"), u64_at(quote, "end"));
                let about = ours
                    .iter()
                    .any(|m| u64_at(m, "start") >= start && u64_at(m, "end") <= end);
                if by && quotes_by.len() < max_quotes {
                    quotes_by.push(quote_hit(record, quote));
                } else if about && !by && quotes_about.len() < max_quotes {
                    quotes_about.push(quote_hit(record, quote));
                }
            }
        }
        if total == 0 || mentions == 0 {
            return Ok(None);
        }
        let canonical = most(&canonical_votes).unwrap_or_else(|| name.to_string());
        let timeline = self.attention(&request, Granularity::Month)?;
        let mut co_occurring = self
            .search(&SearchRequest {
                limit: 0,
                ..request.clone()
            })?
            .facets
            .map(|f| f.entities)
            .unwrap_or_default();
        for counts in co_occurring.values_mut() {
            counts.retain(|c| c.value.to_lowercase() != wanted);
        }
        co_occurring.retain(|_, counts| !counts.is_empty());
        Ok(Some(EntityProfile {
            name: canonical,
            label: most(&label_votes),
            aliases: sorted_counts(aliases),
            mentions,
            articles: total,
            articles_read: records.len(),
            timeline,
            co_occurring,
            quotes_by,
            quotes_about,
        }))
    }

    /// Quotes whose speaker is `name` (case-insensitive), newest first: the total
    /// found in the records read, and the page asked for.
    pub fn speaker_quotes(
        &self,
        name: &str,
        limit: usize,
        offset: usize,
    ) -> Result<(usize, Vec<QuoteHit>)> {
        let mut request = SearchRequest::new("", RECORDS_READ);
        request.filters = Filters {
            speakers: vec![name.to_string()],
            ..Filters::default()
        };
        request.sort = Sort::Newest;
        let (_, records) = self.records(&request)?;
        let wanted = name.to_lowercase();
        let all: Vec<QuoteHit> = records
            .iter()
            .flat_map(|r| {
                array(r, "quotes")
                    .filter(|q| q.get("speaker").is_some_and(|s| canonical_is(s, &wanted)))
                    .map(move |q| quote_hit(r, q))
            })
            .collect();
        let total = all.len();
        Ok((total, all.into_iter().skip(offset).take(limit).collect()))
    }
}

fn array<'v>(record: &'v Value, key: &str) -> impl Iterator<Item = &'v Value> {
    record
        .get(key)
        .and_then(Value::as_array)
        .map(|a| a.iter())
        .into_iter()
        .flatten()
}

fn str_at<'v>(value: &'v Value, key: &str) -> &'v str {
    value.get(key).and_then(Value::as_str).unwrap_or_default()
}

fn u64_at(value: &Value, key: &str) -> u64 {
    value.get(key).and_then(Value::as_u64).unwrap_or_default()
}

fn canonical_is(value: &Value, wanted_lowercase: &str) -> bool {
    value
        .get("canonical")
        .and_then(Value::as_str)
        .is_some_and(|c| c.to_lowercase() == wanted_lowercase)
}

fn quote_hit(record: &Value, quote: &Value) -> QuoteHit {
    let speaker = quote.get("speaker").and_then(|s| {
        s.get("canonical")
            .and_then(Value::as_str)
            .or_else(|| s.get("text").and_then(Value::as_str))
            .map(str::to_string)
    });
    QuoteHit {
        article_id: str_at(record, "id").to_string(),
        date: record
            .get("date")
            .and_then(Value::as_str)
            .map(str::to_string),
        text: str_at(quote, "text").to_string(),
        direct: quote
            .get("direct")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        cue: quote.get("cue").and_then(Value::as_str).map(str::to_string),
        speaker,
    }
}

fn most(votes: &HashMap<String, u64>) -> Option<String> {
    votes
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
        .map(|(k, _)| k.clone())
}

fn sorted_counts(counts: HashMap<String, u64>) -> Vec<Count> {
    let mut out: Vec<Count> = counts
        .into_iter()
        .map(|(value, count)| Count { value, count })
        .collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    out
}
