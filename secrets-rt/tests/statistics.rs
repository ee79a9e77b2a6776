//! Statistical tests that a biased shortcut (a bare `%`, a mask, a multiply without rejection,
//! a wrong shuffle) would fail.
//!
//! # Thresholds
//! Every check is sized so that a correct implementation fails it with probability at most
//! `1e-8`; the file makes fewer than 45 such checks, so a correct run of the whole file fails
//! less than once in `2.2 * 10^6` runs (union bound). Proportions use a normal approximation
//! with `|z| <= 5.7307`, the two-sided `1e-8` quantile (`erfc(5.7307 / sqrt 2) = 1e-8`).
//! Chi-square statistics are compared with the upper `1e-8` quantile from the Wilson–Hilferty
//! approximation, `df * (1 - a + z sqrt(a))^3` with `a = 2 / (9 df)` and `z = 5.6120` (the
//! one-sided `1e-8` normal quantile). For every `df` used here it is conservative: the exact
//! chi-square tail at that point, computed with the regularized incomplete gamma function, is
//! between `2e-10` (df = 1) and `9.3e-9` (df = 199). Expected counts are at least 100 per cell,
//! where Pearson's statistic follows the chi-square law closely.
//!
//! Each test states the bias it targets and how far beyond the threshold that bias lands: a
//! noncentral chi-square with noncentrality `lambda` has mean `df + lambda` and standard
//! deviation `sqrt(2 (df + 2 lambda))`.

use std::collections::HashMap;

use secrets_rt::{choice, randbelow, randbits, token_hex, token_urlsafe, SystemRandom};

mod common;

use common::{assert_proportion, assert_uniform, Z_TWO_SIDED};

#[test]
fn randbelow_two_thirds_of_2_pow_64_puts_half_below_n_over_2() {
    // n = 12297829382473034410 is even and about 2/3 of 2^64, so exactly half of [0, n) is
    // below n/2. Targeted: `x % n`, which maps the values below 2^64 - n = n/2 + 1 twice, so
    // about 2/3 of its draws land below n/2: a shift of N/6 = 667 draws, z = sqrt(N)/3 = 21,
    // against a limit of 5.73.
    const N: u64 = 4000;
    let n: u64 = u64::MAX / 3 * 2;
    assert!(n.is_multiple_of(2));
    let low = (0..N).filter(|_| randbelow(n) < n / 2).count() as u64;
    assert_proportion(low, N, 0.5, "randbelow(2/3 of 2^64) below n/2");
}

#[test]
fn randbelow_two_thirds_of_2_pow_128_puts_half_below_n_over_2() {
    // The 128-bit path (256-bit products), same argument as for 2^64: z = 21 under `x % n`.
    const N: u64 = 4000;
    let n: u128 = u128::MAX / 3 * 2;
    assert!(n.is_multiple_of(2));
    let low = (0..N).filter(|_| randbelow(n) < n / 2).count() as u64;
    assert_proportion(low, N, 0.5, "randbelow(2/3 of 2^128) below n/2");
}

#[test]
fn randbelow_three_quarters_of_2_pow_w_has_no_multiply_bias() {
    // n = 3 * 2^(w-2), so 2^w / n = 4/3 exactly. Targeted: Lemire's multiply without the
    // rejection step, floor(x * n / 2^w) = floor(3x / 4), which gives the multiples of 3 two
    // words each and the others one: half its draws are multiples of 3 instead of a third, a
    // shift of N/6 = 667 draws, z = 0.354 sqrt(N) = 22 (limit 5.73). (With n = 2/3 of 2^w the
    // doubled values drift from even to odd across the range, which hides this flaw.)
    // `x % n` is caught too: it puts 5/8 of the draws below n/2 instead of half, z = 16.
    const N: u64 = 4000;
    let n: u64 = 3 << 62;
    let draws: Vec<u64> = (0..N).map(|_| randbelow(n)).collect();
    let thirds = draws.iter().filter(|x| x.is_multiple_of(3)).count() as u64;
    assert_proportion(thirds, N, 1.0 / 3.0, "randbelow(3 * 2^62): multiples of 3");
    let low = draws.iter().filter(|&&x| x < n / 2).count() as u64;
    assert_proportion(low, N, 0.5, "randbelow(3 * 2^62) below n/2");

    let n: u128 = 3 << 126;
    let draws: Vec<u128> = (0..N).map(|_| randbelow(n)).collect();
    let thirds = draws.iter().filter(|x| x.is_multiple_of(3)).count() as u64;
    assert_proportion(thirds, N, 1.0 / 3.0, "randbelow(3 * 2^126): multiples of 3");
    let low = draws.iter().filter(|&&x| x < n / 2).count() as u64;
    assert_proportion(low, N, 0.5, "randbelow(3 * 2^126) below n/2");
}

