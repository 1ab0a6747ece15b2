use std::collections::BTreeSet;
use std::path::Path;

use super::*;
use crate::pages::test_site::{self, SEOUL, THAAD, YONHAP, YOON, body, config};
use crate::sink::MemorySink;

/// Every listing page of the test site (four entries).
fn all() -> Vec<ListingPage> {
    ListingPage::all(test_site::entries().len()).collect()
}

/// The listing pages of the test site a change touches.
fn touched(c: &ArticleChange) -> Vec<ListingPage> {
    all()
        .into_iter()
        .filter(|page| page.shows().touched_by(c))
        .collect()
}

fn set(entries: &[usize]) -> BTreeSet<usize> {
    entries.iter().copied().collect()
}

#[test]
fn a_site_lists_each_entry_page_and_author_page_then_the_index_feeds_glossary_and_404() {
    assert_eq!(
        all(),
        [
            ListingPage::Entry(THAAD),
            ListingPage::Entry(YOON),
            ListingPage::Entry(YONHAP),
            ListingPage::Entry(SEOUL),
            ListingPage::Author(THAAD),
            ListingPage::Author(YOON),
            ListingPage::Author(YONHAP),
            ListingPage::Author(SEOUL),
            ListingPage::Index,
            ListingPage::Feeds,
            ListingPage::Glossary,
            ListingPage::NotFound,
        ]
    );
    assert_eq!(ListingPage::all(0).count(), 4);
    assert_eq!(ListingPage::Author(YOON).shows(), Shows::Author(YOON));
}

#[test]
fn each_page_declares_what_it_shows() {
    assert_eq!(ListingPage::Index.shows(), Shows::Summaries);
    assert_eq!(ListingPage::Feeds.shows(), Shows::Summaries);
    assert_eq!(ListingPage::Glossary.shows(), Shows::MentionCounts);
    assert_eq!(ListingPage::Entry(YOON).shows(), Shows::Entry(YOON));
    assert_eq!(ListingPage::NotFound.shows(), Shows::Nothing);
}

#[test]
fn an_edit_that_changes_nothing_listed_touches_no_page() {
    let body_only = ArticleChange {
        mentioned: set(&[THAAD]),
        speakers: set(&[YOON]),
        ..ArticleChange::default()
    };
    assert_eq!(touched(&body_only), []);
}

#[test]
fn a_new_summary_touches_the_lists_and_the_pages_of_what_it_mentions_or_quotes() {
    // A title or a date changed: the index and feeds list it, Seoul's page lists it
    // among the articles that mention Seoul, and Yoon's page beside Yoon's quote.
    let retitled = ArticleChange {
        summary: true,
        mentioned: set(&[SEOUL]),
        speakers: set(&[YOON]),
        ..ArticleChange::default()
    };
    assert_eq!(
        touched(&retitled),
        [
            ListingPage::Entry(YOON),
            ListingPage::Entry(SEOUL),
            ListingPage::Index,
            ListingPage::Feeds,
        ]
    );
}

#[test]
fn an_article_added_or_removed_touches_also_the_counts_of_what_it_mentions() {
    // As an edit reports a whole article coming or going: its summary, and every
    // entry it mentions is a mention gained or lost.
    let added = ArticleChange {
        summary: true,
        mentions: set(&[THAAD, SEOUL]),
        mentioned: set(&[THAAD, SEOUL]),
        quotes: false,
        speakers: BTreeSet::new(),
        authors: BTreeSet::new(),
        authored: BTreeSet::new(),
    };
    assert_eq!(
        touched(&added),
        [
            ListingPage::Entry(THAAD),
            ListingPage::Entry(SEOUL),
            ListingPage::Index,
            ListingPage::Feeds,
            ListingPage::Glossary,
        ]
    );
}

#[test]
fn a_mention_gained_touches_that_entry_s_page_and_the_glossary_only() {
    let mentions_yonhap = ArticleChange {
        mentions: set(&[YONHAP]),
        mentioned: set(&[THAAD, YONHAP]),
        ..ArticleChange::default()
    };
    assert_eq!(
        touched(&mentions_yonhap),
        [ListingPage::Entry(YONHAP), ListingPage::Glossary]
    );
}

