//! Natural numbers of any size, for exact counts (below `2^2049`) and the tables that unrank
//! them.
//!
//! Only what counting and unranking need: addition, subtraction, multiplication, division by a
//! machine word and by another number (Knuth's algorithm D), comparison and `log2`. The limbs
//! are little-endian `u64`s, and the unranking tables store numbers as fixed-width runs of limbs
//! in one flat vector, so the limb-slice functions below are public to the crate as well.
//!
//! Why not `num-bigint`: it was the longest link of the build's critical path (`num-traits`,
//! `num-integer` and `num-bigint` compile one after the other before the rule core can start:
//! see the README's compile-cost figures), and the tables need flat limb storage
//! anyway. The unit tests compare every operation with `num-bigint`, kept as a dev-dependency.
//!
//! The numbers unranking computes are derived from a secret index, so a `Nat` wipes its limbs
//! when dropped, and grows by copying into a new buffer and wiping the old one (a `Vec` that
//! grew in place would free its old buffer unwiped).

pub mod below;
mod limbs;
mod word;

pub(crate) use limbs::mul_small_add;
#[cfg(any(feature = "walk", not(feature = "checks")))]
pub(crate) use limbs::{take_quotient, times};
pub(crate) use word::magic;
#[cfg(any(feature = "walk", not(feature = "checks")))]
pub(crate) use word::{divide, small_quotient, Word};

use std::cmp::Ordering;

use zeroize::Zeroize;

/// A natural number: little-endian limbs, with no most significant zero limb (zero has none).
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub(crate) struct Nat {
    limbs: Vec<u64>,
}

impl Drop for Nat {
    fn drop(&mut self) {
        self.limbs.zeroize();
    }
}

/// Wipes limbs that held secret values.
pub(crate) fn wipe(limbs: &mut [u64]) {
    limbs.zeroize();
}

/// Wipes a byte buffer's whole capacity.
#[cfg(any(feature = "walk", not(feature = "checks")))]
pub(crate) fn wipe_bytes(bytes: &mut Vec<u8>) {
    bytes.zeroize();
}

/// Makes `limbs` `len` long (new limbs zero); when that needs a larger buffer, copies into a new
/// one and wipes the old.
fn grow(limbs: &mut Vec<u64>, len: usize) {
    if len <= limbs.len() {
        return;
    }
    if len > limbs.capacity() {
        let mut larger = Vec::with_capacity(len);
        larger.extend_from_slice(limbs);
        limbs.zeroize();
        *limbs = larger;
    }
    limbs.resize(len, 0);
}

impl std::fmt::Debug for Nat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.to_u128() {
            Some(value) => write!(f, "{value}"),
            None => write!(f, "Nat({} bits)", self.bits()),
        }
    }
}

impl From<u64> for Nat {
    fn from(value: u64) -> Nat {
        Nat::from_limbs(vec![value])
    }
}

impl From<u128> for Nat {
    fn from(value: u128) -> Nat {
        // Split into the low and high words.
        Nat::from_limbs(vec![value as u64, (value >> 64) as u64])
    }
}

impl From<usize> for Nat {
    fn from(value: usize) -> Nat {
        Nat::from(value as u64)
    }
}

impl Ord for Nat {
    fn cmp(&self, other: &Nat) -> Ordering {
        self.limbs
            .len()
            .cmp(&other.limbs.len())
            .then_with(|| cmp_limbs(&self.limbs, &other.limbs))
    }
}

