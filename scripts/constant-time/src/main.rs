//! dudect measurements (`dudect-bencher`) of what the README calls constant time, of a
//! control that is not, and of the rule core's walks (index 0 against random indices), which
//! are measured whether or not they are constant time. Run by `scripts/constant-time.sh`, which prints a summary.
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
use secrets_policy::CheckedPolicy;
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
    time_encoding(runner, rng, &pool, 2 * len, __timing::encode_hex);
}

fn token_hex_encoding_32_letters_vs_digits(runner: &mut CtRunner, rng: &mut BenchRng) {
    hex_encoding(runner, rng, 32);
}

fn token_hex_encoding_256_letters_vs_digits(runner: &mut CtRunner, rng: &mut BenchRng) {
    hex_encoding(runner, rng, 256);
}

/// Times `token_urlsafe`'s encoding of `len` bytes whose 6-bit groups all encode as capital
/// letters (`A`-`Z`, left) against bytes whose groups all encode as digits, `-` or `_` (values
/// 52 to 63, right): the step of `token_urlsafe` after the OS call, into the token's buffer.
fn urlsafe_encoding(runner: &mut CtRunner, rng: &mut BenchRng, len: usize) {
    let groups = (8 * len).div_ceil(6);
    let pool: Vec<(Class, Vec<u8>)> = (0..POOL)
        .map(|_| {
            let class = random_class(rng);
            let (base, modulus) = match class {
                Class::Left => (0u32, 26u32),
                Class::Right => (52, 12),
            };
            // The groups as one bit string, most significant first, cut into bytes.
            let mut bits = Vec::with_capacity(6 * groups);
            for _ in 0..groups {
                let value = base + rng.random_range(0..modulus);
                bits.extend((0..6).rev().map(|bit| (value >> bit) & 1));
            }
            let bytes = bits
                .chunks(8)
                .take(len)
                .map(|byte| byte.iter().fold(0u8, |acc, &bit| (acc << 1) | bit as u8))
                .collect();
            (class, bytes)
        })
        .collect();
    time_encoding(runner, rng, &pool, groups, __timing::encode_urlsafe);
}

/// Times `encode` of inputs drawn from `pool` (each tagged with its class) into a buffer of
/// `text_len` bytes, the input copied into one buffer before each call.
fn time_encoding(
    runner: &mut CtRunner,
    rng: &mut BenchRng,
    pool: &[(Class, Vec<u8>)],
    text_len: usize,
    encode: fn(&[u8], &mut [u8]),
) {
    let buffer = RefCell::new(vec![0u8; pool[0].1.len()]);
    let text = RefCell::new(vec![0u8; text_len]);
    for _ in 0..samples() {
        let (class, bytes) = &pool[rng.random_range(0..POOL)];
        buffer.borrow_mut().copy_from_slice(bytes);
        fence(Ordering::SeqCst);
        runner.run_one(*class, || {
            let mut text = text.borrow_mut();
            encode(&buffer.borrow(), &mut text);
            text[0]
        });
    }
}

fn token_urlsafe_encoding_32_letters_vs_digits(runner: &mut CtRunner, rng: &mut BenchRng) {
    urlsafe_encoding(runner, rng, 32);
}

fn token_urlsafe_encoding_256_letters_vs_digits(runner: &mut CtRunner, rng: &mut BenchRng) {
    urlsafe_encoding(runner, rng, 256);
}

/// Times the rule core's walk for `policy` (which must be unranked by `walk`, as the sampler
/// names it, and have fewer than 2^64 passwords) on index 0 (left) against indices drawn
/// uniformly below the number of passwords (right): dudect's fixed-versus-random test of the
/// step of `generate()` after the index is drawn.
fn walk(runner: &mut CtRunner, rng: &mut BenchRng, policy: &str, walk: &str) {
    let policy = CheckedPolicy::parse(policy).expect("the bench's policy is valid");
    let sampler = policy.sampler();
    assert!(
        sampler.method_name().starts_with(walk),
        "{policy} is walked by {}, not {walk}",
        sampler.method_name()
    );
    let count = match sampler.count_words() {
        [count] => *count,
        words => panic!("{policy}: {} words of passwords, not one", words.len()),
    };
    let pool: Vec<(Class, u64)> = (0..POOL)
        .map(|_| {
            let class = random_class(rng);
            let index = match class {
                Class::Left => 0,
                Class::Right => rng.random_range(0..count),
            };
            (class, index)
        })
        .collect();
    let scratch = RefCell::new(sampler.scratch());
    let out = RefCell::new(vec![0u8; policy.len()]);
    let index = RefCell::new(0u64);
    for _ in 0..samples() {
        let (class, chosen) = &pool[rng.random_range(0..POOL)];
        *index.borrow_mut() = *chosen;
        fence(Ordering::SeqCst);
        runner.run_one(*class, || {
            let mut scratch = scratch.borrow_mut();
            let mut out = out.borrow_mut();
            scratch.set_index(&[*index.borrow()]);
            sampler.unrank(&mut scratch, &mut out);
            out[0]
        });
    }
}

