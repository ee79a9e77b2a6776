//! Exact counting against brute force: for small random policies, `CheckedPolicy::parse` must agree
//! with enumerating every string over the alphabet and checking each rule directly.
//!
//! The checker here knows nothing of the rule core: it reads the rules from the description
//! the test generated, not from the parsed policy.

use std::cell::Cell;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use secrets_policy::CheckedPolicy;

/// One count rule as generated: the text of its target, the characters it counts, and the
/// comparison.
#[derive(Clone, Debug)]
struct CountRule {
    target: String,
    chars: Vec<char>,
    op: &'static str,
    n: usize,
}

#[derive(Clone, Debug)]
struct Small {
    len: usize,
    upper_out: bool,
    symbols_in: bool,
    rules: Vec<CountRule>,
    max_consecutive: Option<usize>,
}

const LOWER: &str = "ab";
const UPPER: &str = "C";
const DIGITS: &str = "01";
const SYMBOLS: &str = "!";

impl Small {
    fn alphabet(&self) -> Vec<char> {
        let mut alphabet: Vec<char> = LOWER.chars().collect();
        if !self.upper_out {
            alphabet.extend(UPPER.chars());
        }
        alphabet.extend(DIGITS.chars());
        if self.symbols_in {
            alphabet.extend(SYMBOLS.chars());
        }
        alphabet
    }

    fn text(&self) -> String {
        let mut rules = vec![
            format!("len = {}", self.len),
            format!("lower = \"{LOWER}\""),
            format!("digits = \"{DIGITS}\""),
        ];
        rules.push(if self.upper_out {
            "upper == 0".to_owned()
        } else {
            format!("upper = \"{UPPER}\"")
        });
        if self.symbols_in {
            rules.push(format!("symbols = \"{SYMBOLS}\""));
        }
        rules.extend(
            self.rules
                .iter()
                .map(|rule| format!("{} {} {}", rule.target, rule.op, rule.n)),
        );
        if let Some(limit) = self.max_consecutive {
            rules.push(format!("max_consecutive = {limit}"));
        }
        rules.join(", ")
    }

    /// Whether `password` keeps every rule, read straight from the description.
    fn allows(&self, password: &[char]) -> bool {
        let counts_ok = self.rules.iter().all(|rule| {
            let count = password.iter().filter(|c| rule.chars.contains(c)).count();
            match rule.op {
                ">=" => count >= rule.n,
                "<=" => count <= rule.n,
                _ => count == rule.n,
            }
        });
        let longest_run = password
            .chunk_by(|a, b| a == b)
            .map(<[char]>::len)
            .max()
            .unwrap_or(0);
        counts_ok
            && self
                .max_consecutive
                .is_none_or(|limit| longest_run <= limit)
    }

    fn brute_force(&self) -> u128 {
        let alphabet = self.alphabet();
        let total = alphabet.len().pow(self.len as u32);
        let mut password = vec![' '; self.len];
        let mut allowed = 0;
        for mut code in 0..total {
            for slot in &mut password {
                *slot = alphabet[code % alphabet.len()];
                code /= alphabet.len();
            }
            allowed += u128::from(self.allows(&password));
        }
        allowed
    }
}

/// Operands: whole classes or quoted sets of alphabet characters.
fn operand(symbols_in: bool, upper_in: bool) -> impl Strategy<Value = (String, Vec<char>)> {
    let mut options: Vec<(String, Vec<char>)> = vec![
        ("lower".into(), LOWER.chars().collect()),
        ("digits".into(), DIGITS.chars().collect()),
        ("\"a\"".into(), vec!['a']),
        ("\"b0\"".into(), vec!['b', '0']),
    ];
    if upper_in {
        options.push(("upper".into(), UPPER.chars().collect()));
    }
    if symbols_in {
        options.push(("symbols".into(), SYMBOLS.chars().collect()));
    }
    proptest::sample::select(options)
}

