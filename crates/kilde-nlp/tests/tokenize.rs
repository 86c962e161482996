//! Tokenizer specification: one table row per phenomenon, TEXT then the expected
//! tokens joined by ` | `. All sentences are written for these tests.

use kilde_nlp::tokenize;

fn tokens(text: &str) -> String {
    tokenize(text)
        .iter()
        .map(|s| &text[s.range()])
        .collect::<Vec<_>>()
        .join(" | ")
}

macro_rules! table {
    ($name:ident: $($text:expr => $expected:expr),+ $(,)?) => {
        #[test]
        fn $name() {
            $( assert_eq!(tokens($text), $expected, "text: {:?}", $text); )+
        }
    };
}

table!(abbreviations_keep_their_period:
    "Han kom bl.a. med f.eks. to æbler." => "Han | kom | bl.a. | med | f.eks. | to | æbler | .",
    "Det koster ca. 40 kr. om dagen." => "Det | koster | ca. | 40 | kr. | om | dagen | .",
    "Budgettet er på 3 mio. kr. og 2 mia. euro." => "Budgettet | er | på | 3 | mio. | kr. | og | 2 | mia. | euro | .",
    "Prisen steg hhv. 4 pct. og 6 pct." => "Prisen | steg | hhv. | 4 | pct. | og | 6 | pct.",
    "Se jf. afsnit nr. 3 kl. 14 i dag." => "Se | jf. | afsnit | nr. | 3 | kl. | 14 | i | dag | .",
    "Det betyder dvs. evt. nye regler inkl. moms osv." => "Det | betyder | dvs. | evt. | nye | regler | inkl. | moms | osv.",
    "Bøger, blade m.v. blev solgt." => "Bøger | , | blade | m.v. | blev | solgt | .",
    "Hun blev dr.phil. i fjor." => "Hun | blev | dr.phil. | i | fjor | .",
    "Vi bor på St. Kongensgade." => "Vi | bor | på | St. | Kongensgade | .",
    "Evt. spørgsmål til Fig. 2." => "Evt. | spørgsmål | til | Fig. | 2 | .",
    "Billetten kostede 120 kr.. Det var dyrt." => "Billetten | kostede | 120 | kr. | . | Det | var | dyrt | .",
);

table!(ambiguous_abbreviations_depend_on_the_next_word:
    "Turen tog 20 min. i alt." => "Turen | tog | 20 | min. | i | alt | .",
    "Det er bogen min. Den er ny." => "Det | er | bogen | min | . | Den | er | ny | .",
    "Han kom hjem i nat. Så sov han." => "Han | kom | hjem | i | nat | . | Så | sov | han | .",
);

table!(ordinals_and_dates:
    "Mødet er den 8. marts kl. 10." => "Mødet | er | den | 8. | marts | kl. | 10 | .",
    "Han gik i 3. klasse i 1992." => "Han | gik | i | 3. | klasse | i | 1992 | .",
    "Det skete i 1992. Derefter kom krisen." => "Det | skete | i | 1992 | . | Derefter | kom | krisen | .",
    "Christian IV. byggede meget." => "Christian | IV. | byggede | meget | .",
);

table!(numbers_stay_whole:
    "Beløbet var 1.000,50 kr. mod 2,5 før." => "Beløbet | var | 1.000,50 | kr. | mod | 2,5 | før | .",
    "Der kom 12.500 tilskuere, 10-12 busser og 1/2 liter." => "Der | kom | 12.500 | tilskuere | , | 10-12 | busser | og | 1/2 | liter | .",
    "Klokken 10.30 faldt den -5 grader." => "Klokken | 10.30 | faldt | den | -5 | grader | .",
    "Scoren blev 2-1." => "Scoren | blev | 2-1 | .",
    "Væksten var 3,5%." => "Væksten | var | 3,5% | .",
);

