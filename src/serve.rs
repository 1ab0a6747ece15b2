//! `explainer serve`: builds in memory, serves on 127.0.0.1, watches content/, templates/
//! and static/, rebuilds on change and reloads the open pages. Content errors show in the
//! terminal and as an overlay in the browser; the server keeps the last good site and
//! recovers as soon as the file is fixed. The live-reload script is injected into
//! responses here, never into `build` output.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, EventKind};
use notify::{RecursiveMode, Watcher};
use tiny_http::{Header, Request, Response, Server};

use crate::error::Error;
use crate::html::escape;
use crate::incremental::{self, Model};
use crate::sink::PageBody;
use crate::site::BuildOptions;

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site folder.
    pub root: PathBuf,
    /// Build drafts too.
    pub drafts: bool,
    /// The address to listen on (127.0.0.1 unless asked).
    pub bind: IpAddr,
    /// The port (0 picks a free one).
    pub port: u16,
    /// The sub-path the site is previewed under (`/` or `/news/explained/`).
    pub base_path: String,
    /// Print diagnostics in colour.
    pub color: bool,
}

/// Normalises a `--base-path` to `/`, or `/a/b/`.
pub fn normalize_base_path(path: &str) -> Result<String, Error> {
    let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    if parts
        .iter()
        .any(|p| *p == "." || *p == ".." || p.contains(['\\', '?', '#', '%']))
    {
        return Err(Error::Usage(format!(
            "`{path}` is not a usable base path; write it like /news/explained/"
        )));
    }
    Ok(if parts.is_empty() {
        "/".into()
    } else {
        format!("/{}/", parts.join("/"))
    })
}

/// The site as last built, and what is wrong with the content now.
#[derive(Default)]
struct State {
    pages: HashMap<String, PageBody>,
    /// Rendered diagnostics of the last failed build (cleared by a good one).
    problems: Option<String>,
    /// Bumped by every build, good or bad.
    version: u64,
}

struct Shared {
    state: RwLock<State>,
    /// The version of the last build, to wake the pages waiting for the next one.
    built: (Mutex<u64>, Condvar),
    base: String,
}

impl Shared {
    fn announce(&self, version: u64) {
        let (lock, signal) = &self.built;
        *lock.lock().unwrap_or_else(|e| e.into_inner()) = version;
        signal.notify_all();
    }

    /// Waits until a build newer than `since` exists (or the time is up); returns its version.
    fn wait_for_build(&self, since: u64, timeout: Duration) -> u64 {
        let (lock, signal) = &self.built;
        let guard = lock.lock().unwrap_or_else(|e| e.into_inner());
        let (guard, _) = signal
            .wait_timeout_while(guard, timeout, |v| *v <= since)
            .unwrap_or_else(|e| e.into_inner());
        *guard
    }
}

/// Builds once, then serves and rebuilds on change until the process ends.
/// `ready` receives the URL to open once the server listens.
pub fn serve(opts: &ServeOptions, ready: impl FnOnce(&str)) -> Result<(), Error> {
    if !opts.root.join("content").is_dir() {
        return Err(Error::Usage(format!(
            "{} has no content/ folder: run this in a site folder, pass --root DIR, or start a site with `explainer new DIR`",
            opts.root.display()
        )));
    }
    let shared = Arc::new(Shared {
        state: RwLock::new(State::default()),
        built: (Mutex::new(0), Condvar::new()),
        base: opts.base_path.clone(),
    });
    let model = rebuild(opts, &shared);

    let server = Server::http(SocketAddr::new(opts.bind, opts.port)).map_err(|e| {
        Error::Usage(format!(
            "cannot listen on {}:{}: {e}; choose another port with --port",
            opts.bind, opts.port
        ))
    })?;
    let addr = server
        .server_addr()
        .to_ip()
        .ok_or_else(|| Error::Usage("the server has no IP address".into()))?;
    let host = if addr.ip().is_unspecified() {
        "127.0.0.1".to_string()
    } else {
        addr.ip().to_string()
    };
    let url = format!("http://{host}:{}{}", addr.port(), opts.base_path);

    // Watch what authors edit; rebuild once the burst of events settles.
    let (tx, rx) = mpsc::channel::<notify::Result<notify::Event>>();
    let mut watcher = notify::recommended_watcher(tx)
        .map_err(|e| Error::Usage(format!("cannot watch files: {e}")))?;
    for dir in ["content", "templates", "static"] {
        let path = opts.root.join(dir);
        if path.is_dir() {
            let _ = watcher.watch(&path, RecursiveMode::Recursive);
        }
    }
    // The root itself, not recursively: to notice templates/ or static/ appearing.
    let _ = watcher.watch(&opts.root, RecursiveMode::NonRecursive);
    {
        let opts = opts.clone();
        let shared = Arc::clone(&shared);
        std::thread::spawn(move || watch_loop(&opts, &shared, &rx, model));
    }

    ready(&url);
    for request in server.incoming_requests() {
        let shared = Arc::clone(&shared);
        std::thread::spawn(move || handle(request, &shared));
    }
    drop(watcher);
    Ok(())
}

