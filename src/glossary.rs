//! The site's one glossary: entries merged from glossary.yaml and every article,
//! validated once, with one aho-corasick automaton over every name and alias.

use std::collections::{BTreeMap, HashMap};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::Serialize;

use crate::diagnostic::{Diagnostic, Location};
use crate::front::{Kind, RawEntry, Seg, YamlPlace};

/// Where an entry was written: a YAML block and the key path to the entry in it.
#[derive(Debug, Clone)]
pub(crate) struct EntryOrigin {
    /// The YAML block.
    pub(crate) place: YamlPlace,
    /// `["glossary", id]` in an article, `[id]` in glossary.yaml.
    pub(crate) prefix: Vec<String>,
}

impl EntryOrigin {
    fn at(&self, field: Option<&str>) -> Location {
        let mut path: Vec<Seg<'_>> = self.prefix.iter().map(|s| Seg::Key(s)).collect();
        if let Some(f) = field {
            path.push(Seg::Key(f));
        }
        self.place.at(&path)
    }
}

/// One validated entry of the glossary.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct GlossaryEntry {
    /// The id: lowercase ASCII letters, digits and `-`.
    pub(crate) id: String,
    /// The form shown and matched.
    pub(crate) name: String,
    /// term, person, organization or place.
    pub(crate) kind: Kind,
    /// What an acronym stands for.
    pub(crate) expansion: Option<String>,
    /// One plain-text line for the tooltip (may be empty).
    pub(crate) short: String,
    /// The definition rendered to HTML (empty when there is none).
    pub(crate) definition_html: String,
    /// Other forms matched in text.
    pub(crate) aliases: Vec<String>,
    /// Who a person or organisation is.
    pub(crate) role: Option<String>,
    /// The name in its own script.
    pub(crate) native: Option<String>,
    /// An external reference URL (http or https).
    pub(crate) link: Option<String>,
    /// Matched ignoring case.
    pub(crate) ignore_case: bool,
}

/// The validated glossary with its matcher.
#[derive(Debug, Default)]
pub(crate) struct Glossary {
    entries: Vec<GlossaryEntry>,
    /// Where each entry was (first) defined, by index (resolved only when a warning needs it).
    origins: Vec<EntryOrigin>,
    by_id: HashMap<String, usize>,
    matcher: Matcher,
}

impl Glossary {
    /// All entries, sorted by id.
    pub(crate) fn entries(&self) -> &[GlossaryEntry] {
        &self.entries
    }

    /// The index of the entry with this id.
    pub(crate) fn index_of(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// Where the entry with this index was defined.
    pub(crate) fn origin(&self, index: usize) -> Option<Location> {
        self.origins.get(index).map(|o| o.at(None))
    }

    /// All ids (for did-you-mean).
    pub(crate) fn ids(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|e| e.id.as_str())
    }

    /// The matcher over every form of every entry.
    pub(crate) fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    /// A glossary of these entries as they are (for unit tests of later stages).
    #[cfg(test)]
    pub(crate) fn of(entries: Vec<GlossaryEntry>) -> Glossary {
        Glossary {
            by_id: entries
                .iter()
                .enumerate()
                .map(|(i, e)| (e.id.clone(), i))
                .collect(),
            matcher: Matcher::new(&entries),
            origins: Vec::new(),
            entries,
        }
    }

    /// A plain entry (for unit tests).
    #[cfg(test)]
    pub(crate) fn test_entry(id: &str, name: &str, kind: Kind) -> GlossaryEntry {
        GlossaryEntry {
            id: id.into(),
            name: name.into(),
            kind,
            expansion: None,
            short: String::new(),
            definition_html: String::new(),
            aliases: Vec::new(),
            role: None,
            native: None,
            link: None,
            ignore_case: false,
        }
    }

