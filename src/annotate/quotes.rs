//! Quotes: the quotations of a block (a blockquote's text, or a “…” or "…" pair within one
//! inline container) matched against the article's `quotes` items; unbalanced marks and
//! unattributed quotations are noted for the copy desk.

use std::collections::HashMap;

use pulldown_cmark::{Event, Tag, TagEnd};

use super::{Annotator, Spanned, is_block, is_block_end};

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

impl<'a, 'g, I: Iterator<Item = Spanned<'a>>> Annotator<'a, 'g, I> {
    /// Finds the quotations of a block and which quote spec attributes each.
    pub(super) fn find_quotes(&mut self, block: &[Spanned<'a>]) -> QuoteInserts {
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
}
