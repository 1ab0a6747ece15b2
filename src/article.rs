//! An article validated against the site: its front matter checked (title, date, slug,
//! quotes, skip, extra), its URL path chosen, and URL paths that collide reported.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use crate::content::{self, ParsedArticle, SiteConfig};
use crate::diagnostic::{self, Diagnostic, Location, suggestion};
use crate::front::{Seg, YamlPlace};
use crate::glossary::{Glossary, valid_id};
use crate::model::{Annotate, ArticleSummary, Date, QuoteSpec, SourceView, Via, normalize_quote};
use crate::source::SourceFile;
use crate::urls;

/// A validated article.
#[derive(Debug)]
pub(crate) struct Article {
    /// The file up to its body: the front matter, which its problems point into. The body
    /// is read when the article renders ([`Article::read`]), so a large archive never
    /// holds all its text at once.
    pub(crate) front: Arc<SourceFile>,
    pub(crate) disk_path: PathBuf,
    pub(crate) place: YamlPlace,
    pub(crate) title: String,
    pub(crate) date: Date,
    pub(crate) updated: Option<Date>,
    pub(crate) authors: Vec<String>,
    pub(crate) summary: Option<String>,
    pub(crate) tags: Vec<String>,
    pub(crate) source: Option<SourceView>,
    /// `2022/thaad-talks/` (empty never: the root is the index).
    pub(crate) url_path: String,
    pub(crate) annotate: Annotate,
    pub(crate) skip: HashSet<usize>,
    pub(crate) quotes: Vec<QuoteSpec>,
    pub(crate) extra: serde_json::Value,
    /// The glossary entries this article defines, as written: an edit that changes them
    /// changes the whole site's glossary.
    pub(crate) own_entries: BTreeMap<String, crate::front::RawEntry>,
}

impl Article {
    /// `page.root` of its page.
    pub(crate) fn root(&self) -> String {
        urls::root_of(&self.url_path)
    }

    /// Its page in the output.
    pub(crate) fn page_path(&self) -> String {
        urls::page_of(&self.url_path)
    }

    /// What lists of articles show of it.
    pub(crate) fn summary(&self) -> ArticleSummary {
        ArticleSummary {
            title: self.title.clone(),
            path: self.page_path(),
            url_path: self.url_path.clone(),
            date: self.date.clone(),
            updated: self.updated.clone(),
            authors: self.authors.clone(),
            byline: self.authors.join(", "),
            summary: self.summary.clone(),
            tags: self.tags.clone(),
        }
    }

