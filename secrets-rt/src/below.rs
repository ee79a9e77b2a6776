//! Unbiased integers: `randbelow` (Lemire's multiply-and-reject) and `randbits`.
//!
//! # The method
//! Lemire's multiply-and-reject: the product of a uniform `w`-bit word and the bound `n` splits
//! into a high word in `[0, n)`, the answer, and a low word; draws whose low word is below
//! `2^w mod n` are rejected. The method, and the proof that it leaves no bias, are in one place,
//! the rule core's `nat/below.rs` (secrets-policy), which the rule core's index draw uses too;
//! this module fetches the words and draws again on a rejection.
//!
//! # How many words to fetch
//! A round is rejected with probability `p = t / 2^w`, and `t < 2^(w-1)` always (`t < n`, and
//! `t = 2^w - n` when `n > 2^(w-1)`), so `p < 1/2`. If `t` has `z` leading zero bits,
//! `p < 2^-z`. Fetching `ceil(20 / z)` words up front makes running out (all of them rejected)
//! less likely than `2^-20`: one OS call per `randbelow`, even for a bound just above a power
//! of two where nearly half the rounds are rejected. Bounds below `2^44` need a single word.
//!
//! Bounds up to `u64::MAX` use 64-bit words (128-bit products); larger `u128` bounds use
//! 128-bit words with the 256-bit product computed from 64-bit halves. Big integers (the
//! `num-bigint` feature) use as many 64-bit words as the bound has, plus one (see `big`).

use std::fmt;

use zeroize::Zeroizing;

use secrets_policy::__private::below::{self as below, round, threshold};

use crate::os::{self, expect_os, Draws};
use crate::{Error, SystemRandom};

#[cfg(feature = "num-bigint")]
mod big;

/// Running out of prefetched words is allowed a probability below `2^-REFILL_BITS` per call.
const REFILL_BITS: u32 = 20;

/// The integer types [`randbelow`] accepts: `i8` to `i128`, `u8` to `u128`, `isize` and
/// `usize`; with the `num-bigint` feature, also `num_bigint::BigUint` and `num_bigint::BigInt`
/// (a bound of any size, as Python's `randbelow` takes any `int`).
///
/// The trait is sealed: it cannot be implemented outside this crate. A bare literal bound such
/// as `randbelow(10)` is an `i32`, as in any other integer context. It asks for `Clone`, not
/// `Copy`, so that big integers fit; the primitive types are `Copy` as ever.
///
/// # Examples
/// ```
/// use secrets_rt::{randbelow, Integer};
///
/// fn roll<T: Integer>(sides: T) -> T {
///     randbelow(sides)
/// }
/// assert!(roll(6u8) < 6);
/// assert!(roll(20_i64) < 20);
/// ```
pub trait Integer: Clone + fmt::Display + sealed::Sealed {}

mod sealed {
    use crate::Error;

    /// The draw [`super::Integer`] needs, out of reach of other crates.
    pub trait Sealed: Sized {
        /// A value drawn uniformly in `[0, self)`, or `None` when `self` is not positive.
        fn draw_below(&self) -> Option<Result<Self, Error>>;
    }
}

macro_rules! impl_integer {
    ($($t:ty),*) => {$(
        impl sealed::Sealed for $t {
            fn draw_below(&self) -> Option<Result<$t, Error>> {
                let bound = u128::try_from(*self).ok().filter(|&bound| bound > 0)?;
                Some(below_once(bound).map(|index| {
                    <$t>::try_from(index).expect("an index below the bound fits the bound's type")
                }))
            }
        }

        impl Integer for $t {}
    )*};
}

impl_integer!(i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize);

/// A random integer in `[0, exclusive_upper_bound)`, uniformly: Python's `secrets.randbelow`.
///
/// Works for every primitive integer type and returns the bound's type; with the `num-bigint`
/// feature, also for `num_bigint::BigUint` and `BigInt` bounds of any size. The draw is
/// exactly uniform (rejection sampling, never a bare `%`) and usually costs one OS call.
///
/// # Panics
/// If `exclusive_upper_bound` is zero or negative:
/// `randbelow: exclusive_upper_bound must be positive, got -3`.
///
/// # Examples
/// ```
/// use secrets_rt::randbelow;
///
/// let die = randbelow(6) + 1;
/// assert!((1..=6).contains(&die));
///
/// let index: usize = randbelow(1000_usize);
/// assert!(index < 1000);
/// assert!(randbelow(u128::MAX) < u128::MAX);
/// ```
///
/// With the `num-bigint` feature, a bound of any size:
/// ```
/// # #[cfg(feature = "num-bigint")] {
/// use num_bigint::BigUint;
/// use secrets_rt::randbelow;
///
/// let bound = (BigUint::from(1u8) << 130u32) + 7u8;
/// assert!(randbelow(bound.clone()) < bound);
/// # }
/// ```
#[must_use]
#[track_caller]
pub fn randbelow<T: Integer>(exclusive_upper_bound: T) -> T {
    SystemRandom.randbelow(exclusive_upper_bound)
}

