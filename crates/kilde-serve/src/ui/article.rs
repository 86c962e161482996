//! The article page (`/article/{id}`): the text paragraph by paragraph with
//! entities, quotes (and their speakers), cited sources and time expressions
//! marked inline, and a side panel of who is quoted, which sources are cited and
//! which dates are mentioned, resolved to calendar dates.
//!
//! Marks nest and overlap freely in the analysis (an entity inside a quote, a
//! time expression running past a quote's end); HTML elements must nest, so a
//! mark that crosses another's end is closed there and reopened after it.

use std::fmt::Write;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use maud::{Escaper, Markup, PreEscaped, html};
use serde::Deserialize;

use super::i18n::Messages;
use super::{Ctx, Failure, blocking, encode_query, entity_url, format, label_class, label_index};
use crate::AppState;

/// The stored `kilde analyze` record, as much of it as the page shows; offsets
/// are code points into `text`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Record {
    id: String,
    date: Option<String>,
    sources: Vec<String>,
    title: Option<String>,
    text: String,
    paragraphs: Vec<Range>,
    entities: Vec<Entity>,
    quotes: Vec<Quote>,
    cited_sources: Vec<Cited>,
    times: Vec<TimeExpr>,
}

#[derive(Debug, Default, Deserialize)]
struct Range {
    start: usize,
    end: usize,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Entity {
    text: String,
    label: String,
    start: usize,
    end: usize,
    canonical: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Quote {
    text: String,
    start: usize,
    end: usize,
    direct: bool,
    cue: Option<String>,
    speaker: Option<Mention>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Mention {
    text: String,
    start: usize,
    end: usize,
    canonical: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Cited {
    name: String,
    canonical: String,
    kind: String,
    cue: String,
    start: Option<usize>,
    end: Option<usize>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct TimeExpr {
    text: String,
    start: usize,
    end: usize,
    value: String,
    role: String,
    uncertain: bool,
}

impl Mention {
    fn name(&self) -> &str {
        self.canonical
            .as_deref()
            .filter(|c| !c.is_empty())
            .unwrap_or(&self.text)
    }
}

/// `GET /article/{id}`.
pub(super) async fn page(
    State(state): State<AppState>,
    Path(id): Path<String>,
    ctx: Ctx,
) -> Response {
    let index = state.index.clone();
    let wanted = id.clone();
    let found = blocking(move || index.article(&wanted)).await;
    let m = ctx.msg();
    let value = match found {
        Ok(Some(value)) => value,
        Ok(None) => return ctx.not_found(m.no_article, &id),
        Err(Failure::Query(detail) | Failure::Internal(detail)) => return ctx.internal(&detail),
    };
    let record: Record = match serde_json::from_value(value) {
        Ok(record) => record,
        Err(e) => return ctx.internal(&format!("stored record of {id} does not read: {e}")),
    };
    let title = headline(&record);
    let body = render(&record, &title, m);
    ctx.render(StatusCode::OK, &title, true, body)
}

/// The title, or the start of the text cut at a word (as search hits show it).
fn headline(record: &Record) -> String {
    if let Some(title) = record.title.as_deref().filter(|t| !t.trim().is_empty()) {
        return title.to_string();
    }
    let line = record.text.trim_start().lines().next().unwrap_or_default();
    excerpt(line, 160)
}

/// At most `max` characters of `text`, cut at a space, with `…` when cut.
fn excerpt(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let kept = cut.rfind(' ').map_or(cut.as_str(), |space| &cut[..space]);
    format!("{kept}…")
}

fn render(r: &Record, title: &str, m: &Messages) -> Markup {
    html! {
        div.layout {
            article.story {
                h1 { (title) }
                p.meta {
                    @if let Some(date) = &r.date {
                        time datetime=[format::datetime_attr(date)] { (format::date(date, m)) }
                    }
                    @if !r.sources.is_empty() {
                        " · " (r.sources.join(", "))
                    }
                    " · " code { (r.id) }
                }
                (legend(m))
                div.text { (PreEscaped(marked_text(r, m))) }
            }
            aside.side { (side_panel(r, m)) }
        }
    }
}

fn legend(m: &Messages) -> Markup {
    html! {
        details.legend {
            summary { (m.legend) }
            ul {
                @for (i, class) in ["per", "org", "loc", "misc"].iter().enumerate() {
                    li { span class=(format!("ent {class}")) { (m.labels[i]) } }
                }
                li { q.quote { (m.quote) } }
                li { span.quote.reported { (m.reported) } }
                li { span.speaker { (m.speaker_mark) } }
                li { span.src { (m.cited_source) } }
                li { time.tx { (m.time_expression) } }
            }
        }
    }
}

/// What a mark is; the order is the nesting order of marks with the same span.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Quote,
    Source,
    Speaker,
    Entity,
    Time,
}

#[derive(Debug, Clone, Copy)]
struct Mark {
    start: usize,
    end: usize,
    kind: Kind,
    /// Index into the record's list of this kind (the quote's, for a speaker).
    item: usize,
}

/// Every mark of the record. Entities that overlap an earlier entity are left
/// out: entities are links, and a link inside a link is not HTML.
fn marks(r: &Record) -> Vec<Mark> {
    let mut out = Vec::new();
    let mut entity_end = 0;
    let mut entities: Vec<(usize, &Entity)> = r.entities.iter().enumerate().collect();
    entities.sort_by_key(|(_, e)| (e.start, std::cmp::Reverse(e.end)));
    for (item, e) in entities {
        if e.start >= entity_end {
            out.push(Mark {
                start: e.start,
                end: e.end,
                kind: Kind::Entity,
                item,
            });
            entity_end = e.end;
        }
    }
    for (item, q) in r.quotes.iter().enumerate() {
        out.push(Mark {
            start: q.start,
            end: q.end,
            kind: Kind::Quote,
            item,
        });
        if let Some(s) = &q.speaker {
            out.push(Mark {
                start: s.start,
                end: s.end,
                kind: Kind::Speaker,
                item,
            });
        }
    }
    for (item, s) in r.cited_sources.iter().enumerate() {
        if let (Some(start), Some(end)) = (s.start, s.end) {
            out.push(Mark {
                start,
                end,
                kind: Kind::Source,
                item,
            });
        }
    }
    for (item, t) in r.times.iter().enumerate() {
        out.push(Mark {
            start: t.start,
            end: t.end,
            kind: Kind::Time,
            item,
        });
    }
    out.retain(|mk| mk.start < mk.end);
    out
}

/// The text as `<p>` paragraphs with every mark as an element, escaped.
fn marked_text(r: &Record, m: &Messages) -> String {
    // Byte offset of every code point, and of the end.
    let offsets: Vec<usize> = r
        .text
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(r.text.len()))
        .collect();
    let chars = offsets.len() - 1;
    let slice = |from: usize, to: usize| &r.text[offsets[from.min(chars)]..offsets[to.min(chars)]];
    let whole = [Range {
        start: 0,
        end: chars,
    }];
    let paragraphs = if r.paragraphs.is_empty() {
        &whole[..]
    } else {
        &r.paragraphs[..]
    };
    let all = marks(r);
    let mut opened = vec![false; all.len()];
    let mut out = String::with_capacity(r.text.len() * 2);
    for para in paragraphs {
        let (ps, pe) = (para.start.min(chars), para.end.min(chars));
        if ps >= pe {
            continue;
        }
        // Marks within the paragraph, clipped to it, outermost first.
        let mut inside: Vec<(usize, Mark)> = all
            .iter()
            .enumerate()
            .filter(|(_, mk)| mk.start < pe && mk.end > ps)
            .map(|(i, mk)| {
                let mut mk = *mk;
                mk.start = mk.start.max(ps);
                mk.end = mk.end.min(pe);
                (i, mk)
            })
            .collect();
        inside.sort_by_key(|(_, mk)| (mk.start, std::cmp::Reverse(mk.end), mk.kind));
        let mut cuts: Vec<usize> = inside
            .iter()
            .flat_map(|(_, mk)| [mk.start, mk.end])
            .collect();
        cuts.extend([ps, pe]);
        cuts.sort_unstable();
        cuts.dedup();
        out.push_str("<p>");
        let mut stack: Vec<(usize, Mark)> = Vec::new();
        let mut next = 0;
        for (k, &at) in cuts.iter().enumerate() {
            // Close what ends here, and reopen what was closed only to get at it.
            if let Some(lowest) = stack.iter().position(|(_, mk)| mk.end <= at) {
                let popped: Vec<(usize, Mark)> = stack.drain(lowest..).collect();
                for (_, mk) in popped.iter().rev() {
                    out.push_str(close_tag(mk.kind));
                }
                for (i, mk) in popped.into_iter().filter(|(_, mk)| mk.end > at) {
                    open_tag(&mut out, r, m, mk, false);
                    stack.push((i, mk));
                }
            }
            while let Some(&(i, mk)) = inside.get(next).filter(|(_, mk)| mk.start == at) {
                open_tag(&mut out, r, m, mk, !opened[i]);
                opened[i] = true;
                stack.push((i, mk));
                next += 1;
            }
            if let Some(&to) = cuts.get(k + 1) {
                let _ = Escaper::new(&mut out).write_str(slice(at, to));
            }
        }
        out.push_str("</p>\n");
    }
    out
}

fn close_tag(kind: Kind) -> &'static str {
    match kind {
        Kind::Quote | Kind::Source | Kind::Speaker => "</span>",
        Kind::Entity => "</a>",
        Kind::Time => "</time>",
    }
}

/// Writes the opening tag of a mark; `first` for its first piece, which carries
/// the id the side panel links to.
fn open_tag(out: &mut String, r: &Record, m: &Messages, mk: Mark, first: bool) {
    let id = |prefix: &str| first.then(|| format!("{prefix}{}", mk.item));
    let mut attrs: Vec<(&str, String)> = Vec::with_capacity(4);
    let tag = match mk.kind {
        Kind::Quote => {
            let q = &r.quotes[mk.item];
            let class = if q.direct { "quote" } else { "quote reported" };
            attrs.push(("class", class.to_string()));
            if let Some(id) = id("q") {
                attrs.push(("id", id));
            }
            let speaker = q.speaker.as_ref().map_or(m.unknown_speaker, Mention::name);
            let cue = q.cue.as_deref().unwrap_or_default();
            attrs.push(("title", format!("{speaker} ({cue})")));
            // `<span>` rather than `<q>`: the text keeps its own quotation marks.
            "span"
        }
        Kind::Speaker => {
            attrs.push(("class", "speaker".to_string()));
            attrs.push(("title", m.speaker_mark.to_string()));
            "span"
        }
        Kind::Source => {
            let s = &r.cited_sources[mk.item];
            attrs.push(("class", "src".to_string()));
            attrs.push((
                "title",
                format!("{}: {}", m.cited_source, kind_name(&s.kind, m)),
            ));
            "span"
        }
        Kind::Entity => {
            let e = &r.entities[mk.item];
            let name = if e.canonical.is_empty() {
                &e.text
            } else {
                &e.canonical
            };
            let label = label_index(&e.label).map_or(e.label.as_str(), |i| m.labels[i]);
            attrs.push(("class", format!("ent {}", label_class(&e.label))));
            attrs.push(("href", entity_url(name)));
            attrs.push(("title", format!("{label}: {name}")));
            "a"
        }
        Kind::Time => {
            let t = &r.times[mk.item];
            attrs.push(("class", "tx".to_string()));
            if let Some(id) = id("t") {
                attrs.push(("id", id));
            }
            if let Some(dt) = format::datetime_attr(&t.value) {
                attrs.push(("datetime", dt.to_string()));
            }
            attrs.push(("title", format::time_value(&t.value, m)));
            "time"
        }
    };
    out.push('<');
    out.push_str(tag);
    for (name, value) in attrs {
        let _ = write!(out, " {name}=\"");
        let _ = Escaper::new(out).write_str(&value);
        out.push('"');
    }
    out.push('>');
}

fn kind_name<'a>(kind: &'a str, m: &'a Messages) -> &'a str {
    [
        "agency",
        "newspaper",
        "broadcaster",
        "authority",
        "organization",
    ]
    .iter()
    .position(|k| *k == kind)
    .map_or(kind, |i| m.kinds[i])
}

fn role_name<'a>(role: &'a str, m: &'a Messages) -> &'a str {
    ["past", "present", "plan", "deadline", "duration"]
        .iter()
        .position(|k| *k == role)
        .map_or(role, |i| m.roles[i])
}

fn side_panel(r: &Record, m: &Messages) -> Markup {
    // Speakers in order of first quote, each with its quotes.
    let mut speakers: Vec<(Option<&Mention>, Vec<usize>)> = Vec::new();
    for (i, q) in r.quotes.iter().enumerate() {
        let key = q.speaker.as_ref().map(Mention::name);
        match speakers
            .iter_mut()
            .find(|(s, _)| s.map(Mention::name) == key)
        {
            Some((_, list)) => list.push(i),
            None => speakers.push((q.speaker.as_ref(), vec![i])),
        }
    }
    // Names by label, each once, with its mention count.
    let mut names: Vec<(&str, &str, usize)> = Vec::new();
    for e in &r.entities {
        let name = if e.canonical.is_empty() {
            &e.text
        } else {
            &e.canonical
        };
        match names
            .iter_mut()
            .find(|(l, n, _)| *l == e.label && *n == name)
        {
            Some((_, _, count)) => *count += 1,
            None => names.push((&e.label, name, 1)),
        }
    }
    html! {
        section aria-labelledby="quoted-h" {
            h2 #quoted-h { (m.who_is_quoted) }
            @if speakers.is_empty() {
                p { (m.nobody_quoted) }
            }
            ul.quoted {
                @for (speaker, quotes) in &speakers {
                    li {
                        @match speaker.and_then(|s| s.canonical.as_deref().filter(|c| !c.is_empty())) {
                            Some(name) => { a.ent.per href=(entity_url(name)) { (name) } }
                            None => { (speaker.map_or(m.unknown_speaker, |s| s.text.as_str())) }
                        }
                        " " span.n { (quotes.len()) }
                        ul {
                            @for &i in quotes {
                                @let q = &r.quotes[i];
                                li {
                                    a href=(format!("#q{i}")) { "«" (excerpt(&q.text, 90)) "»" }
                                    " " small {
                                        (if q.direct { m.quote } else { m.reported })
                                        @if let Some(cue) = &q.cue { ", " (cue) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        section aria-labelledby="cited-h" {
            h2 #cited-h { (m.sources_cited) }
            @if r.cited_sources.is_empty() {
                p { (m.none_cited) }
            }
            ul {
                @for s in &r.cited_sources {
                    @let name = if s.canonical.is_empty() { &s.name } else { &s.canonical };
                    li {
                        a href=(format!("/?{}", encode_query(&[("source", name)]))) { (name) }
                        " " small {
                            (kind_name(&s.kind, m)) ", "
                            (if s.cue == "sign-off" { m.sign_off } else { &s.cue })
                        }
                    }
                }
            }
        }
        section aria-labelledby="dates-h" {
            h2 #dates-h { (m.dates_mentioned) }
            @if r.times.is_empty() {
                p { (m.none_mentioned) }
            }
            ul.dates {
                @for (i, t) in r.times.iter().enumerate() {
                    li {
                        a href=(format!("#t{i}")) { "«" (t.text) "»" }
                        " → "
                        time datetime=[format::datetime_attr(&t.value)] { (format::time_value(&t.value, m)) }
                        " " small {
                            (role_name(&t.role, m))
                            @if t.uncertain { ", " (m.uncertain) }
                        }
                    }
                }
            }
        }
        @if !names.is_empty() {
            section aria-labelledby="names-h" {
                h2 #names-h { (m.names) }
                @for (i, label) in ["PER", "ORG", "LOC", "MISC"].iter().enumerate() {
                    @let these: Vec<_> = names.iter().filter(|(l, _, _)| l == label).collect();
                    @if !these.is_empty() {
                        h3 { (m.labels_plural[i]) }
                        ul.names {
                            @for (_, name, count) in these {
                                li {
                                    a class=(format!("ent {}", label_class(label))) href=(entity_url(name)) { (name) }
                                    @if *count > 1 { " " span.n { (count) } }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::i18n::Lang;

    fn record() -> Record {
        // "- Kim <b> siger i dag, siger Mette Frederiksen."
        //  0         1         2         3         4
        //  0123456789012345678901234567890123456789012345678
        let text = "- Kim <b> siger i dag, siger Mette Frederiksen.".to_string();
        Record {
            id: "x".into(),
            text,
            paragraphs: vec![Range { start: 0, end: 47 }],
            entities: vec![
                Entity {
                    text: "Kim".into(),
                    label: "PER".into(),
                    start: 2,
                    end: 5,
                    canonical: "Kim Jong-un".into(),
                },
                Entity {
                    text: "Mette Frederiksen".into(),
                    label: "PER".into(),
                    start: 29,
                    end: 46,
                    canonical: "Mette Frederiksen".into(),
                },
            ],
            quotes: vec![Quote {
                text: "Kim <b> siger i".into(),
                start: 2,
                end: 17,
                direct: true,
                cue: Some("siger".into()),
                speaker: Some(Mention {
                    text: "Mette Frederiksen".into(),
                    start: 29,
                    end: 46,
                    canonical: Some("Mette Frederiksen".into()),
                }),
            }],
            // Crosses the quote's end.
            times: vec![TimeExpr {
                text: "i dag".into(),
                start: 16,
                end: 21,
                value: "2026-02-23".into(),
                role: "present".into(),
                uncertain: false,
            }],
            ..Record::default()
        }
    }

    #[test]
    fn marks_nest_and_a_crossing_mark_is_split() {
        let html = marked_text(&record(), Lang::Da.msg());
        let expected = concat!(
            "<p>- <span class=\"quote\" id=\"q0\" title=\"Mette Frederiksen (siger)\">",
            "<a class=\"ent per\" href=\"/entity/Kim%20Jong-un\" title=\"Person: Kim Jong-un\">Kim</a>",
            " &lt;b&gt; siger ",
            "<time class=\"tx\" id=\"t0\" datetime=\"2026-02-23\" title=\"23. februar 2026\">i</time>",
            "</span>",
            "<time class=\"tx\" datetime=\"2026-02-23\" title=\"23. februar 2026\"> dag</time>",
            ", siger <span class=\"speaker\" title=\"Taler\">",
            "<a class=\"ent per\" href=\"/entity/Mette%20Frederiksen\" title=\"Person: Mette Frederiksen\">",
            "Mette Frederiksen</a></span>.</p>\n"
        );
        assert_eq!(html, expected);
    }

    #[test]
    fn overlapping_entities_never_make_a_link_in_a_link() {
        let mut r = record();
        r.entities.push(Entity {
            text: "Kim <b>".into(),
            label: "ORG".into(),
            start: 2,
            end: 9,
            canonical: "Kim <b>".into(),
        });
        let html = marked_text(&r, Lang::En.msg());
        assert_eq!(html.matches("<a ").count(), 2, "{html}");
        assert!(html.contains("Organisation: Kim &lt;b&gt;"), "{html}");
    }

    #[test]
    fn offsets_past_the_text_are_clipped_and_headlines_cut_at_a_word() {
        let mut r = record();
        r.times[0].end = 500;
        r.paragraphs.push(Range {
            start: 40,
            end: 900,
        });
        let html = marked_text(&r, Lang::Da.msg());
        assert_eq!(html.matches("<p>").count(), 2, "{html}");
        // The time expression now runs to the end: it wraps the rest of the text
        // and opens again in the second paragraph, clipped to it.
        assert!(html.ends_with("riksen</a></span>.</time></p>\n"), "{html}");
        assert!(html.contains("\n<p><time class=\"tx\" datetime"), "{html}");
        assert_eq!(excerpt("en to tre fire", 9), "en to…");
        assert_eq!(excerpt("kort", 9), "kort");
        assert_eq!(headline(&r), r.text);
    }
}
