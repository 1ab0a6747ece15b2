//! Templates: the built-in theme embedded in the binary, overridden file by file from
//! the site's templates/ folder, and the view structs each template receives (the theme API).

use std::path::Path;

use serde::Serialize;
use tera::{Context, Tera};

use crate::error::Error;
use crate::model::{ArticleSummary, Date, Kind, SourceView};
use crate::walk::{self, Folder};

/// The built-in templates, by name.
pub(crate) const BUILTIN: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("index.html", include_str!("../templates/index.html")),
    ("article.html", include_str!("../templates/article.html")),
    ("page.html", include_str!("../templates/page.html")),
    (
        "article_body.html",
        include_str!("../templates/article_body.html"),
    ),
    ("glossary.html", include_str!("../templates/glossary.html")),
    ("entry.html", include_str!("../templates/entry.html")),
    ("tooltips.html", include_str!("../templates/tooltips.html")),
    (
        "correction.html",
        include_str!("../templates/correction.html"),
    ),
    ("tooltip.html", include_str!("../templates/tooltip.html")),
    ("key_term.html", include_str!("../templates/key_term.html")),
    ("backlink.html", include_str!("../templates/backlink.html")),
    ("author.html", include_str!("../templates/author.html")),
    ("404.html", include_str!("../templates/404.html")),
    ("atom.xml", include_str!("../templates/atom.xml")),
    ("sitemap.xml", include_str!("../templates/sitemap.xml")),
];

/// Loads the built-in templates, then the site's own over them.
pub(crate) fn load(root: &Path) -> Result<Tera, Error> {
    let mut sources: std::collections::BTreeMap<String, String> = BUILTIN
        .iter()
        .map(|(n, s)| (n.to_string(), s.to_string()))
        .collect();
    for file in walk::files_or_error(root, Folder::Templates)? {
        let text = std::fs::read_to_string(&file.path).map_err(|e| Error::Io {
            path: file.path.clone(),
            source: e,
        })?;
        sources.insert(file.rel, text);
    }
    let mut tera = Tera::new();
    // Tera's own escaper also encodes `/`, which makes every URL unreadable in the source.
    tera.set_escape_fn(escape_for_tera);
    tera.register_filter("safe", safe);
    tera.add_raw_templates(sources.iter().map(|(n, s)| (n.as_str(), s.as_str())))
        .map_err(|e| Error::Template {
            name: "templates/".into(),
            message: error_chain(&e),
        })?;
    Ok(tera)
}

/// Tera's `safe`, without the copy: the built-in makes a new string of every value it
/// marks, and a page marks its body, tooltips and Key terms, tens of kilobytes. A string is
/// marked where it stands (it shares its buffer); anything else is shown as Tera shows it.
fn safe(value: tera::Value, _: tera::Kwargs, _: &tera::State) -> tera::Value {
    if value.is_string() {
        value.mark_safe()
    } else {
        tera::Value::safe_string(&value.to_string())
    }
}

fn escape_for_tera(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    // Write the runs between special characters as they are: no allocation per value.
    let bytes = input.as_bytes();
    if !crate::html::needs_escape(input) {
        return out.write_all(bytes);
    }
    let mut from = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let Some(entity) = crate::html::entity(b) else {
            continue;
        };
        out.write_all(&bytes[from..i])?;
        out.write_all(entity.as_bytes())?;
        from = i + 1;
    }
    out.write_all(&bytes[from..])
}

/// Serialises HTML the program made (a body, joined fragments, JSON-LD) as a value Tera
/// marks safe, so a template shows it as it is with a plain `{{ }}`. `| safe` on it is
/// harmless, and costs a filter call: the built-in templates leave it out.
fn safe_html<T: AsRef<str> + ?Sized, S: serde::Serializer>(
    html: &T,
    s: S,
) -> Result<S::Ok, S::Error> {
    tera::Value::safe_string(html.as_ref()).serialize(s)
}

