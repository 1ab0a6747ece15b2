//! Images: page bundles, figures, width and height, and the problems of image paths.

use crate::{Site, element, fm};

pub(crate) use crate::png::png;

/// A site with a bundle `content/2024/seongju/index.md` holding map.png (40×30).
fn bundle(front: &str, body: &str) -> Site {
    let site = Site::new().file(
        "content/2024/seongju/index.md",
        &format!("{}{body}", fm(front)),
    );
    site.write("content/2024/seongju/map.png", &png(40, 30));
    site
}

#[test]
fn a_bundle_has_its_folders_url_and_its_files_are_published_beside_its_page() {
    let site = bundle("", "Text.\n");
    site.write(
        "content/2024/seongju/notes.md",
        b"---\ntitle: Notes\ndate: 2024-01-01\n---\nx\n",
    );
    site.write("content/2024/seongju/.hidden.png", &png(1, 1));
    site.write("content/2024/seongju/map.png~", b"backup");
    site.build_ok();
    assert!(site.exists("2024/seongju/index.html"));
    assert_eq!(
        std::fs::read(site.out().join("2024/seongju/map.png")).unwrap(),
        png(40, 30)
    );
    assert!(
        !site.exists("2024/seongju/.hidden.png"),
        "hidden names stay out"
    );
    assert!(!site.exists("2024/seongju/map.png~"), "leftovers stay out");
    assert!(
        !site.exists("2024/seongju/notes.md"),
        "other articles are not copied"
    );
    assert!(
        site.exists("2024/seongju/notes/index.html"),
        "and are articles of their own"
    );
}

#[test]
fn a_bundle_file_that_lands_on_a_static_file_is_an_error_naming_both() {
    let site = bundle("", "Text.\n");
    site.write("static/2024/seongju/map.png", &png(2, 2));
    let e = site.error("bundle-collision");
    assert_eq!(e.location.path, "content/2024/seongju/map.png");
    assert!(
        e.message.contains("static/2024/seongju/map.png"),
        "{}",
        e.message
    );
}

#[test]
fn an_image_alone_in_its_paragraph_is_a_figure_with_its_size_caption_and_credit() {
    let site = bundle(
        "",
        "Intro.\n\n![A map of Seongju & \"Gimcheon\"](map.png \"The site & the town | Map: <Korea> Explained\")\n",
    );
    site.build_ok();
    let page = site.read("2024/seongju/index.html");
    let figure = element(&page, "<figure>");
    assert_eq!(
        figure,
        "<figure><img src=\"map.png\" alt=\"A map of Seongju &amp; &quot;Gimcheon&quot;\" width=\"40\" height=\"30\" \
         loading=\"lazy\" decoding=\"async\" /><figcaption>The site &amp; the town \
         <span class=\"credit\">Map: &lt;Korea&gt; Explained</span></figcaption></figure>"
    );
    assert!(
        !page.contains("<p><figure>"),
        "a figure is no paragraph's child"
    );
}

#[test]
fn an_inline_image_stays_an_img_with_its_size_and_a_remote_one_is_left_alone() {
    let site = bundle(
        "",
        "See ![map](map.png) and ![x](https://example.org/x.png \"t\").\n",
    );
    site.build_ok();
    let page = site.read("2024/seongju/index.html");
    assert!(
        page.contains("See <img src=\"map.png\" alt=\"map\" width=\"40\" height=\"30\" /> and"),
        "{page}"
    );
    assert!(page.contains("<img src=\"https://example.org/x.png\" alt=\"x\" title=\"t\" />"));
    assert!(!page.contains("<figure>"));
}

#[test]
fn an_image_from_static_resolves_from_the_page() {
    let site = Site::new().article("2022/x", "", "![A chart](../../img/chart.png)\n");
    site.write("static/img/chart.png", &png(7, 5));
    site.build_ok();
    let page = site.read("2022/x/index.html");
    assert!(
        page.contains("<img src=\"../../img/chart.png\" alt=\"A chart\" width=\"7\" height=\"5\"")
    );
}

#[test]
fn a_missing_image_is_an_error_at_its_place_with_the_nearest_file() {
    let site = bundle("", "Text.\n\n![A map](mpa.png)\n");
    let e = site.error("missing-image");
    assert_eq!(
        (e.location.path.as_str(), e.location.line, e.location.column),
        ("content/2024/seongju/index.md", 7, 1)
    );
    assert_eq!(e.help.as_deref(), Some("did you mean `map.png`?"));
}

#[test]
fn an_image_path_that_climbs_out_or_starts_at_the_root_is_an_error() {
    let site = Site::new().article("x", "", "![a](../../../etc/x.png)\n\n![b](/x.png)\n");
    let errors = site.errors();
    let paths: Vec<_> = errors
        .iter()
        .filter(|d| d.code == "image-path")
        .map(|d| d.location.line)
        .collect();
    assert_eq!(paths, [5, 7]);
}

