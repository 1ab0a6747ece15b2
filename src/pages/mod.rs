//! The pages a site is made of, from validated articles and the glossary: the article
//! page, the listing pages (index, glossary, entry pages, feeds, sitemap, 404) and their
//! JSON-LD. Templates get plain view structs ([`templates`](crate::templates)).

pub(crate) mod article_page;
pub(crate) mod json_ld;
pub(crate) mod listing;

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
