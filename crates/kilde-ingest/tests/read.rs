//! kilde-ingest as a reader of real and broken input: one test per kind of bad input,
//! each checking the reason, where it was found, and that the good articles around it
//! still come through. All fixture text is written for these tests.
#![allow(clippy::unwrap_used)] // Tests may unwrap, helpers included.

use std::io::Write;
use std::path::{Path, PathBuf};

use kilde_core::{Article, ArticleDate};
use kilde_ingest::synth::{Sentences, Synth};
use kilde_ingest::{
    Codec, Corpus, Error, ReadOptions, RejectReason, Rejection, RejectsWriter, Summary,
};
use proptest::prelude::*;

type Item = Result<Article, Rejection>;

fn read_bytes(name: &str, bytes: &[u8]) -> Vec<Item> {
    read_with(name, bytes, ReadOptions::default())
}

fn read_with(name: &str, bytes: &[u8], options: ReadOptions) -> Vec<Item> {
    Corpus::from_reader(name, std::io::Cursor::new(bytes.to_vec()), options).collect()
}

fn ok(item: &Item) -> &Article {
    match item {
        Ok(a) => a,
        Err(r) => panic!("expected an article, got rejection {r}"),
    }
}

fn err(item: &Item) -> &Rejection {
    match item {
        Ok(a) => panic!("expected a rejection, got article {:?}", a.text),
        Err(r) => r,
    }
}

fn texts(items: &[Item]) -> Vec<&str> {
    items
        .iter()
        .filter_map(|i| i.as_ref().ok())
        .map(|a| a.text.as_str())
        .collect()
}

fn date(s: &str) -> Option<ArticleDate> {
    Some(s.parse().unwrap())
}

fn shared_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

#[test]
fn golden_seed_article() {
    let path = shared_dir().join("seeds/000_5d9bf820c77703f7.txt");
    if !path.is_file() {
        eprintln!("SKIPPED golden_seed_article: {} not found", path.display());
        return;
    }
    let items: Vec<Item> = Corpus::open(&[path], ReadOptions::default())
        .unwrap()
        .collect();
    assert_eq!(items.len(), 1);
    let a = ok(&items[0]);
    assert_eq!(
        a.date,
        Some(ArticleDate::Month {
            year: 2018,
            month: 3
        })
    );
    assert_eq!(a.sources, ["ritzau"]);
    assert_eq!(a.paragraphs.len(), 15);
    assert!(a.text.starts_with("USA's"), "{:?}", &a.text[..40]);
    assert!(a.text.ends_with("koreanske stater."));
    assert!(!a.text.contains("date 2018"));
    assert!(!a.text.contains("/ritzau/"));
    let first = &a.text[a.paragraphs[0].range()];
    assert!(first.starts_with("USA's") && first.ends_with("udgangen af maj."));
}

#[test]
fn seed_articles_in_a_row_with_signoffs() {
    let input = "\u{feff} date 2021-04-09 Borgmesteren åbner den nye bro i dag.\n\n\
                 Hun glæder sig, siger hun.\n\n/ritzau/AFP/Reuters\n\n\
                 date 2021-05 Vejret bliver lunt i weekenden.\n\nRitzau\n\
                 date 2021-06 Ingen afsender her.\n\nTo afsnit.\n";
    let items = read_bytes("række.txt", input.as_bytes());
    assert_eq!(items.len(), 3);
    let a = ok(&items[0]);
    assert_eq!(a.date, date("2021-04-09"));
    assert_eq!(a.sources, ["ritzau", "AFP", "Reuters"]);
    assert_eq!(
        a.text,
        "Borgmesteren åbner den nye bro i dag.\n\nHun glæder sig, siger hun."
    );
    assert_eq!(a.paragraphs.len(), 2);
    let b = ok(&items[1]);
    assert_eq!(b.sources, ["ritzau"]);
    assert_eq!(b.text, "Vejret bliver lunt i weekenden.");
    let c = ok(&items[2]);
    assert!(c.sources.is_empty());
    assert_eq!(c.paragraphs.len(), 2);
}

