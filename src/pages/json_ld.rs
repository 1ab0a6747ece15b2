//! JSON-LD (schema.org) for every page, serialised safe inside `<script>`: `NewsArticle`
//! and `Quotation` on articles, `WebSite` on the index, `DefinedTermSet` on the glossary,
//! and `DefinedTerm`, `Person`, `Organization` or `Place` on entry pages.
//!
//! Keys come in the order of their names (serde_json's maps are sorted), but for an
//! article's `mentions`, which close its node.

use serde::Serialize;
use serde_json::{Value, json};

use super::{absolute, kind_label};
use crate::article::Article;
use crate::body::Rendered;
use crate::content::SiteConfig;
use crate::glossary::GlossaryEntry;
use crate::html::script_json;
use crate::model::Kind;
use crate::urls;

/// An entry as an item of an article's `mentions` (made once per build, shared by every
/// article that mentions it).
pub(crate) fn mention(config: &SiteConfig, e: &GlossaryEntry) -> Value {
    json!({
        "@type": kind_label(e.kind).1,
        "name": e.name,
        "description": e.short,
        "url": absolute(config, &urls::entry_dir(&e.id)),
    })
}

/// An article's page: `{"@context": …, "@graph": [NewsArticle with mentions, Quotation…]}`.
/// `mentions` holds [`mention`] of every entry, by entry.
pub(crate) fn article(
    config: &SiteConfig,
    a: &Article,
    r: &Rendered,
    entries: &[GlossaryEntry],
    mentions: &[Value],
) -> String {
    let url = absolute(config, &a.url_path);
    let news = NewsArticle {
        kind: "NewsArticle",
        author: a
            .authors
            .iter()
            .map(|n| Named {
                kind: "Person",
                name: n,
            })
            .collect(),
        date_modified: &a.updated.as_ref().unwrap_or(&a.date).rfc3339,
        date_published: &a.date.rfc3339,
        description: &a.summary,
        headline: &a.title,
        keywords: &a.tags,
        publisher: Named {
            kind: "Organization",
            name: &config.publisher,
        },
        url: &url,
        mentions: r.findings.mentioned.iter().map(|&e| &mentions[e]).collect(),
    };
    let quotes = a
        .quotes
        .iter()
        .zip(&r.findings.quote_texts)
        .filter_map(|(q, text)| {
            let speaker = &entries[q.speaker];
            Some(Node::Quotation(Quotation {
                kind: "Quotation",
                creator: Named {
                    kind: kind_label(speaker.kind).1,
                    name: &speaker.name,
                },
                is_based_on: BasedOn {
                    kind: "NewsArticle",
                    headline: &a.title,
                    url: &url,
                },
                text: text.as_deref()?,
            }))
        });
    script_json(&Graph {
        context: "https://schema.org",
        graph: std::iter::once(Node::Article(news)).chain(quotes).collect(),
    })
}

/// The index: the site as a `WebSite`.
pub(crate) fn website(config: &SiteConfig) -> String {
    script_json(&json!({
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": config.title,
        "description": config.description,
        "url": absolute(config, ""),
    }))
}

/// The glossary page: its terms as a `DefinedTermSet`.
pub(crate) fn glossary(config: &SiteConfig, entries: &[GlossaryEntry]) -> String {
    script_json(&json!({
        "@context": "https://schema.org",
        "@type": "DefinedTermSet",
        "name": format!("{} glossary", config.title),
        "url": absolute(config, urls::GLOSSARY_DIR),
        "hasDefinedTerm": entries.iter().filter(|e| e.kind == Kind::Term).map(|e| json!({
            "@type": "DefinedTerm", "name": e.name, "description": e.short, "termCode": e.id,
            "url": absolute(config, &urls::entry_dir(&e.id)),
        })).collect::<Vec<_>>(),
    }))
}

/// An entry's page: the entry as its schema.org type.
pub(crate) fn entry(config: &SiteConfig, e: &GlossaryEntry) -> String {
    let mut ld = json!({
        "@context": "https://schema.org",
        "@type": kind_label(e.kind).1,
        "name": e.name,
        "description": if e.short.is_empty() { None } else { Some(&e.short) },
        "url": absolute(config, &urls::entry_dir(&e.id)),
        "sameAs": e.link,
    });
    if e.kind == Kind::Term {
        // Without a base URL, the glossary as seen from the entry's page.
        ld["inDefinedTermSet"] =
            json!(absolute(config, urls::GLOSSARY_DIR).unwrap_or_else(|| "../".into()));
        ld["termCode"] = json!(e.id);
    }
    if e.kind == Kind::Person {
        ld["jobTitle"] = json!(e.role);
    }
    if let Some(native) = &e.native {
        ld["alternateName"] = json!(native);
    }
    script_json(&ld)
}

#[derive(Serialize)]
struct Graph<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@graph")]
    graph: Vec<Node<'a>>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Node<'a> {
    Article(NewsArticle<'a>),
    Quotation(Quotation<'a>),
}

/// Fields in the order of their names, as the other nodes' keys; `mentions` last.
#[derive(Serialize)]
struct NewsArticle<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    author: Vec<Named<'a>>,
    #[serde(rename = "dateModified")]
    date_modified: &'a str,
    #[serde(rename = "datePublished")]
    date_published: &'a str,
    description: &'a Option<String>,
    headline: &'a str,
    keywords: &'a [String],
    publisher: Named<'a>,
    url: &'a Option<String>,
    mentions: Vec<&'a Value>,
}

/// `{"@type": …, "name": …}`.
#[derive(Serialize)]
struct Named<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
}

#[derive(Serialize)]
struct Quotation<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    creator: Named<'a>,
    #[serde(rename = "isBasedOn")]
    is_based_on: BasedOn<'a>,
    text: &'a str,
}

/// The article a quotation is from.
#[derive(Serialize)]
struct BasedOn<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    headline: &'a str,
    url: &'a Option<String>,
}
