//! Front matter: splitting the `---` block from the body, parsing it strictly, and
//! finding where in the file a key stands, so every problem points at its line.
//!
//! serde_yaml is archived upstream; it is used only in [`parse_yaml`], so a maintained
//! fork can replace it here alone.

use std::collections::BTreeMap;
use std::ops::Range;

use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::diagnostic::{Diagnostic, Location, suggestion};
use crate::model::{Annotate, Kind};
use crate::source::SourceFile;

mod locate;

pub(crate) use locate::{Seg, YamlPlace, locate, top_level_blocks};

/// The parts of an article file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Split {
    /// Byte range of the YAML between the fences.
    pub(crate) yaml: Range<usize>,
    /// Byte offset where the Markdown body starts.
    pub(crate) body_offset: usize,
}

/// Finds the front-matter block: a first line `---`, then YAML, then a line `---` or `...`.
pub(crate) fn split(file: &SourceFile) -> Result<Split, Diagnostic> {
    let text = &file.text;
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let first_end = line_end(text, start);
    if text[start..first_end.0].trim_end() != "---" {
        let end = first_end.0.min(start + 3);
        return Err(Diagnostic::error(
            "no-front-matter",
            Location::in_file(file, start..end),
            "this article has no front matter",
        )
        .with_help("start the file with a `---` line, then `title: …` and `date: YYYY-MM-DD`, then another `---` line"));
    }
    let yaml_start = first_end.1;
    let mut pos = yaml_start;
    while pos < text.len() {
        let (end, next) = line_end(text, pos);
        let line = text[pos..end].trim_end();
        if line == "---" || line == "..." {
            return Ok(Split {
                yaml: yaml_start..pos,
                body_offset: next,
            });
        }
        pos = next;
    }
    Err(Diagnostic::error(
        "unclosed-front-matter",
        Location::in_file(file, start..start + 3),
        "the front matter opened here is never closed",
    )
    .with_help("add a line `---` after the last front-matter key, before the article's text"))
}

/// (end of line content, start of next line)
fn line_end(text: &str, from: usize) -> (usize, usize) {
    match memchr::memchr2(b'\n', b'\r', &text.as_bytes()[from..]) {
        Some(i) => {
            let end = from + i;
            let next = if text[end..].starts_with("\r\n") {
                end + 2
            } else {
                end + 1
            };
            (end, next)
        }
        None => (text.len(), text.len()),
    }
}

/// How many unknown keys one block reports before the next one ends its parsing.
const MAX_UNKNOWN_KEYS: usize = 100;

/// Parses YAML that starts at byte `base` of `file` into `T`, re-basing error positions
/// from the block to the file. An unknown key is reported with a did-you-mean, left out,
/// and the rest parsed again, so that it never hides the block's other problems; any
/// other problem ends the parsing. `Ok` holds the value and the unknown keys' errors.
pub(crate) fn parse_yaml<T: DeserializeOwned>(
    file: &SourceFile,
    base: usize,
    yaml: &str,
    what: &str,
) -> Result<(T, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut text = std::borrow::Cow::Borrowed(yaml);
    let mut problems = Vec::new();
    loop {
        let (problem, unknown_key_at) = match parse_once(file, base, &text, what) {
            Ok(value) => return Ok((value, problems)),
            Err(e) => e,
        };
        let left_out = problems.len() < MAX_UNKNOWN_KEYS
            && unknown_key_at.is_some_and(|(at, key)| leave_out_key(text.to_mut(), at, &key));
        problems.push(problem);
        if !left_out {
            return Err(problems);
        }
    }
}

