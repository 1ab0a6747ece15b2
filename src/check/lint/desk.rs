//! What the copy desk knows before it reads an article: the glossary's forms and the
//! bylines' names, indexed once per `check`, and the names written with a lower-case
//! letter before a capital on purpose.

use std::collections::{HashMap, HashSet};

use aho_corasick::{AhoCorasick, Anchored, MatchKind, StartKind};

use super::near_miss::index::NearMissIndex;
use crate::glossary::Glossary;

/// Names written with a lower-case letter before a capital on purpose.
pub(super) const CAMEL_NAMES: &[&str] = &[
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

/// What the copy desk knows of the glossary, indexed once per `check` so that linting an
/// article costs in proportion to its words, not to its words times the glossary's forms.
pub(crate) struct CopyDesk<'g> {
    /// Every name and alias, entry by entry.
    pub(super) forms: Vec<&'g str>,
    pub(super) form_set: HashSet<&'g str>,
    /// Every whitespace-separated word of a form.
    pub(super) form_words: HashSet<&'g str>,
    /// Every suffix of every form, sorted: a word is inside some form when one of these
    /// starts with it.
    suffixes: Vec<&'g str>,
    /// Finds a form that starts exactly where a search is anchored.
    starts: Option<AhoCorasick>,
    pub(super) near: NearMissIndex<'g>,
    /// Every name of every byline, once, and its place among them.
    pub(super) authors: Vec<&'g str>,
    author_ids: HashMap<&'g str, u32>,
    pub(super) bylines: NearMissIndex<'g>,
    /// The size in bytes over which an image is large (0: never).
    pub(super) large_image: u64,
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
            large_image: 0,
        }
    }

    /// The desk, calling an image over `bytes` large (0: never).
    pub(crate) fn with_large_image(self, bytes: u64) -> Self {
        CopyDesk {
            large_image: bytes,
            ..self
        }
    }

    /// An article's byline: each of its names' place among every byline's names.
    pub(super) fn byline(&self, authors: &[String]) -> Vec<u32> {
        authors
            .iter()
            .filter_map(|a| self.author_ids.get(a.as_str()).copied())
            .collect()
    }

    /// True when `word` stands inside some form (`cDonal` inside `McDonald`).
    pub(super) fn inside_a_form(&self, word: &str) -> bool {
        let i = self.suffixes.partition_point(|s| *s < word);
        self.suffixes.get(i).is_some_and(|s| s.starts_with(word))
    }

    /// True when some form starts at the beginning of `text`.
    pub(super) fn form_starts(&self, text: &str) -> bool {
        self.starts.as_ref().is_some_and(|ac| {
            ac.find(aho_corasick::Input::new(text).anchored(Anchored::Yes))
                .is_some()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_desk_knows_what_stands_inside_and_at_the_start_of_a_form() {
        let desk = CopyDesk::of_forms(vec!["McDonald Kim", "THAAD"], []);
        assert!(desk.inside_a_form("cDonald"));
        assert!(desk.inside_a_form("McDonald"));
        assert!(!desk.inside_a_form("cDonalds"));
        assert!(desk.form_starts("THAAD batteries"));
        assert!(!desk.form_starts("the THAAD"));
    }

    #[test]
    fn a_byline_is_its_names_places_among_every_bylines_names() {
        let desk = CopyDesk::of_forms(Vec::new(), ["Kim", "Lee", "Kim", "Park"]);
        assert_eq!(desk.authors, ["Kim", "Lee", "Park"]);
        let byline = ["Park".to_string(), "Nobody".to_string(), "Kim".to_string()];
        assert_eq!(desk.byline(&byline), [2, 0]);
    }
}
