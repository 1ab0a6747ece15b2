//! Discovery, front matter and validation of articles.

use super::*;

#[test]
fn articles_in_sub_folders_get_slugified_paths() {
    let site = Site::new().file("content/2022/THAAD Talks.md", &(fm("") + "Body"));
    site.build_ok();
    assert!(site.exists("2022/thaad-talks/index.html"));
}

#[test]
fn hidden_private_and_editor_files_are_ignored() {
    let site = Site::new()
        .article("kept", "", "x")
        .file("content/_draft.md", "not even front matter")
        .file("content/.hidden.md", "nope")
        .file("content/kept.md~", "nope")
        .file("content/.kept.md.swp", "nope")
        .file("content/_private/inner.md", "nope");
    site.build_ok();
    assert!(site.exists("kept/index.html"));
    assert!(!site.exists("draft/index.html") && !site.exists("inner/index.html"));
}

#[test]
fn drafts_are_built_only_with_drafts() {
    let site = Site::new().article("wip", "draft: true\n", "x");
    site.build_ok();
    assert!(!site.exists("wip/index.html"));
    let out = site.run(&["build", "--drafts"]);
    assert!(out.status.success());
    assert!(site.exists("wip/index.html"));
}

#[test]
fn malformed_yaml_points_at_the_line_in_the_file() {
    let site = Site::new().file(
        "content/a.md",
        "---\ntitle: A\ndate: 2022-08-11\ntags: [a, b\n---\nBody\n",
    );
    let d = site.error("yaml");
    assert_eq!(d.location.path, "content/a.md");
    assert!(
        d.location.line >= 4,
        "line {} should be in the file, not the block",
        d.location.line
    );
    assert!(
        !d.message.contains("at line"),
        "serde_yaml's block-relative position is stripped: {}",
        d.message
    );
}

#[test]
fn an_unknown_key_suggests_the_nearest() {
    let site = Site::new().article("a", "sumary: x\n", "Body");
    let d = site.error("unknown-key");
    assert_eq!((d.location.line, d.location.column), (4, 1));
    assert_eq!(d.help.as_deref(), Some("did you mean `summary`?"));
}

#[test]
fn a_misspelt_key_in_an_entry_a_quote_or_a_source_is_an_unknown_key() {
    for (front, help) in [
        (
            "glossary:\n  thaad:\n    name: THAAD\n    aliasses: [Thaad]\n",
            "did you mean `aliases`?",
        ),
        (
            "glossary:\n  yoon:\n    name: Yoon\nquotes:\n  - text: We said it\n    speaker: yoon\n    vai: Yonhap\n",
            "did you mean `via`?",
        ),
        (
            "source:\n  name: Yonhap\n  link: https://example.org/\n",
            "known keys are name, url",
        ),
    ] {
        let site = Site::new().article("a", front, "THAAD. Yoon: \u{201c}We said it.\u{201d}");
        let d = site.error("unknown-key");
        assert!(
            d.message.contains(
                front
                    .lines()
                    .last()
                    .unwrap()
                    .split(':')
                    .next()
                    .unwrap()
                    .trim()
            ),
            "{front}: {}",
            d.message
        );
        assert_eq!(d.help.as_deref(), Some(help), "{front}");
    }
}

#[test]
fn unknown_keys_hide_none_of_the_file_s_other_problems() {
    // Two misspelt keys (one nested in a quote), a bad date and an unknown speaker: all
    // four at once. The entry the same file defines still counts for the other article.
    let site = Site::new()
        .article(
            "a",
            "sumary: x\nglossary:\n  wang-yi:\n    name: Wang Yi\n    kind: person\nquotes:\n  - text: We said it\n    speaker: nobody\n    vai: Yonhap\n",
            "Wang Yi: \u{201c}We said it.\u{201d}",
        )
        .file(
            "content/b.md",
            "---\ntitle: B\ndate: 2022-02-30\nquotes:\n  - text: Talks go on\n    speaker: wang-yi\n---\nWang Yi: \u{201c}Talks go on.\u{201d}",
        );
    let errors = site.errors();
    let found: Vec<(&str, &str, usize)> = errors
        .iter()
        .map(|d| (d.location.path.as_str(), d.code, d.location.line))
        .collect();
    for want in [
        ("content/a.md", "unknown-key", 4),
        ("content/a.md", "unknown-key", 12),
        ("content/a.md", "unknown-speaker", 11),
        ("content/b.md", "bad-date", 3),
    ] {
        assert!(found.contains(&want), "{want:?} missing from {found:?}");
    }
    assert!(
        !found
            .iter()
            .any(|(p, c, _)| *p == "content/b.md" && *c == "unknown-speaker"),
        "wang-yi is defined in a.md despite its unknown keys: {found:?}"
    );
}

