//! The annotator on hand-built event streams: each concern (mentions, `term:` links,
//! quotes, the link and HTML policy) fed the events pulldown-cmark would give, so a test
//! shows exactly what goes in and what comes out.

use std::ops::Range;

use pulldown_cmark::{BlockQuoteKind, CowStr, Event, LinkType, Tag, TagEnd};

use super::{AnnotateOptions, Annotator, Findings, Problem};
use crate::glossary::Glossary;
use crate::model::{Annotate, Kind, QuoteSpec, Via, normalize_quote};

fn glossary() -> Glossary {
    let mut yoon = Glossary::test_entry("yoon", "Yoon", Kind::Person);
    yoon.role = Some("President <of> Korea".into());
    Glossary::of(vec![
        Glossary::test_entry("thaad", "THAAD", Kind::Term),
        yoon,
        Glossary::test_entry("yonhap", "Yonhap", Kind::Organization),
    ])
}

fn options(glossary: &Glossary, quotes: Vec<QuoteSpec>) -> AnnotateOptions<'_> {
    AnnotateOptions {
        glossary,
        root: "../".into(),
        annotate: Annotate::First,
        skip: Default::default(),
        quotes,
        raw_html: false,
        sources: Some(crate::article::sources::ArticleSources::none()),
        source_path: String::new(),
        images: None,
        folder: String::new(),
    }
}

/// Events with consecutive ranges, as a parser would give them.
fn stream(events: Vec<Event<'static>>) -> Vec<(Event<'static>, Range<usize>)> {
    let mut at = 0;
    events
        .into_iter()
        .map(|e| {
            let len = match &e {
                Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => t.len(),
                _ => 0,
            };
            at += len;
            (e, at - len..at)
        })
        .collect()
}

