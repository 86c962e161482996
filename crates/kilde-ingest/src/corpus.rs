//! [`Corpus`]: every input named by the user, read as one stream of articles and
//! rejections, in a deterministic order.

use std::collections::VecDeque;
use std::fmt;
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use kilde_core::Article;

use crate::error::{Error, Origin, RejectReason, Rejection};
use crate::lines::LineReader;
use crate::source::{Context, Counting, Source};

/// How to read. `ReadOptions::default()` suits news text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadOptions {
    /// Longest line, and longest seed article, accepted; longer ones are rejected as
    /// [`RejectReason::TooLong`] and skipped without being held in memory.
    /// Memory use is bounded by about this much.
    pub max_record_bytes: usize,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            max_record_bytes: 16 * 1024 * 1024,
        }
    }
}

impl ReadOptions {
    /// The default options with another record limit.
    pub fn with_max_record_bytes(max_record_bytes: usize) -> Self {
        ReadOptions { max_record_bytes }
    }
}

/// One input as named by the user: a path (file or directory) or standard input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A file, or a directory read recursively.
    Path(PathBuf),
    /// Standard input, named `-`.
    Stdin,
}

impl Input {
    /// `-` is standard input, anything else a path.
    pub fn from_arg(arg: &Path) -> Input {
        if arg.as_os_str() == "-" {
            Input::Stdin
        } else {
            Input::Path(arg.to_path_buf())
        }
    }
}

/// A stream still to be read, or a problem found while listing directories.
enum Pending {
    File(PathBuf),
    Stdin,
    Reader(PathBuf, Box<dyn Read + Send>),
    Rejected(Rejection),
}

/// Counts of what a run read. `read == accepted + rejected`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Records seen (articles plus rejections).
    pub read: u64,
    /// Articles delivered.
    pub accepted: u64,
    /// Rejections delivered.
    pub rejected: u64,
}

impl Summary {
    /// Counts one item of a [`Corpus`].
    pub fn add<T>(&mut self, item: &Result<T, Rejection>) {
        self.read += 1;
        match item {
            Ok(_) => self.accepted += 1,
            Err(_) => self.rejected += 1,
        }
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "read {} records: {} accepted, {} rejected",
            self.read, self.accepted, self.rejected
        )
    }
}

/// All inputs as one stream of `Result<Article, Rejection>`.
///
/// Files are read in the order given, directories recursively in sorted order with
/// hidden entries skipped. Reading streams through one reused buffer, so memory stays
/// flat however large the input (bounded by [`ReadOptions::max_record_bytes`]).
/// Bad data never stops the iteration: it comes out as a [`Rejection`] and reading
/// resumes at the next record.
///
/// ```no_run
/// use kilde_ingest::{Corpus, ReadOptions};
/// let corpus = Corpus::open(&["corpus/".into()], ReadOptions::default())?;
/// for item in corpus {
///     match item {
///         Ok(article) => println!("{} {}", article.id, article.paragraphs.len()),
///         Err(rejection) => eprintln!("{rejection}"),
///     }
/// }
/// # Ok::<(), kilde_ingest::Error>(())
/// ```
pub struct Corpus {
    options: ReadOptions,
    queue: VecDeque<Pending>,
    current: Option<Source>,
    reader: LineReader,
    raw_read: Arc<AtomicU64>,
    total: Option<u64>,
    summary: Summary,
}

impl fmt::Debug for Corpus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Corpus")
            .field("options", &self.options)
            .field("pending_inputs", &self.queue.len())
            .field("bytes_read", &self.bytes_read())
            .field("total_bytes", &self.total)
            .field("summary", &self.summary)
            .finish()
    }
}

fn is_hidden(entry: &walkdir::DirEntry) -> bool {
    entry.depth() > 0 && entry.file_name().to_string_lossy().starts_with('.')
}

fn whole_file(path: &Path, reason: RejectReason) -> Rejection {
    Rejection {
        origin: Origin {
            path: path.to_path_buf(),
            line: 0,
            byte_offset: 0,
        },
        reason,
        excerpt: String::new(),
    }
}

