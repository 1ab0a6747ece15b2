//! Mentions: the glossary's forms found in a text (whole words, longest first), each
//! annotated or not by the article's `annotate` and `skip`, and the text cut at mentions
//! and quote edges into one piece of HTML.

use pulldown_cmark::{CowStr, Event};

use super::markup::{mention_html, quote_open};
use super::quotes::QuoteEdge;
use super::{Annotator, Spanned};
use crate::glossary::Hit;
use crate::html::escape;
use crate::model::Annotate;

/// A point where a text is cut: a quote's edge, or a mention (start, end, entry).
pub(super) enum Cut {
    Edge(QuoteEdge),
    Mention(usize, usize, usize),
}

impl<'a, 'g, I: Iterator<Item = Spanned<'a>>> Annotator<'a, 'g, I> {
    /// Queues a text event, its mentions annotated and cut at `inserts`, its quote edges.
    /// A `suppressed` text (in a link, an image or a heading) has no mentions: it is only
    /// cut at its quote edges.
    pub(super) fn annotate_text(
        &mut self,
        text: CowStr<'a>,
        inserts: &[(usize, QuoteEdge)],
        suppressed: bool,
    ) {
        if suppressed {
            self.cut_at_edges(text, inserts);
            return;
        }
        let mut hits = std::mem::take(&mut self.hits);
        if self.opts.glossary.entries().is_empty() {
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
        self.cut_at_mentions(&hits, inserts, &mut cuts);
        self.hits = hits;
        cuts.sort_by_key(|(at, c)| (*at, matches!(c, Cut::Mention(..))));
        self.push_cut_html(&text, &mut cuts);
        self.cuts = cuts;
    }

    /// Notes each mention in `hits` the article does not skip, and adds a cut for each
    /// that gets a tooltip. A name a quotation starts or ends inside is no mention.
    fn cut_at_mentions(
        &mut self,
        hits: &[Hit],
        inserts: &[(usize, QuoteEdge)],
        cuts: &mut Vec<(usize, Cut)>,
    ) {
        for &h in hits {
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
    }

    /// Queues a text cut at `cuts` (sorted) as one piece of HTML, escaped as pulldown-cmark
    /// escapes text, rather than an event and a string per piece.
    fn push_cut_html(&mut self, text: &str, cuts: &mut Vec<(usize, Cut)>) {
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
    }

    /// Queues a text with no mentions cut at its quote edges: the pieces stay text events
    /// (an image's `alt` is written from its text events alone), the edges are HTML.
    fn cut_at_edges(&mut self, text: CowStr<'a>, inserts: &[(usize, QuoteEdge)]) {
        if inserts.is_empty() {
            self.queue.push_back(Event::Text(text));
            return;
        }
        // In order of place; edges at one place in the order they were found.
        let mut edges = inserts.to_vec();
        edges.sort_by_key(|&(at, _)| at);
        let mut pos = 0;
        for (at, edge) in edges {
            if at > pos {
                self.queue
                    .push_back(Event::Text(CowStr::Boxed(text[pos..at].into())));
                pos = at;
            }
            let html: CowStr<'a> = match edge {
                QuoteEdge::Open(spec) => quote_open(self.opts, spec).into(),
                QuoteEdge::Close => "</span>".into(),
            };
            self.queue.push_back(Event::Html(html));
        }
        if pos < text.len() {
            self.queue
                .push_back(Event::Text(CowStr::Boxed(text[pos..].into())));
        }
    }
}