/// Renders a template with a view.
pub(crate) fn render<T: Serialize>(tera: &Tera, name: &str, view: &T) -> Result<String, Error> {
    let mut out = Vec::new();
    render_into(tera, name, view, &mut out)?;
    String::from_utf8(out).map_err(|e| Error::Template {
        name: name.into(),
        message: error_chain(&e),
    })
}

/// Renders a template with a view into `out`: a buffer (one a thread reuses from page to
/// page, written to disk as it is), or a page's file as it is written.
pub(crate) fn render_into<T: Serialize>(
    tera: &Tera,
    name: &str,
    view: &T,
    out: &mut dyn std::io::Write,
) -> Result<(), Error> {
    let context = Context::from_serialize(view).map_err(|e| Error::Template {
        name: name.into(),
        message: error_chain(&e),
    })?;
    tera.render_to(name, &context, out)
        .map_err(|e| Error::Template {
            name: name.into(),
            message: error_chain(&e),
        })
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        let m = c.to_string();
        if !s.contains(&m) {
            s.push_str("\n  caused by: ");
            s.push_str(&m);
        }
        cur = c.source();
    }
    s
}

/// Site-wide values, available to every template as `site`.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SiteView {
    /// Site title.
    pub(crate) title: String,
    /// Site description.
    pub(crate) description: String,
    /// Language tag for `<html lang>`.
    pub(crate) language: String,
    /// Absolute site URL ending in `/`, or null.
    pub(crate) base_url: Option<String>,
    /// Publisher name.
    pub(crate) publisher: String,
    /// `extra` from site.yaml.
    pub(crate) extra: serde_json::Value,
    /// A feed is written (`base_url` is set).
    pub(crate) has_feed: bool,
    /// Where the site's own pages are, from its root: prefix each with `page.root`.
    pub(crate) urls: SiteUrls,
    /// The navigation menu from site.yaml: `{ name, path, url }` each (a page of the
    /// site has `path`, an external link `url`).
    pub(crate) menu: Vec<crate::menu::MenuLink>,
}

/// The site's own pages and files, as paths from its root.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SiteUrls {
    /// The list of articles (`index.html`).
    pub(crate) index: &'static str,
    /// The glossary (`glossary/index.html`).
    pub(crate) glossary: &'static str,
    /// The glossary's folder (`glossary/`), for absolute URLs.
    pub(crate) glossary_dir: &'static str,
    /// The Atom feed (`atom.xml`).
    pub(crate) feed: &'static str,
    /// The theme's stylesheet.
    pub(crate) style: &'static str,
    /// The code stylesheet.
    pub(crate) highlight_css: &'static str,
    /// The theme's script.
    pub(crate) script: &'static str,
}

/// What every page shares: `site`, `root` and page metadata.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PageMeta {
    /// Relative path from this page to the site root (`""`, `"../"`): prefix every internal link with it.
    pub(crate) root: String,
    /// The page's path under the site (`glossary/index.html`).
    pub(crate) path: String,
    /// Absolute canonical URL, when `base_url` is set.
    pub(crate) canonical: Option<String>,
    /// The `<title>` text.
    pub(crate) title: String,
    /// The meta description.
    pub(crate) description: String,
    /// The page has highlighted code and links the code stylesheet.
    pub(crate) has_code: bool,
    /// JSON-LD for the page, already serialised and safe inside `<script>` (safe).
    #[serde(serialize_with = "safe_html")]
    pub(crate) json_ld: String,
    /// Open Graph type (`article` or `website`).
    pub(crate) og_type: String,
}

/// A view already converted for Tera, with the same fields as the struct it was made
/// from. Values shared by many pages (the site, glossary entries) are converted once and
/// then shared: Tera clones them without serialising them again.
pub(crate) type Prepared = tera::Value;

/// Converts a view once, for sharing between pages.
pub(crate) fn prepare<T: Serialize>(view: &T) -> Prepared {
    tera::Value::from_serializable(view)
}

