//! An article's body through the event chain
//! `parse → merge text → annotate → heading ids → highlight → HTML`.

pub(crate) mod annotate;
pub(crate) mod headings;
pub(crate) mod highlight;
pub(crate) mod problems;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TextMergeWithOffset, html};

use crate::markdown::body_options;
use annotate::{AnnotateOptions, Annotator, Findings};
use headings::{Heading, HeadingIds};
use highlight::Highlighter;

/// An article body rendered to HTML, with what the annotator found.
#[derive(Debug, Default)]
pub(crate) struct Rendered {
    /// The body's HTML.
    pub(crate) html: String,
    /// Mentions, quotes and problems.
    pub(crate) findings: Findings,
    /// A code block was highlighted (the page needs the code stylesheet).
    pub(crate) has_code: bool,
    /// Its headings, in order, with their ids (for the table of contents).
    pub(crate) headings: Vec<Heading>,
    /// The ids of its headings, kept once the page is made: links by source file from
    /// other articles are checked against them.
    pub(crate) anchors: Vec<String>,
}

/// Renders a body through the whole chain.
pub(crate) fn render(body: &str, opts: &AnnotateOptions<'_>) -> Rendered {
    render_with(body, body_options(), opts, Chain::Full)
}

/// Renders a body as `check` needs it: the whole chain but the highlighter, whose classed
/// spans hold no problem and no id (code is shown as CommonMark writes it).
pub(crate) fn render_unhighlighted(body: &str, opts: &AnnotateOptions<'_>) -> Rendered {
    render_with(body, body_options(), opts, Chain::Unhighlighted)
}

/// How much of the chain runs after the annotator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Chain {
    /// Heading ids and the highlighter: a build.
    Full,
    /// Heading ids, no highlighter: `check`.
    Unhighlighted,
    /// Neither: code blocks and headings as CommonMark renders them (the conformance
    /// tests).
    Bare,
}

/// The chain with explicit parser options, as far as `chain` says.
pub(crate) fn render_with(
    body: &str,
    options: Options,
    opts: &AnnotateOptions<'_>,
    chain: Chain,
) -> Rendered {
    let events = TextMergeWithOffset::new(Parser::new_ext(body, options).into_offset_iter());
    let mut annotator = Annotator::new(events, opts);
    // Annotated HTML runs to about twice the Markdown: one allocation, no regrowth.
    let mut out = String::with_capacity(body.len() * 2);
    let mut has_code = false;
    let mut headings = Vec::new();
    if chain == Chain::Bare {
        html::push_html(&mut out, annotator.by_ref());
    } else {
        let mut ids = HeadingIds::new(annotator.by_ref(), body);
        if chain == Chain::Full {
            let mut highlighter = Highlighter::new(ids.by_ref());
            html::push_html(&mut out, highlighter.by_ref());
            has_code = highlighter.highlighted;
        } else {
            // Whether the page would need the code stylesheet (`check` asks of its link).
            let mut named = false;
            let events = ids.by_ref().inspect(|e| {
                named |= matches!(e, Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang)))
                    if !lang.trim().is_empty());
            });
            html::push_html(&mut out, events);
            has_code = named;
        }
        headings = ids.headings;
    }
    Rendered {
        html: out,
        findings: annotator.findings,
        has_code,
        headings,
        anchors: Vec::new(),
    }
}

#[cfg(test)]
mod commonmark;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::Glossary;
    use crate::model::Annotate;

    #[test]
    fn check_s_chain_leaves_code_unhighlighted_and_keeps_heading_ids() {
        let glossary = Glossary::default();
        let opts = AnnotateOptions {
            glossary: &glossary,
            root: String::new(),
            annotate: Annotate::First,
            skip: Default::default(),
            quotes: Vec::new(),
            raw_html: false,
            sources: None,
            source_path: String::new(),
            images: None,
            folder: String::new(),
        };
        let body = "## Why\n\n```rust\nfn main() {}\n```\n";
        let built = render(body, &opts);
        let checked = render_unhighlighted(body, &opts);
        assert!(built.html.contains("class=\"hl-"), "{}", built.html);
        assert!(!checked.html.contains("hl-"), "{}", checked.html);
        assert!(checked.html.contains("<h2 id=\"why\">"), "{}", checked.html);
        assert_eq!((built.has_code, checked.has_code), (true, true));
        assert!(!render_unhighlighted("```\nplain\n```\n", &opts).has_code);
    }
}