/// Times the rule core's walk of a group of `GROUP` indices after one read of the table
/// (`Sampler::unrank_group`, what `generate_many` runs) for `policy`: every index 0 (left)
/// against indices drawn uniformly below the number of passwords (right).
fn walk_group(runner: &mut CtRunner, rng: &mut BenchRng, policy: &str) {
    walk_group_of(runner, rng, policy, false);
}

/// [`walk_group`] with the left class's indices drawn at random too when `null` (a null
/// control for a group's walk: the two classes differ only by chance, so the |t| it shows is
/// the noise of timing something as long as a group on this machine).
fn walk_group_of(runner: &mut CtRunner, rng: &mut BenchRng, policy: &str, null: bool) {
    const GROUP: usize = 64;
    let policy = CheckedPolicy::parse(policy).expect("the bench's policy is valid");
    let sampler = policy.sampler();
    assert!(sampler.preloads(), "{policy} is not walked in groups");
    let count = match sampler.count_words() {
        [count] => *count,
        words => panic!("{policy}: {} words of passwords, not one", words.len()),
    };
    let pool: Vec<(Class, Vec<u64>)> = (0..POOL)
        .map(|_| {
            let class = random_class(rng);
            let indices = (0..GROUP)
                .map(|_| match class {
                    Class::Left if !null => 0,
                    _ => rng.random_range(0..count),
                })
                .collect();
            (class, indices)
        })
        .collect();
    let indices = RefCell::new(vec![0u64; GROUP]);
    let out = RefCell::new(vec![0u8; GROUP * policy.len()]);
    for _ in 0..samples() {
        let (class, chosen) = &pool[rng.random_range(0..POOL)];
        indices.borrow_mut().copy_from_slice(chosen);
        fence(Ordering::SeqCst);
        runner.run_one(*class, || {
            let mut out = out.borrow_mut();
            sampler.unrank_group(&indices.borrow(), &mut out);
            out[0]
        });
    }
}

/// The card policy: the position walk.
const CARD: &str = "len = 10, lower >= 1, upper >= 1, digits >= 3";
/// The same with a limit on runs: the sequence walk (issue 16's figures).
const CARD_NO_RUNS: &str = "len = 10, lower >= 1, upper >= 1, digits >= 3, max_sequential = 3";
/// Eight disjoint two-character sets, two of each in 16 characters (52.3 bits): a position
/// table too large for the automaton, so the multinomial (counts) walk, below 2^64.
const COUNTS: &str = "len = 16, \"ab\" >= 2, \"cd\" >= 2, \"ef\" >= 2, \"gh\" >= 2, \
                      \"ij\" >= 2, \"kl\" >= 2, \"mn\" >= 2, \"op\" >= 2";

fn walk_positions_card_index_0_vs_random(runner: &mut CtRunner, rng: &mut BenchRng) {
    walk(runner, rng, CARD, "positions");
}

fn walk_positions_card_group_index_0_vs_random(runner: &mut CtRunner, rng: &mut BenchRng) {
    walk_group(runner, rng, CARD);
}

fn control_null_walk_positions_card_group_random_vs_random(
    runner: &mut CtRunner,
    rng: &mut BenchRng,
) {
    walk_group_of(runner, rng, CARD, true);
}

fn walk_sequences_max_sequential_index_0_vs_random(runner: &mut CtRunner, rng: &mut BenchRng) {
    walk(runner, rng, CARD_NO_RUNS, "sequences");
}

fn walk_counts_index_0_vs_random(runner: &mut CtRunner, rng: &mut BenchRng) {
    walk(runner, rng, COUNTS, "multinomial");
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
    token_urlsafe_encoding_32_letters_vs_digits,
    token_urlsafe_encoding_256_letters_vs_digits,
    walk_positions_card_index_0_vs_random,
    walk_positions_card_group_index_0_vs_random,
    control_null_walk_positions_card_group_random_vs_random,
    walk_sequences_max_sequential_index_0_vs_random,
    walk_counts_index_0_vs_random,
    choice_str_alphanumeric_first_vs_last,
    choice_str_multibyte_first_vs_last
);
