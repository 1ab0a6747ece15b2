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
    assert!(
        !site.out().exists(),
        "a failed first build makes no output folder"
    );
}

#[test]
fn a_failed_build_leaves_the_previous_output_exactly_as_it_was() {
    // Every file and folder of public/ is still there with the same bytes, and nothing was
    // added: not a page of the failed build, nor an empty folder in place of the output.
    let site = Site::new()
        .article("a", "", "Good.")
        .article("b", "", "Also good.");
    assert_eq!(site.run(&["build"]).status.code(), Some(0));
    let before = listing(&site.out());
    let fails_and_changes_nothing = |why: &str| {
        let out = site.run(&["build"]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{why}: {err}");
        assert!(before == listing(&site.out()), "{why}: the output changed");
    };
    site.write(
        "content/b.md",
        format!("{}[x](term:nope)", fm("")).as_bytes(),
    );
    fails_and_changes_nothing("a content error");
    site.write("content/b.md", format!("{}Fixed.", fm("")).as_bytes());
    site.write("templates/article.html", b"{{ nope.nope }}");
    fails_and_changes_nothing("a template error");
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
    assert_eq!(
        bad_template.run(&["check"]).status.code(),
        Some(1),
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

/// The names beside the output folder that start with `.public` (staging or old trees),
/// but for the list of pages the next build reuses (`.public.pages`), which stays.
fn hidden_siblings(site: &Site) -> Vec<String> {
    std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public") && n != ".public.pages")
        .collect()
}

#[test]
fn the_build_deletes_the_previous_output_before_it_returns() {
    // Nothing is left for a process that outlives the command: a CI job or a container
    // that ends with the build would kill it half-way.
    let site = Site::new().article("a", "", "x").article("b", "", "y");
    assert_eq!(site.run(&["build"]).status.code(), Some(0));
    std::fs::remove_file(site.root().join("content/b.md")).unwrap();
    // A leftover of an interrupted build is collected too.
    std::fs::create_dir_all(site.root().join(".public.old-1/a")).unwrap();
    assert_eq!(site.run(&["build"]).status.code(), Some(0));
    assert!(site.exists("a/index.html") && !site.exists("b/index.html"));
    assert_eq!(hidden_siblings(&site), Vec::<String>::new());
}

#[test]
fn an_output_folder_that_is_the_site_itself_is_refused_when_given_relative() {
    // `--out content` from the site folder names the site's own content/: a build would
    // replace it with the output.
    let site = Site::new().article("a", "", "x");
    for out in ["content", ".", "templates"] {
        let run = site.run(&["build", "--out", out]);
        assert_eq!(run.status.code(), Some(2), "--out {out}");
    }
    assert!(site.root().join("content/a.md").exists());
}

#[test]
fn the_build_reports_how_many_files_it_wrote() {
    let site = Site::new().article("a", "", "x").article("b", "", "y");
    let run = site.run(&["build"]);
    assert_eq!(run.status.code(), Some(0));
    let files = walkdir::WalkDir::new(site.out())
        .into_iter()
        .filter(|e| e.as_ref().is_ok_and(|e| e.file_type().is_file()))
        .count();
    let said = String::from_utf8_lossy(&run.stderr).into_owned();
    assert!(
        said.contains(&format!("built 2 articles ({files} files)")),
        "{files} files on disk, it said: {said}"
    );
}
