//! The index on disk with hand-built analyses (our own Danish sentences): ingest,
//! idempotency, Danish matching, month-precision dates, facets and profiles,
//! without running the NLP pipeline.

#![allow(clippy::unwrap_used)] // helpers outside #[test] functions

use kilde_core::{
    Article, ArticleDate, CitedSource, Doc, Entity, EntityLabel, Mention, Quote, SourceKind, Span,
    Speaker,
};
use kilde_search::{Filters, Granularity, KildeIndex, SearchRequest, Sort, Writer};

/// An article whose named things are found by looking for the given words.
fn article(date: &str, text: &str, people: &[&str], quote: Option<(&str, &str)>) -> (Article, Doc) {
    let mut article = Article::new(date.parse::<ArticleDate>().unwrap(), text.to_string());
    article.sources = vec!["ritzau".to_string()];
    let mut doc = Doc::default();
    for (n, name) in people.iter().enumerate() {
        let start = text.find(name).expect("the name is in the text");
        doc.mentions.push(Mention {
            tokens: 0..0,
            span: Span::new(start, start + name.len()),
            label: EntityLabel::Per,
            entity: Some(n),
        });
        doc.entities.push(Entity {
            id: format!("e{n}"),
            canonical: name.to_string(),
            label: EntityLabel::Per,
            forms: vec![(name.to_string(), 1)],
        });
    }
    if let Some((said, by)) = quote {
        let start = text.find(said).unwrap();
        let who = text.find(by).unwrap();
        doc.quotes.push(Quote {
            span: Span::new(start, start + said.len()),
            direct: true,
            cue: None,
            speaker: Some(Speaker {
                span: Span::new(who, who + by.len()),
                entity: people.iter().position(|p| *p == by),
            }),
        });
    }
    doc.cited_sources.push(CitedSource {
        span: None,
        name: "Reuters".into(),
        canonical: "Reuters".into(),
        kind: SourceKind::Agency,
        cue: "skriver".into(),
    });
    (article, doc)
}

fn corpus() -> Vec<(Article, Doc)> {
    vec![
        article(
            "2026-03-02",
            "Nordkorea gennemførte i weekenden nye atomprøvesprængninger, skriver Reuters.\n\n\
             - Det er dybt bekymrende, siger Lene Dahl.",
            &["Lene Dahl"],
            Some(("Det er dybt bekymrende", "Lene Dahl")),
        ),
        article(
            "2026-03",
            "En prøvesprængning under jorden blev målt af seismologer i Japan. \
             Landet har ikke opgivet sin forskning i atom og raketter, og flere \
             prøvesprængninger ventes. Eksperter i atom og fysik følger sagen.",
            &[],
            None,
        ),
        article(
            "2026-04-10",
            "Regeringen vil bruge flere penge på missiltests og luftforsvar, siger Lene Dahl.",
            &["Lene Dahl"],
            None,
        ),
        article(
            "2025-12-01",
            "Aalborg Portland øger produktionen, og Anders Krogh ser lyst på fremtiden.",
            &["Anders Krogh"],
            None,
        ),
    ]
}

fn build(dir: &std::path::Path) -> KildeIndex {
    build_in_commits(dir, false)
}

/// The corpus in one commit, or one commit (so one segment) per article.
fn build_in_commits(dir: &std::path::Path, commit_each: bool) -> KildeIndex {
    let index = KildeIndex::open_or_create(dir).unwrap();
    let mut writer = Writer::new(&index, 1).unwrap();
    let articles = corpus();
    writer.learn(articles.iter().map(|(a, _)| a.text.as_str()));
    for (a, d) in &articles {
        assert!(writer.claim(&a.id).unwrap());
        let document = writer.document(a, d);
        writer.add(document).unwrap();
        if commit_each {
            writer.commit().unwrap();
        }
    }
    writer.finish().unwrap();
    index
}

fn ids(index: &KildeIndex, request: &SearchRequest) -> Vec<String> {
    index
        .search(request)
        .unwrap()
        .hits
        .into_iter()
        .map(|h| h.id)
        .collect()
}

fn id_of(text_start: &str) -> String {
    corpus()
        .into_iter()
        .find(|(a, _)| a.text.starts_with(text_start))
        .map(|(a, _)| a.id.0)
        .unwrap()
}

#[test]
fn reingesting_the_same_articles_adds_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let index = build(tmp.path());
    assert_eq!(index.num_articles(), 4);
    let mut writer = Writer::new(&index, 1).unwrap();
    for (a, _) in corpus() {
        assert!(!writer.claim(&a.id).unwrap(), "{} is already indexed", a.id);
    }
    writer.finish().unwrap();
    drop(index);
    assert_eq!(KildeIndex::open(tmp.path()).unwrap().num_articles(), 4);
}

