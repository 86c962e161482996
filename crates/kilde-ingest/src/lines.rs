//! Splitting a byte stream into lines (JSON Lines) or seed-format records: one
//! large reusable buffer, `memchr`/`memmem` searches, line numbers and byte
//! offsets, and over-long lines or records skipped in constant memory.

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

/// Splits a byte stream into lines or seed records. The buffer is kept across
/// [`reset`](Self::reset)s so a directory of small files does not allocate per file.
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
    /// Finds `date` for [`next_block`](Self::next_block).
    date: memchr::memmem::Finder<'static>,
    /// An over-long date line met while skipping an over-long record, given out next.
    pending_long: Option<Block<'static>>,
}

/// A seed-format record (an article with its date line, or text before the first
/// date line), found by [`LineReader::next_block`] without splitting it into lines.
pub(crate) enum Block<'a> {
    /// From a line start up to the next date line (or the end of the stream).
    Record {
        /// The record's bytes.
        bytes: &'a [u8],
        /// Line number of its first line.
        number: u64,
        /// Stream offset of its first byte.
        offset: u64,
    },
    /// A record over the limit, skipped without holding it in memory.
    TooLong {
        /// Line number of its first line.
        number: u64,
        /// Stream offset of its first byte.
        offset: u64,
        /// Bytes counted.
        len: u64,
        /// Its first bytes.
        head: Vec<u8>,
    },
    /// The stream failed; `head` is the start of the unfinished record, if any.
    Failed {
        /// What the reader said.
        error: io::Error,
        /// Line number where the failure came.
        number: u64,
        /// Stream offset reached.
        offset: u64,
        /// The start of the record that was cut off.
        head: Vec<u8>,
    },
    /// The stream ended cleanly.
    End,
}

/// Where [`LineReader::find_boundary`] got to.
enum Boundary {
    /// The next record starts here.
    At(usize),
    /// No boundary before this point; resume the search here after reading more.
    Resume(usize),
}

