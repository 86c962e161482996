//! The Danish analysis and the compound splitter, as specifications.

use std::path::{Path, PathBuf};

use kilde_search::analyzer::{self, DANISH, is_stop_word, normalize_word, terms};
use kilde_search::decompound::{Lexicon, MIN_PART_CHARS, part_tokens};
use proptest::prelude::*;
use tantivy::collector::Count;
use tantivy::query::{PhraseQuery, TermQuery};
use tantivy::schema::{IndexRecordOption, Schema, TextFieldIndexing, TextOptions};
use tantivy::tokenizer::PreTokenizedString;
use tantivy::{Index, TantivyDocument, Term};

// ---------------------------------------------------------------- analysis

#[test]
fn words_are_lowercased_and_stemmed_keeping_æøå() {
    assert_eq!(
        terms("Kim Jong-un vil stoppe landets atomprøvesprængninger"),
        [
            "kim",
            "jong",
            "un",
            "vil",
            "stop",
            "land",
            "atomprøvesprængning"
        ]
    );
    assert_eq!(terms("Søen ÆBLER Ålen"), ["søen", "æbl", "ålen"]);
}

#[test]
fn inflections_meet_in_one_stem() {
    assert_eq!(terms("missiltests"), terms("missiltest"));
    assert_eq!(terms("prøvesprængninger"), terms("prøvesprængning"));
    assert_eq!(terms("ministeren"), terms("minister"));
    assert_eq!(terms("Danmarks"), terms("Danmark"));
}

#[test]
fn apostrophe_endings_go_with_the_apostrophe() {
    assert_eq!(terms("USA's præsident"), ["usa", "præsident"]);
    assert_eq!(terms("i 90'erne"), ["i", "90"]);
    assert_eq!(terms("pc’en"), ["pc"]);
    // Not an ending: the apostrophe only separates.
    assert_eq!(terms("O'Brien"), ["o", "brien"]);
}

#[test]
fn hyphens_separate_and_digit_groups_join() {
    assert_eq!(terms("tv-stationerne"), ["tv", "station"]);
    assert_eq!(
        terms("3,5 procent af 1.000.000"),
        ["3,5", "procent", "af", "1.000.000"]
    );
    assert_eq!(terms("i 2018. Derefter"), ["i", "2018", "dereft"]);
}

#[test]
fn compatibility_forms_fold_with_nfkc() {
    assert_eq!(normalize_word("ﬁnansloven"), "finansloven");
    assert_eq!(normalize_word("ＤＲ"), "dr");
    assert_eq!(normalize_word("a\u{30A}r"), "år");
    assert_eq!(normalize_word("atom\u{AD}prøve"), "atomprøve");
    assert_eq!(normalize_word("Malmö"), "malmø");
    assert_eq!(normalize_word("Mäkelä"), "mækelæ");
    assert_eq!(terms("atom\u{AD}prøve"), terms("atomprøve"));
}

/// `aa` is `å` in the old spelling, but not across a compound seam or in foreign words.
#[test]
fn aa_folds_only_where_danish_spelled_å() {
    let folded = [
        ("Aarhus", "århus"),
        ("Aalborg", "ålborg"),
        ("Aabenraa", "åbenrå"),
        ("Aabenraas", "åbenrås"),
        ("paa", "på"),
        ("naar", "når"),
        ("Graasten", "gråsten"),
        ("Kaare", "kåre"),
        ("Kierkegaard", "kierkegård"),
        ("Nørregaards", "nørregårds"),
        ("AARHUS", "århus"),
    ];
    for (word, want) in folded {
        assert_eq!(normalize_word(word), want, "{word}");
    }
    let kept = [
        "ekstraarbejde",
        "kameraafdeling",
        "klimaaftale",
        "dataanalyse",
        "bilaalen",
        "kanaan",
        "afrikaans",
    ];
    for word in kept {
        assert_eq!(normalize_word(word), word);
    }
    assert_eq!(terms("Aarhus"), terms("Århus"));
    assert_eq!(terms("Aabenraa"), terms("Åbenrå"));
}

