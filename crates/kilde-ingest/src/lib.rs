//! kilde-ingest: reading Danish news articles from files, directories or stdin,
//! losing nothing.
//!
//! A [`Corpus`] turns inputs into one stream of `Result<Article, Rejection>`:
//!
//! - **Formats**, sniffed from content: JSON Lines when the first non-blank byte is
//!   `{`, otherwise the *seed format* (`date 2018-03 Body...`, blank lines between
//!   paragraphs, an optional agency sign-off like `/ritzau/AFP` as the last line, many
//!   articles per file).
//! - **Compression**, sniffed from magic bytes: gzip (multi-member) and zstd.
//! - **Inputs**: files, directories (recursive, sorted, hidden entries skipped), `-` for stdin.
//!
//! **Nothing is dropped silently.** Every bad record becomes a [`Rejection`] that says
//! where (path, line, byte offset) and why ([`RejectReason`]), and reading resumes at
//! the next record. Only problems with the inputs the user named (missing path,
//! permission denied) are fatal [`Error`]s. [`RejectsWriter`] saves rejections as JSON
//! Lines; [`Summary`] counts them.
//!
//! **Memory is flat.** Input streams through one buffer; a line or article longer than
//! [`ReadOptions::max_record_bytes`] is skipped and rejected without being held.
//!
//! **Two threads for a large seed-format stream.** Past its first 512 KiB, a
//! second thread does the stream's `read()` calls (or decompression) and cuts it into
//! records, handing over 256 KiB buffers (at most 8 queued, recycled); the two threads
//! share the parsing, and the results come out in stream order, exactly as on one
//! thread (same articles, same rejections with the same lines and offsets). A batch
//! goes out before each read, so a slow stream (stdin, a pipe) still gives out each
//! article as soon as it has arrived. Smaller streams and JSON Lines stay on the
//! calling thread.
//!
//! **Offsets.** [`Origin::byte_offset`] and [`Origin::line`] count in the decompressed
//! text; for a truncated compressed file [`RejectReason::Truncated`] also gives the
//! compressed offset reached.
//!
//! ```
//! use kilde_ingest::{Corpus, ReadOptions, RejectReason};
//! let input = "date 2018-03 Hun siger ja.\n\nDet er godt.\n\n/ritzau/AFP\n\
//!              date 2018-13 Forkert måned.\n";
//! let items: Vec<_> = Corpus::from_reader("eksempel.txt", input.as_bytes(), ReadOptions::default())
//!     .collect();
//! let article = items[0].as_ref().unwrap();
//! assert_eq!(article.sources, ["ritzau", "AFP"]);
//! assert_eq!(article.paragraphs.len(), 2);
//! let rejection = items[1].as_ref().unwrap_err();
//! assert_eq!(rejection.reason, RejectReason::ImpossibleDate("2018-13".into()));
//! assert_eq!(rejection.to_string(), "eksempel.txt:6: impossible date \"2018-13\"");
//! ```

mod corpus;
mod error;
mod jsonl;
mod lines;
mod parallel;
mod rejects;
mod seed;
mod source;
pub mod synth;

pub use corpus::{Corpus, Input, ReadOptions, Summary};
pub use error::{Codec, EXCERPT_BYTES, Error, Origin, RejectReason, Rejection};
pub use rejects::RejectsWriter;
pub use seed::parse_signoff;
