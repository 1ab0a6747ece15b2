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
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::UNIX_EPOCH;

use super::beside;

/// The previous build's list, and this build's as its pages are made.
#[derive(Debug)]
pub(super) struct Reuse {
    out: PathBuf,
    /// The pages the output holds, as the previous build listed them.
    previous: HashMap<String, Stamp>,
    /// The pages this build made, for the next build's list.
    made: Mutex<Vec<(String, Stamp)>>,
    /// False once the file system has refused a hard link: every page is then written.
    linking: AtomicBool,
}

impl Reuse {
    /// The list of the output `out`, as the previous build left it.
    pub(super) fn load(out: &Path) -> Self {
        Reuse {
            out: out.to_path_buf(),
            previous: load(&beside::pages_list(out)),
            made: Mutex::new(Vec::new()),
            linking: AtomicBool::new(true),
        }
    }

    /// No previous list: every page is written.
    pub(super) fn empty(out: &Path) -> Self {
        Reuse {
            out: out.to_path_buf(),
            previous: HashMap::new(),
            made: Mutex::new(Vec::new()),
            linking: AtomicBool::new(true),
        }
    }

    /// The previous build's stamp of `path` when it listed these bytes (same hash and
    /// size) and the output's file is still the one it listed (same size, modification
    /// time and inode): nothing has touched it since.
    pub(super) fn unchanged(&self, path: &str, hash: u128, len: u64) -> Option<Stamp> {
        let listed = self.previous.get(path)?;
        if listed.hash != hash || listed.len != len {
            return None;
        }
        let now = fs::symlink_metadata(self.out.join(path))
            .ok()
            .and_then(|m| stamp(&m, hash));
        (now == Some(*listed)).then_some(*listed)
    }

    /// Links the output's file for `path`, unchanged as `listed` says, to `target`. True
    /// when linked.
    pub(super) fn link(&self, path: &str, listed: Stamp, target: &Path) -> bool {
        if !self.linking.load(Ordering::Relaxed) {
            return false;
        }
        match fs::hard_link(self.out.join(path), target) {
            Ok(()) => {
                self.record(path, listed);
                true
            }
            Err(e) => {
                // A file system without hard links (FAT, some network shares): stop asking.
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::Unsupported | std::io::ErrorKind::PermissionDenied
                ) {
                    self.linking.store(false, Ordering::Relaxed);
                }
                false
            }
        }
    }

    /// A page this build wrote, with the stamp its file has.
    pub(super) fn record(&self, path: &str, stamp: Stamp) {
        self.made
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((path.to_string(), stamp));
    }

    /// The paths of the pages this build made, written or kept.
    pub(super) fn made_paths(&self) -> std::collections::HashSet<String> {
        let made = self.made.lock().unwrap_or_else(|e| e.into_inner());
        made.iter().map(|(path, _)| path.clone()).collect()
    }

    /// Saves this build's list beside the output, once it is in place.
    pub(super) fn save(self) {
        let mut made = self.made.into_inner().unwrap_or_else(|e| e.into_inner());
        save(&beside::pages_list(&self.out), &mut made);
    }
}

/// The first line of a list: the format, so a future change is not misread.
const HEADER: &str = "explainer pages 1";

/// A page as the previous build left it; the default, a hash of 0, matches no page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) struct Stamp {
    /// xxh3-128 of the page's bytes.
    pub(super) hash: u128,
    /// The file's size.
    pub(super) len: u64,
    /// The file's modification time, in nanoseconds since 1970.
    pub(super) mtime_ns: u128,
    /// The file's inode (0 where the platform has none).
    pub(super) ino: u64,
}

/// The hash a stamp records for these bytes.
pub(super) fn hash(bytes: &[u8]) -> u128 {
    xxhash_rust::xxh3::xxh3_128(bytes)
}

/// What stands for the bytes of a file copied from the site (a static file, an image of a
/// bundle): its size, modification time and inode, and its path. None while the file is
/// as new as the clock's last few ticks: a change within the same tick would keep its
/// time, so it is copied until it is older (git's "racily clean").
pub(super) fn copy_key(source: &Path, meta: &fs::Metadata) -> Option<u128> {
    const RACY_NS: u128 = 2_000_000_000;
    let now = std::time::SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .ok()?
        .as_nanos();
    let s = stamp(meta, 0)?;
    if s.mtime_ns + RACY_NS > now {
        return None;
    }
    let mut key = format!("copy {} {} {} ", s.len, s.mtime_ns, s.ino).into_bytes();
    key.extend(source.as_os_str().as_encoded_bytes());
    Some(hash(&key))
}

/// The stamp of a file with these metadata and this hash; `None` when the file is not a
/// regular file or its time cannot be read.
pub(super) fn stamp(meta: &fs::Metadata, hash: u128) -> Option<Stamp> {
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

/// The pages a list describes, only those older than the list itself (see above).
/// Anything unreadable or malformed gives none: pages are then written, as on a first
/// build.
fn load(path: &Path) -> HashMap<String, Stamp> {
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
fn render(pages: &mut [(String, Stamp)]) -> String {
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
fn save(path: &Path, pages: &mut [(String, Stamp)]) {
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