/// A glossary entry as lists, tooltips and key terms show it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct EntryRef {
    /// Entry id.
    pub(crate) id: String,
    /// Name.
    pub(crate) name: String,
    /// `term`, `person`, `organization` or `place`.
    pub(crate) kind: Kind,
    /// Acronym expansion, or null.
    pub(crate) expansion: Option<String>,
    /// Tooltip line (may be empty).
    pub(crate) short: String,
    /// Role of a person or organisation, or null.
    pub(crate) role: Option<String>,
    /// Native-script name, or null.
    pub(crate) native: Option<String>,
    /// Path of the entry page under the site root (`glossary/thaad/index.html`).
    pub(crate) path: String,
}

/// A speaker quoted in an article.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SpeakerView {
    /// The speaker's entry (an [`EntryRef`]).
    pub(crate) entry: Prepared,
    /// How many quotations of the article are theirs.
    pub(crate) quote_count: usize,
}

/// An article page's article.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ArticleView<'a> {
    /// Everything a list shows.
    #[serde(flatten)]
    pub(crate) summary: ArticleSummary,
    /// Source credit, or null.
    pub(crate) source: Option<SourceView>,
    /// The lead image, or null.
    pub(crate) image: Option<ImageView>,
    /// Corrections and updates, newest first.
    pub(crate) corrections: Vec<CorrectionView>,
    /// The annotated body HTML (safe).
    #[serde(serialize_with = "safe_html")]
    pub(crate) content: &'a str,
    /// Entries mentioned, in order of first mention ([`EntryRef`]s).
    pub(crate) key_terms: Vec<Prepared>,
    /// `key_term.html` for each of `key_terms`, joined (safe).
    #[serde(serialize_with = "safe_html")]
    pub(crate) key_terms_html: String,
    /// Speakers quoted.
    pub(crate) speakers: Vec<SpeakerView>,
    /// Entries with tooltips on this page ([`EntryRef`]s): render one `role="tooltip"`
    /// element `id="tip-ID"` each.
    pub(crate) tooltips: Vec<Prepared>,
    /// `tooltip.html` for each of `tooltips`, joined (safe).
    #[serde(serialize_with = "safe_html")]
    pub(crate) tooltips_html: String,
    /// Attributed inline quotes: render one `role="tooltip"` element `id="tip-quote-N"` each.
    pub(crate) quote_tooltips: Vec<QuoteTooltip>,
    /// The table of contents: the body's top-level `##` headings, each with the `###`
    /// below it as `children`; empty when the article shows none.
    pub(crate) toc: Vec<TocItem>,
    /// `extra` from the front matter.
    pub(crate) extra: serde_json::Value,
}

/// An article's lead image.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct ImageView {
    /// Its path from the site root (`2024/x/map.png`): link it as `{{ page.root }}{{ src }}`.
    pub(crate) src: String,
    /// Its alt text.
    pub(crate) alt: String,
    /// Who made it, or null.
    pub(crate) credit: Option<String>,
    /// Its caption, or null.
    pub(crate) caption: Option<String>,
    /// Its size in pixels (null for an SVG).
    pub(crate) width: Option<u32>,
    pub(crate) height: Option<u32>,
    /// Its absolute URL when `base_url` is set (for `og:image`), else null.
    pub(crate) url: Option<String>,
}

/// A heading in the table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct TocItem {
    /// Its id on the page: link it as `#{{ id }}`.
    pub(crate) id: String,
    /// Its plain text.
    pub(crate) text: String,
    /// 2 or 3.
    pub(crate) level: u8,
    /// The `###` headings under a `##` (always empty for a `###`).
    pub(crate) children: Vec<TocItem>,
}

/// A correction note of an article.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct CorrectionView {
    /// When it was made.
    pub(crate) date: Date,
    /// Its text (safe HTML).
    #[serde(serialize_with = "safe_html")]
    pub(crate) html: String,
    /// True when it belongs at the top of the article.
    pub(crate) prominent: bool,
}

