//! dudect measurements (`dudect-bencher`) of what the README calls constant time, and of a
//! control that is not. Run by `scripts/constant-time.sh`, which prints a summary.
//!
//! Each bench times single calls on two classes of inputs, the class of each call drawn at
//! random (so drift in the machine's speed hits both alike), and reports the largest |t| of
//! Welch's t-test over the whole sample and over cropped tails (dudect's method). |t| below 4.5
//! over at least 10^6 calls counts as no detected leak. `SECRETS_CT_SAMPLES` sets the number of
//! calls per bench (default 1,000,000).
//!
//! Inputs come from a pool of random entries, as in dudect: each entry is made for a class
//! drawn at random, and every call copies a randomly chosen entry, untimed and with the same
//! code whatever its class, into the same buffers, then a fence drains the stores; the call's
//! class is its entry's. Two earlier versions gave the classes different preparation (copies
//! from class-specific places, then a change XORed in or not): at 10^7 calls a function that
//! reads nothing showed |t| = 21 from that alone. With this one it shows 1.9.

use std::cell::RefCell;
use std::sync::atomic::{fence, Ordering};

use dudect_bencher::rand::{Rng, RngExt};
use dudect_bencher::{ctbench_main, BenchRng, Class, CtRunner};
use secrets_rt::{__timing, alphabet, compare_digest};

/// How many entries the pool of inputs has.
const POOL: usize = 256;

/// The number of timed calls per bench.
fn samples() -> usize {
    std::env::var("SECRETS_CT_SAMPLES")
        .ok()
        .map_or(1_000_000, |n| {
            n.parse().expect("SECRETS_CT_SAMPLES: a number")
        })
}

/// A class, drawn at random.
fn random_class(rng: &mut BenchRng) -> Class {
    if rng.random::<bool>() {
        Class::Left
    } else {
        Class::Right
    }
}

/// The class of every call, drawn at random.
fn classes(rng: &mut BenchRng) -> Vec<Class> {
    (0..samples()).map(|_| random_class(rng)).collect()
}

fn random_bytes(rng: &mut BenchRng, len: usize) -> Vec<u8> {
    let mut bytes = vec![0u8; len];
    rng.fill_bytes(&mut bytes);
    bytes
}

/// Times `compare` on equal inputs of `len` bytes (left) against inputs differing at byte `at`
/// (right), or, with `at == None`, against other equal inputs: the null control, which must
/// show no difference.
fn comparison(
    runner: &mut CtRunner,
    rng: &mut BenchRng,
    len: usize,
    at: Option<usize>,
    compare: fn(&[u8], &[u8]) -> bool,
) {
    // Each entry of the pool belongs to a class drawn at random when it is made: its two inputs,
    // equal or differing at `at`, side by side. Every call copies a randomly chosen entry into
    // the same two buffers with the same code: the call's class is its entry's.
    let pool: Vec<(Class, Vec<u8>)> = (0..POOL)
        .map(|_| {
            let class = random_class(rng);
            let x = random_bytes(rng, len);
            let mut y = x.clone();
            if let (Class::Right, Some(at)) = (class, at) {
                y[at] ^= 1 + rng.random_range(0..255u8);
            }
            (class, [x, y].concat())
        })
        .collect();
    let (a, b) = (RefCell::new(vec![0u8; len]), RefCell::new(vec![0u8; len]));
    for _ in 0..samples() {
        let (class, inputs) = &pool[rng.random_range(0..POOL)];
        a.borrow_mut().copy_from_slice(&inputs[..len]);
        b.borrow_mut().copy_from_slice(&inputs[len..]);
        fence(Ordering::SeqCst);
        runner.run_one(*class, || compare(&a.borrow(), &b.borrow()));
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
/// against bytes whose nibbles are all digits (`0`-`9`, right): the step of `token_hex` after
/// the OS call, into the token's buffer.
fn hex_encoding(runner: &mut CtRunner, rng: &mut BenchRng, len: usize) {
    // Entries of a random class each, as for the comparisons.
    let pool: Vec<(Class, Vec<u8>)> = (0..POOL)
        .map(|_| {
            let class = random_class(rng);
            // A nibble `v` becomes `10 + v % 6` (a letter) or `v % 10` (a digit).
            let (base, modulus) = match class {
                Class::Left => (10, 6),
                Class::Right => (0, 10),
            };
            let bytes = random_bytes(rng, len)
                .iter()
                .map(|v| (base + (v >> 4) % modulus) << 4 | (base + (v & 15) % modulus))
                .collect();
            (class, bytes)
        })
        .collect();
    let buffer = RefCell::new(vec![0u8; len]);
    let text = RefCell::new(vec![0u8; 2 * len]);
    for _ in 0..samples() {
        let (class, bytes) = &pool[rng.random_range(0..POOL)];
        buffer.borrow_mut().copy_from_slice(bytes);
        fence(Ordering::SeqCst);
        runner.run_one(*class, || {
            let mut text = text.borrow_mut();
            __timing::encode_hex(&buffer.borrow(), &mut text);
            text[0]
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
