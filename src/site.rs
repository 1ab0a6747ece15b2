//! The build: wires the stages in order and collects every diagnostic from every file.
//!
//! discover and read ([`content`]) → front matter ([`front`]) → glossary ([`glossary`]) →
//! validate ([`article`]) → bodies and article pages ([`pages::article_page`]) → the copy desk
//! ([`lint`], `check` only) → listing pages ([`pages::listing`]) → static files. Pages go
//! to a [`Sink`]: memory, the output folder, or what `check`'s link check needs of them.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::article::{self, Article};
use crate::body::Rendered;
use crate::check::lint;
use crate::content::{self, SiteConfig};
use crate::diagnostic::{self, Diagnostic};
use crate::error::Error;
use crate::front::EntryOrigin;
use crate::glossary::Glossary;
use crate::pages::article_page::{ArticlePages, RenderedArticle};
use crate::pages::listing::{Listing, ListingCache, ListingPage};
use crate::sink::{Page, PageBody, Sink};
use crate::timer::StageTimer;
use crate::walk::{self, Folder};
use crate::{templates, urls};

/// What to build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site folder (holding content/, templates/, static/).
    pub root: PathBuf,
    /// Build drafts too.
    pub drafts: bool,
    /// Run the copy desk (`check`): style warnings, unused entries, broken links.
    pub lint: bool,
}

/// A site built: what its pages were made from, kept by `serve` to rebuild what an edit
/// changes ([`incremental`](crate::incremental)).
pub(crate) struct Built {
    pub(crate) config: SiteConfig,
    pub(crate) glossary: Glossary,
    pub(crate) templates: tera::Tera,
    pub(crate) articles: Vec<Article>,
    pub(crate) rendered: Vec<Rendered>,
    /// Each article's summary and `backlink.html`, kept between updates.
    pub(crate) cache: ListingCache,
    /// Warnings met (the build succeeded).
    pub(crate) warnings: Vec<Diagnostic>,
    /// With the copy desk: each article's links, each with where it stands.
    pub(crate) links: Vec<Vec<(String, crate::diagnostic::Location)>>,
}

/// Reads, validates and renders the whole site into `sink`. Content problems come back as
/// [`Error::Content`] with every diagnostic of every file.
pub(crate) fn generate(opts: &BuildOptions, sink: &dyn Sink) -> Result<Built, Error> {
    let root = &opts.root;
    if !root.join("content").is_dir() {
        return Err(Error::Usage(format!(
            "{} has no content/ folder: run this in a site folder, pass --root DIR, or start a site with `explainer new DIR`",
            root.display()
        )));
    }
    let timer = StageTimer::new();
    // The site's own files and the articles are read at the same time: a large
    // glossary.yaml takes as long to parse as thousands of front matters.
    let ((config, mut raw_entries, mut diags), (articles_read, found)) = rayon::join(
        || {
            let mut diags = Vec::new();
            let config = content::load_config(root, &mut diags);
            let entries = content::load_glossary_file(root, &mut diags);
            (config, entries, diags)
        },
        || {
            let mut found = Vec::new();
            let paths = content::discover(root, &mut found);
            (content::parse_articles(root, &paths), found)
        },
    );
    diags.extend(found);
    let mut parsed = Vec::with_capacity(articles_read.len());
    for result in articles_read {
        match result {
            Ok(a) if a.front.draft && !opts.drafts => {}
            Ok(a) => parsed.push(a),
            Err(problems) => diags.extend(problems),
        }
    }
    for a in &parsed {
        for (id, entry) in &a.front.glossary {
            raw_entries.push((
                id.clone(),
                entry.clone(),
                EntryOrigin {
                    place: a.place.clone(),
                    prefix: vec!["glossary".into(), id.clone()],
                },
            ));
        }
    }
    if parsed.iter().any(|a| a.may_have_code) {
        crate::body::highlight::preload();
    }
    timer.mark("read and parse articles");
    let glossary = Glossary::build(raw_entries, &mut diags);
    timer.mark("glossary");
    let (articles, found): (Vec<Article>, Vec<Vec<Diagnostic>>) = parsed
        .into_par_iter()
        .map(|p| {
            let mut found = Vec::new();
            (
                article::validate_article(p, &glossary, &config, &mut found),
                found,
            )
        })
        .unzip();
    diags.extend(found.into_iter().flatten());
    article::check_collisions(&articles, &mut diags);
    timer.mark("validate articles");
    let templates = templates::load(root)?;
    timer.mark("load templates");

    // Each article's page is written as soon as it renders, so only what the rest of the
    // site needs (mentions, quotes) stays in memory. A page written before an error is
    // found elsewhere is harmless: the caller discards everything on error.
    let pages = ArticlePages::new(&config, &glossary, &templates);
    let desk = opts.lint.then(|| {
        let bylines = articles.iter().flat_map(|a| a.authors.iter());
        lint::CopyDesk::new(&glossary, bylines.map(String::as_str))
    });
    let write = !diags.iter().any(Diagnostic::is_error);
    let results: Vec<Result<RenderedArticle, Error>> = articles
        .par_iter()
        .map(|a| pages.render_article(a, write, desk.as_ref(), sink))
        .collect();
    drop((pages, desk));
    let mut rendered = Vec::with_capacity(results.len());
    let mut links = Vec::new();
    for result in results {
        let r = result?;
        diags.extend(r.problems);
        rendered.push(r.rendered);
        if opts.lint {
            links.push(r.links);
        }
    }
    if opts.lint {
        lint::unused_entries(&rendered, &glossary, &mut diags);
    }
    timer.mark("render and write articles");
    diagnostic::sort(&mut diags);
    if diags.iter().any(Diagnostic::is_error) {
        return Err(Error::Content(diags));
    }

    let cache = ListingCache::new(&articles);
    let listing = Listing::new(&config, &glossary, &templates, &articles, &rendered, &cache);
    timer.mark("prepare the listings");
    listing.render(ListingPage::all(glossary.entries().len()).collect(), sink)?;
    drop(listing);
    if needs_highlight_css(root, &rendered) {
        sink.put(Page::bytes(
            urls::HIGHLIGHT_CSS,
            crate::body::highlight::theme_css(),
        ))?;
    }
    put_static_files(root, sink)?;
    timer.mark("index, glossary and entry pages");
    Ok(Built {
        config,
        glossary,
        templates,
        articles,
        rendered,
        cache,
        warnings: diags,
        links,
    })
}

/// True when the site needs the generated highlight.css: some article has code, and
/// static/ has no highlight.css of its own (which would replace it).
pub(crate) fn needs_highlight_css(root: &Path, rendered: &[Rendered]) -> bool {
    rendered.iter().any(|r| r.has_code) && !root.join("static").join(urls::HIGHLIGHT_CSS).is_file()
}

/// The theme's static files, and the site's static/ (which replaces a built-in file of the
/// same name).
fn put_static_files(root: &Path, sink: &dyn Sink) -> Result<(), Error> {
    let own = static_files(root)?;
    for (name, bytes) in crate::theme::STATIC {
        if !own.iter().any(|p| p.path == *name) {
            sink.put(Page::bytes(*name, *bytes))?;
        }
    }
    for page in own {
        sink.put(page)?;
    }
    Ok(())
}

fn static_files(root: &Path) -> Result<Vec<Page>, Error> {
    let files = walk::files_or_error(root, Folder::Static)?;
    Ok(files
        .into_iter()
        .map(|f| Page {
            path: f.rel,
            body: PageBody::Copy(f.path),
        })
        .collect())
}