#[test]
fn an_exact_word_ranks_above_a_compound_part_and_plain_stemming_misses_the_part() {
    let tmp = tempfile::tempdir().unwrap();
    let index = build(tmp.path());
    let exact = id_of("En prøvesprængning");
    let compound = id_of("Nordkorea");
    let found = ids(&index, &SearchRequest::new("prøvesprængning", 10));
    assert_eq!(found, [exact.clone(), compound]);
    let mut plain = SearchRequest::new("prøvesprængning", 10);
    plain.decompound = false;
    assert_eq!(ids(&index, &plain), [exact]);
    // Inflection: the singular query finds the plural.
    assert_eq!(
        ids(&index, &SearchRequest::new("missiltest", 10)),
        [id_of("Regeringen")]
    );
    // Old spelling: `Ålborg` finds `Aalborg`.
    assert_eq!(
        ids(&index, &SearchRequest::new("Ålborg", 10)),
        [id_of("Aalborg")]
    );
}

#[test]
fn a_month_precision_date_matches_any_range_overlapping_its_month() {
    let tmp = tempfile::tempdir().unwrap();
    let index = build(tmp.path());
    let mut request = SearchRequest::new("", 10);
    request.filters = Filters {
        from: Some("2026-03-15".into()),
        to: Some("2026-03-31".into()),
        ..Filters::default()
    };
    assert_eq!(ids(&index, &request), [id_of("En prøvesprængning")]);
    let mut query = SearchRequest::new("date:2026-03", 10);
    query.sort = Sort::Oldest;
    assert_eq!(ids(&index, &query).len(), 2);
    let attention = index
        .attention(&SearchRequest::new("", 10), Granularity::Week)
        .unwrap();
    assert_eq!(attention.month_only, 1);
    assert_eq!(attention.points.iter().map(|p| p.count).sum::<u64>(), 3);
}

#[test]
fn facets_filters_and_the_entity_profile() {
    let tmp = tempfile::tempdir().unwrap();
    let index = build(tmp.path());
    let mut request = SearchRequest::new("", 10);
    request.facets = kilde_search::FacetSet::ALL;
    let facets = index.search(&request).unwrap().facets.unwrap();
    let sources: Vec<(&str, u64)> = facets
        .sources
        .iter()
        .map(|c| (c.value.as_str(), c.count))
        .collect();
    assert_eq!(sources, [("Reuters", 4), ("ritzau", 4)]);
    assert_eq!(facets.entities["PER"][0].value, "Lene Dahl");
    assert_eq!(facets.entities["PER"][0].count, 2);
    assert_eq!(facets.speakers[0].value, "Lene Dahl");
    let months: Vec<&str> = facets.months.iter().map(|c| c.value.as_str()).collect();
    assert_eq!(
        months,
        ["2025-12", "2026-01", "2026-02", "2026-03", "2026-04"]
    );

    // Asking for some facets counts those alone, with the same numbers.
    request.facets = kilde_search::FacetSet::parse("month,source").unwrap();
    let some = index.search(&request).unwrap().facets.unwrap();
    assert_eq!(some.sources, facets.sources);
    assert_eq!(some.months, facets.months);
    assert!(some.entities.is_empty() && some.speakers.is_empty());
    request.facets = kilde_search::FacetSet::parse("speakers, entity").unwrap();
    let others = index.search(&request).unwrap().facets.unwrap();
    assert_eq!(others.entities, facets.entities);
    assert_eq!(others.speakers, facets.speakers);
    assert!(others.months.is_empty() && others.sources.is_empty());
    let unknown = kilde_search::FacetSet::parse("month,people").unwrap_err();
    assert!(
        unknown.to_string().contains("unknown facet \"people\""),
        "{unknown}"
    );
    assert!(!kilde_search::FacetSet::parse("none").unwrap().any());

    let mut speaker = SearchRequest::new("", 10);
    speaker.filters.speakers = vec!["lene dahl".into()];
    assert_eq!(ids(&index, &speaker), [id_of("Nordkorea")]);
    assert_eq!(
        ids(&index, &SearchRequest::new("speaker:\"Lene Dahl\"", 10)).len(),
        1
    );
    assert_eq!(
        ids(&index, &SearchRequest::new("entity:Krogh", 10)),
        [id_of("Aalborg")]
    );

    let profile = index.entity_profile("lene dahl", 10).unwrap().unwrap();
    assert_eq!(profile.name, "Lene Dahl");
    assert_eq!(profile.label.as_deref(), Some("PER"));
    assert_eq!((profile.articles, profile.mentions), (2, 2));
    assert_eq!(profile.quotes_by.len(), 1);
    assert_eq!(profile.quotes_by[0].text, "Det er dybt bekymrende");
    assert!(index.entity_profile("Ingen Sådan", 10).unwrap().is_none());
    let (total, quotes) = index.speaker_quotes("Lene Dahl", 10, 0).unwrap();
    assert_eq!((total, quotes.len()), (1, 1));
}