#[test]
fn a_speaker_defined_only_in_a_draft_or_a_broken_file_is_an_error_naming_it() {
    let uses = "quotes:\n  - text: Talks go on\n    speaker: wang-yi\n";
    let body = "Wang Yi: \u{201c}Talks go on.\u{201d}";
    let defines = "glossary:\n  wang-yi:\n    name: Wang Yi\n    kind: person\n";
    for (extra, says, help) in [
        (
            "draft: true\n",
            "the speaker `wang-yi` is defined only in content/b.md, a draft",
            "publish content/b.md (remove `draft: true`), or define `wang-yi` in glossary.yaml",
        ),
        (
            "tags: [unclosed\n",
            "the speaker `wang-yi` is defined only in content/b.md, which has errors",
            "fix the errors in content/b.md first",
        ),
    ] {
        let site = Site::new().article("a", uses, body).file(
            "content/b.md",
            &format!("{}{body}", fm(&format!("{defines}{extra}"))),
        );
        let d = site.error("unknown-speaker");
        assert_eq!(d.location.path, "content/a.md");
        assert_eq!(d.message, says);
        assert_eq!(d.help.as_deref(), Some(help));
    }
}

#[test]
fn an_unknown_key_inside_a_flow_mapping_is_left_out_and_the_article_s_other_errors_reported() {
    // Each case: the front matter line, the unknown key's column, the did-you-mean.
    for (line, column, help) in [
        ("image: { src: map.png, atl: x }", 24, "did you mean `alt`?"),
        ("source: {name: X, ulr: y}", 19, "did you mean `url`?"),
        (
            "source: {ulr: \"a, }b\", name: X}",
            10,
            "did you mean `url`?",
        ),
        (
            "corrections: [{date: 2022-09-01, txt: x}]",
            34,
            "did you mean `text`?",
        ),
        (
            "quotes: [{text: a, speaker: b, vai: c}]",
            32,
            "did you mean `via`?",
        ),
        (
            "glossary: {x: {name: X, knd: term}}",
            25,
            "did you mean `kind`?",
        ),
        ("source: {name: X,\n  ulr: y}", 3, "did you mean `url`?"),
    ] {
        let text = format!("---\ntitle: A\ndate: someday\n{line}\nsumary: y\n---\nBody");
        let site = Site::new().file("content/a.md", &text);
        // Other errors of the cases' own (a missing image, an unknown speaker) come too.
        let errors: Vec<Diagnostic> = site
            .errors()
            .into_iter()
            .filter(|d| d.code == "bad-date" || d.code == "unknown-key")
            .collect();
        let found: Vec<(&str, usize, usize)> = errors
            .iter()
            .map(|d| (d.code, d.location.line, d.location.column))
            .collect();
        let key_line = 4 + line.matches('\n').count();
        let sumary_line = key_line + 1;
        assert_eq!(
            found,
            [
                ("bad-date", 3, 7),
                ("unknown-key", key_line, column),
                ("unknown-key", sumary_line, 1)
            ],
            "{line}: {}",
            render(&errors)
        );
        assert_eq!(errors[1].help.as_deref(), Some(help), "{line}");
        assert_eq!(errors[2].help.as_deref(), Some("did you mean `summary`?"));
    }
}

#[test]
fn an_unknown_key_of_a_flow_mapping_in_site_yaml_hides_no_other_problem() {
    let site = Site::new()
        .file(
            "content/site.yaml",
            "menu: [{name: A, pag: a.md}]
titel: X
",
        )
        .article("a", "", "Body");
    let found: Vec<(&str, usize)> = site
        .errors()
        .iter()
        .map(|d| (d.code, d.location.line))
        .collect();
    assert!(found.contains(&("unknown-key", 1)), "{found:?}");
    assert!(found.contains(&("unknown-key", 2)), "{found:?}");
}

