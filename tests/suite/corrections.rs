//! Corrections and updates as newsrooms publish them: dated notes, newest first, at the
//! end of the article (or at its top when prominent), the latest one the article's
//! modification date, on the page and in its structured data.

use super::*;

/// The article's JSON-LD `NewsArticle` node.
fn news_article(page: &str) -> serde_json::Value {
    let start = page.find("application/ld+json\">").expect("JSON-LD") + 21;
    let end = start + page[start..].find("</script>").unwrap();
    let ld: serde_json::Value = serde_json::from_str(&page[start..end]).unwrap();
    ld["@graph"][0].clone()
}

/// The page's `<main>`, past its JSON-LD, which holds the notes' text too.
fn main_of(page: &str) -> &str {
    &page[page.find("<main").expect("main")..]
}

const TWO: &str = "corrections:\n\
  \x20 - date: 2022-08-12\n    text: An earlier version misspelt Lee's name.\n\
  \x20 - date: 2022-08-15\n    text: The *second* note.\n";

#[test]
fn corrections_are_dated_notes_newest_first_after_the_body() {
    let site = Site::new().article("a", TWO, "The body.");
    site.build_ok();
    let page = site.read("a/index.html");
    let page = main_of(&page);
    let body = page.find("The body.").unwrap();
    let second = page
        .find("The <em>second</em> note.")
        .expect("rendered Markdown");
    let first = page.find("misspelt Lee").unwrap();
    assert!(body < second && second < first, "{page}");
    assert!(page.contains(
        "<aside class=\"correction\">\n<p class=\"correction-label\"><strong>Correction</strong> · \
         <time datetime=\"2022-08-15T00:00:00Z\">15 August 2022</time></p>"
    ));
}

#[test]
fn a_prominent_correction_stands_at_the_top_of_the_article() {
    let front = format!("{TWO}  - date: 2022-08-13\n    text: Top note.\n    prominent: true\n");
    let site = Site::new().article("a", &front, "The body.");
    site.build_ok();
    let page = site.read("a/index.html");
    let page = main_of(&page);
    let top = page.find("<aside class=\"correction prominent\">").unwrap();
    assert!(top < page.find("Top note.").unwrap());
    assert!(page.find("Top note.").unwrap() < page.find("The body.").unwrap());
    assert!(page.find("</header>").unwrap() < top);
    assert!(page.find("The body.").unwrap() < page.find("misspelt Lee").unwrap());
}

#[test]
fn the_latest_correction_is_the_modification_date_in_json_ld_with_correction_comments() {
    let front = format!("updated: 2022-08-13\n{TWO}");
    let site = Site::new().article("a", &front, "The body.");
    site.build_ok();
    let news = news_article(&site.read("a/index.html"));
    assert_eq!(news["dateModified"], "2022-08-15T00:00:00Z");
    assert_eq!(news["datePublished"], "2022-08-11T00:00:00Z");
    let comments = news["correction"].as_array().unwrap();
    assert_eq!(comments.len(), 2);
    assert_eq!(comments[0]["@type"], "CorrectionComment");
    assert_eq!(comments[0]["text"], "The second note.");
    assert_eq!(comments[0]["datePublished"], "2022-08-15T00:00:00Z");
    assert_eq!(
        comments[1]["text"],
        "An earlier version misspelt Lee's name."
    );
}

#[test]
fn an_updated_date_later_than_every_correction_stays_the_modification_date() {
    let front = format!("updated: 2022-09-01\n{TWO}");
    let site = Site::new().article("a", &front, "The body.");
    site.build_ok();
    let page = site.read("a/index.html");
    assert_eq!(news_article(&page)["dateModified"], "2022-09-01T00:00:00Z");
    assert!(
        page.contains("Updated <time datetime=\"2022-09-01T00:00:00Z\">1 September 2022</time>")
    );
}

#[test]
fn the_byline_says_published_and_updated_with_the_latest_correction_s_date() {
    let site = Site::new().article("a", TWO, "The body.");
    site.build_ok();
    let page = site.read("a/index.html");
    assert!(page.contains(
        "<span class=\"published\">Published <time datetime=\"2022-08-11T00:00:00Z\">11 August 2022</time></span>"
    ));
    assert!(page.contains(
        "<span class=\"updated\">Updated <time datetime=\"2022-08-15T00:00:00Z\">15 August 2022</time></span>"
    ));
}

#[test]
fn an_article_without_corrections_or_update_says_published_only() {
    let site = Site::new().article("a", "", "The body.");
    site.build_ok();
    let page = site.read("a/index.html");
    assert!(page.contains("Published <time"));
    assert!(!page.contains("Updated"));
    assert!(!page.contains("correction"));
    assert!(news_article(&page).get("correction").is_none());
    assert_eq!(news_article(&page)["dateModified"], "2022-08-11T00:00:00Z");
}

