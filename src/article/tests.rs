use std::path::Path;

use super::*;
use crate::diagnostic::Diagnostic;
use crate::model::{Kind, Via};

/// Two entries: a person and an organisation.
fn glossary() -> Glossary {
    Glossary::of(vec![
        Glossary::test_entry("kbs", "KBS", Kind::Organization),
        Glossary::test_entry("yoon", "Yoon Suk Yeol", Kind::Person),
    ])
}

fn config() -> SiteConfig {
    SiteConfig {
        title: "Site".into(),
        description: String::new(),
        language: "en".into(),
        base_url: None,
        annotate: Annotate::All,
        raw_html: false,
        publisher: "Site".into(),
        extra: serde_json::Value::Null,
        menu: Vec::new(),
        menu_links: Vec::new(),
        large_image: 500_000,
    }
}

/// The article at `path` with this front matter (between the `---` lines), validated.
fn validate(path: &str, yaml: &str) -> (Article, Vec<Diagnostic>) {
    let text = format!("---\n{yaml}---\nBody.\n");
    let parsed = content::parse_article(SourceFile::new(path, text), Path::new(path)).unwrap();
    let mut diags = Vec::new();
    let article = validate_article(parsed, &glossary(), &config(), &mut diags);
    (article, diags)
}

/// Code, line and column of each diagnostic, in the order they were made.
fn places(diags: &[Diagnostic]) -> Vec<(&str, usize, usize)> {
    diags
        .iter()
        .map(|d| (d.code, d.location.line, d.location.column))
        .collect()
}

const VALID: &str = "title: ' THAAD talks '\ndate: 2022-08-11\n";

#[test]
fn a_valid_front_matter_is_kept_as_written() {
    let (a, diags) = validate(
        "content/2022/a.md",
        "title: ' THAAD talks '\ndate: 2022-08-11\nupdated: 2022-08-12\n\
         author: [' Kim ', '', Lee]\nsummary: '  '\ntags: [security]\n\
         source: {name: KBS, url: 'https://kbs.co.kr/a'}\nskip: [kbs]\nextra: {n: 1}\n",
    );
    assert_eq!(diags, []);
    assert_eq!(a.title, "THAAD talks");
    assert_eq!(a.date.iso, "2022-08-11");
    assert_eq!(
        a.updated.map(|d| d.display).as_deref(),
        Some("12 August 2022")
    );
    assert_eq!(a.authors, ["Kim", "Lee"]);
    assert_eq!(a.summary, None);
    assert_eq!(a.tags, ["security"]);
    assert_eq!(
        a.source.unwrap().url.as_deref(),
        Some("https://kbs.co.kr/a")
    );
    assert_eq!(a.skip, HashSet::from([0]));
    assert_eq!(a.extra, serde_json::json!({"n": 1}));
    assert_eq!(
        a.annotate,
        Annotate::All,
        "the site's mode when the article sets none"
    );
}

#[test]
fn a_missing_title_and_date_are_errors_at_the_opening_fence() {
    let (a, diags) = validate("content/a.md", "summary: S\n");
    assert_eq!(
        places(&diags),
        [("missing-key", 1, 1), ("missing-key", 1, 1)]
    );
    assert_eq!(diags[0].message, "this article has no `title`");
    assert_eq!(diags[1].message, "this article has no `date`");
    assert_eq!(
        diags[1].help.as_deref(),
        Some("add a line `date: YYYY-MM-DD` to the front matter")
    );
    assert_eq!((a.title.as_str(), a.date.rfc3339.as_str()), ("", ""));
}

#[test]
fn a_bad_value_is_an_error_at_the_value() {
    let (_, diags) = validate(
        "content/a.md",
        "title: '  '\ndate: 2022-02-30\nupdated: soon\nextra: {[1, 2]: x}\n",
    );
    assert_eq!(
        places(&diags),
        [
            ("empty-title", 2, 8),
            ("bad-date", 3, 7),
            ("bad-date", 4, 10),
            ("bad-extra", 5, 8)
        ]
    );
    assert_eq!(
        diags[1].message,
        "`2022-02-30` is not a real date: check the month and the day"
    );
    assert_eq!(
        diags[2].help.as_deref(),
        Some("write the date as YYYY-MM-DD")
    );
}

