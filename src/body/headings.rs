//! Heading anchors: the event adapter that gives every heading of a body a stable id and
//! a link to itself, and records the headings for the table of contents.
//!
//! An id is the heading's `{#id}` when it has one, else the slug of its plain text
//! ([`crate::slug::slugify`]: entities decoded, markup and mentions left out), or
//! `section` when that is empty. Ids are unique within the page: one already taken gets
//! `-1`, `-2`, … (as Zola and Hugo do), first come first served. Taken from the start are
//! the ids the built-in article page uses itself ([`RESERVED`]), and the body's footnote
//! labels (pulldown-cmark writes a footnote's label as its id). The theme's tooltip ids all
//! start with `tip-`, so a heading id that would start so gets `section-` in front.
//!
//! Only `{#id}` and `{.class}` of a heading's attributes are kept: other `key=value`
//! attributes are dropped, since an author could otherwise write an event handler.

use std::collections::{HashMap, HashSet, VecDeque};

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};

use crate::html::escape_into;
use crate::slug::slugify;

/// Ids the built-in `article.html` and `base.html` give elements of an article page.
pub(crate) const RESERVED: &[&str] = &["main", "contents", "key-terms", "whos-quoted"];

/// A heading of the body, as the table of contents lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Heading {
    /// Its id on the page (unescaped).
    pub(crate) id: String,
    /// Its plain text, white space folded.
    pub(crate) text: String,
    /// 1 to 6.
    pub(crate) level: u8,
    /// Not inside a blockquote, list or footnote.
    pub(crate) top_level: bool,
}

/// The adapter: events in, headings with ids and anchor links out.
pub(crate) struct HeadingIds<'a, I> {
    inner: I,
    queue: VecDeque<Event<'a>>,
    used: HashSet<String>,
    /// The next suffix to try for each id asked for more than once.
    suffixes: HashMap<String, usize>,
    /// How many containers (blockquote, list item, footnote) are open.
    depth: usize,
    /// The headings met, in order; read it after the events are consumed.
    pub(crate) headings: Vec<Heading>,
}

impl<'a, I: Iterator<Item = Event<'a>>> HeadingIds<'a, I> {
    /// Wraps the events of `body` (its text is read for footnote labels).
    pub(crate) fn new(inner: I, body: &str) -> Self {
        let mut used: HashSet<String> = RESERVED.iter().map(|s| s.to_string()).collect();
        used.extend(footnote_labels(body));
        HeadingIds {
            inner,
            queue: VecDeque::new(),
            used,
            suffixes: HashMap::new(),
            depth: 0,
            headings: Vec::new(),
        }
    }

    /// A free id for `wanted`, now taken. Each id's next suffix is kept, so a thousand
    /// headings of one text cost a thousand look-ups, not half a million.
    fn claim(&mut self, wanted: &str) -> String {
        let mut base = if wanted.is_empty() {
            "section".to_string()
        } else {
            wanted.to_string()
        };
        if base.starts_with("tip-") {
            base.insert_str(0, "section-");
        }
        if self.used.insert(base.clone()) {
            return base;
        }
        let next = self.suffixes.entry(base.clone()).or_insert(0);
        loop {
            *next += 1;
            let id = format!("{base}-{next}");
            if self.used.insert(id.clone()) {
                return id;
            }
        }
    }

    /// Reads a heading's events up to its end and queues it with its id and anchor.
    fn heading(&mut self, level: HeadingLevel, id: Option<CowStr<'a>>, classes: Vec<CowStr<'a>>) {
        let mut inner = Vec::new();
        let mut text = String::new();
        for e in self.inner.by_ref() {
            match &e {
                Event::End(TagEnd::Heading(_)) => break,
                Event::Text(t) | Event::Code(t) => text.push_str(t),
                Event::SoftBreak | Event::HardBreak => text.push(' '),
                // An image is its alt text (`## ![Logo](logo.png)` is "Logo").
                Event::InlineHtml(h) | Event::Html(h) => text.push_str(&img_alt(h)),
                _ => {}
            }
            inner.push(e);
        }
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let wanted = match id.as_deref().map(str::trim) {
            Some(explicit) if !explicit.is_empty() => explicit.to_string(),
            _ => slugify(&text),
        };
        let id = self.claim(&wanted);
        self.queue
            .push_back(Event::Html("<div class=\"heading\">".into()));
        self.queue.push_back(Event::Start(Tag::Heading {
            level,
            id: Some(id.clone().into()),
            classes,
            attrs: Vec::new(),
        }));
        self.queue.extend(inner);
        self.queue.push_back(Event::End(TagEnd::Heading(level)));
        self.queue
            .push_back(Event::Html(anchor_html(&id, &text).into()));
        self.headings.push(Heading {
            id,
            text,
            level: level as u8,
            top_level: self.depth == 0,
        });
    }
}

