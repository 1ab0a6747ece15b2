//! The default theme's static files, embedded in the binary.

use crate::urls;

/// Built-in static files: (output path, bytes). A file of the same name in the site's
/// static/ folder replaces one of these.
pub(crate) const STATIC: &[(&str, &[u8])] = &[
    (urls::STYLE, include_bytes!("../static/style.css")),
    (urls::SCRIPT, include_bytes!("../static/explainer.js")),
];
