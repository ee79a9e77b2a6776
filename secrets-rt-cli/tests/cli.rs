//! The `secrets` command, run as a user would: every subcommand, the defaults, bad input
//! (exit status 2 and a one-line message naming the part at fault), `--count` streaming and a
//! reader that closes the pipe early.

use std::collections::HashSet;
use std::fmt::Write;
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};

use secrets_rt::{Policy, Wordlist};

mod common;
use common::{failure_line, secrets, stdout_of};

/// The single line printed by a successful command.
fn line_of(args: &[&str]) -> String {
    let stdout = stdout_of(args);
    let line = stdout
        .strip_suffix('\n')
        .unwrap_or_else(|| panic!("no final newline: {stdout:?}"));
    assert!(!line.contains('\n'), "more than one line: {stdout:?}");
    line.to_owned()
}

/// Runs a command that must fail on bad input: exit status 2, nothing on standard output, and
/// exactly one line on standard error; returns that line.
#[track_caller]
fn error_of(args: &[&str]) -> String {
    failure_line(&secrets(args), 2)
}

fn temp_path(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("secrets-cli");
    fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn is_lower_hex(text: &str) -> bool {
    text.bytes()
        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn is_urlsafe(text: &str) -> bool {
    text.bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[test]
fn token_hex_defaults_to_32_bytes() {
    let token = line_of(&["token-hex"]);
    assert_eq!(token.len(), 64);
    assert!(is_lower_hex(&token), "{token}");
    assert_ne!(token, line_of(&["token-hex"]), "two runs, one token");
    assert_eq!(line_of(&["token-hex", "16"]).len(), 32);
    assert_eq!(line_of(&["token-hex", "0"]), "");
}

#[test]
fn token_urlsafe_defaults_to_32_bytes() {
    let token = line_of(&["token-urlsafe"]);
    assert_eq!(token.len(), 43, "32 bytes in unpadded base64: {token}");
    assert!(is_urlsafe(&token), "{token}");
    assert_eq!(line_of(&["token-urlsafe", "16"]).len(), 22);
}

#[test]
fn token_bytes_writes_raw_bytes_to_a_pipe_or_a_file() {
    let output = secrets(&["token-bytes"]);
    assert!(output.status.success(), "{output:?}");
    assert_eq!(output.stdout.len(), 32);
    assert_eq!(secrets(&["token-bytes", "1000"]).stdout.len(), 1000);

    let path = temp_path("key.bin");
    let _ = fs::remove_file(&path);
    assert_eq!(
        stdout_of(&["token-bytes", "64", "--out", path.to_str().unwrap()]),
        ""
    );
    let key = fs::read(&path).unwrap();
    assert_eq!(key.len(), 64);
    assert!(key.iter().any(|&byte| byte != 0));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "a new key file is for its owner only");
    }
}

#[test]
fn token_bytes_to_an_unwritable_path_is_bad_input() {
    let path = temp_path("no-such-dir/key.bin");
    let message = error_of(&["token-bytes", "--out", path.to_str().unwrap()]);
    assert!(
        message.starts_with(&format!("error: cannot create `{}`: ", path.display())),
        "{message}"
    );
}

#[test]
fn token_sizes_out_of_range_are_refused() {
    assert_eq!(
        error_of(&["token-hex", "ten"]),
        "error: invalid value 'ten' for '[N]': not a whole number; \
         expected a number of bytes from 0 to 1048576"
    );
    assert_eq!(
        error_of(&["token-urlsafe", "-1"]),
        "error: invalid value '-1' for '[N]': negative; expected a number of bytes from 0 to 1048576"
    );
    assert_eq!(
        error_of(&["token-hex", "1048577"]),
        "error: invalid value '1048577' for '[N]': too large; \
         expected a number of bytes from 0 to 1048576"
    );
    // Raw bytes stream, so any u64 is a size; one more is not.
    assert_eq!(
        error_of(&["token-bytes", "18446744073709551616"]),
        "error: invalid value '18446744073709551616' for '[N]': too large; \
         expected a number of bytes from 0 to 18446744073709551615"
    );
}

#[test]
fn randbelow_prints_a_number_below_the_bound() {
    assert_eq!(line_of(&["randbelow", "1"]), "0");
    let seen: HashSet<u8> = (0..40)
        .map(|_| line_of(&["randbelow", "3"]).parse::<u8>().unwrap())
        .collect();
    // Each value is missed by 40 draws with probability (2/3)^40 < 1e-7.
    assert_eq!(seen, HashSet::from([0, 1, 2]));
    let max = u128::MAX.to_string();
    let big: u128 = line_of(&["randbelow", &max]).parse().unwrap();
    assert!(big < u128::MAX);
}

#[test]
fn randbelow_bounds_out_of_range_are_refused() {
    let expected = "expected a bound from 1 to 340282366920938463463374607431768211455";
    assert_eq!(
        error_of(&["randbelow", "0"]),
        format!("error: invalid value '0' for '<N>': too small; {expected}")
    );
    assert_eq!(
        error_of(&["randbelow", "-5"]),
        format!("error: invalid value '-5' for '<N>': negative; {expected}")
    );
    assert_eq!(
        error_of(&["randbelow", "340282366920938463463374607431768211456"]),
        format!(
            "error: invalid value '340282366920938463463374607431768211456' for '<N>': \
             too large; {expected}"
        )
    );
    assert_eq!(
        error_of(&["randbelow", "6.5"]),
        format!("error: invalid value '6.5' for '<N>': not a whole number; {expected}")
    );
}

#[test]
fn choice_prints_one_of_the_items() {
    assert_eq!(line_of(&["choice", "only"]), "only");
    let items = ["heads", "tails", "edge"];
    let seen: HashSet<String> = (0..40)
        .map(|_| line_of(&["choice", "heads", "tails", "edge"]))
        .collect();
    assert!(
        seen.iter().all(|item| items.contains(&item.as_str())),
        "{seen:?}"
    );
    assert_eq!(
        seen.len(),
        3,
        "each item is missed by 40 draws with probability (2/3)^40"
    );
    assert_eq!(line_of(&["choice", "--", "-v"]), "-v");
}

#[test]
fn choice_without_items_is_a_usage_error() {
    let output = secrets(&["choice"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(
        stderr,
        "error: the following required arguments were not provided: <ITEM>...; \
         usage: secrets choice <ITEM>...\n"
    );
}

#[test]
fn password_defaults_to_the_strong_preset() {
    let password = line_of(&["password"]);
    let strong =
        Policy::parse("len = 20, lower >= 1, upper >= 1, digits >= 1, symbols >= 1").unwrap();
    assert!(strong.is_satisfied_by(&password), "{password:?}");
    assert_eq!(password.chars().count(), 20);
}

#[test]
fn password_follows_a_policy_and_prints_its_entropy_to_stderr() {
    let policy = "len = 10, lower >= 1, upper >= 1, digits >= 3";
    let output = secrets(&[
        "password",
        "--policy",
        policy,
        "--count",
        "300",
        "--entropy",
    ]);
    assert!(output.status.success(), "{output:?}");
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        "entropy: 57.2562 bits per password (172120264792320000 possible passwords)\n"
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 300);
    for password in &lines {
        assert_eq!(password.len(), 10, "{password:?}");
        assert!(
            password.bytes().all(|b| b.is_ascii_alphanumeric()),
            "{password:?}"
        );
        assert!(
            password.bytes().any(|b| b.is_ascii_lowercase()),
            "{password:?}"
        );
        assert!(
            password.bytes().any(|b| b.is_ascii_uppercase()),
            "{password:?}"
        );
        assert!(
            password.bytes().filter(u8::is_ascii_digit).count() >= 3,
            "{password:?}"
        );
    }
}

#[test]
fn password_presets() {
    let pins = stdout_of(&["password", "--preset", "pin", "--count", "5"]);
    assert_eq!(pins.lines().count(), 5);
    assert!(pins
        .lines()
        .all(|pin| pin.len() == 6 && pin.bytes().all(|b| b.is_ascii_digit())));
    let password = line_of(&["password", "--preset", "alphanumeric"]);
    assert_eq!(password.len(), 20);
    assert!(
        password.bytes().all(|b| b.is_ascii_alphanumeric()),
        "{password}"
    );
}

#[test]
fn password_follows_website_rules() {
    let rules = "minlength: 12; maxlength: 16; required: lower; required: upper; required: digit;";
    let output = secrets(&["password", "--rules", rules, "--count", "20"]);
    assert!(output.status.success(), "{output:?}");
    for password in String::from_utf8(output.stdout).unwrap().lines() {
        assert!((12..=16).contains(&password.len()), "{password:?}");
        assert!(
            password.bytes().any(|b| b.is_ascii_lowercase()),
            "{password:?}"
        );
        assert!(
            password.bytes().any(|b| b.is_ascii_uppercase()),
            "{password:?}"
        );
        assert!(password.bytes().any(|b| b.is_ascii_digit()), "{password:?}");
    }
}

#[test]
fn a_bad_policy_is_refused_with_the_policy_error() {
    let policy = "len = 10, digit >= 1";
    let error = Policy::parse(policy).unwrap_err();
    assert_eq!(
        error_of(&["password", "--policy", policy]),
        format!("error: invalid value '{policy}' for '--policy <POLICY>': {error}")
    );
    assert!(
        error.to_string().contains("`digit`"),
        "the message quotes the offending part"
    );

    let rules = "minlength: 8; required: lowr;";
    let error = Policy::from_passwordrules(rules).unwrap_err();
    assert_eq!(
        error_of(&["password", "--rules", rules]),
        format!("error: invalid value '{rules}' for '--rules <PASSWORDRULES>': {error}")
    );
}

#[test]
fn an_error_quoting_a_line_break_stays_on_one_line() {
    // A policy read with `--policy "$(cat policy.txt)"` can hold line breaks; the message
    // quotes it (and here, for a missing `len`, its whole text as the part at fault).
    assert_eq!(
        error_of(&["password", "--policy", "lower >= 1,\nupper >= 1"]),
        "error: invalid value 'lower >= 1,\\nupper >= 1' for '--policy <POLICY>': missing `len`; \
         add a rule such as `len = 16` (at `lower >= 1,\\nupper >= 1`, bytes 0..22)"
    );
    // A file name with a line break and an escape sequence: both written as escapes.
    let path = temp_path("no\nsuch\u{1b}[31mfile.txt");
    let message = error_of(&["passphrase", "--wordlist", path.to_str().unwrap()]);
    assert!(
        message.contains("no\\nsuch\\u{1b}[31mfile.txt`: "),
        "{message}"
    );
}

#[test]
fn an_error_quoting_invisible_characters_shows_them_as_escapes() {
    // A right-to-left override would reorder the rest of the terminal line, a zero-width space
    // or a line separator would hide in it: each is written as an escape, in clap's quote of
    // the argument and in the policy's message alike.
    let policy = "len = 10, symbols = \"!\u{202e}\u{200b}\u{2028}\"";
    let message = error_of(&["password", "--policy", policy]);
    assert!(
        !message.contains(['\u{202e}', '\u{200b}', '\u{2028}']),
        "{message:?}"
    );
    assert!(
        message.starts_with(
            "error: invalid value 'len = 10, symbols = \"!\\u{202e}\\u{200b}\\u{2028}\"' for \
             '--policy <POLICY>': `symbols` cannot hold the format character `\\u{202e}`; use \
             visible characters"
        ),
        "{message}"
    );
    let message = error_of(&["password", "--policy", "len = 10, \u{202e} >= 1"]);
    assert!(message.contains("found `\\u{202e}`"), "{message}");
}

#[test]
fn a_long_policy_of_unclosed_literals_is_refused_at_once() {
    // 130 KB of quotes that never close: a lexer that looked for the closing quote again from
    // each of them took 13 s before it exited; read once, it answers in a moment.
    for unit in ["\\'", "br#\"", "'!"] {
        let policy = format!("len = 10, '{}", unit.repeat(130_000 / unit.len()));
        let message = error_of(&["password", "--policy", &policy]);
        assert!(message.contains("--policy <POLICY>"), "{unit}");
    }
}

#[test]
fn password_options_out_of_range_or_in_conflict_are_refused() {
    assert_eq!(
        error_of(&["password", "--count", "0"]),
        "error: invalid value '0' for '--count <N>': too small; \
         expected a count from 1 to 18446744073709551615"
    );
    let output = secrets(&["password", "--preset", "pin", "--policy", "len = 8"]);
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    assert!(String::from_utf8(output.stderr)
        .unwrap()
        .contains("cannot be used with"));
    let output = secrets(&["password", "--preset", "weak"]);
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("'weak'") && stderr.contains("strong, alphanumeric, pin"),
        "{stderr}"
    );
}

#[test]
fn password_count_streams_many_lines() {
    let stdout = stdout_of(&["password", "--preset", "alphanumeric", "--count", "20000"]);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 20000);
    // 119 bits each: a repeat among 20,000 has probability about 2^-91.
    assert_eq!(lines.iter().collect::<HashSet<_>>().len(), 20000);
}

