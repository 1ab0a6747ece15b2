//! The default theme's static files, embedded in the binary.

/// Built-in static files: (output path, bytes). A file of the same name in the site's
/// static/ folder replaces one of these.
pub(crate) const STATIC: &[(&str, &[u8])] = &[
    ("style.css", include_bytes!("../static/style.css")),
    ("explainer.js", include_bytes!("../static/explainer.js")),
];
