//! The query language of `kilde search`: what users type in the CLI and the web UI.
//!
//! [`parse`] turns a query string into a small [`Query`] tree or a [`SyntaxError`] that
//! points at the character to fix. The parser is pure (no index types), so the same
//! checks serve the CLI, the web API (which echoes the tree as JSON) and the tests.
//!
//! # Syntax
//!
//! - **Words**: `missiltest`, `Kim Jong-un`. Clauses side by side must *all* match
//!   (implicit AND), as in web search engines that news readers know. A word is a run of
//!   letters (any script, so `æøå`, `é`, `ü`), digits and `§`; a hyphen, apostrophe or dot
//!   between two such characters stays inside it (`Jong-un`, `Trump's`, `3.5`). A trailing
//!   dot stays when the word already has one (`U.S.`, `f.eks.`), a trailing apostrophe
//!   after `s`, `x` or `z` (the Danish genitive `Jens'`). Other punctuation between words
//!   is ignored, like whitespace.
//! - **Prefix search**: `atom*` matches words starting with `atom`; at least 2 characters
//!   must come before the `*`.
//! - **Phrases**: `"Det Hvide Hus"` matches the words in this order. Straight quotes, the
//!   typographic `“ ” „` and the guillemets `» «` all work; a phrase ends at the next
//!   quote mark of any of these kinds.
//! - **Fields**: `speaker:Frederiksen`, `title:"Det Hvide Hus"`, `entity:(Kim OR Trump)`.
//!   The caller names the fields; field names are matched ignoring ASCII case (phones
//!   capitalise the first letter).
//! - **Dates**: `date:2018`, `date:2018-03`, `date:2018-03-05` and ranges
//!   `date:2018-01..2018-06`, where either end may be left open: `date:2018-01..`,
//!   `date:..2018-06`. The precision the user wrote is kept: `2018-03` is all of March.
//! - **Operators**: `AND`, `OR`, `NOT` (uppercase only: `og`, `eller`, `and` are words
//!   to search for; quote `"OR"` to search for the word itself), `-word` or
//!   `-"a phrase"` to exclude, `+word` (the same as `word`), and parentheses. `NOT` and
//!   `-` bind tightest, then AND (written or implicit), then OR: `a b OR c` is
//!   `(a b) OR c`.
//!
//! A query needs something positive to find: `-trump` alone, `a OR -b` or `-(-a)` are
//! errors, because an index cannot list "everything except".

use serde::Serialize;
use std::fmt;
use unicode_normalization::char::is_combining_mark;

/// Longest accepted query, in characters; longer input is almost surely pasted by
/// mistake and would only make the search slow.
pub const MAX_QUERY_CHARS: usize = 1000;

/// Deepest accepted parenthesis nesting; keeps the parser's recursion and the
/// resulting index query bounded.
pub const MAX_NESTING: usize = 32;

/// The field whose values are dates and ranges rather than words.
const DATE_FIELD: &str = "date";

/// A parsed query. `And` and `Or` are flat (no `And` directly inside an `And`, no `Or`
/// inside an `Or`) and have at least two members. Every `And` has a member that is not a
/// `Not`, and every `Or` alternative and `Not` operand can match on its own, so each
/// node translates to an index query without an "all documents" to subtract from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Query {
    /// One word, `prefix` when it was written `word*`.
    Term {
        field: Option<String>,
        text: String,
        prefix: bool,
    },
    /// A quoted phrase: its words as the user wrote them and its text between the quotes.
    Phrase {
        field: Option<String>,
        words: Vec<String>,
        text: String,
    },
    /// `date:…`: a single date is a range from and to the same value.
    Date {
        range: DateRange,
    },
    And(Vec<Query>),
    Or(Vec<Query>),
    Not(Box<Query>),
}

/// A calendar date at the precision the user wrote: a year, a month or a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DateValue {
    pub year: u16,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

/// A date range; an open end is `None`. Both ends are inclusive at their precision, so
/// `2018-01..2018-06` runs from 1 January to 30 June.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DateRange {
    pub from: Option<DateValue>,
    pub to: Option<DateValue>,
}

