//! Reading a site from disk: site.yaml, glossary.yaml and the articles under content/,
//! in sorted order, with the ignore rules. Every problem becomes a diagnostic.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, FixedOffset, NaiveDate};
use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diagnostic::{Diagnostic, Location};
use crate::front::{self, Annotate, RawEntry, RawFrontMatter, RawSiteConfig, Seg, YamlPlace};
use crate::glossary::EntryOrigin;
use crate::source::SourceFile;

/// True for names the build never reads: hidden (`.x`), private (`_x`), editor leftovers.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('_')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swo")
}

fn unreadable(shown: &Path, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(
        "unreadable",
        Location::whole_file(shown.to_string_lossy()),
        format!("cannot read this file: {e}"),
    )
}

/// Reads a file as UTF-8, or says where the first bad byte is.
pub fn read_source(path: &Path, shown: PathBuf) -> Result<SourceFile, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|e| unreadable(&shown, e))?;
    source_from_bytes(bytes, shown)
}

/// How many bytes at the end of what the first read kept are read again with the rest of
/// the file, to check that it is still the file whose front matter was parsed.
const OVERLAP: usize = 64;

/// The whole of an article of which `kept` holds the start (its front matter), as the
/// first read left it: the rest is read into `buf` (a buffer the caller reuses) after a
/// copy of the start, with the last `OVERLAP` (64) bytes of the start read again to check
/// that the file has not changed since: a change that moves them is an error
/// (`changed-during-build`: build again). A change that moves nothing, such as a letter
/// of the title replaced during the build, shows at the next build.
///
/// The rest is read through `Take`: std's `read_to_end` on a file first asks its size and
/// position, two more system calls per article, which cost a few percent of a
/// 10,000-article build on a virtual machine; the buffer, kept from the article before,
/// nearly always has the room already.
pub fn read_rest_into(
    path: &Path,
    kept: &SourceFile,
    buf: String,
) -> Result<SourceFile, Diagnostic> {
    use std::io::{Read, Seek, SeekFrom};
    let known = kept.text.as_bytes();
    let from = known.len() - OVERLAP.min(known.len());
    let mut bytes = buf.into_bytes();
    bytes.clear();
    bytes.extend_from_slice(&known[..from]);
    let shown = kept.path.clone();
    std::fs::File::open(path)
        .and_then(|mut f| {
            f.seek(SeekFrom::Start(from as u64))?;
            f.take(u64::MAX).read_to_end(&mut bytes)
        })
        .map_err(|e| unreadable(&shown, e))?;
    if bytes.get(from..known.len()) != Some(&known[from..]) {
        return Err(Diagnostic::error(
            "changed-during-build",
            Location::whole_file(shown.to_string_lossy()),
            "this file changed while the site was being built",
        )
        .with_help("build again"));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile::new(shown, text)),
        // Not UTF-8: read it whole for the diagnostic with its position.
        Err(_) => read_source(path, shown),
    }
}

/// How much of an article [`read_front`] reads first: front matter is rarely longer.
const FRONT_READ: u64 = 2048;

/// Reads an article's front matter, and as much of the body as came with it: the first
/// [`FRONT_READ`] bytes (whole lines of them), and the whole file if the front matter has
/// not ended by then (or the file needs a diagnostic). True with the whole file.
fn read_front(path: &Path, shown: PathBuf) -> Result<(SourceFile, front::Split, bool), Diagnostic> {
    use std::io::Read;
    let mut f = std::fs::File::open(path).map_err(|e| unreadable(&shown, e))?;
    // Read into a buffer the thread keeps: only the front matter is kept.
    thread_local! {
        static BUF: std::cell::RefCell<[u8; FRONT_READ as usize]> = const { std::cell::RefCell::new([0; FRONT_READ as usize]) };
    }
    let read = BUF.with_borrow_mut(
        |buf| -> std::io::Result<Option<(SourceFile, front::Split, bool)>> {
            let mut n = 0;
            while n < buf.len() {
                match f.read(&mut buf[n..]) {
                    Ok(0) => break,
                    Ok(k) => n += k,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(e) => return Err(e),
                }
            }
            // Whole lines only, so no character is cut in two.
            let end = if n < buf.len() {
                Some(n)
            } else {
                memchr::memrchr(b'\n', &buf[..n]).map(|nl| nl + 1)
            };
            let whole = n < buf.len();
            let file = end
                .and_then(|end| std::str::from_utf8(&buf[..end]).ok())
                .map(|text| SourceFile::new(shown.clone(), text.to_string()));
            Ok(file.and_then(|file| front::split(&file).ok().map(|split| (file, split, whole))))
        },
    );
    if let Some(done) = read.map_err(|e| unreadable(&shown, e))? {
        return Ok(done);
    }
    // Front matter past the first bytes, or a problem to report: the whole file.
    let file = read_source(path, shown)?;
    let split = front::split(&file)?;
    Ok((file, split, true))
}

