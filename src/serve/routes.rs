//! What each request path is answered with: the site's pages, the live-reload script
//! and its long poll.

use std::time::Duration;

use tiny_http::{Header, Request, Response};

use super::Shared;
use crate::html::escape;
use crate::sink::PageBody;

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header")
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "txt" => "text/plain; charset=utf-8",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// What a request path means.
#[derive(Debug, PartialEq, Eq)]
enum Route {
    /// A file of the site (a key of the page map).
    File(String),
    /// A page waiting for the next build (long poll).
    Poll,
    /// The live-reload script.
    Script,
    /// Outside the base path.
    Outside,
    /// A traversal attempt or an undecodable path.
    Forbidden,
}

fn route(base: &str, url: &str) -> Route {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let Ok(decoded) = percent_encoding::percent_decode_str(path).decode_utf8() else {
        return Route::Forbidden;
    };
    if decoded.contains('\0') || decoded.contains('\\') || decoded.split('/').any(|s| s == "..") {
        return Route::Forbidden;
    }
    let Some(rel) = decoded.strip_prefix(base) else {
        return Route::Outside;
    };
    match rel {
        "__explainer/poll" => Route::Poll,
        "__explainer/live.js" => Route::Script,
        _ => {
            let mut key = rel.trim_start_matches('/').to_string();
            if key.is_empty() || key.ends_with('/') {
                key.push_str("index.html");
            }
            Route::File(key)
        }
    }
}

pub(super) fn handle(request: Request, shared: &Shared) {
    let url = request.url().to_string();
    match route(&shared.base, &url) {
        Route::Forbidden => {
            let _ = request.respond(Response::from_string("403 Forbidden").with_status_code(403));
        }
        Route::Outside => {
            if url == "/" {
                let _ = request
                    .respond(Response::empty(302).with_header(header("Location", &shared.base)));
            } else {
                let _ = request.respond(
                    Response::from_string("404 Not Found: outside the site").with_status_code(404),
                );
            }
        }
        Route::Script => {
            let _ = request.respond(
                Response::from_string(LIVE_JS)
                    .with_header(header("Content-Type", "text/javascript; charset=utf-8"))
                    .with_header(header("Cache-Control", "no-store")),
            );
        }
        Route::Poll => {
            let since = url
                .split_once("since=")
                .and_then(|(_, v)| v.split('&').next()?.parse::<u64>().ok())
                .unwrap_or(0);
            let version = shared.wait_for_build(since, Duration::from_secs(20));
            let problems = shared
                .state
                .read()
                .unwrap_or_else(|e| e.into_inner())
                .problems
                .clone();
            let body = serde_json::json!({ "version": version, "problems": problems }).to_string();
            let _ = request.respond(
                Response::from_string(body)
                    .with_header(header("Content-Type", "application/json"))
                    .with_header(header("Cache-Control", "no-store")),
            );
        }
        Route::File(key) => {
            let state = shared.state.read().unwrap_or_else(|e| e.into_inner());
            let version = state.version;
            let problems = state.problems.clone();
            let (status, key, body) = match state.pages.get(&key) {
                Some(body) => (200, key, Some(body.clone())),
                None => match state.pages.get(&format!("{key}/index.html")) {
                    // A folder without its slash: send the browser to the slash, so relative links work.
                    Some(_) => {
                        drop(state);
                        let location = format!("{}{key}/", shared.base);
                        let _ = request.respond(
                            Response::empty(301).with_header(header("Location", &location)),
                        );
                        return;
                    }
                    None => (
                        404,
                        "404.html".to_string(),
                        state.pages.get("404.html").cloned(),
                    ),
                },
            };
            drop(state);
            let bytes = match body {
                Some(PageBody::Bytes(b)) => b,
                Some(PageBody::Copy(path)) => std::fs::read(path).unwrap_or_default(),
                None => b"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>explainer</title></head><body><p>The site has not built yet.</p></body></html>".to_vec(),
            };
            let is_html = key.ends_with(".html");
            let bytes = if is_html {
                inject(&bytes, &shared.base, version, problems.as_deref())
            } else {
                bytes
            };
            let ct = if is_html {
                "text/html; charset=utf-8"
            } else {
                content_type(&key)
            };
            let _ = request.respond(
                Response::from_data(bytes)
                    .with_status_code(status)
                    .with_header(header("Content-Type", ct))
                    .with_header(header("Cache-Control", "no-store")),
            );
        }
    }
}

