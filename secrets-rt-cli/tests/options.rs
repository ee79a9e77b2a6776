//! The command's shorter and machine-readable forms: `-n`/`--count` on every command that prints
//! text, `-l`/`--length`, `--policy-file`, `--json`, the `policy` command, the grammar in the
//! help (`secrets help policy`) and the manual page's sections.

use std::fmt::Write as _;
use std::fs;
use std::path::PathBuf;

use secrets_rt::Policy;
use serde_json::Value;

mod common;
use common::{secrets, stdout_of};

/// The one line on standard error of a command that failed with `status`.
#[track_caller]
fn failure_line(args: &[&str], status: i32) -> String {
    common::failure_line(&secrets(args), status)
}

fn temp_file(name: &str, contents: &[u8]) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("options");
    fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    fs::write(&path, contents).unwrap();
    path
}

#[test]
fn count_prints_that_many_distinct_values_on_every_text_command() {
    for args in [
        &["token-hex", "-n", "5"][..],
        &["token-urlsafe", "--count", "5"],
        &["url", "https://x.test/r?t=", "-n", "5"],
        &[
            "randbelow",
            "340282366920938463463374607431768211455",
            "-n",
            "5",
        ],
        &["password", "-n", "5"],
        &["passphrase", "-n", "5"],
    ] {
        let stdout = stdout_of(args);
        let lines: std::collections::HashSet<_> = stdout.lines().collect();
        assert_eq!(stdout.lines().count(), 5, "{args:?}: {stdout}");
        assert_eq!(lines.len(), 5, "{args:?}: repeated values: {stdout}");
    }
    assert!(failure_line(&["token-hex", "-n", "0"], 2).contains("too small"));
}

#[test]
fn length_is_len_alone_with_the_default_classes() {
    for args in [
        &["password", "-l", "16", "-n", "50"][..],
        &["password", "--length", "16", "-n", "50"],
    ] {
        for password in stdout_of(args).lines() {
            assert_eq!(password.len(), 16, "{password}");
            assert!(
                password.bytes().all(|b| b.is_ascii_alphanumeric()),
                "{password}"
            );
        }
    }
    let policy = stdout_of(&["policy", "-l", "16"]);
    assert_eq!(policy.lines().next(), Some("len = 16"), "{policy}");
    assert_eq!(
        failure_line(&["password", "-l", "257"], 2),
        "error: invalid value '257' for '--length <N>': too large; expected a length from 1 to 256"
    );
    // One source of policy at a time.
    let line = failure_line(&["password", "-l", "12", "--policy", "len = 12"], 2);
    assert!(line.contains("cannot be used with"), "{line}");
}

#[test]
fn a_policy_file_is_read_as_the_grammar() {
    let path = temp_file(
        "policy.txt",
        b"len = 12,\n  digits >= 3,\n  symbols == 0,\n",
    );
    let path = path.to_str().unwrap();
    for password in stdout_of(&["password", "--policy-file", path, "-n", "20"]).lines() {
        assert_eq!(password.len(), 12);
        assert!(
            password.bytes().filter(u8::is_ascii_digit).count() >= 3,
            "{password}"
        );
    }
    let expected = Policy::parse("len = 12, digits >= 3, symbols == 0").unwrap();
    assert_eq!(
        stdout_of(&["policy", "--policy-file", path]).lines().next(),
        Some(expected.to_string().as_str())
    );

    let bad = temp_file("bad-policy.txt", b"len = 12, digit >= 3\n");
    let line = failure_line(&["password", "--policy-file", bad.to_str().unwrap()], 2);
    assert!(line.contains("unknown class `digit`"), "{line}");
    let missing = failure_line(&["password", "--policy-file", "/nonexistent/policy"], 2);
    assert!(missing.contains("cannot read the policy file"), "{missing}");
    let binary = temp_file("binary-policy", b"len = \xff");
    let line = failure_line(&["password", "--policy-file", binary.to_str().unwrap()], 2);
    assert!(
        line.ends_with("the policy file is not UTF-8 text (at byte 6)"),
        "{line}"
    );
    let huge = temp_file("huge-policy", &vec![b' '; (1 << 20) + 1]);
    let line = failure_line(&["password", "--policy-file", huge.to_str().unwrap()], 2);
    assert!(line.contains("larger than 1048576 bytes"), "{line}");
}