#[test]
fn overlong_words_yield_no_term_but_keep_their_position() {
    let long = "x".repeat(analyzer::MAX_WORD_BYTES + 1);
    let text = format!("før {long} efter");
    let mut analyzer = analyzer::danish_analyzer();
    let mut stream = analyzer.token_stream(&text);
    let mut seen = Vec::new();
    while let Some(token) = stream.next() {
        seen.push((token.text.clone(), token.position, token.offset_from));
    }
    assert_eq!(
        seen,
        [("før".into(), 0, 0), ("eft".into(), 2, text.len() - 5)]
    );
}

#[test]
fn stop_words_are_function_words_only() {
    for word in [
        "og", "i", "at", "det", "en", "på", "som", "ikke", "har", "der",
    ] {
        assert!(is_stop_word(word), "{word}");
    }
    assert!(is_stop_word(&normalize_word("paa")));
    for word in [
        "minister",
        "regeringen",
        "danmark",
        "have",
        "siden",
        "år",
        "tre",
    ] {
        assert!(!is_stop_word(word), "{word}");
    }
}

// ------------------------------------------------------------- splitting

/// The corpus the split table is judged on: the base lexicon, [`FIXTURE`], and the
/// table words once each, as the corpus being indexed holds every word it splits.
fn table_lexicon() -> Lexicon {
    let mut lexicon = Lexicon::base();
    lexicon.add_text(FIXTURE);
    let words: Vec<&str> = SPLITS.iter().map(|(w, _)| *w).collect();
    lexicon.add_text(&words.join(" "));
    lexicon
}

/// Words and the parts they must split into (empty: not a compound), written for
/// kilde: true compounds with and without linking elements, and ordinary words,
/// derivations and names that a naive splitter cuts.
const SPLITS: &[(&str, &[&str])] = &[
    (
        "atomprøvesprængninger",
        &["atom", "prøvesprængninger", "prøve", "sprængninger"],
    ),
    ("forsvarsminister", &["forsvar", "minister"]),
    ("forsvarsministeren", &["forsvar", "ministeren"]),
    ("statsminister", &["stat", "minister"]),
    ("sundhedsminister", &["sundhed", "minister"]),
    ("sundhedsministeriet", &["sundhed", "ministeriet"]),
    ("arbejdsmarkedet", &["arbejde", "markedet"]),
    ("skattelettelser", &["skat", "lettelser"]),
    ("børnehave", &["børn", "have"]),
    ("julegave", &["jul", "gave"]),
    ("missilforsvar", &["missil", "forsvar"]),
    ("hjemmesiden", &["hjemme", "siden"]),
    ("politiforbundet", &["politi", "forbundet"]),
    ("boligmarkedet", &["bolig", "markedet"]),
    ("klimaaftale", &["klima", "aftale"]),
    ("ekstraarbejde", &["ekstra", "arbejde"]),
    ("passagerfly", &["passager", "fly"]),
    ("flyselskab", &["fly", "selskab"]),
    (
        "fodboldlandsholdet",
        &["fodbold", "landsholdet", "land", "holdet"],
    ),
    ("valgkampen", &["valg", "kampen"]),
    ("sikkerhedsrådet", &["sikkerhed", "rådet"]),
    ("erhvervslivet", &["erhverv", "livet"]),
    ("landet", &[]),
    ("regeringen", &[]),
    ("sundhed", &[]),
    ("ministeriet", &[]),
    ("ministre", &[]),
    ("information", &[]),
    ("situationen", &[]),
    ("Frederiksen", &[]),
    ("Andersen", &[]),
    ("Rasmussen", &[]),
    ("Christensen", &[]),
    ("Mortensen", &[]),
    ("sikkerhed", &[]),
    ("myndighederne", &[]),
    ("virkelighed", &[]),
    ("menneskelig", &[]),
    ("forsvaret", &[]),
    ("undersøgelse", &[]),
    ("forhandlingerne", &[]),
    ("samtidig", &[]),
    ("samarbejde", &[]),
    ("befolkningen", &[]),
    ("fremtiden", &[]),
    ("selskabet", &[]),
    ("landskabet", &[]),
    ("spændende", &[]),
    ("passager", &[]),
    ("tilbagetrækning", &[]),
];

