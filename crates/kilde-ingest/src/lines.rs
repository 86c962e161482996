//! A line splitter over any byte stream: one large reusable buffer, `memchr` for
//! newlines, line numbers and byte offsets, and over-long lines skipped in constant
//! memory.

use std::io::{self, Read};

/// Bytes asked of the stream per read; the buffer starts at this size.
const CHUNK: usize = 256 * 1024;

/// One line of input, borrowed from the reader's buffer.
pub(crate) struct Line<'a> {
    /// The line's bytes, including its `\n` when it has one.
    pub bytes: &'a [u8],
    /// 1-based line number.
    pub number: u64,
    /// Stream offset of the line's first byte.
    pub offset: u64,
}

/// What [`LineReader::next_event`] found.
pub(crate) enum Event<'a> {
    /// A line no longer than the limit.
    Line(Line<'a>),
    /// A line over the limit, skipped without holding it in memory.
    TooLong {
        /// 1-based line number.
        number: u64,
        /// Stream offset of its first byte.
        offset: u64,
        /// Bytes counted (stops counting early only on a read error).
        len: u64,
        /// Its first bytes, for the excerpt and to see whether it starts a record.
        head: Vec<u8>,
    },
    /// The stream failed (I/O or decompression error); everything before was delivered.
    Failed {
        /// What the reader said.
        error: io::Error,
        /// Line number where the failure came.
        number: u64,
        /// Stream offset reached.
        offset: u64,
    },
    /// The stream ended cleanly.
    End,
}

/// Where the next line lies in the buffer, found without holding a borrow.
enum Found {
    Line(usize),
    TooLong(usize),
    SkipLong,
    Failed,
    End,
}

/// Splits a byte stream into lines. The buffer is kept across [`reset`](Self::reset)s
/// so a directory of small files does not allocate per file.
pub(crate) struct LineReader {
    inner: Box<dyn Read + Send>,
    buf: Vec<u8>,
    start: usize,
    end: usize,
    eof: bool,
    error: Option<io::Error>,
    /// Stream offset of `buf[start]`.
    offset: u64,
    /// Number of the next line.
    line: u64,
    max_line: usize,
}

impl LineReader {
    /// A reader with lines of at most `max_line` bytes (not counting the newline).
    pub(crate) fn new(inner: Box<dyn Read + Send>, max_line: usize) -> Self {
        LineReader {
            inner,
            buf: vec![0; CHUNK],
            start: 0,
            end: 0,
            eof: false,
            error: None,
            offset: 0,
            line: 1,
            max_line: max_line.max(1),
        }
    }

    /// Starts over on a new stream, keeping the buffer (shrunk if a long line grew it).
    pub(crate) fn reset(&mut self, inner: Box<dyn Read + Send>) {
        self.inner = inner;
        if self.buf.len() > 4 * CHUNK {
            self.buf = vec![0; CHUNK];
        }
        self.start = 0;
        self.end = 0;
        self.eof = false;
        self.error = None;
        self.offset = 0;
        self.line = 1;
    }

    /// The first bytes of the stream (up to one buffer), without consuming them;
    /// a UTF-8 byte-order mark at offset 0 is skipped first.
    pub(crate) fn peek_start(&mut self) -> &[u8] {
        while !self.eof && self.end - self.start < CHUNK {
            let before = self.end;
            self.fill();
            if self.end == before {
                break;
            }
            if self.buf[self.start..self.end]
                .iter()
                .any(|b| !b.is_ascii_whitespace())
                && self.end - self.start >= 3
            {
                break;
            }
        }
        if self.offset == 0 && self.buf[self.start..self.end].starts_with(b"\xEF\xBB\xBF") {
            self.start += 3;
            self.offset += 3;
        }
        &self.buf[self.start..self.end]
    }

