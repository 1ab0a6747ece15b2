//! `lowercase-sentence`: a paragraph, or a sentence after `.`, `!` or `?`, that begins in
//! lower case. It is most often a fragment left from editing (a cut that kept the end of
//! a sentence) or a lost capital. Abbreviations (`U.S.`, `p.m.`, `e.g.`) end no sentence,
//! an ellipsis may be followed by lower case, table cells, list items and headings are
//! often fragments, and glossary forms and names that begin in lower case are spared.

use super::desk::CAMEL_NAMES;
use super::prose::{Prose, Word};
use super::{Story, Warnings};

/// Abbreviations after which a lower-case word does not start a sentence.
const ABBREVIATIONS: &[&str] = &[
    "e.g", "i.e", "etc", "vs", "cf", "approx", "a.m", "p.m", "no", "nos", "vol", "pp", "ca", "al",
    "mr", "mrs", "ms", "dr", "st", "gen", "lt", "col", "sgt", "capt", "gov", "sen", "rep", "jan",
    "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
];

/// Flags each sentence of a stretch of prose that begins in lower case.
pub(super) fn check(
    story: &mut Story<'_, '_>,
    p: &Prose,
    ws: &[Word<'_>],
    warn: &mut Warnings<'_>,
) {
    for (i, (r, w)) in ws.iter().enumerate() {
        let first = w.chars().next().unwrap_or(' ');
        if !first.is_lowercase() {
            continue;
        }
        let starts_sentence = if i == 0 && p.paragraph_start {
            p.text[..r.start].trim().is_empty()
        } else {
            let before = p.text[..r.start].trim_end_matches([' ', '\t', '\n', '\r']);
            let gap = &p.text[before.len()..r.start];
            !gap.is_empty()
                && before.ends_with(['.', '!', '?'])
                && !before.ends_with("...")
                && !before.ends_with('…')
                && !is_abbreviation(before)
        };
        if starts_sentence
            && !story.desk.form_starts(&p.text[r.start..])
            && !CAMEL_NAMES.contains(w)
        {
            let mut cap = first.to_uppercase().collect::<String>();
            cap.push_str(&w[first.len_utf8()..]);
            warn.push(
                story.at(p.span(r.clone())),
                format!("this sentence begins in lower case: `{w}`"),
                format!("capitalise it (`{cap}`), or join it to the sentence before; it may be a fragment left from editing"),
            );
        }
    }
}

/// True when the text before a full stop ends in an abbreviation (`U.S.`, `p.m.`, `Dr.`)
/// or an initial.
fn is_abbreviation(before: &str) -> bool {
    let word = before[..before.len() - 1]
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("")
        .to_lowercase();
    word.contains('.') || word.chars().count() == 1 || ABBREVIATIONS.contains(&word.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::lint::examples::{Example, run_examples};

    /// Prose the rule must flag (the words it flags, in order) and prose it must not.
    const EXAMPLES: &[Example] = &[
        Example::flags("the talks began at noon.", &["the"]),
        Example::flags(
            "The talks ended. then they left! and stayed.",
            &["then", "and"],
        ),
        Example::flags("> the quote begins here.", &["the"]),
        Example::passes("They met at 5 p.m. and talked until dawn."),
        Example::passes("The U.S. army left. Dr. smith stayed (cf. the report)."),
        Example::passes("They waited... and waited… and left."),
        Example::passes("- a list item, a fragment\n- another"),
        Example::passes("| a | b |\n|---|---|\n| lower | case |"),
        Example::passes("# a heading in lower case"),
        Example::passes("Sales fell. iPhone sales rose."),
        Example::passes("It ended.\n\n`code` and then prose."),
    ];

    #[test]
    fn examples() {
        run_examples("lowercase-sentence", EXAMPLES);
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        assert!(is_abbreviation("the U.S."));
        assert!(is_abbreviation("see e.g."));
        assert!(!is_abbreviation("nuclear threat."));
    }
}
