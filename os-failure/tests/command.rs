//! The `secrets` command built from its own sources over a failing OS random source: every
//! subcommand that draws exits with status 1 and one line on standard error, prints no secret,
//! and leaves no partial key file behind.

use std::fs;
use std::path::PathBuf;
use std::process::{Command, Output};

use secrets_rt::failing_os::PLAN_VARIABLE;

fn secrets(plan: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_secrets"))
        .args(args)
        .env(PLAN_VARIABLE, plan)
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("run the secrets binary")
}

/// The command failed with status 1, wrote `stdout_len` bytes of output, and said why in one
/// line that names the random source; returns that line.
#[track_caller]
fn failure_line(output: &Output, stdout_len: usize) -> String {
    let stderr = String::from_utf8(output.stderr.clone()).unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}\n{stderr}");
    assert_eq!(output.stdout.len(), stdout_len, "{output:?}");
    assert_eq!(stderr.lines().count(), 1, "{stderr:?}");
    assert!(stderr.starts_with("error: "), "{stderr:?}");
    assert!(!stderr.contains("panicked"), "{stderr:?}");
    assert!(stderr.contains("random source failed"), "{stderr:?}");
    stderr.trim_end().to_owned()
}

#[test]
fn every_drawing_subcommand_exits_1_with_one_line() {
    // Whether all-zero bytes, handed out as random, must be refused and drawn again: by a
    // rejection step (a bound that is not a power of two, or a policy that zeros break). A
    // token, a power-of-two bound or a PIN take zeros as given.
    let cases: &[(&[&str], bool)] = &[
        (&["token-hex"], false),
        (&["token-urlsafe", "16"], false),
        (&["token-bytes", "32"], false),
        (&["url", "https://example.com/reset?token="], false),
        (&["randbelow", "10"], true),
        (&["choice", "rock", "paper", "scissors"], true),
        (&["password"], true),
        (
            &[
                "password",
                "--policy",
                "len = 10, lower >= 1, upper >= 1, digits >= 3",
            ],
            true,
        ),
        (
            &[
                "password",
                "--rules",
                "minlength: 12; required: lower; required: digit;",
            ],
            true,
        ),
        // Exact sampling rejects an all-zero word for a count that is not a power of two (the
        // word's product with the count falls in the rejected zone): no PIN from zeros either.
        (&["password", "--preset", "pin", "--count", "5"], true),
        (&["passphrase"], true),
        (&["passphrase", "--words", "4", "--count", "3"], true),
    ];
    for &(args, zeros_refused) in cases {
        let line = failure_line(&secrets("fail", args), 0);
        println!("{args:?}: {line}");
        // One call of zeros, then failure: a rejection sampler must fail rather than settle.
        let output = secrets("zeros-then-fail:1", args);
        if zeros_refused {
            failure_line(&output, 0);
        } else {
            assert!(!output.stdout.is_empty(), "{args:?}: {output:?}");
        }
    }
}

#[test]
fn zero_bytes_are_not_a_password() {
    // One call of zeros, then failure: the rejection loop must not settle for "aaaaaaaaaa".
    let output = secrets(
        "zeros-then-fail:1",
        &[
            "password",
            "--policy",
            "len = 10, lower >= 1, upper >= 1, digits >= 3",
        ],
    );
    failure_line(&output, 0);
}

#[test]
fn a_stream_says_how_much_it_wrote_before_the_source_failed() {
    // Two chunks of 1 MiB come out (as zeros: the source called them random), then the source
    // fails: status 1, and the line says how many bytes were written.
    let output = secrets("zeros-then-fail:2", &["token-bytes", "3000000"]);
    let line = failure_line(&output, 2 << 20);
    assert!(
        line.ends_with("; 2097152 of 3000000 bytes written"),
        "{line}"
    );
}

#[test]
fn a_key_file_from_a_failed_source_is_removed() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("os-failure");
    fs::create_dir_all(&dir).unwrap();
    let path = dir.join("key.bin");
    let _ = fs::remove_file(&path);
    let output = secrets(
        "zeros-then-fail:1",
        &["token-bytes", "3000000", "--out", path.to_str().unwrap()],
    );
    let line = failure_line(&output, 0);
    assert!(line.ends_with("; the partial file was removed"), "{line}");
    assert!(!path.exists(), "no partial key file is left");
}