/// True for events that mean a file changed. Opening or reading a file is no change:
/// the build itself reads every file, and must not set off another build.
fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// The paths changed in the next burst of events: waits for a change, then until no
/// event has come for a moment. `None` when the watcher is gone.
fn next_changes(rx: &Receiver<notify::Result<notify::Event>>) -> Option<Vec<PathBuf>> {
    const QUIET: Duration = Duration::from_millis(80);
    let mut paths = Vec::new();
    let add = |event: notify::Result<notify::Event>, paths: &mut Vec<PathBuf>| {
        if let Ok(e) = event
            && is_change(&e.kind)
        {
            paths.extend(e.paths);
        }
    };
    while paths.is_empty() {
        add(rx.recv().ok()?, &mut paths);
    }
    loop {
        match rx.recv_timeout(QUIET) {
            Ok(event) => add(event, &mut paths),
            Err(mpsc::RecvTimeoutError::Timeout) => break,
            Err(mpsc::RecvTimeoutError::Disconnected) => return None,
        }
    }
    paths.sort();
    paths.dedup();
    Some(paths)
}

/// How many article files one burst of changes may touch before serve rebuilds the whole
/// site instead of updating them one by one.
const MAX_UPDATES: usize = 16;

/// What a changed path means for the site.
#[derive(Debug, PartialEq, Eq)]
enum Change {
    /// Nothing a build reads: an editor's swap, backup or test file, a hidden or private
    /// file, a file of another kind in content/.
    Nothing,
    /// An article: new, edited or deleted.
    Article,
    /// A path that is gone and is not an article: a folder, if it held articles.
    Gone,
    /// Anything else (site.yaml, glossary.yaml, a template, a static file, a folder).
    Site,
}

/// Sorts a changed path (`rel`, relative to the site root) by what a build reads.
fn classify(rel: &Path, path: &Path) -> Change {
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let Some((top, rest)) = parts.split_first() else {
        return Change::Nothing;
    };
    if !matches!(top.as_str(), "content" | "templates" | "static") {
        return Change::Nothing;
    }
    // The build skips these names, and everything below them.
    if rest.iter().any(|p| crate::content::is_ignored_name(p)) {
        return Change::Nothing;
    }
    if top != "content" || rest.is_empty() || path.is_dir() {
        return Change::Site;
    }
    if rest.len() == 1 && matches!(rest[0].as_str(), "site.yaml" | "glossary.yaml") {
        return Change::Site;
    }
    if path.extension().is_some_and(|x| x == "md") {
        return Change::Article;
    }
    if path.exists() {
        // content/ holds articles, site.yaml and glossary.yaml: nothing else is read.
        Change::Nothing
    } else {
        Change::Gone
    }
}

fn watch_loop(
    opts: &ServeOptions,
    shared: &Shared,
    rx: &Receiver<notify::Result<notify::Event>>,
    mut model: Option<Model>,
) {
    // Events carry absolute paths; the root may be relative.
    let root = opts
        .root
        .canonicalize()
        .unwrap_or_else(|_| opts.root.clone());
    // `model` is the last good build, kept so that a change to one article rebuilds only
    // what it changes.
    while let Some(changed) = next_changes(rx) {
        let mut articles = Vec::new();
        let mut whole_site = false;
        for path in &changed {
            let rel = path.strip_prefix(&root).unwrap_or(path);
            match classify(rel, path) {
                Change::Nothing => {}
                Change::Article => articles.push(path.as_path()),
                Change::Site => whole_site = true,
                // A folder that held articles, moved or deleted; or a file that came and
                // went (vim's `4913`), which changes nothing.
                Change::Gone => {
                    whole_site |= model.as_mut().is_none_or(|m| m.has_articles_under(path));
                }
            }
        }
        if !whole_site && articles.is_empty() {
            continue;
        }
        // Many articles at once (a checkout, a sync): one full rebuild is quicker than
        // many updates, each of which may rewrite the index and the acronyms' pages.
        whole_site |= articles.len() > MAX_UPDATES;
        let done = match (&mut model, whole_site) {
            (Some(m), false) => articles.iter().all(|p| update(opts, shared, m, p)),
            _ => false,
        };
        if !done {
            model = rebuild(opts, shared);
        }
    }
}

