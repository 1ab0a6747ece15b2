use super::*;
use crate::pages::test_site::{self, SEOUL, THAAD, YONHAP, YOON, body};

const FRONT: &str = "title: Talks\ndate: 2024-03-01\n";

/// An article of the test site at content/a.md.
fn a(front: &str) -> Article {
    test_site::article("content/a.md", front)
}

/// What an edit from `old` to `now` changed, and the listing pages it touches.
fn edit(
    old: Option<(&Article, &Rendered)>,
    now: Option<(&Article, &Rendered)>,
) -> (ArticleChange, Vec<ListingPage>) {
    let c = change(old, now);
    let pages = touched_pages(test_site::entries().len(), &c);
    (c, pages)
}

#[test]
fn a_body_edit_that_keeps_mentions_and_quotes_touches_no_listing_page() {
    let (before, after) = (a(FRONT), a(FRONT));
    let r = body(&[THAAD, SEOUL], &[]);
    let (c, pages) = edit(
        Some((&before, &r)),
        Some((&after, &body(&[THAAD, SEOUL], &[]))),
    );
    assert!(!c.summary && !c.quotes);
    assert!(c.mentions.is_empty());
    assert_eq!(pages, []);
}

#[test]
fn a_new_title_or_date_touches_the_lists_and_the_pages_of_what_it_mentions() {
    let before = a(FRONT);
    let r = body(&[SEOUL], &[]);
    for front in [
        "title: Talks resume\ndate: 2024-03-01\n",
        "title: Talks\ndate: 2024-03-02\n",
        "title: Talks\ndate: 2024-03-01\ntags: [defence]\n",
    ] {
        let after = a(front);
        let (c, pages) = edit(Some((&before, &r)), Some((&after, &r)));
        assert!(c.summary, "{front}");
        assert!(c.mentions.is_empty(), "{front}");
        assert_eq!(
            pages,
            [
                ListingPage::Entry(SEOUL),
                ListingPage::Index,
                ListingPage::Feeds
            ],
            "{front}"
        );
    }
}

#[test]
fn a_mention_gained_or_lost_touches_its_entry_page_and_the_glossary() {
    let (before, after) = (a(FRONT), a(FRONT));
    let (c, pages) = edit(
        Some((&before, &body(&[THAAD, SEOUL], &[]))),
        Some((&after, &body(&[THAAD, YONHAP], &[]))),
    );
    assert_eq!(
        c.mentions.iter().copied().collect::<Vec<_>>(),
        [YONHAP, SEOUL]
    );
    assert_eq!(
        c.mentioned.iter().copied().collect::<Vec<_>>(),
        [THAAD, YONHAP, SEOUL]
    );
    assert_eq!(
        pages,
        [
            ListingPage::Entry(YONHAP),
            ListingPage::Entry(SEOUL),
            ListingPage::Glossary
        ]
    );
}

#[test]
fn a_new_article_touches_the_lists_and_everything_it_mentions_or_quotes() {
    let new = a(&format!(
        "{FRONT}quotes:\n  - text: Yes\n    speaker: yoon\n"
    ));
    let (c, pages) = edit(None, Some((&new, &body(&[THAAD], &[Some("Yes")]))));
    assert!(c.summary && c.quotes);
    assert_eq!(c.speakers.iter().copied().collect::<Vec<_>>(), [YOON]);
    assert_eq!(
        pages,
        [
            ListingPage::Entry(THAAD),
            ListingPage::Entry(YOON),
            ListingPage::Index,
            ListingPage::Feeds,
            ListingPage::Glossary
        ]
    );
}

#[test]
fn an_article_deleted_or_made_a_draft_touches_what_it_was_listed_on() {
    // A draft the site leaves out reads as no article now, as a deleted file does.
    let gone = a(FRONT);
    let (c, pages) = edit(Some((&gone, &body(&[YONHAP], &[]))), None);
    assert!(c.summary);
    assert_eq!(c.mentions.iter().copied().collect::<Vec<_>>(), [YONHAP]);
    assert_eq!(
        pages,
        [
            ListingPage::Entry(YONHAP),
            ListingPage::Index,
            ListingPage::Feeds,
            ListingPage::Glossary
        ]
    );
}

