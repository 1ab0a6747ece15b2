//! One site-wide glossary: merging, conflicts, entry pages.

use super::*;

#[test]
fn an_entry_defined_in_one_article_is_known_in_another() {
    let site = Site::new()
        .article(
            "a",
            "glossary:\n  moon:\n    name: Moon Jae-in\n    kind: person\n",
            "Moon Jae-in spoke.",
        )
        .article("b", "", "Later, Moon Jae-in left.");
    site.build_ok();
    assert!(site.read("b/index.html").contains("data-term=\"moon\""));
}

#[test]
fn the_same_entry_twice_with_the_same_content_is_fine() {
    let entry = "glossary:\n  moon:\n    name: Moon\n";
    let site = Site::new()
        .article("a", entry, "Moon")
        .article("b", entry, "Moon");
    site.build_ok();
}

#[test]
fn a_conflicting_redefinition_names_both_places() {
    let site = Site::new()
        .file("content/glossary.yaml", "moon:\n  name: Moon\n")
        .article("b", "glossary:\n  moon:\n    name: Moon Jae-in\n", "x");
    let d = site.error("conflicting-entry");
    let places = [&d.location]
        .into_iter()
        .chain(&d.related)
        .map(|l| (l.path.as_str(), l.line))
        .collect::<Vec<_>>();
    assert!(places.contains(&("content/glossary.yaml", 1)), "{places:?}");
    assert!(places.contains(&("content/b.md", 5)), "{places:?}");
}

#[test]
fn a_form_claimed_by_two_entries_is_an_error() {
    let site = Site::new()
        .file("content/glossary.yaml", "moon:\n  name: Moon Jae-in\n  aliases: [Moon]\nmoon-ban:\n  name: Ban Ki-moon\n  aliases: [Moon]\n")
        .article("a", "", "x");
    let d = site.error("form-claimed-twice");
    assert!(
        d.message.contains("`Moon`")
            && d.message.contains("moon-ban")
            && d.message.contains("`moon`"),
        "{}",
        d.message
    );
    assert_eq!(d.related.len(), 1);
}

#[test]
fn ids_must_be_lowercase_ascii() {
    let site = Site::new()
        .file("content/glossary.yaml", "THAAD:\n  name: THAAD\n")
        .article("a", "", "x");
    let d = site.error("bad-id");
    assert!(d.help.unwrap().contains("`thaad`"));
}

#[test]
fn entry_links_must_be_web_urls() {
    let site = Site::new()
        .file(
            "content/glossary.yaml",
            "x:\n  name: X\n  link: javascript:alert(1)\n",
        )
        .article("a", "", "x");
    assert_eq!(site.error("bad-url").location.line, 3);
}

#[test]
fn entry_pages_show_definition_and_backlinks_newest_first() {
    let site = Site::new()
        .file(
            "content/glossary.yaml",
            &format!("{GLOSSARY}  definition: |\n    A *mobile* system.\n"),
        )
        .file(
            "content/old.md",
            "---\ntitle: Old\ndate: 2017-01-01\n---\nTHAAD then.",
        )
        .file(
            "content/new.md",
            "---\ntitle: New\ndate: 2022-01-01\n---\nTHAAD now.",
        )
        .file(
            "content/none.md",
            "---\ntitle: None\ndate: 2023-01-01\n---\nNothing.",
        );
    site.build_ok();
    let page = site.read("glossary/yoon/index.html");
    assert!(
        page.contains("<em>mobile</em>"),
        "definition rendered as Markdown"
    );
    let thaad = site.read("glossary/thaad/index.html");
    let new = thaad.find("New").expect("new listed");
    let old = thaad.find("Old").expect("old listed");
    assert!(new < old, "newest first");
    assert!(!thaad.contains("None"));
}

#[test]
fn the_glossary_index_groups_by_kind_and_anchors_each_entry() {
    let site =
        Site::new()
            .file("content/glossary.yaml", GLOSSARY)
            .article("a", "", "THAAD and Yoon");
    site.build_ok();
    let g = site.read("glossary/index.html");
    assert!(g.contains("id=\"thaad\"") && g.contains("id=\"yoon\""));
    let terms = g.find("<h2 id=\"term\">").unwrap();
    let people = g.find("<h2 id=\"person\">").unwrap();
    assert!(terms < people);
    assert!(g.find("id=\"thaad\"").unwrap() > terms && g.find("id=\"yoon\"").unwrap() > people);
}

#[test]
fn the_short_line_defaults_to_the_first_sentence_of_the_definition() {
    let site = Site::new()
        .file(
            "content/glossary.yaml",
            "x:\n  name: Xeno\n  definition: A U.S. system. More text.\n",
        )
        .article("a", "", "Xeno");
    site.build_ok();
    let page = site.read("a/index.html");
    assert!(
        page.contains("A U.S. system.</span>") && !page.contains("More text"),
        "{page}"
    );
}
