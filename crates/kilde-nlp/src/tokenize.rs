//! The tokenizer: whitespace chunks, then punctuation peeled off their edges.
//!
//! Follows the UD Danish-DDT conventions: a whitespace-free chunk is split only at
//! its edges. Opening quotes and brackets come off the front; commas, closing
//! quotes, `?!:;` and sentence periods come off the back. Everything inside a
//! chunk stays together (`FN-resolutioner`, `1.000,50`, `10-12`, `1/2`, `USA's`,
//! URLs, e-mail addresses). A final period stays on abbreviations (`kr.`,
//! `f.eks.`), initials (`J.`, `H.C.`) and ordinals before a lowercase word
//! (`8. marts`); a final apostrophe stays on possessives and clitics (`Elvis'`,
//! `sku'`); a final hyphen stays on suspended compounds (`majs- og hvedemel`).

use kilde_core::Span;

use crate::abbrev::{self, AbbrevKind};

/// Splits `text` into tokens: byte spans in text order, never overlapping, never
/// holding whitespace, together covering every non-whitespace character.
pub fn tokenize(text: &str) -> Vec<Span> {
    let mut out = Vec::with_capacity(text.len() / 5 + 1);
    tokenize_into(text, &mut out);
    out
}

/// Like [`tokenize`], appending to `out` so a caller can reuse one buffer.
pub fn tokenize_into(text: &str, out: &mut Vec<Span>) {
    let bytes = text.as_bytes();
    let mut chunk = next_chunk(text, 0);
    let mut prev: &str = "";
    while let Some((start, end)) = chunk {
        let next = next_chunk(text, end);
        let ctx = Context {
            prev,
            next: next.map_or("", |(s, e)| &text[s..e]),
            strong: false,
        };
        split_chunk(text, start, end, &ctx, out);
        prev = &text[start..end];
        chunk = next;
    }
    debug_assert!(out.iter().all(|s| s.end <= bytes.len()));
}

/// ASCII whitespace as `char::is_whitespace` sees it (tab, LF, VT, FF, CR, space).
const fn ascii_ws_table() -> [bool; 128] {
    let mut t = [false; 128];
    t[9] = true;
    t[10] = true;
    t[11] = true;
    t[12] = true;
    t[13] = true;
    t[32] = true;
    t
}
static ASCII_WS: [bool; 128] = ascii_ws_table();

/// Whitespace at byte `i` (a char boundary): its length in bytes, or 0.
#[inline]
fn whitespace_len(text: &str, i: usize) -> usize {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        return usize::from(ASCII_WS[b as usize]);
    }
    // Only these lead bytes start a non-ASCII whitespace character
    // (U+0085, U+00A0, U+1680, U+2000..U+205F, U+3000).
    if !matches!(b, 0xc2 | 0xe1 | 0xe2 | 0xe3) {
        return 0;
    }
    text[i..]
        .chars()
        .next()
        .filter(|c| c.is_whitespace())
        .map_or(0, char::len_utf8)
}

/// The next run of non-whitespace at or after `from`.
#[inline]
fn next_chunk(text: &str, from: usize) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut i = from;
    while i < bytes.len() {
        let w = whitespace_len(text, i);
        if w == 0 {
            break;
        }
        i += w;
    }
    if i >= bytes.len() {
        return None;
    }
    Some((i, chunk_end(text, i + 1)))
}

/// Marks (high bit) every byte of `w` that is below 0x21 or at least 0x80. The
/// lowest marked byte is exact (borrows only propagate upwards), which is all
/// [`chunk_end`] uses.
#[inline]
fn special_bytes(w: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    (w.wrapping_sub(ONES * 0x21) & !w & HIGH) | (w & HIGH)
}

/// The end of the chunk that continues at `i`: the next whitespace or the text end.
/// Scans eight bytes at a time and stops only at control, space or non-ASCII bytes.
#[inline]
fn chunk_end(text: &str, mut i: usize) -> usize {
    let bytes = text.as_bytes();
    let n = bytes.len();
    loop {
        if i + 8 <= n {
            let mut word = [0u8; 8];
            word.copy_from_slice(&bytes[i..i + 8]);
            let mask = special_bytes(u64::from_le_bytes(word));
            if mask == 0 {
                i += 8;
                continue;
            }
            i += (mask.trailing_zeros() / 8) as usize;
        } else {
            while i < n && (0x21..0x80).contains(&bytes[i]) {
                i += 1;
            }
            if i >= n {
                return n;
            }
        }
        // `bytes[i]` is a control, space or non-ASCII byte.
        if whitespace_len(text, i) > 0 {
            return i;
        }
        i += 1;
    }
}

/// The first alphanumeric character of a chunk, skipping opening quotes and brackets.
fn first_letterish(chunk: &str) -> Option<char> {
    chunk.chars().take(4).find(|c| c.is_alphanumeric())
}

/// What a chunk's neighbours say about its final period.
#[derive(Clone, Copy)]
struct Context<'a> {
    /// The previous chunk ("" at the start).
    prev: &'a str,
    /// The next chunk ("" at the end).
    next: &'a str,
    /// Other evidence (a double period) already says "abbreviation".
    strong: bool,
}

