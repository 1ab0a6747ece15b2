//! The copy desk's rules on an article's lead image (`image:` in its front matter), which
//! no body holds: `missing-alt` and `large-image`, at the front matter's key.

use super::{CopyDesk, large_image};
use crate::article::Article;
use crate::diagnostic::Diagnostic;
use crate::front::Seg;

/// The warnings on an article's lead image, of `bytes` when it is a local file.
pub(crate) fn warnings(a: &Article, bytes: Option<u64>, desk: &CopyDesk<'_>) -> Vec<Diagnostic> {
    let Some(image) = &a.image else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if image.alt.trim().is_empty() {
        let at = a.place.at(&[Seg::Key("image")]);
        out.push(
            Diagnostic::warning("missing-alt", at, "the lead image has no alt text")
                .with_help("say what it shows: `alt: A map of Seongju county`"),
        );
    }
    let limit = desk.large_image;
    if let Some(bytes) = bytes.filter(|&b| limit > 0 && b > limit) {
        let at = a.place.at(&[Seg::Key("image"), Seg::Key("src")]);
        out.push(
            Diagnostic::warning("large-image", at, large_image::too_large(bytes, limit))
                .with_help(large_image::HELP),
        );
    }
    out
}
