//! An article's page: its body rendered through the event chain, its problems reported,
//! and the page made from `article.html` (`page.html` for a page) with the tooltips and Key terms it needs. One
//! [`render_article`] serves the build and `serve`'s update of one article.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, OnceLock, RwLock};

use rayon::prelude::*;

use super::{json_ld, site_view, via_view};
use crate::article::Article;
use crate::article::sources::{ArticleSources, HeadingLink};
use crate::body::annotate::AnnotateOptions;
use crate::body::problems;
use crate::body::{self, Rendered};
use crate::check::lint::{self, CopyDesk};
use crate::content::SiteConfig;
use crate::diagnostic::{Diagnostic, Location};
use crate::error::Error;
use crate::front::Seg;
use crate::glossary::Glossary;
use crate::images::SiteImages;
use crate::model::Layout;
use crate::sink::{Page, Sink};
use crate::source::SourceFile;
use crate::templates::{self as tpl, PageMeta};

/// What every article page of a build shares, prepared once: the site and each entry
/// converted for Tera, each entry's JSON-LD, and the fragments repeated from page to page.
pub(crate) struct ArticlePages<'a> {
    config: &'a SiteConfig,
    glossary: &'a Glossary,
    templates: &'a tera::Tera,
    /// The site's articles by source path, for links by source file.
    sources: &'a ArticleSources,
    /// The files image paths may lead to (bundles and static/).
    images: &'a SiteImages,
    site: tpl::Prepared,
    /// Each entry as an entry ref, ready for Tera.
    entry_views: Vec<tpl::Prepared>,
    /// Each entry as an item of `mentions` in an article's JSON-LD.
    mentions_ld: Vec<serde_json::Value>,
    /// Each entry's `tooltip.html` and `key_term.html`, rendered the first time a page at
    /// that depth needs them: by root (`"../../"`), then by entry. They see only the site,
    /// the root and the entry, so they are the same on every page at that depth.
    fragments: RwLock<HashMap<String, Arc<FragmentCells>>>,
}

/// Per entry: its tooltip and Key terms item, once rendered.
type FragmentCells = Vec<OnceLock<[String; 2]>>;

/// Which fragment of an entry.
#[derive(Clone, Copy)]
enum Fragment {
    Tooltip = 0,
    KeyTerm = 1,
}

/// What is kept of a body once its page is made: its findings for the listings, its
/// headings' ids and its links to headings by source file, and (`links`, for the link
/// check) its other links, each placed in the file (`file`, the body at the offset).
fn finish(
    mut rendered: Rendered,
    problems: Vec<Diagnostic>,
    (file, body_offset): (&SourceFile, usize),
    links: bool,
) -> RenderedArticle {
    rendered.html = String::new();
    let headings = std::mem::take(&mut rendered.headings);
    rendered.anchors = headings.into_iter().map(|h| h.id).collect();
    let in_file = |range: &std::ops::Range<usize>| {
        Location::in_file(file, body_offset + range.start..body_offset + range.end)
    };
    let heading_links = std::mem::take(&mut rendered.findings.heading_links)
        .into_iter()
        .map(|l| HeadingLink {
            at: in_file(&l.at),
            source: l.source,
            fragment: l.fragment,
        })
        .collect();
    let links = match links {
        true => std::mem::take(&mut rendered.findings.links)
            .into_iter()
            .map(|(dest, range)| (dest, in_file(&range)))
            .collect(),
        false => Vec::new(),
    };
    rendered.findings.keep_for_listing();
    RenderedArticle {
        rendered,
        problems,
        links,
        heading_links,
    }
}

/// An article rendered: what the rest of the site needs of its body, and its problems.
pub(crate) struct RenderedArticle {
    /// The body's findings (its HTML is dropped once the page is made).
    pub(crate) rendered: Rendered,
    /// Problems in its body, and the copy desk's warnings when it was asked to look.
    pub(crate) problems: Vec<Diagnostic>,
    /// With the copy desk: the body's links, each with where it stands, for the link check.
    pub(crate) links: Vec<(String, Location)>,
    /// Its links by source file to a heading, each with where it stands.
    pub(crate) heading_links: Vec<HeadingLink<Location>>,
}

impl<'a> ArticlePages<'a> {
    pub(crate) fn new(
        config: &'a SiteConfig,
        glossary: &'a Glossary,
        templates: &'a tera::Tera,
        sources: &'a ArticleSources,
        images: &'a SiteImages,
    ) -> Self {
        let entries = glossary.entries();
        ArticlePages {
            config,
            glossary,
            templates,
            sources,
            images,
            site: tpl::prepare(&site_view(config)),
            entry_views: entries
                .par_iter()
                .map(|e| tpl::prepare(&super::entry_ref(e)))
                .collect(),
            mentions_ld: entries
                .par_iter()
                .map(|e| json_ld::mention(config, e))
                .collect(),
            fragments: Default::default(),
        }
    }

