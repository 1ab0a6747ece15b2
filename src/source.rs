//! Source files and the one place that turns byte offsets into lines and columns.

use std::path::PathBuf;
use std::sync::Mutex;

/// A file an author wrote, as read from disk.
#[derive(Debug)]
pub(crate) struct SourceFile {
    /// The path as shown in diagnostics (relative to the site root where possible).
    pub(crate) path: PathBuf,
    /// The whole text of the file.
    pub(crate) text: String,
    /// Made on first use: most files never need a line number.
    lines: std::sync::OnceLock<LineIndex>,
    /// The last position asked for (offset, column): the next one on the same line is
    /// counted from there, so many places on one long line cost its length once.
    last: Mutex<(usize, usize)>,
}

impl Clone for SourceFile {
    fn clone(&self) -> Self {
        SourceFile::new(self.path.clone(), self.text.clone())
    }
}

impl SourceFile {
    /// Wraps a file's text; its lines are indexed when a position is first asked for.
    pub(crate) fn new(path: impl Into<PathBuf>, text: String) -> Self {
        SourceFile {
            path: path.into(),
            text,
            lines: std::sync::OnceLock::new(),
            last: Mutex::new((0, 1)),
        }
    }

    fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(&self.text))
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub(crate) fn line_col(&self, offset: usize) -> (usize, usize) {
        let lines = self.lines();
        let offset = clamp_to_char(&self.text, offset);
        let line = lines.line_of(offset);
        let start = lines.starts[line];
        let Ok(mut last) = self.last.try_lock() else {
            return lines.line_col(&self.text, offset);
        };
        let (from, col) = match *last {
            (at, col) if at >= start && at <= offset => (at, col),
            _ => (start, 1),
        };
        let col = col + self.text[from..offset].chars().count();
        *last = (offset, col);
        (line + 1, col)
    }

    /// The byte range of the line holding `offset`, without its line ending.
    pub(crate) fn line_range(&self, offset: usize) -> std::ops::Range<usize> {
        self.lines().line_range(&self.text, offset)
    }
}

/// Byte offsets of the start of every line of a text.
#[derive(Debug, Clone, Default)]
pub(crate) struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the line starts of `text` (`\n`, `\r\n` and a lone `\r` end a line).
    pub(crate) fn new(text: &str) -> Self {
        let mut starts = vec![0];
        let bytes = text.as_bytes();
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            if bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n') {
                starts.push(i + 1);
            }
        }
        LineIndex { starts }
    }

    fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// 1-based line and 1-based column counted in characters.
    pub(crate) fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = clamp_to_char(text, offset);
        let line = self.line_of(offset);
        let col = text[self.starts[line]..offset].chars().count() + 1;
        (line + 1, col)
    }

    /// The byte range of the line that holds `offset`, line ending excluded.
    pub(crate) fn line_range(&self, text: &str, offset: usize) -> std::ops::Range<usize> {
        let offset = clamp_to_char(text, offset);
        let line = self.line_of(offset);
        let start = self.starts[line];
        let mut end = self.starts.get(line + 1).copied().unwrap_or(text.len());
        let bytes = text.as_bytes();
        while end > start && matches!(bytes[end - 1], b'\n' | b'\r') {
            end -= 1;
        }
        start..end
    }

    /// The byte offset of a 1-based line and column, clamped into the text.
    pub(crate) fn offset_of(&self, text: &str, line: usize, col: usize) -> usize {
        let Some(&start) = self.starts.get(line.saturating_sub(1)) else {
            return text.len();
        };
        let rest = &text[start..];
        let end = rest.find(['\n', '\r']).unwrap_or(rest.len());
        rest[..end]
            .char_indices()
            .nth(col.saturating_sub(1))
            .map_or(start + end, |(i, _)| start + i)
    }
}

/// The largest char boundary at or before `offset`, within the text.
pub(crate) fn clamp_to_char(text: &str, offset: usize) -> usize {
    let mut o = offset.min(text.len());
    while !text.is_char_boundary(o) {
        o -= 1;
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_line_first_column() {
        let idx = LineIndex::new("abc\ndef");
        assert_eq!(idx.line_col("abc\ndef", 0), (1, 1));
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "윤석열 THAAD\nx";
        let idx = LineIndex::new(text);
        let at = text.find("THAAD").unwrap();
        assert_eq!(idx.line_col(text, at), (1, 5));
    }

    #[test]
    fn crlf_and_lone_cr_end_lines() {
        let text = "a\r\nb\rc\nd";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, text.find('b').unwrap()), (2, 1));
        assert_eq!(idx.line_col(text, text.find('c').unwrap()), (3, 1));
        assert_eq!(idx.line_col(text, text.find('d').unwrap()), (4, 1));
        assert_eq!(idx.line_range(text, 0), 0..1);
    }

    #[test]
    fn offsets_past_the_end_or_inside_a_char_are_clamped() {
        let text = "é\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, 1), (1, 1));
        assert_eq!(idx.line_col(text, 99), (2, 1));
    }

    #[test]
    fn offset_of_inverts_line_col() {
        let text = "one\ntwo three\n";
        let idx = LineIndex::new(text);
        let off = idx.offset_of(text, 2, 5);
        assert_eq!(&text[off..off + 5], "three");
        assert_eq!(idx.line_col(text, off), (2, 5));
    }
}
