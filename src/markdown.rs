//! Markdown: the parser options in one place, and Markdown that is not an article body
//! (glossary definitions, tooltips' plain text). Article bodies go through
//! [`body`](crate::body).

use pulldown_cmark::{Event, Options, Parser, Tag, html};

use crate::html::is_dangerous_url;

/// CommonMark with tables, footnotes and strikethrough: Markdown in front matter.
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH
}

/// An article body's options: [`options`] and heading attributes (`{#id}`, `{.class}`;
/// a heading that ends in `{…}` keeps it as text only when escaped, `\{`). Front matter
/// Markdown has none: its headings get no ids, and pulldown-cmark would write any other
/// attribute (`onclick=…`) as it stands.
pub(crate) fn body_options() -> Options {
    options() | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders Markdown an author typed in front matter (a glossary definition): raw HTML
/// is shown as text and script links are dropped, whatever `raw_html` says.
pub(crate) fn render_untrusted(markdown: &str) -> String {
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
pub(crate) fn plain_text(markdown: &str) -> String {
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
