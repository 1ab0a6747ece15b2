//! Links to another article by its source file, relative (`../2017/x.md`) or from the
//! content root (`@/2017/x.md`): they become relative links to its page, and a missing
//! article or heading is an error at the link with a did-you-mean.

use crate::*;

/// 2017/china-group-tour-ban.md (headings `#why` and `#seongju-county`) and a linking
/// article at `from`.
fn site_linking(from: &str, body: &str) -> Site {
    Site::new()
        .article(
            "2017/china-group-tour-ban",
            "",
            "The ban.\n\n## Why\n\nTHAAD.\n\n## Seongju county {#seongju-county}\n\nThe site.\n",
        )
        .article(from, "", body)
}

#[test]
fn a_relative_source_link_leads_to_the_article_s_page_with_its_anchor() {
    let site = site_linking(
        "2022/talks",
        "See [the ban](../2017/china-group-tour-ban.md#why).\n",
    );
    site.build_ok();
    let page = site.read("2022/talks/index.html");
    assert!(
        page.contains(r##"<a href="../../2017/china-group-tour-ban/index.html#why">the ban</a>"##),
        "{page}"
    );
}

#[test]
fn a_content_root_link_works_from_a_nested_folder_and_follows_a_slug() {
    let site = Site::new()
        .article(
            "2017/china-group-tour-ban",
            "slug: tour-ban\n",
            "The ban.\n",
        )
        .article(
            "2022/deep/talks",
            "",
            "See [it](@/2017/china-group-tour-ban.md).\n",
        );
    site.build_ok();
    let page = site.read("2022/deep/talks/index.html");
    assert!(
        page.contains(r#"<a href="../../../tour-ban/index.html">it</a>"#),
        "{page}"
    );
}

#[test]
fn a_source_link_in_the_same_folder_and_hand_written_links_keep_working() {
    let site = site_linking(
        "2017/other",
        "[a](china-group-tour-ban.md) [b](../china-group-tour-ban/index.html) ![p](pic.png)\n",
    );
    // An image path is checked: the picture is in static/, beside where the page goes.
    site.write("static/2017/other/pic.png", &crate::images::png(2, 2));
    site.build_ok();
    let page = site.read("2017/other/index.html");
    assert!(
        page.contains(r#"<a href="../../2017/china-group-tour-ban/index.html">a</a>"#),
        "{page}"
    );
    assert!(
        page.contains(r#"<a href="../china-group-tour-ban/index.html">b</a>"#),
        "{page}"
    );
    assert!(page.contains(r#"<img src="pic.png""#), "{page}");
}

#[test]
fn a_missing_source_is_an_error_at_the_link_with_a_did_you_mean() {
    let site = site_linking(
        "2022/talks",
        "Intro.\n\nSee [the ban](../2017/china-group-tour-bam.md).\n",
    );
    let e = site.error("unknown-source");
    assert_eq!(e.location.path, "content/2022/talks.md");
    assert_eq!((e.location.line, e.location.column), (7, 5));
    assert!(
        e.message.contains("content/2017/china-group-tour-bam.md"),
        "{}",
        e.message
    );
    assert_eq!(
        e.help.as_deref(),
        Some("did you mean `../2017/china-group-tour-ban.md`?")
    );
    assert!(!site.exists("2022/talks/index.html"));
}

#[test]
fn a_missing_content_root_link_suggests_the_content_root_form() {
    let site = site_linking("a", "[x](@/2017/china-group-tour-bn.md#why)\n");
    let e = site.error("unknown-source");
    assert_eq!(
        e.help.as_deref(),
        Some("did you mean `@/2017/china-group-tour-ban.md`?")
    );
}

#[test]
fn a_link_to_a_draft_or_out_of_content_is_an_error() {
    let site = Site::new()
        .article("draft", "draft: true\n", "Soon.\n")
        .article("a", "", "[x](draft.md) [y](../outside.md)\n");
    let errors: Vec<_> = site
        .errors()
        .into_iter()
        .filter(|d| d.code == "unknown-source")
        .collect();
    assert_eq!(errors.len(), 2, "{}", render(&errors));
    assert!(
        errors[1].message.contains("climbs out of content/"),
        "{}",
        errors[1].message
    );
    site.write(
        "content/a.md",
        format!("{}[x](draft.md)\n", fm("")).as_bytes(),
    );
    let mut opts = site.opts();
    opts.drafts = true;
    explainer::build(&opts, &site.out()).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        site.read("a/index.html")
            .contains(r#"<a href="../draft/index.html">x</a>"#)
    );
}

#[test]
fn a_link_to_a_heading_that_is_not_there_is_an_error_with_a_did_you_mean() {
    let site = site_linking(
        "a",
        "One [x](2017/china-group-tour-ban.md#seongju-country).\n\n\
         Two [y](@/2017/china-group-tour-ban.md#nowhere) and [z](2017/china-group-tour-ban.md#why).\n",
    );
    let errors: Vec<_> = site
        .errors()
        .into_iter()
        .filter(|d| d.code == "unknown-heading")
        .collect();
    let got: Vec<_> = errors
        .iter()
        .map(|d| {
            (
                d.location.path.as_str(),
                d.location.line,
                d.location.column,
                d.message.as_str(),
                d.help.as_deref().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "content/a.md",
                5,
                5,
                "`#seongju-country` is no heading of 2017/china-group-tour-ban.md",
                "did you mean `#seongju-county`?"
            ),
            (
                "content/a.md",
                7,
                5,
                "`#nowhere` is no heading of 2017/china-group-tour-ban.md",
                "a heading's id is the slug of its text (`## Why it matters` is `#why-it-matters`) or its `{#id}`"
            ),
        ]
    );
    assert!(
        !site.exists("a/index.html"),
        "a failed build writes nothing"
    );
}

#[test]
fn a_link_to_a_heading_may_escape_its_id_and_check_does_not_look_again() {
    let site = Site::new()
        .article("b", "", "## 사드 배치\n\nText.\n")
        .article(
            "a",
            "",
            "[x](b.md#%EC%82%AC%EB%93%9C-%EB%B0%B0%EC%B9%98) and [y](b.md#사드-배치)\n",
        );
    site.build_ok();
    let out = site.run(&["check", "--format", "json"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!stdout.contains("anchor"), "{stdout}");
}

#[test]
fn a_link_to_an_article_left_out_of_the_build_says_why() {
    let site = Site::new()
        .file(
            "content/soon.md",
            "---\ntitle: Soon\ndate: 2999-01-01\n---\nLater.\n",
        )
        .file(
            "content/gone.md",
            "---\ntitle: Gone\ndate: 2019-01-01\nexpires: 2020-01-01\n---\nOld.\n",
        )
        .article("draft", "draft: true\n", "Soon.\n")
        .article("a", "", "[x](soon.md) [y](@/gone.md#top) [z](./draft.md)\n");
    let errors: Vec<(String, String)> = site
        .errors()
        .into_iter()
        .filter(|d| d.code == "unknown-source")
        .map(|d| (d.message, d.help.unwrap_or_default()))
        .collect();
    assert_eq!(
        errors,
        [
            (
                "`soon.md` links to an article left out of this build: content/soon.md is scheduled for 2999-01-01".into(),
                "build with --future to include it, or link to it once it is published".into()
            ),
            (
                "`@/gone.md#top` links to an article left out of this build: content/gone.md expired on 2020-01-01".into(),
                "build with --expired to include it, or remove the link".into()
            ),
            (
                "`./draft.md` links to an article left out of this build: content/draft.md is a draft".into(),
                "build with --drafts to include it, or publish it (remove `draft: true`)".into()
            ),
        ]
    );
}
