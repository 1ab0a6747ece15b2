//! The site's folders and the one rule for which of their files a build reads, shared by
//! the build's walks and `serve`'s watcher, so that the preview and the build always see
//! the same files.
//!
//! The rule looks at every name of a path below the folder, so a skipped folder hides
//! everything in it:
//! - everywhere: what version control, editors and desktops leave behind (`.git`,
//!   `.DS_Store`, `Thumbs.db`, backups `x~`, vim's swap files, Emacs's `#x#` and `.#x`);
//! - in `content/` and `templates/`: also hidden (`.x`) and private (`_x`) names, where
//!   authors keep drafts and notes;
//! - `static/` is published as it is otherwise, hidden names included: hosts and browsers
//!   read `.well-known/` (`security.txt`, app-association files), and some hosts read
//!   `.htaccess`, `_headers` and `_redirects`.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::error::Error;

/// A folder of the site that a build reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Folder {
    /// `content/`: site.yaml, glossary.yaml and the articles.
    Content,
    /// `templates/`: the theme's templates, overriding the built-in ones.
    Templates,
    /// `static/`: files copied as they are to the output.
    Static,
}

impl Folder {
    /// Every folder, in the order a build reads them.
    pub(crate) const ALL: [Folder; 3] = [Folder::Content, Folder::Templates, Folder::Static];

    /// The folder's name under the site root.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Folder::Content => "content",
            Folder::Templates => "templates",
            Folder::Static => "static",
        }
    }

    /// True when a path below this folder that has `name` as one of its parts is never
    /// read by a build (see the module docs).
    pub(crate) fn skips(self, name: &str) -> bool {
        is_leftover(name)
            || (self != Folder::Static && (name.starts_with('.') || name.starts_with('_')))
    }
}

/// What version control, editors and desktops leave in a folder.
fn is_leftover(name: &str) -> bool {
    matches!(
        name,
        ".git" | ".hg" | ".svn" | ".DS_Store" | "Thumbs.db" | "desktop.ini"
    ) || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swo")
        || name.ends_with(".swx")
        || name.starts_with(".#")
        || (name.len() > 1 && name.starts_with('#') && name.ends_with('#'))
}

/// A file of a site folder that a build reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SiteFile {
    /// Where it is on disk.
    pub(crate) path: PathBuf,
    /// Its path below the folder, with `/` separators (`.well-known/security.txt`).
    pub(crate) rel: String,
}

/// A folder that could not be read while walking: a symlink loop, a permission.
#[derive(Debug)]
pub(crate) struct WalkError {
    /// The path that could not be read (the folder itself when unknown).
    pub(crate) path: PathBuf,
    /// The cause.
    pub(crate) error: walkdir::Error,
}

/// Every file of `folder` under `root` that a build reads, sorted by path (symlinks
/// followed), and what could not be read. A missing folder has no files.
pub(crate) fn files(root: &Path, folder: Folder) -> (Vec<SiteFile>, Vec<WalkError>) {
    let dir = root.join(folder.name());
    let (mut files, mut errors) = (Vec::new(), Vec::new());
    if !dir.is_dir() {
        return (files, errors);
    }
    let walker = WalkDir::new(&dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !folder.skips(&e.file_name().to_string_lossy()));
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let rel = e.path().strip_prefix(&dir).unwrap_or(e.path());
                let rel = rel.to_string_lossy().replace('\\', "/");
                files.push(SiteFile {
                    path: e.into_path(),
                    rel,
                });
            }
            Ok(_) => {}
            Err(error) => errors.push(WalkError {
                path: error.path().unwrap_or(&dir).to_path_buf(),
                error,
            }),
        }
    }
    (files, errors)
}

/// [`files`] for a folder whose unreadable parts stop the build (the theme's folders,
/// unlike content/, whose problems are diagnostics).
pub(crate) fn files_or_error(root: &Path, folder: Folder) -> Result<Vec<SiteFile>, Error> {
    let (files, errors) = files(root, folder);
    match errors.into_iter().next() {
        Some(WalkError { path, error }) => Err(Error::Io {
            path,
            source: error.into(),
        }),
        None => Ok(files),
    }
}

/// The folder a path relative to the site root is in, with its path below that folder,
/// when a build reads it: `None` for anything else (the output, a skipped name).
pub(crate) fn read_by_build(rel: &Path) -> Option<(Folder, Vec<String>)> {
    let mut parts = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    let top = parts.next()?;
    let folder = Folder::ALL.into_iter().find(|f| f.name() == top)?;
    let rest: Vec<String> = parts.collect();
    if rest.iter().any(|name| folder.skips(name)) {
        return None;
    }
    Some((folder, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_folder_skips_leftovers_and_content_and_templates_skip_hidden_names() {
        for folder in Folder::ALL {
            for name in [
                ".git",
                ".DS_Store",
                "a.md~",
                ".a.md.swp",
                "#a.md#",
                ".#a.md",
            ] {
                assert!(folder.skips(name), "{folder:?} {name}");
            }
            for name in ["a.md", "style.css", "x#y", "#"] {
                assert!(!folder.skips(name), "{folder:?} {name}");
            }
        }
        for name in [".well-known", "_drafts", ".hidden"] {
            assert!(Folder::Content.skips(name), "{name}");
            assert!(Folder::Templates.skips(name), "{name}");
            assert!(!Folder::Static.skips(name), "{name}");
        }
    }

    #[test]
    fn a_walk_and_the_watcher_agree_on_every_file() {
        let dir = tempfile::tempdir().unwrap();
        let all = [
            "content/a.md",
            "content/_drafts/b.md",
            "content/.obsidian/c.md",
            "content/d.md~",
            "templates/base.html",
            "templates/.base.html.swp",
            "static/.well-known/security.txt",
            "static/_headers",
            "static/.git/config",
            "static/css/site.css",
            "static/css/.DS_Store",
            "public/index.html",
        ];
        for f in all {
            let p = dir.path().join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "x").unwrap();
        }
        let mut walked: Vec<String> = Folder::ALL
            .into_iter()
            .flat_map(|folder| {
                let (files, errors) = files(dir.path(), folder);
                assert!(errors.is_empty());
                files
                    .into_iter()
                    .map(move |f| format!("{}/{}", folder.name(), f.rel))
            })
            .collect();
        walked.sort();
        let mut watched: Vec<String> = all
            .into_iter()
            .filter(|f| read_by_build(Path::new(f)).is_some())
            .map(String::from)
            .collect();
        watched.sort();
        assert_eq!(walked, watched);
        assert_eq!(
            walked,
            [
                "content/a.md",
                "static/.well-known/security.txt",
                "static/_headers",
                "static/css/site.css",
                "templates/base.html",
            ]
        );
    }
}
