//! Sentence splitting specification on hand-written Danish news text.

use kilde_core::{Article, Span};
use kilde_nlp::{Pipeline, split_sentences, tokenize};

fn sentences(text: &str) -> Vec<String> {
    let article = Article::from_text(text.to_string());
    let doc = Pipeline::danish().analyze(&article);
    doc.sentences
        .iter()
        .map(|s| article.text[s.span.range()].to_string())
        .collect()
}

macro_rules! table {
    ($name:ident: $($text:expr => [$($s:expr),* $(,)?]),+ $(,)?) => {
        #[test]
        fn $name() {
            $( assert_eq!(sentences($text), [$($s),*], "text: {:?}", $text); )+
        }
    };
}

table!(ends_at_sentence_punctuation:
    "Regeringen faldt i går. Statsministeren gik af. Hvad nu?" =>
        ["Regeringen faldt i går.", "Statsministeren gik af.", "Hvad nu?"],
    "Stop! Det er nok." => ["Stop!", "Det er nok."],
);

table!(abbreviations_and_ordinals_do_not_end_sentences:
    "Han fik bl.a. en bøde på ca. 500 kr. af politiet. Den betalte han." =>
        ["Han fik bl.a. en bøde på ca. 500 kr. af politiet.", "Den betalte han."],
    "Mødet holdes den 8. marts kl. 10 i Aarhus. Alle er velkomne." =>
        ["Mødet holdes den 8. marts kl. 10 i Aarhus.", "Alle er velkomne."],
    "Bogen om H.C. Andersen udkom i går. Den sælger godt." =>
        ["Bogen om H.C. Andersen udkom i går.", "Den sælger godt."],
);

table!(quotes_stay_with_their_sentence:
    "\"Vi har tabt,\" siger formanden. \"Men vi kommer igen.\" Så gik han." =>
        ["\"Vi har tabt,\" siger formanden.", "\"Men vi kommer igen.\"", "Så gik han."],
    "Hun sagde: »Vi flytter.« Derefter var der stille." =>
        ["Hun sagde: »Vi flytter.«", "Derefter var der stille."],
);

table!(dash_quotes_start_sentences:
    "- Vi vil have svar, siger hun. - Det lover jeg, svarer han." =>
        ["- Vi vil have svar, siger hun.", "- Det lover jeg, svarer han."],
);

table!(paragraph_breaks_always_end_sentences:
    "Skoler lukker\n\nRegeringen vil lukke tre skoler i Vejle" =>
        ["Skoler lukker", "Regeringen vil lukke tre skoler i Vejle"],
    "Han sagde, at\n\nde kom." => ["Han sagde, at", "de kom."],
);

#[test]
fn tokens_outside_paragraphs_still_get_sentences() {
    let text = "Et ord. To ord.";
    let tokens = tokenize(text);
    // No paragraphs at all: the whole text is one region.
    let s = split_sentences(text, &tokens, &[]);
    assert_eq!(s.len(), 2);
    // A paragraph covering only the second sentence: the first is its own region.
    let s = split_sentences(text, &tokens, &[Span::new(8, 15)]);
    let spans: Vec<&str> = s.iter().map(|s| &text[s.span.range()]).collect();
    assert_eq!(spans, ["Et ord.", "To ord."]);
    assert_eq!(s[1].tokens, 3..6);
}

#[test]
fn empty_text_has_no_sentences() {
    assert!(sentences("").is_empty());
    assert!(split_sentences("", &[], &[]).is_empty());
}

/// In text laid out in paragraphs, a sentence never ends after a bare word: the
/// paragraphs already show where headlines end. (Regression: a paragraph opening
/// with a two-word name was split after its first word.)
#[test]
fn paragraphed_text_splits_only_at_punctuation() {
    let text = "Ministeren kom for sent.\n\nPark Ji-hoon kunne fra Folketinget fortælle, at han var enig.\n\nAndre Nielsen Holm Jensen rejste sig og gik.";
    assert_eq!(
        sentences(text),
        [
            "Ministeren kom for sent.",
            "Park Ji-hoon kunne fra Folketinget fortælle, at han var enig.",
            "Andre Nielsen Holm Jensen rejste sig og gik."
        ]
    );
}

// A flat stream (one paragraph, like the UD evaluation text): a headline or
// byline without final punctuation ends before a word that opens sentences, but
// not before a name.
table!(flat_stream_headlines_end_before_sentence_openers:
    "Rolig uge i byrådet Den nye borgmester begynder i august." =>
        ["Rolig uge i byrådet", "Den nye borgmester begynder i august."],
    "Brand i lejlighed Beboerne nåede at komme ud, inden ilden bredte sig." =>
        ["Brand i lejlighed", "Beboerne nåede at komme ud, inden ilden bredte sig."],
    "Fest hos Hansen Men naboerne klagede over larmen." =>
        ["Fest hos Hansen", "Men naboerne klagede over larmen."],
    "Af Jens Hansen Statsministeren kom for sent til mødet." =>
        ["Af Jens Hansen", "Statsministeren kom for sent til mødet."],
    "Mødet blev holdt hos Søren Jensen i Vejle. Det varede to timer." =>
        ["Mødet blev holdt hos Søren Jensen i Vejle.", "Det varede to timer."],
);

// A colon ends a sentence before a new clause, not before a list.
table!(colons_end_sentences_before_clauses_only:
    "Politiet oplyser: Manden blev anholdt i nat." =>
        ["Politiet oplyser:", "Manden blev anholdt i nat."],
    "Der var tre grunde: Prisen, kvaliteten og leveringstiden." =>
        ["Der var tre grunde: Prisen, kvaliteten og leveringstiden."],
);

// A quotation closed without punctuation of its own is a nickname or title: the
// name after it stays in the sentence. (Regression: `"Rambo"` was split off.)
table!(names_after_a_closing_quote_stay:
    "Filmen med Sylvester \"Rambo\" Stallone blev vist i aftes. Den var spændende." =>
        ["Filmen med Sylvester \"Rambo\" Stallone blev vist i aftes.", "Den var spændende."],
    "Vinderen blev Lars \"Bulder\" Nielsen fra Herning. Han fik en pokal." =>
        ["Vinderen blev Lars \"Bulder\" Nielsen fra Herning.", "Han fik en pokal."],
    "Bokseren Mike \"Iron\" Tyson tabte kampen.\n\nHan var skuffet." =>
        ["Bokseren Mike \"Iron\" Tyson tabte kampen.", "Han var skuffet."],
    "Hun læste bogen \"Jagten\" Efter det ville hun ikke mere." =>
        ["Hun læste bogen \"Jagten\"", "Efter det ville hun ikke mere."],
    "\"Vi er færdige.\" Peter Hansen rejste sig og gik." =>
        ["\"Vi er færdige.\"", "Peter Hansen rejste sig og gik."],
);
