//! Pages (`layout: page`): annotated and checked like articles, listed nowhere.

use crate::*;

/// A page about the desk that mentions THAAD and quotes Yoon, beside a story that
/// mentions THAAD.
fn site_with_page() -> Site {
    Site::new()
        .file("content/glossary.yaml", GLOSSARY)
        .file("content/site.yaml", "base_url: https://example.org/\n")
        .file(
            "content/about.md",
            "---\ntitle: About the desk\nlayout: page\nquotes:\n  - text: We explain\n    speaker: yoon\n---\nWe cover THAAD. Yoon said \"We explain the news every day.\"\n",
        )
        .article("story", "", "THAAD again.")
}

#[test]
fn a_page_is_listed_nowhere_but_has_its_own_url() {
    let site = site_with_page();
    site.build_ok();
    let index = site.read("index.html");
    assert!(!index.contains("About the desk"), "{index}");
    assert!(index.contains("story/index.html"));
    let feed = site.read("atom.xml");
    assert!(
        !feed.contains("About the desk") && !feed.contains("about/"),
        "{feed}"
    );
    let sitemap = site.read("sitemap.xml");
    assert!(
        sitemap.contains("<url><loc>https://example.org/about/</loc></url>"),
        "{sitemap}"
    );
    assert!(site.exists("about/index.html"));
}

#[test]
fn a_page_counts_in_no_backlinks_mention_counts_or_quotes() {
    let site = site_with_page();
    site.build_ok();
    let thaad = site.read("glossary/thaad/index.html");
    assert!(thaad.contains("story/index.html"), "{thaad}");
    assert!(!thaad.contains("about/index.html"), "{thaad}");
    let yoon = site.read("glossary/yoon/index.html");
    assert!(!yoon.contains("about/index.html"), "{yoon}");
    assert!(!yoon.contains("We explain"), "{yoon}");
    let glossary = site.read("glossary/index.html");
    let yoon_item = element(&glossary, "<div class=\"entry\" id=\"yoon\"");
    assert!(
        yoon_item.contains("Mentioned in 0 articles."),
        "{yoon_item}"
    );
    let thaad_item = element(&glossary, "<div class=\"entry\" id=\"thaad\"");
    assert!(
        thaad_item.contains("Mentioned in 1 article."),
        "{thaad_item}"
    );
}

#[test]
fn a_page_is_annotated_and_its_quotes_attributed_without_byline_or_news_article() {
    let site = site_with_page();
    site.build_ok();
    let page = site.read("about/index.html");
    assert!(
        page.contains(r#"<a class="term" data-term="thaad""#),
        "{page}"
    );
    assert!(page.contains(r#"data-speaker="yoon""#), "{page}");
    assert!(page.contains(r#"<article class="page">"#), "{page}");
    assert!(!page.contains("class=\"byline\""), "{page}");
    assert!(!page.contains("<time"), "{page}");
    assert!(page.contains(r#""@type":"WebPage""#), "{page}");
    assert!(!page.contains("NewsArticle"), "{page}");
}

#[test]
fn a_page_needs_no_date_and_may_have_one() {
    let site = Site::new()
        .file("content/a.md", "---\ntitle: A\nlayout: page\n---\nText.\n")
        .file(
            "content/b.md",
            "---\ntitle: B\nlayout: page\ndate: 2022-01-01\n---\nText.\n",
        );
    site.build_ok();
    assert!(!site.read("b/index.html").contains("2022"));
}

#[test]
fn a_page_html_template_replaces_the_built_in_one_for_pages_only() {
    let site = site_with_page().file(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block main %}<p id=own>{{ article.title }}</p>{% endblock main %}",
    );
    site.build_ok();
    assert!(
        site.read("about/index.html")
            .contains("<p id=own>About the desk</p>")
    );
    assert!(!site.read("story/index.html").contains("<p id=own>"));
}

#[test]
fn an_unknown_layout_is_an_error_with_the_nearest_name() {
    let site = Site::new().article("a", "layout: pgae\n", "Text.");
    let d = site.error("bad-layout");
    assert_eq!((d.location.line, d.location.column), (4, 9));
    assert_eq!(d.help.as_deref(), Some("did you mean `page`?"));
}

#[test]
fn an_article_still_needs_a_date() {
    let site = Site::new().file(
        "content/a.md",
        "---\ntitle: A\nlayout: article\n---\nText.\n",
    );
    let d = site.error("missing-key");
    assert!(d.message.contains("`date`"), "{}", d.message);
}

#[test]
fn check_still_reads_a_page() {
    let site = Site::new().file(
        "content/a.md",
        "---\ntitle: A\nlayout: page\n---\nA [link](term:nope).\n",
    );
    site.error("unknown-term");
}

/// content/about.md as a page with these front matter lines and a body of three sections.
fn page_with(front: &str) -> Site {
    Site::new().file(
        "content/about.md",
        &format!(
            "---\ntitle: About\nlayout: page\n{front}---\nIntro.\n\n## One\n\nx\n\n## Two\n\ny\n\n## Three\n\nz\n"
        ),
    )
}

#[test]
fn a_page_shows_a_table_of_contents_only_when_it_asks_for_one() {
    let site = page_with("toc: true\n");
    site.build_ok();
    let page = site.read("about/index.html");
    assert!(
        page.contains("<nav class=\"toc\" aria-labelledby=\"contents\">"),
        "{page}"
    );
    assert!(page.contains("<li><a href=\"#two\">Two</a></li>"), "{page}");
    // Three sections make no table of contents on a page by themselves.
    let site = page_with("");
    site.build_ok();
    assert!(!site.read("about/index.html").contains("class=\"toc\""));
}

#[test]
fn a_page_shows_its_corrections_and_lists_them_in_json_ld() {
    let site = page_with(
        "corrections:\n  - date: 2022-08-12\n    text: Our *address* changed.\n  - date: 2022-08-13\n    text: Top.\n    prominent: true\n",
    );
    site.build_ok();
    let page = site.read("about/index.html");
    let main = &page[page.find("<main").unwrap()..];
    let top = main
        .find("<aside class=\"correction prominent\">")
        .expect("prominent note");
    let end = main.find("Our <em>address</em> changed.").expect("note");
    assert!(
        top < main.find("Intro.").unwrap() && main.find("Intro.").unwrap() < end,
        "{main}"
    );
    assert!(page.contains(
        r#""correction":[{"@type":"CorrectionComment","datePublished":"2022-08-13T00:00:00Z","text":"Top."},{"@type":"CorrectionComment","datePublished":"2022-08-12T00:00:00Z","text":"Our address changed."}]"#
    ), "{page}");
}

#[test]
fn an_author_on_a_page_is_a_warning_at_the_key() {
    let site = page_with("author: Kim\n");
    let report = site.build().unwrap_or_else(|e| panic!("{e}"));
    let w = &report.warnings[0];
    assert_eq!(w.code, "page-author");
    assert_eq!((w.location.line, w.location.column), (4, 9));
    assert_eq!(
        w.message,
        "`author` has no effect on a page: a page shows no byline and makes no author page"
    );
    assert!(!site.read("about/index.html").contains("Kim"));
}

#[test]
fn build_and_check_count_pages_apart_from_articles() {
    let site = site_with_page();
    let said = |args: &[&str]| {
        let out = site.run(args);
        assert_eq!(out.status.code(), Some(0));
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    assert!(said(&["build"]).contains("built 1 article and 1 page ("));
    assert!(said(&["check"]).contains("checked 1 article and 1 page: no errors"));
}
