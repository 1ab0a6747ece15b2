//! The copy desk: what `explainer check` flags beyond hard errors. Every finding is a
//! warning (`--strict` makes it an error) at `path:line:column`, with a suggestion.

use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag, TagEnd, TextMergeWithOffset};

use crate::diagnostic::{Diagnostic, Location};
use crate::glossary::Glossary;
use crate::source::SourceFile;

/// Names written with a lower-case letter before a capital on purpose.
const CAMEL_NAMES: &[&str] = &[
    "iPhone",
    "iPad",
    "iPod",
    "iOS",
    "iCloud",
    "iTunes",
    "eBay",
    "eBook",
    "eMail",
    "YouTube",
    "PayPal",
    "LinkedIn",
    "JavaScript",
    "TypeScript",
    "WhatsApp",
    "TikTok",
    "GitHub",
    "PowerPoint",
    "BlackBerry",
    "SoftBank",
    "FedEx",
    "DreamWorks",
    "PlayStation",
    "WeChat",
    "WikiLeaks",
    "OpenAI",
    "DeepMind",
    "SpaceX",
    "AstraZeneca",
    "BioNTech",
    "GlaxoSmithKline",
    "ExxonMobil",
    "PricewaterhouseCoopers",
    "KakaoTalk",
    "HarperCollins",
    "McKinsey",
    "MasterCard",
    "JetBlue",
    "SkyTeam",
    "StarCraft",
];

/// Abbreviations after which a lower-case word does not start a sentence.
const ABBREVIATIONS: &[&str] = &[
    "e.g", "i.e", "etc", "vs", "cf", "approx", "a.m", "p.m", "no", "nos", "vol", "pp", "ca", "al",
    "mr", "mrs", "ms", "dr", "st", "gen", "lt", "col", "sgt", "capt", "gov", "sen", "rep", "jan",
    "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
];

/// A stretch of prose: its text and where it starts in the file.
struct Prose {
    text: String,
    /// File offset of the text's first byte; exact only when `verbatim`.
    start: usize,
    verbatim: bool,
    /// First text of its paragraph (a sentence starts here).
    paragraph_start: bool,
}

impl Prose {
    fn span(&self, r: Range<usize>) -> Range<usize> {
        if self.verbatim {
            self.start + r.start..self.start + r.end
        } else {
            self.start..self.start
        }
    }
}

/// The prose of a body: text outside code, raw HTML and link targets, with file offsets.
fn prose(file: &SourceFile, body_offset: usize) -> Vec<Prose> {
    let body = &file.text[body_offset..];
    let mut out = Vec::new();
    let mut suppress = 0usize;
    let mut paragraph_start = true;
    // Table cells and list items are often fragments: their first word starts no sentence.
    let mut fragments = 0usize;
    for (event, range) in TextMergeWithOffset::new(
        Parser::new_ext(body, crate::markdown::options()).into_offset_iter(),
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
fn words(text: &str) -> Vec<(Range<usize>, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let part_of_word =
            c.is_alphanumeric() || ((c == '-' || c == '\'' || c == '’') && start.is_some());
        match (part_of_word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s..i, &text[s..i]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s..text.len(), &text[s..]));
    }
    out.into_iter()
        .map(|(r, w)| {
            let trimmed = w.trim_end_matches(['-', '\'', '’']);
            (r.start..r.start + trimmed.len(), trimmed)
        })
        .collect()
}