fn source_from_bytes(bytes: Vec<u8>, shown: PathBuf) -> Result<SourceFile, Diagnostic> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile::new(shown, text)),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let text = String::from_utf8_lossy(&bytes[..valid]).into_owned();
            let file = SourceFile::new(shown, text);
            let at = file.text.len();
            Err(Diagnostic::error(
                "not-utf8",
                Location::in_file(&file, at..at),
                "this file is not valid UTF-8: the byte after this point cannot be read",
            )
            .with_help("save the file as UTF-8 (most editors have an `encoding` or `save with encoding` option)"))
        }
    }
}

/// The path shown to the author: relative to the site root.
pub fn shown_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

/// The site's settings, validated.
#[derive(Debug, Clone)]
pub struct SiteConfig {
    /// Site title.
    pub title: String,
    /// Site description.
    pub description: String,
    /// `<html lang>`.
    pub language: String,
    /// Absolute site URL ending in `/`, when set.
    pub base_url: Option<String>,
    /// Default annotation mode.
    pub annotate: Annotate,
    /// Keep raw HTML.
    pub raw_html: bool,
    /// Publisher for structured data.
    pub publisher: String,
    /// Free data for templates.
    pub extra: serde_json::Value,
}

/// Reads content/site.yaml (optional).
pub fn load_config(root: &Path, diagnostics: &mut Vec<Diagnostic>) -> SiteConfig {
    let default_title = root
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "Explainers".into());
    let path = root.join("content").join("site.yaml");
    let mut raw = RawSiteConfig::default();
    let mut file = None;
    if path.exists() {
        match read_source(&path, shown_path(root, &path)) {
            Ok(f) => {
                match front::parse_yaml::<RawSiteConfig>(&f, 0, &f.text, "site.yaml") {
                    Ok(r) => raw = r,
                    Err(d) => diagnostics.push(d),
                }
                file = Some(f);
            }
            Err(d) => diagnostics.push(d),
        }
    }
    let locate = |key: &str| match &file {
        Some(f) => {
            let r = front::locate(&f.text, &[Seg::Key(key)]);
            Location::in_file(f, r)
        }
        None => Location::whole_file("content/site.yaml"),
    };
    let base_url = raw
        .base_url
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty())
        .and_then(|u| {
            if crate::glossary::is_web_url(u) {
                Some(if u.ends_with('/') {
                    u.to_string()
                } else {
                    format!("{u}/")
                })
            } else {
                diagnostics.push(
                    Diagnostic::error(
                        "bad-url",
                        locate("base_url"),
                        "`base_url` must be an absolute http or https URL",
                    )
                    .with_help("write it as https://example.org/explained/"),
                );
                None
            }
        });
    let language = raw.language.unwrap_or_else(|| "en".into());
    if !language
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-')
        || language.is_empty()
    {
        diagnostics.push(
            Diagnostic::error(
                "bad-language",
                locate("language"),
                format!("`{language}` is not a language tag"),
            )
            .with_help("use a BCP 47 tag such as `en`, `en-GB` or `ko`"),
        );
    }
    let extra = match raw.extra.as_ref().map(front::yaml_to_json) {
        Some(Ok(v)) => v,
        Some(Err(e)) => {
            diagnostics.push(Diagnostic::error(
                "bad-extra",
                locate("extra"),
                format!("`extra` cannot be used by templates: {e}"),
            ));
            serde_json::Value::Null
        }
        None => serde_json::Value::Object(Default::default()),
    };
    let title = raw.title.unwrap_or(default_title);
    SiteConfig {
        publisher: raw.publisher.unwrap_or_else(|| title.clone()),
        title,
        description: raw.description.unwrap_or_default(),
        language,
        base_url,
        annotate: raw.annotate.unwrap_or_default(),
        raw_html: raw.raw_html,
        extra,
    }
}

