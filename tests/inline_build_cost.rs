//! Every function of the rule core's text front ends and of the runtime's passphrases is
//! `#[inline]`, so that an unoptimized build compiles them in the crate that calls them, and
//! an application that never calls them does not compile them (see the module declarations in
//! `secrets-policy/src/lib.rs` and `secrets-rt/src/lib.rs`). One function without it would
//! bring its code, and all it calls, back into every build of its crate.

use std::path::Path;

const FILES: [&str; 9] = [
    "secrets-policy/src/text.rs",
    "secrets-policy/src/text/lex.rs",
    "secrets-policy/src/passwordrules.rs",
    "secrets-policy/src/passwordrules/charset.rs",
    "secrets-policy/src/passwordrules/length.rs",
    "secrets-policy/src/passwordrules/parse.rs",
    "secrets-policy/src/passwordrules/translate.rs",
    "secrets-rt/src/passphrase.rs",
    "secrets-rt/src/wordlist.rs",
];

/// Whether `line` starts a function definition (or declaration).
fn starts_fn(line: &str) -> bool {
    let mut rest = line.trim_start();
    for prefix in ["pub(crate) ", "pub(super) ", "pub ", "const "] {
        rest = rest.strip_prefix(prefix).unwrap_or(rest);
    }
    rest.starts_with("fn ")
}

#[test]
fn every_function_of_the_front_ends_and_passphrases_outside_tests_is_inline() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut functions = 0;
    let mut missing = Vec::new();
    for file in FILES {
        let source = std::fs::read_to_string(root.join(file)).unwrap();
        let lines: Vec<&str> = source.lines().collect();
        // Unit tests come last in each file; their functions are test code.
        let end = lines
            .windows(2)
            .position(|pair| pair[0] == "#[cfg(test)]" && pair[1] == "mod tests {")
            .unwrap_or(lines.len());
        for (index, line) in lines[..end].iter().enumerate() {
            if starts_fn(line) {
                functions += 1;
                if index == 0 || lines[index - 1].trim() != "#[inline]" {
                    missing.push(format!("{file}:{}: {}", index + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        functions > 100,
        "found only {functions} functions: is FILES right?"
    );
    assert!(missing.is_empty(), "not #[inline]:\n{}", missing.join("\n"));
}