#[test]
fn a_reader_closing_the_pipe_ends_the_command_quietly() {
    // `secrets password --count 1000000 | head -1`: read one line, close the pipe.
    let mut child = Command::new(env!("CARGO_BIN_EXE_secrets"))
        .args(["password", "--count", "1000000"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert_eq!(first.trim_end().chars().count(), 20, "{first:?}");
    // The reader is dropped here: the pipe is closed.
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{output:?}");
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "",
        "no panic, no message"
    );
}

#[test]
fn passphrase_defaults_to_six_eff_words() {
    let eff: HashSet<&str> = Wordlist::eff_large().words().collect();
    let phrase = line_of(&["passphrase"]);
    let words: Vec<&str> = phrase.split(' ').collect();
    assert_eq!(words.len(), 6, "{phrase}");
    assert!(words.iter().all(|word| eff.contains(word)), "{phrase}");

    let phrase = line_of(&["passphrase", "--words", "4", "--sep", "-"]);
    let words: Vec<&str> = phrase.split('-').collect();
    // EFF words such as `yo-yo` hold a hyphen: read the phrase back from the left instead.
    let mut rest = phrase.as_str();
    let mut count = 0;
    while !rest.is_empty() {
        let word = eff
            .iter()
            .find(|word| rest.starts_with(*word))
            .expect("a listed word");
        rest = rest[word.len()..]
            .strip_prefix('-')
            .unwrap_or(&rest[word.len()..]);
        count += 1;
    }
    assert_eq!(count, 4, "{phrase} ({words:?})");
}

#[test]
fn passphrase_prints_its_entropy_to_stderr() {
    let output = secrets(&["passphrase", "--entropy", "--count", "3"]);
    assert!(output.status.success(), "{output:?}");
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        "entropy: 77.5489 bits per passphrase (6 words from a list of 7776)\n"
    );
    assert_eq!(String::from_utf8(output.stdout).unwrap().lines().count(), 3);
}