    /// The next line, over-long line, failure or end.
    pub(crate) fn next_event(&mut self) -> Event<'_> {
        match self.find() {
            Found::Line(stop) => {
                let (begin, number, offset) = (self.start, self.line, self.offset);
                self.start = stop;
                self.offset += (stop - begin) as u64;
                self.line += 1;
                Event::Line(Line {
                    bytes: &self.buf[begin..stop],
                    number,
                    offset,
                })
            }
            Found::TooLong(stop) => {
                let (begin, number, offset) = (self.start, self.line, self.offset);
                let head = self.buf[begin..stop.min(begin + HEAD)].to_vec();
                self.start = stop;
                self.offset += (stop - begin) as u64;
                self.line += 1;
                Event::TooLong {
                    number,
                    offset,
                    len: (stop - begin) as u64,
                    head,
                }
            }
            Found::SkipLong => self.skip_long(),
            Found::Failed => Event::Failed {
                error: self
                    .error
                    .take()
                    .unwrap_or_else(|| io::Error::other("read failed")),
                number: self.line,
                offset: self.offset,
            },
            Found::End => Event::End,
        }
    }

    fn find(&mut self) -> Found {
        let mut scanned = self.start;
        loop {
            if let Some(i) = memchr::memchr(b'\n', &self.buf[scanned..self.end]) {
                let stop = scanned + i + 1;
                return if stop - self.start - 1 > self.max_line {
                    Found::TooLong(stop)
                } else {
                    Found::Line(stop)
                };
            }
            if self.end - self.start > self.max_line {
                return Found::SkipLong;
            }
            if self.eof {
                return if self.start < self.end {
                    Found::Line(self.end)
                } else if self.error.is_some() {
                    Found::Failed
                } else {
                    Found::End
                };
            }
            // Everything buffered so far is newline-free; compaction keeps relative positions.
            let scanned_len = self.end - self.start;
            self.fill();
            scanned = self.start + scanned_len;
        }
    }

    /// Reads more bytes, compacting or growing the buffer first when it is full.
    fn fill(&mut self) {
        if self.eof {
            return;
        }
        if self.buf.len() - self.end < CHUNK / 4 {
            if self.start > 0 {
                self.buf.copy_within(self.start..self.end, 0);
                self.end -= self.start;
                self.start = 0;
            }
            if self.buf.len() - self.end < CHUNK / 4 {
                let want = (self.buf.len() * 2).min(self.max_line + CHUNK);
                let want = want.max(self.end + CHUNK / 4);
                self.buf.resize(want, 0);
            }
        }
        loop {
            match self.inner.read(&mut self.buf[self.end..]) {
                Ok(0) => {
                    self.eof = true;
                    return;
                }
                Ok(n) => {
                    self.end += n;
                    return;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.error = Some(e);
                    self.eof = true;
                    return;
                }
            }
        }
    }

    /// Skips the rest of an over-long line in buffer-sized steps.
    fn skip_long(&mut self) -> Event<'_> {
        let number = self.line;
        let offset = self.offset;
        let head = self.buf[self.start..self.start + HEAD.min(self.end - self.start)].to_vec();
        let mut len = (self.end - self.start) as u64;
        self.offset += len;
        self.start = 0;
        self.end = 0;
        self.line += 1;
        loop {
            if self.eof {
                break;
            }
            self.fill();
            if let Some(i) = memchr::memchr(b'\n', &self.buf[..self.end]) {
                self.start = i + 1;
                len += (i + 1) as u64;
                self.offset += (i + 1) as u64;
                break;
            }
            len += self.end as u64;
            self.offset += self.end as u64;
            self.end = 0;
        }
        Event::TooLong {
            number,
            offset,
            len,
            head,
        }
    }
}

/// Bytes of an over-long line kept for the excerpt.
const HEAD: usize = 256;

#[cfg(test)]
mod tests {
    use super::*;

    /// Gives bytes out in small uneven pieces, to exercise refills.
    struct Trickle(Vec<u8>, usize);
    impl Read for Trickle {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            let rest = &self.0[self.1..];
            let n = (self.1 % 7 + 1).min(out.len()).min(rest.len());
            out[..n].copy_from_slice(&rest[..n]);
            self.1 += n;
            Ok(n)
        }
    }

    fn collect(input: &[u8], max: usize) -> Vec<String> {
        let mut r = LineReader::new(Box::new(Trickle(input.to_vec(), 0)), max);
        let mut out = Vec::new();
        loop {
            match r.next_event() {
                Event::Line(l) => out.push(format!(
                    "{}@{}:{}",
                    l.number,
                    l.offset,
                    String::from_utf8_lossy(l.bytes)
                )),
                Event::TooLong {
                    number,
                    offset,
                    len,
                    ..
                } => out.push(format!("{number}@{offset}:long{len}")),
                Event::Failed { .. } => out.push("failed".into()),
                Event::End => break,
            }
        }
        out
    }

    #[test]
    fn splits_lines_with_offsets() {
        assert_eq!(collect(b"ab\n\ncd", 100), ["1@0:ab\n", "2@3:\n", "3@4:cd"]);
    }

    #[test]
    fn skips_long_lines() {
        let mut input = b"kort\n".to_vec();
        input.extend(std::iter::repeat_n(b'x', 1000));
        input.extend(b"\nslut\n");
        assert_eq!(
            collect(&input, 10),
            ["1@0:kort\n", "2@5:long1001", "3@1006:slut\n"]
        );
    }
}
