//! The embedded model's predictions are pinned: speed work on the tagger must not change a
//! single tag. The digests below were computed with the tagger as it was before that work
//! (commit c6144af); a change to the model or the features changes them on purpose.
use std::path::PathBuf;

use kilde_core::{Sentence, Span};
use kilde_models::iob2::read_iob2;
use kilde_models::ner::{EntitySpan, Label, NerModel, NerScratch};

/// FNV-1a, 64 bits: a digest that needs nothing from the crate under test.
struct Digest(u64);

impl Digest {
    fn new() -> Self {
        Digest(0xcbf2_9ce4_8422_2325)
    }
    fn feed(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}

/// IOB2 tags, one line per token and an empty line after each sentence, fed to a digest.
fn digest_tags(sentences: &[Vec<&str>], entities: &[Vec<EntitySpan>]) -> (u64, usize) {
    let mut d = Digest::new();
    let mut tokens = 0;
    for (words, found) in sentences.iter().zip(entities) {
        let mut tags = vec![String::from("O"); words.len()];
        for e in found {
            for i in e.tokens.clone() {
                let part = if i == e.tokens.start { "B" } else { "I" };
                tags[i] = format!("{part}-{}", e.label);
            }
        }
        for t in &tags {
            d.feed(t.as_bytes());
            d.feed(b"\n");
        }
        d.feed(b"\n");
        tokens += words.len();
    }
    (d.0, tokens)
}

/// Sentences that stress the feature code: non-ASCII case, lowercasing that changes length,
/// title case, other scripts' digits, combining marks, genitives, hyphens, openers, names
/// from the gazetteer, empty and long tokens.
const TRICKY: &[&str] = &[
    "Statsminister Mette Frederiksen ( S ) besøgte Det Hvide Hus og Dansk Folkeparti i går .",
    "İSTANBUL İstanbul ǅemal ǄEMAL ǆemal ẞTRASSE Straße ΣΟΦΙΑ Σοφία Kelvin K 3 Ω ohm ﬁnal",
    "- Æbler , siger Ærø-færgens kaptajn Ørsted til » Jyllands-Posten « : Åbenrå ligger i Danmark",
    "USA's Nordkoreas Kim Jong-un mødtes med FN’s generalsekretær i Singapore' 2018 1.000 ٣٤ ½ Ⅻ",
    "e\u{301}te\u{301} Café Cafe\u{301} 😀 Smiley😀 a-b - -- a- -a SID-huset Nato-topmødet DANMARK",
    " Sverige Tyskland  Norge Kina Sydkorea , Anders Fogh Rasmussen og Lars Løkke Rasmussen mødtes",
    "Vestas Mærsk A.P. Møller - Mærsk , Novo Nordisk og Danske Bank ; DR TV 2 Politiken BT",
    "Et meget langt ord : Donaudampfschifffahrtsgesellschaftskapitänsmützenherstellerverbandsvorsitzender siger nej",
];

/// The dev file's sentences plus [`TRICKY`], each as words.
fn corpus() -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = TRICKY
        .iter()
        .map(|s| s.split(' ').map(str::to_string).collect())
        .collect();
    let dev = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/uner-danish-ddt/da_ddt-ud-dev.iob2");
    if dev.exists() {
        out.extend(
            read_iob2(&dev, &Label::PRIMARY)
                .expect("dev file parses")
                .into_iter()
                .map(|s| s.words),
        );
    } else {
        eprintln!("skipped the dev part: {} not found", dev.display());
    }
    out
}

/// Tags `sentences` the way the pipeline does: one text, one scratch for every sentence.
fn tag_as_document(model: &NerModel, sentences: &[Vec<&str>]) -> Vec<Vec<EntitySpan>> {
    let (mut text, mut tokens, mut sents) = (String::new(), Vec::new(), Vec::new());
    for words in sentences {
        let first = tokens.len();
        let start = text.len();
        for w in words {
            text.push(' ');
            tokens.push(Span::new(text.len(), text.len() + w.len()));
            text.push_str(w);
        }
        sents.push(Sentence {
            span: Span::new(start, text.len()),
            tokens: first..tokens.len(),
        });
    }
    let mut scratch = NerScratch::default();
    let mut found = Vec::new();
    // Twice with the same scratch, so the second pass runs on warm caches.
    for _ in 0..2 {
        found.clear();
        model.predict_into(&text, &tokens, &sents, &mut scratch, &mut found);
    }
    let mut out = vec![Vec::new(); sentences.len()];
    for e in found {
        let k = sents
            .iter()
            .position(|s| s.tokens.contains(&e.tokens.start))
            .expect("an entity lies in a sentence");
        let first = sents[k].tokens.start;
        out[k].push(EntitySpan {
            tokens: e.tokens.start - first..e.tokens.end - first,
            label: e.label,
        });
    }
    out
}

#[test]
fn embedded_model_tags_are_unchanged() {
    let owned = corpus();
    let sentences: Vec<Vec<&str>> = owned
        .iter()
        .map(|s| s.iter().map(String::as_str).collect())
        .collect();
    let model = NerModel::embedded();

    // One sentence at a time with fresh buffers, and as one document with shared buffers:
    // caches must not change what is found.
    let alone: Vec<Vec<EntitySpan>> = sentences.iter().map(|s| model.predict_words(s)).collect();
    let together = tag_as_document(model, &sentences);
    assert_eq!(alone, together);

    let (tricky, tricky_tokens) = digest_tags(&sentences[..TRICKY.len()], &alone[..TRICKY.len()]);
    assert_eq!(
        (tricky, tricky_tokens),
        (0xea65_7b06_8f94_5da5, 117),
        "tags on the tricky sentences changed"
    );
    if sentences.len() > TRICKY.len() {
        let (dev, dev_tokens) = digest_tags(&sentences[TRICKY.len()..], &alone[TRICKY.len()..]);
        assert_eq!(
            (dev, dev_tokens),
            (0x382c_a481_de9b_5b36, 10332),
            "tags on UNER Danish-DDT dev changed"
        );
    }
}
