//! The command line: exit statuses, diagnostics on stderr, `check` writes nothing.

use super::*;

#[test]
fn build_exits_0_and_says_what_it_wrote() {
    let site = Site::new().article("a", "", "x");
    let out = site.run(&["build"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("built 1 article"));
    assert!(site.exists("a/index.html"));
}

#[test]
fn content_problems_exit_1_with_path_line_column_and_caret() {
    let site = Site::new().article("a", "sumary: x\n", "x");
    let out = site.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("content/a.md:4:1"), "{err}");
    assert!(err.contains("sumary: x") && err.contains("^^^^^^"), "{err}");
    assert!(err.contains("did you mean `summary`?"), "{err}");
    assert!(!site.exists("index.html"));
}

#[test]
fn bad_usage_exits_2() {
    let site = Site::new();
    assert_eq!(
        site.run(&["build", "--no-such-flag"]).status.code(),
        Some(2)
    );
    assert_eq!(
        site.run(&["build", "--root", "does/not/exist"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(site.run(&[]).status.code(), Some(2));
}

#[test]
fn check_runs_every_stage_and_writes_nothing() {
    let site = Site::new().article("a", "", "x");
    let out = site.run(&["check"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!site.out().exists());
    let bad = Site::new()
        .article("a", "", "[x](term:nope)")
        .file("templates/index.html", "{{ page.title }}");
    assert_eq!(bad.run(&["check"]).status.code(), Some(1));
    let bad_template = Site::new()
        .article("a", "", "x")
        .file("templates/article.html", "{{ nope.nope }}");
    assert_ne!(
        bad_template.run(&["check"]).status.code(),
        Some(0),
        "check renders templates too"
    );
}

#[test]
fn out_and_root_flags() {
    let site = Site::new().article("a", "", "x");
    let elsewhere = tempfile::tempdir().unwrap();
    let out_dir = elsewhere.path().join("site");
    run_ok(&[
        "build".as_ref(),
        "--root".as_ref(),
        site.root().as_os_str(),
        "--out".as_ref(),
        out_dir.as_os_str(),
    ]);
    assert!(elsewhere.path().join("site/a/index.html").exists());
}
