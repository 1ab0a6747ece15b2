//! `unbalanced-quotes`: a quotation mark with no partner in its paragraph. A quotation
//! that does not close cannot be attributed, and a stray mark is usually what is left of
//! one cut in editing. Quotations do not run across paragraphs in an explainer; code and
//! raw HTML are not prose. The annotator finds them as it pairs the marks.

use super::{Story, Warnings};
use crate::body::annotate::Findings;

/// Flags each quotation mark the annotator found no partner for.
pub(super) fn check(story: &Story<'_, '_>, findings: &Findings, warn: &mut Warnings<'_>) {
    for range in &findings.unbalanced {
        warn.push(
            story.in_body(range),
            "this quotation mark has no partner in its paragraph",
            "close the quotation, or remove the stray mark",
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::check::lint::examples::{Example, run_examples};

    /// Prose the rule must flag (the marks it flags, in order) and prose it must not.
    const EXAMPLES: &[Example] = &[
        Example::flags("He said “we will stay.", &["“"]),
        Example::flags("He said we will stay.” Then he left.", &["”"]),
        Example::flags("“Across\n\nparagraphs.”", &["“", "”"]),
        Example::flags("“One “two” three.", &["“"]),
        Example::passes("“One.” “Two.” \"Three.\""),
        Example::passes("He said \"yes\" and \"no\" (\"maybe\")."),
        Example::passes("Code is not prose: `“`."),
        Example::passes("```\n“\n```"),
    ];

    #[test]
    fn examples() {
        run_examples("unbalanced-quotes", EXAMPLES);
    }
}
