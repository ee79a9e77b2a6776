//! What the command's test files share: running the `secrets` binary and reading what it
//! printed.
#![allow(dead_code, reason = "each test file uses some of these")]

use std::process::{Command, Output};

/// Runs `secrets` with `args` and collects its output.
pub fn secrets(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_secrets"))
        .args(args)
        .output()
        .expect("run the secrets binary")
}

/// Runs a command that must succeed without a word on standard error; returns standard output.
#[track_caller]
pub fn stdout_of(args: &[&str]) -> String {
    let output = secrets(args);
    assert!(
        output.status.success() && output.stderr.is_empty(),
        "secrets {args:?}: {:?}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

/// The one line of standard error of a command that failed with `status`, which printed
/// nothing on standard output and did not panic.
#[track_caller]
pub fn failure_line(output: &Output, status: i32) -> String {
    assert_eq!(output.status.code(), Some(status), "{output:?}");
    assert!(output.stdout.is_empty(), "{output:?}");
    let stderr = String::from_utf8(output.stderr.clone()).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr:?}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr.trim_end().to_owned()
}
