//! The CommonMark spec's own examples (`tests/commonmark/spec.txt`, version 0.31.2)
//! through the body's event chain (parse, merge text, annotate, heading ids, highlight,
//! HTML): strictly CommonMark with the annotator in the chain (heading ids and
//! highlighting off); with the build's parser options, heading ids and highlighter,
//! compared modulo heading ids and anchors (the spec's HTML has none), where exactly the
//! examples differ and why; and with a glossary whose names stand in the examples, where
//! the annotator adds mentions and nothing else.

use pulldown_cmark::{Options, Parser, html};

use crate::body::annotate::AnnotateOptions;
use crate::glossary::Glossary;
use crate::model::{Annotate, Kind};

struct Example {
    number: usize,
    section: String,
    markdown: String,
    html: String,
}

fn examples() -> Vec<Example> {
    let spec = include_str!("../../tests/commonmark/spec.txt");
    let fence = "````````````````````````````````";
    let mut out = Vec::new();
    let mut section = String::new();
    let mut lines = spec.lines();
    while let Some(line) = lines.next() {
        if let Some(h) = line.strip_prefix('#') {
            section = h.trim_start_matches('#').trim().to_string();
        }
        if line == format!("{fence} example") {
            let mut markdown = String::new();
            let mut html = String::new();
            let mut in_html = false;
            for l in lines.by_ref() {
                if l == fence {
                    break;
                }
                if l == "." && !in_html {
                    in_html = true;
                    continue;
                }
                let target = if in_html { &mut html } else { &mut markdown };
                target.push_str(&l.replace('→', "\t"));
                target.push('\n');
            }
            out.push(Example {
                number: out.len() + 1,
                section: section.clone(),
                markdown,
                html,
            });
        }
    }
    out
}

/// pulldown-cmark writes `"` in text where the reference renderer writes `&quot;`, and
/// no line break after `<li>` before a raw HTML block; both are the same HTML to a browser.
fn normalize(html: &str) -> String {
    html.replace("&quot;", "\"").replace("<li>\n", "<li>")
}

/// Annotator options for the examples: every mention annotated, raw HTML kept (the spec
/// renders it), no quotes.
fn options(glossary: &Glossary) -> AnnotateOptions<'_> {
    AnnotateOptions {
        glossary,
        root: String::new(),
        annotate: Annotate::All,
        skip: Default::default(),
        quotes: Vec::new(),
        raw_html: true,
        sources: None,
        source_path: String::new(),
        images: None,
        folder: String::new(),
    }
}

/// The numbers of the examples whose HTML, through `render`, is not the spec's; each
/// is printed in full (shown when a test fails).
fn differing(render: impl Fn(&str) -> String) -> Vec<usize> {
    let examples = examples();
    assert_eq!(examples.len(), 652, "spec 0.31.2 has 652 examples");
    let mut out = Vec::new();
    for ex in &examples {
        let got = render(&ex.markdown);
        if normalize(&got) != normalize(&ex.html) {
            eprintln!(
                "example {} ({}):\n--- markdown\n{}--- expected\n{}--- got\n{}",
                ex.number, ex.section, ex.markdown, ex.html, got
            );
            out.push(ex.number);
        }
    }
    out
}

/// Strict CommonMark (no extensions), highlighting off, through the annotator with an
/// empty glossary and no quotes: the annotator, with nothing to add, changes no example.
#[test]
fn every_spec_example_is_conformant_with_the_annotator_in_the_chain() {
    let glossary = Glossary::default();
    let opts = options(&glossary);
    let strict =
        |md: &str| super::render_with(md, Options::empty(), &opts, super::Chain::Bare).html;
    assert_eq!(differing(strict), Vec::<usize>::new());
}

/// The chain a build runs ([`super::render`]: tables, footnotes, strikethrough and heading
/// attributes on, heading ids and the highlighter in), with an empty glossary, compared
/// modulo heading ids ([`unanchor`]: the spec's HTML has none). The extensions change no
/// example: none writes a table, a footnote or a strikethrough (its `~` are fences or
/// escaped), and no heading ends in `{…}`. The highlighter
/// changes the six whose fenced code block has an info string: it marks the `<pre>` with
/// the language (`class="code" data-lang="…"`), and a language it knows (142 and 143,
/// `ruby`) also gets classed spans; the code's text is the same.
#[test]
fn the_build_chain_differs_only_where_a_fenced_block_names_a_language() {
    let glossary = Glossary::default();
    let opts = options(&glossary);
    let extensions = |md: &str| {
        super::render_with(
            md,
            crate::markdown::body_options(),
            &opts,
            super::Chain::Bare,
        )
        .html
    };
    assert_eq!(differing(extensions), Vec::<usize>::new());
    let build = |md: &str| unanchor(&super::render(md, &opts).html);
    let fenced_with_info = [24, 34, 142, 143, 144, 146];
    assert_eq!(differing(build), fenced_with_info);
    for ex in examples() {
        if fenced_with_info.contains(&ex.number) {
            let got = build(&ex.markdown);
            assert!(got.starts_with("<pre class=\"code\" data-lang=\""), "{got}");
            assert_eq!(
                unhighlight(&got),
                ex.html,
                "example {}: the highlighter adds markup, not text",
                ex.number
            );
        }
    }
    assert!(build("```ruby\ndef foo(x)\n```\n").contains("<span class=\"hl-"));
}