/// Lints one article's body. `authors` is the byline; `forms` every glossary name and alias.
pub fn lint_article(
    file: &SourceFile,
    body_offset: usize,
    authors: &[String],
    glossary: &Glossary,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let forms: Vec<&str> = glossary
        .entries()
        .iter()
        .flat_map(|e| std::iter::once(e.name.as_str()).chain(e.aliases.iter().map(String::as_str)))
        .collect();
    let form_words: HashSet<&str> = forms.iter().flat_map(|f| f.split_whitespace()).collect();
    let at = |span: Range<usize>| Location::in_file(file, span);
    for p in prose(file, body_offset) {
        let ws = words(&p.text);
        // Glued words: "ChinaAt".
        for (r, w) in &ws {
            if let Some(cut) = glued_at(w)
                && !form_words.contains(w)
                && !CAMEL_NAMES.contains(w)
                && !forms.iter().any(|f| f.contains(w))
            {
                let (a, b) = w.split_at(cut);
                out.push(
                    Diagnostic::warning("glued-words", at(p.span(r.clone())), format!("`{w}` looks like two words glued together"))
                        .with_help(format!("did you mean `{a} {b}` or `{a}. {b}`? If `{w}` is a name, add it to the glossary")),
                );
            }
        }
        // A sentence that begins in lower case.
        for (i, (r, w)) in ws.iter().enumerate() {
            let first = w.chars().next().unwrap_or(' ');
            if !first.is_lowercase() {
                continue;
            }
            let starts_sentence = if i == 0 && p.paragraph_start {
                p.text[..r.start].trim().is_empty()
            } else {
                let before = p.text[..r.start].trim_end_matches([' ', '\t', '\n', '\r']);
                let gap = &p.text[before.len()..r.start];
                !gap.is_empty()
                    && before.ends_with(['.', '!', '?'])
                    && !before.ends_with("...")
                    && !before.ends_with('…')
                    && !is_abbreviation(before)
            };
            if starts_sentence
                && !forms.iter().any(|f| p.text[r.start..].starts_with(f))
                && !CAMEL_NAMES.contains(w)
            {
                let mut cap = first.to_uppercase().collect::<String>();
                cap.push_str(&w[first.len_utf8()..]);
                out.push(
                    Diagnostic::warning("lowercase-sentence", at(p.span(r.clone())), format!("this sentence begins in lower case: `{w}`"))
                        .with_help(format!("capitalise it (`{cap}`), or join it to the sentence before; it may be a fragment left from editing")),
                );
            }
        }
        // Near-miss spellings of a glossary form or of the byline.
        let names: Vec<(&str, &str)> = forms
            .iter()
            .map(|f| (*f, "glossary entry"))
            .chain(authors.iter().map(|a| (a.as_str(), "byline")))
            .collect();
        for (name, what) in &names {
            let n = name.split_whitespace().count();
            if n == 0 || name.chars().count() < 5 || ws.len() < n {
                continue;
            }
            for window in ws.windows(n) {
                let mut cand_words: Vec<&str> = window.iter().map(|(_, w)| *w).collect();
                // A possessive is the name itself: Pyongyang’s.
                if let Some(last) = cand_words.last_mut() {
                    *last = last
                        .strip_suffix("’s")
                        .or_else(|| last.strip_suffix("'s"))
                        .unwrap_or(last);
                }
                let candidate =
                    &p.text[window[0].0.start..window[n - 1].0.start + cand_words[n - 1].len()];
                if near_miss(name, &cand_words) && !forms.contains(&candidate) {
                    let span = window[0].0.start..window[n - 1].0.end;
                    out.push(
                        Diagnostic::warning(
                            "near-miss",
                            at(p.span(span)),
                            format!("`{candidate}` looks like a misspelling of `{name}` ({what})"),
                        )
                        .with_help(format!("write `{name}`, or add `{candidate}` as an alias if it is another accepted spelling")),
                    );
                }
            }
        }
    }
    out
}

/// Where a lower-case letter is directly followed by a capital, if it is.
fn glued_at(word: &str) -> Option<usize> {
    let chars: Vec<(usize, char)> = word.char_indices().collect();
    // iPhone, eBay: a single lower-case letter before a capital is a name, not a glue.
    let skip_first = chars.len() > 2 && chars[0].1.is_lowercase() && chars[1].1.is_uppercase();
    // McDonald, MacArthur.
    if word.starts_with("Mc")
        || (word.starts_with("Mac") && chars.get(3).is_some_and(|c| c.1.is_uppercase()))
    {
        return None;
    }
    chars.windows(2).enumerate().find_map(|(i, pair)| {
        let (a, b) = (pair[0].1, pair[1].1);
        (a.is_lowercase() && b.is_uppercase() && !(skip_first && i == 0) && a.is_alphabetic())
            .then_some(pair[1].0)
    })
}

fn is_abbreviation(before: &str) -> bool {
    let word = before[..before.len() - 1]
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("")
        .to_lowercase();
    word.contains('.') || word.chars().count() == 1 || ABBREVIATIONS.contains(&word.as_str())
}

/// Every word close to the name's word (one or two edits), not all the same, same case shape.
fn near_miss(name: &str, candidate: &[&str]) -> bool {
    let parts: Vec<&str> = name.split_whitespace().collect();
    if parts.len() != candidate.len() {
        return false;
    }
    let mut total = 0;
    for (a, b) in parts.iter().zip(candidate) {
        if a.chars().next().map(char::is_uppercase) != b.chars().next().map(char::is_uppercase) {
            return false;
        }
        let d = strsim::osa_distance(a, b);
        let len = a.chars().count();
        // In a name of several words the others anchor the match, so shorter words may vary.
        let min_len = if parts.len() > 1 { 4 } else { 5 };
        let allowed = if len >= 10 {
            2
        } else if len >= min_len {
            1
        } else {
            0
        };
        if d > allowed {
            return false;
        }
        total += d;
    }
    total > 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glued_words() {
        assert_eq!(glued_at("ChinaAt"), Some(5));
        assert_eq!(glued_at("iPhone"), None);
        assert_eq!(glued_at("McDonald"), None);
        assert_eq!(glued_at("THAAD"), None);
        assert_eq!(glued_at("Seongju"), None);
    }

    #[test]
    fn near_misses() {
        assert!(near_miss("THAAD", &["THADD"]));
        assert!(near_miss("Aldgra Fredly", &["Aldogra", "Fredry"]));
        assert!(!near_miss("THAAD", &["THAAD"]));
        assert!(!near_miss("Moon", &["Noon"]), "short names are left alone");
        assert!(near_miss("Yoon Suk Yeol", &["Yoon", "Suk", "Yoel"]));
        assert!(!near_miss("Wang Yi", &["Wang", "Ye"]));
        assert!(!near_miss("Seongju", &["Seoul"]));
        assert!(!near_miss(
            "Chinese Foreign Ministry",
            &["Chinese", "Foreign", "Minister"]
        ));
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        assert!(is_abbreviation("the U.S."));
        assert!(is_abbreviation("see e.g."));
        assert!(!is_abbreviation("nuclear threat."));
    }
}
