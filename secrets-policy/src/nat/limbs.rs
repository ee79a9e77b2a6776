//! Limb arithmetic the tables and walks need beyond [`super::Nat`]'s own: a multiply-add into a
//! row entry, a product into scratch space, and the small quotient a walk takes.

/// `sum += value * factor`, where the result is known to fit in `sum`'s limbs (a count, at
/// most `alphabet^(len - p)`); `value` may have fewer limbs than `sum`.
pub(crate) fn mul_small_add(sum: &mut [u64], value: &[u64], factor: u64) {
    let mut carry = 0u64;
    for (i, s) in sum.iter_mut().enumerate() {
        let v = value.get(i).copied().unwrap_or(0);
        if i >= value.len() && carry == 0 {
            break;
        }
        // v * factor + s + carry < 2^128.
        let t = u128::from(v) * u128::from(factor) + u128::from(*s) + u128::from(carry);
        *s = t as u64;
        carry = (t >> 64) as u64;
    }
    debug_assert_eq!(carry, 0, "a count outgrew its table width");
}

/// `floor(index / divisor)` or one more, capped at `bound - 1`, from the top 64 bits of
/// `divisor` and the bits of `index` at the same place (where `index < bound * divisor`, with
/// `bound` at most 2^32, they fit 96 bits): with `e` the bits below the divisor's top 64,
/// `D = floor(divisor / 2^e)` and `N = floor(index / 2^e)`, `q * D <= N` for the quotient `q`,
/// and `N / D` exceeds `index / divisor` by less than `bound / D < 1`, so `floor(N / D)` is `q`
/// or `q + 1`. `None` when `divisor` is zero or `index` is not below `2^(e + 96)` (not a
/// quotient below `bound`): the caller bisects then.
#[cfg(any(feature = "walk", not(feature = "checks")))]
fn estimate_quotient(index: &[u64], divisor: &[u64], bound: u32) -> Option<u32> {
    let top = divisor.iter().rposition(|&limb| limb != 0)?;
    let shift = divisor[top].leading_zeros();
    // The divisor's top 64 bits, and `e` (0 when the divisor fits its top limb's bits).
    let (high, bits_below) = if top == 0 {
        (divisor[0], 0)
    } else {
        let below = divisor[top - 1];
        let high = if shift == 0 {
            divisor[top]
        } else {
            divisor[top] << shift | below >> (64 - shift)
        };
        (high, 64 * top as u32 - shift)
    };
    let (at, offset) = ((bits_below / 64) as usize, bits_below % 64);
    // Past the three limbs from `at`, the index must be zero.
    if index.iter().skip(at + 3).any(|&limb| limb != 0) {
        return None;
    }
    let limb = |i: usize| u128::from(index.get(i).copied().unwrap_or(0));
    let (low, upper) = (limb(at) | limb(at + 1) << 64, limb(at + 2));
    let top_bits = if offset == 0 {
        (upper == 0).then_some(low)?
    } else {
        // Above 2^128 once shifted: not a quotient below `bound`.
        if upper >> offset != 0 {
            return None;
        }
        low >> offset | upper << (128 - offset)
    };
    let estimate = top_bits / u128::from(high);
    Some(estimate.min(u128::from(bound - 1)) as u32)
}

/// `out = entry * factor`, `entry` zero-extended to `out`'s width (a count of passwords: it
/// fits).
#[cfg(any(feature = "walk", not(feature = "checks")))]
pub(crate) fn times(out: &mut [u64], entry: &[u64], factor: u32) {
    out[..entry.len()].copy_from_slice(entry);
    out[entry.len()..].fill(0);
    super::mul_small_limbs(out, u64::from(factor));
}

/// `q = floor(index / divisor)`, known to be below `bound`; leaves `index % divisor` in `index`.
/// `term` is scratch space of `index`'s width.
#[cfg(any(feature = "walk", not(feature = "checks")))]
pub(crate) fn take_quotient(
    index: &mut [u64],
    divisor: &[u64],
    bound: u32,
    term: &mut [u64],
) -> usize {
    if let ([i], [d]) = (&mut *index, divisor) {
        let q = *i / *d;
        *i %= *d;
        return q as usize;
    }
    if let Some(q) = estimate_quotient(index, divisor, bound) {
        // The estimate is the quotient or one more: one product, and one more when it is over.
        let mut q = q;
        times(term, divisor, q);
        if q > 0 && super::cmp_limbs(term, index).is_gt() {
            q -= 1;
            times(term, divisor, q);
        }
        debug_assert!(super::cmp_limbs(term, index).is_le());
        super::sub_limbs(index, term);
        return q as usize;
    }
    // The largest q below `bound` with q * divisor <= index, by bisection: the quotient is
    // below 256 (the largest letter), so at most eight rounds of a small multiplication.
    let (mut low, mut high) = (0u32, bound - 1);
    while low < high {
        let middle = (low + high).div_ceil(2);
        times(term, divisor, middle);
        if super::cmp_limbs(term, index).is_gt() {
            high = middle - 1;
        } else {
            low = middle;
        }
    }
    times(term, divisor, low);
    super::sub_limbs(index, term);
    low as usize
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nat::Nat;
    use crate::problem::testing::Lcg;

    /// The quotient from the top bits is the exact one: against `Nat`'s division, for divisors
    /// of one to five limbs (top limbs small and large) and quotients up to the bound.
    #[test]
    fn the_small_quotient_is_exact() {
        let mut rng = Lcg(2024);
        let word = |rng: &mut Lcg| (0..3).fold(0u64, |w, _| w << 22 ^ rng.below(1 << 22) as u64);
        for round in 0..20_000 {
            let limbs = 1 + round % 5;
            let mut divisor: Vec<u64> = (0..limbs).map(|_| word(&mut rng)).collect();
            // Top limbs of every size, down to one bit.
            let top_bits = rng.below(64) as u32;
            divisor[limbs - 1] >>= top_bits;
            divisor[limbs - 1] |= 1;
            let bound = 1 + rng.below(256) as u32;
            let q = rng.below(bound as usize) as u64;
            let mut value = Nat::from_limbs(divisor.clone());
            value.mul_small(q);
            // A remainder below the divisor: the divisor less a random amount.
            let mut rest = divisor.clone();
            let cut: Vec<u64> = (0..limbs)
                .map(|i| {
                    if i + 1 == limbs {
                        rest[i] >> 1
                    } else {
                        word(&mut rng)
                    }
                })
                .collect();
            crate::nat::sub_limbs(&mut rest, &cut);
            // (A zero cut leaves the divisor itself: no remainder then either.)
            if round % 7 == 0 || rest == divisor {
                rest.fill(0);
            }
            let width = limbs + 1;
            let mut index = value.limbs().to_vec();
            index.resize(width, 0);
            let mut add = rest.clone();
            add.resize(width, 0);
            let mut sum = Nat::from_limbs(index.clone());
            sum.add_assign(&Nat::from_limbs(add));
            let mut index = sum.limbs().to_vec();
            index.resize(width, 0);
            let (expected_q, expected_r) =
                Nat::from_limbs(index.clone()).div_rem(&Nat::from_limbs(divisor.clone()));
            let mut term = vec![0u64; width];
            let got = take_quotient(&mut index, &divisor, bound, &mut term);
            assert_eq!(Some(got as u128), expected_q.to_u128(), "{divisor:?} {q}");
            assert_eq!(got as u64, q);
            let mut remainder = expected_r.limbs().to_vec();
            remainder.resize(width, 0);
            assert_eq!(index, remainder);
        }
    }
}
