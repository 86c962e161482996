//! The seed format: `date YYYY-MM[-DD] body...`, paragraphs separated by blank
//! lines, an optional agency sign-off (`/ritzau/AFP`) as the last non-empty line,
//! and any number of articles in a row.

use kilde_core::{Article, ArticleDate, DateError};

use crate::Rejection;
use crate::error::RejectReason;
use crate::lines::{Block, LineReader, count_byte};
use crate::parallel::Parallel;
use crate::source::{Context, looks_binary, to_str};

/// Where the date token and the body lie in a date line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DateLine {
    /// Byte range of the date token.
    pub token: (usize, usize),
    /// Where the body starts on that line (may be the line's end).
    pub body: usize,
}

/// Recognises a date line: optional blanks, `date`, blanks, then a token that looks
/// like a date (four digits, `-`, a digit). Cheap for ordinary text lines.
pub(crate) fn date_line(line: &[u8]) -> Option<DateLine> {
    let mut i = 0;
    while i < line.len() && (line[i] == b' ' || line[i] == b'\t') {
        i += 1;
    }
    let rest = &line[i..];
    if rest.len() < 11 || &rest[..4] != b"date" || !(rest[4] == b' ' || rest[4] == b'\t') {
        return None;
    }
    i += 5;
    while i < line.len() && (line[i] == b' ' || line[i] == b'\t') {
        i += 1;
    }
    let start = i;
    while i < line.len() && !line[i].is_ascii_whitespace() {
        i += 1;
    }
    let token = &line[start..i];
    let looks_like_date = token.len() >= 6
        && token[..4].iter().all(u8::is_ascii_digit)
        && token[4] == b'-'
        && token[5].is_ascii_digit();
    if !looks_like_date {
        return None;
    }
    let end = i;
    while i < line.len() && (line[i] == b' ' || line[i] == b'\t') {
        i += 1;
    }
    Some(DateLine {
        token: (start, end),
        body: i,
    })
}

/// Agency names recognised on a bare sign-off line (`ritzau`, `Ritzau`, `AFP`).
const KNOWN_AGENCIES: &[&str] = &[
    "ritzau",
    "afp",
    "reuters",
    "ap",
    "dpa",
    "ntb",
    "tt",
    "finans",
    "bloomberg",
    "epa",
];

/// Normalises an agency name: Ritzau is always `ritzau`, others stay as written.
pub(crate) fn normalize_agency(name: &str) -> String {
    if name.eq_ignore_ascii_case("ritzau") {
        "ritzau".to_string()
    } else {
        name.to_string()
    }
}

fn is_agency_name(name: &str) -> bool {
    let mut chars = name.chars();
    name.len() <= 40
        && chars.next().is_some_and(char::is_alphabetic)
        && chars.all(|c| c.is_alphanumeric() || matches!(c, ' ' | '.' | '-' | '&'))
}

/// Parses a sign-off line: `/ritzau/`, `/ritzau/AFP/Reuters`, `ritzau/AFP`, or a
/// bare known agency name such as `Ritzau`. Returns the agencies in order.
pub fn parse_signoff(line: &str) -> Option<Vec<String>> {
    let line = line.trim();
    if line.is_empty() || line.len() > 120 {
        return None;
    }
    let known = |s: &str| KNOWN_AGENCIES.iter().any(|k| s.eq_ignore_ascii_case(k));
    let inner = if let Some(rest) = line.strip_prefix('/') {
        rest.strip_suffix('/').unwrap_or(rest)
    } else if line.contains('/') {
        // `ritzau/AFP`: without a leading slash only when it starts with a known agency.
        let inner = line.strip_suffix('/').unwrap_or(line);
        if !inner.split('/').next().is_some_and(|s| known(s.trim())) {
            return None;
        }
        inner
    } else if known(line) {
        line
    } else {
        return None;
    };
    let mut sources = Vec::new();
    for part in inner.split('/') {
        let part = part.trim();
        if !is_agency_name(part) {
            return None;
        }
        sources.push(normalize_agency(part));
    }
    (!sources.is_empty() && sources.len() <= 6).then_some(sources)
}

