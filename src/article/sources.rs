//! Links by source file: each article's source path (`2017/tour-ban.md`, its file under
//! content/) and the URL path of its page, made once per build from the validated
//! articles, so that a body's `[…](../2017/tour-ban.md)` becomes a link to the page.

use std::collections::{BTreeMap, HashMap};

use super::Article;
use crate::diagnostic::{Diagnostic, Location, did_you_mean};
use crate::glossary::LeftOut;
use crate::urls;

/// Source path → URL path, for every article of this build (drafts only with `--drafts`),
/// and why the build left out each article file it did not take, so that a link to one
/// says why it leads nowhere.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ArticleSources {
    urls: BTreeMap<String, String>,
    left_out: BTreeMap<String, LeftOut>,
}

/// A source link that leads to no article of this build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UnknownSource {
    /// The source path it asks for, or None when it climbs out of content/.
    pub(crate) wanted: Option<String>,
    /// The nearest article's source path, written the way the link was (relative or `@/`).
    pub(crate) nearest: Option<String>,
    /// Why the build left the file out, when it is an article the build did not take.
    pub(crate) left_out: Option<LeftOut>,
}

/// A link by source file to a heading of an article (`../2017/tour-ban.md#why`): the
/// build checks it once every article's headings are known. `At` is where it stands:
/// a range of the body, then a place in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HeadingLink<At> {
    /// The source path of the article it leads to.
    pub(crate) source: String,
    /// The id it asks for, percent-escapes decoded.
    pub(crate) fragment: String,
    pub(crate) at: At,
}

/// Checks links to headings: each must name an id of a heading of its article, which
/// `anchors` gives by source path (None for no such article, already an error). Each
/// article's ids are looked up once, however many links lead to it.
pub(crate) fn check_heading_links<'s>(
    links: &[HeadingLink<Location>],
    anchors: &dyn Fn(&str) -> Option<&'s [String]>,
    diags: &mut Vec<Diagnostic>,
) {
    let mut known: HashMap<&str, Option<&'s [String]>> = HashMap::new();
    for link in links {
        let ids = *known
            .entry(link.source.as_str())
            .or_insert_with(|| anchors(&link.source));
        let Some(ids) = ids else { continue };
        if ids.contains(&link.fragment) {
            continue;
        }
        let help = match did_you_mean(&link.fragment, ids.iter().map(String::as_str)) {
            Some(id) => format!("did you mean `#{id}`?"),
            None if ids.is_empty() => format!("{} has no headings: link to the article alone", link.source),
            None => "a heading's id is the slug of its text (`## Why it matters` is `#why-it-matters`) or its `{#id}`".to_string(),
        };
        diags.push(
            Diagnostic::error(
                "unknown-heading",
                link.at.clone(),
                format!("`#{}` is no heading of {}", link.fragment, link.source),
            )
            .with_help(help),
        );
    }
}

#[cfg(test)]
static NONE: ArticleSources = ArticleSources {
    urls: BTreeMap::new(),
    left_out: BTreeMap::new(),
};

impl ArticleSources {
    /// The source paths of these articles.
    pub(crate) fn new(articles: &[Article]) -> Self {
        ArticleSources {
            urls: articles
                .iter()
                .map(|a| (a.source_path.clone(), a.url_path.clone()))
                .collect(),
            left_out: BTreeMap::new(),
        }
    }

    /// Notes that the build left out the article at this source path, and why.
    pub(crate) fn leave_out(&mut self, source: String, why: LeftOut) {
        self.left_out.insert(source, why);
    }

    /// Why the build left out the article at this source path, if it did.
    pub(crate) fn left_out(&self, source: &str) -> Option<&LeftOut> {
        self.left_out.get(source)
    }

    /// A site with no articles (for tests of the annotator alone).
    #[cfg(test)]
    pub(crate) fn none() -> &'static ArticleSources {
        &NONE
    }

    /// Records an article's URL path under its source path, or (None) removes it.
    pub(crate) fn set(&mut self, source: &str, url_path: Option<&str>) {
        match url_path {
            Some(u) => {
                self.left_out.remove(source);
                self.urls.insert(source.to_string(), u.to_string());
            }
            None => {
                self.urls.remove(source);
            }
        }
    }

    /// The URL path of the article at this source path.
    pub(crate) fn url_of(&self, source: &str) -> Option<&str> {
        self.urls.get(source).map(String::as_str)
    }

    /// The href a source link `dest` written in the article `from`, on a page at `root`,
    /// stands for, with the source path it names; or why it leads nowhere.
    pub(crate) fn href(
        &self,
        from: &str,
        root: &str,
        dest: &str,
    ) -> Result<(String, String), UnknownSource> {
        let (wanted, fragment) = urls::resolve_source(from, dest);
        if let Some(url) = wanted.as_deref().and_then(|w| self.url_of(w)) {
            let key = wanted.clone().unwrap_or_default();
            return Ok((urls::article_href(root, url, fragment), key));
        }
        let left_out = wanted.as_deref().and_then(|w| self.left_out(w)).cloned();
        let probe = wanted.clone().unwrap_or_else(|| dest.to_string());
        let nearest = did_you_mean(&probe, self.urls.keys().map(String::as_str)).map(|k| {
            if dest.starts_with("@/") {
                format!("@/{k}")
            } else {
                urls::relative_source(from, k)
            }
        });
        Err(UnknownSource {
            wanted,
            nearest,
            left_out,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sources() -> ArticleSources {
        let mut s = ArticleSources::default();
        s.set(
            "2017/china-group-tour-ban.md",
            Some("2017/china-group-tour-ban/"),
        );
        s.set("2022/talks.md", Some("2022/talks/"));
        s
    }

    #[test]
    fn a_source_link_becomes_the_page_s_relative_url() {
        let s = sources();
        assert_eq!(
            s.href(
                "2022/talks.md",
                "../../",
                "../2017/china-group-tour-ban.md#why"
            ),
            Ok((
                "../../2017/china-group-tour-ban/index.html#why".into(),
                "2017/china-group-tour-ban.md".into()
            ))
        );
        assert_eq!(
            s.href("x.md", "../", "@/2022/talks.md").map(|h| h.0),
            Ok("../2022/talks/index.html".into())
        );
    }

    #[test]
    fn a_missing_source_suggests_the_nearest_in_the_link_s_form() {
        let s = sources();
        let err = s
            .href("2022/talks.md", "../../", "../2017/china-group-tour-bam.md")
            .unwrap_err();
        assert_eq!(err.wanted.as_deref(), Some("2017/china-group-tour-bam.md"));
        assert_eq!(
            err.nearest.as_deref(),
            Some("../2017/china-group-tour-ban.md")
        );
        let err = s.href("a.md", "../", "@/2022/talk.md").unwrap_err();
        assert_eq!(err.nearest.as_deref(), Some("@/2022/talks.md"));
        let mut none = ArticleSources::default();
        none.set("2022/talks.md", None);
        assert!(none.href("a.md", "", "2022/talks.md").is_err());
    }
}
