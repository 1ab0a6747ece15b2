//! JSON-LD (schema.org) for every page, serialised safe inside `<script>`: `NewsArticle`
//! and `Quotation` on articles, `WebPage` on pages, `WebSite` on the index, `DefinedTermSet` on the glossary,
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
    image: Option<&str>,
) -> String {
    let url = absolute(config, &a.url_path);
    let news = NewsArticle {
        kind: "NewsArticle",
        author: a
            .author_links
            .iter()
            .map(|l| Author {
                kind: "Person",
                name: &l.name,
                // The page's folder, as every absolute URL of the site names a page.
                url: l
                    .path
                    .as_deref()
                    .and_then(|p| absolute(config, p.strip_suffix(urls::INDEX)?)),
            })
            .collect(),
        correction: a
            .corrections
            .iter()
            .map(|c| CorrectionComment {
                kind: "CorrectionComment",
                date_published: &c.date.rfc3339,
                text: &c.text,
            })
            .collect(),
        date_modified: &a.modified().unwrap_or(&a.date).rfc3339,
        date_published: &a.date.rfc3339,
        description: &a.summary,
        headline: &a.title,
        image,
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

/// A page (`layout: page`): a `WebPage` of the site, with no dates or byline.
pub(crate) fn web_page(config: &SiteConfig, a: &Article) -> String {
    let mut page = json!({
        "@context": "https://schema.org",
        "@type": "WebPage",
        "name": a.title,
        "description": a.summary,
        "url": absolute(config, &a.url_path),
        "isPartOf": { "@type": "WebSite", "name": config.title, "url": absolute(config, "") },
    });
    if !a.corrections.is_empty() {
        page["correction"] = a
            .corrections
            .iter()
            .map(|c| {
                json!({
                    "@type": "CorrectionComment",
                    "datePublished": c.date.rfc3339,
                    "text": c.text,
                })
            })
            .collect();
    }
    script_json(&page)
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

/// An author's page: a `ProfilePage` about the person.
pub(crate) fn author_page(config: &SiteConfig, e: &GlossaryEntry) -> String {
    script_json(&json!({
        "@context": "https://schema.org",
        "@type": "ProfilePage",
        "mainEntity": {
            "@type": "Person",
            "name": e.name,
            "jobTitle": e.role,
            "url": absolute(config, &urls::author_dir(&e.id)),
        },
        "url": absolute(config, &urls::author_dir(&e.id)),
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
    author: Vec<Author<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    correction: Vec<CorrectionComment<'a>>,
    #[serde(rename = "dateModified")]
    date_modified: &'a str,
    #[serde(rename = "datePublished")]
    date_published: &'a str,
    description: &'a Option<String>,
    headline: &'a str,
    /// The lead image's absolute URL (omitted without one or without `base_url`).
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<&'a str>,
    keywords: &'a [String],
    publisher: Named<'a>,
    url: &'a Option<String>,
    mentions: Vec<&'a Value>,
}

/// A correction note of an article.
#[derive(Serialize)]
struct CorrectionComment<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "datePublished")]
    date_published: &'a str,
    text: &'a str,
}

/// A byline's person, with their author page when they have one.
#[derive(Serialize)]
struct Author<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
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

#[cfg(test)]
mod tests {
    use super::super::test_site::{self, SEOUL, THAAD, YOON, body, config};
    use super::*;

    const HOSTED: Option<&str> = Some("https://example.org/");

    /// An article by two authors, with a quote of Yoon's reported by Yonhap that the body
    /// holds and one of Yonhap's that it does not.
    fn talks() -> Article {
        test_site::article(
            "content/2024/talks.md",
            "title: Talks <resumed>\ndate: 2024-03-01\nupdated: 2024-03-02\n\
             author: [Kim, Lee]\nsummary: What & why\ntags: [defence]\nquotes:\n\
             \x20 - text: We will talk\n    speaker: yoon\n    via: yonhap\n\
             \x20 - text: Never\n    speaker: yonhap\n",
        )
    }

    #[test]
    fn an_article_is_a_news_article_with_its_mentions_last_and_its_quotations() {
        let c = config(HOSTED);
        let entries = test_site::entries();
        let mentions: Vec<Value> = entries.iter().map(|e| mention(&c, e)).collect();
        let r = body(&[YOON, SEOUL], &[Some("“We will talk.”"), None]);
        assert_eq!(
            article(&c, &talks(), &r, &entries, &mentions, None),
            concat!(
                r#"{"@context":"https://schema.org","@graph":[{"@type":"NewsArticle","#,
                r#""author":[{"@type":"Person","name":"Kim"},{"@type":"Person","name":"Lee"}],"#,
                r#""dateModified":"2024-03-02T00:00:00Z","datePublished":"2024-03-01T00:00:00Z","#,
                r#""description":"What \u0026 why","headline":"Talks \u003cresumed\u003e","#,
                r#""keywords":["defence"],"publisher":{"@type":"Organization","name":"The Paper"},"#,
                r#""url":"https://example.org/2024/talks/","mentions":["#,
                r#"{"@type":"Person","description":"","name":"Yoon Suk Yeol","url":"https://example.org/glossary/yoon/"},"#,
                r#"{"@type":"Place","description":"","name":"Seoul","url":"https://example.org/glossary/seoul/"}]},"#,
                r#"{"@type":"Quotation","creator":{"@type":"Person","name":"Yoon Suk Yeol"},"#,
                r#""isBasedOn":{"@type":"NewsArticle","headline":"Talks \u003cresumed\u003e","#,
                r#""url":"https://example.org/2024/talks/"},"text":"“We will talk.”"}]}"#,
            )
        );
    }

    #[test]
    fn without_a_base_url_an_article_has_no_urls_and_its_date_is_its_last_change() {
        let c = config(None);
        let entries = test_site::entries();
        let mentions: Vec<Value> = entries.iter().map(|e| mention(&c, e)).collect();
        let a = test_site::article("content/a.md", "title: A\ndate: 2024-03-01\n");
        let ld = article(&c, &a, &body(&[THAAD], &[]), &entries, &mentions, None);
        let ld: Value = serde_json::from_str(&ld).unwrap();
        let news = &ld["@graph"][0];
        assert_eq!(news["url"], Value::Null);
        assert_eq!(news["dateModified"], "2024-03-01T00:00:00Z");
        assert_eq!(news["description"], Value::Null);
        assert_eq!(news["mentions"][0]["url"], Value::Null);
        assert_eq!(ld["@graph"].as_array().map(Vec::len), Some(1));
    }

    #[test]
    fn an_entry_is_its_kind_s_schema_org_type_with_what_that_type_has() {
        let c = config(HOSTED);
        let entries = test_site::entries();
        assert_eq!(
            entry(&c, &entries[THAAD]),
            concat!(
                r#"{"@context":"https://schema.org","@type":"DefinedTerm","#,
                r#""description":"A missile defence system","#,
                r#""inDefinedTermSet":"https://example.org/glossary/","name":"THAAD","#,
                r#""sameAs":null,"termCode":"thaad","url":"https://example.org/glossary/thaad/"}"#,
            )
        );
        assert_eq!(
            entry(&c, &entries[YOON]),
            concat!(
                r#"{"@context":"https://schema.org","@type":"Person","description":null,"#,
                r#""jobTitle":"President","name":"Yoon Suk Yeol","sameAs":null,"#,
                r#""url":"https://example.org/glossary/yoon/"}"#,
            )
        );
        assert_eq!(
            entry(&c, &entries[SEOUL]),
            concat!(
                r#"{"@context":"https://schema.org","@type":"Place","alternateName":"서울","#,
                r#""description":null,"name":"Seoul","sameAs":null,"#,
                r#""url":"https://example.org/glossary/seoul/"}"#,
            )
        );
    }

    #[test]
    fn without_a_base_url_a_term_s_set_is_the_glossary_beside_its_page() {
        let ld = entry(&config(None), &test_site::entries()[THAAD]);
        let ld: Value = serde_json::from_str(&ld).unwrap();
        assert_eq!(ld["inDefinedTermSet"], "../");
        assert_eq!(ld["url"], Value::Null);
    }

    #[test]
    fn the_glossary_s_defined_term_set_holds_its_terms_only() {
        let c = config(HOSTED);
        let ld: Value = serde_json::from_str(&glossary(&c, &test_site::entries())).unwrap();
        assert_eq!(ld["@type"], "DefinedTermSet");
        assert_eq!(ld["name"], "Explained glossary");
        assert_eq!(ld["url"], "https://example.org/glossary/");
        let terms = ld["hasDefinedTerm"].as_array().unwrap();
        assert_eq!(terms.len(), 1);
        assert_eq!(terms[0]["termCode"], "thaad");
    }

    #[test]
    fn the_index_is_the_web_site() {
        assert_eq!(
            website(&config(HOSTED)),
            concat!(
                r#"{"@context":"https://schema.org","@type":"WebSite","#,
                r#""description":"The news, explained","name":"Explained","url":"https://example.org/"}"#,
            )
        );
    }
}
