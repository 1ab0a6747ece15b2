//! `serve`'s incremental update: after a full build, an edit of one article file
//! re-renders its page with the build's own `render_article` and only the listing pages
//! whose declared content (`ListingPage::shows`) the edit changed.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::article::{self, Article};
use crate::body::Rendered;
use crate::content::{self, ParsedArticle};
use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::model::Via;
use crate::pages::article_page::ArticlePages;
use crate::pages::listing::{ArticleChange, ListingPage};
use crate::sink::{MemorySink, Page, Sink};
use crate::site::{self, BuildOptions, Built};
use crate::urls;

/// A built site, kept by `serve`: what the pages were made from.
pub struct Model {
    opts: BuildOptions,
    /// Canonical file path → article index, made on the first update.
    by_path: HashMap<PathBuf, usize>,
    built: Built,
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Model")
            .field("articles", &self.built.articles.len())
            .finish()
    }
}

/// The pages an incremental rebuild changed.
#[derive(Debug, Default)]
pub struct Update {
    /// Pages written again.
    pub pages: Vec<Page>,
    /// Pages that no longer exist (an article whose URL changed).
    pub removed: Vec<String>,
    /// Warnings met.
    pub warnings: Vec<Diagnostic>,
}

/// Builds the whole site into memory, keeping what was built so that one edited article
/// can be rebuilt alone ([`Model::update`]). The pages come back sorted by path.
pub fn build_model(opts: &BuildOptions) -> Result<(Vec<Page>, Vec<Diagnostic>, Model), Error> {
    let sink = MemorySink::default();
    let mut built = site::generate(opts, &sink)?;
    let warnings = std::mem::take(&mut built.warnings);
    let model = Model {
        opts: opts.clone(),
        by_path: HashMap::new(),
        built,
    };
    Ok((sink.into_pages(), warnings, model))
}

impl Model {
    /// How many articles (stories) the site has.
    pub fn articles(&self) -> usize {
        self.built.articles.iter().filter(|a| a.is_listed()).count()
    }

    /// How many pages (`layout: page`) the site has.
    pub fn pages(&self) -> usize {
        self.built.articles.len() - self.articles()
    }

    /// Indexes the articles by their canonical path (done once; `serve` does it right after
    /// a build, so the first edit does not pay for it).
    pub fn index_paths(&mut self) {
        if self.by_path.is_empty() {
            self.by_path = self
                .built
                .articles
                .par_iter()
                .enumerate()
                .map(|(i, a)| (canonical(&a.disk_path), i))
                .collect();
        }
    }

    /// True when an article of the site is `path` or lies below it (a folder that is gone
    /// held articles).
    pub fn has_articles_under(&mut self, path: &Path) -> bool {
        self.index_paths();
        let path = canonical(path);
        self.by_path.keys().any(|p| p.starts_with(&path))
    }

    /// Rebuilds only what a change to one article file changes: its page, and the listing
    /// pages that show something of it that changed. The file may be new, edited,
    /// deleted, or made a draft.
    ///
    /// `Ok(None)` means the change reaches further (a glossary entry defined or changed
    /// in the article, a URL another article has): rebuild the whole site. Content errors
    /// come back as [`Error::Content`] and leave the model as it was.
    pub fn update(&mut self, path: &Path) -> Result<Option<Update>, Error> {
        match self.patch(path) {
            Ok(update) => Ok(Some(update)),
            Err(Stop::Unchanged) => Ok(Some(Update::default())),
            Err(Stop::Rebuild) => Ok(None),
            Err(Stop::Failed(e)) => Err(e),
        }
    }

