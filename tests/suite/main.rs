//! The integration suite: one module per feature, each test a small site in a temp folder.
// The suite is a private test binary: its helpers need no public docs.
#![allow(missing_docs, unreachable_pub, clippy::new_without_default)]

mod aliases;
mod authors;
mod browser;
mod cli;
mod content;
mod copy_desk;
mod corrections;
mod escaping;
mod example;
mod fuzzed;
mod glossary;
mod headings;
mod images;
mod in_place;
mod interrupted;
mod mentions;
mod menu;
mod order;
mod output;
mod pages;
pub mod png;
mod quotes;
mod robustness;
mod scaffold;
mod scheduling;
pub mod serve;
mod source_links;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use explainer::{BuildOptions, Diagnostic, Error};

/// A site in a temporary folder.
pub struct Site {
    dir: tempfile::TempDir,
}

/// Front matter with a title and a date, and then `extra` lines.
pub fn fm(extra: &str) -> String {
    format!("---\ntitle: A test\ndate: 2022-08-11\n{extra}---\n")
}

impl Site {
    pub fn new() -> Site {
        Site::new_in(&std::env::temp_dir())
    }

    /// A site in a temporary folder under `parent`.
    pub fn new_in(parent: &Path) -> Site {
        let site = Site {
            dir: tempfile::tempdir_in(parent).expect("temp dir"),
        };
        std::fs::create_dir_all(site.root().join("content")).unwrap();
        site
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn out(&self) -> PathBuf {
        self.root().join("public")
    }

    /// Writes a file relative to the site root.
    pub fn file(self, path: &str, text: &str) -> Site {
        self.write(path, text.as_bytes());
        self
    }

    pub fn write(&self, path: &str, bytes: &[u8]) {
        let p = self.root().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }

    /// content/NAME.md with front matter lines and a body.
    pub fn article(self, name: &str, front: &str, body: &str) -> Site {
        let text = format!("{}{body}", fm(front));
        self.file(&format!("content/{name}.md"), &text)
    }

    pub fn opts(&self) -> BuildOptions {
        BuildOptions {
            root: self.root().to_path_buf(),
            drafts: false,
            future: false,
            expired: false,
            lint: false,
        }
    }

    pub fn build(&self) -> Result<explainer::BuildReport, Error> {
        explainer::build(&self.opts(), &self.out())
    }

    /// Builds and fails the test with the rendered diagnostics if the build fails.
    pub fn build_ok(&self) -> &Site {
        match self.build() {
            Ok(_) => self,
            Err(Error::Content(d)) => panic!("build failed:\n{}", render(&d)),
            Err(e) => panic!("build failed: {e}"),
        }
    }

    /// Builds and returns the diagnostics of a build that must fail on content.
    pub fn errors(&self) -> Vec<Diagnostic> {
        match self.build() {
            Ok(_) => panic!("the build succeeded but should have failed"),
            Err(Error::Content(d)) => d,
            Err(e) => panic!("expected content errors, got {e}"),
        }
    }

    /// The one error with this code.
    pub fn error(&self, code: &str) -> Diagnostic {
        let all = self.errors();
        all.iter()
            .find(|d| d.code == code)
            .cloned()
            .unwrap_or_else(|| panic!("no `{code}` error among:\n{}", render(&all)))
    }

    /// A file of the output.
    pub fn read(&self, path: &str) -> String {
        std::fs::read_to_string(self.out().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    pub fn exists(&self, path: &str) -> bool {
        self.out().join(path).exists()
    }

    /// Runs the real binary in the site folder.
    pub fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_explainer"))
            .args(args)
            .current_dir(self.root())
            .env("NO_COLOR", "1")
            .output()
            .expect("run explainer")
    }
}

/// Runs the real binary with these arguments and fails the test, showing stderr, unless it succeeds.
pub fn run_ok(args: &[&std::ffi::OsStr]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_explainer"))
        .args(args)
        .output()
        .expect("run explainer");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The warnings of `explainer check` on the site; panics on errors, showing them.
pub fn check(site: &Site) -> Vec<Diagnostic> {
    let opts = BuildOptions {
        lint: true,
        ..site.opts()
    };
    match explainer::check(&opts) {
        Ok(report) => report.warnings,
        Err(explainer::Error::Content(d)) => panic!("errors:\n{}", render(&d)),
        Err(e) => panic!("{e}"),
    }
}

pub fn render(d: &[Diagnostic]) -> String {
    d.iter()
        .map(|d| d.render(false))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Every output file and its bytes, for comparing builds.
pub fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

/// Every file and folder below `dir` (a folder's name ends in `/`), each file with its
/// bytes: two listings are equal when nothing in the folder was added, removed or changed.
pub fn listing(dir: &Path) -> Vec<(String, Option<Vec<u8>>)> {
    let mut all: Vec<(String, Option<Vec<u8>>)> = walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .map(|e| e.unwrap_or_else(|e| panic!("{}: {e}", dir.display())))
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy();
            if e.file_type().is_dir() {
                (format!("{rel}/"), None)
            } else {
                (rel.into_owned(), Some(std::fs::read(e.path()).unwrap()))
            }
        })
        .collect();
    all.sort();
    all
}

/// Fails unless the folders `a` and `b` hold the same files with the same bytes, naming
/// the first file that differs.
pub fn assert_same_output(a: &Path, b: &Path, why: &str) {
    let (a, b) = (tree(a), tree(b));
    let names = |t: &[(String, Vec<u8>)]| t.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(names(&a), names(&b), "{why}: not the same files");
    for ((path, x), (_, y)) in a.iter().zip(&b) {
        assert!(
            x == y,
            "{why}: {path} differs:\n{}\n---\n{}",
            String::from_utf8_lossy(x),
            String::from_utf8_lossy(y)
        );
    }
}

/// The first element of `html` that starts with `open` (the start of its opening tag,
/// `<figcaption class="attribution"`), up to and with its closing tag.
pub fn element<'a>(html: &'a str, open: &str) -> &'a str {
    elements(html, open)
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("no {open}… element in:\n{html}"))
}

