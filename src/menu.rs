//! The site's navigation menu (site.yaml `menu:`): each item a page of the site, named by
//! its source file (`about.md`) and resolved to its URL once the articles are known, or
//! an external web address. Templates see it as `site.menu`.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::article::Article;
use crate::article::sources::ArticleSources;
use crate::diagnostic::{Diagnostic, Location, suggestion};
use crate::front::Seg;
use crate::source::SourceFile;
use crate::urls;

/// A menu item as written in site.yaml.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawMenuItem {
    /// The link's text.
    pub(crate) name: String,
    /// A source file under content/ (`about.md`).
    pub(crate) page: Option<String>,
    /// An external http or https address.
    pub(crate) url: Option<String>,
}

/// A menu item checked on its own, before the articles are known.
#[derive(Debug, Clone)]
pub(crate) struct MenuItem {
    name: String,
    target: Target,
}

#[derive(Debug, Clone)]
enum Target {
    /// A source file under content/, and where site.yaml names it.
    Page {
        source: String,
        at: Location,
    },
    Url(String),
}

/// A menu item as templates see it: `path` (from the site root, prefix it with
/// `page.root`) for a page of the site, `url` for an external address.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub(crate) struct MenuLink {
    /// The link's text.
    pub(crate) name: String,
    /// The page under the site root (`about/index.html`), or null.
    pub(crate) path: Option<String>,
    /// The external address, or null.
    pub(crate) url: Option<String>,
}

/// Checks each item of `menu:`: a name, and one of `page` or `url` (a web address).
/// `file` is site.yaml, for the places of its problems.
pub(crate) fn parse(
    raw: Vec<RawMenuItem>,
    file: Option<&SourceFile>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<MenuItem> {
    let at = |i: usize, key: &str| match file {
        Some(f) => Location::in_file(
            f,
            crate::front::locate(&f.text, &[Seg::Key("menu"), Seg::Index(i), Seg::Key(key)]),
        ),
        None => Location::whole_file("content/site.yaml"),
    };
    let mut items = Vec::new();
    for (i, item) in raw.into_iter().enumerate() {
        let name = item.name.trim().to_string();
        if name.is_empty() {
            diags.push(Diagnostic::error(
                "bad-menu",
                at(i, "name"),
                "a menu item's name is empty",
            ));
        }
        let target = match (item.page, item.url) {
            (Some(page), None) => Target::Page {
                source: page.trim().trim_start_matches("./").to_string(),
                at: at(i, "page"),
            },
            (None, Some(url)) if urls::is_web_url(&url) => Target::Url(url.trim().to_string()),
            (None, Some(_)) => {
                diags.push(
                    Diagnostic::error("bad-url", at(i, "url"), "a menu `url` must be an http or https address")
                        .with_help("write the full address, such as https://example.org/; link a page of the site with `page: about.md`"),
                );
                continue;
            }
            (page, _) => {
                let key = if page.is_some() { "url" } else { "name" };
                diags.push(
                    Diagnostic::error(
                        "bad-menu",
                        at(i, key),
                        "a menu item needs one of `page` or `url`, not both or neither",
                    )
                    .with_help("write `page: about.md` for a page of the site, or `url: https://…` for another site"),
                );
                continue;
            }
        };
        items.push(MenuItem { name, target });
    }
    items
}

/// The menu's links: each page resolved to its article's URL. A page that is no article
/// of this build is an error: why the build left it out (`sources` knows), or else the
/// nearest source path.
pub(crate) fn resolve(
    menu: &[MenuItem],
    articles: &[Article],
    sources: &ArticleSources,
    diags: &mut Vec<Diagnostic>,
) -> Vec<MenuLink> {
    let mut links = Vec::with_capacity(menu.len());
    for item in menu {
        let link = match &item.target {
            Target::Url(url) => MenuLink {
                name: item.name.clone(),
                path: None,
                url: Some(url.clone()),
            },
            Target::Page { source, at } => {
                let Some(a) = articles.iter().find(|a| is_source(a, source)) else {
                    diags.push(unknown_page(source, at, articles, sources));
                    continue;
                };
                MenuLink {
                    name: item.name.clone(),
                    path: Some(a.page_path()),
                    url: None,
                }
            }
        };
        links.push(link);
    }
    links
}

/// The error of a menu page that is no article of this build.
fn unknown_page(
    source: &str,
    at: &Location,
    articles: &[Article],
    sources: &ArticleSources,
) -> Diagnostic {
    if let Some(why) = sources.left_out(source) {
        let (message, help) = why.explain_file(&format!("content/{source}"));
        return Diagnostic::error(
            "unknown-page",
            at.clone(),
            format!("the menu's page `{source}` is left out of this build: {message}"),
        )
        .with_help(help);
    }
    let known: Vec<String> = articles.iter().filter_map(source_of).collect();
    Diagnostic::error(
        "unknown-page",
        at.clone(),
        format!("the menu's page `{source}` is no article under content/"),
    )
    .with_help(
        suggestion(source, known.iter().map(String::as_str)).unwrap_or_else(|| {
            "name a Markdown file under content/, as in `page: about.md`".into()
        }),
    )
}

/// True when the menu names this article's file: its URL is on every page.
pub(crate) fn names(menu: &[MenuItem], a: &Article) -> bool {
    menu.iter()
        .any(|item| matches!(&item.target, Target::Page { source, .. } if is_source(a, source)))
}

/// The article's file as the menu names it: its path under content/ (`about.md`).
fn source_of(a: &Article) -> Option<String> {
    let rel = a.front.path.strip_prefix("content").ok()?;
    Some(rel.to_string_lossy().replace('\\', "/"))
}

fn is_source(a: &Article, source: &str) -> bool {
    a.front.path.strip_prefix("content").ok() == Some(Path::new(source))
}