#[test]
fn passphrase_reads_a_word_list_with_duplicates_and_blank_lines() {
    let mut text = String::new();
    for i in 0..1200 {
        writeln!(text, "word{i}\n\n  word{i}  \n{}", ["", " ", "\t"][i % 3]).unwrap();
    }
    let path = temp_path("words.txt");
    fs::write(&path, text).unwrap();
    let path = path.to_str().unwrap();
    let output = secrets(&[
        "passphrase",
        "--wordlist",
        path,
        "--words",
        "5",
        "--entropy",
    ]);
    assert!(output.status.success(), "{output:?}");
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        format!(
            "entropy: {:.4} bits per passphrase (5 words from a list of 1200)\n",
            5.0 * 1200f64.log2()
        )
    );
    let phrase = String::from_utf8(output.stdout).unwrap();
    let words: Vec<&str> = phrase.trim_end().split(' ').collect();
    assert_eq!(words.len(), 5, "{phrase:?}");
    for word in words {
        let number: usize = word.strip_prefix("word").unwrap().parse().unwrap();
        assert!(number < 1200, "{word}");
    }

    // Without a separator, `word1` + `word23` and `word12` + `word3` print alike: the entropy
    // is then an upper bound, and said so.
    let output = secrets(&["passphrase", "--wordlist", path, "--sep", "", "--entropy"]);
    assert!(output.status.success(), "{output:?}");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.starts_with("entropy: at most "), "{stderr}");
    assert!(
        stderr
            .ends_with("; with the separator \"\", different words may give the same passphrase\n"),
        "{stderr}"
    );
    // The help does not promise an exact figure.
    let help = stdout_of(&["passphrase", "--help"]);
    assert!(help.contains("exact, or an upper bound"), "{help}");
}

