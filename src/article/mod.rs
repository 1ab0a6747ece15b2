//! An article validated against the site: its front matter checked key by key (the
//! checks are in `fields`), its URL path chosen (by [`crate::urls`]), and URL paths that
//! collide reported.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

mod byline;
mod fields;
pub(crate) mod redirects;
pub(crate) mod sources;
#[cfg(test)]
mod tests;

use crate::content::{self, ParsedArticle, SiteConfig};
use crate::diagnostic::{Diagnostic, Location};
use crate::front::{Seg, YamlPlace};
use crate::glossary::Glossary;
use crate::model::{
    Annotate, ArticleSummary, AuthorLink, Correction, Date, Layout, QuoteSpec, SourceView,
};
use crate::source::SourceFile;
use crate::urls;

/// A validated article.
#[derive(Debug)]
pub(crate) struct Article {
    /// The file up to its body: the front matter, which its problems point into. The body
    /// is read when the article renders ([`Article::read`]), so a large archive never
    /// holds all its text at once.
    pub(crate) front: Arc<SourceFile>,
    pub(crate) disk_path: PathBuf,
    pub(crate) place: YamlPlace,
    /// A story or a page: pages are left out of every list.
    pub(crate) layout: Layout,
    pub(crate) title: String,
    pub(crate) date: Date,
    pub(crate) updated: Option<Date>,
    /// Corrections and updates, newest first.
    pub(crate) corrections: Vec<Correction>,
    pub(crate) authors: Vec<String>,
    /// The byline's names, each with its author page when it names a person entry.
    pub(crate) author_links: Vec<AuthorLink>,
    /// The person entries the byline names, each once, in byline order.
    pub(crate) author_entries: Vec<usize>,
    pub(crate) summary: Option<String>,
    pub(crate) tags: Vec<String>,
    pub(crate) source: Option<SourceView>,
    /// The lead image as written (its file is found when the page renders).
    pub(crate) image: Option<crate::front::RawImage>,
    /// `2022/thaad-talks/` (empty never: the root is the index).
    pub(crate) url_path: String,
    /// Its file under content/, as links by source name it (`2022/THAAD Talks.md`).
    pub(crate) source_path: String,
    /// Old URL paths that redirect to its page (`aliases`).
    pub(crate) aliases: Vec<Alias>,
    pub(crate) annotate: Annotate,
    pub(crate) skip: HashSet<usize>,
    pub(crate) quotes: Vec<QuoteSpec>,
    /// `toc`: forced on or off, or automatic (`None`).
    pub(crate) toc: Option<bool>,
    pub(crate) extra: serde_json::Value,
    /// The glossary entries this article defines, as written: an edit that changes them
    /// changes the whole site's glossary.
    pub(crate) own_entries: BTreeMap<String, crate::front::RawEntry>,
}

/// One of an article's `aliases`: an old URL path, made a redirect page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Alias {
    /// The redirect page in the output (`2022/old/index.html`, `news/old.html`).
    pub(crate) page: String,
    /// Its item in `aliases`, as written.
    pub(crate) written: String,
    /// Its index in `aliases`.
    pub(crate) index: usize,
}

impl Article {
    /// Where one of its aliases is written.
    pub(crate) fn alias_at(&self, alias: &Alias) -> Location {
        self.place.at_text(
            &[Seg::Key("aliases"), Seg::Index(alias.index)],
            &alias.written,
        )
    }

    /// `page.root` of its page.
    pub(crate) fn root(&self) -> String {
        urls::root_of(&self.url_path)
    }

    /// True for a story, which lists show; false for a page, which no list shows.
    pub(crate) fn is_listed(&self) -> bool {
        self.layout == Layout::Article
    }

    /// Its page in the output.
    pub(crate) fn page_path(&self) -> String {
        urls::page_of(&self.url_path)
    }

    /// When it last changed, if ever: the latest of `updated` and its corrections' dates.
    pub(crate) fn modified(&self) -> Option<&Date> {
        let latest = self
            .corrections
            .iter()
            .map(|c| &c.date)
            .fold(None, |m: Option<&Date>, d| match m {
                Some(m) if !d.is_after(m) => Some(m),
                _ => Some(d),
            });
        match (self.updated.as_ref(), latest) {
            (Some(u), Some(c)) if c.is_after(u) => Some(c),
            (Some(u), _) => Some(u),
            (None, c) => c,
        }
    }

