//! The link check of `check`: every internal link and `#anchor` of every article,
//! resolved against the built site. Each page a link leads to is looked at once, however
//! many links lead to it, so the check grows with the number of links.

use std::collections::{HashMap, HashSet};

use crate::article::Article;
use crate::check::LinkTargets;
use crate::diagnostic::{Diagnostic, Location};
use crate::urls;

/// Checks the links of every article: `links` holds each article's links, each with where
/// it stands.
pub(crate) fn check(
    articles: &[Article],
    links: &[Vec<(String, Location)>],
    sink: &LinkTargets,
    diags: &mut Vec<Diagnostic>,
) {
    // Each page a link leads to: its ids, or None when there is no such page.
    let mut pages: HashMap<String, Option<HashSet<String>>> = HashMap::new();
    for (a, links) in articles.iter().zip(links) {
        for (dest, at) in links {
            let at = at.clone();
            let dest = dest.trim();
            if dest.is_empty()
                || dest.contains("://")
                || dest.starts_with("//")
                || dest.starts_with("mailto:")
                || dest.starts_with("tel:")
            {
                continue;
            }
            if dest.starts_with('/') {
                diags.push(
                    Diagnostic::warning("absolute-link", at, format!("`{dest}` starts with `/`, so it breaks when the site lives under a sub-path"))
                        .with_help("write the path relative to this article, e.g. `../other-article/index.html`"),
                );
                continue;
            }
            let (path, fragment) = match dest.split_once('#') {
                Some((p, f)) => (p, Some(f)),
                None => (dest, None),
            };
            let path = path.split('?').next().unwrap_or("");
            let target = if path.is_empty() {
                Some(a.page_path())
            } else {
                urls::resolve(&a.url_path, path)
            };
            let page = target.and_then(|t| {
                let ids = pages.entry(t.clone()).or_insert_with(|| sink.ids(&t));
                ids.as_ref().map(|ids| (t, ids))
            });
            match (page, fragment) {
                (None, _) => {
                    let help = if path.ends_with(".md") {
                        "link to an article by its Markdown file, relative to this one (`../name.md`) or from content/ (`@/name.md`)"
                    } else {
                        "check the path: links are relative to this article's page, and name `index.html`"
                    };
                    diags.push(
                        Diagnostic::warning(
                            "broken-link",
                            at,
                            format!("`{dest}` does not lead to any page of the site"),
                        )
                        .with_help(help),
                    );
                }
                (Some((path, ids)), Some(f)) => {
                    if !f.is_empty() && !ids.contains(&crate::html::escape(f)) {
                        diags.push(
                            Diagnostic::warning("broken-anchor", at, format!("`#{f}` is no anchor on {path}"))
                                .with_help("check the id: glossary entries are `#ID`, headings the slug of their text (`## Why it matters` is `#why-it-matters`) or their `{#id}`"),
                        );
                    }
                }
                (Some(_), None) => {}
            }
        }
    }
}
