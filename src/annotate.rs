//! The annotation pass: an event adapter that turns mentions of glossary entries into
//! linked terms with tooltips, `term:` links into explicit mentions, and quotations into
//! attributed quotes. It works one top-level block at a time, so a quotation can span
//! several text events of a paragraph and a blockquote can be attributed as a whole.

use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use crate::front::Annotate;
use crate::glossary::Glossary;
use crate::html::{escape, escape_into, is_dangerous_url};

/// Who reported a quote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Via {
    /// A glossary entry (by index).
    Entry(usize),
    /// Plain text.
    Text(String),
}

/// A validated quote attribution of an article.
#[derive(Debug, Clone)]
pub(crate) struct QuoteSpec {
    /// The `text` with quotation marks unified and white space folded.
    pub(crate) normalized: String,
    /// The speaker's entry index.
    pub(crate) speaker: usize,
    /// Who reported it.
    pub(crate) via: Option<Via>,
}

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
    /// Ordinary links of the body: target and body range.
    pub(crate) links: Vec<(String, Range<usize>)>,
    /// Problems, with body ranges.
    pub(crate) problems: Vec<Problem>,
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
        self.mentioned.shrink_to_fit();
    }
}

/// Unifies quotation marks and folds runs of white space, for matching quote texts.
pub(crate) fn normalize_quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        let c = match c {
            '“' | '”' | '„' | '‟' | '″' | '«' | '»' => '"',
            '‘' | '’' | '‚' | '‛' | '′' => '\'',
            c => c,
        };
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    out
}

/// The markup of one mention. Themes and tests rely on its attributes (SPEC §3).
pub(crate) fn mention_html(out: &mut String, root: &str, id: &str, text_html: &str) {
    out.push_str("<a class=\"term\" data-term=\"");
    out.push_str(id);
    out.push_str("\" href=\"");
    crate::urls::push_entry_href(out, root, id);
    out.push_str("\" aria-describedby=\"tip-");
    out.push_str(id);
    out.push_str("\">");
    out.push_str(text_html);
    out.push_str("</a>");
}

/// The opening markup of an attributed inline quotation: focusable, described by the
/// quote's own tooltip (`tip-quote-N`, N the index of its `quotes` item).
fn quote_open(opts: &AnnotateOptions<'_>, index: usize) -> String {
    let spec = &opts.quotes[index];
    let speaker = &opts.glossary.entries()[spec.speaker];
    let mut s = format!(
        "<span class=\"quote\" data-speaker=\"{}\" tabindex=\"0\" aria-describedby=\"tip-quote-{index}\"",
        speaker.id
    );
    push_via_attr(&mut s, opts, spec);
    s.push('>');
    s
}

fn push_via_attr(s: &mut String, opts: &AnnotateOptions<'_>, spec: &QuoteSpec) {
    match &spec.via {
        Some(Via::Entry(i)) => {
            s.push_str(" data-via=\"");
            s.push_str(&opts.glossary.entries()[*i].id);
            s.push('"');
        }
        Some(Via::Text(t)) => {
            s.push_str(" data-via-text=\"");
            escape_into(s, t);
            s.push('"');
        }
        None => {}
    }
}

/// The caption of an attributed blockquote: speaker (linked), role, and via.
pub(crate) fn attribution_html(
    glossary: &Glossary,
    root: &str,
    speaker: usize,
    via: Option<&Via>,
) -> String {
    let e = &glossary.entries()[speaker];
    let mut s = String::from("<span class=\"attribution-dash\" aria-hidden=\"true\">— </span>");
    s.push_str("<a class=\"speaker\" href=\"");
    crate::urls::push_entry_href(&mut s, root, &e.id);
    s.push_str("\">");
    escape_into(&mut s, &e.name);
    s.push_str("</a>");
    if let Some(role) = &e.role {
        s.push_str(", <span class=\"role\">");
        escape_into(&mut s, role);
        s.push_str("</span>");
    }
    match via {
        Some(Via::Entry(i)) => {
            let v = &glossary.entries()[*i];
            s.push_str(" <span class=\"via\">via <a href=\"");
            crate::urls::push_entry_href(&mut s, root, &v.id);
            s.push_str("\">");
            escape_into(&mut s, &v.name);
            s.push_str("</a></span>");
        }
        Some(Via::Text(t)) => {
            s.push_str(" <span class=\"via\">via ");
            escape_into(&mut s, t);
            s.push_str("</span>");
        }
        None => {}
    }
    s
}

type Spanned<'a> = (Event<'a>, Range<usize>);