/// Adds the live-reload script (and the problems overlay) before `</body>`.
fn inject(html: &[u8], base: &str, version: u64, problems: Option<&str>) -> Vec<u8> {
    let html = String::from_utf8_lossy(html);
    let mut snippet = format!(
        "<script src=\"{}__explainer/live.js\" data-base=\"{}\" data-version=\"{version}\"></script>",
        escape(base),
        escape(base)
    );
    if let Some(p) = problems {
        snippet.push_str(&overlay(p));
    }
    let at = html.rfind("</body>").unwrap_or(html.len());
    let mut out = String::with_capacity(html.len() + snippet.len());
    out.push_str(&html[..at]);
    out.push_str(&snippet);
    out.push_str(&html[at..]);
    out.into_bytes()
}

/// The overlay that shows the build's problems over the last good page.
pub fn overlay(problems: &str) -> String {
    format!(
        "<div id=\"explainer-problems\" role=\"alert\" style=\"position:fixed;inset:0;z-index:9999;overflow:auto;background:rgba(20,20,24,.94);color:#f5f5f7;padding:2rem;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace\"><p style=\"font:600 18px system-ui,sans-serif;margin:0 0 1rem\">The site has errors. The preview updates as soon as they are fixed.</p><pre style=\"white-space:pre-wrap;margin:0\">{}</pre></div>",
        escape(problems)
    )
}

const LIVE_JS: &str = r#"// explainer serve: live reload and the problems overlay. Not part of built sites.
(function () {
  "use strict";
  var me = document.currentScript;
  var base = me.getAttribute("data-base") || "/";
  var version = me.getAttribute("data-version");
  function esc(s) { return s.replace(/[&<>"']/g, function (c) { return "&#" + c.charCodeAt(0) + ";"; }); }
  function showProblems(text) {
    var old = document.getElementById("explainer-problems");
    if (old) old.remove();
    var div = document.createElement("div");
    div.innerHTML = '<div id="explainer-problems" role="alert" style="position:fixed;inset:0;z-index:9999;overflow:auto;background:rgba(20,20,24,.94);color:#f5f5f7;padding:2rem;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace"><p style="font:600 18px system-ui,sans-serif;margin:0 0 1rem">The site has errors. The preview updates as soon as they are fixed.</p><pre style="white-space:pre-wrap;margin:0">' + esc(text) + "</pre></div>";
    document.body.appendChild(div.firstChild);
  }
  // Long polling: the server answers when a newer build exists (or after 20 s).
  function poll() {
    fetch(base + "__explainer/poll?since=" + version, { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (s.problems) { version = String(s.version); showProblems(s.problems); poll(); }
        else if (String(s.version) !== version) { location.reload(); }
        else { poll(); }
      })
      .catch(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_stay_inside_the_site() {
        assert_eq!(route("/", "/"), Route::File("index.html".into()));
        assert_eq!(
            route("/", "/a/b/?x=1"),
            Route::File("a/b/index.html".into())
        );
        assert_eq!(route("/", "/../etc/passwd"), Route::Forbidden);
        assert_eq!(route("/", "/%2e%2e/%2e%2e/etc/passwd"), Route::Forbidden);
        assert_eq!(route("/", "/a/..%2f..%2fsecret"), Route::Forbidden);
        assert_eq!(route("/", "/a%5c..%5csecret"), Route::Forbidden);
        assert_eq!(route("/sub/", "/other/index.html"), Route::Outside);
        assert_eq!(route("/sub/", "/sub/__explainer/poll?since=3"), Route::Poll);
    }

    #[test]
    fn the_script_goes_before_the_end_of_body() {
        let html = inject(
            b"<html><body><p>x</p></body></html>",
            "/",
            3,
            Some("error <here>"),
        );
        let html = String::from_utf8(html).unwrap();
        assert!(html.contains("data-version=\"3\"></script><div id=\"explainer-problems\""));
        assert!(html.contains("error &lt;here&gt;"));
        assert!(html.ends_with("</body></html>"));
    }
}
