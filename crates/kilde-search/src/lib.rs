//! An embedded, Danish-aware search index over analysed articles.
//!
//! [`KildeIndex`] is a tantivy index in a directory; [`Writer`] adds analysed
//! articles to it idempotently; [`KildeIndex::search`] answers queries written in
//! kilde's [`query`] syntax with snippets, facets and attention over time. The
//! Danish [`analyzer`] and the corpus-learned compound splitter ([`decompound`])
//! are shared by indexing and querying.

pub mod analyzer;
mod column_cache;
mod compile;
mod date_filter;
mod dates;
pub mod decompound;
mod error;
pub mod eval;
mod facets;
mod index;
mod merge;
mod period;
mod profile;
pub mod query;
mod schema;
mod search;
mod writer;

pub use compile::{Filters, QUERY_FIELDS};
pub use dates::parse_period;
pub use error::{Error, Result};
pub use facets::FacetSet;
pub use index::{DEFAULT_DIR, KildeIndex};
pub use period::Granularity;
pub use profile::{EntityProfile, QuoteHit, RECORDS_READ};
pub use schema::SCHEMA_VERSION;
pub use search::{
    Attention, Count, FACET_VALUES, Facets, Hit, MAX_LIMIT, SearchRequest, SearchResults, Snippet,
    Sort,
};
pub use writer::Writer;
