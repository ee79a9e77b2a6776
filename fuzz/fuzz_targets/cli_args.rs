//! `cargo fuzz run cli_args` (see `scripts/fuzz.sh`): any arguments through the command's own
//! parser (`secrets-rt-cli/src/cli.rs`, `values.rs`), split at NUL bytes.
#![no_main]
// The command's modules are compiled here for their parser only.
#![allow(dead_code)]

#[path = "../../secrets-rt-cli/src/values.rs"]
mod values;

#[path = "../../secrets-rt-cli/src/cli.rs"]
mod cli;

#[path = "../cli_checks.rs"]
mod cli_checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    cli_checks::cli_args(data);
});
