//! Reading a site from disk: site.yaml, glossary.yaml and the articles under content/,
//! in sorted order, with the ignore rules. Every problem becomes a diagnostic.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, FixedOffset, NaiveDate};
use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Location};
use crate::front::EntryOrigin;
use crate::front::{self, RawEntry, RawFrontMatter, RawSiteConfig, Seg, YamlPlace};
use crate::limits;
use crate::model::{Annotate, Date};
use crate::source::SourceFile;
use crate::walk::{self, Folder};

fn unreadable(shown: &Path, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(
        "unreadable",
        Location::whole_file(shown.to_string_lossy()),
        format!("cannot read this file: {e}"),
    )
}

/// Reads a file as UTF-8, or says where the first bad byte is. A file over the size
/// limit is refused before it is read.
pub(crate) fn read_source(path: &Path, shown: PathBuf) -> Result<SourceFile, Diagnostic> {
    use std::io::Read;
    let too_large = |len| limits::file_too_large(&shown.to_string_lossy(), len);
    let file = std::fs::File::open(path).map_err(|e| unreadable(&shown, e))?;
    let len = file.metadata().map_err(|e| unreadable(&shown, e))?.len();
    if len > limits::MAX_FILE {
        return Err(too_large(len));
    }
    // The file may grow while it is read.
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(limits::MAX_FILE + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| unreadable(&shown, e))?;
    if bytes.len() as u64 > limits::MAX_FILE {
        return Err(too_large(bytes.len() as u64));
    }
    source_from_bytes(bytes, shown)
}

