//! What every input must satisfy, shared by the fuzz targets (`fuzz/fuzz_targets/`, which
//! include it from here so that the published secrets-rt holds what its tests read) and the
//! tests that replay the inputs kept in `fuzz/regressions/` (`secrets-rt/tests/bad_input.rs`):
//! no panic; every error span inside the input, on character boundaries; a policy that parses
//! prints back to itself; a word list holds trimmed, distinct, non-empty words.
// Each includer uses some of these.
#![allow(dead_code)]

use std::collections::HashSet;
use std::ops::Range;

use secrets_rt::{Policy, PolicyError, Wordlist};

/// A policy in the grammar: parsed, and checked as below.
pub fn policy_text(text: &str) {
    match Policy::parse(text) {
        Ok(policy) => policy_ok(&policy),
        Err(error) => policy_error(text, &error),
    }
}

/// Website rules in the `passwordrules` language.
pub fn passwordrules_text(text: &str) {
    match Policy::from_passwordrules(text) {
        Ok(policy) => policy_ok(&policy),
        Err(error) => policy_error(text, &error),
    }
}

/// A policy that passed the checks: a length in range, and its `Display` reads back to it.
fn policy_ok(policy: &Policy) {
    assert!((1..=256).contains(&policy.len()), "len {}", policy.len());
    assert!(!policy.alphabet().is_empty());
    assert!(policy.entropy_bits() > 0.0, "{policy}");
    let shown = policy.to_string();
    match Policy::parse(&shown) {
        Ok(again) => assert_eq!(&again, policy, "`{shown}` reads back to another policy"),
        Err(error) => panic!("`{shown}` does not read back: {error}"),
    }
}

/// Every diagnostic of a refused text: a message, and spans inside the text.
fn policy_error(text: &str, error: &PolicyError) {
    assert!(!error.diagnostics().is_empty());
    for diagnostic in error.diagnostics() {
        assert!(!diagnostic.message.is_empty(), "an empty message");
        span_inside(text, &diagnostic.span, &diagnostic.message);
        for (span, note) in &diagnostic.related {
            assert!(!note.is_empty(), "an empty note");
            span_inside(text, span, note);
        }
    }
    assert_eq!(error.snippet(), &text[error.span()]);
    assert!(!error.to_string().is_empty());
}

#[track_caller]
fn span_inside(text: &str, span: &Range<usize>, what: &str) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "span {span:?} outside the {} bytes of the input: {what}",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "span {span:?} cuts a character: {what}"
    );
}

/// The lines of `text` as words, after 1,024 words of padding so that small inputs get past the
/// minimum size and reach the trimming, deduplication and checks of every word.
pub fn word_lines(text: &str) {
    let words: Vec<&str> = padding()
        .iter()
        .map(String::as_str)
        .chain(text.lines())
        .collect();
    match Wordlist::from_words(&words) {
        Ok(list) => wordlist_ok(&list, words.len()),
        Err(error) => assert!(!error.to_string().is_empty()),
    }
}

/// `padding0` to `padding1023`, made once.
fn padding() -> &'static [String] {
    static PADDING: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    PADDING.get_or_init(|| {
        (0..Wordlist::MIN_LEN)
            .map(|i| format!("padding{i}"))
            .collect()
    })
}

/// `bytes` as a word list file (the padding of [`word_lines`] first), read by
/// `Wordlist::from_file`; `path` is a scratch file of the caller's.
pub fn word_file(bytes: &[u8], path: &std::path::Path) {
    let mut contents: Vec<u8> = padding()
        .iter()
        .flat_map(|word| [word.as_bytes(), b"\n"].concat())
        .collect();
    contents.extend_from_slice(bytes);
    std::fs::write(path, &contents).expect("write the scratch word list");
    match Wordlist::from_file(path) {
        Ok(list) => wordlist_ok(&list, contents.len()),
        Err(error) => {
            let message = error.to_string();
            assert!(
                !message.is_empty() && !message.contains('\n'),
                "{message:?}"
            );
        }
    }
}

/// A list read from at most `at_most` words (or bytes): trimmed, non-empty, distinct words.
fn wordlist_ok(list: &Wordlist, at_most: usize) {
    assert!(list.len() >= Wordlist::MIN_LEN && list.len() <= at_most);
    let mut seen = HashSet::new();
    for word in list.words() {
        assert!(!word.is_empty() && word.trim() == word, "{word:?}");
        assert!(seen.insert(word), "{word:?} twice");
    }
    assert_eq!(seen.len(), list.len());
    assert!(list.entropy_bits(6).is_finite());
}
