//! Writing the site: into a fresh folder beside the output, then swapped into place, so a
//! failed build leaves the previous output exactly as it was and a good one leaves no
//! stale file. A page unchanged since the last build is linked, not written ([`reuse`]).

mod beside;
mod reuse;

use std::fs;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::error::{Error, io};
use crate::sink::{Page, PageBody, Sink};
use reuse::Reuse;

/// Refuses output folders that would destroy the site itself.
pub(crate) fn check_out_dir(root: &Path, out: &Path) -> Result<(), Error> {
    let abs = |p: &Path| -> PathBuf {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        // Resolve what exists; keep the rest as written.
        let mut existing = p.clone();
        let mut rest = Vec::new();
        while !existing.exists() {
            match (
                existing.file_name().map(|n| n.to_os_string()),
                existing.parent(),
            ) {
                (Some(name), Some(parent)) => {
                    rest.push(name);
                    existing = parent.to_path_buf();
                }
                _ => break,
            }
        }
        let mut resolved = existing.canonicalize().unwrap_or(existing);
        for r in rest.into_iter().rev() {
            resolved.push(r);
        }
        resolved
    };
    let root = abs(root);
    let out_abs = abs(out);
    if root.starts_with(&out_abs) {
        return Err(Error::Usage(format!(
            "the output folder {} holds the site itself; choose another --out (the default is public/)",
            out.display()
        )));
    }
    for protected in ["content", "templates", "static", "src", ".git"] {
        if out_abs == root.join(protected) {
            return Err(Error::Usage(format!(
                "the output folder {} is the site's {protected}/ folder; choose another --out",
                out.display()
            )));
        }
    }
    if out_abs.exists() && !out_abs.is_dir() {
        return Err(Error::Usage(format!(
            "the output path {} is a file, not a folder",
            out.display()
        )));
    }
    Ok(())
}

/// True when a page path stays inside the output folder.
fn is_contained(path: &str) -> bool {
    !path.is_empty()
        && Path::new(path)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

/// A fresh folder beside the output that pages are written into as they are made; on
/// [`commit`](Staging::commit) it replaces the output at once. Dropped without a commit, it
/// is removed and the previous output stays exactly as it was.
#[derive(Debug)]
pub(crate) struct Staging {
    out: PathBuf,
    dir: PathBuf,
    /// Held while the build runs, so that no other build collects the folder.
    _lock: Option<fs::File>,
    count: AtomicUsize,
    committed: bool,
    reuse: Option<Reuse>,
}

impl Staging {
    /// Creates the staging folder next to `out`.
    pub(crate) fn new(out: &Path) -> Result<Staging, Error> {
        let dir = beside::staging(out);
        if let Some(parent) = dir.parent() {
            fs::create_dir_all(parent).map_err(io(parent))?;
        }
        if dir.exists() {
            fs::remove_dir_all(&dir).map_err(io(&dir))?;
        }
        // What killed builds left, before this build adds its own.
        beside::discard(&beside::leftovers(out), out);
        fs::create_dir_all(&dir).map_err(io(&dir))?;
        Ok(Staging {
            out: out.to_path_buf(),
            _lock: beside::lock(&dir),
            dir,
            count: AtomicUsize::new(0),
            committed: false,
            reuse: Some(Reuse::load(out)),
        })
    }

    /// How many files were written.
    pub(crate) fn files(&self) -> usize {
        self.count.load(Ordering::Relaxed)
    }

    /// Swaps the staging folder into place of the output, then deletes the previous output
    /// and whatever an interrupted build left beside it.
    pub(crate) fn commit(mut self) -> Result<(), Error> {
        let old = beside::old(&self.out);
        swap(&self.out, &self.dir, &old)?;
        self.committed = true;
        if let Some(reuse) = self.reuse.take() {
            reuse.save();
        }
        beside::discard(&beside::leftovers(&self.out), &self.out);
        Ok(())
    }

    /// Where a page goes, its folder made.
    fn target(&self, path: &str) -> Result<PathBuf, Error> {
        if !is_contained(path) {
            return Err(Error::Usage(format!(
                "refusing to write {path} outside the output folder"
            )));
        }
        let target = self.dir.join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(io(parent))?;
        }
        self.count.fetch_add(1, Ordering::Relaxed);
        Ok(target)
    }

    fn put_bytes(&self, path: &str, bytes: &[u8]) -> Result<(), Error> {
        use std::io::Write;
        let target = self.target(path)?;
        let hash = reuse::hash(bytes);
        if let Some(reuse) = &self.reuse
            && reuse.link_previous(path, hash, bytes.len(), &target)
        {
            return Ok(());
        }
        let mut file = create_fresh(&target).map_err(io(&target))?;
        file.write_all(bytes).map_err(io(&target))?;
        if let (Some(reuse), Some(stamp)) = (
            &self.reuse,
            file.metadata().ok().and_then(|m| reuse::stamp(&m, hash)),
        ) {
            reuse.record(path, stamp);
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

impl Sink for Staging {
    fn put(&self, page: Page) -> Result<(), Error> {
        match &page.body {
            PageBody::Bytes(b) => self.put_bytes(&page.path, b),
            PageBody::Copy(src) => {
                let target = self.target(&page.path)?;
                let mut from = fs::File::open(src).map_err(io(src))?;
                let mut to = create_fresh(&target).map_err(io(&target))?;
                std::io::copy(&mut from, &mut to).map_err(io(src))?;
                if let Ok(meta) = from.metadata() {
                    let _ = to.set_permissions(meta.permissions());
                }
                Ok(())
            }
        }
    }
}

/// Creates a new file at `path`, replacing (unlinking) any file already there rather than
/// writing into it: that file may be a hard link to the previous output's, which must
/// stay as it was until the new output replaces it (a site's `static/` can hold a file
/// with the name of a page the build made, and replaces it).
fn create_fresh(path: &Path) -> std::io::Result<fs::File> {
    let open = || {
        fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
    };
    match open() {
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            fs::remove_file(path)?;
            open()
        }
        other => other,
    }
}

/// Puts the staging folder in place of the output, the previous output moved to `old`.
fn swap(out: &Path, staging: &Path, old: &Path) -> Result<(), Error> {
    if out.exists() {
        if old.exists() {
            fs::remove_dir_all(old).map_err(io(old))?;
        }
        fs::rename(out, old).map_err(io(out))?;
        if let Err(e) = fs::rename(staging, out) {
            // Put the previous output back.
            let _ = fs::rename(old, out);
            return Err(io(out)(e));
        }
    } else {
        fs::rename(staging, out).map_err(io(out))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_paths_must_stay_inside() {
        assert!(is_contained("a/b/index.html"));
        assert!(!is_contained("../x"));
        assert!(!is_contained("/etc/passwd"));
        assert!(!is_contained("a/../../x"));
        assert!(!is_contained(""));
    }
}