#[test]
fn a_correction_s_text_cannot_inject_markup() {
    let front = "corrections:\n  - date: 2022-08-12\n    text: \"See [x](javascript:alert(1)) & <b>Lee</b> <script>alert(1)</script>\"\n";
    let site = Site::new().article("a", front, "The body.");
    let report = site.build().unwrap_or_else(|e| panic!("{e}"));
    let page = site.read("a/index.html");
    assert!(!page.contains("<script>alert"), "{page}");
    assert!(!page.contains("javascript:"));
    // Raw HTML is left out, as in a body, with a warning at the text: never shown escaped.
    assert!(
        main_of(&page).contains("<p>See <a href=\"\">x</a> &amp; Lee alert(1)</p>"),
        "{page}"
    );
    assert!(!page.contains("&lt;b&gt;"), "{page}");
    let w = &report.warnings[0];
    assert_eq!((w.code, w.location.line), ("raw-html", 6), "{w:?}");
}

#[test]
fn a_correction_s_raw_html_follows_raw_html_and_json_ld_has_its_plain_text() {
    let front = "corrections:\n  - date: 2022-08-12\n    text: \"<div>Block &amp; <b>bold</b></div>\"\n  - date: 2022-08-13\n    text: \"<b>Lee</b>'s title is *Dr*.\"\n";
    for raw_html in [true, false] {
        let site = Site::new()
            .article("a", front, "The body.")
            .file("content/site.yaml", &format!("raw_html: {raw_html}\n"));
        let report = site.build().unwrap_or_else(|e| panic!("{e}"));
        let page = site.read("a/index.html");
        let news = news_article(&page);
        let texts: Vec<&str> = news["correction"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["text"].as_str().unwrap())
            .collect();
        assert!(!page.contains("&lt;"), "{page}");
        if raw_html {
            assert_eq!(texts, ["Lee's title is Dr.", "Block & bold"]);
            assert!(
                main_of(&page).contains("<div>Block &amp; <b>bold</b></div>"),
                "{page}"
            );
            assert!(main_of(&page).contains("<p><b>Lee</b>'s title is <em>Dr</em>.</p>"));
            assert!(report.warnings.is_empty(), "{:?}", report.warnings);
        } else {
            assert_eq!(texts, ["Lee's title is Dr.", ""]);
            assert!(main_of(&page).contains("<p>Lee's title is <em>Dr</em>.</p>"));
            assert_eq!(report.warnings.len(), 2, "{:?}", report.warnings);
        }
    }
}

#[test]
fn a_correction_dated_before_the_article_is_an_error_at_its_date() {
    let front = "corrections:\n  - date: 2022-08-10\n    text: Too early.\n";
    let d = Site::new().article("a", front, "x").error("bad-date");
    assert!(d.message.contains("before the article"), "{}", d.message);
    assert_eq!((d.location.line, d.location.column), (5, 11));
}

#[test]
fn an_update_dated_before_the_article_is_an_error_at_updated() {
    let d = Site::new()
        .article("a", "updated: 2022-08-10\n", "x")
        .error("bad-date");
    assert_eq!(
        d.message,
        "the article is updated on 2022-08-10, before it is published (2022-08-11)"
    );
    assert_eq!((d.location.line, d.location.column), (4, 10));
    assert!(d.help.as_deref().unwrap().contains("on or after `date`"));
    // The same day, at any time, is no error.
    Site::new()
        .article("b", "updated: 2022-08-11T08:00:00+09:00\n", "x")
        .build_ok();
}

#[test]
fn a_bad_correction_date_is_an_error_at_its_place() {
    let front = "corrections:\n  - date: 2022-02-30\n    text: Bad.\n";
    let d = Site::new().article("a", front, "x").error("bad-date");
    assert!(d.message.contains("2022-02-30"), "{}", d.message);
    assert_eq!((d.location.line, d.location.column), (5, 11));
    assert!(d.help.is_some());
}

#[test]
fn a_correction_without_text_or_date_is_an_error() {
    let front = "corrections:\n  - date: 2022-08-12\n  - text: No date.\n  - date: 2022-08-12\n    text: \"  \"\n";
    let errors = Site::new().article("a", front, "x").errors();
    let lines: Vec<(usize, &str)> = errors
        .iter()
        .filter(|d| d.code == "missing-key")
        .map(|d| (d.location.line, d.message.as_str()))
        .collect();
    assert_eq!(
        lines,
        [
            (5, "this correction has no `text`"),
            (6, "this correction has no `date`"),
            (8, "the correction's text is empty"),
        ]
    );
}

#[test]
fn an_unknown_key_in_a_correction_suggests_the_known_one() {
    let front = "corrections:\n  - date: 2022-08-12\n    txt: Typo.\n";
    let d = Site::new().article("a", front, "x").error("unknown-key");
    assert_eq!(d.help.as_deref(), Some("did you mean `text`?"));
}

#[test]
fn the_feeds_date_an_article_by_its_latest_correction() {
    let site = Site::new()
        .file("content/site.yaml", "base_url: https://example.org/\n")
        .article("a", TWO, "The body.");
    site.build_ok();
    assert!(
        site.read("atom.xml")
            .contains("<updated>2022-08-15T00:00:00Z</updated>")
    );
    assert!(
        site.read("sitemap.xml")
            .contains("<lastmod>2022-08-15T00:00:00Z</lastmod>")
    );
}
