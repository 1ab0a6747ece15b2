//! What the previous build wrote: for each page, a hash of its bytes and the size,
//! modification time and inode its file had. A build that makes the same bytes for a page
//! links the previous output's file into the new output instead of writing it again, when
//! that file is still the one the list describes. Unchanged pages then cost no write, and
//! keep their modification time, so a deploy that compares times (rsync, `aws s3 sync`)
//! sends only the pages that changed.
//!
//! The list lives beside the output (`.public.pages` for `public/`). Deleting it, or a list
//! that no longer matches the output, only means pages are written again.
//!
//! A file changed after the list was saved has a modification time no older than the
//! list's own, so it no longer matches. A page whose listed time is not older than the
//! list's is not trusted (git calls such index entries "racily clean"): file times come
//! from a clock that ticks every few milliseconds (every second or two on some file
//! systems), and a change in the same tick as the write would keep the listed time.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

/// The first line of a list: the format, so a future change is not misread.
const HEADER: &str = "explainer pages 1";

/// A page as the previous build left it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    /// xxh3-128 of the page's bytes.
    pub hash: u128,
    /// The file's size.
    pub len: u64,
    /// The file's modification time, in nanoseconds since 1970.
    pub mtime_ns: u128,
    /// The file's inode (0 where the platform has none).
    pub ino: u64,
}

/// The hash a stamp records for these bytes.
pub fn hash(bytes: &[u8]) -> u128 {
    xxhash_rust::xxh3::xxh3_128(bytes)
}

/// The stamp of a file with these metadata and this hash; `None` when the file is not a
/// regular file or its time cannot be read.
pub fn stamp(meta: &fs::Metadata, hash: u128) -> Option<Stamp> {
    if !meta.is_file() {
        return None;
    }
    let mtime_ns = meta
        .modified()
        .ok()?
        .duration_since(UNIX_EPOCH)
        .ok()?
        .as_nanos();
    #[cfg(unix)]
    let ino = std::os::unix::fs::MetadataExt::ino(meta);
    #[cfg(not(unix))]
    let ino = 0;
    Some(Stamp {
        hash,
        len: meta.len(),
        mtime_ns,
        ino,
    })
}

/// Where the list of the output `out` is kept: beside it, hidden.
pub fn path_for(out: &Path) -> PathBuf {
    let (parent, name) = crate::output::parent_and_name(out);
    parent.join(format!(".{name}.pages"))
}

/// The pages a list describes, only those older than the list itself (see above).
/// Anything unreadable or malformed gives none: pages are then written, as on a first
/// build.
pub fn load(path: &Path) -> HashMap<String, Stamp> {
    let saved = fs::metadata(path)
        .ok()
        .and_then(|m| m.modified().ok())
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map(|d| d.as_nanos());
    let (Some(saved), Ok(text)) = (saved, fs::read_to_string(path)) else {
        return HashMap::new();
    };
    let mut pages = parse(&text).unwrap_or_default();
    pages.retain(|_, s| s.mtime_ns < saved);
    pages
}

fn parse(text: &str) -> Option<HashMap<String, Stamp>> {
    let mut lines = text.lines();
    if lines.next()? != HEADER {
        return None;
    }
    let mut map = HashMap::new();
    for line in lines {
        let mut parts = line.splitn(5, ' ');
        let hash = u128::from_str_radix(parts.next()?, 16).ok()?;
        let len = parts.next()?.parse().ok()?;
        let mtime_ns = parts.next()?.parse().ok()?;
        let ino = parts.next()?.parse().ok()?;
        let page = parts.next()?;
        map.insert(
            page.to_string(),
            Stamp {
                hash,
                len,
                mtime_ns,
                ino,
            },
        );
    }
    Some(map)
}

/// The text of a list of these pages, sorted by path.
pub fn render(pages: &mut [(String, Stamp)]) -> String {
    pages.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut out = String::with_capacity(HEADER.len() + 1 + pages.len() * 96);
    out.push_str(HEADER);
    out.push('\n');
    for (page, s) in pages.iter() {
        // A path with a line break cannot be listed; it is simply written every time.
        if page.contains(['\n', '\r']) {
            continue;
        }
        out.push_str(&format!(
            "{:032x} {} {} {} {page}\n",
            s.hash, s.len, s.mtime_ns, s.ino
        ));
    }
    out
}

/// Writes a list in one piece (a temporary file renamed over the old list). A list that
/// cannot be written is removed, so it never describes an older output.
pub fn save(path: &Path, pages: &mut [(String, Stamp)]) {
    let text = render(pages);
    let tmp = path.with_extension(format!("pages-{}", std::process::id()));
    let written = fs::write(&tmp, text).and_then(|()| fs::rename(&tmp, path));
    if written.is_err() {
        let _ = fs::remove_file(&tmp);
        let _ = fs::remove_file(path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamp_n(n: u64) -> Stamp {
        Stamp {
            hash: u128::from(n) << 64 | 0xabc,
            len: n,
            mtime_ns: 1_700_000_000_123_456_789,
            ino: n + 7,
        }
    }

    #[test]
    fn a_list_reads_back_as_written() {
        let mut pages = vec![
            ("b/index.html".to_string(), stamp_n(2)),
            ("a b/ü index.html".to_string(), stamp_n(1)),
            ("bad\nname.html".to_string(), stamp_n(3)),
        ];
        let text = render(&mut pages);
        let back = parse(&text).expect("parses");
        assert_eq!(back.len(), 2, "the name with a line break is left out");
        assert_eq!(back["b/index.html"], stamp_n(2));
        assert_eq!(back["a b/ü index.html"], stamp_n(1));
    }

    #[test]
    fn a_malformed_list_is_empty() {
        assert!(parse("").is_none());
        assert!(parse("explainer pages 2\n").is_none());
        assert!(parse("explainer pages 1\nzz 1 2 3 a\n").is_none());
        assert!(parse("explainer pages 1\n00 1 2\n").is_none());
        assert_eq!(parse("explainer pages 1\n").map(|m| m.len()), Some(0));
    }

    #[test]
    fn the_hash_tells_pages_apart() {
        assert_ne!(hash(b"<p>a</p>"), hash(b"<p>b</p>"));
        assert_eq!(hash(b"same"), hash(b"same"));
    }
}
