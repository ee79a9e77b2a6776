//! Valid policies through `password_policy!`: the expansion equals `Policy::parse` of the same
//! text (every field, floats bit for bit), and the passwords it generates satisfy its rules.

use secrets_rt::{password_policy, Class, Policy};

/// Expands the rules with the macro and parses the very same tokens as text with
/// `Policy::parse`, asserts the two policies are equal, and returns the macro's.
macro_rules! same_as_parse {
    ($($rules:tt)*) => {{
        const EXPANDED: Policy = password_policy!($($rules)*);
        let text = stringify!($($rules)*);
        let parsed = Policy::parse(text)
            .unwrap_or_else(|error| panic!("Policy::parse refuses `{text}`: {error}"));
        assert_eq!(EXPANDED, parsed, "`{text}`");
        EXPANDED
    }};
}

/// Generates a few passwords and checks each against the policy's own rules and length.
fn assert_generates(policy: &Policy) {
    for _ in 0..20 {
        let password = policy.generate();
        assert_eq!(password.chars().count(), policy.len(), "{password}");
        assert!(
            password.chars().all(|c| policy.alphabet().contains(&c)),
            "{password}"
        );
        assert!(policy.is_satisfied_by(&password), "{policy}: {password}");
    }
}

#[test]
fn the_cards_policy_equals_policy_parse() {
    let policy = password_policy!(len = 10, lower >= 1, upper >= 1, digits >= 3);
    assert_eq!(
        policy,
        Policy::parse("len = 10, lower >= 1, upper >= 1, digits >= 3").unwrap()
    );
}

#[test]
fn the_cards_policy_has_the_issues_exact_figures() {
    const STRONG: Policy = password_policy!(len = 10, lower >= 1, upper >= 1, digits >= 3);
    assert_eq!(STRONG.password_count(), Some(172_120_264_792_320_000));
    assert!(
        (STRONG.entropy_bits() - 57.2562).abs() < 5e-5,
        "{}",
        STRONG.entropy_bits()
    );
    assert!((STRONG.acceptance_probability() - 0.2051).abs() < 5e-5);
    assert_eq!(STRONG.len(), 10);
    assert_eq!(STRONG.alphabet().len(), 62);
    assert_generates(&STRONG);
}

#[test]
fn every_kind_of_rule_expands_to_what_policy_parse_builds() {
    let policies = [
        same_as_parse!(len = 10, lower >= 1, upper >= 1, digits >= 3),
        same_as_parse!(len = 9,),
        same_as_parse!(len = 256),
        same_as_parse!(len = 12, symbols = "!@#$%", symbols >= 2),
        same_as_parse!(len = 16, exclude = "Il1O0", digits >= 2),
        same_as_parse!(len = 12, symbols >= 1, digits <= 2, upper == 3),
        same_as_parse!(len = 6, digits = "0123", lower == 0, upper == 0),
        same_as_parse!(
            len = 8,
            lower | upper >= 1,
            digits | "!?" >= 2,
            symbols = "!?"
        ),
        same_as_parse!(len = 20, lower == 0, upper == 0, max_consecutive = 1),
        same_as_parse!(
            len = 10,
            lower >= 1,
            upper >= 1,
            digits >= 3,
            min_entropy = 57.25
        ),
        same_as_parse!(len = 8, symbols = "\"\\", symbols >= 1),
        same_as_parse!(len = 8, symbols = "€§\u{e9}", symbols >= 1),
    ];
    for policy in &policies {
        assert_generates(policy);
    }
}

#[test]
fn a_line_continuation_reads_alike_with_either_line_ending() {
    // Rust reads a source file's `\r\n` as `\n` before it cuts tokens, so the macro below gets
    // the same string whether this file ends its lines with `\n` or `\r\n`: `Policy::parse`
    // must read a configuration file with Windows line endings the same way.
    const CONTINUED: Policy = password_policy!(
        len = 8,
        symbols = "!\
          @",
        symbols >= 1
    );
    for text in [
        "len = 8, symbols = \"!\\\n      @\", symbols >= 1",
        "len = 8, symbols = \"!\\\r\n      @\", symbols >= 1",
    ] {
        assert_eq!(Policy::parse(text).as_ref(), Ok(&CONTINUED), "{text:?}");
    }
    assert_eq!(CONTINUED.class_chars(Class::Symbols), "!@");
    // A line break inside a string is a line feed, either way; a class cannot hold it.
    let error = Policy::parse("len = 8, symbols = \"!\r\n\"").unwrap_err();
    assert_eq!(
        error.message(),
        "`symbols` cannot hold the control character `\\u{a}`; use visible characters"
    );
}

#[test]
fn custom_characters_survive_the_expansion() {
    const P: Policy = password_policy!(len = 8, symbols = "€§\u{e9}\"", symbols >= 1);
    assert_eq!(P.class_chars(Class::Symbols), "€§é\"");
    assert!(P.alphabet().ends_with(&['€', '§', 'é', '"']));
}

#[test]
fn rules_passed_on_by_another_macro_are_read_through_invisible_groups() {
    // `$rule:expr` reaches the proc macro wrapped in groups without delimiters.
    macro_rules! policy_of_exprs {
        ($($rule:expr),*) => {
            password_policy!($($rule),*)
        };
    }
    let policy: Policy = policy_of_exprs!(len = 10, lower | upper >= 1, digits == 2);
    assert_eq!(
        policy,
        Policy::parse("len = 10, lower | upper >= 1, digits == 2").unwrap()
    );
}

#[test]
fn names_in_the_callers_scope_do_not_change_the_expansion() {
    // The expansion uses absolute paths and a hygienic name for its own constant.
    #[allow(dead_code)] // reason: these only have to be in scope
    mod shadowing {
        pub struct Cow;
        pub struct Some;
        pub struct Constraint;
        pub const POLICY: u8 = 0;
        pub mod secrets_rt {}
    }
    #[allow(unused_imports)]
    // reason: the point is that they are in scope, not that they are used
    use shadowing::*;
    let policy = password_policy!(len = 8, digits >= 1, min_entropy = 10);
    assert_eq!(
        policy,
        Policy::parse("len = 8, digits >= 1, min_entropy = 10").unwrap()
    );
}

/// A policy whose own tables are too large under `max_sequential` (issue 14's first example)
/// counts in the macro by the cluster sum and generates through a relaxation.
#[test]
fn a_policy_drawn_through_a_relaxation_expands() {
    let policy = same_as_parse!(
        len = 14,
        upper >= 2,
        lower >= 5,
        digits >= 5,
        symbols <= 11,
        symbols >= 1,
        max_sequential = 3
    );
    assert!(policy.__rules().sampler().walks_a_relaxation());
    assert_generates(&policy);
}
