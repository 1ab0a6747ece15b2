//! The pages that list articles or entries: the index, the glossary, each entry's page,
//! the feeds and 404. Each declares what it shows of the articles ([`ListingPage::shows`]),
//! so that `serve`'s update re-renders exactly the pages an edit of one article touches: a
//! new kind of listing page is a variant here, its renderer and its template.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use rayon::prelude::*;

use super::{absolute, entry_ref, json_ld, kind_label, site_view, via_view};
use crate::article::Article;
use crate::body::Rendered;
use crate::content::SiteConfig;
use crate::error::Error;
use crate::glossary::{Glossary, GlossaryEntry};
use crate::model::Kind;
use crate::sink::{Page, Sink};
use crate::templates::{self as tpl, PageMeta};
use crate::urls;

/// How many of the newest articles atom.xml lists.
const FEED_LENGTH: usize = 50;

/// A page that lists articles or entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ListingPage {
    /// `index.html`: every article, newest first.
    Index,
    /// `glossary/index.html`: every entry, with how many articles mention it.
    Glossary,
    /// `glossary/ID/index.html`: an entry, the articles that mention it, its quotes.
    Entry(usize),
    /// `404.html`.
    NotFound,
    /// `atom.xml` and `sitemap.xml` (with `base_url` only); the sitemap also lists the
    /// pages' URLs.
    Feeds,
    /// `authors/ID/index.html`: the articles whose byline names this person entry,
    /// newest first (no page when none does).
    Author(usize),
}

/// What a listing page shows of the articles: an edit that changes none of it leaves the
/// page as it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shows {
    /// Nothing of any article.
    Nothing,
    /// Every article's summary, in date order (and the pages' URLs).
    Summaries,
    /// How many articles mention each entry.
    MentionCounts,
    /// The articles that mention this entry, with their summaries, and this entry's
    /// quotes as a speaker, with their articles' summaries; and whether a byline names
    /// it (its link to its author page).
    Entry(usize),
    /// The summaries of the articles whose byline names this entry.
    Author(usize),
}

impl ListingPage {
    /// Every listing page of a site whose glossary has `entries` entries.
    pub(crate) fn all(entries: usize) -> impl Iterator<Item = ListingPage> {
        (0..entries)
            .map(ListingPage::Entry)
            .chain((0..entries).map(ListingPage::Author))
            .chain([
                ListingPage::Index,
                ListingPage::Feeds,
                ListingPage::Glossary,
                ListingPage::NotFound,
            ])
    }

    /// What this page shows of the articles.
    pub(crate) fn shows(self) -> Shows {
        match self {
            ListingPage::Index | ListingPage::Feeds => Shows::Summaries,
            ListingPage::Glossary => Shows::MentionCounts,
            ListingPage::Entry(e) => Shows::Entry(e),
            ListingPage::Author(e) => Shows::Author(e),
            ListingPage::NotFound => Shows::Nothing,
        }
    }
}

/// What an edit of one article changed of what listing pages can show. An article added
/// or deleted changes its summary's place in the lists, and everything it mentions.
#[derive(Debug, Default)]
pub(crate) struct ArticleChange {
    /// Its summary (title, date, authors, …), its presence, or whether it is a page
    /// (then its URL only).
    pub(crate) summary: bool,
    /// The entries it mentions now and did not before, or the reverse.
    pub(crate) mentions: BTreeSet<usize>,
    /// The entries it mentions, before or after.
    pub(crate) mentioned: BTreeSet<usize>,
    /// Its quotes: a text, a speaker or a via.
    pub(crate) quotes: bool,
    /// The speakers of its quotes, before or after.
    pub(crate) speakers: BTreeSet<usize>,
    /// The person entries its byline names now and did not before, or the reverse.
    pub(crate) authors: BTreeSet<usize>,
    /// The person entries its byline names, before or after.
    pub(crate) authored: BTreeSet<usize>,
}

