//! The pages `check` makes, as the link check needs them: their `id`s and nothing else.

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

use crate::error::{Error, io};
use crate::sink::{Page, PageBody, Sink};

/// Every value that stands in `id="…"` in a page, as written (escaped).
fn ids_of(page: &[u8]) -> HashSet<String> {
    let mut ids = HashSet::new();
    let mut rest = page;
    while let Some(i) = memchr::memmem::find(rest, b"id=\"") {
        rest = &rest[i + 4..];
        if let Some(end) = memchr::memchr(b'"', rest) {
            ids.insert(String::from_utf8_lossy(&rest[..end]).into_owned());
        }
    }
    ids
}

/// Keeps of each page only what the link check asks for, its `id`s: `check` makes every
/// page and keeps none of them.
#[derive(Debug, Default)]
pub(crate) struct LinkTargets {
    pages: Mutex<HashMap<String, HashSet<String>>>,
}

impl LinkTargets {
    /// How many pages were put.
    pub(crate) fn len(&self) -> usize {
        self.pages.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    /// The `id`s of a page put earlier (as written, escaped); `None` when there is no such
    /// page.
    pub(crate) fn ids(&self, path: &str) -> Option<HashSet<String>> {
        let pages = self.pages.lock().unwrap_or_else(|e| e.into_inner());
        pages.get(path).cloned()
    }
}

impl Sink for LinkTargets {
    fn put(&self, page: Page) -> Result<(), Error> {
        let ids = match &page.body {
            PageBody::Bytes(b) => ids_of(b),
            PageBody::Copy(src) => ids_of(&std::fs::read(src).map_err(io(src))?),
        };
        self.pages
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(page.path, ids);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_ids_are_read_as_written() {
        let ids = ids_of(br#"<p id="thaad">x</p><div class="a" id="a&amp;b"></div>"#);
        assert!(ids.contains("thaad") && ids.contains("a&amp;b"));
        assert!(!ids.contains("a") && !ids.contains("x"));
        let targets = LinkTargets::default();
        targets.put(Page::bytes("p.html", r#"<i id="y">"#)).unwrap();
        assert_eq!(targets.len(), 1);
        assert!(targets.ids("p.html").is_some_and(|i| i.contains("y")));
        assert_eq!(targets.ids("q.html"), None);
    }

    #[test]
    fn a_copied_file_that_cannot_be_read_is_an_error_naming_it() {
        let targets = LinkTargets::default();
        let missing = std::path::PathBuf::from("/nonexistent/explainer/file.html");
        let page = Page {
            path: "file.html".into(),
            body: PageBody::Copy(missing.clone()),
        };
        match targets.put(page) {
            Err(Error::Io { path, .. }) => assert_eq!(path, missing),
            other => panic!("{other:?}"),
        }
    }
}
