//! Properties that hold for any input: tokens are ordered, disjoint, on char
//! boundaries, whitespace-free and cover every non-whitespace character;
//! sentences partition the tokens and never cross a paragraph.

use kilde_core::{Article, Span, paragraph_spans};
use kilde_nlp::{Pipeline, split_sentences, tokenize};
use proptest::prelude::*;

fn check(text: &str) -> Result<(), TestCaseError> {
    let tokens = tokenize(text);
    let mut covered = vec![false; text.len()];
    let mut prev_end = 0;
    for t in &tokens {
        prop_assert!(t.start < t.end, "empty token {t:?}");
        prop_assert!(t.start >= prev_end, "overlap or disorder at {t:?}");
        prop_assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
        let s = &text[t.range()];
        prop_assert!(!s.chars().any(char::is_whitespace), "whitespace in {s:?}");
        covered[t.range()].iter_mut().for_each(|c| *c = true);
        prev_end = t.end;
    }
    for (i, c) in text.char_indices() {
        prop_assert!(c.is_whitespace() || covered[i], "{c:?} at {i} not covered");
    }
    let paragraphs = paragraph_spans(text);
    let sentences = split_sentences(text, &tokens, &paragraphs);
    let mut next = 0;
    for s in &sentences {
        prop_assert_eq!(s.tokens.start, next, "sentences must partition the tokens");
        prop_assert!(s.tokens.end > s.tokens.start);
        prop_assert_eq!(
            s.span,
            Span::new(tokens[s.tokens.start].start, tokens[s.tokens.end - 1].end)
        );
        let inside = |p: &Span| p.start <= s.span.start && s.span.end <= p.end;
        let in_any = paragraphs.iter().any(inside);
        let touches = paragraphs
            .iter()
            .any(|p| p.start < s.span.end && s.span.start < p.end);
        prop_assert!(
            in_any || !touches,
            "sentence {:?} crosses a paragraph",
            s.span
        );
        next = s.tokens.end;
    }
    prop_assert_eq!(next, tokens.len());
    Ok(())
}

/// Text built from pieces that exercise the tokenizer's edge rules.
fn danishish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("kr.".to_string()),
        Just("f.eks.".to_string()),
        Just("8.".to_string()),
        Just("...".to_string()),
        Just("\"".to_string()),
        Just("»".to_string()),
        Just("«".to_string()),
        Just("„".to_string()),
        Just("-".to_string()),
        Just("'".to_string()),
        Just("USA's".to_string()),
        Just("(".to_string()),
        Just(")".to_string()),
        Just(".".to_string()),
        Just("?!".to_string()),
        Just(" ".to_string()),
        Just("\n\n".to_string()),
        Just("\u{a0}".to_string()),
        "[a-zA-ZæøåÆØÅ0-9.,'\"()-]{1,8}",
    ];
    proptest::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_string(text in any::<String>()) {
        check(&text)?;
    }

    #[test]
    fn punctuation_heavy_text(text in danishish()) {
        check(&text)?;
    }

    #[test]
    fn pipeline_agrees_with_functions(text in danishish()) {
        let article = Article::from_text(text.clone());
        let doc = Pipeline::danish().analyze(&article);
        prop_assert_eq!(&doc.tokens, &tokenize(&text));
        prop_assert_eq!(doc.sentences, split_sentences(&text, &doc.tokens, &article.paragraphs));
    }
}
