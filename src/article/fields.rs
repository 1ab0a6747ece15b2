//! One check per key of an article's front matter: each takes the value as written, pushes
//! its problems, and returns what the article keeps (a placeholder when the value is bad,
//! so the rest of the article is still checked).

use std::collections::HashSet;
use std::path::Path;

use crate::content;
use crate::diagnostic::{self, Diagnostic, Location, suggestion};
use crate::front::{RawCorrection, RawQuote, RawSource, Seg, YamlPlace};
use crate::glossary::{Glossary, valid_id};
use crate::model::{Correction, Date, Layout, QuoteSpec, SourceView, Via, normalize_quote};
use crate::urls;

/// The front matter's opening `---`: where a problem with no key of its own points.
pub(super) fn front_matter_start(place: &YamlPlace) -> Location {
    let start = place.yaml.start;
    Location::in_file(
        &place.file,
        start.saturating_sub(4)..start.saturating_sub(1),
    )
}

/// `title`: required, and not blank.
pub(super) fn title(
    title: Option<String>,
    place: &YamlPlace,
    diags: &mut Vec<Diagnostic>,
) -> String {
    match title.map(|t| t.trim().to_string()) {
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
                Diagnostic::error(
                    "missing-key",
                    front_matter_start(place),
                    "this article has no `title`",
                )
                .with_help("add a line `title: …` to the front matter"),
            );
            String::new()
        }
    }
}

/// `layout`: `article` (the default) or `page`; anything else is an error with the
/// nearest name.
pub(super) fn layout(
    layout: Option<&str>,
    place: &YamlPlace,
    diags: &mut Vec<Diagnostic>,
) -> Layout {
    let Some(name) = layout.map(str::trim) else {
        return Layout::Article;
    };
    Layout::from_name(name).unwrap_or_else(|| {
        diags.push(
            Diagnostic::error(
                "bad-layout",
                place.at(&[Seg::Key("layout")]),
                format!("`{name}` is no layout"),
            )
            .with_help(suggestion(name, Layout::NAMES).unwrap_or_else(|| {
                "write `layout: page` for a page listed nowhere (About, Contact), or leave `layout` out for an article".into()
            })),
        );
        Layout::Article
    })
}

/// The keys a page (`layout: page`) takes but cannot use: `author` (a page shows no
/// byline and makes no author page) is a warning at the key.
pub(super) fn page_keys(
    layout: Layout,
    author: Option<&serde_yaml::Value>,
    place: &YamlPlace,
    diags: &mut Vec<Diagnostic>,
) {
    if layout != Layout::Page || author.is_none_or(serde_yaml::Value::is_null) {
        return;
    }
    diags.push(
        Diagnostic::warning(
            "page-author",
            place.at(&[Seg::Key("author")]),
            "`author` has no effect on a page: a page shows no byline and makes no author page",
        )
        .with_help(
            "remove `author`, or leave out `layout: page` to make this an article with a byline",
        ),
    );
}

/// `date`: a real date, required of an article (a page may leave it out). A missing or
/// bad one leaves the date empty.
pub(super) fn date(
    date: Option<&str>,
    layout: Layout,
    place: &YamlPlace,
    diags: &mut Vec<Diagnostic>,
) -> Date {
    let parsed = match date.map(content::parse_date) {
        Some(Ok(d)) => Some(d),
        Some(Err(e)) => {
            diags.push(
                Diagnostic::error("bad-date", place.at(&[Seg::Key("date")]), e)
                    .with_help("write the date as YYYY-MM-DD (2022-08-11) or RFC 3339 (2022-08-11T09:30:00+09:00)"),
            );
            None
        }
        None if layout == Layout::Page => None,
        None => {
            diags.push(
                Diagnostic::error(
                    "missing-key",
                    front_matter_start(place),
                    "this article has no `date`",
                )
                .with_help("add a line `date: YYYY-MM-DD` to the front matter"),
            );
            None
        }
    };
    parsed.unwrap_or_else(|| Date {
        rfc3339: String::new(),
        iso: String::new(),
        display: String::new(),
    })
}

/// `updated`: optional, a real date when set, and not before the article's day (as a
/// correction's); a bad one is left out.
pub(super) fn updated(
    updated: Option<&str>,
    published: &Date,
    place: &YamlPlace,
    diags: &mut Vec<Diagnostic>,
) -> Option<Date> {
    match content::parse_date(updated?) {
        Ok(d) if !published.iso.is_empty() && d.iso < published.iso => {
            diags.push(
                Diagnostic::error(
                    "bad-date",
                    place.at(&[Seg::Key("updated")]),
                    format!(
                        "the article is updated on {}, before it is published ({})",
                        d.iso, published.iso
                    ),
                )
                .with_help("`updated` comes on or after `date`: check the year and the month, or remove `updated`"),
            );
            None
        }
        Ok(d) => Some(d),
        Err(e) => {
            diags.push(
                Diagnostic::error("bad-date", place.at(&[Seg::Key("updated")]), e)
                    .with_help("write the date as YYYY-MM-DD"),
            );
            None
        }
    }
}