/// Every case of [`SPLITS`]; prints split precision and recall
/// (`cargo test -p kilde-search --test analyzer split_table -- --nocapture`).
#[test]
fn split_table() {
    let lexicon = table_lexicon();
    let (mut split, mut right_splits, mut compounds, mut wrong) = (0, 0, 0, Vec::new());
    for &(word, want) in SPLITS {
        let mut got = lexicon.split(&normalize_word(word));
        let mut want: Vec<String> = want.iter().map(|p| p.to_string()).collect();
        got.sort();
        want.sort();
        split += usize::from(!got.is_empty());
        compounds += usize::from(!want.is_empty());
        if got == want {
            right_splits += usize::from(!got.is_empty());
        } else {
            wrong.push(format!("{word}: got {got:?}, want {want:?}"));
        }
    }
    println!(
        "split table: {} cases, {compounds} compounds; {split} split, {right_splits} exactly \
         right: precision {:.3}, recall {:.3}",
        SPLITS.len(),
        right_splits as f64 / split.max(1) as f64,
        right_splits as f64 / compounds as f64,
    );
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn short_words_and_unknown_parts_never_split() {
    let lexicon = table_lexicon();
    assert!(lexicon.split("landets").is_empty());
    assert!(lexicon.split("xqzvtrwplk").is_empty());
    assert!(lexicon.split("").is_empty());
    assert!(Lexicon::new().split("forsvarsminister").is_empty());
}

#[test]
fn a_query_on_a_part_finds_the_compound_through_the_parts_field() {
    let mut schema = Schema::builder();
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(DANISH)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let text = TextOptions::default().set_indexing_options(indexing);
    let body = schema.add_text_field("body", text.clone());
    let parts = schema.add_text_field("parts", text);
    let index = Index::create_in_ram(schema.build());
    analyzer::register(&index);

    let article = "Kim Jong-un har lovet at stoppe landets atomprøvesprængninger og \
                   missiltests, oplyser Det Hvide Hus.";
    let lexicon = table_lexicon();
    let mut doc = TantivyDocument::default();
    doc.add_text(body, article);
    doc.add_pre_tokenized_text(
        parts,
        PreTokenizedString {
            text: article.to_string(),
            tokens: part_tokens(&lexicon, article),
        },
    );
    let mut writer = index
        .writer_with_num_threads::<TantivyDocument>(1, 15_000_000)
        .expect("writer");
    writer.add_document(doc).expect("add");
    writer.commit().expect("commit");
    let searcher = index.reader().expect("reader").searcher();

    let hits = |field, word: &str| {
        let [term]: [String; 1] = terms(word).try_into().expect("one term");
        let query = TermQuery::new(
            Term::from_field_text(field, &term),
            IndexRecordOption::Basic,
        );
        searcher.search(&query, &Count).expect("search")
    };
    assert_eq!(hits(parts, "prøvesprængning"), 1);
    assert_eq!(hits(parts, "sprængningerne"), 1);
    assert_eq!(hits(parts, "atom"), 1);
    assert_eq!(
        hits(body, "prøvesprængning"),
        0,
        "only the parts field has parts"
    );
    assert_eq!(hits(body, "missiltest"), 1);
    assert_eq!(hits(parts, "missil"), 1);
    assert_eq!(hits(parts, "hus"), 0, "hus is a word of its own here");
    assert_eq!(
        hits(parts, "landet"),
        0,
        "exact words are not repeated in parts"
    );

    let phrase: Vec<Term> = terms("det hvide hus")
        .iter()
        .map(|t| Term::from_field_text(body, t))
        .collect();
    assert_eq!(
        searcher
            .search(&PhraseQuery::new(phrase), &Count)
            .expect("phrase"),
        1
    );
}

#[test]
fn part_tokens_sit_at_their_words() {
    let lexicon = table_lexicon();
    let text = "Ny forsvarsminister i dag";
    let tokens = part_tokens(&lexicon, text);
    let got: Vec<(&str, usize, usize, usize)> = tokens
        .iter()
        .map(|t| (t.text.as_str(), t.position, t.offset_from, t.offset_to))
        .collect();
    assert_eq!(got, [("forsvar", 1, 3, 19), ("minist", 1, 3, 19)]);
}

// --------------------------------------------------------------- lexicon

#[test]
fn lexicon_counts_letter_words_and_merges() {
    let mut a = Lexicon::new();
    a.add_text("Ministeren mødte ministeren. 2018 er et år, og i 90'erne var det anderledes.");
    assert_eq!(a.count("ministeren"), 2);
    assert_eq!(a.count("mødte"), 1);
    assert_eq!(a.count("2018"), 0, "numbers are never parts");
    assert_eq!(a.count("er"), 0, "shorter than a part");
    assert_eq!(
        a.count("erne"),
        0,
        "an ending after an apostrophe is no word"
    );
    let mut b = Lexicon::new();
    b.add_text("ministeren");
    b.merge(&a);
    assert_eq!(b.count("ministeren"), 3);
    assert_eq!(b.len(), a.len());
    assert!(!b.is_empty() && Lexicon::new().is_empty());
}

#[test]
fn lexicon_saves_atomically_and_loads_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("lexicon.zst");
    let mut lexicon = Lexicon::new();
    lexicon.add_text(FIXTURE);
    lexicon.save(&path).expect("save");
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .expect("read_dir")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(names, ["lexicon.zst"], "no temporary file is left behind");
    let loaded = Lexicon::load(&path).expect("load");
    assert_eq!(loaded.len(), lexicon.len());
    assert_eq!(loaded.count("ministeren"), lexicon.count("ministeren"));
    // Saving what was loaded gives the same bytes: the form is canonical.
    let again = dir.path().join("again.zst");
    loaded.save(&again).expect("save again");
    assert_eq!(
        std::fs::read(&path).expect("read"),
        std::fs::read(&again).expect("read")
    );
}

