//! The web UI as people meet it. One real server on a loopback port over a real
//! index built from `examples/demo` (plus a fixture article that tries to inject
//! markup): headless Chromium types a query, follows a result and an entity,
//! switches language and reads the pages at phone width; plain HTTP checks page
//! sizes, escaping, language choice, errors and 404s.

#[path = "browser/driver.rs"]
mod driver;
#[path = "browser/server.rs"]
mod server;

use std::time::Duration;

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use kilde_search::SearchRequest;
use server::server;

/// The issue's limit for every page.
const MAX_PAGE_BYTES: usize = 200 * 1024;

struct Fetched {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: String,
}

async fn fetch(path: &str, headers: &[(&str, &str)]) -> Fetched {
    let mut request = reqwest::Client::new().get(format!("{}{path}", server().base));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.expect("request");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response.text().await.expect("body");
    Fetched {
        status,
        headers,
        body,
    }
}

fn header<'a>(f: &'a Fetched, name: &str) -> &'a str {
    f.headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

#[tokio::test]
async fn every_page_is_under_200_kb_and_a_whole_document() {
    let s = server();
    let all = s
        .index
        .search(&{
            let mut r = SearchRequest::new("", 1000);
            r.facets = kilde_search::FacetSet::ALL;
            r
        })
        .expect("browse");
    let mut paths: Vec<(&str, String)> = vec![
        ("search", "/".into()),
        ("search", "/?q=storm".into()),
        ("search", "/?q=regeringen&sort=newest&lang=en".into()),
        ("search", "/?q=*&page=2".into()),
    ];
    paths.extend(
        all.hits
            .iter()
            .map(|h| ("article", format!("/article/{}", h.id))),
    );
    let facets = all.facets.expect("facets");
    for counts in facets.entities.values() {
        for c in counts.iter().take(5) {
            paths.push(("entity", format!("/entity/{}", encode(&c.value))));
        }
    }
    for c in &facets.speakers {
        paths.push(("entity", format!("/entity/{}", encode(&c.value))));
    }
    let mut largest: Vec<(&str, usize, String)> = Vec::new();
    for (kind, path) in &paths {
        let page = fetch(path, &[]).await;
        assert_eq!(page.status, 200, "{path}: {}", page.body);
        assert!(
            header(&page, "content-type").starts_with("text/html"),
            "{path}"
        );
        let size = page.body.len();
        assert!(size < MAX_PAGE_BYTES, "{path} is {size} bytes");
        for part in [
            "<!DOCTYPE html>",
            r#"<meta name="viewport" content="width=device-width, initial-scale=1">"#,
            r##"<a class="skip" href="#main">"##,
            r#"<main id="main""#,
            "</html>",
        ] {
            assert!(page.body.contains(part), "{path} lacks {part}");
        }
        match largest.iter_mut().find(|(k, _, _)| k == kind) {
            Some(entry) if entry.1 < size => *entry = (kind, size, path.clone()),
            Some(_) => {}
            None => largest.push((kind, size, path.clone())),
        }
    }
    let css = fetch(&format!("/ui/kilde-{}.css", env!("CARGO_PKG_VERSION")), &[]).await;
    assert_eq!(css.status, 200);
    assert!(header(&css, "content-type").starts_with("text/css"));
    for (kind, size, path) in &largest {
        eprintln!("largest {kind} page: {size} bytes ({path})");
    }
    eprintln!(
        "stylesheet: {} bytes; {} pages checked",
        css.body.len(),
        paths.len()
    );
    assert!(paths.len() > 60, "pages checked: {}", paths.len());
}

