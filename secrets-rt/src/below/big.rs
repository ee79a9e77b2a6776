//! `randbelow` over big integers (the `num-bigint` feature): `num_bigint::BigUint` and
//! `BigInt` bounds of any size, as Python's `randbelow` takes any `int`.
//!
//! # The method: multiply-and-reject on one word more than the bound has
//! A bound `n` of `L` 64-bit words (`2^(64(L-1)) <= n < 2^(64L)`) is drawn below with Lemire's
//! multiply-and-reject, as the primitive types are (the rule core's `nat/below.rs` has the
//! method, one copy for both, and why it leaves no bias), on a random `x` of `W = L + 1` words, `w = 64W` bits: the product `x * n` splits
//! into a high part in `[0, n)` (`L` words) and a low part (`W` words), and a draw whose low
//! part is below `t = 2^w mod n` is rejected.
//!
//! # Why one word more
//! A draw is rejected with probability `t / 2^w`, and `t < n < 2^(64L)`, so that probability
//! is below `2^(64L) / 2^(64L + 64) = 2^-64` whatever the bound. One OS call of `8W` bytes
//! therefore serves a call, and a second one is needed less than once in `2^64` calls: no
//! words need to be fetched up front for rejections.
//!
//! The alternatives cost more. On `L` words only, the rejection probability `t / 2^(64L)`
//! comes close to 1/2 for a bound just above `2^(64L - 1)`. Plain rejection on `bits(n)` bits
//! (Python's `_randbelow_with_getrandbits`: draw `k = bits(n)` bits, start again while the
//! result is not below `n`) rejects with probability `1 - n / 2^k`, close to 1/2 for every bound
//! just above a power of two: for `2^130 + 7`, `k = 131` and the probability is
//! `(2^131 - 2^130 - 7) / 2^131`, just under 1/2. Keeping a second OS call below one in a
//! million would then mean fetching 20 rounds up front (`(1/2)^20 < 10^-6`): 20 * 17 = 340
//! bytes for `2^130 + 7`, against 24 bytes here.
//!
//! The price is a schoolbook product of `W * L` word multiplications per draw (4,160 for
//! a 4096-bit bound): the time grows with the square of the bound's size, and is bounded by
//! it.
//!
//! # Wiped buffers
//! The random bytes, the random words and the product live in `zeroize` buffers of our own,
//! wiped when dropped; `BigUint` arithmetic is used only on the bound (which is not secret),
//! and for the result handed back.

use num_bigint::{BigInt, BigUint, Sign};
use zeroize::{Zeroize, Zeroizing};

use secrets_policy::__private::below::{round_limbs, Limb};

use super::sealed::Sealed;
use super::Integer;
use crate::{os, Error};

impl Sealed for BigUint {
    fn draw_below(&self) -> Option<Result<BigUint, Error>> {
        (self.bits() > 0).then(|| Lemire::<u64>::new(self).draw())
    }
}

impl Integer for BigUint {}

impl Sealed for BigInt {
    fn draw_below(&self) -> Option<Result<BigInt, Error>> {
        (self.sign() == Sign::Plus).then(|| {
            Lemire::<u64>::new(self.magnitude())
                .draw()
                .map(BigInt::from)
        })
    }
}

impl Integer for BigInt {}

/// The multiply-and-reject for one bound: the bound and the rejection threshold as words.
struct Lemire<L: Word> {
    /// The bound `n`, least significant word first, without leading zero words.
    bound: Vec<L>,
    /// `2^w mod n` in `width` words: draws whose low part is below it are rejected.
    threshold: Vec<L>,
    /// `W`, the words a draw takes.
    width: usize,
}

impl<L: Word> Lemire<L> {
    /// For `bound >= 1`, on one word more than the bound has (see the module docs).
    fn new(bound: &BigUint) -> Lemire<L> {
        let words = to_words::<L>(bound).len();
        Lemire::with_width(bound, words + 1)
    }

