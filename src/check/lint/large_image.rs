//! `large-image`: a local image over the size site.yaml's `large_image_kb` sets (500 KB
//! unless it says otherwise). Every reader downloads it with the page, most of them on a
//! phone; a photo saved for the web at the column's width weighs a few hundred KB.

use super::{Story, Warnings};
use crate::body::annotate::Findings;

/// Flags each local image of the body heavier than the desk's limit.
pub(super) fn check(story: &Story<'_, '_>, findings: &Findings, warn: &mut Warnings<'_>) {
    let limit = story.desk.large_image;
    if limit == 0 {
        return;
    }
    for image in &findings.images {
        let Some(bytes) = image.bytes.filter(|&b| b > limit) else {
            continue;
        };
        warn.push(story.in_body(&image.range), too_large(bytes, limit), HELP);
    }
}

/// What the warning says of an image of `bytes` over `limit`.
pub(crate) fn too_large(bytes: u64, limit: u64) -> String {
    format!(
        "this image is {} KB, over the site's limit of {} KB",
        bytes.div_ceil(1000),
        limit / 1000
    )
}

/// How to fix a large image.
pub(crate) const HELP: &str = "save it smaller (JPEG or WebP at about 80% quality, no wider than 2000 px), \
     or raise `large_image_kb` in site.yaml (0 turns this off)";

#[cfg(test)]
mod tests {
    use crate::check::lint::examples::{Example, run_examples};

    /// Images the rule must flag (their text, in order) and images it must not. The
    /// examples' site has `small.svg` (1 KB) and `large.svg` (600 KB); its limit is
    /// 500 KB.
    const EXAMPLES: &[Example] = &[
        Example::flags("![A map](large.svg)", &["![A map](large.svg)"]),
        Example::flags(
            "Before ![a](small.svg) and ![b](large.svg \"Seongju | Photo: Yonhap\").",
            &["![b](large.svg \"Seongju | Photo: Yonhap\")"],
        ),
        Example::passes("![A map](small.svg)"),
        Example::passes("![A remote map](https://e.org/large.svg)"),
        Example::passes("Code is not an image: `![](large.svg)`."),
    ];

    #[test]
    fn examples() {
        run_examples("large-image", EXAMPLES);
    }
}
