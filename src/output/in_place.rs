//! Putting a build's changed pages into the output in place: each file of the staging
//! folder is renamed over the output's (a rename replaces a file at once, so a reader
//! never sees half a page), then every file of the output the build did not make is
//! removed, and the folders left empty. The output is locked meanwhile, so two builds
//! never move files into it at once.
//!
//! A build killed here leaves some pages new and some old, none torn; the list of pages
//! is saved only after, so the next build writes every page the list no longer
//! describes, and removes what is stale: it repairs all.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::error::{Error, io};

/// Moves the files of `staging` into `out`, then removes what of `out` is not in `made`
/// (paths from the output folder, `/`-separated).
pub(super) fn commit(staging: &Path, out: &Path, made: &HashSet<String>) -> Result<(), Error> {
    let lock = fs::File::open(out).map_err(io(out))?;
    lock.lock().map_err(io(out))?;
    let staged = files_of(staging)?;
    let folders: HashSet<PathBuf> = staged
        .iter()
        .filter_map(|rel| out.join(rel).parent().map(Path::to_path_buf))
        .collect();
    let mut seen = HashSet::new();
    for folder in &folders {
        make_folder(out, folder, &mut seen)?;
    }
    staged
        .par_iter()
        .try_for_each(|rel| move_in(&staging.join(rel), &out.join(rel)))?;
    remove_stale(out, made);
    Ok(())
}

/// Every file below `dir`, as a path from it.
fn files_of(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let mut files = Vec::new();
    for entry in WalkDir::new(dir).min_depth(1) {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(dir).to_path_buf();
            io(&path)(e.into())
        })?;
        if !entry.file_type().is_dir() {
            let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            files.push(rel.to_path_buf());
        }
    }
    Ok(files)
}

/// Makes the folder `folder` of the output, removing whatever stands where it, or where
/// one of the folders above it, must be and is no folder: a file of the previous output,
/// or a link (followed, it could lead the pages out of the output). `seen` holds the
/// folders already made or found, so each is looked at once.
fn make_folder(out: &Path, folder: &Path, seen: &mut HashSet<PathBuf>) -> Result<(), Error> {
    let rel = folder.strip_prefix(out).unwrap_or(folder);
    let mut at = out.to_path_buf();
    for part in rel.components() {
        at.push(part);
        if seen.contains(&at) {
            continue;
        }
        match fs::symlink_metadata(&at) {
            Ok(m) if m.is_dir() => {}
            Ok(_) => {
                fs::remove_file(&at).map_err(io(&at))?;
                fs::create_dir(&at).map_err(io(&at))?;
            }
            Err(_) => fs::create_dir(&at).map_err(io(&at))?,
        }
        seen.insert(at.clone());
    }
    Ok(())
}

/// Renames a staged file over the output's, removing a folder of the previous output
/// that stands where it must be.
fn move_in(from: &Path, to: &Path) -> Result<(), Error> {
    if fs::rename(from, to).is_ok() {
        return Ok(());
    }
    if fs::symlink_metadata(to).is_ok_and(|m| m.is_dir()) {
        fs::remove_dir_all(to).map_err(io(to))?;
    }
    fs::rename(from, to).map_err(io(to))
}

/// Removes every file of `out` that is not in `made`, and every folder left empty.
fn remove_stale(out: &Path, made: &HashSet<String>) {
    let mut keep_folders: HashSet<&str> = HashSet::new();
    for path in made {
        let mut p = path.as_str();
        while let Some((parent, _)) = p.rsplit_once('/') {
            if !keep_folders.insert(parent) {
                break;
            }
            p = parent;
        }
    }
    for entry in WalkDir::new(out).min_depth(1).contents_first(true) {
        let Ok(entry) = entry else { continue };
        let Some(rel) = entry
            .path()
            .strip_prefix(out)
            .ok()
            .and_then(Path::to_str)
            .map(|r| r.replace('\\', "/"))
        else {
            continue;
        };
        if entry.file_type().is_dir() {
            if !keep_folders.contains(rel.as_str()) {
                let _ = fs::remove_dir(entry.path());
            }
        } else if !made.contains(&rel) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, rel: &str, text: &str) {
        let path = root.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    fn tree(root: &Path) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = WalkDir::new(root)
            .min_depth(1)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e
                    .path()
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                (rel, fs::read_to_string(e.path()).unwrap())
            })
            .collect();
        out.sort();
        out
    }

    #[test]
    fn changed_files_move_in_and_what_was_not_made_goes_with_its_empty_folders() {
        let dir = tempfile::tempdir().unwrap();
        let (out, staging) = (dir.path().join("public"), dir.path().join("staging"));
        for (rel, text) in [
            ("index.html", "old index"),
            ("a/index.html", "same a"),
            ("gone/index.html", "stale"),
            ("deep/er/x.html", "stale"),
            ("was-a-file", "a file where a folder must be"),
            ("was-a-folder/index.html", "a folder where a file must be"),
        ] {
            write(&out, rel, text);
        }
        for (rel, text) in [
            ("index.html", "new index"),
            ("b/index.html", "new b"),
            ("was-a-file/index.html", "now a page"),
            ("was-a-folder", "now a file"),
        ] {
            write(&staging, rel, text);
        }
        let made: HashSet<String> = [
            "index.html",
            "a/index.html",
            "b/index.html",
            "was-a-file/index.html",
            "was-a-folder",
        ]
        .map(String::from)
        .into();
        commit(&staging, &out, &made).unwrap();
        let got = tree(&out);
        let want: Vec<(String, String)> = [
            ("a/index.html", "same a"),
            ("b/index.html", "new b"),
            ("index.html", "new index"),
            ("was-a-file/index.html", "now a page"),
            ("was-a-folder", "now a file"),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .into();
        assert_eq!(got, want);
        assert!(!out.join("gone").exists() && !out.join("deep").exists());
        assert!(tree(&staging).is_empty(), "every staged file moved");
    }

    #[cfg(unix)]
    #[test]
    fn a_link_in_the_output_never_leads_pages_out_of_it() {
        let dir = tempfile::tempdir().unwrap();
        let (out, staging, away) = (
            dir.path().join("public"),
            dir.path().join("staging"),
            dir.path().join("away"),
        );
        fs::create_dir_all(&away).unwrap();
        fs::create_dir_all(&out).unwrap();
        std::os::unix::fs::symlink(&away, out.join("a")).unwrap();
        write(&staging, "a/index.html", "the page");
        let made: HashSet<String> = ["a/index.html".to_string()].into();
        commit(&staging, &out, &made).unwrap();
        assert!(fs::symlink_metadata(out.join("a")).unwrap().is_dir());
        assert_eq!(
            fs::read_to_string(out.join("a/index.html")).unwrap(),
            "the page"
        );
        assert_eq!(
            fs::read_dir(&away).unwrap().count(),
            0,
            "nothing went through the link"
        );
    }
}
