//! The copy desk: what `explainer check` flags beyond hard errors. Every finding is a
//! warning (`--strict` makes it an error) at `path:line:column`, with a suggestion.

mod near_miss;

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use aho_corasick::{AhoCorasick, Anchored, MatchKind, StartKind};
use pulldown_cmark::{Event, Parser, Tag, TagEnd, TextMergeWithOffset};

use near_miss::{NearMissIndex, strip_possessive};

use crate::body::Rendered;
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

/// The copy desk's warnings on an article's body: its prose, and its quotations (from
/// what the annotator found in `r`). `file` is the whole file, the body at `body_offset`.
pub(crate) fn article_warnings(
    file: &SourceFile,
    body_offset: usize,
    authors: &[String],
    r: &Rendered,
    desk: &CopyDesk<'_>,
) -> Vec<Diagnostic> {
    let mut out = lint_article(file, body_offset, authors, desk);
    let body_loc = |range: &Range<usize>| {
        Location::in_file(file, body_offset + range.start..body_offset + range.end)
    };
    for range in &r.findings.unattributed {
        out.push(
            Diagnostic::warning(
                "unattributed-quote",
                body_loc(range),
                "this quotation is not attributed to anyone",
            )
            .with_help("add it under `quotes:` with a piece of its text and its `speaker`"),
        );
    }
    for range in &r.findings.unbalanced {
        out.push(
            Diagnostic::warning(
                "unbalanced-quotes",
                body_loc(range),
                "this quotation mark has no partner in its paragraph",
            )
            .with_help("close the quotation, or remove the stray mark"),
        );
    }
    out
}

/// The entries no article mentions.
pub(crate) fn unused_entries(
    rendered: &[Rendered],
    glossary: &Glossary,
    diags: &mut Vec<Diagnostic>,
) {
    let mut mentioned = vec![false; glossary.entries().len()];
    for r in rendered {
        for &e in &r.findings.mentioned {
            mentioned[e] = true;
        }
    }
    for (i, used) in mentioned.iter().enumerate() {
        if !used && let Some(origin) = glossary.origin(i) {
            let e = &glossary.entries()[i];
            diags.push(
                Diagnostic::warning("unused-entry", origin, format!("the entry `{}` is never mentioned", e.id))
                    .with_help(format!("mention `{}` in an article, add the form the articles use to its `aliases`, or remove it", e.name)),
            );
        }
    }
}

/// What the copy desk knows of the glossary, indexed once per `check` so that linting an
/// article costs in proportion to its words, not to its words times the glossary's forms.
pub(crate) struct CopyDesk<'g> {
    /// Every name and alias, entry by entry.
    forms: Vec<&'g str>,
    form_set: HashSet<&'g str>,
    /// Every whitespace-separated word of a form.
    form_words: HashSet<&'g str>,
    /// Every suffix of every form, sorted: a word is inside some form when one of these
    /// starts with it.
    suffixes: Vec<&'g str>,
    /// Finds a form that starts exactly where a search is anchored.
    starts: Option<AhoCorasick>,
    near: NearMissIndex<'g>,
    /// Every name of every byline, once, and its place among them.
    authors: Vec<&'g str>,
    author_ids: HashMap<&'g str, u32>,
    bylines: NearMissIndex<'g>,
}

impl<'g> CopyDesk<'g> {
    /// The desk for a glossary and the names in the articles' bylines: all of them, so
    /// that each word of prose is looked up once per `check`, not once per article.
    pub(crate) fn new(glossary: &'g Glossary, authors: impl IntoIterator<Item = &'g str>) -> Self {
        Self::of_forms(
            glossary
                .entries()
                .iter()
                .flat_map(|e| {
                    std::iter::once(e.name.as_str()).chain(e.aliases.iter().map(String::as_str))
                })
                .collect(),
            authors,
        )
    }

    fn of_forms(forms: Vec<&'g str>, authors: impl IntoIterator<Item = &'g str>) -> Self {
        let mut author_ids = HashMap::new();
        let mut names = Vec::new();
        for name in authors {
            author_ids.entry(name).or_insert_with(|| {
                names.push(name);
                names.len() as u32 - 1
            });
        }
        let mut suffixes: Vec<&str> = forms
            .iter()
            .flat_map(|f| f.char_indices().map(move |(i, _)| &f[i..]))
            .collect();
        suffixes.sort_unstable();
        suffixes.dedup();
        let starts = AhoCorasick::builder()
            .start_kind(StartKind::Anchored)
            .match_kind(MatchKind::LeftmostFirst)
            .build(&forms)
            .ok();
        CopyDesk {
            form_set: forms.iter().copied().collect(),
            form_words: forms.iter().flat_map(|f| f.split_whitespace()).collect(),
            suffixes,
            starts,
            near: NearMissIndex::new(forms.iter().copied()),
            forms,
            bylines: NearMissIndex::new(names.iter().copied()),
            authors: names,
            author_ids,
        }
    }

    /// True when `word` stands inside some form (`cDonal` inside `McDonald`).
    fn inside_a_form(&self, word: &str) -> bool {
        let i = self.suffixes.partition_point(|s| *s < word);
        self.suffixes.get(i).is_some_and(|s| s.starts_with(word))
    }

    /// True when some form starts at the beginning of `text`.
    fn form_starts(&self, text: &str) -> bool {
        self.starts.as_ref().is_some_and(|ac| {
            ac.find(aho_corasick::Input::new(text).anchored(Anchored::Yes))
                .is_some()
        })
    }
}