/// Every element of `html` that starts with `open`, in order (see [`element`]).
pub fn elements<'a>(html: &'a str, open: &str) -> Vec<&'a str> {
    let name = open[1..].split([' ', '>']).next().expect("an opening tag");
    let (start_tag, end_tag) = (format!("<{name}"), format!("</{name}>"));
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = html[from..].find(open).map(|i| from + i) {
        // Count the same tag nested inside until the one that closes this element.
        let mut depth = 0usize;
        let mut pos = at + 1;
        let end = loop {
            let tag = pos
                + html[pos..]
                    .find('<')
                    .unwrap_or_else(|| panic!("{open}… is never closed"));
            let rest = &html[tag..];
            if rest.starts_with(&end_tag) {
                if depth == 0 {
                    break tag + end_tag.len();
                }
                depth -= 1;
            } else if rest.starts_with(&start_tag)
                && rest[start_tag.len()..].starts_with([' ', '>', '\n'])
            {
                depth += 1;
            }
            pos = tag + 1;
        };
        found.push(&html[at..end]);
        from = end;
    }
    found
}

/// Each piece of `text` that stands between `before` and the next `after`, in order:
/// `between(html, "href=\"", "\"")` gives the targets of the links.
pub fn between<'a>(text: &'a str, before: &str, after: &str) -> Vec<&'a str> {
    text.split(before)
        .skip(1)
        .map(|part| &part[..part.find(after).unwrap_or(part.len())])
        .collect()
}

/// Polls `cond` every 15 ms until it holds; fails the test, saying what it waited for,
/// once `limit` has passed.
#[track_caller]
pub fn wait_until(what: &str, limit: std::time::Duration, mut cond: impl FnMut() -> bool) {
    let start = std::time::Instant::now();
    while !cond() {
        assert!(
            start.elapsed() < limit,
            "timed out after {limit:?} waiting for {what}"
        );
        std::thread::sleep(std::time::Duration::from_millis(15));
    }
}

/// A glossary.yaml with THAAD and Yoon.
pub const GLOSSARY: &str = "thaad:\n  name: THAAD\n  short: A missile-defence system.\n  aliases: [THAAD battery]\nyoon:\n  name: Yoon Suk Yeol\n  kind: person\n  role: President\n  aliases: [Yoon]\n";

/// A small deterministic generator (xorshift) for the randomized tests, so a failing case
/// can be replayed from its seed.
pub struct Rng(pub u64);

impl Rng {
    /// The next number.
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number below `n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// One of `items`.
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// A number from the environment (how long a randomized test runs), or `default`.
pub fn from_env(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}
