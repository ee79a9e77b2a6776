//! `cargo fuzz run wordlist` (see `scripts/fuzz.sh`): any bytes as a word list, from a slice of
//! lines and from a file, through the checks of `secrets-rt/tests/common/checks.rs`.
#![no_main]

#[path = "../../secrets-rt/tests/common/checks.rs"]
mod checks;

use std::path::PathBuf;
use std::sync::OnceLock;

/// A scratch file for this fuzzing process.
fn scratch() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        std::env::temp_dir().join(format!("secrets-fuzz-wordlist-{}", std::process::id()))
    })
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    checks::word_lines(&String::from_utf8_lossy(data));
    checks::word_file(data, scratch());
});