/// Reads content/glossary.yaml (optional) into raw entries.
pub fn load_glossary_file(
    root: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(String, RawEntry, EntryOrigin)> {
    let path = root.join("content").join("glossary.yaml");
    if !path.exists() {
        return Vec::new();
    }
    let file = match read_source(&path, shown_path(root, &path)) {
        Ok(f) => Arc::new(f),
        Err(d) => {
            diagnostics.push(d);
            return Vec::new();
        }
    };
    let entries: std::collections::BTreeMap<String, RawEntry> =
        match front::parse_yaml(&file, 0, &file.text, "glossary.yaml") {
            Ok(e) => e,
            Err(d) => {
                diagnostics.push(d);
                return Vec::new();
            }
        };
    let blocks: std::collections::HashMap<&str, std::ops::Range<usize>> =
        front::top_level_blocks(&file.text).into_iter().collect();
    entries
        .into_iter()
        .map(|(id, e)| {
            // Each entry's problems are looked for in its own block only.
            let yaml = blocks
                .get(id.as_str())
                .cloned()
                .unwrap_or(0..file.text.len());
            let origin = EntryOrigin {
                place: YamlPlace {
                    yaml,
                    file: Arc::clone(&file),
                },
                prefix: vec![id.clone()],
            };
            (id, e, origin)
        })
        .collect()
}

/// Every article file under content/, sorted, with walk errors as diagnostics.
pub fn discover(root: &Path, diagnostics: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    let content = root.join("content");
    let mut found = Vec::new();
    let walker = WalkDir::new(&content)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()));
    for entry in walker {
        match entry {
            Ok(e) => {
                if e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md") {
                    found.push(e.into_path());
                }
            }
            Err(e) => {
                let path = e
                    .path()
                    .map(|p| shown_path(root, p))
                    .unwrap_or_else(|| PathBuf::from("content"));
                let why = if e.loop_ancestor().is_some() {
                    "this folder links back to one of its own parents (a symlink loop)".to_string()
                } else {
                    e.io_error()
                        .map_or_else(|| e.to_string(), |io| io.to_string())
                };
                diagnostics.push(
                    Diagnostic::error(
                        "walk",
                        Location::whole_file(path.to_string_lossy()),
                        format!("cannot read content: {why}"),
                    )
                    .with_help("remove the link or fix the folder's permissions"),
                );
            }
        }
    }
    found
}

/// A date as the site shows and serialises it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Date {
    /// RFC 3339, for sorting, `<time datetime>` and feeds.
    pub rfc3339: String,
    /// `YYYY-MM-DD`.
    pub iso: String,
    /// `11 August 2022`.
    pub display: String,
}

/// Parses `YYYY-MM-DD` or RFC 3339; impossible dates are errors.
pub fn parse_date(text: &str) -> Result<Date, String> {
    let text = text.trim();
    if let Ok(d) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Ok(Date {
            rfc3339: format!("{}T00:00:00Z", d.format("%Y-%m-%d")),
            iso: d.format("%Y-%m-%d").to_string(),
            display: d.format("%-d %B %Y").to_string(),
        });
    }
    match DateTime::<FixedOffset>::parse_from_rfc3339(text) {
        Ok(dt) => Ok(Date {
            rfc3339: dt.to_rfc3339(),
            iso: dt.format("%Y-%m-%d").to_string(),
            display: dt.format("%-d %B %Y").to_string(),
        }),
        Err(_) if looks_like_plain_date(text) => Err(format!(
            "`{text}` is not a real date: check the month and the day"
        )),
        Err(e) => Err(format!(
            "`{text}` is not a date in YYYY-MM-DD or RFC 3339 form ({e})"
        )),
    }
}

fn looks_like_plain_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && text.chars().filter(char::is_ascii_digit).count() == 8
}

/// An article file, parsed but not yet checked against the glossary.
#[derive(Debug)]
pub struct ParsedArticle {
    /// The file: only up to the body when the body is read again later.
    pub file: Arc<SourceFile>,
    /// Where the file is on disk.
    pub disk_path: PathBuf,
    /// The front-matter block.
    pub place: YamlPlace,
    /// Where the body starts.
    pub body_offset: usize,
    /// The front matter.
    pub front: RawFrontMatter,
    /// The body may hold a fenced code block (a line starting with ``` or ~~~).
    pub may_have_code: bool,
    /// `file` holds the whole file; otherwise its front matter, the rest read when the
    /// body is rendered ([`read_rest_into`]).
    pub whole: bool,
}

