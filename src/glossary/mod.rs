//! The site's one glossary: entries merged from glossary.yaml and every article,
//! validated once, with one aho-corasick automaton over every name and alias.

use std::collections::{BTreeMap, HashMap};

mod matcher;

use serde::Serialize;

pub(crate) use matcher::{Hit, Matcher};

use crate::diagnostic::{Diagnostic, Location};
use crate::front::{EntryOrigin, RawEntry, Seg};
use crate::model::Kind;
use crate::urls;

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
    /// Ids defined only in files the build leaves out, so that a use of one says why it
    /// is unknown instead of only that it is.
    withheld: HashMap<String, Withheld>,
}

/// Why an id is not in the glossary though an article defines it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Withheld {
    /// The file that defines it (`content/b.md`).
    pub(crate) path: String,
    /// Why the build left the file out.
    pub(crate) why: LeftOut,
}

/// Why a build left an article file out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum LeftOut {
    /// A draft (built only with `--drafts`).
    Draft,
    /// Its front matter has errors.
    Broken,
    /// Its `date` is still to come (built only with `--future`): the date as written.
    Scheduled(String),
    /// Its `expires` has passed (built only with `--expired`): the date as written.
    Expired(String),
}

impl LeftOut {
    /// What an error about a link to the left-out file at `path` (`content/a.md`) says of
    /// it: why it is not in this build, and the help.
    pub(crate) fn explain_file(&self, path: &str) -> (String, String) {
        match self {
            LeftOut::Draft => (
                format!("{path} is a draft"),
                "build with --drafts to include it, or publish it (remove `draft: true`)".into(),
            ),
            LeftOut::Broken => (
                format!("{path} has errors"),
                format!("fix the errors in {path} first"),
            ),
            LeftOut::Scheduled(date) => (
                format!("{path} is scheduled for {date}"),
                "build with --future to include it, or link to it once it is published".into(),
            ),
            LeftOut::Expired(date) => (
                format!("{path} expired on {date}"),
                "build with --expired to include it, or remove the link".into(),
            ),
        }
    }
}

impl Withheld {
    /// What an error about a use of `id` says: the message's end, and the help.
    pub(crate) fn explain(&self, id: &str) -> (String, String) {
        let path = &self.path;
        match &self.why {
            LeftOut::Draft => (
                format!("is defined only in {path}, a draft"),
                format!("publish {path} (remove `draft: true`), or define `{id}` in glossary.yaml"),
            ),
            LeftOut::Broken => (
                format!("is defined only in {path}, which has errors"),
                format!("fix the errors in {path} first"),
            ),
            LeftOut::Scheduled(date) => (
                format!("is defined only in {path}, a scheduled article, published on {date}"),
                format!(
                    "define `{id}` in glossary.yaml, or build with --future to publish scheduled articles now"
                ),
            ),
            LeftOut::Expired(date) => (
                format!("is defined only in {path}, an article that expired on {date}"),
                format!(
                    "define `{id}` in glossary.yaml, or build with --expired to keep expired articles"
                ),
            ),
        }
    }
}

impl Glossary {
    /// All entries, sorted by id.
    pub(crate) fn entries(&self) -> &[GlossaryEntry] {
        &self.entries
    }

