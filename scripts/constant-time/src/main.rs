//! dudect measurements (`dudect-bencher`) of what the README calls constant time, and of a
//! control that is not. Run by `scripts/constant-time.sh`, which prints a summary.
//!
//! Each bench times single calls on two classes of inputs, the class of each call drawn at
//! random (so drift in the machine's speed hits both alike), and reports the largest |t| of
//! Welch's t-test over the whole sample and over cropped tails (dudect's method). |t| below 4.5
//! over at least 10^6 calls counts as no detected leak. `SECRETS_CT_SAMPLES` sets the number of
//! calls per bench (default 1,000,000).
//!
//! Inputs of each class come from a pool of random values, so that neither the branch
//! predictor nor the caches see the same input over and over; building them is never timed.

use std::cell::RefCell;

use dudect_bencher::rand::{Rng, RngExt};
use dudect_bencher::{ctbench_main, BenchRng, Class, CtRunner};
use secrets_rt::{__timing, alphabet, compare_digest};

/// How many inputs of each class are prepared and cycled through.
const POOL: usize = 256;

/// The number of timed calls per bench.
fn samples() -> usize {
    std::env::var("SECRETS_CT_SAMPLES")
        .ok()
        .map_or(1_000_000, |n| {
            n.parse().expect("SECRETS_CT_SAMPLES: a number")
        })
}

/// The class of every call, drawn at random.
fn classes(rng: &mut BenchRng) -> Vec<Class> {
    (0..samples())
        .map(|_| {
            if rng.random::<bool>() {
                Class::Left
            } else {
                Class::Right
            }
        })
        .collect()
}

fn random_bytes(rng: &mut BenchRng, len: usize) -> Vec<u8> {
    let mut bytes = vec![0u8; len];
    rng.fill_bytes(&mut bytes);
    bytes
}

/// Pairs of inputs for a comparison: equal (left) or differing at `at` (right; equal too when
/// `at` is `None`).
fn comparison_pools(
    rng: &mut BenchRng,
    len: usize,
    at: Option<usize>,
) -> [Vec<(Vec<u8>, Vec<u8>)>; 2] {
    let mut pair = |at: Option<usize>| {
        let a = random_bytes(rng, len);
        let mut b = a.clone();
        if let Some(at) = at {
            b[at] ^= 1 + rng.random_range(0..255u8);
        }
        (a, b)
    };
    let equal = (0..POOL).map(|_| pair(None)).collect();
    let right = (0..POOL).map(|_| pair(at)).collect();
    [equal, right]
}

/// Times `compare` on equal inputs of `len` bytes against inputs differing at byte `at` (or, with
/// `at == None`, against other equal inputs: the null control, which must show no difference).
///
/// Each call compares the same two buffers, into which the call's inputs are copied untimed:
/// the classes differ in their contents only, not in where they sit in memory.
fn comparison(
    runner: &mut CtRunner,
    rng: &mut BenchRng,
    len: usize,
    at: Option<usize>,
    compare: fn(&[u8], &[u8]) -> bool,
) {
    let pools = comparison_pools(rng, len, at);
    let (a, b) = (RefCell::new(vec![0u8; len]), RefCell::new(vec![0u8; len]));
    for (i, class) in classes(rng).into_iter().enumerate() {
        let (x, y) = &pools[usize::from(matches!(class, Class::Right))][i % POOL];
        a.borrow_mut().copy_from_slice(x);
        b.borrow_mut().copy_from_slice(y);
        runner.run_one(class, || compare(&a.borrow(), &b.borrow()));
    }
}

fn ct(a: &[u8], b: &[u8]) -> bool {
    compare_digest(a, b)
}

/// The control: slice equality stops at the first difference.
fn eq(a: &[u8], b: &[u8]) -> bool {
    a == b
}

macro_rules! comparison_benches {
    ($($name:ident: $compare:ident, $len:expr, $at:expr;)*) => {$(
        fn $name(runner: &mut CtRunner, rng: &mut BenchRng) {
            comparison(runner, rng, $len, $at, $compare);
        }
    )*};
}