table!(hyphenated_compounds_and_names:
    "FN-resolutioner og tv-stationerne talte om Kim Jong-un." =>
        "FN-resolutioner | og | tv-stationerne | talte | om | Kim | Jong-un | .",
    "Ministeren Chung Eui-yong kom til Ellemann-Jensen." =>
        "Ministeren | Chung | Eui-yong | kom | til | Ellemann-Jensen | .",
    "Det 23-årige talent spillede i 80'erne." => "Det | 23-årige | talent | spillede | i | 80'erne | .",
);

table!(suspended_hyphens:
    "Vi bruger majs- og hvedemel." => "Vi | bruger | majs- | og | hvedemel | .",
    "Både vindruekerne- og æbleolie." => "Både | vindruekerne- | og | æbleolie | .",
    "Det gælder både syd- og nordsiden." => "Det | gælder | både | syd- | og | nordsiden | .",
);

table!(possessives_and_clitics:
    "USA's præsident og ØK's direktør mødtes." => "USA's | præsident | og | ØK's | direktør | mødtes | .",
    "Elvis' guitar og Lars' cykel." => "Elvis' | guitar | og | Lars' | cykel | .",
    "Det sku' være løgn, men vi ka' godt." => "Det | sku' | være | løgn | , | men | vi | ka' | godt | .",
    "Hun sagde 'nej' til det." => "Hun | sagde | ' | nej | ' | til | det | .",
);

table!(quotation_marks_are_tokens:
    "„Vi kommer i morgen“, sagde hun." => "„ | Vi | kommer | i | morgen | “ | , | sagde | hun | .",
    "\"Det er slut,\" siger han." => "\" | Det | er | slut | , | \" | siger | han | .",
    "»Nej!« råbte de." => "» | Nej | ! | « | råbte | de | .",
    "Han kaldte det \"Jump\"-nummeret." => "Han | kaldte | det | \"Jump\"-nummeret | .",
);

table!(dash_quotes:
    "- Vi vil, siger hun." => "- | Vi | vil | , | siger | hun | .",
    "– Nej, svarede han." => "– | Nej | , | svarede | han | .",
    "Svaret - et klart ja - kom hurtigt." => "Svaret | - | et | klart | ja | - | kom | hurtigt | .",
);

table!(urls_and_email:
    "Læs mere på https://www.kilde.dk/nyheder?id=4. Tak." =>
        "Læs | mere | på | https://www.kilde.dk/nyheder?id=4 | . | Tak | .",
    "Skriv til redaktion@avisen.dk eller se www.avisen.dk." =>
        "Skriv | til | redaktion@avisen.dk | eller | se | www.avisen.dk | .",
    "Mere på dr.dk." => "Mere | på | dr.dk | .",
);

table!(initials:
    "J. P. Morgan og H.C. Andersen mødtes." => "J. | P. | Morgan | og | H.C. | Andersen | mødtes | .",
    "Han læser B.T. hver dag." => "Han | læser | B.T. | hver | dag | .",
);

table!(ellipsis_and_repeated_punctuation:
    "Tja... det ved jeg ikke." => "Tja | ... | det | ved | jeg | ikke | .",
    "Hvad nu...?" => "Hvad | nu | ... | ?",
    "Hvad?! Nej!" => "Hvad | ? | ! | Nej | !",
    "Vent lige …" => "Vent | lige | …",
);

table!(brackets_and_punctuation:
    "Partiet (V) stemte nej; de andre ja: alle." => "Partiet | ( | V | ) | stemte | nej | ; | de | andre | ja | : | alle | .",
    "Firmaet (A/S) voksede." => "Firmaet | ( | A/S | ) | voksede | .",
    "Regl(er) gælder." => "Regl(er) | gælder | .",
);

table!(whitespace_of_all_kinds:
    "Et\u{a0}ord\u{2009}mere\n\nNyt afsnit" => "Et | ord | mere | Nyt | afsnit",
    "" => "",
    "   " => "",
);