#[test]
fn lexicon_load_rejects_other_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("not-a-lexicon");
    std::fs::write(
        &path,
        zstd::encode_all(&b"hello\tworld\n"[..], 3).expect("zstd"),
    )
    .expect("write");
    let err = Lexicon::load(&path).expect_err("bad header");
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidData);
    std::fs::write(&path, b"plain text").expect("write");
    assert!(Lexicon::load(&path).is_err());
    assert!(Lexicon::load(&dir.path().join("missing")).is_err());
}

#[test]
fn word_lists_add_pseudo_counts_in_hunspell_format_too() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("da.dic");
    std::fs::write(&path, b"4\nkrigsskib/A\nAalborg\nxy\n\xff\xfe\nslagskib\n").expect("write");
    let mut lexicon = Lexicon::new();
    assert_eq!(lexicon.add_word_list(&path).expect("read"), 3);
    assert_eq!(lexicon.count("krigsskib"), 1);
    assert_eq!(lexicon.count("ålborg"), 1);
    assert_eq!(lexicon.count("4"), 0);
}

#[test]
fn base_lexicon_is_embedded() {
    let base = Lexicon::base();
    assert!(base.len() > 10_000, "{} words", base.len());
    assert!(base.count("regeringen") > 5);
}

/// The shipped base lexicon is what [`build_base`] makes from the train split, byte
/// for byte; skipped when `../shared/data` is absent.
#[test]
fn base_lexicon_is_reproducible() {
    let Some(train) = train_iob2() else {
        eprintln!("skipped: ../shared/data/uner-danish-ddt is absent");
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let rebuilt = dir.path().join("base.zst");
    build_base(&train).save(&rebuilt).expect("save");
    assert!(
        std::fs::read(&rebuilt).expect("read") == std::fs::read(base_path()).expect("read"),
        "lexicon/da-ddt-train.lex.zst is stale: run the ignored rebuild_base_lexicon test"
    );
}

/// The UNER train split: the UD Danish-DDT train sentences (their `# text` lines).
fn train_iob2() -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/uner-danish-ddt/da_ddt-ud-train.iob2");
    path.exists().then_some(path)
}

