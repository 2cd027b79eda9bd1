//! The config loader: any text as roadmap.yaml.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    let _ = roadmap::config::parse(Path::new("/nonexistent"), Path::new("roadmap.yaml"), src);
});
