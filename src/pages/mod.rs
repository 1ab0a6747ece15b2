//! The pages a site is made of, from validated articles and the glossary: the article
//! page, the listing pages (index, glossary, entry pages, feeds, sitemap, 404) and their
//! JSON-LD. Templates get plain view structs ([`templates`](crate::templates)).

pub(crate) mod article_page;
pub(crate) mod json_ld;
pub(crate) mod listing;
pub(crate) mod redirect;
pub(crate) mod toc;

use crate::content::SiteConfig;
use crate::glossary::GlossaryEntry;
use crate::model::{Kind, Via};
use crate::templates::{self as tpl, EntryRef, SiteView};
use crate::urls;

/// An entry as templates see it.
pub(crate) fn entry_ref(e: &GlossaryEntry) -> EntryRef {
    EntryRef {
        id: e.id.clone(),
        name: e.name.clone(),
        kind: e.kind,
        expansion: e.expansion.clone(),
        short: e.short.clone(),
        role: e.role.clone(),
        native: e.native.clone(),
        path: urls::entry_page(&e.id),
    }
}

/// Who reported a quote, as templates see it: an entry links to its page.
pub(crate) fn via_view(via: &Via, entries: &[GlossaryEntry]) -> tpl::ViaView {
    match via {
        Via::Entry(i) => tpl::ViaView {
            name: entries[*i].name.clone(),
            path: Some(urls::entry_page(&entries[*i].id)),
        },
        Via::Text(t) => tpl::ViaView {
            name: t.clone(),
            path: None,
        },
    }
}

/// The glossary's heading for a kind of entry, and its schema.org type.
pub(crate) fn kind_label(kind: Kind) -> (&'static str, &'static str) {
    match kind {
        Kind::Term => ("Terms", "DefinedTerm"),
        Kind::Person => ("People", "Person"),
        Kind::Organization => ("Organisations", "Organization"),
        Kind::Place => ("Places", "Place"),
    }
}

/// The site as templates see it.
pub(crate) fn site_view(config: &SiteConfig) -> SiteView {
    SiteView {
        title: config.title.clone(),
        description: config.description.clone(),
        language: config.language.clone(),
        base_url: config.base_url.clone(),
        publisher: config.publisher.clone(),
        extra: config.extra.clone(),
        has_feed: config.base_url.is_some(),
        menu: config.menu_links.clone(),
        urls: tpl::SiteUrls {
            index: urls::INDEX,
            glossary: urls::GLOSSARY,
            glossary_dir: urls::GLOSSARY_DIR,
            feed: urls::FEED,
            style: urls::STYLE,
            highlight_css: urls::HIGHLIGHT_CSS,
            script: urls::SCRIPT,
        },
    }
}

/// The absolute URL of a URL path of the site, when it has a `base_url`.
pub(crate) fn absolute(config: &SiteConfig, url_path: &str) -> Option<String> {
    urls::absolute(config.base_url.as_deref(), url_path)
}

#[cfg(test)]
pub(crate) mod test_site;

#[cfg(test)]
mod tests {
    use super::test_site::{self, SEOUL, THAAD, YONHAP, YOON, config};
    use super::*;

    #[test]
    fn absolute_urls_stand_on_the_base_url_and_need_one() {
        let hosted = config(Some("https://example.org/news/"));
        assert_eq!(
            absolute(&hosted, "2024/a/").as_deref(),
            Some("https://example.org/news/2024/a/")
        );
        assert_eq!(
            absolute(&hosted, "").as_deref(),
            Some("https://example.org/news/")
        );
        assert_eq!(absolute(&config(None), "2024/a/"), None);
    }

    #[test]
    fn each_kind_has_its_heading_and_schema_org_type() {
        assert_eq!(kind_label(Kind::Term), ("Terms", "DefinedTerm"));
        assert_eq!(kind_label(Kind::Person), ("People", "Person"));
        assert_eq!(
            kind_label(Kind::Organization),
            ("Organisations", "Organization")
        );
        assert_eq!(kind_label(Kind::Place), ("Places", "Place"));
    }

    #[test]
    fn a_via_entry_links_to_its_page_and_plain_text_links_nowhere() {
        let entries = test_site::entries();
        let wire = via_view(&Via::Entry(YONHAP), &entries);
        assert_eq!(wire.name, "Yonhap");
        assert_eq!(wire.path.as_deref(), Some("glossary/yonhap/index.html"));
        let told = via_view(&Via::Text("a spokesman".into()), &entries);
        assert_eq!(told.name, "a spokesman");
        assert_eq!(told.path, None);
    }

    #[test]
    fn an_entry_ref_carries_what_lists_show_and_its_page() {
        let entries = test_site::entries();
        let yoon = entry_ref(&entries[YOON]);
        assert_eq!(yoon.id, "yoon");
        assert_eq!(yoon.name, "Yoon Suk Yeol");
        assert_eq!(yoon.kind, Kind::Person);
        assert_eq!(yoon.role.as_deref(), Some("President"));
        assert_eq!(yoon.path, "glossary/yoon/index.html");
        assert_eq!(entry_ref(&entries[SEOUL]).native.as_deref(), Some("서울"));
        assert_eq!(entry_ref(&entries[THAAD]).short, "A missile defence system");
    }

    #[test]
    fn the_site_view_has_a_feed_only_with_a_base_url() {
        let hosted = site_view(&config(Some("https://example.org/")));
        assert!(hosted.has_feed);
        assert_eq!(hosted.base_url.as_deref(), Some("https://example.org/"));
        assert_eq!(hosted.title, "Explained");
        assert_eq!(hosted.publisher, "The Paper");
        assert!(!site_view(&config(None)).has_feed);
        let urls = hosted.urls;
        assert_eq!(
            [urls.index, urls.glossary, urls.glossary_dir, urls.feed],
            ["index.html", "glossary/index.html", "glossary/", "atom.xml"]
        );
        assert_eq!(
            [urls.style, urls.highlight_css, urls.script],
            ["style.css", "highlight.css", "explainer.js"]
        );
    }
}