#[test]
fn the_url_path_is_the_file_under_content_slugified() {
    let (a, diags) = validate("content/2022/THAAD Talks.md", VALID);
    assert_eq!(diags, []);
    assert_eq!(a.url_path, "2022/thaad-talks/");
    assert_eq!(a.page_path(), "2022/thaad-talks/index.html");
    assert_eq!(a.root(), "../../");
}

#[test]
fn a_slug_sets_the_url_path_inside_the_output_folder() {
    let (a, diags) = validate("content/a.md", &format!("{VALID}slug: ../../etc/Talks\n"));
    assert_eq!(diags, []);
    assert_eq!(a.url_path, "etc/talks/");

    let (_, diags) = validate("content/a.md", &format!("{VALID}slug: '../..'\n"));
    assert_eq!(places(&diags), [("bad-slug", 4, 7)]);
    assert_eq!(
        diags[0].message,
        "the slug `../..` has no letters or digits"
    );
}

#[test]
fn the_glossary_folder_is_reserved() {
    let (_, diags) = validate("content/glossary/b.md", VALID);
    assert_eq!(places(&diags), [("reserved-path", 1, 1)]);
    assert_eq!(
        diags[0].message,
        "the URL path `glossary/b/` is taken by the glossary"
    );

    let (_, diags) = validate("content/a.md", &format!("{VALID}slug: Glossary/Z\n"));
    assert_eq!(places(&diags), [("reserved-path", 4, 7)]);
}

#[test]
fn a_file_name_without_letters_needs_a_slug() {
    let (_, diags) = validate("content/!!!.md", VALID);
    assert_eq!(places(&diags), [("bad-slug", 1, 1)]);
    assert_eq!(
        diags[0].help.as_deref(),
        Some("rename the file or set `slug`")
    );
}

#[test]
fn a_source_url_must_be_a_web_address() {
    let (a, diags) = validate(
        "content/a.md",
        &format!("{VALID}source:\n  name: KBS\n  url: javascript:alert(1)\n"),
    );
    assert_eq!(places(&diags), [("bad-url", 6, 8)]);
    let source = a.source.unwrap();
    assert_eq!((source.name.as_str(), source.url), ("KBS", None));
}

#[test]
fn quotes_name_entries_and_keep_their_places() {
    let (a, diags) = validate(
        "content/a.md",
        &format!(
            "{VALID}quotes:\n  - text: 'Not  “subject” to talks'\n    speaker: yoon\n    via: Some Paper\n\
             \x20 - text: x\n    speaker: park\n    via: kb\n  - text: ' '\n    speaker: kbs\n    via: kbs\n"
        ),
    );
    assert_eq!(
        places(&diags),
        [
            ("unknown-speaker", 9, 14),
            ("unknown-via", 10, 10),
            ("empty-quote", 11, 11)
        ]
    );
    assert_eq!(
        diags[0].help.as_deref(),
        Some(
            "define the speaker under `glossary:` (kind: person or organization), or in glossary.yaml"
        )
    );
    assert_eq!(diags[1].help.as_deref(), Some("did you mean `kbs`?"));
    let q = &a.quotes;
    assert_eq!(q.len(), 3);
    assert_eq!(q[0].normalized, "Not \"subject\" to talks");
    assert_eq!(
        (q[0].speaker, &q[0].via),
        (1, &Some(Via::Text("Some Paper".into())))
    );
    assert_eq!(
        (q[1].normalized.as_str(), q[1].speaker, &q[1].via),
        ("", 0, &None)
    );
    assert_eq!((q[2].speaker, &q[2].via), (0, &Some(Via::Entry(0))));
}

#[test]
fn an_unknown_skip_id_is_an_error_at_the_id() {
    let (a, diags) = validate("content/a.md", &format!("{VALID}skip: [kbs, yon]\n"));
    assert_eq!(places(&diags), [("unknown-term", 4, 13)]);
    assert_eq!(diags[0].help.as_deref(), Some("did you mean `yoon`?"));
    assert_eq!(a.skip, HashSet::from([0]));
}