/// One parse: the value, or the problem and, for an unknown key, where the key starts in
/// `yaml` and its name.
fn parse_once<T: DeserializeOwned>(
    file: &SourceFile,
    base: usize,
    yaml: &str,
    what: &str,
) -> Result<T, (Diagnostic, Option<(usize, String)>)> {
    if yaml.trim().is_empty() {
        return serde_yaml::from_str::<T>("{}").map_err(|e| {
            let d = Diagnostic::error(
                "yaml",
                Location::in_file(file, base..base),
                format!("{what} is empty: {}", strip_position(&e.to_string())),
            );
            (d, None)
        });
    }
    serde_yaml::from_str::<T>(yaml).map_err(|e| yaml_error(file, base, yaml, &e, what))
}

/// Leaves out the unknown key `key` that starts at byte `at` of `yaml`, with its value,
/// by blanking them: every other byte stays where it is, so positions stay right. A key
/// first on its line is blanked with the lines below it indented deeper; a key of a flow
/// mapping (`{ a: 1, b: 2 }`, on one line or several) up to its entry's end, with one
/// comma. Each way is kept only when the YAML then holds what it held less that key, so a
/// guess that would change anything else is never parsed; false when neither way does.
fn leave_out_key(yaml: &mut String, at: usize, key: &str) -> bool {
    if at >= yaml.len() {
        return false;
    }
    let Ok(before) = serde_yaml::from_str::<serde_yaml::Value>(yaml) else {
        return false;
    };
    let candidates = [block_entry(yaml, at), flow_entry(yaml, at)];
    for range in candidates.into_iter().flatten() {
        let mut blanked = yaml.clone();
        blank(&mut blanked, range);
        let after = serde_yaml::from_str::<serde_yaml::Value>(&blanked);
        if after.is_ok_and(|after| removed_only(&before, &after, key)) {
            *yaml = blanked;
            return true;
        }
    }
    false
}

/// Replaces every character of `range` but line breaks with spaces.
fn blank(yaml: &mut String, range: Range<usize>) {
    let blanked: String = yaml[range.clone()]
        .chars()
        .map(|c| if c == '\n' || c == '\r' { c } else { ' ' })
        .collect();
    yaml.replace_range(range, &blanked);
}

/// The bytes of a block mapping's entry whose key starts at `at`: the key's line and the
/// lines below it indented deeper. None when the key is not the first thing on its line.
fn block_entry(yaml: &str, at: usize) -> Option<Range<usize>> {
    let line_start = yaml[..at].rfind('\n').map_or(0, |i| i + 1);
    if !yaml[line_start..at].chars().all(|c| c == ' ' || c == '-') {
        return None;
    }
    let column = at - line_start;
    let (mut end, mut next) = line_end(yaml, at);
    while next < yaml.len() {
        let (line_stop, after) = line_end(yaml, next);
        let line = &yaml[next..line_stop];
        let indent = line.len() - line.trim_start_matches(' ').len();
        let blank = line.trim().is_empty() || line.trim_start().starts_with('#');
        if !blank && indent <= column {
            break;
        }
        if !blank {
            end = line_stop;
        }
        next = after;
    }
    Some(at..end)
}

