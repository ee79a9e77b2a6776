//! `SysRng` as a `rand_core` generator: the traits it has, every bit and byte it gives,
//! `rand`'s `RngExt` methods called as `rand` documents them (none is shadowed), and `rand`'s
//! distributions and slice methods drawing from it.
#![cfg(feature = "rand_core")]

use rand::distr::{Alphanumeric, Distribution, Uniform};
use rand::seq::{IndexedRandom, SliceRandom};
use rand::RngExt;
use rand_core::{CryptoRng, Rng, TryRng};
use secrets_rt::SysRng;

mod common;

use common::{assert_proportion, assert_uniform};

fn takes_a_crypto_rng<R: CryptoRng + ?Sized>(rng: &mut R) -> u64 {
    rng.next_u64()
}

#[test]
fn sys_rng_is_a_cryptographic_rng() {
    let mut rng = SysRng;
    takes_a_crypto_rng(&mut rng);
    // Also as a trait object, as some APIs take `&mut dyn Rng`.
    let dynamic: &mut dyn Rng = &mut rng;
    dynamic.next_u32();
    // The fallible methods never fail: the error type is `Infallible`.
    let mut buffer = [0u8; 16];
    let result: Result<(), core::convert::Infallible> =
        TryRng::try_fill_bytes(&mut rng, &mut buffer);
    assert!(result.is_ok());
}

/// Counts, for each bit position, how often it is set over `draws` values.
fn bit_counts(draws: u32, bits: usize, mut next: impl FnMut() -> u64) -> Vec<u32> {
    let mut counts = vec![0; bits];
    for _ in 0..draws {
        let value = next();
        for (bit, count) in counts.iter_mut().enumerate() {
            *count += u32::from(value >> bit & 1 == 1);
        }
    }
    counts
}

#[test]
fn next_u32_and_next_u64_use_every_bit() {
    // 10,000 draws: each bit is set Binomial(10000, 1/2) times, mean 5,000, sd 50. A bit more
    // than 6 sd (300) away has probability 2e-9; over 96 bits, under 2e-7 in all. A bit never
    // filled (say the high half of `next_u64` left zero) sits 100 sd away.
    let mut rng = SysRng;
    let draws = 10_000;
    let low = bit_counts(draws, 32, || u64::from(rng.next_u32()));
    let wide = bit_counts(draws, 64, || rng.next_u64());
    for (bit, count) in low.iter().chain(&wide).enumerate() {
        assert!(
            (4700..=5300).contains(count),
            "bit {bit}: set {count} times of {draws}"
        );
    }
}

#[test]
fn fill_bytes_fills_every_byte_of_every_length() {
    // A byte left at zero in all of 8 fills has probability 2^-64 per position.
    let mut rng = SysRng;
    for len in [0, 1, 3, 8, 33, 1000] {
        let mut seen = vec![0u8; len];
        for _ in 0..8 {
            let mut buffer = vec![0u8; len];
            Rng::fill_bytes(&mut rng, &mut buffer);
            for (seen, byte) in seen.iter_mut().zip(&buffer) {
                *seen |= byte;
            }
        }
        assert!(
            seen.iter().all(|&byte| byte != 0),
            "length {len}: some byte never filled"
        );
    }
}

#[test]
fn rand_distributions_and_slice_methods_draw_from_it() {
    let mut rng = SysRng;

    // `random_range` over six values, 60,000 draws: a generator stuck on part of its range
    // moves the chi-square statistic by thousands.
    let mut counts = [0u64; 6];
    for _ in 0..60_000 {
        counts[rng.random_range(0..6usize)] += 1;
    }
    assert_uniform(&counts, "random_range(0..6)");

    let uniform = Uniform::new_inclusive(10u32, 20).unwrap();
    assert!((0..100)
        .map(|_| uniform.sample(&mut rng))
        .all(|value| (10..=20).contains(&value)));

    let mut cards: Vec<u32> = (0..52).collect();
    cards.shuffle(&mut rng);
    let mut sorted = cards.clone();
    sorted.sort_unstable();
    assert!(sorted.iter().copied().eq(0..52), "shuffle is a permutation");
    let drawn = cards.choose(&mut rng).unwrap();
    assert!(*drawn < 52);
}

#[test]
fn rand_methods_resolve_as_rand_documents_them() {
    // The calls of the issue, written as in `rand`'s docs: `SysRng` has no inherent methods to
    // shadow them (each would be a type error, E0107 or E0061, if one did).
    fn default_of<T: Default + Clone + Copy + std::fmt::Debug>() -> T {
        T::default()
    }
    let mut rng: SysRng = default_of();
    let copy = rng;
    assert_eq!(format!("{copy:?}"), "SysRng");

    let mut faces = [0u64; 6];
    for _ in 0..6_000 {
        let die = rng.random_range(1..=6);
        faces[usize::try_from(die - 1).unwrap()] += 1;
    }
    assert_uniform(&faces, "random_range(1..=6)");

    // `random::<u64>()`: its top bit is set half the time.
    let top_bits = (0..10_000)
        .filter(|_| rng.random::<u64>() >> 63 == 1)
        .count();
    assert_proportion(top_bits as u64, 10_000, 0.5, "top bit of random::<u64>()");

    // `sample(Alphanumeric)`: the 62 characters, equally likely.
    let mut counts = [0u64; 62];
    let alphabet = secrets_rt::alphabet::ALPHANUMERIC.as_bytes();
    for _ in 0..62_000 {
        let byte = rng.sample(Alphanumeric);
        counts[alphabet.iter().position(|&c| c == byte).unwrap()] += 1;
    }
    assert_uniform(&counts, "sample(Alphanumeric)");
}
