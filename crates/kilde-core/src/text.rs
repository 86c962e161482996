//! What is derived from an article's text when it is read: its paragraphs and the
//! hash behind its id. Both run on every article of every corpus, so both take fast
//! paths for plain text (memchr over ASCII, whole runs hashed at once) and are tested
//! against the obvious definitions below (`simple_*`).

use xxhash_rust::xxh3::Xxh3;

use crate::Span;

/// Splits `text` into paragraphs at blank lines (lines holding only whitespace).
/// Each span is trimmed of surrounding whitespace; empty paragraphs are skipped.
pub fn paragraph_spans(text: &str) -> Vec<Span> {
    let b = text.as_bytes();
    let mut spans = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    let mut pos = 0;
    while pos < b.len() {
        let stop = memchr::memchr(b'\n', &b[pos..]).map_or(b.len(), |i| pos + i + 1);
        let first = b[pos];
        let mut last = stop;
        while last > pos && matches!(b[last - 1], b'\n' | b'\r' | b' ' | b'\t') {
            last -= 1;
        }
        let plain =
            first > b' ' && first < 0x80 && last > pos && b[last - 1] > b' ' && b[last - 1] < 0x80;
        if plain {
            start.get_or_insert(pos);
            end = last;
        } else {
            // Anything unusual: the same computation as kilde-core, on this line.
            let line = &text[pos..stop];
            let trimmed = line.trim();
            if trimmed.is_empty() {
                if let Some(s) = start.take() {
                    spans.push(Span::new(s, end));
                }
            } else {
                let lead = line.len() - line.trim_start().len();
                start.get_or_insert(pos + lead);
                end = pos + lead + trimmed.len();
            }
        }
        pos = stop;
    }
    if let Some(s) = start {
        spans.push(Span::new(s, end));
    }
    spans
}

/// Byte classes: 0 ordinary, 1 ASCII whitespace, 2 lead byte of a multi-byte
/// character that may be whitespace (U+0085, U+00A0, U+1680, U+2000.., U+3000).
const CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    t[b' ' as usize] = 1;
    t[b'\t' as usize] = 1;
    t[b'\n' as usize] = 1;
    t[0x0b] = 1;
    t[0x0c] = 1;
    t[b'\r' as usize] = 1;
    t[0xc2] = 2;
    t[0xe1] = 2;
    t[0xe2] = 2;
    t[0xe3] = 2;
    t
};

/// The length of the whitespace character at `i`, or 0 if there is none.
#[inline]
fn whitespace_at(text: &str, i: usize) -> usize {
    let bytes = text.as_bytes();
    match CLASS[bytes[i] as usize] {
        0 => 0,
        1 => 1,
        _ => match text[i..].chars().next() {
            Some(c) if c.is_whitespace() => c.len_utf8(),
            _ => 0,
        },
    }
}

/// The 64-bit XXH3 hash of the text's words joined by single spaces, computed
/// without building that string.
pub(crate) fn normalized_hash(text: &str) -> u64 {
    let hasher = if is_plain(text) {
        hash_plain(text)
    } else {
        hash_any(text)
    };
    hasher.digest()
}

/// True when the only whitespace is space, tab, CR and LF, no two spaces touch,
/// and the text neither starts nor ends with whitespace: the common case, checked
/// with `memchr` at memory speed.
fn is_plain(text: &str) -> bool {
    let b = text.as_bytes();
    let (Some(first), Some(last)) = (text.chars().next(), text.chars().next_back()) else {
        return true;
    };
    if first.is_whitespace() || last.is_whitespace() {
        return false;
    }
    if memchr::memchr2(0x0b, 0x0c, b).is_some() || memchr::memmem::find(b, b"  ").is_some() {
        return false;
    }
    memchr::memchr3_iter(0xc2, 0xe1, 0xe2, b)
        .chain(memchr::memchr_iter(0xe3, b))
        .all(|i| whitespace_at(text, i) == 0)
}

/// [`normalized_hash`] for [`is_plain`] text: only runs holding a tab, CR or LF need
/// folding, so the text is hashed in paragraph-sized pieces between them.
fn hash_plain(text: &str) -> Xxh3 {
    let b = text.as_bytes();
    let n = b.len();
    let mut hasher = Xxh3::new();
    let mut segment = 0;
    for p in memchr::memchr3_iter(b'\n', b'\r', b'\t', b) {
        if p < segment {
            continue;
        }
        let mut start = p;
        if start > segment && b[start - 1] == b' ' {
            start -= 1;
        }
        let mut end = p + 1;
        while end < n && matches!(b[end], b' ' | b'\n' | b'\r' | b'\t') {
            end += 1;
        }
        hasher.update(&b[segment..start]);
        hasher.update(b" ");
        segment = end;
    }
    hasher.update(&b[segment..]);
    hasher
}

