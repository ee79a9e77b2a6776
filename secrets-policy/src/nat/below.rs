//! Lemire's multiply-and-reject: an unbiased integer below a bound from uniform random words.
//! The one copy, used by the runtime's `randbelow` (machine words and big integers) and by the
//! rule core's index draw ([`crate::unrank::Sampler::index_from_random`]). Not public API: `secrets-rt`
//! reaches it through a hidden path.
//!
//! # The method
//! For a bound `n` and a uniform `w`-bit number `x` (one machine word, or `W` limbs with
//! `w = W * limb bits`), the product `x * n` splits into a high part `hi` in `[0, n)` and a low
//! part `lo` of `w` bits. Taking `hi` alone would be biased: as `x` runs over its `2^w` values,
//! each `hi` is hit either `floor(2^w / n)` or `ceil(2^w / n)` times. So the draws whose `lo` is
//! below `t = 2^w mod n` are rejected, and the caller draws again.
//!
//! # Why that leaves no bias
//! The products `x * n` are the multiples of `n` in `[0, n * 2^w)`. A draw is kept and answers
//! `j` exactly when `x * n` lies in `[j * 2^w + t, (j + 1) * 2^w)`. That half-open interval is
//! `2^w - t = n * floor(2^w / n)` long, so it holds exactly `floor(2^w / n)` multiples of `n`,
//! whatever `j` is. Every answer has the same number of kept draws, and the kept draws are
//! equally likely: the result is exactly uniform. (The runtime's unit tests check this
//! exhaustively for 8-bit words, and for one- and two-limb bounds on 8-bit limbs.)
//!
//! # How often a round is rejected
//! With probability `t / 2^w`. Since `t < n` and `t = 2^w - n` when `n > 2^(w-1)`, `t < 2^(w-1)`:
//! below 1/2 always, and below `2^-z` when `t` has `z` leading zero bits. How many draws to
//! fetch up front is the caller's choice.

/// A machine word the one-word method runs on.
pub trait Word: Copy + Ord + std::ops::Rem<Output = Self> {
    /// Zero.
    const ZERO: Self;
    /// `2^w - self`, wrapped.
    #[must_use]
    fn wrapping_neg(self) -> Self;
    /// The zero bits above the highest one bit.
    fn leading_zeros(self) -> u32;
    /// The full double-width product, as `(high word, low word)`.
    #[must_use]
    fn mul_wide(self, other: Self) -> (Self, Self);
}

/// Words whose double-width product a primitive type holds.
macro_rules! impl_word {
    ($($t:ty => $wide:ty),*) => {$(
        impl Word for $t {
            const ZERO: $t = 0;

            fn wrapping_neg(self) -> $t {
                <$t>::wrapping_neg(self)
            }

            fn leading_zeros(self) -> u32 {
                <$t>::leading_zeros(self)
            }

            fn mul_wide(self, other: $t) -> ($t, $t) {
                let product = <$wide>::from(self) * <$wide>::from(other);
                // Split the product: shift for the high word, truncate for the low word.
                ((product >> <$t>::BITS) as $t, product as $t)
            }
        }
    )*};
}

impl_word!(u8 => u16, u16 => u32, u64 => u128);

impl Word for u128 {
    const ZERO: u128 = 0;

    fn wrapping_neg(self) -> u128 {
        u128::wrapping_neg(self)
    }

    fn leading_zeros(self) -> u32 {
        u128::leading_zeros(self)
    }

    fn mul_wide(self, other: u128) -> (u128, u128) {
        // Schoolbook multiplication on 64-bit halves, a = a1 * 2^64 + a0 and likewise b; each
        // partial product of two halves fits in a u128. (The masks split words; they reduce
        // no random value.)
        const LOW: u128 = u64::MAX as u128;
        let (a1, a0) = (self >> 64, self & LOW);
        let (b1, b0) = (other >> 64, other & LOW);
        let (p00, p01, p10, p11) = (a0 * b0, a0 * b1, a1 * b0, a1 * b1);
        // The 2^64 column: three terms below 2^64 each, so the sum cannot overflow.
        let middle = (p00 >> 64) + (p01 & LOW) + (p10 & LOW);
        let lo = (middle << 64) | (p00 & LOW);
        // The rest carries into the high word; the full product is below 2^256, so no overflow.
        let hi = p11 + (p01 >> 64) + (p10 >> 64) + (middle >> 64);
        (hi, lo)
    }
}

/// `2^w mod bound`, the rejection threshold of one-word draws: `lo` values below it are the
/// surplus.
#[must_use]
pub fn threshold<W: Word>(bound: W) -> W {
    // `2^w - bound` (the wrapping negation) is congruent to `2^w` modulo `bound`. This `%`
    // computes the threshold from the bound; no random value is reduced with it.
    bound.wrapping_neg() % bound
}

/// One round on the word `x`: the answer below `bound`, or `None` when `x` falls in the surplus
/// (`threshold` is [`threshold`]`(bound)`).
#[must_use]
pub fn round<W: Word>(x: W, bound: W, threshold: W) -> Option<W> {
    let (hi, lo) = x.mul_wide(bound);
    (lo >= threshold).then_some(hi)
}

/// A limb of the many-limb method: `u64` in use, `u8` in the exhaustive tests.
pub trait Limb: Copy + Default + Ord {
    /// `self * b + c + d` as (high limb, low limb): at most `(2^w - 1)^2 + 2 (2^w - 1)
    /// = 2^(2w) - 1`, so it never overflows.
    #[must_use]
    fn mul_add(self, b: Self, c: Self, d: Self) -> (Self, Self);
}

macro_rules! impl_limb {
    ($($t:ty => $wide:ty),*) => {$(
        impl Limb for $t {
            fn mul_add(self, b: $t, c: $t, d: $t) -> ($t, $t) {
                let wide = <$wide>::from(self) * <$wide>::from(b) + <$wide>::from(c)
                    + <$wide>::from(d);
                // Split the double limb: shift for the high limb, truncate for the low limb.
                ((wide >> <$t>::BITS) as $t, wide as $t)
            }
        }
    )*};
}

impl_limb!(u8 => u16, u64 => u128);

/// `a * b` into `product` (`a.len() + b.len()` limbs), schoolbook, least significant limb
/// first.
///
/// # Panics
/// If `product` is not `a.len() + b.len()` limbs long.
pub fn multiply<L: Limb>(a: &[L], b: &[L], product: &mut [L]) {
    assert_eq!(product.len(), a.len() + b.len(), "multiply: product width");
    product.fill(L::default());
    for (i, &a_limb) in a.iter().enumerate() {
        let mut carry = L::default();
        for (j, &b_limb) in b.iter().enumerate() {
            (carry, product[i + j]) = a_limb.mul_add(b_limb, product[i + j], carry);
        }
        product[i + b.len()] = carry;
    }
}

/// One round on the limbs `x` (least significant first), for `bound` and `threshold`
/// (`2^w mod bound` in `x.len()` limbs), with `product` as room for `x * bound`
/// (`x.len() + bound.len()` limbs): `true` when the draw is kept, its answer then in
/// `product[x.len()..]`.
///
/// # Panics
/// If the widths do not match.
#[must_use]
pub fn round_limbs<L: Limb>(x: &[L], bound: &[L], threshold: &[L], product: &mut [L]) -> bool {
    assert_eq!(threshold.len(), x.len(), "round_limbs: threshold width");
    multiply(x, bound, product);
    let low = &product[..x.len()];
    // Most significant limb first: the lexicographic order of equal-length limb lists is the
    // numeric order.
    low.iter().rev().ge(threshold.iter().rev())
}
