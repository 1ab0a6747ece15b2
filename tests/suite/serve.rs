//! `explainer serve`: started on a free port; edits rebuild and signal a reload; errors
//! show and clear; nothing outside the site is served.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::*;

/// A running `explainer serve`, stopped when dropped.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT/base/`
    pub url: String,
    /// What it printed on stderr so far, a line each.
    log: Arc<Mutex<Vec<String>>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// The builds it reported since it started serving (`built …` for the whole site,
    /// `rebuilt FILE …` for one article), in order.
    fn builds(&self) -> Vec<String> {
        let log = self.log.lock().unwrap();
        log.iter()
            .skip_while(|l| !l.contains("serving the site at"))
            .filter(|l| l.starts_with("built ") || l.starts_with("rebuilt "))
            .cloned()
            .collect()
    }
}

/// Starts `explainer serve` on a free port in the site's folder.
pub fn start(site: &Site, extra: &[&str]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_explainer"))
        .args(["serve", "--port", "0"])
        .args(extra)
        .current_dir(site.root())
        .env("NO_COLOR", "1")
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("start serve");
    let stderr = child.stderr.take().unwrap();
    let mut lines = BufReader::new(stderr).lines();
    let log = Arc::new(Mutex::new(Vec::new()));
    let url = loop {
        let line = lines.next().expect("serve printed its URL").unwrap();
        log.lock().unwrap().push(line.clone());
        if let Some(at) = line.find("http://") {
            break line[at..].split_whitespace().next().unwrap().to_string();
        }
    };
    // Keep reading stderr, so the server never blocks on a full pipe and tests can see
    // what it reports.
    let kept = Arc::clone(&log);
    std::thread::spawn(move || {
        for line in lines.map_while(Result::ok) {
            kept.lock().unwrap().push(line);
        }
    });
    Server { child, url, log }
}

/// Sends a raw HTTP/1.0 GET of `path` (as written, no normalisation) to the server at
/// `url`; [`response`] reads what comes back.
fn send(url: &str, path: &str) -> TcpStream {
    let authority = url.trim_start_matches("http://").split('/').next().unwrap();
    let mut stream = TcpStream::connect(authority).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    write!(stream, "GET {path} HTTP/1.0\r\nHost: {authority}\r\n\r\n").unwrap();
    stream
}

