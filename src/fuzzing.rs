//! Entry points for the fuzz targets in `fuzz/` (the `fuzzing` feature only): one article
//! taken through the stages of a build or a check in memory, against the example site's
//! settings and glossary, with every diagnostic rendered. None of them may panic, hang or
//! take unbounded memory on any input.

use std::path::Path;
use std::sync::OnceLock;

use crate::article;
use crate::check::lint::{self, CopyDesk};
use crate::content::{self, SiteConfig};
use crate::diagnostic::Diagnostic;
use crate::front::EntryOrigin;
use crate::front::RawEntry;
use crate::glossary::Glossary;
use crate::pages::article_page::ArticlePages;
use crate::pages::listing::{Listing, ListingCache, ListingPage};
use crate::sink::MemorySink;
use crate::source::SourceFile;
use crate::{front, limits, templates};

/// What every run shares: the example site's settings, glossary file and the built-in
/// templates.
struct Fixture {
    config: SiteConfig,
    entries: Vec<(String, RawEntry, EntryOrigin)>,
    templates: tera::Tera,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut diags = Vec::new();
        let config = content::load_config(root, &mut diags);
        let entries = content::load_glossary_file(root, &mut diags);
        // No site folder of its own: the built-in templates.
        let templates = templates::load(&root.join("fuzz/no-site")).expect("built-in templates");
        Fixture {
            config,
            entries,
            templates,
        }
    })
}

/// Renders every diagnostic, as `build` and `check` print them.
fn show(diags: &[Diagnostic]) {
    for d in diags {
        std::hint::black_box(d.render(false));
        std::hint::black_box(serde_json::to_string(d).ok());
    }
}

/// The front matter of an article file (`---`, YAML, `---`, then the body): split,
/// parsed and checked against the site, as a build reads it.
pub fn front_matter(text: &str) {
    let fixture = fixture();
    let file = SourceFile::new("content/fuzz.md", text.to_string());
    let parsed = match content::parse_article(file, Path::new("content/fuzz.md")) {
        Ok(p) => p,
        Err(problems) => return show(&problems),
    };
    let mut diags = Vec::new();
    let glossary = glossary_with(fixture, &parsed, &mut diags);
    let a = article::validate_article(parsed, &glossary, &fixture.config, &mut diags);
    std::hint::black_box(a.summary());
    show(&diags);
}

/// The example glossary with the article's own entries.
fn glossary_with(
    fixture: &Fixture,
    parsed: &content::ParsedArticle,
    diags: &mut Vec<Diagnostic>,
) -> Glossary {
    let mut raw = fixture.entries.clone();
    for (id, entry) in &parsed.front.glossary {
        raw.push((
            id.clone(),
            entry.clone(),
            EntryOrigin {
                place: parsed.place.clone(),
                prefix: vec!["glossary".into(), id.clone()],
            },
        ));
    }
    Glossary::build(raw, diags)
}

/// A whole article file through a build: front matter, body (annotated, highlighted,
/// rendered into its page), the index and glossary pages; with `lint`, through the copy
/// desk too, as `check` takes it.
pub fn article(text: &str, lint: bool) {
    one_article(text, lint, true);
}

fn one_article(text: &str, lint: bool, listings: bool) {
    let fixture = fixture();
    let file = SourceFile::new("content/fuzz.md", text.to_string());
    let Ok(split) = front::split(&file) else {
        return front_matter(text);
    };
    let over = limits::body(&file, split.body_offset);
    if !over.is_empty() {
        return show(&over);
    }
    let parsed = match content::parse_article(file.clone(), Path::new("content/fuzz.md")) {
        Ok(p) => p,
        Err(problems) => return show(&problems),
    };
    let mut diags = Vec::new();
    let glossary = glossary_with(fixture, &parsed, &mut diags);
    let a = article::validate_article(parsed, &glossary, &fixture.config, &mut diags);
    let sources = crate::article::sources::ArticleSources::new(std::slice::from_ref(&a));
    let images = crate::images::SiteImages::default();
    let pages = ArticlePages::new(
        &fixture.config,
        &glossary,
        &fixture.templates,
        &sources,
        &images,
    );
    let desk = lint.then(|| CopyDesk::new(&glossary, a.authors.iter().map(String::as_str)));
    let sink = MemorySink::default();
    let Ok(rendered) = pages.render_text(&a, &file, split.body_offset, true, desk.as_ref(), &sink)
    else {
        return show(&diags);
    };
    diags.extend(rendered.problems);
    let rendered = vec![rendered.rendered];
    if lint {
        lint::unused_entries(&rendered, &a.author_entries, &glossary, &mut diags);
    }
    if !listings {
        return show(&diags);
    }
    let articles = vec![a];
    let cache = ListingCache::new(&articles);
    let listing = Listing::new(
        &fixture.config,
        &glossary,
        &fixture.templates,
        &articles,
        &rendered,
        &cache,
    );
    let _ = listing.render(ListingPage::all(glossary.entries().len()).collect(), &sink);
    std::hint::black_box(sink.into_pages());
    show(&diags);
}

/// A body under a front matter that declares quotes and an entry of its own: the
/// annotator (mentions, quotes, links) and the article's page; not the copy desk, nor
/// the listing pages.
pub fn body(body: &str) {
    one_article(&format!("{BODY_FRONT}{body}"), false, false);
}

/// The front matter [`body`] puts over its input.
pub const BODY_FRONT: &str = "---
title: Fuzzed
date: 2022-08-11
author: Korea Explained staff
glossary:
  lotte:
    name: Lotte Group
    kind: organization
    short: A conglomerate.
    aliases: [Lotte]
quotes:
  - text: strategic security interests
    speaker: china-mfa
  - text: three noes
    speaker: moon
---
";