    /// What lists of articles show of it.
    pub(crate) fn summary(&self) -> ArticleSummary {
        ArticleSummary {
            title: self.title.clone(),
            path: self.page_path(),
            url_path: self.url_path.clone(),
            date: self.date.clone(),
            updated: self.modified().cloned(),
            authors: self.authors.clone(),
            byline: self.authors.join(", "),
            author_links: self.author_links.clone(),
            summary: self.summary.clone(),
            tags: self.tags.clone(),
        }
    }

    /// Where a key of its front matter is.
    pub(crate) fn at(&self, path: &[Seg<'_>]) -> Location {
        self.place.at(path)
    }

    /// The whole file as it is now, and where its body starts.
    pub(crate) fn read(&self) -> Result<(SourceFile, usize), Vec<Diagnostic>> {
        content::read_article(&self.disk_path, self.front.path.clone())
    }
}

/// Checks an article's front matter against the site, key by key in the order its
/// problems are reported. An article with errors is still returned, so the problems in its
/// body are reported in the same run.
pub(crate) fn validate_article(
    p: ParsedArticle,
    glossary: &Glossary,
    config: &SiteConfig,
    diags: &mut Vec<Diagnostic>,
) -> Article {
    let ParsedArticle {
        file,
        disk_path,
        place,
        front,
        may_have_code: _,
        problems,
    } = p;
    diags.extend(problems);
    let title = fields::title(front.title, &place, diags);
    let layout = fields::layout(front.layout.as_deref(), &place, diags);
    fields::page_keys(layout, front.author.as_ref(), &place, diags);
    let date = fields::date(front.date.as_deref(), layout, &place, diags);
    fields::expires(
        front.expires.as_deref(),
        front.date.as_deref(),
        &place,
        diags,
    );
    let updated = fields::updated(front.updated.as_deref(), &date, &place, diags);
    let (authors, author_entries) = byline::authors(front.author.as_ref(), glossary, &place, diags);
    let author_links = authors
        .iter()
        .zip(&author_entries)
        .map(|(name, e)| AuthorLink {
            name: name.clone(),
            path: e.map(|e| urls::author_page(&glossary.entries()[e].id)),
        })
        .collect();
    let mut seen = HashSet::new();
    let author_entries = author_entries
        .into_iter()
        .flatten()
        .filter(|e| seen.insert(*e))
        .collect();
    let corrections =
        fields::corrections(&front.corrections, &date, config.raw_html, &place, diags);
    let url_path = fields::url_path(&file.path, front.slug.as_deref(), &place, diags);
    let aliases = fields::aliases(&front.aliases, &place, diags);
    let source_path = urls::source_key(&file.path);
    let source = front.source.map(|s| fields::source(s, &place, diags));
    let image = front.image.filter(|i| fields::image(i, &place, diags));
    let quotes = fields::quotes(&front.quotes, glossary, &place, diags);
    let skip = fields::skip(&front.skip, glossary, &place, diags);
    let toc = fields::toc(front.toc.as_ref(), &place, diags);
    let extra = crate::front::extra_for_templates(
        front.extra.as_ref(),
        || place.at(&[Seg::Key("extra")]),
        diags,
    );
    Article {
        own_entries: front.glossary,
        front: file,
        disk_path,
        place,
        layout,
        title,
        date,
        updated,
        corrections,
        authors,
        author_links,
        author_entries,
        summary: fields::summary(front.summary),
        tags: front.tags,
        source,
        image,
        url_path,
        source_path,
        aliases,
        annotate: front.annotate.unwrap_or(config.annotate),
        skip,
        quotes,
        toc,
        extra,
    }
}

/// Two articles with the same URL path: an error at both.
pub(crate) fn check_collisions(articles: &[Article], diags: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<&str, &Article> = HashMap::new();
    for a in articles {
        if let Some(first) = seen.get(a.url_path.as_str()) {
            let here = |x: &Article| {
                if x.place.file.text[x.place.yaml.clone()].contains("slug:") {
                    x.at(&[Seg::Key("slug")])
                } else {
                    Location::in_file(&x.front, 0..3)
                }
            };
            diags.push(
                Diagnostic::error(
                    "duplicate-path",
                    here(a),
                    format!("two articles have the URL path `{}`", a.url_path),
                )
                .with_related(here(first).labelled("the other article"))
                .with_help("set a different `slug` in one of them"),
            );
        } else {
            seen.insert(&a.url_path, a);
        }
    }
}
