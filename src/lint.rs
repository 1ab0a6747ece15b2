//! The copy desk: what `explainer check` flags beyond hard errors. Every finding is a
//! warning (`--strict` makes it an error) at `path:line:column`, with a suggestion.

use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;
use std::ops::Range;

use aho_corasick::{AhoCorasick, Anchored, MatchKind, StartKind};
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
    near: NearMissIndex,
}

impl<'g> CopyDesk<'g> {
    pub(crate) fn new(glossary: &'g Glossary) -> Self {
        Self::of_forms(
            glossary
                .entries()
                .iter()
                .flat_map(|e| {
                    std::iter::once(e.name.as_str()).chain(e.aliases.iter().map(String::as_str))
                })
                .collect(),
        )
    }

    fn of_forms(forms: Vec<&'g str>) -> Self {
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
pub(crate) fn lint_article(
    file: &SourceFile,
    body_offset: usize,
    authors: &[String],
    desk: &CopyDesk<'_>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let at = |span: Range<usize>| Location::in_file(file, span);
    let byline = NearMissIndex::new(authors.iter().map(String::as_str));
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
        for (source, index) in [&desk.near, &byline].into_iter().enumerate() {
            for (i, (_, w)) in ws.iter().enumerate() {
                let mut found = |name, k| {
                    if let Some(start) = i.checked_sub(k) {
                        candidates.push((source, name, start));
                    }
                };
                index.candidates(w, &mut found);
                if let Some(stripped) = strip_possessive(w) {
                    index.candidates(stripped, &mut found);
                }
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        for &(source, name, i) in &candidates {
            let (name, what) = match source {
                0 => (desk.forms[name as usize], "glossary entry"),
                _ => (authors[name as usize].as_str(), "byline"),
            };
            if let Some((span, candidate)) = near_miss_at(&p.text, &ws, i, name)
                && !desk.form_set.contains(candidate)
            {
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
    out
}

/// A possessive is the name itself: Pyongyang’s.
fn strip_possessive(word: &str) -> Option<&str> {
    word.strip_suffix("’s").or_else(|| word.strip_suffix("'s"))
}

/// The words from `ws[i]` on, as many as `name` has, when they look like a misspelling of
/// it: their span in `text` and the text as written (without a possessive `’s`).
fn near_miss_at<'t>(
    text: &'t str,
    ws: &[(Range<usize>, &'t str)],
    i: usize,
    name: &str,
) -> Option<(Range<usize>, &'t str)> {
    let n = name.split_whitespace().count();
    if n == 0 || name.chars().count() < 5 {
        return None;
    }
    let window = ws.get(i..i + n)?;
    let mut cand_words: Vec<&str> = window.iter().map(|(_, w)| *w).collect();
    if let Some(last) = cand_words.last_mut() {
        *last = strip_possessive(last).unwrap_or(last);
    }
    let candidate = &text[window[0].0.start..window[n - 1].0.start + cand_words[n - 1].len()];
    near_miss(name, &cand_words).then(|| (window[0].0.start..window[n - 1].0.end, candidate))
}

/// The names that a word may be part of a near miss of, found without comparing the word
/// with every name: a SymSpell-style index of each name's longest word (the one that
/// tells names apart best) with up to as many letters deleted as [`near_miss`] allows it to
/// differ by. Two words within `k` edits (adjacent
/// transpositions included) become the same word when at most `k` letters are deleted from
/// each, so a word looks itself up with up to two letters deleted; [`near_miss`] then
/// decides.
struct NearMissIndex {
    /// By whether the word is capitalised: a hash of the word with letters deleted → the
    /// names, each with the word's place in its name.
    by_deletion: [DeletionMap; 2],
    /// The longest word indexed, in characters.
    longest: usize,
}

impl NearMissIndex {
    fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> Self {
        let mut index = NearMissIndex {
            by_deletion: Default::default(),
            longest: 0,
        };
        for (n, name) in names.into_iter().enumerate() {
            let parts: Vec<&str> = name.split_whitespace().collect();
            let longest = (0..parts.len())
                .rev()
                .max_by_key(|&k| parts[k].chars().count());
            let Some(k) = longest else { continue };
            if name.chars().count() < 5 {
                continue;
            }
            let len = parts[k].chars().count();
            index.longest = index.longest.max(len);
            let allowed = edits_allowed(len, parts.len() > 1);
            let map = &mut index.by_deletion[usize::from(is_capitalised(parts[k]))];
            deletions(parts[k], allowed, &mut |key| {
                let names = map.entry(key).or_default();
                if names.last() != Some(&(n as u32, k)) {
                    names.push((n as u32, k));
                }
            });
        }
        index
    }

    /// Calls `found` with every name whose indexed word may be a near miss of `word`, and
    /// that word's place in the name.
    fn candidates(&self, word: &str, found: &mut impl FnMut(u32, usize)) {
        let map = &self.by_deletion[usize::from(is_capitalised(word))];
        if map.is_empty() {
            return;
        }
        let len = word.chars().count();
        if len > self.longest + 2 {
            return;
        }
        // A name's word differs by two letters only from ten letters on.
        let depth = if len + 2 >= 10 { 2 } else { 1 };
        deletions(word, depth, &mut |key| {
            if let Some(names) = map.get(&key) {
                names.iter().for_each(|&(n, k)| found(n, k));
            }
        });
    }
}

/// A hash of a word with letters deleted → (name, the word's place in the name).
type DeletionMap = HashMap<u64, Vec<(u32, usize)>, BuildHasherDefault<KeyIsHash>>;

/// The index's keys are hashes already.
#[derive(Default)]
struct KeyIsHash(u64);

impl std::hash::Hasher for KeyIsHash {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

fn is_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// How many edits [`near_miss`] allows a word of a name, by its length in characters.
fn edits_allowed(len: usize, several_words: bool) -> usize {
    // In a name of several words the others anchor the match, so shorter words may vary.
    let min_len = if several_words { 4 } else { 5 };
    if len >= 10 {
        2
    } else if len >= min_len {
        1
    } else {
        0
    }
}

/// Calls `key` with a hash of `word` and of each form of it with up to `depth` (at most 2)
/// characters deleted.
fn deletions(word: &str, depth: usize, key: &mut dyn FnMut(u64)) {
    let chars: Vec<char> = word.chars().collect();
    let hash = |skip: [usize; 2]| {
        // FNV-1a: a stable hash of the characters kept.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for (i, c) in chars.iter().enumerate() {
            if i != skip[0] && i != skip[1] {
                h = (h ^ u64::from(u32::from(*c))).wrapping_mul(0x0100_0000_01b3);
            }
        }
        h
    };
    let none = usize::MAX;
    key(hash([none, none]));
    if depth >= 1 {
        for a in 0..chars.len() {
            key(hash([a, none]));
            if depth >= 2 {
                for b in a + 1..chars.len() {
                    key(hash([a, b]));
                }
            }
        }
    }
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
        let allowed = edits_allowed(a.chars().count(), parts.len() > 1);
        if a.chars().count().abs_diff(b.chars().count()) > allowed {
            return false;
        }
        let d = strsim::osa_distance(a, b);
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

    /// Every word within the edits `near_miss` allows: letters deleted, inserted, replaced
    /// and swapped, once and twice.
    fn edits(word: &str) -> Vec<String> {
        let one = |w: &str| {
            let c: Vec<char> = w.chars().collect();
            let mut out = Vec::new();
            for i in 0..=c.len() {
                for x in ['a', 'E', 'z', 'ü'] {
                    let mut v = c.clone();
                    v.insert(i, x);
                    out.push(v.iter().collect::<String>());
                    if i < c.len() {
                        let mut v = c.clone();
                        v[i] = x;
                        out.push(v.iter().collect());
                    }
                }
                if i < c.len() {
                    let mut v = c.clone();
                    v.remove(i);
                    out.push(v.iter().collect());
                }
                if i + 1 < c.len() {
                    let mut v = c.clone();
                    v.swap(i, i + 1);
                    out.push(v.iter().collect());
                }
            }
            out
        };
        let first = one(word);
        let mut all: Vec<String> = first.iter().flat_map(|w| one(w)).collect();
        all.extend(first);
        all
    }

    #[test]
    fn the_near_miss_index_finds_every_near_miss_a_full_comparison_finds() {
        let names = [
            "THAAD",
            "Seongju",
            "Pyeongtaek",
            "Yoon Suk Yeol",
            "Kim Sung-jae",
        ];
        let index = NearMissIndex::new(names);
        for (n, name) in names.iter().enumerate() {
            let parts: Vec<&str> = name.split_whitespace().collect();
            for k in 0..parts.len() {
                for variant in edits(parts[k]) {
                    let mut words = parts.clone();
                    words[k] = &variant;
                    if !near_miss(name, &words) {
                        continue;
                    }
                    let mut found = Vec::new();
                    for (i, w) in words.iter().enumerate() {
                        index.candidates(w, &mut |m, at| {
                            if i >= at {
                                found.push((m as usize, i - at));
                            }
                        });
                    }
                    assert!(
                        found.contains(&(n, 0)),
                        "{words:?} is a near miss of {name} the index does not find"
                    );
                }
            }
        }
    }

    #[test]
    fn the_desk_knows_what_stands_inside_and_at_the_start_of_a_form() {
        let desk = CopyDesk::of_forms(vec!["McDonald Kim", "THAAD"]);
        assert!(desk.inside_a_form("cDonald"));
        assert!(desk.inside_a_form("McDonald"));
        assert!(!desk.inside_a_form("cDonalds"));
        assert!(desk.form_starts("THAAD batteries"));
        assert!(!desk.form_starts("the THAAD"));
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        assert!(is_abbreviation("the U.S."));
        assert!(is_abbreviation("see e.g."));
        assert!(!is_abbreviation("nuclear threat."));
    }
}
