//! The methods of Python's `random.SystemRandom` that `secrets.SystemRandom()` gives Python
//! programs: `randrange` (three forms), `randint`, `choices` (unweighted, weighted, cumulative)
//! and `uniform`, against Python's definitions: the values each can return, its errors (here
//! panics naming the method and the values), and its distribution.
//!
//! Statistical checks use the shared thresholds of `common` (a false failure in about 10^8 per
//! check); this file makes ten of them.

#![allow(clippy::similar_names, reason = "`stop` and `step` are Python's names")]

use std::panic::{catch_unwind, UnwindSafe};

use secrets_rt::SystemRandom;

mod common;

use common::{assert_proportion, assert_uniform, chi_square_limit};

/// The message `f` panics with.
fn panic_message<T>(f: impl FnOnce() -> T + UnwindSafe) -> String {
    let payload = catch_unwind(f).err().expect("a panic");
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .expect("a text panic")
}

/// Python's `range(start, stop, step)`, written out.
fn python_range(start: i64, stop: i64, step: i64) -> Vec<i64> {
    let mut values = Vec::new();
    let mut value = start;
    while (step > 0 && value < stop) || (step < 0 && value > stop) {
        values.push(value);
        value += step;
    }
    values
}

#[test]
fn randrange_step_returns_exactly_the_values_of_pythons_range() {
    // Every small (start, stop, step): an empty Python range panics, any other returns only
    // its values and, over 400 draws, all of them (a value of at most 13 missed in 400 draws
    // has probability below 13 (12/13)^400 < 1e-12; about 900 cases keep the whole test
    // below 1e-9).
    for start in -6..=6 {
        for stop in -6..=6 {
            for step in [-4, -3, -2, -1, 1, 2, 3, 4] {
                let expected = python_range(start, stop, step);
                if expected.is_empty() {
                    let message = panic_message(|| SystemRandom.randrange_step(start, stop, step));
                    assert_eq!(
                        message,
                        format!(
                            "randrange_step: empty range, got start {start}, stop {stop}, \
                             step {step}"
                        )
                    );
                    continue;
                }
                let mut seen = vec![false; expected.len()];
                for _ in 0..400 {
                    let value = SystemRandom.randrange_step(start, stop, step);
                    let position = expected
                        .iter()
                        .position(|&v| v == value)
                        .unwrap_or_else(|| {
                            panic!("randrange_step({start}, {stop}, {step}) gave {value}")
                        });
                    seen[position] = true;
                }
                assert!(
                    seen.iter().all(|&seen| seen),
                    "randrange_step({start}, {stop}, {step}) never gave some of {expected:?}"
                );
            }
        }
    }
}

#[test]
fn the_forms_of_randrange_agree_with_python_at_their_edges() {
    let rng = SystemRandom;
    assert_eq!(rng.randrange(1), 0);
    assert_eq!(rng.randrange_from(5, 6), 5);
    assert_eq!(rng.randrange_from(-3_i8, -2), -3);
    assert_eq!(rng.randrange_step(7, 8, 100), 7);
    assert_eq!(rng.randrange_step(7, 6, -100), 7);
    assert_eq!(rng.randint(3, 3), 3);
    assert_eq!(rng.randint(u128::MAX, u128::MAX), u128::MAX);
    assert_eq!(rng.randint(i128::MIN, i128::MIN), i128::MIN);
    // The widest ranges of each type, where `stop - start` overflows the type itself.
    assert!(rng.randrange_from(i64::MIN, i64::MAX) < i64::MAX);
    let _ = rng.randint(i128::MIN, i128::MAX);
    let _ = rng.randint(0, u128::MAX);
    assert!(rng.randrange_step(i8::MIN, i8::MAX, 127) <= 126);
    // `range(127, -128, -128)` is `[127, -1]`.
    assert!([127, -1].contains(&rng.randrange_step(i8::MAX, i8::MIN, i8::MIN)));
    assert!(rng.randrange(usize::MAX) < usize::MAX);
    assert!([-128, -1, 126].contains(&rng.randrange_step(i8::MIN, i8::MAX, 127)));
}

#[test]
fn misused_ranges_panic_naming_the_method_and_the_values() {
    // Python's `ValueError`s: an empty range, a zero step.
    assert_eq!(
        panic_message(|| SystemRandom.randrange(0)),
        "randrange: empty range, stop must be positive, got 0"
    );
    assert_eq!(
        panic_message(|| SystemRandom.randrange(-3_i64)),
        "randrange: empty range, stop must be positive, got -3"
    );
    assert_eq!(
        panic_message(|| SystemRandom.randrange_from(5, 5)),
        "randrange_from: empty range, stop must be above start, got start 5, stop 5"
    );
    assert_eq!(
        panic_message(|| SystemRandom.randrange_from(5u8, 2)),
        "randrange_from: empty range, stop must be above start, got start 5, stop 2"
    );
    assert_eq!(
        panic_message(|| SystemRandom.randrange_step(0, 10, 0)),
        "randrange_step: step must not be zero, got start 0, stop 10, step 0"
    );
    assert_eq!(
        panic_message(|| SystemRandom.randrange_step(10, 0, 2)),
        "randrange_step: empty range, got start 10, stop 0, step 2"
    );
    assert_eq!(
        panic_message(|| SystemRandom.randint(6, 1)),
        "randint: empty range, b must be at least a, got a 6, b 1"
    );
}

