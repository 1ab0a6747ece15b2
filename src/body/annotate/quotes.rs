//! Quotes: the quotations of a block (a blockquote's text, or a “…” or "…" pair within one
//! inline container) matched against the article's `quotes` items; unbalanced marks and
//! unattributed quotations are noted for the copy desk.

use std::collections::HashMap;

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
    /// Finds the quotations of a block and which quote spec attributes each.
    pub(super) fn find_quotes(&mut self, block: &[Spanned<'a>]) -> QuoteInserts {
        let mut out = QuoteInserts::default();
        let specs = &self.opts.quotes;
        // Blockquotes: the whole quotation is the blockquote's text.
        let mut bq_stack: Vec<(usize, String)> = Vec::new();
        // The quotes attributed to a blockquote of this block.
        let mut in_blockquote = vec![false; specs.len()];
        let mut in_code = 0usize;
        for (idx, (event, _)) in block.iter().enumerate() {
            match event {
                Event::Start(Tag::BlockQuote(_)) => bq_stack.push((idx, String::new())),
                Event::End(TagEnd::BlockQuote(_)) => {
                    if let Some((start, text)) = bq_stack.pop() {
                        let norm = normalize_quote(&text);
                        if let Some(s) = self.quote_index.first_in(specs, &norm) {
                            self.findings.quote_hits[s] += 1;
                            self.findings.quote_texts[s].get_or_insert_with(|| norm.clone());
                            out.blockquotes.insert(start, s);
                            out.blockquote_ends.insert(idx, s);
                            in_blockquote[s] = true;
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
            let spec = self
                .quote_index
                .first_in(specs, &norm)
                .filter(|&s| !in_blockquote[s]);
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
                    let mut inside_attributed = false;
                    self.quote_index
                        .each_in(specs, &norm, &mut |s| inside_attributed |= in_blockquote[s]);
                    if !inside_attributed && norm.split_whitespace().count() >= 4 {
                        self.findings.unattributed.push(o.body..c.body + 1);
                    }
                }
            }
        }
        out
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