/// A point where a text is cut: a quote's edge, or a mention (start, end, entry).
enum Cut {
    Edge(QuoteEdge),
    Mention(usize, usize, usize),
}

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

    fn process_block(&mut self, raw: &mut Vec<Spanned<'a>>) {
        let mut block = std::mem::take(&mut self.joined_block);
        join_soft_breaks(raw.drain(..), &mut block);
        let inserts = self.find_quotes(&block);
        let mut suppress = 0usize;
        let mut links: Vec<LinkKind> = Vec::new();
        for (idx, (event, range)) in block.drain(..).enumerate() {
            match event {
                Event::Start(Tag::BlockQuote(kind)) if inserts.blockquotes.contains_key(&idx) => {
                    let spec = &self.opts.quotes[inserts.blockquotes[&idx]];
                    let speaker = &self.opts.glossary.entries()[spec.speaker];
                    self.mention(spec.speaker);
                    let mut s = format!(
                        "<figure class=\"attributed-quote\"><blockquote data-speaker=\"{}\"",
                        speaker.id
                    );
                    push_via_attr(&mut s, self.opts, spec);
                    if let Some(kind) = kind {
                        s.push_str(&format!(" class=\"markdown-alert-{kind:?}\"").to_lowercase());
                    }
                    s.push_str(">\n");
                    self.queue.push_back(Event::Html(s.into()));
                }
                Event::End(TagEnd::BlockQuote(_)) if inserts.blockquote_ends.contains_key(&idx) => {
                    let spec = &self.opts.quotes[inserts.blockquote_ends[&idx]];
                    let caption = attribution_html(
                        self.opts.glossary,
                        &self.opts.root,
                        spec.speaker,
                        spec.via.as_ref(),
                    );
                    self.queue.push_back(Event::Html(
                        format!("</blockquote>\n<figcaption class=\"attribution\">{caption}</figcaption></figure>\n").into(),
                    ));
                }
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    suppress += 1;
                    if let Some(term) = dest_url.strip_prefix("term:") {
                        if let Some(entry) = self.opts.glossary.index_of(term) {
                            self.mention(entry);
                            self.findings.annotated.insert(entry);
                            let e = &self.opts.glossary.entries()[entry];
                            let mut s = String::new();
                            mention_html(&mut s, &self.opts.root, &e.id, "");
                            s.truncate(s.len() - "</a>".len());
                            self.queue.push_back(Event::Html(s.into()));
                            links.push(LinkKind::Term);
                        } else {
                            self.findings.problems.push(Problem::UnknownTerm {
                                range: range.clone(),
                                id: term.to_string(),
                            });
                            links.push(LinkKind::Dropped);
                        }
                    } else if is_dangerous_url(&dest_url) {
                        self.findings.problems.push(Problem::DangerousLink {
                            range: range.clone(),
                            url: dest_url.to_string(),
                        });
                        links.push(LinkKind::Dropped);
                    } else {
                        links.push(LinkKind::Normal);
                        self.findings
                            .links
                            .push((dest_url.to_string(), range.clone()));
                        self.queue.push_back(Event::Start(Tag::Link {
                            link_type,
                            dest_url,
                            title,
                            id,
                        }));
                    }
                }
                Event::End(TagEnd::Link) => {
                    suppress = suppress.saturating_sub(1);
                    match links.pop() {
                        Some(LinkKind::Term) => self.queue.push_back(Event::Html("</a>".into())),
                        Some(LinkKind::Dropped) => {}
                        _ => self.queue.push_back(Event::End(TagEnd::Link)),
                    }
                }
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    suppress += 1;
                    let dest_url = if is_dangerous_url(&dest_url) {
                        self.findings.problems.push(Problem::DangerousLink {
                            range: range.clone(),
                            url: dest_url.to_string(),
                        });
                        CowStr::Borrowed("")
                    } else {
                        dest_url
                    };
                    self.queue.push_back(Event::Start(Tag::Image {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }));
                }
                Event::Start(
                    tag @ (Tag::Heading { .. }
                    | Tag::CodeBlock(_)
                    | Tag::HtmlBlock
                    | Tag::MetadataBlock(_)),
                ) => {
                    suppress += 1;
                    self.queue.push_back(Event::Start(tag));
                }
                Event::End(
                    end @ (TagEnd::Image
                    | TagEnd::Heading(_)
                    | TagEnd::CodeBlock
                    | TagEnd::HtmlBlock
                    | TagEnd::MetadataBlock(_)),
                ) => {
                    suppress = suppress.saturating_sub(1);
                    self.queue.push_back(Event::End(end));
                }
                Event::Html(html) | Event::InlineHtml(html) if !self.opts.raw_html => {
                    if !html.trim().is_empty() {
                        self.findings
                            .problems
                            .push(Problem::RawHtmlOmitted { range });
                    }
                }
                Event::Text(text) => {
                    let ins = inserts.inline.get(&idx).map(Vec::as_slice).unwrap_or(&[]);
                    let code = suppress > 0 && ins.is_empty();
                    if code {
                        self.queue.push_back(Event::Text(text));
                    } else {
                        self.annotate_text(text, ins, suppress > 0);
                    }
                }
                other => self.queue.push_back(other),
            }
        }
        self.joined_block = block;
    }

    fn annotate_text(
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

    /// Finds the quotations of a block and which quote spec attributes each.
    fn find_quotes(&mut self, block: &[Spanned<'a>]) -> QuoteInserts {
        let mut out = QuoteInserts::default();
        let specs = &self.opts.quotes;
        // Blockquotes: the whole quotation is the blockquote's text.
        let mut bq_stack: Vec<(usize, String)> = Vec::new();
        let mut in_code = 0usize;
        for (idx, (event, _)) in block.iter().enumerate() {
            match event {
                Event::Start(Tag::BlockQuote(_)) => bq_stack.push((idx, String::new())),
                Event::End(TagEnd::BlockQuote(_)) => {
                    if let Some((start, text)) = bq_stack.pop() {
                        let norm = normalize_quote(&text);
                        if let Some(s) = specs
                            .iter()
                            .position(|q| !q.normalized.is_empty() && norm.contains(&q.normalized))
                        {
                            self.findings.quote_hits[s] += 1;
                            self.findings.quote_texts[s].get_or_insert_with(|| norm.clone());
                            out.blockquotes.insert(start, s);
                            out.blockquote_ends.insert(idx, s);
                        }
                        if let Some((_, parent)) = bq_stack.last_mut() {
                            parent.push(' ');
                            parent.push_str(&text);
                        }
                    }
                }
                Event::Start(Tag::CodeBlock(_)) => in_code += 1,
                Event::End(TagEnd::CodeBlock) => in_code = in_code.saturating_sub(1),
                Event::Text(t) | Event::Code(t) if in_code == 0 => {
                    if let Some((_, text)) = bq_stack.last_mut() {
                        text.push_str(t);
                    }
                }
                Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph) => {
                    if let Some((_, text)) = bq_stack.last_mut() {
                        text.push(' ');
                    }
                }
                _ => {}
            }
        }

        // Inline pairs “…” and "…", within one inline container.
        #[derive(Clone, Copy)]
        struct Mark {
            event: usize,
            at: usize,
            container: usize,
            body: usize,
        }
        let mut containers: Vec<usize> = vec![0];
        let mut next_container = 1;
        let mut open: Option<Mark> = None;
        let mut prev_char = ' ';
        let mut in_code = 0usize;
        let mut pairs: Vec<(Mark, Mark)> = Vec::new();
        for (idx, (event, range)) in block.iter().enumerate() {
            match event {
                Event::Start(tag) => {
                    if matches!(
                        tag,
                        Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::MetadataBlock(_)
                    ) {
                        in_code += 1;
                    }
                    if is_block(tag) {
                        if let Some(o) = open.take() {
                            self.findings.unbalanced.push(o.body..o.body + 1);
                        }
                        prev_char = ' ';
                    }
                    containers.push(next_container);
                    next_container += 1;
                }
                Event::End(end) => {
                    if matches!(
                        end,
                        TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::MetadataBlock(_)
                    ) {
                        in_code = in_code.saturating_sub(1);
                    }
                    containers.pop();
                    if is_block_end(end) {
                        if let Some(o) = open.take() {
                            self.findings.unbalanced.push(o.body..o.body + 1);
                        }
                        prev_char = ' ';
                    }
                }
                Event::Text(t) if in_code == 0 => {
                    let container = *containers.last().unwrap_or(&0);
                    // Body offsets are exact only where the text is the source verbatim.
                    let verbatim = range.len() == t.len();
                    // Only quotation marks matter: `"` and `“`/`”` (which start with 0xE2).
                    for i in memchr::memchr2_iter(b'"', 0xE2, t.as_bytes()) {
                        let Some(c) = t[i..].chars().next() else {
                            continue;
                        };
                        if !matches!(c, '"' | '“' | '”') {
                            continue;
                        }
                        if i > 0 {
                            prev_char = t[..i].chars().next_back().unwrap_or(prev_char);
                        }
                        let body = if verbatim {
                            range.start + i
                        } else {
                            range.start
                        };
                        let mark = Mark {
                            event: idx,
                            at: i,
                            container,
                            body,
                        };
                        match c {
                            '“' => {
                                if let Some(o) = open.replace(mark) {
                                    self.findings.unbalanced.push(o.body..o.body + 1);
                                }
                            }
                            '”' => {
                                if let Some(o) = open.take() {
                                    pairs.push((
                                        o,
                                        Mark {
                                            at: i + c.len_utf8(),
                                            ..mark
                                        },
                                    ));
                                } else {
                                    self.findings.unbalanced.push(body..body + 1);
                                }
                            }
                            '"' => {
                                if let Some(o) = open.filter(|_| {
                                    !(prev_char.is_whitespace() || "([{—–-".contains(prev_char))
                                }) {
                                    open = None;
                                    pairs.push((o, Mark { at: i + 1, ..mark }));
                                } else {
                                    open = Some(mark);
                                }
                            }
                            _ => {}
                        }
                        prev_char = c;
                    }
                    if let Some(last) = t.chars().next_back() {
                        prev_char = last;
                    }
                }
                Event::Code(_) | Event::InlineHtml(_) | Event::Html(_) => prev_char = 'x',
                Event::SoftBreak | Event::HardBreak => prev_char = ' ',
                _ => {}
            }
        }
        for (o, c) in pairs {
            if o.container != c.container {
                continue;
            }
            let text = collect_text(block, (o.event, o.at), (c.event, c.at));
            let norm = normalize_quote(&text);
            let spec = specs
                .iter()
                .position(|q| !q.normalized.is_empty() && norm.contains(&q.normalized))
                .filter(|&s| !out.blockquotes.values().any(|&b| b == s));
            match spec {
                Some(s) => {
                    self.findings.quote_hits[s] += 1;
                    self.findings.inline_quotes[s] = true;
                    self.findings.quote_texts[s].get_or_insert_with(|| {
                        text.split_whitespace().collect::<Vec<_>>().join(" ")
                    });
                    out.inline
                        .entry(o.event)
                        .or_default()
                        .push((o.at, QuoteEdge::Open(s)));
                    out.inline
                        .entry(c.event)
                        .or_default()
                        .push((c.at, QuoteEdge::Close));
                    self.mention(specs[s].speaker);
                }
                None => {
                    let inside_attributed = out
                        .blockquotes
                        .values()
                        .any(|&b| norm.contains(&specs[b].normalized));
                    if !inside_attributed && norm.split_whitespace().count() >= 4 {
                        self.findings.unattributed.push(o.body..c.body + 1);
                    }
                }
            }
        }
        out
    }
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

/// The text between two points of a block (event index, byte offset in that event).
fn collect_text(
    block: &[Spanned<'_>],
    (oe, oa): (usize, usize),
    (ce, ca): (usize, usize),
) -> String {
    let mut s = String::new();
    for (idx, (event, _)) in block.iter().enumerate().take(ce + 1).skip(oe) {
        let t: &str = match event {
            Event::Text(t) | Event::Code(t) => t,
            Event::SoftBreak | Event::HardBreak => " ",
            _ => continue,
        };
        let from = if idx == oe { oa } else { 0 };
        let to = if idx == ce { ca.min(t.len()) } else { t.len() };
        if from <= to {
            s.push_str(&t[from..to]);
        }
    }
    s
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

#[derive(Debug, Clone, Copy)]
enum LinkKind {
    Normal,
    Term,
    Dropped,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum QuoteEdge {
    Open(usize),
    Close,
}

#[derive(Debug, Default)]
struct QuoteInserts {
    /// Text event index → cut points (byte offset in the text, edge).
    inline: HashMap<usize, Vec<(usize, QuoteEdge)>>,
    /// Start(BlockQuote) event index → spec.
    blockquotes: HashMap<usize, usize>,
    /// End(BlockQuote) event index → spec.
    blockquote_ends: HashMap<usize, usize>,
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
mod tests {
    use super::*;

    #[test]
    fn normalizes_marks_and_spaces() {
        assert_eq!(
            normalize_quote("  “It’s  done,”\n he said "),
            "\"It's done,\" he said"
        );
    }

    #[test]
    fn mention_markup_snapshot() {
        let mut s = String::new();
        mention_html(&mut s, "../", "thaad", "THAAD");
        insta::assert_snapshot!(s, @r#"<a class="term" data-term="thaad" href="../glossary/thaad/index.html" aria-describedby="tip-thaad">THAAD</a>"#);
    }
}