/// The link to a heading, after it: named by the heading's text, its `#` hidden from
/// screen readers (the name says it all).
fn anchor_html(id: &str, text: &str) -> String {
    let mut s = String::from("<a class=\"heading-anchor\" href=\"#");
    escape_into(&mut s, id);
    s.push_str("\" aria-label=\"Link to this section");
    if !text.is_empty() {
        s.push_str(": ");
        escape_into(&mut s, text);
    }
    s.push_str("\"><span aria-hidden=\"true\">#</span></a></div>\n");
    s
}

/// The alt text of an `<img>`: the annotator writes a body's images so, with `alt="…"`
/// escaped (as a trusted author's raw `<img>` usually is too). Empty for other markup.
fn img_alt(html: &str) -> String {
    let Some(rest) = html.strip_prefix("<img ") else {
        return String::new();
    };
    let Some(start) = rest.find(" alt=\"").map(|i| i + " alt=\"".len()) else {
        return String::new();
    };
    let alt = rest[start..].split('"').next().unwrap_or_default();
    alt.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Every `[^label]` in the body, as footnote ids may be: more than the real labels is
/// harmless (an id is merely skipped).
fn footnote_labels(body: &str) -> Vec<String> {
    // A label holds no bracket and no line break, so each search stops at the next `[`
    // at the latest: one pass over the body in all.
    memchr::memmem::find_iter(body.as_bytes(), b"[^")
        .filter_map(|i| {
            let rest = &body[i + 2..];
            let end = rest.find([']', '[', '\n'])?;
            rest[end..]
                .starts_with(']')
                .then(|| rest[..end].to_string())
        })
        .collect()
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for HeadingIds<'a, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        if let Some(e) = self.queue.pop_front() {
            return Some(e);
        }
        match self.inner.next()? {
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => {
                self.heading(level, id, classes);
                self.queue.pop_front()
            }
            e @ Event::Start(Tag::BlockQuote(_) | Tag::Item | Tag::FootnoteDefinition(_)) => {
                self.depth += 1;
                Some(e)
            }
            e @ Event::End(TagEnd::BlockQuote(_) | TagEnd::Item | TagEnd::FootnoteDefinition) => {
                self.depth = self.depth.saturating_sub(1);
                Some(e)
            }
            e => Some(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Parser, html};

    fn render(md: &str) -> (String, Vec<Heading>) {
        let options = crate::markdown::body_options();
        let mut ids = HeadingIds::new(Parser::new_ext(md, options), md);
        let mut out = String::new();
        html::push_html(&mut out, ids.by_ref());
        (out, ids.headings)
    }

    #[test]
    fn many_headings_of_one_text_take_the_next_free_suffix_each() {
        let md = format!("## Update {{#update-2}}\n\n{}", "## Update\n\n".repeat(4));
        let (_, headings) = render(&md);
        let ids: Vec<&str> = headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(
            ids,
            ["update-2", "update", "update-1", "update-3", "update-4"]
        );
    }

    #[test]
    fn footnote_labels_end_at_their_bracket_on_their_line() {
        let labels = footnote_labels("a[^1] b[^note] [^open\n[^x[^y] [^");
        assert_eq!(labels, ["1", "note", "y"]);
    }

    fn ids(md: &str) -> Vec<String> {
        render(md).1.into_iter().map(|h| h.id).collect()
    }

    #[test]
    fn ids_are_slugs_of_the_plain_text_made_unique() {
        assert_eq!(
            ids("## Background\n\n## Background\n\n### *Q&amp;A* on `THAAD`\n\n## Background"),
            ["background", "background-1", "q-a-on-thaad", "background-2"]
        );
    }

    #[test]
    fn an_explicit_id_wins_and_is_made_unique_too() {
        assert_eq!(
            ids("## Why {#why}\n\n## Other {#why}\n\n## Why\n"),
            ["why", "why-1", "why-2"]
        );
    }

    #[test]
    fn ids_of_the_page_and_footnotes_are_never_taken() {
        assert_eq!(
            ids("## Key terms\n\n## Contents\n\n## Tip: ask\n\n## 1\n\nA note.[^1]\n\n[^1]: x\n"),
            ["key-terms-1", "contents-1", "section-tip-ask", "1-1"]
        );
        assert_eq!(ids("## ![](x.png)\n"), ["section"]);
    }

    #[test]
    fn an_image_s_alt_text_is_its_text_in_a_heading() {
        let h = |html: &str| {
            let events = [
                Event::Start(Tag::Heading {
                    level: HeadingLevel::H2,
                    id: None,
                    classes: Vec::new(),
                    attrs: Vec::new(),
                }),
                Event::InlineHtml(html.to_string().into()),
                Event::End(TagEnd::Heading(HeadingLevel::H2)),
            ];
            let mut ids = HeadingIds::new(events.into_iter(), "");
            let html: String = ids.by_ref().map(|e| format!("{e:?}")).collect();
            (ids.headings.remove(0), html)
        };
        let (heading, _) = h("<img src=\"logo.png\" alt=\"Logo &amp; &quot;mark&quot;\" />");
        assert_eq!(
            (heading.id.as_str(), heading.text.as_str()),
            ("logo-mark", "Logo & \"mark\"")
        );
        let (heading, html) = h("<img src=\"logo.png\" alt=\"\" />");
        assert_eq!(
            (heading.id.as_str(), heading.text.as_str()),
            ("section", "")
        );
        assert!(
            html.contains("aria-label=\\\"Link to this section\\\""),
            "{html}"
        );
        assert_eq!(h("<span>").0.text, "");
    }

    #[test]
    fn the_markup_wraps_the_heading_with_its_anchor() {
        let (html, _) = render("## Why it *matters* {.wide data-x=1 onclick=alert(1)}\n");
        assert_eq!(
            html,
            "<div class=\"heading\">\n<h2 id=\"why-it-matters\" class=\"wide\">Why it <em>matters</em></h2>\n\
             <a class=\"heading-anchor\" href=\"#why-it-matters\" aria-label=\"Link to this section: Why it matters\"><span aria-hidden=\"true\">#</span></a></div>\n"
        );
    }

    #[test]
    fn heading_text_is_escaped_in_the_label_and_ids() {
        let (html, h) = render("## `<script>` \"quotes\" {#a\"b}\n");
        assert!(!html.contains("<script"), "{html}");
        assert!(html.contains("id=\"a&quot;b\""), "{html}");
        assert!(html.contains("href=\"#a&quot;b\""), "{html}");
        assert!(
            html.contains("aria-label=\"Link to this section: &lt;script&gt; &quot;quotes&quot;\""),
            "{html}"
        );
        assert_eq!(h[0].text, "<script> \"quotes\"");
    }

    #[test]
    fn headings_in_containers_get_ids_but_are_not_top_level() {
        let (_, h) = render("## Top\n\n> ## Quoted\n\n- ## Listed\n\n## Again\n");
        let got: Vec<_> = h.iter().map(|h| (h.id.as_str(), h.top_level)).collect();
        assert_eq!(
            got,
            [
                ("top", true),
                ("quoted", false),
                ("listed", false),
                ("again", true)
            ]
        );
    }
}
