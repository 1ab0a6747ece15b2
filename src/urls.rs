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
            // A page bundle's `index.md` has its folder's URL, as in Hugo.
            let rel = match is_bundle_index(rel) {
                true => rel.parent().unwrap_or(rel).to_path_buf(),
                false => rel.with_extension(""),
            };
            crate::slug::slugify_path(&rel.to_string_lossy())
        }
    }
}

/// True for the `index.md` of a page bundle (`2024/x/index.md`): the article of a folder
/// whose other files are published beside its page. `content/index.md` is none: the
/// site's root is the index.
pub(crate) fn is_bundle_index(rel: &Path) -> bool {
    rel.file_name().is_some_and(|n| n == "index.md")
        && rel.parent().is_some_and(|p| !p.as_os_str().is_empty())
}

/// Where a file of a page bundle goes: beside its article's page (`2024/x/` and
/// `map.png` → `2024/x/map.png`).
pub(crate) fn bundle_file(url_path: &str, name: &str) -> String {
    format!("{url_path}{name}")
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
    owned_dir(url_path).map(|dir| dir.trim_end_matches('/'))
}

/// The site's own folder (`glossary/` or `authors/`) that a path names or is in.
pub(crate) fn owned_dir(path: &str) -> Option<&'static str> {
    [GLOSSARY_DIR, AUTHORS_DIR]
        .into_iter()
        .find(|dir| path == dir.trim_end_matches('/') || path.starts_with(dir))
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

/// The hosts' redirect rules (Netlify, Cloudflare Pages), written when an article has
/// `aliases`.
pub(crate) const REDIRECTS: &str = "_redirects";

/// Output files of the site's own that an alias may not take.
const RESERVED_FILES: &[&str] = &[
    INDEX,
    NOT_FOUND,
    FEED,
    SITEMAP,
    HIGHLIGHT_CSS,
    STYLE,
    SCRIPT,
    REDIRECTS,
];

/// An article's source path as links name it: its file under content/, with `/`
/// (`content/2017/Tour Ban.md` → `2017/Tour Ban.md`).
pub(crate) fn source_key(file: &Path) -> String {
    let rel = file.strip_prefix("content").unwrap_or(file);
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

/// True when a link names an article by its source file: a relative path or an `@/`
/// path (Zola's content root) ending in `.md`, maybe with a `#fragment`. Links with a
/// scheme, a host or a leading `/`, and links to other files, are not.
pub(crate) fn is_source_link(dest: &str) -> bool {
    let path = dest.split('#').next().unwrap_or("");
    path.ends_with(".md")
        && !path.contains("://")
        && !path.contains('?')
        && (path.starts_with("@/") || !(path.starts_with('/') || has_scheme(path)))
}

/// `mailto:x.md` and the like: a scheme before any `/`.
fn has_scheme(path: &str) -> bool {
    path.split('/')
        .next()
        .is_some_and(|first| first.contains(':'))
}

/// The source path a source link leads to from the article `from` (a [`source_key`]),
/// and its `#fragment`: `@/` paths start at content/, others at `from`'s folder.
/// Percent-escapes are decoded. `None` for the path when it climbs out of content/.
pub(crate) fn resolve_source<'d>(from: &str, dest: &'d str) -> (Option<String>, Option<&'d str>) {
    let (path, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (dest, None),
    };
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let (mut parts, rel): (Vec<&str>, &str) = match decoded.strip_prefix("@/") {
        Some(rest) => (Vec::new(), rest),
        None => {
            let mut dir: Vec<&str> = from.split('/').collect();
            dir.pop();
            (dir, &decoded)
        }
    };
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return (None, fragment);
                }
            }
            s => parts.push(s),
        }
    }
    (Some(parts.join("/")), fragment)
}

/// The `#fragment` of a link, percent-escapes decoded, when it has a non-empty one.
pub(crate) fn fragment_of(dest: &str) -> Option<String> {
    let (_, fragment) = dest.split_once('#')?;
    let decoded = percent_encoding::percent_decode_str(fragment).decode_utf8_lossy();
    (!decoded.is_empty()).then(|| decoded.into_owned())
}

/// How a link from the source file `from` names the source file `to` relatively
/// (`2022/a.md`, `2017/b.md` → `../2017/b.md`), for a did-you-mean.
pub(crate) fn relative_source(from: &str, to: &str) -> String {
    let from_dir: Vec<&str> = from.split('/').collect();
    let from_dir = &from_dir[..from_dir.len() - 1];
    let to_parts: Vec<&str> = to.split('/').collect();
    let (to_dir, name) = to_parts.split_at(to_parts.len() - 1);
    let common = from_dir
        .iter()
        .zip(to_dir)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = "../".repeat(from_dir.len() - common);
    for part in &to_dir[common..] {
        out.push_str(part);
        out.push('/');
    }
    out.push_str(name[0]);
    out
}

