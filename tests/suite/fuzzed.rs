//! Inputs the fuzz targets in fuzz/ found a crash, a hang or a blow-up on: each is built
//! and checked by the real binary, which must finish in a few seconds with a clear answer
//! (exit status 0, or 1 with diagnostics), never a panic or a kill.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::*;

/// Runs `explainer ARGS` in the site folder; fails the test if it has not ended within
/// `limit` or ended other than with status 0 or 1.
fn finishes(site: &Site, args: &[&str], limit: Duration) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_explainer"))
        .args(args)
        .current_dir(site.root())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "`explainer {}` did not finish within {limit:?}",
                args.join(" ")
            );
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    assert!(
        matches!(status.code(), Some(0 | 1)),
        "`explainer {}` ended with {status}",
        args.join(" ")
    );
}

fn build_and_check(site: &Site) {
    // Generous for a debug build on a slow machine; the inputs took seconds to hours.
    finishes(site, &["build"], Duration::from_secs(10));
    finishes(site, &["check"], Duration::from_secs(10));
}

/// A byline of one 1,494-character word: the near-miss index made every form of it with
/// two letters deleted, at a cost of its length cubed.
#[test]
fn a_byline_of_one_huge_word() {
    let author = "“".repeat(1494);
    let site = Site::new().file(
        "content/a.md",
        &format!("---\ntitle: ''\ndate: ''\nauthor: {author}\n---\n"),
    );
    build_and_check(&site);
    let site = Site::new().article("b", &format!("author: {author}\n"), "Text.\n");
    build_and_check(&site);
}
