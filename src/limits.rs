//! Hard limits, set where no real article goes, so that every stage's time and memory
//! stay bounded on any input (a scraper's output, a bad paste, a fuzzer): a file over
//! 10 MB, a front matter over 1 MB, a paragraph over 1 MB, blockquotes or lists nested
//! over 100 deep. Each is a diagnostic at its place, never an abort.

use std::ops::Range;

use crate::diagnostic::{Diagnostic, Location};
use crate::source::SourceFile;

/// The largest file read: an article, site.yaml or glossary.yaml.
pub(crate) const MAX_FILE: u64 = 10 << 20;
/// The largest front matter.
pub(crate) const MAX_FRONT_MATTER: usize = 1 << 20;
/// The largest paragraph: a run of lines with no blank line between.
pub(crate) const MAX_PARAGRAPH: usize = 1 << 20;
/// The deepest nesting of blockquotes and lists on a line.
pub(crate) const MAX_NESTING: usize = 100;

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / f64::from(1 << 20))
}

/// A file over [`MAX_FILE`].
pub(crate) fn file_too_large(shown: &str, len: u64) -> Diagnostic {
    Diagnostic::error(
        "too-large",
        Location::whole_file(shown),
        format!(
            "this file is {}; explainer reads files of up to {}",
            megabytes(len),
            megabytes(MAX_FILE)
        ),
    )
    .with_help("split it into several files; if it came from a scraper or an export, check that it is the file you meant to put here")
}

/// A front matter over [`MAX_FRONT_MATTER`] (`yaml` is its range in the file).
pub(crate) fn front_matter(file: &SourceFile, yaml: &Range<usize>) -> Option<Diagnostic> {
    (yaml.len() > MAX_FRONT_MATTER).then(|| {
        Diagnostic::error(
            "too-large",
            Location::in_file(file, yaml.start..yaml.start),
            format!(
                "this front matter is {}; explainer reads front matter of up to {}",
                megabytes(yaml.len() as u64),
                megabytes(MAX_FRONT_MATTER as u64)
            ),
        )
        .with_help("move long text into the article's body, and shared glossary entries into content/glossary.yaml")
    })
}

/// The paragraphs over [`MAX_PARAGRAPH`] and the lines nested over [`MAX_NESTING`] in the
/// body that starts at `body_offset`: one diagnostic for each paragraph at fault.
pub(crate) fn body(file: &SourceFile, body_offset: usize) -> Vec<Diagnostic> {
    let text = &file.text;
    let mut found = Vec::new();
    let mut paragraph: Option<usize> = None;
    let mut deep_in_paragraph = false;
    let mut fence: Option<(u8, usize)> = None;
    let mut pos = body_offset;
    let close_paragraph = |start: Option<usize>, end: usize, found: &mut Vec<Diagnostic>| {
        if let Some(start) = start
            && end - start > MAX_PARAGRAPH
        {
            found.push(
                Diagnostic::error(
                    "too-large",
                    Location::in_file(file, start..start),
                    format!(
                        "this paragraph is {}; explainer reads paragraphs of up to {}",
                        megabytes((end - start) as u64),
                        megabytes(MAX_PARAGRAPH as u64)
                    ),
                )
                .with_help("break it up with blank lines; a paragraph this long is most likely a paste or an export gone wrong"),
            );
        }
    };
    while pos < text.len() {
        let end = memchr::memchr(b'\n', &text.as_bytes()[pos..]).map_or(text.len(), |i| pos + i);
        let line = &text[pos..end];
        let blank = line.trim().is_empty();
        if blank {
            close_paragraph(paragraph.take(), pos, &mut found);
            deep_in_paragraph = false;
        } else {
            paragraph.get_or_insert(pos);
        }
        // Inside a fenced code block, `>` and `-` are code.
        if let Some((mark, len)) = fence {
            if fence_of(line).is_some_and(|(m, l)| m == mark && l >= len) {
                fence = None;
            }
        } else if let Some(f) = fence_of(line) {
            fence = Some(f);
        } else if !blank && !deep_in_paragraph {
            let depth = nesting(line);
            if depth > MAX_NESTING {
                deep_in_paragraph = true;
                found.push(
                    Diagnostic::error(
                        "too-deep",
                        Location::in_file(file, pos..pos + 1),
                        format!(
                            "this line nests {depth} blockquotes or lists; explainer reads up to {MAX_NESTING} levels"
                        ),
                    )
                    .with_help("remove the extra `>` or list markers at the start of the line"),
                );
            }
        }
        pos = end + 1;
    }
    close_paragraph(paragraph, text.len(), &mut found);
    found
}