/// The base lexicon from the train sentences, exactly as `lexicon/README.md` says.
fn build_base(train: &Path) -> Lexicon {
    let text = std::fs::read_to_string(train).expect("train split is UTF-8");
    let mut lexicon = Lexicon::new();
    for line in text.lines() {
        if let Some(sentence) = line.strip_prefix("# text = ") {
            lexicon.add_text(sentence);
        }
    }
    lexicon
}

fn base_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("lexicon/da-ddt-train.lex.zst")
}

/// Rebuilds `lexicon/da-ddt-train.lex.zst`: `cargo test -p kilde-search --test analyzer
/// -- --ignored rebuild_base_lexicon`.
#[test]
#[ignore = "writes the shipped base lexicon"]
fn rebuild_base_lexicon() {
    let train = train_iob2().expect("needs ../shared/data/uner-danish-ddt");
    build_base(&train)
        .save(&base_path())
        .expect("write base lexicon");
}

/// Rough analysis and part-token throughput (`cargo test --release -p kilde-search
/// --test analyzer -- --ignored throughput --nocapture`).
#[test]
#[ignore = "a measurement, not a check"]
fn throughput() {
    let lexicon = table_lexicon();
    let text = FIXTURE.repeat(4_000);
    let mb = text.len() as f64 / 1e6;
    let start = std::time::Instant::now();
    let n = part_tokens(&lexicon, &text).len();
    let parts = start.elapsed().as_secs_f64();
    let start = std::time::Instant::now();
    let t = terms(&text).len();
    let analysis = start.elapsed().as_secs_f64();
    let start = std::time::Instant::now();
    let mut counted = Lexicon::new();
    counted.add_text(&text);
    let counting = start.elapsed().as_secs_f64();
    println!(
        "{mb:.1} MB: part_tokens {:.1} MB/s ({n} parts), analyzer {:.1} MB/s ({t} terms), \
         Lexicon::add_text {:.1} MB/s",
        mb / parts,
        mb / analysis,
        mb / counting
    );
    assert!(n > 0 && t > 0 && !counted.is_empty());
}

// ------------------------------------------------------------- properties

/// Words made of a few letters, so that random words often contain each other.
fn small_words() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec("[abeøs]{3,6}", 1..12)
}