#[test]
fn randint_is_uniform_over_a_die_and_over_a_whole_type() {
    // A die, 60,000 rolls: an off-by-one at either end (a face never drawn, or a seventh
    // value) or a face drawn twice as often fails by far. (Exact uniformity of the index
    // itself is what the unit tests of `below.rs` check, exhaustively for 8-bit words.)
    let mut faces = [0u64; 6];
    for _ in 0..60_000 {
        faces[(SystemRandom.randint(1, 6) - 1) as usize] += 1;
    }
    assert_uniform(&faces, "randint(1, 6)");

    // Every `i8`, 256 cells of 400: the sign-bit map must neither skip nor double a value.
    let mut counts = vec![0u64; 256];
    for _ in 0..256 * 400 {
        counts[(i16::from(SystemRandom.randint(i8::MIN, i8::MAX)) + 128) as usize] += 1;
    }
    assert_uniform(&counts, "randint(i8::MIN, i8::MAX)");
}

#[test]
fn randrange_step_is_uniform_over_its_values() {
    // 9 values (-7, -4, ..., 17), 45,000 draws, and a negative step over 7 values.
    let values = python_range(-7, 20, 3);
    let mut counts = vec![0u64; values.len()];
    for _ in 0..45_000 {
        let value = SystemRandom.randrange_step(-7_i64, 20, 3);
        counts[values.iter().position(|&v| v == value).unwrap()] += 1;
    }
    assert_uniform(&counts, "randrange_step(-7, 20, 3)");

    let values = python_range(30, -5, -5);
    let mut counts = vec![0u64; values.len()];
    for _ in 0..35_000 {
        let value = SystemRandom.randrange_step(30_i64, -5, -5);
        counts[values.iter().position(|&v| v == value).unwrap()] += 1;
    }
    assert_uniform(&counts, "randrange_step(30, -5, -5)");
}

#[test]
fn the_top_half_of_a_128_bit_randint_is_as_likely_as_the_bottom_half() {
    // The 2^128-value range is drawn from 128 bits: its sign is a fair coin.
    let negative = (0..10_000)
        .filter(|_| SystemRandom.randint(i128::MIN, i128::MAX) < 0)
        .count();
    assert_proportion(
        negative as u64,
        10_000,
        0.5,
        "randint(i128::MIN, i128::MAX) < 0",
    );
}

/// Chi-square of `counts` against `expected` probabilities (cells of zero probability must
/// have zero counts, checked by the caller).
fn assert_matches(counts: &[u64], probabilities: &[f64], what: &str) {
    let total: u64 = counts.iter().sum();
    let mut statistic = 0.0;
    let mut cells = 0;
    for (&count, &p) in counts.iter().zip(probabilities) {
        if p > 0.0 {
            let expected = total as f64 * p;
            statistic += (count as f64 - expected).powi(2) / expected;
            cells += 1;
        }
    }
    let limit = chi_square_limit(cells - 1);
    assert!(
        statistic <= limit,
        "{what}: chi-square {statistic:.1} exceeds {limit:.1}; counts {counts:?}"
    );
}

#[test]
fn choices_without_weights_is_uniform_with_replacement() {
    let population: Vec<u32> = (0..10).collect();
    let mut counts = [0u64; 10];
    for &&item in &SystemRandom.choices(&population, 50_000) {
        counts[item as usize] += 1;
    }
    assert_uniform(&counts, "choices of 10");
    // With replacement: more picks than items, and one item can come back.
    assert_eq!(SystemRandom.choices(&["only"], 5), [&"only"; 5]);
    // `k = 0` is an empty list even from an empty population, as in Python.
    assert!(SystemRandom.choices::<u8>(&[], 0).is_empty());
    assert_eq!(
        panic_message(|| SystemRandom.choices::<u8>(&[], 1)),
        "choices: cannot choose from an empty population"
    );
}