/// Why a query could not be parsed, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message} (at character {position})")]
pub struct SyntaxError {
    /// 0-based, counted in characters (not bytes) of the input.
    pub position: usize,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl SyntaxError {
    /// The input with a caret under the error position and the message, for terminals:
    ///
    /// ```text
    /// speaker:"Mette Frederiksen
    ///         ^ unterminated phrase: add a closing "
    /// ```
    ///
    /// Tabs and newlines in the input are shown as spaces so that the caret lines up.
    pub fn render(&self, input: &str) -> String {
        let line: String = input
            .chars()
            .map(|c| {
                if c.is_whitespace() || c.is_control() {
                    ' '
                } else {
                    c
                }
            })
            .collect();
        format!("{line}\n{}^ {}", " ".repeat(self.position), self.message)
    }
}

impl DateValue {
    /// The first day this value covers, as (year, month, day).
    pub fn first_day(&self) -> (u16, u8, u8) {
        (self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// The last day this value covers, as (year, month, day).
    pub fn last_day(&self) -> (u16, u8, u8) {
        let month = self.month.unwrap_or(12);
        let day = self.day.unwrap_or_else(|| days_in_month(self.year, month));
        (self.year, month, day)
    }
}

impl fmt::Display for DateValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(month) = self.month {
            write!(f, "-{month:02}")?;
        }
        if let Some(day) = self.day {
            write!(f, "-{day:02}")?;
        }
        Ok(())
    }
}

impl fmt::Display for DateRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.from, self.to) {
            (Some(from), Some(to)) if from == to => write!(f, "{from}"),
            (from, to) => {
                if let Some(from) = from {
                    write!(f, "{from}")?;
                }
                f.write_str("..")?;
                if let Some(to) = to {
                    write!(f, "{to}")?;
                }
                Ok(())
            }
        }
    }
}

/// Canonical query syntax: parsing it again gives the same tree (for trees that
/// [`parse`] produced), so the UI can show users how their query was understood.
impl fmt::Display for Query {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Query::Term {
                field,
                text,
                prefix,
            } => {
                if let Some(field) = field {
                    write!(f, "{field}:")?;
                }
                f.write_str(text)?;
                if *prefix {
                    f.write_str("*")?;
                }
                Ok(())
            }
            Query::Phrase { field, text, .. } => {
                if let Some(field) = field {
                    write!(f, "{field}:")?;
                }
                write!(f, "\"{text}\"")
            }
            Query::Date { range } => write!(f, "{DATE_FIELD}:{range}"),
            Query::And(clauses) => {
                for (i, clause) in clauses.iter().enumerate() {
                    if i > 0 {
                        f.write_str(" ")?;
                    }
                    if matches!(clause, Query::Or(_)) {
                        write!(f, "({clause})")?;
                    } else {
                        write!(f, "{clause}")?;
                    }
                }
                Ok(())
            }
            Query::Or(alternatives) => {
                for (i, alternative) in alternatives.iter().enumerate() {
                    if i > 0 {
                        f.write_str(" OR ")?;
                    }
                    write!(f, "{alternative}")?;
                }
                Ok(())
            }
            Query::Not(inner) => match **inner {
                Query::And(_) | Query::Or(_) | Query::Not(_) => write!(f, "-({inner})"),
                _ => write!(f, "-{inner}"),
            },
        }
    }
}

impl Query {
    /// Whether the query can match on its own, without an "everything" to subtract from.
    fn is_positive(&self) -> bool {
        match self {
            Query::Not(_) => false,
            Query::And(clauses) => clauses.iter().any(Query::is_positive),
            Query::Or(alternatives) => alternatives.iter().all(Query::is_positive),
            Query::Term { .. } | Query::Phrase { .. } | Query::Date { .. } => true,
        }
    }

