//! An article's body under a fixed front matter: annotated (mentions, quotes, links),
//! highlighted and rendered into its page and the glossary's.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        explainer::fuzzing::body(text);
    }
});