    /// The glossary the pages link to.
    pub(crate) fn glossary(&self) -> &'a Glossary {
        self.glossary
    }

    /// Reads an article's body, renders it and reports its problems; when `write` is true
    /// and its body has no error, puts its page into `sink`. With a copy desk (`check`),
    /// the body is linted too and its links kept for the link check.
    pub(crate) fn render_article(
        &self,
        a: &Article,
        write: bool,
        desk: Option<&CopyDesk<'_>>,
        sink: &dyn Sink,
    ) -> Result<RenderedArticle, Error> {
        match a.read() {
            Ok((file, body_offset)) => self.render_text(a, &file, body_offset, write, desk, sink),
            Err(problems) => Ok(RenderedArticle {
                rendered: Rendered::default(),
                problems,
                links: Vec::new(),
                heading_links: Vec::new(),
            }),
        }
    }

    /// [`ArticlePages::render_article`] of the article's file as read: `file` is the whole
    /// file, its body at `body_offset`, within the limits.
    pub(crate) fn render_text(
        &self,
        a: &Article,
        file: &SourceFile,
        body_offset: usize,
        write: bool,
        desk: Option<&CopyDesk<'_>>,
        sink: &dyn Sink,
    ) -> Result<RenderedArticle, Error> {
        let options = AnnotateOptions {
            glossary: self.glossary,
            root: a.root(),
            annotate: a.annotate,
            skip: a.skip.clone(),
            quotes: a.quotes.clone(),
            raw_html: self.config.raw_html,
            sources: Some(self.sources),
            images: Some(self.images),
            folder: a.url_path.clone(),
            source_path: a.source_path.clone(),
        };
        let body_text = &file.text[body_offset..];
        let rendered = match desk {
            Some(_) => body::render_unhighlighted(body_text, &options),
            None => body::render(body_text, &options),
        };
        let mut problems = Vec::new();
        let lead = self.lead_image(a, &mut problems);
        problems::report(
            a,
            file,
            body_offset,
            &rendered,
            self.glossary,
            &mut problems,
        );
        let lead_ok = lead.as_ref().is_none_or(Result::is_ok);
        let lead = lead.and_then(Result::ok);
        let lead_bytes = lead.as_ref().map(|(_, bytes)| *bytes);
        if write && lead_ok && problems::renders_cleanly(a, &rendered) {
            let image = lead.map(|(image, _)| image);
            let page = self.page(a, &rendered, image)?;
            sink.put(Page::bytes(a.page_path(), page))?;
        }
        if let Some(desk) = desk {
            problems.extend(lint::lead_image::warnings(a, lead_bytes, desk));
            problems.extend(lint::article_warnings(
                file,
                body_offset,
                &a.authors,
                &rendered,
                desk,
            ));
        }
        Ok(finish(
            rendered,
            problems,
            (file, body_offset),
            desk.is_some(),
        ))
    }

    /// The fragments of these entries for a page at `root`, joined in order.
    fn fragments(
        &self,
        root: &str,
        ids: &mut dyn Iterator<Item = &usize>,
        which: Fragment,
    ) -> Result<String, Error> {
        let cached = self
            .fragments
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(root)
            .cloned();
        let cells = match cached {
            Some(cells) => cells,
            None => Arc::clone(
                self.fragments
                    .write()
                    .unwrap_or_else(|e| e.into_inner())
                    .entry(root.to_string())
                    .or_insert_with(|| {
                        Arc::new(self.entry_views.iter().map(|_| OnceLock::new()).collect())
                    }),
            ),
        };
        let mut out = String::new();
        for &e in ids {
            let cell = &cells[e];
            if cell.get().is_none() {
                let view = tpl::FragmentView {
                    site: &self.site,
                    root,
                    e: &self.entry_views[e],
                };
                let made = [
                    tpl::render(self.templates, "tooltip.html", &view)?,
                    tpl::render(self.templates, "key_term.html", &view)?,
                ];
                let _ = cell.set(made);
            }
            if let Some(f) = cell.get() {
                out.push_str(&f[which as usize]);
            }
        }
        Ok(out)
    }

    /// The tooltips of the article's quotes that stand inline in its body.
    fn quote_tooltips(&self, a: &Article, r: &Rendered) -> Vec<tpl::QuoteTooltip> {
        let entries = self.glossary.entries();
        a.quotes
            .iter()
            .enumerate()
            .filter(|(qi, _)| r.findings.inline_quotes[*qi])
            .map(|(index, q)| tpl::QuoteTooltip {
                index,
                speaker: self.entry_views[q.speaker].clone(),
                via: q.via.as_ref().map(|v| via_view(v, entries)),
            })
            .collect()
    }

    /// The speakers quoted in the body, by entry, with how many quotations are theirs.
    fn speakers(&self, a: &Article, r: &Rendered) -> Vec<tpl::SpeakerView> {
        let mut speakers: BTreeMap<usize, usize> = BTreeMap::new();
        for (qi, q) in a.quotes.iter().enumerate() {
            if r.findings.quote_hits[qi] > 0 {
                *speakers.entry(q.speaker).or_default() += r.findings.quote_hits[qi];
            }
        }
        speakers
            .into_iter()
            .map(|(e, n)| tpl::SpeakerView {
                entry: self.entry_views[e].clone(),
                quote_count: n,
            })
            .collect()
    }

    /// The article's lead image found among the site's files, with its size in bytes:
    /// None without one, an error (reported into `problems`) when its path leads to no
    /// image.
    fn lead_image(
        &self,
        a: &Article,
        problems: &mut Vec<Diagnostic>,
    ) -> Option<Result<(tpl::ImageView, u64), ()>> {
        let spec = a.image.as_ref()?;
        let at = || a.place.at(&[Seg::Key("image"), Seg::Key("src")]);
        let file = match self.images.resolve(&a.url_path, spec.src.trim()) {
            Ok(Some(file)) => file,
            Ok(None) => return Some(Err(())), // remote: refused by its validation
            Err(why) => {
                problems.push(problems::image_problem(at(), &spec.src, &why));
                return Some(Err(()));
            }
        };
        let text = |t: &Option<String>| {
            t.as_deref()
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(String::from)
        };
        let bytes = file.bytes;
        Some(Ok((
            tpl::ImageView {
                url: crate::urls::absolute_file(self.config.base_url.as_deref(), &file.path),
                src: file.path,
                alt: spec.alt.trim().to_string(),
                credit: text(&spec.credit),
                caption: text(&spec.caption),
                width: file.size.map(|s| s.0),
                height: file.size.map(|s| s.1),
            },
            bytes,
        )))
    }

    /// What the page's `<head>` says of an article whose body is `r`: its title and
    /// description, canonical URL, JSON-LD (a `NewsArticle`, or a `WebPage` for a page).
    fn meta(&self, a: &Article, r: &Rendered, image_url: Option<&str>) -> PageMeta {
        let config = self.config;
        let (json_ld, og_type) = match a.layout {
            Layout::Article => (
                json_ld::article(
                    config,
                    a,
                    r,
                    self.glossary.entries(),
                    &self.mentions_ld,
                    image_url,
                ),
                "article",
            ),
            Layout::Page => (json_ld::web_page(config, a), "website"),
        };
        PageMeta {
            path: a.page_path(),
            canonical: super::absolute(config, &a.url_path),
            title: a.title.clone(),
            description: a
                .summary
                .clone()
                .unwrap_or_else(|| config.description.clone()),
            has_code: r.has_code,
            json_ld,
            og_type: og_type.into(),
            root: a.root(),
        }
    }

    /// The page of an article whose body is `r`.
    fn page(
        &self,
        a: &Article,
        r: &Rendered,
        image: Option<tpl::ImageView>,
    ) -> Result<Vec<u8>, Error> {
        let root = a.root();
        let views = |ids: &mut dyn Iterator<Item = &usize>| -> Vec<tpl::Prepared> {
            ids.map(|&e| self.entry_views[e].clone()).collect()
        };
        let image_url = image.as_ref().and_then(|i| i.url.clone());
        let view = tpl::ArticlePage {
            site: &self.site,
            page: self.meta(a, r, image_url.as_deref()),
            article: tpl::ArticleView {
                summary: a.summary(),
                source: a.source.clone(),
                image,
                corrections: corrections(a),
                content: &r.html,
                key_terms: views(&mut r.findings.mentioned.iter()),
                key_terms_html: self.fragments(
                    &root,
                    &mut r.findings.mentioned.iter(),
                    Fragment::KeyTerm,
                )?,
                speakers: self.speakers(a, r),
                tooltips: views(&mut r.findings.annotated.iter()),
                tooltips_html: self.fragments(
                    &root,
                    &mut r.findings.annotated.iter(),
                    Fragment::Tooltip,
                )?,
                quote_tooltips: self.quote_tooltips(a, r),
                // A page shows a table of contents only when it asks for one.
                toc: super::toc::toc(
                    match a.layout {
                        Layout::Article => a.toc,
                        Layout::Page => Some(a.toc == Some(true)),
                    },
                    &r.headings,
                ),
                extra: a.extra.clone(),
            },
        };
        let mut page = Vec::new();
        let template = match a.layout {
            Layout::Article => "article.html",
            Layout::Page => "page.html",
        };
        tpl::render_into(self.templates, template, &view, &mut page)?;
        Ok(page)
    }
}

/// An article's corrections as its template shows them.
fn corrections(a: &Article) -> Vec<tpl::CorrectionView> {
    a.corrections
        .iter()
        .map(|c| tpl::CorrectionView {
            date: c.date.clone(),
            html: c.html.clone(),
            prominent: c.prominent,
        })
        .collect()
}