#[test]
fn weighted_choices_follow_the_weights_and_never_pick_a_zero_weight() {
    let population = ['a', 'b', 'c', 'd', 'e'];
    let weights = [1.0, 0.0, 2.0, 3.0, 0.0];
    let probabilities = [1.0 / 6.0, 0.0, 2.0 / 6.0, 3.0 / 6.0, 0.0];
    let mut counts = [0u64; 5];
    for &&item in &SystemRandom.choices_weighted(&population, &weights, 60_000) {
        counts[item as usize - 'a' as usize] += 1;
    }
    assert_eq!((counts[1], counts[4]), (0, 0), "{counts:?}");
    assert_matches(&counts, &probabilities, "choices_weighted 1:0:2:3:0");

    // The same weights as running totals draw the same way.
    let mut counts = [0u64; 5];
    let cumulative = [1.0, 1.0, 3.0, 6.0, 6.0];
    for &&item in &SystemRandom.choices_cum_weighted(&population, &cumulative, 60_000) {
        counts[item as usize - 'a' as usize] += 1;
    }
    assert_eq!((counts[1], counts[4]), (0, 0), "{counts:?}");
    assert_matches(&counts, &probabilities, "choices_cum_weighted 1:1:3:6:6");

    // Fractional weights, and a single item of any positive weight.
    let mut heads = 0u64;
    for &&side in &SystemRandom.choices_weighted(&[true, false], &[0.25, 0.75], 40_000) {
        heads += u64::from(side);
    }
    assert_proportion(heads, 40_000, 0.25, "choices_weighted 0.25:0.75");
    assert_eq!(SystemRandom.choices_weighted(&[9], &[1e-300], 3), [&9; 3]);
    assert!(SystemRandom
        .choices_weighted(&[1, 2], &[1.0, 1.0], 0)
        .is_empty());
}

#[test]
fn misused_weights_panic_naming_the_method_and_the_values() {
    let population = [1, 2, 3, 4];
    // Python's `ValueError`s: lengths differ, the total is not positive or not finite.
    assert_eq!(
        panic_message(|| SystemRandom.choices_weighted(&population, &[1.0, 2.0, 3.0], 1)),
        "choices_weighted: 3 weights for a population of 4"
    );
    assert_eq!(
        panic_message(|| SystemRandom.choices_cum_weighted(&population, &[1.0], 1)),
        "choices_cum_weighted: 1 cumulative weights for a population of 4"
    );
    assert_eq!(
        panic_message(|| SystemRandom.choices_weighted(&population, &[0.0; 4], 1)),
        "choices_weighted: the weights add up to 0; the total must be greater than zero and \
         finite"
    );
    assert_eq!(
        panic_message(|| SystemRandom.choices_weighted(&[1, 2], &[f64::MAX, f64::MAX], 1)),
        "choices_weighted: the weights add up to inf; the total must be greater than zero and \
         finite"
    );
    // Python's `IndexError` for an empty population with weights, whatever `k`.
    assert_eq!(
        panic_message(|| SystemRandom.choices_weighted::<u8>(&[], &[], 0)),
        "choices_weighted: cannot choose from an empty population"
    );
    // Weights Python assumes non-negative and finite, checked here.
    assert_eq!(
        panic_message(|| SystemRandom.choices_weighted(&population, &[1.0, 1.0, -1.0, 1.0], 1)),
        "choices_weighted: weight 2 is -1; weights must be finite and not negative"
    );
    assert_eq!(
        panic_message(|| SystemRandom.choices_weighted(&population, &[1.0, f64::NAN, 1.0, 1.0], 1)),
        "choices_weighted: weight 1 is NaN; weights must be finite and not negative"
    );
    assert_eq!(
        panic_message(|| SystemRandom.choices_cum_weighted(&population, &[1.0, 0.5, 2.0, 3.0], 1)),
        "choices_cum_weighted: cumulative weight 1 is 0.5, below the 1 before it; cumulative \
         weights must be finite, not negative and never decrease"
    );
}

#[test]
#[allow(clippy::float_cmp, reason = "`uniform(a, a)` is exactly `a`")]
fn uniform_is_pythons_a_plus_width_times_random() {
    let rng = SystemRandom;
    assert_eq!(rng.uniform(2.5, 2.5), 2.5);
    for _ in 0..1000 {
        let x = rng.uniform(-1.0, 3.0);
        assert!((-1.0..=3.0).contains(&x), "{x}");
        // Reversed bounds are allowed, as in Python.
        let y = rng.uniform(3.0, -1.0);
        assert!((-1.0..=3.0).contains(&y), "{y}");
    }
    // The widest finite bounds stay finite.
    assert!(rng.uniform(-f64::MAX, f64::MAX).is_finite());
    // Ten equal bins over [10, 20), 50,000 draws.
    let mut bins = [0u64; 10];
    for _ in 0..50_000 {
        bins[((rng.uniform(10.0, 20.0) - 10.0) as usize).min(9)] += 1;
    }
    assert_uniform(&bins, "uniform(10, 20) in ten bins");
    assert_eq!(
        panic_message(|| rng.uniform(0.0, f64::INFINITY)),
        "uniform: the bounds must be finite, got a 0, b inf"
    );
    assert_eq!(
        panic_message(|| rng.uniform(f64::NAN, 1.0)),
        "uniform: the bounds must be finite, got a NaN, b 1"
    );
}
