//! `explainer check` as a copy desk: the warnings, `--strict`, `--format json`, and the
//! two acceptance cases: the raw seed story and the example site.

use super::*;

fn codes(d: &[Diagnostic], code: &str) -> Vec<String> {
    d.iter()
        .filter(|d| d.code == code)
        .map(|d| format!("{}:{}", d.location.line, d.location.column))
        .collect()
}

#[test]
fn the_raw_seed_story_gets_every_piece_of_damage_flagged() {
    let seed = include_str!("../fixtures/seed/thaad-article.txt");
    let site = Site::new().file(
        "content/seed.md",
        &format!("---\ntitle: Seed\ndate: 2022-08-11\nauthor: Aldgra Fredly\n---\n{seed}"),
    );
    let d = check(&site);
    let glued: Vec<&str> = d
        .iter()
        .filter(|d| d.code == "glued-words")
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(glued.len(), 1, "{glued:?}");
    assert!(glued[0].contains("`ChinaAt`"));
    let lower: Vec<&str> = d
        .iter()
        .filter(|d| d.code == "lowercase-sentence")
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(lower.len(), 4, "{lower:?}");
    for word in ["`according`", "`will`", "`it`"] {
        assert!(
            lower.iter().any(|m| m.ends_with(word)),
            "{word} in {lower:?}"
        );
    }
    let names: Vec<&str> = d
        .iter()
        .filter(|d| d.code == "near-miss")
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        names,
        ["`Aldogra Fredry` looks like a misspelling of `Aldgra Fredly` (byline)"]
    );
    assert_eq!(
        codes(&d, "unattributed-quote").len(),
        2,
        "the two long quotations: {:?}",
        codes(&d, "unattributed-quote")
    );
}

#[test]
fn the_example_site_passes_the_copy_desk_cleanly() {
    let opts = BuildOptions {
        root: PathBuf::from(env!("CARGO_MANIFEST_DIR")),
        drafts: false,
        future: false,
        expired: false,
        lint: true,
    };
    let report = explainer::check(&opts).unwrap_or_else(|e| panic!("{e}"));
    assert!(report.warnings.is_empty(), "{}", render(&report.warnings));
}

#[test]
fn glued_words_spare_names() {
    let site = Site::new()
        .file("content/glossary.yaml", "x:\n  name: KakaoBank\n")
        .article(
            "a",
            "",
            "The KakaoBank app on an iPhone, sold at McDonald’s, ChinaAt noon.",
        );
    let d = check(&site);
    assert_eq!(codes(&d, "glued-words"), ["5:53"]);
}

#[test]
fn near_misses_of_glossary_names() {
    let site = Site::new().file("content/glossary.yaml", GLOSSARY).article(
        "a",
        "",
        "THAAD, then THADD, and Yoon Suk Yeol or Yoon Suk Yoel.",
    );
    let d = check(&site);
    let m: Vec<&str> = d
        .iter()
        .filter(|d| d.code == "near-miss")
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(m.len(), 2, "{m:?}");
    assert!(m[0].contains("`THADD`") && m[1].contains("`Yoon Suk Yoel`"));
}

#[test]
fn a_name_is_checked_against_its_own_articles_byline_only() {
    let article = |author: &str| {
        format!(
            "---\ntitle: T\ndate: 2024-01-01\nauthor: {author}\n---\nBy Aldogra Fredry and Bertil Okonkwa.\n"
        )
    };
    let site = Site::new()
        .file("content/a.md", &article("Aldgra Fredly"))
        .file("content/b.md", &article("Bertil Okonkwo"))
        .file("content/c.md", &article("Someone Else"));
    let d = check(&site);
    let mut m: Vec<String> = d
        .iter()
        .filter(|d| d.code == "near-miss")
        .map(|d| format!("{}: {}", d.location.path, d.message))
        .collect();
    m.sort();
    assert_eq!(
        m,
        [
            "content/a.md: `Aldogra Fredry` looks like a misspelling of `Aldgra Fredly` (byline)",
            "content/b.md: `Bertil Okonkwa` looks like a misspelling of `Bertil Okonkwo` (byline)",
        ]
    );
}

#[test]
fn lower_case_sentence_starts_but_not_after_abbreviations() {
    let site = Site::new().article(
        "a",
        "",
        "It was done. it was not. The U.S. officials met at 5 p.m. on Friday, e.g. here.",
    );
    assert_eq!(codes(&check(&site), "lowercase-sentence"), ["5:14"]);
}

#[test]
fn unbalanced_and_unattributed_quotations() {
    let site = Site::new().article(
        "a",
        "",
        "He said “this has four words” today.\n\nShe said “it never closes.\n\nA stray ” mark.",
    );
    let d = check(&site);
    assert_eq!(codes(&d, "unattributed-quote"), ["5:9"]);
    assert_eq!(codes(&d, "unbalanced-quotes"), ["7:10", "9:9"]);
}

#[test]
fn unused_entries_are_reported_where_they_are_defined() {
    let site = Site::new()
        .file("content/glossary.yaml", GLOSSARY)
        .article("a", "", "THAAD only.");
    let d = check(&site);
    let unused: Vec<&Diagnostic> = d.iter().filter(|d| d.code == "unused-entry").collect();
    assert_eq!(unused.len(), 1);
    assert_eq!(
        (unused[0].location.path.as_str(), unused[0].location.line),
        ("content/glossary.yaml", 5)
    );
}

#[test]
fn internal_links_and_anchors_must_resolve() {
    let site = Site::new()
        .file("content/glossary.yaml", GLOSSARY)
        .article("a", "", "[ok](../b/index.html) [dir](../b/) [gone](../c/index.html) [md](b.md) [anchor](../glossary/index.html#thaad) [bad anchor](../glossary/index.html#nope) [abs](/b/) [web](https://example.org/x) THAAD Yoon")
        .article("b", "", "x");
    let d = check(&site);
    let broken: Vec<&str> = d
        .iter()
        .filter(|d| d.code == "broken-link")
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(broken.len(), 1, "{broken:?}");
    assert!(broken[0].contains("../c/index.html"));
    // A link by source file to a heading is the build's to check (`unknown-heading`).
    assert_eq!(d.iter().filter(|d| d.code == "broken-anchor").count(), 1);
    assert_eq!(d.iter().filter(|d| d.code == "absolute-link").count(), 1);
}

#[test]
fn strict_makes_warnings_fail_and_json_is_one_object_per_line() {
    let site = Site::new().article("a", "", "It ended. it was over.");
    assert_eq!(site.run(&["check"]).status.code(), Some(0));
    assert_eq!(site.run(&["check", "--strict"]).status.code(), Some(1));
    let out = site.run(&["check", "--format", "json"]);
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON object per line"))
        .collect();
    assert_eq!(lines.len(), 1);
    let d = &lines[0];
    for key in [
        "path", "line", "column", "severity", "code", "message", "help",
    ] {
        assert!(!d[key].is_null(), "{key} in {d}");
    }
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["code"], "lowercase-sentence");
    let plain = String::from_utf8(site.run(&["check"]).stderr).unwrap();
    assert!(
        !plain.contains('\u{1b}'),
        "no colour when not on a terminal"
    );
}
