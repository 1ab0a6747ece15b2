//! Bad input of every kind gets a diagnostic, never a panic.

use super::*;

#[cfg(unix)]
#[test]
fn a_symlink_loop_is_reported() {
    let site = Site::new().article("a", "", "x");
    std::fs::create_dir_all(site.root().join("content/sub")).unwrap();
    std::os::unix::fs::symlink(
        site.root().join("content"),
        site.root().join("content/sub/loop"),
    )
    .unwrap();
    let d = site.error("walk");
    assert!(d.message.contains("symlink loop"), "{}", d.message);
}

#[test]
fn strange_inputs_never_panic() {
    let bodies = [
        "",
        "“",
        "”",
        "\"",
        "“unclosed **bold “nested” quote",
        "> “quote in quote”\n> more",
        "[](term:)",
        "[x](term:thaad)[y](term:thaad)",
        "![“alt” THAAD](term:thaad)",
        "| a | “b |\n|---|---|\n| c” | THAAD |",
        "Yoon\u{0}THAAD\u{feff}",
        "[^1]\n\n[^1]: THAAD “note”",
        "```\n“THAAD”\n",
        "<!-- THAAD -->",
        "*“THAAD*”",
        "\r\r\r“\r”",
        "é́́́́ THAAD ́",
    ];
    let fronts = [
        "",
        "quotes:\n  - text: THAAD\n    speaker: yoon\n",
        "quotes:\n  - text: \"“\"\n    speaker: yoon\n",
        "annotate: all\nskip: [yoon]\n",
        "slug: \"/\"\n",
        "title: [not, a, string]\n",
        "date: 2022\n",
        "glossary:\n  bad id:\n    name: \"\"\n",
        "glossary: 7\n",
        "extra: { 1: 2 }\n",
        "author: [a, [b]]\n",
        "tags: { a: b }\n",
    ];
    for front in fronts {
        for body in bodies {
            let site = Site::new()
                .file("content/glossary.yaml", GLOSSARY)
                .article("a", front, body);
            let result = std::panic::catch_unwind(|| site.build());
            assert!(result.is_ok(), "panic on front {front:?} body {body:?}");
        }
    }
}

#[test]
fn strange_front_matter_files_never_panic() {
    let files = [
        "---",
        "---\n",
        "---\n---",
        "\u{feff}---\ntitle: A\ndate: 2022-01-01\n---\n",
        "---\n: : :\n---\n",
        "---\n- a\n- b\n---\n",
        "---\ntitle: &a [*a]\n---\n",
        "---\ntitle: A\ntitle: B\ndate: 2022-01-01\n---\n",
        "---\r---\r",
        "...",
    ];
    for text in files {
        let site = Site::new().file("content/a.md", text);
        let result = std::panic::catch_unwind(|| site.build());
        assert!(result.is_ok(), "panic on {text:?}");
    }
}

#[test]
fn a_bom_before_the_front_matter_is_accepted() {
    let site = Site::new().file(
        "content/a.md",
        "\u{feff}---\ntitle: A\ndate: 2022-01-01\n---\nBody\n",
    );
    site.build_ok();
}

/// Pieces that have broken Markdown tools before: quotation marks of every kind, block
/// markers at line starts, unclosed emphasis and links, entities, raw HTML, template
/// syntax, multi-byte and combining characters, control characters, the glossary's forms.
const BODY_PIECES: &[&str] = &[
    "THAAD",
    "THAAD battery",
    "Yoon",
    "Yoon Suk Yeol",
    "thaad",
    "“",
    "”",
    "\"",
    "'",
    "’",
    "‘",
    "«",
    "»",
    "> ",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    " ",
    "  ",
    "*",
    "**",
    "_",
    "`",
    "```",
    "~~~",
    "[",
    "]",
    "(",
    ")",
    "(term:thaad)",
    "[the system](term:thaad)",
    "[x](term:yoon)",
    "[y](term:)",
    "<b>",
    "</b>",
    "<!--",
    "-->",
    "<script>",
    "|",
    "---",
    "- ",
    "1. ",
    "# ",
    "é",
    "\u{301}",
    "\u{0}",
    "\u{feff}",
    "\t",
    "\\",
    "&amp;",
    "&",
    "<",
    "ß",
    "日本",
    "😀",
    "[^1]",
    "[^1]: ",
    "![",
    "https://x.org",
    "{{",
    "}}",
    "{%",
    "%}",
    ":",
    "said",
    ".",
];