    /// The work of [`Model::update`]; each way it ends before patching the site is a
    /// [`Stop`].
    fn patch(&mut self, path: &Path) -> Result<Update, Stop> {
        self.index_paths();
        let wanted = canonical(path);
        let (idx, disk_path) = self.locate(&wanted)?;
        let parsed = self.read_now(&disk_path)?;
        if idx.is_none() && parsed.is_none() {
            // Not part of the site before or after (a draft, a file that came and went),
            // unless its folder's articles are gone with it.
            if !disk_path.exists() && self.has_articles_under(path) {
                return Err(Stop::Rebuild);
            }
            return Err(Stop::Unchanged);
        }
        let before = idx.map(|i| &self.built.articles[i]);
        if own_entries_changed(before, parsed.as_ref()) || aliases_changed(before, parsed.as_ref())
        {
            return Err(Stop::Rebuild);
        }

        if parsed.is_none() && reaches_other_links(&self.built, before, None) {
            return Err(Stop::Rebuild);
        }
        let sink = MemorySink::default();
        let (new, warnings) = match parsed {
            Some(parsed) => {
                let (article, rendered, warnings) = self.render_now(parsed, idx, &sink)?;
                (Some((article, rendered)), warnings)
            }
            None => (None, Vec::new()),
        };
        let built = &self.built;
        let old = idx.map(|i| (&built.articles[i], &built.rendered[i]));
        let new_ref = new.as_ref().map(|(a, r)| (a, r));
        if menu_link_moved(
            &built.config.menu,
            old.map(|(a, _)| a),
            new_ref.map(|(a, _)| a),
        ) || linked_headings_changed(built, old, new_ref)
        {
            return Err(Stop::Rebuild);
        }
        let change = change(old, new.as_ref().map(|(a, r)| (a, r)));
        let mut removed = moved_away(old.map(|(a, _)| a), new.as_ref().map(|(a, _)| a));
        let css_before = site::needs_highlight_css(&self.opts.root, &built.rendered);
        self.apply(idx, new, change.summary, wanted);
        let css_after = site::needs_highlight_css(&self.opts.root, &self.built.rendered);
        if css_after && !css_before {
            site::put_highlight_css(&sink)?;
        }
        if css_before && !css_after {
            removed.push(urls::HIGHLIGHT_CSS.into());
        }
        self.render_listings(&change, &sink)?;
        removed.extend(self.authors_gone(&change));
        Ok(Update {
            pages: sink.into_pages(),
            removed,
            warnings,
        })
    }

    /// Which article of the model a changed file is (its index, or None for a file new
    /// to the site), and where it stands on disk as discovery named it.
    fn locate(&self, wanted: &Path) -> Result<(Option<usize>, PathBuf), Stop> {
        let named = article_path(&self.opts.root, wanted);
        let articles = &self.built.articles;
        // A link to an article is indexed by its target; once the link is gone, only the
        // path discovery gave it names it.
        let idx = self.by_path.get(wanted).copied().or_else(|| {
            let named = named.as_ref()?;
            articles.iter().position(|a| &a.disk_path == named)
        });
        match (idx, named) {
            (Some(i), _) => Ok((Some(i), articles[i].disk_path.clone())),
            (None, Some(p)) => Ok((None, p)),
            // In content/ but not read by a build (a hidden or private name, not .md).
            (None, None) if wanted.starts_with(canonical(&self.opts.root.join("content"))) => {
                Err(Stop::Unchanged)
            }
            (None, None) => Err(Stop::Rebuild),
        }
    }

    /// What the file holds now: None when it is gone, or a draft (or a scheduled or
    /// expired article) this site leaves out, as the build that made the model did.
    fn read_now(&self, disk_path: &Path) -> Result<Option<ParsedArticle>, Stop> {
        if !disk_path.is_file() {
            return Ok(None);
        }
        let root = &self.opts.root;
        match content::parse_articles(root, std::slice::from_ref(&disk_path.to_path_buf())).pop() {
            Some(Ok(p)) => {
                let kept = site::left_out(&p, &self.opts, self.built.now).is_none();
                Ok(kept.then_some(p))
            }
            Some(Err(problems)) => Err(Stop::Failed(Error::Content(problems))),
            None => Err(Stop::Rebuild),
        }
    }