/// [`normalized_hash`] for any text, one byte class at a time.
fn hash_any(text: &str) -> Xxh3 {
    let bytes = text.as_bytes();
    let n = bytes.len();
    let mut hasher = Xxh3::new();
    let mut segment = 0;
    let mut wrote = false;
    let mut i = 0;
    while i < n {
        let b = bytes[i];
        if CLASS[b as usize] == 0 {
            i += 1;
            continue;
        }
        if b == b' ' && i > 0 && i + 1 < n && whitespace_at(text, i + 1) == 0 && segment < i {
            // A single space between two words is already normalized.
            i += 1;
            continue;
        }
        let w = whitespace_at(text, i);
        if w == 0 {
            i += 1;
            continue;
        }
        // A whitespace run that is not a lone space: flush the words before it.
        let mut j = i + w;
        loop {
            if j >= n {
                break;
            }
            let w = whitespace_at(text, j);
            if w == 0 {
                break;
            }
            j += w;
        }
        if segment < i {
            if wrote {
                hasher.update(b" ");
            }
            hasher.update(&bytes[segment..i]);
            wrote = true;
        }
        segment = j;
        i = j;
    }
    if segment < n {
        if wrote {
            hasher.update(b" ");
        }
        hasher.update(&bytes[segment..]);
    }
    hasher
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The definition: words joined by single spaces, hashed.
    fn simple_hash(text: &str) -> u64 {
        xxhash_rust::xxh3::xxh3_64(
            text.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .as_bytes(),
        )
    }

    /// The definition: blank lines separate paragraphs; each is trimmed.
    fn simple_paragraphs(text: &str) -> Vec<Span> {
        let mut spans = Vec::new();
        let mut start: Option<usize> = None;
        let mut end = 0;
        let mut pos = 0;
        for line in text.split_inclusive('\n') {
            let trimmed = line.trim();
            if trimmed.is_empty() {
                if let Some(s) = start.take() {
                    spans.push(Span::new(s, end));
                }
            } else {
                let lead = line.len() - line.trim_start().len();
                start.get_or_insert(pos + lead);
                end = pos + lead + trimmed.len();
            }
            pos += line.len();
        }
        if let Some(s) = start {
            spans.push(Span::new(s, end));
        }
        spans
    }

    #[test]
    fn hash_matches_definition_on_examples() {
        for text in [
            "",
            " ",
            "a",
            " a ",
            "Det siger han.\n\nOg hun.",
            "  Det  siger han. Og\thun.\n",
            "to\u{a0}ord og\u{2003}flere\u{3000}her\u{85}slut",
            "„citat“ – siger hun …",
            "æ ø å\r\n\r\nÆ Ø Å ",
        ] {
            assert_eq!(normalized_hash(text), simple_hash(text), "{text:?}");
        }
    }

    #[test]
    fn paragraphs_match_definition_on_examples() {
        for text in [
            "",
            "\n",
            "Et.\n\nTo.",
            "Første afsnit\nfortsætter.\n\n  \nAndet afsnit.\r\n\r\nTredje.",
            "  indrykket \n\u{a0}\n\u{a0}hård\u{a0}\n\nslut æ\u{2003}",
            "x\r\n \t\r\ny",
            "lodret\u{b}\nfane\u{c}",
        ] {
            assert_eq!(paragraph_spans(text), simple_paragraphs(text), "{text:?}");
        }
    }

    proptest! {
        #[test]
        fn paragraphs_match_definition(text in "[ ax.æ\t\n\r\u{b}\u{c}\u{a0}\u{2003}]{0,60}") {
            prop_assert_eq!(paragraph_spans(&text), simple_paragraphs(&text));
        }

        #[test]
        fn hash_matches_definition(text in "[ a-zæøå.\t\n\r\u{a0}\u{85}\u{2000}\u{200b}\u{3000}„“–]{0,80}") {
            prop_assert_eq!(normalized_hash(&text), simple_hash(&text));
        }

        #[test]
        fn plain_path_matches_definition(text in "[a-zæø][ a-zæøå.\t\n\r„–]{0,80}[a-z.]") {
            prop_assume!(is_plain(&text));
            prop_assert_eq!(normalized_hash(&text), simple_hash(&text));
        }

        #[test]
        fn hash_matches_definition_on_any_text(text in any::<String>()) {
            prop_assert_eq!(normalized_hash(&text), simple_hash(&text));
        }
    }
}