    /// Validates and merges raw entries. Problems are pushed to `diagnostics`; the
    /// glossary keeps every entry that is valid.
    pub(crate) fn build(
        raw: Vec<(String, RawEntry, EntryOrigin)>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Glossary {
        let mut merged: BTreeMap<String, (RawEntry, EntryOrigin)> = BTreeMap::new();
        for (id, entry, origin) in raw {
            if !valid_id(&id) {
                diagnostics.push(
                    Diagnostic::error(
                        "bad-id",
                        origin.at(None),
                        format!("`{id}` is not a valid entry id"),
                    )
                    .with_help(format!(
                        "ids use lowercase ASCII letters, digits and `-`: try `{}`",
                        ascii_id(&id)
                    )),
                );
                continue;
            }
            if let Some((first, first_origin)) = merged.get(&id) {
                if *first != entry {
                    diagnostics.push(
                        Diagnostic::error(
                            "conflicting-entry",
                            origin.at(None),
                            format!("the entry `{id}` is defined twice with different content"),
                        )
                        .with_related(first_origin.at(None).labelled("first defined here"))
                        .with_help("an entry is shared by the whole site: keep one definition, or give the other a different id"),
                    );
                }
                continue;
            }
            let mut ok = true;
            for (field, value) in [("name", Some(&entry.name))]
                .into_iter()
                .chain(entry.aliases.iter().map(|a| ("aliases", Some(a))))
            {
                if value.is_some_and(|v| v.trim().is_empty()) {
                    diagnostics.push(Diagnostic::error(
                        "empty-form",
                        origin.at(Some(field)),
                        format!("the entry `{id}` has an empty {field}"),
                    ));
                    ok = false;
                }
            }
            if let Some(link) = &entry.link
                && !is_web_url(link)
            {
                diagnostics.push(
                    Diagnostic::error(
                        "bad-url",
                        origin.at(Some("link")),
                        format!("the link of `{id}` is not an http or https URL"),
                    )
                    .with_help("write a full address such as https://en.wikipedia.org/wiki/THAAD"),
                );
                ok = false;
            }
            if ok {
                merged.insert(id, (entry, origin));
            }
        }

        // A form claimed by two entries.
        let mut claimed: HashMap<String, (String, bool, String)> = HashMap::new();
        let mut dropped = Vec::new();
        for (id, (entry, origin)) in &merged {
            let forms = std::iter::once((&entry.name, "name"))
                .chain(entry.aliases.iter().map(|a| (a, "aliases")));
            for (form, field) in forms {
                let key = form.to_lowercase();
                if let Some((other, other_ic, other_form)) = claimed.get(&key) {
                    let clash =
                        other != id && (other_form == form || *other_ic || entry.ignore_case);
                    if clash {
                        let first = &merged[other].1;
                        diagnostics.push(
                            Diagnostic::error(
                                "form-claimed-twice",
                                origin.place.at_text(
                                    &origin
                                        .prefix
                                        .iter()
                                        .map(|s| Seg::Key(s))
                                        .chain([Seg::Key(field)])
                                        .collect::<Vec<_>>(),
                                    form,
                                ),
                                format!("`{form}` is claimed by two entries, `{other}` and `{id}`"),
                            )
                            .with_related(
                                first
                                    .at(None)
                                    .labelled(format!("`{other}` is defined here")),
                            )
                            .with_help(
                                "a form can link to only one entry: remove it from one of them",
                            ),
                        );
                        dropped.push(id.clone());
                    }
                    continue;
                }
                claimed.insert(key, (id.clone(), entry.ignore_case, form.clone()));
            }
        }
        for id in dropped {
            merged.remove(&id);
        }

        let origins: Vec<EntryOrigin> = merged.values().map(|(_, o)| o.clone()).collect();
        let entries: Vec<GlossaryEntry> = merged
            .into_iter()
            .map(|(id, (raw, _))| {
                let definition_html = raw
                    .definition
                    .as_deref()
                    .map(crate::markdown::render_untrusted)
                    .unwrap_or_default();
                let short = match &raw.short {
                    Some(s) => s.trim().to_string(),
                    None => raw
                        .definition
                        .as_deref()
                        .map(|d| first_sentence(&crate::markdown::plain_text(d)))
                        .unwrap_or_default(),
                };
                GlossaryEntry {
                    id,
                    name: raw.name.trim().to_string(),
                    kind: raw.kind,
                    expansion: raw.expansion,
                    short,
                    definition_html,
                    aliases: raw.aliases,
                    role: raw.role,
                    native: raw.native,
                    link: raw.link,
                    ignore_case: raw.ignore_case,
                }
            })
            .collect();
        let by_id = entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.clone(), i))
            .collect();
        let matcher = Matcher::new(&entries);
        Glossary {
            entries,
            origins,
            by_id,
            matcher,
        }
    }
}

/// Lowercase ASCII letters, digits and `-`, not empty.
pub(crate) fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn ascii_id(id: &str) -> String {
    let s: String = crate::slug::slugify(id)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    if s.is_empty() { "entry".into() } else { s }
}

