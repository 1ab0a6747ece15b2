//! An article's body through the event chain
//! `parse → merge text → annotate → highlight → HTML`.

pub(crate) mod annotate;
pub(crate) mod highlight;
pub(crate) mod problems;

use pulldown_cmark::{Options, Parser, TextMergeWithOffset, html};

use crate::markdown::options;
use annotate::{AnnotateOptions, Annotator, Findings};
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
}

/// Renders a body through the whole chain.
pub(crate) fn render(body: &str, opts: &AnnotateOptions<'_>) -> Rendered {
    render_with(body, options(), opts, true)
}

/// The chain with explicit parser options; `highlight: false` leaves code blocks as
/// CommonMark renders them (for the conformance tests).
pub(crate) fn render_with(
    body: &str,
    options: Options,
    opts: &AnnotateOptions<'_>,
    highlight: bool,
) -> Rendered {
    let events = TextMergeWithOffset::new(Parser::new_ext(body, options).into_offset_iter());
    let mut annotator = Annotator::new(events, opts);
    // Annotated HTML runs to about twice the Markdown: one allocation, no regrowth.
    let mut out = String::with_capacity(body.len() * 2);
    let mut has_code = false;
    if highlight {
        let mut highlighter = Highlighter::new(annotator.by_ref());
        html::push_html(&mut out, highlighter.by_ref());
        has_code = highlighter.highlighted;
    } else {
        html::push_html(&mut out, annotator.by_ref());
    }
    Rendered {
        html: out,
        findings: annotator.findings,
        has_code,
    }
}

#[cfg(test)]
mod commonmark;