fn paragraph(inner: Vec<Event<'static>>) -> Vec<Event<'static>> {
    let mut v = vec![Event::Start(Tag::Paragraph)];
    v.extend(inner);
    v.push(Event::End(TagEnd::Paragraph));
    v
}

fn text(t: &'static str) -> Event<'static> {
    Event::Text(CowStr::Borrowed(t))
}

/// Runs the annotator; returns the HTML of its events and what it found.
fn run(opts: &AnnotateOptions<'_>, events: Vec<Event<'static>>) -> (String, Findings) {
    let mut annotator = Annotator::new(stream(events).into_iter(), opts);
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, annotator.by_ref());
    (html, annotator.findings)
}

#[test]
fn the_first_mention_of_an_entry_is_annotated_and_later_ones_are_not() {
    let g = glossary();
    let (html, found) = run(
        &options(&g, Vec::new()),
        paragraph(vec![text("THAAD and THAAD, not THAADs.")]),
    );
    assert_eq!(html.matches("class=\"term\"").count(), 1, "{html}");
    assert!(
        html.contains(r#"href="../glossary/thaad/index.html""#),
        "{html}"
    );
    assert_eq!(found.mentioned, [0]);
    assert!(found.annotated.contains(&0));
}

#[test]
fn text_inside_code_links_and_headings_is_never_annotated() {
    let g = glossary();
    let link = Tag::Link {
        link_type: LinkType::Inline,
        dest_url: "https://example.org".into(),
        title: "".into(),
        id: "".into(),
    };
    let mut events = paragraph(vec![
        Event::Code("THAAD".into()),
        Event::Start(link),
        text("THAAD"),
        Event::End(TagEnd::Link),
    ]);
    events.extend([
        Event::Start(Tag::Heading {
            level: pulldown_cmark::HeadingLevel::H2,
            id: None,
            classes: Vec::new(),
            attrs: Vec::new(),
        }),
        text("THAAD"),
        Event::End(TagEnd::Heading(pulldown_cmark::HeadingLevel::H2)),
    ]);
    let (html, found) = run(&options(&g, Vec::new()), events);
    assert!(!html.contains("class=\"term\""), "{html}");
    assert!(found.mentioned.is_empty());
    assert_eq!(
        found.links.len(),
        1,
        "the ordinary link is listed for the link check"
    );
}

#[test]
fn a_term_link_is_an_explicit_mention_and_an_unknown_id_a_problem() {
    let g = glossary();
    let term = |id: &'static str| Tag::Link {
        link_type: LinkType::Inline,
        dest_url: CowStr::Borrowed(id),
        title: "".into(),
        id: "".into(),
    };
    let (html, found) = run(
        &options(&g, Vec::new()),
        paragraph(vec![
            Event::Start(term("term:thaad")),
            text("the system"),
            Event::End(TagEnd::Link),
            text(" and "),
            Event::Start(term("term:nope")),
            text("nothing"),
            Event::End(TagEnd::Link),
        ]),
    );
    assert!(
        html.contains(r#"data-term="thaad" href="../glossary/thaad/index.html" aria-describedby="tip-thaad">the system</a>"#),
        "{html}"
    );
    assert!(
        html.contains("and nothing"),
        "the unknown link's text stays: {html}"
    );
    assert!(matches!(&found.problems[..], [Problem::UnknownTerm { id, .. }] if id == "nope"));
}

#[test]
fn script_links_are_dropped_and_raw_html_left_out() {
    let g = glossary();
    let link = Tag::Link {
        link_type: LinkType::Inline,
        dest_url: "javascript:alert(1)".into(),
        title: "".into(),
        id: "".into(),
    };
    let (html, found) = run(
        &options(&g, Vec::new()),
        paragraph(vec![
            Event::Start(link),
            text("click"),
            Event::End(TagEnd::Link),
            Event::InlineHtml("<script>".into()),
        ]),
    );
    assert!(
        !html.contains("javascript") && !html.contains("<script"),
        "{html}"
    );
    assert!(html.contains("click"));
    assert!(matches!(found.problems[0], Problem::DangerousLink { .. }));
    assert!(matches!(found.problems[1], Problem::RawHtmlOmitted { .. }));
}

#[test]
fn an_inline_quotation_is_attributed_to_its_speaker() {
    let g = glossary();
    let quotes = vec![QuoteSpec {
        normalized: normalize_quote("a means of self-defense"),
        speaker: 1,
        via: Some(Via::Entry(2)),
    }];
    let (html, found) = run(
        &options(&g, quotes),
        paragraph(vec![text(
            "He said “THAAD is a means of self-defense” today.",
        )]),
    );
    assert!(
        html.contains(r#"<span class="quote" data-speaker="yoon" tabindex="0" aria-describedby="tip-quote-0" data-via="yonhap">"#),
        "{html}"
    );
    assert_eq!(found.quote_hits, [1]);
    assert!(found.inline_quotes[0]);
    assert_eq!(
        found.quote_texts[0].as_deref(),
        Some("“THAAD is a means of self-defense”")
    );
    assert!(found.mentioned.contains(&1), "the speaker is mentioned");
}

#[test]
fn a_blockquote_is_attributed_whole_with_an_escaped_caption() {
    let g = glossary();
    let quotes = vec![QuoteSpec {
        normalized: normalize_quote("not subject to negotiations"),
        speaker: 1,
        via: Some(Via::Text("<Yonhap> & co".into())),
    }];
    let (html, found) = run(
        &options(&g, quotes),
        vec![
            Event::Start(Tag::BlockQuote(None::<BlockQuoteKind>)),
            Event::Start(Tag::Paragraph),
            text("THAAD is not subject"),
            Event::SoftBreak,
            text("to negotiations."),
            Event::End(TagEnd::Paragraph),
            Event::End(TagEnd::BlockQuote(None)),
        ],
    );
    assert!(
        html.contains(r#"<blockquote data-speaker="yoon" data-via-text="&lt;Yonhap&gt; &amp; co""#),
        "{html}"
    );
    assert!(html.contains("President &lt;of&gt; Korea"), "{html}");
    assert!(html.contains("via &lt;Yonhap&gt; &amp; co"), "{html}");
    assert!(
        !html.contains("<of>") && !html.contains("<Yonhap>"),
        "{html}"
    );
    assert_eq!(found.quote_hits, [1]);
}

#[test]
fn unbalanced_and_unattributed_quotations_are_noted_for_the_copy_desk() {
    let g = glossary();
    let (_, found) = run(
        &options(&g, Vec::new()),
        paragraph(vec![text("“Four words said here” and a stray “mark")]),
    );
    assert_eq!(found.unattributed.len(), 1);
    assert_eq!(found.unbalanced.len(), 1);
}

#[test]
fn code_inside_a_blockquote_is_no_part_of_its_quotation() {
    let g = glossary();
    let quotes = vec![QuoteSpec {
        normalized: normalize_quote("launch the missiles"),
        speaker: 1,
        via: None,
    }];
    let (html, found) = run(
        &options(&g, quotes),
        vec![
            Event::Start(Tag::BlockQuote(None)),
            Event::Start(Tag::CodeBlock(pulldown_cmark::CodeBlockKind::Indented)),
            text("launch the missiles"),
            Event::End(TagEnd::CodeBlock),
            Event::End(TagEnd::BlockQuote(None)),
        ],
    );
    assert_eq!(found.quote_hits, [0], "{html}");
    assert!(!html.contains("data-speaker"), "{html}");
}

#[test]
fn quotation_marks_in_code_pair_with_nothing() {
    let g = glossary();
    let (_, found) = run(
        &options(&g, Vec::new()),
        vec![
            Event::Start(Tag::CodeBlock(pulldown_cmark::CodeBlockKind::Indented)),
            text("print(\"four words in code\")"),
            Event::End(TagEnd::CodeBlock),
        ],
    );
    assert!(found.unattributed.is_empty() && found.unbalanced.is_empty());
}

#[test]
fn a_stray_mark_is_reported_at_its_own_byte() {
    let g = glossary();
    let (_, found) = run(
        &options(&g, Vec::new()),
        paragraph(vec![text("He said ” and left.")]),
    );
    assert_eq!(found.unbalanced, vec![std::ops::Range { start: 8, end: 9 }]);
    let (_, found) = run(
        &options(&g, Vec::new()),
        paragraph(vec![text("He said “ and left.")]),
    );
    assert_eq!(found.unbalanced, vec![std::ops::Range { start: 8, end: 9 }]);
    // An opening mark followed by another: the first is the stray one.
    let (_, found) = run(
        &options(&g, Vec::new()),
        paragraph(vec![text("“ and “one two”")]),
    );
    assert_eq!(found.unbalanced, vec![std::ops::Range { start: 0, end: 1 }]);
}

#[test]
fn marks_in_different_inline_containers_do_not_pair() {
    let g = glossary();
    let (_, found) = run(
        &options(&g, Vec::new()),
        paragraph(vec![
            text("“one two "),
            Event::Start(Tag::Emphasis),
            text("three four”"),
            Event::End(TagEnd::Emphasis),
        ]),
    );
    assert!(found.unattributed.is_empty(), "{:?}", found.unattributed);
}

#[test]
fn a_straight_mark_after_a_line_break_opens_a_quotation() {
    // After a space or a line break a straight mark opens; after a letter it closes.
    let g = glossary();
    let (_, found) = run(
        &options(&g, Vec::new()),
        paragraph(vec![
            text("\"one two"),
            Event::HardBreak,
            text("\"three four five six\" today."),
        ]),
    );
    assert_eq!(found.unattributed.len(), 1, "{:?}", found.unbalanced);
    assert!(found.unbalanced.is_empty());
}

#[test]
fn a_straight_mark_after_a_space_opens_rather_than_closes() {
    // `"one two three four "five`: the second mark follows a space, so it opens a new
    // quotation (left unclosed) instead of closing the first.
    let g = glossary();
    let (_, found) = run(
        &options(&g, Vec::new()),
        paragraph(vec![text("\"one two three four \"five six")]),
    );
    assert!(found.unattributed.is_empty(), "{:?}", found.unattributed);
    assert_eq!(found.unbalanced.len(), 1);
}