/// The bytes of a flow mapping's entry whose key starts at `at`, up to the `,`, `}` or
/// `]` that ends it (flow scalars hold none of these outside quotes), with the comma
/// after it, or else the one before it. None when the entry never ends.
fn flow_entry(yaml: &str, at: usize) -> Option<Range<usize>> {
    let bytes = yaml.as_bytes();
    let mut depth = 0usize;
    let mut i = at;
    while i < bytes.len() {
        match bytes[i] {
            b'[' | b'{' => depth += 1,
            b']' | b'}' if depth == 0 => break,
            b']' | b'}' => depth -= 1,
            b',' if depth == 0 => return Some(at..i + 1),
            b'"' => i = quoted_end(bytes, i, b'"')?,
            b'\'' => i = quoted_end(bytes, i, b'\'')?,
            b'#' if i > 0 && bytes[i - 1].is_ascii_whitespace() => {
                i = line_end(yaml, i).0;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    if i >= bytes.len() {
        return None;
    }
    let start = yaml[..at].trim_end();
    match start.strip_suffix(',') {
        Some(rest) => Some(rest.len()..i),
        None => Some(at..i),
    }
}

/// The index of the quote that closes the scalar opened by the quote at `open`: `\"`
/// escapes in double quotes, `''` in single ones.
fn quoted_end(bytes: &[u8], open: usize, quote: u8) -> Option<usize> {
    let mut i = open + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quote == b'"' => i += 1,
            q if q == quote && quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 1,
            q if q == quote => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
}

/// True when `after` is `before` less one mapping's key `key` (and its value), and
/// nothing else changed.
fn removed_only(before: &serde_yaml::Value, after: &serde_yaml::Value, key: &str) -> bool {
    use serde_yaml::Value;
    match (before, after) {
        (Value::Mapping(b), Value::Mapping(a)) if b.len() == a.len() + 1 => {
            let mut less = b.clone();
            less.remove(key).is_some() && less == *a
        }
        (Value::Mapping(b), Value::Mapping(a)) if b.len() == a.len() => {
            let mut changed = b.iter().filter(|&(k, v)| a.get(k) != Some(v));
            match (changed.next(), changed.next()) {
                (Some((k, v)), None) => a.get(k).is_some_and(|now| removed_only(v, now, key)),
                _ => false,
            }
        }
        (Value::Sequence(b), Value::Sequence(a)) if b.len() == a.len() => {
            let mut changed = b.iter().zip(a).filter(|(b, a)| b != a);
            match (changed.next(), changed.next()) {
                (Some((b, a)), None) => removed_only(b, a, key),
                _ => false,
            }
        }
        (Value::Tagged(b), Value::Tagged(a)) => {
            b.tag == a.tag && removed_only(&b.value, &a.value, key)
        }
        _ => false,
    }
}

fn yaml_error(
    file: &SourceFile,
    base: usize,
    yaml: &str,
    e: &serde_yaml::Error,
    what: &str,
) -> (Diagnostic, Option<(usize, String)>) {
    let message = strip_position(&e.to_string());
    let (span, at) = match e.location() {
        Some(loc) => {
            let idx = crate::source::LineIndex::new(yaml);
            let off = idx.offset_of(yaml, loc.line(), loc.column());
            let word_end = yaml[off..]
                .find(|c: char| c == ':' || c.is_whitespace())
                .map_or(yaml.len(), |i| off + i);
            (base + off..base + word_end.max(off), Some(off))
        }
        None => (base..base, None),
    };
    let location = Location::in_file(file, span);
    if let Some((field, expected)) = unknown_field(&message) {
        let help = suggestion(&field, expected.iter().map(String::as_str));
        let help = match help {
            Some(h) => h,
            None if expected.iter().any(|k| k == "extra") => format!(
                "known keys are {}; put data for custom templates under `extra`",
                expected.join(", ")
            ),
            None => format!("known keys are {}", expected.join(", ")),
        };
        let d = Diagnostic::error(
            "unknown-key",
            location,
            format!("unknown key `{field}` in {what}"),
        )
        .with_help(help);
        return (d, at.map(|at| (at, field)));
    }
    if let Some(field) = message
        .strip_prefix("missing field `")
        .and_then(|r| r.split('`').next())
    {
        let d = Diagnostic::error(
            "missing-key",
            location,
            format!("{what} is missing the required key `{field}`"),
        );
        return (d, None);
    }
    let d = Diagnostic::error("yaml", location, format!("{what} is not valid: {message}"))
        .with_help("check the indentation and quoting; quote values that contain `: ` or start with a special character");
    (d, None)
}

/// Drops serde_yaml's own ` at line N column M`, which counts from the block, not the file.
fn strip_position(message: &str) -> String {
    let mut out = message.to_string();
    while let Some(i) = out.find(" at line ") {
        // Skip ` at line N column M`, keep whatever follows (`, while parsing …`).
        let rest = &out[i + " at line ".len()..];
        let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit());
        let rest = rest.strip_prefix(" column ").unwrap_or(rest);
        let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit());
        out = format!("{}{rest}", &out[..i]);
    }
    out
}

/// `unknown field `x`, expected one of `a`, `b`` → (x, [a, b])
fn unknown_field(message: &str) -> Option<(String, Vec<String>)> {
    let rest = message.split("unknown field `").nth(1)?;
    let field = rest.split('`').next()?.to_string();
    let expected = rest
        .split_once("expected")
        .map(|(_, list)| {
            list.split('`')
                .skip(1)
                .step_by(2)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    Some((field, expected))
}

/// Where an entry was written: a YAML block and the key path to the entry in it.
#[derive(Debug, Clone)]
pub(crate) struct EntryOrigin {
    /// The YAML block.
    pub(crate) place: YamlPlace,
    /// `["glossary", id]` in an article, `[id]` in glossary.yaml.
    pub(crate) prefix: Vec<String>,
}

impl EntryOrigin {
    pub(crate) fn at(&self, field: Option<&str>) -> Location {
        let mut path: Vec<Seg<'_>> = self.prefix.iter().map(|s| Seg::Key(s)).collect();
        if let Some(f) = field {
            path.push(Seg::Key(f));
        }
        self.place.at(&path)
    }
}

/// A glossary entry as written, before validation.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawEntry {
    /// The form shown and matched.
    pub(crate) name: String,
    /// term, person, organization or place.
    #[serde(default)]
    pub(crate) kind: Kind,
    /// What an acronym stands for.
    pub(crate) expansion: Option<String>,
    /// The tooltip's line.
    pub(crate) short: Option<String>,
    /// Markdown for the glossary pages.
    pub(crate) definition: Option<String>,
    /// Other forms matched in text.
    #[serde(default)]
    pub(crate) aliases: Vec<String>,
    /// Match ignoring case.
    #[serde(default)]
    pub(crate) ignore_case: bool,
    /// Who a person or organisation is.
    pub(crate) role: Option<String>,
    /// The name in its own script.
    pub(crate) native: Option<String>,
    /// An external reference (http or https).
    pub(crate) link: Option<String>,
}

/// A quote attribution as written.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawQuote {
    /// A piece of the quotation as it stands in the body.
    pub(crate) text: String,
    /// The entry id of who said it.
    pub(crate) speaker: String,
    /// Who reported it: an entry id or plain text.
    pub(crate) via: Option<String>,
}

/// A correction or update note as written.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCorrection {
    /// When it was made: a date as `date` takes it.
    pub(crate) date: Option<String>,
    /// What was corrected, in Markdown.
    pub(crate) text: Option<String>,
    /// Shown at the top of the article instead of the end.
    #[serde(default)]
    pub(crate) prominent: bool,
}

