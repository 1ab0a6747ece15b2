//! `aliases`: old URL paths of an article, each a redirect page to it, listed in
//! `_redirects`; aliases that would take another file's place, or leave the output, are
//! errors.

use crate::*;

fn moved(aliases: &str) -> Site {
    Site::new().article("2022/new-slug", &format!("aliases: {aliases}\n"), "Body.\n")
}

#[test]
fn a_folder_alias_is_a_redirect_page_to_the_article() {
    let site = moved("[2022/old-slug/]");
    site.build_ok();
    let page = site.read("2022/old-slug/index.html");
    let target = "../../2022/new-slug/index.html";
    assert!(page.starts_with("<!DOCTYPE html>"), "{page}");
    assert!(
        page.contains(&format!(
            r#"<meta http-equiv="refresh" content="0; url={target}">"#
        )),
        "{page}"
    );
    assert!(
        page.contains(&format!(r#"<link rel="canonical" href="{target}">"#)),
        "{page}"
    );
    assert!(
        page.contains(&format!(r#"<a href="{target}">A test</a>"#)),
        "{page}"
    );
    assert!(
        page.contains(r#"<meta name="robots" content="noindex">"#),
        "{page}"
    );
    assert!(
        page.contains(&format!(r#"location.replace("{target}" + location.hash)"#)),
        "{page}"
    );
    assert_eq!(
        site.read("_redirects"),
        "/2022/old-slug/ /2022/new-slug/ 301\n"
    );
}

#[test]
fn file_aliases_and_a_base_url_with_a_path() {
    let site = moved("\n  - /news/old.html\n  - old\n")
        .file("content/site.yaml", "base_url: https://e.org/explained\n");
    site.build_ok();
    let page = site.read("news/old.html");
    assert!(
        page.contains(r#"content="0; url=../2022/new-slug/index.html""#),
        "{page}"
    );
    assert!(
        page.contains(r#"<link rel="canonical" href="https://e.org/explained/2022/new-slug/">"#),
        "{page}"
    );
    assert!(site.exists("old/index.html"));
    assert_eq!(
        site.read("_redirects"),
        "/explained/news/old.html /explained/2022/new-slug/ 301\n/explained/old/ /explained/2022/new-slug/ 301\n"
    );
    assert!(
        !site.read("sitemap.xml").contains("old"),
        "redirects are not in the sitemap"
    );
}

#[test]
fn a_site_without_aliases_has_no_redirects_file() {
    let site = Site::new().article("a", "", "Body.\n");
    site.build_ok();
    assert!(!site.exists("_redirects"));
}

#[test]
fn a_static_redirects_file_comes_first() {
    let site = moved("[old/]").file("static/_redirects", "/x /y 302");
    site.build_ok();
    assert_eq!(
        site.read("_redirects"),
        "/x /y 302\n/old/ /2022/new-slug/ 301\n"
    );
}

#[test]
fn characters_that_need_escaping_are_escaped() {
    let site = moved(r#"["a\"<b>&'%.html"]"#);
    site.build_ok();
    assert!(site.exists("a\"<b>&'%.html"));
    assert_eq!(
        site.read("_redirects"),
        "/a%22%3Cb%3E&'%25.html /2022/new-slug/ 301\n"
    );
    let site = Site::new().article(
        "x",
        "title: \"</title><script>alert(1)</script>\"\naliases: [old/]\n",
        "Body.\n",
    );
    // The helper's own title comes first; write the file whole instead.
    let site = site.file(
        "content/x.md",
        "---\ntitle: \"<script>&\"\ndate: 2022-08-11\naliases: [old/]\n---\nBody.\n",
    );
    site.build_ok();
    let page = site.read("old/index.html");
    assert!(
        page.contains("<title>Moved: &lt;script&gt;&amp;</title>"),
        "{page}"
    );
    assert!(!page.contains("<script>&"), "{page}");
}

#[test]
fn aliases_with_spaces_or_climbing_out_are_errors_at_their_item() {
    for (alias, what) in [
        ("\"old slug/\"", "white space"),
        ("\"old\\nslug\"", "white space"),
        ("../../etc/", "`..`"),
        ("https://e.org/x", "an address"),
        ("\"\"", "empty"),
        ("\"*\"", "pattern"),
        ("old/:year/", "pattern"),
    ] {
        let site = moved(&format!("\n  - ok/\n  - {alias}\n"));
        let e = site.error("bad-alias");
        assert!(e.message.contains(what), "{alias}: {}", e.message);
        assert_eq!(e.location.path, "content/2022/new-slug.md");
        assert_eq!(e.location.line, 6, "{alias}");
    }
}

#[test]
fn an_alias_at_an_article_s_page_names_both_files() {
    let site = moved("[2022/other/]").article("2022/other", "", "Other.\n");
    let e = site.error("alias-collision");
    assert_eq!(e.location.path, "content/2022/new-slug.md");
    assert_eq!(e.location.line, 4);
    assert_eq!(e.related[0].path, "content/2022/other.md");
}

#[test]
fn an_alias_taken_twice_names_both_files() {
    let site = moved("[old/]").article("b", "aliases: [/old]\n", "B.\n");
    let e = site.error("alias-collision");
    assert_eq!(e.location.path, "content/b.md");
    assert_eq!(e.related[0].path, "content/2022/new-slug.md");
}

#[test]
fn an_alias_at_a_page_of_the_site_or_a_static_file_is_an_error() {
    for (alias, other) in [
        ("glossary/", "glossary/"),
        ("glossary/x/", "glossary/"),
        ("/", "index.html"),
        ("404.html", "404.html"),
        ("_redirects/", "_redirects"),
        ("style.css", "style.css"),
        ("img/logo.html", "static/img/logo.html"),
        ("img/logo.html/", "static/img/logo.html"),
        ("img.html", "static/img.html/x.png"),
        ("authors/", "authors/"),
        ("authors/kim/", "authors/"),
    ] {
        let site = moved(&format!("[\"{alias}\"]"))
            .file("static/img/logo.html", "x")
            .file("static/img.html/x.png", "x");
        let e = site.error("alias-collision");
        assert_eq!(e.related[0].path, other, "{alias}");
        assert_eq!(e.location.path, "content/2022/new-slug.md", "{alias}");
    }
}

#[test]
fn an_alias_in_or_above_an_article_s_page_is_an_error() {
    // `2022/new-slug/index.html/` would need a folder where the article's page is a file.
    for alias in [
        "2022/new-slug/index.html/",
        "2022/new-slug/index.html/x.html",
    ] {
        let site = moved(&format!("[\"{alias}\"]"));
        let e = site.error("alias-collision");
        assert_eq!(e.related[0].path, "content/2022/new-slug.md", "{alias}");
    }
}

#[test]
fn aliases_collide_ignoring_case_as_case_insensitive_file_systems_and_hosts_see_them() {
    // Another article's alias, in another case.
    let site = moved("[Old/]").article("b", "aliases: [old/]\n", "B.\n");
    let e = site.error("alias-collision");
    assert_eq!(e.location.path, "content/b.md");
    assert_eq!(e.related[0].path, "content/2022/new-slug.md");
    // An article's page, the glossary and a static file, in another case.
    for (alias, other) in [
        ("2022/Other/", "content/2022/other.md"),
        ("Glossary/", "glossary/"),
        ("IMG/logo.HTML", "static/img/Logo.html"),
    ] {
        let site = moved(&format!("[\"{alias}\"]"))
            .article("2022/other", "", "Other.\n")
            .file("static/img/Logo.html", "x");
        let e = site.error("alias-collision");
        assert_eq!(e.related[0].path, other, "{alias}");
        assert_eq!(e.location.path, "content/2022/new-slug.md", "{alias}");
    }
    // Alone, an alias keeps its case in the output.
    let site = moved("[Old/News.html]");
    site.build_ok();
    assert!(site.read("Old/News.html").contains("new-slug"));
}
