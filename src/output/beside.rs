//! The hidden names a build uses beside the output folder `public/`: `.public.new-PID`
//! (the staging folder), `.public.old-PID` (the previous output, moved aside until it is
//! deleted) and `.public.pages` (the list of pages, for reuse); and the leftovers of
//! builds that were killed, collected by the next.

use std::fs;
use std::path::{Path, PathBuf};

/// The folder that holds `out`, and `out`'s name.
fn parent_and_name(out: &Path) -> (PathBuf, String) {
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

/// The folder beside `out` that this process builds into.
pub(super) fn staging(out: &Path) -> PathBuf {
    let (parent, name) = parent_and_name(out);
    parent.join(format!(".{name}.new-{}", std::process::id()))
}

/// Where this process moves the previous output aside.
pub(super) fn old(out: &Path) -> PathBuf {
    let (parent, name) = parent_and_name(out);
    parent.join(format!(".{name}.old-{}", std::process::id()))
}

/// The list of pages of `out`.
pub(super) fn pages_list(out: &Path) -> PathBuf {
    let (parent, name) = parent_and_name(out);
    parent.join(format!(".{name}.pages"))
}

/// What builds left beside `out`: previous outputs moved aside and not yet deleted
/// (`.public.old-PID`), and the staging folders of builds that were killed
/// (`.public.new-PID`). A staging folder is left out while its build may be running: its
/// process is alive, or its folder is locked.
pub(super) fn leftovers(out: &Path) -> Vec<PathBuf> {
    let (parent, name) = parent_and_name(out);
    let Ok(dir) = fs::read_dir(&parent) else {
        return Vec::new();
    };
    dir.flatten()
        .map(|e| e.path())
        .filter(|path| match leftover_kind(path, &name) {
            Some((Kind::Old, _)) => true,
            Some((Kind::Staging, pid)) => !build_may_be_running(pid, path),
            None => false,
        })
        .collect()
}

#[derive(Debug, PartialEq, Eq)]
enum Kind {
    Old,
    Staging,
}

/// For a folder named like what a build leaves beside the output `name`, what it is and
/// the build's process id.
fn leftover_kind(path: &Path, name: &str) -> Option<(Kind, u32)> {
    let file = path.file_name()?.to_str()?;
    let rest = file.strip_prefix('.')?.strip_prefix(name)?;
    let (kind, pid) = if let Some(pid) = rest.strip_prefix(".old-") {
        (Kind::Old, pid)
    } else {
        (Kind::Staging, rest.strip_prefix(".new-")?)
    };
    if pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let pid = pid.parse().ok()?;
    fs::symlink_metadata(path)
        .is_ok_and(|m| m.is_dir())
        .then_some((kind, pid))
}

/// Holds a staging folder's lock for as long as its build runs: the operating system
/// lets go of it when the process ends, however it ends.
pub(super) fn lock(dir: &Path) -> Option<fs::File> {
    let file = fs::File::open(dir).ok()?;
    file.try_lock().ok()?;
    Some(file)
}

/// True unless the build that made the staging folder `path` is surely gone: this
/// process, a process that is alive (or may be: another user's), and a locked folder
/// all count as running.
fn build_may_be_running(pid: u32, path: &Path) -> bool {
    if pid == std::process::id() || process_alive(pid) {
        return true;
    }
    // The id may be of another PID namespace (a container sharing the folder).
    match fs::File::open(path) {
        Ok(file) => file.try_lock().is_err(),
        Err(_) => true,
    }
}

#[cfg(unix)]
fn process_alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // SAFETY: signal 0 sends nothing; it only asks whether the process exists.
    let r = unsafe { libc::kill(pid, 0) };
    r == 0 || std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
}

#[cfg(not(unix))]
fn process_alive(_pid: u32) -> bool {
    // No portable way to ask: never collect another build's staging folder.
    true
}