const FRONT_PIECES: &[&str] = &[
    "annotate: all\n",
    "annotate: none\n",
    "annotate: first\n",
    "skip: [yoon]\n",
    "skip: [thaad, nobody]\n",
    "summary: \"“THAAD” <b>\"\n",
    "tags: [a, \"<b>\"]\n",
    "glossary:\n  thaad-b:\n    name: Battery\n    aliases: [THAAD b]\n",
    "extra: {k: \"</script>\"}\n",
    "slug: \"x/../y\"\n",
    // Broken YAML, some of it after multi-byte characters, so error positions land in
    // lines that are not ASCII.
    "summary: é日本😀 [unclosed\n",
    "é: ü\n",
    "\t- x\n",
    "date: 2022-13-45\n",
    "tags: &a [x]\nskip: *b\n",
    ": é\n",
    "extra: {a: [1, {b: ]}\n",
    "glossary:\n  é:\n    name: \"\"\n",
    "quotes:\n  - text: é\n    speaker: [yoon]\n",
    "author: {name: \"“”\"}\n",
];

/// Builds one random article; returns its front matter and body for the report.
fn random_case(rng: &mut Rng) -> (String, String) {
    let len = 1 + rng.below(40);
    let body: String = (0..len).map(|_| rng.pick(BODY_PIECES)).collect();
    let mut front = String::new();
    for _ in 0..rng.below(3) {
        front.push_str(rng.pick(FRONT_PIECES));
    }
    if rng.below(2) == 0 {
        // A quote whose text is a piece of the body, so attribution runs on odd text.
        let chars: Vec<char> = body.chars().collect();
        let from = rng.below(chars.len());
        let to = (from + 1 + rng.below(12)).min(chars.len());
        let text: String = chars[from..to].iter().collect();
        let text = serde_json::to_string(&text).unwrap();
        let speaker = rng.pick(&["yoon", "thaad", "nobody"]);
        front.push_str(&format!(
            "quotes:\n  - text: {text}\n    speaker: {speaker}\n"
        ));
    }
    (front, body)
}

/// Random articles made of the pieces above: a build may fail with diagnostics, but never
/// panics. `EXPLAINER_FUZZ_CASES=N` runs N cases instead of the default few hundred, and
/// `EXPLAINER_FUZZ_SEED` starts elsewhere.
#[test]
fn random_articles_never_panic() {
    let cases = from_env("EXPLAINER_FUZZ_CASES", 300);
    let seed = from_env("EXPLAINER_FUZZ_SEED", 0x5eed_2026);
    let mut rng = Rng(seed | 1);
    // Site settings that change what the annotator and the templates do.
    const SITES: &[&str] = &[
        "",
        "annotate: all\n",
        "annotate: none\nraw_html: true\n",
        "raw_html: true\nbase_url: \"https://example.org/news/é/\"\n",
        "title: \"<b>“Site”</b>\"\nlanguage: ko\npublisher: \"A & B\"\n",
    ];
    let site = Site::new().file("content/glossary.yaml", GLOSSARY);
    for case in 0..cases {
        let (front, body) = random_case(&mut rng);
        let settings = rng.pick(SITES);
        site.write("content/site.yaml", settings.as_bytes());
        site.write("content/a.md", format!("{}{body}", fm(&front)).as_bytes());
        let result = std::panic::catch_unwind(|| site.build());
        assert!(
            result.is_ok(),
            "case {case} (seed {seed}): panic with site.yaml {settings:?}, front {front:?}, body {body:?}"
        );
    }
}