impl Shows {
    /// True when a page showing this changes with the edit.
    pub(crate) fn touched_by(self, c: &ArticleChange) -> bool {
        match self {
            Shows::Nothing => false,
            Shows::Summaries => c.summary,
            Shows::MentionCounts => !c.mentions.is_empty(),
            Shows::Entry(e) => {
                c.mentions.contains(&e)
                    || (c.summary && c.mentioned.contains(&e))
                    || ((c.quotes || c.summary) && c.speakers.contains(&e))
                    || c.authors.contains(&e)
            }
            Shows::Author(e) => c.summary && c.authored.contains(&e),
        }
    }
}

/// What the listing pages show of each article, by article (in the model's order), made
/// once and kept by `serve` between edits.
pub(crate) struct ListingCache {
    /// The summary, converted for Tera.
    pub(crate) summaries: Vec<tpl::Prepared>,
    /// `backlink.html`, rendered on first use.
    pub(crate) backlinks: Vec<OnceLock<String>>,
}

impl ListingCache {
    pub(crate) fn new(articles: &[Article]) -> Self {
        ListingCache {
            summaries: articles
                .par_iter()
                .map(|a| tpl::prepare(&a.summary()))
                .collect(),
            backlinks: articles.iter().map(|_| OnceLock::new()).collect(),
        }
    }

    /// An article's summary changed.
    pub(crate) fn replace(&mut self, i: usize, a: &Article) {
        self.summaries[i] = tpl::prepare(&a.summary());
        self.backlinks[i] = OnceLock::new();
    }

    /// An article was added at the end.
    pub(crate) fn push(&mut self, a: &Article) {
        self.summaries.push(tpl::prepare(&a.summary()));
        self.backlinks.push(OnceLock::new());
    }

    /// An article was deleted.
    pub(crate) fn remove(&mut self, i: usize) {
        self.summaries.remove(i);
        self.backlinks.remove(i);
    }
}

/// What the index, glossary, entry pages and feeds are made from: the articles newest
/// first, and for each entry the articles that mention it and the quotes of a speaker.
pub(crate) struct Listing<'a> {
    config: &'a SiteConfig,
    glossary: &'a Glossary,
    templates: &'a tera::Tera,
    /// The site's values, converted for Tera once.
    site: tpl::Prepared,
    /// Each article's summary, converted for Tera once and shared by every page that lists
    /// it: the index, feeds, backlinks and quotes.
    summary_values: Vec<tpl::Prepared>,
    /// The newest date of the site (RFC 3339), for the feed.
    updated: String,
    backlinks: Vec<Vec<usize>>,
    quotes_of: Vec<Vec<tpl::QuoteView>>,
    /// By entry: the sorted positions of the articles whose byline names it.
    authored: Vec<Vec<usize>>,
    /// The URL paths of the pages (`layout: page`), A–Z, for the sitemap.
    pages: Vec<String>,
    /// Sorted position (newest first) → the article's index in the model.
    order: Vec<usize>,
    /// Summaries and backlinks by model index.
    cache: &'a ListingCache,
}

/// The listed articles, newest first (pages are in no list, so their mentions and quotes
/// count nowhere); ties by title then path, so the order never depends on the disk.
fn newest_first(articles: &[Article]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..articles.len())
        .filter(|&i| articles[i].is_listed())
        .collect();
    order.sort_by(|&x, &y| {
        let (a, b) = (&articles[x], &articles[y]);
        b.date
            .cmp(&a.date)
            .then_with(|| a.title.cmp(&b.title))
            .then_with(|| a.url_path.cmp(&b.url_path))
    });
    order
}

/// The URL paths of the pages (`layout: page`), A–Z, for the sitemap.
fn page_paths(articles: &[Article]) -> Vec<String> {
    let mut pages: Vec<String> = articles
        .iter()
        .filter(|a| !a.is_listed())
        .map(|a| a.url_path.clone())
        .collect();
    pages.sort();
    pages
}

