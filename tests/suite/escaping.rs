//! What authors type is shown as text wherever it is rendered. Each field of the site
//! settings, an article's front matter, a glossary entry and a quote attribution is given
//! markup and the characters that end an attribute or start an entity; every place that
//! shows the field must show them escaped, and no page may hold the raw markup.

use super::*;

/// What an author typed into the field `name`: a tag, quotation marks and an ampersand.
/// The name is in the value, so a test can tell which field a page shows.
fn typed(name: &str) -> String {
    format!("<b>{name}</b> \"&'")
}

/// The field as YAML (double-quoted).
fn yaml(name: &str) -> String {
    format!("{:?}", typed(name))
}

/// How a page must show the field: every character escaped.
fn shown(name: &str) -> String {
    format!("&lt;b&gt;{name}&lt;/b&gt; &quot;&amp;&#39;")
}

/// A site where every field an author types is marked: a speaker (a person with a role and
/// a native name), an organisation reported through, a term with an expansion, a short
/// line, an alias and a definition; an article with a title, summary, author, tag and
/// source, two inline quotes and two blockquotes, one reported through plain text and one
/// through the organisation (quotes item 0 to 3 in that order).
fn marked_site() -> Site {
    let site = Site::new()
        .file(
            "content/site.yaml",
            &format!(
                "title: {}\ndescription: {}\nbase_url: https://example.org/\n",
                yaml("SITE"),
                yaml("SITEDESC")
            ),
        )
        .file(
            "content/glossary.yaml",
            &format!(
                "spk:\n  name: {}\n  kind: person\n  role: {}\n  native: {}\n  short: {}\n\
                 org:\n  name: {}\n  kind: organization\n  role: {}\n\
                 term:\n  name: {}\n  expansion: {}\n  short: {}\n  native: {}\n  aliases: [{}]\n  definition: {}\n",
                yaml("SPEAKER"),
                yaml("ROLE"),
                yaml("NATIVE"),
                yaml("SPKSHORT"),
                yaml("ORG"),
                yaml("ORGROLE"),
                yaml("TERM"),
                yaml("EXPANSION"),
                yaml("SHORT"),
                yaml("TNATIVE"),
                yaml("ALIAS"),
                yaml("DEFINITION"),
            ),
        )
        .file(
            "content/a.md",
            &format!(
                "---\ntitle: {}\ndate: 2022-08-11\nsummary: {}\nauthor: [{}]\ntags: [{}]\n\
                 source: {{ name: {}, url: \"https://example.org/s\" }}\n\
                 quotes:\n\
                 \x20 - {{ text: first inline words, speaker: spk, via: {} }}\n\
                 \x20 - {{ text: second inline words, speaker: spk, via: org }}\n\
                 \x20 - {{ text: first block words, speaker: spk, via: {} }}\n\
                 \x20 - {{ text: second block words, speaker: spk, via: org }}\n\
                 ---\n\
                 See [the term](term:term), [him](term:spk) and [them](term:org).\n\n\
                 He said “first inline words” and “second inline words”.\n\n\
                 > The first block words.\n\nBetween.\n\n> The second block words.\n",
                yaml("TITLE"),
                yaml("SUMMARY"),
                yaml("AUTHOR"),
                yaml("TAG"),
                yaml("SOURCE"),
                yaml("VIATEXT"),
                yaml("VIATEXT"),
            ),
        );
    site.build_ok();
    site
}

/// Fails unless `part` (the element of a page that `place` names) shows each of `fields`
/// escaped, and none of them as markup.
#[track_caller]
fn assert_shows(place: &str, part: &str, fields: &[&str]) {
    for field in fields {
        assert!(
            part.contains(&shown(field)),
            "{place}: {field} is not shown, escaped, in:\n{part}"
        );
        assert!(
            !part.contains(&format!("<b>{field}</b>")),
            "{place}: {field} is shown as markup in:\n{part}"
        );
    }
}

#[test]
fn a_blockquote_caption_shows_speaker_role_and_via_as_text() {
    // The caption of a blockquote is made by the annotator, not by a template.
    let site = marked_site();
    let page = site.read("a/index.html");
    let captions = elements(&page, "<figcaption class=\"attribution\"");
    assert_eq!(captions.len(), 2, "{page}");
    assert_shows(
        "a caption via plain text",
        captions[0],
        &["SPEAKER", "ROLE", "VIATEXT"],
    );
    assert_shows(
        "a caption via an entry",
        captions[1],
        &["SPEAKER", "ROLE", "ORG"],
    );
    let quote = element(&page, "<blockquote data-speaker=\"spk\"");
    assert!(
        quote.starts_with(&format!(
            "<blockquote data-speaker=\"spk\" data-via-text=\"{}\">",
            shown("VIATEXT")
        )),
        "{quote}"
    );
}

