//! `explainer serve`: started on a free port; edits rebuild and signal a reload; errors
//! show and clear; nothing outside the site is served.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::time::Duration;

use super::*;

/// A running `explainer serve`, stopped when dropped.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT/base/`
    pub url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
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
    let url = loop {
        let line = lines.next().expect("serve printed its URL").unwrap();
        if let Some(at) = line.find("http://") {
            break line[at..].split_whitespace().next().unwrap().to_string();
        }
    };
    // Keep draining stderr so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Server { child, url }
}

/// A raw HTTP/1.0 GET of `path` (sent as written, no normalisation): status and body.
fn get(server: &Server, path: &str) -> (u16, String) {
    let authority = server
        .url
        .trim_start_matches("http://")
        .split('/')
        .next()
        .unwrap();
    let mut stream = TcpStream::connect(authority).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    write!(stream, "GET {path} HTTP/1.0\r\nHost: {authority}\r\n\r\n").unwrap();
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

fn version_of(page: &str) -> u64 {
    let at = page.find("data-version=\"").expect("live reload script") + "data-version=\"".len();
    page[at..].split('"').next().unwrap().parse().unwrap()
}

fn poll(server: &Server, since: u64) -> serde_json::Value {
    let (status, body) = get(server, &format!("/__explainer/poll?since={since}"));
    assert_eq!(status, 200);
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
    let waiting = {
        let url = server.url.clone();
        std::thread::spawn(move || {
            let s = Server {
                child: Command::new("true").spawn().unwrap(),
                url,
            };
            poll(&s, version)
        })
    };
    std::thread::sleep(Duration::from_millis(200));
    site.write(
        "content/a.md",
        format!("{}Second version.", fm("")).as_bytes(),
    );
    let event = waiting.join().unwrap();
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
fn requests_outside_the_site_are_refused() {
    let site = Site::new().article("a", "", "x");
    let secret = site.root().join("secret.txt");
    std::fs::write(&secret, "SECRET").unwrap();
    let server = start(&site, &[]);
    for path in [
        "/../secret.txt",
        "/../../../../etc/passwd",
        "/%2e%2e/secret.txt",
        "/a/..%2f..%2fsecret.txt",
        "/a%5c..%5c..%5csecret.txt",
        "/content/a.md",
        "/secret.txt",
    ] {
        let (status, body) = get(&server, path);
        assert!(status == 403 || status == 404, "{path}: {status}");
        assert!(
            !body.contains("SECRET") && !body.contains("root:"),
            "{path} leaked a file"
        );
    }
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
    site.build_ok();
    assert!(
        !site.read("a/index.html").contains("__explainer"),
        "build output never has the live-reload script"
    );
}
