//! `randbelow` over `num_bigint::BigUint` and `BigInt` (the `num-bigint` feature): the values,
//! the edge bounds, the panics, and statistical tests that a biased or truncated draw would
//! fail. (The exhaustive check of the method, on 8-bit words, is a unit test in
//! `src/below/big.rs`.)
//!
//! # Thresholds
//! As in `statistics.rs`: each check fails a correct implementation with probability at most
//! `1e-8` (proportions: `|z| <= 5.7307`; chi-square: the Wilson–Hilferty upper `1e-8` quantile,
//! conservative for these degrees of freedom), and the file makes 7 such checks, so a correct
//! run fails less than once in `10^7`. The helpers are this file's own, as in the other
//! statistical test files, so that each states the thresholds it uses.

use std::panic::{catch_unwind, UnwindSafe};

use num_bigint::{BigInt, BigUint};
use secrets_rt::{randbelow, Integer, SystemRandom};

mod common;

use common::{assert_proportion, assert_uniform};

fn pow2(bits: u32) -> BigUint {
    BigUint::from(1u8) << bits
}

/// Runs `f`, which must panic, and returns its panic message.
fn panic_message<R>(f: impl FnOnce() -> R + UnwindSafe) -> String {
    let Err(payload) = catch_unwind(f) else {
        panic!("expected a panic, but the call returned");
    };
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .expect("a string panic message")
}

#[test]
fn randbelow_2_pow_130_plus_7_is_uniform_over_eight_cells() {
    // Cell floor(8 v / n) of each draw: every cell holds n/8 values to within one, a difference
    // of 2^-127 in probability. Targeted: a draw one word short (values below 2^128 fill
    // cells 0 and 1 only: chi-square about 3 * 8000 = 24000 against a limit of 53.3, df = 7),
    // a top word never filled (the same), or the product's low part returned instead of its
    // high part (values beyond the bound: the cell index overflows and the test fails).
    const N: usize = 8000;
    let n = pow2(130) + 7u8;
    let mut counts = [0u64; 8];
    for _ in 0..N {
        let value = randbelow(n.clone());
        assert!(value < n, "{value} is not below {n}");
        let cell: usize = ((value << 3u32) / &n).try_into().unwrap();
        counts[cell] += 1;
    }
    assert_uniform(&counts, "randbelow(2^130 + 7) in 8 cells");
}

#[test]
fn randbelow_three_quarters_of_2_pow_128_has_no_modulo_or_multiply_bias() {
    // n = 3 * 2^126 needs two words, and 2^128 / n = 4/3. Targeted, as for the primitive
    // types: `x % n` on two words, which puts 5/8 of the draws below n/2 (z = 16 with 4000
    // draws), and the multiply on two words without rejection, floor(3x / 4), which makes half
    // the draws multiples of 3 instead of a third (z = 22).
    const N: u64 = 4000;
    let n = BigUint::from(3u8) << 126u32;
    let half = &n >> 1u32;
    let (mut low, mut thirds) = (0, 0);
    for _ in 0..N {
        let value = randbelow(n.clone());
        low += u64::from(value < half);
        thirds += u64::from((value % 3u8) == BigUint::from(0u8));
    }
    assert_proportion(low, N, 0.5, "randbelow(3 * 2^126) below n/2");
    assert_proportion(thirds, N, 1.0 / 3.0, "randbelow(3 * 2^126): multiples of 3");
}

#[test]
fn edge_bounds_give_values_below_them_with_the_top_bit_half_the_time() {
    const N: u64 = 2000;
    // Bound 1 has one value.
    for _ in 0..100 {
        assert_eq!(randbelow(BigUint::from(1u8)), BigUint::from(0u8));
    }
    // 2^64 and 2^128 are powers of two of two and three words; 2^128 + 1 just passes one.
    // Half the draws (to within 2^-128) reach the upper half; a draw missing its top bit or
    // word never does (z = -44.7 with 2000 draws).
    for (n, upper_half) in [
        (pow2(64), pow2(63)),
        (pow2(128), pow2(127)),
        (pow2(128) + 1u8, pow2(127) + 1u8),
    ] {
        let mut high = 0;
        for _ in 0..N {
            let value = randbelow(n.clone());
            assert!(value < n, "{value} is not below {n}");
            high += u64::from(value >= upper_half);
        }
        assert_proportion(high, N, 0.5, &format!("randbelow({n}) in the upper half"));
    }
}

#[test]
fn small_big_integer_bounds_pass_chi_square() {
    // The same draw as a primitive bound would get, through the big-integer path. Targeted:
    // a mask and `%` on a few bits ((x & 7) % 6 doubles 0 and 1): noncentrality 375 with
    // 3000 draws against a limit of 42.5 (df = 5).
    let n = BigUint::from(6u8);
    let mut counts = [0u64; 6];
    for _ in 0..3000 {
        let value: usize = randbelow(n.clone()).try_into().unwrap();
        counts[value] += 1;
    }
    assert_uniform(&counts, "randbelow(BigUint 6)");
}

#[test]
fn big_int_bounds_give_non_negative_big_ints_below_them() {
    let n = BigInt::from(pow2(200)) - BigInt::from(1);
    for _ in 0..100 {
        let value: BigInt = randbelow(n.clone());
        assert!(value >= BigInt::from(0) && value < n, "{value}");
    }
    assert_eq!(randbelow(BigInt::from(1)), BigInt::from(0));
    let value = SystemRandom.randbelow(BigUint::from(10u8));
    assert!(value < BigUint::from(10u8));
}

#[test]
fn generic_code_takes_big_integers_and_primitives_alike() {
    fn roll<T: Integer>(sides: T) -> T {
        randbelow(sides)
    }
    assert!(roll(pow2(300)) < pow2(300));
    assert!(roll(6u8) < 6);
}

#[test]
fn non_positive_big_bounds_panic_naming_the_function_and_the_value() {
    assert_eq!(
        panic_message(|| randbelow(BigUint::from(0u8))),
        "randbelow: exclusive_upper_bound must be positive, got 0"
    );
    assert_eq!(
        panic_message(|| randbelow(BigInt::from(-3))),
        "randbelow: exclusive_upper_bound must be positive, got -3"
    );
    assert_eq!(
        panic_message(|| randbelow(BigInt::from(0))),
        "randbelow: exclusive_upper_bound must be positive, got 0"
    );
    let huge_negative = -BigInt::from(pow2(130));
    assert_eq!(
        panic_message(|| SystemRandom.randbelow(huge_negative)),
        "randbelow: exclusive_upper_bound must be positive, got -1361129467683753853853498429727072845824"
    );
}
