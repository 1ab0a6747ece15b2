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
