//! Markdown: the parser options in one place, and Markdown that is not an article body
//! (glossary definitions, tooltips' plain text). Article bodies go through
//! [`body`](crate::body).

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd, html};

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
        e => defuse(e),
    });
    let mut out = String::new();
    html::push_html(&mut out, events);
    out
}

/// A short note of front matter Markdown (a correction), as HTML and as plain text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Note {
    /// The HTML shown on the page.
    pub(crate) html: String,
    /// The same as plain text, for structured data: no tags, entities decoded.
    pub(crate) text: String,
    /// Raw HTML was in it and is left out (`raw_html` is off).
    pub(crate) raw_html_left_out: bool,
}

/// Renders a note as an article body is: raw HTML kept only with `raw_html`, else left
/// out (the caller warns), and script links dropped. Its plain text is what the note
/// shows, its markup removed.
pub(crate) fn render_note(markdown: &str, raw_html: bool) -> Note {
    let mut left_out = false;
    let events: Vec<Event<'_>> = Parser::new_ext(markdown, options())
        .filter(|e| match e {
            Event::Html(h) | Event::InlineHtml(h) if !raw_html => {
                left_out |= !h.trim().is_empty();
                false
            }
            _ => true,
        })
        .map(defuse)
        .collect();
    let mut out = String::new();
    html::push_html(&mut out, events.iter().cloned());
    Note {
        html: out,
        text: plain_text_of(events.into_iter()),
        raw_html_left_out: left_out,
    }
}

/// A link or image event with a script URL emptied; any other event as it is.
fn defuse(e: Event<'_>) -> Event<'_> {
    match e {
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
    }
}

/// The plain text of Markdown (for tooltips and summaries).
pub(crate) fn plain_text(markdown: &str) -> String {
    plain_text_of(Parser::new_ext(markdown, options()))
}

/// The plain text of Markdown's events: its text, and the text of its raw HTML.
fn plain_text_of<'a>(events: impl Iterator<Item = Event<'a>>) -> String {
    let mut out = String::new();
    for e in events {
        match e {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::Html(h) | Event::InlineHtml(h) => out.push_str(&text_of_html(&h)),
            // The end of a block is a space; the end of a link or of emphasis is none.
            Event::End(
                TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link,
            ) => {}
            Event::SoftBreak | Event::HardBreak | Event::End(_) if !out.ends_with(' ') => {
                out.push(' ')
            }
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text of a piece of HTML: its tags removed (a block's or a line break's leaving a
/// space), its entities decoded. Comments go with their content.
fn text_of_html(html: &str) -> String {
    const BREAKING: &[&str] = &[
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "table",
        "tr",
        "td",
        "th",
        "section",
        "figure",
        "figcaption",
        "hr",
        "dt",
        "dd",
    ];
    let mut text = String::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        text.push_str(&decode_entities(&rest[..open]));
        let tag = &rest[open..];
        let end = if tag.starts_with("<!--") {
            tag.find("-->").map(|i| i + 3)
        } else {
            tag.find('>').map(|i| i + 1)
        };
        let Some(end) = end else {
            rest = "";
            break;
        };
        let name = tag[1..end]
            .trim_start_matches('/')
            .split(|c: char| !c.is_ascii_alphanumeric())
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        if BREAKING.contains(&name.as_str()) {
            text.push(' ');
        }
        rest = &tag[end..];
    }
    text.push_str(&decode_entities(rest));
    text
}

/// `&amp;`, `&eacute;`, `&#233;` decoded as CommonMark decodes them in text; anything
/// else that starts with `&` left as it is.
fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let name_len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
            .unwrap_or(after.len());
        let is_entity = name_len > 0 && name_len <= 32 && after[name_len..].starts_with(';');
        let decoded = is_entity.then(|| {
            let entity = &rest[amp..amp + name_len + 2];
            let decoded = plain_text_of(Parser::new(entity));
            (decoded != entity).then_some((decoded, entity.len()))
        });
        match decoded.flatten() {
            Some((d, len)) => {
                out.push_str(&d);
                rest = &rest[amp + len..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
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
    fn a_note_keeps_raw_html_only_when_the_site_allows_it_and_its_text_has_no_tags() {
        let md = "<div>Block &amp; <b>bold</b></div>\n\nSee <i>Lee</i> &eacute;t&#233; [x](javascript:alert(1)).";
        let kept = render_note(md, true);
        assert!(
            kept.html.starts_with("<div>Block &amp; <b>bold</b></div>"),
            "{}",
            kept.html
        );
        assert!(!kept.html.contains("javascript:"), "{}", kept.html);
        assert_eq!(kept.text, "Block & bold See Lee été x.");
        assert!(!kept.raw_html_left_out);
        let left = render_note(md, false);
        assert_eq!(left.html, "<p>See Lee été <a href=\"\">x</a>.</p>\n");
        assert_eq!(left.text, "See Lee été x.");
        assert!(left.raw_html_left_out);
        assert!(!render_note("A *note* & more", false).raw_html_left_out);
    }

    #[test]
    fn html_text_breaks_at_blocks_and_decodes_entities() {
        assert_eq!(text_of_html("<p>a</p><p>b<!-- c > d --></p>"), " a  b ");
        assert_eq!(
            decode_entities("&lt;x&gt; &nope; & &amp"),
            "<x> &nope; & &amp"
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
