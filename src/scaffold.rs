//! `explainer new DIR`: a site that builds at once, with a sample article that uses every
//! feature and a short README for authors.

use std::path::Path;

use crate::error::{Error, io};

/// The files of a new site.
const FILES: &[(&str, &str)] = &[
    ("content/site.yaml", include_str!("scaffold/site.yaml")),
    (
        "content/glossary.yaml",
        include_str!("scaffold/glossary.yaml"),
    ),
    (
        "content/first-explainer.md",
        include_str!("scaffold/first-explainer.md"),
    ),
    ("README.md", include_str!("scaffold/README.md")),
    (".gitignore", include_str!("scaffold/gitignore.txt")),
];

/// Creates a site in `dir`; refuses a folder that exists and is not empty.
pub fn new_site(dir: &Path) -> Result<(), Error> {
    if dir.exists() {
        if !dir.is_dir() {
            return Err(Error::Usage(format!(
                "{} is a file, not a folder",
                dir.display()
            )));
        }
        let mut entries = std::fs::read_dir(dir).map_err(io(dir))?;
        if entries.next().is_some() {
            return Err(Error::Usage(format!(
                "{} is not empty: `explainer new` only writes into a new or empty folder",
                dir.display()
            )));
        }
    }
    for (path, text) in FILES {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
        std::fs::write(&target, text).map_err(io(&target))?;
    }
    Ok(())
}
