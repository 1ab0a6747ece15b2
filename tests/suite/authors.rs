//! Authors as entries: a byline that names a person entry (by id, or by its exact name)
//! links to that person's author page, which lists their articles newest first.

use super::*;

const REPORTERS: &str = "kim:\n  name: Kim <Ji-won> & co\n  kind: person\n  role: Reporter\n\
                         yonhap:\n  name: Yonhap\n  kind: organization\n";

fn site() -> Site {
    Site::new()
        .file("content/glossary.yaml", REPORTERS)
        .file(
            "content/old.md",
            "---\ntitle: Older story\ndate: 2021-01-01\nauthor: kim\n---\nBody.\n",
        )
        .file(
            "content/new.md",
            "---\ntitle: Newer story\ndate: 2023-01-01\nauthor: [\"Kim <Ji-won> & co\", Park]\n---\nBody.\n",
        )
        .file(
            "content/plain.md",
            "---\ntitle: Plain byline\ndate: 2022-01-01\nauthor: Park\n---\nBody.\n",
        )
}

#[test]
fn an_author_page_lists_their_articles_newest_first() {
    let site = site();
    site.build_ok();
    let page = site.read("authors/kim/index.html");
    let newer = page.find("new/index.html").expect("newer");
    let older = page.find("old/index.html").expect("older");
    assert!(newer < older, "{page}");
    assert!(!page.contains("plain/index.html"));
    assert!(
        page.contains("<h1>Kim &lt;Ji-won&gt; &amp; co</h1>"),
        "{page}"
    );
    assert!(page.contains("href=\"../../glossary/kim/index.html\""));
}

#[test]
fn a_byline_links_to_the_author_page_and_escapes_the_name() {
    let site = site();
    site.build_ok();
    let by_id = site.read("old/index.html");
    assert!(by_id.contains(
        "By <a href=\"../authors/kim/index.html\" rel=\"author\">Kim &lt;Ji-won&gt; &amp; co</a></span>"
    ), "{by_id}");
    let by_name = site.read("new/index.html");
    assert!(by_name.contains(
        "By <a href=\"../authors/kim/index.html\" rel=\"author\">Kim &lt;Ji-won&gt; &amp; co</a>, Park</span>"
    ));
    let index = site.read("index.html");
    assert!(
        index.contains(
            " · <a href=\"authors/kim/index.html\">Kim &lt;Ji-won&gt; &amp; co</a>, Park</p>"
        ),
        "{index}"
    );
}

#[test]
fn a_plain_string_byline_gets_no_author_page_and_no_link() {
    let site = site();
    site.build_ok();
    assert!(!site.exists("authors/park/index.html"));
    assert!(
        site.read("plain/index.html")
            .contains("<span class=\"authors\">By Park</span>")
    );
}

#[test]
fn the_entry_page_links_to_the_author_page_only_for_an_author() {
    let site = site();
    site.build_ok();
    assert!(site.read("glossary/kim/index.html").contains(
        "<a href=\"../../authors/kim/index.html\">Articles by Kim &lt;Ji-won&gt; &amp; co</a>"
    ));
    assert!(!site.read("glossary/yonhap/index.html").contains("authors/"));
}

#[test]
fn json_ld_gives_an_author_with_a_page_its_url() {
    let site = site().file("content/site.yaml", "base_url: https://example.org/\n");
    site.build_ok();
    let page = site.read("new/index.html");
    assert!(page.contains(
        r#""author":[{"@type":"Person","name":"Kim \u003cJi-won\u003e \u0026 co","url":"https://example.org/authors/kim/"},{"@type":"Person","name":"Park"}]"#
    ), "{page}");
    let sitemap = site.read("sitemap.xml");
    assert!(
        sitemap.contains("<url><loc>https://example.org/authors/kim/</loc></url>"),
        "{sitemap}"
    );
    assert!(
        !sitemap.contains("authors/park"),
        "a plain byline has no page"
    );
}

#[test]
fn a_byline_naming_an_entry_that_is_no_person_is_an_error_at_it() {
    let site = Site::new()
        .file("content/glossary.yaml", REPORTERS)
        .article("a", "author: [Kim, yonhap]\n", "x");
    let d = site.error("author-not-person");
    assert_eq!((d.location.line, d.location.column), (4, 15));
    assert!(d.message.contains("Yonhap"), "{}", d.message);
}

#[test]
fn an_article_under_authors_is_refused() {
    let d = Site::new()
        .article("authors/kim", "", "x")
        .error("reserved-path");
    assert!(d.message.contains("author pages"), "{}", d.message);
}

#[test]
fn an_entry_named_only_as_an_author_is_no_unused_entry() {
    let site = Site::new()
        .file(
            "content/glossary.yaml",
            "kim:\n  name: Kim Ji-won\n  kind: person\nlee:\n  name: Lee\n  kind: person\n",
        )
        .article("a", "author: Kim Ji-won\n", "Body.");
    let out = site.run(&["check", "--strict"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("the entry `lee` is never mentioned"),
        "{stderr}"
    );
    assert!(!stderr.contains("`kim`"), "{stderr}");
}

#[test]
fn an_author_that_is_no_text_is_an_error_at_its_item() {
    for (front, line, column, what) in [
        ("author: [aldgra-fredly, 7]\n", 4, 25, "a number"),
        ("author:\n  - Kim\n  - true\n", 6, 5, "true or false"),
        ("author: 2.5\n", 4, 9, "a number"),
        ("author:\n  - Kim\n  - [Lee]\n", 6, 3, "a list"),
    ] {
        let site = Site::new().article("a", front, "Body");
        let d = site.error("bad-author");
        assert_eq!(
            d.message,
            format!("an author is a name or an entry id (text), not {what}"),
            "{front}"
        );
        assert_eq!(
            (d.location.line, d.location.column),
            (line, column),
            "{front}"
        );
        assert!(d.help.as_deref().unwrap().contains("in quotes"), "{front}");
    }
    // Quoted, a number is a name; an empty item is none.
    let site = Site::new().article("a", "author: [\"7\", ~, Kim]\n", "Body");
    site.build_ok();
    assert!(site.read("a/index.html").contains("By 7, Kim"));
}
