//! The order of every list of articles: newest first; on the same date by title, then by
//! path, so that no list depends on the order the files are found in. The index, the feed
//! (the 50 newest), the sitemap, an entry's Mentioned in list and a speaker's quotes.

use super::*;

/// Six articles that each mention THAAD; the file names are in no list's order.
/// - `old` (2021, title Aardvark) is oldest, though its title comes first;
/// - `sub/new` (2023, title Zz) is newest, though its title comes last;
/// - `a` (Zulu) and `b` (Mike) share a date: the title puts `b` first;
/// - `p` and `q` share a date and the title Same: the path puts `q` (slug `a-first`) before
///   `p` (slug `z-last`).
///
/// Yoon is quoted in `a` and `b`.
fn tied_site() -> Site {
    let article = |title: &str, date: &str, extra: &str, body: &str| {
        format!("---\ntitle: {title}\ndate: {date}\n{extra}---\nTHAAD. {body}")
    };
    let said = "quotes:\n  - text: We decide\n    speaker: yoon\n";
    let site = Site::new()
        .file("content/glossary.yaml", GLOSSARY)
        .file("content/site.yaml", "base_url: https://example.org/\n")
        .file(
            "content/a.md",
            &article("Zulu", "2022-01-02", said, "“We decide.”"),
        )
        .file(
            "content/b.md",
            &article("Mike", "2022-01-02", said, "“We decide.”"),
        )
        .file("content/old.md", &article("Aardvark", "2021-01-01", "", ""))
        .file(
            "content/p.md",
            &article("Same", "2022-01-02", "slug: z-last\n", ""),
        )
        .file(
            "content/q.md",
            &article("Same", "2022-01-02", "slug: a-first\n", ""),
        )
        .file("content/sub/new.md", &article("Zz", "2023-05-05", "", ""));
    site.build_ok();
    site
}

/// The order every list of `tied_site` must give (each article's path).
const TIED_ORDER: [&str; 6] = ["sub/new/", "b/", "a-first/", "z-last/", "a/", "old/"];

/// The article paths that the links of `html` point to, in order (`root` is the page's
/// way to the site root).
fn linked(html: &str, root: &str) -> Vec<String> {
    between(html, "href=\"", "\"")
        .into_iter()
        .map(|href| {
            href.strip_prefix(root)
                .and_then(|p| p.strip_suffix("index.html"))
                .unwrap_or_else(|| panic!("not a link to an article: {href}"))
                .to_string()
        })
        .collect()
}

#[test]
fn the_index_lists_articles_newest_first_then_by_title_then_by_path() {
    let site = tied_site();
    let index = site.read("index.html");
    let list = element(&index, "<ol class=\"article-list\"");
    assert_eq!(linked(list, ""), TIED_ORDER);
}

#[test]
fn an_entry_page_lists_the_articles_that_mention_it_in_the_same_order() {
    let site = tied_site();
    let page = site.read("glossary/thaad/index.html");
    let list = element(&page, "<section class=\"backlinks\"");
    assert_eq!(linked(list, "../../"), TIED_ORDER);
}

#[test]
fn a_speaker_page_lists_the_quotes_in_the_same_order() {
    let site = tied_site();
    let page = site.read("glossary/yoon/index.html");
    let quotes = element(&page, "<section class=\"quotes\"");
    assert_eq!(linked(quotes, "../../"), ["b/", "a/"]);
}

#[test]
fn the_sitemap_lists_the_home_page_the_glossary_every_article_in_order_then_the_entries() {
    let site = tied_site();
    let sitemap = site.read("sitemap.xml");
    let mut expected = vec!["", "glossary/"];
    expected.extend(TIED_ORDER);
    expected.extend(["glossary/thaad/", "glossary/yoon/"]);
    assert_eq!(
        between(&sitemap, "<loc>https://example.org/", "</loc>"),
        expected
    );
}

#[test]
fn the_feed_holds_the_fifty_newest_newest_first() {
    // Article n (1 to 55) is the n-th newest: its year is 2020 - n (all in the past, so
    // none is scheduled), but 51 shares 50's
    // year and comes after it by title. File names are a shuffle of the ages, so neither
    // the names nor the order the files are found in give the order.
    let mut site = Site::new().file("content/site.yaml", "base_url: https://example.org/\n");
    let path = |n: usize| format!("{:02}-story/", n * 37 % 55);
    for n in 1..=55 {
        let year = if n == 51 { 1970 } else { 2020 - n };
        site = site.file(
            &format!("content/{}.md", path(n).trim_end_matches('/')),
            &format!("---\ntitle: Story {n:02}\ndate: {year}-06-15\n---\nx"),
        );
    }
    site.build_ok();
    let feed = site.read("atom.xml");
    let listed: Vec<&str> = elements(&feed, "<entry>")
        .into_iter()
        .flat_map(|entry| between(entry, "<id>https://example.org/", "</id>"))
        .collect();
    let newest: Vec<String> = (1..=50).map(path).collect();
    assert_eq!(listed, newest, "the 50 newest, newest first");
    let index = site.read("index.html");
    let all: Vec<String> = (1..=55).map(path).collect();
    assert_eq!(
        linked(element(&index, "<ol class=\"article-list\""), ""),
        all
    );
}