impl PartialOrd for Nat {
    fn partial_cmp(&self, other: &Nat) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Nat {
    /// Zero.
    pub(crate) const fn zero() -> Nat {
        Nat { limbs: Vec::new() }
    }

    /// One.
    pub(crate) fn one() -> Nat {
        Nat::from(1u64)
    }

    /// The number with these little-endian limbs (most significant zeros allowed).
    pub(crate) fn from_limbs(mut limbs: Vec<u64>) -> Nat {
        trim(&mut limbs);
        Nat { limbs }
    }

    /// The limbs, little-endian, without most significant zeros.
    pub(crate) fn limbs(&self) -> &[u64] {
        &self.limbs
    }

    pub(crate) fn is_zero(&self) -> bool {
        self.limbs.is_empty()
    }

    #[cfg(feature = "checks")]
    pub(crate) fn is_one(&self) -> bool {
        self.limbs == [1]
    }

    /// The number of significant bits (0 for zero).
    pub(crate) fn bits(&self) -> u64 {
        match self.limbs.last() {
            None => 0,
            Some(&top) => 64 * self.limbs.len() as u64 - u64::from(top.leading_zeros()),
        }
    }

    /// The value, when it fits in a `u128`.
    pub(crate) fn to_u128(&self) -> Option<u128> {
        match self.limbs[..] {
            [] => Some(0),
            [low] => Some(u128::from(low)),
            [low, high] => Some(u128::from(high) << 64 | u128::from(low)),
            _ => None,
        }
    }

    /// `base^exponent`.
    pub(crate) fn pow(base: u64, exponent: u32) -> Nat {
        let mut result = Nat::one();
        for _ in 0..exponent {
            result.mul_small(base);
        }
        result
    }

    /// `self += other`.
    pub(crate) fn add_assign(&mut self, other: &Nat) {
        grow(&mut self.limbs, other.limbs.len());
        let carry = add_limbs(&mut self.limbs, &other.limbs);
        if carry {
            let len = self.limbs.len();
            grow(&mut self.limbs, len + 1);
            self.limbs[len] = 1;
        }
    }

    /// `self -= other`.
    ///
    /// # Panics
    /// If `other > self`: counts never go negative, so this is a bug.
    pub(crate) fn sub_assign(&mut self, other: &Nat) {
        assert!(*other <= *self, "Nat::sub_assign: subtrahend is larger");
        sub_limbs(&mut self.limbs, &other.limbs);
        trim(&mut self.limbs);
    }

    /// `self * other`.
    pub(crate) fn mul(&self, other: &Nat) -> Nat {
        let mut product = Nat::zero();
        self.mul_into(other, &mut product);
        product
    }

    /// `out = self * other`, in `out`'s buffer: a loop of products allocates once.
    pub(crate) fn mul_into(&self, other: &Nat, out: &mut Nat) {
        out.limbs.clear();
        if self.is_zero() || other.is_zero() {
            return;
        }
        grow(&mut out.limbs, self.limbs.len() + other.limbs.len());
        mul_limbs(&self.limbs, &other.limbs, &mut out.limbs);
        trim(&mut out.limbs);
    }

    /// `self *= factor`.
    pub(crate) fn mul_small(&mut self, factor: u64) {
        let carry = mul_small_limbs(&mut self.limbs, factor);
        if carry != 0 {
            let len = self.limbs.len();
            grow(&mut self.limbs, len + 1);
            self.limbs[len] = carry;
        }
        trim(&mut self.limbs);
    }

    /// `self /= divisor`, returning the remainder.
    ///
    /// # Panics
    /// If `divisor` is zero.
    pub(crate) fn div_small(&mut self, divisor: u64) -> u64 {
        let remainder = div_small_limbs(&mut self.limbs, divisor);
        trim(&mut self.limbs);
        remainder
    }

    /// `self /= divisor`, where `divisor` divides `self` (checked in debug builds): the binomial
    /// steps of the walks, `C(n, k) * (n - k) / (k + 1)`. Two multiplications a limb, where
    /// [`Nat::div_small`] takes two hardware divisions, and no branch on the value.
    ///
    /// # Panics
    /// If `divisor` is zero.
    pub(crate) fn div_exact_small(&mut self, divisor: u64) {
        let borrow = div_exact_small_limbs(&mut self.limbs, divisor);
        debug_assert_eq!(borrow, 0, "{divisor} does not divide the number");
        trim(&mut self.limbs);
    }

    /// `(self / divisor, self % divisor)`.
    ///
    /// # Panics
    /// If `divisor` is zero.
    pub(crate) fn div_rem(&self, divisor: &Nat) -> (Nat, Nat) {
        assert!(!divisor.is_zero(), "Nat::div_rem: division by zero");
        if self < divisor {
            return (Nat::zero(), self.clone());
        }
        if let [single] = divisor.limbs[..] {
            let mut quotient = self.clone();
            let remainder = quotient.div_small(single);
            return (quotient, Nat::from(remainder));
        }
        let quotient = vec![0; self.limbs.len() - divisor.limbs.len() + 1];
        let (mut quotient, mut remainder) = (Nat { limbs: quotient }, self.clone());
        div_rem_limbs(&mut remainder.limbs, &divisor.limbs, &mut quotient.limbs);
        trim(&mut quotient.limbs);
        trim(&mut remainder.limbs);
        (quotient, remainder)
    }

    /// `self * 2^shift`.
    pub(crate) fn shl(&self, shift: u64) -> Nat {
        if self.is_zero() {
            return Nat::zero();
        }
        let (words, bits) = ((shift / 64) as usize, (shift % 64) as u32);
        let mut limbs = Vec::with_capacity(words + self.limbs.len() + 1);
        limbs.resize(words, 0);
        limbs.extend_from_slice(&self.limbs);
        limbs.push(0);
        shl_limbs(&mut limbs[words..], bits);
        Nat::from_limbs(limbs)
    }

    /// `floor(self / 2^shift)`.
    #[cfg(feature = "checks")]
    pub(crate) fn shr(&self, shift: u64) -> Nat {
        let words = (shift / 64) as usize;
        if words >= self.limbs.len() {
            return Nat::zero();
        }
        let mut limbs = self.limbs[words..].to_vec();
        shr_limbs(&mut limbs, (shift % 64) as u32);
        Nat::from_limbs(limbs)
    }

    /// `log2(self)`, to within a relative error of about `2^-52`, for any size (the top 64
    /// bits and the bit length: converting to `f64` would overflow above `2^1024`). `log2(0)` is
    /// negative infinity.
    #[cfg(feature = "checks")]
    pub(crate) fn log2(&self) -> f64 {
        let bits = self.bits();
        if bits == 0 {
            return f64::NEG_INFINITY;
        }
        let shift = bits.saturating_sub(64);
        let top = self.shr(shift).to_u128().unwrap_or(u128::MAX) as f64;
        top.log2() + shift as f64
    }

    /// `self / denominator` as an `f64`, for `self <= denominator`; exact ratios such as 1 come
    /// out exact.
    pub(crate) fn ratio(&self, denominator: &Nat) -> f64 {
        if self.is_zero() || denominator.is_zero() {
            return 0.0;
        }
        // Scale so the quotient keeps 64 or 65 significant bits: q = floor(n * 2^k / d).
        let k = 64 + denominator.bits().saturating_sub(self.bits());
        let (quotient, _) = self.shl(k).div_rem(denominator);
        let quotient = quotient.to_u128().unwrap_or(u128::MAX) as f64;
        // q * 2^-64 lies in [1, 4); the remaining power may underflow to 0 only for ratios below
        // about 2^-1074.
        let exponent = i32::try_from(k - 64).unwrap_or(i32::MAX);
        quotient * 2f64.powi(-64) * 2f64.powi(-exponent)
    }
}

/// Drops most significant zero limbs.
fn trim(limbs: &mut Vec<u64>) {
    while limbs.last() == Some(&0) {
        limbs.pop();
    }
}

/// Compares two numbers of the same number of limbs (leading zeros allowed).
pub(crate) fn cmp_limbs(a: &[u64], b: &[u64]) -> Ordering {
    debug_assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().rev().zip(b.iter().rev()) {
        match x.cmp(y) {
            Ordering::Equal => {}
            unequal => return unequal,
        }
    }
    Ordering::Equal
}

/// `a += b` for `b` no longer than `a`; returns the carry out of `a`'s top limb.
pub(crate) fn add_limbs(a: &mut [u64], b: &[u64]) -> bool {
    let mut carry = false;
    for (i, x) in a.iter_mut().enumerate() {
        let y = b.get(i).copied().unwrap_or(0);
        if i >= b.len() && !carry {
            break;
        }
        let (sum, c1) = x.overflowing_add(y);
        let (sum, c2) = sum.overflowing_add(u64::from(carry));
        *x = sum;
        carry = c1 || c2;
    }
    carry
}

/// `a -= b` for `b <= a` (`b` no longer than `a`); returns whether it borrowed past the top.
pub(crate) fn sub_limbs(a: &mut [u64], b: &[u64]) -> bool {
    let mut borrow = false;
    for (i, x) in a.iter_mut().enumerate() {
        let y = b.get(i).copied().unwrap_or(0);
        if i >= b.len() && !borrow {
            break;
        }
        let (difference, b1) = x.overflowing_sub(y);
        let (difference, b2) = difference.overflowing_sub(u64::from(borrow));
        *x = difference;
        borrow = b1 || b2;
    }
    borrow
}

/// `a *= factor`; returns the limb carried out of the top.
pub(crate) fn mul_small_limbs(a: &mut [u64], factor: u64) -> u64 {
    let mut carry = 0u64;
    for x in a.iter_mut() {
        // x * factor + carry < 2^128: the sum of the high word and the carry fits a limb.
        let product = u128::from(*x) * u128::from(factor) + u128::from(carry);
        *x = product as u64;
        carry = (product >> 64) as u64;
    }
    carry
}

/// `a /= divisor`; returns the remainder.
///
/// Each limb is one division of two limbs by the divisor, shifted left until its top bit is
/// set, through a reciprocal computed once (Möller and Granlund, "Improved division by
/// invariant integers", 2011, algorithm 4): a multiplication and a few additions a limb where
/// a hardware division of a two-limb number would call a software routine.
pub(crate) fn div_small_limbs(a: &mut [u64], divisor: u64) -> u64 {
    assert!(divisor != 0, "division by zero");
    let shift = divisor.leading_zeros();
    let d = divisor << shift;
    // floor((2^128 - 1) / d) - 2^64: the quotient lies in [2^64, 2^65), so its low limb.
    let reciprocal = (u128::MAX / u128::from(d)) as u64;
    // The bits shifted out of the top limb, the first (partial) remainder: below d.
    let below = |limb: u64| if shift == 0 { 0 } else { limb >> (64 - shift) };
    let mut remainder = a.last().map_or(0, |&top| below(top));
    for i in (0..a.len()).rev() {
        let low_bits = if i == 0 { 0 } else { below(a[i - 1]) };
        let (quotient, rest) = div_2by1(remainder, (a[i] << shift) | low_bits, d, reciprocal);
        a[i] = quotient;
        remainder = rest;
    }
    remainder >> shift
}

/// `(high * 2^64 + low) / d` and its remainder, for `d` with its top bit set, `high < d`, and
/// `reciprocal` = floor((2^128 - 1) / d) - 2^64.
fn div_2by1(high: u64, low: u64, d: u64, reciprocal: u64) -> (u64, u64) {
    let estimate = (u128::from(reciprocal) * u128::from(high))
        .wrapping_add((u128::from(high) + 1) << 64 | u128::from(low));
    let (mut quotient, fraction) = ((estimate >> 64) as u64, estimate as u64);
    let mut remainder = low.wrapping_sub(quotient.wrapping_mul(d));
    // The estimate is at most one too large or two too small.
    if remainder > fraction {
        quotient = quotient.wrapping_sub(1);
        remainder = remainder.wrapping_add(d);
    }
    if remainder >= d {
        quotient += 1;
        remainder -= d;
    }
    (quotient, remainder)
}

/// `a /= divisor` for a `divisor` that divides `a`, by Hensel's exact division (as GMP's
/// `mpn_divexact_1`): from the low limb up, each quotient limb is the limb times the inverse
/// of the odd part of `divisor` modulo 2^64, and the high half of quotient times divisor is
/// borrowed from the next limb. Returns the final borrow: 0 exactly when `divisor` divides `a`.
pub(crate) fn div_exact_small_limbs(a: &mut [u64], divisor: u64) -> u64 {
    assert!(divisor != 0, "division by zero");
    let shift = divisor.trailing_zeros();
    let odd = divisor >> shift;
    // The power of two first: a right shift, exact when the bits shifted out are zeros.
    let mut dropped = 0;
    if shift > 0 {
        dropped = a.first().map_or(0, |&low| low & ((1 << shift) - 1));
        for i in 0..a.len() {
            let high = a.get(i + 1).map_or(0, |&next| next << (64 - shift));
            a[i] = (a[i] >> shift) | high;
        }
    }
    if odd == 1 {
        return dropped;
    }
    // The walks divide by numbers up to the password's length: their inverses are in a table.
    let inverse = usize::try_from(odd >> 1)
        .ok()
        .and_then(|i| SMALL_INVERSES.get(i).copied())
        .unwrap_or_else(|| inverse_mod_word(odd));
    debug_assert_eq!(odd.wrapping_mul(inverse), 1);
    let mut borrow = 0u64;
    for x in a.iter_mut() {
        let (limb, under) = x.overflowing_sub(borrow);
        let quotient = limb.wrapping_mul(inverse);
        *x = quotient;
        // quotient * odd = limb + 2^64 * high: `high` (and the borrow just made) are taken from
        // the next limb. high <= odd - 1, so adding one cannot overflow.
        borrow = ((u128::from(quotient) * u128::from(odd)) >> 64) as u64 + u64::from(under);
    }
    borrow | dropped
}

/// The inverse of an odd number modulo 2^64, by Newton's iteration: `odd` is its own inverse
/// modulo 2^3, and each step doubles the bits that are right (3, 6, 12, 24, 48, 96).
const fn inverse_mod_word(odd: u64) -> u64 {
    let mut inverse = odd;
    let mut step = 0;
    while step < 5 {
        inverse = inverse.wrapping_mul(2u64.wrapping_sub(odd.wrapping_mul(inverse)));
        step += 1;
    }
    inverse
}

/// The inverses modulo 2^64 of the odd numbers below 512: entry `i` is that of `2i + 1`.
static SMALL_INVERSES: [u64; 256] = {
    let mut table = [0; 256];
    let mut i = 0;
    while i < table.len() {
        table[i] = inverse_mod_word(2 * i as u64 + 1);
        i += 1;
    }
    table
};

/// `out = a * b`, schoolbook; `out` has `a.len() + b.len()` limbs.
pub(crate) fn mul_limbs(a: &[u64], b: &[u64], out: &mut [u64]) {
    debug_assert_eq!(out.len(), a.len() + b.len());
    out.fill(0);
    for (i, &x) in a.iter().enumerate() {
        if x == 0 {
            continue;
        }
        let mut carry = 0u64;
        for (j, &y) in b.iter().enumerate() {
            // x * y + out + carry <= (2^64 - 1)^2 + 2 (2^64 - 1) = 2^128 - 1: no overflow.
            let t = u128::from(x) * u128::from(y) + u128::from(out[i + j]) + u128::from(carry);
            out[i + j] = t as u64;
            carry = (t >> 64) as u64;
        }
        out[i + b.len()] = carry;
    }
}

/// `a <<= bits` for `bits < 64`, within `a`'s limbs (the top bits shifted out are lost).
fn shl_limbs(a: &mut [u64], bits: u32) {
    if bits == 0 {
        return;
    }
    for i in (0..a.len()).rev() {
        let below = if i > 0 { a[i - 1] >> (64 - bits) } else { 0 };
        a[i] = a[i] << bits | below;
    }
}

/// `a >>= bits` for `bits < 64`.
fn shr_limbs(a: &mut [u64], bits: u32) {
    if bits == 0 {
        return;
    }
    for i in 0..a.len() {
        let above = a.get(i + 1).map_or(0, |&next| next << (64 - bits));
        a[i] = a[i] >> bits | above;
    }
}

/// Knuth's algorithm D (TAOCP 4.3.1), as in Hacker's Delight's `divmnu`: `quotient =
/// floor(a / divisor)`, and `a` is left holding the remainder. `divisor` has at least two limbs
/// and no most significant zero limb, `a` at least as many, and `quotient` has
/// `a.len() - divisor.len() + 1` limbs.
fn div_rem_limbs(dividend: &mut [u64], divisor: &[u64], quotient: &mut [u64]) {
    let size = divisor.len();
    debug_assert!(size >= 2, "a one-limb divisor goes through div_small_limbs");
    // Normalize: shift so the divisor's top limb has its top bit set, which keeps each
    // estimated quotient digit within 2 of the true one.
    let shift = divisor[size - 1].leading_zeros();
    let mut top = divisor.to_vec();
    shl_limbs(&mut top, shift);
    let mut rest = Vec::with_capacity(dividend.len() + 1);
    rest.extend_from_slice(dividend);
    rest.push(0);
    shl_limbs(&mut rest, shift);
    let base = 1u128 << 64;
    let (high, second) = (u128::from(top[size - 1]), u128::from(top[size - 2]));
    for digit in (0..=dividend.len() - size).rev() {
        let numerator = u128::from(rest[digit + size]) << 64 | u128::from(rest[digit + size - 1]);
        let mut estimate = numerator / high;
        let mut remainder = numerator % high;
        while estimate >= base
            || estimate * second > (remainder << 64 | u128::from(rest[digit + size - 2]))
        {
            estimate -= 1;
            remainder += high;
            if remainder >= base {
                break;
            }
        }
        // rest[digit..=digit + size] -= estimate * divisor.
        let mut borrow = 0i128;
        let mut carry = 0u128;
        for (offset, &limb) in top.iter().enumerate() {
            let product = estimate * u128::from(limb) + carry;
            carry = product >> 64;
            let difference = i128::from(rest[digit + offset]) - borrow - i128::from(product as u64);
            rest[digit + offset] = difference as u64;
            borrow = i128::from(difference < 0);
        }
        let difference = i128::from(rest[digit + size]) - borrow - carry as i128;
        rest[digit + size] = difference as u64;
        if difference < 0 {
            // The estimate was one too large (rare): add the divisor back.
            estimate -= 1;
            let carry = add_limbs(&mut rest[digit..digit + size], &top);
            rest[digit + size] = rest[digit + size].wrapping_add(u64::from(carry));
        }
        quotient[digit] = estimate as u64;
    }
    // Unnormalize the remainder.
    shr_limbs(&mut rest[..=size], shift);
    dividend.fill(0);
    dividend[..size].copy_from_slice(&rest[..size]);
    // Both held numbers derived from the dividend, which may be secret.
    rest.zeroize();
    top.zeroize();
}

#[cfg(all(test, feature = "checks"))]
mod tests {
    use super::*;
    use num_bigint::BigUint;
    use proptest::prelude::*;