#[test]
fn randbelow_small_bounds_pass_chi_square() {
    // Targeted: reducing a few random bits with a mask and `%` ((x & 7) % 6 gives 0 and 1
    // twice the weight). With 3000 draws its noncentrality is 375 for bounds 3 and 6 and 281
    // for 5, 7 and 10 (limits 42 to 58): more than 7 standard deviations beyond. For 100 and
    // 200, also `byte % n`: noncentrality 376 and 2461 (limits 200 and 332), 6.7 and 23
    // standard deviations beyond. Bound 2 checks
    // the power-of-two path.
    for (bound, draws) in [
        (2u8, 3000),
        (3, 3000),
        (5, 3000),
        (6, 3000),
        (7, 3000),
        (10, 3000),
        (100, 10_000),
        (200, 20_000),
    ] {
        let mut counts = vec![0u64; usize::from(bound)];
        for _ in 0..draws {
            counts[usize::from(randbelow(bound))] += 1;
        }
        assert_uniform(&counts, &format!("randbelow({bound}u8)"));
    }
}

#[test]
fn randbelow_just_above_a_power_of_two_is_uniform() {
    // 2^63 + 1 and 2^127 + 1 reject nearly half the rounds, so these draws use the prefetched
    // batch (20 words) and sometimes refill it. The range is cut into 16 equal buckets (the
    // last one shorter by 15 values, a negligible 2^-59 of it). Targeted: a flaw in handing
    // out the batch (a word read from an unfilled, zeroed buffer lands in bucket 0) or a draw
    // that misses the top bit (8 buckets stay empty: chi-square 3200 against a limit of 70.7,
    // df = 15).
    const N: usize = 3200;
    let n: u64 = (1 << 63) + 1;
    let mut counts = [0u64; 16];
    for _ in 0..N {
        counts[(randbelow(n) / (n / 16 + 1)) as usize] += 1;
    }
    assert_uniform(&counts, "randbelow(2^63 + 1) in 16 buckets");

    let n: u128 = (1 << 127) + 1;
    let mut counts = [0u64; 16];
    for _ in 0..N {
        counts[(randbelow(n) / (n / 16 + 1)) as usize] += 1;
    }
    assert_uniform(&counts, "randbelow(2^127 + 1) in 16 buckets");
}

#[test]
fn choice_over_200_items_is_uniform() {
    // Targeted: `byte % 200`, giving items 0..56 twice the weight of the rest. With 20000 draws
    // its noncentrality is 2461 against a limit of 332 (df = 199): 23 standard deviations.
    let items: Vec<u32> = (0..200).collect();
    let mut counts = vec![0u64; items.len()];
    for _ in 0..20_000 {
        counts[*choice(&items) as usize] += 1;
    }
    assert!(counts.iter().all(|&count| count > 0));
    assert_uniform(&counts, "choice over 200 items");
}

#[test]
fn choice_over_a_string_is_uniform_over_characters() {
    // One character each of 1, 2, 3 and 4 UTF-8 bytes. Targeted: picking a byte and taking the
    // character around it gives weights 0.1, 0.2, 0.3, 0.4; with 4000 draws its noncentrality
    // is 800 against a limit of 44.3 (df = 3).
    let text = "aé€😀";
    let mut counts = [0u64; 4];
    for _ in 0..4000 {
        let c = choice(text);
        counts[text.chars().position(|t| t == c).unwrap()] += 1;
    }
    assert_uniform(&counts, "choice over \"aé€😀\"");
}

/// Counts the orders `shuffle` puts `0..n` in, over `rounds` shuffles.
fn shuffle_counts(n: u8, rounds: u64) -> Vec<u64> {
    let mut counts: HashMap<Vec<u8>, u64> = HashMap::new();
    for _ in 0..rounds {
        let mut items: Vec<u8> = (0..n).collect();
        SystemRandom.shuffle(&mut items);
        *counts.entry(items).or_default() += 1;
    }
    counts.into_values().collect()
}

#[test]
fn shuffle_of_three_items_gives_all_six_orders_equally() {
    // Targeted: the naive shuffle (swap each position with any position) gives orders weights
    // 4/27 and 5/27; with 24000 shuffles its noncentrality is 296 against a limit of 48.9
    // (df = 5): 7 standard deviations. Sattolo's off-by-one only makes the 2 cyclic orders.
    let counts = shuffle_counts(3, 24_000);
    assert_eq!(counts.len(), 6, "every order appears");
    assert_uniform(&counts, "orders of a shuffled [0, 1, 2]");
}