    /// Validates and renders the article as it is now (article `idx` before, if any),
    /// putting its page into `sink`: the article, its body's findings and its warnings.
    fn render_now(
        &self,
        parsed: ParsedArticle,
        idx: Option<usize>,
        sink: &dyn Sink,
    ) -> Result<(Article, Rendered, Vec<Diagnostic>), Stop> {
        let built = &self.built;
        let mut diags = Vec::new();
        let article = article::validate_article(parsed, &built.glossary, &built.config, &mut diags);
        if url_taken(&built.articles, idx, &article.page_path()) {
            return Err(Stop::Rebuild); // the full build reports the collision with both places
        }
        let old = idx.map(|i| &built.articles[i]);
        if reaches_other_links(built, old, Some(&article)) {
            return Err(Stop::Rebuild);
        }
        let mut sources = built.sources.clone();
        sources.set(&article.source_path, Some(&article.url_path));
        let pages = ArticlePages::new(
            &built.config,
            &built.glossary,
            &built.templates,
            &sources,
            &built.bundles.images,
        );
        let one = std::slice::from_ref(&article);
        let elsewhere = |source: &str| {
            let i = built
                .articles
                .iter()
                .position(|a| a.source_path == source)?;
            Some(built.rendered[i].anchors.as_slice())
        };
        let mut done = site::render_articles(pages, None, one, diags, sink, &elsewhere)?;
        let rendered = done.rendered.pop().unwrap_or_default();
        Ok((article, rendered, done.warnings))
    }

    /// Puts the article as it is now into the model: in place of article `idx`, added
    /// at the end, or (`new` None) deleted. `summary`: its summary changed.
    fn apply(
        &mut self,
        idx: Option<usize>,
        new: Option<(Article, Rendered)>,
        summary: bool,
        wanted: PathBuf,
    ) {
        let built = &mut self.built;
        if let Some(i) = idx {
            built.sources.set(&built.articles[i].source_path, None);
        }
        if let Some((article, _)) = &new {
            built
                .sources
                .set(&article.source_path, Some(&article.url_path));
        }
        match (idx, new) {
            (Some(i), Some((article, r))) => {
                if summary {
                    built.cache.replace(i, &article);
                }
                built.articles[i] = article;
                built.rendered[i] = r;
            }
            (None, Some((article, r))) => {
                // Appended: every list sorts the articles itself.
                built.cache.push(&article);
                self.by_path.insert(wanted, built.articles.len());
                built.articles.push(article);
                built.rendered.push(r);
            }
            (Some(i), None) => {
                built.articles.remove(i);
                built.rendered.remove(i);
                built.cache.remove(i);
                self.by_path.retain(|_, j| *j != i);
                for j in self.by_path.values_mut() {
                    if *j > i {
                        *j -= 1;
                    }
                }
            }
            (None, None) => unreachable!("an update with no article before or after stops early"),
        }
    }

    /// The author pages of the people the edited article's byline names, before or after,
    /// whom no listed article's byline names now (a page's byline makes no author page).
    fn authors_gone(&self, change: &ArticleChange) -> Vec<String> {
        let built = &self.built;
        change
            .authored
            .iter()
            .filter(|e| {
                !built
                    .articles
                    .iter()
                    .any(|a| a.is_listed() && a.author_entries.contains(e))
            })
            .map(|&e| urls::author_page(&built.glossary.entries()[e].id))
            .collect()
    }

    /// Renders the listing pages the change touches into `sink`.
    fn render_listings(&self, change: &ArticleChange, sink: &dyn Sink) -> Result<(), Error> {
        let built = &self.built;
        let touched = touched_pages(built.glossary.entries().len(), change);
        if touched.is_empty() {
            return Ok(());
        }
        built.listing().render(touched, sink)
    }
}

