//! The link and HTML policy: `term:` links become explicit mentions (an unknown id is an
//! error), links by source file (`../2017/x.md`, `@/2017/x.md`) become links to the
//! article's page (a missing article is an error), script links and images are dropped
//! with an error, other links are kept and listed for the link check, and raw HTML is
//! left out with a warning unless `raw_html`.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::markup::mention_html;
use super::{Annotator, Problem, Spanned};
use crate::article::sources::ArticleSources;
use crate::article::sources::HeadingLink;
use crate::html::is_dangerous_url;

/// What became of a link's opening, so that its end matches it.
#[derive(Debug, Clone, Copy)]
pub(super) enum LinkKind {
    /// Kept as a link.
    Normal,
    /// A `term:` link, written as a mention.
    Term,
    /// Dropped; its text stays.
    Dropped,
}

impl<'a, 'g, I: Iterator<Item = Spanned<'a>>> Annotator<'a, 'g, I> {
    /// A link's opening (`Tag::Link`): a `term:` link becomes a mention, a script link
    /// is dropped, any other is kept and listed for the link check.
    pub(super) fn link_start(&mut self, link: Tag<'a>, range: Range<usize>) -> LinkKind {
        let Tag::Link { dest_url, .. } = &link else {
            self.queue.push_back(Event::Start(link));
            return LinkKind::Normal;
        };
        if let Some(term) = dest_url.strip_prefix("term:") {
            let Some(entry) = self.opts.glossary.index_of(term) else {
                self.findings.problems.push(Problem::UnknownTerm {
                    range,
                    id: term.to_string(),
                });
                return LinkKind::Dropped;
            };
            self.mention(entry);
            self.findings.annotated.insert(entry);
            let e = &self.opts.glossary.entries()[entry];
            let mut s = String::new();
            mention_html(&mut s, &self.opts.root, &e.id, "");
            s.truncate(s.len() - "</a>".len());
            self.queue.push_back(Event::Html(s.into()));
            return LinkKind::Term;
        }
        if is_dangerous_url(dest_url) {
            self.findings.problems.push(Problem::DangerousLink {
                range,
                url: dest_url.to_string(),
            });
            return LinkKind::Dropped;
        }
        if let Some(sources) = self.opts.sources
            && crate::urls::is_source_link(dest_url)
        {
            return self.source_link(sources, link, range);
        }
        self.findings.links.push((dest_url.to_string(), range));
        self.queue.push_back(Event::Start(link));
        LinkKind::Normal
    }

    /// A link by source file: it leads to the article's page, relative to this one. The
    /// `#fragment` is kept as written, and checked against that article's headings once
    /// every article is rendered.
    fn source_link(
        &mut self,
        sources: &ArticleSources,
        mut link: Tag<'a>,
        range: Range<usize>,
    ) -> LinkKind {
        let Tag::Link { dest_url, .. } = &mut link else {
            return LinkKind::Dropped;
        };
        match sources.href(&self.opts.source_path, &self.opts.root, dest_url) {
            Ok((href, source)) => {
                match crate::urls::fragment_of(dest_url) {
                    Some(fragment) => self.findings.heading_links.push(HeadingLink {
                        source: source.clone(),
                        fragment,
                        at: range,
                    }),
                    None => self.findings.links.push((href.clone(), range)),
                }
                self.findings.sources.push(source);
                *dest_url = CowStr::from(href);
                self.queue.push_back(Event::Start(link));
                LinkKind::Normal
            }
            Err(why) => {
                self.findings.sources.extend(why.wanted.clone());
                self.findings.problems.push(Problem::UnknownSource {
                    range,
                    dest: dest_url.to_string(),
                    why,
                });
                LinkKind::Dropped
            }
        }
    }

    pub(super) fn link_end(&mut self, kind: Option<LinkKind>) {
        match kind {
            Some(LinkKind::Term) => self.queue.push_back(Event::Html("</a>".into())),
            Some(LinkKind::Dropped) => {}
            _ => self.queue.push_back(Event::End(TagEnd::Link)),
        }
    }

    /// An image's opening (`Tag::Image`): a script source is emptied, with an error.
    pub(super) fn image_start(&mut self, mut image: Tag<'a>, range: Range<usize>) {
        if let Tag::Image { dest_url, .. } = &mut image
            && is_dangerous_url(dest_url)
        {
            self.findings.problems.push(Problem::DangerousLink {
                range,
                url: dest_url.to_string(),
            });
            *dest_url = CowStr::Borrowed("");
        }
        self.queue.push_back(Event::Start(image));
    }

    /// Raw HTML while `raw_html` is off: left out, with a warning when it is not blank.
    pub(super) fn omit_html(&mut self, html: &str, range: Range<usize>) {
        if !html.trim().is_empty() {
            self.findings
                .problems
                .push(Problem::RawHtmlOmitted { range });
        }
    }
}