#[test]
fn shuffle_of_four_items_gives_all_24_orders_equally() {
    // Naive shuffle: noncentrality 715 with 24000 shuffles, limit 84.3 (df = 23).
    let counts = shuffle_counts(4, 24_000);
    assert_eq!(counts.len(), 24, "every order appears");
    assert_uniform(&counts, "orders of a shuffled [0, 1, 2, 3]");
}

#[test]
fn sample_of_two_from_four_gives_all_12_ordered_pairs_equally() {
    // 12 ordered pairs of distinct positions, 1000 expected each (limit 61.8, df = 11).
    // Targeted: returning the pair in position order leaves 6 cells empty (chi-square 12000);
    // the naive partial shuffle (swapping into place i a position drawn from all 4, not from
    // i..4) gives 4 pairs weight 1/8 and 8 pairs 1/16: noncentrality 1500, 18 standard
    // deviations beyond the limit.
    let population = [0u8, 1, 2, 3];
    let mut counts = [0u64; 16];
    for _ in 0..12_000 {
        let pair = SystemRandom.sample(&population, 2);
        let (a, b) = (usize::from(*pair[0]), usize::from(*pair[1]));
        assert_ne!(a, b);
        counts[4 * a + b] += 1;
    }
    let pairs: Vec<u64> = (0..16)
        .filter(|i| i / 4 != i % 4)
        .map(|i| counts[i])
        .collect();
    assert_uniform(&pairs, "ordered pairs sampled from 4");
}

#[test]
fn sample_picks_every_position_equally() {
    // Each of 10 positions is in a sample of 3 with probability 3/10 (z-test per position).
    // Targeted: an off-by-one in the partial shuffle that never swaps in the last position:
    // its count is 0 instead of about 3000 (z = -65).
    let population: Vec<u16> = (0..10).collect();
    let mut counts = [0u64; 10];
    for _ in 0..10_000 {
        for item in SystemRandom.sample(&population, 3) {
            counts[usize::from(*item)] += 1;
        }
    }
    for (position, &count) in counts.iter().enumerate() {
        assert_proportion(
            count,
            10_000,
            0.3,
            &format!("samples holding position {position}"),
        );
    }
}

#[test]
#[allow(
    clippy::float_cmp,
    reason = "that x * 2^53 is exactly an integer is the point"
)]
fn random_is_uniform_on_the_unit_interval_with_53_bits() {
    // The mean of N uniform draws has standard deviation sqrt(1 / (12 N)) = 0.0020 for
    // N = 20000. Targeted: a generator confined to [0, 0.9) shifts the mean by 0.05 (24
    // standard deviations) and empties the top decile (deciles: limit 57.7, df = 9).
    const N: u64 = 20_000;
    let mut sum = 0.0;
    let mut deciles = [0u64; 10];
    let mut odd_multiple = false;
    for _ in 0..N {
        let x = SystemRandom.random();
        assert!((0.0..1.0).contains(&x), "{x}");
        sum += x;
        deciles[(x * 10.0) as usize] += 1;
        // x is a multiple of 2^-53: 53 bits are used if the lowest of them is sometimes set.
        // A generator using 32 bits would make every x * 2^53 a multiple of 2^21.
        let scaled = x * 2f64.powi(53);
        assert_eq!(scaled.fract(), 0.0, "{x} is not a multiple of 2^-53");
        odd_multiple |= scaled as u64 % 2 == 1;
    }
    let mean = sum / N as f64;
    let sd = (1.0 / (12.0 * N as f64)).sqrt();
    assert!(
        ((mean - 0.5) / sd).abs() <= Z_TWO_SIDED,
        "mean {mean} of {N} draws"
    );
    assert_uniform(&deciles, "deciles of random()");
    // Never odd in 20000 draws has probability 2^-20000.
    assert!(odd_multiple, "the lowest of the 53 bits is never set");
}

#[test]
fn randbits_sets_every_bit_half_the_time() {
    // Each of the 128 bits is set in Binomial(2000, 1/2) draws. With 128 checks each gets a
    // two-sided 1e-10 threshold, |z| <= 6.47, so all together still fail below 1.3e-8. A bit
    // never drawn (stuck at 0, e.g. only 64 bits filled) gives z = -44.7.
    const N: u32 = 2000;
    let mut ones = [0u32; 128];
    for _ in 0..N {
        let value = randbits(128);
        for (bit, count) in ones.iter_mut().enumerate() {
            *count += (value >> bit) as u32 & 1;
        }
    }
    let sd = (f64::from(N) / 4.0).sqrt();
    for (bit, &count) in ones.iter().enumerate() {
        let z = (f64::from(count) - f64::from(N) / 2.0) / sd;
        assert!(
            z.abs() <= 6.47,
            "bit {bit} set {count} times of {N} (z = {z:.2})"
        );
    }
}