    /// All of `clauses`, flattened; a single clause stands for itself.
    fn all_of(clauses: Vec<Query>) -> Query {
        let mut flat = Vec::with_capacity(clauses.len());
        for clause in clauses {
            match clause {
                Query::And(inner) => flat.extend(inner),
                other => flat.push(other),
            }
        }
        match <[Query; 1]>::try_from(flat) {
            Ok([single]) => single,
            Err(flat) => Query::And(flat),
        }
    }

    /// Any of `alternatives`, flattened; a single alternative stands for itself.
    fn any_of(alternatives: Vec<Query>) -> Query {
        let mut flat = Vec::with_capacity(alternatives.len());
        for alternative in alternatives {
            match alternative {
                Query::Or(inner) => flat.extend(inner),
                other => flat.push(other),
            }
        }
        match <[Query; 1]>::try_from(flat) {
            Ok([single]) => single,
            Err(flat) => Query::Or(flat),
        }
    }
}

/// Parses `input` into a [`Query`]; `fields` are the field names users may write before
/// a colon (`"date"` among them enables date values).
pub fn parse(input: &str, fields: &[&str]) -> Result<Query, SyntaxError> {
    let chars: Vec<char> = input.chars().collect();
    if chars.len() > MAX_QUERY_CHARS {
        return Err(error(
            MAX_QUERY_CHARS,
            format!(
                "the query is too long ({} characters): shorten it to at most {MAX_QUERY_CHARS}",
                chars.len()
            ),
        ));
    }
    let mut parser = Parser {
        chars,
        pos: 0,
        fields,
        field: None,
        depth: 0,
    };
    if parser.peek() == Tok::End {
        return Err(error(
            0,
            "empty query: type a word or a \"phrase\" to search for",
        ));
    }
    let start = parser.pos;
    let query = parser.parse_or()?;
    // The clause loops stop only at the end or at a `)`, so anything left is a `)`.
    if parser.peek() != Tok::End {
        return Err(error(
            parser.pos,
            "unmatched ): remove it or add a ( before it",
        ));
    }
    if !query.is_positive() {
        return Err(error(
            start,
            "a query needs at least one positive term: add a word to search for besides the exclusions",
        ));
    }
    Ok(query)
}

fn error(position: usize, message: impl Into<String>) -> SyntaxError {
    SyntaxError {
        position,
        message: message.into(),
    }
}

/// What starts at a position, after skipping whitespace and ignored punctuation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok {
    End,
    LParen,
    RParen,
    Quote,
    Star,
    And,
    Or,
    Not,
    Minus,
    Plus,
    Word,
}

impl Tok {
    /// Whether a clause (an operand of AND/OR) can start here.
    fn starts_clause(self) -> bool {
        matches!(
            self,
            Tok::LParen | Tok::Quote | Tok::Word | Tok::Not | Tok::Minus | Tok::Plus
        )
    }

    /// Whether a word, phrase, field or group starts here.
    fn starts_primary(self) -> bool {
        matches!(self, Tok::LParen | Tok::Quote | Tok::Word)
    }
}

/// The field a `field:( … )` group applies to its contents.
struct FieldGroup {
    name: String,
    is_date: bool,
}

struct Parser<'a> {
    chars: Vec<char>,
    pos: usize,
    fields: &'a [&'a str],
    field: Option<FieldGroup>,
    depth: usize,
}