#[test]
fn crlf_lines_are_kept_but_trimmed() {
    let input = "date 2020-01 Første afsnit.\r\n\r\nAndet afsnit.\r\n\r\n/ritzau/FINANS\r\n";
    let items = read_bytes("crlf.txt", input.as_bytes());
    let a = ok(&items[0]);
    assert_eq!(a.text, "Første afsnit.\r\n\r\nAndet afsnit.");
    assert_eq!(a.sources, ["ritzau", "FINANS"]);
    assert_eq!(a.paragraphs.len(), 2);
}

#[test]
fn invalid_utf8_gives_the_byte_offset() {
    let mut input = "date 2019-05 Den første artikel er fin.\n\n"
        .as_bytes()
        .to_vec();
    let bad_line_start = input.len();
    input.extend_from_slice(b"date 2019-06 Den anden har et ");
    let bad = input.len() as u64;
    input.extend_from_slice(b"\xff tegn.\n\ndate 2019-07 Den tredje er fin.\n");
    let items = read_bytes("utf8.txt", &input);
    assert_eq!(items.len(), 3);
    let r = err(&items[1]);
    assert_eq!(r.reason, RejectReason::InvalidUtf8 { byte_offset: bad });
    assert_eq!(r.origin.line, 3);
    assert_eq!(r.origin.byte_offset, bad);
    assert!(bad > bad_line_start as u64);
    assert_eq!(
        r.to_string(),
        format!("utf8.txt:3: invalid UTF-8 at byte {bad}")
    );
    assert!(r.excerpt.contains("Den anden har"));
    assert_eq!(
        texts(&items),
        ["Den første artikel er fin.", "Den tredje er fin."]
    );
}

#[test]
fn text_before_the_first_date_is_missing_date() {
    let input =
        "\n\nEn løsrevet linje uden dato.\nOg en til.\n\ndate 2020-01 Her starter det rigtige.\n";
    let items = read_bytes("løs.txt", input.as_bytes());
    assert_eq!(items.len(), 2);
    let r = err(&items[0]);
    assert_eq!(r.reason, RejectReason::MissingDate);
    assert_eq!((r.origin.line, r.origin.byte_offset), (3, 2));
    assert!(r.excerpt.starts_with("En løsrevet linje"));
    assert_eq!(texts(&items), ["Her starter det rigtige."]);
}

#[test]
fn impossible_and_malformed_dates() {
    let input = "date 2018-01 God januar.\n\
                 date 2018-13 Måned tretten findes ikke.\n\
                 date 2018-02-30 Februar har ikke tredive dage.\n\
                 date 2018-3 Forkert form.\n\
                 date 2018-04 God april.\n";
    let items = read_bytes("corpus/a.txt", input.as_bytes());
    assert_eq!(items.len(), 5);
    let r = err(&items[1]);
    assert_eq!(r.reason, RejectReason::ImpossibleDate("2018-13".into()));
    assert_eq!(r.origin.line, 2);
    assert_eq!(r.origin.byte_offset, 25);
    assert_eq!(r.to_string(), "corpus/a.txt:2: impossible date \"2018-13\"");
    assert_eq!(
        err(&items[2]).reason,
        RejectReason::ImpossibleDate("2018-02-30".into())
    );
    assert_eq!(err(&items[2]).origin.line, 3);
    assert_eq!(
        err(&items[3]).reason,
        RejectReason::MalformedDate("2018-3".into())
    );
    assert_eq!(texts(&items), ["God januar.", "God april."]);
}

#[test]
fn empty_bodies() {
    let input = "date 2020-01\n\ndate 2020-02 /ritzau/\ndate 2020-03 Noget at læse.\n";
    let items = read_bytes("tom.txt", input.as_bytes());
    assert_eq!(items.len(), 3);
    assert_eq!(err(&items[0]).reason, RejectReason::EmptyBody);
    assert_eq!(err(&items[0]).origin.line, 1);
    assert_eq!(err(&items[1]).reason, RejectReason::EmptyBody);
    assert_eq!(err(&items[1]).origin.line, 3);
    assert_eq!(
        err(&items[1]).origin.byte_offset,
        input.find("date 2020-02").unwrap() as u64
    );
    assert_eq!(texts(&items), ["Noget at læse."]);

    let jsonl = "{\"text\":\"Fin.\"}\n{\"text\":\"  \\n \"}\n{\"text\":\"Også fin.\"}\n";
    let items = read_bytes("tom.jsonl", jsonl.as_bytes());
    assert_eq!(err(&items[1]).reason, RejectReason::EmptyBody);
    assert_eq!(err(&items[1]).origin.line, 2);
    assert_eq!(texts(&items), ["Fin.", "Også fin."]);
}

