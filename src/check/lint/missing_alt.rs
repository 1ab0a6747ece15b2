//! `missing-alt`: an image with no alt text. A reader who cannot see it (a screen reader,
//! an image that fails to load) gets nothing in its place; alt text says what it shows.

use super::{Story, Warnings};
use crate::body::annotate::Findings;

/// Flags each image of the body whose alt text is blank.
pub(super) fn check(story: &Story<'_, '_>, findings: &Findings, warn: &mut Warnings<'_>) {
    for image in findings.images.iter().filter(|i| !i.has_alt) {
        warn.push(
            story.in_body(&image.range),
            "this image has no alt text",
            "say what it shows in the brackets: `![A map of Seongju county](map.png)`",
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::check::lint::examples::{Example, run_examples};

    /// Images the rule must flag (their text, in order) and images it must not.
    const EXAMPLES: &[Example] = &[
        Example::flags("![](https://e.org/a.png)", &["![](https://e.org/a.png)"]),
        Example::flags(
            "See ![ ](https://e.org/a.png).",
            &["![ ](https://e.org/a.png)"],
        ),
        Example::passes("![A map of Seongju](https://e.org/a.png)"),
        Example::passes("Code is not an image: `![](a.png)`."),
    ];

    #[test]
    fn examples() {
        run_examples("missing-alt", EXAMPLES);
    }
}