/// The fence character and length when the line opens or closes a fenced code block.
fn fence_of(line: &str) -> Option<(u8, usize)> {
    let trimmed = line.trim_start_matches(' ');
    if line.len() - trimmed.len() > 3 {
        return None;
    }
    let mark = *trimmed.as_bytes().first()?;
    if mark != b'`' && mark != b'~' {
        return None;
    }
    let len = trimmed.bytes().take_while(|&b| b == mark).count();
    (len >= 3).then_some((mark, len))
}

/// How many blockquote (`>`) and list markers (`-`, `*`, `+`, `1.`, `1)`) open the line.
/// A thematic break (`* * *`) is none.
fn nesting(line: &str) -> usize {
    let b = line.as_bytes();
    let first = b.iter().copied().find(|c| !matches!(c, b' ' | b'\t'));
    if let Some(c @ (b'-' | b'*' | b'_')) = first
        && b.iter().all(|&x| x == c || x == b' ' || x == b'\t')
    {
        return 0;
    }
    let mut depth = 0;
    let mut i = 0;
    loop {
        while i < b.len() && matches!(b[i], b' ' | b'\t') {
            i += 1;
        }
        match b.get(i) {
            Some(b'>') => i += 1,
            Some(b'-' | b'*' | b'+') if matches!(b.get(i + 1), Some(b' ' | b'\t')) => i += 2,
            Some(b'0'..=b'9') => {
                let digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
                let after = i + digits;
                if digits <= 9
                    && matches!(b.get(after), Some(b'.' | b')'))
                    && matches!(b.get(after + 1), Some(b' ' | b'\t'))
                {
                    i = after + 2;
                } else {
                    return depth;
                }
            }
            _ => return depth,
        }
        depth += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body_of(text: &str) -> Vec<Diagnostic> {
        let file = SourceFile::new("content/a.md", format!("---\ntitle: x\n---\n{text}"));
        let at = file.text.find("---\n").unwrap() + 4;
        let at = at + file.text[at..].find("---\n").unwrap() + 4;
        body(&file, at)
    }

    #[test]
    fn nesting_counts_the_markers_that_open_a_line() {
        assert_eq!(nesting("plain text"), 0);
        assert_eq!(nesting("> quoted"), 1);
        assert_eq!(nesting(">>> deep"), 3);
        assert_eq!(nesting("> - > 1. item"), 4);
        assert_eq!(nesting("  - 12) item"), 2);
        assert_eq!(nesting("* * * * *"), 0, "a thematic break");
        assert_eq!(nesting("-not a list"), 0);
        assert_eq!(nesting("1234567890. not a list"), 0);
    }

    #[test]
    fn a_line_nested_too_deep_is_an_error_at_its_start() {
        assert!(body_of(&format!("{} x\n", ">".repeat(MAX_NESTING))).is_empty());
        let deep = body_of(&format!(
            "Intro.\n\n{} x\n{} y\n",
            ">".repeat(101),
            ">".repeat(101)
        ));
        assert_eq!(deep.len(), 1, "one for the paragraph: {deep:?}");
        assert_eq!(deep[0].code, "too-deep");
        assert_eq!((deep[0].location.line, deep[0].location.column), (6, 1));
        let lists = body_of(&format!("{}x\n", "- ".repeat(150)));
        assert_eq!(lists[0].code, "too-deep");
        // In a fenced code block it is code.
        assert!(body_of(&format!("```\n{}\n```\n", ">".repeat(500))).is_empty());
        assert!(!body_of(&format!("```\n```\n{}\n", ">".repeat(500))).is_empty());
    }

    #[test]
    fn a_paragraph_over_the_limit_is_an_error_at_its_start() {
        let long = "word ".repeat(MAX_PARAGRAPH / 5 + 1);
        let found = body_of(&format!("Short.\n\n{long}\n\nShort again.\n\n{long}\n"));
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found.iter().all(|d| d.code == "too-large"));
        assert_eq!(found[0].location.line, 6);
        assert!(found[0].message.contains("1.0 MB"), "{}", found[0].message);
        // Many paragraphs that add up to more are fine.
        let many = "word ".repeat(1000) + "\n\n";
        assert!(body_of(&many.repeat(300)).is_empty());
    }
}