/// Quote characters, straight and typographic, that come off either edge.
#[inline]
fn is_quote(c: char) -> bool {
    matches!(
        c,
        '"' | '»' | '«' | '„' | '“' | '”' | '‟' | '‚' | '‹' | '›' | '\u{2018}'
    )
}

#[inline]
fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

#[inline]
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Tokenizes the chunk `text[start..end]`, appending to `out`.
fn split_chunk(text: &str, start: usize, end: usize, ctx: &Context<'_>, out: &mut Vec<Span>) {
    let bytes = text.as_bytes();
    // Fast path: a chunk that starts and ends with an ASCII letter or digit or a
    // Latin-1 letter (`på`, `Østerbro`: 0xC3 and one more byte) is one token; none
    // of those characters ever comes off an edge.
    let first = bytes[start];
    if first.is_ascii_alphanumeric() || first == 0xc3 {
        if plain_end(bytes, start, end) {
            out.push(Span::new(start, end));
            return;
        }
        // `ord,` `ord?`: a word and one mark that always comes off.
        if matches!(bytes[end - 1], b',' | b';' | b'?' | b'!' | b':')
            && plain_end(bytes, start, end - 1)
        {
            out.push(Span::new(start, end - 1));
            out.push(Span::new(end - 1, end));
            return;
        }
    }

    let mut p = start;
    let mut q = end;
    let mut quoted_by_apostrophe = false;

    // Leading punctuation.
    while p < q {
        let rest = &text[p..q];
        let mut chars = rest.chars();
        let Some(c) = chars.next() else { break };
        let after = chars.next();
        let n = c.len_utf8();
        let peel = if is_quote(c) {
            // `"Jump"-nummer` is one token: the quote closes inside the chunk before a hyphen.
            !(rest[n..]
                .find(c)
                .is_some_and(|k| rest[n + k + n..].starts_with('-')))
        } else if matches!(c, '(' | '[' | '{' | '¿' | '¡' | '–' | '—' | '•' | '*' | '…') {
            true
        } else if is_apostrophe(c) {
            let letter = after.is_some_and(|a| a.is_alphabetic());
            if letter {
                quoted_by_apostrophe = true;
            }
            letter
        } else if c == '-' {
            // `-5` and `-tal` keep their hyphen; `-"` or `--` do not start a word.
            !after.is_some_and(is_word_char) && q - p > 1 && !rest.bytes().all(|b| b == b'-')
        } else if c == '.' {
            // A leading ellipsis: `...og`.
            let run = rest.bytes().take_while(|&b| b == b'.').count();
            if run >= 2 && run < rest.len() {
                out.push(Span::new(p, p + run));
                p += run;
            }
            false
        } else {
            false
        };
        if !peel {
            break;
        }
        out.push(Span::new(p, p + n));
        p += n;
    }

    // Trailing punctuation, collected right to left.
    let mut tail: [Span; 8] = [Span::default(); 8];
    let mut tails = 0;
    let push_tail = |span: Span, tail: &mut [Span; 8], tails: &mut usize| {
        if *tails < tail.len() {
            tail[*tails] = span;
            *tails += 1;
            true
        } else {
            false
        }
    };
    while q > p {
        let core = &text[p..q];
        let Some(c) = core.chars().next_back() else {
            break;
        };
        let n = c.len_utf8();
        if q - p == n {
            break; // a lone character is a token by itself
        }
        let stem = &core[..core.len() - n];
        let peel_len = match c {
            ',' | ';' | '?' | '!' | ':' | '–' | '—' | '…' => n,
            ')' | ']' | '}' => {
                let open = match c {
                    ')' => '(',
                    ']' => '[',
                    _ => '{',
                };
                if stem.contains(open) { 0 } else { n }
            }
            c if is_quote(c) => n,
            // A closing single quote, not a possessive or clitic (`Elvis'`, `sku'`).
            c if is_apostrophe(c)
                && (quoted_by_apostrophe
                    || !stem.chars().next_back().is_some_and(is_word_char)) =>
            {
                n
            }
            '-' => {
                let prev = stem.chars().next_back();
                if prev.is_some_and(is_word_char) || stem.bytes().all(|b| b == b'-') {
                    0
                } else {
                    n
                }
            }
            '.' => {
                let run = core.bytes().rev().take_while(|&b| b == b'.').count();
                if run == core.len() {
                    0 // `...` alone
                } else if run >= 2 {
                    let stem = &core[..core.len() - run];
                    // A double period is good evidence for an abbreviation.
                    let strong = Context {
                        strong: true,
                        ..*ctx
                    };
                    if run == 2 && keeps_period(stem, &strong) {
                        1 // `kr..`: the abbreviation, then the sentence period
                    } else {
                        run
                    }
                } else if keeps_period(stem, ctx) {
                    0
                } else {
                    1
                }
            }
            _ => 0,
        };
        if peel_len == 0 {
            break;
        }
        if !push_tail(Span::new(q - peel_len, q), &mut tail, &mut tails) {
            break;
        }
        q -= peel_len;
        // A period kept on an abbreviation ends the peeling (`kr.` after `kr..`).
        if c == '.' && peel_len == 1 && core.len() >= 2 && core.as_bytes()[core.len() - 2] == b'.' {
            break;
        }
    }
    if q > p {
        out.push(Span::new(p, q));
    }
    out.extend(tail[..tails].iter().rev());
}