#[test]
fn extra_holds_free_data() {
    let site = Site::new()
        .article(
            "a",
            "extra:\n  anything: [1, 2]\n  nested: { ok: true }\n",
            "Body",
        )
        .file(
            "templates/article.html",
            "{{ article.extra.nested.ok }}-{{ article.extra.anything | length }}",
        );
    site.build_ok();
    assert_eq!(site.read("a/index.html"), "true-2");
}

#[test]
fn html_the_program_makes_is_safe_in_templates_with_or_without_the_safe_filter() {
    // The body, Key terms, tooltips and JSON-LD are HTML the program made: shown as they
    // are by `{{ }}`, and `| safe` (as themes written before wrote it) changes nothing.
    // What an author typed stays escaped.
    let site = Site::new()
        .article("a", "summary: \"<b>dek</b>\"\n", "Some *body*.")
        .file(
            "templates/article.html",
            "[{{ article.content }}][{{ article.content | safe }}][{{ article.summary }}]\
             [{{ page.json_ld | length > 0 }}][{{ article.tooltips_html }}]",
        );
    site.build_ok();
    let page = site.read("a/index.html");
    assert!(
        page.starts_with("[<p>Some <em>body</em>.</p>\n][<p>Some <em>body</em>.</p>\n]"),
        "{page}"
    );
    assert!(page.contains("[&lt;b&gt;dek&lt;/b&gt;]"), "{page}");
    assert!(page.contains("[true]"), "{page}");
}

#[test]
fn a_byline_joins_the_authors_on_the_article_and_the_index() {
    let site = Site::new()
        .article("a", "author: [Kim <Ji-hoon>, Lee & Park]\n", "Body")
        .article("b", "author: Solo\n", "Body")
        .article("c", "", "Body");
    site.build_ok();
    let page = site.read("a/index.html");
    assert!(
        page.contains("<span class=\"authors\">By Kim &lt;Ji-hoon&gt;, Lee &amp; Park</span>"),
        "{page}"
    );
    assert!(site.read("b/index.html").contains("By Solo</span>"));
    assert!(!site.read("c/index.html").contains("class=\"authors\""));
    let index = site.read("index.html");
    assert!(
        index.contains(" · Kim &lt;Ji-hoon&gt;, Lee &amp; Park</p>"),
        "{index}"
    );
}

#[test]
fn a_missing_title_is_an_error() {
    let site = Site::new().file("content/a.md", "---\ndate: 2022-08-11\n---\nBody");
    let d = site.error("missing-key");
    assert!(d.message.contains("title"));
    assert_eq!(d.location.line, 1);
}

#[test]
fn an_impossible_date_is_an_error_at_the_date() {
    let site = Site::new().file("content/a.md", "---\ntitle: A\ndate: 2022-02-30\n---\n");
    let d = site.error("bad-date");
    assert_eq!((d.location.line, d.location.column), (3, 7));
}

#[test]
fn rfc3339_dates_are_accepted() {
    let site = Site::new().file(
        "content/a.md",
        "---\ntitle: A\ndate: 2022-08-11T09:30:00+09:00\n---\n",
    );
    site.build_ok();
    assert!(
        site.read("a/index.html")
            .contains("datetime=\"2022-08-11T09:30:00+09:00\"")
    );
}

#[test]
fn a_non_utf8_file_is_an_error_with_its_position() {
    let site = Site::new();
    site.write(
        "content/bad.md",
        b"---\ntitle: A\ndate: 2022-08-11\n---\nCaf\xe9 au lait\n",
    );
    let d = site.error("not-utf8");
    assert_eq!((d.location.line, d.location.column), (5, 4));
}

