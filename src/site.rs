//! The build: wires the stages in order and collects every diagnostic from every file.
//!
//! discover and read ([`content`]) → front matter ([`front`]) → glossary ([`glossary`]) →
//! validate ([`article`]) → bodies and article pages ([`pages::article_page`]) → the copy desk
//! ([`lint`], `check` only) → listing pages ([`pages::listing`]) → static files. Pages go
//! to a [`Sink`]: memory, the output folder, or what `check`'s link check needs of them.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::article::sources::ArticleSources;
use crate::article::{self, Article};
use crate::body::Rendered;
use crate::check::lint;
use crate::content::{self, ParsedArticle, SiteConfig};
use crate::diagnostic::{self, Diagnostic};
use crate::error::Error;
use crate::front::{EntryOrigin, RawEntry, Seg};
use crate::glossary::{Glossary, LeftOut, Withheld};
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
    /// Build scheduled articles too (a `date` still to come).
    pub future: bool,
    /// Build expired articles too (an `expires` that has passed).
    pub expired: bool,
}

/// A site built: what its pages were made from, kept by `serve` to rebuild what an edit
/// changes ([`incremental`](crate::incremental)).
pub(crate) struct Built {
    pub(crate) config: SiteConfig,
    pub(crate) glossary: Glossary,
    pub(crate) templates: tera::Tera,
    pub(crate) articles: Vec<Article>,
    /// Each article's source path and URL path, for links by source file.
    pub(crate) sources: ArticleSources,
    /// The page bundles' files and the images the bodies may use.
    pub(crate) bundles: crate::bundles::Bundles,
    pub(crate) rendered: Vec<Rendered>,
    /// Each article's summary and `backlink.html`, kept between updates.
    pub(crate) cache: ListingCache,
    /// Warnings met (the build succeeded).
    pub(crate) warnings: Vec<Diagnostic>,
    /// With the copy desk: each article's links, each with where it stands.
    pub(crate) links: Vec<Vec<(String, crate::diagnostic::Location)>>,
    /// The build's now (seconds since 1970): what scheduling compared against.
    pub(crate) now: i64,
}

impl Built {
    /// What the listing pages are made from, for the whole build or one update.
    pub(crate) fn listing(&self) -> Listing<'_> {
        Listing::new(
            &self.config,
            &self.glossary,
            &self.templates,
            &self.articles,
            &self.rendered,
            &self.cache,
        )
    }
}

/// Reads, validates and renders the whole site into `sink`. Content problems come back as
/// [`Error::Content`] with every diagnostic of every file.
pub(crate) fn generate(opts: &BuildOptions, sink: &dyn Sink) -> Result<Built, Error> {
    let root = &opts.root;
    require_content_folder(root)?;
    let now = crate::clock::now().map_err(Error::Usage)?;
    let timer = StageTimer::new();
    let SiteFiles {
        config,
        entries,
        parsed,
        withheld,
        left_out,
        mut diags,
    } = read_site(opts, now);
    timer.mark("read and parse articles");
    let mut glossary = Glossary::build(entries, &mut diags);
    for (id, why) in withheld {
        glossary.withhold(&id, why);
    }
    timer.mark("glossary");
    let mut config = config;
    let articles = validate_articles(parsed, &glossary, &config, &mut diags);
    article::check_collisions(&articles, &mut diags);
    if articles.iter().any(|a| !a.aliases.is_empty()) {
        let statics = walk::files(root, Folder::Static).0;
        let statics = statics.into_iter().map(|f| f.rel).collect();
        article::redirects::check_aliases(&articles, &statics, &mut diags);
    }
    let mut sources = ArticleSources::new(&articles);
    for (source, why) in left_out {
        sources.leave_out(source, why);
    }
    let bundles = crate::bundles::collect(root, &articles, &mut diags);
    config.menu_links = crate::menu::resolve(&config.menu, &articles, &sources, &mut diags);
    timer.mark("validate articles");
    let templates = templates::load(root)?;
    timer.mark("load templates");

    // Each article's page is written as soon as it renders, so only what the rest of the
    // site needs (mentions, quotes) stays in memory. A page written before an error is
    // found elsewhere is harmless: the caller discards everything on error.
    let pages = ArticlePages::new(&config, &glossary, &templates, &sources, &bundles.images);
    let desk = opts.lint.then(|| {
        let bylines = articles.iter().flat_map(|a| a.authors.iter());
        lint::CopyDesk::new(&glossary, bylines.map(String::as_str))
            .with_large_image(config.large_image)
    });
    let done = render_articles(pages, desk, &articles, diags, sink, &|_| None)?;
    timer.mark("render and write articles");

    let built = Built {
        cache: ListingCache::new(&articles),
        config,
        glossary,
        templates,
        articles,
        sources,
        bundles,
        rendered: done.rendered,
        warnings: done.warnings,
        links: done.links,
        now,
    };
    put_listings_and_files(root, &built, sink, &timer)?;
    timer.mark("index, glossary and entry pages");
    Ok(built)
}