#[test]
fn passphrase_word_list_errors_are_bad_input() {
    let small = temp_path("small-words.txt");
    fs::write(&small, "alpha\nbeta\n\nbeta\ngamma\n").unwrap();
    assert_eq!(
        error_of(&["passphrase", "--wordlist", small.to_str().unwrap()]),
        format!(
            "error: word list `{}` has 3 distinct words, fewer than the 1024 needed; \
             use a longer list",
            small.display()
        )
    );
    let missing = temp_path("missing-words.txt");
    let message = error_of(&["passphrase", "--wordlist", missing.to_str().unwrap()]);
    assert!(
        message.starts_with(&format!(
            "error: cannot read word list `{}`: ",
            missing.display()
        )),
        "{message}"
    );
    assert_eq!(
        error_of(&["passphrase", "--words", "0"]),
        "error: invalid value '0' for '--words <N>': too small; \
         expected a number of words from 1 to 1000"
    );
}

#[test]
fn url_appends_a_fresh_urlsafe_token() {
    let base = "https://example.com/reset?token=";
    let url = line_of(&["url", base]);
    let token = url.strip_prefix(base).unwrap_or_else(|| panic!("{url}"));
    assert_eq!(token.len(), 43);
    assert!(is_urlsafe(token), "{token}");
    assert_ne!(url, line_of(&["url", base]));
}

