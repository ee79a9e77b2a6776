//! `Policy::generate` is exactly uniform over the passwords a policy allows, every password it
//! returns satisfies every rule, and `entropy_bits()` is log2 of the number of allowed passwords.
//!
//! Each check here uses its own description of the rules (a predicate written by hand, or a
//! property-test model), never the core's `is_satisfied_by`, which generation itself relies on.

use std::collections::HashMap;

use proptest::prelude::*;
use secrets_rt::{Policy, SystemRandom};

/// A policy small enough to enumerate, with its rules restated as a plain predicate.
struct Enumerable {
    text: &'static str,
    alphabet: &'static str,
    allows: fn(&[char]) -> bool,
}

fn longest_run(password: &[char]) -> usize {
    password
        .chunk_by(|a, b| a == b)
        .map(<[char]>::len)
        .max()
        .unwrap_or(0)
}

fn count_in(password: &[char], set: &str) -> usize {
    password.iter().filter(|c| set.contains(**c)).count()
}

const ENUMERABLE: &[Enumerable] = &[
    Enumerable {
        text: r#"len = 4, lower = "ab", upper = "C", digits = "12", digits >= 2"#,
        alphabet: "abC12",
        allows: |p| count_in(p, "12") >= 2,
    },
    Enumerable {
        text: r#"len = 3, lower = "ab", upper = "A", digits = "1", lower >= 1, upper >= 1, digits >= 1"#,
        alphabet: "abA1",
        allows: |p| count_in(p, "ab") >= 1 && count_in(p, "A") >= 1 && count_in(p, "1") >= 1,
    },
    Enumerable {
        text: r#"len = 4, lower = "ab", upper = "XY", digits = "7", lower | digits >= 2, upper <= 1"#,
        alphabet: "abXY7",
        allows: |p| count_in(p, "ab7") >= 2 && count_in(p, "XY") <= 1,
    },
    Enumerable {
        text: r#"len = 5, lower = "ab", upper = "C", digits == 0, upper >= 1, max_consecutive = 2"#,
        alphabet: "abC",
        allows: |p| count_in(p, "C") >= 1 && longest_run(p) <= 2,
    },
];

/// Every string of `len` characters over `alphabet`, in lexicographic order of indices.
fn all_strings(alphabet: &[char], len: usize) -> Vec<Vec<char>> {
    let mut strings = vec![Vec::new()];
    for _ in 0..len {
        strings = strings
            .into_iter()
            .flat_map(|prefix| {
                alphabet.iter().map(move |&c| {
                    let mut next = prefix.clone();
                    next.push(c);
                    next
                })
            })
            .collect();
    }
    strings
}

fn valid_set(case: &Enumerable, len: usize) -> Vec<String> {
    let alphabet: Vec<char> = case.alphabet.chars().collect();
    all_strings(&alphabet, len)
        .into_iter()
        .filter(|p| (case.allows)(p))
        .map(|p| p.into_iter().collect())
        .collect()
}

/// The chi-square value above which a correct generator lands with probability below 1e-7
/// (Wilson–Hilferty: `q ≈ df (1 - 2/(9 df) + z sqrt(2/(9 df)))^3`, z = 5.2 for a one-sided
/// tail of 1e-7; the approximation is within a few percent for df >= 10, and the cases here have
/// df >= 11).
fn chi_square_limit(df: f64) -> f64 {
    let z = 5.2;
    let a = 2.0 / (9.0 * df);
    df * (1.0 - a + z * a.sqrt()).powi(3)
}

/// Draws `per_cell` times the number of valid passwords and returns the chi-square statistic of
/// the counts against the uniform distribution over `valid`.
fn chi_square(valid: &[String], per_cell: usize, mut draw: impl FnMut() -> String) -> f64 {
    let mut counts: HashMap<&str, usize> = valid.iter().map(|p| (p.as_str(), 0)).collect();
    let draws = per_cell * valid.len();
    for _ in 0..draws {
        let password = draw();
        let slot = counts
            .get_mut(password.as_str())
            .unwrap_or_else(|| panic!("generated {password:?}, which the rules do not allow"));
        *slot += 1;
    }
    let expected = per_cell as f64;
    counts
        .values()
        .map(|&observed| (observed as f64 - expected).powi(2) / expected)
        .sum()
}

#[test]
fn generate_is_uniform_over_the_allowed_set() {
    for case in ENUMERABLE {
        let policy = Policy::parse(case.text).unwrap_or_else(|e| panic!("{}: {e}", case.text));
        let valid = valid_set(case, policy.len());
        let df = (valid.len() - 1) as f64;
        let statistic = chi_square(&valid, 60, || policy.generate());
        let limit = chi_square_limit(df);
        assert!(
            statistic < limit,
            "{}: chi-square {statistic:.1} over {} passwords exceeds {limit:.1}",
            case.text,
            valid.len()
        );
    }
}