impl<'a> Listing<'a> {
    pub(crate) fn new(
        config: &'a SiteConfig,
        glossary: &'a Glossary,
        templates: &'a tera::Tera,
        articles: &[Article],
        rendered: &[Rendered],
        cache: &'a ListingCache,
    ) -> Self {
        let order = newest_first(articles);
        let summary_values: Vec<tpl::Prepared> =
            order.iter().map(|&i| cache.summaries[i].clone()).collect();
        let updated = articles
            .iter()
            .filter(|a| a.is_listed())
            .map(|a| &a.modified().unwrap_or(&a.date).rfc3339)
            .max()
            .cloned()
            .unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
        let entries = glossary.entries();
        // Newest article first, since the articles are sorted.
        let mut backlinks: Vec<Vec<usize>> = vec![Vec::new(); entries.len()];
        let mut quotes_of: Vec<Vec<tpl::QuoteView>> = vec![Vec::new(); entries.len()];
        let mut authored: Vec<Vec<usize>> = vec![Vec::new(); entries.len()];
        for (ai, (a, r)) in order
            .iter()
            .map(|&i| (&articles[i], &rendered[i]))
            .enumerate()
        {
            for &e in &r.findings.mentioned {
                backlinks[e].push(ai);
            }
            for &e in &a.author_entries {
                authored[e].push(ai);
            }
            for (qi, spec) in a.quotes.iter().enumerate() {
                if let Some(text) = &r.findings.quote_texts[qi] {
                    quotes_of[spec.speaker].push(tpl::QuoteView {
                        text: text.clone(),
                        article: summary_values[ai].clone(),
                        via: spec.via.as_ref().map(|v| via_view(v, entries)),
                    });
                }
            }
        }
        let pages = page_paths(articles);
        Listing {
            pages,
            config,
            glossary,
            templates,
            site: tpl::prepare(&site_view(config)),
            summary_values,
            updated,
            backlinks,
            quotes_of,
            authored,
            order,
            cache,
        }
    }

    /// `backlink.html` for the article at sorted position `ai`, from the cache.
    fn backlink(&self, ai: usize) -> Result<&str, Error> {
        let cell = &self.cache.backlinks[self.order[ai]];
        if cell.get().is_none() {
            let html = tpl::render(
                self.templates,
                "backlink.html",
                &tpl::BacklinkView {
                    site: &self.site,
                    root: urls::ENTRY_ROOT,
                    a: &self.summary_values[ai],
                },
            )?;
            let _ = cell.set(html);
        }
        Ok(cell.get().map_or("", String::as_str))
    }

    /// Renders these pages in parallel, the largest first.
    pub(crate) fn render(&self, mut pages: Vec<ListingPage>, sink: &dyn Sink) -> Result<(), Error> {
        let articles = self.summary_values.len();
        let cost = |page: &ListingPage| match *page {
            ListingPage::Entry(i) => self.backlinks[i].len() + self.quotes_of[i].len(),
            ListingPage::Index | ListingPage::Feeds => articles,
            ListingPage::Glossary => self.glossary.entries().len(),
            ListingPage::Author(i) => self.authored[i].len(),
            ListingPage::NotFound => 0,
        };
        pages.sort_by_key(|page| std::cmp::Reverse(cost(page)));
        pages
            .par_iter()
            .with_max_len(1)
            .try_for_each(|&page| match page {
                ListingPage::Index => self.index(sink),
                ListingPage::Glossary => self.glossary_index(sink),
                ListingPage::Entry(i) => self.entry(i, sink),
                ListingPage::NotFound => self.not_found(sink),
                ListingPage::Feeds => self.feeds(sink),
                ListingPage::Author(i) => self.author(i, sink),
            })
    }

    fn index(&self, sink: &dyn Sink) -> Result<(), Error> {
        let config = self.config;
        let index = tpl::IndexPage {
            site: &self.site,
            page: PageMeta {
                root: String::new(),
                path: urls::INDEX.into(),
                canonical: absolute(config, ""),
                title: config.title.clone(),
                description: config.description.clone(),
                has_code: false,
                json_ld: json_ld::website(config),
                og_type: "website".into(),
            },
            articles: &self.summary_values,
        };
        put(sink, self.templates, urls::INDEX, "index.html", &index)
    }

