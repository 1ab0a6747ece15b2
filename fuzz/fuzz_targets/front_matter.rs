//! An article file's front matter, split, parsed and checked against the site.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        explainer::fuzzing::front_matter(text);
    }
});