proptest! {
    #[test]
    fn analysis_never_panics(text in "\\PC*") {
        let _ = terms(&text);
        let _ = normalize_word(&text);
        let mut lexicon = Lexicon::new();
        lexicon.add_text(&text);
        let _ = part_tokens(&lexicon, &text);
    }

    /// The analyzer skips the stemmer for words of three letters, which it would
    /// return unchanged.
    #[test]
    fn short_words_stem_to_themselves(word in "[a-zæøåéü]{1,3}") {
        let stemmer = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::Danish);
        prop_assert_eq!(terms(&word), [stemmer.stem(&normalize_word(&word)).into_owned()]);
    }

    #[test]
    fn splitting_never_panics(word in "\\PC{0,60}") {
        let lexicon = table_lexicon_cached();
        let _ = lexicon.split(&word);
        let _ = lexicon.split(&normalize_word(&word));
    }

    /// Parts are pieces of the word (a modifier may have lost its linking `s`/`e` or
    /// regained the `e` its `s` replaced), at least [`MIN_PART_CHARS`] long, and never
    /// the word itself; part tokens point at whole words of the text.
    #[test]
    fn parts_are_pieces_of_the_word(
        words in small_words(),
        picks in prop::collection::vec((0usize..12, 0usize..3), 2..4),
    ) {
        let mut lexicon = Lexicon::new();
        let corpus = words.join(" ");
        for _ in 0..3 {
            lexicon.add_text(&corpus);
        }
        let mut compound = String::new();
        for &(i, link) in &picks {
            compound.push_str(&words[i % words.len()]);
            compound.push_str(["", "s", "e"][link]);
        }
        for part in lexicon.split(&compound) {
            prop_assert!(part.chars().count() >= MIN_PART_CHARS, "{part} of {compound}");
            prop_assert!(part != compound);
            let stripped = part.strip_suffix('e').unwrap_or(&part);
            prop_assert!(
                compound.contains(&part) || compound.contains(stripped),
                "{part} is no piece of {compound}"
            );
        }
        let text = format!("{compound}, {corpus}.");
        for token in part_tokens(&lexicon, &text) {
            let word = &text[token.offset_from..token.offset_to];
            prop_assert!(!word.is_empty() && word.chars().all(char::is_alphanumeric));
        }
    }
}

/// [`table_lexicon`] built once for the property tests.
fn table_lexicon_cached() -> &'static Lexicon {
    static LEXICON: std::sync::OnceLock<Lexicon> = std::sync::OnceLock::new();
    LEXICON.get_or_init(table_lexicon)
}

/// A small news corpus written for these tests: the words a real corpus would hold
/// beside the compounds of the split table.
const FIXTURE: &str = "\
Nordkorea har gennemført endnu en prøvesprængning. Ifølge eksperter er en prøve af et \
atomvåben let at opdage, fordi sprængningen giver rystelser, som måles over hele \
verden. Sprængninger af den størrelse kræver meget atom-materiale, og prøver af den \
slags har ført til sanktioner. Landet har også affyret et missil, og missilet fløj \
over Japan. Sydkorea vil svare på testen, og USA kræver, at test af atom og missiler \
stopper.

Forsvaret skal have flere penge, siger ministeren. Ministeren for forsvar fremlægger \
i dag en plan, og regeringen vil bruge mere på forsvar. Staten har råd, siger en \
anden minister, og to ministre fra oppositionen er enige. Situationen i Østersøen er alvorlig, og der er brug for information \
om truslen. Rådet mødes i næste uge.

Sundhed er et vigtigt emne for vælgerne før valget. Valget bliver en kamp om \
velfærd, og kampen handler om sygehusene, hvor ventetiden er lang. Ministeriet \
oplyser, at flere læger skal ansættes. Mette Frederiksen og Ida Andersen besøgte et \
sygehus i Aalborg, hvor de talte med patienter og personale.

Politiet efterforsker et indbrud. Forbundet for betjente kræver flere folk. På \
markedet for boliger stiger priserne, og en bolig i byen koster mere end før. \
Klimaet står højt på dagsordenen, og en ny aftale om klima skal give mindre \
udledning. Det kræver ekstra arbejde af alle. Skat på arbejde skal ned, og mindre skat og \
lettelser i skatten glæder erhvervet, der har ønsket lettelser længe. Livet i byen ændrer sig.

En passager blev såret, da et fly landede hårdt. Selskabet beklager. Holdet vandt \
kampen i fodbold, og landsholdet er klar til slutrunden. Til jul fik børn en gave, \
og haven var fuld af sne. Hjemme hos familien læste de siden om folketinget.
";
