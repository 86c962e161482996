//! The one error type of the search crate.

use std::path::PathBuf;

/// What can go wrong opening, writing or querying an index.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Searching a directory that holds no index yet.
    #[error("no kilde index at {0}: create one with `kilde ingest PATH --index {0}`")]
    NoIndex(PathBuf),
    /// Refusing to write an index into a directory that holds something else.
    #[error("{0} is not empty and holds no kilde index; choose an empty or new directory")]
    NotAnIndex(PathBuf),
    /// An index written by another schema version: reading it would misread it.
    #[error(
        "the index at {dir} has schema version {found}, this kilde reads version {expected}; \
         re-create it: remove {dir} and run `kilde ingest` again"
    )]
    Version {
        /// The index directory.
        dir: PathBuf,
        /// The version stored in the index.
        found: u32,
        /// The version this build writes and reads.
        expected: u32,
    },
    /// A query the user must fix; the message points at the position.
    #[error("{0}")]
    Query(String),
    /// A file of the index could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The index engine failed.
    #[error(transparent)]
    Tantivy(#[from] tantivy::TantivyError),
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