/// Counts `needle` in `bytes` (memchr's counter, vectorized for the CPU it runs on).
pub(crate) fn count_byte(bytes: &[u8], needle: u8) -> u64 {
    memchr::memchr_iter(needle, bytes).count() as u64
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
            date: memchr::memmem::Finder::new(b"date"),
            pending_long: None,
        }
    }

    /// Stream offset of the next byte to be given out.
    pub(crate) fn offset(&self) -> u64 {
        self.offset
    }

    /// True when the stream has been read to its end (or failed); what is buffered
    /// may still have to be given out.
    pub(crate) fn at_eof(&self) -> bool {
        self.eof
    }

    /// Where in the buffer the next block starts: the block just given out ends here.
    pub(crate) fn position(&self) -> usize {
        self.start
    }

    /// Gives out the buffer (the blocks given out since the last read stay where they
    /// are in it) and goes on in `fresh`, the unread rest moved to its start.
    pub(crate) fn swap_buffer(&mut self, mut fresh: Vec<u8>) -> Vec<u8> {
        let keep = self.end - self.start;
        let want = CHUNK.max(keep + CHUNK / 4);
        if fresh.len() < want {
            fresh.resize(want, 0);
        }
        fresh[..keep].copy_from_slice(&self.buf[self.start..self.end]);
        self.start = 0;
        self.end = keep;
        std::mem::replace(&mut self.buf, fresh)
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
        self.pending_long = None;
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
                let head = self.buf[begin..stop.min(begin + self.head_len())].to_vec();
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

    /// The next seed-format record: everything from the current line up to the next
    /// date line. Records are found with one substring search each instead of line by
    /// line; one longer than the limit is skipped line by line in constant memory.
    pub(crate) fn next_block(&mut self) -> Block<'_> {
        match self.block(true) {
            Some(block) => block,
            None => unreachable!("a block is always found when reading is allowed"),
        }
    }

    /// [`next_block`](Self::next_block) from what is buffered: `None` where it would
    /// have to read first (so a caller can pass on what it has before it may block).
    pub(crate) fn buffered_block(&mut self) -> Option<Block<'_>> {
        self.block(false)
    }

    fn block(&mut self, may_read: bool) -> Option<Block<'_>> {
        if let Some(block) = self.pending_long.take() {
            return Some(block);
        }
        let mut scan = self.start + 1;
        loop {
            match self.find_boundary(scan) {
                Boundary::At(q) => return Some(self.take_record(q)),
                Boundary::Resume(at) => scan = at,
            }
            if self.eof {
                if self.error.is_some() {
                    let head = self.buf[self.start..self.end.min(self.start + HEAD)].to_vec();
                    let rest = &self.buf[self.start..self.end];
                    let number = self.line + count_byte(rest, b'\n');
                    let offset = self.offset + rest.len() as u64;
                    self.start = self.end;
                    return Some(Block::Failed {
                        error: self
                            .error
                            .take()
                            .unwrap_or_else(|| io::Error::other("read failed")),
                        number,
                        offset,
                        head,
                    });
                }
                if self.start == self.end {
                    return Some(Block::End);
                }
                return Some(self.take_record(self.end));
            }
            if !may_read {
                return None;
            }
            if self.end - self.start > self.max_line {
                return Some(self.skip_record());
            }
            let rel = scan - self.start;
            self.fill();
            scan = self.start + rel;
        }
    }

    /// Looks for the start of a date line after the current record's first line.
    fn find_boundary(&self, scan: usize) -> Boundary {
        let (start, end) = (self.start, self.end);
        if scan >= end {
            return Boundary::Resume(scan.max(start + 1));
        }
        for i in self.date.find_iter(&self.buf[scan..end]) {
            let p = scan + i;
            let mut q = p;
            while q > start && matches!(self.buf[q - 1], b' ' | b'\t') {
                q -= 1;
            }
            if q <= start || self.buf[q - 1] != b'\n' {
                continue;
            }
            let line_end = memchr::memchr(b'\n', &self.buf[p..end]).map(|k| p + k);
            if line_end.is_none() && !self.eof && end - p < 64 {
                // Cannot tell yet whether this line is a date line.
                return Boundary::Resume(p);
            }
            if crate::seed::date_line(&self.buf[q..line_end.unwrap_or(end)]).is_some() {
                return Boundary::At(q);
            }
        }
        // `date` may straddle the end of what is buffered.
        Boundary::Resume(end.saturating_sub(3).max(scan))
    }

    /// Bytes of an over-long line or record kept: at most [`HEAD`], and never more
    /// than is surely buffered when the limit is hit, so how the stream happened to
    /// be split into reads cannot change the result.
    fn head_len(&self) -> usize {
        HEAD.min(self.max_line + 1)
    }

    /// Gives out `buf[start..stop]` as a record (or as too long) and moves past it.
    fn take_record(&mut self, stop: usize) -> Block<'_> {
        let begin = self.start;
        let bytes = &self.buf[begin..stop];
        let (number, offset) = (self.line, self.offset);
        self.line += count_byte(bytes, b'\n');
        self.offset += bytes.len() as u64;
        self.start = stop;
        if bytes.len() > self.max_line {
            return Block::TooLong {
                number,
                offset,
                len: bytes.len() as u64,
                head: bytes[..bytes.len().min(self.head_len())].to_vec(),
            };
        }
        Block::Record {
            bytes: &self.buf[begin..stop],
            number,
            offset,
        }
    }

    /// Skips an over-long record line by line, up to the next date line.
    fn skip_record(&mut self) -> Block<'_> {
        let (number, offset) = (self.line, self.offset);
        let head = self.buf[self.start..self.end.min(self.start + self.head_len())].to_vec();
        let mut len = 0u64;
        let mut first = true;
        loop {
            match self.next_event() {
                Event::Line(line) => {
                    if !first && crate::seed::date_line(line.bytes).is_some() {
                        let n = line.bytes.len();
                        self.start -= n;
                        self.offset -= n as u64;
                        self.line -= 1;
                        break;
                    }
                    len += line.bytes.len() as u64;
                }
                Event::TooLong {
                    number,
                    offset,
                    len: long,
                    head,
                } => {
                    if !first && crate::seed::date_line(&head).is_some() {
                        self.pending_long = Some(Block::TooLong {
                            number,
                            offset,
                            len: long,
                            head,
                        });
                        break;
                    }
                    len += long;
                }
                Event::Failed { error, .. } => {
                    // Report the skipped record first, the failure on the next call.
                    self.error = Some(error);
                    self.eof = true;
                    break;
                }
                Event::End => break,
            }
            first = false;
        }
        Block::TooLong {
            number,
            offset,
            len,
            head,
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
        let head = self.buf[self.start..self.end.min(self.start + self.head_len())].to_vec();
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
