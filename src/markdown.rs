//! Markdown: the parser options in one place, and the event chain
//! `parse → merge text → annotate → highlight → HTML`.

use pulldown_cmark::{Event, Options, Parser, Tag, TextMergeWithOffset, html};

use crate::annotate::{AnnotateOptions, Annotator, Findings};
use crate::highlight::Highlighter;
use crate::html::is_dangerous_url;

/// CommonMark with tables, footnotes and strikethrough.
pub fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH
}

/// An article body rendered to HTML, with what the annotator found.
#[derive(Debug, Default)]
pub struct Rendered {
    /// The body's HTML.
    pub html: String,
    /// Mentions, quotes and problems.
    pub findings: Findings,
    /// A code block was highlighted (the page needs the code stylesheet).
    pub has_code: bool,
}

/// Renders a body through the whole chain.
pub fn render(body: &str, opts: &AnnotateOptions<'_>) -> Rendered {
    render_with(body, options(), opts, true)
}

/// The chain with explicit parser options; `highlight: false` leaves code blocks as
/// CommonMark renders them (for the conformance tests).
pub fn render_with(
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

/// Renders Markdown an author typed in front matter (a glossary definition): raw HTML
/// is shown as text and script links are dropped, whatever `raw_html` says.
pub fn render_untrusted(markdown: &str) -> String {
    let events = Parser::new_ext(markdown, options()).map(|e| match e {
        Event::Html(h) | Event::InlineHtml(h) => Event::Text(h),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) if is_dangerous_url(&dest_url) => Event::Start(Tag::Link {
            link_type,
            dest_url: "".into(),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) if is_dangerous_url(&dest_url) => Event::Start(Tag::Image {
            link_type,
            dest_url: "".into(),
            title,
            id,
        }),
        e => e,
    });
    let mut out = String::new();
    html::push_html(&mut out, events);
    out
}

/// The plain text of Markdown (for tooltips and summaries).
pub fn plain_text(markdown: &str) -> String {
    let mut out = String::new();
    for e in Parser::new_ext(markdown, options()) {
        match e {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(_) if !out.ends_with(' ') => {
                out.push(' ')
            }
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn untrusted_markdown_cannot_inject_markup() {
        let html = render_untrusted(
            "<script>alert(1)</script>\n\nSee [x](javascript:alert(1)) <img src=x onerror=alert(1)>",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(
            !html.contains("javascript:") && !html.contains("<img"),
            "{html}"
        );
    }

    #[test]
    fn plain_text_drops_markup() {
        assert_eq!(
            plain_text("A *mobile* `system`.\n\nSecond."),
            "A mobile system. Second."
        );
    }
}
