//! Automatic mentions, explicit `term:` links, and where annotation never happens.

use super::*;

fn site(front: &str, body: &str) -> Site {
    let s = Site::new()
        .file("content/glossary.yaml", GLOSSARY)
        .article("a", front, body);
    s.build_ok();
    s
}

fn count(html: &str, needle: &str) -> usize {
    html.matches(needle).count()
}

#[test]
fn the_first_mention_gets_a_linked_term_with_a_tooltip() {
    let s = site("", "THAAD is here. THAAD again.");
    let html = s.read("a/index.html");
    assert_eq!(count(&html, "data-term=\"thaad\""), 1);
    assert!(html.contains("<a class=\"term\" data-term=\"thaad\" href=\"../glossary/thaad/index.html\" aria-describedby=\"tip-thaad\">THAAD</a>"));
    assert!(html.contains("role=\"tooltip\" id=\"tip-thaad\""));
}

#[test]
fn annotate_all_marks_every_mention() {
    let html = site("annotate: all\n", "THAAD is here. THAAD again.").read("a/index.html");
    assert_eq!(count(&html, "data-term=\"thaad\""), 2);
}

#[test]
fn annotate_none_marks_nothing_automatically() {
    let html = site(
        "annotate: none\n",
        "THAAD is here, [the system](term:thaad).",
    )
    .read("a/index.html");
    assert_eq!(
        count(&html, "data-term=\"thaad\""),
        1,
        "only the explicit link"
    );
    assert!(html.contains(">the system</a>"));
}

#[test]
fn site_yaml_sets_the_default_mode() {
    let s = Site::new()
        .file("content/glossary.yaml", GLOSSARY)
        .file("content/site.yaml", "annotate: all\n")
        .article("a", "", "THAAD THAAD");
    s.build_ok();
    assert_eq!(count(&s.read("a/index.html"), "data-term=\"thaad\""), 2);
}

#[test]
fn skip_leaves_an_entry_alone() {
    let html = site("skip: [thaad]\n", "THAAD and Yoon").read("a/index.html");
    assert!(!html.contains("data-term=\"thaad\""));
    assert!(html.contains("data-term=\"yoon\""));
}

#[test]
fn an_unknown_skip_id_is_an_error() {
    let s = Site::new()
        .file("content/glossary.yaml", GLOSSARY)
        .article("a", "skip: [thad]\n", "x");
    let d = s.error("unknown-term");
    assert_eq!(d.help.as_deref(), Some("did you mean `thaad`?"));
    assert_eq!((d.location.line, d.location.column), (4, 8));
}

#[test]
fn never_in_code_links_headings_alt_text_or_html() {
    let body = "# THAAD heading\n\n`THAAD` code\n\n```\nTHAAD block\n```\n\n[THAAD link](https://example.org)\n\n![THAAD alt](https://example.org/x.png)\n\nAnd finally THAAD.";
    let html = site("", body).read("a/index.html");
    assert_eq!(count(&html, "data-term=\"thaad\""), 1);
    assert!(html.contains("And finally <a class=\"term\""));
    assert!(html.contains("alt=\"THAAD alt\""));
}

#[test]
fn the_longest_form_wins_and_words_must_be_whole() {
    let html = site("annotate: all\n", "A THAAD battery, THAADs and xTHAAD.").read("a/index.html");
    assert!(html.contains(">THAAD battery</a>"));
    assert_eq!(count(&html, "class=\"term\""), 1);
}

#[test]
fn matching_is_case_sensitive_unless_ignore_case() {
    let s = Site::new()
        .file(
            "content/glossary.yaml",
            "thaad:\n  name: THAAD\nnoes:\n  name: three noes\n  ignore_case: true\n",
        )
        .article(
            "a",
            "annotate: all\n",
            "thaad is not THAAD. The Three Noes.",
        );
    s.build_ok();
    let html = s.read("a/index.html");
    assert_eq!(count(&html, "data-term=\"thaad\""), 1);
    assert!(html.contains(">Three Noes</a>"));
}

#[test]
fn an_explicit_link_with_an_unknown_id_is_an_error_with_position() {
    let s = Site::new().file("content/glossary.yaml", GLOSSARY).article(
        "a",
        "",
        "Line one.\n\nSee [it](term:thad).",
    );
    let d = s.error("unknown-term");
    assert_eq!(
        (d.location.path.as_str(), d.location.line, d.location.column),
        ("content/a.md", 7, 5)
    );
    assert_eq!(d.help.as_deref(), Some("did you mean `thaad`?"));
}

#[test]
fn key_terms_list_every_mentioned_entry() {
    let html = site("", "Yoon on THAAD.").read("a/index.html");
    let key = &html[html.find("Key terms").unwrap()..];
    assert!(
        key.find("Yoon Suk Yeol").unwrap() < key.find("THAAD").unwrap(),
        "in order of first mention"
    );
}
