//! What each request path is answered with: the site's pages, the live-reload script
//! and its long poll.

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

use super::Shared;
use super::http::{self, Connection, Request, Response};
use super::reload;
use crate::html::escape;
use crate::sink::PageBody;
use crate::urls;

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
            let key = rel.trim_start_matches('/');
            if key.is_empty() || key.ends_with('/') {
                Route::File(urls::page_of(key))
            } else {
                Route::File(key.to_string())
            }
        }
    }
}

/// Answers one request: at once, or (a live-reload poll) by parking it in the waiting room.
pub(super) fn handle(shared: &Shared, request: Request, conn: Connection) {
    let url = request.target.as_str();
    let route = route(&shared.base, url);
    if let (Route::Poll | Route::Script, Some(why)) = (&route, &request.origin_refusal) {
        // Another site's page must not learn of builds, nor take the waiting room's places.
        conn.respond(&Response::text(403, why));
        return;
    }
    let response = match route {
        Route::Forbidden => Response::text(403, "the path leads out of the site"),
        Route::Outside if url == "/" => Response::empty(302).header("Location", &shared.base),
        Route::Outside => Response::text(404, "outside the site"),
        Route::Script => Response::new(200, "text/javascript; charset=utf-8", LIVE_JS.into())
            .header("Cache-Control", "no-store"),
        Route::Poll => {
            let (stream, head_only) = conn.detach();
            if let Err(stream) = shared.room.park(stream, head_only, reload::since(url)) {
                // The page asks again a second later.
                let busy = Response::text(503, "too many pages are waiting for live reload")
                    .header("Retry-After", "1");
                let _ = busy.write_to(&mut &stream, head_only);
                http::close(stream, false);
            }
            return;
        }
        Route::File(key) => file(shared, key),
    };
    conn.respond(&response);
}

/// A page or file of the site, or its 404 page.
fn file(shared: &Shared, key: String) -> Response {
    let state = shared.state.read().unwrap_or_else(|e| e.into_inner());
    let version = state.version;
    let problems = state.problems.clone();
    let (status, key, body) = match state.pages.get(&key) {
        Some(body) => (200, key, Some(body.clone())),
        None => match state.pages.get(&urls::page_of(&format!("{key}/"))) {
            // A folder without its slash: send the browser to the slash, so relative links work.
            Some(_) => {
                let location = format!("{}{key}/", shared.base);
                let location = utf8_percent_encode(&location, LOCATION);
                return Response::empty(301).header("Location", &location.to_string());
            }
            None => (
                404,
                urls::NOT_FOUND.to_string(),
                state.pages.get(urls::NOT_FOUND).cloned(),
            ),
        },
    };
    drop(state);
    let bytes = match body {
        Some(PageBody::Bytes(b)) => b,
        Some(PageBody::Copy(path)) => match std::fs::read(&path) {
            Ok(bytes) => bytes,
            // A static file deleted or made unreadable since the build that listed it.
            Err(e) => {
                // The path is for the terminal: a preview on the network must not show it.
                eprintln!("serve: cannot read {}: {e}", path.display());
                return Response::text(500, "a static file of the site cannot be read; the terminal says which");
            }
        },
        None => b"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>explainer</title></head><body><p>The site has not built yet.</p></body></html>".to_vec(),
    };
    let is_html = key.ends_with(".html");
    let (bytes, ct) = if is_html {
        let html = inject(&bytes, &shared.base, version, problems.as_deref());
        (html, "text/html; charset=utf-8")
    } else {
        (bytes, content_type(&key))
    };
    Response::new(status, ct, bytes).header("Cache-Control", "no-store")
}

/// What a path may not hold as it is in a `Location` header: it was decoded from the
/// request.
const LOCATION: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`');

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
fn overlay(problems: &str) -> String {
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
  // What the server last said, and the build to poll past: a tab that takes over polling
  // starts from there, and is not answered at once with what the others already know.
  var seen = version;
  // Shows the problems, or reloads the page if the build is not the one it shows; true
  // while the page stays.
  function act(s) {
    seen = String(s.version);
    if (s.problems) { showProblems(s.problems); return true; }
    if (seen === version) return true;
    location.reload();
    return false;
  }
  // Long polling: the server answers when a newer build exists (or after 20 s).
  function poll(channel) {
    fetch(base + "__explainer/poll?since=" + seen, { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (channel) channel.postMessage(s);
        if (act(s)) poll(channel);
      })
      .catch(function () { setTimeout(function () { poll(channel); }, 1000); });
  }
  // A browser opens about six connections to a host, so its tabs share one poll: the tab
  // that holds the lock polls and tells the others on the channel. The lock is held while
  // the page lives; when it goes, another tab takes it and polls in turn.
  var name = "explainer-live-reload:" + base;
  if (navigator.locks && window.BroadcastChannel) {
    var channel = new BroadcastChannel(name);
    channel.onmessage = function (e) { act(e.data); };
    navigator.locks.request(name, function () {
      poll(channel);
      return new Promise(function () {});
    }).catch(function () { poll(null); });
  } else {
    poll(null);
  }
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
    fn a_redirect_s_location_is_encoded() {
        let location = utf8_percent_encode("/sub/a b/é%?#\r\n/", LOCATION).to_string();
        assert_eq!(location, "/sub/a%20b/%C3%A9%25%3F%23%0D%0A/");
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
