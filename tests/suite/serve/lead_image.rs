//! `serve`'s update of an article whose lead image (`image:`) is added, edited or removed:
//! the patched site is byte for byte what a full build gives.

use super::incremental::serve_matches_full;
use crate::images::png;
use crate::*;

#[test]
fn a_lead_image_added_edited_moved_and_removed_is_patched_as_a_full_build_makes_it() {
    let site = Site::new()
        .file("content/site.yaml", "base_url: https://example.org/\n")
        .file("content/a/index.md", &format!("{}Seongju.", fm("")))
        .article("b", "", "Another story.");
    site.write("content/a/map.png", &png(4, 3));
    site.write("content/a/other.png", &png(8, 5));
    site.write("static/images/wide.png", &png(16, 9));
    let image_lines = [
        "image: { src: map.png, alt: Map }\n",
        "image:\n  src: map.png\n  alt: Map of Seongju\n  caption: The site\n",
        "image: { src: other.png, alt: Map, credit: \"Photo: Yonhap\" }\n",
        "image: { src: ../images/wide.png, alt: Wide }\n",
        "",
    ];
    for image in image_lines {
        let text = format!("{}Seongju.", fm(image));
        let patched = serve_matches_full(&site, "content/a/index.md", || {
            site.write("content/a/index.md", text.as_bytes())
        });
        assert!(patched, "patched, not rebuilt: {image}");
    }
    // The last full build has no lead image left.
    site.build_ok();
    let page = site.read("a/index.html");
    assert!(!page.contains("og:image"), "{page}");
}
