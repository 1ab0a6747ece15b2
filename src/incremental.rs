//! `serve`'s incremental update: after a full build, an edit of one article file
//! re-renders its page with the build's own `render_article` and only the listing pages
//! whose declared content (`ListingPage::shows`) the edit changed.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::article::{self, Article};
use crate::body::Rendered;
use crate::content;
use crate::diagnostic::{self, Diagnostic};
use crate::error::Error;
use crate::model::Via;
use crate::pages::article_page::ArticlePages;
use crate::pages::listing::{ArticleChange, Listing, ListingPage};
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
    /// How many articles the site has.
    pub fn articles(&self) -> usize {
        self.built.articles.len()
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

    /// Where a new file at `path` (canonical) stands in the site, as discovery would name
    /// it: below content/, an `.md` file, no hidden or private name on the way. None
    /// when a build would not read it.
    fn article_path(&self, path: &Path) -> Option<PathBuf> {
        let content = self.opts.root.join("content");
        let rel = path.strip_prefix(canonical(&content)).ok()?;
        let readable = rel.extension().is_some_and(|x| x == "md")
            && rel
                .components()
                .all(|c| !crate::walk::Folder::Content.skips(&c.as_os_str().to_string_lossy()));
        readable.then(|| content.join(rel))
    }

    /// Rebuilds only what a change to one article file changes: its page, and the listing
    /// pages that show something of it that changed. The file may be new, edited,
    /// deleted, or made a draft.
    ///
    /// `Ok(None)` means the change reaches further (a glossary entry defined or changed
    /// in the article, a URL another article has): rebuild the whole site. Content errors
    /// come back as [`Error::Content`] and leave the model as it was.
    pub fn update(&mut self, path: &Path) -> Result<Option<Update>, Error> {
        self.index_paths();
        let wanted = canonical(path);
        let named = self.article_path(&wanted);
        let built = &self.built;
        // A link to an article is indexed by its target; once the link is gone, only the
        // path discovery gave it names it.
        let idx = self.by_path.get(&wanted).copied().or_else(|| {
            let named = named.as_ref()?;
            built.articles.iter().position(|a| &a.disk_path == named)
        });
        let disk_path = match (idx, named) {
            (Some(i), _) => built.articles[i].disk_path.clone(),
            (None, Some(p)) => p,
            // In content/ but not read by a build (a hidden or private name, not .md).
            (None, None) if wanted.starts_with(canonical(&self.opts.root.join("content"))) => {
                return Ok(Some(Update::default()));
            }
            (None, None) => return Ok(None),
        };
        let root = &self.opts.root;
        // What the file holds now: None when it is gone, or a draft this site leaves out.
        let parsed = if disk_path.is_file() {
            match content::parse_articles(root, std::slice::from_ref(&disk_path)).pop() {
                Some(Ok(p)) => (!p.front.draft || self.opts.drafts).then_some(p),
                Some(Err(problems)) => return Err(Error::Content(problems)),
                None => return Ok(None),
            }
        } else {
            None
        };
        if idx.is_none() && parsed.is_none() {
            // Not part of the site before or after (a draft, a file that came and went),
            // unless its folder's articles are gone with it.
            if !disk_path.exists() && self.has_articles_under(path) {
                return Ok(None);
            }
            return Ok(Some(Update::default()));
        }
        let no_entries = BTreeMap::new();
        let own_before = idx.map_or(&no_entries, |i| &built.articles[i].own_entries);
        let own_now = parsed.as_ref().map_or(&no_entries, |p| &p.front.glossary);
        if own_before != own_now {
            return Ok(None);
        }

        let sink = MemorySink::default();
        let mut diags = Vec::new();
        let new = match parsed {
            Some(parsed) => {
                let article =
                    article::validate_article(parsed, &built.glossary, &built.config, &mut diags);
                if built
                    .articles
                    .iter()
                    .enumerate()
                    .any(|(i, o)| Some(i) != idx && o.url_path == article.url_path)
                {
                    return Ok(None); // the full build reports the collision with both places
                }
                let pages = ArticlePages::new(&built.config, &built.glossary, &built.templates);
                let write = !diags.iter().any(Diagnostic::is_error);
                let r = pages.render_article(&article, write, None, &sink)?;
                diags.extend(r.problems);
                diagnostic::sort(&mut diags);
                if diags.iter().any(Diagnostic::is_error) {
                    return Err(Error::Content(diags));
                }
                Some((article, r.rendered))
            }
            None => None,
        };

        let old = idx.map(|i| (&built.articles[i], &built.rendered[i]));
        let change = change(old, new.as_ref().map(|(a, r)| (a, r)));
        let mut removed = match (old, &new) {
            (Some((o, _)), Some((n, _))) if o.url_path == n.url_path => Vec::new(),
            (Some((o, _)), _) => vec![o.page_path()],
            (None, _) => Vec::new(),
        };
        let css_before = site::needs_highlight_css(root, &built.rendered);
        let built = &mut self.built;
        match (idx, new) {
            (Some(i), Some((article, r))) => {
                if change.summary {
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
            (None, None) => unreachable!("returned above"),
        }
        let css_after = site::needs_highlight_css(root, &built.rendered);
        if css_after && !css_before {
            sink.put(Page::bytes(
                urls::HIGHLIGHT_CSS,
                crate::body::highlight::theme_css(),
            ))?;
        }
        if css_before && !css_after {
            removed.push(urls::HIGHLIGHT_CSS.into());
        }

        let touched: Vec<ListingPage> = ListingPage::all(built.glossary.entries().len())
            .filter(|page| page.shows().touched_by(&change))
            .collect();
        if !touched.is_empty() {
            let listing = Listing::new(
                &built.config,
                &built.glossary,
                &built.templates,
                &built.articles,
                &built.rendered,
                &built.cache,
            );
            listing.render(touched, &sink)?;
        }
        Ok(Some(Update {
            pages: sink.into_pages(),
            removed,
            warnings: diags,
        }))
    }
}

/// What an edit changed of what listing pages show, from the article before and after.
fn change(old: Option<(&Article, &Rendered)>, now: Option<(&Article, &Rendered)>) -> ArticleChange {
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
    let (before, after) = (mentions(old), mentions(now));
    ArticleChange {
        summary: old.map(|(a, _)| a.summary()) != now.map(|(a, _)| a.summary()),
        mentions: before.symmetric_difference(&after).copied().collect(),
        mentioned: before.union(&after).copied().collect(),
        quotes: quotes(old) != quotes(now),
        speakers: old
            .into_iter()
            .chain(now)
            .flat_map(|(a, _)| a.quotes.iter().map(|q| q.speaker))
            .collect(),
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