fn encode(segment: &str) -> String {
    segment
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn everything_from_the_index_and_the_url_is_escaped() {
    let s = server();
    let article = fetch(&format!("/article/{}", s.hostile_id), &[]).await;
    assert_eq!(article.status, 200);
    let body = &article.body;
    for raw in ["<script", "<img", "<b>ingen"] {
        assert!(!body.contains(raw), "unescaped {raw} in the article page");
    }
    for escaped in [
        "&lt;script&gt;alert(&quot;kilde&quot;)&lt;/script&gt;",
        "&lt;b&gt;ingen&lt;/b&gt;",
        "&lt;img src=x onerror=alert(1)&gt; Hærværk i Nordlys",
        " &amp; fjernet",
    ] {
        assert!(
            body.contains(escaped),
            "{escaped} missing from the article page"
        );
    }
    // The fixture is analysed like any article: its quote is marked.
    assert!(body.contains(r#"<span class="quote""#), "{body}");

    let search = fetch("/?q=hjemmeside+Nordlys", &[]).await;
    assert_eq!(search.status, 200);
    assert!(!search.body.contains("<img") && !search.body.contains("<script"));
    assert!(search.body.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(search.body.contains("<mark>"), "{}", search.body);

    let echoed = fetch(
        "/?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E&entity=%3Cb%3E",
        &[],
    )
    .await;
    assert!(!echoed.body.contains("<script") && !echoed.body.contains("<b>"));
    assert!(
        echoed
            .body
            .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
    );

    let entity = fetch("/entity/%3Cscript%3Ex%3C%2Fscript%3E", &[]).await;
    assert_eq!(entity.status, 404);
    assert!(!entity.body.contains("<script"));
    assert!(entity.body.contains("&lt;script&gt;x&lt;/script&gt;"));
}

#[tokio::test]
async fn unknown_articles_and_entities_get_a_404_page_in_the_readers_language() {
    let article = fetch("/article/0000000000000000", &[]).await;
    assert_eq!(article.status, 404);
    assert!(header(&article, "content-type").starts_with("text/html"));
    assert!(
        article.body.contains("<h1>Siden findes ikke</h1>"),
        "{}",
        article.body
    );
    assert!(article.body.contains("0000000000000000"));
    assert!(article.body.contains(r#"<a href="/">Til søgningen</a>"#));

    let entity = fetch(
        "/entity/Ingen%20S%C3%A5dan%20Person",
        &[("accept-language", "en")],
    )
    .await;
    assert_eq!(entity.status, 404);
    assert!(
        entity.body.contains("<h1>Page not found</h1>"),
        "{}",
        entity.body
    );
    assert!(entity.body.contains("Ingen Sådan Person"));
}

#[tokio::test]
async fn the_language_follows_the_toggle_cookie_and_accept_language() {
    let danish = fetch("/?q=storm", &[]).await;
    assert!(danish.body.contains(r#"<html lang="da">"#));
    assert!(danish.body.contains(">Søg</button>"));
    assert!(
        danish.body.contains(r#"href="/?q=storm&amp;lang=en""#),
        "the toggle keeps the search"
    );
    assert!(header(&danish, "vary").contains("accept-language"));
    assert!(header(&danish, "set-cookie").is_empty());

    let browser_en = fetch("/", &[("accept-language", "en-GB,en;q=0.9,da;q=0.5")]).await;
    assert!(browser_en.body.contains(r#"<html lang="en">"#));
    assert!(browser_en.body.contains(">Search</button>"));

    let toggled = fetch("/?lang=en", &[("accept-language", "da")]).await;
    assert!(toggled.body.contains(r#"<html lang="en">"#));
    let cookie = header(&toggled, "set-cookie");
    assert!(
        cookie.starts_with("kilde_lang=en;") && cookie.contains("Path=/"),
        "{cookie}"
    );

    let remembered = fetch(
        "/",
        &[("cookie", "kilde_lang=en"), ("accept-language", "da")],
    )
    .await;
    assert!(remembered.body.contains(r#"<html lang="en">"#));
    let back = fetch("/?lang=da", &[("cookie", "kilde_lang=en")]).await;
    assert!(back.body.contains(r#"<html lang="da">"#));
    assert!(header(&back, "set-cookie").starts_with("kilde_lang=da;"));
}

#[tokio::test]
async fn a_bad_query_or_filter_is_shown_with_what_to_fix() {
    for (path, needle) in [
        ("/?q=%28storm", "storm"),
        ("/?q=-storm", "storm"),
        ("/?q=storm&from=2026-13", "2026-13"),
    ] {
        let page = fetch(path, &[]).await;
        assert_eq!(page.status, 400, "{path}");
        assert!(page.body.contains(r#"role="alert""#), "{path}");
        assert!(page.body.contains("Søgningen kunne ikke forstås"), "{path}");
        assert!(page.body.contains(needle), "{path}");
        // The form is still there, holding what was typed.
        assert!(
            page.body
                .contains(r#"<input id="q" type="search" name="q""#),
            "{path}"
        );
    }
}

#[tokio::test]
async fn filters_are_shareable_urls_and_facets_add_them() {
    let all = fetch("/?q=storm", &[]).await;
    let link = link_starting(&all.body, "/?q=storm&amp;entity=").expect("an entity facet link");
    let filtered = fetch(&link, &[]).await;
    assert_eq!(filtered.status, 200);
    assert!(
        filtered.body.contains(r#"type="checkbox" name="entity""#)
            && filtered.body.contains("checked"),
        "the filter is shown and can be unticked"
    );
    assert!(filtered.body.contains(r#"aria-current="true""#));
}

/// The first link in `body` whose (escaped) href starts with `prefix`, unescaped.
fn link_starting(body: &str, prefix: &str) -> Option<String> {
    body.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .find(|href| href.starts_with(prefix))
        .map(|href| href.replace("&amp;", "&"))
}

#[tokio::test]
async fn chart_bars_filter_by_their_period_and_paging_reaches_every_article() {
    let storm = fetch("/?q=storm", &[]).await;
    let bar = link_starting(&storm.body, "/?q=storm&amp;from=2026-").expect("a bar link");
    let day = bar
        .split("from=")
        .nth(1)
        .and_then(|v| v.split('&').next())
        .expect("from");
    assert!(bar.ends_with(&format!("to={day}")), "{bar}");
    let one_day = fetch(&bar, &[]).await;
    assert_eq!(one_day.status, 200);
    assert!(
        one_day.body.contains(&format!(r#"value="{day}""#)),
        "the filter is in the form"
    );

    let total = server().index.num_articles();
    assert!(
        total > 40 && total <= 60,
        "{total} articles: three pages of 20"
    );
    let first = fetch("/", &[]).await;
    assert!(
        first
            .body
            .contains(&format!("Viser 1–20 af {total} artikler"))
    );
    assert!(first.body.contains(r#"<a rel="next" href="/?page=2">"#));
    let last = fetch("/?page=3", &[]).await;
    assert!(
        last.body
            .contains(&format!("Viser 41–{total} af {total} artikler"))
    );
    assert!(last.body.contains(r#"<a rel="prev" href="/?page=2">"#));
    assert!(!last.body.contains(r#"rel="next""#));
    assert_eq!(
        last.body.matches("<li><h3><a href=\"/article/").count() as u64,
        total - 40
    );
}

#[tokio::test]
async fn a_submitted_form_redirects_to_its_short_url() {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let response = client
        .get(format!(
            "{}/?q=storm&from=&to=&source=&entity=DMI&speaker=&sort=&lang=en",
            server().base
        ))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status().as_u16(), 303);
    let location = response.headers().get("location").expect("location");
    assert_eq!(location, "/?q=storm&entity=DMI&lang=en");
}

/// Where `KILDE_SCREENSHOTS` names a directory, each step's page is saved there.
async fn screenshot(client: &Client, name: &str) {
    if let Some(dir) = std::env::var_os("KILDE_SCREENSHOTS") {
        let png = client.screenshot().await.expect("screenshot");
        std::fs::write(std::path::Path::new(&dir).join(format!("{name}.png")), png)
            .expect("write screenshot");
    }
}

async fn count(client: &Client, css: &str) -> usize {
    client.find_all(Locator::Css(css)).await.expect(css).len()
}

async fn wait_for(client: &Client, css: &str) {
    let found = client
        .wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css(css))
        .await;
    if let Err(e) = found {
        let url = client.current_url().await.map(|u| u.to_string());
        let main = match client.find(Locator::Css("main")).await {
            Ok(main) => main.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        };
        panic!("{css} never appeared ({e}) on {url:?}, which shows: {main}");
    }
}

async fn lang(client: &Client) -> String {
    let html = client.find(Locator::Css("html")).await.expect("html");
    html.attr("lang").await.expect("lang").unwrap_or_default()
}

/// True when the page is no wider than the window (no sideways scrolling).
async fn fits(client: &Client) -> bool {
    let widths = client
        .execute(
            "const d = document.documentElement; return [d.scrollWidth, d.clientWidth];",
            vec![],
        )
        .await
        .expect("widths");
    let w: Vec<u64> = serde_json::from_value(widths).expect("two numbers");
    w[0] <= w[1]
}

#[tokio::test]
async fn a_journalist_searches_reads_an_article_and_follows_a_speaker() {
    let (chromium, chromedriver) = match driver::find_browser() {
        Ok(found) => found,
        Err(why) if std::env::var_os("CI").is_some() => {
            panic!("CI must run the browser tests: {why}")
        }
        Err(why) => {
            eprintln!("SKIPPED: the browser tests need headless Chromium: {why}");
            return;
        }
    };
    let base = server().base.clone();
    let driver = driver::Driver::start(chromium, chromedriver);
    let client = driver.session().await;
    let journey = tokio::time::timeout(Duration::from_secs(300), journey(&client, &base)).await;
    let _ = client.close().await;
    journey.expect("the browser journey finished within 5 minutes");
}

async fn journey(client: &Client, base: &str) {
    // The front page, in Danish; Tab reaches the skip link first.
    client.goto(&format!("{base}/")).await.expect("front page");
    assert_eq!(lang(client).await, "da");
    let tab = KeyActions::new("keyboard".into())
        .then(KeyAction::Down {
            value: Key::Tab.into(),
        })
        .then(KeyAction::Up {
            value: Key::Tab.into(),
        });
    client.perform_actions(tab).await.expect("press Tab");
    let focused = client.active_element().await.expect("focus");
    assert_eq!(focused.text().await.expect("text"), "Spring til indholdet");

    // Type a query and submit it.
    let input = client.find(Locator::Id("q")).await.expect("query box");
    input.send_keys("storm").await.expect("type");
    client
        .find(Locator::Css("form.search .qrow button"))
        .await
        .expect("search button")
        .click()
        .await
        .expect("submit");
    wait_for(client, "ol.hits li").await;
    screenshot(client, "1-search").await;
    let url = client.current_url().await.expect("url");
    assert_eq!(url.query(), Some("q=storm"), "the search's short URL");
    assert!(count(client, "ol.hits li").await >= 3);
    let marks = client
        .find_all(Locator::Css("ol.hits mark"))
        .await
        .expect("marks");
    let mut marked = Vec::new();
    for mark in &marks {
        marked.push(mark.text().await.expect("mark text").to_lowercase());
    }
    assert!(
        marked.iter().any(|w| w.starts_with("storm")),
        "a highlighted storm: {marked:?}"
    );
    assert!(count(client, "figure.attention svg.chart rect.bar").await >= 1);
    assert!(
        count(client, "aside.facets ul.per a").await >= 1,
        "person facets"
    );
    let search_url = url.to_string();

    // Follow the first result.
    let first = client
        .find(Locator::Css("ol.hits li h3 a"))
        .await
        .expect("first hit");
    let headline = first.text().await.expect("headline");
    first.click().await.expect("open the article");
    wait_for(client, "article.story").await;
    screenshot(client, "2-article").await;
    let h1 = client
        .find(Locator::Css("article.story h1"))
        .await
        .expect("h1");
    let opening: String = headline.chars().take(60).collect();
    assert!(
        h1.text().await.expect("h1 text").starts_with(&opening),
        "the article of the hit {headline:?}"
    );
    assert!(
        count(client, ".text span.quote").await >= 1,
        "quotes marked"
    );
    assert!(count(client, ".text a.ent").await >= 2, "entities marked");
    assert!(
        count(client, ".text time.tx").await >= 1,
        "time expressions marked"
    );
    assert!(
        count(client, ".text span.quote a.ent, .text span.quote time.tx").await >= 1,
        "marks nest inside quotes"
    );
    assert!(
        count(client, "aside.side ul.quoted > li").await >= 1,
        "who is quoted"
    );
    assert!(
        count(client, "aside.side ul.dates time").await >= 1,
        "dates resolved"
    );
    let article_url = client.current_url().await.expect("url").to_string();

    // Follow a quoted speaker who is also named in the text to the entity page.
    let mut named = Vec::new();
    for a in client
        .find_all(Locator::Css(".text a.ent"))
        .await
        .expect("entities")
    {
        named.extend(a.attr("href").await.expect("href"));
    }
    let mut speaker = None;
    for a in client
        .find_all(Locator::Css("aside.side ul.quoted > li > a.ent"))
        .await
        .expect("quoted speakers")
    {
        if a.attr("href")
            .await
            .expect("href")
            .is_some_and(|h| named.contains(&h))
        {
            speaker = Some(a);
            break;
        }
    }
    let speaker = speaker.expect("a quoted speaker named in the text");
    let name = speaker.text().await.expect("speaker name");
    speaker.click().await.expect("open the entity");
    wait_for(client, "article.profile").await;
    screenshot(client, "3-entity").await;
    let h1 = client
        .find(Locator::Css("article.profile h1"))
        .await
        .expect("h1");
    assert_eq!(h1.text().await.expect("h1 text"), name);
    assert!(
        count(client, "#timeline-h ~ figure svg.chart rect.bar").await >= 1,
        "timeline"
    );
    assert!(
        count(client, "ul.quotes blockquote").await >= 1,
        "its quotes"
    );
    let entity_url = client.current_url().await.expect("url").to_string();

    // Switch to English; the choice sticks on the next page.
    client
        .find(Locator::Css("a.lang"))
        .await
        .expect("language toggle")
        .click()
        .await
        .expect("switch to English");
    wait_for(client, "html[lang=en]").await;
    let heading = client
        .find(Locator::Id("timeline-h"))
        .await
        .expect("timeline heading");
    assert_eq!(heading.text().await.expect("text"), "Mentions over time");
    client
        .find(Locator::Css("a.brand"))
        .await
        .expect("home link")
        .click()
        .await
        .expect("home");
    wait_for(client, "form.search").await;
    assert_eq!(lang(client).await, "en");
    let button = client
        .find(Locator::Css("form.search .qrow button"))
        .await
        .expect("button");
    assert_eq!(button.text().await.expect("text"), "Search");

    // At phone width nothing scrolls sideways.
    client.set_window_size(390, 844).await.expect("phone width");
    for (name, url) in [
        ("4-phone-search", &search_url),
        ("5-phone-article", &article_url),
        ("6-phone-entity", &entity_url),
    ] {
        client.goto(url).await.expect("page");
        wait_for(client, "main").await;
        screenshot(client, name).await;
        assert!(fits(client).await, "{url} scrolls sideways at phone width");
    }
}
