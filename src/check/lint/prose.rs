//! The prose of an article's body, as the prose rules read it: stretches of text outside
//! code, raw HTML and link targets, with their places in the file, and their words.

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag, TagEnd, TextMergeWithOffset};

use crate::source::SourceFile;

/// A stretch of prose: its text and where it starts in the file.
pub(super) struct Prose {
    pub(super) text: String,
    /// File offset of the text's first byte; exact only when `verbatim`.
    start: usize,
    verbatim: bool,
    /// First text of its paragraph (a sentence starts here).
    pub(super) paragraph_start: bool,
}

impl Prose {
    /// The file span of a range of the text (the text's start when it is not verbatim).
    pub(super) fn span(&self, r: Range<usize>) -> Range<usize> {
        if self.verbatim {
            self.start + r.start..self.start + r.end
        } else {
            self.start..self.start
        }
    }
}

/// A word of a text and its byte range there.
pub(super) type Word<'t> = (Range<usize>, &'t str);

/// The prose of a body: text outside code, raw HTML and link targets, with file offsets.
pub(super) fn prose(file: &SourceFile, body_offset: usize) -> Vec<Prose> {
    let body = &file.text[body_offset..];
    let mut out = Vec::new();
    let mut suppress = 0usize;
    let mut paragraph_start = true;
    // Table cells and list items are often fragments: their first word starts no sentence.
    let mut fragments = 0usize;
    for (event, range) in TextMergeWithOffset::new(
        Parser::new_ext(body, crate::markdown::body_options()).into_offset_iter(),
    ) {
        match event {
            Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::MetadataBlock(_)) => {
                suppress += 1
            }
            Event::End(TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::MetadataBlock(_)) => {
                suppress = suppress.saturating_sub(1)
            }
            Event::Start(Tag::Item | Tag::TableCell | Tag::Heading { .. }) => {
                fragments += 1;
                paragraph_start = false;
            }
            Event::End(TagEnd::Item | TagEnd::TableCell | TagEnd::Heading(_)) => {
                fragments = fragments.saturating_sub(1)
            }
            Event::Start(Tag::Paragraph | Tag::BlockQuote(_)) => paragraph_start = fragments == 0,
            Event::Text(t) if suppress == 0 => {
                out.push(Prose {
                    verbatim: range.len() == t.len(),
                    start: body_offset + range.start,
                    text: t.into_string(),
                    paragraph_start,
                });
                paragraph_start = false;
            }
            Event::Code(_) | Event::InlineHtml(_) => paragraph_start = false,
            _ => {}
        }
    }
    out
}

/// Words of a text with their byte ranges.
pub(super) fn words(text: &str) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    let mut start = None;
    let mut push = |s: usize, e: usize| {
        let w = text[s..e].trim_end_matches(['-', '\'', '’']);
        out.push((s..s + w.len(), w));
    };
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // Prose is mostly ASCII: decode a character only where one starts past it.
        let (part_of_word, len) = match bytes[i] {
            b if b < 0x80 => (
                b.is_ascii_alphanumeric() || ((b == b'-' || b == b'\'') && start.is_some()),
                1,
            ),
            _ => {
                let c = text[i..].chars().next().unwrap_or(' ');
                (
                    c.is_alphanumeric() || (c == '’' && start.is_some()),
                    c.len_utf8(),
                )
            }
        };
        match (part_of_word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                push(s, i);
                start = None;
            }
            _ => {}
        }
        i += len;
    }
    if let Some(s) = start {
        push(s, text.len());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_of_prose_with_their_ranges() {
        let text = "Moon’s “THAAD-era” talks — Pyŏngyang's 윤석열 rock'n'roll -x y- ";
        let ws: Vec<(std::ops::Range<usize>, &str)> = words(text);
        let got: Vec<&str> = ws.iter().map(|(_, w)| *w).collect();
        assert_eq!(
            got,
            [
                "Moon’s",
                "THAAD-era",
                "talks",
                "Pyŏngyang's",
                "윤석열",
                "rock'n'roll",
                "x",
                "y"
            ]
        );
        for (r, w) in &ws {
            assert_eq!(&text[r.clone()], *w);
        }
    }
}