/// Whether `bytes[start..end]` (a non-empty chunk prefix ending on a char
/// boundary) ends in an ASCII letter or digit or a Latin-1 character (0xC3 then
/// one byte: `å`, `Ø`, `é`), none of which is ever peeled off a chunk's end.
#[inline]
fn plain_end(bytes: &[u8], start: usize, end: usize) -> bool {
    end > start
        && (bytes[end - 1].is_ascii_alphanumeric() || (end - start >= 2 && bytes[end - 2] == 0xc3))
}

/// Whether `stem.` is one token: an abbreviation, initial or ordinal.
fn keeps_period(stem: &str, ctx: &Context<'_>) -> bool {
    let next_lower = ctx.strong
        || first_letterish(ctx.next).is_some_and(|c| c.is_lowercase() || c.is_ascii_digit());
    let next_dash = matches!(ctx.next, "-" | "–");
    let mut chars = stem.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if stem.bytes().all(|b| b.is_ascii_digit()) {
        // `8. marts`, `3. klasse`, `Stk. 2.`, a numbered answer `2. - Ja`;
        // `i 1992.` ends a sentence.
        let numbered = ctx.prev.eq_ignore_ascii_case("stk.") || (next_dash && stem.len() <= 2);
        return stem.len() <= 4 && (next_lower || numbered);
    }
    if chars.next().is_none() {
        // One letter: an initial (`J.`) always; a lowercase abbreviation (`s.`, `f.`)
        // unless a capital follows (`bogstaverne l og t. Næste`), except `bl. a.`.
        return first.is_uppercase()
            || (first.is_alphabetic() && (next_lower || ctx.prev.eq_ignore_ascii_case("bl.")));
    }
    if is_roman(stem) {
        return next_lower;
    }
    match abbrev::lookup(stem) {
        Some(AbbrevKind::Always) => return true,
        Some(AbbrevKind::Ambiguous) => return next_lower,
        None => {}
    }
    if stem.contains('.') {
        return dotted_abbreviation(stem);
    }
    // `4-cyl.`, `EU-kr.`: an abbreviation after a hyphen; `etagekvm.`, `Postnr.`:
    // a compound ending in a unit or number abbreviation.
    if let Some((_, tail)) = stem.rsplit_once('-') {
        return abbrev::lookup(tail) == Some(AbbrevKind::Always);
    }
    stem.len() > 4 && COMPOUND_TAILS.iter().any(|t| stem.ends_with(t))
}

/// Abbreviations that end compounds (`etagekvm`, `Postnr`, `husstandsnr`).
const COMPOUND_TAILS: &[&str] = &["kvm", "nr", "kr"];

/// `B.T`, `H.C`, `m.fl`, `dr.phil`, `lic.-techn`: short letter groups joined by periods.
/// Numbers (`1.000`) and web addresses (`dr.dk`, `www.kilde.dk`) are not.
fn dotted_abbreviation(stem: &str) -> bool {
    if stem.contains('@') || stem.contains("://") || stem.starts_with("www.") {
        return false;
    }
    let mut groups = 0;
    let mut last = "";
    for group in stem.split('.') {
        let g = group.trim_matches('-');
        if g.is_empty() || g.chars().count() > 6 || !g.chars().all(char::is_alphabetic) {
            return false;
        }
        groups += 1;
        last = g;
    }
    let tld = matches!(
        last,
        "dk" | "com" | "org" | "net" | "se" | "no" | "de" | "eu" | "uk" | "nu" | "info" | "io"
    );
    // `dr.dk`, `politiken.dk`: a lowercase domain, first label longer than a letter.
    let domain = tld
        && !stem.bytes().any(|b| b.is_ascii_uppercase())
        && stem.split('.').next().is_some_and(|g| g.len() > 1);
    groups >= 2 && !domain
}

/// Roman numerals used as regnal or list numbers: `IV`, `XVI`.
fn is_roman(stem: &str) -> bool {
    stem.len() <= 6
        && stem
            .bytes()
            .all(|b| matches!(b, b'I' | b'V' | b'X' | b'L' | b'C'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<&str> {
        tokenize(text).iter().map(|s| &text[s.range()]).collect()
    }

    #[test]
    fn plain_words() {
        assert_eq!(toks("  Hej  med\tdig\n"), ["Hej", "med", "dig"]);
        assert!(toks("").is_empty());
        assert!(toks(" \u{a0}\n").is_empty());
    }

    #[test]
    fn domains_lose_the_period() {
        assert_eq!(toks("Se dr.dk."), ["Se", "dr.dk", "."]);
        assert_eq!(toks("Han er B.T."), ["Han", "er", "B.T."]);
    }
}
