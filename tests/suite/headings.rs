//! Heading anchors and the table of contents: ids, `{#id}`, escaping, `toc:`, and the
//! link check reading heading ids.

use crate::{Site, check, render};

fn page(front: &str, body: &str) -> String {
    let site = Site::new().article("a", front, body);
    site.build_ok();
    site.read("a/index.html")
}

/// The table of contents of a page, or None.
fn toc(html: &str) -> Option<&str> {
    let start = html.find("<nav class=\"toc\"")?;
    Some(&html[start..start + html[start..].find("</nav>")? + 6])
}

const THREE: &str =
    "## Background\n\nx\n\n## Background\n\ny\n\n### Detail\n\nz\n\n## The Q&amp;A\n\nw\n";

#[test]
fn headings_get_unique_slug_ids_and_anchor_links() {
    let html = page("", THREE);
    for id in ["background", "background-1", "detail", "the-q-a"] {
        assert!(html.contains(&format!(" id=\"{id}\">")), "{id}: {html}");
        assert!(
            html.contains(&format!("<a class=\"heading-anchor\" href=\"#{id}\"")),
            "{id}: {html}"
        );
    }
    assert!(html.contains("aria-label=\"Link to this section: The Q&amp;A\""));
}

#[test]
fn an_explicit_id_overrides_the_slug_and_other_attributes_are_dropped() {
    let html = page("", "## Why it matters {#why .wide onclick=alert(1)}\n");
    assert!(
        html.contains("<h2 id=\"why\" class=\"wide\">Why it matters</h2>"),
        "{html}"
    );
    assert!(!html.contains("onclick"), "{html}");
}

#[test]
fn a_heading_never_takes_an_id_of_the_page_itself() {
    let html = page("", "## Key terms\n\nTHAAD.[^1]\n\n## 1\n\n[^1]: A note.\n");
    assert!(html.contains("<h2 id=\"key-terms-1\">"), "{html}");
    assert!(html.contains("<h2 id=\"1-1\">"), "{html}");
}

#[test]
fn heading_text_is_escaped_in_the_table_of_contents_and_the_anchor_label() {
    let body = "## `<script>` here\n\n## \"Quotes\" & <b>\n\n## Third\n";
    let site = Site::new()
        .file("content/site.yaml", "raw_html: true\n")
        .article("a", "", body);
    site.build_ok();
    let html = site.read("a/index.html");
    let toc = toc(&html).expect("a table of contents");
    assert!(!html.contains("<script>"), "{html}");
    assert!(
        toc.contains("<a href=\"#script-here\">&lt;script&gt; here</a>"),
        "{toc}"
    );
    assert!(
        toc.contains("<a href=\"#quotes\">&quot;Quotes&quot; &amp;</a>"),
        "{toc}"
    );
    assert!(html.contains("aria-label=\"Link to this section: &lt;script&gt; here\""));
    assert!(html.contains("aria-label=\"Link to this section: &quot;Quotes&quot; &amp;\""));
}

#[test]
fn three_sections_get_a_table_of_contents_before_the_body() {
    let html = page("summary: A dek.\n", THREE);
    let toc = toc(&html).expect("a table of contents");
    assert!(toc.starts_with(
        "<nav class=\"toc\" aria-labelledby=\"contents\">\n<h2 id=\"contents\">Contents</h2>"
    ));
    assert_eq!(
        toc.matches("<li>").count(),
        4,
        "three sections and one subsection: {toc}"
    );
    assert!(toc.contains("<a href=\"#background-1\">Background</a>\n<ol>\n<li><a href=\"#detail\">Detail</a></li>"), "{toc}");
    let (dek, nav, body) = (
        html.find("class=\"dek\"").unwrap(),
        html.find("<nav class=\"toc\"").unwrap(),
        html.find("<div class=\"article-body\"").unwrap(),
    );
    assert!(dek < nav && nav < body);
}

#[test]
fn two_sections_get_none_unless_toc_is_true_and_toc_false_turns_it_off() {
    let two = "## One\n\n## Two\n\n> ## Quoted\n\n- ## Listed\n";
    assert_eq!(toc(&page("", two)), None);
    let forced = page("toc: true\n", two);
    let forced = toc(&forced).expect("toc: true");
    assert!(forced.contains("#one") && forced.contains("#two"));
    assert!(
        !forced.contains("#quoted") && !forced.contains("#listed"),
        "{forced}"
    );
    assert_eq!(toc(&page("toc: false\n", THREE)), None);
}

#[test]
fn a_toc_that_is_no_boolean_is_an_error_at_its_value() {
    let d = Site::new()
        .article("a", "toc: sometimes\n", "x")
        .error("bad-toc");
    assert_eq!(
        (d.location.line, d.location.column),
        (4, 6),
        "{}",
        render(std::slice::from_ref(&d))
    );
    assert!(d.help.unwrap().contains("toc: true"));
    let d = Site::new()
        .article("a", "tco: true\n", "x")
        .error("unknown-key");
    assert_eq!(d.help.as_deref(), Some("did you mean `toc`?"));
}

#[test]
fn the_link_check_knows_heading_ids() {
    let site = Site::new().article(
        "a",
        "",
        "See [the background](#background) and [why](#why).\n\n## Background\n\n## Reasons {#why}\n",
    );
    assert!(check(&site).iter().all(|d| d.code != "broken-anchor"));
    let site = Site::new().article("a", "", "See [missing](#nowhere).\n\n## Background\n");
    let d = check(&site);
    let broken: Vec<_> = d.iter().filter(|d| d.code == "broken-anchor").collect();
    assert_eq!(broken.len(), 1, "{}", render(&d));
    assert!(broken[0].message.contains("#nowhere"));
}

#[test]
fn a_heading_made_of_an_image_is_named_by_its_alt_text_or_left_out_of_the_contents() {
    let site = Site::new().file(
        "content/a/index.md",
        "---\ntitle: A\ndate: 2022-08-11\ntoc: true\n---\n## ![Our logo](logo.png)\n\nx\n\n## ![](logo.png)\n\ny\n\n## Text\n",
    );
    site.write("content/a/logo.png", &crate::images::png(2, 2));
    site.build_ok();
    let html = site.read("a/index.html");
    let toc = toc(&html).expect("a table of contents");
    assert!(
        toc.contains("<li><a href=\"#our-logo\">Our logo</a></li>"),
        "{toc}"
    );
    assert!(toc.contains("<li><a href=\"#text\">Text</a></li>"), "{toc}");
    assert_eq!(toc.matches("<li>").count(), 2, "no empty link: {toc}");
    assert!(html.contains("<h2 id=\"our-logo\"><img src=\"logo.png\" alt=\"Our logo\""));
    assert!(html.contains("href=\"#our-logo\" aria-label=\"Link to this section: Our logo\""));
    assert!(html.contains("href=\"#section\" aria-label=\"Link to this section\">"));
}