/// `corrections`: each a date no earlier than the article's and a text, newest first
/// (notes of the same date in the order written). A bad item is left out. Raw HTML in a
/// text is kept only with `raw_html`, as in a body.
pub(super) fn corrections(
    raw: &[RawCorrection],
    published: &Date,
    raw_html: bool,
    place: &YamlPlace,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Correction> {
    let mut out: Vec<Correction> = raw
        .iter()
        .enumerate()
        .filter_map(|(i, c)| correction(i, c, published, raw_html, place, diags))
        .collect();
    // Stable: notes of one date keep the order they were written in.
    out.sort_by(
        |a, b| match (a.date.is_after(&b.date), b.date.is_after(&a.date)) {
            (true, _) => std::cmp::Ordering::Less,
            (_, true) => std::cmp::Ordering::Greater,
            _ => std::cmp::Ordering::Equal,
        },
    );
    out
}

/// One correction: its date must be real and not before the article's day, its text not
/// blank.
fn correction(
    i: usize,
    c: &RawCorrection,
    published: &Date,
    raw_html: bool,
    place: &YamlPlace,
    diags: &mut Vec<Diagnostic>,
) -> Option<Correction> {
    let item = [Seg::Key("corrections"), Seg::Index(i)];
    let at = |key| place.at(&[item[0], item[1], Seg::Key(key)]);
    let text = c.text.as_deref().map(str::trim).unwrap_or_default();
    if text.is_empty() {
        let (at, message) = match c.text {
            Some(_) => (at("text"), "the correction's text is empty"),
            None => (place.at(&item), "this correction has no `text`"),
        };
        diags.push(Diagnostic::error("missing-key", at, message).with_help(
            "say what was corrected, as in `text: An earlier version misspelt Lee's name.`",
        ));
    }
    let date = match c.date.as_deref().map(content::parse_date) {
        Some(Ok(d)) => d,
        Some(Err(e)) => {
            diags.push(
                Diagnostic::error("bad-date", at("date"), e)
                    .with_help("write the date as YYYY-MM-DD or RFC 3339, as for `date`"),
            );
            return None;
        }
        None => {
            diags.push(
                Diagnostic::error(
                    "missing-key",
                    place.at(&item),
                    "this correction has no `date`",
                )
                .with_help("add `date: YYYY-MM-DD`: the day the article was corrected"),
            );
            return None;
        }
    };
    if !published.iso.is_empty() && date.iso < published.iso {
        diags.push(
            Diagnostic::error(
                "bad-date",
                at("date"),
                format!(
                    "the correction is dated {}, before the article ({})",
                    date.iso, published.iso
                ),
            )
            .with_help(
                "a correction comes on or after the article's `date`: check the year and the month",
            ),
        );
        return None;
    }
    if text.is_empty() {
        return None;
    }
    let note = crate::markdown::render_note(text, raw_html);
    if note.raw_html_left_out {
        diags.push(
            Diagnostic::warning("raw-html", at("text"), "raw HTML is left out of the correction")
                .with_help("write it in Markdown, or set `raw_html: true` in site.yaml if you trust every author"),
        );
    }
    Some(Correction {
        html: note.html,
        text: note.text,
        date,
        prominent: c.prominent,
    })
}

/// `expires`: optional, a real date after `date` (an article taken down before it is
/// published would never be seen).
pub(super) fn expires(
    expires: Option<&str>,
    date: Option<&str>,
    place: &YamlPlace,
    diags: &mut Vec<Diagnostic>,
) {
    let Some(expires) = expires else { return };
    let at = || place.at(&[Seg::Key("expires")]);
    if let Err(e) = content::parse_date(expires) {
        diags.push(
            Diagnostic::error("bad-date", at(), e)
                .with_help("write the date as YYYY-MM-DD (2022-08-11) or RFC 3339"),
        );
        return;
    }
    let (Some(end), Some(start)) = (
        content::timestamp(expires),
        date.and_then(content::timestamp),
    ) else {
        return;
    };
    if end <= start {
        diags.push(
            Diagnostic::error(
                "bad-expires",
                at(),
                format!("`expires` ({}) is not after `date`", expires.trim()),
            )
            .with_help("set `expires` to a date after the publication date, or remove it"),
        );
    }
}

/// The article's URL path, from `slug` or the file's path: it must have letters or digits,
/// and must not be the glossary's.
pub(super) fn url_path(
    file: &Path,
    slug: Option<&str>,
    place: &YamlPlace,
    diags: &mut Vec<Diagnostic>,
) -> String {
    let stem = urls::article_stem(file, slug);
    if let Some(slug) = slug
        && stem.is_empty()
    {
        diags.push(
            Diagnostic::error(
                "bad-slug",
                place.at(&[Seg::Key("slug")]),
                format!("the slug `{slug}` has no letters or digits"),
            )
            .with_help("use words, as in `slug: thaad-talks`"),
        );
    }
    if urls::is_reserved(&stem) && !stem.is_empty() {
        let at = match slug {
            Some(_) => place.at(&[Seg::Key("slug")]),
            None => front_matter_start(place),
        };
        diags.push(
            Diagnostic::error(
                "reserved-path",
                at,
                format!(
                    "the URL path `{stem}/` is taken by the {}",
                    match urls::reserved_by(&stem) {
                        Some("authors") => "author pages",
                        _ => "glossary",
                    }
                ),
            )
            .with_help(
                "set another `slug`, or move the file out of a folder named glossary or authors",
            ),
        );
    } else if stem.is_empty() && slug.is_none() {
        diags.push(
            Diagnostic::error(
                "bad-slug",
                front_matter_start(place),
                "this file's name has no letters or digits to make a URL from",
            )
            .with_help("rename the file or set `slug`"),
        );
    }
    urls::folder_of(&stem)
}

/// `aliases`: each an old URL path inside the output, as [`urls::alias_page`] reads it;
/// a bad one is reported at its item and left out.
pub(super) fn aliases(
    written: &[String],
    place: &YamlPlace,
    diags: &mut Vec<Diagnostic>,
) -> Vec<super::Alias> {
    let mut aliases = Vec::with_capacity(written.len());
    for (index, w) in written.iter().enumerate() {
        let why = match urls::alias_page(w) {
            Ok(page) => {
                aliases.push(super::Alias {
                    page,
                    written: w.clone(),
                    index,
                });
                continue;
            }
            Err(urls::BadAlias::Empty) => "is empty",
            Err(urls::BadAlias::Space) => "has white space or a control character in it",
            Err(urls::BadAlias::NotAPath) => "is an address, not a path of this site",
            Err(urls::BadAlias::Climbs) => {
                "has an empty, `.` or `..` part, so it could leave the site"
            }
            Err(urls::BadAlias::Pattern) => {
                "has a `*` or a part starting with `:`, which hosts read in _redirects as a pattern matching other URLs"
            }
        };
        let at = place.at_text(&[Seg::Key("aliases"), Seg::Index(index)], w);
        let shown: String = w.chars().flat_map(char::escape_default).take(60).collect();
        diags.push(
            Diagnostic::error("bad-alias", at, format!("the alias `{shown}` {why}"))
                .with_help("write the old URL path of the article from the site's root, as in `2022/old-slug/` or `/news/old.html`"),
        );
    }
    aliases
}

/// `source`: its URL, when set, must be a web address; a bad one is left out.
pub(super) fn source(
    source: RawSource,
    place: &YamlPlace,
    diags: &mut Vec<Diagnostic>,
) -> SourceView {
    if let Some(url) = &source.url
        && !urls::is_web_url(url)
    {
        diags.push(
            Diagnostic::error(
                "bad-url",
                place.at(&[Seg::Key("source"), Seg::Key("url")]),
                "the source URL must be an http or https address",
            )
            .with_help("write the full address of the original, such as https://example.org/story"),
        );
    }
    SourceView {
        name: source.name,
        url: source.url.filter(|u| urls::is_web_url(u)),
    }
}

/// `image`: its `src` must be a path, not blank and not on another host (the size of a
/// lead image is read from its file); false when it is unusable.
pub(super) fn image(
    image: &crate::front::RawImage,
    place: &YamlPlace,
    diags: &mut Vec<Diagnostic>,
) -> bool {
    let src = image.src.trim();
    let why = if src.is_empty() {
        "the lead image's `src` is blank"
    } else if crate::images::is_remote(src) {
        "a lead image must be a file of the site, so that its size is known"
    } else {
        return true;
    };
    diags.push(
        Diagnostic::error(
            "bad-image",
            place.at(&[Seg::Key("image"), Seg::Key("src")]),
            why,
        )
        .with_help(
            "put the image beside the article's index.md and write its name, as in `src: map.png`",
        ),
    );
    false
}

/// `quotes`: one attribution per item, in order, so that later reports can point at the
/// item by its index.
pub(super) fn quotes(
    quotes: &[RawQuote],
    glossary: &Glossary,
    place: &YamlPlace,
    diags: &mut Vec<Diagnostic>,
) -> Vec<QuoteSpec> {
    quotes
        .iter()
        .enumerate()
        .map(|(i, q)| quote(i, q, glossary, place, diags))
        .collect()
}

/// One quote: its speaker must be an entry, its `via` an entry or plain text, its text
/// not blank. A quote with an unknown speaker is kept empty, holding its place.
fn quote(
    i: usize,
    q: &RawQuote,
    glossary: &Glossary,
    place: &YamlPlace,
    diags: &mut Vec<Diagnostic>,
) -> QuoteSpec {
    let at = |key| place.at(&[Seg::Key("quotes"), Seg::Index(i), Seg::Key(key)]);
    let speaker = glossary.index_of(q.speaker.trim());
    if let (None, Some(w)) = (speaker, glossary.withheld(q.speaker.trim())) {
        let (why, help) = w.explain(q.speaker.trim());
        diags.push(
            Diagnostic::error(
                "unknown-speaker",
                at("speaker"),
                format!("the speaker `{}` {why}", q.speaker.trim()),
            )
            .with_help(help),
        );
    } else if speaker.is_none() {
        diags.push(
            Diagnostic::error(
                "unknown-speaker",
                at("speaker"),
                format!("the speaker `{}` is no glossary entry", q.speaker),
            )
            .with_help_opt(
                suggestion(&q.speaker, glossary.ids())
                    .or_else(|| Some("define the speaker under `glossary:` (kind: person or organization), or in glossary.yaml".into())),
            ),
        );
    }
    let via = via(q.via.as_deref(), glossary, || at("via"), diags);
    let normalized = normalize_quote(&q.text);
    if normalized.is_empty() {
        diags.push(Diagnostic::error(
            "empty-quote",
            at("text"),
            "the quote's text is empty",
        ));
    }
    match speaker {
        Some(speaker) => QuoteSpec {
            normalized,
            speaker,
            via,
        },
        None => QuoteSpec {
            normalized: String::new(),
            speaker: 0,
            via: None,
        },
    }
}

/// A quote's `via`: an entry's id, or plain text (a newspaper with no entry). Only what
/// looks like a misspelt id is an error.
fn via(
    via: Option<&str>,
    glossary: &Glossary,
    at: impl FnOnce() -> Location,
    diags: &mut Vec<Diagnostic>,
) -> Option<Via> {
    let v = via.map(str::trim).filter(|v| !v.is_empty())?;
    if let Some(e) = glossary.index_of(v) {
        return Some(Via::Entry(e));
    }
    if let Some(w) = glossary.withheld(v) {
        let (why, help) = w.explain(v);
        diags.push(Diagnostic::error("unknown-via", at(), format!("`{v}` {why}")).with_help(help));
        return None;
    }
    if valid_id(v) && diagnostic::did_you_mean(v, glossary.ids()).is_some() {
        diags.push(
            Diagnostic::error("unknown-via", at(), format!("`{v}` is no glossary entry"))
                .with_help_opt(suggestion(v, glossary.ids())),
        );
        return None;
    }
    Some(Via::Text(v.to_string()))
}

/// `skip`: the entries not to annotate automatically; each must be an entry.
pub(super) fn skip(
    skip: &[String],
    glossary: &Glossary,
    place: &YamlPlace,
    diags: &mut Vec<Diagnostic>,
) -> HashSet<usize> {
    let mut entries = HashSet::new();
    for id in skip {
        match glossary.index_of(id) {
            Some(e) => {
                entries.insert(e);
            }
            None => {
                let at = place.at_text(&[Seg::Key("skip")], id);
                diags.push(match glossary.withheld(id) {
                    Some(w) => {
                        let (why, help) = w.explain(id);
                        Diagnostic::error("unknown-term", at, format!("`{id}` in `skip` {why}"))
                            .with_help(help)
                    }
                    None => Diagnostic::error(
                        "unknown-term",
                        at,
                        format!("`{id}` in `skip` is no glossary entry"),
                    )
                    .with_help_opt(suggestion(id, glossary.ids())),
                });
            }
        }
    }
    entries
}

/// `summary`: trimmed; a blank one is none.
pub(super) fn summary(summary: Option<String>) -> Option<String> {
    summary
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

/// `toc`: `true` or `false` when set; anything else is an error, and the table of
/// contents is then automatic.
pub(super) fn toc(
    toc: Option<&serde_yaml::Value>,
    place: &YamlPlace,
    diags: &mut Vec<Diagnostic>,
) -> Option<bool> {
    match toc? {
        serde_yaml::Value::Bool(b) => Some(*b),
        _ => {
            diags.push(
                Diagnostic::error(
                    "bad-toc",
                    place.at(&[Seg::Key("toc")]),
                    "`toc` must be true or false",
                )
                .with_help("write `toc: true` to always show the table of contents, `toc: false` never to; leave it out to show it when the article has three or more sections (## headings)"),
            );
            None
        }
    }
}
