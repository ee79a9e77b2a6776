//! `SystemRandom` as a `rand_core` generator: the traits it has, every bit and byte it gives,
//! and `rand`'s distributions and slice methods drawing from it.
#![cfg(feature = "rand_core")]

use rand::distr::{Distribution, Uniform};
use rand::seq::{IndexedRandom, SliceRandom};
use rand::RngExt;
use rand_core::{CryptoRng, Rng, TryRng};
use secrets_rt::SystemRandom;

/// The chi-square quantile with `df` degrees of freedom exceeded with probability 1e-7 (the
/// Wilson–Hilferty approximation, z = 5.1993 the normal quantile of 1 - 1e-7).
fn chi_square_limit(df: f64) -> f64 {
    let v = 2.0 / (9.0 * df);
    df * (1.0 - v + 5.1993 * v.sqrt()).powi(3)
}

fn takes_a_crypto_rng<R: CryptoRng + ?Sized>(rng: &mut R) -> u64 {
    rng.next_u64()
}

#[test]
fn system_random_is_a_cryptographic_rng() {
    let mut rng = SystemRandom;
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
    let mut rng = SystemRandom;
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
    let mut rng = SystemRandom;
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
    let mut rng = SystemRandom;

    // `random_range` over six values, 60,000 draws: chi-square with 5 degrees of freedom
    // stays below its 1e-7 quantile (about 43 by Wilson–Hilferty) but for one run in ten million; a generator
    // stuck on part of its range moves it by thousands.
    let mut counts = [0u32; 6];
    for _ in 0..60_000 {
        counts[rng.random_range(0..6usize)] += 1;
    }
    let chi_square: f64 = counts
        .iter()
        .map(|&count| (f64::from(count) - 10_000.0).powi(2) / 10_000.0)
        .sum();
    assert!(
        chi_square < chi_square_limit(5.0),
        "{counts:?}: chi-square {chi_square:.1}"
    );

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