#[test]
fn randbits_uses_exactly_k_bits() {
    // For every k: never 2^k or more, and the top bit k - 1 is set at least once in 64 draws
    // (missing it has probability 2^-64 per k).
    for k in 1..=128u32 {
        let mut top_seen = false;
        for _ in 0..64 {
            let value = randbits(k);
            assert!(
                k == 128 || value >> k == 0,
                "randbits({k}) returned {value}"
            );
            top_seen |= (value >> (k - 1)) & 1 == 1;
        }
        assert!(top_seen, "randbits({k}) never set bit {}", k - 1);
    }
}

#[test]
fn token_hex_digits_and_digit_pairs_are_uniform() {
    // 800 tokens of 32 bytes: 25,600 bytes, 51,200 digits. The 16 digits pooled (3,200
    // expected each; limit 69.6, df = 15), and the (high, low) digit pair of each byte (100
    // expected per cell; limit 403.0, df = 255). Targeted: an encoder off by one at the letters
    // (nibble 15 written as `e`) leaves `f` empty and doubles `e`: chi-square 6,400 for the
    // digits, over 3,000 for the pairs; one that writes a nibble twice (high = low) fills 16 of
    // the 256 pair cells: chi-square 384,000. Upper case or any other character fails at once.
    const TOKENS: usize = 800;
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut digits = [0u64; 16];
    let mut pairs = vec![0u64; 256];
    for _ in 0..TOKENS {
        let token = token_hex(32);
        assert_eq!(token.len(), 64);
        let values: Vec<usize> = token
            .bytes()
            .map(|c| {
                DIGITS
                    .iter()
                    .position(|&d| d == c)
                    .unwrap_or_else(|| panic!("{c:?} is not a lowercase hex digit in {token}"))
            })
            .collect();
        for pair in values.chunks_exact(2) {
            digits[pair[0]] += 1;
            digits[pair[1]] += 1;
            pairs[16 * pair[0] + pair[1]] += 1;
        }
    }
    assert_uniform(&digits, "hex digits of token_hex");
    assert_uniform(&pairs, "digit pairs (bytes) of token_hex");
}

/// The index of a URL-safe base64 character in its alphabet.
fn base64url_index(c: u8) -> usize {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    ALPHABET
        .iter()
        .position(|&a| a == c)
        .unwrap_or_else(|| panic!("{c:?} is not a URL-safe base64 character"))
}

#[test]
fn token_urlsafe_characters_are_uniform_and_the_last_one_carries_its_bits() {
    // For n bytes the token has ceil(8n / 6) characters: the first floor(8n / 6) carry 6 random
    // bits each, uniform over all 64 characters; when n is not a multiple of 3 the last one
    // carries only r = 8n mod 6 bits (2 or 4) followed by zero bits, so it is one of 2^r
    // characters, those whose index is a multiple of 2^(6 - r), each equally likely.
    //
    // Full characters: 400 tokens each of 16, 30 and 32 bytes give 400 * (21 + 40 + 42) =
    // 41,200, 643.75 expected each (limit 148.1, df = 63). Last characters: 1,600 tokens of 16
    // bytes (r = 2: `A`, `Q`, `g`, `w`, 400 each; limit 44.3, df = 3) and of 32 bytes (r = 4:
    // 16 characters, 100 each; limit 69.6, df = 15).
    //
    // Targeted: the standard alphabet (`+`, `/`) or padding fails at once; an encoder that
    // loses one bit of each character empties half the cells (chi-square 41,200); a last
    // character drawn from all 64 lands outside its set 3/4 or 15/16 of the time; a last
    // character with its bits lost (always `A`) gives chi-square 4,800 and 24,000.
    let mut full = [0u64; 64];
    for (nbytes, len) in [(16usize, 22usize), (30, 40), (32, 43)] {
        let full_chars = 8 * nbytes / 6;
        for _ in 0..400 {
            let token = token_urlsafe(nbytes);
            assert_eq!(token.len(), len, "{token}");
            for c in token.bytes().take(full_chars) {
                full[base64url_index(c)] += 1;
            }
        }
    }
    assert_uniform(&full, "full characters of token_urlsafe");

    for (nbytes, bits) in [(16usize, 2u32), (32, 4)] {
        let step = 1usize << (6 - bits);
        let mut last = vec![0u64; 1 << bits];
        for _ in 0..1600 {
            let token = token_urlsafe(nbytes);
            let index = base64url_index(*token.as_bytes().last().unwrap());
            assert_eq!(
                index % step,
                0,
                "the last character of {token} ({nbytes} bytes) carries more than {bits} bits"
            );
            last[index / step] += 1;
        }
        assert_uniform(&last, &format!("last character of token_urlsafe({nbytes})"));
    }
}
