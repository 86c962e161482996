//! An index directory: tantivy's files plus `kilde-index.json`, which records the
//! schema version so that an index from another version is refused, never misread.

use std::path::{Path, PathBuf};

use kilde_core::ArticleId;
use serde::{Deserialize, Serialize};
use tantivy::schema::Term;
use tantivy::{Index, IndexReader, ReloadPolicy, Searcher};

use crate::analyzer;
use crate::column_cache::ColumnCache;
use crate::error::{Error, Result};
use crate::schema::{Fields, SCHEMA_VERSION};

/// The file beside tantivy's own that says which kilde schema wrote the index.
pub const META_FILE: &str = "kilde-index.json";
/// The compound lexicon learned from the indexed articles.
pub const LEXICON_FILE: &str = "lexicon.bin";
/// Where `kilde ingest` and `kilde search` look when no `--index` is given.
pub const DEFAULT_DIR: &str = "kilde-index";

#[derive(Debug, Serialize, Deserialize)]
struct Meta {
    schema_version: u32,
    written_by: String,
}

/// An opened index.
pub struct KildeIndex {
    dir: PathBuf,
    index: Index,
    fields: Fields,
    reader: IndexReader,
    /// Decoded facet columns, when [`KildeIndex::keep_decoded_columns`] asked for them.
    columns: Option<ColumnCache>,
}

impl KildeIndex {
    /// Opens the index in `dir`, creating it when `dir` is missing or empty.
    pub fn open_or_create(dir: &Path) -> Result<KildeIndex> {
        let io = |source| Error::Io {
            path: dir.to_path_buf(),
            source,
        };
        if dir.join(META_FILE).exists() {
            return KildeIndex::open(dir);
        }
        if dir.exists() && std::fs::read_dir(dir).map_err(io)?.next().is_some() {
            return Err(Error::NotAnIndex(dir.to_path_buf()));
        }
        std::fs::create_dir_all(dir).map_err(io)?;
        let (schema, _) = Fields::build();
        let index = Index::create_in_dir(dir, schema)?;
        // The meta file is written last: a directory without it was never a whole index.
        let meta = Meta {
            schema_version: SCHEMA_VERSION,
            written_by: format!("kilde {}", env!("CARGO_PKG_VERSION")),
        };
        let json = serde_json::to_vec_pretty(&meta).expect("meta serializes");
        write_atomically(&dir.join(META_FILE), &json)?;
        KildeIndex::from_index(dir, index)
    }

    /// Opens an existing index, checking its schema version.
    pub fn open(dir: &Path) -> Result<KildeIndex> {
        let meta_path = dir.join(META_FILE);
        let bytes = match std::fs::read(&meta_path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(Error::NoIndex(dir.to_path_buf()));
            }
            Err(source) => {
                return Err(Error::Io {
                    path: meta_path,
                    source,
                });
            }
        };
        let found = serde_json::from_slice::<Meta>(&bytes)
            .map(|m| m.schema_version)
            .unwrap_or(0);
        if found != SCHEMA_VERSION {
            return Err(Error::Version {
                dir: dir.to_path_buf(),
                found,
                expected: SCHEMA_VERSION,
            });
        }
        let index = Index::open_in_dir(dir)?;
        KildeIndex::from_index(dir, index)
    }

    fn from_index(dir: &Path, mut index: Index) -> Result<KildeIndex> {
        analyzer::register(&index);
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        set_search_threads(&mut index, threads)?;
        let fields = Fields::from_schema(&index.schema())?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(KildeIndex {
            dir: dir.to_path_buf(),
            index,
            fields,
            reader,
            columns: None,
        })
    }

    /// Searches one query's segments on up to `threads` threads (the default is
    /// one per core): a query over a million articles spans several segments, and
    /// on an idle machine its latency falls by about the number of threads. Under
    /// many concurrent requests it neither gains nor loses throughput. One thread
    /// searches on the calling thread.
    pub fn set_search_threads(&mut self, threads: usize) -> Result<()> {
        set_search_threads(&mut self.index, threads)?;
        self.reader = self
            .index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(())
    }

    /// The directory the index lives in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The tantivy index.
    pub fn tantivy(&self) -> &Index {
        &self.index
    }

    /// Keeps facet columns decoded in memory from the first facet search on: facet
    /// counts over many matches then run about twice as fast, for about 125 MB per
    /// million articles when every facet is counted. Worth it in a process that
    /// answers many searches (`kilde serve`); a single search would pay the decoding
    /// (about 0.3 s at a million articles) and gain less.
    pub fn keep_decoded_columns(&mut self) {
        self.columns.get_or_insert_with(ColumnCache::default);
    }

    /// Facet columns decoded so far, if they are kept.
    pub(crate) fn columns(&self) -> Option<&ColumnCache> {
        self.columns.as_ref()
    }

    /// The schema's fields.
    pub fn fields(&self) -> &Fields {
        &self.fields
    }

    /// A searcher over the last commit seen by [`KildeIndex::reload`].
    pub fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }

    /// Makes the latest commit visible to new searchers.
    pub fn reload(&self) -> Result<()> {
        Ok(self.reader.reload()?)
    }

    /// Number of articles in the index.
    pub fn num_articles(&self) -> u64 {
        self.searcher().num_docs()
    }

    /// True when an article with this id is committed.
    pub fn contains(&self, id: &ArticleId) -> Result<bool> {
        let term = Term::from_field_text(self.fields.id, &id.0);
        Ok(self.searcher().doc_freq(&term)? > 0)
    }
}

fn set_search_threads(index: &mut Index, threads: usize) -> Result<()> {
    if threads > 1 {
        index.set_multithread_executor(threads)?;
    } else {
        index.set_executor(tantivy::Executor::single_thread());
    }
    Ok(())
}

/// Writes `bytes` to a temporary file beside `path`, then renames it over `path`:
/// a crash leaves the old file or the new one, never half of one.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, bytes).map_err(io)?;
    std::fs::rename(&tmp, path).map_err(io)
}
