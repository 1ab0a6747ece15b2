//! The annotation pass: an event adapter that turns mentions of glossary entries into
//! linked terms with tooltips, `term:` links into explicit mentions, and quotations into
//! attributed quotes. It works one top-level block at a time, so a quotation can span
//! several text events of a paragraph and a blockquote can be attributed as a whole.

use std::collections::{BTreeSet, HashSet, VecDeque};
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

pub(crate) mod images;
mod link_policy;
mod markup;
mod mentions;
mod quotes;

use link_policy::LinkKind;
use markup::{blockquote_close, blockquote_open};
use mentions::Cut;
use quotes::QuoteInserts;

use crate::article::sources::{ArticleSources, HeadingLink, UnknownSource};
use crate::glossary::Glossary;
use crate::images::SiteImages;
use crate::model::{Annotate, QuoteSpec};

/// What the annotator needs to know about the article and the site.
#[derive(Debug)]
pub(crate) struct AnnotateOptions<'g> {
    /// The site's glossary.
    pub(crate) glossary: &'g Glossary,
    /// The relative path from this page to the site root (`""`, `"../"`, …).
    pub(crate) root: String,
    /// Which automatic mentions get a tooltip.
    pub(crate) annotate: Annotate,
    /// Entries never annotated automatically in this article.
    pub(crate) skip: HashSet<usize>,
    /// The article's quote attributions.
    pub(crate) quotes: Vec<QuoteSpec>,
    /// Keep raw HTML.
    pub(crate) raw_html: bool,
    /// The site's articles by source path, for links by source file; None leaves such
    /// links as written (a body rendered outside a site: the CommonMark examples).
    pub(crate) sources: Option<&'g ArticleSources>,
    /// This article's source path (`2022/talks.md`), which relative source links start from.
    pub(crate) source_path: String,
    /// The files image paths may lead to; None leaves images as CommonMark renders them
    /// (a body rendered outside a site).
    pub(crate) images: Option<&'g SiteImages>,
    /// This page's folder (`2024/x/`), which image paths start from.
    pub(crate) folder: String,
}

/// A problem the annotator found, with its byte range in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Problem {
    /// `term:ID` with an unknown id.
    UnknownTerm {
        /// Where the link is.
        range: Range<usize>,
        /// The id as written.
        id: String,
    },
    /// A link or image target that would run script.
    DangerousLink {
        /// Where the link is.
        range: Range<usize>,
        /// The target.
        url: String,
    },
    /// A link by source file to no article of this build.
    UnknownSource {
        /// Where the link is.
        range: Range<usize>,
        /// The link's target as written.
        dest: String,
        /// What it asks for, and the nearest article.
        why: UnknownSource,
    },
    /// An image path that leads to no image of the site.
    Image {
        /// Where the image is.
        range: Range<usize>,
        /// Its path as written.
        src: String,
        /// What is wrong.
        why: crate::images::ImageProblem,
    },
    /// Raw HTML left out because `raw_html` is off.
    RawHtmlOmitted {
        /// Where it is.
        range: Range<usize>,
    },
}

/// What the pass learned about the article.
#[derive(Debug, Default, Clone)]
pub(crate) struct Findings {
    /// Entries mentioned in prose or by `term:` links, in order of first mention.
    pub(crate) mentioned: Vec<usize>,
    /// Entries that got at least one tooltip (their tooltip elements must be on the page).
    pub(crate) annotated: BTreeSet<usize>,
    /// For each quote spec, how many quotations it attributed.
    pub(crate) quote_hits: Vec<usize>,
    /// For each quote spec, the first whole quotation it attributed.
    pub(crate) quote_texts: Vec<Option<String>>,
    /// For each quote spec, whether it attributed an inline quotation (which needs its tooltip).
    pub(crate) inline_quotes: Vec<bool>,
    /// Quotations of four or more words that no spec attributes (body ranges).
    pub(crate) unattributed: Vec<Range<usize>>,
    /// Quotation marks with no partner in their paragraph (body ranges).
    pub(crate) unbalanced: Vec<Range<usize>>,
    /// Ordinary links of the body: target and body range (a link by source file as the
    /// page's URL it became).
    pub(crate) links: Vec<(String, Range<usize>)>,
    /// The source paths the body links to by source file, found or not, in order: an
    /// article added, deleted or moved at one of them changes this article's page.
    pub(crate) sources: Vec<String>,
    /// Links by source file to a heading, checked once every article is rendered.
    pub(crate) heading_links: Vec<HeadingLink<Range<usize>>>,
    /// Problems, with body ranges.
    pub(crate) problems: Vec<Problem>,
    /// The body's images, for the copy desk.
    pub(crate) images: Vec<images::BodyImage>,
}