/// How [`Model::update`] ends before it patches the site.
enum Stop {
    /// Nothing the site shows changed (a file a build does not read).
    Unchanged,
    /// The change reaches further than one article: rebuild the whole site.
    Rebuild,
    /// A content error in the article, or a page that failed to render.
    Failed(Error),
}

impl From<Error> for Stop {
    fn from(e: Error) -> Self {
        Stop::Failed(e)
    }
}

/// True when the glossary entries the article defines changed (it was added or deleted
/// with some, or they were edited): the whole site's glossary changes with them.
fn own_entries_changed(before: Option<&Article>, now: Option<&ParsedArticle>) -> bool {
    let none = BTreeMap::new();
    let before = before.map_or(&none, |a| &a.own_entries);
    let now = now.map_or(&none, |p| &p.front.glossary);
    before != now
}

/// True when the article's `aliases` changed (it was added or deleted with some, or they
/// were edited). The whole site is rebuilt then rather than patched: the aliases of every
/// article and the static files decide whether they collide, and `_redirects` lists all.
fn aliases_changed(before: Option<&Article>, now: Option<&ParsedArticle>) -> bool {
    let before: Vec<&str> = before.map_or(Vec::new(), |a| {
        a.aliases.iter().map(|x| x.written.as_str()).collect()
    });
    let now: Vec<&str> = now.map_or(Vec::new(), |p| {
        p.front.aliases.iter().map(String::as_str).collect()
    });
    before != now
}

/// True when the article's page or its redirect pages (article `idx`) would take another
/// article's page or redirect page: `page` is its page.
fn url_taken(articles: &[Article], idx: Option<usize>, page: &str) -> bool {
    articles.iter().enumerate().any(|(i, o)| {
        Some(i) != idx && (o.page_path() == page || o.aliases.iter().any(|x| x.page == page))
    })
}

/// True when the edit moves where a link by source file leads, in an article other than
/// this one: the article was added, deleted or given another URL path while another
/// article links to its source path, or it has aliases and moved or was retitled (their
/// pages redirect to it and name it). The whole site is rebuilt then, so that every page links where a build would.
fn reaches_other_links(built: &Built, old: Option<&Article>, now: Option<&Article>) -> bool {
    // Its redirect pages show its title and lead to its page.
    fn redirected(a: &Article) -> (usize, &str, &str) {
        (a.aliases.len(), &a.title, &a.url_path)
    }
    if old.is_some_and(|a| !a.aliases.is_empty()) && old.map(redirected) != now.map(redirected) {
        return true;
    }
    if old.map(|a| &a.url_path) == now.map(|a| &a.url_path) {
        return false;
    }
    let Some(source) = old.or(now).map(|a| a.source_path.as_str()) else {
        return false;
    };
    built
        .articles
        .iter()
        .zip(&built.rendered)
        .any(|(a, r)| a.source_path != source && r.findings.sources.iter().any(|s| s == source))
}

/// True when the article's headings changed and another article links to it by source
/// file: a link to a heading may now lead to none, which the full build reports.
fn linked_headings_changed(
    built: &Built,
    old: Option<(&Article, &Rendered)>,
    new: Option<(&Article, &Rendered)>,
) -> bool {
    let Some((a, before)) = old else {
        return false;
    };
    let source = a.source_path.as_str();
    new.map(|(_, r)| &r.anchors) != Some(&before.anchors)
        && built
            .articles
            .iter()
            .zip(&built.rendered)
            .any(|(other, r)| {
                other.source_path != source && r.findings.sources.iter().any(|s| s == source)
            })
}

/// True when the menu links to the article and its URL changed, or it is gone: the menu
/// is on every page (and a build with a page gone from the menu fails).
fn menu_link_moved(
    menu: &[crate::menu::MenuItem],
    old: Option<&Article>,
    new: Option<&Article>,
) -> bool {
    let linked = |a: Option<&Article>| a.is_some_and(|a| crate::menu::names(menu, a));
    (linked(old) || linked(new)) && old.map(|a| &a.url_path) != new.map(|a| &a.url_path)
}