    fn glossary_index(&self, sink: &dyn Sink) -> Result<(), Error> {
        let (config, entries) = (self.config, self.glossary.entries());
        let gpage = tpl::GlossaryPage {
            site: &self.site,
            page: PageMeta {
                root: urls::GLOSSARY_ROOT.into(),
                path: urls::GLOSSARY.into(),
                canonical: absolute(config, urls::GLOSSARY_DIR),
                title: format!("Glossary — {}", config.title),
                description: format!(
                    "Every term, person, organisation and place in {}",
                    config.title
                ),
                has_code: false,
                json_ld: json_ld::glossary(config, entries),
                og_type: "website".into(),
            },
            groups: self.glossary_groups(),
        };
        put(
            sink,
            self.templates,
            urls::GLOSSARY,
            "glossary.html",
            &gpage,
        )
    }

    /// The glossary index's entries: grouped by kind, A–Z within a group, with its
    /// jump letters.
    fn glossary_groups(&self) -> Vec<tpl::GlossaryGroup> {
        let mut groups: BTreeMap<Kind, Vec<tpl::GlossaryItem>> = BTreeMap::new();
        for (i, e) in self.glossary.entries().iter().enumerate() {
            let item = glossary_item(e, self.backlinks[i].len());
            groups.entry(e.kind).or_default().push(item);
        }
        groups
            .into_iter()
            .map(|(kind, mut items)| {
                items.sort_by_cached_key(|item| {
                    (item.entry.name.to_lowercase(), item.entry.id.clone())
                });
                let letters = first_of_letters(&mut items);
                tpl::GlossaryGroup {
                    kind,
                    label: kind_label(kind).0.into(),
                    items,
                    letters,
                }
            })
            .collect()
    }

    fn entry(&self, i: usize, sink: &dyn Sink) -> Result<(), Error> {
        let config = self.config;
        let e = &self.glossary.entries()[i];
        let view = tpl::EntryPage {
            site: &self.site,
            page: PageMeta {
                root: urls::ENTRY_ROOT.into(),
                path: urls::entry_page(&e.id),
                canonical: absolute(config, &urls::entry_dir(&e.id)),
                title: format!("{} — {}", e.name, config.title),
                description: if e.short.is_empty() {
                    e.name.clone()
                } else {
                    e.short.clone()
                },
                has_code: false,
                json_ld: json_ld::entry(config, e),
                og_type: if e.kind == Kind::Person {
                    "profile".into()
                } else {
                    "website".into()
                },
            },
            entry: tpl::EntryView {
                articles_html: self.backlinks_html(&self.backlinks[i])?,
                author_path: (!self.authored[i].is_empty()).then(|| urls::author_page(&e.id)),
                entry: entry_ref(e),
                definition: e.definition_html.clone(),
                aliases: e.aliases.clone(),
                link: e.link.clone(),
                quotes: self.quotes_of[i].clone(),
                articles: self.backlinks[i]
                    .iter()
                    .map(|&ai| self.summary_values[ai].clone())
                    .collect(),
            },
        };
        put(
            sink,
            self.templates,
            &urls::entry_page(&e.id),
            "entry.html",
            &view,
        )
    }

    /// Joins `backlink.html` of the articles at these sorted positions.
    fn backlinks_html(&self, positions: &[usize]) -> Result<String, Error> {
        let parts = positions
            .iter()
            .map(|&ai| self.backlink(ai))
            .collect::<Result<Vec<&str>, Error>>()?;
        Ok(parts.concat())
    }

    /// An author's page, when a byline names the entry: it sits at an entry page's depth,
    /// so it shares the entry pages' backlinks.
    fn author(&self, i: usize, sink: &dyn Sink) -> Result<(), Error> {
        if self.authored[i].is_empty() {
            return Ok(());
        }
        let config = self.config;
        let e = &self.glossary.entries()[i];
        let view = tpl::AuthorPage {
            site: &self.site,
            page: PageMeta {
                root: urls::ENTRY_ROOT.into(),
                path: urls::author_page(&e.id),
                canonical: absolute(config, &urls::author_dir(&e.id)),
                title: format!("Articles by {} — {}", e.name, config.title),
                description: format!("Articles by {} in {}", e.name, config.title),
                has_code: false,
                json_ld: json_ld::author_page(config, e),
                og_type: "profile".into(),
            },
            author: tpl::AuthorView {
                entry: entry_ref(e),
                articles: self.authored[i]
                    .iter()
                    .map(|&ai| self.summary_values[ai].clone())
                    .collect(),
                articles_html: self.backlinks_html(&self.authored[i])?,
            },
        };
        put(
            sink,
            self.templates,
            &urls::author_page(&e.id),
            "author.html",
            &view,
        )
    }