    /// For `bound >= 1` and draws of `width` words, at least as many as the bound has.
    fn with_width(bound: &BigUint, width: usize) -> Lemire<L> {
        let bound_words = to_words::<L>(bound);
        assert!(
            !bound_words.is_empty() && width >= bound_words.len(),
            "a positive bound and draws at least as wide"
        );
        // `2^w mod n`. This `%` computes the threshold from the bound; no random value is
        // reduced with it.
        let bits = u64::try_from(width * L::BYTES * 8).expect("a bound's size fits in a u64");
        let mut threshold = to_words::<L>(&((BigUint::from(1u8) << bits) % bound));
        threshold.resize(width, L::default());
        Lemire {
            bound: bound_words,
            threshold,
            width,
        }
    }

    /// One round on the random words `x` (`width` of them), with `product` as room for
    /// `x * n` (`width + bound.len()` words): `true` when the draw is kept, its value then in
    /// `product[width..]`.
    fn round(&self, x: &[L], product: &mut [L]) -> bool {
        round_limbs(x, &self.bound, &self.threshold, product)
    }

    /// A value uniform in `[0, bound)`, from one OS call except with probability below
    /// `2^-64` (with 64-bit words).
    fn draw(&self) -> Result<BigUint, Error> {
        let mut bytes = Zeroizing::new(vec![0u8; self.width * L::BYTES]);
        let mut x = Zeroizing::new(vec![L::default(); self.width]);
        let mut product = Zeroizing::new(vec![L::default(); self.width + self.bound.len()]);
        loop {
            os::fill(&mut bytes)?;
            for (word, chunk) in x.iter_mut().zip(bytes.chunks_exact(L::BYTES)) {
                *word = L::from_le_bytes(chunk);
            }
            if self.round(&x, &mut product) {
                return Ok(from_words(&product[self.width..]));
            }
        }
    }
}

/// The words of `value`, least significant first, without leading zero words (none for 0).
fn to_words<L: Word>(value: &BigUint) -> Vec<L> {
    if value.bits() == 0 {
        return Vec::new();
    }
    // The bytes of a positive value end with a non-zero byte, so the last word is not zero.
    value
        .to_bytes_le()
        .chunks(L::BYTES)
        .map(L::from_le_bytes)
        .collect()
}

/// The number whose words are `words`, least significant first. The bytes go through a wiped
/// buffer, trimmed of leading zeros so that the result is built at its final size.
fn from_words<L: Word>(words: &[L]) -> BigUint {
    let mut bytes = Zeroizing::new(vec![0u8; words.len() * L::BYTES]);
    for (word, chunk) in words.iter().zip(bytes.chunks_exact_mut(L::BYTES)) {
        word.write_le_bytes(chunk);
    }
    let len = bytes
        .iter()
        .rposition(|&byte| byte != 0)
        .map_or(0, |top| top + 1);
    BigUint::from_bytes_le(&bytes[..len])
}

/// A machine word of the multiply-and-reject: `u64` in use, `u8` in the exhaustive tests.
trait Word: Limb + Zeroize {
    const BYTES: usize;
    /// The word whose little-endian bytes are `bytes` (at most `BYTES` of them; missing high
    /// bytes are zero).
    fn from_le_bytes(bytes: &[u8]) -> Self;
    fn write_le_bytes(self, out: &mut [u8]);
}

macro_rules! impl_word {
    ($($t:ty),*) => {$(
        impl Word for $t {
            const BYTES: usize = <$t>::BITS as usize / 8;

            fn from_le_bytes(bytes: &[u8]) -> $t {
                let mut word = [0u8; <$t>::BITS as usize / 8];
                word[..bytes.len()].copy_from_slice(bytes);
                <$t>::from_le_bytes(word)
            }

            fn write_le_bytes(self, out: &mut [u8]) {
                out.copy_from_slice(&self.to_le_bytes());
            }
        }
    )*};
}