/// http:// or https:// with something after it.
pub(crate) fn is_web_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    (lower.starts_with("http://") && lower.len() > 7)
        || (lower.starts_with("https://") && lower.len() > 8)
}

/// The first sentence of a plain text: up to the first `.`, `!` or `?` that ends the
/// text or is followed by a space and a capital, and is not an abbreviation (`U.S.`, `Dr.`).
pub(crate) fn first_sentence(text: &str) -> String {
    let text = text.trim();
    for (i, c) in text.char_indices() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let rest = &text[i + 1..];
        let ends = rest.is_empty()
            || (rest.starts_with(char::is_whitespace)
                && rest.trim_start().starts_with(|n: char| {
                    n.is_uppercase() || n.is_numeric() || "\"“‘(".contains(n)
                }));
        let word = text[..i].rsplit(char::is_whitespace).next().unwrap_or("");
        let abbreviation = c == '.'
            && (word.contains('.')
                || word.chars().count() <= 1
                || ["Mr", "Mrs", "Ms", "Dr", "St", "Gen", "Lt", "Col", "No"].contains(&word));
        if ends && !abbreviation {
            return text[..=i].to_string();
        }
    }
    text.to_string()
}

/// A mention found in text: a byte range and the entry it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hit {
    /// Start byte.
    pub(crate) start: usize,
    /// End byte.
    pub(crate) end: usize,
    /// Index of the entry in [`Glossary::entries`].
    pub(crate) entry: usize,
}

#[derive(Debug, Clone)]
struct Pattern {
    entry: usize,
    form: String,
    ignore_case: bool,
}

/// One automaton over every form of every entry: whole words, case rules, longest match.
///
/// The search asks the automaton (leftmost-longest, with its own prefilter) for the next
/// place a form matches; one that does not start a word is passed over. Only where the
/// longest form at a word start is rejected (wrong case, or a letter right after it) does
/// it ask a second, overlapping automaton for a shorter valid form starting there (built
/// the first time it is needed: most sites never need it, and with 5,000 entries it takes
/// as long to build as the first).
#[derive(Debug)]
pub(crate) struct Matcher {
    automaton: Option<AhoCorasick>,
    overlapping: std::sync::OnceLock<Option<AhoCorasick>>,
    /// The automata fold ASCII case (some entry ignores case).
    fold: bool,
    patterns: Vec<Pattern>,
    longest: usize,
}

impl Default for Matcher {
    fn default() -> Self {
        Matcher {
            automaton: None,
            overlapping: std::sync::OnceLock::new(),
            fold: false,
            patterns: Vec::new(),
            longest: 0,
        }
    }
}

impl Matcher {
    fn new(entries: &[GlossaryEntry]) -> Matcher {
        let mut patterns = Vec::new();
        for (i, e) in entries.iter().enumerate() {
            for form in std::iter::once(&e.name).chain(&e.aliases) {
                let form = form.trim();
                if form.is_empty() {
                    continue;
                }
                let mut variants = vec![form.to_string()];
                if e.ignore_case && !form.is_ascii() {
                    // ASCII letters fold in the automaton; other scripts match these forms.
                    variants.push(form.to_lowercase());
                    variants.push(form.to_uppercase());
                    let mut cs = form.chars();
                    if let Some(f) = cs.next() {
                        variants.push(
                            f.to_uppercase()
                                .chain(cs.flat_map(char::to_lowercase))
                                .collect(),
                        );
                    }
                    variants.sort();
                    variants.dedup();
                }
                for v in variants {
                    patterns.push(Pattern {
                        entry: i,
                        form: v,
                        ignore_case: e.ignore_case,
                    });
                }
            }
        }
        // Fold ASCII case only when some entry asks for it: an exact automaton is smaller
        // and stops at far fewer places that the case check would then reject.
        let fold = patterns.iter().any(|p| p.ignore_case);
        Matcher {
            automaton: build_automaton(&patterns, fold, MatchKind::LeftmostLongest),
            overlapping: std::sync::OnceLock::new(),
            fold,
            longest: patterns.iter().map(|p| p.form.len()).max().unwrap_or(0),
            patterns,
        }
    }

    fn accept(&self, text: &str, start: usize, end: usize, pattern: usize) -> Option<Hit> {
        let p = &self.patterns[pattern];
        let exact = p.ignore_case || text[start..end] == p.form;
        (exact && word_boundary_before(text, start) && word_boundary_after(text, end)).then_some(
            Hit {
                start,
                end,
                entry: p.entry,
            },
        )
    }