/// Deletes what [`leftovers`] found; refuses (skips) any path not named like it.
pub(super) fn discard(paths: &[PathBuf], out: &Path) {
    let (_, name) = parent_and_name(out);
    for path in paths {
        if leftover_kind(path, &name).is_some() {
            remove_tree(path);
        }
    }
}

/// Deletes a folder and everything in it, on every core: a site's pages sit one folder
/// each inside a handful of section folders, so the folders two levels down are shared out
/// (neighbours in the list share a parent, which each deletion locks: the halves rayon
/// splits the list into mostly do not).
fn remove_tree(dir: &Path) {
    use rayon::prelude::*;
    let folders = |d: &Path| -> Vec<PathBuf> {
        fs::read_dir(d)
            .into_iter()
            .flatten()
            .flatten()
            .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
            .map(|e| e.path())
            .collect()
    };
    let below: Vec<PathBuf> = folders(dir).iter().flat_map(|d| folders(d)).collect();
    below.par_iter().for_each(|d| {
        let _ = fs::remove_dir_all(d);
    });
    let _ = fs::remove_dir_all(dir);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_beside_the_output() {
        let pid = std::process::id();
        assert_eq!(
            staging(Path::new("site/public")),
            PathBuf::from(format!("site/.public.new-{pid}"))
        );
        assert_eq!(
            old(Path::new("public")),
            PathBuf::from(format!("./.public.old-{pid}"))
        );
        assert_eq!(
            pages_list(Path::new("/x/out")),
            PathBuf::from("/x/.out.pages")
        );
    }

    #[test]
    fn a_tree_is_removed_whole_at_every_depth() {
        let dir = tempfile::tempdir().unwrap();
        let tree = dir.path().join(".public.old-12");
        for page in [
            "index.html",
            "a/index.html",
            "a/b/index.html",
            "a/b/c/d/index.html",
            "glossary/x/index.html",
            "glossary/y/index.html",
        ] {
            let path = tree.join(page);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, "page").unwrap();
        }
        fs::create_dir_all(tree.join("empty/folder")).unwrap();
        remove_tree(&tree);
        assert!(!tree.exists());
        assert!(dir.path().exists());
    }

    #[test]
    fn only_what_builds_left_is_discarded() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let keep = [
            "public",
            ".public.old-",
            ".public.old-12x",
            "site.old-12",
            ".other.old-12",
            ".public.new-",
        ];
        for name in keep {
            fs::create_dir(dir.path().join(name)).unwrap();
        }
        fs::write(dir.path().join(".public.old-13"), "a file").unwrap();
        // A dead process's staging folder goes; a live one's, and this process's, stay.
        let dead = {
            let mut child = std::process::Command::new("true").spawn().unwrap();
            let pid = child.id();
            child.wait().unwrap();
            pid
        };
        let me = std::process::id();
        for name in [
            ".public.old-12".to_string(),
            format!(".public.new-{dead}"),
            format!(".public.new-{me}"),
            ".public.new-1".to_string(),
        ] {
            fs::create_dir(dir.path().join(name)).unwrap();
        }
        // A locked staging folder stays, whatever its process id says.
        let locked = dir.path().join(format!(".public.new-{}", u32::MAX - 1));
        fs::create_dir(&locked).unwrap();
        let lock = lock(&locked).expect("lock the folder");
        let mut found: Vec<String> = leftovers(&out)
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        found.sort();
        assert_eq!(
            found,
            [
                ".public.new-".to_string() + &dead.to_string(),
                ".public.old-12".into()
            ]
        );
        let all: Vec<PathBuf> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        discard(&all, &out);
        let mut left: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        let mut expected: Vec<String> = keep.iter().map(|s| s.to_string()).collect();
        expected.push(".public.old-13".into());
        expected.sort();
        assert_eq!(
            left, expected,
            "discard skips what is not named like a leftover"
        );
        drop(lock);
        assert!(leftovers(&out).is_empty());
    }
}
