//! The harness the rules' examples run through, and the site they are written for: a
//! glossary of four entries, one quote (Yoon's “security sovereignty”), and the byline
//! `Aldgra Fredly` (another article's is `Kim Min-seo`). Each example is an article body;
//! what a rule flags in it is the text under each of its warnings' carets ([`caret_text`]).

use std::collections::BTreeMap;
use std::sync::Arc;

use super::{Check, CopyDesk, RULES, Rule, Story, lint_article};
use crate::body::annotate::AnnotateOptions;
use crate::diagnostic::{Diagnostic, Severity};
use crate::front::{EntryOrigin, RawEntry, YamlPlace};
use crate::glossary::Glossary;
use crate::model::{Annotate, QuoteSpec, normalize_quote};
use crate::source::SourceFile;

/// An article body, and what a rule must flag in it (nothing, for a body it must pass).
pub(super) struct Example {
    text: &'static str,
    flagged: &'static [&'static str],
}

impl Example {
    pub(super) const fn flags(text: &'static str, flagged: &'static [&'static str]) -> Self {
        Example { text, flagged }
    }

    pub(super) const fn passes(text: &'static str) -> Self {
        Example { text, flagged: &[] }
    }
}

const GLOSSARY: &str = "\
thaad:
  name: THAAD
  aliases: [Terminal High Altitude Area Defense]
yoon:
  name: Yoon Suk Yeol
  kind: person
  aliases: [Yoon]
seongju:
  name: Seongju
  kind: place
mcdonald:
  name: McDonald Kim
  kind: person
";

const BYLINE: &str = "Aldgra Fredly";
const OTHER_BYLINE: &str = "Kim Min-seo";
const QUOTE: &str = "security sovereignty";

/// Runs each example through the rule with this code, and checks what it flags.
pub(super) fn run_examples(code: &str, examples: &[Example]) {
    let rule = RULES.iter().find(|r| r.code == code).expect("a rule");
    let glossary = glossary();
    for ex in examples {
        let diags = flagged(rule, &glossary, ex.text);
        let got: Vec<&str> = diags
            .iter()
            .map(|d| {
                assert_eq!((d.code, d.severity), (code, Severity::Warning));
                caret_text(d)
            })
            .collect();
        assert_eq!(got, ex.flagged, "{code} in {:?}", ex.text);
    }
}

/// The text under a warning's caret; under an empty caret (on the first byte of a curly
/// quotation mark), the character there, as the human output shows it.
fn caret_text(d: &Diagnostic) -> &str {
    let (line, caret) = (&d.location.line_text, d.location.caret.clone());
    match line[caret.start..].chars().next() {
        Some(c) if caret.is_empty() => &line[caret.start..caret.start + c.len_utf8()],
        _ => &line[caret],
    }
}

/// The glossary, with each entry's place in its YAML (where `unused-entry` points).
fn glossary() -> Glossary {
    let file = Arc::new(SourceFile::new("content/glossary.yaml", GLOSSARY.into()));
    let entries: BTreeMap<String, RawEntry> = serde_yaml::from_str(GLOSSARY).expect("YAML");
    let raw = entries.into_iter().map(|(id, entry)| {
        let place = YamlPlace::new(Arc::clone(&file), 0..GLOSSARY.len());
        let origin = EntryOrigin {
            place,
            prefix: vec![id.clone()],
        };
        (id, entry, origin)
    });
    let mut diags = Vec::new();
    let glossary = Glossary::build(raw.collect(), &mut diags);
    assert!(!diags.iter().any(Diagnostic::is_error), "{diags:?}");
    glossary
}

/// The examples' local images, `small.svg` (1 KB) and `large.svg` (600 KB), in a folder
/// of their own; remote images are left alone but read as a build reads them.
static IMAGES: std::sync::LazyLock<(tempfile::TempDir, crate::images::SiteImages)> =
    std::sync::LazyLock::new(|| {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let mut files = BTreeMap::new();
        for (name, size) in [("small.svg", 1_000), ("large.svg", 600_000)] {
            let path = dir.path().join(name);
            let svg = format!(
                "<svg xmlns=\"http://www.w3.org/2000/svg\"/>{}",
                " ".repeat(size)
            );
            std::fs::write(&path, svg).expect("an image written");
            files.insert(name.to_string(), path);
        }
        (dir, crate::images::SiteImages::new(files))
    });

/// The limit over which the examples' site calls an image large.
const LARGE_IMAGE: u64 = 500_000;

/// The warnings of `rule` on an article with this body, rendered as a build renders it.
fn flagged(rule: &Rule, glossary: &Glossary, body: &str) -> Vec<Diagnostic> {
    let opts = AnnotateOptions {
        glossary,
        root: String::new(),
        annotate: Annotate::First,
        skip: Default::default(),
        quotes: vec![QuoteSpec {
            normalized: normalize_quote(QUOTE),
            speaker: glossary.index_of("yoon").expect("yoon"),
            via: None,
        }],
        raw_html: false,
        sources: None,
        source_path: String::new(),
        images: Some(&IMAGES.1),
        folder: String::new(),
    };
    let rendered = crate::body::render(body, &opts);
    if let Check::Site(check) = rule.check {
        let mut out = Vec::new();
        check(
            std::slice::from_ref(&rendered),
            &[],
            glossary,
            &mut rule.warnings(&mut out),
        );
        return out;
    }
    let desk = CopyDesk::new(glossary, [BYLINE, OTHER_BYLINE]).with_large_image(LARGE_IMAGE);
    let file = SourceFile::new("content/a.md", body.to_string());
    let mut story = Story {
        desk: &desk,
        file: &file,
        body_offset: 0,
        byline: desk.byline(&[BYLINE.to_string()]),
        candidates: Vec::new(),
    };
    lint_article(std::slice::from_ref(rule), &mut story, &rendered.findings)
}