impl_word!(u64);
#[cfg(test)]
impl_word!(u8);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::os::fills_on_this_thread;

    /// Runs every `x` of `width` 8-bit words through one round for `bound`, and checks exact
    /// uniformity: every value below the bound is kept for exactly `floor(2^w / n)` words, and
    /// the `t = 2^w mod n` others are rejected.
    fn assert_exactly_uniform(bound: u32, width: usize) {
        let n = BigUint::from(bound);
        let lemire = Lemire::<u8>::with_width(&n, width);
        let words = lemire.bound.len();
        let total = 1usize << (8 * width);
        let mut counts = vec![0usize; bound as usize];
        let mut rejected = 0;
        let mut product = vec![0u8; width + words];
        let mut x = vec![0u8; width];
        for value in 0..total {
            for (i, word) in x.iter_mut().enumerate() {
                *word = (value >> (8 * i)) as u8;
            }
            if lemire.round(&x, &mut product) {
                let kept = product[width..]
                    .iter()
                    .rev()
                    .fold(0usize, |acc, &word| acc << 8 | usize::from(word));
                counts[kept] += 1;
            } else {
                rejected += 1;
            }
        }
        let per_value = total / bound as usize;
        assert!(
            counts.iter().all(|&count| count == per_value),
            "bound {bound}, width {width}: counts differ"
        );
        assert_eq!(
            rejected,
            total % bound as usize,
            "bound {bound}, width {width}"
        );
    }

    #[test]
    fn every_one_word_bound_is_exactly_uniform() {
        for bound in 1..=255 {
            assert_exactly_uniform(bound, 1);
        }
        // One word more than the bound, as in use.
        for bound in [1, 2, 3, 7, 100, 128, 129, 171, 255] {
            assert_exactly_uniform(bound, 2);
        }
    }

    #[test]
    fn two_word_bounds_are_exactly_uniform() {
        for bound in [
            256, 257, 300, 1000, 21_845, 32_767, 32_768, 32_769, 43_690, 65_535,
        ] {
            assert_exactly_uniform(bound, 2);
        }
    }

    #[test]
    fn the_extra_word_keeps_rejections_below_2_pow_minus_64() {
        // t < n < 2^(64 L), so t / 2^(64 (L + 1)) < 2^-64: the threshold's top word is zero.
        for bound in [
            BigUint::from(1u8),
            BigUint::from(u64::MAX),
            (BigUint::from(1u8) << 64u32) + 1u8,
            (BigUint::from(1u8) << 127u32) + 1u8,
            (BigUint::from(1u8) << 130u32) + 7u8,
            (BigUint::from(1u8) << 4095u32) + 12_345u32,
        ] {
            let lemire = Lemire::<u64>::new(&bound);
            assert_eq!(lemire.width, lemire.bound.len() + 1);
            assert_eq!(lemire.threshold.last(), Some(&0), "bound {bound}");
        }
    }

    #[test]
    fn words_round_trip_and_the_product_is_exact() {
        let a = (BigUint::from(1u8) << 200u32) - 3u8;
        let b = (BigUint::from(7u8) << 100u32) + 12_345u32;
        let (a_words, b_words) = (to_words::<u64>(&a), to_words::<u64>(&b));
        assert_eq!(from_words(&a_words), a);
        assert_eq!((a_words.len(), b_words.len()), (4, 2));
        let mut product = vec![0u64; 6];
        secrets_policy::__private::below::multiply(&a_words, &b_words, &mut product);
        assert_eq!(from_words(&product), &a * &b);
        assert!(to_words::<u64>(&BigUint::from(0u8)).is_empty());
        // Leading zero words are dropped, in words and in bytes.
        assert_eq!(from_words(&[5u64, 0, 0]), BigUint::from(5u8));
    }

    #[test]
    fn a_big_bound_is_one_os_call() {
        for bound in [
            (BigUint::from(1u8) << 130u32) + 7u8,
            (BigUint::from(1u8) << 4096u32) - 1u8,
        ] {
            let before = fills_on_this_thread();
            let value = crate::randbelow(bound.clone());
            assert!(value < bound);
            assert_eq!(fills_on_this_thread() - before, 1);
        }
    }
}