/// A random `u128` with `k` random bits, uniform in `[0, 2^k)`: Python's `secrets.randbits`.
///
/// `randbits(0)` is `0` and asks the OS for nothing; otherwise one OS call fetches `ceil(k / 8)`
/// bytes.
///
/// # Panics
/// If `k > 128`: `randbits: k must be at most 128, got 129`.
///
/// # Examples
/// ```
/// use secrets_rt::randbits;
///
/// assert!(randbits(12) < 1 << 12);
/// assert_eq!(randbits(0), 0);
/// let key = randbits(128);
/// # let _ = key;
/// ```
#[must_use]
#[track_caller]
pub fn randbits(k: u32) -> u128 {
    SystemRandom.randbits(k)
}

/// [`randbelow`] of any [`Integer`]: the draw, or the panic that names the function and the
/// bound when it is not positive, or when the OS random source fails.
#[track_caller]
pub(crate) fn draw_below<T: Integer>(exclusive_upper_bound: &T) -> T {
    let Some(drawn) = sealed::Sealed::draw_below(exclusive_upper_bound) else {
        panic!("randbelow: exclusive_upper_bound must be positive, got {exclusive_upper_bound}");
    };
    expect_os(drawn, "randbelow")
}

/// Uniform in `[0, bound)` for `bound >= 1`, with words fetched up front for this one call.
pub(crate) fn below_once(bound: u128) -> Result<u128, Error> {
    match u64::try_from(bound) {
        Ok(bound) => once(bound).map(u128::from),
        Err(_) => once(bound),
    }
}

/// Uniform in `[0, bound)` for `bound >= 1`, taking words from an operation's `draws`.
pub(crate) fn below(bound: u128, draws: &mut Draws) -> Result<u128, Error> {
    match u64::try_from(bound) {
        Ok(bound) => lemire(bound, threshold(bound), draws).map(u128::from),
        Err(_) => lemire(bound, threshold(bound), draws),
    }
}

/// A uniform index below `len >= 1`, for one call. (`usize` is at most 128 bits wide, and
/// the index is below `len`, so both casts are lossless.)
pub(crate) fn index_below_once(len: usize) -> Result<usize, Error> {
    below_once(len as u128).map(|index| index as usize)
}

/// A uniform index below `len >= 1`, taking words from an operation's `draws`.
pub(crate) fn index_below(len: usize, draws: &mut Draws) -> Result<usize, Error> {
    below(len as u128, draws).map(|index| index as usize)
}

/// `k` uniform random bits for `1 <= k <= 128` (callers check the range).
pub(crate) fn bits(k: u32) -> Result<u128, Error> {
    debug_assert!((1..=128).contains(&k), "bits: k out of range: {k}");
    let len = k.div_ceil(8);
    let mut bytes = Zeroizing::new([0u8; 16]);
    os::fill(&mut bytes[..len as usize])?;
    // The bytes past `len` are zero, so the value is below 2^(8 * len). Dropping the top
    // `8 * len - k` of those random bits leaves `k` independent fair bits: exact, unlike
    // folding a range with `%`.
    Ok(u128::from_le_bytes(*bytes) >> (8 * len - k))
}

/// One `randbelow` call: compute the threshold, fetch enough words for the rejection rounds
/// in one OS call (see the module docs), and draw.
fn once<W: Word>(bound: W) -> Result<W, Error> {
    let threshold = threshold(bound);
    let mut draws = Draws::new(W::BYTES * batch_words(threshold));
    lemire(bound, threshold, &mut draws)
}

/// Lemire's multiply-and-reject: rounds until one is kept.
fn lemire<W: Word>(bound: W, threshold: W, draws: &mut Draws) -> Result<W, Error> {
    loop {
        if let Some(index) = round(W::draw(draws)?, bound, threshold) {
            return Ok(index);
        }
    }
}

/// Words to fetch so that all being rejected has probability below `2^-REFILL_BITS`.
fn batch_words<W: Word>(threshold: W) -> usize {
    if threshold == W::ZERO {
        return 1;
    }
    // The rejection probability is below 2^-z, with z >= 1 since the threshold is below 2^(w-1).
    let z = threshold.leading_zeros();
    REFILL_BITS.div_ceil(z) as usize
}

/// An unsigned machine word Lemire's method runs on, and how it is drawn.
trait Word: below::Word {
    /// Bytes one word takes from the OS.
    const BYTES: usize;
    fn draw(draws: &mut Draws) -> Result<Self, Error>;
}

/// Words drawn from their little-endian bytes.
macro_rules! impl_word {
    ($($t:ty),*) => {$(
        impl Word for $t {
            const BYTES: usize = <$t>::BITS as usize / 8;

            fn draw(draws: &mut Draws) -> Result<$t, Error> {
                draws.take().map(<$t>::from_le_bytes)
            }
        }
    )*};
}

impl_word!(u64, u128);
#[cfg(test)]
impl_word!(u8, u16);

#[cfg(test)]
mod tests {
    use secrets_policy::__private::below::Word as _;

    use super::*;

