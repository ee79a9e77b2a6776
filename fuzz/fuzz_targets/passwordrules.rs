//! `cargo fuzz run passwordrules` (see `scripts/fuzz.sh`): any text through the checks of
//! `secrets-rt/tests/common/checks.rs`.
#![no_main]

#[path = "../../secrets-rt/tests/common/checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    checks::passwordrules_text(&String::from_utf8_lossy(data));
});