/// Reads and parses every article, in parallel, keeping the input order. Without
/// `keep_body`, only each article's front matter stays in memory (or the whole file, when
/// it is shorter than the first read): the body is read when it is rendered, so a large
/// archive never holds all its text at once.
pub fn parse_articles(
    root: &Path,
    paths: &[PathBuf],
    keep_body: bool,
) -> Vec<Result<ParsedArticle, Diagnostic>> {
    paths
        .par_iter()
        .map(|path| {
            let (mut file, split, mut whole) = if keep_body {
                let file = read_source(path, shown_path(root, path))?;
                let split = front::split(&file)?;
                (file, split, true)
            } else {
                read_front(path, shown_path(root, path))?
            };
            // A hint (syntect starts loading early): only what was read is looked at.
            let body = &file.text[split.body_offset..];
            let may_have_code = memchr::memmem::find(body.as_bytes(), b"```").is_some()
                || memchr::memmem::find(body.as_bytes(), b"~~~").is_some();
            if !keep_body && (!whole || file.text.len() > FRONT_READ as usize) {
                // Only the front matter is kept: the start of the body that came with it
                // is read again with the rest. Keeping it too, 2 KiB an article, held
                // 17 MiB more at 10,000 articles, which cost more than reading it twice.
                file = SourceFile::new(
                    file.path.clone(),
                    file.text[..split.body_offset].to_string(),
                );
                whole = false;
            }
            let file = Arc::new(file);
            let yaml = &file.text[split.yaml.clone()];
            let fm: RawFrontMatter =
                front::parse_yaml(&file, split.yaml.start, yaml, "the front matter")?;
            Ok(ParsedArticle {
                place: YamlPlace {
                    file: Arc::clone(&file),
                    yaml: split.yaml,
                },
                file,
                disk_path: path.clone(),
                body_offset: split.body_offset,
                front: fm,
                may_have_code,
                whole,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rest_of_a_file_is_read_after_its_start_and_a_change_is_caught() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        let body = "A line of the body.\n".repeat(200);
        let text = format!("---\ntitle: A\n---\n{body}é\n");
        std::fs::write(&path, &text).unwrap();
        let (start, split, whole) = read_front(&path, "a.md".into()).unwrap();
        assert!(!whole);
        assert!(start.text.len() > split.body_offset + OVERLAP);
        assert!(start.text.len() <= FRONT_READ as usize);
        let full = read_rest_into(&path, &start, String::from("left over")).unwrap();
        assert_eq!(full.text, text);
        // A longer title moves everything after it.
        std::fs::write(&path, format!("---\ntitle: Another\n---\n{body}")).unwrap();
        let err = read_rest_into(&path, &start, String::new()).unwrap_err();
        assert_eq!(err.code, "changed-during-build");
        // So does a file cut shorter than what was kept.
        std::fs::write(&path, "---\ntitle: A\n---\nword").unwrap();
        let err = read_rest_into(&path, &start, String::new()).unwrap_err();
        assert_eq!(err.code, "changed-during-build");
    }

    #[test]
    fn only_the_front_matter_of_a_long_article_is_kept_until_it_renders() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        let front = "---\ntitle: A\ndate: 2024-01-02\n---\n";
        let text = format!("{front}{}", "A line of the body.\n".repeat(200));
        std::fs::write(&path, &text).unwrap();
        let short = dir.path().join("b.md");
        std::fs::write(&short, format!("{front}Short.\n")).unwrap();
        let read = parse_articles(dir.path(), &[path.clone(), short], false);
        let long = read[0].as_ref().unwrap();
        assert!(!long.whole);
        assert_eq!(long.file.text, front);
        let full = read_rest_into(&path, &long.file, String::new()).unwrap();
        assert_eq!(full.text, text);
        // A file shorter than the first read is kept whole: nothing to read again.
        let small = read[1].as_ref().unwrap();
        assert!(small.whole);
        assert_eq!(small.file.text, format!("{front}Short.\n"));
    }

    #[test]
    fn ignore_rules() {
        for name in [".hidden.md", "_draft.md", "a.md~", ".a.md.swp", "x.swp"] {
            assert!(is_ignored_name(name), "{name}");
        }
        assert!(!is_ignored_name("thaad.md"));
    }

    #[test]
    fn dates() {
        assert_eq!(parse_date("2022-08-11").unwrap().display, "11 August 2022");
        assert_eq!(
            parse_date("2022-08-11T09:30:00+09:00").unwrap().iso,
            "2022-08-11"
        );
        assert!(parse_date("2022-02-30").is_err());
        assert!(parse_date("11/08/2022").is_err());
    }
}