/// An article file as it is now, and where its body starts; or what keeps its body from
/// being read (a paragraph or a nesting over the limits).
pub(crate) fn read_article(
    path: &Path,
    shown: PathBuf,
) -> Result<(SourceFile, usize), Vec<Diagnostic>> {
    let file = read_source(path, shown).map_err(|d| vec![d])?;
    let body_offset = front::split(&file).map_err(|d| vec![d])?.body_offset;
    let over = limits::body(&file, body_offset);
    if !over.is_empty() {
        return Err(over);
    }
    Ok((file, body_offset))
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
pub(crate) fn shown_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

/// The site's settings, validated.
#[derive(Debug, Clone)]
pub(crate) struct SiteConfig {
    /// Site title.
    pub(crate) title: String,
    /// Site description.
    pub(crate) description: String,
    /// `<html lang>`.
    pub(crate) language: String,
    /// Absolute site URL ending in `/`, when set.
    pub(crate) base_url: Option<String>,
    /// Default annotation mode.
    pub(crate) annotate: Annotate,
    /// Keep raw HTML.
    pub(crate) raw_html: bool,
    /// Publisher for structured data.
    pub(crate) publisher: String,
    /// Free data for templates.
    pub(crate) extra: serde_json::Value,
    /// The navigation menu, as site.yaml writes it.
    pub(crate) menu: Vec<crate::menu::MenuItem>,
    /// The menu's links, once its pages are resolved to their URLs (empty until then).
    pub(crate) menu_links: Vec<crate::menu::MenuLink>,
    /// The size in bytes over which `check` calls an image large (0: never).
    pub(crate) large_image: u64,
}

/// What a page may weigh in images before `check` says so: a news photo saved for the
/// web is 100–300 KB, and a reader on a phone pays for every byte over that.
const DEFAULT_LARGE_IMAGE_KB: u64 = 500;

/// Reads content/site.yaml (optional).
pub(crate) fn load_config(root: &Path, diagnostics: &mut Vec<Diagnostic>) -> SiteConfig {
    let default_title = folder_name(root).unwrap_or_else(|| "Explainers".into());
    let (raw, file) = read_config(root, diagnostics);
    let locate = |key: &str| config_location(file.as_ref(), key);
    let base_url = config_base_url(raw.base_url.as_deref(), || locate("base_url"), diagnostics);
    let language = raw.language.unwrap_or_else(|| "en".into());
    check_language(&language, || locate("language"), diagnostics);
    let extra = front::extra_for_templates(raw.extra.as_ref(), || locate("extra"), diagnostics);
    let title = raw.title.unwrap_or(default_title);
    let menu = crate::menu::parse(raw.menu, file.as_ref(), diagnostics);
    SiteConfig {
        menu,
        menu_links: Vec::new(),
        publisher: raw.publisher.unwrap_or_else(|| title.clone()),
        title,
        description: raw.description.unwrap_or_default(),
        language,
        base_url,
        annotate: raw.annotate.unwrap_or_default(),
        raw_html: raw.raw_html,
        extra,
        large_image: raw
            .large_image_kb
            .unwrap_or(DEFAULT_LARGE_IMAGE_KB)
            .saturating_mul(1000),
    }
}

/// The name of the site's folder: the title of a site that sets none.
fn folder_name(root: &Path) -> Option<String> {
    let root = root.canonicalize().ok()?;
    root.file_name().map(|n| n.to_string_lossy().into_owned())
}

/// content/site.yaml as written (the defaults when it is missing or broken), and the file
/// when it could be read, for the places of its problems.
fn read_config(
    root: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> (RawSiteConfig, Option<SourceFile>) {
    let path = root.join("content").join("site.yaml");
    if !path.exists() {
        return (RawSiteConfig::default(), None);
    }
    match read_source(&path, shown_path(root, &path)) {
        Ok(f) => {
            let raw = match front::parse_yaml::<RawSiteConfig>(&f, 0, &f.text, "site.yaml") {
                Ok((r, problems)) => {
                    diagnostics.extend(problems);
                    r
                }
                Err(problems) => {
                    diagnostics.extend(problems);
                    RawSiteConfig::default()
                }
            };
            (raw, Some(f))
        }
        Err(d) => {
            diagnostics.push(d);
            (RawSiteConfig::default(), None)
        }
    }
}

/// Where a key of site.yaml is; the whole file when it could not be read.
fn config_location(file: Option<&SourceFile>, key: &str) -> Location {
    match file {
        Some(f) => Location::in_file(f, front::locate(&f.text, &[Seg::Key(key)])),
        None => Location::whole_file("content/site.yaml"),
    }
}

/// `base_url` made ready to join URL paths to; blank is none, and no web URL an error.
fn config_base_url(
    written: Option<&str>,
    at: impl FnOnce() -> Location,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<String> {
    let written = written.map(str::trim).filter(|u| !u.is_empty())?;
    let base_url = crate::urls::base_url(written);
    if base_url.is_none() {
        diagnostics.push(
            Diagnostic::error(
                "bad-url",
                at(),
                "`base_url` must be an absolute http or https URL",
            )
            .with_help("write it as https://example.org/explained/"),
        );
    }
    base_url
}

/// `language` goes into `<html lang>`: ASCII letters, digits and `-` only.
fn check_language(
    language: &str,
    at: impl FnOnce() -> Location,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let tag_like = language
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-');
    if !tag_like || language.is_empty() {
        diagnostics.push(
            Diagnostic::error(
                "bad-language",
                at(),
                format!("`{language}` is not a language tag"),
            )
            .with_help("use a BCP 47 tag such as `en`, `en-GB` or `ko`"),
        );
    }
}

/// Reads content/glossary.yaml (optional) into raw entries.
pub(crate) fn load_glossary_file(
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
            Ok((e, problems)) => {
                diagnostics.extend(problems);
                e
            }
            Err(problems) => {
                diagnostics.extend(problems);
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
                place: YamlPlace::new(Arc::clone(&file), yaml),
                prefix: vec![id.clone()],
            };
            (id, e, origin)
        })
        .collect()
}

/// Every article file under content/, sorted, with walk errors as diagnostics.
pub(crate) fn discover(root: &Path, diagnostics: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    let (files, errors) = walk::files(root, Folder::Content);
    for walk::WalkError { path, error } in errors {
        let why = if error.loop_ancestor().is_some() {
            "this folder links back to one of its own parents (a symlink loop)".to_string()
        } else {
            error
                .io_error()
                .map_or_else(|| error.to_string(), |io| io.to_string())
        };
        diagnostics.push(
            Diagnostic::error(
                "walk",
                Location::whole_file(shown_path(root, &path).to_string_lossy()),
                format!("cannot read content: {why}"),
            )
            .with_help("remove the link or fix the folder's permissions"),
        );
    }
    files
        .into_iter()
        .map(|f| f.path)
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect()
}

/// Parses `YYYY-MM-DD` or RFC 3339; impossible dates are errors.
pub(crate) fn parse_date(text: &str) -> Result<Date, String> {
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

/// A date as written in front matter, in seconds since 1970 (a plain date is midnight
/// UTC); None when it is no date.
pub(crate) fn timestamp(text: &str) -> Option<i64> {
    let text = text.trim();
    if let Ok(d) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Some(d.and_hms_opt(0, 0, 0)?.and_utc().timestamp());
    }
    DateTime::<FixedOffset>::parse_from_rfc3339(text)
        .ok()
        .map(|dt| dt.timestamp())
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
pub(crate) struct ParsedArticle {
    /// The file up to its body (its front matter): the body is read again when it renders.
    pub(crate) file: Arc<SourceFile>,
    /// Where the file is on disk.
    pub(crate) disk_path: PathBuf,
    /// The front-matter block.
    pub(crate) place: YamlPlace,
    /// The front matter.
    pub(crate) front: RawFrontMatter,
    /// The body holds a fenced code block (a line starting with ``` or ~~~), perhaps.
    pub(crate) may_have_code: bool,
    /// Unknown keys of the front matter, left out: errors, reported with the article's
    /// other problems.
    pub(crate) problems: Vec<Diagnostic>,
}

/// The glossary ids an article that failed to parse defines, with the file's shown path
/// (`content/b.md`, where its first problem is), read again loosely.
pub(crate) fn ids_of_unparsed(root: &Path, problems: &[Diagnostic]) -> Vec<(String, String)> {
    let Some(path) = problems.first().map(|d| d.location.path.clone()) else {
        return Vec::new();
    };
    let Ok(text) = std::fs::read_to_string(root.join(&path)) else {
        return Vec::new();
    };
    let file = SourceFile::new(path.clone(), text);
    let Ok(split) = front::split(&file) else {
        return Vec::new();
    };
    front::glossary_ids_loosely(&file.text[split.yaml])
        .into_iter()
        .map(|id| (id, path.clone()))
        .collect()
}

/// Reads and parses every article, in parallel, keeping the input order. Only each
/// article's front matter stays in memory: the body is read again when it renders, so a
/// large archive never holds all its text at once.
pub(crate) fn parse_articles(
    root: &Path,
    paths: &[PathBuf],
) -> Vec<Result<ParsedArticle, Vec<Diagnostic>>> {
    paths
        .par_iter()
        .map(|path| {
            let file = read_source(path, shown_path(root, path)).map_err(|d| vec![d])?;
            parse_article(file, path)
        })
        .collect()
}

/// Parses an article file read from `disk_path`: keeps its front matter only.
pub(crate) fn parse_article(
    whole: SourceFile,
    disk_path: &Path,
) -> Result<ParsedArticle, Vec<Diagnostic>> {
    let split = front::split(&whole).map_err(|d| vec![d])?;
    if let Some(d) = limits::front_matter(&whole, &split.yaml) {
        return Err(vec![d]);
    }
    // A hint, so syntect starts loading early.
    let body = &whole.text.as_bytes()[split.body_offset..];
    let may_have_code = memchr::memmem::find(body, b"```").is_some()
        || memchr::memmem::find(body, b"~~~").is_some();
    let file = Arc::new(SourceFile::new(
        whole.path.clone(),
        whole.text[..split.body_offset].to_string(),
    ));
    let yaml = &file.text[split.yaml.clone()];
    let (fm, problems): (RawFrontMatter, _) =
        front::parse_yaml(&file, split.yaml.start, yaml, "the front matter")?;
    let place = YamlPlace::new(Arc::clone(&file), split.yaml);
    if let Some(d) = limits::quotes(fm.quotes.len(), || place.at(&[Seg::Key("quotes")])) {
        return Err(vec![d]);
    }
    Ok(ParsedArticle {
        place,
        file,
        disk_path: disk_path.to_path_buf(),
        front: fm,
        may_have_code,
        problems,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_front_matter_of_an_article_is_kept_until_it_renders() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        let front = "---\ntitle: A\ndate: 2024-01-02\n---\n";
        std::fs::write(
            &path,
            format!("{front}{}", "A line of the body.\n".repeat(200)),
        )
        .unwrap();
        let read = parse_articles(dir.path(), std::slice::from_ref(&path));
        let parsed = read[0].as_ref().unwrap();
        assert_eq!(parsed.file.text, front);
        // The body is read as the file is when it renders.
        let now = format!("{front}Edited.\n");
        std::fs::write(&path, &now).unwrap();
        let (file, body_offset) = read_article(&path, "a.md".into()).unwrap();
        assert_eq!(file.text, now);
        assert_eq!(&file.text[body_offset..], "Edited.\n");
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