#[test]
fn over_long_lines_and_articles() {
    let options = ReadOptions::with_max_record_bytes(100);
    let long = "lang ".repeat(60);
    let input = format!(
        "date 2020-01 Kort og godt.\n\
         date 2020-02 Denne har en alt for lang linje:\n{long}\nog mere efter den.\n\
         date 2020-03 Kort igen.\n"
    );
    let items = read_with("lang.txt", input.as_bytes(), options.clone());
    assert_eq!(items.len(), 3);
    let r = err(&items[1]);
    assert!(matches!(r.reason, RejectReason::TooLong { limit: 100, len } if len >= 300));
    assert_eq!(r.origin.line, 2, "points at the over-long article");
    assert_eq!(r.origin.byte_offset, 27);
    assert!(r.excerpt.starts_with("date 2020-02 Denne har"));
    assert_eq!(texts(&items), ["Kort og godt.", "Kort igen."]);

    // Many short lines adding up to more than the limit.
    let many = "Et kort afsnit.\n\n".repeat(20);
    let input = format!("date 2020-01 Start.\n{many}date 2020-02 Slut.\n");
    let items = read_with("mange.txt", input.as_bytes(), options.clone());
    assert!(matches!(
        err(&items[0]).reason,
        RejectReason::TooLong { .. }
    ));
    assert_eq!(texts(&items), ["Slut."]);

    let jsonl =
        format!("{{\"text\":\"Før.\"}}\n{{\"text\":\"{long}\"}}\n{{\"text\":\"Efter.\"}}\n");
    let items = read_with("lang.jsonl", jsonl.as_bytes(), options);
    assert!(matches!(
        err(&items[1]).reason,
        RejectReason::TooLong { .. }
    ));
    assert_eq!(err(&items[1]).origin.line, 2);
    assert_eq!(texts(&items), ["Før.", "Efter."]);
}

#[test]
fn binary_garbage_is_not_parsed() {
    let mut input = b"\x00\x01\x02PNG\x00\x00\x1a\n\x00\x00\n".to_vec();
    input.extend_from_slice(b"date 2020-01 Teksten efter skraldet.\n\n");
    input.extend_from_slice(b"date 2020-02 \x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10\x11\x12\n");
    input.extend_from_slice(b"date 2020-03 Med et nul\x00tegn.\n");
    input.extend_from_slice(b"date 2020-04 Sidste gode artikel.\n");
    let items = read_bytes("skrald.txt", &input);
    assert_eq!(items.len(), 5);
    assert_eq!(err(&items[0]).reason, RejectReason::Binary);
    assert_eq!(err(&items[0]).origin.line, 1);
    assert_eq!(err(&items[0]).origin.byte_offset, 0);
    assert_eq!(err(&items[2]).reason, RejectReason::Binary);
    assert_eq!(err(&items[2]).origin.line, 5);
    assert_eq!(err(&items[2]).origin.byte_offset, 51);
    assert_eq!(err(&items[3]).reason, RejectReason::Binary);
    assert_eq!(
        texts(&items),
        ["Teksten efter skraldet.", "Sidste gode artikel."]
    );

    let jsonl = b"{\"text\":\"Fin.\"}\n{\"text\":\"nul\x00\"}\n{\"text\":\"Fin igen.\"}\n";
    let items = read_bytes("skrald.jsonl", jsonl);
    assert_eq!(err(&items[1]).reason, RejectReason::Binary);
    assert_eq!(texts(&items), ["Fin.", "Fin igen."]);
}