/// The page the article no longer has: its old one, when it was deleted or its URL
/// changed.
fn moved_away(old: Option<&Article>, new: Option<&Article>) -> Vec<String> {
    match (old, new) {
        (Some(o), Some(n)) if o.url_path == n.url_path => Vec::new(),
        (Some(o), _) => vec![o.page_path()],
        (None, _) => Vec::new(),
    }
}

/// The listing pages of a site with `entries` glossary entries that a change touches.
fn touched_pages(entries: usize, change: &ArticleChange) -> Vec<ListingPage> {
    ListingPage::all(entries)
        .filter(|page| page.shows().touched_by(change))
        .collect()
}

/// Where a new file at `path` (canonical) stands in the site of `root`, as discovery
/// would name it: below content/, an `.md` file, no hidden or private name on the way.
/// None when a build would not read it.
fn article_path(root: &Path, path: &Path) -> Option<PathBuf> {
    let content = root.join("content");
    let rel = path.strip_prefix(canonical(&content)).ok()?;
    let readable = rel.extension().is_some_and(|x| x == "md")
        && rel
            .components()
            .all(|c| !crate::walk::Folder::Content.skips(&c.as_os_str().to_string_lossy()));
    readable.then(|| content.join(rel))
}

/// What an edit changed of what listing pages show, from the article before and after.
/// A page (`layout: page`) shows only its URL, in the sitemap: its mentions and quotes
/// count nowhere, so a story made a page leaves every list it was in.
fn change(old: Option<(&Article, &Rendered)>, now: Option<(&Article, &Rendered)>) -> ArticleChange {
    let in_lists = |x: Option<(&Article, &Rendered)>| {
        x.map(|(a, _)| (a.is_listed().then(|| a.summary()), a.url_path.clone()))
    };
    let summary = in_lists(old) != in_lists(now);
    let (old, now) = (
        old.filter(|(a, _)| a.is_listed()),
        now.filter(|(a, _)| a.is_listed()),
    );
    let mentions = |x: Option<(&Article, &Rendered)>| -> BTreeSet<usize> {
        x.map(|(_, r)| r.findings.mentioned.iter().copied().collect())
            .unwrap_or_default()
    };
    // Who said what, and who reported it: what a speaker's page shows of each quote.
    let quotes = |x: Option<(&Article, &Rendered)>| -> Vec<(usize, Option<Via>, Option<String>)> {
        x.map(|(a, r)| {
            a.quotes
                .iter()
                .zip(&r.findings.quote_texts)
                .map(|(q, t)| (q.speaker, q.via.clone(), t.clone()))
                .collect()
        })
        .unwrap_or_default()
    };
    let bylines = |x: Option<(&Article, &Rendered)>| -> BTreeSet<usize> {
        x.map(|(a, _)| a.author_entries.iter().copied().collect())
            .unwrap_or_default()
    };
    let (was, is) = (bylines(old), bylines(now));
    let (before, after) = (mentions(old), mentions(now));
    ArticleChange {
        summary,
        mentions: before.symmetric_difference(&after).copied().collect(),
        mentioned: before.union(&after).copied().collect(),
        quotes: quotes(old) != quotes(now),
        speakers: old
            .into_iter()
            .chain(now)
            .flat_map(|(a, _)| a.quotes.iter().map(|q| q.speaker))
            .collect(),
        authors: was.symmetric_difference(&is).copied().collect(),
        authored: was.union(&is).copied().collect(),
    }
}

/// A path as the model indexes articles: canonical, or, for a file that is gone, its
/// folder made canonical and its name added.
fn canonical(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| {
        match (path.parent().map(Path::canonicalize), path.file_name()) {
            (Some(Ok(parent)), Some(name)) => parent.join(name),
            _ => path.to_path_buf(),
        }
    })
}

#[cfg(test)]
mod tests;
