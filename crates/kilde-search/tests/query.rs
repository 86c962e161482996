//! The query language: valid queries and their trees, invalid queries and where their
//! errors point, and properties (no panics; canonical display parses back to the same tree).

use kilde_search::query::{DateRange, DateValue, MAX_NESTING, MAX_QUERY_CHARS, Query, parse};
use proptest::prelude::*;

const FIELDS: &[&str] = &[
    "title", "text", "speaker", "entity", "source", "quote", "date",
];

/// A compact s-expression of a tree, so that the tables below stay readable: phrases
/// show their words separated by `|`, dates both ends (`_` when open).
fn sexp(query: &Query) -> String {
    let field_prefix =
        |field: &Option<String>| field.as_ref().map_or(String::new(), |f| format!("{f}:"));
    let list = |name: &str, items: &[Query]| {
        let items: Vec<String> = items.iter().map(sexp).collect();
        format!("({name} {})", items.join(" "))
    };
    match query {
        Query::Term {
            field,
            text,
            prefix,
        } => format!(
            "{}{text}{}",
            field_prefix(field),
            if *prefix { "*" } else { "" }
        ),
        Query::Phrase { field, words, .. } => {
            format!("{}\"{}\"", field_prefix(field), words.join("|"))
        }
        Query::Date { range } => {
            let end = |value: Option<DateValue>| value.map_or("_".to_string(), |v| v.to_string());
            format!("date:{}..{}", end(range.from), end(range.to))
        }
        Query::And(clauses) => list("and", clauses),
        Query::Or(alternatives) => list("or", alternatives),
        Query::Not(inner) => format!("(not {})", sexp(inner)),
    }
}

