//! The command's argument parser (`secrets-rt-cli/src/cli.rs` and `values.rs`, compiled in here)
//! on the inputs kept in `fuzz/regressions/cli_args/`, through the checks of the `cli_args`
//! fuzz target: a parse or a usage error, never a panic. (The two modules' unit tests run here
//! a second time.)
// The command's modules are compiled here for their parser only.
#![allow(dead_code)]

#[path = "../secrets-rt-cli/src/values.rs"]
mod values;

#[path = "../secrets-rt-cli/src/cli.rs"]
mod cli;

#[path = "../fuzz/cli_checks.rs"]
mod cli_checks;

#[test]
fn fuzz_regressions_of_the_arguments_parse_or_are_refused() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions/cli_args");
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        println!("{}", path.display());
        cli_checks::cli_args(&std::fs::read(&path).unwrap());
        count += 1;
    }
    assert!(count > 0, "no inputs in {}", dir.display());
}
