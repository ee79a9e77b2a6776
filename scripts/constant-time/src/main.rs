//! dudect measurements (`dudect-bencher`) of what the README calls constant time, and of a
//! control that is not. Run by `scripts/constant-time.sh`, which prints a summary.
//!
//! Each bench times single calls on two classes of inputs, the class of each call drawn at
//! random (so drift in the machine's speed hits both alike), and reports the largest |t| of
//! Welch's t-test over the whole sample and over cropped tails (dudect's method). |t| below 4.5
//! over at least 10^6 calls counts as no detected leak. `SECRETS_CT_SAMPLES` sets the number of
//! calls per bench (default 1,000,000).
//!
//! Inputs come from a pool of random values, so that neither the branch predictor nor the
//! caches see the same input over and over. Before each call, untimed, the same code copies the
//! same pool entry into the same buffers whatever the class, then turns it into the class's
//! input with the same instructions on class-dependent values (a change XORed in, or not; a
//! modulus), and a fence drains the stores. The two classes then differ in the contents of those
//! buffers only. (A first version copied each class's input from its own place in memory; the
//! null control showed |t| near 20 from that alone.)

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

/// 0 for the left class, 1 for the right.
fn side(class: Class) -> u8 {
    u8::from(matches!(class, Class::Right))
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
    // Each entry: the input, and a nonzero change for byte `at` (zero for the null control).
    let pool: Vec<(Vec<u8>, u8)> = (0..POOL)
        .map(|_| {
            let change = at.map_or(0, |_| 1 + rng.random_range(0..255u8));
            (random_bytes(rng, len), change)
        })
        .collect();
    let at = at.unwrap_or(0);
    let (a, b) = (RefCell::new(vec![0u8; len]), RefCell::new(vec![0u8; len]));
    for (i, class) in classes(rng).into_iter().enumerate() {
        let (x, change) = &pool[i % POOL];
        a.borrow_mut().copy_from_slice(x);
        let mut second = b.borrow_mut();
        second.copy_from_slice(x);
        // Left: XOR with 0; right: with the change.
        second[at] ^= change * side(class);
        drop(second);
        fence(Ordering::SeqCst);
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
/// against bytes whose nibbles are all digits (`0`-`9`, right): the step of `token_hex` after
/// the OS call, into the token's buffer.
fn hex_encoding(runner: &mut CtRunner, rng: &mut BenchRng, len: usize) {
    let pool: Vec<Vec<u8>> = (0..POOL).map(|_| random_bytes(rng, len)).collect();
    let buffer = RefCell::new(vec![0u8; len]);
    let text = RefCell::new(vec![0u8; 2 * len]);
    for (i, class) in classes(rng).into_iter().enumerate() {
        // A nibble `v` becomes `10 + v % 6` (a letter, left) or `0 + v % 10` (a digit, right).
        let right = side(class);
        let (base, modulus) = (10 - 10 * right, 6 + 4 * right);
        let mut bytes = buffer.borrow_mut();
        for (byte, value) in bytes.iter_mut().zip(&pool[i % POOL]) {
            *byte = (base + (value >> 4) % modulus) << 4 | (base + (value & 15) % modulus);
        }
        drop(bytes);
        fence(Ordering::SeqCst);
        runner.run_one(class, || {
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