/// Lints one article's body. `authors` is the byline.
fn lint_article(
    file: &SourceFile,
    body_offset: usize,
    authors: &[String],
    desk: &CopyDesk<'_>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let at = |span: Range<usize>| Location::in_file(file, span);
    // This article's byline, among every byline's names.
    let byline: Vec<u32> = authors
        .iter()
        .filter_map(|a| desk.author_ids.get(a.as_str()).copied())
        .collect();
    let mut candidates = Vec::new();
    for p in prose(file, body_offset) {
        let ws = words(&p.text);
        // Glued words: "ChinaAt".
        for (r, w) in &ws {
            if let Some(cut) = glued_at(w)
                && !desk.form_words.contains(w)
                && !CAMEL_NAMES.contains(w)
                && !desk.inside_a_form(w)
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
            if starts_sentence && !desk.form_starts(&p.text[r.start..]) && !CAMEL_NAMES.contains(w)
            {
                let mut cap = first.to_uppercase().collect::<String>();
                cap.push_str(&w[first.len_utf8()..]);
                out.push(
                    Diagnostic::warning("lowercase-sentence", at(p.span(r.clone())), format!("this sentence begins in lower case: `{w}`"))
                        .with_help(format!("capitalise it (`{cap}`), or join it to the sentence before; it may be a fragment left from editing")),
                );
            }
        }
        // Near-miss spellings of a glossary form or of the byline, found through their
        // indexes word by word.
        candidates.clear();
        for (source, index) in [&desk.near, &desk.bylines].into_iter().enumerate() {
            if source == 1 && byline.is_empty() {
                continue;
            }
            for (i, (_, w)) in ws.iter().enumerate() {
                let mut found = |name, k| {
                    if let Some(start) = i.checked_sub(k)
                        && (source == 0 || byline.contains(&name))
                    {
                        candidates.push((source, name, start));
                    }
                };
                index.lookup(w, &mut found);
                if let Some(stripped) = strip_possessive(w) {
                    index.lookup(stripped, &mut found);
                }
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        for &(source, name, i) in &candidates {
            let (index, written, what) = match source {
                0 => (&desk.near, desk.forms[name as usize], "glossary entry"),
                _ => (&desk.bylines, desk.authors[name as usize], "byline"),
            };
            if let Some((span, candidate)) = index.near_miss_at(&p.text, &ws, i, name)
                && !desk.form_set.contains(candidate)
            {
                out.push(
                    Diagnostic::warning(
                        "near-miss",
                        at(p.span(span)),
                        format!("`{candidate}` looks like a misspelling of `{written}` ({what})"),
                    )
                    .with_help(format!("write `{written}`, or add `{candidate}` as an alias if it is another accepted spelling")),
                );
            }
        }
    }
    out
}

/// Where a lower-case letter is directly followed by a capital, if it is.
fn glued_at(word: &str) -> Option<usize> {
    // A glue needs a capital past the first letter, which most words do not have.
    if word.is_ascii() && !word.bytes().skip(1).any(|b| b.is_ascii_uppercase()) {
        return None;
    }
    // McDonald, MacArthur.
    if word.starts_with("Mc")
        || (word.starts_with("Mac") && word[3..].chars().next().is_some_and(char::is_uppercase))
    {
        return None;
    }
    let mut chars = word.char_indices();
    let (_, first) = chars.next()?;
    // iPhone, eBay: a single lower-case letter before a capital is a name, not a glue.
    let mut rest = word[first.len_utf8()..].chars();
    let skip_first = first.is_lowercase()
        && rest.next().is_some_and(char::is_uppercase)
        && rest.next().is_some();
    let mut prev = first;
    for (i, (at, c)) in chars.enumerate() {
        if prev.is_lowercase()
            && c.is_uppercase()
            && !(skip_first && i == 0)
            && prev.is_alphabetic()
        {
            return Some(at);
        }
        prev = c;
    }
    None
}

fn is_abbreviation(before: &str) -> bool {
    let word = before[..before.len() - 1]
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("")
        .to_lowercase();
    word.contains('.') || word.chars().count() == 1 || ABBREVIATIONS.contains(&word.as_str())
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
        assert_eq!(glued_at("eBay"), None, "a lower-case initial makes a name");
        assert_eq!(glued_at("eBayX"), Some(4));
        assert_eq!(glued_at("aB"), Some(1), "two letters are no name");
        assert_eq!(glued_at("MacArthur"), None);
        assert_eq!(glued_at("MachinesAt"), Some(8));
        assert_eq!(glued_at("ÉtéAu"), Some(5));
    }

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

    #[test]
    fn abbreviations_do_not_end_sentences() {
        assert!(is_abbreviation("the U.S."));
        assert!(is_abbreviation("see e.g."));
        assert!(!is_abbreviation("nuclear threat."));
    }

    #[test]
    fn the_desk_knows_what_stands_inside_and_at_the_start_of_a_form() {
        let desk = CopyDesk::of_forms(vec!["McDonald Kim", "THAAD"], []);
        assert!(desk.inside_a_form("cDonald"));
        assert!(desk.inside_a_form("McDonald"));
        assert!(!desk.inside_a_form("cDonalds"));
        assert!(desk.form_starts("THAAD batteries"));
        assert!(!desk.form_starts("the THAAD"));
    }
}
