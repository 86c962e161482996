//! An embedded, Danish-aware search index over analysed articles.

pub mod analyzer;
pub mod decompound;
pub mod eval;
pub mod query;