#[test]
fn bad_queries_and_dates_are_user_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let index = build(tmp.path());
    for bad in ["(atom", "speaker:\"Lene", "date:2026-13"] {
        match index.search(&SearchRequest::new(bad, 10)) {
            Err(kilde_search::Error::Query(message)) => assert!(message.contains('^'), "{message}"),
            other => panic!("{bad}: {other:?}"),
        }
    }
    let mut request = SearchRequest::new("", 10);
    request.filters.from = Some("2026-04".into());
    request.filters.to = Some("2026-03".into());
    assert!(matches!(
        index.search(&request),
        Err(kilde_search::Error::Query(_))
    ));
    let mut too_many = SearchRequest::new("", kilde_search::MAX_LIMIT + 1);
    too_many.offset = 0;
    assert!(matches!(
        index.search(&too_many),
        Err(kilde_search::Error::Query(_))
    ));
}

#[test]
fn someone_known_only_as_a_speaker_has_a_profile() {
    let tmp = tempfile::tempdir().unwrap();
    let index = KildeIndex::open_or_create(tmp.path()).unwrap();
    let text = "Vejret bliver værre i nat. - Vi anbefaler at blive hjemme, siger Stormrådet.";
    let (article, mut doc) = article("2026-03-27", text, &[], None);
    let at = text.find("Stormrådet").unwrap();
    let said = text.find("Vi anbefaler").unwrap();
    doc.entities.push(Entity {
        id: "s".into(),
        canonical: "Stormrådet".into(),
        label: EntityLabel::Org,
        forms: vec![("Stormrådet".into(), 1)],
    });
    doc.quotes.push(Quote {
        span: Span::new(said, said + "Vi anbefaler at blive hjemme".len()),
        direct: true,
        cue: None,
        speaker: Some(Speaker {
            span: Span::new(at, at + "Stormrådet".len()),
            entity: Some(0),
        }),
    });
    let mut writer = Writer::new(&index, 1).unwrap();
    writer.learn([article.text.as_str()]);
    assert!(writer.claim(&article.id).unwrap());
    let document = writer.document(&article, &doc);
    writer.add(document).unwrap();
    writer.finish().unwrap();
    let profile = index.entity_profile("Stormrådet", 5).unwrap().unwrap();
    assert_eq!((profile.articles, profile.mentions), (1, 1));
    assert_eq!(profile.quotes_by.len(), 1);
}

#[test]
fn the_total_counts_every_match_however_the_page_is_found() {
    let tmp = tempfile::tempdir().unwrap();
    let index = build(tmp.path());
    // (query, from, facets, sort, matches): lone words count apart from a pruned
    // page, other queries while collecting it, facet queries in the facet pass.
    let cases: [(&str, Option<&str>, bool, Sort, usize); 10] = [
        ("atom", None, false, Sort::Relevance, 2),
        ("aalborg", None, false, Sort::Relevance, 1),
        ("lene", None, false, Sort::Relevance, 2),
        ("\"lene dahl\"", None, false, Sort::Relevance, 2),
        ("lene OR aalborg", None, false, Sort::Relevance, 3),
        ("lene AND regeringen", None, false, Sort::Relevance, 1),
        ("lene", Some("2026-04"), false, Sort::Relevance, 1),
        ("lene", None, true, Sort::Relevance, 2),
        ("lene", None, false, Sort::Newest, 2),
        ("", None, false, Sort::Oldest, 4),
    ];
    for (query, from, facets, sort, matches) in cases {
        for limit in [0, 1, 10] {
            let mut request = SearchRequest::new(query, limit);
            request.filters.from = from.map(str::to_string);
            request.sort = sort;
            if facets {
                request.facets = kilde_search::FacetSet::ALL;
            }
            let results = index.search(&request).unwrap();
            assert_eq!(
                results.total, matches,
                "{query:?} from {from:?} limit {limit}"
            );
            assert_eq!(
                results.hits.len(),
                matches.min(limit),
                "{query:?} limit {limit}"
            );
        }
    }
}