/// The tooltip of an attributed inline quote.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct QuoteTooltip {
    /// Index of the `quotes` item: the element's id is `tip-quote-{index}`.
    pub(crate) index: usize,
    /// Who said it (an [`EntryRef`]).
    pub(crate) speaker: Prepared,
    /// Who reported it, or null.
    pub(crate) via: Option<ViaView>,
}

/// `article.html`
#[derive(Debug, Serialize)]
pub(crate) struct ArticlePage<'a> {
    /// Site values (a [`SiteView`]).
    pub(crate) site: &'a Prepared,
    /// Page values.
    pub(crate) page: PageMeta,
    /// The article.
    pub(crate) article: ArticleView<'a>,
}

/// `tooltip.html` and `key_term.html`: one entry's fragment. Each is rendered once per
/// entry and page depth and reused on every article page, so it sees only these values.
#[derive(Debug, Serialize)]
pub(crate) struct FragmentView<'a> {
    /// Site values (a [`SiteView`]).
    pub(crate) site: &'a Prepared,
    /// Relative path to the site root from the page the fragment goes on.
    pub(crate) root: &'a str,
    /// The entry (an [`EntryRef`]).
    pub(crate) e: &'a Prepared,
}

/// `backlink.html`: one article in an entry page's list. Rendered once per article and
/// reused on every entry page that lists it.
#[derive(Debug, Serialize)]
pub(crate) struct BacklinkView<'a> {
    /// Site values (a [`SiteView`]).
    pub(crate) site: &'a Prepared,
    /// Relative path to the site root from an entry page.
    pub(crate) root: &'a str,
    /// The article (an [`ArticleSummary`]).
    pub(crate) a: &'a Prepared,
}

/// `index.html`
#[derive(Debug, Serialize)]
pub(crate) struct IndexPage<'a> {
    /// Site values (a [`SiteView`]).
    pub(crate) site: &'a Prepared,
    /// Page values.
    pub(crate) page: PageMeta,
    /// Articles, newest first ([`ArticleSummary`]s).
    pub(crate) articles: &'a [Prepared],
}

/// One entry in the glossary index.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct GlossaryItem {
    /// The entry.
    pub(crate) entry: EntryRef,
    /// How many articles mention it.
    pub(crate) article_count: usize,
    /// First letter, upper case, for A–Z jumps.
    pub(crate) letter: String,
    /// The letter as it appears in anchors (`{kind}-{letter_anchor}`).
    pub(crate) letter_anchor: String,
    /// The first item of its letter in its group (it carries the letter's anchor).
    pub(crate) first_of_letter: bool,
}

/// An A–Z jump link.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Letter {
    /// The letter shown.
    pub(crate) letter: String,
    /// Its anchor part.
    pub(crate) anchor: String,
}

/// A group of the glossary index.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct GlossaryGroup {
    /// `term`, `person`, …
    pub(crate) kind: Kind,
    /// `Terms`, `People`, …
    pub(crate) label: String,
    /// Entries A–Z.
    pub(crate) items: Vec<GlossaryItem>,
    /// The letters that start an entry, for jump links.
    pub(crate) letters: Vec<Letter>,
}

/// `glossary.html`
#[derive(Debug, Serialize)]
pub(crate) struct GlossaryPage<'a> {
    /// Site values (a [`SiteView`]).
    pub(crate) site: &'a Prepared,
    /// Page values.
    pub(crate) page: PageMeta,
    /// Entries grouped by kind, A–Z.
    pub(crate) groups: Vec<GlossaryGroup>,
}

/// A quote on a speaker's page.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct QuoteView {
    /// The quotation as it stands in the article.
    pub(crate) text: String,
    /// The article (an [`ArticleSummary`]).
    pub(crate) article: Prepared,
    /// Who reported it: name and entry path (null for plain text).
    pub(crate) via: Option<ViaView>,
}