/// Heading ids and anchors taken out: `<div class="heading">`, the heading's `id`, and
/// the anchor link after it.
fn unanchor(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(i) = rest.find("<div class=\"heading\">\n") {
        out.push_str(&rest[..i]);
        rest = &rest[i + "<div class=\"heading\">\n".len()..];
        let id_at = rest.find(" id=\"").expect("a heading id");
        let id_end = id_at + 5 + rest[id_at + 5..].find('"').expect("id's end") + 1;
        out.push_str(&rest[..id_at]);
        rest = &rest[id_end..];
        let anchor = rest.find("<a class=\"heading-anchor\"").expect("an anchor");
        out.push_str(&rest[..anchor]);
        let end = "</a></div>\n";
        rest = &rest[anchor + rest[anchor..].find(end).expect("anchor's end") + end.len()..];
    }
    out.push_str(rest);
    out
}

/// The highlighter's markup taken out: `<pre class="code" data-lang="…">` back to `<pre>`,
/// and its classed spans dropped.
fn unhighlight(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let tag_end = i + rest[i..].find('>').map_or(rest.len() - i, |e| e + 1);
        let tag = &rest[i..tag_end];
        if tag.starts_with("<pre class=\"code\"") {
            out.push_str("<pre>");
        } else if !(tag.starts_with("<span class=\"hl-") || tag == "</span>") {
            out.push_str(tag);
        }
        rest = &rest[tag_end..];
    }
    out.push_str(rest);
    out
}

/// A glossary whose names stand in many examples: `foo` (also written `Foo`), `bar` (also
/// `baz`), `foo bar` (wrapped across lines in some) and `link` (mostly in link text).
fn spec_glossary() -> Glossary {
    let mut foo = Glossary::test_entry("foo", "foo", Kind::Term);
    foo.aliases = vec!["Foo".into()];
    let mut bar = Glossary::test_entry("bar", "bar", Kind::Person);
    bar.aliases = vec!["baz".into()];
    Glossary::of(vec![
        foo,
        bar,
        Glossary::test_entry("foo-bar", "foo bar", Kind::Place),
        Glossary::test_entry("link", "link", Kind::Organization),
    ])
}

/// Strict CommonMark through the annotator with [`spec_glossary`], every mention
/// annotated. With each mention's markup taken out, every example's HTML is what
/// pulldown-cmark writes alone: the annotator adds mentions and changes no text, escape
/// or structure. No mention stands in code, a heading, an image or a Markdown link; the
/// one inside a link is in 187, whose link is raw HTML (`<a href="bar">`, never closed),
/// which the annotator does not read. The count of mentions of each entry is fixed.
#[test]
fn a_glossary_adds_mentions_and_nothing_else() {
    let glossary = spec_glossary();
    let opts = options(&glossary);
    let mut misplaced = Vec::new();
    let mut mentions = [0usize; 4];
    for ex in examples() {
        let got =
            super::render_with(&ex.markdown, Options::empty(), &opts, super::Chain::Bare).html;
        let mut plain = String::new();
        html::push_html(&mut plain, Parser::new_ext(&ex.markdown, Options::empty()));
        assert_eq!(without_mentions(&got), plain, "example {}", ex.number);
        if mention_inside_markup(&got) {
            misplaced.push(ex.number);
        }
        for (i, e) in glossary.entries().iter().enumerate() {
            mentions[i] += got.matches(&format!("data-term=\"{}\"", e.id)).count();
        }
    }
    assert_eq!(misplaced, [187]);
    assert_eq!(
        mentions,
        [246, 177, 22, 11],
        "mentions of foo, bar, foo bar, link"
    );
}

/// The mentions' markup taken out, their text left.
fn without_mentions(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(i) = rest.find("<a class=\"term\"") {
        out.push_str(&rest[..i]);
        let mention = &rest[i..];
        let (text, end) = (
            mention.find('>').expect(">") + 1,
            mention.find("</a>").expect("</a>"),
        );
        out.push_str(&mention[text..end]);
        rest = &mention[end + "</a>".len()..];
    }
    out.push_str(rest);
    out
}

/// True when a mention stands inside code, a heading or a link.
fn mention_inside_markup(html: &str) -> bool {
    const PAIRS: [(&str, &str); 9] = [
        ("<code", "</code>"),
        ("<pre", "</pre>"),
        ("<a ", "</a>"),
        ("<h1", "</h1>"),
        ("<h2", "</h2>"),
        ("<h3", "</h3>"),
        ("<h4", "</h4>"),
        ("<h5", "</h5>"),
        ("<h6", "</h6>"),
    ];
    // The closing tags of the elements open at this point.
    let mut open: Vec<&str> = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i..];
        if rest.starts_with("<a class=\"term\"") {
            if !open.is_empty() {
                return true;
            }
            rest = &rest[rest.find("</a>").expect("</a>") + "</a>".len()..];
            continue;
        }
        for (start, end) in PAIRS {
            if rest.starts_with(start) {
                open.push(end);
            } else if rest.starts_with(end)
                && let Some(k) = open.iter().rposition(|e| *e == end)
            {
                open.remove(k);
            }
        }
        rest = &rest[1..];
    }
    false
}
