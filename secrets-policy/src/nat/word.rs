//! Machine words a walk runs on when the count fits one (`u64`, `u128`), with branch-free
//! comparisons and selects, the quotient by shift-and-subtract, and division by a precomputed
//! reciprocal.

#[cfg(any(feature = "walk", not(feature = "checks")))]
use std::hint::black_box;

/// A machine word the walk can run on: `u64` for counts below 2^64 (passwords of up to 64 bits
/// of entropy, the usual case) and `u128` below 2^128.
#[cfg(any(feature = "walk", not(feature = "checks")))]
pub(crate) trait Word:
    Copy + Ord + std::ops::Sub<Output = Self> + std::ops::BitAnd<Output = Self>
{
    const ZERO: Self;
    /// The number in these limbs (at most as many as the word has).
    fn read(limbs: &[u64]) -> Self;
    fn write(self, limbs: &mut [u64]);
    fn times(self, factor: u32) -> Self;
    /// All ones when `self < other`, else all zeros, from the borrow of `self - other` rather
    /// than a comparison, and through [`black_box`] so that the optimiser, which otherwise
    /// turns `x & mask` back into a branch on the mask (it did, in `small_quotient`), does not
    /// know the mask is all ones or all zeros (for `u64`, the constant-time walks' word).
    fn below(self, other: Self) -> u64;
    /// The low 64 bits of a mask from [`Word::below`], widened.
    fn widen(mask: u64) -> Self;
    fn shr(self, bits: u32) -> Self;
    fn shl(self, bits: u32) -> Self;
    /// `a` where `mask` is all zeros, `b` where it is all ones.
    fn select(a: Self, b: Self, mask: u64) -> Self;
}

#[cfg(any(feature = "walk", not(feature = "checks")))]
impl Word for u64 {
    const ZERO: u64 = 0;
    fn read(limbs: &[u64]) -> u64 {
        limbs[0]
    }
    fn write(self, limbs: &mut [u64]) {
        limbs[0] = self;
    }
    fn times(self, factor: u32) -> u64 {
        self * u64::from(factor)
    }
    fn below(self, other: u64) -> u64 {
        black_box(0u64.wrapping_sub(u64::from(self.overflowing_sub(other).1)))
    }
    fn widen(mask: u64) -> u64 {
        mask
    }
    fn shr(self, bits: u32) -> u64 {
        self >> bits
    }
    fn shl(self, bits: u32) -> u64 {
        self << bits
    }
    fn select(a: u64, b: u64, mask: u64) -> u64 {
        a ^ ((a ^ b) & mask)
    }
}

#[cfg(any(feature = "walk", not(feature = "checks")))]
impl Word for u128 {
    const ZERO: u128 = 0;
    fn read(limbs: &[u64]) -> u128 {
        // A row narrower than the count holds one limb.
        u128::from(limbs.get(1).copied().unwrap_or(0)) << 64 | u128::from(limbs[0])
    }
    fn write(self, limbs: &mut [u64]) {
        // The low and the high half.
        limbs[0] = self as u64;
        limbs[1] = (self >> 64) as u64;
    }
    fn times(self, factor: u32) -> u128 {
        self * u128::from(factor)
    }
    fn below(self, other: u128) -> u64 {
        // Not hidden from the optimiser: the walk on `u128` is not constant time (see
        // `unrank_wide`).
        0u64.wrapping_sub(u64::from(self.overflowing_sub(other).1))
    }
    fn widen(mask: u64) -> u128 {
        u128::from(mask) | u128::from(mask) << 64
    }
    fn shr(self, bits: u32) -> u128 {
        self >> bits
    }
    fn shl(self, bits: u32) -> u128 {
        self << bits
    }
    fn select(a: u128, b: u128, mask: u64) -> u128 {
        let mask = u128::from(mask) | u128::from(mask) << 64;
        a ^ ((a ^ b) & mask)
    }
}

/// `q = floor(index / divisor)` for a quotient below `2^bits`, by `bits` shift-and-subtract
/// steps; leaves the remainder in `index`.
#[cfg(any(feature = "walk", not(feature = "checks")))]
pub(crate) fn small_quotient<W: Word>(index: &mut W, divisor: W, bits: u32) -> usize {
    let mut q = 0usize;
    for bit in (0..bits).rev() {
        // index >= divisor * 2^bit exactly when floor(index / 2^bit) >= divisor, and the
        // shifted divisor then fits the word.
        let fits = !index.shr(bit).below(divisor);
        *index = *index - (divisor.shl(bit) & W::widen(fits));
        q |= (fits as usize & 1) << bit;
    }
    q
}

/// `ceil(2^64 / entry) - 1`, which fits a word for every `entry >= 1`.
pub(crate) fn magic(entry: u64) -> u64 {
    if entry == 0 {
        return 0;
    }
    // ceil(2^64 / e) - 1 = floor((2^64 - 1) / e) for every e >= 1.
    u64::MAX / entry
}

/// `floor(n / d)` for `d >= 1`, with `magic = ceil(2^64 / d) - 1`: the high word of
/// `n * ceil(2^64 / d)` is the quotient or one more (the excess of `ceil(2^64 / d) / 2^64`
/// over `1 / d` is below `1 / 2^64`, so it adds less than one), and one comparison corrects it.
#[cfg(any(feature = "walk", not(feature = "checks")))]
pub(crate) fn divide(n: u64, d: u64, magic: u64) -> u64 {
    let estimate = ((u128::from(n) * u128::from(magic) + u128::from(n)) >> 64) as u64;
    // One more than the quotient exactly when `n - estimate * d` borrows: a borrow, not a
    // comparison the compiler could turn into a branch.
    let over = u128::from(n)
        .overflowing_sub(u128::from(estimate) * u128::from(d))
        .1;
    estimate - u64::from(over)
}