/// The status and body of the response to a request [`send`] sent.
fn response(mut stream: TcpStream) -> (u16, String) {
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let text = String::from_utf8_lossy(&response).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// A raw HTTP/1.0 GET of `path`: status and body.
fn get(server: &Server, path: &str) -> (u16, String) {
    response(send(&server.url, path))
}

fn version_of(page: &str) -> u64 {
    let at = page.find("data-version=\"").expect("live reload script") + "data-version=\"".len();
    page[at..].split('"').next().unwrap().parse().unwrap()
}

/// The live-reload long poll: waits for a build newer than `since`, and returns its event.
fn poll(server: &Server, since: u64) -> serde_json::Value {
    poll_answer(send(&server.url, &poll_path(since)))
}

fn poll_path(since: u64) -> String {
    format!("/__explainer/poll?since={since}")
}

fn poll_answer(request: TcpStream) -> serde_json::Value {
    let (status, body) = response(request);
    assert_eq!(status, 200, "{body}");
    serde_json::from_str(&body).unwrap()
}

#[test]
fn an_edit_rebuilds_the_page_and_signals_a_reload() {
    let site = Site::new().article("a", "", "First version.");
    let server = start(&site, &[]);
    let (status, page) = get(&server, "/a/");
    assert_eq!(status, 200);
    assert!(page.contains("First version."));
    let version = version_of(&page);
    // An open page is waiting for the next build when the file is saved.
    let waiting = send(&server.url, &poll_path(version));
    site.write(
        "content/a.md",
        format!("{}Second version.", fm("")).as_bytes(),
    );
    let event = poll_answer(waiting);
    assert!(
        event["version"].as_u64().unwrap() > version,
        "the reload event names a newer build: {event}"
    );
    assert!(event["problems"].is_null());
    let (_, page) = get(&server, "/a/");
    assert!(
        page.contains("Second version."),
        "the rebuilt page is served"
    );
}

#[test]
fn editors_swap_and_backup_files_do_not_rebuild_or_reload() {
    // What vim, emacs and friends write beside a file while it is edited and saved sets off
    // no build: when an article is saved after them, the one build serve reports is the
    // update of that article alone.
    let site = Site::new().article("a", "", "First version.");
    let server = start(&site, &[]);
    site.write("content/.a.md.swp", b"swap");
    site.write("content/a.md~", b"backup");
    site.write("content/notes.txt", b"not an article");
    site.write("content/4913", b"");
    std::fs::remove_file(site.root().join("content/4913")).unwrap();
    site.write("content/a.md", format!("{}Second.", fm("")).as_bytes());
    wait_until("the edit to be served", Duration::from_secs(10), || {
        get(&server, "/a/").1.contains("Second.")
    });
    wait_until("serve to report the build", Duration::from_secs(10), || {
        !server.builds().is_empty()
    });
    let builds = server.builds();
    assert!(
        builds.iter().all(|b| b.starts_with("rebuilt a.md and ")),
        "no build but the article's own: {builds:#?}"
    );
}

/// Waits until the served page's version moves past `version`; returns the new one.
fn next_version(server: &Server, path: &str, version: u64) -> u64 {
    let mut now = version;
    wait_until("a rebuild", Duration::from_secs(10), || {
        now = version_of(&get(server, path).1);
        now != version
    });
    now
}

#[test]
fn a_new_article_appears_and_a_deleted_one_goes() {
    let site = Site::new().article("a", "", "First.");
    let server = start(&site, &[]);
    let version = version_of(&get(&server, "/").1);
    site.write("content/new.md", format!("{}Fresh.", fm("")).as_bytes());
    let version = next_version(&server, "/", version);
    let (status, page) = get(&server, "/new/");
    assert_eq!(status, 200);
    assert!(page.contains("Fresh."));
    assert!(
        get(&server, "/").1.contains("new/index.html"),
        "listed on the index"
    );
    std::fs::remove_file(site.root().join("content/new.md")).unwrap();
    next_version(&server, "/", version);
    assert_eq!(get(&server, "/new/").0, 404, "its page is gone");
    assert!(
        !get(&server, "/").1.contains("new/index.html"),
        "and its line"
    );
}

#[test]
fn a_content_error_shows_then_a_fix_clears_it() {
    let site = Site::new().article("a", "", "Fine.");
    let server = start(&site, &[]);
    let version = version_of(&get(&server, "/a/").1);
    site.write(
        "content/a.md",
        format!("{}See [x](term:nope).", fm("")).as_bytes(),
    );
    let event = poll(&server, version);
    let problems = event["problems"]
        .as_str()
        .expect("the problems are reported");
    assert!(
        problems.contains("content/a.md:5:5") && problems.contains("term:nope"),
        "{problems}"
    );
    let (status, page) = get(&server, "/a/");
    assert_eq!(status, 200, "the last good page is still served");
    assert!(page.contains("id=\"explainer-problems\"") && page.contains("Fine."));
    let broken = event["version"].as_u64().unwrap();
    site.write("content/a.md", format!("{}Fixed.", fm("")).as_bytes());
    let event = poll(&server, broken);
    assert!(event["problems"].is_null(), "{event}");
    let (_, page) = get(&server, "/a/");
    assert!(page.contains("Fixed.") && !page.contains("explainer-problems"));
}

#[test]
fn paths_that_climb_out_of_the_site_are_forbidden() {
    // `..` as written, percent-encoded in either case, or behind a backslash: 403, whether
    // or not what it points to exists.
    let site = Site::new().article("a", "", "x");
    std::fs::write(site.root().join("secret.txt"), "SECRET").unwrap();
    let server = start(&site, &[]);
    for path in [
        "/../secret.txt",
        "/../../../../etc/passwd",
        "/a/../../secret.txt",
        "/a/../index.html",
        "/%2e%2e/secret.txt",
        "/%2E%2E/secret.txt",
        "/.%2e/secret.txt",
        "/a/..%2f..%2fsecret.txt",
        "/a/..%2F..%2Fsecret.txt",
        "/a%5c..%5c..%5csecret.txt",
        "/a\\..\\..\\secret.txt",
    ] {
        let (status, body) = get(&server, path);
        assert_eq!(status, 403, "{path}: {body}");
        assert!(
            !body.contains("SECRET") && !body.contains("root:"),
            "{path} leaked a file"
        );
    }
}

#[test]
fn only_the_built_site_is_served() {
    // The site's own sources and other files in its folder are not pages: 404.
    let site = Site::new().article("a", "", "x");
    std::fs::write(site.root().join("secret.txt"), "SECRET").unwrap();
    let server = start(&site, &[]);
    for path in ["/content/a.md", "/secret.txt", "/content/", "/a/index.md"] {
        let (status, body) = get(&server, path);
        assert_eq!(status, 404, "{path}: {body}");
        assert!(!body.contains("SECRET"), "{path} leaked a file");
    }
    assert_eq!(get(&server, "/a/").0, 200);
}

#[test]
fn base_path_previews_a_sub_path_and_build_output_has_no_live_reload() {
    let site = Site::new().article("a", "", "x");
    let server = start(&site, &["--base-path", "/news/explained"]);
    assert!(server.url.ends_with("/news/explained/"));
    let (status, page) = get(&server, "/news/explained/a/index.html");
    assert_eq!(status, 200);
    assert!(page.contains("href=\"../style.css\""));
    assert!(page.contains("/news/explained/__explainer/live.js"));
    assert_eq!(get(&server, "/a/index.html").0, 404);
    assert_eq!(get(&server, "/news/explained/missing/").0, 404);
    assert_eq!(get(&server, "/news/explained/../explained/a/").0, 403);
    site.build_ok();
    assert!(
        !site.read("a/index.html").contains("__explainer"),
        "build output never has the live-reload script"
    );
}

/// The pages of a full in-memory build.
fn full(site: &Site) -> std::collections::BTreeMap<String, Vec<u8>> {
    let (built, _, _) =
        explainer::incremental::build_model(&site.opts()).unwrap_or_else(|e| panic!("{e}"));
    pages(built)
}

fn pages(built: Vec<explainer::Page>) -> std::collections::BTreeMap<String, Vec<u8>> {
    built
        .into_iter()
        .map(|p| {
            let bytes = match p.body {
                explainer::PageBody::Bytes(b) => b,
                explainer::PageBody::Copy(path) => std::fs::read(path).unwrap(),
            };
            (p.path, bytes)
        })
        .collect()
}

/// Edits `content/a.md`, applies the incremental update, and checks the patched site is
/// byte for byte what a full build of the edited site gives. Returns the pages rewritten.
fn incremental_matches_full(site: &Site, edited: &str) -> Vec<String> {
    change_matches_full(site, "content/a.md", || {
        site.write("content/a.md", edited.as_bytes())
    })
}

/// Fails unless each of `pages` was rewritten.
fn assert_rewrites(rewritten: &[String], pages: &[&str]) {
    for page in pages {
        assert!(
            rewritten.iter().any(|r| r == page),
            "{page} in {rewritten:?}"
        );
    }
}

/// Applies the patch an update gives to the pages of a build.
fn apply(
    pages: &mut std::collections::BTreeMap<String, Vec<u8>>,
    update: explainer::incremental::Update,
) {
    for gone in &update.removed {
        pages.remove(gone);
    }
    for page in update.pages {
        let explainer::PageBody::Bytes(b) = page.body else {
            panic!("generated page")
        };
        pages.insert(page.path, b);
    }
}

fn glossary_site() -> Site {
    Site::new()
        .file("content/glossary.yaml", GLOSSARY)
        .article("a", "", "THAAD only.")
        .article("b", "", "Yoon and THAAD.")
}

#[test]
fn an_edit_of_the_body_rewrites_only_the_article_when_nothing_else_changes() {
    let site = glossary_site();
    let rewritten = incremental_matches_full(&site, &format!("{}THAAD only, said again.", fm("")));
    assert_eq!(rewritten, ["a/index.html"]);
}

#[test]
fn a_new_mention_rewrites_the_entry_page_and_the_glossary_counts() {
    let site = glossary_site();
    let rewritten = incremental_matches_full(&site, &format!("{}THAAD, and now Yoon.", fm("")));
    assert_eq!(
        rewritten,
        [
            "a/index.html",
            "glossary/index.html",
            "glossary/yoon/index.html"
        ]
    );
}

#[test]
fn a_new_title_rewrites_the_index_feeds_and_backlinks() {
    let site = glossary_site().file("content/site.yaml", "base_url: https://example.org/\n");
    let rewritten = incremental_matches_full(
        &site,
        "---\ntitle: A new title\ndate: 2023-01-01\n---\nTHAAD only.",
    );
    assert_rewrites(
        &rewritten,
        &[
            "a/index.html",
            "index.html",
            "atom.xml",
            "sitemap.xml",
            "glossary/thaad/index.html",
        ],
    );
}

#[test]
fn highlight_css_comes_and_goes_with_the_last_code_block() {
    let fence = "\n\n```python\nx = 1\n```\n";
    let site = glossary_site();
    let rewritten = incremental_matches_full(&site, &format!("{}THAAD only.{fence}", fm("")));
    assert!(
        rewritten.contains(&"highlight.css".to_string()),
        "{rewritten:?}"
    );
    // The last fence goes: so does highlight.css (the helper compares the page sets).
    incremental_matches_full(&site, &format!("{}THAAD only.", fm("")));
}

#[test]
fn a_site_s_own_highlight_css_is_never_replaced_or_removed() {
    let fence = "\n\n```python\nx = 1\n```\n";
    let site = glossary_site().file("static/highlight.css", "/* mine */");
    incremental_matches_full(&site, &format!("{}THAAD only.{fence}", fm("")));
    incremental_matches_full(&site, &format!("{}THAAD only.", fm("")));
}

#[test]
fn a_new_via_rewrites_the_speaker_page() {
    let quoted = |via: &str| {
        format!(
            "{}“We will not negotiate,” Yoon said.",
            fm(&format!(
                "quotes:\n  - text: We will not negotiate\n    speaker: yoon\n    via: {via}\n"
            ))
        )
    };
    let site = glossary_site();
    site.write("content/a.md", quoted("thaad").as_bytes());
    let rewritten = incremental_matches_full(&site, &quoted("Yonhap"));
    assert!(
        rewritten.contains(&"glossary/yoon/index.html".to_string()),
        "{rewritten:?}"
    );
}

/// Like [`incremental_matches_full`], for a change made by `change` to any file.
fn change_matches_full(site: &Site, file: &str, change: impl FnOnce()) -> Vec<String> {
    let (built, _, mut model) =
        explainer::incremental::build_model(&site.opts()).unwrap_or_else(|e| panic!("{e}"));
    model.index_paths(); // as serve does, right after the build
    let mut patched = pages(built);
    change();
    let update = model
        .update(&site.root().join(file))
        .unwrap_or_else(|e| panic!("{e}"))
        .expect("incremental");
    let rewritten: Vec<String> = update.pages.iter().map(|p| p.path.clone()).collect();
    apply(&mut patched, update);
    let expected = full(site);
    for (path, bytes) in &expected {
        assert!(
            patched.get(path) == Some(bytes),
            "{path} differs from a full build"
        );
    }
    assert_eq!(patched.len(), expected.len(), "the same set of pages");
    rewritten
}

#[test]
fn a_new_article_is_added_without_a_full_rebuild() {
    let site = glossary_site().file("content/site.yaml", "base_url: https://example.org/\n");
    let rewritten = change_matches_full(&site, "content/sub/new.md", || {
        site.write(
            "content/sub/new.md",
            format!("{}Yoon on THAAD.", fm("")).as_bytes(),
        )
    });
    assert_rewrites(
        &rewritten,
        &[
            "sub/new/index.html",
            "index.html",
            "atom.xml",
            "glossary/yoon/index.html",
        ],
    );
}

#[test]
fn a_deleted_article_is_removed_without_a_full_rebuild() {
    let site = glossary_site().file("content/site.yaml", "base_url: https://example.org/\n");
    let rewritten = change_matches_full(&site, "content/b.md", || {
        std::fs::remove_file(site.root().join("content/b.md")).unwrap()
    });
    assert!(rewritten.contains(&"glossary/yoon/index.html".to_string()));
}

#[cfg(unix)]
#[test]
fn a_linked_article_whose_link_is_deleted_goes() {
    let site = glossary_site().file("elsewhere/x.md", &format!("{}Yoon.", fm("")));
    std::os::unix::fs::symlink(
        site.root().join("elsewhere/x.md"),
        site.root().join("content/x.md"),
    )
    .unwrap();
    let rewritten = change_matches_full(&site, "content/x.md", || {
        std::fs::remove_file(site.root().join("content/x.md")).unwrap()
    });
    assert_rewrites(&rewritten, &["index.html", "glossary/yoon/index.html"]);
}

#[test]
fn an_article_made_a_draft_leaves_and_comes_back() {
    let site = glossary_site();
    change_matches_full(&site, "content/b.md", || {
        site.write(
            "content/b.md",
            format!("{}Yoon.", fm("draft: true\n")).as_bytes(),
        )
    });
    change_matches_full(&site, "content/b.md", || {
        site.write("content/b.md", format!("{}Yoon.", fm("")).as_bytes())
    });
}

#[test]
fn files_a_build_does_not_read_change_nothing() {
    let site = glossary_site();
    for file in [
        "content/_private.md",
        "content/.hidden.md",
        "content/_d/x.md",
    ] {
        let rewritten = change_matches_full(&site, file, || {
            site.write(file, format!("{}THAAD.", fm("")).as_bytes())
        });
        assert!(rewritten.is_empty(), "{file}: {rewritten:?}");
    }
}

#[test]
fn a_new_slug_moves_the_page() {
    let site = glossary_site();
    incremental_matches_full(&site, &format!("{}THAAD only.", fm("slug: moved\n")));
}

#[test]
fn edits_that_reach_further_ask_for_a_full_rebuild() {
    let site = glossary_site();
    let (_, _, mut model) = explainer::incremental::build_model(&site.opts()).unwrap();
    for (file, front, why) in [
        ("a", "glossary:\n  moon:\n    name: Moon\n", "a new entry"),
        (
            "c",
            "glossary:\n  sun:\n    name: Sun\n",
            "a new file with its own entry",
        ),
        ("d", "slug: b\n", "a new file at another article's address"),
    ] {
        let file = format!("content/{file}.md");
        site.write(&file, format!("{}x", fm(front)).as_bytes());
        let update = model.update(&site.root().join(&file)).unwrap();
        assert!(update.is_none(), "{why}");
    }
    site.write(
        "content/a.md",
        format!("{}[x](term:nope)", fm("")).as_bytes(),
    );
    assert!(
        model.update(&site.root().join("content/a.md")).is_err(),
        "an error is reported"
    );
}

/// The article `random_edit_sequences…` edits, one field at a time, as an editor would.
#[derive(Clone, Default)]
struct Draft {
    /// Which article: its slug, when it has one, is its own.
    id: usize,
    /// Whether the file is there at all.
    exists: bool,
    title: usize,
    date: usize,
    options: [bool; 10],
    pieces: Vec<usize>,
    said: bool,
    quote: Option<usize>,
    block_quote: bool,
    error: bool,
}

const PIECES: &[&str] = &[
    "THAAD ",
    "Yoon ",
    "THAAD battery ",
    "the system ",
    "[the system](term:thaad) ",
    "[he](term:yoon) ",
    "plain words, ",
    "\n\n## A heading with THAAD\n\n",
    "`THAAD` in code ",
    "\n\n> “A quoted THAAD line.”\n\n",
    "Yoon Suk Yeol ",
    "\n\n```python\nx = \"THAAD\"\n```\n\n",
];
const TITLES: &[&str] = &["A", "B", "\"“C” & <D>\""];
const DATES: &[&str] = &["2022-08-11", "2021-01-01", "2024-05-05"];
const OPTIONS: [&str; 10] = [
    "slug: moved\n",
    "tags: [Defence, Korea]\n",
    "summary: \"About THAAD.\"\n",
    "annotate: all\n",
    "annotate: none\n",
    "skip: [yoon]\n",
    "updated: 2025-01-01\n",
    "author: [Kim, Lee]\n",
    "source: {name: Yonhap, url: \"https://example.org/y\"}\n",
    "draft: true\n",
];

impl Draft {
    /// Changes one thing: a word added or removed, the title, the date, an option, a
    /// quotation or its speaker, or an error made or fixed.
    fn edit(&mut self, rng: &mut Rng) {
        let mut next = |n: usize| rng.below(n);
        if next(12) == 0 {
            self.exists = !self.exists;
            return;
        }
        match next(9) {
            0 | 1 => self.pieces.push(next(PIECES.len())),
            2 if !self.pieces.is_empty() => {
                let at = next(self.pieces.len());
                self.pieces.remove(at);
            }
            3 => self.title = next(TITLES.len()),
            4 => self.date = next(DATES.len()),
            5 => {
                let o = next(OPTIONS.len());
                self.options[o] = !self.options[o];
                if o == 3 || o == 4 {
                    self.options[7 - o] = false; // one annotate mode at a time
                }
            }
            6 => self.said = !self.said,
            7 => {
                self.quote = match next(5) {
                    0 => None,
                    n => Some(n - 1),
                };
                self.block_quote = next(2) == 0;
            }
            _ => self.error = next(6) == 0,
        }
    }

    fn text(&self) -> String {
        let mut body: String = self.pieces.iter().map(|&p| PIECES[p]).collect();
        if self.said {
            body.push_str("“We will not negotiate,” Yoon said. ");
        }
        if self.error {
            body.push_str("[x](term:nope)");
        }
        let mut front = format!(
            "title: {}\ndate: {}\n",
            TITLES[self.title], DATES[self.date]
        );
        for (on, option) in self.options.iter().zip(OPTIONS) {
            if *on {
                front.push_str(&option.replace("moved", &format!("moved-{}", self.id)));
            }
        }
        let mut quotes = String::new();
        if let (true, Some(q)) = (self.said, self.quote) {
            let (speaker, via) = [
                ("yoon", ""),
                ("thaad", ""),
                ("yoon", "\n    via: thaad"),
                ("yoon", "\n    via: Yonhap"),
            ][q];
            quotes.push_str(&format!(
                "  - text: We will not negotiate\n    speaker: {speaker}{via}\n"
            ));
        }
        if self.block_quote && self.pieces.contains(&9) {
            quotes.push_str("  - text: A quoted THAAD line\n    speaker: yoon\n");
        }
        if !quotes.is_empty() {
            front.push_str("quotes:\n");
            front.push_str(&quotes);
        }
        format!("---\n{front}---\n{body}")
    }
}

/// Sequences of random edits to three articles (one of them created and deleted), each applied to the same model the way
/// `serve` applies them (falling back to a full build when an edit reaches further):
/// after every edit, the patched site is byte for byte what a full build gives.
/// `EXPLAINER_FUZZ_CASES=N` runs N edits instead of the default 200, and
/// `EXPLAINER_FUZZ_SEED` starts elsewhere.
#[test]
fn random_edit_sequences_patch_the_site_as_a_full_build_would() {
    let edits = from_env("EXPLAINER_FUZZ_CASES", 200);
    let site = glossary_site()
        .file("content/site.yaml", "base_url: https://example.org/\n")
        .article(
            "c",
            "quotes:\n  - text: \"No\"\n    speaker: yoon\n",
            "“No,” Yoon said of THAAD.",
        );
    let mut rng = Rng(from_env("EXPLAINER_FUZZ_SEED", 0x2026_1130) | 1);
    // Two articles edited in turn at random, so their edits meet on shared pages.
    // Three articles: a and b are there from the start, c comes and goes.
    let mut drafts = [0, 1, 2].map(|id| Draft {
        id,
        exists: id < 2,
        ..Draft::default()
    });
    let mut state: Option<(
        explainer::incremental::Model,
        std::collections::BTreeMap<String, Vec<u8>>,
    )> = None;
    let mut incremental = 0;
    for step in 0..edits {
        let which = rng.below(3);
        drafts[which].edit(&mut rng);
        let file = ["content/a.md", "content/b.md", "content/more/d.md"][which];
        let path = site.root().join(file);
        let version = if drafts[which].exists {
            let text = drafts[which].text();
            site.write(file, text.as_bytes());
            text
        } else {
            let _ = std::fs::remove_file(&path);
            "(deleted)".to_string()
        };
        let patched = match &mut state {
            Some((model, pages)) => match model.update(&path) {
                Ok(Some(update)) => {
                    apply(pages, update);
                    true
                }
                Ok(None) | Err(_) => false,
            },
            None => false,
        };
        if !patched {
            // What serve does: a full build, which is then the base of the next edit.
            state = explainer::incremental::build_model(&site.opts()).ok().map(
                |(built, _, mut model)| {
                    model.index_paths(); // as serve does, right after the build
                    (model, pages(built))
                },
            );
            continue;
        }
        incremental += 1;
        let expected = full(&site);
        let pages = &state.as_ref().expect("patched").1;
        for (path, bytes) in &expected {
            assert!(
                pages.get(path) == Some(bytes),
                "step {step}: {path} differs from a full build after this edit of {file}:\n{version}"
            );
        }
        assert_eq!(
            pages.len(),
            expected.len(),
            "step {step}: the same set of pages after this edit of {file}:\n{version}"
        );
    }
    eprintln!("{incremental} of {edits} edits were incremental");
    assert!(
        incremental * 3 > edits,
        "at least a third of the edits should be incremental; only {incremental} of {edits} were"
    );
}
