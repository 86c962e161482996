//! JSON Lines: one article object per line. `text` is required; `id`, `date`,
//! `sources`, `title` and `url` are understood; every other field goes to
//! [`Article::extra`] untouched.

use kilde_core::{Article, ArticleDate, ArticleId, DateError};
use serde_json::{Map, Value};

use crate::Rejection;
use crate::error::RejectReason;
use crate::lines::{Event, LineReader};
use crate::seed::normalize_agency;
use crate::source::{Context, looks_binary, to_str};

/// Parses one JSON Lines stream; blank lines are skipped, every other line is a record.
pub(crate) struct JsonlParser {
    done: bool,
}

impl JsonlParser {
    pub(crate) fn new() -> Self {
        JsonlParser { done: false }
    }

    /// The next article or rejection of the stream, `None` at its end.
    pub(crate) fn next(
        &mut self,
        reader: &mut LineReader,
        cx: &Context,
    ) -> Option<Result<Article, Rejection>> {
        if self.done {
            return None;
        }
        loop {
            match reader.next_event() {
                Event::Line(line) => {
                    let bytes = line.bytes.trim_ascii();
                    if bytes.is_empty() {
                        continue;
                    }
                    return Some(parse_record(bytes).map_err(|(reason, bad)| match bad {
                        Some(at) => {
                            let at = line.offset + (at + trim_start(line.bytes)) as u64;
                            cx.reject(
                                line.number,
                                at,
                                RejectReason::InvalidUtf8 { byte_offset: at },
                                bytes,
                            )
                        }
                        None => cx.reject(line.number, line.offset, reason, bytes),
                    }));
                }
                Event::TooLong {
                    number,
                    offset,
                    len,
                    head,
                } => {
                    let reason = RejectReason::TooLong {
                        len,
                        limit: cx.max_record_bytes as u64,
                    };
                    return Some(Err(cx.reject(number, offset, reason, &head)));
                }
                Event::Failed {
                    error,
                    number,
                    offset,
                } => {
                    self.done = true;
                    return Some(Err(cx.failure(error, number, offset, &[])));
                }
                Event::End => {
                    self.done = true;
                    return None;
                }
            }
        }
    }
}

fn trim_start(bytes: &[u8]) -> usize {
    bytes.len() - bytes.trim_ascii_start().len()
}

/// A field's value as an optional string, or the rejection for a wrong type.
fn opt_string(
    map: &mut Map<String, Value>,
    field: &'static str,
) -> Result<Option<String>, RejectReason> {
    match map.shift_remove(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(RejectReason::InvalidField {
            field,
            expected: "a string",
        }),
    }
}

/// Parses one non-blank record; on failure the reason, and for invalid UTF-8 the
/// offset of the bad byte within `bytes`.
pub(crate) fn parse_record(bytes: &[u8]) -> Result<Article, (RejectReason, Option<usize>)> {
    if looks_binary(bytes) {
        return Err((RejectReason::Binary, None));
    }
    let text = to_str(bytes).map_err(|at| {
        (
            RejectReason::InvalidUtf8 {
                byte_offset: at as u64,
            },
            Some(at),
        )
    })?;
    parse_object(text).map_err(|reason| (reason, None))
}

fn parse_object(record: &str) -> Result<Article, RejectReason> {
    let mut map: Map<String, Value> = serde_json::from_str(record).map_err(|e| {
        RejectReason::InvalidJson(if e.is_data() {
            "not a JSON object".to_string()
        } else {
            e.to_string()
        })
    })?;
    let text = match map.shift_remove("text") {
        None => return Err(RejectReason::MissingText),
        Some(Value::String(s)) => s,
        Some(_) => {
            return Err(RejectReason::InvalidField {
                field: "text",
                expected: "a string",
            });
        }
    };
    if text.trim().is_empty() {
        return Err(RejectReason::EmptyBody);
    }
    let id = match map.shift_remove("id") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if !s.is_empty() => Some(ArticleId(s)),
        Some(Value::String(_)) => None,
        Some(Value::Number(n)) => Some(ArticleId(n.to_string())),
        Some(_) => {
            return Err(RejectReason::InvalidField {
                field: "id",
                expected: "a string",
            });
        }
    };
    let date = match opt_string(&mut map, "date")? {
        None => None,
        Some(d) => Some(d.parse::<ArticleDate>().map_err(|e| match e {
            DateError::Impossible(d) => RejectReason::ImpossibleDate(d),
            DateError::Format(d) => RejectReason::MalformedDate(d),
        })?),
    };
    let sources = match map.shift_remove("sources") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items
            .into_iter()
            .map(|v| match v {
                Value::String(s) => Ok(normalize_agency(&s)),
                _ => Err(()),
            })
            .collect::<Result<Vec<_>, ()>>()
            .map_err(|()| RejectReason::InvalidField {
                field: "sources",
                expected: "an array of strings",
            })?,
        Some(_) => {
            return Err(RejectReason::InvalidField {
                field: "sources",
                expected: "an array of strings",
            });
        }
    };
    let title = opt_string(&mut map, "title")?;
    let url = opt_string(&mut map, "url")?;
    Ok(Article {
        id: id.unwrap_or_else(|| kilde_core::ArticleId::from_text(&text)),
        date,
        sources,
        title,
        url,
        paragraphs: kilde_core::paragraph_spans(&text),
        text,
        extra: map,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_unknown_fields_in_order() {
        let a = parse_record(
            br#"{"z":1,"text":"Hej.\n\nFarvel.","date":"2020-02","medie":"Avis","a":[true]}"#,
        )
        .unwrap();
        assert_eq!(a.paragraphs.len(), 2);
        assert_eq!(a.date.unwrap().to_string(), "2020-02");
        let keys: Vec<&str> = a.extra.keys().map(String::as_str).collect();
        assert_eq!(keys, ["z", "medie", "a"]);
        assert_eq!(a.id, ArticleId::from_text("Hej. Farvel."));
    }

    #[test]
    fn refuses_bad_records() {
        let kind = |s: &str| parse_record(s.as_bytes()).unwrap_err().0.kind();
        assert_eq!(kind("[1,2]"), "invalid_json");
        assert_eq!(kind("{\"text\":"), "invalid_json");
        assert_eq!(kind("{\"tekst\":\"x\"}"), "missing_text");
        assert_eq!(kind("{\"text\":3}"), "invalid_field");
        assert_eq!(kind("{\"text\":\" \"}"), "empty_body");
        assert_eq!(
            kind("{\"text\":\"x\",\"date\":\"2018-02-30\"}"),
            "impossible_date"
        );
        assert_eq!(
            kind("{\"text\":\"x\",\"date\":\"marts\"}"),
            "malformed_date"
        );
        assert_eq!(kind("{\"text\":\"x\",\"sources\":[1]}"), "invalid_field");
    }
}