#[test]
fn json_gives_the_value_and_its_entropy_one_object_a_line() {
    let cases: &[(&[&str], f64, bool)] = &[
        (&["token-hex", "16", "--json", "-n", "2"], 128.0, true),
        (&["token-urlsafe", "--json", "-n", "2"], 256.0, true),
        (
            &["url", "https://x.test/r?t=", "--json", "-n", "2"],
            256.0,
            true,
        ),
        (&["randbelow", "1024", "--json", "-n", "2"], 10.0, true),
        (
            &[
                "password",
                "--policy",
                "len = 10, lower >= 1, upper >= 1, digits >= 3",
                "--json",
                "-n",
                "2",
            ],
            Policy::parse("len = 10, lower >= 1, upper >= 1, digits >= 3")
                .unwrap()
                .entropy_bits(),
            true,
        ),
        (
            &["passphrase", "--words", "4", "--json", "-n", "2"],
            4.0 * 7776f64.log2(),
            true,
        ),
    ];
    for &(args, bits, exact) in cases {
        let stdout = stdout_of(args);
        assert_eq!(stdout.lines().count(), 2, "{args:?}");
        for line in stdout.lines() {
            let value: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{line}: {e}"));
            let object = value.as_object().unwrap();
            assert_eq!(object.len(), 3, "{line}");
            assert!(!object["value"].as_str().unwrap().is_empty(), "{line}");
            let entropy = object["entropy_bits"].as_f64().unwrap();
            assert!(
                (entropy - bits).abs() < 1e-9,
                "{args:?}: {entropy} != {bits}"
            );
            assert_eq!(object["entropy_exact"].as_bool(), Some(exact), "{line}");
        }
    }
    // A number stays exact as a string, whatever its size.
    let line = stdout_of(&["randbelow", "1", "--json"]);
    assert_eq!(
        line,
        "{\"value\":\"0\",\"entropy_bits\":0,\"entropy_exact\":true}\n"
    );
    // A passphrase whose words may print alike has an upper bound, said so.
    let list = temp_file(
        "ambiguous-words",
        (0..1024)
            .fold(String::new(), |mut words, i| {
                writeln!(words, "w{i}").unwrap();
                words
            })
            .as_bytes(),
    );
    let stdout = stdout_of(&[
        "passphrase",
        "--wordlist",
        list.to_str().unwrap(),
        "--sep",
        "",
        "--json",
    ]);
    let value: Value = serde_json::from_str(stdout.trim_end()).unwrap();
    assert_eq!(value["entropy_exact"].as_bool(), Some(false), "{stdout}");
    // Its value is escaped as JSON: a separator with a quote and a backslash reads back whole.
    let stdout = stdout_of(&["passphrase", "--sep", "\"\\", "--json"]);
    let value: Value = serde_json::from_str(stdout.trim_end()).unwrap();
    assert_eq!(
        value["value"].as_str().unwrap().matches("\"\\").count(),
        5,
        "{stdout}"
    );
    // The entropy goes in the JSON, not beside it.
    let line = failure_line(&["password", "--json", "--entropy"], 2);
    assert!(line.contains("cannot be used with"), "{line}");
}

