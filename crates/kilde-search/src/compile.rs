//! From a parsed query and the request's filters to a tantivy query.
//!
//! Words run through the same Danish analysis as the index. A bare word matches
//! the title (boosted), the body, and, weaker, the compound parts of the body,
//! so exact words rank above compound-part matches. Function words are dropped
//! from bag-of-words queries (they only blur ranking) but kept inside phrases.

use std::ops::Bound;

use serde::{Deserialize, Serialize};
use tantivy::Term;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, EmptyQuery, Occur, PhraseQuery, Query as TantivyQuery,
    RangeQuery, RegexQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};

use crate::analyzer;
use crate::date_filter::DateFilter;
use crate::dates;
use crate::error::{Error, Result};
use crate::index::KildeIndex;
use crate::query::{self, DateValue, Query};

/// Field names users may write before a colon.
pub const QUERY_FIELDS: &[&str] = &[
    "title", "text", "speaker", "entity", "source", "quote", "date",
];

const TITLE_BOOST: f32 = 2.0;
const PARTS_BOOST: f32 = 0.3;

/// Filters on top of the query text, as the CLI flags and API parameters give them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filters {
    /// Earliest date, `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (articles whose period overlaps match).
    pub from: Option<String>,
    /// Latest date, same forms.
    pub to: Option<String>,
    /// Any of these sources.
    pub sources: Vec<String>,
    /// All of these entities.
    pub entities: Vec<String>,
    /// All of these speakers.
    pub speakers: Vec<String>,
}

type Boxed = Box<dyn TantivyQuery>;

/// True when `text` is one unfielded or fielded word and nothing filters it: the
/// only queries whose top hits tantivy finds without visiting every match.
pub(crate) fn prunes(text: &str, filters: &Filters) -> bool {
    *filters == Filters::default()
        && matches!(
            query::parse(text, QUERY_FIELDS),
            Ok(query::Query::Term { prefix: false, .. })
        )
}

/// Compiles query text plus filters; an empty query (or `*`) matches every article.
pub fn compile(
    index: &KildeIndex,
    text: &str,
    filters: &Filters,
    decompound: bool,
) -> Result<Boxed> {
    let c = Compiler { index, decompound };
    let mut clauses: Vec<(Occur, Boxed)> = Vec::new();
    let trimmed = text.trim();
    if !(trimmed.is_empty() || trimmed == "*") {
        let ast = query::parse(text, QUERY_FIELDS).map_err(|e| Error::Query(e.render(text)))?;
        clauses.push((Occur::Must, c.query(&ast)));
    }
    let from = bound(filters.from.as_deref(), "from")?.map(|(start, _)| start);
    let to = bound(filters.to.as_deref(), "to")?.map(|(_, end)| end);
    if let (Some(from), Some(to)) = (from, to)
        && from > to
    {
        return Err(Error::Query(format!(
            "the from date {} is after the to date {}",
            filters.from.as_deref().unwrap_or_default(),
            filters.to.as_deref().unwrap_or_default()
        )));
    }
    if !filters.sources.is_empty() {
        let any = filters
            .sources
            .iter()
            .map(|s| (Occur::Should, c.words(&[c.index.fields().source_text], s)))
            .collect();
        clauses.push((Occur::Must, Box::new(BooleanQuery::new(any))));
    }
    for entity in &filters.entities {
        clauses.push((
            Occur::Must,
            c.words(&[c.index.fields().entity_text], entity),
        ));
    }
    for speaker in &filters.speakers {
        clauses.push((
            Occur::Must,
            c.words(&[c.index.fields().speaker_text], speaker),
        ));
    }
    let query: Boxed = match clauses.len() {
        0 => Box::new(AllQuery),
        1 => clauses
            .pop()
            .map(|(_, q)| q)
            .unwrap_or_else(|| Box::new(AllQuery)),
        _ => Box::new(BooleanQuery::new(clauses)),
    };
    Ok(if from.is_some() || to.is_some() {
        Box::new(DateFilter::new(query, from, to))
    } else {
        query
    })
}

fn bound(value: Option<&str>, which: &str) -> Result<Option<(i64, i64)>> {
    match value {
        None => Ok(None),
        Some(v) => dates::parse_period(v).map(Some).ok_or_else(|| {
            Error::Query(format!(
                "the {which} date {v:?} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD"
            ))
        }),
    }
}

struct Compiler<'a> {
    index: &'a KildeIndex,
    decompound: bool,
}

