//! Writing the site: first into a folder beside the output, so that a failed build leaves
//! the previous output exactly as it was; then into place. In place (the default), only
//! the pages whose bytes changed since the last build are written and moved into the
//! output, and the files no longer made are removed ([`in_place`]); atomically, the whole
//! site is made beside the output and swapped in, its unchanged pages linked. Either way a
//! good build leaves no stale file, and [`reuse`] knows which pages are unchanged.

mod beside;
mod in_place;
mod reuse;

use std::collections::HashSet;
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
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

/// How a build puts its pages in place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Write {
    /// Only the pages whose bytes changed are written, then moved into the output, and
    /// the files no longer made are removed: an unchanged page is never touched.
    #[default]
    InPlace,
    /// The whole site is made in a folder beside the output and swapped in at once (its
    /// unchanged pages linked from the previous output), so that a server reading the
    /// folder never sees two builds' pages side by side.
    Atomic,
}

/// A folder beside the output that pages are written into as they are made; on
/// [`commit`](Staging::commit) it replaces the output (a first build, or [`Write::Atomic`])
/// or its files are moved into the output ([`Write::InPlace`] over a previous output).
/// Dropped without a commit, it is removed and the previous output stays exactly as it
/// was.
#[derive(Debug)]
pub(crate) struct Staging {
    out: PathBuf,
    dir: PathBuf,
    /// Over a previous output, in place: the staging folder holds only the changed pages.
    patch: bool,
    /// Held while the build runs, so that no other build collects the folder.
    _lock: Option<fs::File>,
    count: AtomicUsize,
    committed: bool,
    reuse: Option<Reuse>,
    /// The folders made in the staging folder so far, so each is made once.
    folders: Mutex<HashSet<PathBuf>>,
}

impl Staging {
    /// Creates the staging folder next to `out`.
    pub(crate) fn new(out: &Path, write: Write) -> Result<Staging, Error> {
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
        // Without an output, the list describes no file: every page is new.
        let previous = out.is_dir();
        Ok(Staging {
            out: out.to_path_buf(),
            _lock: beside::lock(&dir),
            patch: write == Write::InPlace && previous,
            dir,
            count: AtomicUsize::new(0),
            committed: false,
            reuse: Some(match previous {
                true => Reuse::load(out),
                false => Reuse::empty(out),
            }),
            folders: Mutex::new(HashSet::new()),
        })
    }

    /// How many files the site has.
    pub(crate) fn files(&self) -> usize {
        self.count.load(Ordering::Relaxed)
    }

    /// Puts the pages in place: moved into the output, the files no longer made removed
    /// (in place); or the staging folder swapped in for the output, the previous output
    /// then deleted. Either way the list of pages is saved and what interrupted builds
    /// left beside the output is collected.
    pub(crate) fn commit(mut self) -> Result<(), Error> {
        let reuse = self.reuse.take();
        if self.patch {
            let made = reuse.as_ref().map(Reuse::made_paths).unwrap_or_default();
            in_place::commit(&self.dir, &self.out, &made)?;
            self.committed = true;
            let _ = fs::remove_dir_all(&self.dir);
        } else {
            let old = beside::old(&self.out);
            swap(&self.out, &self.dir, &old)?;
            self.committed = true;
        }
        if let Some(reuse) = reuse {
            reuse.save();
        }
        beside::discard(&beside::leftovers(&self.out), &self.out);
        Ok(())
    }

    /// Where a page goes in the staging folder, its folder made.
    fn target(&self, path: &str) -> Result<PathBuf, Error> {
        let target = self.dir.join(path);
        if let Some(parent) = target.parent() {
            let mut folders = self.folders.lock().unwrap_or_else(|e| e.into_inner());
            if !folders.contains(parent) {
                fs::create_dir_all(parent).map_err(io(parent))?;
                folders.insert(parent.to_path_buf());
            }
        }
        Ok(target)
    }

    /// Counts a page, refusing a path that would leave the output.
    fn admit(&self, path: &str) -> Result<(), Error> {
        if !is_contained(path) {
            return Err(Error::Usage(format!(
                "refusing to write {path} outside the output folder"
            )));
        }
        self.count.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// True when the page is left as the previous build made it (in place) or linked from
    /// it (atomic): its bytes, or its source file, are the listed ones and the output's
    /// file is untouched.
    fn kept(&self, path: &str, hash: u128, len: u64) -> Result<bool, Error> {
        let Some(reuse) = &self.reuse else {
            return Ok(false);
        };
        let Some(listed) = reuse.unchanged(path, hash, len) else {
            return Ok(false);
        };
        if self.patch {
            reuse.record(path, listed);
            return Ok(true);
        }
        Ok(reuse.link(path, listed, &self.target(path)?))
    }

    /// Records the file just made for the next build's list (`hash` None: never to be
    /// kept), and as a page of this build, which the output keeps.
    fn record(&self, path: &str, file: &fs::File, hash: Option<u128>) {
        if let Some(reuse) = &self.reuse {
            let stamp = hash.and_then(|h| file.metadata().ok().and_then(|m| reuse::stamp(&m, h)));
            reuse.record(path, stamp.unwrap_or_default());
        }
    }

    fn put_bytes(&self, path: &str, bytes: &[u8]) -> Result<(), Error> {
        use std::io::Write as _;
        self.admit(path)?;
        let hash = reuse::hash(bytes);
        if self.kept(path, hash, bytes.len() as u64)? {
            return Ok(());
        }
        let target = self.target(path)?;
        let mut file = create_fresh(&target).map_err(io(&target))?;
        file.write_all(bytes).map_err(io(&target))?;
        self.record(path, &file, Some(hash));
        Ok(())
    }

    fn put_copy(&self, path: &str, src: &Path) -> Result<(), Error> {
        self.admit(path)?;
        let mut from = fs::File::open(src).map_err(io(src))?;
        let meta = from.metadata().map_err(io(src))?;
        let key = reuse::copy_key(src, &meta);
        if let Some(key) = key
            && self.kept(path, key, meta.len())?
        {
            return Ok(());
        }
        let target = self.target(path)?;
        let mut to = create_fresh(&target).map_err(io(&target))?;
        std::io::copy(&mut from, &mut to).map_err(io(src))?;
        let _ = to.set_permissions(meta.permissions());
        self.record(path, &to, key);
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
            PageBody::Copy(src) => self.put_copy(&page.path, src),
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