    /// The longest valid form that starts exactly at `start`.
    fn longest_valid_at(&self, text: &str, start: usize) -> Option<Hit> {
        let ac = self
            .overlapping
            .get_or_init(|| build_automaton(&self.patterns, self.fold, MatchKind::Standard))
            .as_ref()?;
        let end = crate::source::clamp_to_char(text, (start + self.longest).min(text.len()));
        let mut best: Option<Hit> = None;
        for m in ac.find_overlapping_iter(aho_corasick::Input::new(&text[..end]).span(start..end)) {
            if m.start() != start {
                continue;
            }
            if let Some(h) = self.accept(text, m.start(), m.end(), m.pattern().as_usize())
                && best.is_none_or(|b| h.end > b.end)
            {
                best = Some(h);
            }
        }
        best
    }

    /// Every mention in `text`: whole words, case-sensitive unless the entry ignores
    /// case, leftmost-longest where forms overlap, never overlapping each other.
    #[cfg(test)]
    fn find(&self, text: &str) -> Vec<Hit> {
        let mut hits = Vec::new();
        self.find_into(text, &mut hits);
        hits
    }

    /// [`Matcher::find`] into a list the caller keeps from text to text (cleared first):
    /// an article's prose has hundreds of texts, most with a mention or two.
    pub(crate) fn find_into(&self, text: &str, hits: &mut Vec<Hit>) {
        hits.clear();
        let Some(ac) = &self.automaton else {
            return;
        };
        // Line breaks and tabs count as spaces, so a wrapped name still matches.
        let folded;
        let text = if memchr::memchr3(b'\n', b'\r', b'\t', text.as_bytes()).is_some() {
            folded = text.replace(['\n', '\r', '\t'], " ");
            folded.as_str()
        } else {
            text
        };
        let mut pos = 0;
        while pos < text.len() {
            let input = aho_corasick::Input::new(text).span(pos..text.len());
            let Some(m) = ac.find(input) else {
                break;
            };
            if !word_boundary_before(text, m.start()) {
                // Inside a word: a form may still start at the next character.
                pos = next_char(text, m.start());
                continue;
            }
            match self
                .accept(text, m.start(), m.end(), m.pattern().as_usize())
                .or_else(|| self.longest_valid_at(text, m.start()))
            {
                Some(h) => {
                    pos = h.end;
                    hits.push(h);
                }
                None => pos = next_char(text, m.start()),
            }
        }
    }
}

/// Where the character after the one at `at` starts.
fn next_char(text: &str, at: usize) -> usize {
    at + text[at..].chars().next().map_or(1, char::len_utf8)
}

/// An automaton of the forms.
fn build_automaton(patterns: &[Pattern], fold: bool, match_kind: MatchKind) -> Option<AhoCorasick> {
    if patterns.is_empty() {
        return None;
    }
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(fold)
        .match_kind(match_kind)
        .build(patterns.iter().map(|p| p.form.as_str()))
        .ok()
}

fn word_boundary_before(text: &str, at: usize) -> bool {
    text[..at]
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_alphanumeric())
}

