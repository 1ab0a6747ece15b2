//! Watching the site's folders, and rebuilding what a change touches.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, EventKind};

use super::{ServeOptions, Shared};
use crate::error::Error;
use crate::incremental::{self, Model};
use crate::site::BuildOptions;
use crate::walk::{self, Folder};

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
    // The build's own rule: a path it never reads changes nothing.
    let Some((folder, rest)) = walk::read_by_build(rel) else {
        return Change::Nothing;
    };
    if folder != Folder::Content || rest.is_empty() || path.is_dir() {
        return Change::Site;
    }
    if rest.len() == 1 && matches!(rest[0].as_str(), "site.yaml" | "glossary.yaml") {
        return Change::Site;
    }
    if path.extension().is_some_and(|x| x == "md") {
        return Change::Article;
    }
    if path
        .parent()
        .is_some_and(|dir| dir.join("index.md").is_file())
    {
        // A file of a page bundle, published beside its article (and its images' sizes
        // are on the page): the whole site, rather than tracking which pages use it.
        return Change::Site;
    }
    if path.exists() {
        // content/ holds articles, bundles, site.yaml and glossary.yaml: nothing else is read.
        Change::Nothing
    } else {
        Change::Gone
    }
}

pub(super) fn watch_loop(
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
pub(super) fn rebuild(opts: &ServeOptions, shared: &Shared) -> Option<Model> {
    let started = Instant::now();
    let build = BuildOptions {
        root: opts.root.clone(),
        drafts: opts.drafts,
        future: opts.future,
        expired: opts.expired,
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
            let counted = crate::counted(model.articles(), model.pages());
            state.pages = pages.into_iter().map(|p| (p.path, p.body)).collect();
            state.problems = None;
            let version = state.version;
            drop(state);
            eprintln!("built {} in {} ms", counted, started.elapsed().as_millis());
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