    /// 404: served at any depth, so its links are absolute when base_url allows it.
    fn not_found(&self, sink: &dyn Sink) -> Result<(), Error> {
        let config = self.config;
        let nf_root = config.base_url.clone().unwrap_or_default();
        let nf = tpl::NotFoundPage {
            site: &self.site,
            page: PageMeta {
                root: nf_root,
                path: urls::NOT_FOUND.into(),
                canonical: None,
                title: format!("Page not found — {}", config.title),
                description: config.description.clone(),
                has_code: false,
                json_ld: "{}".into(),
                og_type: "website".into(),
            },
        };
        put(sink, self.templates, urls::NOT_FOUND, "404.html", &nf)
    }

    /// The URL paths of the author pages the site has, by id.
    fn author_dirs(&self) -> Vec<String> {
        let entries = self.glossary.entries();
        (0..entries.len())
            .filter(|&e| !self.authored[e].is_empty())
            .map(|e| urls::author_dir(&entries[e].id))
            .collect()
    }

    fn feeds(&self, sink: &dyn Sink) -> Result<(), Error> {
        let (config, entries) = (self.config, self.glossary.entries());
        if config.base_url.is_some() {
            let all_entries: Vec<String> = entries.iter().map(|e| urls::entry_dir(&e.id)).collect();
            let feed = tpl::FeedPage {
                site: &self.site,
                articles: &self.summary_values,
                updated: self.updated.clone(),
                entries: Vec::new(),
                pages: Vec::new(),
                authors: Vec::new(),
            };
            // Feed readers want the latest stories, not the archive.
            let latest = tpl::FeedPage {
                articles: &self.summary_values[..self.summary_values.len().min(FEED_LENGTH)],
                entries: Vec::new(),
                ..feed
            };
            put(sink, self.templates, urls::FEED, "atom.xml", &latest)?;
            let feed = tpl::FeedPage {
                articles: &self.summary_values,
                entries: all_entries,
                pages: self.pages.clone(),
                authors: self.author_dirs(),
                ..latest
            };
            put(sink, self.templates, urls::SITEMAP, "sitemap.xml", &feed)?;
        }

        Ok(())
    }
}

/// An entry of the glossary index, filed under the first letter or digit of its name
/// (`#` when it has none).
fn glossary_item(e: &GlossaryEntry, article_count: usize) -> tpl::GlossaryItem {
    let letter = e
        .name
        .chars()
        .find(|c| c.is_alphanumeric())
        .map(|c| c.to_uppercase().collect::<String>())
        .unwrap_or_else(|| "#".into());
    let anchor = crate::slug::slugify(&letter);
    tpl::GlossaryItem {
        entry: entry_ref(e),
        article_count,
        letter_anchor: if anchor.is_empty() {
            "other".into()
        } else {
            anchor
        },
        letter,
        first_of_letter: false,
    }
}

/// Marks the first item of each letter in items sorted A–Z; their letters, in order, for
/// the jump links.
fn first_of_letters(items: &mut [tpl::GlossaryItem]) -> Vec<tpl::Letter> {
    let mut letters: Vec<tpl::Letter> = Vec::new();
    for item in items {
        if letters.last().is_none_or(|l| l.letter != item.letter) {
            item.first_of_letter = true;
            letters.push(tpl::Letter {
                letter: item.letter.clone(),
                anchor: item.letter_anchor.clone(),
            });
        }
    }
    letters
}

/// Renders a template into a page of the sink.
fn put<T: serde::Serialize>(
    sink: &dyn Sink,
    templates: &tera::Tera,
    path: &str,
    template: &str,
    view: &T,
) -> Result<(), Error> {
    let mut page = Vec::new();
    tpl::render_into(templates, template, view, &mut page)?;
    sink.put(Page::bytes(path, page))
}

#[cfg(test)]
mod tests;
