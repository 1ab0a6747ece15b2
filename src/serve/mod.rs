//! `explainer serve`: builds in memory, serves on 127.0.0.1, watches content/, templates/
//! and static/, rebuilds on change and reloads the open pages. Content errors show in the
//! terminal and as an overlay in the browser; the server keeps the last good site and
//! recovers as soon as the file is fixed. The live-reload script is injected into
//! responses here, never into `build` output.

mod routes;
mod watch;

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::Duration;

use notify::{RecursiveMode, Watcher};
use tiny_http::Server;

use crate::error::Error;
use crate::sink::PageBody;

use routes::handle;
pub use routes::overlay;
use watch::{rebuild, watch_loop};

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_paths_are_normalized() {
        assert_eq!(normalize_base_path("").unwrap(), "/");
        assert_eq!(
            normalize_base_path("news/explained").unwrap(),
            "/news/explained/"
        );
        assert!(normalize_base_path("/a/../b").is_err());
    }
}