#[test]
fn a_quote_given_another_via_or_text_touches_its_speaker_s_page_only() {
    let quote = |via: &str| {
        a(&format!(
            "{FRONT}quotes:\n  - text: Yes\n    speaker: yoon\n{via}"
        ))
    };
    let before = quote("");
    let found = body(&[], &[Some("Yes")]);
    let after = quote("    via: yonhap\n");
    let (c, pages) = edit(Some((&before, &found)), Some((&after, &found)));
    assert!(c.quotes && !c.summary);
    assert_eq!(pages, [ListingPage::Entry(YOON)]);
    // The same attribution, but the body's quotation is no longer found.
    let lost = body(&[], &[None]);
    let (c, pages) = edit(Some((&before, &found)), Some((&before, &lost)));
    assert!(c.quotes);
    assert_eq!(pages, [ListingPage::Entry(YOON)]);
}

#[test]
fn an_article_s_own_entries_changing_reach_the_whole_glossary() {
    let moon = "glossary:\n  moon:\n    name: Moon\n";
    let with_moon = a(&format!("{FRONT}{moon}"));
    let parsed = |front: &str| test_site::parsed("content/a.md", front);
    assert!(!own_entries_changed(Some(&a(FRONT)), Some(&parsed(FRONT))));
    assert!(!own_entries_changed(
        Some(&with_moon),
        Some(&parsed(&format!("title: Other\ndate: 2024-03-02\n{moon}")))
    ));
    assert!(own_entries_changed(
        Some(&with_moon),
        Some(&parsed(&format!(
            "{FRONT}glossary:\n  moon:\n    name: The Moon\n"
        )))
    ));
    assert!(own_entries_changed(
        Some(&a(FRONT)),
        Some(&parsed(&format!("{FRONT}{moon}")))
    ));
    assert!(own_entries_changed(
        None,
        Some(&parsed(&format!("{FRONT}{moon}")))
    ));
    assert!(own_entries_changed(Some(&with_moon), None));
    assert!(!own_entries_changed(Some(&a(FRONT)), None));
    assert!(!own_entries_changed(None, Some(&parsed(FRONT))));
}

#[test]
fn a_url_is_taken_only_by_another_article() {
    let articles = [
        test_site::article("content/a.md", FRONT),
        test_site::article("content/b.md", FRONT),
    ];
    assert!(
        !url_taken(&articles, Some(0), "a/index.html"),
        "its own URL"
    );
    assert!(url_taken(&articles, Some(1), "a/index.html"));
    assert!(url_taken(&articles, None, "b/index.html"));
    assert!(!url_taken(&articles, None, "c/index.html"));
    let aliased = [test_site::article(
        "content/a.md",
        &format!("{FRONT}aliases: [old/]\n"),
    )];
    assert!(
        url_taken(&aliased, None, "old/index.html"),
        "an alias's page"
    );
}

#[test]
fn a_page_goes_when_its_article_moves_or_goes() {
    let old = a(FRONT);
    let moved = a(&format!("{FRONT}slug: 2024/talks\n"));
    assert_eq!(
        moved_away(Some(&old), Some(&a(FRONT))),
        Vec::<String>::new()
    );
    assert_eq!(moved_away(Some(&old), Some(&moved)), ["a/index.html"]);
    assert_eq!(moved_away(Some(&moved), None), ["2024/talks/index.html"]);
    assert_eq!(moved_away(None, Some(&old)), Vec::<String>::new());
}

#[test]
fn a_file_is_an_article_where_discovery_would_read_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("content/2024")).unwrap();
    let content = canonical(&root.join("content"));
    assert_eq!(
        article_path(root, &content.join("2024/a.md")),
        Some(root.join("content").join("2024/a.md"))
    );
    for unread in [
        "2024/_draft.md",
        ".hidden/a.md",
        "_private/a.md",
        "a.txt",
        "a.md~",
    ] {
        assert_eq!(article_path(root, &content.join(unread)), None, "{unread}");
    }
    assert_eq!(
        article_path(root, &canonical(&root.join("static/a.md"))),
        None
    );
}

#[test]
fn a_gone_file_is_named_by_its_folder_made_canonical() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().canonicalize().unwrap();
    std::fs::write(real.join("here.md"), "").unwrap();
    let roundabout = real.join(".").join("gone.md");
    assert_eq!(canonical(&roundabout), real.join("gone.md"));
    assert_eq!(canonical(&real.join("./here.md")), real.join("here.md"));
    let nowhere = Path::new("no-such-folder/x.md");
    assert_eq!(canonical(nowhere), nowhere);
}
