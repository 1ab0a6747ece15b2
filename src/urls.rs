//! Every URL the site makes, in one place: where each page lives in the output, the
//! relative links between pages, and absolute URLs for feeds and canonical links.
//!
//! An article's URL path is a folder path ending in `/` (`2022/thaad-talks/`); its page is
//! that folder's `index.html`. Links name `index.html` explicitly, so the output works
//! opened from disk. Every path an author writes is slugified, so no URL path leaves the
//! output folder. Links out of the site must be http or https.

use std::path::Path;

/// The site's front page.
pub(crate) const INDEX: &str = "index.html";
/// The glossary's own page.
pub(crate) const GLOSSARY: &str = "glossary/index.html";
/// The glossary's URL path.
pub(crate) const GLOSSARY_DIR: &str = "glossary/";
/// The page served for a missing path.
pub(crate) const NOT_FOUND: &str = "404.html";
/// The Atom feed (only with `base_url`).
pub(crate) const FEED: &str = "atom.xml";
/// The sitemap (only with `base_url`).
pub(crate) const SITEMAP: &str = "sitemap.xml";
/// The code stylesheet (only when a page has code).
pub(crate) const HIGHLIGHT_CSS: &str = "highlight.css";
/// The theme's stylesheet.
pub(crate) const STYLE: &str = "style.css";
/// The theme's script.
pub(crate) const SCRIPT: &str = "explainer.js";
/// `page.root` of an entry page: from `glossary/ID/` back to the site root.
pub(crate) const ENTRY_ROOT: &str = "../../";
/// `page.root` of the glossary page.
pub(crate) const GLOSSARY_ROOT: &str = "../";

/// The folder of the author pages.
pub(crate) const AUTHORS_DIR: &str = "authors/";

/// The URL path of the page listing the articles of the author whose entry is `id`:
/// `authors/ID/` (an entry id is already safe in a URL).
pub(crate) fn author_dir(id: &str) -> String {
    format!("{AUTHORS_DIR}{id}/")
}

/// An author's page: `authors/ID/index.html`.
pub(crate) fn author_page(id: &str) -> String {
    format!("{AUTHORS_DIR}{id}/index.html")
}

/// An entry's URL path: `glossary/ID/`.
pub(crate) fn entry_dir(id: &str) -> String {
    format!("{GLOSSARY_DIR}{id}/")
}

/// An entry's page: `glossary/ID/index.html`.
pub(crate) fn entry_page(id: &str) -> String {
    format!("{GLOSSARY_DIR}{id}/index.html")
}

/// Appends the link to an entry's page from a page at `root` (`../../glossary/ID/index.html`),
/// escaped for an attribute.
pub(crate) fn push_entry_href(out: &mut String, root: &str, id: &str) {
    crate::html::escape_into(out, root);
    out.push_str(GLOSSARY_DIR);
    out.push_str(id);
    out.push_str("/index.html");
}

/// The page of a folder URL path (`2022/x/` → `2022/x/index.html`).
pub(crate) fn page_of(url_path: &str) -> String {
    format!("{url_path}index.html")
}

/// `page.root` of a page in the folder `url_path`: `../` once per level.
pub(crate) fn root_of(url_path: &str) -> String {
    "../".repeat(url_path.matches('/').count())
}

/// The URL path an article asks for, without its final `/`: its `slug` when set, else its
/// file's path under content/ without the extension (`content/2022/THAAD Talks.md` →
/// `2022/thaad-talks`). Slugified either way, so `..` and `/` lead nowhere; empty when
/// nothing with letters or digits is left.
pub(crate) fn article_stem(file: &Path, slug: Option<&str>) -> String {
    match slug {
        Some(slug) => crate::slug::slugify_path(slug),
        None => {
            let rel = file.strip_prefix("content").unwrap_or(file);
            crate::slug::slugify_path(&rel.with_extension("").to_string_lossy())
        }
    }
}

/// The folder URL path of an article's stem (`2022/x` → `2022/x/`).
pub(crate) fn folder_of(stem: &str) -> String {
    format!("{stem}/")
}

/// True when an article may not have this URL path (without its final `/`): the site's
/// root, the glossary's folder and the author pages' folder belong to the site.
pub(crate) fn is_reserved(url_path: &str) -> bool {
    url_path.is_empty() || reserved_by(url_path).is_some()
}

/// What owns a reserved URL path (without its final `/`): `glossary` or `authors`.
pub(crate) fn reserved_by(url_path: &str) -> Option<&'static str> {
    [GLOSSARY_DIR, AUTHORS_DIR].into_iter().find_map(|dir| {
        let name = dir.trim_end_matches('/');
        (url_path == name || url_path.starts_with(dir)).then_some(name)
    })
}

/// The absolute URL of a URL path, when the site has a `base_url` (absolute, ending in `/`).
pub(crate) fn absolute(base_url: Option<&str>, url_path: &str) -> Option<String> {
    base_url.map(|b| format!("{b}{url_path}"))
}

