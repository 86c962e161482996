//! [`RejectsWriter`]: rejections saved as JSON Lines so nothing is lost silently.

use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Rejection};

/// Writes rejections as JSON Lines, one object per rejection:
/// `{"path","line","byte_offset","kind","reason","excerpt"}`.
///
/// The file is created only when the first rejection arrives, so a clean run
/// leaves no empty rejects file behind.
#[derive(Debug)]
pub struct RejectsWriter {
    path: PathBuf,
    append: bool,
    out: Option<BufWriter<File>>,
    written: u64,
}

impl RejectsWriter {
    /// A writer that replaces `path` when the first rejection arrives.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        RejectsWriter {
            path: path.into(),
            append: false,
            out: None,
            written: 0,
        }
    }

    /// A writer that appends to `path` (creating it when the first rejection arrives).
    pub fn appending(path: impl Into<PathBuf>) -> Self {
        RejectsWriter {
            append: true,
            ..RejectsWriter::new(path)
        }
    }

    /// Writes one rejection, creating the file first if needed.
    pub fn write(&mut self, rejection: &Rejection) -> Result<(), Error> {
        let io_err = |path: &Path, source| Error::Io {
            path: path.to_path_buf(),
            source,
        };
        let out = match &mut self.out {
            Some(out) => out,
            None => {
                let file = OpenOptions::new()
                    .create(true)
                    .write(true)
                    .append(self.append)
                    .truncate(!self.append)
                    .open(&self.path)
                    .map_err(|e| io_err(&self.path, e))?;
                self.out.insert(BufWriter::new(file))
            }
        };
        serde_json::to_writer(&mut *out, &rejection.record())
            .map_err(|e| io_err(&self.path, e.into()))?;
        out.write_all(b"\n").map_err(|e| io_err(&self.path, e))?;
        self.written += 1;
        Ok(())
    }

    /// Rejections written so far.
    pub fn written(&self) -> u64 {
        self.written
    }

    /// The file, once it exists (after the first rejection).
    pub fn path(&self) -> Option<&Path> {
        self.out.as_ref().map(|_| self.path.as_path())
    }

    /// Flushes the file; returns how many rejections were written.
    pub fn finish(mut self) -> Result<u64, Error> {
        if let Some(out) = &mut self.out {
            out.flush().map_err(|source| Error::Io {
                path: self.path.clone(),
                source,
            })?;
        }
        Ok(self.written)
    }
}
