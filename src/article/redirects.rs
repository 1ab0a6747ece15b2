//! Where the articles' `aliases` may go: each redirect page must be a file of its own,
//! not an article's page, another alias, a page or file of the site itself, or a static
//! file. Every collision is an error at the alias that names the other file.

use std::collections::{BTreeSet, HashMap};

use super::Article;
use crate::diagnostic::{Diagnostic, Location};
use crate::urls;

/// Reports every alias that collides with another output file. `static_files` are the
/// paths below static/.
///
/// Paths are compared ignoring case: macOS's and Windows's file systems, and many hosts,
/// take `Old/` and `old/` for one folder, so one file would overwrite the other there.
/// The pages are still written with their paths as written.
pub(crate) fn check_aliases(
    articles: &[Article],
    static_files: &BTreeSet<String>,
    diags: &mut Vec<Diagnostic>,
) {
    let pages: HashMap<String, &Article> =
        articles.iter().map(|a| (fold(&a.page_path()), a)).collect();
    let page_paths: BTreeSet<String> = pages.keys().cloned().collect();
    let statics: HashMap<String, &String> = static_files.iter().map(|f| (fold(f), f)).collect();
    let static_paths: BTreeSet<String> = statics.keys().cloned().collect();
    let mut seen: HashMap<String, (&Article, &super::Alias)> = HashMap::new();
    for a in articles {
        for alias in &a.aliases {
            let folded = fold(&alias.page);
            let page = folded.as_str();
            let clash = |msg: String, other: Location, help: &str| {
                Diagnostic::error("alias-collision", a.alias_at(alias), msg)
                    .with_related(other)
                    .with_help(help.to_string())
            };
            let found = if let Some(other) = pages.get(page) {
                Some(clash(
                    format!("the alias `{}` is the page of an article", alias.written),
                    article_start(other).labelled("the article at that path"),
                    "remove the alias: the article is already there",
                ))
            } else if let Some((other, first)) = seen.get(page) {
                Some(clash(
                    format!("the alias `{}` is another alias too", alias.written),
                    other.alias_at(first).labelled("the other alias"),
                    "keep the alias in one article only",
                ))
            } else if let Some(own) = reserved(page) {
                Some(clash(
                    format!(
                        "the alias `{}` takes the place of the site's own `{own}`",
                        alias.written
                    ),
                    Location::whole_file(own).labelled("written by every build"),
                    "the glossary, author pages, the front page, 404.html, the feeds, the theme files and _redirects cannot be aliases",
                ))
            } else if let Some(other) = file_clash(page, &page_paths).and_then(|p| pages.get(p)) {
                Some(clash(
                    format!(
                        "the alias `{}` and an article's page would be a file and a folder of the same name",
                        alias.written
                    ),
                    article_start(other).labelled("the article"),
                    "remove the alias, or give it a path beside the article's, not in or above it",
                ))
            } else if let Some(file) = static_clash(page, &static_paths).map(|f| statics[f]) {
                Some(clash(
                    format!(
                        "the alias `{}` takes the place of a static file",
                        alias.written
                    ),
                    Location::whole_file(format!("static/{file}")).labelled("the static file"),
                    "remove the alias or the static file",
                ))
            } else {
                seen.insert(folded.clone(), (a, alias));
                None
            };
            diags.extend(found);
        }
    }
}

/// A path as a case-insensitive file system compares it.
fn fold(path: &str) -> String {
    path.to_lowercase()
}

/// The page or folder of the site's own that the page would take: the glossary's folder,
/// or one of the site's files at the page or at one of its folders.
fn reserved(page: &str) -> Option<&str> {
    urls::owned_dir(page).or_else(|| folders_and_file(page).find(|p| urls::is_reserved_output(p)))
}

/// The page's folders from the top (`a`, `a/b` of `a/b/index.html`), then the page: a
/// file at any of them leaves no room for the page.
fn folders_and_file(page: &str) -> impl Iterator<Item = &str> {
    page.match_indices('/')
        .map(|(i, _)| &page[..i])
        .chain(std::iter::once(page))
}

/// The static file at the page, at one of its folders, or inside the page as a folder.
fn static_clash<'s>(page: &str, static_files: &'s BTreeSet<String>) -> Option<&'s str> {
    if let Some(f) = folders_and_file(page).find_map(|p| static_files.get(p)) {
        return Some(f);
    }
    file_clash(page, static_files)
}

/// A file of `files` at one of the page's folders, or inside the page as a folder: the
/// two cannot both be written.
fn file_clash<'s>(page: &str, files: &'s BTreeSet<String>) -> Option<&'s str> {
    let above = page
        .match_indices('/')
        .map(|(i, _)| &page[..i])
        .find_map(|p| files.get(p));
    if above.is_some() {
        return above.map(String::as_str);
    }
    let inside = format!("{page}/");
    files
        .range(inside.clone()..)
        .next()
        .filter(|f| f.starts_with(&inside))
        .map(String::as_str)
}

/// The opening `---` of an article's file: where an article as a whole is shown.
fn article_start(a: &Article) -> Location {
    Location::in_file(&a.front, 0..3)
}