#[test]
fn a_text_file_or_a_truncated_png_is_a_bad_image_never_a_panic() {
    let site = bundle("", "![a](notes.png)\n\n![b](cut.png)\n\n![c](head.png)\n");
    site.write(
        "content/2024/seongju/notes.png",
        b"just some text, not an image\n",
    );
    let full = png(4, 4);
    site.write("content/2024/seongju/cut.png", &full[..full.len() - 20]);
    site.write("content/2024/seongju/head.png", &full[..12]);
    let errors = site.errors();
    let bad: Vec<_> = errors
        .iter()
        .filter(|d| d.code == "bad-image")
        .map(|d| (d.location.line, d.message.clone()))
        .collect();
    assert_eq!(bad.len(), 3, "{bad:?}");
    assert!(bad[0].1.contains("no image"), "{}", bad[0].1);
    assert!(bad[1].1.contains("cut short"), "{}", bad[1].1);
}

const LEAD: &str = "image: { src: map.png, alt: \"A map of Seongju\", credit: \"Map: <Korea> Explained\", caption: The site }\n";

#[test]
fn a_lead_image_is_under_the_headline_and_in_previews_with_a_base_url() {
    let site = bundle(LEAD, "Text.\n");
    site.write(
        "content/site.yaml",
        b"base_url: https://example.org/news/\n",
    );
    site.build_ok();
    let page = site.read("2024/seongju/index.html");
    assert_eq!(
        element(&page, "<figure class=\"lead\">"),
        "<figure class=\"lead\"><img src=\"../../2024/seongju/map.png\" alt=\"A map of Seongju\" width=\"40\" height=\"30\" decoding=\"async\"><figcaption>The site <span class=\"credit\">Map: &lt;Korea&gt; Explained</span></figcaption></figure>"
    );
    assert!(page.contains(
        "<meta property=\"og:image\" content=\"https://example.org/news/2024/seongju/map.png\">"
    ));
    assert!(page.contains("<meta name=\"twitter:card\" content=\"summary_large_image\">"));
    assert!(
        page.contains("\"image\":\"https://example.org/news/2024/seongju/map.png\""),
        "JSON-LD"
    );
}

#[test]
fn without_a_base_url_a_lead_image_has_no_og_image_and_without_one_no_card() {
    let site = bundle(LEAD, "Text.\n").article("plain", "", "Text.\n");
    site.build_ok();
    let page = site.read("2024/seongju/index.html");
    assert!(page.contains("<figure class=\"lead\">"));
    assert!(!page.contains("og:image"), "og:image must be absolute");
    assert!(
        !page.contains("\"image\":"),
        "nor is JSON-LD's image relative"
    );
    assert!(page.contains("summary_large_image"));
    let plain = site.read("plain/index.html");
    assert!(!plain.contains("twitter:card") && !plain.contains("<figure"));
}

#[test]
fn a_lead_image_that_is_missing_remote_or_misspelt_is_an_error_at_its_key() {
    let site = bundle("image:\n  src: mpa.png\n  alt: x\n", "Text.\n");
    let e = site.error("missing-image");
    assert_eq!((e.location.line, e.location.column), (5, 8));
    assert_eq!(e.help.as_deref(), Some("did you mean `map.png`?"));
    let site = bundle(
        "image: { src: \"https://e.org/x.png\", alt: x }\n",
        "Text.\n",
    );
    assert_eq!(site.error("bad-image").location.line, 4);
    let site = bundle("image: { src: map.png, atl: x }\n", "Text.\n");
    let e = site.error("unknown-key");
    assert!(
        e.help.as_deref().unwrap_or("").contains("`alt`"),
        "{:?}",
        e.help
    );
}

#[test]
fn check_warns_about_images_without_alt_text_in_the_body_and_the_lead() {
    let site = bundle("image: { src: map.png }\n", "Text.\n\n![](map.png)\n");
    let out = site.run(&["check", "--format", "json"]);
    let text = String::from_utf8_lossy(&out.stdout);
    let alt: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("\"missing-alt\""))
        .collect();
    assert_eq!(alt.len(), 2, "{text}");
    assert!(
        alt[0].contains("\"line\":4") && alt[1].contains("\"line\":8"),
        "{text}"
    );
}

#[test]
fn check_warns_about_large_images_over_the_sites_limit_and_zero_turns_it_off() {
    // map.png of 40×30 pixels is 3,682 bytes: over a limit of 3 KB, under one of 4 KB.
    let site = bundle(
        "image: { src: map.png, alt: A map }\n",
        "Text.\n\n![A map](map.png)\n",
    );
    let large = |site: &Site| -> Vec<(usize, String)> {
        crate::check(site)
            .into_iter()
            .filter(|d| d.code == "large-image")
            .map(|d| (d.location.line, d.message))
            .collect()
    };
    assert_eq!(large(&site), [], "under the default of 500 KB");
    site.write("content/site.yaml", b"large_image_kb: 3\n");
    let said = "this image is 4 KB, over the site's limit of 3 KB";
    assert_eq!(
        large(&site),
        [(4, said.to_string()), (8, said.to_string())],
        "the lead image at its `src`, the body's at the image"
    );
    site.write("content/site.yaml", b"large_image_kb: 4\n");
    assert_eq!(large(&site), []);
    site.write("content/site.yaml", b"large_image_kb: 0\n");
    assert_eq!(large(&site), []);
    site.write("content/site.yaml", b"large_image_kb: big\n");
    assert_eq!(site.error("yaml").location.line, 1);
}
