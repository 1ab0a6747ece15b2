//! The types the stages share, low in the house so that every stage imports them from
//! below: an entry's kind, the annotation mode, a quote's attribution, a date, and an
//! article as lists show it.

use serde::{Deserialize, Serialize};

/// Which mentions of an entry get a tooltip.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Annotate {
    /// Only the first mention of each entry in an article.
    #[default]
    First,
    /// Every mention.
    All,
    /// No automatic mentions (explicit `term:` links still annotate).
    None,
}

/// The kind of a glossary entry.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, PartialOrd, Ord, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Kind {
    /// A term or acronym.
    #[default]
    Term,
    /// A person.
    Person,
    /// An organisation.
    #[serde(alias = "organisation")]
    Organization,
    /// A place.
    Place,
}

/// What an article file is: a dated story, listed everywhere, or a standalone page (About,
/// Contact) that gets its own URL and annotations but no place in any list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Layout {
    /// A story (`layout: article`, the default): in the index, feeds and backlinks.
    #[default]
    Article,
    /// A page (`layout: page`): rendered with `page.html`, listed nowhere.
    Page,
}

impl Layout {
    /// Every layout, as written in front matter.
    pub(crate) const NAMES: [&'static str; 2] = ["article", "page"];

    /// The layout named so in front matter.
    pub(crate) fn from_name(name: &str) -> Option<Layout> {
        match name {
            "article" => Some(Layout::Article),
            "page" => Some(Layout::Page),
            _ => None,
        }
    }
}

/// Who reported a quote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Via {
    /// A glossary entry (by index).
    Entry(usize),
    /// Plain text.
    Text(String),
}

/// A validated quote attribution of an article.
#[derive(Debug, Clone)]
pub(crate) struct QuoteSpec {
    /// The `text` with quotation marks unified and white space folded.
    pub(crate) normalized: String,
    /// The speaker's entry index.
    pub(crate) speaker: usize,
    /// Who reported it.
    pub(crate) via: Option<Via>,
}

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

/// A date as the site shows and serialises it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub(crate) struct Date {
    /// RFC 3339, for sorting, `<time datetime>` and feeds.
    pub rfc3339: String,
    /// `YYYY-MM-DD`.
    pub(crate) iso: String,
    /// `11 August 2022`.
    pub(crate) display: String,
}

impl Date {
    /// The moment it names, for comparing dates written with different offsets; None for
    /// the placeholder of a missing or bad date.
    fn instant(&self) -> Option<chrono::DateTime<chrono::FixedOffset>> {
        chrono::DateTime::parse_from_rfc3339(&self.rfc3339).ok()
    }

    /// True when this date comes after `other` (by the moment, then as written).
    pub(crate) fn is_after(&self, other: &Date) -> bool {
        (self.instant(), &self.rfc3339) > (other.instant(), &other.rfc3339)
    }
}

/// A dated correction or update note of an article, as newsrooms append them.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Correction {
    /// When it was made.
    pub(crate) date: Date,
    /// Its text as HTML, from the author's Markdown rendered as untrusted.
    pub(crate) html: String,
    /// Its text as plain text, for structured data.
    pub(crate) text: String,
    /// Shown at the top of the article rather than at its end.
    pub(crate) prominent: bool,
}

/// One name of a byline, linked to its author page when it names a person entry.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub(crate) struct AuthorLink {
    /// The name shown.
    pub(crate) name: String,
    /// The author page under the site root (`authors/ID/index.html`), or null.
    pub(crate) path: Option<String>,
}

/// An article in lists (index, backlinks, feeds).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub(crate) struct ArticleSummary {
    /// Headline.
    pub(crate) title: String,
    /// Path under the site root (`2022/thaad/index.html`).
    pub(crate) path: String,
    /// Pretty URL path (`2022/thaad/`), for absolute URLs.
    pub(crate) url_path: String,
    /// Publication date.
    pub(crate) date: Date,
    /// Last update, or null: the latest of `updated` and the corrections' dates.
    pub(crate) updated: Option<Date>,
    /// Byline.
    pub(crate) authors: Vec<String>,
    /// `authors` joined with `, ` (empty when there are none): what a byline prints,
    /// without a `join` filter on every page.
    pub(crate) byline: String,
    /// `authors` with the author page of each that has one.
    pub(crate) author_links: Vec<AuthorLink>,
    /// Dek, or null.
    pub(crate) summary: Option<String>,
    /// Tags.
    pub(crate) tags: Vec<String>,
}

/// A source credit.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub(crate) struct SourceView {
    /// Publication name.
    pub(crate) name: String,
    /// Original URL, or null.
    pub(crate) url: Option<String>,
}
