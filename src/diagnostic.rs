//! Problems in the author's files: where they are, what is wrong, and how to fix it.
//!
//! A [`Diagnostic`] resolves its position when it is made, so it can be sorted,
//! rendered (the rustc layout, through annotate-snippets) or serialised without the file.

use std::ops::Range;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde::Serialize;

use crate::source::{SourceFile, clamp_to_char};

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The build fails.
    Error,
    /// The build goes on; `--strict` makes it fail.
    Warning,
    /// Something worth knowing that is no problem (a scheduled article); `--strict`
    /// lets it pass.
    Note,
}

/// A place in a file, resolved to what a person reads: line, column and the line itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    /// The file, relative to the site root where possible.
    pub path: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// The text of the line; of a long line, only the part around the caret, its cut
    /// ends marked `…`.
    #[serde(skip)]
    pub line_text: String,
    /// The byte range within `line_text` to underline.
    #[serde(skip)]
    pub caret: Range<usize>,
    /// What this place has to do with the problem (empty for the main place).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub label: String,
}

impl Location {
    /// Resolves a byte range of a file. A range that crosses lines is cut at the first line's end.
    pub(crate) fn in_file(file: &SourceFile, span: Range<usize>) -> Self {
        let start = clamp_to_char(&file.text, span.start);
        let end = clamp_to_char(&file.text, span.end.max(start));
        let (line, column) = file.line_col(start);
        let line_range = file.line_range(start);
        let end = end.min(line_range.end).max(start);
        // A long line (a pasted or generated paragraph) is cut to the part around the
        // caret: copying the whole line into each of its diagnostics would cost its
        // length times their number.
        let (from, end, to) = if line_range.len() <= LONG_LINE {
            (line_range.start, end, line_range.end)
        } else {
            let text = &file.text;
            let from = clamp_to_char(text, start.saturating_sub(CONTEXT)).max(line_range.start);
            let end = clamp_to_char(text, end.min(start + CONTEXT)).max(start);
            let to = clamp_to_char(text, (end + CONTEXT).min(line_range.end));
            (from, end, to)
        };
        let mut line_text = String::with_capacity(to - from + 6);
        if from > line_range.start {
            line_text.push('…');
        }
        let caret_start = line_text.len() + start - from;
        let caret_end = caret_start + end - start;
        line_text.push_str(&file.text[from..to]);
        if to < line_range.end {
            line_text.push('…');
        }
        Location {
            path: display_path(file),
            line,
            column,
            line_text,
            caret: caret_start..caret_end,
            label: String::new(),
        }
    }

    /// A whole file with no line to show (unreadable files, walk errors).
    pub(crate) fn whole_file(path: impl Into<String>) -> Self {
        Location {
            path: path.into(),
            line: 1,
            column: 1,
            line_text: String::new(),
            caret: 0..0,
            label: String::new(),
        }
    }

    /// The same place with a label.
    pub(crate) fn labelled(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }
}

/// Lines up to this many bytes are shown whole.
const LONG_LINE: usize = 400;
/// Of a longer line, this many bytes either side of the caret are shown.
const CONTEXT: usize = 100;

fn display_path(file: &SourceFile) -> String {
    file.path.to_string_lossy().replace('\\', "/")
}

