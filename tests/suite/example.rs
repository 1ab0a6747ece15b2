//! The example site at the repository root: it builds cleanly, and its pages are snapshots.

use super::*;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn build_example() -> (tempfile::TempDir, explainer::BuildReport) {
    let out = tempfile::tempdir().unwrap();
    let opts = BuildOptions {
        root: repo(),
        drafts: false,
        future: false,
        expired: false,
        lint: false,
    };
    let report = match explainer::build(&opts, &out.path().join("public")) {
        Ok(r) => r,
        Err(Error::Content(d)) => panic!("{}", render(&d)),
        Err(e) => panic!("{e}"),
    };
    (out, report)
}

#[test]
fn the_example_site_builds_without_warnings() {
    let (_out, report) = build_example();
    assert!(report.warnings.is_empty(), "{}", render(&report.warnings));
    assert_eq!(
        (report.articles, report.pages),
        (3, 1),
        "three stories and the About page"
    );
}

#[test]
fn the_example_article_body_snapshot() {
    let (out, _) = build_example();
    let html = std::fs::read_to_string(
        out.path()
            .join("public/2022/thaad-not-subject-to-negotiations/index.html"),
    )
    .unwrap();
    let start = html.find("<div class=\"article-body\">").unwrap();
    let end = html.find("<section class=\"key-terms\"").unwrap();
    insta::assert_snapshot!("thaad_article_body", &html[start..end]);
    let tips = &html[html.find("<div class=\"tooltips\">").unwrap()..];
    insta::assert_snapshot!(
        "thaad_article_tooltips",
        &tips[..tips.find("</main>").unwrap()]
    );
}

#[test]
fn every_quotation_of_the_seed_story_is_attributed() {
    let (out, _) = build_example();
    let html = std::fs::read_to_string(
        out.path()
            .join("public/2022/thaad-not-subject-to-negotiations/index.html"),
    )
    .unwrap();
    for speaker in ["china-mfa", "korea-mfa", "yoon"] {
        assert!(
            html.contains(&format!("data-speaker=\"{speaker}\"")),
            "{speaker}"
        );
    }
    assert!(html.contains("<blockquote data-speaker=\"yoon\" data-via=\"yonhap\">"));
}

#[test]
fn rendered_diagnostics_snapshot() {
    let site = Site::new()
        .file("content/glossary.yaml", GLOSSARY)
        .article("a", "sumary: x\n", "x")
        .article(
            "b",
            "quotes:\n  - text: nowhere\n    speaker: yon\n",
            "See [it](term:thad).",
        )
        .file("content/c.md", "---\ntitle: C\ndate: 2022-02-30\n---\n");
    let text = render(&site.errors());
    let text = text.replace(&site.root().display().to_string(), "[ROOT]");
    insta::assert_snapshot!("diagnostics", text);
}

#[test]
fn every_aria_describedby_points_at_a_tooltip_on_the_same_page() {
    let (out, _) = build_example();
    for (path, bytes) in tree(&out.path().join("public")) {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        for part in html.split("aria-describedby=\"").skip(1) {
            let id = &part[..part.find('"').unwrap()];
            let target = format!("role=\"tooltip\" id=\"{id}\"");
            assert!(
                html.contains(&target),
                "{path}: aria-describedby=\"{id}\" has no tooltip element"
            );
        }
    }
}

fn json_ld(html: &str) -> serde_json::Value {
    let start = html
        .find("<script type=\"application/ld+json\">")
        .expect("JSON-LD")
        + "<script type=\"application/ld+json\">".len();
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).expect("JSON-LD parses")
}

#[test]
fn structured_data_describes_articles_quotes_terms_and_people() {
    let (out, _) = build_example();
    let read = |p: &str| std::fs::read_to_string(out.path().join("public").join(p)).unwrap();
    let article = json_ld(&read("2022/thaad-not-subject-to-negotiations/index.html"));
    let graph = article["@graph"].as_array().unwrap();
    let news = &graph[0];
    assert_eq!(news["@type"], "NewsArticle");
    assert_eq!(news["datePublished"], "2022-08-11T00:00:00Z");
    assert_eq!(news["author"][0]["name"], "Aldgra Fredly");
    assert!(
        news["mentions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["name"] == "THAAD" && m["@type"] == "DefinedTerm")
    );
    let yoon_quote = graph
        .iter()
        .find(|q| q["@type"] == "Quotation" && q["creator"]["name"] == "Yoon Suk Yeol")
        .expect("Yoon's quotation");
    assert_eq!(yoon_quote["isBasedOn"]["@type"], "NewsArticle");
    assert_eq!(
        json_ld(&read("glossary/index.html"))["@type"],
        "DefinedTermSet"
    );
    assert_eq!(
        json_ld(&read("glossary/yoon/index.html"))["@type"],
        "Person"
    );
    assert_eq!(
        json_ld(&read("glossary/yonhap/index.html"))["@type"],
        "Organization"
    );
    assert_eq!(
        json_ld(&read("glossary/thaad/index.html"))["@type"],
        "DefinedTerm"
    );
    let page = read("2022/thaad-not-subject-to-negotiations/index.html");
    assert!(page.contains("<meta property=\"og:type\" content=\"article\">"));
}