impl Findings {
    /// Drops what only the page and the copy desk need, once both are done: a build keeps
    /// the findings of every article until the listing pages are made.
    pub(crate) fn keep_for_listing(&mut self) {
        self.annotated = BTreeSet::new();
        self.unattributed = Vec::new();
        self.unbalanced = Vec::new();
        self.links = Vec::new();
        self.problems = Vec::new();
        self.images = Vec::new();
        self.mentioned.shrink_to_fit();
    }
}

type Spanned<'a> = (Event<'a>, Range<usize>);

/// The adapter: `(Event, Range)` in, annotated `Event`s out.
pub(crate) struct Annotator<'a, 'g, I> {
    inner: I,
    opts: &'g AnnotateOptions<'g>,
    queue: VecDeque<Event<'a>>,
    /// Entries already in `findings.mentioned`, one bit each: asked once per mention, so a
    /// bit test rather than a hash.
    mentioned_bits: Vec<u64>,
    /// Buffers for a block's events as read and as joined, reused from block to block.
    raw_block: Vec<Spanned<'a>>,
    joined_block: Vec<Spanned<'a>>,
    /// A text's mentions and the points where it is cut, reused from text to text.
    hits: Vec<crate::glossary::Hit>,
    cuts: Vec<(usize, Cut)>,
    /// The article's quotes, to find in its quotations.
    quote_index: quotes::QuoteIndex,
    /// What the pass found; read it after the events are consumed.
    pub(crate) findings: Findings,
}

impl<'a, 'g, I: Iterator<Item = Spanned<'a>>> Annotator<'a, 'g, I> {
    /// Wraps an offset event stream (after text merging).
    pub(crate) fn new(inner: I, opts: &'g AnnotateOptions<'g>) -> Self {
        Annotator {
            inner,
            opts,
            queue: VecDeque::new(),
            mentioned_bits: Vec::new(),
            raw_block: Vec::new(),
            joined_block: Vec::new(),
            hits: Vec::new(),
            cuts: Vec::new(),
            quote_index: quotes::QuoteIndex::new(&opts.quotes),
            findings: Findings {
                quote_hits: vec![0; opts.quotes.len()],
                quote_texts: vec![None; opts.quotes.len()],
                inline_quotes: vec![false; opts.quotes.len()],
                ..Findings::default()
            },
        }
    }

    fn mention(&mut self, entry: usize) {
        let (word, bit) = (entry / 64, 1u64 << (entry % 64));
        if word >= self.mentioned_bits.len() {
            self.mentioned_bits.resize(word + 1, 0);
        }
        if self.mentioned_bits[word] & bit == 0 {
            self.mentioned_bits[word] |= bit;
            self.findings.mentioned.push(entry);
        }
    }

    /// Queues the annotated events of one top-level block.
    fn process_block(&mut self, raw: &mut Vec<Spanned<'a>>) {
        let mut block = std::mem::take(&mut self.joined_block);
        join_soft_breaks(raw.drain(..), &mut block);
        let made = self.render_images(&mut block);
        let inserts = self.find_quotes(&block);
        let mut within = Within::default();
        for (idx, (event, range)) in block.drain(..).enumerate() {
            if made.contains(&idx) {
                self.queue.push_back(event);
                continue;
            }
            self.process_event(idx, event, range, &inserts, &mut within);
        }
        self.joined_block = block;
    }

    /// Queues the annotated events of the `idx`th event of a block.
    fn process_event(
        &mut self,
        idx: usize,
        event: Event<'a>,
        range: Range<usize>,
        inserts: &QuoteInserts,
        within: &mut Within,
    ) {
        match event {
            Event::Start(Tag::BlockQuote(kind)) if inserts.blockquotes.contains_key(&idx) => {
                let spec = inserts.blockquotes[&idx];
                self.mention(self.opts.quotes[spec].speaker);
                let html = blockquote_open(self.opts, spec, kind);
                self.queue.push_back(Event::Html(html.into()));
            }
            Event::End(TagEnd::BlockQuote(_)) if inserts.blockquote_ends.contains_key(&idx) => {
                let html = blockquote_close(self.opts, inserts.blockquote_ends[&idx]);
                self.queue.push_back(Event::Html(html.into()));
            }
            Event::Start(link @ Tag::Link { .. }) => {
                within.suppress += 1;
                within.links.push(self.link_start(link, range));
            }
            Event::End(TagEnd::Link) => {
                within.suppress = within.suppress.saturating_sub(1);
                self.link_end(within.links.pop());
            }
            Event::Start(image @ Tag::Image { .. }) => {
                within.suppress += 1;
                self.image_start(image, range);
            }
            Event::Start(
                tag @ (Tag::Heading { .. }
                | Tag::CodeBlock(_)
                | Tag::HtmlBlock
                | Tag::MetadataBlock(_)),
            ) => {
                within.suppress += 1;
                self.queue.push_back(Event::Start(tag));
            }
            Event::End(
                end @ (TagEnd::Image
                | TagEnd::Heading(_)
                | TagEnd::CodeBlock
                | TagEnd::HtmlBlock
                | TagEnd::MetadataBlock(_)),
            ) => {
                within.suppress = within.suppress.saturating_sub(1);
                self.queue.push_back(Event::End(end));
            }
            Event::Html(html) | Event::InlineHtml(html) if !self.opts.raw_html => {
                self.omit_html(&html, range);
            }
            Event::Text(text) => {
                self.annotate_text(text, inserts.inline_at(idx), within.suppress > 0);
            }
            other => self.queue.push_back(other),
        }
    }
}