    fn big(n: &Nat) -> BigUint {
        let mut digits = Vec::new();
        for limb in n.limbs() {
            digits.push(*limb as u32);
            digits.push((*limb >> 32) as u32);
        }
        BigUint::new(digits)
    }

    fn big_to_nat(n: &BigUint) -> Nat {
        Nat::from_limbs(n.to_u64_digits())
    }

    fn nat(limbs: Vec<u64>) -> Nat {
        Nat::from_limbs(limbs)
    }

    /// Limb vectors with many all-ones and zero limbs, where carries and estimates go wrong.
    fn limbs(max: usize) -> impl Strategy<Value = Vec<u64>> {
        prop::collection::vec(
            prop_oneof![Just(0u64), Just(u64::MAX), Just(1u64 << 63), any::<u64>()],
            0..max,
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn arithmetic_agrees_with_num_bigint(a in limbs(6), b in limbs(6), k: u64, s in 0u64..200) {
            let (x, y) = (nat(a), nat(b));
            let mut sum = x.clone();
            sum.add_assign(&y);
            prop_assert_eq!(big(&sum), big(&x) + big(&y));
            prop_assert_eq!(big(&x.mul(&y)), big(&x) * big(&y));
            prop_assert_eq!(x.cmp(&y), big(&x).cmp(&big(&y)));
            let (high, low) = if x >= y { (&x, &y) } else { (&y, &x) };
            let mut difference = high.clone();
            difference.sub_assign(low);
            prop_assert_eq!(big(&difference), big(high) - big(low));
            let mut product = x.clone();
            product.mul_small(k);
            prop_assert_eq!(big(&product), big(&x) * k);
            if k != 0 {
                let mut quotient = x.clone();
                let remainder = quotient.div_small(k);
                prop_assert_eq!(big(&quotient), big(&x) / k);
                prop_assert_eq!(BigUint::from(remainder), big(&x) % k);
            }
            if !y.is_zero() {
                let (quotient, remainder) = x.div_rem(&y);
                prop_assert_eq!(big(&quotient), big(&x) / big(&y));
                prop_assert_eq!(big(&remainder), big(&x) % big(&y));
            }
            prop_assert_eq!(big(&x.shl(s)), big(&x) << s);
            prop_assert_eq!(big(&x.shr(s)), big(&x) >> s);
            prop_assert_eq!(x.bits(), big(&x).bits());
        }

        #[test]
        fn exact_division_by_a_small_number(a in limbs(6), d in prop_oneof![1u64..300, any::<u64>()]) {
            prop_assume!(d != 0);
            let mut n = nat(a.clone());
            n.mul_small(d);
            let mut limbs = n.limbs().to_vec();
            n.div_exact_small(d);
            prop_assert_eq!(n, nat(a));
            // One more than a multiple leaves a borrow: the debug check would catch misuse.
            if d > 1 {
                limbs.push(0);
                add_limbs(&mut limbs, &[1]);
                prop_assert_ne!(div_exact_small_limbs(&mut limbs, d), 0);
            }
        }

        #[test]
        fn division_of_products_is_exact(a in limbs(5), b in limbs(5), c in limbs(3)) {
            // a * b + c divided by b, where c < b: the quotient is a and the remainder c.
            let (x, y) = (nat(a), nat(b));
            prop_assume!(!y.is_zero());
            let z = big_to_nat(&(big(&nat(c)) % big(&y)));
            let mut n = x.mul(&y);
            n.add_assign(&z);
            let (quotient, remainder) = n.div_rem(&y);
            prop_assert_eq!(quotient, x);
            prop_assert_eq!(remainder, z);
        }
    }

    #[test]
    fn the_inverses_are_inverses() {
        for (i, inverse) in SMALL_INVERSES.iter().enumerate() {
            assert_eq!((2 * i as u64 + 1).wrapping_mul(*inverse), 1);
        }
        for odd in [513, 1 << 32 | 1, u64::MAX] {
            assert_eq!(odd.wrapping_mul(inverse_mod_word(odd)), 1);
        }
    }

    #[test]
    fn division_by_a_small_number_at_the_edges() {
        // Divisors at every normalization shift and at the word's ends; dividends of all-ones,
        // top-bit-only and alternating limbs, where the reciprocal's corrections happen.
        let small = [1, 2, 3, 7, 10, 255, 256, 257];
        let words = [
            u32::MAX.into(),
            1 << 32,
            (1 << 32) + 1,
            (1 << 63) - 1,
            1 << 63,
        ];
        let divisors = small
            .into_iter()
            .chain(words)
            .chain([u64::MAX - 1, u64::MAX]);
        let dividends = [
            vec![u64::MAX; 5],
            vec![0, 0, 1 << 63],
            vec![0x5555_5555_5555_5555, 0xaaaa_aaaa_aaaa_aaaa, u64::MAX, 1],
            vec![u64::MAX - 1],
            vec![],
        ];
        for divisor in divisors {
            for limbs in &dividends {
                let mut quotient = nat(limbs.clone());
                let remainder = quotient.div_small(divisor);
                let whole = big(&nat(limbs.clone()));
                assert_eq!(big(&quotient), &whole / divisor, "{limbs:x?} / {divisor}");
                assert_eq!(
                    BigUint::from(remainder),
                    &whole % divisor,
                    "{limbs:x?} % {divisor}"
                );
            }
        }
    }

    #[test]
    fn the_hard_cases_of_algorithm_d() {
        // Quotient digits where the estimate is two too large, and the add-back step.
        let cases: [(&[u64], &[u64]); 4] = [
            (&[0, 0, 0x8000_0000_0000_0000], &[1, 0x8000_0000_0000_0000]),
            (
                &[0, 0xffff_ffff_ffff_fffe, 0x8000_0000_0000_0000],
                &[0xffff_ffff_ffff_ffff, 0x8000_0000_0000_0000],
            ),
            (
                &[3, 0, 0x8000_0000_0000_0000, 0],
                &[1, 0, 0x2000_0000_0000_0000],
            ),
            (&[u64::MAX; 8], &[u64::MAX, u64::MAX, 1]),
        ];
        for (a, b) in cases {
            let (x, y) = (nat(a.to_vec()), nat(b.to_vec()));
            let (quotient, remainder) = x.div_rem(&y);
            assert_eq!(big(&quotient), big(&x) / big(&y), "{a:?} / {b:?}");
            assert_eq!(big(&remainder), big(&x) % big(&y), "{a:?} % {b:?}");
        }
    }

    #[test]
    #[allow(
        clippy::float_cmp,
        reason = "these values are exact: powers of two, equal operands"
    )]
    fn log2_and_ratio() {
        assert_eq!(Nat::from(1024u64).log2(), 10.0);
        assert_eq!(Nat::zero().log2(), f64::NEG_INFINITY);
        let big = Nat::pow(3, 1000);
        assert!((big.log2() - 1000.0 * 3f64.log2()).abs() < 1e-9);
        assert_eq!(big.ratio(&big), 1.0);
        assert_eq!(Nat::one().ratio(&Nat::from(4u64)), 0.25);
        let third = Nat::pow(3, 999).ratio(&big);
        assert!((third - 1.0 / 3.0).abs() < 1e-15);
        assert_eq!(Nat::one().ratio(&Nat::one().shl(1100)), 0.0);
        assert_eq!(Nat::from(u128::MAX).to_u128(), Some(u128::MAX));
        assert_eq!(Nat::from(u128::MAX).shl(1).to_u128(), None);
    }
}
