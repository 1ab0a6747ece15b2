//! Writing the site: into a fresh folder beside the output, then swapped into place, so a
//! failed build leaves the previous output exactly as it was and a good one leaves no
//! stale file.

use std::fs;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::error::{Error, io};
use crate::site::{Page, PageBody};

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

/// Writes every page into a new folder, then swaps it with `out`.
pub fn write(out: &Path, pages: &[Page]) -> Result<(), Error> {
    if let Some(bad) = pages.iter().find(|p| !is_contained(&p.path)) {
        return Err(Error::Usage(format!(
            "refusing to write {} outside the output folder",
            bad.path
        )));
    }
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
    let staging = parent.join(format!(".{name}.new-{pid}"));
    let old = parent.join(format!(".{name}.old-{pid}"));
    if staging.exists() {
        fs::remove_dir_all(&staging).map_err(io(&staging))?;
    }
    let result = write_tree(&staging, pages).and_then(|()| swap(out, &staging, &old));
    if result.is_err() {
        let _ = fs::remove_dir_all(&staging);
    }
    result
}

fn write_tree(dir: &Path, pages: &[Page]) -> Result<(), Error> {
    fs::create_dir_all(dir).map_err(io(dir))?;
    let mut dirs: Vec<PathBuf> = pages
        .iter()
        .filter_map(|p| Path::new(&p.path).parent().map(Path::to_path_buf))
        .filter(|p| !p.as_os_str().is_empty())
        .collect();
    dirs.sort();
    dirs.dedup();
    for d in &dirs {
        let full = dir.join(d);
        fs::create_dir_all(&full).map_err(io(&full))?;
    }
    pages.par_iter().try_for_each(|p| {
        let target = dir.join(&p.path);
        match &p.body {
            PageBody::Bytes(b) => fs::write(&target, b).map_err(io(&target)),
            PageBody::Copy(src) => fs::copy(src, &target).map(|_| ()).map_err(io(src)),
        }
    })
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
