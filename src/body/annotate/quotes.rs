//! Quotes: the quotations of a block (a blockquote's text, or a “…” or "…" pair within one
//! inline container) matched against the article's `quotes` items; unbalanced marks and
//! unattributed quotations are noted for the copy desk.

use std::collections::HashMap;
use std::ops::Range;

use aho_corasick::AhoCorasick;
use pulldown_cmark::{Event, Tag, TagEnd};

use super::{Annotator, Spanned, is_block, is_block_end};
use crate::model::{QuoteSpec, normalize_quote};

/// Finds which of an article's quotes a quotation's text holds. An article has a handful,
/// compared one by one; past [`QuoteIndex::SCAN`], one automaton over their texts keeps
/// the cost to the quotation's length however many there are.
pub(super) struct QuoteIndex {
    /// Over each distinct text, when there are many.
    automaton: Option<AhoCorasick>,
    /// Pattern → the first quote with its text.
    first: Vec<usize>,
}

impl QuoteIndex {
    const SCAN: usize = 16;

    pub(super) fn new(specs: &[QuoteSpec]) -> QuoteIndex {
        let none = QuoteIndex {
            automaton: None,
            first: Vec::new(),
        };
        if specs.len() <= Self::SCAN {
            return none;
        }
        let mut texts: Vec<&str> = Vec::new();
        let mut first = Vec::new();
        let mut seen: HashMap<&str, ()> = HashMap::new();
        for (i, q) in specs.iter().enumerate() {
            if !q.normalized.is_empty() && seen.insert(&q.normalized, ()).is_none() {
                texts.push(&q.normalized);
                first.push(i);
            }
        }
        // A plain NFA: built in time linear in the texts, however many (a DFA's build is not).
        let built = AhoCorasick::builder()
            .kind(Some(aho_corasick::AhoCorasickKind::NoncontiguousNFA))
            .build(&texts);
        match built {
            Ok(automaton) => QuoteIndex {
                automaton: Some(automaton),
                first,
            },
            Err(_) => none,
        }
    }

    /// Calls `found` with the quotes whose text is in `norm` (at least the first of each
    /// text; perhaps more than once).
    fn each_in(&self, specs: &[QuoteSpec], norm: &str, found: &mut impl FnMut(usize)) {
        match &self.automaton {
            Some(ac) => {
                for m in ac.find_overlapping_iter(norm) {
                    found(self.first[m.pattern().as_usize()]);
                }
            }
            None => {
                for (i, q) in specs.iter().enumerate() {
                    if !q.normalized.is_empty() && norm.contains(&q.normalized) {
                        found(i);
                    }
                }
            }
        }
    }

    /// The first quote whose text is in `norm`.
    fn first_in(&self, specs: &[QuoteSpec], norm: &str) -> Option<usize> {
        let mut first: Option<usize> = None;
        self.each_in(specs, norm, &mut |i| {
            first = Some(first.map_or(i, |f| f.min(i)));
        });
        first
    }
}

