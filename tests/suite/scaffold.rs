//! `explainer new`: a site that builds at once; a non-empty folder is refused.

use super::*;

#[test]
fn a_new_site_builds_and_checks_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("site");
    run_ok(&["new".as_ref(), target.as_os_str()]);
    for file in [
        "content/site.yaml",
        "content/glossary.yaml",
        "content/first-explainer.md",
        "README.md",
        ".gitignore",
    ] {
        assert!(target.join(file).is_file(), "{file}");
    }
    let opts = BuildOptions {
        root: target.clone(),
        drafts: false,
        future: false,
        expired: false,
        lint: false,
    };
    let report = explainer::check(&opts).unwrap_or_else(|e| panic!("{e}"));
    assert!(report.warnings.is_empty(), "{}", render(&report.warnings));
    explainer::build(&opts, &target.join("public")).unwrap();
    let html = std::fs::read_to_string(target.join("public/first-explainer/index.html")).unwrap();
    for hook in [
        "class=\"term\"",
        "data-speaker=\"sam\"",
        "<figcaption class=\"attribution\">",
        "<table>",
        "hl-",
        "footnote",
    ] {
        assert!(html.contains(hook), "the sample shows {hook}");
    }
}

#[test]
fn a_folder_that_is_not_empty_is_refused() {
    let site = Site::new().article("a", "", "x");
    let out = site.run(&["new", "."]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not empty"));
    assert!(!site.root().join("content/first-explainer.md").exists());
}