comparison_benches! {
    compare_digest_16_equal_vs_first_differs: ct, 16, Some(0);
    compare_digest_16_equal_vs_last_differs: ct, 16, Some(15);
    compare_digest_32_equal_vs_first_differs: ct, 32, Some(0);
    compare_digest_32_equal_vs_last_differs: ct, 32, Some(31);
    compare_digest_64_equal_vs_first_differs: ct, 64, Some(0);
    compare_digest_64_equal_vs_last_differs: ct, 64, Some(63);
    compare_digest_1024_equal_vs_first_differs: ct, 1024, Some(0);
    compare_digest_1024_equal_vs_last_differs: ct, 1024, Some(1023);
    control_leaky_slice_eq_32_equal_vs_first_differs: eq, 32, Some(0);
    control_leaky_slice_eq_1024_equal_vs_first_differs: eq, 1024, Some(0);
    control_null_compare_digest_32_equal_vs_equal: ct, 32, None;
}

/// Times `token_hex`'s encoding of `len` bytes whose nibbles are all letters (`a`-`f`, left)
/// against bytes whose nibbles are all digits (`0`-`9`, right), encoded in place as
/// `token_hex` does once the OS has filled the buffer.
fn hex_encoding(runner: &mut CtRunner, rng: &mut BenchRng, len: usize) {
    let nibbles = |rng: &mut BenchRng, low: u8, high: u8| -> Vec<u8> {
        (0..len)
            .map(|_| rng.random_range(low..high) << 4 | rng.random_range(low..high))
            .collect()
    };
    let letters: Vec<Vec<u8>> = (0..POOL).map(|_| nibbles(rng, 10, 16)).collect();
    let digits: Vec<Vec<u8>> = (0..POOL).map(|_| nibbles(rng, 0, 10)).collect();
    let buffer = RefCell::new(vec![0u8; 2 * len]);
    for (i, class) in classes(rng).into_iter().enumerate() {
        let bytes = match class {
            Class::Left => &letters[i % POOL],
            Class::Right => &digits[i % POOL],
        };
        buffer.borrow_mut()[len..].copy_from_slice(bytes);
        runner.run_one(class, || {
            let mut buffer = buffer.borrow_mut();
            __timing::encode_hex_in_place(&mut buffer);
            buffer[0]
        });
    }
}

fn token_hex_encoding_32_letters_vs_digits(runner: &mut CtRunner, rng: &mut BenchRng) {
    hex_encoding(runner, rng, 32);
}

fn token_hex_encoding_256_letters_vs_digits(runner: &mut CtRunner, rng: &mut BenchRng) {
    hex_encoding(runner, rng, 256);
}

/// Times the step of `choice` on a string that finds the drawn character: the first character
/// (left) against the last (right) of `text`.
fn char_at(runner: &mut CtRunner, rng: &mut BenchRng, text: &str) {
    let last = text.chars().count() - 1;
    for class in classes(rng) {
        let index = match class {
            Class::Left => 0,
            Class::Right => last,
        };
        runner.run_one(class, || {
            __timing::char_at(text, std::hint::black_box(index))
        });
    }
}

fn choice_str_alphanumeric_first_vs_last(runner: &mut CtRunner, rng: &mut BenchRng) {
    char_at(runner, rng, alphabet::ALPHANUMERIC);
}

fn choice_str_multibyte_first_vs_last(runner: &mut CtRunner, rng: &mut BenchRng) {
    // 40 characters of 1 to 4 bytes each.
    char_at(runner, rng, &"aé€😀zß中🔑qñ".repeat(4));
}

ctbench_main!(
    compare_digest_16_equal_vs_first_differs,
    compare_digest_16_equal_vs_last_differs,
    compare_digest_32_equal_vs_first_differs,
    compare_digest_32_equal_vs_last_differs,
    compare_digest_64_equal_vs_first_differs,
    compare_digest_64_equal_vs_last_differs,
    compare_digest_1024_equal_vs_first_differs,
    compare_digest_1024_equal_vs_last_differs,
    control_leaky_slice_eq_32_equal_vs_first_differs,
    control_leaky_slice_eq_1024_equal_vs_first_differs,
    control_null_compare_digest_32_equal_vs_equal,
    token_hex_encoding_32_letters_vs_digits,
    token_hex_encoding_256_letters_vs_digits,
    choice_str_alphanumeric_first_vs_last,
    choice_str_multibyte_first_vs_last
);
