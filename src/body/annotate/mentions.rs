//! Mentions: the glossary's forms found in a text (whole words, longest first), each
//! annotated or not by the article's `annotate` and `skip`, and the text cut at mentions
//! and quote edges into one piece of HTML.

use pulldown_cmark::{CowStr, Event};

use super::markup::{mention_html, quote_open};
use super::quotes::QuoteEdge;
use super::{Annotator, Spanned};
use crate::html::escape;
use crate::model::Annotate;

/// A point where a text is cut: a quote's edge, or a mention (start, end, entry).
pub(super) enum Cut {
    Edge(QuoteEdge),
    Mention(usize, usize, usize),
}

impl<'a, 'g, I: Iterator<Item = Spanned<'a>>> Annotator<'a, 'g, I> {
    pub(super) fn annotate_text(
        &mut self,
        text: CowStr<'a>,
        inserts: &[(usize, QuoteEdge)],
        suppressed: bool,
    ) {
        let mut hits = std::mem::take(&mut self.hits);
        if suppressed || self.opts.glossary.entries().is_empty() {
            hits.clear();
        } else {
            self.opts.glossary.matcher().find_into(&text, &mut hits);
        }
        if hits.is_empty() && inserts.is_empty() {
            self.hits = hits;
            self.queue.push_back(Event::Text(text));
            return;
        }
        let mut cuts = std::mem::take(&mut self.cuts);
        cuts.clear();
        cuts.extend(inserts.iter().map(|(at, e)| (*at, Cut::Edge(*e))));
        for &h in &hits {
            if inserts.iter().any(|(at, _)| *at > h.start && *at < h.end) {
                continue;
            }
            if self.opts.skip.contains(&h.entry) {
                continue;
            }
            self.mention(h.entry);
            let annotate = match self.opts.annotate {
                Annotate::None => false,
                Annotate::All => true,
                Annotate::First => !self.findings.annotated.contains(&h.entry),
            };
            if annotate {
                self.findings.annotated.insert(h.entry);
                cuts.push((h.start, Cut::Mention(h.start, h.end, h.entry)));
            }
        }
        self.hits = hits;
        cuts.sort_by_key(|(at, c)| (*at, matches!(c, Cut::Mention(..))));
        if !suppressed {
            // One piece of HTML for the whole text, escaped as pulldown-cmark escapes text,
            // rather than an event and a string per piece.
            let mut html = String::with_capacity(text.len() + 160 * cuts.len());
            let mut pos = 0;
            for (at, cut) in cuts.drain(..) {
                if at > pos {
                    let _ = pulldown_cmark_escape::escape_html_body_text(&mut html, &text[pos..at]);
                    pos = at;
                }
                match cut {
                    Cut::Edge(QuoteEdge::Open(spec)) => html.push_str(&quote_open(self.opts, spec)),
                    Cut::Edge(QuoteEdge::Close) => html.push_str("</span>"),
                    Cut::Mention(start, end, entry) => {
                        mention_html(
                            &mut html,
                            &self.opts.root,
                            &self.opts.glossary.entries()[entry].id,
                            &escape(&text[start..end]),
                        );
                        pos = end;
                    }
                }
            }
            let _ = pulldown_cmark_escape::escape_html_body_text(&mut html, &text[pos..]);
            self.queue.push_back(Event::Html(html.into()));
            self.cuts = cuts;
            return;
        }
        let mut pos = 0;
        for (at, cut) in cuts.drain(..) {
            if at > pos {
                self.queue
                    .push_back(Event::Text(CowStr::Boxed(text[pos..at].into())));
                pos = at;
            }
            match cut {
                Cut::Edge(QuoteEdge::Open(spec)) => {
                    let html = quote_open(self.opts, spec);
                    self.queue.push_back(Event::Html(html.into()));
                }
                Cut::Edge(QuoteEdge::Close) => self.queue.push_back(Event::Html("</span>".into())),
                Cut::Mention(start, end, entry) => {
                    let mut s = String::new();
                    mention_html(
                        &mut s,
                        &self.opts.root,
                        &self.opts.glossary.entries()[entry].id,
                        &escape(&text[start..end]),
                    );
                    self.queue.push_back(Event::Html(s.into()));
                    pos = end;
                }
            }
        }
        if pos < text.len() {
            self.queue
                .push_back(Event::Text(CowStr::Boxed(text[pos..].into())));
        }
        self.cuts = cuts;
    }
}
