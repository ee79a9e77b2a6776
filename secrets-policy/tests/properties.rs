//! Properties of the text front end over random input: `Display` round-trips through
//! `CheckedPolicy::parse` for random valid policies, and `CheckedPolicy::parse` never panics, whatever the
//! text, and says where every problem is.

use std::cell::Cell;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use secrets_policy::{CheckedPolicy, Class};

/// A string literal of the grammar for `chars`.
fn quoted(chars: &str) -> String {
    let mut out = String::from("\"");
    for c in chars.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// What a class is in a generated policy.
#[derive(Clone, Debug)]
enum ClassState {
    Default,
    Out,
    /// Some of its default characters, in a shuffled order, or foreign ones for `symbols`.
    Custom(String),
}

fn class_state(class: Class) -> impl Strategy<Value = ClassState> {
    let defaults: Vec<char> = class.default_chars().chars().collect();
    let custom = proptest::sample::subsequence(defaults.clone(), 1..=defaults.len())
        .prop_shuffle()
        .prop_map(|chars| chars.into_iter().collect::<String>());
    let foreign = proptest::sample::subsequence(vec!['é', '€', '£', '§', ' '], 1..=5)
        .prop_map(|chars| chars.into_iter().collect::<String>());
    prop_oneof![
        3 => Just(ClassState::Default),
        1 => Just(ClassState::Out),
        2 => custom.prop_map(ClassState::Custom),
        1 => foreign.prop_map(move |chars| ClassState::Custom(if class == Class::Symbols { chars } else { String::new() }))
    ]
    .prop_map(|state| match state {
        // An empty custom set is an error by design; keep this generator on valid policies.
        ClassState::Custom(chars) if chars.is_empty() => ClassState::Default,
        state => state,
    })
}

/// A random policy text, valid more often than not.
fn policy_text() -> impl Strategy<Value = String> {
    let classes = (
        class_state(Class::Lower),
        class_state(Class::Upper),
        class_state(Class::Digits),
        class_state(Class::Symbols),
    );
    let count = (
        proptest::collection::vec(
            prop_oneof![
                proptest::sample::select(vec!["lower", "upper", "digits", "symbols"])
                    .prop_map(str::to_owned),
                proptest::sample::select(vec![
                    "\"a\"", "\"xyz\"", "\"Q\"", "\"7\"", "\"!#\"", "\"\\\\\"", "\"\\\"\""
                ])
                .prop_map(str::to_owned),
            ],
            1..=2,
        ),
        proptest::sample::select(vec![">=", "<=", "=="]),
        0usize..=4,
    );
    (
        8usize..=40,
        classes,
        proptest::option::of(proptest::sample::select(vec!["Il1O0", "xyz", "!", "\\\""])),
        proptest::collection::vec(count, 0..=4),
        proptest::option::of(2usize..=5),
        proptest::option::of((0u32..40, 0u32..10)),
    )
        .prop_map(
            |(
                len,
                (lower, upper, digits, symbols),
                exclude,
                counts,
                max_consecutive,
                min_entropy,
            )| {
                let mut rules = vec![format!("len = {len}")];
                for (class, state) in [
                    (Class::Lower, lower),
                    (Class::Upper, upper),
                    (Class::Digits, digits),
                    (Class::Symbols, symbols),
                ] {
                    match state {
                        ClassState::Default => {}
                        ClassState::Out => rules.push(format!("{} == 0", class.name())),
                        ClassState::Custom(chars) => {
                            rules.push(format!("{} = {}", class.name(), quoted(&chars)));
                        }
                    }
                }
                if let Some(exclude) = exclude {
                    rules.push(format!("exclude = \"{exclude}\""));
                }
                for (operands, op, n) in counts {
                    // Counts of 0 with `<=`/`==` remove classes; `>= 0` only brings classes in.
                    let n = if op == ">=" { n } else { n.max(1) };
                    rules.push(format!("{} {op} {n}", operands.join(" | ")));
                }
                if let Some(limit) = max_consecutive {
                    rules.push(format!("max_consecutive = {limit}"));
                }
                if let Some((whole, tenths)) = min_entropy {
                    rules.push(format!("min_entropy = {whole}.{tenths}"));
                }
                rules.join(", ")
            },
        )
}

#[test]
fn display_round_trips() {
    let mut runner = TestRunner::new(Config {
        cases: 400,
        ..Config::default()
    });
    let valid = Cell::new(0);
    runner
        .run(&policy_text(), |text| {
            if let Ok(policy) = CheckedPolicy::parse(&text) {
                valid.set(valid.get() + 1);
                let shown = policy.to_string();
                let again = CheckedPolicy::parse(&shown);
                prop_assert_eq!(again.as_ref(), Ok(&policy), "{} printed as {}", text, shown);
                // Printing is canonical: the reparsed policy prints the same.
                prop_assert_eq!(again.unwrap().to_string(), shown);
            }
            Ok(())
        })
        .unwrap();
    // Enough generated policies must be valid, or the round trip is barely tested. About 39% of
    // them are (measured: 155 of 400 on average over 60 runs, standard deviation 10, as for a
    // binomial with p = 0.39). The floor of 100 is 5.6 standard deviations below the mean, so a
    // correct core fails it less than once in 10^7 runs; a generator gone wrong (most policies
    // refused) still fails it. (A floor of 150 failed about one run in three.)
    assert!(
        valid.get() > 100,
        "only {} of 400 generated policies were valid",
        valid.get()
    );
}

/// The things a `CheckedPolicy::parse` result must satisfy, whatever the input: no panic, and every
/// problem's span inside the text, on character boundaries, with a message.
fn well_behaved(text: &str) -> Result<(), TestCaseError> {
    match CheckedPolicy::parse(text) {
        Ok(policy) => {
            prop_assert_eq!(CheckedPolicy::parse(&policy.to_string()), Ok(policy));
        }
        Err(error) => {
            for diagnostic in error.diagnostics() {
                prop_assert!(
                    text.get(diagnostic.span().clone()).is_some(),
                    "{:?} in {:?}",
                    diagnostic,
                    text
                );
                prop_assert!(!diagnostic.message().is_empty());
                prop_assert!(
                    !diagnostic.message().ends_with('.'),
                    "{}",
                    diagnostic.message()
                );
                for (span, note) in diagnostic.related() {
                    prop_assert!(text.get(span.clone()).is_some(), "{:?} in {:?}", span, text);
                    prop_assert!(!note.is_empty());
                }
            }
            let _ = error.to_string();
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(Config { cases: 500, ..Config::default() })]

    #[test]
    fn parse_never_panics_on_any_text(text in any::<String>()) {
        well_behaved(&text)?;
    }

    #[test]
    fn parse_never_panics_near_the_grammar(
        tokens in proptest::collection::vec(
            (
                proptest::sample::select(vec![
                    "len", "lower", "upper", "digits", "symbols", "exclude", "min_entropy",
                    "max_consecutive", "digit", "lenght", "=", "==", ">=", "<=", ">", "|", ",", ",",
                    "-", "0", "1", "3", "10", "256", "257", "2.5", "1e3", "99999999999999999999",
                    "\"abc\"", "\"!@#\"", "\"\"", "\"\\u{41}\"", "\"\\q\"", "\"\\u{d800}\"", "\"open",
                    "(", ")", "[", "r#\"x\"#", ";", "é", "\"aa\"", "\"0123456789\"",
                ]),
                proptest::sample::select(vec![" ", "", "  ", "\n"]),
            ),
            0..24,
        )
    ) {
        let text: String = tokens.iter().flat_map(|(token, space)| [*token, *space]).collect();
        well_behaved(&text)?;
    }

    #[test]
    fn parse_never_panics_on_policies_with_one_change(text in policy_text(), at in any::<prop::sample::Index>(), insert in any::<char>()) {
        // Cut the text at a character boundary and insert a random character there.
        let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
        let cut = boundaries[at.index(boundaries.len())];
        let changed = format!("{}{}{}", &text[..cut], insert, &text[cut..]);
        well_behaved(&changed)?;
    }
}
