//! A whole article file through `check`: the build's stages and the copy desk.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        explainer::fuzzing::article(text, true);
    }
});