#[test]
fn searching_segments_on_several_threads_gives_the_same_results() {
    let tmp = tempfile::tempdir().unwrap();
    // One segment per article, so the threads share real work.
    drop(build_in_commits(tmp.path(), true));
    let answers = |threads: usize| -> Vec<String> {
        let mut index = KildeIndex::open(tmp.path()).unwrap();
        index.set_search_threads(threads).unwrap();
        assert!(index.searcher().segment_readers().len() > 1);
        ["atom", "lene", "\"lene dahl\"", "lene OR aalborg", ""]
            .into_iter()
            .map(|query| {
                let mut request = SearchRequest::new(query, 10);
                request.facets = kilde_search::FacetSet::ALL;
                let results = index.search(&request).unwrap();
                let hits: Vec<_> = results.hits.iter().map(|h| &h.id).collect();
                format!("{query} {} {hits:?} {:?}", results.total, results.facets)
            })
            .collect()
    };
    let one = answers(1);
    assert_eq!(one, answers(3));
    assert!(one[1].contains(" 2 "), "{}", one[1]);
}

#[test]
fn facets_follow_the_index_as_articles_are_added() {
    let tmp = tempfile::tempdir().unwrap();
    let mut index = KildeIndex::open_or_create(tmp.path()).unwrap();
    index.keep_decoded_columns();
    let everything = |index: &KildeIndex| {
        let mut request = SearchRequest::new("", 10);
        request.facets = kilde_search::FacetSet::ALL;
        index.search(&request).unwrap()
    };
    let articles = corpus();
    let mut writer = Writer::new(&index, 1).unwrap();
    writer.learn(articles.iter().map(|(a, _)| a.text.as_str()));
    for (added, (a, d)) in articles.iter().enumerate() {
        let document = writer.document(a, d);
        writer.add(document).unwrap();
        writer.commit().unwrap();
        // The same open index, whose facet columns were decoded at the last search,
        // counts the new segment too, as a freshly opened one does.
        let results = everything(&index);
        let facets = results.facets.unwrap();
        assert_eq!(results.total, added + 1);
        let dated: u64 = facets.months.iter().map(|c| c.count).sum();
        assert_eq!(dated, added as u64 + 1, "{:?}", facets.months);
        let fresh = KildeIndex::open(tmp.path()).unwrap();
        assert_eq!(
            format!("{facets:?}"),
            format!("{:?}", everything(&fresh).facets.unwrap())
        );
    }
    writer.finish().unwrap();
}

/// Every article matching, in order: blocks of matches close together are counted
/// from the decoded columns, and must count what the columns hold.
#[test]
fn facets_over_dense_matches_count_every_value() {
    let tmp = tempfile::tempdir().unwrap();
    let mut index = KildeIndex::open_or_create(tmp.path()).unwrap();
    index.keep_decoded_columns();
    let mut writer = Writer::new(&index, 1).unwrap();
    for i in 0..90 {
        let date = format!("2026-0{}-{:02}", 1 + i % 3, 1 + i % 28);
        let text = if i % 2 == 0 {
            format!("Artikel {i} om havnen, siger Lene Dahl.")
        } else {
            format!("Artikel {i} om skolerne i Odense.")
        };
        let people: &[&str] = if i % 2 == 0 { &["Lene Dahl"] } else { &[] };
        let (a, d) = article(&date, &text, people, None);
        let document = writer.document(&a, &d);
        writer.add(document).unwrap();
    }
    writer.finish().unwrap();
    // With the columns decoded (as `kilde serve` keeps them) and without.
    let plain = KildeIndex::open(tmp.path()).unwrap();
    for index in [&index, &plain] {
        let mut request = SearchRequest::new("", 10);
        request.facets = kilde_search::FacetSet::ALL;
        let results = index.search(&request).unwrap();
        let facets = results.facets.unwrap();
        assert_eq!(results.total, 90);
        let counts = |list: &[kilde_search::Count]| -> Vec<(String, u64)> {
            list.iter().map(|c| (c.value.clone(), c.count)).collect()
        };
        assert_eq!(
            counts(&facets.months),
            [("2026-01", 30), ("2026-02", 30), ("2026-03", 30)].map(|(m, n)| (m.to_string(), n))
        );
        assert_eq!(
            counts(&facets.sources),
            [("Reuters", 90), ("ritzau", 90)].map(|(s, n)| (s.to_string(), n))
        );
        assert_eq!(
            counts(&facets.entities["PER"]),
            [("Lene Dahl".to_string(), 45)]
        );
    }
}
