//! `explainer serve`: builds in memory, serves on 127.0.0.1, watches content/, templates/
//! and static/, rebuilds on change and reloads the open pages. Content errors show in the
//! terminal and as an overlay in the browser; the server keeps the last good site and
//! recovers as soon as the file is fixed. The live-reload script is injected into
//! responses here, never into `build` output.
//!
//! The HTTP server (`http`) is bounded in threads, connections, sizes and time, and
//! answers only requests that name this machine (`hosts`); open pages wait for the next
//! build in a waiting room (`reload`) that holds no worker.

mod hosts;
mod http;
mod reload;
mod routes;
mod watch;

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::mpsc;
use std::sync::{Arc, RwLock};

use notify::{RecursiveMode, Watcher};

use crate::error::Error;
use crate::sink::PageBody;
use hosts::Hosts;
use reload::WaitingRoom;
use watch::{rebuild, watch_loop};

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site folder.
    pub root: PathBuf,
    /// Build drafts too.
    pub drafts: bool,
    /// Build scheduled articles too (`--future`).
    pub future: bool,
    /// Build expired articles too (`--expired`).
    pub expired: bool,
    /// The address to listen on (127.0.0.1 unless asked).
    pub bind: IpAddr,
    /// The port (0 picks a free one).
    pub port: u16,
    /// The sub-path the site is previewed under (`/` or `/news/explained/`).
    pub base_path: String,
    /// Print diagnostics in colour.
    pub color: bool,
    /// Host names or addresses answered besides the loopback ones and `bind` (`--allow-host`):
    /// for a tunnel, or a preview on the local network.
    pub allowed_hosts: Vec<String>,
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

/// What the watcher, the workers and the waiting room share.
struct Shared {
    state: RwLock<State>,
    /// The pages waiting for the next build.
    room: WaitingRoom,
    base: String,
}

impl Shared {
    fn announce(&self, version: u64) {
        self.room.announce(version);
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
    let cannot_listen = |e: std::io::Error| {
        Error::Usage(format!(
            "cannot listen on {}: {e}; choose another port with --port",
            SocketAddr::new(opts.bind, opts.port)
        ))
    };
    let listener =
        TcpListener::bind(SocketAddr::new(opts.bind, opts.port)).map_err(cannot_listen)?;
    let addr = listener.local_addr().map_err(cannot_listen)?;
    let hosts = Hosts::new(addr.port(), opts.bind, &opts.allowed_hosts).map_err(Error::Usage)?;
    let host = match addr.ip() {
        ip if ip.is_unspecified() => "127.0.0.1".to_string(),
        IpAddr::V6(ip) => format!("[{ip}]"),
        ip => ip.to_string(),
    };
    let url = format!("http://{host}:{}{}", addr.port(), opts.base_path);

    let shared = Arc::new(Shared {
        state: RwLock::new(State::default()),
        room: WaitingRoom::new(reload::CAPACITY),
        base: opts.base_path.clone(),
    });
    let model = rebuild(opts, &shared);

    // Watch what authors edit; rebuild once the burst of events settles.
    let (tx, rx) = mpsc::channel::<notify::Result<notify::Event>>();
    let mut watcher = notify::recommended_watcher(tx)
        .map_err(|e| Error::Usage(format!("cannot watch files: {e}")))?;
    for folder in crate::walk::Folder::ALL {
        let path = opts.root.join(folder.name());
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

    {
        let shared = Arc::clone(&shared);
        std::thread::Builder::new()
            .name("serve-reload".into())
            .spawn(move || {
                shared.room.run(|| {
                    let state = shared.state.read().unwrap_or_else(|e| e.into_inner());
                    state.problems.clone()
                });
            })
            .map_err(|e| Error::Usage(format!("cannot start the server: {e}")))?;
    }

    ready(&url);
    http::run(&listener, hosts, move |request, conn| {
        routes::handle(&shared, request, conn);
    })
    .map_err(|e| Error::Usage(format!("cannot start the server: {e}")))?;
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