#[test]
fn jsonl_records_and_their_faults() {
    let input = concat!(
        "{\"id\":\"a1\",\"text\":\"Statsministeren taler i aften.\\n\\nHun vil tale om skat.\",",
        "\"date\":\"2022-08-15\",\"sources\":[\"Ritzau\",\"AFP\"],\"title\":\"Tale\",",
        "\"url\":\"https://eksempel.dk/1\",\"medie\":\"Avisen\",\"ord\":12}\n",
        "\n",
        "{\"text\":\"Uden id og dato.\"}\n",
        "{ikke json\n",
        "{\"titel\":\"ingen tekst\"}\n",
        "{\"text\":17}\n",
        "{\"text\":\"x\",\"date\":\"2018-13\"}\n",
        "{\"text\":\"x\",\"date\":5}\n",
        "[\"en\",\"liste\"]\n",
        "{\"text\":\"Den sidste.\",\"sources\":null}\n",
    );
    let items = read_bytes("data.jsonl", input.as_bytes());
    assert_eq!(items.len(), 9);
    let a = ok(&items[0]);
    assert_eq!(a.id.0, "a1");
    assert_eq!(a.date, date("2022-08-15"));
    assert_eq!(a.sources, ["ritzau", "AFP"]);
    assert_eq!(a.title.as_deref(), Some("Tale"));
    assert_eq!(a.url.as_deref(), Some("https://eksempel.dk/1"));
    assert_eq!(a.paragraphs.len(), 2);
    assert_eq!(a.extra["medie"], "Avisen");
    assert_eq!(a.extra["ord"], 12);
    assert_eq!(a.extra.len(), 2);
    let b = ok(&items[1]);
    assert_eq!(b.id, kilde_core::ArticleId::from_text("Uden id og dato."));
    assert_eq!(b.date, None);
    let kinds: Vec<(&str, u64)> = items[2..8]
        .iter()
        .map(|i| (err(i).reason.kind(), err(i).origin.line))
        .collect();
    assert_eq!(
        kinds,
        [
            ("invalid_json", 4),
            ("missing_text", 5),
            ("invalid_field", 6),
            ("impossible_date", 7),
            ("invalid_field", 8),
            ("invalid_json", 9),
        ]
    );
    assert_eq!(
        err(&items[2]).origin.byte_offset,
        input.find("{ikke json").unwrap() as u64
    );
    assert_eq!(
        err(&items[4]).to_string(),
        "data.jsonl:6: JSON field \"text\" must be a string"
    );
    assert_eq!(ok(&items[8]).text, "Den sidste.");
}

#[test]
fn jsonl_invalid_utf8_offset() {
    let mut input = b"{\"text\":\"God.\"}\n".to_vec();
    input.extend_from_slice(b"  {\"text\":\"D\xe5rlig.\"}\n");
    let items = read_bytes("utf8.jsonl", &input);
    let r = err(&items[1]);
    assert_eq!(r.reason, RejectReason::InvalidUtf8 { byte_offset: 28 });
    assert_eq!((r.origin.line, r.origin.byte_offset), (2, 28));
}