/// Where an article came from.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSource {
    /// The publication.
    pub(crate) name: String,
    /// The original's address (http or https).
    pub(crate) url: Option<String>,
}

/// An article's lead image as written: `image: { src, alt, caption, credit }`.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawImage {
    /// Its path, relative to the article's page (a bundle's file by its name).
    pub(crate) src: String,
    /// Alt text: what it shows, for readers who cannot see it.
    #[serde(default)]
    pub(crate) alt: String,
    /// A caption under it.
    pub(crate) caption: Option<String>,
    /// Who made it (`Photo: Yonhap`).
    pub(crate) credit: Option<String>,
}

/// An article's front matter as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFrontMatter {
    /// Headline (required).
    pub(crate) title: Option<String>,
    /// Publication date (required).
    pub(crate) date: Option<String>,
    /// Last update.
    pub(crate) updated: Option<String>,
    /// Corrections and updates, each dated.
    #[serde(default)]
    pub(crate) corrections: Vec<RawCorrection>,
    /// Taken down from this date on (built only with --expired).
    pub(crate) expires: Option<String>,
    /// `article` (default) or `page`.
    pub(crate) layout: Option<String>,
    /// Byline: a name or a list of names (checked in `article::byline`, so that an item
    /// that is no text is an error at the item).
    pub(crate) author: Option<serde_yaml::Value>,
    /// Dek.
    pub(crate) summary: Option<String>,
    /// Tags.
    #[serde(default)]
    pub(crate) tags: Vec<String>,
    /// Source credit.
    pub(crate) source: Option<RawSource>,
    /// The lead image, under the headline and in previews.
    pub(crate) image: Option<RawImage>,
    /// Built only with --drafts.
    #[serde(default)]
    pub(crate) draft: bool,
    /// URL path override.
    pub(crate) slug: Option<String>,
    /// Old URL paths of the article, each given a redirect page.
    #[serde(default)]
    pub(crate) aliases: Vec<String>,
    /// Glossary entries.
    #[serde(default)]
    pub(crate) glossary: BTreeMap<String, RawEntry>,
    /// Speaker attributions.
    #[serde(default)]
    pub(crate) quotes: Vec<RawQuote>,
    /// Annotation mode override.
    pub(crate) annotate: Option<Annotate>,
    /// Entries not to annotate automatically.
    #[serde(default)]
    pub(crate) skip: Vec<String>,
    /// Table of contents: `true`, `false`, or automatic when not set (checked in
    /// `article::fields::toc`, so a wrong value gets its own help).
    pub(crate) toc: Option<serde_yaml::Value>,
    /// Free data for templates.
    pub(crate) extra: Option<serde_yaml::Value>,
}

