//! Fatal errors ([`Error`]) versus bad records ([`Rejection`]).
//!
//! A fatal error stops the run: the user named an input that cannot be opened, or an
//! output cannot be written. A rejection is bad *data*: it is reported with where it
//! was found and why, and reading goes on with the next record.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use serde::Serialize;

/// Fatal errors of this crate: the run cannot go on (unlike a [`Rejection`]).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An input named on the command line does not exist.
    #[error("{}: no such file or directory", .path.display())]
    NotFound {
        /// The input as given.
        path: PathBuf,
    },
    /// An input named on the command line cannot be read by this user.
    #[error("{}: permission denied", .path.display())]
    PermissionDenied {
        /// The input as given.
        path: PathBuf,
    },
    /// Any other I/O failure on a named input or an output file.
    #[error("{}: {source}", .path.display())]
    Io {
        /// The file concerned.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: io::Error,
    },
    /// The sentence file for `synth` holds no `# text = ...` lines.
    #[error("{}: no `# text = ...` sentence lines found", .path.display())]
    NoSentences {
        /// The file that was read.
        path: PathBuf,
    },
}

impl Error {
    /// Classifies an I/O error on a top-level input.
    pub(crate) fn from_io(path: &Path, source: io::Error) -> Self {
        let path = path.to_path_buf();
        match source.kind() {
            io::ErrorKind::NotFound => Error::NotFound { path },
            io::ErrorKind::PermissionDenied => Error::PermissionDenied { path },
            _ => Error::Io { path, source },
        }
    }
}

/// Where a rejected record (or the defect in it) was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The file, or `-` for standard input.
    pub path: PathBuf,
    /// 1-based line number in the (decompressed) text; 0 when the problem concerns
    /// the whole file (it could not be opened).
    pub line: u64,
    /// 0-based byte offset in the (decompressed) text.
    pub byte_offset: u64,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}", display_path(&self.path))
        } else {
            write!(f, "{}:{}", display_path(&self.path), self.line)
        }
    }
}

pub(crate) fn display_path(path: &Path) -> std::path::Display<'_> {
    if path.as_os_str() == "-" {
        Path::new("<stdin>").display()
    } else {
        path.display()
    }
}

/// Compression formats recognised by their magic bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Codec {
    /// `1f 8b`, one or more members.
    Gzip,
    /// `28 b5 2f fd`, one or more frames.
    Zstd,
}

impl fmt::Display for Codec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Codec::Gzip => "gzip",
            Codec::Zstd => "zstd",
        })
    }
}

/// Why a record was rejected. The `Display` text is what users read.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RejectReason {
    /// Bytes that are not UTF-8; `byte_offset` is the first bad byte in the stream.
    InvalidUtf8 {
        /// 0-based offset of the first invalid byte (decompressed stream).
        byte_offset: u64,
    },
    /// Text before the first `date` line of a seed-format file.
    MissingDate,
    /// A `date` token that is not `YYYY-MM` or `YYYY-MM-DD`.
    MalformedDate(String),
    /// A well-formed date that does not exist (`2018-13`, `2018-02-30`).
    ImpossibleDate(String),
    /// A date line with no text after it, or an empty JSON `text`.
    EmptyBody,
    /// A line or record over [`ReadOptions::max_record_bytes`](crate::ReadOptions).
    TooLong {
        /// Bytes counted until the record ended (at least `limit + 1`).
        len: u64,
        /// The limit in force.
        limit: u64,
    },
    /// NUL bytes or mostly control characters: not text, so not parsed.
    Binary,
    /// A JSON Lines record that is not a JSON object.
    InvalidJson(String),
    /// A JSON Lines record without a `text` field.
    MissingText,
    /// A known JSON field of the wrong type (e.g. `text` not a string).
    InvalidField {
        /// The field name.
        field: &'static str,
        /// What it should have been.
        expected: &'static str,
    },
    /// A compressed stream that ends early or is corrupt; what came before was kept.
    Truncated {
        /// The compression format.
        codec: Codec,
        /// Compressed bytes consumed when the error came.
        compressed_offset: u64,
        /// What the decoder said.
        message: String,
    },
    /// An I/O error while reading (mid-file), or a file in a directory that cannot be opened.
    Unreadable(String),
}

impl RejectReason {
    /// A short stable name for machines (`"impossible_date"`), used in the rejects file.
    pub fn kind(&self) -> &'static str {
        match self {
            RejectReason::InvalidUtf8 { .. } => "invalid_utf8",
            RejectReason::MissingDate => "missing_date",
            RejectReason::MalformedDate(_) => "malformed_date",
            RejectReason::ImpossibleDate(_) => "impossible_date",
            RejectReason::EmptyBody => "empty_body",
            RejectReason::TooLong { .. } => "too_long",
            RejectReason::Binary => "binary",
            RejectReason::InvalidJson(_) => "invalid_json",
            RejectReason::MissingText => "missing_text",
            RejectReason::InvalidField { .. } => "invalid_field",
            RejectReason::Truncated { .. } => "truncated",
            RejectReason::Unreadable(_) => "unreadable",
        }
    }
}