    /// Runs every `x` through one round and counts the answers: exact uniformity means every
    /// answer is kept for exactly `floor(2^w / bound)` words and `threshold` words are rejected.
    fn assert_exactly_uniform<W>(bound: W, words: impl Iterator<Item = W>)
    where
        W: Word + TryInto<usize> + TryFrom<usize> + fmt::Debug,
        <W as TryInto<usize>>::Error: fmt::Debug,
    {
        let n: usize = bound.try_into().unwrap();
        let t = threshold(bound);
        let mut counts = vec![0usize; n];
        let mut rejected = 0usize;
        let mut total = 0usize;
        for x in words {
            total += 1;
            match round(x, bound, t) {
                Some(index) => counts[index.try_into().unwrap()] += 1,
                None => rejected += 1,
            }
        }
        let per_answer = total / n;
        assert!(
            counts.iter().all(|&count| count == per_answer),
            "bound {bound:?}: counts differ"
        );
        assert_eq!(
            rejected,
            total % n,
            "bound {bound:?}: wrong number rejected"
        );
        assert_eq!(rejected, t.try_into().unwrap());
    }

    #[test]
    fn lemire_is_exactly_uniform_for_every_8_bit_bound() {
        for bound in 1..=u8::MAX {
            assert_exactly_uniform(bound, 0..=u8::MAX);
        }
    }

    #[test]
    fn lemire_is_exactly_uniform_for_16_bit_bounds() {
        for bound in [2, 3, 7, 1000, 32_767, 32_768, 32_769, 43_690, 65_535] {
            assert_exactly_uniform(bound, 0..=u16::MAX);
        }
    }

    #[test]
    fn threshold_is_two_to_the_w_mod_bound() {
        assert_eq!(threshold(3u64), ((1u128 << 64) % 3) as u64);
        assert_eq!(threshold(1u64 << 63), 0);
        assert_eq!(threshold((1u64 << 63) + 1), (1u64 << 63) - 1);
        assert_eq!(threshold(u128::MAX), 1);
        assert_eq!(threshold((1u128 << 127) + 1), (1u128 << 127) - 1);
        assert_eq!(threshold(1u128), 0);
    }

    #[test]
    fn batch_words_keeps_refills_below_one_in_a_million() {
        // Powers of two and small bounds reject nothing or almost nothing: one word.
        assert_eq!(batch_words(threshold(1u64 << 40)), 1);
        assert_eq!(batch_words(threshold(1_000_000_007u64)), 1);
        // Just above 2^63 nearly half the rounds are rejected: p < 1/2, 20 words.
        assert_eq!(batch_words(threshold((1u64 << 63) + 1)), 20);
        assert_eq!(batch_words(threshold((1u128 << 127) + 1)), 20);
        // In general p^k < 2^-20 with p < 2^-z.
        for bound in [3u64, 1 << 50, (1 << 62) + 5, u64::MAX / 3 * 2, u64::MAX] {
            let t = threshold(bound);
            let p = t as f64 / 2f64.powi(64);
            let k = batch_words(t);
            // `<=`: for 2^62 + 5, p is just below 1/4 but rounds to exactly 1/4 as an f64.
            assert!(
                p.powi(k as i32) <= 2f64.powi(-20),
                "bound {bound}: p {p}, k {k}"
            );
        }
    }

    #[test]
    fn mul_wide_u128_matches_known_products() {
        let max = u128::MAX;
        assert_eq!(max.mul_wide(max), (max - 1, 1));
        assert_eq!((1u128 << 127).mul_wide(2), (1, 0));
        assert_eq!(max.mul_wide(1), (0, max));
        assert_eq!(max.mul_wide(0), (0, 0));
        let a = 0x0123_4567_89ab_cdef_fedc_ba98_7654_3210_u128;
        assert_eq!(a.mul_wide(1 << 64), (a >> 64, a << 64));
        // Below 2^64 the product fits in a u128.
        let (x, y) = (u128::from(u64::MAX), u128::from(u64::MAX - 12_345));
        assert_eq!(x.mul_wide(y), (0, x * y));
    }

    proptest::proptest! {
        #[test]
        fn mul_wide_u128_agrees_with_wrapping_mul_and_distributes(
            a: u128, b: u128, c: u128,
        ) {
            let (hi, lo) = a.mul_wide(b);
            proptest::prop_assert_eq!(lo, a.wrapping_mul(b));
            proptest::prop_assert_eq!(a.mul_wide(b), b.mul_wide(a));
            // a * (b + c) = a * b + a * c, as 256-bit numbers, when b + c does not overflow.
            if let Some(sum) = b.checked_add(c) {
                let (hi_c, lo_c) = a.mul_wide(c);
                let (lo_sum, carry) = lo.overflowing_add(lo_c);
                let hi_sum = hi + hi_c + u128::from(carry);
                proptest::prop_assert_eq!(a.mul_wide(sum), (hi_sum, lo_sum));
            }
        }

        #[test]
        fn mul_wide_u64_matches_u128(a: u64, b: u64) {
            let product = u128::from(a) * u128::from(b);
            proptest::prop_assert_eq!(a.mul_wide(b), ((product >> 64) as u64, product as u64));
        }
    }
}
