//! `explainer serve`: started on a free port; edits rebuild and signal a reload; errors
//! show and clear; nothing outside the site is served.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::*;

mod http;
mod incremental;
mod lead_image;

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
    try_send(url, path).unwrap()
}

/// [`send`], with the connection's errors returned: a server that refuses a connection
/// may answer and close it before the request is written.
fn try_send(url: &str, path: &str) -> std::io::Result<TcpStream> {
    let authority = url.trim_start_matches("http://").split('/').next().unwrap();
    let mut stream = TcpStream::connect(authority)?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    write!(stream, "GET {path} HTTP/1.0\r\nHost: {authority}\r\n\r\n")?;
    Ok(stream)
}

/// The status and body of the response to a request [`send`] sent.
fn response(stream: TcpStream) -> (u16, String) {
    try_response(stream).unwrap()
}

/// [`response`], with the connection's errors returned.
fn try_response(mut stream: TcpStream) -> std::io::Result<(u16, String)> {
    let mut response = Vec::new();
    stream.read_to_end(&mut response)?;
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
    Ok((status, body))
}

/// A raw HTTP/1.0 GET of `path`: status and body.
fn get(server: &Server, path: &str) -> (u16, String) {
    response(send(&server.url, path))
}

/// [`get`], with the connection's errors returned: for a test waiting for a server that
/// may still be refusing connections.
fn try_get(server: &Server, path: &str) -> std::io::Result<(u16, String)> {
    try_response(try_send(&server.url, path)?)
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

#[test]
fn build_and_serve_read_the_same_files_and_a_new_well_known_file_reaches_the_preview() {
    // One rule decides what the build reads and what the watcher rebuilds for: hidden and
    // private names in content/ and templates/ are skipped, static/ is published as it is
    // (its .well-known/ too) but for what version control and editors leave there.
    let site = Site::new()
        .article("a", "", "Text.")
        .file("content/_drafts/b.md", &format!("{}Draft.", fm("")))
        .file("content/.obsidian/c.md", &format!("{}Notes.", fm("")))
        .file("templates/.base.html.swp", "{% broken")
        .file(
            "static/.well-known/security.txt",
            "Contact: mailto:desk@example.org\n",
        )
        .file("static/_headers", "/*\n  X-Frame-Options: DENY\n")
        .file("static/.git/config", "[core]\n")
        .file("static/css/site.css~", "backup");
    site.build_ok();
    let built = tree(&site.out());
    let server = start(&site, &[]);
    for (path, bytes) in &built {
        let (status, body) = get(&server, &format!("/{path}"));
        assert_eq!(status, 200, "{path} is built, and served");
        // Pages get the live-reload script in serve; other files are served as built.
        if !path.ends_with(".html") {
            assert_eq!(body.as_bytes(), bytes.as_slice(), "{path}");
        }
    }
    for path in [".well-known/security.txt", "_headers"] {
        assert!(built.iter().any(|(p, _)| p == path), "{path} is published");
    }
    for path in [
        "b/index.html",
        "c/index.html",
        ".git/config",
        "css/site.css~",
    ] {
        assert!(!built.iter().any(|(p, _)| p == path), "{path} is not built");
        assert_eq!(
            get(&server, &format!("/{path}")).0,
            404,
            "{path} is not served"
        );
    }
    site.write("static/.well-known/new.txt", b"added while serving");
    wait_until(
        "the new file in the preview",
        Duration::from_secs(10),
        || get(&server, "/.well-known/new.txt") == (200, "added while serving".to_string()),
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
