//! Writing the site: into a fresh folder beside the output, then swapped into place, so a
//! failed build leaves the previous output exactly as it was and a good one leaves no
//! stale file.

use std::fs;
use std::path::{Component, Path, PathBuf};

use std::sync::atomic::{AtomicUsize, Ordering};

use crate::error::{Error, io};
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
}

impl Staging {
    /// Creates the staging folder next to `out`.
    pub fn new(out: &Path) -> Result<Staging, Error> {
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
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
        })
    }

    /// How many files were written.
    pub fn files(&self) -> usize {
        self.count.load(Ordering::Relaxed)
    }

    /// Swaps the staging folder into place of the output.
    pub fn commit(mut self) -> Result<(), Error> {
        swap(&self.out, &self.dir, &self.old)?;
        self.committed = true;
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
        if !is_contained(&page.path) {
            return Err(Error::Usage(format!(
                "refusing to write {} outside the output folder",
                page.path
            )));
        }
        let target = self.dir.join(&page.path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(io(parent))?;
        }
        match &page.body {
            PageBody::Bytes(b) => fs::write(&target, b).map_err(io(&target))?,
            PageBody::Copy(src) => {
                fs::copy(src, &target).map_err(io(src))?;
            }
        }
        self.count.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    fn get(&self, path: &str) -> Option<Vec<u8>> {
        if !is_contained(path) {
            return None;
        }
        fs::read(self.dir.join(path)).ok()
    }
}

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
        fs::remove_dir_all(old).map_err(io(old))?;
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