#[test]
fn crlf_files_build_and_report_the_right_lines() {
    let site = Site::new().file(
        "content/a.md",
        "---\r\ntitle: A\r\ndate: 2022-08-11\r\nsumary: x\r\n---\r\nBody\r\n",
    );
    let d = site.error("unknown-key");
    assert_eq!(d.location.line, 4);
    let ok = Site::new().file(
        "content/a.md",
        "---\r\ntitle: A\r\ndate: 2022-08-11\r\n---\r\nBody THAAD\r\n",
    );
    ok.build_ok();
    assert!(ok.read("a/index.html").contains("Body THAAD"));
}

#[test]
fn an_unclosed_front_matter_block_is_an_error() {
    let site = Site::new().file("content/a.md", "---\ntitle: A\ndate: 2022-08-11\nBody\n");
    assert_eq!(site.error("unclosed-front-matter").location.line, 1);
}

#[test]
fn all_problems_of_all_files_are_reported_at_once() {
    let site = Site::new()
        .article("a", "sumary: x\n", "Body")
        .file("content/b.md", "---\ntitle: B\ndate: 2022-13-01\n---\n")
        .article("c", "", "[x](term:nope)");
    let codes: Vec<&str> = site
        .errors()
        .iter()
        .map(|d| d.code)
        .collect::<Vec<_>>()
        .into_iter()
        .collect();
    for code in ["unknown-key", "bad-date", "unknown-term"] {
        assert!(codes.contains(&code), "{code} missing from {codes:?}");
    }
}

#[test]
fn site_yaml_sets_title_language_and_base_url() {
    let site = Site::new()
        .file(
            "content/site.yaml",
            "title: Korea <Explained>\nlanguage: ko\nbase_url: https://example.org/x\n",
        )
        .article("a", "", "Body");
    site.build_ok();
    let index = site.read("index.html");
    assert!(index.contains("<html lang=\"ko\">"));
    assert!(index.contains("Korea &lt;Explained&gt;"));
    assert!(
        site.read("a/index.html")
            .contains("<link rel=\"canonical\" href=\"https://example.org/x/a/\">")
    );
}

#[test]
fn an_unknown_site_yaml_key_is_an_error() {
    let site = Site::new()
        .file("content/site.yaml", "titel: X\n")
        .article("a", "", "x");
    let d = site.error("unknown-key");
    assert_eq!(d.location.path, "content/site.yaml");
    assert_eq!(d.help.as_deref(), Some("did you mean `title`?"));
}

/// A build reads the first 2 KiB of an article for its front matter, and more only when
/// it needs it: long front matter, long bodies and characters cut at 2 KiB all still work.
#[test]
fn long_front_matter_and_bodies_read_in_parts_build_whole() {
    let long_summary = "é".repeat(1500); // 3,000 bytes: the front matter ends past 2 KiB
    let body = format!("Start. {} End of a long body.", "Word ".repeat(2000));
    let site = Site::new()
        .article(
            "long-front",
            &format!("summary: \"{long_summary}\"\n"),
            "Short body.",
        )
        .article("long-body", "", &body)
        .article(
            "cut",
            &format!("summary: \"{}\"\n", "a".repeat(2010)),
            "é body",
        );
    site.build_ok();
    assert!(site.read("long-front/index.html").contains(&long_summary));
    assert!(
        site.read("long-body/index.html")
            .contains("End of a long body.")
    );
    assert!(site.read("cut/index.html").contains("é body"));
    // Problems past the first 2 KiB are still found where they are.
    // Front matter longer than the first read, with a misspelt key on line 5.
    let long = |rest: &str| {
        let front = format!(
            "---\ntitle: A\ndate: 2022-08-11\nsummary: \"{}\"\nsumary: x\n{rest}",
            "b".repeat(3000)
        );
        Site::new().file("content/a.md", &front)
    };
    assert_eq!(long("").error("unclosed-front-matter").location.line, 1);
    assert_eq!(long("---\nBody\n").error("unknown-key").location.line, 5);
    let mut bytes = format!(
        "---\ntitle: A\ndate: 2022-08-11\nsummary: \"{}",
        "c".repeat(2100)
    )
    .into_bytes();
    bytes.extend_from_slice(b"\xe9\"\n---\nBody\n");
    let not_utf8 = Site::new();
    not_utf8.write("content/a.md", &bytes);
    assert_eq!(not_utf8.error("not-utf8").location.line, 4);
}
