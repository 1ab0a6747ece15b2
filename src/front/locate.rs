//! Where a path of keys and list items (`quotes[2].speaker`) stands in a YAML block, so
//! that a problem in front matter or glossary.yaml is shown at its line and column. Block
//! style only; a flow collection resolves to its key.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Arc, Mutex, OnceLock};

use super::line_end;
use crate::diagnostic::Location;
use crate::source::SourceFile;

/// One step of a path to a YAML node.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Seg<'a> {
    /// A key of a mapping.
    Key(&'a str),
    /// An item of a block sequence.
    Index(usize),
}

/// Each top-level key of a block-style YAML map and the byte range of its block (from its
/// line to the next top-level key), found in one pass: a glossary of thousands of entries
/// locates each entry in its own block instead of searching the whole file every time.
pub(crate) fn top_level_blocks(yaml: &str) -> Vec<(&str, Range<usize>)> {
    let mut blocks: Vec<(&str, Range<usize>)> = Vec::new();
    let mut pos = 0;
    while pos < yaml.len() {
        let (end, next) = line_end(yaml, pos);
        let line = &yaml[pos..end];
        let key = match line.as_bytes().first() {
            Some(b'"') => line[1..].split_once("\":").map(|(k, _)| k),
            Some(b'\'') => line[1..].split_once("':").map(|(k, _)| k),
            Some(b' ' | b'\t' | b'#' | b'-') | None => None,
            Some(_) => line
                .split_once(':')
                .map(|(k, _)| k)
                .filter(|k| !k.contains(['{', '[', ' '])),
        };
        if let Some(key) = key {
            if let Some(last) = blocks.last_mut() {
                last.1.end = pos;
            }
            blocks.push((key, pos..yaml.len()));
        }
        pos = next;
    }
    blocks
}

/// The byte range (in the YAML text) of the value at `path`, or of the deepest part of
/// the path that could be found.
pub(crate) fn locate(yaml: &str, path: &[Seg<'_>]) -> Range<usize> {
    Locator::new(yaml).locate(yaml, path)
}

/// The lines of a YAML block, and what was found in it: each node's keys and list items
/// and where its block ends, each looked for once. Many places asked of one block (a
/// thousand quotes, each missing from the body) then cost its length once, not once each.
#[derive(Debug, Default)]
pub(crate) struct Locator {
    /// Each line's start and end (line ending excluded).
    lines: Vec<(usize, usize)>,
    memo: Mutex<Memo>,
}

/// A node is known by the lines of its block and the indent of its parent.
type Node = (usize, usize, isize);

#[derive(Debug, Default)]
struct Memo {
    /// A node's keys: the first line of each.
    keys: HashMap<Node, Arc<HashMap<String, usize>>>,
    /// A node's list items: their lines, in order.
    items: HashMap<Node, Arc<Vec<usize>>>,
    /// Where the block of the key (or item) on a line ends, within a parent ending at `hi`.
    ends: HashMap<(usize, usize, bool), usize>,
}

impl Locator {
    pub(crate) fn new(yaml: &str) -> Locator {
        let mut lines = Vec::new();
        let mut pos = 0;
        while pos < yaml.len() {
            let (end, next) = line_end(yaml, pos);
            lines.push((pos, end));
            pos = next;
        }
        Locator {
            lines,
            memo: Mutex::default(),
        }
    }

    fn line<'y>(&self, yaml: &'y str, i: usize) -> &'y str {
        let (start, end) = self.lines[i];
        &yaml[start..end]
    }

    /// The byte range of the value at `path`, as [`locate`].
    pub(crate) fn locate(&self, yaml: &str, path: &[Seg<'_>]) -> Range<usize> {
        let mut memo = self.memo.lock().unwrap_or_else(|e| e.into_inner());
        let mut lo = 0;
        let mut hi = self.lines.len();
        let mut parent_indent: isize = -1;
        let mut found = 0..0;
        for seg in path {
            let node = (lo, hi, parent_indent);
            let hit = match seg {
                Seg::Key(key) => memo
                    .keys
                    .entry(node)
                    .or_insert_with(|| Arc::new(self.keys(yaml, node)))
                    .get(*key)
                    .copied(),
                Seg::Index(n) => memo
                    .items
                    .entry(node)
                    .or_insert_with(|| Arc::new(self.items(yaml, node)))
                    .get(*n)
                    .copied(),
            };
            let Some(i) = hit else {
                break;
            };
            let is_item = matches!(seg, Seg::Index(_));
            let line = self.line(yaml, i);
            let start = self.lines[i].0;
            let (indent, content) = if is_item {
                let t = line.trim_start();
                (line.len() - t.len(), t)
            } else {
                key_indent(line)
            };
            let content_start = start + line.len() - content.len();
            found = if is_item {
                content_start..start + line.len()
            } else {
                value_span(line, start).unwrap_or(content_start..start + line.len())
            };
            let end = *memo
                .ends
                .entry((i, hi, is_item))
                .or_insert_with(|| self.block_end(yaml, i, hi, indent, is_item));
            // The keys of a list item start on the item's own line.
            lo = if is_item { i } else { i + 1 };
            hi = end;
            parent_indent = indent as isize;
        }
        found
    }

    /// The keys of a node: each key line deeper than the parent, the first of each name.
    fn keys(&self, yaml: &str, (lo, hi, parent_indent): Node) -> HashMap<String, usize> {
        let mut keys = HashMap::new();
        for i in lo..hi {
            let (indent, content) = key_indent(self.line(yaml, i));
            if indent as isize <= parent_indent {
                continue;
            }
            let key = match content.as_bytes().first() {
                Some(b'"') => content[1..].split_once("\":").map(|(k, _)| k),
                Some(b'\'') => content[1..].split_once("':").map(|(k, _)| k),
                _ => content.split_once(':').map(|(k, _)| k),
            };
            if let Some(key) = key {
                keys.entry(key.to_string()).or_insert(i);
            }
        }
        keys
    }

    /// The list items of a node: lines `- …` at least as deep as the parent.
    fn items(&self, yaml: &str, (lo, hi, parent_indent): Node) -> Vec<usize> {
        (lo..hi)
            .filter(|&i| {
                let line = self.line(yaml, i);
                let trimmed = line.trim_start();
                let indent = (line.len() - trimmed.len()) as isize;
                (trimmed.starts_with("- ") || trimmed == "-") && indent >= parent_indent.max(0)
            })
            .collect()
    }

    /// A node's block runs until the next line at the same or a smaller indent.
    fn block_end(&self, yaml: &str, i: usize, hi: usize, indent: usize, is_item: bool) -> usize {
        (i + 1..hi)
            .find(|&j| {
                let l = self.line(yaml, j);
                let t = l.trim_start();
                let own = if is_item {
                    l.len() - t.len()
                } else {
                    key_indent(l).0
                };
                !t.is_empty() && !t.starts_with('#') && own <= indent
            })
            .unwrap_or(hi)
    }

    /// The line holding the byte `offset`.
    fn line_of(&self, offset: usize) -> Option<usize> {
        match self
            .lines
            .binary_search_by(|&(start, _)| start.cmp(&offset))
        {
            Ok(i) => Some(i),
            Err(0) => None,
            Err(i) => Some(i - 1),
        }
    }
}