    /// Where a key of its front matter is.
    pub(crate) fn at(&self, path: &[Seg<'_>]) -> Location {
        self.place.at(path)
    }

    /// The whole file as it is now, and where its body starts.
    pub(crate) fn read(&self) -> Result<(SourceFile, usize), Vec<Diagnostic>> {
        content::read_article(&self.disk_path, self.front.path.clone())
    }
}

/// Checks an article's front matter against the site. An article with errors is still
/// returned, so the problems in its body are reported in the same run.
pub(crate) fn validate_article(
    p: ParsedArticle,
    glossary: &Glossary,
    config: &SiteConfig,
    diags: &mut Vec<Diagnostic>,
) -> Article {
    let ParsedArticle {
        file,
        disk_path,
        place,
        front,
        may_have_code: _,
    } = p;
    let own_entries = front.glossary.clone();
    // Where problems with no key of their own point; found only when there is one.
    let fm_start = || {
        Location::in_file(
            &file,
            place.yaml.start.saturating_sub(4)..place.yaml.start.saturating_sub(1),
        )
    };
    let title = match front.title.map(|t| t.trim().to_string()) {
        Some(t) if !t.is_empty() => t,
        Some(_) => {
            diags.push(Diagnostic::error(
                "empty-title",
                place.at(&[Seg::Key("title")]),
                "the title is empty",
            ));
            String::new()
        }
        None => {
            diags.push(
                Diagnostic::error("missing-key", fm_start(), "this article has no `title`")
                    .with_help("add a line `title: …` to the front matter"),
            );
            String::new()
        }
    };
    let date = match front.date.as_deref().map(content::parse_date) {
        Some(Ok(d)) => Some(d),
        Some(Err(e)) => {
            diags.push(
                Diagnostic::error("bad-date", place.at(&[Seg::Key("date")]), e)
                    .with_help("write the date as YYYY-MM-DD (2022-08-11) or RFC 3339 (2022-08-11T09:30:00+09:00)"),
            );
            None
        }
        None => {
            diags.push(
                Diagnostic::error("missing-key", fm_start(), "this article has no `date`")
                    .with_help("add a line `date: YYYY-MM-DD` to the front matter"),
            );
            None
        }
    };
    let updated = match front.updated.as_deref().map(content::parse_date) {
        Some(Ok(d)) => Some(d),
        Some(Err(e)) => {
            diags.push(
                Diagnostic::error("bad-date", place.at(&[Seg::Key("updated")]), e)
                    .with_help("write the date as YYYY-MM-DD"),
            );
            None
        }
        None => None,
    };
    let url_path = match &front.slug {
        Some(slug) => {
            let s = crate::slug::slugify_path(slug);
            if s.is_empty() {
                diags.push(
                    Diagnostic::error(
                        "bad-slug",
                        place.at(&[Seg::Key("slug")]),
                        format!("the slug `{slug}` has no letters or digits"),
                    )
                    .with_help("use words, as in `slug: thaad-talks`"),
                );
            }
            s
        }
        None => {
            let rel = file.path.strip_prefix("content").unwrap_or(&file.path);
            let rel = rel.with_extension("");
            crate::slug::slugify_path(&rel.to_string_lossy())
        }
    };
    if urls::is_reserved(&url_path) && !url_path.is_empty() {
        diags.push(
            Diagnostic::error(
                "reserved-path",
                if front.slug.is_some() {
                    place.at(&[Seg::Key("slug")])
                } else {
                    fm_start()
                },
                format!("the URL path `{url_path}/` is taken by the glossary"),
            )
            .with_help("set another `slug`, or move the file out of a folder named glossary"),
        );
    } else if url_path.is_empty() && front.slug.is_none() {
        diags.push(
            Diagnostic::error(
                "bad-slug",
                fm_start(),
                "this file's name has no letters or digits to make a URL from",
            )
            .with_help("rename the file or set `slug`"),
        );
    }
    let source = front.source.map(|s| {
        if let Some(url) = &s.url
            && !urls::is_web_url(url)
        {
            diags.push(
                Diagnostic::error(
                    "bad-url",
                    place.at(&[Seg::Key("source"), Seg::Key("url")]),
                    "the source URL must be an http or https address",
                )
                .with_help(
                    "write the full address of the original, such as https://example.org/story",
                ),
            );
        }
        SourceView {
            name: s.name,
            url: s.url.filter(|u| urls::is_web_url(u)),
        }
    });
    let mut quotes = Vec::new();
    for (i, q) in front.quotes.iter().enumerate() {
        let speaker = glossary.index_of(q.speaker.trim());
        if speaker.is_none() {
            diags.push(
                Diagnostic::error(
                    "unknown-speaker",
                    place.at(&[Seg::Key("quotes"), Seg::Index(i), Seg::Key("speaker")]),
                    format!("the speaker `{}` is no glossary entry", q.speaker),
                )
                .with_help_opt(
                    suggestion(&q.speaker, glossary.ids())
                        .or_else(|| Some("define the speaker under `glossary:` (kind: person or organization), or in glossary.yaml".into())),
                ),
            );
        }
        let via = match q.via.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(v) => match glossary.index_of(v) {
                Some(e) => Some(Via::Entry(e)),
                None if valid_id(v) && diagnostic::did_you_mean(v, glossary.ids()).is_some() => {
                    diags.push(
                        Diagnostic::error(
                            "unknown-via",
                            place.at(&[Seg::Key("quotes"), Seg::Index(i), Seg::Key("via")]),
                            format!("`{v}` is no glossary entry"),
                        )
                        .with_help_opt(suggestion(v, glossary.ids())),
                    );
                    None
                }
                None => Some(Via::Text(v.to_string())),
            },
        };
        let normalized = normalize_quote(&q.text);
        if normalized.is_empty() {
            diags.push(Diagnostic::error(
                "empty-quote",
                place.at(&[Seg::Key("quotes"), Seg::Index(i), Seg::Key("text")]),
                "the quote's text is empty",
            ));
        }
        if let Some(speaker) = speaker {
            quotes.push(QuoteSpec {
                normalized,
                speaker,
                via,
            });
        } else {
            // Keep positions aligned with the front matter for later reports.
            quotes.push(QuoteSpec {
                normalized: String::new(),
                speaker: 0,
                via: None,
            });
        }
    }
    let mut skip = HashSet::new();
    for id in &front.skip {
        match glossary.index_of(id) {
            Some(e) => {
                skip.insert(e);
            }
            None => diags.push(
                Diagnostic::error(
                    "unknown-term",
                    place.at_text(&[Seg::Key("skip")], id),
                    format!("`{id}` in `skip` is no glossary entry"),
                )
                .with_help_opt(suggestion(id, glossary.ids())),
            ),
        }
    }
    let extra = match front.extra.as_ref().map(crate::front::yaml_to_json) {
        Some(Ok(v)) => v,
        Some(Err(e)) => {
            diags.push(Diagnostic::error(
                "bad-extra",
                place.at(&[Seg::Key("extra")]),
                format!("`extra` cannot be used by templates: {e}"),
            ));
            serde_json::Value::Null
        }
        None => serde_json::Value::Object(Default::default()),
    };
    let authors: Vec<String> = front
        .author
        .map(|a| a.into_vec())
        .unwrap_or_default()
        .into_iter()
        .map(|a| a.trim().to_string())
        .filter(|a| !a.is_empty())
        .collect();
    Article {
        own_entries,
        front: file,
        disk_path,
        place,
        title,
        date: date.unwrap_or_else(|| Date {
            rfc3339: String::new(),
            iso: String::new(),
            display: String::new(),
        }),
        updated,
        authors,
        summary: front
            .summary
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty()),
        tags: front.tags,
        source,
        url_path: format!("{url_path}/"),
        annotate: front.annotate.unwrap_or(config.annotate),
        skip,
        quotes,
        extra,
    }
}

/// Two articles with the same URL path: an error at both.
pub(crate) fn check_collisions(articles: &[Article], diags: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<&str, &Article> = HashMap::new();
    for a in articles {
        if let Some(first) = seen.get(a.url_path.as_str()) {
            let here = |x: &Article| {
                if x.place.file.text[x.place.yaml.clone()].contains("slug:") {
                    x.at(&[Seg::Key("slug")])
                } else {
                    Location::in_file(&x.front, 0..3)
                }
            };
            diags.push(
                Diagnostic::error(
                    "duplicate-path",
                    here(a),
                    format!("two articles have the URL path `{}`", a.url_path),
                )
                .with_related(here(first).labelled("the other article"))
                .with_help("set a different `slug` in one of them"),
            );
        } else {
            seen.insert(&a.url_path, a);
        }
    }
}