fn synth_sentences() -> Sentences {
    Sentences::from_vec(
        [
            "Ministeren vil ikke kommentere sagen.",
            "Det oplyser politiet i Odense til avisen.",
            "Ifølge formanden er der tale om en fejl.",
            "Mødet blev holdt i går på Christiansborg.",
            "Hun mener, at kommunen bør betale regningen.",
            "Vi er glade for resultatet, siger direktøren.",
            "Prisen på boliger steg med fire procent i fjor.",
            "Klubben har endnu ikke fundet en ny træner.",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect(),
    )
    .unwrap()
}

fn synth_corpus(seed: u64, n: usize) -> Vec<u8> {
    let sentences = synth_sentences();
    let mut out = Vec::new();
    kilde_ingest::synth::write_corpus(&mut out, &sentences, seed, n as u64).unwrap();
    out
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

#[test]
fn truncated_gzip_keeps_what_came_before() {
    let plain = synth_corpus(3, 400);
    let whole = read_bytes("hel.txt", &plain);
    let gz = gzip(&plain);
    let cut = &gz[..gz.len() * 6 / 10];
    let items = read_bytes("kort.txt.gz", cut);
    let (last, good) = items.split_last().unwrap();
    assert!(good.len() > 50 && good.len() < 400, "{}", good.len());
    for (got, want) in good.iter().zip(&whole) {
        assert_eq!(ok(got), ok(want));
    }
    let r = err(last);
    match &r.reason {
        RejectReason::Truncated {
            codec: Codec::Gzip,
            compressed_offset,
            ..
        } => assert_eq!(*compressed_offset, cut.len() as u64),
        other => panic!("{other:?}"),
    }
    assert!(r.origin.byte_offset > 0 && r.origin.line > 1);
    assert!(r.to_string().contains("truncated or corrupt gzip stream"));
}

#[test]
fn truncated_zstd_keeps_what_came_before() {
    let plain = synth_corpus(4, 400);
    let whole = read_bytes("hel.txt", &plain);
    let zst = zstd::encode_all(&plain[..], 3).unwrap();
    let cut = &zst[..zst.len() / 2];
    let items = read_bytes("kort.zst", cut);
    let (last, good) = items.split_last().unwrap();
    assert!(!good.is_empty() && good.len() < 400, "{}", good.len());
    for (got, want) in good.iter().zip(&whole) {
        assert_eq!(ok(got), ok(want));
    }
    assert!(matches!(
        err(last).reason,
        RejectReason::Truncated {
            codec: Codec::Zstd,
            ..
        }
    ));
}

#[test]
fn compression_is_sniffed_not_named() {
    let plain = synth_corpus(5, 50);
    let want = read_bytes("plain", &plain);
    let mut multi = gzip(&plain[..plain.len() / 2]);
    multi.extend(gzip(&plain[plain.len() / 2..]));
    for (name, bytes) in [
        ("uden-endelse", gzip(&plain)),
        ("flere-medlemmer.txt", multi),
        ("zstd.gz", zstd::encode_all(&plain[..], 1).unwrap()),
    ] {
        let got = read_bytes(name, &bytes);
        assert_eq!(got, want, "{name}");
    }
}

#[test]
fn directories_sorted_hidden_skipped_formats_mixed() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("b/c")).unwrap();
    std::fs::create_dir_all(root.join(".skjult")).unwrap();
    std::fs::write(root.join("b/c/3.txt"), "date 2020-03 Tre.\n").unwrap();
    std::fs::write(root.join("b/2.jsonl"), "{\"text\":\"To.\"}\n").unwrap();
    std::fs::write(root.join("a.gz"), gzip(b"date 2020-01 Et.\n")).unwrap();
    std::fs::write(root.join(".gemt.txt"), "date 2020-09 Skjult.\n").unwrap();
    std::fs::write(root.join(".skjult/x.txt"), "date 2020-09 Skjult.\n").unwrap();
    std::os::unix::fs::symlink(root.join("findes-ikke"), root.join("b/brudt.txt")).unwrap();
    let corpus = Corpus::open(&[root.to_path_buf()], ReadOptions::default()).unwrap();
    let total = corpus.total_bytes().unwrap();
    let items: Vec<Item> = corpus.collect();
    assert_eq!(texts(&items), ["Et.", "To.", "Tre."]);
    assert_eq!(items.len(), 4);
    let r = err(&items[2]);
    assert_eq!(r.reason.kind(), "unreadable");
    assert!(r.origin.path.ends_with("b/brudt.txt"));
    assert_eq!(r.origin.line, 0);
    assert!(total > 0);
}

#[test]
fn fatal_errors_for_named_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("findes-ikke.txt");
    let e = Corpus::open(std::slice::from_ref(&missing), ReadOptions::default()).unwrap_err();
    assert!(matches!(e, Error::NotFound { .. }));
    assert_eq!(
        e.to_string(),
        format!("{}: no such file or directory", missing.display())
    );
}

#[test]
fn same_input_same_ids() {
    let plain = synth_corpus(9, 30);
    let ids = |bytes: &[u8]| -> Vec<String> {
        read_bytes("x", bytes)
            .into_iter()
            .map(|i| i.unwrap().id.0)
            .collect()
    };
    let first = ids(&plain);
    assert_eq!(first.len(), 30);
    assert_eq!(first, ids(&plain));
    assert_eq!(first, ids(&gzip(&plain)));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.txt");
    std::fs::write(&path, &plain).unwrap();
    let from_file: Vec<String> = Corpus::open(&[path], ReadOptions::default())
        .unwrap()
        .map(|i| i.unwrap().id.0)
        .collect();
    assert_eq!(first, from_file);
}