#[test]
fn an_inline_quote_and_its_tooltip_show_speaker_role_and_via_as_text() {
    let site = marked_site();
    let page = site.read("a/index.html");
    let quote = element(&page, "<span class=\"quote\"");
    assert!(
        quote.contains(&format!("data-via-text=\"{}\">", shown("VIATEXT"))),
        "{quote}"
    );
    let via_text = element(&page, "<div role=\"tooltip\" id=\"tip-quote-0\"");
    assert_shows(
        "tip-quote-0",
        via_text,
        &["SPEAKER", "NATIVE", "ROLE", "VIATEXT"],
    );
    let via_entry = element(&page, "<div role=\"tooltip\" id=\"tip-quote-1\"");
    assert_shows("tip-quote-1", via_entry, &["SPEAKER", "ORG"]);
}

#[test]
fn term_tooltips_show_every_field_as_text() {
    let site = marked_site();
    let page = site.read("a/index.html");
    let term = element(&page, "<div role=\"tooltip\" id=\"tip-term\"");
    assert_shows("tip-term", term, &["TERM", "TNATIVE", "EXPANSION", "SHORT"]);
    let person = element(&page, "<div role=\"tooltip\" id=\"tip-spk\"");
    assert_shows(
        "tip-spk",
        person,
        &["SPEAKER", "NATIVE", "ROLE", "SPKSHORT"],
    );
    let org = element(&page, "<div role=\"tooltip\" id=\"tip-org\"");
    assert_shows("tip-org", org, &["ORG", "ORGROLE"]);
}

#[test]
fn key_terms_and_whos_quoted_show_names_and_roles_as_text() {
    let site = marked_site();
    let page = site.read("a/index.html");
    let key_terms = elements(&page, "<div class=\"key-term\"");
    assert_eq!(key_terms.len(), 3, "{page}");
    assert_shows(
        "Key terms: the term",
        key_terms[0],
        &["TERM", "EXPANSION", "SHORT"],
    );
    assert_shows(
        "Key terms: the speaker",
        key_terms[1],
        &["SPEAKER", "ROLE", "SPKSHORT"],
    );
    assert_shows(
        "Key terms: the organisation",
        key_terms[2],
        &["ORG", "ORGROLE"],
    );
    let quoted = element(&page, "<section class=\"whos-quoted\"");
    assert_shows("Who’s quoted", quoted, &["SPEAKER", "ROLE"]);
}

#[test]
fn the_article_header_shows_the_front_matter_as_text() {
    let site = marked_site();
    let page = site.read("a/index.html");
    let header = element(&page, "<header class=\"article-header\"");
    assert_shows(
        "the article header",
        header,
        &["TAG", "TITLE", "SUMMARY", "AUTHOR", "SOURCE"],
    );
    assert_shows("the page title", element(&page, "<title>"), &["TITLE"]);
    assert_shows(
        "the site header",
        element(&page, "<header class=\"site-header\""),
        &["SITE"],
    );
}

#[test]
fn entry_pages_show_every_field_as_text() {
    let site = marked_site();
    let term = site.read("glossary/term/index.html");
    let entry = element(&term, "<article class=\"entry-page\"");
    assert_shows(
        "the term's page",
        entry,
        &["TERM", "TNATIVE", "EXPANSION", "ALIAS"],
    );
    // The definition is Markdown: its raw HTML is shown as text, like a body's.
    let definition = element(entry, "<div class=\"definition\"");
    assert!(
        definition.contains("&lt;b&gt;DEFINITION&lt;/b&gt;") && !definition.contains("<b>"),
        "{definition}"
    );
    let backlinks = element(entry, "<section class=\"backlinks\"");
    assert_shows("Mentioned in", backlinks, &["TITLE"]);
    let speaker = site.read("glossary/spk/index.html");
    let entry = element(&speaker, "<article class=\"entry-page\"");
    assert_shows(
        "the speaker's page",
        entry,
        &["SPEAKER", "NATIVE", "ROLE", "SPKSHORT"],
    );
    let quotes = elements(entry, "<figure class=\"quote-item\"");
    assert_eq!(quotes.len(), 4, "{entry}");
    assert_shows("a quote via plain text", quotes[0], &["TITLE", "VIATEXT"]);
    assert_shows("a quote via an entry", quotes[1], &["TITLE", "ORG"]);
}

