//! Images in a body, when it is rendered in a site: each `![alt](src "title")` becomes
//! one `<img>` with its `width` and `height` read from the file (so the page does not
//! shift as it loads), and an image alone in its paragraph becomes a `<figure>`, its
//! title the caption and the part after the last ` | ` the credit
//! (`"The site in Seongju | Photo: Yonhap"`). Alt text and captions are plain text,
//! escaped: never markup, never annotated. A local path that leads to no image, or out of
//! the site, is a problem at the image; a remote one is left as written.

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};
use pulldown_cmark_escape::{FmtWriter, escape_href, escape_html};

use super::{Annotator, Problem, Spanned};
use crate::html::is_dangerous_url;

/// An image of the body, for the copy desk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BodyImage {
    /// Where it is in the body.
    pub(crate) range: Range<usize>,
    /// Its path as written.
    pub(crate) src: String,
    /// It has alt text (not blank).
    pub(crate) has_alt: bool,
    /// Its size in bytes, for a local image.
    pub(crate) bytes: Option<u64>,
}

/// What an image's markup is made from.
struct ImageMarkup<'s> {
    src: &'s str,
    alt: &'s str,
    title: &'s str,
    size: Option<(u32, u32)>,
}

impl<'a, 'g, I: Iterator<Item = Spanned<'a>>> Annotator<'a, 'g, I> {
    /// Replaces each image of a block (its events from start to end) with its HTML, and
    /// returns the indices of the events made, which go out as they are.
    pub(super) fn render_images(&mut self, block: &mut Vec<Spanned<'a>>) -> Vec<usize> {
        let is_image = |e: &Event<'_>| matches!(e, Event::Start(Tag::Image { .. }));
        if self.opts.images.is_none() || !block.iter().any(|(e, _)| is_image(e)) {
            return Vec::new();
        }
        let alone = is_lone_image(block);
        let mut out = Vec::with_capacity(block.len());
        let mut made = Vec::new();
        let mut events = std::mem::take(block).into_iter();
        while let Some((event, range)) = events.next() {
            let Event::Start(Tag::Image {
                dest_url, title, ..
            }) = event
            else {
                if !(alone
                    && matches!(
                        event,
                        Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph)
                    ))
                {
                    out.push((event, range));
                }
                continue;
            };
            let alt = alt_text(&mut events);
            let html = self.image_html(&dest_url, &title, &alt, range.clone(), alone);
            made.push(out.len());
            let event = match alone {
                true => Event::Html(html.into()),
                false => Event::InlineHtml(html.into()),
            };
            out.push((event, range));
        }
        *block = out;
        made
    }

    /// One image's markup; its path checked and its size read, problems recorded.
    fn image_html(
        &mut self,
        dest: &str,
        title: &str,
        alt: &str,
        range: Range<usize>,
        figure: bool,
    ) -> String {
        let mut image = ImageMarkup {
            src: dest,
            alt,
            title,
            size: None,
        };
        let mut bytes = None;
        if is_dangerous_url(dest) {
            self.findings.problems.push(Problem::DangerousLink {
                range: range.clone(),
                url: dest.to_string(),
            });
            image.src = "";
        } else if let Some(images) = self.opts.images {
            match images.resolve(&self.opts.folder, dest) {
                Ok(Some(file)) => {
                    image.size = file.size;
                    bytes = Some(file.bytes);
                }
                Ok(None) => {}
                Err(why) => self.findings.problems.push(Problem::Image {
                    range: range.clone(),
                    src: dest.to_string(),
                    why,
                }),
            }
        }
        self.findings.images.push(BodyImage {
            range,
            src: dest.to_string(),
            has_alt: !alt.trim().is_empty(),
            bytes,
        });
        match figure {
            true => figure_html(&image),
            false => inline_html(&image),
        }
    }
}

