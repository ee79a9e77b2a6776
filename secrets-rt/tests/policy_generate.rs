//! `Policy::generate` is exactly uniform over the passwords a policy allows, every password it
//! returns satisfies every rule, and `entropy_bits()` is log2 of the number of allowed passwords.
//!
//! Each check here uses its own description of the rules (a predicate written by hand, or a
//! property-test model), never the core's `is_satisfied_by`, which generation itself relies on.

use std::collections::HashMap;

use proptest::prelude::*;
use secrets_rt::{Policy, SystemRandom};

mod common;

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

/// Every string of `len` characters over `alphabet` that `case` allows, trying each string in
/// turn (an odometer over one buffer: only the allowed ones are kept).
fn valid_set(case: &Enumerable, len: usize) -> Vec<String> {
    let alphabet: Vec<char> = case.alphabet.chars().collect();
    let mut digits = vec![0usize; len];
    let mut password: Vec<char> = vec![alphabet[0]; len];
    let mut valid = Vec::new();
    loop {
        if (case.allows)(&password) {
            valid.push(password.iter().collect());
        }
        // The next string: increment the last digit, carrying leftwards.
        let mut position = len;
        loop {
            if position == 0 {
                return valid;
            }
            position -= 1;
            digits[position] += 1;
            if digits[position] < alphabet.len() {
                password[position] = alphabet[digits[position]];
                break;
            }
            digits[position] = 0;
            password[position] = alphabet[0];
        }
    }
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

/// Fails when the chi-square statistic of `per_cell` draws a password of `valid` (the
/// passwords of `case`) passes its one-in-10^8 limit.
fn assert_uniform(
    case: &Enumerable,
    valid: &[String],
    per_cell: usize,
    draw: impl FnMut() -> String,
) {
    let statistic = chi_square(valid, per_cell, draw);
    let limit = common::chi_square_limit(valid.len() - 1);
    assert!(
        statistic < limit,
        "{}: chi-square {statistic:.1} over {} passwords exceeds {limit:.1}",
        case.text,
        valid.len()
    );
}

#[test]
fn generate_is_uniform_over_the_allowed_set() {
    for case in ENUMERABLE {
        let policy = Policy::parse(case.text).unwrap_or_else(|e| panic!("{}: {e}", case.text));
        let valid = valid_set(case, policy.len());
        assert_uniform(case, &valid, 60, || policy.generate());
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
    let limit = common::chi_square_limit(valid.len() - 1);
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
        // Impossible random policies are refused by the checks; those are tested on their
        // own. Every accepted one generates, however strict.
        let Ok(policy) = Policy::parse(&text) else { return Ok(()) };
        for password in std::iter::repeat_with(|| policy.generate()).take(2).chain(policy.generate_many(3)) {
            prop_assert!(model.allows(&password), "{text}: generated {password:?}");
        }
    }
}

/// Strict policies, where Python's draw-and-reject loop keeps fewer than 1 draw in 1,000, small
/// enough to enumerate: exact sampling is uniform over them too.
const STRICT: &[Enumerable] = &[
    Enumerable {
        // 799 passwords out of 7^7 = 823,543 strings: acceptance 9.7e-4.
        text: r#"len = 7, lower = "abcdef", upper = "C", digits == 0, "C" >= 5"#,
        alphabet: "abcdefC",
        allows: |p| count_in(p, "C") >= 5,
    },
    Enumerable {
        // Four `a`s, never two side by side: 216 passwords out of 7^7, acceptance 2.6e-4.
        text: r#"len = 7, lower = "ab", upper == 0, digits = "01234", "a" >= 4, max_consecutive = 1"#,
        alphabet: "ab01234",
        allows: |p| count_in(p, "a") >= 4 && longest_run(p) <= 1,
    },
];

#[test]
fn generate_is_uniform_over_strict_policies() {
    for case in STRICT {
        let policy = Policy::parse(case.text).unwrap_or_else(|e| panic!("{}: {e}", case.text));
        assert!(policy.acceptance_probability() < 1e-3, "{}", case.text);
        let valid = valid_set(case, policy.len());
        assert_eq!(policy.password_count(), Some(valid.len() as u128));
        // Half single calls, half bulk: both are the same draw.
        let mut bulk = Vec::new();
        let mut single = true;
        assert_uniform(case, &valid, 20, || {
            single = !single;
            if single {
                return policy.generate();
            }
            if bulk.is_empty() {
                bulk = policy.generate_many(1000);
            }
            bulk.pop().unwrap()
        });
    }
}

/// `generate_many` walks the passwords of a policy whose walk reads its whole table first in
/// groups, the table read once a group (`Sampler::unrank_group`): bulk passwords alone, over
/// every policy here, must be as uniform as single ones, and the groups must be reached.
#[test]
fn generate_many_in_groups_is_uniform() {
    let mut grouped = 0;
    for case in ENUMERABLE.iter().chain(STRICT) {
        let policy = Policy::parse(case.text).unwrap_or_else(|e| panic!("{}: {e}", case.text));
        let sampler = policy.__rules().sampler();
        grouped += usize::from(sampler.preloads() && !sampler.walks_a_relaxation());
        let valid = valid_set(case, policy.len());
        let mut bulk = Vec::new();
        assert_uniform(case, &valid, 20, || {
            if bulk.is_empty() {
                bulk = policy.generate_many(999);
            }
            bulk.pop().unwrap()
        });
    }
    assert!(grouped >= 4, "{grouped} policies drawn in groups");
}

/// The reference and exact sampling draw from the same distribution: a chi-square test of
/// homogeneity between their counts (equal sample sizes: the statistic is
/// `sum (a - b)^2 / (a + b)` with `cells - 1` degrees of freedom).
#[test]
fn exact_sampling_agrees_with_the_rejection_reference() {
    for case in ENUMERABLE {
        let policy = Policy::parse(case.text).unwrap();
        let valid = valid_set(case, policy.len());
        let draws = 40 * valid.len();
        let mut exact: HashMap<String, usize> = HashMap::new();
        let mut reference: HashMap<String, usize> = HashMap::new();
        for _ in 0..draws {
            *exact.entry(policy.generate()).or_default() += 1;
            *reference
                .entry(policy.__generate_by_rejection().unwrap())
                .or_default() += 1;
        }
        let statistic: f64 = valid
            .iter()
            .map(|password| {
                let a = *exact.get(password).unwrap_or(&0) as f64;
                let b = *reference.get(password).unwrap_or(&0) as f64;
                if a + b == 0.0 {
                    0.0
                } else {
                    (a - b).powi(2) / (a + b)
                }
            })
            .sum();
        assert_eq!(
            exact.len() + reference.len(),
            2 * valid.len(),
            "{}: a password outside the set, or one never drawn",
            case.text
        );
        let limit = common::chi_square_limit(valid.len() - 1);
        assert!(
            statistic < limit,
            "{}: {statistic:.1} >= {limit:.1}",
            case.text
        );
    }
}

/// The passwords at the first and last index, and a few drawn, for policies whose counts sit at
/// the edges of the machine words the walk runs on.
fn check_edges(text: &str, check: impl Fn(&str) -> bool) {
    let policy = Policy::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
    let sampler = policy.__rules().sampler();
    let mut scratch = sampler.scratch();
    let mut indices = vec![0u8; policy.len()];
    let count = sampler.count_words().to_vec();
    let mut last = count.clone();
    // count - 1, borrowing through zero words.
    for word in &mut last {
        let (value, borrow) = word.overflowing_sub(1);
        *word = value;
        if !borrow {
            break;
        }
    }
    let mut seen = Vec::new();
    for index in [vec![0u64], last] {
        scratch.set_index(&index);
        sampler.unrank(&mut scratch, &mut indices);
        let password: String = indices
            .iter()
            .map(|&i| policy.alphabet()[usize::from(i)])
            .collect();
        assert!(
            check(&password) && policy.is_satisfied_by(&password),
            "{text}: {password}"
        );
        seen.push(password);
    }
    assert_ne!(seen[0], seen[1], "{text}");
    for password in policy.generate_many(20) {
        assert!(check(&password), "{text}: {password}");
    }
}

#[test]
fn counts_at_the_edges_of_machine_words() {
    let a_count = |p: &str| p.chars().filter(|&c| c == 'a').count();
    let binary = |p: &str| p.chars().all(|c| c == 'a' || c == 'b');
    // N = 2: alternate two letters.
    check_edges(
        r#"len = 9, lower = "ab", upper == 0, digits == 0, max_consecutive = 1"#,
        |p| p == "ababababa" || p == "babababab",
    );
    let policy =
        Policy::parse(r#"len = 9, lower = "ab", upper == 0, digits == 0, max_consecutive = 1"#)
            .unwrap();
    assert_eq!(policy.password_count(), Some(2));
    // 2^64 - 1 (one word, all ones), 2^64 exactly and just above (two words).
    check_edges(
        r#"len = 64, lower = "ab", upper == 0, digits == 0, "a" >= 1"#,
        |p| binary(p) && a_count(p) >= 1,
    );
    check_edges(r#"len = 64, lower = "ab", upper == 0, digits == 0"#, binary);
    check_edges(
        r#"len = 65, lower = "ab", upper == 0, digits == 0, "a" >= 32"#,
        |p| binary(p) && a_count(p) >= 32,
    );
    // 2^128 exactly and just above (three words).
    check_edges(
        r#"len = 128, lower = "ab", upper == 0, digits == 0"#,
        binary,
    );
    check_edges(
        r#"len = 129, lower = "ab", upper == 0, digits == 0, "a" >= 64"#,
        |p| binary(p) && a_count(p) >= 64,
    );
    // The longest passwords, through both walks, and an alphabet of one class.
    check_edges(
        "len = 256, lower >= 60, upper >= 60, digits >= 60, symbols >= 60",
        |p| p.chars().filter(char::is_ascii_digit).count() >= 60 && p.chars().count() == 256,
    );
    check_edges("len = 256, digits >= 1, max_consecutive = 2", |p| {
        p.as_bytes()
            .windows(3)
            .all(|w| !(w[0] == w[1] && w[1] == w[2]))
    });
    check_edges("len = 12, upper == 0, digits == 0", |p| {
        p.chars().all(|c| c.is_ascii_lowercase())
    });
}

/// A policy whose unranking tables would be too large (wide bounds on four classes at the
/// longest length) but that nearly every random string satisfies is drawn by Python's loop,
/// which then takes about one attempt: it is accepted and generates valid passwords.
#[test]
fn a_policy_too_large_to_tabulate_but_easy_to_meet_is_drawn_by_rejection() {
    let text = "len = 256, lower >= 1, upper >= 1, digits >= 1, symbols >= 1, \
                lower <= 200, upper <= 200, digits <= 200, symbols <= 200";
    let policy = Policy::parse(text).unwrap();
    assert!(policy.__rules().sampler().by_rejection());
    assert!(policy.acceptance_probability() > 0.5);
    let model = |password: &str| {
        let count = |class: fn(&char) -> bool| password.chars().filter(class).count();
        password.chars().count() == 256
            && (1..=200).contains(&count(char::is_ascii_lowercase))
            && (1..=200).contains(&count(char::is_ascii_uppercase))
            && (1..=200).contains(&count(char::is_ascii_digit))
            && (1..=200).contains(&count(char::is_ascii_punctuation))
    };
    for password in std::iter::once(policy.generate()).chain(policy.generate_many(50)) {
        assert!(model(&password), "{password}");
    }
}

/// A policy whose own tables are too large under `max_sequential` (issue 14's first example)
/// is drawn through a relaxation: the policy without `max_sequential`, walked exactly, keeping
/// the draws with no sequence over three. The acceptance is known (both counts are exact) and
/// at least 1/2; every password satisfies the rules, and the symbols no rule tells apart (in no
/// sequence range) are equally frequent. (Issue 14's third example, once drawn this way, has
/// bounds the others imply and is now walked by its own table.)
#[test]
fn a_policy_drawn_through_a_relaxation_is_uniform() {
    let text = "len = 14, upper >= 2, lower >= 5, digits >= 5, symbols <= 11, symbols >= 1, \
                max_sequential = 3";
    let policy = Policy::parse(text).unwrap();
    let sampler = policy.__rules().sampler();
    assert!(sampler.walks_a_relaxation());
    assert!(sampler.acceptance() >= 0.5 && sampler.acceptance() < 1.0);
    let steps = |password: &[u8]| {
        // The longest run of characters one step apart in one direction, within a range.
        let in_range = |c: u8| c.is_ascii_alphanumeric();
        let mut longest = 1;
        let (mut run, mut direction) = (1, 0i16);
        for w in password.windows(2) {
            let step = i16::from(w[1]) - i16::from(w[0]);
            let same_range = in_range(w[0])
                && in_range(w[1])
                && (w[0].is_ascii_lowercase() == w[1].is_ascii_lowercase())
                && (w[0].is_ascii_digit() == w[1].is_ascii_digit());
            if same_range && step.abs() == 1 {
                run = if step == direction { run + 1 } else { 2 };
                direction = step;
            } else {
                (run, direction) = (1, 0);
            }
            longest = longest.max(run);
        }
        longest
    };
    let others: Vec<char> = (b'!'..=b'~')
        .map(char::from)
        .filter(char::is_ascii_punctuation)
        .collect();
    let mut counts = vec![0u64; others.len()];
    for password in policy.generate_many(6000) {
        assert!(policy.is_satisfied_by(&password), "{password}");
        assert!(steps(password.as_bytes()) <= 3, "{password}");
        for c in password.chars() {
            if let Some(i) = others.iter().position(|&o| o == c) {
                counts[i] += 1;
            }
        }
    }
    common::assert_uniform(&counts, "the symbols no rule tells apart");
}
