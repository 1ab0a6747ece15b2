//! Page bundles, as Hugo has them: an article written as `content/2024/x/index.md` has
//! its folder's URL, and the files beside it (its images, a PDF) are published beside its
//! page. Other `.md` files and the names a build never reads (see [`crate::walk`]) stay
//! out; sub-folders are not part of the bundle (they may hold articles of their own). A
//! bundle file that lands where another output file does is an error naming both.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::article::Article;
use crate::diagnostic::{Diagnostic, Location};
use crate::images::SiteImages;
use crate::sink::{Page, PageBody};
use crate::walk::Folder;
use crate::{theme, urls};

/// The files of every bundle, and the table of images the bodies may use.
pub(crate) struct Bundles {
    /// Each bundle file as a page: its output path and the file to copy.
    pub(crate) pages: Vec<Page>,
    /// Every file an image path may lead to: the bundles' and static/'s.
    pub(crate) images: SiteImages,
}

/// Finds the bundle files of `articles` (those written as `index.md`) and reports the
/// ones that collide with another output file. `root` is the site folder.
pub(crate) fn collect(root: &Path, articles: &[Article], diags: &mut Vec<Diagnostic>) -> Bundles {
    let statics = crate::walk::files(root, Folder::Static).0;
    let pages_at: BTreeMap<String, &Article> =
        articles.iter().map(|a| (a.page_path(), a)).collect();
    let mut files: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut shown: BTreeMap<String, String> = BTreeMap::new();
    for f in &statics {
        files.insert(f.rel.clone(), f.path.clone());
        shown.insert(f.rel.clone(), format!("static/{}", f.rel));
    }
    let builtin: BTreeSet<&str> = theme::STATIC.iter().map(|(name, _)| *name).collect();
    let mut pages = Vec::new();
    for a in articles {
        let rel = a
            .front
            .path
            .strip_prefix("content")
            .unwrap_or(&a.front.path);
        if !urls::is_bundle_index(rel) {
            continue;
        }
        for (name, disk) in beside(&a.disk_path) {
            let out = urls::bundle_file(&a.url_path, &name);
            let folder = a.front.path.parent().unwrap_or(Path::new(""));
            let here = folder.join(&name).to_string_lossy().into_owned();
            let other = if let Some(b) = pages_at.get(&out) {
                Some(format!("the page of {}", b.front.path.display()))
            } else if let Some(s) = shown.get(&out) {
                Some(s.clone())
            } else {
                builtin
                    .contains(out.as_str())
                    .then(|| format!("the theme's {out}"))
            };
            if let Some(other) = other {
                diags.push(
                    Diagnostic::error(
                        "bundle-collision",
                        Location::whole_file(here),
                        format!("`{out}` in the output would be both this file and {other}"),
                    )
                    .with_help("rename or move one of the two files"),
                );
                continue;
            }
            shown.insert(out.clone(), here);
            files.insert(out.clone(), disk.clone());
            pages.push(Page {
                path: out,
                body: PageBody::Copy(disk),
            });
        }
    }
    Bundles {
        pages,
        images: SiteImages::new(files),
    }
}

/// The files beside a bundle's `index.md` that the build publishes, sorted by name.
fn beside(index: &Path) -> Vec<(String, PathBuf)> {
    let Some(dir) = index.parent() else {
        return Vec::new();
    };
    let Ok(read) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<(String, PathBuf)> = read
        .flatten()
        .filter(|e| e.path().is_file())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let skipped = Folder::Content.skips(&name) || name.ends_with(".md");
            (!skipped).then(|| (name, e.path()))
        })
        .collect();
    found.sort();
    found
}