#[test]
fn url_bases_that_cannot_be_urls_are_refused() {
    assert_eq!(
        error_of(&["url", ""]),
        "error: invalid value '' for '<BASE>': the base is empty; give the start of a URL, \
         such as https://example.com/reset?token="
    );
    assert_eq!(
        error_of(&["url", "https://example.com/a b"]),
        "error: invalid value 'https://example.com/a b' for '<BASE>': ' ' at byte 21 cannot \
         stand in a URL; percent-encode it (a space is %20)"
    );
}

/// Every subcommand (besides clap's `help`).
const SUBCOMMANDS: [&str; 11] = [
    "token-hex",
    "token-urlsafe",
    "token-bytes",
    "randbelow",
    "choice",
    "password",
    "policy",
    "passphrase",
    "url",
    "completions",
    "man",
];

#[test]
fn every_subcommand_has_help_with_an_example() {
    let help = stdout_of(&["--help"]);
    for subcommand in SUBCOMMANDS {
        assert!(
            help.contains(subcommand),
            "{subcommand} missing from --help"
        );
        let help = stdout_of(&[subcommand, "--help"]);
        assert!(help.contains("Examples:"), "{subcommand}: {help}");
        assert!(
            help.contains(&format!("secrets {subcommand}")),
            "{subcommand}: {help}"
        );
    }
    assert!(stdout_of(&["help", "password"]).contains("--preset <PRESET>"));
}