#[test]
fn the_glossary_index_shows_names_expansions_roles_and_short_lines_as_text() {
    let site = marked_site();
    let page = site.read("glossary/index.html");
    let term = element(&page, "<div class=\"entry\" id=\"term\"");
    assert_shows(
        "the glossary: the term",
        term,
        &["TERM", "EXPANSION", "SHORT"],
    );
    let speaker = element(&page, "<div class=\"entry\" id=\"spk\"");
    assert_shows(
        "the glossary: the speaker",
        speaker,
        &["SPEAKER", "ROLE", "SPKSHORT"],
    );
    let org = element(&page, "<div class=\"entry\" id=\"org\"");
    assert_shows("the glossary: the organisation", org, &["ORG", "ORGROLE"]);
}

#[test]
fn the_index_and_the_feed_show_article_and_site_fields_as_text() {
    let site = marked_site();
    let index = site.read("index.html");
    let intro = element(&index, "<div class=\"index\"");
    assert_shows("the index", intro, &["SITE", "SITEDESC"]);
    let item = element(&index, "<li class=\"article-item\"");
    assert_shows("the index's line", item, &["TITLE", "AUTHOR", "SUMMARY"]);
    let feed = site.read("atom.xml");
    let head = &feed[..feed.find("<entry>").expect("an entry")];
    assert_shows("the feed", head, &["SITE", "SITEDESC"]);
    let entry = element(&feed, "<entry>");
    assert_shows("the feed's entry", entry, &["TITLE", "AUTHOR", "SUMMARY"]);
}

#[test]
fn no_page_holds_an_author_s_markup_raw() {
    // JSON-LD writes `<` as `\u003c`, so the tag cannot appear there either.
    let site = marked_site();
    for (path, bytes) in tree(&site.out()) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("<b>"), "{path} holds raw markup:\n{text}");
    }
}

#[test]
fn markup_in_front_matter_is_escaped_everywhere() {
    let evil = "<script>alert(1)</script>\\\" onmouseover=\\\"x";
    let site = Site::new()
        .file("content/site.yaml", &format!("title: \"{evil}\"\ndescription: \"{evil}\"\nbase_url: https://example.org/\n"))
        .file(
            "content/glossary.yaml",
            &format!("x:\n  name: \"Xe{evil}\"\n  short: \"{evil}\"\n  role: \"{evil}\"\n  native: \"{evil}\"\n  expansion: \"{evil}\"\n  kind: person\n  definition: \"{evil}\"\n"),
        )
        .article(
            "a",
            &format!("summary: \"{evil}\"\nauthor: \"{evil}\"\ntags: [\"{evil}\"]\nsource: {{ name: \"{evil}\", url: \"https://e.org/?a=<b>\" }}\nquotes:\n  - text: hello there friend\n    speaker: x\n    via: \"{evil}\"\nextra: {{ a: \"{evil}\" }}\n"),
            "“hello there friend”\n\n[x](term:x)",
        );
    site.build_ok();
    for page in [
        "index.html",
        "a/index.html",
        "glossary/index.html",
        "glossary/x/index.html",
        "atom.xml",
        "sitemap.xml",
        "404.html",
    ] {
        let html = site.read(page);
        // JSON-LD is checked below: inside it `\"` is an escaped quote, not markup.
        let html = match html.find("<script type=\"application/ld+json\">") {
            Some(i) => format!(
                "{}{}",
                &html[..i],
                &html[i + html[i..].find("</script>").unwrap()..]
            ),
            None => html,
        };
        assert!(
            !html.contains("<script>alert"),
            "{page} has a raw script tag"
        );
        for tag in html.split('<').skip(1) {
            let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
            // What is left of a tag once its quoted values are taken out is its real markup.
            let markup: String = tag.split('"').step_by(2).collect();
            assert!(
                !markup.contains("onmouseover"),
                "{page} lets an attribute escape: <{tag}>"
            );
        }
    }
    let a = site.read("a/index.html");
    let ld = &a[a.find("application/ld+json").unwrap()..];
    let ld = &ld[..ld.find("</script>").unwrap()];
    assert!(!ld.contains("<script"), "JSON-LD cannot close its script");
    let json = &ld[ld.find('>').unwrap() + 1..];
    let value: serde_json::Value = serde_json::from_str(json).expect("JSON-LD parses");
    assert!(
        value.to_string().contains("<script>alert(1)</script>"),
        "the text survives, as data"
    );
}
