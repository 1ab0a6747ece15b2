//! Builds over a previous output: in place (the default), only what changed is written
//! and what is no longer made goes; atomically (`--atomic`), the whole site is made
//! beside the output and swapped in. Either way the output is what a first build makes.

use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::time::{Duration, SystemTime};

use crate::*;

/// Puts a file's modification time `secs` seconds in the past.
fn age(path: &Path, secs: u64) {
    std::fs::File::options()
        .write(true)
        .open(path)
        .and_then(|f| f.set_modified(SystemTime::now() - Duration::from_secs(secs)))
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// Ages the list of pages past the pages' own times, so the next build trusts it.
fn age_list(site: &Site) {
    std::thread::sleep(Duration::from_millis(30));
    std::fs::File::options()
        .write(true)
        .open(site.root().join(".public.pages"))
        .and_then(|f| f.set_modified(SystemTime::now()))
        .unwrap();
}

/// The inode of a file of the output.
fn ino(site: &Site, page: &str) -> u64 {
    std::fs::metadata(site.out().join(page)).unwrap().ino()
}

/// The output is byte for byte what a first build of the site makes.
fn assert_fresh(site: &Site) {
    let fresh = site.root().join("fresh");
    let _ = std::fs::remove_dir_all(&fresh);
    explainer::build(&site.opts(), &fresh).unwrap();
    assert_same_output(&site.out(), &fresh, "a build over the previous output");
    std::fs::remove_dir_all(&fresh).unwrap();
}

/// A site with a page bundle (a.md's folder holding map.png) and a static file.
fn bundled() -> Site {
    let site = Site::new()
        .file(
            "content/a/index.md",
            &format!("{}![A map](map.png)\n", fm("")),
        )
        .article("b", "", "Before.");
    site.write("content/a/map.png", &crate::images::png(4, 3));
    site.write("static/robots.txt", b"User-agent: *\n");
    age(&site.root().join("content/a/map.png"), 60);
    age(&site.root().join("static/robots.txt"), 60);
    site.build_ok();
    age_list(&site);
    site
}

#[test]
fn in_place_an_edit_rewrites_its_pages_and_nothing_else_is_touched() {
    let site = bundled();
    let before: Vec<u64> = ["a/index.html", "a/map.png", "robots.txt", "b/index.html"]
        .iter()
        .map(|p| ino(&site, p))
        .collect();
    site.write("content/b.md", format!("{}After.", fm("")).as_bytes());
    site.build_ok();
    assert_eq!(
        ino(&site, "a/index.html"),
        before[0],
        "an unchanged page stays"
    );
    assert_eq!(
        ino(&site, "a/map.png"),
        before[1],
        "an unchanged image stays"
    );
    assert_eq!(
        ino(&site, "robots.txt"),
        before[2],
        "an unchanged static file stays"
    );
    assert_ne!(
        ino(&site, "b/index.html"),
        before[3],
        "the edited page is new"
    );
    assert!(site.read("b/index.html").contains("After."));
    assert_fresh(&site);
}

#[test]
fn in_place_a_changed_image_or_static_file_is_copied_again() {
    let site = bundled();
    let image = crate::images::png(5, 3);
    site.write("content/a/map.png", &image);
    age(&site.root().join("content/a/map.png"), 30);
    site.write("static/robots.txt", b"User-agent: x\n");
    age(&site.root().join("static/robots.txt"), 30);
    site.build_ok();
    assert!(std::fs::read(site.out().join("a/map.png")).unwrap() == image);
    assert_eq!(site.read("robots.txt"), "User-agent: x\n");
    assert!(site.read("a/index.html").contains(r#"width="5""#));
    assert_fresh(&site);
}

#[test]
fn in_place_what_the_build_no_longer_makes_goes_with_its_folders() {
    let site = bundled();
    site.write("public/stray.html", b"put there by hand");
    site.write("public/by-hand/deep/x.html", b"and this");
    std::fs::remove_file(site.root().join("content/b.md")).unwrap();
    std::fs::remove_file(site.root().join("static/robots.txt")).unwrap();
    site.build_ok();
    for gone in ["stray.html", "by-hand", "b", "robots.txt"] {
        assert!(!site.exists(gone), "{gone} is left");
    }
    assert_fresh(&site);
}

#[test]
fn in_place_a_page_where_a_folder_was_and_a_folder_where_a_page_was() {
    let site = Site::new().article("a", "", "A.").article("b", "", "B.");
    site.write("static/x/y.txt", b"a folder of static files");
    site.write("static/z", b"a static file");
    site.build_ok();
    std::fs::remove_dir_all(site.root().join("static/x")).unwrap();
    site.write("static/x", b"now a file");
    std::fs::remove_file(site.root().join("static/z")).unwrap();
    site.write("static/z/w.txt", b"now a folder");
    site.build_ok();
    assert_eq!(site.read("x"), "now a file");
    assert_eq!(site.read("z/w.txt"), "now a folder");
    assert_fresh(&site);
}

#[test]
fn atomic_builds_the_same_site_beside_the_output_and_links_what_is_unchanged() {
    let site = bundled();
    let a = ino(&site, "a/index.html");
    site.write("content/b.md", format!("{}After.", fm("")).as_bytes());
    let out = site.run(&["build", "--atomic"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        ino(&site, "a/index.html"),
        a,
        "linked from the previous output"
    );
    assert!(site.read("b/index.html").contains("After."));
    assert_fresh(&site);
    let names: Vec<String> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public"))
        .collect();
    assert_eq!(names, [".public.pages"], "the previous output is gone");
}