/// One problem in the content, with its place and a way to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// A short stable name for the kind of problem (`unknown-key`, `quote-not-found`).
    pub code: &'static str,
    /// What is wrong.
    pub message: String,
    /// Where it is.
    #[serde(flatten)]
    pub location: Location,
    /// Other places that take part (the first definition of a duplicate).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Location>,
    /// How to fix it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error at a place.
    pub(crate) fn error(
        code: &'static str,
        location: Location,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            location,
            related: Vec::new(),
            help: None,
        }
    }

    /// A warning at a place.
    pub(crate) fn warning(
        code: &'static str,
        location: Location,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, location, message)
        }
    }

    /// A note at a place: no problem, but worth knowing.
    pub(crate) fn note(code: &'static str, location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Note,
            ..Diagnostic::error(code, location, message)
        }
    }

    /// True for warnings (what `--strict` fails on).
    pub fn is_warning(&self) -> bool {
        self.severity == Severity::Warning
    }

    /// Adds a way to fix it.
    pub(crate) fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a `help` only when there is one.
    pub(crate) fn with_help_opt(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    /// Adds another place that takes part.
    pub(crate) fn with_related(mut self, location: Location) -> Self {
        self.related.push(location);
        self
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Renders in the rustc layout: `error[code]: message`, then ` --> path:line:col`,
    /// the line and a caret, and the help.
    pub fn render(&self, color: bool) -> String {
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
            Severity::Note => Level::NOTE,
        };
        let mut group = level
            .primary_title(&self.message)
            .id(self.code)
            .element(snippet(&self.location, AnnotationKind::Primary));
        for related in &self.related {
            group = group.element(snippet(related, AnnotationKind::Context));
        }
        if let Some(help) = &self.help {
            group = group.element(Level::HELP.message(help));
        }
        let report: [Group<'_>; 1] = [group];
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        let mut out = renderer.render(&report).to_string();
        // The renderer counts columns within the text it is shown, which of a long line
        // is only the part around the caret: put the real column back.
        for location in std::iter::once(&self.location).chain(&self.related) {
            let shown = location.line_text[..location.caret.start].chars().count() + 1;
            if shown != location.column && !location.line_text.is_empty() {
                let (path, line) = (&location.path, location.line);
                out = out.replacen(
                    &format!("{path}:{line}:{shown}"),
                    &format!("{path}:{line}:{}", location.column),
                    1,
                );
            }
        }
        out
    }
}

fn snippet(
    location: &Location,
    kind: AnnotationKind,
) -> Snippet<'_, annotate_snippets::Annotation<'_>> {
    let mut caret = location.caret.clone();
    if caret.is_empty() && !location.line_text.is_empty() {
        let next = location.line_text[caret.start..]
            .chars()
            .next()
            .map_or(0, char::len_utf8);
        caret.end = caret.start + next;
    }
    Snippet::source(location.line_text.as_str())
        .line_start(location.line)
        .path(location.path.as_str())
        .annotation(kind.span(caret).label(location.label.as_str()))
}

/// Sorts diagnostics by file, line and column, so the output is the same on every run.
pub(crate) fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (
            &a.location.path,
            a.location.line,
            a.location.column,
            &a.message,
        )
            .cmp(&(
                &b.location.path,
                b.location.line,
                b.location.column,
                &b.message,
            ))
    });
}

/// The closest of `candidates` to `wrong`, if any is close enough to be a likely typo:
/// similar by Jaro-Winkler, or one edit or swap of two letters away (`vai` for `via`,
/// which is short enough for Jaro-Winkler to count a swap as far).
pub(crate) fn did_you_mean<'a>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(wrong, c), c))
        .filter(|(score, c)| *score > 0.8 || (c.len() > 2 && strsim::osa_distance(wrong, c) == 1))
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// `did you mean `x`?` or nothing.
pub(crate) fn suggestion<'a>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    did_you_mean(wrong, candidates).map(|c| format!("did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_nearest_key() {
        assert_eq!(
            did_you_mean("sumary", ["summary", "source", "slug"]),
            Some("summary")
        );
        assert_eq!(did_you_mean("zzz", ["summary", "title"]), None);
        // Two letters swapped in a short key.
        assert_eq!(did_you_mean("vai", ["text", "speaker", "via"]), Some("via"));
        assert_eq!(did_you_mean("ab", ["ba", "title"]), None);
    }

    #[test]
    fn renders_path_line_column_and_caret() {
        let file = SourceFile::new("content/a.md", "---\ntitle: x\nsumary: y\n---\n".into());
        let at = file.text.find("sumary").unwrap();
        let d = Diagnostic::error(
            "unknown-key",
            Location::in_file(&file, at..at + 6),
            "unknown key `sumary`",
        )
        .with_help("did you mean `summary`?");
        let out = d.render(false);
        assert!(out.contains("content/a.md:3:1"), "{out}");
        assert!(out.contains("sumary: y"), "{out}");
        assert!(out.contains("^^^^^^"), "{out}");
        assert!(out.contains("help: did you mean `summary`?"), "{out}");
    }

    #[test]
    fn a_long_line_is_cut_around_the_caret_and_keeps_its_column() {
        let line = format!("{}“{}", "é".repeat(5000), "x".repeat(5000));
        let file = SourceFile::new("content/a.md", format!("---\ntitle: x\n---\n{line}\n"));
        let at = file.text.find('“').unwrap();
        let loc = Location::in_file(&file, at..at + '“'.len_utf8());
        assert_eq!((loc.line, loc.column), (4, 5001));
        assert!(loc.line_text.len() < 300, "{}", loc.line_text.len());
        assert!(loc.line_text.starts_with('…') && loc.line_text.ends_with('…'));
        assert_eq!(&loc.line_text[loc.caret.clone()], "“");
        let out = Diagnostic::warning("unbalanced-quotes", loc, "no partner").render(false);
        assert!(out.contains("content/a.md:4:5001"), "{out}");
        assert!(out.contains("^"), "{out}");
        // A place later on the same line is counted on from the one before.
        let later = file.text.rfind('x').unwrap();
        assert_eq!(file.line_col(later), (4, 10001));
        assert_eq!(file.line_col(at), (4, 5001), "and an earlier one again");
    }
}