/// Who reported a quote.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ViaView {
    /// Name.
    pub(crate) name: String,
    /// Entry page path, or null.
    pub(crate) path: Option<String>,
}

/// An entry page's entry.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct EntryView {
    /// What lists show.
    #[serde(flatten)]
    pub(crate) entry: EntryRef,
    /// Definition HTML (safe; may be empty).
    #[serde(serialize_with = "safe_html")]
    pub(crate) definition: String,
    /// Other forms.
    pub(crate) aliases: Vec<String>,
    /// External reference, or null.
    pub(crate) link: Option<String>,
    /// The speaker's quotes, newest first.
    pub(crate) quotes: Vec<QuoteView>,
    /// Articles that mention it, newest first ([`ArticleSummary`]s).
    pub(crate) articles: Vec<Prepared>,
    /// `backlink.html` for each of `articles`, joined (safe).
    #[serde(serialize_with = "safe_html")]
    pub(crate) articles_html: String,
    /// Its author page (`authors/ID/index.html`) when a byline names it, else null.
    pub(crate) author_path: Option<String>,
}

/// An author page's author: a person entry a byline names.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct AuthorView {
    /// The entry.
    #[serde(flatten)]
    pub(crate) entry: EntryRef,
    /// The articles whose byline names it, newest first ([`ArticleSummary`]s).
    pub(crate) articles: Vec<Prepared>,
    /// `backlink.html` for each of `articles`, joined (safe).
    #[serde(serialize_with = "safe_html")]
    pub(crate) articles_html: String,
}

/// `author.html`
#[derive(Debug, Serialize)]
pub(crate) struct AuthorPage<'a> {
    /// Site values (a [`SiteView`]).
    pub(crate) site: &'a Prepared,
    /// Page values.
    pub(crate) page: PageMeta,
    /// The author.
    pub(crate) author: AuthorView,
}

/// `entry.html`
#[derive(Debug, Serialize)]
pub(crate) struct EntryPage<'a> {
    /// Site values (a [`SiteView`]).
    pub(crate) site: &'a Prepared,
    /// Page values.
    pub(crate) page: PageMeta,
    /// The entry.
    pub(crate) entry: EntryView,
}

/// `404.html`
#[derive(Debug, Serialize)]
pub(crate) struct NotFoundPage<'a> {
    /// Site values (a [`SiteView`]).
    pub(crate) site: &'a Prepared,
    /// Page values.
    pub(crate) page: PageMeta,
}