/// The site's `base_url` as [`absolute`] joins it: an http or https URL, ending in `/`
/// so that URL paths append to it. `None` when it is no web URL.
pub(crate) fn base_url(written: &str) -> Option<String> {
    if !is_web_url(written) {
        return None;
    }
    Some(if written.ends_with('/') {
        written.to_string()
    } else {
        format!("{written}/")
    })
}

/// http:// or https:// with something after it: the only links out of the site an
/// author may write (a source, an entry's link, the site's own address).
pub(crate) fn is_web_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    (lower.starts_with("http://") && lower.len() > 7)
        || (lower.starts_with("https://") && lower.len() > 8)
}

/// The page a relative link from the folder `base` (`2022/x/`) leads to; a link to a folder
/// leads to its `index.html`. `None` when it climbs out of the site.
pub(crate) fn resolve(base: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = base.split('/').filter(|s| !s.is_empty()).collect();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let mut out = parts.join("/");
    if rel.ends_with('/') || out.is_empty() {
        if !out.is_empty() {
            out.push('/');
        }
        out.push_str(INDEX);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_urls() {
        assert_eq!(entry_page("thaad"), "glossary/thaad/index.html");
        assert_eq!(entry_dir("thaad"), "glossary/thaad/");
        let mut href = String::new();
        push_entry_href(&mut href, ENTRY_ROOT, "yoon");
        assert_eq!(href, "../../glossary/yoon/index.html");
    }

    #[test]
    fn article_urls() {
        assert_eq!(page_of("2022/x/"), "2022/x/index.html");
        assert_eq!(root_of("2022/x/"), "../../");
        assert_eq!(root_of(""), "");
        assert!(is_reserved("glossary") && is_reserved("glossary/x") && is_reserved(""));
        assert!(!is_reserved("glossaries"));
        assert!(is_reserved("authors") && is_reserved("authors/x") && !is_reserved("authorship"));
        assert_eq!(reserved_by("authors/x"), Some("authors"));
        assert_eq!(reserved_by("glossary"), Some("glossary"));
        assert_eq!(reserved_by("2022/authors"), None);
    }

    #[test]
    fn an_author_page_lives_under_authors() {
        assert_eq!(author_dir("aldgra-fredly"), "authors/aldgra-fredly/");
        assert_eq!(
            author_page("aldgra-fredly"),
            "authors/aldgra-fredly/index.html"
        );
        assert_eq!(root_of(&author_dir("x")), ENTRY_ROOT);
        assert_eq!(
            absolute(Some("https://e.org/x/"), "a/").as_deref(),
            Some("https://e.org/x/a/")
        );
        assert_eq!(absolute(None, "a/"), None);
    }

    #[test]
    fn an_article_path_is_its_file_under_content_or_its_slug() {
        let file = Path::new("content/2022/THAAD Talks.md");
        assert_eq!(article_stem(file, None), "2022/thaad-talks");
        assert_eq!(
            article_stem(file, Some("Seoul/Talks Resume")),
            "seoul/talks-resume"
        );
        assert_eq!(article_stem(Path::new("content/!!!.md"), None), "");
        assert_eq!(folder_of("2022/thaad-talks"), "2022/thaad-talks/");
    }

    #[test]
    fn a_slug_cannot_leave_the_output_folder() {
        let file = Path::new("content/a.md");
        assert_eq!(article_stem(file, Some("../../etc/passwd")), "etc/passwd");
        assert_eq!(article_stem(file, Some("/abs/./x")), "abs/x");
        assert_eq!(article_stem(file, Some("..\\..\\win")), "win");
        assert_eq!(article_stem(file, Some("../..")), "");
    }

    #[test]
    fn base_url_ends_in_a_slash() {
        assert_eq!(
            base_url("https://e.org/explained").as_deref(),
            Some("https://e.org/explained/")
        );
        assert_eq!(base_url("http://e.org/").as_deref(), Some("http://e.org/"));
        assert_eq!(base_url("e.org/explained"), None);
        assert_eq!(base_url("https://"), None);
    }

    #[test]
    fn web_urls_are_http_or_https_with_a_host() {
        assert!(is_web_url("https://en.wikipedia.org/wiki/THAAD"));
        assert!(is_web_url(" HTTP://x "));
        assert!(!is_web_url("http://"));
        assert!(!is_web_url("javascript:alert(1)"));
        assert!(!is_web_url("ftp://x"));
        assert!(!is_web_url("/relative"));
    }

    #[test]
    fn relative_links_resolve_inside_the_site_only() {
        assert_eq!(
            resolve("2022/x/", "../y/index.html").as_deref(),
            Some("2022/y/index.html")
        );
        assert_eq!(resolve("2022/x/", "../../").as_deref(), Some("index.html"));
        assert_eq!(
            resolve("2022/x/", "./sub/").as_deref(),
            Some("2022/x/sub/index.html")
        );
        assert_eq!(resolve("2022/x/", "../../../etc/passwd"), None);
    }
}
