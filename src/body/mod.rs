//! An article's body through the event chain
//! `parse → merge text → annotate → heading ids → highlight → HTML`.

pub(crate) mod annotate;
pub(crate) mod headings;
pub(crate) mod highlight;
pub(crate) mod problems;

use pulldown_cmark::{Options, Parser, TextMergeWithOffset, html};

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
    render_with(body, body_options(), opts, true)
}

/// The chain with explicit parser options; `full: false` leaves code blocks and headings
/// as CommonMark renders them, without highlighting and heading ids (for the conformance
/// tests).
pub(crate) fn render_with(
    body: &str,
    options: Options,
    opts: &AnnotateOptions<'_>,
    full: bool,
) -> Rendered {
    let events = TextMergeWithOffset::new(Parser::new_ext(body, options).into_offset_iter());
    let mut annotator = Annotator::new(events, opts);
    // Annotated HTML runs to about twice the Markdown: one allocation, no regrowth.
    let mut out = String::with_capacity(body.len() * 2);
    let mut has_code = false;
    let mut headings = Vec::new();
    if full {
        let mut ids = HeadingIds::new(annotator.by_ref(), body);
        let mut highlighter = Highlighter::new(ids.by_ref());
        html::push_html(&mut out, highlighter.by_ref());
        has_code = highlighter.highlighted;
        headings = ids.headings;
    } else {
        html::push_html(&mut out, annotator.by_ref());
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