impl fmt::Display for RejectReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RejectReason::InvalidUtf8 { byte_offset } => {
                write!(f, "invalid UTF-8 at byte {byte_offset}")
            }
            RejectReason::MissingDate => {
                f.write_str("missing date: text before the first \"date YYYY-MM[-DD]\" line")
            }
            RejectReason::MalformedDate(d) => {
                write!(f, "malformed date {d:?} (expected YYYY-MM or YYYY-MM-DD)")
            }
            RejectReason::ImpossibleDate(d) => write!(f, "impossible date {d:?}"),
            RejectReason::EmptyBody => f.write_str("empty body: no article text"),
            RejectReason::TooLong { len, limit } => {
                write!(f, "record too long: {len} bytes or more, limit {limit}")
            }
            RejectReason::Binary => f.write_str("binary data (NUL or control bytes), not text"),
            RejectReason::InvalidJson(msg) => write!(f, "invalid JSON: {msg}"),
            RejectReason::MissingText => f.write_str("JSON record has no \"text\" field"),
            RejectReason::InvalidField { field, expected } => {
                write!(f, "JSON field {field:?} must be {expected}")
            }
            RejectReason::Truncated {
                codec,
                compressed_offset,
                message,
            } => write!(
                f,
                "truncated or corrupt {codec} stream at compressed byte {compressed_offset}: {message}"
            ),
            RejectReason::Unreadable(msg) => write!(f, "cannot read: {msg}"),
        }
    }
}

/// A record that was not accepted, with where it was and why.
///
/// Displays as `corpus/a.txt:17: impossible date "2018-13"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    /// Where: the record's first line, or the exact defect (bad byte, over-long line).
    pub origin: Origin,
    /// Why.
    pub reason: RejectReason,
    /// The start of the record (about 200 characters, invalid UTF-8 replaced).
    pub excerpt: String,
}

/// How many bytes of a record go into [`Rejection::excerpt`].
pub const EXCERPT_BYTES: usize = 200;

/// A lossy, bounded excerpt of raw bytes, cut on a character boundary.
pub(crate) fn excerpt(bytes: &[u8]) -> String {
    let cut = &bytes[..bytes.len().min(EXCERPT_BYTES)];
    let mut s = String::from_utf8_lossy(cut).into_owned();
    if bytes.len() > EXCERPT_BYTES {
        // A multi-byte character cut in half shows as U+FFFD at the end; drop it.
        while s.ends_with('\u{FFFD}') {
            s.pop();
        }
    }
    s.trim().to_string()
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.origin, self.reason)
    }
}

impl std::error::Error for Rejection {}

/// The JSON Lines shape of a rejection in the rejects file.
#[derive(Serialize)]
pub(crate) struct RejectionRecord<'a> {
    pub path: String,
    pub line: u64,
    pub byte_offset: u64,
    pub kind: &'static str,
    pub reason: String,
    pub excerpt: &'a str,
}

impl Rejection {
    pub(crate) fn record(&self) -> RejectionRecord<'_> {
        RejectionRecord {
            path: self.origin.path.to_string_lossy().into_owned(),
            line: self.origin.line,
            byte_offset: self.origin.byte_offset,
            kind: self.reason.kind(),
            reason: self.reason.to_string(),
            excerpt: &self.excerpt,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The texts users read; a change here is a change of the user interface.
    #[test]
    fn reasons_read_well() {
        let cases = [
            (
                RejectReason::InvalidUtf8 { byte_offset: 1234 },
                "invalid UTF-8 at byte 1234",
            ),
            (
                RejectReason::MissingDate,
                "missing date: text before the first \"date YYYY-MM[-DD]\" line",
            ),
            (
                RejectReason::MalformedDate("2018-3".into()),
                "malformed date \"2018-3\" (expected YYYY-MM or YYYY-MM-DD)",
            ),
            (
                RejectReason::ImpossibleDate("2018-13".into()),
                "impossible date \"2018-13\"",
            ),
            (RejectReason::EmptyBody, "empty body: no article text"),
            (
                RejectReason::TooLong { len: 20, limit: 10 },
                "record too long: 20 bytes or more, limit 10",
            ),
            (
                RejectReason::Binary,
                "binary data (NUL or control bytes), not text",
            ),
            (
                RejectReason::InvalidJson("not a JSON object".into()),
                "invalid JSON: not a JSON object",
            ),
            (
                RejectReason::MissingText,
                "JSON record has no \"text\" field",
            ),
            (
                RejectReason::InvalidField {
                    field: "text",
                    expected: "a string",
                },
                "JSON field \"text\" must be a string",
            ),
            (
                RejectReason::Truncated {
                    codec: Codec::Gzip,
                    compressed_offset: 512,
                    message: "unexpected end of file".into(),
                },
                "truncated or corrupt gzip stream at compressed byte 512: unexpected end of file",
            ),
            (
                RejectReason::Unreadable("Permission denied (os error 13)".into()),
                "cannot read: Permission denied (os error 13)",
            ),
        ];
        for (reason, text) in cases {
            assert_eq!(reason.to_string(), text);
        }
        let r = Rejection {
            origin: Origin {
                path: "corpus/a.txt".into(),
                line: 17,
                byte_offset: 400,
            },
            reason: RejectReason::ImpossibleDate("2018-13".into()),
            excerpt: String::new(),
        };
        assert_eq!(
            r.to_string(),
            "corpus/a.txt:17: impossible date \"2018-13\""
        );
        let whole = Rejection {
            origin: Origin {
                path: "-".into(),
                line: 0,
                byte_offset: 0,
            },
            ..r
        };
        assert!(whole.to_string().starts_with("<stdin>: impossible"));
    }

    #[test]
    fn excerpts_are_bounded_and_cut_on_characters() {
        let long = "æ".repeat(300);
        let e = excerpt(long.as_bytes());
        assert!(e.len() <= EXCERPT_BYTES);
        assert!(e.chars().all(|c| c == 'æ'));
        assert_eq!(excerpt(b"  ok \xff "), "ok \u{FFFD}");
    }
}
