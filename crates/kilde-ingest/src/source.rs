//! One input stream: compression sniffed from magic bytes, format sniffed from the
//! first non-blank byte, and the parser for that format.

use std::io::{self, Read};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use kilde_core::Article;

use crate::error::{Codec, Origin, RejectReason, Rejection, excerpt};
use crate::jsonl::JsonlParser;
use crate::lines::LineReader;
use crate::seed::SeedParser;

/// What a parser needs to know about the stream it reads.
#[derive(Clone)]
pub(crate) struct Context {
    pub path: PathBuf,
    pub codec: Option<Codec>,
    pub max_record_bytes: usize,
    /// Raw (compressed) bytes read so far, over the whole corpus.
    pub raw_read: Arc<AtomicU64>,
    /// `raw_read` when this stream was opened.
    pub raw_start: u64,
}

impl Context {
    /// A rejection at `line`/`offset` of this stream.
    pub(crate) fn reject(
        &self,
        line: u64,
        offset: u64,
        reason: RejectReason,
        raw: &[u8],
    ) -> Rejection {
        Rejection {
            origin: Origin {
                path: self.path.clone(),
                line,
                byte_offset: offset,
            },
            reason,
            excerpt: excerpt(raw),
        }
    }

    /// The rejection for a stream that broke off: truncated or corrupt compressed
    /// data, or an I/O error.
    pub(crate) fn failure(
        &self,
        error: io::Error,
        line: u64,
        offset: u64,
        raw: &[u8],
    ) -> Rejection {
        let reason = match self.codec {
            Some(codec) => RejectReason::Truncated {
                codec,
                compressed_offset: self.raw_read.load(Ordering::Relaxed) - self.raw_start,
                message: error.to_string(),
            },
            None => RejectReason::Unreadable(error.to_string()),
        };
        self.reject(line, offset, reason, raw)
    }
}

/// True for bytes that are not text: any NUL, or more than 1 in 20 bytes a control
/// character other than tab, newline, carriage return and form feed.
pub(crate) fn looks_binary(bytes: &[u8]) -> bool {
    // Text has no such byte at all (a NUL is one too): seen in one vectorized pass.
    let mut blocks = bytes.chunks_exact(64);
    let clean = blocks
        .by_ref()
        .all(|block| block.iter().fold(0u8, |any, &b| any | is_control(b)) == 0)
        && blocks.remainder().iter().all(|&b| is_control(b) == 0);
    if clean {
        return false;
    }
    if memchr::memchr(0, bytes).is_some() {
        return true;
    }
    // Counted in u8 lanes per 255-byte chunk so the loop vectorizes.
    let control: usize = bytes
        .chunks(255)
        .map(|chunk| chunk.iter().fold(0u8, |n, &b| n + is_control(b)) as usize)
        .sum();
    control > 0 && control * 20 > bytes.len()
}

/// 1 for a control character other than tab, newline, carriage return and form feed.
fn is_control(b: u8) -> u8 {
    let ctrl = (b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r') & (b != 0x0c);
    u8::from(ctrl | (b == 0x7f))
}

/// Validates UTF-8 with SIMD; on failure, the offset of the first bad byte.
pub(crate) fn to_str(bytes: &[u8]) -> Result<&str, usize> {
    match simdutf8::basic::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(_) => std::str::from_utf8(bytes).map_err(|e| e.valid_up_to()),
    }
}

/// Counts raw bytes as they are read, for progress and for truncation offsets.
pub(crate) struct Counting<R> {
    pub inner: R,
    pub count: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Wraps a raw stream in the decoder its first bytes call for.
pub(crate) fn decode(
    mut raw: Box<dyn Read + Send>,
) -> io::Result<(Box<dyn Read + Send>, Option<Codec>)> {
    let mut magic = [0u8; 4];
    let mut got = 0;
    while got < magic.len() {
        match raw.read(&mut magic[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    }
    let head = io::Cursor::new(magic[..got].to_vec());
    let whole = head.chain(raw);
    if got >= 2 && magic[..2] == [0x1f, 0x8b] {
        let decoder =
            flate2::read::MultiGzDecoder::new(io::BufReader::with_capacity(1 << 16, whole));
        Ok((Box::new(decoder), Some(Codec::Gzip)))
    } else if got == 4 && magic == [0x28, 0xb5, 0x2f, 0xfd] {
        let decoder = zstd::stream::read::Decoder::new(whole)?;
        Ok((Box::new(decoder), Some(Codec::Zstd)))
    } else {
        Ok((Box::new(whole), None))
    }
}

/// The parser for one stream's format.
pub(crate) enum Parser {
    Seed(SeedParser),
    Jsonl(JsonlParser),
}

/// One input being read.
pub(crate) struct Source {
    pub cx: Context,
    pub parser: Parser,
}

impl Source {
    /// Starts reading `raw` (already counted) into `reader`, sniffing compression and format.
    pub(crate) fn open(
        raw: Box<dyn Read + Send>,
        reader: &mut LineReader,
        mut cx: Context,
    ) -> Result<Source, Rejection> {
        let (stream, codec) = match decode(raw) {
            Ok(x) => x,
            Err(e) => {
                return Err(cx.reject(0, 0, RejectReason::Unreadable(e.to_string()), &[]));
            }
        };
        cx.codec = codec;
        reader.reset(stream);
        let start = reader.peek_start();
        let first = start.iter().find(|b| !b.is_ascii_whitespace());
        let parser = if first == Some(&b'{') {
            Parser::Jsonl(JsonlParser::new())
        } else {
            Parser::Seed(SeedParser::new())
        };
        Ok(Source { cx, parser })
    }

    /// The next article or rejection, `None` when the stream is done.
    pub(crate) fn next(&mut self, reader: &mut LineReader) -> Option<Result<Article, Rejection>> {
        match &mut self.parser {
            Parser::Seed(p) => p.next(reader, &self.cx),
            Parser::Jsonl(p) => p.next(reader, &self.cx),
        }
    }
}
