//! The index schema: which parts of an analysed article are searchable, countable
//! and stored, and the version that guards an index against being misread.

use tantivy::schema::{
    FAST, FacetOptions, Field, INDEXED, IndexRecordOption, NumericOptions, STORED, STRING, Schema,
    TextFieldIndexing, TextOptions,
};

use kilde_core::EntityLabel;

use crate::analyzer;

/// Bumped whenever a field, an analyzer or a stored shape changes; an index
/// written with another version is refused instead of being misread.
pub const SCHEMA_VERSION: u32 = 1;

/// The fields of the index, resolved once.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Article id (exact, for idempotent ingest and lookup).
    pub id: Field,
    /// Headline, Danish-analysed with positions.
    pub title: Field,
    /// Body, Danish-analysed with positions (phrases, snippets).
    pub text: Field,
    /// Stemmed compound parts of the body: a weaker match than `text`.
    pub parts: Field,
    /// First day the article's date can mean (days since 1970-01-01).
    pub date_start: Field,
    /// Last day it can mean: a month-precision date spans its month.
    pub date_end: Field,
    /// Cited sources and sign-off agencies, `/ritzau`.
    pub source: Field,
    /// The same, analysed, for `source:` queries.
    pub source_text: Field,
    /// Linked entities, one facet field per label (in [`EntityLabel::ALL`] order):
    /// `entity_PER` holds `/Mette Frederiksen`. Separate fields keep each label's
    /// top values cheap to count.
    pub entity: [Field; 4],
    /// Entity canonical names and surface forms, analysed, for `entity:` queries.
    pub entity_text: Field,
    /// Quote speakers by canonical name, `/Mette Frederiksen`.
    pub speaker: Field,
    /// Speaker names, analysed, for `speaker:` queries.
    pub speaker_text: Field,
    /// The quoted words, analysed, for `quote:` queries.
    pub quote: Field,
    /// The analysis record (without tokens), as JSON: what a hit or article page shows.
    pub record: Field,
}

impl Fields {
    /// Builds the schema and its fields.
    pub fn build() -> (Schema, Fields) {
        let mut b = Schema::builder();
        let positions = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(analyzer::DANISH)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        // Parts arrive pre-tokenized; frequencies rank, positions are never queried.
        let parts = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(analyzer::DANISH)
                .set_index_option(IndexRecordOption::WithFreqs),
        );
        let day = NumericOptions::default() | INDEXED | FAST;
        let fields = Fields {
            id: b.add_text_field("id", STRING | STORED),
            title: b.add_text_field("title", positions.clone()),
            text: b.add_text_field("text", positions.clone()),
            parts: b.add_text_field("parts", parts),
            date_start: b.add_i64_field("date_start", day.clone()),
            date_end: b.add_i64_field("date_end", day),
            source: b.add_facet_field("source", FacetOptions::default()),
            source_text: b.add_text_field("source_text", positions.clone()),
            entity: EntityLabel::ALL
                .map(|label| b.add_facet_field(&entity_field(label), FacetOptions::default())),
            entity_text: b.add_text_field("entity_text", positions.clone()),
            speaker: b.add_facet_field("speaker", FacetOptions::default()),
            speaker_text: b.add_text_field("speaker_text", positions.clone()),
            quote: b.add_text_field("quote", positions),
            record: b.add_text_field("record", STORED),
        };
        (b.build(), fields)
    }

    /// Resolves the fields of an opened index's schema.
    pub fn from_schema(schema: &Schema) -> Result<Fields, tantivy::TantivyError> {
        let f = |name: &str| schema.get_field(name);
        Ok(Fields {
            id: f("id")?,
            title: f("title")?,
            text: f("text")?,
            parts: f("parts")?,
            date_start: f("date_start")?,
            date_end: f("date_end")?,
            source: f("source")?,
            source_text: f("source_text")?,
            entity: {
                let mut fields = [f("id")?; 4];
                for (slot, label) in fields.iter_mut().zip(EntityLabel::ALL) {
                    *slot = f(&entity_field(label))?;
                }
                fields
            },
            entity_text: f("entity_text")?,
            speaker: f("speaker")?,
            speaker_text: f("speaker_text")?,
            quote: f("quote")?,
            record: f("record")?,
        })
    }
}

/// The facet field of one entity label: `entity_PER`.
pub fn entity_field(label: EntityLabel) -> String {
    format!("entity_{}", label.as_str())
}