/// site.yaml as written.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSiteConfig {
    /// Site title.
    pub(crate) title: Option<String>,
    /// Site description.
    pub(crate) description: Option<String>,
    /// `<html lang>`.
    pub(crate) language: Option<String>,
    /// Absolute URL of the site, for feeds and sitemaps.
    pub(crate) base_url: Option<String>,
    /// Default annotation mode.
    pub(crate) annotate: Option<Annotate>,
    /// Keep raw HTML in Markdown.
    #[serde(default)]
    pub(crate) raw_html: bool,
    /// Publisher name for structured data (default: the title).
    pub(crate) publisher: Option<String>,
    /// The navigation menu.
    #[serde(default)]
    pub(crate) menu: Vec<crate::menu::RawMenuItem>,
    /// The size in KB over which `check` calls an image large (0: never).
    pub(crate) large_image_kb: Option<u64>,
    /// Free data for templates.
    pub(crate) extra: Option<serde_yaml::Value>,
}

/// The ids of the entries a front matter defines under `glossary:`, read line by line so
/// that a front matter YAML cannot parse still names them: an error elsewhere about one
/// of them can then say where it is defined.
pub(crate) fn glossary_ids_loosely(yaml: &str) -> Vec<String> {
    let Some((_, block)) = top_level_blocks(yaml)
        .into_iter()
        .find(|(key, _)| *key == "glossary")
    else {
        return Vec::new();
    };
    let mut lines = yaml[block].lines().skip(1).filter(|l| !l.trim().is_empty());
    let Some(first) = lines.next() else {
        return Vec::new();
    };
    let indent = first.len() - first.trim_start_matches(' ').len();
    std::iter::once(first)
        .chain(lines)
        .filter(|l| l.len() - l.trim_start_matches(' ').len() == indent)
        .filter_map(|l| {
            l.trim()
                .strip_suffix(':')
                .or_else(|| l.trim().split_once(": ").map(|(k, _)| k))
        })
        .map(|k| k.trim_matches(['"', '\'']).to_string())
        .collect()
}

