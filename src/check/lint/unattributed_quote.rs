//! `unattributed-quote`: a quotation (“…” or "…") of four or more words that no `quotes`
//! item attributes. A reader of an explainer is told who said each quotation; a long one
//! with no speaker is one the author forgot to attribute (shorter ones are mostly scare
//! quotes and names of policies: the “three no” policy). The annotator finds them as it
//! attributes the quotations; a quotation that holds the quote of an attributed
//! blockquote of its block is that quote again.

use super::{Story, Warnings};
use crate::body::annotate::Findings;

/// Flags each quotation the annotator found no speaker for.
pub(super) fn check(story: &Story<'_, '_>, findings: &Findings, warn: &mut Warnings<'_>) {
    for range in &findings.unattributed {
        warn.push(
            story.in_body(range),
            "this quotation is not attributed to anyone",
            "add it under `quotes:` with a piece of its text and its `speaker`",
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::check::lint::examples::{Example, run_examples};

    /// Prose the rule must flag (the quotations it flags, in order) and prose it must not.
    /// The article attributes one quote, “security sovereignty”.
    const EXAMPLES: &[Example] = &[
        // The caret ends on the closing mark's first byte, so before a curly one.
        Example::flags(
            "He said “we will not move the battery” and left.",
            &["“we will not move the battery"],
        ),
        Example::flags(
            "He said \"we will not move it\" today.",
            &["\"we will not move it\""],
        ),
        Example::passes("He said “it is an issue of security sovereignty” and left."),
        Example::passes("> “It is an issue of security sovereignty,” he said."),
        Example::passes("The “three no” policy."),
        Example::passes("Code is not prose: `“we will not move the battery”`."),
    ];

    #[test]
    fn examples() {
        run_examples("unattributed-quote", EXAMPLES);
    }
}