impl Parser<'_> {
    /// Skips to the next token and says what it is, without consuming it.
    fn peek(&mut self) -> Tok {
        loop {
            if let Some(tok) = self.tok_at(self.pos) {
                return tok;
            }
            self.pos += 1;
        }
    }

    /// The token starting at `i`, or `None` for a character that separates like a space.
    fn tok_at(&self, i: usize) -> Option<Tok> {
        let Some(&c) = self.chars.get(i) else {
            return Some(Tok::End);
        };
        match c {
            '(' => Some(Tok::LParen),
            ')' => Some(Tok::RParen),
            '*' => Some(Tok::Star),
            '-' | '+' if self.starts_term(i + 1) => {
                Some(if c == '-' { Tok::Minus } else { Tok::Plus })
            }
            c if is_quote(c) => Some(Tok::Quote),
            c if is_core(c) => {
                let end = word_end(&self.chars, i);
                let followed_by = self.chars.get(end).copied();
                if matches!(followed_by, Some(':' | '*')) {
                    return Some(Tok::Word);
                }
                Some(match self.chars[i..end] {
                    ['A', 'N', 'D'] => Tok::And,
                    ['O', 'R'] => Tok::Or,
                    ['N', 'O', 'T'] => Tok::Not,
                    _ => Tok::Word,
                })
            }
            '.' if self.in_date_group() => Some(Tok::Word),
            _ => None,
        }
    }

    /// Whether a word, phrase or group starts exactly at `i` (for `-`/`+` to bind to it).
    fn starts_term(&self, i: usize) -> bool {
        self.chars.get(i).is_some_and(|&c| {
            c == '(' || is_quote(c) || is_core(c) || (c == '.' && self.in_date_group())
        })
    }

    fn in_date_group(&self) -> bool {
        self.field.as_ref().is_some_and(|group| group.is_date)
    }

    fn group_field(&self) -> Option<String> {
        self.field.as_ref().map(|group| group.name.clone())
    }

    fn parse_or(&mut self) -> Result<Query, SyntaxError> {
        let mut alternatives = Vec::new();
        loop {
            self.peek();
            let start = self.pos;
            alternatives.push((start, self.parse_and()?));
            if self.peek() != Tok::Or {
                break;
            }
            let or_at = self.pos;
            self.pos += "OR".len();
            if !self.peek().starts_clause() {
                return Err(error(
                    or_at,
                    "OR needs a term after it: add one or remove OR",
                ));
            }
        }
        if alternatives.len() > 1
            && let Some((at, _)) = alternatives.iter().find(|(_, q)| !q.is_positive())
        {
            return Err(error(
                *at,
                "each OR alternative needs at least one positive term: OR cannot offer only an exclusion",
            ));
        }
        Ok(Query::any_of(
            alternatives.into_iter().map(|(_, q)| q).collect(),
        ))
    }

    fn parse_and(&mut self) -> Result<Query, SyntaxError> {
        let mut clauses = vec![self.parse_unary()?];
        loop {
            match self.peek() {
                Tok::End | Tok::RParen | Tok::Or => break,
                Tok::And => {
                    let and_at = self.pos;
                    self.pos += "AND".len();
                    if !self.peek().starts_clause() {
                        return Err(error(
                            and_at,
                            "AND needs a term after it: add one or remove AND",
                        ));
                    }
                }
                _ => {}
            }
            clauses.push(self.parse_unary()?);
        }
        Ok(Query::all_of(clauses))
    }

    fn parse_unary(&mut self) -> Result<Query, SyntaxError> {
        let tok = self.peek();
        let at = self.pos;
        let op = match tok {
            Tok::Not => "NOT",
            Tok::Minus => "-",
            Tok::Plus => "+",
            _ => return self.parse_primary(),
        };
        self.pos += op.len();
        let next = self.peek();
        if tok != Tok::Plus && matches!(next, Tok::Not | Tok::Minus) {
            return Err(error(
                at,
                format!("{op} cannot be followed by another negation: remove one of them"),
            ));
        }
        if !next.starts_primary() {
            return Err(error(
                at,
                format!("{op} needs a word, phrase, field or ( right after it"),
            ));
        }
        let operand_at = self.pos;
        let operand = self.parse_primary()?;
        if tok == Tok::Plus {
            return Ok(operand);
        }
        if !operand.is_positive() {
            return Err(error(
                operand_at,
                format!(
                    "nothing to exclude: the group after {op} needs at least one positive term"
                ),
            ));
        }
        Ok(Query::Not(Box::new(operand)))
    }

    fn parse_primary(&mut self) -> Result<Query, SyntaxError> {
        let tok = self.peek();
        let at = self.pos;
        match tok {
            Tok::LParen => self.parse_group(),
            Tok::Quote => {
                if self.in_date_group() {
                    return Err(date_phrase_error(at));
                }
                let field = self.group_field();
                self.parse_phrase(field)
            }
            Tok::Word => self.parse_word(),
            Tok::And => Err(error(
                at,
                "AND needs a term before it: add one or remove AND",
            )),
            Tok::Or => Err(error(at, "OR needs a term before it: add one or remove OR")),
            Tok::Star => Err(error(at, "* must come right after a word, as in atom*")),
            Tok::RParen => Err(error(at, "unmatched ): remove it or add a ( before it")),
            Tok::End | Tok::Not | Tok::Minus | Tok::Plus => {
                Err(error(at, "expected a word, phrase, field or ( here"))
            }
        }
    }

    /// `( … )` at the current position, with the contents parsed in the current field.
    fn parse_group(&mut self) -> Result<Query, SyntaxError> {
        let open = self.pos;
        if self.depth >= MAX_NESTING {
            return Err(error(
                open,
                format!("too deeply nested: at most {MAX_NESTING} levels of parentheses"),
            ));
        }
        self.pos += 1;
        match self.peek() {
            Tok::RParen => {
                return Err(error(
                    open,
                    "empty parentheses: put a term inside or remove them",
                ));
            }
            Tok::End => return Err(unclosed_error(open)),
            _ => {}
        }
        self.depth += 1;
        let inner = self.parse_or()?;
        self.depth -= 1;
        if self.peek() != Tok::RParen {
            return Err(unclosed_error(open));
        }
        self.pos += 1;
        Ok(inner)
    }

    /// A quoted phrase whose opening quote is at the current position.
    fn parse_phrase(&mut self, field: Option<String>) -> Result<Query, SyntaxError> {
        let open = self.pos;
        let content_start = open + 1;
        let Some(close) = self.chars[content_start..]
            .iter()
            .position(|&c| is_quote(c))
            .map(|offset| content_start + offset)
        else {
            return Err(error(open, "unterminated phrase: add a closing \""));
        };
        let content = &self.chars[content_start..close];
        let text = content.iter().collect::<String>().trim().to_string();
        if text.is_empty() {
            return Err(error(
                open,
                "empty phrase: put words between the quotes or remove them",
            ));
        }
        let words = split_words(content);
        if words.is_empty() {
            return Err(error(
                open,
                "the phrase has no words to search for: put words between the quotes",
            ));
        }
        self.pos = close + 1;
        Ok(Query::Phrase { field, words, text })
    }

    /// A word, a `field:value`, or (inside `date:( … )`) a date, at the current position.
    fn parse_word(&mut self) -> Result<Query, SyntaxError> {
        let start = self.pos;
        if self.chars.get(start).is_some_and(|&c| is_core(c)) {
            let end = word_end(&self.chars, start);
            if self.chars.get(end) == Some(&':') {
                return self.parse_field(start, end);
            }
        }
        if self.in_date_group() {
            return self.parse_date(start);
        }
        let field = self.group_field();
        self.parse_term(start, field)
    }

    /// A word starting at `start`, with an optional trailing `*`.
    fn parse_term(&mut self, start: usize, field: Option<String>) -> Result<Query, SyntaxError> {
        let end = word_end(&self.chars, start);
        let text: String = self.chars[start..end].iter().collect();
        self.pos = end;
        let prefix = self.chars.get(end) == Some(&'*');
        if prefix {
            if end - start < 2 {
                return Err(error(
                    end,
                    "a prefix search needs at least 2 characters before the *, as in at*",
                ));
            }
            if self.chars.get(end + 1).is_some_and(|&c| is_core(c)) {
                return Err(error(
                    end,
                    "* can only end a word: remove it or put a space after it",
                ));
            }
            self.pos += 1;
        }
        Ok(Query::Term {
            field,
            text,
            prefix,
        })
    }

    /// `name:value` where the name runs from `start` to the colon at `colon`.
    fn parse_field(&mut self, start: usize, colon: usize) -> Result<Query, SyntaxError> {
        let name: String = self.chars[start..colon].iter().collect();
        if let Some(group) = &self.field {
            return Err(error(
                start,
                format!(
                    "{name}: cannot be used inside {}:( … ): move it outside the parentheses",
                    group.name
                ),
            ));
        }
        let Some(field) = self
            .fields
            .iter()
            .find(|known| known.eq_ignore_ascii_case(&name))
            .map(|known| known.to_string())
        else {
            return Err(error(start, unknown_field_message(&name, self.fields)));
        };
        let is_date = field == DATE_FIELD;
        let value = colon + 1;
        self.pos = value;
        let example = if is_date {
            format!("{field}:2018-03")
        } else {
            format!("{field}:word")
        };
        match self.chars.get(value).copied() {
            None => Err(empty_value_error(value, &field, &example)),
            Some(c) if c.is_whitespace() || c == ')' => {
                Err(empty_value_error(value, &field, &example))
            }
            Some('(') => {
                self.field = Some(FieldGroup {
                    name: field,
                    is_date,
                });
                let group = self.parse_group();
                self.field = None;
                group
            }
            Some(c) if is_quote(c) && is_date => Err(date_phrase_error(value)),
            Some(c) if is_quote(c) => self.parse_phrase(Some(field)),
            Some(sign @ ('-' | '+')) => Err(error(
                value,
                format!("put the {sign} before the field, as in {sign}{example}"),
            )),
            Some(_) if is_date => self.parse_date(value),
            Some(c) if is_core(c) => self.parse_term(value, Some(field)),
            Some(_) => Err(error(
                value,
                format!("{field}: needs a word, a \"phrase\" or ( … ) right after the colon"),
            )),
        }
    }

    /// A date or date range starting at `start`; it runs to the next space, parenthesis
    /// or quote.
    fn parse_date(&mut self, start: usize) -> Result<Query, SyntaxError> {
        let end = self.chars[start..]
            .iter()
            .position(|&c| c.is_whitespace() || c == '(' || c == ')' || is_quote(c))
            .map_or(self.chars.len(), |offset| start + offset);
        self.pos = end;
        let range = parse_date_range(&self.chars, start, end)?;
        Ok(Query::Date { range })
    }
}