/// True when a block is one paragraph holding one image and nothing else.
fn is_lone_image(block: &[Spanned<'_>]) -> bool {
    let (Some((Event::Start(Tag::Paragraph), _)), Some((Event::Start(Tag::Image { .. }), _))) =
        (block.first(), block.get(1))
    else {
        return false;
    };
    let ends = block
        .iter()
        .filter(|(e, _)| matches!(e, Event::End(TagEnd::Image)))
        .count();
    let starts = block
        .iter()
        .filter(|(e, _)| matches!(e, Event::Start(Tag::Image { .. })))
        .count();
    matches!(block.last(), Some((Event::End(TagEnd::Paragraph), _)))
        && matches!(
            block.get(block.len().wrapping_sub(2)),
            Some((Event::End(TagEnd::Image), _))
        )
        && starts == 1
        && ends == 1
}

/// An image's alt text: the plain text of its events up to its end, which are consumed.
fn alt_text<'a>(events: &mut impl Iterator<Item = Spanned<'a>>) -> String {
    let mut alt = String::new();
    let mut depth = 0usize;
    for (event, _) in events {
        match event {
            Event::Start(Tag::Image { .. }) => depth += 1,
            Event::End(TagEnd::Image) if depth == 0 => break,
            Event::End(TagEnd::Image) => depth -= 1,
            Event::Text(t) | Event::Code(t) => alt.push_str(&t),
            Event::SoftBreak | Event::HardBreak => alt.push(' '),
            _ => {}
        }
    }
    alt
}

/// `<img …>` inside text, written as CommonMark writes it (so a remote image is as it
/// always was), with its size when known.
fn inline_html(image: &ImageMarkup<'_>) -> String {
    let mut s = String::new();
    push_img(&mut s, image);
    if !image.title.is_empty() {
        s.push_str(" title=\"");
        push_escaped(&mut s, image.title);
        s.push('"');
    }
    s.push_str(" />");
    s
}

/// `<figure>` for an image alone in its paragraph: its title split into caption and
/// credit at the last ` | `.
fn figure_html(image: &ImageMarkup<'_>) -> String {
    let mut s = String::from("<figure>");
    push_img(&mut s, image);
    s.push_str(" loading=\"lazy\" decoding=\"async\" />");
    let (caption, credit) = caption_and_credit(image.title);
    if !caption.is_empty() || !credit.is_empty() {
        s.push_str("<figcaption>");
        push_escaped(&mut s, caption);
        if !credit.is_empty() {
            if !caption.is_empty() {
                s.push(' ');
            }
            s.push_str("<span class=\"credit\">");
            push_escaped(&mut s, credit);
            s.push_str("</span>");
        }
        s.push_str("</figcaption>");
    }
    s.push_str("</figure>\n");
    s
}

/// A figure's title split at its last ` | `: the caption, then the credit (either may be
/// empty: `"| Photo: Yonhap"` is a credit alone).
pub(crate) fn caption_and_credit(title: &str) -> (&str, &str) {
    let title = title.trim();
    if let Some(credit) = title.strip_prefix("| ") {
        return ("", credit.trim());
    }
    match title.rsplit_once(" | ") {
        Some((caption, credit)) => (caption.trim(), credit.trim()),
        None => (title, ""),
    }
}

/// `<img src alt [width height]` (left open).
fn push_img(s: &mut String, image: &ImageMarkup<'_>) {
    s.push_str("<img src=\"");
    let _ = escape_href(FmtWriter(&mut *s), image.src);
    s.push_str("\" alt=\"");
    push_escaped(s, image.alt);
    s.push('"');
    if let Some((w, h)) = image.size {
        s.push_str(&format!(" width=\"{w}\" height=\"{h}\""));
    }
}

fn push_escaped(s: &mut String, text: &str) {
    let _ = escape_html(FmtWriter(&mut *s), text);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_splits_into_caption_and_credit_at_its_last_bar() {
        assert_eq!(
            caption_and_credit("The site | Photo: Yonhap"),
            ("The site", "Photo: Yonhap")
        );
        assert_eq!(caption_and_credit("A | B | C"), ("A | B", "C"));
        assert_eq!(caption_and_credit("| Photo: Yonhap"), ("", "Photo: Yonhap"));
        assert_eq!(caption_and_credit("Just a caption"), ("Just a caption", ""));
        assert_eq!(caption_and_credit("a|b"), ("a|b", ""));
    }

    #[test]
    fn captions_and_alt_text_are_escaped() {
        let image = ImageMarkup {
            src: "a\"b.png",
            alt: "<b>x</b>",
            title: "<i>c</i> | \"d\"",
            size: Some((10, 20)),
        };
        assert_eq!(
            figure_html(&image),
            "<figure><img src=\"a%22b.png\" alt=\"&lt;b&gt;x&lt;/b&gt;\" width=\"10\" height=\"20\" \
             loading=\"lazy\" decoding=\"async\" /><figcaption>&lt;i&gt;c&lt;/i&gt; \
             <span class=\"credit\">&quot;d&quot;</span></figcaption></figure>\n"
        );
    }
}