/// Splits a trimmed body into text and sign-off sources.
pub(crate) fn split_signoff(body: &str) -> (&str, Vec<String>) {
    let (before, last) = match body.rfind('\n') {
        Some(i) => (&body[..i], &body[i + 1..]),
        None => ("", body),
    };
    if let Some(sources) = parse_signoff(last) {
        return (before.trim_end(), sources);
    }
    // A sign-off written at the end of the last paragraph: `... stater. /ritzau/`.
    if !last.ends_with('/') {
        return (body, Vec::new());
    }
    let Some((i, space)) = last.char_indices().rev().find(|(_, c)| c.is_whitespace()) else {
        return (body, Vec::new());
    };
    let tail = &last[i + space.len_utf8()..];
    let strict = tail.starts_with('/') && tail.len() >= 3;
    match parse_signoff(tail).filter(|_| strict) {
        Some(sources) => {
            let cut = body.len() - last.len() + i;
            (body[..cut].trim_end(), sources)
        }
        None => (body, Vec::new()),
    }
}

/// Parses one seed-format stream into articles and rejections.
///
/// A large stream (more than [`PARALLEL_AFTER`] bytes) goes on in [`Parallel`]: a
/// second thread reads and cuts it into records, and the two threads share the
/// parsing, with the same results in the same order.
pub(crate) struct SeedParser {
    done: bool,
    parallel: Option<Parallel>,
    /// Stream offset from which a second thread helps ([`PARALLEL_AFTER`]).
    parallel_after: u64,
}

/// Bytes of a stream parsed on the calling thread alone before a second thread helps.
const PARALLEL_AFTER: u64 = 512 * 1024;

impl SeedParser {
    pub(crate) fn new() -> Self {
        Self::with_parallel_after(PARALLEL_AFTER)
    }

    /// A parser that takes a second thread from stream offset `offset` on
    /// (`u64::MAX`: never).
    pub(crate) fn with_parallel_after(offset: u64) -> Self {
        SeedParser {
            done: false,
            parallel: None,
            parallel_after: offset,
        }
    }

    /// The next article or rejection of the stream, `None` at its end.
    pub(crate) fn next(
        &mut self,
        reader: &mut LineReader,
        cx: &Context,
    ) -> Option<Result<Article, Rejection>> {
        if let Some(parallel) = &mut self.parallel {
            let item = parallel.next();
            if item.is_none() {
                self.parallel = None;
                self.done = true;
            }
            return item;
        }
        if self.done {
            return None;
        }
        if reader.offset() >= self.parallel_after && !reader.at_eof() {
            // Without a thread to be had, go on alone.
            self.parallel = Parallel::start(reader, cx);
            if self.parallel.is_some() {
                return self.next(reader, cx);
            }
        }
        loop {
            let block = reader.next_block();
            let end = matches!(block, Block::Failed { .. } | Block::End);
            let item = parse_block(cx, block);
            if end {
                self.done = true;
            }
            if item.is_some() || end {
                return item;
            }
        }
    }
}

/// What one block of the stream gives: an article, a rejection, or nothing (blank
/// text before the first date line, or the end of the stream).
pub(crate) fn parse_block(cx: &Context, block: Block<'_>) -> Option<Result<Article, Rejection>> {
    match block {
        Block::Record {
            bytes,
            number,
            offset,
        } => parse_record(cx, bytes, number, offset),
        Block::TooLong {
            number,
            offset,
            len,
            head,
        } => {
            let reason = if date_line(&head).is_some() {
                RejectReason::TooLong {
                    len,
                    limit: cx.max_record_bytes as u64,
                }
            } else if looks_binary(&head) {
                RejectReason::Binary
            } else {
                RejectReason::MissingDate
            };
            Some(Err(cx.reject(number, offset, reason, &head)))
        }
        Block::Failed {
            error,
            number,
            offset,
            head,
        } => Some(Err(cx.failure(error, number, offset, &head))),
        Block::End => None,
    }
}

/// One record: an article if it starts with a date line, else text before the first
/// date line (a rejection unless blank).
pub(crate) fn parse_record(
    cx: &Context,
    bytes: &[u8],
    number: u64,
    offset: u64,
) -> Option<Result<Article, Rejection>> {
    match date_line(bytes) {
        Some(dl) => Some(article(cx, bytes, number, offset, dl)),
        None => junk(cx, bytes, number, offset).map(Err),
    }
}