#[test]
fn the_policy_command_prints_the_policy_and_its_entropy() {
    let stdout = stdout_of(&[
        "policy",
        "--policy",
        "digits >= 3, len = 10, upper >= 1, lower >= 1",
    ]);
    // In its rules' order, written as the grammar writes it (one space around operators).
    let policy = Policy::parse("digits>=3,len=10,upper>=1,lower>=1").unwrap();
    assert_eq!(
        policy.to_string(),
        "len = 10, digits >= 3, upper >= 1, lower >= 1"
    );
    assert_eq!(
        stdout,
        format!(
            "{policy}\nentropy: {:.4} bits per password ({} possible passwords)\n",
            policy.entropy_bits(),
            policy.password_count().unwrap()
        )
    );
    let json: Value =
        serde_json::from_str(stdout_of(&["policy", "--preset", "pin", "--json"]).trim_end())
            .unwrap();
    assert_eq!(json["policy"], "len = 6, lower == 0, upper == 0");
    assert_eq!(json["password_count"], "1000000");
    let line = failure_line(&["policy", "--policy", "len = 0"], 2);
    assert!(
        line.starts_with("error: invalid value 'len = 0' for '--policy <POLICY>'"),
        "{line}"
    );
}

/// The example policies of the grammar's help text.
fn grammar_examples(help: &str) -> Vec<String> {
    let examples = help
        .split("\nExamples:\n")
        .last()
        .expect("an Examples paragraph");
    examples
        .lines()
        .map(str::trim)
        .take_while(|line| line.starts_with("len"))
        .map(|line| line.split("   ").next().unwrap().trim().to_owned())
        .collect()
}

#[test]
fn help_policy_lists_the_grammar_with_examples_that_parse() {
    let help = stdout_of(&["help", "policy"]);
    for word in [
        "len = N",
        "lower",
        "upper",
        "digits",
        "symbols",
        ">=",
        "<=",
        "==",
        "exclude",
        "CLASS = \"chars\"",
        "A | B",
        "max_consecutive",
        "max_sequential",
        "min_entropy",
    ] {
        assert!(
            help.contains(word),
            "`{word}` missing from secrets help policy:\n{help}"
        );
    }
    let examples = grammar_examples(&help);
    assert!(examples.len() >= 5, "{examples:?}");
    for example in &examples {
        let policy = Policy::parse(example).unwrap_or_else(|e| panic!("{example}: {e}"));
        assert!(policy.entropy_bits() > 0.0);
    }
    // The long help of --policy lists it too; the short help points to it.
    let long = stdout_of(&["password", "--help"]);
    assert!(long.contains("max_sequential = N"), "{long}");
    let short = stdout_of(&["password", "-h"]);
    assert!(short.contains("secrets help policy"), "{short}");
    assert!(!short.contains("max_sequential = N"), "{short}");
}

#[test]
fn the_manual_page_has_a_synopsis_with_values_examples_and_exit_status() {
    let page = stdout_of(&["man"]);
    for section in [
        ".SH SYNOPSIS",
        ".SH EXAMPLES",
        ".SH \"EXIT STATUS\"",
        ".SH \"POLICY GRAMMAR\"",
    ] {
        assert!(page.contains(section), "{section} missing");
    }
    assert!(!page.contains(".SH EXTRA"), "no EXTRA section");
    // Options with the values they take.
    assert!(
        page.contains("\\fB\\-\\-policy\\fR \\fIPOLICY\\fR"),
        "{page}"
    );
    assert!(
        page.contains("\\fB\\-n\\fR|\\fB\\-\\-count\\fR \\fIN\\fR"),
        "{page}"
    );
    let exit = page.split(".SH \"EXIT STATUS\"").nth(1).unwrap();
    for status in ["\\fB0\\fR", "\\fB1\\fR", "\\fB2\\fR"] {
        assert!(exit.contains(status), "{status} in {exit}");
    }

    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("man-pages");
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    stdout_of(&["man", "--dir", dir.to_str().unwrap()]);
    let password = fs::read_to_string(dir.join("secrets-password.1")).unwrap();
    assert!(password.contains(".SH EXAMPLES") && password.contains(".SH \"POLICY GRAMMAR\""));
    assert!(password.contains("\\fBsecrets password\\fR"), "{password}");
    let bytes = fs::read_to_string(dir.join("secrets-token-bytes.1")).unwrap();
    assert!(bytes.contains("\\fB\\-\\-stream\\fR"), "{bytes}");
    assert!(!bytes.contains("POLICY GRAMMAR"));
}