/// The link from a page at `root` to the article at `url_path`, with the fragment
/// written after it (`../../2017/x/index.html#why`).
pub(crate) fn article_href(root: &str, url_path: &str, fragment: Option<&str>) -> String {
    let mut href = format!("{root}{url_path}{INDEX}");
    if let Some(f) = fragment {
        href.push('#');
        href.push_str(f);
    }
    href
}

/// Why an alias is no path of the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BadAlias {
    /// Blank.
    Empty,
    /// White space or a control character, which no URL path holds as it is.
    Space,
    /// A scheme, a host, a query, a fragment or a `\`: an address, not a path.
    NotAPath,
    /// A `.` or `..` segment, or an empty one: it could leave the output.
    Climbs,
    /// A `*` or a part starting with `:`, which hosts read in `_redirects` as a wildcard
    /// or a placeholder, redirecting other URLs.
    Pattern,
}

/// The output file of an alias as an author writes it: a leading `/` is allowed, a path
/// ending in `.html` is that file, any other is a folder whose `index.html` it is
/// (`2022/old/` and `/2022/old` → `2022/old/index.html`; `/news/x.html` → `news/x.html`).
pub(crate) fn alias_page(written: &str) -> Result<String, BadAlias> {
    if written.is_empty() {
        return Err(BadAlias::Empty);
    }
    if written.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(BadAlias::Space);
    }
    if written.contains(['\\', '?', '#']) || written.starts_with("//") || has_scheme(written) {
        return Err(BadAlias::NotAPath);
    }
    let path = written.strip_prefix('/').unwrap_or(written);
    let (path, folder) = match path.strip_suffix('/') {
        Some(p) => (p, true),
        None => (path, !path.ends_with(".html")),
    };
    if path.is_empty() {
        return Ok(INDEX.to_string());
    }
    if path.split('/').any(|s| matches!(s, "" | "." | "..")) {
        return Err(BadAlias::Climbs);
    }
    if path.contains('*') || path.split('/').any(|s| s.starts_with(':')) {
        return Err(BadAlias::Pattern);
    }
    Ok(if folder {
        format!("{path}/{INDEX}")
    } else {
        path.to_string()
    })
}

/// The URL path a redirect rule names for an alias's output file: a folder's
/// `index.html` as the folder (`2022/old/index.html` → `2022/old/`).
pub(crate) fn alias_url_path(page: &str) -> &str {
    match page.strip_suffix(INDEX) {
        Some(folder) if folder.is_empty() || folder.ends_with('/') => folder,
        _ => page,
    }
}

/// True when an output file belongs to the site itself: its front page, 404, feeds,
/// theme files, `_redirects`, or anything in the glossary's folder.
pub(crate) fn is_reserved_output(page: &str) -> bool {
    RESERVED_FILES.contains(&page) || reserved_by(page).is_some()
}

/// The path part of a `base_url` (`https://e.org/explained/` → `/explained/`), which
/// redirect rules written from the host's root start with.
pub(crate) fn base_path(base_url: Option<&str>) -> String {
    let Some(base) = base_url else {
        return "/".into();
    };
    let after_scheme = base.split_once("://").map_or(base, |(_, rest)| rest);
    match after_scheme.find('/') {
        Some(i) => after_scheme[i..].to_string(),
        None => "/".into(),
    }
}

/// One line of `_redirects`: `/OLD /NEW 301`, each path from the host's root under the
/// site's `base_path`, percent-encoded where a URL path must be (the file is split on
/// white space, and hosts match the path as browsers send it).
pub(crate) fn redirect_rule(base_path: &str, from: &str, to: &str) -> String {
    let enc = |p: &str| utf8_percent_encode(&format!("{base_path}{p}"), URL_PATH).to_string();
    format!("{} {} 301\n", enc(from), enc(to))
}

/// The absolute URL of a file of the site (a lead image, for `og:image`), percent-encoded
/// where a URL path must be; None without a `base_url`.
pub(crate) fn absolute_file(base_url: Option<&str>, path: &str) -> Option<String> {
    let path = utf8_percent_encode(path, URL_PATH);
    base_url.map(|b| format!("{b}{path}"))
}

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