#[test]
fn rejects_file_is_lazy_and_json_lines() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("afviste.jsonl");
    let mut writer = RejectsWriter::new(&path);
    let mut summary = Summary::default();
    for item in read_bytes("ren.txt", b"date 2020-01 Alt er fint.\n") {
        summary.add(&item);
        if let Err(r) = &item {
            writer.write(r).unwrap();
        }
    }
    assert!(!path.exists(), "no rejects, no file");
    let mut corpus = Corpus::from_reader(
        "snavset.txt",
        &b"date 2020-13 Forkert.\ndate 2020-01 Fint.\n"[..],
        ReadOptions::default(),
    );
    for item in corpus.by_ref() {
        summary.add(&item);
        if let Err(r) = &item {
            writer.write(r).unwrap();
        }
    }
    assert_eq!(corpus.summary().read, 2);
    assert_eq!(writer.finish().unwrap(), 1);
    assert_eq!(
        summary,
        Summary {
            read: 3,
            accepted: 2,
            rejected: 1
        }
    );
    assert_eq!(
        summary.to_string(),
        "read 3 records: 2 accepted, 1 rejected"
    );
    let lines = std::fs::read_to_string(&path).unwrap();
    let v: serde_json::Value = serde_json::from_str(lines.trim()).unwrap();
    assert_eq!(v["path"], "snavset.txt");
    assert_eq!(v["line"], 1);
    assert_eq!(v["byte_offset"], 0);
    assert_eq!(v["kind"], "impossible_date");
    assert_eq!(v["reason"], "impossible date \"2020-13\"");
    assert_eq!(v["excerpt"], "date 2020-13 Forkert.");
}

/// Hands out bytes in pieces of varying size, so records and date lines straddle reads.
struct Pieces {
    bytes: Vec<u8>,
    pos: usize,
    sizes: Vec<usize>,
    turn: usize,
}

