//! Writing the site: into a fresh folder beside the output, then swapped into place, so a
//! failed build leaves the previous output exactly as it was and a good one leaves no
//! stale file.

use std::fs;
use std::path::{Component, Path, PathBuf};

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use crate::error::{Error, io};
use crate::manifest::{self, Stamp};
use crate::site::{Page, PageBody, Sink};

/// Refuses output folders that would destroy the site itself.
pub fn check_out_dir(root: &Path, out: &Path) -> Result<(), Error> {
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

/// The folder that holds `out`, and `out`'s name: the hidden names beside the output
/// (`.public.new-PID`, `.public.old-PID`, `.public.pages`) are made from them.
pub(crate) fn parent_and_name(out: &Path) -> (PathBuf, String) {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    (parent, name)
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
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    old: PathBuf,
    count: AtomicUsize,
    committed: bool,
    /// The pages the output holds, as the previous build listed them ([`manifest`]).
    previous: HashMap<String, Stamp>,
    /// The pages this build made, for the next build's list.
    made: Mutex<Vec<(String, Stamp)>>,
    /// False once the file system has refused a hard link: every page is then written.
    linking: AtomicBool,
}

impl Staging {
    /// Creates the staging folder next to `out`.
    pub fn new(out: &Path) -> Result<Staging, Error> {
        let (parent, name) = parent_and_name(out);
        fs::create_dir_all(&parent).map_err(io(&parent))?;
        let pid = std::process::id();
        let dir = parent.join(format!(".{name}.new-{pid}"));
        let old = parent.join(format!(".{name}.old-{pid}"));
        if dir.exists() {
            fs::remove_dir_all(&dir).map_err(io(&dir))?;
        }
        fs::create_dir_all(&dir).map_err(io(&dir))?;
        Ok(Staging {
            out: out.to_path_buf(),
            dir,
            old,
            count: AtomicUsize::new(0),
            committed: false,
            previous: manifest::load(&manifest::path_for(out)),
            made: Mutex::new(Vec::new()),
            linking: AtomicBool::new(true),
        })
    }

    /// How many files were written.
    pub fn files(&self) -> usize {
        self.count.load(Ordering::Relaxed)
    }

    /// Swaps the staging folder into place of the output. The previous output comes back
    /// as a [`Previous`], still on disk under a hidden name beside the output, with any
    /// previous output an earlier build left there.
    pub fn commit(mut self) -> Result<Previous, Error> {
        let moved = swap(&self.out, &self.dir, &self.old)?;
        self.committed = true;
        let mut made = std::mem::take(self.made.get_mut().unwrap_or_else(|e| e.into_inner()));
        manifest::save(&manifest::path_for(&self.out), &mut made);
        let mut paths: Vec<PathBuf> = moved.then(|| self.old.clone()).into_iter().collect();
        // Leftovers of builds whose clean-up was interrupted.
        if let (Some(parent), Some(name)) = (self.old.parent(), self.out.file_name()) {
            let prefix = format!(".{}.old-", name.to_string_lossy());
            if let Ok(dir) = fs::read_dir(parent) {
                for entry in dir.flatten() {
                    let path = entry.path();
                    if path != self.old
                        && entry.file_name().to_string_lossy().starts_with(&prefix)
                        && is_previous_output(&path)
                    {
                        paths.push(path);
                    }
                }
            }
        }
        Ok(Previous { paths })
    }
}

/// A site's previous output, moved aside by [`Staging::commit`]. Dropping it deletes it
/// there and then; [`Previous::discard_in_background`] leaves that to another process, so
/// deleting thousands of old files is not part of the build's time.
#[derive(Debug)]
#[must_use = "dropping it deletes the previous output now"]
pub struct Previous {
    paths: Vec<PathBuf>,
}

impl Previous {
    /// The folders to delete.
    pub fn paths(&self) -> &[PathBuf] {
        &self.paths
    }

    /// Starts `program discard-previous PATH…` (see [`discard`]) without waiting for it,
    /// its standard streams closed so nobody waits on them either. If it cannot start, the
    /// folders are deleted now.
    pub fn discard_in_background(mut self, program: &Path) {
        if self.paths.is_empty() {
            return;
        }
        let spawned = std::process::Command::new(program)
            .arg(DISCARD_COMMAND)
            .args(&self.paths)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn();
        if spawned.is_ok() {
            self.paths.clear();
        }
    }
}

impl Drop for Previous {
    fn drop(&mut self) {
        discard(&self.paths);
    }
}

/// The hidden subcommand that deletes previous outputs in the background.
pub const DISCARD_COMMAND: &str = "discard-previous";

/// True for a folder named like a previous output moved aside (`.public.old-1234`): the
/// only thing [`discard`] deletes.
pub fn is_previous_output(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    name.is_some_and(|n| {
        n.starts_with('.')
            && n.rsplit_once(".old-")
                .is_some_and(|(_, pid)| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
    }) && fs::symlink_metadata(path).is_ok_and(|m| m.is_dir())
}

/// Deletes previous outputs; refuses (skips) any path that is not one.
pub fn discard(paths: &[PathBuf]) {
    for path in paths {
        if is_previous_output(path) {
            let _ = fs::remove_dir_all(path);
        }
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

impl Staging {
    /// Links the output's file for `path` to `target` when the previous build listed it
    /// with these bytes (same hash and size) and the file is still the one it listed (same
    /// size, modification time and inode): nothing has touched it since. True when linked.
    fn link_previous(&self, path: &str, hash: u128, len: usize, target: &Path) -> bool {
        let Some(listed) = self.previous.get(path) else {
            return false;
        };
        if listed.hash != hash || listed.len != len as u64 || !self.linking.load(Ordering::Relaxed)
        {
            return false;
        }
        let source = self.out.join(path);
        let now = fs::symlink_metadata(&source)
            .ok()
            .and_then(|m| manifest::stamp(&m, hash));
        if now != Some(*listed) {
            return false;
        }
        match fs::hard_link(&source, target) {
            Ok(()) => {
                self.record(path, *listed);
                true
            }
            Err(e) => {
                // A file system without hard links (FAT, some network shares): stop asking.
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::Unsupported | std::io::ErrorKind::PermissionDenied
                ) {
                    self.linking.store(false, Ordering::Relaxed);
                }
                false
            }
        }
    }

    fn record(&self, path: &str, stamp: Stamp) {
        self.made
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((path.to_string(), stamp));
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

    fn put_bytes(&self, path: &str, bytes: &[u8]) -> Result<(), Error> {
        use std::io::Write;
        let target = self.target(path)?;
        let hash = manifest::hash(bytes);
        if self.link_previous(path, hash, bytes.len(), &target) {
            return Ok(());
        }
        let mut file = create_fresh(&target).map_err(io(&target))?;
        file.write_all(bytes).map_err(io(&target))?;
        if let Some(stamp) = file.metadata().ok().and_then(|m| manifest::stamp(&m, hash)) {
            self.record(path, stamp);
        }
        Ok(())
    }

    fn put_streamed(
        &self,
        path: &str,
        write: &mut dyn FnMut(&mut dyn std::io::Write) -> Result<(), Error>,
    ) -> Result<(), Error> {
        // Rendered into a buffer each thread keeps, so that an unchanged page (the index,
        // an acronym's page listing thousands of articles) is linked like any other.
        thread_local! {
            static PAGE: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        PAGE.with_borrow_mut(|page| {
            page.clear();
            write(page)?;
            self.put_bytes(path, page)
        })
    }

    fn get(&self, path: &str) -> Option<Vec<u8>> {
        if !is_contained(path) {
            return None;
        }
        fs::read(self.dir.join(path)).ok()
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

/// Puts the staging folder in place of the output; true when a previous output was moved
/// to `old`.
fn swap(out: &Path, staging: &Path, old: &Path) -> Result<bool, Error> {
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
        Ok(true)
    } else {
        fs::rename(staging, out).map_err(io(out))?;
        Ok(false)
    }
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

    #[test]
    fn only_previous_outputs_are_discarded() {
        let dir = tempfile::tempdir().unwrap();
        let keep = ["public", ".public.old-", ".public.old-12x", "site.old-12"];
        for name in keep {
            fs::create_dir(dir.path().join(name)).unwrap();
        }
        fs::create_dir(dir.path().join(".public.old-12")).unwrap();
        fs::write(dir.path().join(".public.old-13"), "a file").unwrap();
        let all: Vec<PathBuf> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        discard(&all);
        let mut left: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                ".public.old-",
                ".public.old-12x",
                ".public.old-13",
                "public",
                "site.old-12"
            ]
        );
    }
}