impl<'a, 'g, I: Iterator<Item = Spanned<'a>>> Annotator<'a, 'g, I> {
    /// Finds the quotations of a block and which quote spec attributes each: its
    /// blockquotes whole, then its inline pairs.
    pub(super) fn find_quotes(&mut self, block: &[Spanned<'a>]) -> QuoteInserts {
        let mut out = QuoteInserts::default();
        let in_blockquote = self.attribute_blockquotes(block, &mut out);
        for (open, close) in pair_marks(block, &mut self.findings.unbalanced) {
            // A pair that crosses markup (`“a *b” c*`) is not one quotation.
            if open.container == close.container {
                self.attribute_pair(block, (open, close), &in_blockquote, &mut out);
            }
        }
        out
    }

    /// Attributes the blockquotes of a block, each as the whole of its text; returns, for
    /// each quote spec, whether it attributed one of them.
    fn attribute_blockquotes(
        &mut self,
        block: &[Spanned<'a>],
        out: &mut QuoteInserts,
    ) -> Vec<bool> {
        let mut in_blockquote = vec![false; self.opts.quotes.len()];
        // The blockquotes open at this point, innermost last: where each starts, its text.
        let mut open: Vec<(usize, String)> = Vec::new();
        let mut in_code = 0usize;
        for (idx, (event, _)) in block.iter().enumerate() {
            match event {
                Event::Start(Tag::BlockQuote(_)) => open.push((idx, String::new())),
                Event::End(TagEnd::BlockQuote(_)) => {
                    let Some((start, text)) = open.pop() else {
                        continue;
                    };
                    if let Some(s) = self.attribute_blockquote(&text) {
                        out.blockquotes.insert(start, s);
                        out.blockquote_ends.insert(idx, s);
                        in_blockquote[s] = true;
                    }
                    // A nested blockquote's text is also its parent's.
                    if let Some((_, parent)) = open.last_mut() {
                        parent.push(' ');
                        parent.push_str(&text);
                    }
                }
                Event::Start(Tag::CodeBlock(_)) => in_code += 1,
                Event::End(TagEnd::CodeBlock) => in_code = in_code.saturating_sub(1),
                Event::Text(t) | Event::Code(t) if in_code == 0 => {
                    if let Some((_, text)) = open.last_mut() {
                        text.push_str(t);
                    }
                }
                Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph) => {
                    if let Some((_, text)) = open.last_mut() {
                        text.push(' ');
                    }
                }
                _ => {}
            }
        }
        in_blockquote
    }

    /// The first spec whose text a blockquote's text holds, counted as found.
    fn attribute_blockquote(&mut self, text: &str) -> Option<usize> {
        let norm = normalize_quote(text);
        let s = self.quote_index.first_in(&self.opts.quotes, &norm)?;
        self.findings.quote_hits[s] += 1;
        self.findings.quote_texts[s].get_or_insert(norm);
        Some(s)
    }

    /// Attributes an inline quotation to the first spec whose text it holds, unless that
    /// spec attributed one of the block's blockquotes: its edges become inserts. A long
    /// quotation no spec attributes is noted for the copy desk.
    fn attribute_pair(
        &mut self,
        block: &[Spanned<'a>],
        (open, close): (Mark, Mark),
        in_blockquote: &[bool],
        out: &mut QuoteInserts,
    ) {
        let specs = &self.opts.quotes;
        let text = collect_text(block, (open.event, open.at), (close.event, close.at));
        let norm = normalize_quote(&text);
        let spec = self
            .quote_index
            .first_in(specs, &norm)
            .filter(|&s| !in_blockquote[s]);
        let Some(s) = spec else {
            // Holding the text of a blockquote's quote, it is that quote quoted again.
            let mut inside_attributed = false;
            self.quote_index
                .each_in(specs, &norm, &mut |s| inside_attributed |= in_blockquote[s]);
            if !inside_attributed && norm.split_whitespace().count() >= 4 {
                self.findings.unattributed.push(open.body..close.body + 1);
            }
            return;
        };
        self.findings.quote_hits[s] += 1;
        self.findings.inline_quotes[s] = true;
        self.findings.quote_texts[s]
            .get_or_insert_with(|| text.split_whitespace().collect::<Vec<_>>().join(" "));
        out.inline
            .entry(open.event)
            .or_default()
            .push((open.at, QuoteEdge::Open(s)));
        out.inline
            .entry(close.event)
            .or_default()
            .push((close.at, QuoteEdge::Close));
        self.mention(specs[s].speaker);
    }
}

/// A quotation mark of a block.
#[derive(Clone, Copy)]
struct Mark {
    /// The text event it is in.
    event: usize,
    /// Its byte offset in that text; for a closing mark, the offset past it.
    at: usize,
    /// The inline container (emphasis, link, …) it is directly in, numbered in the block.
    container: usize,
    /// Its offset in the body: exact only where the text is the source verbatim, else the
    /// text's start.
    body: usize,
}

/// The quotation marks of a block paired, opener then closer: `“` opens and `”` closes;
/// a `"` closes an open quotation unless it follows a space, an opening bracket or a dash.
/// A mark with no partner in its paragraph (or heading, list item, table cell, …) goes to
/// `unbalanced`. Code, HTML and metadata blocks are not prose.
fn pair_marks(block: &[Spanned<'_>], unbalanced: &mut Vec<Range<usize>>) -> Vec<(Mark, Mark)> {
    let mut p = MarkPairing {
        containers: vec![0],
        next_container: 1,
        open: None,
        prev_char: ' ',
        in_code: 0,
        pairs: Vec::new(),
        unbalanced,
    };
    for (idx, (event, range)) in block.iter().enumerate() {
        match event {
            Event::Start(tag) => p.start(tag),
            Event::End(end) => p.end(end),
            Event::Text(t) if p.in_code == 0 => p.text(idx, t, range),
            Event::Code(_) | Event::InlineHtml(_) | Event::Html(_) => p.prev_char = 'x',
            Event::SoftBreak | Event::HardBreak => p.prev_char = ' ',
            _ => {}
        }
    }
    p.pairs
}

/// [`pair_marks`] part way through a block.
struct MarkPairing<'u> {
    /// The containers open at this point, innermost last.
    containers: Vec<usize>,
    next_container: usize,
    /// The opening mark waiting for its partner.
    open: Option<Mark>,
    /// The character before the mark being read (a space at the start of a paragraph).
    prev_char: char,
    /// How deep in code, HTML and metadata blocks.
    in_code: usize,
    pairs: Vec<(Mark, Mark)>,
    unbalanced: &'u mut Vec<Range<usize>>,
}

impl MarkPairing<'_> {
    fn start(&mut self, tag: &Tag<'_>) {
        if matches!(
            tag,
            Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::MetadataBlock(_)
        ) {
            self.in_code += 1;
        }
        if is_block(tag) {
            self.block_edge();
        }
        self.containers.push(self.next_container);
        self.next_container += 1;
    }

    fn end(&mut self, end: &TagEnd) {
        if matches!(
            end,
            TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::MetadataBlock(_)
        ) {
            self.in_code = self.in_code.saturating_sub(1);
        }
        self.containers.pop();
        if is_block_end(end) {
            self.block_edge();
        }
    }

    /// A quotation does not run past the block it opens in.
    fn block_edge(&mut self) {
        if let Some(o) = self.open.take() {
            self.unbalanced.push(o.body..o.body + 1);
        }
        self.prev_char = ' ';
    }

    /// Reads the quotation marks of a text event.
    fn text(&mut self, event: usize, t: &str, range: &Range<usize>) {
        let container = *self.containers.last().unwrap_or(&0);
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
                self.prev_char = t[..i].chars().next_back().unwrap_or(self.prev_char);
            }
            let body = if verbatim {
                range.start + i
            } else {
                range.start
            };
            let mark = Mark {
                event,
                at: i,
                container,
                body,
            };
            self.mark(c, mark);
            self.prev_char = c;
        }
        if let Some(last) = t.chars().next_back() {
            self.prev_char = last;
        }
    }

    /// Opens a quotation at `mark`, or pairs it with the open one.
    fn mark(&mut self, c: char, mark: Mark) {
        let past = Mark {
            at: mark.at + c.len_utf8(),
            ..mark
        };
        match c {
            '“' => {
                if let Some(o) = self.open.replace(mark) {
                    self.unbalanced.push(o.body..o.body + 1);
                }
            }
            '”' => match self.open.take() {
                Some(o) => self.pairs.push((o, past)),
                None => self.unbalanced.push(mark.body..mark.body + 1),
            },
            '"' => {
                let opens = self.prev_char.is_whitespace() || "([{—–-".contains(self.prev_char);
                match self.open {
                    Some(o) if !opens => {
                        self.open = None;
                        self.pairs.push((o, past));
                    }
                    _ => self.open = Some(mark),
                }
            }
            _ => {}
        }
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum QuoteEdge {
    Open(usize),
    Close,
}

#[derive(Debug, Default)]
pub(super) struct QuoteInserts {
    /// Text event index → cut points (byte offset in the text, edge).
    pub(super) inline: HashMap<usize, Vec<(usize, QuoteEdge)>>,
    /// Start(BlockQuote) event index → spec.
    pub(super) blockquotes: HashMap<usize, usize>,
    /// End(BlockQuote) event index → spec.
    pub(super) blockquote_ends: HashMap<usize, usize>,
}

impl QuoteInserts {
    /// The cut points of the `idx`th event of the block.
    pub(super) fn inline_at(&self, idx: usize) -> &[(usize, QuoteEdge)] {
        self.inline.get(&idx).map_or(&[], Vec::as_slice)
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

    fn spec(text: &str) -> QuoteSpec {
        QuoteSpec {
            normalized: normalize_quote(text),
            speaker: 0,
            via: None,
        }
    }

    #[test]
    fn many_quotes_are_found_as_the_scan_finds_them() {
        // Repeated, nested and overlapping texts, and an empty one: more than the scan takes.
        let texts = [
            "no",
            "no more",
            "more",
            "",
            "three noes",
            "no",
            "noes",
            "a b",
            "b c",
            "c",
            "a b c d",
            "self-defense",
            "defense",
            "“quoted”",
            "\"quoted\"",
            "it's",
            "it’s",
            "x",
            "y z",
            "z",
        ];
        let specs: Vec<QuoteSpec> = texts.iter().map(|t| spec(t)).collect();
        let index = QuoteIndex::new(&specs);
        assert!(index.automaton.is_some(), "past the scan");
        let scan = QuoteIndex {
            automaton: None,
            first: Vec::new(),
        };
        let quotations = [
            "three noes and no more",
            "a b c d e",
            "self-defense",
            "it’s \"quoted\"",
            "y z",
            "nothing",
            "",
            "b c",
            "more or less",
            "x y z",
        ];
        for q in quotations {
            let norm = normalize_quote(q);
            assert_eq!(
                index.first_in(&specs, &norm),
                scan.first_in(&specs, &norm),
                "{q}"
            );
            let (mut a, mut b) = (Vec::new(), Vec::new());
            // Quotes of the same text are one to the automaton.
            index.each_in(&specs, &norm, &mut |i| a.push(specs[i].normalized.clone()));
            scan.each_in(&specs, &norm, &mut |i| b.push(specs[i].normalized.clone()));
            for v in [&mut a, &mut b] {
                v.sort();
                v.dedup();
            }
            assert_eq!(a, b, "{q}");
        }
    }
}
