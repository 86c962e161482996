//! Query-string parameters, decoded by hand so that every mistake (an unknown
//! name, a repeated single value, a number out of range, invalid UTF-8) gets an
//! error that names the parameter and says what is allowed. Repeated names
//! (`source=a&source=b`) are kept, which serde's URL decoding cannot do.

use percent_encoding::percent_decode;

use crate::error::ApiError;
use crate::limits::{MAX_FILTER_VALUES, MAX_QUERY_CHARS};

/// The decoded `name=value` pairs of one request, in order.
pub struct QueryPairs(Vec<(String, String)>);

impl QueryPairs {
    /// Decodes `raw` and refuses names not in `known` and over-long values.
    pub fn parse(raw: Option<&str>, known: &[&str]) -> Result<QueryPairs, ApiError> {
        let mut pairs = Vec::new();
        for piece in raw.unwrap_or_default().split('&').filter(|p| !p.is_empty()) {
            let (name, value) = piece.split_once('=').unwrap_or((piece, ""));
            let name = decode(name, "a parameter name")?;
            if !known.contains(&name.as_str()) {
                return Err(ApiError::BadRequest(format!(
                    "unknown parameter `{name}`: this endpoint takes {}",
                    known.join(", ")
                )));
            }
            let value = decode(value, &format!("the value of `{name}`"))?;
            let chars = value.chars().count();
            if chars > MAX_QUERY_CHARS {
                return Err(ApiError::BadRequest(format!(
                    "`{name}` is {chars} characters long: shorten it to at most {MAX_QUERY_CHARS}"
                )));
            }
            pairs.push((name, value));
        }
        Ok(QueryPairs(pairs))
    }

    /// The value of a parameter given at most once; empty counts as absent
    /// (an empty form field).
    pub fn one(&self, name: &str) -> Result<Option<String>, ApiError> {
        let mut values = self.0.iter().filter(|(n, _)| n == name).map(|(_, v)| v);
        let first = values.next();
        if values.next().is_some() {
            return Err(ApiError::BadRequest(format!(
                "`{name}` is given more than once: give it once"
            )));
        }
        Ok(first.filter(|v| !v.trim().is_empty()).cloned())
    }

    /// Every non-empty value of a repeatable parameter.
    pub fn all(&self, name: &str) -> Result<Vec<String>, ApiError> {
        let values: Vec<String> = self
            .0
            .iter()
            .filter(|(n, v)| n == name && !v.trim().is_empty())
            .map(|(_, v)| v.clone())
            .collect();
        if values.len() > MAX_FILTER_VALUES {
            return Err(ApiError::BadRequest(format!(
                "`{name}` is given {} times: give it at most {MAX_FILTER_VALUES} times",
                values.len()
            )));
        }
        Ok(values)
    }

    /// A whole number in `min..=max`, if given.
    pub fn number(&self, name: &str, min: usize, max: usize) -> Result<Option<usize>, ApiError> {
        let Some(text) = self.one(name)? else {
            return Ok(None);
        };
        match text.trim().parse::<usize>() {
            Ok(n) if (min..=max).contains(&n) => Ok(Some(n)),
            _ => Err(ApiError::BadRequest(format!(
                "`{name}` must be a whole number from {min} to {max}, not {text:?}"
            ))),
        }
    }

    /// One of a fixed set of words, if given.
    pub fn choice<T: Copy>(
        &self,
        name: &str,
        choices: &[(&str, T)],
    ) -> Result<Option<T>, ApiError> {
        let Some(text) = self.one(name)? else {
            return Ok(None);
        };
        let wanted = text.trim().to_ascii_lowercase();
        choices
            .iter()
            .find(|(word, _)| *word == wanted)
            .map(|(_, value)| Some(*value))
            .ok_or_else(|| {
                let words: Vec<&str> = choices.iter().map(|(w, _)| *w).collect();
                ApiError::BadRequest(format!(
                    "`{name}` must be one of {}, not {text:?}",
                    words.join(", ")
                ))
            })
    }
}

/// Form decoding: `+` is a space, then percent escapes, then UTF-8.
fn decode(raw: &str, what: &str) -> Result<String, ApiError> {
    let bytes: Vec<u8> = raw
        .bytes()
        .map(|b| if b == b'+' { b' ' } else { b })
        .collect();
    percent_decode(&bytes)
        .decode_utf8()
        .map(|s| s.into_owned())
        .map_err(|_| {
            ApiError::BadRequest(format!(
                "{what} is not valid UTF-8 once percent-decoded: encode text as UTF-8"
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(raw: &str) -> Result<QueryPairs, ApiError> {
        QueryPairs::parse(Some(raw), &["q", "source", "limit", "facets"])
    }

    #[test]
    fn decodes_plus_percent_and_repeats() {
        let p = pairs("q=m%C3%A6rsk+a%2Fs&source=ritzau&source=AFP&source=").unwrap();
        assert_eq!(p.one("q").unwrap().as_deref(), Some("mærsk a/s"));
        assert_eq!(p.all("source").unwrap(), ["ritzau", "AFP"]);
        assert_eq!(p.number("limit", 1, 100).unwrap(), None);
        assert_eq!(p.one("facets").unwrap(), None);
    }

    #[test]
    fn every_mistake_names_the_parameter() {
        let message = |r: Result<QueryPairs, ApiError>| match r {
            Err(e) => e.to_string(),
            Ok(_) => String::new(),
        };
        assert!(message(pairs("x=1")).contains("unknown parameter `x`"));
        assert!(message(pairs("q=%FF")).contains("`q` is not valid UTF-8"));
        let p = pairs("limit=0&q=a&q=b&facets=maybe").unwrap();
        assert!(
            p.number("limit", 1, 100)
                .unwrap_err()
                .to_string()
                .contains("from 1 to 100")
        );
        assert!(
            p.one("q")
                .unwrap_err()
                .to_string()
                .contains("more than once")
        );
        assert_eq!(p.one("facets").unwrap().as_deref(), Some("maybe"));
    }
}