/// Rebuilds what a change to one article file changes (edited, new, deleted, made a
/// draft). False when the whole site must be rebuilt instead (the change reaches
/// further, or has errors to report in full).
fn update(opts: &ServeOptions, shared: &Shared, model: &mut Model, path: &Path) -> bool {
    let started = Instant::now();
    match model.update(path) {
        Ok(Some(update)) => {
            for w in &update.warnings {
                eprintln!("{}\n", w.render(opts.color));
            }
            let mut state = shared.state.write().unwrap_or_else(|e| e.into_inner());
            let count = update.pages.len();
            for gone in update.removed {
                state.pages.remove(&gone);
            }
            for page in update.pages {
                state.pages.insert(page.path, page.body);
            }
            state.problems = None;
            state.version += 1;
            let version = state.version;
            drop(state);
            eprintln!(
                "rebuilt {} and {} page{} in {:.1} ms",
                path.file_name()
                    .map(|n| n.to_string_lossy())
                    .unwrap_or_default(),
                count,
                if count == 1 { "" } else { "s" },
                started.elapsed().as_secs_f64() * 1000.0
            );
            shared.announce(version);
            true
        }
        // Errors are reported by a full build, which shows every problem of the site.
        Ok(None) | Err(_) => false,
    }
}

/// Builds the whole site; returns what it was built from when it succeeded.
fn rebuild(opts: &ServeOptions, shared: &Shared) -> Option<Model> {
    let started = Instant::now();
    let build = BuildOptions {
        root: opts.root.clone(),
        drafts: opts.drafts,
        lint: false,
    };
    let result = incremental::build_model(&build);
    let mut state = shared.state.write().unwrap_or_else(|e| e.into_inner());
    state.version += 1;
    match result {
        Ok((pages, warnings, mut model)) => {
            for w in &warnings {
                eprintln!("{}\n", w.render(opts.color));
            }
            let articles = model.articles();
            state.pages = pages.into_iter().map(|p| (p.path, p.body)).collect();
            state.problems = None;
            let version = state.version;
            drop(state);
            eprintln!(
                "built {} article{} in {} ms",
                articles,
                if articles == 1 { "" } else { "s" },
                started.elapsed().as_millis()
            );
            shared.announce(version);
            model.index_paths();
            Some(model)
        }
        Err(e) => {
            let text = match &e {
                Error::Content(diags) => diags
                    .iter()
                    .map(|d| d.render(false))
                    .collect::<Vec<_>>()
                    .join("\n\n"),
                other => other.to_string(),
            };
            match &e {
                Error::Content(diags) => {
                    for d in diags {
                        eprintln!("{}\n", d.render(opts.color));
                    }
                    eprintln!("the site has errors: the preview shows them until they are fixed");
                }
                other => eprintln!("error: {other}"),
            }
            state.problems = Some(text);
            let version = state.version;
            drop(state);
            shared.announce(version);
            None
        }
    }
}

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

fn handle(request: Request, shared: &Shared) {
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
    fn changes_the_build_never_reads_are_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for f in [
            "content/a.md",
            "content/notes.txt",
            "content/sub/b.md",
            "static/x.css",
        ] {
            let p = root.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "x").unwrap();
        }
        let sort = |rel: &str| classify(Path::new(rel), &root.join(rel));
        // Editors' files, hidden and private names, other files in content/.
        for rel in [
            "content/.a.md.swp",
            "content/a.md~",
            "content/_drafts/c.md",
            "content/.git/index",
            "content/notes.txt",
            "public/index.html",
            "templates/.base.html.swp",
        ] {
            assert_eq!(sort(rel), Change::Nothing, "{rel}");
        }
        assert_eq!(sort("content/a.md"), Change::Article);
        assert_eq!(sort("content/new.md"), Change::Article, "new or deleted");
        assert_eq!(
            sort("content/4913"),
            Change::Gone,
            "vim's test file, already gone"
        );
        for rel in [
            "content/site.yaml",
            "content/glossary.yaml",
            "content/sub",
            "content",
            "templates/base.html",
            "static/x.css",
        ] {
            assert_eq!(sort(rel), Change::Site, "{rel}");
        }
    }

    #[test]
    fn base_paths_are_normalized() {
        assert_eq!(normalize_base_path("").unwrap(), "/");
        assert_eq!(
            normalize_base_path("news/explained").unwrap(),
            "/news/explained/"
        );
        assert!(normalize_base_path("/a/../b").is_err());
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
