//! The navigation menu (site.yaml `menu:`): pages of the site by source file, external
//! links by URL, in every page's header.

use crate::*;

fn menu_site(menu: &str) -> Site {
    Site::new()
        .file("content/site.yaml", &format!("menu:\n{menu}"))
        .file(
            "content/info/about.md",
            "---\ntitle: About\nlayout: page\nslug: about-us\n---\nAbout.\n",
        )
        .article("2022/story", "", "Text.")
}

/// The links of the header's navigation of a page.
fn nav_links(html: &str) -> Vec<&str> {
    between(element(html, "<nav class=\"site-nav\""), "href=\"", "\"")
}

#[test]
fn a_menu_page_links_to_its_url_from_every_depth() {
    let site = menu_site("  - name: About\n    page: info/about.md\n");
    site.build_ok();
    assert_eq!(
        nav_links(&site.read("index.html")),
        ["index.html", "glossary/index.html", "about-us/index.html"]
    );
    assert_eq!(
        nav_links(&site.read("2022/story/index.html"))[2],
        "../../about-us/index.html"
    );
    let index = site.read("index.html");
    let nav = element(&index, "<nav class=\"site-nav\"");
    assert!(nav.contains(">About</a>"), "{nav}");
}

#[test]
fn a_menu_url_links_out_as_written() {
    let site = menu_site("  - name: Newsroom\n    url: https://example.org/news?a=1&b=2\n");
    site.build_ok();
    assert_eq!(
        nav_links(&site.read("2022/story/index.html"))[2],
        "https://example.org/news?a=1&amp;b=2"
    );
}

#[test]
fn a_menu_name_is_escaped() {
    let site = menu_site("  - name: \"<b>About</b> & more\"\n    page: info/about.md\n");
    site.build_ok();
    let index = site.read("index.html");
    let nav = element(&index, "<nav class=\"site-nav\"");
    assert!(nav.contains("&lt;b&gt;About&lt;/b&gt; &amp; more"), "{nav}");
    assert!(!nav.contains("<b>"), "{nav}");
}

#[test]
fn a_missing_menu_page_is_an_error_with_the_nearest_file() {
    let site = menu_site("  - name: About\n    page: info/abuot.md\n");
    let d = site.error("unknown-page");
    assert_eq!(d.location.path, "content/site.yaml");
    assert_eq!((d.location.line, d.location.column), (3, 11));
    assert_eq!(d.help.as_deref(), Some("did you mean `info/about.md`?"));
}

#[test]
fn a_menu_url_must_be_a_web_address() {
    let d = menu_site("  - name: Bad\n    url: javascript:alert(1)\n").error("bad-url");
    assert_eq!(d.location.line, 3);
}

#[test]
fn a_menu_item_needs_page_or_url_and_no_other_key() {
    menu_site("  - name: Both\n    page: info/about.md\n    url: https://example.org/\n")
        .error("bad-menu");
    menu_site("  - name: Neither\n").error("bad-menu");
    let d = menu_site("  - name: About\n    pgae: info/about.md\n").error("unknown-key");
    assert_eq!(d.help.as_deref(), Some("did you mean `page`?"));
}

#[test]
fn without_a_menu_the_header_has_only_the_site_s_own_links() {
    let site = Site::new().article("a", "", "Text.");
    site.build_ok();
    assert_eq!(
        nav_links(&site.read("index.html")),
        ["index.html", "glossary/index.html"]
    );
}

#[test]
fn a_menu_page_left_out_of_the_build_says_why() {
    for (front, why, help) in [
        (
            "date: 2999-01-01\n",
            "content/soon.md is scheduled for 2999-01-01",
            "--future",
        ),
        (
            "date: 2019-01-01\nexpires: 2020-01-01\n",
            "content/soon.md expired on 2020-01-01",
            "--expired",
        ),
        (
            "date: 2019-01-01\ndraft: true\n",
            "content/soon.md is a draft",
            "--drafts",
        ),
    ] {
        let site = menu_site("  - name: Soon\n    page: soon.md\n").file(
            "content/soon.md",
            &format!("---\ntitle: Soon\n{front}---\nx\n"),
        );
        let d = site.error("unknown-page");
        assert_eq!(
            d.message,
            format!("the menu's page `soon.md` is left out of this build: {why}")
        );
        assert_eq!((d.location.line, d.location.column), (3, 11));
        assert!(d.help.as_deref().unwrap().contains(help), "{:?}", d.help);
    }
}