/// Indent of a key, counting a leading `- ` as indentation.
fn key_indent(line: &str) -> (usize, &str) {
    let mut rest = line;
    let mut indent = 0;
    loop {
        let t = rest.trim_start_matches(' ');
        indent += rest.len() - t.len();
        if let Some(after) = t.strip_prefix("- ") {
            indent += 2;
            rest = after;
        } else {
            return (indent, t);
        }
    }
}

/// The span of the value after `key:` on the line, if there is one.
fn value_span(line: &str, start: usize) -> Option<Range<usize>> {
    let colon = line.find(':')?;
    let after = &line[colon + 1..];
    let value = after.trim_start();
    let value = match value.find(" #") {
        Some(i) => &value[..i],
        None => value,
    }
    .trim_end();
    if value.is_empty() {
        return None;
    }
    let vstart = start + colon + 1 + (after.len() - after.trim_start().len());
    Some(vstart..vstart + value.len())
}

/// A YAML block inside a file, to turn key paths into diagnostic locations.
#[derive(Debug, Clone)]
pub(crate) struct YamlPlace {
    /// The file holding the block.
    pub(crate) file: Arc<SourceFile>,
    /// The block's byte range in the file.
    pub(crate) yaml: Range<usize>,
    /// Made when a place is first asked for, and shared by the clones.
    locator: Arc<OnceLock<Locator>>,
}

impl YamlPlace {
    pub(crate) fn new(file: Arc<SourceFile>, yaml: Range<usize>) -> YamlPlace {
        YamlPlace {
            file,
            yaml,
            locator: Arc::default(),
        }
    }

    fn text(&self) -> &str {
        &self.file.text[self.yaml.clone()]
    }

    fn find(&self, path: &[Seg<'_>]) -> Range<usize> {
        let yaml = self.text();
        self.locator
            .get_or_init(|| Locator::new(yaml))
            .locate(yaml, path)
    }

    /// The location of the value at `path` (or the nearest part of it that exists).
    pub(crate) fn at(&self, path: &[Seg<'_>]) -> Location {
        let r = self.find(path);
        Location::in_file(
            &self.file,
            self.yaml.start + r.start..self.yaml.start + r.end,
        )
    }

    /// The location of `needle` inside the value at `path` (for items of flow lists).
    pub(crate) fn at_text(&self, path: &[Seg<'_>], needle: &str) -> Location {
        let r = self.find(path);
        let yaml = self.text();
        let locator = self.locator.get_or_init(|| Locator::new(yaml));
        let (line_start, line_end) = locator
            .line_of(r.start)
            .map_or((0, yaml.len()), |i| locator.lines[i]);
        let found = yaml[line_start..line_end.max(line_start)]
            .find(needle)
            .map(|i| line_start + i..line_start + i + needle.len())
            .unwrap_or(r);
        Location::in_file(
            &self.file,
            self.yaml.start + found.start..self.yaml.start + found.end,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locate_finds_nested_keys_and_list_items() {
        let yaml = "title: T\nglossary:\n  thaad:\n    name: THAAD\n  yoon:\n    name: Yoon\nquotes:\n  - text: a b\n    speaker: yoon\n  - text: c d\n    speaker: moon\n";
        let r = locate(
            yaml,
            &[Seg::Key("glossary"), Seg::Key("yoon"), Seg::Key("name")],
        );
        assert_eq!(&yaml[r], "Yoon");
        let r = locate(
            yaml,
            &[Seg::Key("quotes"), Seg::Index(1), Seg::Key("speaker")],
        );
        assert_eq!(&yaml[r], "moon");
        let r = locate(yaml, &[Seg::Key("quotes"), Seg::Index(0), Seg::Key("text")]);
        assert_eq!(&yaml[r], "a b");
    }
}