/// Free YAML (`extra`, of site.yaml or an article) as templates see it: an empty map when
/// it is not set; a value JSON cannot hold is a `bad-extra` at `at`.
pub(crate) fn extra_for_templates(
    extra: Option<&serde_yaml::Value>,
    at: impl FnOnce() -> Location,
    diagnostics: &mut Vec<Diagnostic>,
) -> serde_json::Value {
    match extra.map(serde_json::to_value) {
        Some(Ok(v)) => v,
        Some(Err(e)) => {
            diagnostics.push(Diagnostic::error(
                "bad-extra",
                at(),
                format!("`extra` cannot be used by templates: {e}"),
            ));
            serde_json::Value::Null
        }
        None => serde_json::Value::Object(Default::default()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile::new("a.md", text.to_string())
    }

    #[test]
    fn splits_front_matter_and_body() {
        let f = file("---\ntitle: A\n---\nBody\n");
        let s = split(&f).unwrap();
        assert_eq!(&f.text[s.yaml.clone()], "title: A\n");
        assert_eq!(&f.text[s.body_offset..], "Body\n");
    }

    #[test]
    fn splits_crlf_files() {
        let f = file("---\r\ntitle: A\r\n---\r\nBody\r\n");
        let s = split(&f).unwrap();
        assert_eq!(&f.text[s.yaml.clone()], "title: A\r\n");
        assert_eq!(&f.text[s.body_offset..], "Body\r\n");
    }

    #[test]
    fn an_unclosed_block_is_an_error_at_the_opening_fence() {
        let f = file("---\ntitle: A\nBody\n");
        let d = split(&f).unwrap_err();
        assert_eq!(d.code, "unclosed-front-matter");
        assert_eq!((d.location.line, d.location.column), (1, 1));
    }

    #[test]
    fn a_file_without_front_matter_is_an_error() {
        let d = split(&file("# Just a heading\n")).unwrap_err();
        assert_eq!(d.code, "no-front-matter");
    }

    #[test]
    fn yaml_errors_are_rebased_to_the_file() {
        let f = file("---\ntitle: A\ndate: 2022-01-01\nsumary: x\n---\n");
        let s = split(&f).unwrap();
        let (_, problems) =
            parse_yaml::<RawFrontMatter>(&f, s.yaml.start, &f.text[s.yaml.clone()], "front matter")
                .unwrap();
        let d = &problems[0];
        assert_eq!(d.code, "unknown-key");
        assert_eq!(d.location.line, 4, "{d:?}");
        assert_eq!(d.help.as_deref(), Some("did you mean `summary`?"));
    }

    #[test]
    fn a_flow_mapping_s_key_is_left_out_with_one_comma_and_nothing_else() {
        let mut yaml = "a: {x: 1, bad: [1, {c: 2}], y: 'it''s, }'}\nb: 2\n".to_string();
        let at = yaml.find("bad").unwrap();
        assert!(leave_out_key(&mut yaml, at, "bad"));
        assert_eq!(yaml, "a: {x: 1,                   y: 'it''s, }'}\nb: 2\n");
        let mut yaml = "a: {x: 1, bad: \"q\\\" }\"}\n".to_string();
        let at = yaml.find("bad").unwrap();
        assert!(leave_out_key(&mut yaml, at, "bad"));
        let gone = ", bad: \"q\\\" }\"".len();
        assert_eq!(yaml, format!("a: {{x: 1{}}}\n", " ".repeat(gone)));
        // A key that is no key of a mapping there is left as it is.
        let mut yaml = "a: {x: 1}\n".to_string();
        assert!(!leave_out_key(&mut yaml, 4, "y"));
        assert_eq!(yaml, "a: {x: 1}\n");
    }

    #[test]
    fn block_relative_positions_are_stripped_from_messages() {
        assert_eq!(
            strip_position(
                "did not find expected ',' at line 4 column 1, while parsing a flow sequence"
            ),
            "did not find expected ',', while parsing a flow sequence"
        );
        assert_eq!(
            strip_position("invalid type at line 2 column 8"),
            "invalid type"
        );
        assert_eq!(
            strip_position("a at line 1 column 2, b at line 3 column 4"),
            "a, b"
        );
    }
}