impl Corpus {
    /// Opens inputs (files, directories, `-` for stdin). A named input that does not
    /// exist or cannot be read is a fatal [`Error`]; problems with files found inside
    /// directories become rejections instead.
    pub fn open(inputs: &[PathBuf], options: ReadOptions) -> Result<Corpus, Error> {
        let mut queue = VecDeque::new();
        let mut total = Some(0u64);
        for arg in inputs {
            let path = match Input::from_arg(arg) {
                Input::Stdin => {
                    queue.push_back(Pending::Stdin);
                    total = None;
                    continue;
                }
                Input::Path(path) => path,
            };
            let meta = std::fs::metadata(&path).map_err(|e| Error::from_io(&path, e))?;
            if meta.is_dir() {
                // Fail now, not mid-run, when the directory itself cannot be listed.
                std::fs::read_dir(&path).map_err(|e| Error::from_io(&path, e))?;
                let walk = walkdir::WalkDir::new(&path)
                    .follow_links(true)
                    .sort_by_file_name()
                    .into_iter()
                    .filter_entry(|e| !is_hidden(e));
                for entry in walk {
                    match entry {
                        Ok(e) if e.file_type().is_file() => {
                            let size = e.metadata().map(|m| m.len()).unwrap_or(0);
                            total = total.map(|t| t + size);
                            queue.push_back(Pending::File(e.into_path()));
                        }
                        Ok(_) => {}
                        Err(e) => {
                            let at = e.path().unwrap_or(&path).to_path_buf();
                            let msg = e
                                .io_error()
                                .map_or_else(|| e.to_string(), io::Error::to_string);
                            queue.push_back(Pending::Rejected(whole_file(
                                &at,
                                RejectReason::Unreadable(msg),
                            )));
                        }
                    }
                }
            } else {
                File::open(&path).map_err(|e| Error::from_io(&path, e))?;
                total = total.map(|t| t + meta.len());
                queue.push_back(Pending::File(path));
            }
        }
        Ok(Corpus::with_queue(queue, total, options))
    }

    /// Reads any byte stream (a socket, an upload, a test generator) as one input
    /// called `name`; compression and format are sniffed as for files.
    pub fn from_reader(
        name: impl Into<PathBuf>,
        reader: impl Read + Send + 'static,
        options: ReadOptions,
    ) -> Corpus {
        let mut queue = VecDeque::new();
        queue.push_back(Pending::Reader(name.into(), Box::new(reader)));
        Corpus::with_queue(queue, None, options)
    }

    fn with_queue(queue: VecDeque<Pending>, total: Option<u64>, options: ReadOptions) -> Corpus {
        Corpus {
            reader: LineReader::new(Box::new(io::empty()), options.max_record_bytes),
            options,
            queue,
            current: None,
            raw_read: Arc::new(AtomicU64::new(0)),
            total,
            summary: Summary::default(),
        }
    }

    /// Raw bytes read so far (compressed bytes for compressed files), for progress.
    pub fn bytes_read(&self) -> u64 {
        self.raw_read.load(Ordering::Relaxed)
    }

    /// The size of all input files, for a progress bar; `None` when reading a stream.
    pub fn total_bytes(&self) -> Option<u64> {
        self.total
    }

    /// What has been read so far.
    pub fn summary(&self) -> Summary {
        self.summary
    }

    /// The options in force.
    pub fn options(&self) -> &ReadOptions {
        &self.options
    }

    fn start(&mut self, pending: Pending) -> Result<Option<Source>, Rejection> {
        let (path, raw): (PathBuf, Box<dyn Read + Send>) = match pending {
            Pending::Rejected(r) => return Err(r),
            Pending::Stdin => (PathBuf::from("-"), Box::new(io::stdin())),
            Pending::Reader(name, r) => (name, r),
            Pending::File(path) => match File::open(&path) {
                Ok(f) => (path, Box::new(f)),
                Err(e) => {
                    return Err(whole_file(&path, RejectReason::Unreadable(e.to_string())));
                }
            },
        };
        let counted = Counting {
            inner: raw,
            count: Arc::clone(&self.raw_read),
        };
        let cx = Context {
            path,
            codec: None,
            max_record_bytes: self.options.max_record_bytes,
            raw_start: self.raw_read.load(Ordering::Relaxed),
            raw_read: Arc::clone(&self.raw_read),
        };
        Source::open(Box::new(counted), &mut self.reader, cx).map(Some)
    }
}

impl Iterator for Corpus {
    type Item = Result<Article, Rejection>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(source) = &mut self.current {
                if let Some(item) = source.next(&mut self.reader) {
                    self.summary.add(&item);
                    return Some(item);
                }
                self.current = None;
                self.reader.reset(Box::new(io::empty()));
            }
            let pending = self.queue.pop_front()?;
            match self.start(pending) {
                Ok(source) => self.current = source,
                Err(rejection) => {
                    let item = Err(rejection);
                    self.summary.add(&item);
                    return Some(item);
                }
            }
        }
    }
}