fn word_boundary_after(text: &str, at: usize) -> bool {
    text[at..]
        .chars()
        .next()
        .is_none_or(|c| !c.is_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str, name: &str, aliases: &[&str], ignore_case: bool) -> GlossaryEntry {
        GlossaryEntry {
            id: id.into(),
            name: name.into(),
            kind: Kind::Term,
            expansion: None,
            short: String::new(),
            definition_html: String::new(),
            aliases: aliases.iter().map(|s| s.to_string()).collect(),
            role: None,
            native: None,
            link: None,
            ignore_case,
        }
    }

    fn found(m: &Matcher, text: &str) -> Vec<(String, usize)> {
        m.find(text)
            .into_iter()
            .map(|h| (text[h.start..h.end].to_string(), h.entry))
            .collect()
    }

    #[test]
    fn every_word_start_is_tried_and_nothing_inside_words() {
        let m = Matcher::new(&[
            entry("thaad", "THAAD", &[], false),
            entry("g20", "#G20", &[], false),
            entry("yoon", "윤석열", &[], false),
        ]);
        assert_eq!(
            found(
                &m,
                "THAAD, XTHAAD THAADs (THAAD) a#G20 #G20 윤석열은 윤석열"
            ),
            vec![
                ("THAAD".into(), 0),
                ("THAAD".into(), 0),
                ("#G20".into(), 1),
                ("윤석열".into(), 2)
            ]
        );
        assert!(found(&m, "").is_empty() && found(&m, "no forms here").is_empty());
    }

    #[test]
    fn the_pair_filter_lets_through_one_byte_and_case_folded_forms() {
        // One-byte forms may be followed by any byte; folded forms start in any case.
        let m = Matcher::new(&[
            entry("x", "X", &[], false),
            entry("thaad", "thaad", &[], true),
            entry("yoon", "윤", &[], false),
        ]);
        assert_eq!(
            found(&m, "X, X-ray, Xs tHAAD THAAD Thaad 윤, X"),
            vec![
                ("X".into(), 0),
                ("X".into(), 0),
                ("tHAAD".into(), 1),
                ("THAAD".into(), 1),
                ("Thaad".into(), 1),
                ("윤".into(), 2),
                ("X".into(), 0)
            ]
        );
        // A pair no form starts with stops nothing else: `Xs` above, `Th` here.
        assert_eq!(found(&m, "The X"), vec![("X".into(), 0)]);
    }

    #[test]
    fn case_sensitive_by_default() {
        let m = Matcher::new(&[entry("thaad", "THAAD", &[], false)]);
        assert_eq!(found(&m, "THAAD and thaad"), vec![("THAAD".into(), 0)]);
    }

    #[test]
    fn ignore_case_matches_any_case() {
        let m = Matcher::new(&[entry("three-noes", "three noes", &[], true)]);
        assert_eq!(found(&m, "The Three Noes"), vec![("Three Noes".into(), 0)]);
    }

    #[test]
    fn aliases_match_their_entry() {
        let m = Matcher::new(&[
            entry("a", "Alpha", &[], false),
            entry("yoon", "Yoon Suk Yeol", &["Yoon"], false),
        ]);
        assert_eq!(found(&m, "Yoon said"), vec![("Yoon".into(), 1)]);
    }

    #[test]
    fn a_form_wrapped_across_lines_matches() {
        let m = Matcher::new(&[entry(
            "thaad",
            "Terminal High Altitude Area Defense",
            &[],
            false,
        )]);
        assert_eq!(
            found(&m, "US Terminal High\nAltitude Area Defense (THAAD)").len(),
            1
        );
    }

    #[test]
    fn a_rejected_longest_form_falls_back_to_a_shorter_valid_one() {
        let m = Matcher::new(&[
            entry("thaad", "THAAD", &[], false),
            entry("thaad-b", "THAAD b", &[], false),
            entry("moon", "Moon", &[], false),
        ]);
        // "THAAD b" is followed by a letter, so only "THAAD" is a whole word here.
        assert_eq!(found(&m, "THAAD bx"), vec![("THAAD".into(), 0)]);
        // A case-insensitive hit of a case-sensitive form is skipped, not fatal.
        assert_eq!(found(&m, "thaad Moon"), vec![("Moon".into(), 2)]);
    }

    #[test]
    fn whole_words_only() {
        let m = Matcher::new(&[entry("moon", "Moon", &[], false)]);
        assert!(found(&m, "Moonlight and Honeymoon, Moon2").is_empty());
        assert_eq!(found(&m, "(Moon)"), vec![("Moon".into(), 0)]);
    }

    #[test]
    fn the_longest_overlapping_form_wins() {
        let m = Matcher::new(&[
            entry("thaad", "THAAD", &[], false),
            entry("thaad-battery", "THAAD battery", &[], false),
        ]);
        assert_eq!(
            found(&m, "a THAAD battery and THAAD"),
            vec![("THAAD battery".into(), 1), ("THAAD".into(), 0)]
        );
    }

    #[test]
    fn unicode_text_and_forms() {
        let m = Matcher::new(&[
            entry("yoon", "윤석열", &[], false),
            entry("cafe", "Café", &[], true),
        ]);
        assert_eq!(
            found(&m, "대통령 윤석열은"),
            Vec::<(String, usize)>::new(),
            "a letter after the form is not a word boundary"
        );
        assert_eq!(found(&m, "— 윤석열, said"), vec![("윤석열".into(), 0)]);
        assert_eq!(
            found(&m, "CAFÉ café"),
            vec![("CAFÉ".into(), 1), ("café".into(), 1)]
        );
    }

    #[test]
    fn first_sentence_stops_at_the_first_full_stop() {
        assert_eq!(first_sentence("A U.S. system. It flies."), "A U.S. system.");
        assert_eq!(first_sentence("No stop"), "No stop");
    }
}