#[test]
fn a_new_author_touches_both_authors_pages_and_the_new_and_old_author_s_entry() {
    // The byline went from one person entry to another: both author pages change,
    // and so do both entry pages (their link to an author page).
    let rebylined = ArticleChange {
        summary: true,
        authors: set(&[YOON, YONHAP]),
        authored: set(&[YOON, YONHAP]),
        ..ArticleChange::default()
    };
    assert_eq!(
        touched(&rebylined),
        [
            ListingPage::Entry(YOON),
            ListingPage::Entry(YONHAP),
            ListingPage::Author(YOON),
            ListingPage::Author(YONHAP),
            ListingPage::Index,
            ListingPage::Feeds,
        ]
    );
    // An article of an author edited in its summary only: that author's page.
    let edited = ArticleChange {
        summary: true,
        authored: set(&[YOON]),
        ..ArticleChange::default()
    };
    assert_eq!(
        touched(&edited),
        [
            ListingPage::Author(YOON),
            ListingPage::Index,
            ListingPage::Feeds
        ]
    );
}

#[test]
fn a_changed_quote_touches_its_speakers_pages_only() {
    let requoted = ArticleChange {
        quotes: true,
        mentioned: set(&[THAAD]),
        speakers: set(&[YOON, YONHAP]),
        ..ArticleChange::default()
    };
    assert_eq!(
        touched(&requoted),
        [ListingPage::Entry(YOON), ListingPage::Entry(YONHAP)]
    );
}

#[test]
fn the_404_page_shows_no_article_whatever_changes() {
    let everything = ArticleChange {
        summary: true,
        mentions: set(&[THAAD, YOON, YONHAP, SEOUL]),
        mentioned: set(&[THAAD, YOON, YONHAP, SEOUL]),
        quotes: true,
        speakers: set(&[YOON]),
        authors: set(&[YOON]),
        authored: set(&[THAAD, YOON, YONHAP, SEOUL]),
    };
    let pages = touched(&everything);
    assert_eq!(pages.len(), all().len() - 1);
    assert!(!pages.contains(&ListingPage::NotFound));
}

#[test]
fn glossary_items_are_filed_under_their_first_letter_or_digit() {
    let entries = test_site::entries();
    let item = glossary_item(&entries[YOON], 3);
    assert_eq!(
        (item.letter.as_str(), item.letter_anchor.as_str()),
        ("Y", "y")
    );
    assert_eq!(item.article_count, 3);
    assert!(!item.first_of_letter);
    let lower = Glossary::test_entry("ev", "'e-voting", Kind::Term);
    assert_eq!(glossary_item(&lower, 0).letter, "E");
    let digit = Glossary::test_entry("g7", "7 nations", Kind::Term);
    assert_eq!(glossary_item(&digit, 0).letter_anchor, "7");
    let none = Glossary::test_entry("dash", "—", Kind::Term);
    let none = glossary_item(&none, 0);
    assert_eq!(
        (none.letter.as_str(), none.letter_anchor.as_str()),
        ("#", "other")
    );
}

#[test]
fn the_first_item_of_each_letter_carries_its_jump_link() {
    let mut items: Vec<tpl::GlossaryItem> = [("a1", "Alpha"), ("a2", "Apex"), ("b", "Beta")]
        .into_iter()
        .map(|(id, name)| glossary_item(&Glossary::test_entry(id, name, Kind::Term), 0))
        .collect();
    let letters = first_of_letters(&mut items);
    let firsts: Vec<bool> = items.iter().map(|i| i.first_of_letter).collect();
    assert_eq!(firsts, [true, false, true]);
    let letters: Vec<(&str, &str)> = letters
        .iter()
        .map(|l| (l.letter.as_str(), l.anchor.as_str()))
        .collect();
    assert_eq!(letters, [("A", "a"), ("B", "b")]);
}

fn title(summary: &tpl::Prepared) -> &str {
    summary
        .get_from_path("title")
        .and_then(tpl::Prepared::as_str)
        .unwrap_or_default()
}