fn unclosed_error(open: usize) -> SyntaxError {
    error(open, "unclosed (: add a ) to close it")
}

fn date_phrase_error(at: usize) -> SyntaxError {
    error(
        at,
        "date: takes a date without quotes, as in date:2018-03 or date:2018-01..2018-06",
    )
}

fn empty_value_error(at: usize, field: &str, example: &str) -> SyntaxError {
    error(
        at,
        format!("{field}: needs a value right after the colon, as in {example}"),
    )
}

fn unknown_field_message(name: &str, fields: &[&str]) -> String {
    if fields.is_empty() {
        format!("unknown field \"{name}\": this search has no fields; put the text in quotes")
    } else {
        format!(
            "unknown field \"{name}\": use one of {}, or put the text in quotes",
            fields.join(", ")
        )
    }
}

/// Letters, digits and `§`: the characters a word consists of.
fn is_core(c: char) -> bool {
    c.is_alphanumeric() || c == '§'
}

/// Marks that open or close a phrase.
fn is_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '„' | '«' | '»')
}

/// The end (exclusive) of the word starting with the core character at `start`.
fn word_end(chars: &[char], start: usize) -> usize {
    let mut i = start + 1;
    while let Some(&c) = chars.get(i) {
        let joins = matches!(c, '-' | '.' | '\'' | '’')
            && chars.get(i + 1).is_some_and(|&next| is_core(next));
        // Combining marks belong to the letter before them (a decomposed `é`).
        if is_core(c) || is_combining_mark(c) || joins {
            i += 1;
        } else {
            break;
        }
    }
    let word = &chars[start..i];
    match chars.get(i) {
        Some('.') if word.contains(&'.') => i + 1,
        Some('\'' | '’') if matches!(word.last(), Some('s' | 'x' | 'z' | 'S' | 'X' | 'Z')) => {
            i + 1
        }
        _ => i,
    }
}

