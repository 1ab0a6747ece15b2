//! Scheduling: a `date` still to come holds an article back, an `expires` passed takes it
//! down; `--future` and `--expired` build them anyway; now is `SOURCE_DATE_EPOCH`.

use crate::*;

/// A front matter dated `date`, with more lines.
fn dated(date: &str, extra: &str) -> String {
    format!("---\ntitle: Story of {date}\ndate: {date}\n{extra}---\n")
}

/// 2024-06-01T00:00:00Z, as `SOURCE_DATE_EPOCH`.
const JUNE_2024: &str = "1717200000";

/// Runs the binary at 1 June 2024.
fn run_at_june_2024(site: &Site, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_explainer"))
        .args(args)
        .current_dir(site.root())
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", JUNE_2024)
        .output()
        .expect("run explainer")
}

fn schedule_site() -> Site {
    Site::new()
        .file("content/site.yaml", "base_url: https://example.org/\n")
        .file(
            "content/past.md",
            &format!("{}Out.", dated("2024-05-31", "")),
        )
        .file(
            "content/next.md",
            &format!("{}Soon.", dated("2024-06-02", "")),
        )
}

#[test]
fn an_article_dated_after_now_is_left_out_of_every_page() {
    let site = schedule_site();
    let out = run_at_june_2024(&site, &["build"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(site.exists("past/index.html"));
    assert!(!site.exists("next/index.html"));
    for page in ["index.html", "atom.xml", "sitemap.xml"] {
        assert!(!site.read(page).contains("next/"), "{page}");
    }
}

#[test]
fn now_is_source_date_epoch_so_the_same_article_is_published_later() {
    let site = schedule_site();
    let out = Command::new(env!("CARGO_BIN_EXE_explainer"))
        .arg("build")
        .current_dir(site.root())
        .env("SOURCE_DATE_EPOCH", "1717372800") // 2024-06-03
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(site.exists("next/index.html"));
}

#[test]
fn a_bad_source_date_epoch_is_a_usage_error() {
    let site = schedule_site();
    let out = Command::new(env!("CARGO_BIN_EXE_explainer"))
        .arg("build")
        .current_dir(site.root())
        .env("SOURCE_DATE_EPOCH", "soon")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("SOURCE_DATE_EPOCH is `soon`"));
}

#[test]
fn future_builds_a_scheduled_article() {
    let site = schedule_site();
    let out = run_at_june_2024(&site, &["build", "--future"]);
    assert!(out.status.success());
    assert!(site.exists("next/index.html"));
    assert!(site.read("index.html").contains("next/index.html"));
}

#[test]
fn check_notes_each_scheduled_article_and_strict_lets_it_pass() {
    let site = schedule_site();
    let out = run_at_june_2024(&site, &["check", "--strict"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("note[scheduled]: content/next.md publishes on 2024-06-02"),
        "{stderr}"
    );
    assert!(stderr.contains("1 note"), "{stderr}");
    let json = run_at_june_2024(&site, &["check", "--format", "json"]);
    let line = String::from_utf8_lossy(&json.stdout);
    let v: serde_json::Value = serde_json::from_str(line.lines().next().unwrap()).unwrap();
    assert_eq!(v["severity"], "note");
    assert_eq!(v["code"], "scheduled");
    assert_eq!(v["path"], "content/next.md");
    assert_eq!(v["line"], 3);
}

#[test]
fn check_with_future_checks_the_scheduled_article_and_notes_nothing() {
    let site = schedule_site().file(
        "content/next.md",
        &format!("{}A [link](term:nope).", dated("2024-06-02", "")),
    );
    assert!(run_at_june_2024(&site, &["check"]).status.success());
    let out = run_at_june_2024(&site, &["check", "--future"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("error[unknown-term]"), "{stderr}");
    assert!(!stderr.contains("note[scheduled]"), "{stderr}");
}

#[test]
fn an_article_whose_expires_has_passed_is_taken_down_unless_expired() {
    let site = Site::new().article("old", "expires: 2023-01-01\n", "Gone.");
    site.build_ok();
    assert!(!site.exists("old/index.html"));
    assert!(!site.read("index.html").contains("old/"));
    let out = site.run(&["build", "--expired"]);
    assert!(out.status.success());
    assert!(site.exists("old/index.html"));
}

#[test]
fn an_article_that_expires_later_is_built() {
    let site = Site::new().article("live", "expires: 2999-01-01\n", "Here.");
    site.build_ok();
    assert!(site.exists("live/index.html"));
}

#[test]
fn expires_before_date_is_an_error_at_expires() {
    let site = Site::new().article("a", "expires: 2022-08-01\n", "Text.");
    let d = site.error("bad-expires");
    assert_eq!((d.location.line, d.location.column), (4, 10));
    assert!(d.message.contains("2022-08-01"), "{}", d.message);
}

#[test]
fn expires_that_is_no_date_is_an_error() {
    let d = Site::new()
        .article("a", "expires: next week\n", "Text.")
        .error("bad-date");
    assert_eq!(d.location.line, 4);
}

#[test]
fn a_speaker_defined_only_in_a_scheduled_article_names_it() {
    let site = Site::new()
        .article(
            "a",
            "quotes:\n  - text: Talks go on\n    speaker: wang-yi\n",
            "Wang Yi: \u{201c}Talks go on.\u{201d}",
        )
        .file(
            "content/b.md",
            &format!(
                "{}Wang Yi.",
                dated(
                    "2999-01-01",
                    "glossary:\n  wang-yi:\n    name: Wang Yi\n    kind: person\n"
                )
            ),
        );
    let d = site.error("unknown-speaker");
    assert_eq!(
        d.message,
        "the speaker `wang-yi` is defined only in content/b.md, a scheduled article, published on 2999-01-01"
    );
    assert!(d.help.unwrap().contains("--future"));
}