impl std::io::Read for Pieces {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let size = self.sizes[self.turn % self.sizes.len()].max(1);
        self.turn += 1;
        let n = size.min(out.len()).min(self.bytes.len() - self.pos);
        out[..n].copy_from_slice(&self.bytes[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

fn read_in_pieces(bytes: &[u8], sizes: Vec<usize>, options: ReadOptions) -> Vec<Item> {
    let reader = Pieces {
        bytes: bytes.to_vec(),
        pos: 0,
        sizes,
        turn: 0,
    };
    Corpus::from_reader("stykker.txt", reader, options).collect()
}

#[test]
fn large_corpus_read_in_odd_pieces() {
    let sentences = synth_sentences();
    let written: Vec<_> = Synth::new(&sentences, 77).take(3000).collect();
    let bytes = synth_corpus(77, 3000);
    assert!(bytes.len() > 1_000_000);
    let whole = read_bytes("hel.txt", &bytes);
    assert_eq!(whole.len(), 3000);
    for (item, want) in whole.iter().zip(&written) {
        assert_eq!(ok(item).text, want.paragraphs.join("\n\n"));
        assert_eq!(ok(item).sources, want.sources);
    }
    for sizes in [vec![1, 2, 3, 5, 7], vec![4093, 17, 65536, 1], vec![300_001]] {
        assert_eq!(read_in_pieces(&bytes, sizes, ReadOptions::default()), whole);
    }
}

fn summary_of(items: &[Item]) -> Summary {
    let mut s = Summary::default();
    items.iter().for_each(|i| s.add(i));
    s
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn arbitrary_bytes_never_panic(
        prefix in prop::sample::select(vec!["", "date 2020-01 Før.\n", "{\"text\":\"x\"}\n"]),
        bytes in prop::collection::vec(any::<u8>(), 0..2000),
        max in 8usize..300,
    ) {
        let mut input = prefix.as_bytes().to_vec();
        input.extend(&bytes);
        input.extend(b"\ndate 2021-02 Efter.\n");
        let mut corpus = Corpus::from_reader("p", std::io::Cursor::new(input), ReadOptions::with_max_record_bytes(max));
        let items: Vec<Item> = corpus.by_ref().collect();
        let s = corpus.summary();
        prop_assert_eq!(s, summary_of(&items));
        prop_assert_eq!(s.read, s.accepted + s.rejected);
        prop_assert_eq!(s.read, items.len() as u64);
    }

    #[test]
    fn pieces_do_not_change_the_result(
        bytes in prop::collection::vec(prop::sample::select(b" date2018-0312\n\r\tx/ritzau{}\"text:\xff\x00".to_vec()), 0..600),
        sizes in prop::collection::vec(1usize..40, 1..5),
        max in 8usize..200,
    ) {
        let options = ReadOptions::with_max_record_bytes(max);
        let whole = read_with("stykker.txt", &bytes, options.clone());
        prop_assert_eq!(read_in_pieces(&bytes, sizes, options), whole);
    }

    #[test]
    fn arbitrary_bytes_in_gzip_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2000), cut in 0usize..3000) {
        let gz = gzip(&bytes);
        let cut = cut.min(gz.len());
        let items = read_bytes("p.gz", &gz[..cut]);
        let s = summary_of(&items);
        prop_assert_eq!(s.read, s.accepted + s.rejected);
    }

    #[test]
    fn synth_round_trip(seed in any::<u64>(), n in 1usize..40) {
        let sentences = synth_sentences();
        let written: Vec<_> = Synth::new(&sentences, seed).take(n).collect();
        let bytes = synth_corpus(seed, n);
        let items = read_bytes("synth.txt", &bytes);
        prop_assert_eq!(items.len(), n);
        for (item, want) in items.iter().zip(&written) {
            let got = item.as_ref().map_err(|r| TestCaseError::fail(r.to_string()))?;
            prop_assert_eq!(got.date, Some(want.date));
            prop_assert_eq!(&got.sources, &want.sources);
            prop_assert_eq!(got.paragraphs.len(), want.paragraphs.len());
            prop_assert_eq!(&got.text, &want.paragraphs.join("\n\n"));
        }
    }
}

#[test]
fn corpus_can_move_to_another_thread() {
    fn assert_send<T: Send>() {}
    assert_send::<Corpus>();
    assert_send::<Rejection>();
}

#[test]
fn unreadable_file_in_a_directory_is_a_rejection() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "date 2020-01 Læsbar.\n").unwrap();
    let locked = dir.path().join("b.txt");
    std::fs::write(&locked, "date 2020-02 Låst.\n").unwrap();
    std::fs::write(dir.path().join("c.txt"), "date 2020-03 Også læsbar.\n").unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::File::open(&locked).is_ok() {
        eprintln!("SKIPPED unreadable_file_in_a_directory_is_a_rejection: running as root");
        return;
    }
    let items: Vec<Item> = Corpus::open(&[dir.path().to_path_buf()], ReadOptions::default())
        .unwrap()
        .collect();
    assert_eq!(texts(&items), ["Læsbar.", "Også læsbar."]);
    let r = err(&items[1]);
    assert_eq!(r.reason.kind(), "unreadable");
    assert!(r.origin.path.ends_with("b.txt"));
    assert!(r.to_string().contains("cannot read"), "{r}");
    // Named on the command line, the same file is a fatal error.
    let e = Corpus::open(&[locked], ReadOptions::default()).unwrap_err();
    assert!(matches!(e, Error::PermissionDenied { .. }), "{e}");
}

#[test]
fn dash_means_stdin_and_has_no_known_size() {
    let corpus = Corpus::open(&[PathBuf::from("-")], ReadOptions::default()).unwrap();
    assert_eq!(corpus.total_bytes(), None);
    assert_eq!(
        kilde_ingest::Input::from_arg(Path::new("-")),
        kilde_ingest::Input::Stdin
    );
}

#[test]
fn json_lines_inside_gzip() {
    let jsonl = "\n  {\"text\":\"Komprimeret.\",\"date\":\"2023-11\"}\n{\"text\":\"To.\"}\n";
    let items = read_bytes("data", &gzip(jsonl.as_bytes()));
    assert_eq!(texts(&items), ["Komprimeret.", "To."]);
    assert_eq!(ok(&items[0]).date, date("2023-11"));
}
