//! The hidden names a build uses beside the output folder `public/`: `.public.new-PID`
//! (the staging folder), `.public.old-PID` (the previous output, moved aside until it is
//! deleted) and `.public.pages` (the list of pages, for reuse).

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

/// Previous outputs of `out` moved aside and left behind by builds that were interrupted
/// before they could delete them.
pub(super) fn leftovers(out: &Path) -> Vec<PathBuf> {
    let (parent, name) = parent_and_name(out);
    let prefix = format!(".{name}.old-");
    let Ok(dir) = fs::read_dir(&parent) else {
        return Vec::new();
    };
    dir.flatten()
        .map(|e| e.path())
        .filter(|path| {
            path.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(&prefix))
                && is_previous_output(path)
        })
        .collect()
}

/// True for a folder named like a previous output moved aside (`.public.old-1234`): the
/// only thing [`discard`] deletes.
pub(super) fn is_previous_output(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    name.is_some_and(|n| {
        n.starts_with('.')
            && n.rsplit_once(".old-")
                .is_some_and(|(_, pid)| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
    }) && fs::symlink_metadata(path).is_ok_and(|m| m.is_dir())
}

/// Deletes previous outputs; refuses (skips) any path that is not one.
pub(super) fn discard(paths: &[PathBuf]) {
    for path in paths {
        if is_previous_output(path) {
            let _ = fs::remove_dir_all(path);
        }
    }
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
        assert_eq!(leftovers(&dir.path().join("public")), Vec::<PathBuf>::new());
    }
}