/// Where in a block the annotator is.
#[derive(Default)]
struct Within {
    /// How deep in links, images, headings and code, whose text has no mentions.
    suppress: usize,
    /// The links open at this point, innermost last.
    links: Vec<LinkKind>,
}

/// Joins soft line breaks into the text around them (as the `\n` HTML renders them
/// to), so a name or a quotation wrapped across lines is still one piece of text.
fn join_soft_breaks<'a>(block: impl Iterator<Item = Spanned<'a>>, out: &mut Vec<Spanned<'a>>) {
    for (event, range) in block {
        let piece = match &event {
            Event::Text(t) => Some(t.as_ref()),
            Event::SoftBreak => Some("\n"),
            _ => None,
        };
        if let (Some(piece), Some((Event::Text(prev), prev_range))) = (piece, out.last_mut()) {
            let mut joined = String::with_capacity(prev.len() + piece.len());
            joined.push_str(prev);
            joined.push_str(piece);
            *prev = CowStr::from(joined);
            prev_range.end = range.end;
            continue;
        }
        let event = match event {
            Event::SoftBreak => Event::Text(CowStr::Borrowed("\n")),
            e => e,
        };
        out.push((event, range));
    }
}

fn is_block(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Paragraph
            | Tag::Heading { .. }
            | Tag::BlockQuote(_)
            | Tag::Item
            | Tag::TableCell
            | Tag::FootnoteDefinition(_)
            | Tag::List(_)
    )
}

fn is_block_end(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::BlockQuote(_)
            | TagEnd::Item
            | TagEnd::TableCell
            | TagEnd::FootnoteDefinition
            | TagEnd::List(_)
    )
}

impl<'a, I: Iterator<Item = Spanned<'a>>> Iterator for Annotator<'a, '_, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        loop {
            if let Some(e) = self.queue.pop_front() {
                return Some(e);
            }
            let first = self.inner.next()?;
            let mut depth = usize::from(matches!(first.0, Event::Start(_)));
            let mut block = std::mem::take(&mut self.raw_block);
            block.push(first);
            while depth > 0 {
                let Some(e) = self.inner.next() else { break };
                match e.0 {
                    Event::Start(_) => depth += 1,
                    Event::End(_) => depth -= 1,
                    _ => {}
                }
                block.push(e);
            }
            self.process_block(&mut block);
            self.raw_block = block;
        }
    }
}

#[cfg(test)]
mod tests;