/// The words of a phrase, as written; everything between them is a separator.
fn split_words(chars: &[char]) -> Vec<String> {
    let mut words = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if is_core(chars[i]) {
            let end = word_end(chars, i);
            words.push(chars[i..end].iter().collect());
            i = end;
        } else {
            i += 1;
        }
    }
    words
}

/// `chars[start..end]` as a date or a range `from..to` with either end optional.
fn parse_date_range(chars: &[char], start: usize, end: usize) -> Result<DateRange, SyntaxError> {
    let Some(dots) = find_dots(chars, start, end) else {
        let value = parse_date_value(chars, start, end)?;
        return Ok(DateRange {
            from: Some(value),
            to: Some(value),
        });
    };
    if let Some(second) = find_dots(chars, dots + 2, end) {
        return Err(error(
            second,
            "a date range has one ..: write it as 2018-01..2018-06",
        ));
    }
    let (to_start, to_end) = (dots + 2, end);
    if start == dots && to_start == to_end {
        return Err(error(
            start,
            "a date range needs at least one end, as in 2018-01.. or ..2018-06",
        ));
    }
    let from = (start < dots)
        .then(|| parse_date_value(chars, start, dots))
        .transpose()?;
    let to = (to_start < to_end)
        .then(|| parse_date_value(chars, to_start, to_end))
        .transpose()?;
    if let (Some(from), Some(to)) = (from, to)
        && from.first_day() > to.last_day()
    {
        return Err(error(
            to_start,
            format!("the range ends before it starts: {to} is before {from}; swap them"),
        ));
    }
    Ok(DateRange { from, to })
}