    /// The first person entry (in glossary order) whose name is exactly `name`.
    pub(crate) fn person_named(&self, name: &str) -> Option<usize> {
        self.entries
            .iter()
            .position(|e| e.kind == Kind::Person && e.name == name)
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

    /// Notes that `id` is defined in a file the build leaves out; an id the glossary has
    /// from elsewhere, or already noted, keeps what it has.
    pub(crate) fn withhold(&mut self, id: &str, why: Withheld) {
        if !self.by_id.contains_key(id) {
            self.withheld.entry(id.to_string()).or_insert(why);
        }
    }

    /// Why `id` is not an entry, when a left-out file defines it.
    pub(crate) fn withheld(&self, id: &str) -> Option<&Withheld> {
        self.withheld.get(id)
    }

    /// A glossary of these entries as they are (for unit tests of later stages).
    #[cfg(test)]
    pub(crate) fn of(entries: Vec<GlossaryEntry>) -> Glossary {
        Glossary::assemble(entries, Vec::new())
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
        let mut merged = merge(raw, diagnostics);
        drop_forms_claimed_twice(&mut merged, diagnostics);
        let origins = merged.values().map(|(_, o)| o.clone()).collect();
        let entries = merged
            .into_iter()
            .map(|(id, (raw, _))| entry(id, raw))
            .collect();
        Glossary::assemble(entries, origins)
    }

    /// The glossary of validated entries, sorted by id, indexed and matched.
    fn assemble(entries: Vec<GlossaryEntry>, origins: Vec<EntryOrigin>) -> Glossary {
        Glossary {
            by_id: entries
                .iter()
                .enumerate()
                .map(|(i, e)| (e.id.clone(), i))
                .collect(),
            matcher: Matcher::new(&entries),
            origins,
            entries,
            withheld: HashMap::new(),
        }
    }
}

/// Raw entries by id, with where each was written.
type Merged = BTreeMap<String, (RawEntry, EntryOrigin)>;

/// One entry per id: an entry defined again with the same content is the same entry; with
/// other content, or with a bad id or field, it is an error and left out.
fn merge(raw: Vec<(String, RawEntry, EntryOrigin)>, diagnostics: &mut Vec<Diagnostic>) -> Merged {
    let mut merged = Merged::new();
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
        if fields_are_valid(&id, &entry, &origin, diagnostics) {
            merged.insert(id, (entry, origin));
        }
    }
    merged
}

/// Checks an entry's forms (none empty) and its link (a web URL).
fn fields_are_valid(
    id: &str,
    entry: &RawEntry,
    origin: &EntryOrigin,
    diagnostics: &mut Vec<Diagnostic>,
) -> bool {
    let mut ok = true;
    let forms =
        std::iter::once(("name", &entry.name)).chain(entry.aliases.iter().map(|a| ("aliases", a)));
    for (field, value) in forms {
        if value.trim().is_empty() {
            diagnostics.push(Diagnostic::error(
                "empty-form",
                origin.at(Some(field)),
                format!("the entry `{id}` has an empty {field}"),
            ));
            ok = false;
        }
    }
    if let Some(link) = &entry.link
        && !urls::is_web_url(link)
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
    ok
}

/// Leaves out each entry with a form an earlier entry (by id) claims: the same form, or
/// one that differs only in case when either entry ignores case. A form can link to only
/// one entry.
fn drop_forms_claimed_twice(merged: &mut Merged, diagnostics: &mut Vec<Diagnostic>) {
    // Lowercased form → (the entry claiming it, whether it ignores case, the form as written).
    let mut claimed: HashMap<String, (String, bool, String)> = HashMap::new();
    let mut dropped = Vec::new();
    for (id, (entry, origin)) in merged.iter() {
        let forms = std::iter::once((&entry.name, "name"))
            .chain(entry.aliases.iter().map(|a| (a, "aliases")));
        for (form, field) in forms {
            let key = form.to_lowercase();
            if let Some((other, other_ic, other_form)) = claimed.get(&key) {
                let clash = other != id && (other_form == form || *other_ic || entry.ignore_case);
                if clash {
                    let first = &merged[other].1;
                    diagnostics.push(claimed_twice(form, field, (other, first), (id, origin)));
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
}

/// The error at the form `form` of the entry `id`, which the entry `other` claims too.
fn claimed_twice(
    form: &str,
    field: &str,
    (other, first): (&str, &EntryOrigin),
    (id, origin): (&str, &EntryOrigin),
) -> Diagnostic {
    let path: Vec<Seg<'_>> = origin
        .prefix
        .iter()
        .map(|s| Seg::Key(s))
        .chain([Seg::Key(field)])
        .collect();
    Diagnostic::error(
        "form-claimed-twice",
        origin.place.at_text(&path, form),
        format!("`{form}` is claimed by two entries, `{other}` and `{id}`"),
    )
    .with_related(
        first
            .at(None)
            .labelled(format!("`{other}` is defined here")),
    )
    .with_help("a form can link to only one entry: remove it from one of them")
}

/// A valid entry as pages show it: its definition rendered, its tooltip line the `short`
/// written or else the definition's first sentence.
fn entry(id: String, raw: RawEntry) -> GlossaryEntry {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_sentence_stops_at_the_first_full_stop() {
        assert_eq!(first_sentence("A U.S. system. It flies."), "A U.S. system.");
        assert_eq!(first_sentence("No stop"), "No stop");
    }
}