/// What a URL path must percent-encode: what would end it, split it or be read as an
/// escape.
const URL_PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'%');

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
        let bundle = Path::new("content/2024/Seongju Site/index.md");
        assert_eq!(article_stem(bundle, None), "2024/seongju-site");
        assert_eq!(article_stem(Path::new("content/index.md"), None), "index");
        assert_eq!(
            bundle_file("2024/seongju-site/", "map.png"),
            "2024/seongju-site/map.png"
        );
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

    #[test]
    fn source_links_are_md_paths_relative_or_from_the_content_root() {
        assert!(is_source_link("../2017/x.md"));
        assert!(is_source_link("@/2017/x.md#why"));
        assert!(is_source_link("x.md"));
        assert!(!is_source_link("/2017/x.md"));
        assert!(!is_source_link("https://e.org/x.md"));
        assert!(!is_source_link("mailto:x.md"));
        assert!(!is_source_link("../x/index.html"));
        assert!(!is_source_link("img.png"));
        assert!(!is_source_link("x.md?raw"));
    }

    #[test]
    fn source_links_resolve_from_the_file_or_the_content_root() {
        assert_eq!(
            resolve_source("2022/a.md", "../2017/x.md#why"),
            (Some("2017/x.md".into()), Some("why"))
        );
        assert_eq!(
            resolve_source("2022/deep/a.md", "@/2017/x.md"),
            (Some("2017/x.md".into()), None)
        );
        assert_eq!(
            resolve_source("a.md", "./Tour%20Ban.md"),
            (Some("Tour Ban.md".into()), None)
        );
        assert_eq!(resolve_source("a.md", "../x.md"), (None, None));
        assert_eq!(relative_source("2022/a.md", "2017/b.md"), "../2017/b.md");
        assert_eq!(relative_source("a.md", "2017/b.md"), "2017/b.md");
        assert_eq!(relative_source("2022/a.md", "2022/b.md"), "b.md");
        assert_eq!(
            article_href("../../", "2017/x/", Some("why")),
            "../../2017/x/index.html#why"
        );
        assert_eq!(source_key(Path::new("content/2017/x.md")), "2017/x.md");
    }

    #[test]
    fn aliases_are_files_or_folders_inside_the_output() {
        assert_eq!(alias_page("2022/old/").unwrap(), "2022/old/index.html");
        assert_eq!(alias_page("/2022/old").unwrap(), "2022/old/index.html");
        assert_eq!(alias_page("/news/old.html").unwrap(), "news/old.html");
        assert_eq!(alias_page("/").unwrap(), "index.html");
        assert_eq!(alias_page(""), Err(BadAlias::Empty));
        assert_eq!(alias_page("a b/"), Err(BadAlias::Space));
        assert_eq!(alias_page("a\nb"), Err(BadAlias::Space));
        assert_eq!(alias_page("../x/"), Err(BadAlias::Climbs));
        assert_eq!(alias_page("a//b"), Err(BadAlias::Climbs));
        assert_eq!(alias_page("https://e.org/x"), Err(BadAlias::NotAPath));
        assert_eq!(alias_page("//e.org/x"), Err(BadAlias::NotAPath));
        assert_eq!(alias_page("a\\b"), Err(BadAlias::NotAPath));
        assert_eq!(alias_url_path("2022/old/index.html"), "2022/old/");
        assert_eq!(alias_url_path("news/old.html"), "news/old.html");
        assert_eq!(alias_url_path("index.html"), "");
        assert!(is_reserved_output("404.html") && is_reserved_output("glossary/x/index.html"));
        assert!(!is_reserved_output("news/index.html"));
    }

    #[test]
    fn a_files_absolute_url_is_encoded() {
        let base = Some("https://e.org/x/");
        assert_eq!(
            absolute_file(base, "2024/a/the map#1.png").as_deref(),
            Some("https://e.org/x/2024/a/the%20map%231.png")
        );
        assert_eq!(absolute_file(None, "a.png"), None);
    }

    #[test]
    fn redirect_rules_are_from_the_host_root_and_encoded() {
        assert_eq!(base_path(Some("https://e.org/explained/")), "/explained/");
        assert_eq!(base_path(Some("https://e.org/")), "/");
        assert_eq!(base_path(None), "/");
        assert_eq!(
            redirect_rule("/x/", "a\"<b>%/", "new/"),
            "/x/a%22%3Cb%3E%25/ /x/new/ 301\n"
        );
        assert_eq!(redirect_rule("/", "é.html", "n/"), "/%C3%A9.html /n/ 301\n");
    }
}
