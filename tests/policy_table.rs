//! The table of bad policies in `ui-tests/`, run through `Policy::parse`: the text front end
//! must refuse each one with exactly the messages the macro gives at compile time.
//!
//! The policies are not copied here: each is read from its `ui-tests/<problem>.rs`, between
//! `password_policy!(` and the matching `)`, and the messages are compared with the `error: ...`
//! lines of the `.stderr` beside it. The macro turns each related note of a diagnostic (the
//! other rules of "the minimums add up to more than `len`") into an error of its own, so a
//! diagnostic stands for its message plus one line per note.
//!
//! `ui-tests/tokens-only/` holds the mistakes only Rust tokens can make (a suffix on a string
//! literal, `"!@#"x`); they have no text counterpart and are not part of this table. A number's
//! suffix (`10u8`) is in the table: the text front end cuts it as Rust does, and the core refuses
//! it with one message for both.

use std::fs;
use std::path::{Path, PathBuf};

use secrets_rt::Policy;

/// The text between `password_policy!(` and its matching `)`. Parentheses inside string
/// literals (`symbols = "()"`) do not count.
fn policy_text(source: &str) -> Option<&str> {
    let open = "password_policy!(";
    let start = source.find(open)? + open.len();
    let mut depth = 1usize;
    let mut in_string = false;
    let mut escaped = false;
    for (offset, c) in source[start..].char_indices() {
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(&source[start..start + offset]);
                }
            }
            _ => {}
        }
    }
    None
}

/// The messages of the `error: ...` lines of a trybuild `.stderr`, in order.
fn stderr_messages(stderr: &str) -> Vec<String> {
    stderr
        .lines()
        .filter_map(|line| line.strip_prefix("error: "))
        .filter(|message| !message.starts_with("aborting due to"))
        .map(str::to_owned)
        .collect()
}

/// What `Policy::parse` says about `text`: each diagnostic's message, then its notes; or, if
/// it accepts the text, the policy it read, printed back.
fn parse_messages(text: &str) -> Result<Vec<String>, String> {
    let error = match Policy::parse(text) {
        Ok(policy) => return Err(policy.to_string()),
        Err(error) => error,
    };
    Ok(error
        .diagnostics()
        .iter()
        .flat_map(|diagnostic| {
            std::iter::once(diagnostic.message().to_owned())
                .chain(diagnostic.related().iter().map(|(_, note)| note.clone()))
        })
        .collect())
}

fn compile_fail_cases() -> Vec<PathBuf> {
    cases_in("ui-tests")
}

fn cases_in(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut cases: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", dir.display()))
        .map(|entry| entry.expect("a readable directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "rs"))
        .collect();
    cases.sort();
    cases
}

#[test]
fn policy_parse_gives_the_macros_messages_for_every_ui_case() {
    let cases = compile_fail_cases();
    // The table lists every check of the issue; an empty or truncated glob would make the
    // comparison below pass without comparing anything.
    assert!(
        cases.len() >= 30,
        "only {} cases found in ui-tests/",
        cases.len()
    );

    let mut failures = Vec::new();
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy();
        let source = fs::read_to_string(case).expect("a readable ui test");
        let Some(text) = policy_text(&source) else {
            failures.push(format!("{name}: no `password_policy!( ... )` in the file"));
            continue;
        };
        let stderr_path = case.with_extension("stderr");
        let Ok(stderr) = fs::read_to_string(&stderr_path) else {
            failures.push(format!(
                "{name}: no .stderr beside it; generate it with `TRYBUILD=overwrite cargo test --test ui`"
            ));
            continue;
        };
        let mut expected = match parse_messages(text) {
            Ok(messages) => messages,
            Err(policy) => {
                failures.push(format!(
                    "{name}: Policy::parse accepts `{text}` as `{policy}`"
                ));
                continue;
            }
        };
        let mut actual = stderr_messages(&stderr);
        // Both front ends report in an order of their own (syntax errors may come first); the
        // set of messages, with repetitions, is what must agree.
        expected.sort();
        actual.sort();
        if actual != expected {
            failures.push(format!(
                "{name}: `{text}`\n  Policy::parse: {expected:?}\n  the macro:     {actual:?}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// `ui-tests/lexer/`: text Rust's lexer refuses before the macro runs (`"\u{_41}"`). Its
/// messages are rustc's, not the rule core's, so only the outcome is compared: `Policy::parse`,
/// which promises Rust's literals, refuses each one too, where the text goes wrong.
#[test]
fn policy_parse_refuses_what_rusts_lexer_refuses() {
    let cases = cases_in("ui-tests/lexer");
    assert!(!cases.is_empty(), "no cases found in ui-tests/lexer/");
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy();
        let source = fs::read_to_string(case).expect("a readable ui test");
        let text = policy_text(&source).unwrap_or_else(|| panic!("{name}: no policy"));
        let stderr = fs::read_to_string(case.with_extension("stderr"))
            .unwrap_or_else(|_| panic!("{name}: no .stderr beside it"));
        assert!(
            stderr.starts_with("error"),
            "{name}: rustc does not refuse it"
        );
        match Policy::parse(text) {
            Ok(policy) => panic!("{name}: Policy::parse accepts `{text}` as `{policy}`"),
            Err(error) => assert!(
                error.message().starts_with("unknown escape"),
                "{name}: {error}"
            ),
        }
    }
}

#[test]
fn policy_text_stops_at_the_matching_parenthesis() {
    let source = r#"const P: Policy = password_policy!(len = 8, symbols = "()\")", lower >= 1);"#;
    assert_eq!(
        policy_text(source),
        Some(r#"len = 8, symbols = "()\")", lower >= 1"#)
    );
    assert_eq!(policy_text("password_policy!()"), Some(""));
    assert_eq!(policy_text("password_policy!(len = 8"), None);
    assert_eq!(policy_text("fn main() {}"), None);
}

#[test]
fn stderr_messages_reads_only_the_error_lines() {
    let stderr = "error: unknown class `digit`\n --> ui-tests/x.rs:3:47\n  |\n\
                  3 | error: not a message\nerror: missing `len`\nwarning: unused\n";
    assert_eq!(
        stderr_messages(stderr),
        ["unknown class `digit`", "missing `len`"]
    );
}