/// `atom.xml` and `sitemap.xml`
#[derive(Debug, Serialize)]
pub(crate) struct FeedPage<'a> {
    /// Site values (a [`SiteView`]).
    pub(crate) site: &'a Prepared,
    /// Articles, newest first ([`ArticleSummary`]s).
    pub(crate) articles: &'a [Prepared],
    /// Newest date of the site (RFC 3339).
    pub(crate) updated: String,
    /// Glossary entry URL paths (`glossary/thaad/`), for the sitemap.
    pub(crate) entries: Vec<String>,
    /// The pages' URL paths (`about/`), A–Z, for the sitemap.
    pub(crate) pages: Vec<String>,
    /// Author pages' URL paths (`authors/kim/`), by id, for the sitemap.
    pub(crate) authors: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A site folder holding these files under templates/.
    fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            let path = dir.path().join("templates").join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    /// `page` values with this title, path and JSON-LD.
    fn meta(title: &str, path: &str, json_ld: &str) -> PageMeta {
        PageMeta {
            root: String::new(),
            path: path.into(),
            canonical: None,
            title: title.into(),
            description: String::new(),
            has_code: false,
            json_ld: json_ld.into(),
            og_type: "website".into(),
        }
    }

    /// Renders `name` with the `page` values of [`meta`].
    fn render_page(tera: &Tera, name: &str, page: PageMeta) -> Result<String, Error> {
        let site = prepare(&serde_json::json!({}));
        render(tera, name, &NotFoundPage { site: &site, page })
    }

    #[test]
    fn a_site_without_templates_has_the_built_in_theme() {
        let dir = site(&[]);
        let tera = load(dir.path()).unwrap();
        let mut names: Vec<&str> = tera.get_template_names().collect();
        names.sort_unstable();
        let mut builtin: Vec<&str> = BUILTIN.iter().map(|(name, _)| *name).collect();
        builtin.sort_unstable();
        assert_eq!(names, builtin);
        let site = prepare(&serde_json::json!({}));
        let a = prepare(&serde_json::json!({
            "path": "2024/a/index.html", "title": "A & B",
            "date": {"rfc3339": "2024-03-01T00:00:00Z", "display": "1 March 2024"},
        }));
        let view = BacklinkView {
            site: &site,
            root: "../../",
            a: &a,
        };
        assert_eq!(
            render(&tera, "backlink.html", &view).unwrap(),
            "<li><a href=\"../../2024/a/index.html\">A &amp; B</a> \
             <time datetime=\"2024-03-01T00:00:00Z\">1 March 2024</time></li>\n"
        );
    }

    #[test]
    fn a_site_s_template_replaces_the_built_in_one_of_its_name_and_adds_others() {
        let dir = site(&[
            (
                "404.html",
                "{% include \"parts/note.html\" %} {{ page.title }}",
            ),
            ("parts/note.html", "Lost:"),
            // An editor's backup is no template, even a broken one.
            ("404.html~", "{% if %}"),
        ]);
        let tera = load(dir.path()).unwrap();
        let page = meta("Gone", "404.html", "{}");
        assert_eq!(render_page(&tera, "404.html", page).unwrap(), "Lost: Gone");
        assert!(!tera.contains_template("404.html~"));
        assert!(tera.contains_template("article.html"), "the others stay");
    }

    #[test]
    fn a_template_that_does_not_parse_is_an_error_naming_it() {
        let dir = site(&[("index.html", "{% if %}")]);
        match load(dir.path()) {
            Err(Error::Template { name, message }) => {
                assert_eq!(name, "templates/");
                assert!(message.contains("index.html"), "{message}");
            }
            Err(e) => panic!("expected a template error, got {e}"),
            Ok(_) => panic!("expected a template error"),
        }
    }

    #[test]
    fn a_template_that_fails_to_render_is_an_error_naming_it() {
        let dir = site(&[("404.html", "{{ page.nothing.here }}")]);
        let tera = load(dir.path()).unwrap();
        match render_page(&tera, "404.html", meta("Gone", "404.html", "{}")) {
            Err(Error::Template { name, message }) => {
                assert_eq!(name, "404.html");
                assert!(!message.is_empty());
            }
            other => panic!("expected a template error, got {other:?}"),
        }
    }

    #[test]
    fn text_is_escaped_but_slashes_and_html_the_program_made_are_not() {
        let dir = site(&[(
            "404.html",
            "{{ page.title }}|{{ page.path }}|{{ page.json_ld }}|{{ page.json_ld | safe }}\
             |{{ page.title | safe }}|{{ 3 | safe }}",
        )]);
        let tera = load(dir.path()).unwrap();
        let page = meta("<b> & 'q' \"", "a/b/index.html", "<script>{}</script>");
        assert_eq!(
            render_page(&tera, "404.html", page).unwrap(),
            "&lt;b&gt; &amp; &#39;q&#39; &quot;|a/b/index.html|<script>{}</script>\
             |<script>{}</script>|<b> & 'q' \"|3"
        );
    }

    #[test]
    fn safe_html_serialises_as_a_string_tera_marks_safe() {
        let value = prepare(&meta("T", "p", "<x>"));
        let json_ld = value.get_from_path("json_ld").unwrap();
        assert!(json_ld.is_safe());
        assert_eq!(json_ld.as_str(), Some("<x>"));
        assert!(!value.get_from_path("title").unwrap().is_safe());
    }
}
