//! The link check of `check`: every internal link and `#anchor` of every article,
//! resolved against the built site. Each page a link leads to is looked at once, however
//! many links lead to it, so the check grows with the number of links.

use std::collections::{HashMap, HashSet};

use crate::article::Article;
use crate::body::Rendered;
use crate::diagnostic::{Diagnostic, Location};
use crate::sink::Sink;
use crate::source::SourceFile;
use crate::urls;

/// A page of the site, as links see it: its `id`s, read the first time a link names one.
struct Target {
    ids: Option<HashSet<String>>,
    bytes: Vec<u8>,
}

impl Target {
    fn has_id(&mut self, id: &str) -> bool {
        let bytes = &self.bytes;
        self.ids
            .get_or_insert_with(|| ids_of(&String::from_utf8_lossy(bytes)))
            .contains(&crate::html::escape(id))
    }
}

/// Every value that stands in `id="…"` on a page, as written (escaped).
fn ids_of(html: &str) -> HashSet<String> {
    let mut ids = HashSet::new();
    let mut rest = html;
    while let Some(i) = rest.find("id=\"") {
        rest = &rest[i + 4..];
        if let Some(end) = rest.find('"') {
            ids.insert(rest[..end].to_string());
        }
    }
    ids
}

/// Checks the links of every article; `texts` holds each article's whole file and where
/// its body starts (the positions of its links are in the body).
pub(crate) fn check(
    articles: &[Article],
    rendered: &[Rendered],
    texts: &[Option<(std::sync::Arc<SourceFile>, usize)>],
    sink: &dyn Sink,
    diags: &mut Vec<Diagnostic>,
) {
    let mut pages: HashMap<String, Option<Target>> = HashMap::new();
    for ((a, r), text) in articles.iter().zip(rendered).zip(texts) {
        let Some((file, body_offset)) = text else {
            continue;
        };
        for (dest, range) in &r.findings.links {
            let at = Location::in_file(file, body_offset + range.start..body_offset + range.end);
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
                let page = pages
                    .entry(t.clone())
                    .or_insert_with(|| sink.get(&t).map(|bytes| Target { ids: None, bytes }));
                page.as_mut().map(|p| (t, p))
            });
            match (page, fragment) {
                (None, _) => {
                    let help = if path.ends_with(".md") {
                        "link to the article's page, not its Markdown file: `…/article-name/index.html`"
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
                (Some((path, page)), Some(f)) => {
                    if !f.is_empty() && !page.has_id(f) {
                        diags.push(
                            Diagnostic::warning("broken-anchor", at, format!("`#{f}` is no anchor on {path}"))
                                .with_help("check the id: glossary entries are `#ID`, headings have no automatic ids"),
                        );
                    }
                }
                (Some(_), None) => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_ids_are_read_once_as_written() {
        let ids = ids_of(r#"<p id="thaad">x</p><div class="a" id="a&amp;b"></div>"#);
        assert!(ids.contains("thaad") && ids.contains("a&amp;b"));
        assert!(!ids.contains("a") && !ids.contains("x"));
    }
}