fn small() -> impl Strategy<Value = Small> {
    (1usize..=5, any::<bool>(), any::<bool>())
        .prop_flat_map(|(len, upper_out, symbols_in)| {
            let rule = (
                proptest::collection::vec(operand(symbols_in, !upper_out), 1..=2),
                proptest::sample::select(vec![">=", "<=", "=="]),
                0..=len + 1,
            )
                .prop_map(|(operands, op, n)| {
                    let mut chars: Vec<char> = operands
                        .iter()
                        .flat_map(|(_, chars)| chars.clone())
                        .collect();
                    chars.sort_unstable();
                    chars.dedup();
                    let names: Vec<String> = operands.into_iter().map(|(name, _)| name).collect();
                    // `<= 0` and `== 0` remove classes: counts here are at least 1.
                    let n = if op == ">=" { n } else { n.max(1) };
                    CountRule {
                        target: names.join(" | "),
                        chars,
                        op,
                        n,
                    }
                });
            (
                Just(len),
                Just(upper_out),
                Just(symbols_in),
                proptest::collection::vec(rule, 0..=3),
                proptest::option::of(1usize..=3),
            )
        })
        .prop_filter_map(
            "one rule per target",
            |(len, upper_out, symbols_in, mut rules, max_consecutive)| {
                // A target is its set of characters; a union naming a set twice is no target.
                let mut seen = Vec::new();
                rules.retain(|rule| {
                    let fresh = !seen.contains(&rule.chars);
                    seen.push(rule.chars.clone());
                    fresh
                });
                let repeats = rules.iter().any(|rule| {
                    let names: Vec<&str> = rule.target.split(" | ").collect();
                    names.len() == 2 && names[0] == names[1]
                });
                (!repeats).then_some(Small {
                    len,
                    upper_out,
                    symbols_in,
                    rules,
                    max_consecutive,
                })
            },
        )
}

#[test]
fn counts_match_brute_force() {
    let mut runner = TestRunner::new(Config {
        cases: 300,
        ..Config::default()
    });
    let (valid, refused) = (Cell::new(0), Cell::new(0));
    runner
        .run(&small(), |policy| {
            let text = policy.text();
            let expected = policy.brute_force();
            match CheckedPolicy::parse(&text) {
                Ok(parsed) => {
                    valid.set(valid.get() + 1);
                    prop_assert_eq!(parsed.password_count(), Some(expected), "{}", text);
                    let entropy = (expected as f64).log2();
                    prop_assert!((parsed.entropy_bits() - entropy).abs() < 1e-9, "{}", text);
                    let all = (policy.alphabet().len() as f64).powi(policy.len as i32);
                    prop_assert!(
                        (parsed.acceptance_probability() - expected as f64 / all).abs() < 1e-12
                    );
                }
                // Every rule here is well formed, so a refusal must mean no password at all, or
                // only one (a constant is no secret); with at most 6^5 strings, no acceptance is
                // below the attempts limit.
                Err(error) => {
                    refused.set(refused.get() + 1);
                    prop_assert!(
                        expected <= 1,
                        "{}: {} ({} passwords)",
                        text,
                        error,
                        expected
                    );
                }
            }
            Ok(())
        })
        .unwrap();
    // The generator must reach both outcomes often, or the comparison proves little.
    let (valid, refused) = (valid.get(), refused.get());
    assert!(
        valid > 100 && refused > 20,
        "valid {valid}, refused {refused}"
    );
}

#[test]
fn the_cards_policy() {
    let policy = CheckedPolicy::parse("len = 10, lower >= 1, upper >= 1, digits >= 3").unwrap();
    assert_eq!(policy.password_count(), Some(172_120_264_792_320_000));
    assert_eq!(format!("{:.4}", policy.entropy_bits()), "57.2562");
    assert_eq!(format!("{:.4}", policy.acceptance_probability()), "0.2051");
}

#[test]
fn entropy_of_long_policies_is_exact() {
    // No rule but the length: exactly len * log2(alphabet).
    let policy = CheckedPolicy::parse("len = 256, symbols >= 0").unwrap();
    assert!((policy.entropy_bits() - 256.0 * 94f64.log2()).abs() < 1e-9);
    assert_eq!(policy.password_count(), None);
    assert!((policy.acceptance_probability() - 1.0).abs() < f64::EPSILON);
    // One digit at least in 256 characters of 62: all but (52/62)^256 of the draws.
    let policy = CheckedPolicy::parse("len = 256, digits >= 1").unwrap();
    let missing = (52f64 / 62.0).powi(256);
    assert!((policy.acceptance_probability() - (1.0 - missing)).abs() < 1e-15);
    // Exactly three digits: C(30, 3) places, 10^3 digits, 52^27 letters.
    let policy = CheckedPolicy::parse("len = 30, digits == 3").unwrap();
    let bits = 4060f64.log2() + 3.0 * 10f64.log2() + 27.0 * 52f64.log2();
    assert!((policy.entropy_bits() - bits).abs() < 1e-9);
}