impl Compiler<'_> {
    fn query(&self, q: &Query) -> Boxed {
        match q {
            Query::Term {
                field,
                text,
                prefix,
            } => match (field.as_deref(), *prefix) {
                (_, true) => self.prefix(field.as_deref(), text),
                (None, false) => self.bare_word(text),
                (Some(field), false) => self.words(&self.fields_of(field), text),
            },
            Query::Phrase { field, text, .. } => {
                let fields = match field.as_deref() {
                    None => vec![self.index.fields().title, self.index.fields().text],
                    Some(f) => self.fields_of(f),
                };
                self.words(&fields, text)
            }
            Query::Date { range } => {
                let days = |v: &DateValue| {
                    let narrow = |n: Option<u8>| n.and_then(|n| i8::try_from(n).ok());
                    dates::period_days(i32::from(v.year), narrow(v.month), narrow(v.day))
                };
                let from = range.from.as_ref().and_then(days).map(|(first, _)| first);
                let to = range.to.as_ref().and_then(days).map(|(_, last)| last);
                self.overlap(from, to)
            }
            Query::And(items) => self.and(items),
            Query::Or(items) => Box::new(BooleanQuery::new(
                items
                    .iter()
                    .map(|q| (Occur::Should, self.query(q)))
                    .collect(),
            )),
            Query::Not(inner) => Box::new(BooleanQuery::new(vec![
                (Occur::Must, Box::new(AllQuery) as Boxed),
                (Occur::MustNot, self.query(inner)),
            ])),
        }
    }

    fn and(&self, items: &[Query]) -> Boxed {
        let is_stop = |q: &Query| match q {
            Query::Term {
                field: None,
                text,
                prefix: false,
            } => analyzer::is_stop_word(&analyzer::normalize_word(text)),
            _ => false,
        };
        let positives = items.iter().filter(|q| !matches!(q, Query::Not(_))).count();
        let stops = items.iter().filter(|q| is_stop(q)).count();
        let drop_stops = stops < positives;
        let mut clauses: Vec<(Occur, Boxed)> = Vec::new();
        for item in items {
            match item {
                Query::Not(inner) => clauses.push((Occur::MustNot, self.query(inner))),
                q if drop_stops && is_stop(q) => {}
                q => clauses.push((Occur::Must, self.query(q))),
            }
        }
        if !clauses.iter().any(|(occur, _)| *occur == Occur::Must) {
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        Box::new(BooleanQuery::new(clauses))
    }

    fn fields_of(&self, name: &str) -> Vec<Field> {
        let f = self.index.fields();
        vec![match name {
            "title" => f.title,
            "speaker" => f.speaker_text,
            "entity" => f.entity_text,
            "source" => f.source_text,
            "quote" => f.quote,
            _ => f.text,
        }]
    }

    /// A bare word: title, body and (weaker) compound parts.
    fn bare_word(&self, word: &str) -> Boxed {
        let f = self.index.fields();
        let terms = analyzer::terms(word);
        if terms.len() != 1 {
            return self.words(&[f.title, f.text], word);
        }
        let mut should: Vec<(Occur, Boxed)> = vec![
            (
                Occur::Should,
                boosted(term_query(f.title, &terms[0]), TITLE_BOOST),
            ),
            (Occur::Should, term_query(f.text, &terms[0])),
        ];
        if self.decompound {
            should.push((
                Occur::Should,
                boosted(term_query(f.parts, &terms[0]), PARTS_BOOST),
            ));
        }
        Box::new(BooleanQuery::new(should))
    }

    /// Words in any of `fields`: one term, or a phrase of the analysed terms.
    fn words(&self, fields: &[Field], text: &str) -> Boxed {
        let terms = analyzer::terms(text);
        let per_field = fields.iter().map(|&field| -> Boxed {
            match terms.as_slice() {
                [] => Box::new(EmptyQuery),
                [one] => term_query(field, one),
                many => Box::new(PhraseQuery::new(
                    many.iter()
                        .map(|t| Term::from_field_text(field, t))
                        .collect(),
                )),
            }
        });
        let mut clauses: Vec<(Occur, Boxed)> = per_field.map(|q| (Occur::Should, q)).collect();
        match clauses.len() {
            1 => clauses
                .pop()
                .map(|(_, q)| q)
                .unwrap_or_else(|| Box::new(EmptyQuery)),
            _ => Box::new(BooleanQuery::new(clauses)),
        }
    }

    /// `atom*`: every indexed term starting with the analysed prefix.
    fn prefix(&self, field: Option<&str>, text: &str) -> Boxed {
        let f = self.index.fields();
        let fields = match field {
            None => vec![f.title, f.text],
            Some(name) => self.fields_of(name),
        };
        let Some(stem) = analyzer::terms(text).into_iter().next() else {
            return Box::new(EmptyQuery);
        };
        let pattern = format!("{}.*", regex_escape(&stem));
        let clauses = fields
            .into_iter()
            .filter_map(|field| RegexQuery::from_pattern(&pattern, field).ok())
            .map(|q| (Occur::Should, Box::new(q) as Boxed))
            .collect();
        Box::new(BooleanQuery::new(clauses))
    }

    /// Articles whose date period overlaps `[from, to]` (day numbers, either open).
    fn overlap(&self, from: Option<i64>, to: Option<i64>) -> Boxed {
        let f = self.index.fields();
        let mut clauses: Vec<(Occur, Boxed)> = Vec::new();
        let range = |field: Field, lower: Bound<i64>, upper: Bound<i64>| -> Boxed {
            let term = |v| Term::from_field_i64(field, v);
            Box::new(RangeQuery::new(lower.map(term), upper.map(term)))
        };
        if let Some(from) = from {
            clauses.push((
                Occur::Must,
                range(f.date_end, Bound::Included(from), Bound::Unbounded),
            ));
        }
        if let Some(to) = to {
            clauses.push((
                Occur::Must,
                range(f.date_start, Bound::Unbounded, Bound::Included(to)),
            ));
        }
        if clauses.is_empty() {
            // An open range still means "dated".
            clauses.push((
                Occur::Must,
                range(f.date_start, Bound::Unbounded, Bound::Unbounded),
            ));
        }
        Box::new(BooleanQuery::new(clauses))
    }
}

fn term_query(field: Field, text: &str) -> Boxed {
    Box::new(TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::WithFreqs,
    ))
}

fn boosted(q: Boxed, boost: f32) -> Boxed {
    Box::new(BoostQuery::new(q, boost))
}

fn regex_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else {
            out.push('\\');
            out.push(c);
        }
    }
    out
}