/// Text before the first date line: a rejection, unless it is only whitespace.
fn junk(cx: &Context, bytes: &[u8], number: u64, offset: u64) -> Option<Rejection> {
    let first = bytes.iter().position(|b| !b.is_ascii_whitespace())?;
    let line_start = bytes[..first]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let reason = if looks_binary(bytes) {
        RejectReason::Binary
    } else {
        RejectReason::MissingDate
    };
    Some(cx.reject(
        number + count_byte(&bytes[..line_start], b'\n'),
        offset + line_start as u64,
        reason,
        &bytes[line_start..],
    ))
}

/// Turns one record, date line first, into an article or a rejection.
fn article(
    cx: &Context,
    raw: &[u8],
    number: u64,
    offset: u64,
    dl: DateLine,
) -> Result<Article, Rejection> {
    let reject = |reason| cx.reject(number, offset, reason, raw);
    if looks_binary(raw) {
        return Err(reject(RejectReason::Binary));
    }
    let record = match to_str(raw) {
        Ok(s) => s,
        Err(bad) => {
            let at = offset + bad as u64;
            return Err(cx.reject(
                number + count_byte(&raw[..bad], b'\n'),
                at,
                RejectReason::InvalidUtf8 { byte_offset: at },
                raw,
            ));
        }
    };
    let token = &record[dl.token.0..dl.token.1];
    let date: ArticleDate = match token.parse() {
        Ok(d) => d,
        Err(DateError::Impossible(d)) => return Err(reject(RejectReason::ImpossibleDate(d))),
        Err(DateError::Format(d)) => return Err(reject(RejectReason::MalformedDate(d))),
    };
    let (text, sources) = split_signoff(record[dl.body..].trim());
    if text.is_empty() {
        return Err(reject(RejectReason::EmptyBody));
    }
    let text = text.to_owned();
    Ok(Article {
        id: kilde_core::ArticleId::from_text(&text),
        date: Some(date),
        sources,
        title: None,
        url: None,
        paragraphs: kilde_core::paragraph_spans(&text),
        text,
        extra: serde_json::Map::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_date_lines() {
        let dl = date_line(b" date 2018-03 USA's").unwrap();
        assert_eq!(dl.token, (6, 13));
        assert_eq!(dl.body, 14);
        assert!(date_line(b"date 2018-13\n").is_some());
        assert!(date_line(b"date 2018-3 x").is_some());
        assert!(date_line(b"Det var date 2018-03").is_none());
        assert!(date_line(b"date of birth 1990").is_none());
        assert!(date_line(b"dato 2018-03 x").is_none());
    }

    #[test]
    fn parses_signoffs() {
        let s = |l: &str| parse_signoff(l);
        assert_eq!(s("/ritzau/"), Some(vec!["ritzau".to_string()]));
        assert_eq!(s("/ritzau/AFP"), Some(vec!["ritzau".into(), "AFP".into()]));
        assert_eq!(
            s(" /Ritzau/AFP/Reuters/ "),
            Some(vec!["ritzau".into(), "AFP".into(), "Reuters".into()])
        );
        assert_eq!(
            s("/ritzau/FINANS"),
            Some(vec!["ritzau".into(), "FINANS".into()])
        );
        assert_eq!(s("Ritzau"), Some(vec!["ritzau".into()]));
        assert_eq!(s("ritzau"), Some(vec!["ritzau".into()]));
        assert_eq!(s("ritzau/AFP"), Some(vec!["ritzau".into(), "AFP".into()]));
        assert_eq!(s("Det siger han."), None);
        assert_eq!(s("og/eller"), None);
        assert_eq!(s("/"), None);
        assert_eq!(s("/ritzau//"), None);
    }

    #[test]
    fn splits_signoff_lines_and_inline() {
        assert_eq!(
            split_signoff("Et afsnit.\n\n/ritzau/"),
            ("Et afsnit.", vec!["ritzau".to_string()])
        );
        assert_eq!(
            split_signoff("Et afsnit. /ritzau/AFP/"),
            ("Et afsnit.", vec!["ritzau".to_string(), "AFP".into()])
        );
        assert_eq!(split_signoff("Kun tekst."), ("Kun tekst.", vec![]));
        assert_eq!(split_signoff("ritzau"), ("", vec!["ritzau".to_string()]));
    }
}