/// A site folder holds content/; anything else is most likely the wrong folder.
fn require_content_folder(root: &Path) -> Result<(), Error> {
    if root.join("content").is_dir() {
        return Ok(());
    }
    Err(Error::Usage(format!(
        "{} has no content/ folder: run this in a site folder, pass --root DIR, or start a site with `explainer new DIR`",
        root.display()
    )))
}

/// What the site's files hold before the glossary is built: its settings, every glossary
/// entry (glossary.yaml's, then the articles' own), the articles this build takes, and
/// the problems met reading them.
struct SiteFiles {
    config: SiteConfig,
    entries: Vec<(String, RawEntry, EntryOrigin)>,
    parsed: Vec<ParsedArticle>,
    /// Ids defined only in the files left out (drafts, files that failed to parse).
    withheld: Vec<(String, Withheld)>,
    /// The article files left out, by source path, and why.
    left_out: Vec<(String, LeftOut)>,
    diags: Vec<Diagnostic>,
}

/// Reads site.yaml, glossary.yaml and every article's front matter; drafts, scheduled
/// and expired articles are left out unless the build wants them.
fn read_site(opts: &BuildOptions, now: i64) -> SiteFiles {
    let root = &opts.root;
    // The site's own files and the articles are read at the same time: a large
    // glossary.yaml takes as long to parse as thousands of front matters.
    let ((config, mut entries, mut diags), (articles_read, found)) = rayon::join(
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
    let mut withheld = Vec::new();
    let mut files_left_out = Vec::new();
    for result in articles_read {
        match result {
            Ok(a) => match left_out(&a, opts, now) {
                None => parsed.push(a),
                Some(why) => {
                    if opts.lint {
                        diags.extend(schedule_note(&a, &why));
                    }
                    files_left_out.push((urls::source_key(&a.file.path), why.clone()));
                    let path = a.file.path.to_string_lossy().into_owned();
                    withheld.extend(a.front.glossary.into_keys().map(|id| {
                        let why = Withheld {
                            path: path.clone(),
                            why: why.clone(),
                        };
                        (id, why)
                    }));
                }
            },
            Err(problems) => {
                if let Some(d) = problems.first() {
                    let source = urls::source_key(Path::new(&d.location.path));
                    files_left_out.push((source, LeftOut::Broken));
                }
                let ids = content::ids_of_unparsed(root, &problems);
                withheld.extend(ids.into_iter().map(|(id, path)| {
                    let why = LeftOut::Broken;
                    (id, Withheld { path, why })
                }));
                diags.extend(problems);
            }
        }
    }
    entries.extend(parsed.iter().flat_map(article_entries));
    if parsed.iter().any(|a| a.may_have_code) {
        crate::body::highlight::preload();
    }
    SiteFiles {
        config,
        entries,
        parsed,
        withheld,
        left_out: files_left_out,
        diags,
    }
}

/// Why a build at `now` leaves this article out, if it does: a draft, a `date` still to
/// come, an `expires` passed. A date that is no date, or an `expires` before `date`,
/// leaves nothing out: the article's validation reports it.
pub(crate) fn left_out(a: &ParsedArticle, opts: &BuildOptions, now: i64) -> Option<LeftOut> {
    let front = &a.front;
    if front.draft && !opts.drafts {
        return Some(LeftOut::Draft);
    }
    let at = |date: &Option<String>| {
        let d = date.as_deref()?;
        Some((content::timestamp(d)?, d.trim().to_string()))
    };
    if let Some((date, written)) = at(&front.date)
        && date > now
        && !opts.future
    {
        return Some(LeftOut::Scheduled(written));
    }
    // An `expires` not after `date` is an error, which the article's validation reports:
    // the article is kept for it.
    let valid = |expires| at(&front.date).is_none_or(|(date, _)| expires > date);
    if let Some((expires, written)) = at(&front.expires)
        && expires <= now
        && valid(expires)
        && !opts.expired
    {
        return Some(LeftOut::Expired(written));
    }
    None
}

/// What `check` says of an article it leaves out for its dates: a note, no problem.
fn schedule_note(a: &ParsedArticle, why: &LeftOut) -> Option<Diagnostic> {
    let path = a.file.path.to_string_lossy();
    let (key, message, help) = match why {
        LeftOut::Scheduled(date) => (
            "date",
            format!("{path} publishes on {date}"),
            "it is left out of the site until then; --future builds it now",
        ),
        LeftOut::Expired(date) => (
            "expires",
            format!("{path} expired on {date}"),
            "it is left out of the site; --expired builds it",
        ),
        LeftOut::Draft | LeftOut::Broken => return None,
    };
    let code = if key == "date" {
        "scheduled"
    } else {
        "expired"
    };
    Some(Diagnostic::note(code, a.place.at(&[Seg::Key(key)]), message).with_help(help))
}

/// The glossary entries an article defines in its front matter, with where each stands.
fn article_entries(a: &ParsedArticle) -> impl Iterator<Item = (String, RawEntry, EntryOrigin)> {
    a.front.glossary.iter().map(|(id, entry)| {
        let origin = EntryOrigin {
            place: a.place.clone(),
            prefix: vec!["glossary".into(), id.clone()],
        };
        (id.clone(), entry.clone(), origin)
    })
}

/// Validates every article against the glossary and the site, in parallel; their problems
/// are added in the articles' order.
fn validate_articles(
    parsed: Vec<ParsedArticle>,
    glossary: &Glossary,
    config: &SiteConfig,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Article> {
    let (articles, found): (Vec<Article>, Vec<Vec<Diagnostic>>) = parsed
        .into_par_iter()
        .map(|p| {
            let mut found = Vec::new();
            (
                article::validate_article(p, glossary, config, &mut found),
                found,
            )
        })
        .unzip();
    diags.extend(found.into_iter().flatten());
    articles
}

/// Validated articles rendered, with every diagnostic so far: only warnings.
pub(crate) struct ArticlesRendered {
    /// What the listing pages need of each body, in the articles' order.
    pub(crate) rendered: Vec<Rendered>,
    /// With the copy desk: each article's links, each with where it stands.
    pub(crate) links: Vec<Vec<(String, crate::diagnostic::Location)>>,
    /// The warnings, sorted.
    pub(crate) warnings: Vec<Diagnostic>,
}

/// Renders validated articles and puts their pages into `sink`, then sorts the
/// diagnostics (`diags`, those met before, and each body's) and fails with all of them
/// when one is an error. Shared by the build and `serve`'s update of one article.
///
/// Pages are put only while `diags` holds no error: a build that is going to fail
/// writes nothing it would throw away. With a copy desk (`check`), the bodies are
/// linted, their links kept, and the entries no article mentions reported.
///
/// Links by source file to a heading are checked against the headings of the articles
/// rendered here, and of those `elsewhere` gives by source path (`serve`'s other
/// articles).
pub(crate) fn render_articles<'s>(
    pages: ArticlePages<'_>,
    desk: Option<lint::CopyDesk<'_>>,
    articles: &[Article],
    mut diags: Vec<Diagnostic>,
    sink: &dyn Sink,
    elsewhere: &dyn Fn(&str) -> Option<&'s [String]>,
) -> Result<ArticlesRendered, Error> {
    let write = !diags.iter().any(Diagnostic::is_error);
    let results: Vec<Result<RenderedArticle, Error>> = articles
        .par_iter()
        .map(|a| pages.render_article(a, write, desk.as_ref(), sink))
        .collect();
    let glossary = pages.glossary();
    let lint = desk.is_some();
    // What every page shared is not needed any more: free it before the listings.
    drop((pages, desk));
    let mut rendered = Vec::with_capacity(results.len());
    let mut links = Vec::new();
    let mut heading_links = Vec::new();
    for result in results {
        let r = result?;
        diags.extend(r.problems);
        rendered.push(r.rendered);
        heading_links.extend(r.heading_links);
        if lint {
            links.push(r.links);
        }
    }
    if !heading_links.is_empty() {
        let here: HashMap<&str, &Rendered> = articles
            .iter()
            .map(|a| a.source_path.as_str())
            .zip(&rendered)
            .collect();
        let anchors = |source: &str| match here.get(source) {
            Some(r) => Some(r.anchors.as_slice()),
            None => elsewhere(source),
        };
        crate::article::sources::check_heading_links(&heading_links, &anchors, &mut diags);
    }
    if lint {
        let authors: Vec<usize> = articles
            .iter()
            .flat_map(|a| a.author_entries.iter().copied())
            .collect();
        lint::unused_entries(&rendered, &authors, glossary, &mut diags);
    }
    diagnostic::sort(&mut diags);
    if diags.iter().any(Diagnostic::is_error) {
        return Err(Error::Content(diags));
    }
    Ok(ArticlesRendered {
        rendered,
        links,
        warnings: diags,
    })
}

/// Everything but the article pages: the listing pages, the code stylesheet and the
/// static files.
fn put_listings_and_files(
    root: &Path,
    built: &Built,
    sink: &dyn Sink,
    timer: &StageTimer,
) -> Result<(), Error> {
    let listing = built.listing();
    timer.mark("prepare the listings");
    let all = ListingPage::all(built.glossary.entries().len()).collect();
    listing.render(all, sink)?;
    drop(listing);
    if needs_highlight_css(root, &built.rendered) {
        put_highlight_css(sink)?;
    }
    put_redirects(&built.config, &built.articles, sink)?;
    for page in &built.bundles.pages {
        sink.put(page.clone())?;
    }
    let rules = crate::pages::redirect::rules(&built.config, &built.articles);
    put_static_files(root, rules, sink)
}

/// The redirect page of every article's every alias (the whole site rebuilds when an
/// article's aliases change, so serve's update never writes these alone).
fn put_redirects(config: &SiteConfig, articles: &[Article], sink: &dyn Sink) -> Result<(), Error> {
    for a in articles {
        for alias in &a.aliases {
            let page = crate::pages::redirect::page(config, a, alias);
            sink.put(Page::bytes(alias.page.clone(), page.into_bytes()))?;
        }
    }
    Ok(())
}

/// True when the site needs the generated highlight.css: some article has code, and
/// static/ has no highlight.css of its own (which would replace it).
pub(crate) fn needs_highlight_css(root: &Path, rendered: &[Rendered]) -> bool {
    rendered.iter().any(|r| r.has_code) && !root.join("static").join(urls::HIGHLIGHT_CSS).is_file()
}

/// Puts the generated code stylesheet into `sink`.
pub(crate) fn put_highlight_css(sink: &dyn Sink) -> Result<(), Error> {
    sink.put(Page::bytes(
        urls::HIGHLIGHT_CSS,
        crate::body::highlight::theme_css(),
    ))
}

/// The theme's static files, and the site's static/ (which replaces a built-in file of the
/// same name). With alias `rules`, `_redirects` is written: a static/_redirects of the
/// site's own comes first, its rules then taking precedence, and the aliases' after it.
fn put_static_files(root: &Path, rules: Option<String>, sink: &dyn Sink) -> Result<(), Error> {
    let own = static_files(root)?;
    for (name, bytes) in crate::theme::STATIC {
        if !own.iter().any(|p| p.path == *name) {
            sink.put(Page::bytes(*name, *bytes))?;
        }
    }
    let mut redirects = rules.map(String::into_bytes);
    for page in own {
        match (&mut redirects, &page.body) {
            (Some(rules), PageBody::Copy(path)) if page.path == urls::REDIRECTS => {
                let mut mine = std::fs::read(path).map_err(|source| Error::Io {
                    path: path.clone(),
                    source,
                })?;
                if !mine.is_empty() && !mine.ends_with(b"\n") {
                    mine.push(b'\n');
                }
                mine.append(rules);
                *rules = mine;
            }
            _ => sink.put(page)?,
        }
    }
    if let Some(rules) = redirects {
        sink.put(Page::bytes(urls::REDIRECTS, rules))?;
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
