//! A build killed while it writes its pages leaves the previous output as it was; killed
//! at any moment, even while it puts its pages in place, it leaves no torn file; and the
//! next build collects what the killed one left (its staging folder, but never a running
//! build's) and makes exactly what a first build makes.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::*;

/// The names beside the output that a build made: `.public.new-PID`, `.public.old-PID`.
fn leftovers(site: &Site) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public.") && n != ".public.pages")
        .collect();
    names.sort();
    names
}

/// `explainer build` of the site, started and left running.
fn spawn_build(site: &Site) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_explainer"))
        .args(["build"])
        .current_dir(site.root())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

fn files_under(dir: &std::path::Path) -> usize {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .count()
}

#[cfg(unix)]
#[test]
fn a_build_killed_mid_write_leaves_the_output_and_the_next_build_collects_its_staging() {
    let mut site = Site::new().file("content/glossary.yaml", GLOSSARY);
    for i in 0..400 {
        site = site.article(
            &format!("a{i:03}"),
            "",
            &format!("THAAD and Yoon, story {i}.\n\n```rust\nfn x() {{}}\n```\n"),
        );
    }
    site.build_ok();
    let before = tree(&site.out());
    // Every article changes, so the killed build writes new pages.
    site.write("content/site.yaml", b"title: Another title\n");

    let mut caught = 0;
    for _ in 0..20 {
        let mut child = spawn_build(&site);
        let staging = site.root().join(format!(".public.new-{}", child.id()));
        // Kill it once its staging folder holds some pages, before it can finish.
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline
            && child.try_wait().unwrap().is_none()
            && files_under(&staging) < 20
        {
            std::thread::sleep(Duration::from_micros(200));
        }
        child.kill().unwrap();
        child.wait().unwrap();
        if staging.is_dir() {
            caught += 1;
            assert!(
                tree(&site.out()) == before,
                "the killed build changed the output"
            );
        }
        if caught == 3 {
            break;
        }
    }
    assert!(caught >= 1, "no build was caught mid-write");
    assert!(
        !leftovers(&site).is_empty(),
        "the killed builds left their staging folders"
    );

    site.build_ok();
    assert_eq!(
        leftovers(&site),
        Vec::<String>::new(),
        "the next build collects them"
    );
    assert!(site.read("index.html").contains("Another title"));
}

#[cfg(unix)]
#[test]
fn a_running_build_s_staging_folder_is_never_collected() {
    let site = Site::new().article("a", "", "x");
    // A process that is alive: its folder stays, as a running build's must.
    let mut sleeper = Command::new("sleep").arg("30").spawn().unwrap();
    let running = site.root().join(format!(".public.new-{}", sleeper.id()));
    std::fs::create_dir_all(running.join("a")).unwrap();
    std::fs::write(running.join("a/index.html"), "half written").unwrap();
    // A process that is gone: its folder goes.
    let mut done = Command::new("true").spawn().unwrap();
    let gone = site.root().join(format!(".public.new-{}", done.id()));
    done.wait().unwrap();
    std::fs::create_dir_all(gone.join("b")).unwrap();

    site.build_ok();
    assert!(
        running.join("a/index.html").is_file(),
        "a running build's folder was deleted"
    );
    assert!(!gone.exists(), "a dead build's folder was kept");
    sleeper.kill().unwrap();
    sleeper.wait().unwrap();
    site.build_ok();
    assert!(!running.exists(), "collected once its process is gone");
}

#[cfg(unix)]
#[test]
fn a_build_killed_at_any_moment_leaves_no_torn_file_and_the_next_build_repairs_all() {
    let mut site = Site::new().file("content/glossary.yaml", GLOSSARY);
    for i in 0..300 {
        site = site.article(&format!("a{i:03}"), "", &format!("THAAD, story {i}."));
    }
    site.build_ok();
    let before: std::collections::HashMap<String, Vec<u8>> =
        tree(&site.out()).into_iter().collect();
    site.write("content/site.yaml", b"title: Another title\n");
    let fresh = site.root().join("fresh");
    let started = Instant::now();
    explainer::build(&site.opts(), &fresh).unwrap();
    let after: std::collections::HashMap<String, Vec<u8>> = tree(&fresh).into_iter().collect();
    // Kills spread over a build's whole length (the binary takes about as long as the
    // library did), the last ones in the moves into the output.
    let length = started.elapsed();
    for k in 1..=10u32 {
        let mut child = spawn_build(&site);
        std::thread::sleep(length * k / 8);
        let _ = child.kill();
        child.wait().unwrap();
        for (path, bytes) in tree(&site.out()) {
            assert!(
                before.get(&path) == Some(&bytes) || after.get(&path) == Some(&bytes),
                "kill {k}: {path} is neither the old page nor the new"
            );
        }
    }
    site.build_ok();
    assert_same_output(&site.out(), &fresh, "the build after the killed ones");
}