#[test]
fn valid_queries_give_the_expected_trees() {
    let table: &[(&str, &str)] = &[
        ("missiltest", "missiltest"),
        ("Kim Jong-un", "(and Kim Jong-un)"),
        ("U.S. 3.5 § f.eks.", "(and U.S. 3.5 § f.eks.)"),
        ("Trump's Jens' bil", "(and Trump's Jens' bil)"),
        ("Trump. Kim!", "(and Trump Kim)"),
        ("Trump, Kim - Moon", "(and Trump Kim Moon)"),
        ("æblegrød Ærø Müller café", "(and æblegrød Ærø Müller café)"),
        ("cafe\u{301}", "cafe\u{301}"),
        ("2018-03-05", "2018-03-05"),
        ("og eller and not", "(and og eller and not)"),
        ("ANDERS ORLA NOTAT", "(and ANDERS ORLA NOTAT)"),
        ("\"Det Hvide Hus\"", "\"Det|Hvide|Hus\""),
        ("„Det Hvide Hus“", "\"Det|Hvide|Hus\""),
        ("»Det Hvide Hus«", "\"Det|Hvide|Hus\""),
        ("\"Kim Jong-un, siger han.\"", "\"Kim|Jong-un|siger|han\""),
        ("\"OR\"", "\"OR\""),
        ("atom*", "atom*"),
        ("AND*", "AND*"),
        ("title:atom*", "title:atom*"),
        ("speaker:Frederiksen", "speaker:Frederiksen"),
        ("Speaker:Frederiksen", "speaker:Frederiksen"),
        (
            "speaker:\"Mette Frederiksen\"",
            "speaker:\"Mette|Frederiksen\"",
        ),
        ("entity:(Kim OR Trump)", "(or entity:Kim entity:Trump)"),
        (
            "title:(a -b \"c d\")",
            "(and title:a (not title:b) title:\"c|d\")",
        ),
        ("a AND b", "(and a b)"),
        ("a OR b", "(or a b)"),
        ("a b OR c", "(or (and a b) c)"),
        ("a OR b c", "(or a (and b c))"),
        ("a AND b OR c AND d", "(or (and a b) (and c d))"),
        ("(a OR b) c", "(and (or a b) c)"),
        ("a (b c) d", "(and a b c d)"),
        ("a OR (b OR c)", "(or a b c)"),
        ("((a))", "a"),
        ("kim -trump", "(and kim (not trump))"),
        ("kim NOT trump", "(and kim (not trump))"),
        ("kim AND NOT trump", "(and kim (not trump))"),
        ("NOT a b", "(and (not a) b)"),
        ("a -b OR c", "(or (and a (not b)) c)"),
        (
            "kim -\"Det Hvide Hus\"",
            "(and kim (not \"Det|Hvide|Hus\"))",
        ),
        ("kim -(trump OR putin)", "(and kim (not (or trump putin)))"),
        ("NOT(a OR b) c", "(and (not (or a b)) c)"),
        ("kim (-trump -putin)", "(and kim (not trump) (not putin))"),
        ("+kim +trump", "(and kim trump)"),
        ("date:2018", "date:2018..2018"),
        ("date:2018-03", "date:2018-03..2018-03"),
        ("date:2020-02-29", "date:2020-02-29..2020-02-29"),
        ("date:2018-3-5", "date:2018-03-05..2018-03-05"),
        ("date:2018-01..2018-06", "date:2018-01..2018-06"),
        ("date:2018-03-15..2018-03", "date:2018-03-15..2018-03"),
        ("date:2018-01..", "date:2018-01.._"),
        ("date:..2018-06-30", "date:_..2018-06-30"),
        ("date:(2018 OR ..2010)", "(or date:2018..2018 date:_..2010)"),
        ("kim -date:2018-03", "(and kim (not date:2018-03..2018-03))"),
        ("(kim date:2018)", "(and kim date:2018..2018)"),
    ];
    let mut failures = Vec::new();
    for (input, expected) in table {
        match parse(input, FIELDS) {
            Ok(query) if sexp(&query) == *expected => {}
            Ok(query) => failures.push(format!(
                "{input:?}: got {}, expected {expected}",
                sexp(&query)
            )),
            Err(error) => failures.push(format!("{input:?}: {error}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn invalid_queries_point_at_what_to_fix() {
    let table: &[(&str, usize, &str)] = &[
        ("", 0, "empty query"),
        ("  \t ", 0, "empty query"),
        (",;!", 0, "empty query"),
        ("(a", 0, "unclosed (: add a )"),
        ("a (b (c)", 2, "unclosed ("),
        ("a)", 1, "unmatched ): remove it"),
        ("(a OR b))", 8, "unmatched )"),
        (") a", 0, "unmatched )"),
        ("()", 0, "empty parentheses"),
        ("a AND", 2, "AND needs a term after it"),
        ("AND a", 0, "AND needs a term before it"),
        ("a AND OR b", 2, "AND needs a term after it"),
        ("OR b", 0, "OR needs a term before it"),
        ("a OR", 2, "OR needs a term after it"),
        ("(a OR) b", 3, "OR needs a term after it"),
        ("NOT", 0, "NOT needs a word, phrase, field or ("),
        ("a NOT )", 2, "NOT needs a word"),
        ("-AND", 0, "- needs a word"),
        ("NOT -a b", 0, "cannot be followed by another negation"),
        (
            "speaker:\"Mette Frederiksen",
            8,
            "unterminated phrase: add a closing \"",
        ),
        ("\"\"", 0, "empty phrase"),
        ("a \"  \"", 2, "empty phrase"),
        ("\"!!\"", 0, "no words"),
        (
            "speaker:",
            8,
            "speaker: needs a value right after the colon",
        ),
        ("speaker: Mette", 8, "speaker: needs a value"),
        (
            "speaker:-Mette",
            8,
            "put the - before the field, as in -speaker:word",
        ),
        ("title:,x", 6, "title: needs a word"),
        (
            "person:Mette",
            0,
            "unknown field \"person\": use one of title, text, speaker",
        ),
        ("kim https://dr.dk", 4, "unknown field \"https\""),
        ("title:(text:a)", 7, "cannot be used inside title:"),
        ("-trump", 0, "a query needs at least one positive term"),
        ("  -a -b", 2, "a query needs at least one positive term"),
        ("NOT a", 0, "a query needs at least one positive term"),
        ("(-a)", 0, "a query needs at least one positive term"),
        (
            "a OR -b",
            5,
            "each OR alternative needs at least one positive term",
        ),
        ("-a OR -b", 0, "needs at least one positive term"),
        ("a -(-b)", 3, "nothing to exclude"),
        ("a*", 1, "at least 2 characters before the *"),
        ("a *", 2, "* must come right after a word"),
        ("atom*x", 4, "* can only end a word"),
        ("\"Det Hvide Hus\"*", 15, "* must come right after a word"),
        (
            "date:",
            5,
            "date: needs a value right after the colon, as in date:2018-03",
        ),
        ("date:18", 5, "four digits"),
        ("date:2018-13", 10, "month from 01 to 12"),
        ("date:2018-00", 10, "month from 01 to 12"),
        ("date:2018-", 10, "month"),
        ("date:2018-02-29", 13, "2018-02 has 28 days"),
        ("date:2018-04-31", 13, "2018-04 has 30 days"),
        ("date:2018-03-05-01", 15, "too many parts"),
        ("date:2018-06..2018-01", 14, "ends before it starts"),
        ("date:..", 5, "at least one end"),
        ("date:2018..2019..2020", 15, "one .."),
        ("date:\"2018\"", 5, "without quotes"),
        ("date:(2018 \"x\")", 11, "without quotes"),
        ("date:kim", 5, "four digits"),
        ("date:2018*", 5, "four digits"),
    ];
    let mut failures = Vec::new();
    for (input, position, fragment) in table {
        match parse(input, FIELDS) {
            Ok(query) => failures.push(format!("{input:?}: parsed as {}", sexp(&query))),
            Err(error) if error.position == *position && error.message.contains(fragment) => {}
            Err(error) => failures.push(format!(
                "{input:?}: got {} {:?}, expected {position} {fragment:?}",
                error.position, error.message
            )),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn length_and_nesting_limits_are_exact() {
    let longest = "a ".repeat(MAX_QUERY_CHARS / 2);
    assert!(parse(&longest, FIELDS).is_ok());
    let error = parse(&format!("{longest}b"), FIELDS).expect_err("one character too many");
    assert_eq!(error.position, MAX_QUERY_CHARS);
    assert!(error.message.contains("too long"), "{}", error.message);
    // Counted in characters: 1000 two-byte letters fit.
    assert!(parse(&"æ".repeat(MAX_QUERY_CHARS), FIELDS).is_ok());

    let nested = |depth: usize| format!("{}a{}", "(".repeat(depth), ")".repeat(depth));
    assert_eq!(parse(&nested(MAX_NESTING), FIELDS), parse("a", FIELDS));
    let error = parse(&nested(MAX_NESTING + 1), FIELDS).expect_err("one level too deep");
    assert_eq!(error.position, MAX_NESTING);
    assert!(
        error.message.contains("too deeply nested"),
        "{}",
        error.message
    );
    // A field group is a level too.
    let error = parse(
        &format!(
            "{}title:(a){}",
            "(".repeat(MAX_NESTING),
            ")".repeat(MAX_NESTING)
        ),
        FIELDS,
    )
    .expect_err("the field group is one level too deep");
    assert_eq!(error.position, MAX_NESTING + "title:".len());
}

#[test]
fn unknown_fields_depend_on_what_the_caller_allows() {
    let error = parse("date:2018", &["title"]).expect_err("date is not offered");
    assert_eq!(error.position, 0);
    assert!(
        error.message.contains("use one of title,"),
        "{}",
        error.message
    );
    let error = parse("title:x", &[]).expect_err("no fields at all");
    assert!(error.message.contains("no fields"), "{}", error.message);
}

#[test]
fn render_puts_a_caret_under_the_error() {
    let input = "speaker:\"Mette Frederiksen";
    let error = parse(input, FIELDS).expect_err("unterminated");
    assert_eq!(
        error.render(input),
        "speaker:\"Mette Frederiksen\n        ^ unterminated phrase: add a closing \""
    );
    assert_eq!(
        error.to_string(),
        "unterminated phrase: add a closing \" (at character 8)"
    );
    // Positions count characters, and tabs are shown as spaces so the caret lines up.
    let input = "æ\tø AND";
    let error = parse(input, FIELDS).expect_err("dangling AND");
    assert_eq!(error.position, 4);
    assert_eq!(
        error.render(input),
        "æ ø AND\n    ^ AND needs a term after it: add one or remove AND"
    );
}

#[test]
fn phrases_keep_their_text_and_display_is_canonical() {
    let query = parse("speaker:„Mette  Frederiksen“", FIELDS).expect("valid");
    assert_eq!(
        query,
        Query::Phrase {
            field: Some("speaker".into()),
            words: vec!["Mette".into(), "Frederiksen".into()],
            text: "Mette  Frederiksen".into(),
        }
    );
    let query = parse(
        "Entity:(Kim OR Trump) NOT date:2018-03.. \"Det Hvide Hus\" OR atom*",
        FIELDS,
    )
    .expect("valid");
    assert_eq!(
        query.to_string(),
        "(entity:Kim OR entity:Trump) -date:2018-03.. \"Det Hvide Hus\" OR atom*"
    );
    let query = parse("a -(b c) -(d OR e) date:2018..2018", FIELDS).expect("valid");
    assert_eq!(query.to_string(), "a -(b c) -(d OR e) date:2018");
}

#[test]
fn the_tree_serialises_for_the_api() {
    let query = parse("kim -date:2018-03..", FIELDS).expect("valid");
    let json = serde_json::to_string(&query).expect("serialisable");
    assert_eq!(
        json,
        r#"{"and":[{"term":{"field":null,"text":"kim","prefix":false}},{"not":{"date":{"range":{"from":{"year":2018,"month":3,"day":null},"to":null}}}}]}"#
    );
}

#[test]
fn date_values_cover_their_precision() {
    let year = DateValue {
        year: 2018,
        month: None,
        day: None,
    };
    assert_eq!(
        (year.first_day(), year.last_day()),
        ((2018, 1, 1), (2018, 12, 31))
    );
    let leap_february = DateValue {
        year: 2000,
        month: Some(2),
        day: None,
    };
    assert_eq!(leap_february.last_day(), (2000, 2, 29));
    let february = DateValue {
        year: 1900,
        month: Some(2),
        day: None,
    };
    assert_eq!(february.last_day(), (1900, 2, 28));
    let day = DateValue {
        year: 2018,
        month: Some(3),
        day: Some(5),
    };
    assert_eq!(
        (day.first_day(), day.last_day()),
        ((2018, 3, 5), (2018, 3, 5))
    );
}

// ---- properties ----

fn all_of(clauses: Vec<Query>) -> Query {
    let mut flat = Vec::new();
    for clause in clauses {
        match clause {
            Query::And(inner) => flat.extend(inner),
            other => flat.push(other),
        }
    }
    if flat.len() == 1 {
        flat.remove(0)
    } else {
        Query::And(flat)
    }
}

fn any_of(alternatives: Vec<Query>) -> Query {
    let mut flat = Vec::new();
    for alternative in alternatives {
        match alternative {
            Query::Or(inner) => flat.extend(inner),
            other => flat.push(other),
        }
    }
    if flat.len() == 1 {
        flat.remove(0)
    } else {
        Query::Or(flat)
    }
}

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => "[a-zA-Z0-9æøåÆØÅéü§]{1,7}([-.'’][a-zæøå0-9]{1,4}){0,2}",
        1 => "[A-Z]\\.[A-Z]\\.",
        1 => "[A-Z][a-zæøå]{1,5}s'",
    ]
    .prop_filter("operators are not words", |w| {
        !matches!(w.as_str(), "AND" | "OR" | "NOT")
    })
}

fn word_field() -> impl Strategy<Value = Option<String>> {
    prop::option::of(prop::sample::select(&FIELDS[..FIELDS.len() - 1]).prop_map(str::to_string))
}

fn date_value() -> impl Strategy<Value = DateValue> {
    (
        1900u16..2100,
        prop::option::of((1u8..=12, prop::option::of(1u8..=28))),
    )
        .prop_map(|(year, month_day)| DateValue {
            year,
            month: month_day.map(|(month, _)| month),
            day: month_day.and_then(|(_, day)| day),
        })
}

fn leaf() -> impl Strategy<Value = Query> {
    let term = (word_field(), word(), any::<bool>()).prop_map(|(field, text, prefix)| {
        let prefix = prefix && text.chars().count() >= 2;
        Query::Term {
            field,
            text,
            prefix,
        }
    });
    let phrase = (
        word_field(),
        prop::collection::vec(word(), 1..4),
        prop::sample::select(vec![" ", "  ", ", ", " - ", ": "]),
    )
        .prop_map(|(field, words, separator)| Query::Phrase {
            field,
            text: words.join(separator),
            words,
        });
    let date = (date_value(), date_value(), 0..4u8).prop_map(|(a, b, shape)| {
        let (a, b) = if a.first_day() > b.last_day() {
            (b, a)
        } else {
            (a, b)
        };
        let (from, to) = match shape {
            0 => (Some(a), Some(a)),
            1 => (Some(a), Some(b)),
            2 => (Some(a), None),
            _ => (None, Some(b)),
        };
        Query::Date {
            range: DateRange { from, to },
        }
    });
    prop_oneof![4 => term, 2 => phrase, 1 => date]
}

/// Trees as [`parse`] produces them: flat, and with a positive term in every AND, every
/// OR alternative and under every negation.
fn positive_query() -> impl Strategy<Value = Query> {
    leaf().prop_recursive(4, 32, 4, |inner| {
        prop_oneof![
            (
                inner.clone(),
                prop::collection::vec((inner.clone(), any::<bool>()), 1..4)
            )
                .prop_map(|(first, rest)| {
                    let mut clauses = vec![first];
                    clauses.extend(rest.into_iter().map(|(clause, negate)| {
                        if negate {
                            Query::Not(Box::new(clause))
                        } else {
                            clause
                        }
                    }));
                    clauses
                })
                .prop_shuffle()
                .prop_map(all_of),
            prop::collection::vec(inner, 2..4).prop_map(any_of),
        ]
    })
}

/// Strings built from the language's own pieces, mostly words so that a fair share parse,
/// to reach deep into the parser.
fn query_like() -> impl Strategy<Value = String> {
    let words = prop::sample::select(vec![
        "kim",
        "Jong-un",
        "U.S.",
        "Jens'",
        "æøå",
        "a",
        "é\u{301}",
        "§",
        "2018",
        "atom*",
        "title:x",
        "date:2018-03",
        "date:..2018",
        "speaker:\"Mette F\"",
        "\"Det Hvide Hus\"",
    ]);
    let operators = prop::sample::select(vec!["AND", "OR", "NOT", "-", "+", "(", ")", "title:("]);
    let noise = prop::sample::select(vec![
        "\"",
        "„",
        "»",
        "*",
        ":",
        "..",
        "date:",
        "Date:",
        "date:(",
        "x:",
        "2018-13",
        "2018-02-29",
        "-01",
        ",",
        "'",
        "\t",
    ]);
    let piece = prop_oneof![8 => words, 2 => operators, 1 => noise];
    prop::collection::vec((piece, prop::bool::weighted(0.8)), 0..20).prop_map(|pieces| {
        pieces
            .into_iter()
            .map(|(piece, space)| {
                if space {
                    format!("{piece} ")
                } else {
                    piece.to_string()
                }
            })
            .collect()
    })
}

fn nested() -> impl Strategy<Value = String> {
    (
        0usize..80,
        0usize..80,
        prop::sample::select(vec!["(", "-(", "NOT (", "title:(", "date:("]),
    )
        .prop_map(|(open, close, opener)| {
            format!("{}2018{}", opener.repeat(open), ")".repeat(close))
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Any input gives a tree or an error inside the input; a tree's canonical form
    /// parses back to the same tree.
    #[test]
    fn parse_never_panics(input in prop_oneof![
        any::<String>(),
        query_like(),
        nested(),
        "[a (\")ø-]{990,1010}",
    ]) {
        match parse(&input, FIELDS) {
            Err(error) => {
                prop_assert!(error.position <= input.chars().count());
                prop_assert!(!error.message.is_empty());
            }
            Ok(query) => {
                let canonical = query.to_string();
                if canonical.chars().count() <= MAX_QUERY_CHARS {
                    prop_assert_eq!(parse(&canonical, FIELDS), Ok(query), "canonical {:?}", canonical);
                }
            }
        }
    }

    /// Displaying a valid tree and parsing it again gives the same tree.
    #[test]
    fn display_round_trips(query in positive_query()) {
        let canonical = query.to_string();
        prop_assume!(canonical.chars().count() <= MAX_QUERY_CHARS);
        prop_assert_eq!(parse(&canonical, FIELDS), Ok(query), "canonical {:?}", canonical);
    }
}
