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