#[test]
fn the_cache_follows_the_articles_as_they_are_replaced_added_and_removed() {
    let a = test_site::article("content/a.md", "title: A\ndate: 2024-01-01\n");
    let b = test_site::article("content/b.md", "title: B\ndate: 2024-01-02\n");
    let mut cache = ListingCache::new(std::slice::from_ref(&a));
    let _ = cache.backlinks[0].set("old".into());
    cache.replace(0, &b);
    assert_eq!(title(&cache.summaries[0]), "B");
    assert_eq!(
        cache.backlinks[0].get(),
        None,
        "a new summary, a new backlink"
    );
    cache.push(&a);
    assert_eq!(title(&cache.summaries[1]), "A");
    cache.remove(0);
    assert_eq!(cache.summaries.len(), 1);
    assert_eq!(cache.backlinks.len(), 1);
    assert_eq!(title(&cache.summaries[0]), "A");
}

/// The test site's three articles: B and C on the same day (listed by title), A older.
/// C mentions Yoon and quotes him.
fn articles() -> (Vec<Article>, Vec<Rendered>) {
    let articles = vec![
        test_site::article("content/a.md", "title: A\ndate: 2024-01-01\n"),
        test_site::article(
            "content/c.md",
            "title: C\ndate: 2024-01-02\nquotes:\n  - text: Yes\n    speaker: yoon\n",
        ),
        test_site::article("content/b.md", "title: B\ndate: 2024-01-02\n"),
    ];
    let rendered = vec![
        body(&[], &[]),
        body(&[YOON], &[Some("Yes")]),
        body(&[], &[]),
    ];
    (articles, rendered)
}

/// The pages of the test site these listing pages are, by path.
fn render(base_url: Option<&str>, pages: Vec<ListingPage>) -> Vec<(String, String)> {
    let (config, glossary) = (config(base_url), test_site::glossary());
    let templates = crate::templates::load(Path::new("no-such-site")).unwrap();
    let (articles, rendered) = articles();
    let cache = ListingCache::new(&articles);
    let listing = Listing::new(&config, &glossary, &templates, &articles, &rendered, &cache);
    assert_eq!(listing.order, [2, 1, 0], "newest first, then by title");
    let sink = MemorySink::default();
    listing.render(pages, &sink).unwrap();
    sink.into_pages()
        .into_iter()
        .map(|p| match p.body {
            crate::sink::PageBody::Bytes(b) => (p.path, String::from_utf8(b).unwrap()),
            crate::sink::PageBody::Copy(_) => panic!("a listing page is generated"),
        })
        .collect()
}

#[test]
fn each_listing_page_has_its_path_and_the_feeds_need_a_base_url() {
    let paths = |base_url| -> Vec<String> {
        render(base_url, all())
            .into_iter()
            .map(|(path, _)| path)
            .collect()
    };
    assert_eq!(
        paths(Some("https://example.org/")),
        [
            "404.html",
            "atom.xml",
            "glossary/index.html",
            "glossary/seoul/index.html",
            "glossary/thaad/index.html",
            "glossary/yonhap/index.html",
            "glossary/yoon/index.html",
            "index.html",
            "sitemap.xml",
        ]
    );
    assert_eq!(
        paths(None),
        [
            "404.html",
            "glossary/index.html",
            "glossary/seoul/index.html",
            "glossary/thaad/index.html",
            "glossary/yonhap/index.html",
            "glossary/yoon/index.html",
            "index.html",
        ]
    );
}

#[test]
fn only_the_pages_asked_for_are_rendered() {
    let pages = render(None, vec![ListingPage::Entry(YOON), ListingPage::Index]);
    let paths: Vec<&str> = pages.iter().map(|(path, _)| path.as_str()).collect();
    assert_eq!(paths, ["glossary/yoon/index.html", "index.html"]);
    let index = &pages[1].1;
    let at = |title: &str| index.find(&format!(">{title}<")).unwrap();
    assert!(at("B") < at("C") && at("C") < at("A"), "{index}");
    let yoon = &pages[0].1;
    assert!(
        yoon.contains("Yes") && yoon.contains("c/index.html"),
        "{yoon}"
    );
}