#[test]
fn entropy_is_log2_of_the_enumerated_count() {
    for case in ENUMERABLE {
        let policy = Policy::parse(case.text).unwrap_or_else(|e| panic!("{}: {e}", case.text));
        let mut alphabet: Vec<char> = policy.alphabet().to_vec();
        alphabet.sort_unstable();
        let mut expected: Vec<char> = case.alphabet.chars().collect();
        expected.sort_unstable();
        assert_eq!(alphabet, expected, "{}", case.text);

        let valid = valid_set(case, policy.len());
        assert_eq!(
            policy.password_count(),
            Some(valid.len() as u128),
            "{}",
            case.text
        );
        let bits = (valid.len() as f64).log2();
        assert!((policy.entropy_bits() - bits).abs() < 1e-9, "{}", case.text);
        let all = (case.alphabet.chars().count() as f64).powi(policy.len() as i32);
        let acceptance = valid.len() as f64 / all;
        assert!(
            (policy.acceptance_probability() - acceptance).abs() < 1e-9,
            "{}",
            case.text
        );
    }
}

/// The test above has the power to see the bias it guards against: "place the required
/// characters first, fill the rest from the whole alphabet, shuffle" (the usual shortcut) fails
/// it by a wide margin on the same policy with the same number of draws.
///
/// For `len = 4, digits >= 2` over `abC12`, the uniform share of passwords with exactly 2, 3 and
/// 4 digits is 216, 96 and 16 out of 328; fill-then-shuffle gives 0.36, 0.48 and 0.16 instead, a
/// chi-square near 10^4 against a limit near 480.
#[test]
fn the_uniformity_test_rejects_fill_then_shuffle() {
    let case = &ENUMERABLE[0];
    let policy = Policy::parse(case.text).unwrap();
    let valid = valid_set(case, policy.len());
    let alphabet: Vec<char> = case.alphabet.chars().collect();
    let rng = SystemRandom;
    let statistic = chi_square(&valid, 60, || {
        let mut password = vec![*rng.choice(&['1', '2']), *rng.choice(&['1', '2'])];
        password.push(*rng.choice(&alphabet));
        password.push(*rng.choice(&alphabet));
        rng.shuffle(&mut password);
        password.into_iter().collect()
    });
    let limit = chi_square_limit((valid.len() - 1) as f64);
    assert!(
        statistic > 3.0 * limit,
        "fill-then-shuffle gave chi-square {statistic:.1}, not far above {limit:.1}"
    );
}

/// A policy over the four default classes, restated so a password can be checked without the
/// core: per class, whether it is in the alphabet and its bounds; and the run limit.
#[derive(Clone, Debug)]
struct Model {
    len: usize,
    /// For lower, upper, digits, symbols: `None` when the class is left out, else (min, max).
    classes: [Option<(usize, Option<usize>)>; 4],
    max_consecutive: Option<usize>,
}

const CLASS_NAMES: [&str; 4] = ["lower", "upper", "digits", "symbols"];

fn class_of(c: char) -> Option<usize> {
    match c {
        'a'..='z' => Some(0),
        'A'..='Z' => Some(1),
        '0'..='9' => Some(2),
        _ if c.is_ascii_punctuation() => Some(3),
        _ => None,
    }
}

impl Model {
    fn text(&self) -> String {
        let mut rules = vec![format!("len = {}", self.len)];
        for (name, class) in CLASS_NAMES.iter().zip(&self.classes) {
            match class {
                None => rules.push(format!("{name} == 0")),
                Some((min, max)) => {
                    rules.push(format!("{name} >= {min}"));
                    if let Some(max) = max {
                        rules.push(format!("{name} <= {max}"));
                    }
                }
            }
        }
        if let Some(limit) = self.max_consecutive {
            rules.push(format!("max_consecutive = {limit}"));
        }
        rules.join(", ")
    }

    fn allows(&self, password: &str) -> bool {
        let chars: Vec<char> = password.chars().collect();
        let mut counts = [0usize; 4];
        for &c in &chars {
            match class_of(c) {
                Some(class) if self.classes[class].is_some() => counts[class] += 1,
                _ => return false,
            }
        }
        let bounds_hold = self
            .classes
            .iter()
            .zip(counts)
            .all(|(class, count)| match class {
                None => count == 0,
                Some((min, max)) => count >= *min && max.is_none_or(|max| count <= max),
            });
        chars.len() == self.len
            && bounds_hold
            && self
                .max_consecutive
                .is_none_or(|limit| longest_run(&chars) <= limit)
    }
}

fn model() -> impl Strategy<Value = Model> {
    let class = prop_oneof![
        1 => Just(None),
        4 => (0usize..4, proptest::option::of(0usize..8)).prop_map(|(min, extra)| {
            Some((min, extra.map(|extra| min + extra)))
        }),
    ];
    (
        1usize..24,
        [class.clone(), class.clone(), class.clone(), class],
        proptest::option::of(1usize..4),
    )
        .prop_map(|(len, classes, max_consecutive)| Model {
            len,
            classes,
            max_consecutive,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Every password generated for a random policy that the checks accept satisfies the rules,
    /// as restated independently by the model.
    #[test]
    fn generated_passwords_satisfy_every_rule(model in model()) {
        let text = model.text();
        // Impossible or impractical random policies are refused by the checks; those are
        // tested on their own. Here only the accepted ones matter.
        let Ok(policy) = Policy::parse(&text) else { return Ok(()) };
        // Policies that need more than 10^4 attempts a password run the very same loop, only
        // longer; leaving them out keeps this test to seconds in a debug build.
        if policy.acceptance_probability() < 1e-4 {
            return Ok(());
        }
        for _ in 0..4 {
            let password = policy.generate();
            prop_assert!(model.allows(&password), "{text}: generated {password:?}");
        }
    }
}