/// The position of the first `..` in `chars[from..end]`.
fn find_dots(chars: &[char], from: usize, end: usize) -> Option<usize> {
    (from..end.saturating_sub(1)).find(|&i| chars[i] == '.' && chars[i + 1] == '.')
}

/// `chars[start..end]` as `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (month and day may have one digit).
fn parse_date_value(chars: &[char], start: usize, end: usize) -> Result<DateValue, SyntaxError> {
    const SHAPE: &str = "a date is 2018, 2018-03 or 2018-03-05, a range 2018-01..2018-06";
    let mut parts = Vec::new();
    let mut part_start = start;
    for (i, &c) in chars.iter().enumerate().take(end).skip(start) {
        if c == '-' {
            parts.push((part_start, i));
            part_start = i + 1;
        }
    }
    parts.push((part_start, end));
    if let Some(&(extra, _)) = parts.get(3) {
        return Err(error(extra - 1, format!("too many parts: {SHAPE}")));
    }
    let number = |(from, to): (usize, usize), max_digits: usize| -> Option<u16> {
        let digits = &chars[from..to];
        if digits.is_empty()
            || digits.len() > max_digits
            || !digits.iter().all(char::is_ascii_digit)
        {
            return None;
        }
        digits.iter().collect::<String>().parse().ok()
    };
    let year_part = parts[0];
    let year = match number(year_part, 4) {
        Some(year) if year_part.1 - year_part.0 == 4 => year,
        _ => {
            return Err(error(
                year_part.0,
                format!("expected a year with four digits: {SHAPE}"),
            ));
        }
    };
    let mut value = DateValue {
        year,
        month: None,
        day: None,
    };
    if let Some(&month_part) = parts.get(1) {
        let month = number(month_part, 2)
            .filter(|month| (1..=12).contains(month))
            .ok_or_else(|| {
                error(
                    month_part.0,
                    "expected a month from 01 to 12 after the year, as in 2018-03",
                )
            })?;
        value.month = Some(month as u8);
    }
    if let (Some(&day_part), Some(month)) = (parts.get(2), value.month) {
        let days = days_in_month(year, month);
        let day = number(day_part, 2)
            .filter(|day| (1..=u16::from(days)).contains(day))
            .ok_or_else(|| {
                error(
                    day_part.0,
                    format!(
                        "expected a day from 01 to {days:02}: {year:04}-{month:02} has {days} days"
                    ),
                )
            })?;
        value.day = Some(day as u8);
    }
    Ok(value)
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}
