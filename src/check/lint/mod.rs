//! The copy desk: what `explainer check` flags beyond hard errors. Every finding is a
//! warning (`--strict` makes it an error) at `path:line:column`, with a suggestion.
//!
//! Each rule is a module of its own, saying what it flags and why, with examples that
//! its tests run; [`RULES`] names them, and the driver here runs them: the prose rules on
//! each stretch of an article's prose, the quotation rules on what the annotator found in
//! the article, the site rules once on every article.

mod desk;
mod glued_words;
mod large_image;
pub(crate) mod lead_image;
mod lowercase_sentence;
mod missing_alt;
mod near_miss;
mod prose;
mod unattributed_quote;
mod unbalanced_quotes;
mod unused_entry;

#[cfg(test)]
mod examples;

use std::ops::Range;

pub(crate) use desk::CopyDesk;
use prose::{Prose, Word, prose, words};

use crate::body::Rendered;
use crate::body::annotate::Findings;
use crate::diagnostic::{Diagnostic, Location};
use crate::glossary::Glossary;
use crate::source::SourceFile;

/// A rule of the copy desk.
struct Rule {
    /// The code of its warnings.
    code: &'static str,
    /// What it flags, in a line (as the README's table of codes has it).
    #[cfg_attr(
        not(test),
        expect(dead_code, reason = "the README's table is held to it")
    )]
    flags: &'static str,
    check: Check,
}

impl Rule {
    /// Where this rule's warnings go.
    fn warnings<'o>(&self, out: &'o mut Vec<Diagnostic>) -> Warnings<'o> {
        Warnings {
            code: self.code,
            out,
        }
    }
}

/// What a rule reads, which says when the driver runs it.
#[derive(Clone, Copy)]
enum Check {
    /// A stretch of an article's prose and its words.
    Prose(fn(&mut Story<'_, '_>, &Prose, &[Word<'_>], &mut Warnings<'_>)),
    /// What the annotator found in an article's body.
    Findings(fn(&Story<'_, '_>, &Findings, &mut Warnings<'_>)),
    /// What every article of the site mentions, and the entries its bylines name.
    Site(fn(&[Rendered], &[usize], &Glossary, &mut Warnings<'_>)),
}

/// The rules, in the order an article's warnings come: the prose rules' stretch by
/// stretch, then the quotation rules'.
const RULES: &[Rule] = &[
    Rule {
        code: "glued-words",
        flags: "a lower-case letter directly followed by a capital (`ChinaAt`), except glossary forms and names written that way (`iPhone`, `McDonald`, `YouTube`, …)",
        check: Check::Prose(glued_words::check),
    },
    Rule {
        code: "lowercase-sentence",
        flags: "a paragraph, or a sentence after `.`, `!` or `?`, that begins in lower case (not after abbreviations such as `U.S.` or `p.m.`, nor in table cells and list items)",
        check: Check::Prose(lowercase_sentence::check),
    },
    Rule {
        code: "near-miss",
        flags: "a near-miss spelling of a glossary name or alias (`THADD`) or of the article's byline (`Aldogra Fredry`)",
        check: Check::Prose(near_miss::check),
    },
    Rule {
        code: "unattributed-quote",
        flags: "a quotation (“…” or \"…\") of four or more words that no `quotes` item attributes",
        check: Check::Findings(unattributed_quote::check),
    },
    Rule {
        code: "unbalanced-quotes",
        flags: "a quotation mark with no partner in its paragraph",
        check: Check::Findings(unbalanced_quotes::check),
    },
    Rule {
        code: "unused-entry",
        flags: "a glossary entry that no article mentions or names as its author",
        check: Check::Site(unused_entry::check),
    },
    Rule {
        code: "missing-alt",
        flags: "an image with no alt text (in a body, or an `image:` without `alt`)",
        check: Check::Findings(missing_alt::check),
    },
    Rule {
        code: "large-image",
        flags: "a local image over site.yaml's `large_image_kb` (default 500 KB; 0 turns it off), in a body or as `image:`",
        check: Check::Findings(large_image::check),
    },
];

/// An article on the desk: what its rules read.
struct Story<'a, 'g> {
    desk: &'a CopyDesk<'g>,
    /// The whole file, its body at `body_offset`.
    file: &'a SourceFile,
    body_offset: usize,
    /// The article's byline, as [`CopyDesk::byline`] gives it.
    byline: Vec<u32>,
    /// The near-miss candidates of a stretch of prose: one buffer for the article.
    candidates: Vec<(usize, u32, usize)>,
}

impl Story<'_, '_> {
    /// The place of a span of the file.
    fn at(&self, span: Range<usize>) -> Location {
        Location::in_file(self.file, span)
    }

    /// The place of a span of the body.
    fn in_body(&self, range: &Range<usize>) -> Location {
        let offset = self.body_offset;
        Location::in_file(self.file, offset + range.start..offset + range.end)
    }
}

/// Where a rule's warnings go, under its code.
struct Warnings<'o> {
    code: &'static str,
    out: &'o mut Vec<Diagnostic>,
}

impl Warnings<'_> {
    fn push(&mut self, at: Location, message: impl Into<String>, help: impl Into<String>) {
        self.out
            .push(Diagnostic::warning(self.code, at, message).with_help(help));
    }
}

/// The copy desk's warnings on an article's body: its prose, and its quotations (from
/// what the annotator found in `r`). `file` is the whole file, the body at `body_offset`;
/// `authors` is the byline.
pub(crate) fn article_warnings(
    file: &SourceFile,
    body_offset: usize,
    authors: &[String],
    r: &Rendered,
    desk: &CopyDesk<'_>,
) -> Vec<Diagnostic> {
    let mut story = Story {
        desk,
        file,
        body_offset,
        byline: desk.byline(authors),
        candidates: Vec::new(),
    };
    lint_article(RULES, &mut story, &r.findings)
}

/// Runs the article rules of `rules` on one article.
fn lint_article(rules: &[Rule], story: &mut Story<'_, '_>, findings: &Findings) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for p in prose(story.file, story.body_offset) {
        let ws = words(&p.text);
        for rule in rules {
            if let Check::Prose(check) = rule.check {
                check(story, &p, &ws, &mut rule.warnings(&mut out));
            }
        }
    }
    for rule in rules {
        if let Check::Findings(check) = rule.check {
            check(story, findings, &mut rule.warnings(&mut out));
        }
    }
    out
}

/// The copy desk's warnings on the whole site (the entries no article mentions), from
/// every article's findings and the entries the bylines name.
pub(crate) fn unused_entries(
    rendered: &[Rendered],
    authors: &[usize],
    glossary: &Glossary,
    diags: &mut Vec<Diagnostic>,
) {
    for rule in RULES {
        if let Check::Site(check) = rule.check {
            check(rendered, authors, glossary, &mut rule.warnings(diags));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_readme_describes_every_rule_as_the_table_does() {
        let readme = include_str!("../../../README.md");
        for rule in RULES {
            let row = format!("| `{}` | {} |", rule.code, rule.flags);
            assert!(readme.contains(&row), "README.md has no row {row}");
        }
    }

    #[test]
    fn each_rule_has_a_code_of_its_own() {
        let mut codes: Vec<&str> = RULES.iter().map(|r| r.code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), RULES.len());
    }
}