/// Input past a hard limit is refused at its place, with the limit and a way out; the
/// previous output stays as it was.
#[test]
fn input_past_the_hard_limits_is_refused_at_its_place() {
    let site = Site::new()
        .file("content/glossary.yaml", GLOSSARY)
        .article("fine", "", "THAAD.\n");
    site.build_ok();
    let before = tree(&site.out());

    // A file over 10 MB, refused before it is read.
    site.write("content/huge.md", &vec![b'x'; (10 << 20) + 1]);
    let d = site.error("too-large");
    assert_eq!(d.location.path, "content/huge.md");
    assert!(d.message.contains("10.0 MB"), "{}", d.message);
    assert!(
        d.help.as_deref().unwrap_or("").contains("split it"),
        "{d:?}"
    );
    std::fs::remove_file(site.root().join("content/huge.md")).unwrap();

    // A front matter over 1 MB.
    let long = format!("summary: \"{}\"\n", "word ".repeat(220_000));
    site.write("content/front.md", fm(&long).as_bytes());
    let d = site.error("too-large");
    assert_eq!(
        (d.location.path.as_str(), d.location.line),
        ("content/front.md", 2)
    );
    assert!(d.message.contains("front matter"), "{}", d.message);
    std::fs::remove_file(site.root().join("content/front.md")).unwrap();

    // Over 1,000 quotes in one article.
    let quotes: String = (0..1001)
        .map(|i| format!("  - text: quote {i}\n    speaker: yoon\n"))
        .collect();
    site.write(
        "content/quotes.md",
        fm(&format!("quotes:\n{quotes}")).as_bytes(),
    );
    let d = site.error("too-large");
    assert_eq!(
        (d.location.path.as_str(), d.location.line),
        ("content/quotes.md", 4)
    );
    assert!(d.message.contains("1001 quotes"), "{}", d.message);
    std::fs::remove_file(site.root().join("content/quotes.md")).unwrap();

    // A paragraph over 1 MB, and lines nested too deep: every one of them at once.
    let body = format!(
        "Intro.\n\n{}\n\n{} deep\n\n{}deep\n",
        "word ".repeat(220_000),
        ">".repeat(10_000),
        "- ".repeat(5_000)
    );
    site.write("content/body.md", format!("{}{body}", fm("")).as_bytes());
    let all = site.errors();
    let at: Vec<(&str, usize, usize)> = all
        .iter()
        .map(|d| (d.code, d.location.line, d.location.column))
        .collect();
    assert_eq!(
        at,
        [("too-large", 7, 1), ("too-deep", 9, 1), ("too-deep", 11, 1)],
        "{}",
        render(&all)
    );
    assert!(
        all[1].message.contains("10000 blockquotes or lists"),
        "{}",
        all[1].message
    );
    assert_eq!(tree(&site.out()), before, "the previous output is kept");

    // Deep but within the limit builds.
    site.write(
        "content/body.md",
        format!("{}{} deep THAAD\n", fm(""), ">".repeat(100)).as_bytes(),
    );
    site.build_ok();
}

/// Many findings on one long line (a paragraph of stray quotation marks, as a scraper or
/// a fuzzer makes) are each reported, with a short excerpt of the line, not the whole.
#[test]
fn a_line_with_many_findings_is_shown_in_short_excerpts() {
    let site = Site::new().file("content/glossary.yaml", GLOSSARY).article(
        "a",
        "",
        &format!("Three noes. {}\n", "“".repeat(20_000)),
    );
    let out = site.run(&["check", "--format", "json"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let stray: Vec<&serde_json::Value> = lines
        .iter()
        .filter(|d| d["code"] == "unbalanced-quotes")
        .collect();
    assert_eq!(stray.len(), 20_000);
    assert_eq!(stray.last().unwrap()["column"], 20_012);
    let human = site.run(&["check"]);
    let stderr = String::from_utf8_lossy(&human.stderr);
    assert!(stderr.contains("content/a.md:5:20012"), "the real column");
    assert!(
        stderr.len() < 20_000 * 600,
        "each excerpt is short: {} bytes",
        stderr.len()
    );
}