#[test]
fn no_or_unknown_subcommand_is_a_usage_error() {
    for args in [&[][..], &["token"], &["password", "--size", "8"]] {
        let output = secrets(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {output:?}");
        assert!(output.stdout.is_empty());
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(stderr.starts_with("error: "), "{args:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        assert!(stderr.contains("; usage: secrets"), "{args:?}: {stderr}");
    }
}

/// The passphrase on standard output and the line on standard error of a successful run.
fn passphrase_and_entropy(args: &[&str]) -> (String, String) {
    let output = secrets(args);
    assert!(output.status.success(), "secrets {args:?}: {output:?}");
    (
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn passphrase_capitalize_and_number_with_their_entropy() {
    let eff: HashSet<&str> = Wordlist::eff_large().words().collect();

    // Capitals add nothing.
    let (phrases, entropy) =
        passphrase_and_entropy(&["passphrase", "--capitalize", "--entropy", "--count", "5"]);
    assert_eq!(
        entropy,
        "entropy: 77.5489 bits per passphrase (6 words from a list of 7776)\n"
    );
    for phrase in phrases.lines() {
        for word in phrase.split(' ') {
            assert!(
                word.starts_with(|c: char| c.is_ascii_uppercase()),
                "{phrase}"
            );
            assert!(eff.contains(word.to_ascii_lowercase().as_str()), "{phrase}");
        }
    }

    // A digit on one of 6 words: log2(60) = 5.9069 more bits; with capitals, Bitwarden's
    // "capitalize" and "include number".
    let (phrases, entropy) = passphrase_and_entropy(&[
        "passphrase",
        "--capitalize",
        "--number",
        "--entropy",
        "--count",
        "20",
    ]);
    assert_eq!(
        entropy,
        "entropy: 83.4558 bits per passphrase (6 words from a list of 7776, and one of 10 \
         digits on one of the 6 words)\n"
    );
    for phrase in phrases.lines() {
        assert_eq!(
            phrase.chars().filter(char::is_ascii_digit).count(),
            1,
            "{phrase}"
        );
        let words: Vec<&str> = phrase.split(' ').collect();
        assert_eq!(words.len(), 6, "{phrase}");
        for word in words {
            let word = word.trim_end_matches(|c: char| c.is_ascii_digit());
            assert!(eff.contains(word.to_ascii_lowercase().as_str()), "{phrase}");
        }
    }

    // Four words joined by `-`: 51.6993 + log2(40) = 57.0212 bits, still exact.
    let (phrase, entropy) = passphrase_and_entropy(&[
        "passphrase",
        "--words",
        "4",
        "--sep",
        "-",
        "--number",
        "--entropy",
    ]);
    assert_eq!(
        entropy,
        "entropy: 57.0212 bits per passphrase (4 words from a list of 7776, and one of 10 \
         digits on one of the 4 words)\n"
    );
    assert_eq!(
        phrase
            .trim_end()
            .chars()
            .filter(char::is_ascii_digit)
            .count(),
        1
    );

    // A list where two words print alike once capitalized: an upper bound, and why.
    let mut text = String::new();
    for i in 0..1100 {
        writeln!(text, "word{i}").unwrap();
    }
    text.push_str("polish\nPolish\n");
    let path = temp_path("polish.txt");
    fs::write(&path, text).unwrap();
    let (_, entropy) = passphrase_and_entropy(&[
        "passphrase",
        "--wordlist",
        path.to_str().unwrap(),
        "--capitalize",
        "--entropy",
    ]);
    assert_eq!(
        entropy,
        format!(
            "entropy: at most {:.4} bits per passphrase (6 words from a list of 1102); \
             capitalized, the words `polish` and `Polish` are the same\n",
            6.0 * 1102f64.log2()
        )
    );
    // The same list with a digit: `word1` + `0` reads as `word10`.
    let (_, entropy) = passphrase_and_entropy(&[
        "passphrase",
        "--wordlist",
        path.to_str().unwrap(),
        "--number",
        "--entropy",
    ]);
    assert!(entropy.starts_with("entropy: at most "), "{entropy}");
    assert!(
        entropy.ends_with("the added digit may be read as part of a word or of the separator, so different draws may give the same passphrase\n"),
        "{entropy}"
    );
}

#[test]
fn a_word_list_with_a_control_character_is_bad_input_naming_the_line() {
    let mut text = String::new();
    for i in 0..1100 {
        writeln!(text, "word{i}").unwrap();
    }
    text.push_str("evil\u{1b}[2J\n");
    let path = temp_path("escape-words.txt");
    fs::write(&path, text).unwrap();
    assert_eq!(
        error_of(&["passphrase", "--wordlist", path.to_str().unwrap()]),
        format!(
            "error: word list `{}` holds U+001B, a control character, on line 1101; remove \
             it: words must be visible text",
            path.display()
        )
    );
}

#[test]
fn completions_for_every_shell_name_every_subcommand() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = stdout_of(&["completions", shell]);
        assert!(script.len() > 1000, "{shell}: {script}");
        for subcommand in SUBCOMMANDS {
            assert!(script.contains(subcommand), "{shell}: no {subcommand}");
        }
        // Options of the subcommands too (fish writes them without their dashes).
        assert!(script.contains("capitalize"), "{shell}");
        assert!(script.contains("policy"), "{shell}");
    }
    let message = error_of(&["completions", "tcsh"]);
    assert!(
        message.starts_with(
            "error: invalid value 'tcsh' for '<SHELL>'; [possible values: bash, elvish, fish, \
             powershell, zsh]"
        ),
        "{message}"
    );
}

#[test]
fn bash_completes_subcommands_and_options_with_the_script() {
    // Runs the script as bash would on <Tab>: `secrets pass<Tab>` and
    // `secrets passphrase --c<Tab>`. Skipped where there is no bash.
    let Ok(bash) = Command::new("bash").arg("--version").output() else {
        eprintln!("no bash: skipped");
        return;
    };
    assert!(bash.status.success());
    let script = stdout_of(&["completions", "bash"]);
    let path = temp_path("secrets.bash");
    fs::write(&path, script).unwrap();
    let complete = |words: &str| -> String {
        let program = format!(
            "source '{}'; COMP_WORDS=({words}); COMP_CWORD=$((${{#COMP_WORDS[@]}} - 1)); \
             _secrets secrets \"${{COMP_WORDS[-1]}}\" \"${{COMP_WORDS[-2]}}\"; \
             echo \"${{COMPREPLY[@]}}\"",
            path.display()
        );
        let output = Command::new("bash")
            .arg("-c")
            .arg(program)
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        String::from_utf8(output.stdout).unwrap().trim().to_owned()
    };
    assert_eq!(complete("secrets pass"), "password passphrase");
    assert_eq!(complete("secrets passphrase --c"), "--capitalize --count");
    assert_eq!(complete("secrets completions z"), "zsh");
}

#[test]
fn man_prints_a_page_naming_every_subcommand() {
    let page = stdout_of(&["man"]);
    assert!(page.contains("\n.TH secrets 1 "), "{page}");
    assert!(page.contains(".SH NAME\nsecrets \\- Tokens, passwords and passphrases"));
    for subcommand in SUBCOMMANDS {
        // roff escapes `-` as `\-`.
        let name = format!("secrets\\-{}(1)", subcommand.replace('-', "\\-"));
        assert!(page.contains(&name), "{name} missing");
    }
}

#[test]
fn man_writes_a_page_for_each_subcommand_into_a_directory() {
    let dir = temp_path("man1");
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    let output = secrets(&["man", "--dir", dir.to_str().unwrap()]);
    assert!(
        output.status.success() && output.stdout.is_empty(),
        "{output:?}"
    );
    let mut names: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    let mut expected: Vec<String> = SUBCOMMANDS
        .iter()
        .map(|subcommand| format!("secrets-{subcommand}.1"))
        .collect();
    expected.push("secrets.1".to_owned());
    expected.sort();
    assert_eq!(names, expected);
    let page = fs::read_to_string(dir.join("secrets-passphrase.1")).unwrap();
    assert!(page.contains("\n.TH secrets-passphrase 1 "), "{page}");
    assert!(page.contains("\\-\\-capitalize"), "{page}");

    let missing = temp_path("no-such-dir/man1");
    let message = error_of(&["man", "--dir", missing.to_str().unwrap()]);
    assert!(
        message.starts_with(&format!(
            "error: cannot write the manual pages into `{}`: ",
            missing.display()
        )),
        "{message}"
    );
}
