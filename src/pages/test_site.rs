//! A small site for unit tests of the pages and of `serve`'s update: its settings, a
//! glossary of one entry of each kind, and articles validated from their front matter as
//! a build validates them.

use std::path::Path;

use crate::article::{self, Article};
use crate::body::Rendered;
use crate::content::{self, ParsedArticle, SiteConfig};
use crate::glossary::{Glossary, GlossaryEntry};
use crate::model::{Annotate, Kind};
use crate::source::SourceFile;

/// The term THAAD (an entry index of [`glossary`]).
pub(crate) const THAAD: usize = 0;
/// The person Yoon Suk Yeol.
pub(crate) const YOON: usize = 1;
/// The organisation Yonhap.
pub(crate) const YONHAP: usize = 2;
/// The place Seoul.
pub(crate) const SEOUL: usize = 3;

/// The site's settings, with this `base_url`.
pub(crate) fn config(base_url: Option<&str>) -> SiteConfig {
    SiteConfig {
        title: "Explained".into(),
        description: "The news, explained".into(),
        language: "en".into(),
        base_url: base_url.map(String::from),
        annotate: Annotate::First,
        raw_html: false,
        publisher: "The Paper".into(),
        extra: serde_json::json!({}),
        menu: Vec::new(),
        menu_links: Vec::new(),
        large_image: 500_000,
    }
}

/// One entry of each kind: a term, a person, an organisation and a place.
pub(crate) fn entries() -> Vec<GlossaryEntry> {
    let mut thaad = Glossary::test_entry("thaad", "THAAD", Kind::Term);
    thaad.short = "A missile defence system".into();
    let mut yoon = Glossary::test_entry("yoon", "Yoon Suk Yeol", Kind::Person);
    yoon.role = Some("President".into());
    let yonhap = Glossary::test_entry("yonhap", "Yonhap", Kind::Organization);
    let mut seoul = Glossary::test_entry("seoul", "Seoul", Kind::Place);
    seoul.native = Some("서울".into());
    vec![thaad, yoon, yonhap, seoul]
}

/// The glossary of [`entries`].
pub(crate) fn glossary() -> Glossary {
    Glossary::of(entries())
}

/// The article file at `path` (under content/) with this front matter, parsed; panics
/// on a problem in it.
pub(crate) fn parsed(path: &str, front: &str) -> ParsedArticle {
    let text = format!("---\n{front}---\nThe body.\n");
    content::parse_article(SourceFile::new(path, text), Path::new(path))
        .unwrap_or_else(|d| panic!("{}", d.iter().map(|d| d.render(false)).collect::<String>()))
}

/// The article at `path` (under content/) with this front matter, validated against
/// [`glossary`] and [`config`]; panics on a problem in it.
pub(crate) fn article(path: &str, front: &str) -> Article {
    let mut diags = Vec::new();
    let a = article::validate_article(parsed(path, front), &glossary(), &config(None), &mut diags);
    assert!(diags.is_empty(), "{}", diags[0].render(false));
    a
}

/// A body that mentions these entries and attributed these quotations, one per quote
/// of its article (None: the quote was not found).
pub(crate) fn body(mentioned: &[usize], quote_texts: &[Option<&str>]) -> Rendered {
    let mut r = Rendered::default();
    r.findings.mentioned = mentioned.to_vec();
    r.findings.quote_texts = quote_texts.iter().map(|t| t.map(String::from)).collect();
    r.findings.quote_hits = quote_texts
        .iter()
        .map(|t| usize::from(t.is_some()))
        .collect();
    r.findings.inline_quotes = vec![false; quote_texts.len()];
    r
}
