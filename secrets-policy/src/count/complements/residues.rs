//! Two groups' sums interleaved by residues, for groups with large caps: the same sums as
//! [`super::interleave::interleave`], with far fewer operations when both sides have
//! thousands of entries.
//!
//! The binomial coefficient of an interleaving, `C(j, j1) = j! / (j1! j2!)`, makes it a
//! product of exponential generating functions in the pieces: with `a(j1, t1) = D1(j1, t1) /
//! j1!` and `b(j2, t2) = D2(j2, t2) / j2!`,
//!
//! ```text
//! D(j, t) = j! * sum over j1 + j2 = j, t1 + t2 = t of a(j1, t1) * b(j2, t2),
//! ```
//!
//! a plain two-dimensional convolution. Modulo a prime `p` above `j` the divisions are exact,
//! so the convolution is done modulo several primes `p = c * 2^20 + 1` (each with roots of
//! unity of order `2^20`), each by number-theoretic transforms: the sums laid out row by row
//! (`j * width + t`, rows wide enough that no product reaches the next row), transformed,
//! multiplied point by point and transformed back. The primes' product is more than twice
//! any sum's magnitude (bounded from the operands' widths), so each sum is the one residue
//! in `(-M / 2, M / 2)` the Chinese remainder theorem gives (in mixed radix, Garner's way):
//! the result is exact, and equal to the direct interleaving's.

use crate::count::series::Value;
use crate::nat::{self, Nat};

/// Primes `c * 2^20 + 1` in `[2^61, 2^62)`, the largest such: each has roots of unity of
/// order `2^ORDER`, and sums of two residues below `2^63` (the test checks that each is prime).
const PRIMES: [u64; 48] = [
    0x3fff_ffff_feb0_0001,
    0x3fff_ffff_fa00_0001,
    0x3fff_ffff_f9f0_0001,
    0x3fff_ffff_f900_0001,
    0x3fff_ffff_f7b0_0001,
    0x3fff_ffff_f760_0001,
    0x3fff_ffff_f670_0001,
    0x3fff_ffff_f5e0_0001,
    0x3fff_ffff_f4f0_0001,
    0x3fff_ffff_f460_0001,
    0x3fff_ffff_f370_0001,
    0x3fff_ffff_f1b0_0001,
    0x3fff_ffff_f0c0_0001,
    0x3fff_ffff_ece0_0001,
    0x3fff_ffff_eaf0_0001,
    0x3fff_ffff_ea30_0001,
    0x3fff_ffff_ea00_0001,
    0x3fff_ffff_e9a0_0001,
    0x3fff_ffff_e950_0001,
    0x3fff_ffff_e500_0001,
    0x3fff_ffff_e3b0_0001,
    0x3fff_ffff_e2b0_0001,
    0x3fff_ffff_e290_0001,
    0x3fff_ffff_e230_0001,
    0x3fff_ffff_df90_0001,
    0x3fff_ffff_df50_0001,
    0x3fff_ffff_db60_0001,
    0x3fff_ffff_da10_0001,
    0x3fff_ffff_d980_0001,
    0x3fff_ffff_d900_0001,
    0x3fff_ffff_d690_0001,
    0x3fff_ffff_d590_0001,
    0x3fff_ffff_d360_0001,
    0x3fff_ffff_d2a0_0001,
    0x3fff_ffff_d180_0001,
    0x3fff_ffff_d150_0001,
    0x3fff_ffff_ce20_0001,
    0x3fff_ffff_cc00_0001,
    0x3fff_ffff_ca80_0001,
    0x3fff_ffff_c9c0_0001,
    0x3fff_ffff_c910_0001,
    0x3fff_ffff_c8d0_0001,
    0x3fff_ffff_c880_0001,
    0x3fff_ffff_c870_0001,
    0x3fff_ffff_c820_0001,
    0x3fff_ffff_c7b0_0001,
    0x3fff_ffff_c790_0001,
    0x3fff_ffff_c5d0_0001,
];

/// The largest transform: `2^ORDER` points (each prime has roots of unity of that order).
const ORDER: u32 = 20;

/// The most words an interleaving by residues may hold (8 MiB): past it, the direct way,
/// whose memory is the sums'.
const MOST_WORDS: usize = 1 << 20;

/// The bits each prime adds to the modulus, at least (each is at least `2^61`).
const PRIME_BITS: u64 = 61;

/// Arithmetic modulo one prime `p < 2^62`, in Montgomery form (`x` held as `x * 2^64 mod p`).
struct Field {
    p: u64,
    /// `-p^-1 mod 2^64`.
    neg_inverse: u64,
    /// `2^128 mod p`: multiplying by it puts a number in Montgomery form.
    r2: u64,
}

impl Field {
    fn new(p: u64) -> Field {
        // Newton's iteration doubles the correct low bits of `p^-1` from 1 (p is odd).
        let mut inverse: u64 = 1;
        for _ in 0..6 {
            inverse = inverse.wrapping_mul(2u64.wrapping_sub(p.wrapping_mul(inverse)));
        }
        let r = (u128::from(u64::MAX) + 1) % u128::from(p);
        let r2 = (r * r % u128::from(p)) as u64;
        Field {
            p,
            neg_inverse: inverse.wrapping_neg(),
            r2,
        }
    }

    /// `t / 2^64 mod p`, for `t < p * 2^64`.
    fn reduce(&self, t: u128) -> u64 {
        let m = (t as u64).wrapping_mul(self.neg_inverse);
        // t + m * p < 2^127 (p < 2^62), and a multiple of 2^64.
        let u = ((t + u128::from(m) * u128::from(self.p)) >> 64) as u64;
        // u < 2p: the lesser of u and u - p (wrapped when u < p), with no branch to mispredict.
        u.min(u.wrapping_sub(self.p))
    }

    /// `a * b / 2^64 mod p`: the product of two numbers in Montgomery form, in that form; or,
    /// with `b` in Montgomery form and `a` any 64-bit number, `a * b` in plain form.
    fn mul(&self, a: u64, b: u64) -> u64 {
        self.reduce(u128::from(a) * u128::from(b))
    }

    fn add(&self, a: u64, b: u64) -> u64 {
        let sum = a + b;
        sum.min(sum.wrapping_sub(self.p))
    }

    fn sub(&self, a: u64, b: u64) -> u64 {
        let difference = a.wrapping_sub(b);
        difference.min(difference.wrapping_add(self.p))
    }

    /// `x` (any 64-bit number) in Montgomery form.
    fn to_montgomery(&self, x: u64) -> u64 {
        self.mul(x, self.r2)
    }

    /// A number in Montgomery form in plain form.
    fn to_plain(&self, x: u64) -> u64 {
        self.reduce(u128::from(x))
    }

    /// `base^exponent`, in Montgomery form.
    fn pow(&self, base: u64, mut exponent: u64) -> u64 {
        let (mut result, mut base) = (self.to_montgomery(1), base);
        while exponent > 0 {
            if exponent & 1 == 1 {
                result = self.mul(result, base);
            }
            base = self.mul(base, base);
            exponent >>= 1;
        }
        result
    }

    fn inverse(&self, x: u64) -> u64 {
        self.pow(x, self.p - 2)
    }

    /// A root of unity of order exactly `2^ORDER`, in Montgomery form: `g^((p - 1) / 2^ORDER)`
    /// for a quadratic non-residue `g` (whose power `(p - 1) / 2` is `-1`).
    fn root(&self) -> u64 {
        let minus_one = self.to_montgomery(self.p - 1);
        let mut g = 2;
        while self.pow(self.to_montgomery(g), (self.p - 1) / 2) != minus_one {
            g += 1;
        }
        self.pow(self.to_montgomery(g), (self.p - 1) >> ORDER)
    }

    /// The powers `w^i` of a root of unity `w` of order `n`, for `i < n / 2`.
    fn twiddles(&self, w: u64, n: usize) -> Vec<u64> {
        let mut powers = Vec::with_capacity(n / 2);
        let mut power = self.to_montgomery(1);
        for _ in 0..n / 2 {
            powers.push(power);
            power = self.mul(power, w);
        }
        powers
    }

    /// The transform of `a` (natural order in, bit-reversed order out), with the powers of a
    /// root of order `a.len()`.
    fn forward(&self, a: &mut [u64], twiddles: &[u64]) {
        let n = a.len();
        let mut half = n / 2;
        while half >= 1 {
            let stride = n / (2 * half);
            for block in a.chunks_exact_mut(2 * half) {
                let (low, high) = block.split_at_mut(half);
                for (i, (x, y)) in low.iter_mut().zip(high.iter_mut()).enumerate() {
                    let (u, v) = (*x, *y);
                    *x = self.add(u, v);
                    *y = self.mul(self.sub(u, v), twiddles[i * stride]);
                }
            }
            half /= 2;
        }
    }

    /// The inverse of [`Field::forward`] times `a.len()` (bit-reversed order in, natural
    /// order out), with the powers of the inverse root.
    fn backward(&self, a: &mut [u64], twiddles: &[u64]) {
        let n = a.len();
        let mut half = 1;
        while half < n {
            let stride = n / (2 * half);
            for block in a.chunks_exact_mut(2 * half) {
                let (low, high) = block.split_at_mut(half);
                for (i, (x, y)) in low.iter_mut().zip(high.iter_mut()).enumerate() {
                    let (u, v) = (*x, self.mul(*y, twiddles[i * stride]));
                    *x = self.add(u, v);
                    *y = self.sub(u, v);
                }
            }
            half *= 2;
        }
    }
}

/// The layout of an interleaving by residues: the rows and width of each side and of the
/// result, the transform's length and the primes it takes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Layout {
    /// Rows (`j`) of the result: those of the sides, less one.
    rows: usize,
    /// Entries (`t`) a row of the result has room for: a product never reaches the next row.
    width: usize,
    /// Points of the transform: a power of two, at least `rows * width`.
    points: usize,
    /// Primes whose product is more than twice any sum's magnitude.
    primes: usize,
}

impl Layout {
    /// The layout for sides of `rows` rows and `width` entries a row (at most), whose entries
    /// have at most `bits` bits, with `pairs` products in all; `None` past the transform's
    /// largest length, the primes or [`MOST_WORDS`].
    pub(super) fn of(
        rows: [usize; 2],
        width: [usize; 2],
        bits: [u64; 2],
        pairs: f64,
    ) -> Option<Layout> {
        let out_rows = rows[0] + rows[1] - 1;
        let out_width = width[0] + width[1] - 1;
        let points = (out_rows * out_width).checked_next_power_of_two()?;
        if points > 1 << ORDER {
            return None;
        }
        // |D(j, t)| is at most the number of products times the widest product, times the
        // widest binomial coefficient (below 2^j); the residue of a sum is taken in
        // (-M / 2, M / 2): one bit more.
        let bound = bits[0] + bits[1] + out_rows as u64 + pairs.max(1.0).log2().ceil() as u64 + 2;
        let primes = bound.div_ceil(PRIME_BITS) as usize;
        // The residues of every prime are kept until the sums are rebuilt, with two transforms.
        let words = points * (primes + 2);
        (primes <= PRIMES.len() && words <= MOST_WORDS).then_some(Layout {
            rows: out_rows,
            width: out_width,
            points,
            primes,
        })
    }

    pub(super) fn rows(&self) -> usize {
        self.rows
    }

    pub(super) fn width(&self) -> usize {
        self.width
    }

    /// The estimated work, in operations modulo a prime (a Montgomery product and its
    /// bookkeeping): for each prime, three transforms, the products point by point, the
    /// operands' limbs reduced (`limbs`), and the result's entries reconstructed (`entries`).
    pub(super) fn work(&self, limbs: f64, entries: f64) -> f64 {
        let primes = self.primes as f64;
        let points = self.points as f64;
        let transforms = 1.5 * points * points.log2();
        primes * (transforms + 4.0 * points + limbs) + entries * primes * (primes / 2.0 + 4.0)
    }
}

/// The sums of two sides laid out for [`interleave`]: each entry `(j, t, limbs, negative)`.
type Entries<'a> = Vec<(usize, usize, &'a [u64], bool)>;

/// The entries of `sums` that are not zero, and the widest's bits.
fn nonzero(sums: &[Vec<Value>]) -> (Entries<'_>, u64) {
    let mut entries = Vec::new();
    let mut bits = 0;
    for (j, row) in sums.iter().enumerate() {
        for (t, (value, negative)) in row.iter().enumerate() {
            if !value.is_zero() {
                entries.push((j, t, value.limbs(), *negative));
                bits = bits.max(value.bits());
            }
        }
    }
    (entries, bits)
}

/// The layout [`interleave`] takes for `first` and `second`, and what the direct
/// interleaving would multiply: the limbs of the entries of each side, added up, and the
/// entries that are not zero.
pub(super) fn measure(
    first: &[Vec<Value>],
    second: &[Vec<Value>],
) -> Option<(Layout, [f64; 2], [f64; 2])> {
    let side = |sums: &[Vec<Value>]| {
        let (mut limbs, mut entries, mut bits, mut width) = (0.0, 0.0, 0, 0);
        for row in sums {
            width = width.max(row.len());
            for (value, _) in row {
                if !value.is_zero() {
                    limbs += value.limbs().len() as f64;
                    entries += 1.0;
                    bits = bits.max(value.bits());
                }
            }
        }
        (limbs, entries, bits, width.max(1))
    };
    let (first_limbs, first_entries, first_bits, first_width) = side(first);
    let (second_limbs, second_entries, second_bits, second_width) = side(second);
    let layout = Layout::of(
        [first.len(), second.len()],
        [first_width, second_width],
        [first_bits, second_bits],
        first_entries * second_entries,
    )?;
    Some((
        layout,
        [first_limbs, second_limbs],
        [first_entries, second_entries],
    ))
}

/// The sequences of two independent sets of pieces interleaved, as
/// [`super::interleave::interleave`] gives them (the same rows, each as long), in `layout`
/// ([`measure`]).
pub(super) fn interleave(
    first: &[Vec<Value>],
    second: &[Vec<Value>],
    layout: Layout,
) -> Vec<Vec<Value>> {
    let (first_entries, _) = nonzero(first);
    let (second_entries, _) = nonzero(second);
    // Each row's length: past the last entry any product reaches (as the direct way has it).
    let last = |entries: &Entries<'_>, rows: usize| {
        let mut last: Vec<Option<usize>> = vec![None; rows];
        for &(j, t, _, _) in entries {
            last[j] = Some(last[j].map_or(t, |l: usize| l.max(t)));
        }
        last
    };
    let (first_last, second_last) = (
        last(&first_entries, first.len()),
        last(&second_entries, second.len()),
    );
    let mut lengths = vec![0; layout.rows];
    for (j1, l1) in first_last.iter().enumerate() {
        for (j2, l2) in second_last.iter().enumerate() {
            if let (Some(l1), Some(l2)) = (l1, l2) {
                let length = &mut lengths[j1 + j2];
                *length = (*length).max(l1 + l2 + 1);
            }
        }
    }
    let primes = &PRIMES[..layout.primes];
    // The residues of every entry of the result, by prime.
    let mut residues: Vec<Vec<u64>> = Vec::with_capacity(primes.len());
    for &p in primes {
        residues.push(convolve(
            &Field::new(p),
            &first_entries,
            &second_entries,
            layout,
        ));
    }
    reconstruct(primes, &residues, &lengths, layout.width)
}

/// The entries of the result modulo one prime, in plain form, laid out `j * width + t`.
fn convolve(field: &Field, first: &Entries<'_>, second: &Entries<'_>, layout: Layout) -> Vec<u64> {
    let n = layout.points;
    // The powers `2^(64 (i + 2)) mod p`: `mul(limb, powers[i])` is the limb's place value
    // `limb * 2^(64 i)` in Montgomery form.
    let mut widest = 0;
    for &(_, _, limbs, _) in first.iter().chain(second) {
        widest = widest.max(limbs.len());
    }
    let mut powers = Vec::with_capacity(widest);
    let mut power = field.r2;
    for _ in 0..widest {
        powers.push(power);
        power = field.mul(power, field.r2);
    }
    // j! and 1 / j! for every row.
    let mut factorials = Vec::with_capacity(layout.rows);
    let mut factorial = field.to_montgomery(1);
    for j in 0..layout.rows {
        if j > 0 {
            factorial = field.mul(factorial, field.to_montgomery(j as u64));
        }
        factorials.push(factorial);
    }
    let inverse_factorials: Vec<u64> = factorials.iter().map(|&f| field.inverse(f)).collect();
    let spread = |entries: &Entries<'_>| {
        let mut a = vec![0u64; n];
        for &(j, t, limbs, negative) in entries {
            let mut value = 0;
            for (limb, &place) in limbs.iter().zip(&powers) {
                value = field.add(value, field.mul(*limb, place));
            }
            let value = field.mul(value, inverse_factorials[j]);
            a[j * layout.width + t] = if negative { field.sub(0, value) } else { value };
        }
        a
    };
    let (mut a, mut b) = (spread(first), spread(second));
    let root = field.pow(field.root(), (1u64 << ORDER) / n as u64);
    let twiddles = field.twiddles(root, n);
    field.forward(&mut a, &twiddles);

    field.forward(&mut b, &twiddles);
    for (x, &y) in a.iter_mut().zip(&b) {
        *x = field.mul(*x, y);
    }
    let inverse_twiddles = field.twiddles(field.inverse(root), n);
    field.backward(&mut a, &inverse_twiddles);
    // Times j! / n, in plain form.
    let inverse_n = field.inverse(field.to_montgomery(n as u64));
    for j in 0..layout.rows {
        let scale = field.mul(factorials[j], inverse_n);
        for x in &mut a[j * layout.width..(j + 1) * layout.width] {
            *x = field.to_plain(field.mul(*x, scale));
        }
    }
    a.truncate(layout.rows * layout.width);
    a
}

/// The result's entries from their residues modulo `primes`: each the residue in
/// `(-M / 2, M / 2)`, `M` the primes' product, by Garner's mixed radix.
fn reconstruct(
    primes: &[u64],
    residues: &[Vec<u64>],
    lengths: &[usize],
    width: usize,
) -> Vec<Vec<Value>> {
    let k = primes.len();
    let fields: Vec<Field> = primes.iter().map(|&p| Field::new(p)).collect();
    // For each prime i: the product of the primes before it, modulo it, and its inverse (in
    // Montgomery form), and each earlier prime modulo it.
    let mut inverses = Vec::with_capacity(k);
    let mut earlier: Vec<Vec<u64>> = Vec::with_capacity(k);
    for (i, field) in fields.iter().enumerate() {
        let mut product = field.to_montgomery(1);
        let mut below = Vec::with_capacity(i);
        for &q in &primes[..i] {
            let q = field.to_montgomery(q);
            below.push(q);
            product = field.mul(product, q);
        }
        inverses.push(field.inverse(product));
        earlier.push(below);
    }
    let mut modulus = Nat::one();
    for &p in primes {
        modulus.mul_small(p);
    }
    let half = modulus.shr(1);
    let mut digits = vec![0u64; k];
    let mut limbs = vec![0u64; k];
    let mut sums = Vec::with_capacity(lengths.len());
    for (j, &length) in lengths.iter().enumerate() {
        let mut row = Vec::with_capacity(length);
        for t in 0..length {
            let at = j * width + t;
            if residues.iter().all(|residues| residues[at] == 0) {
                row.push((Nat::zero(), false));
                continue;
            }
            // Mixed-radix digits: x = d0 + d1 p0 + d2 p0 p1 + ...
            for i in 0..k {
                let field = &fields[i];
                // The digits so far, modulo p_i, by Horner's rule from the top.
                let mut value = 0;
                for m in (0..i).rev() {
                    value = field.add(
                        field.mul(value, earlier[i][m]),
                        field.to_montgomery(digits[m]),
                    );
                }
                let x = field.to_montgomery(residues[i][at]);
                let digit = field.mul(field.sub(x, value), inverses[i]);
                digits[i] = field.to_plain(digit);
            }
            // x by Horner's rule in limbs: below the primes' product, `k` limbs.
            limbs.fill(0);
            limbs[0] = digits[k - 1];
            for i in (0..k - 1).rev() {
                let carry = nat::mul_small_limbs(&mut limbs, primes[i]);
                let carried = nat::add_limbs(&mut limbs, &digits[i..=i]);
                debug_assert!(carry == 0 && !carried, "below the primes' product");
            }
            let value = Nat::from_limbs(limbs.clone());
            row.push(if value > half {
                let mut magnitude = modulus.clone();
                magnitude.sub_assign(&value);
                (magnitude, true)
            } else {
                (value, false)
            });
        }
        sums.push(row);
    }
    sums
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::testing::Lcg;

    /// A deterministic Miller–Rabin test, exact below 2^64 with these bases.
    fn is_prime(candidate: u64) -> bool {
        let bases = [2u64, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37];
        if bases.contains(&candidate) {
            return true;
        }
        if candidate < 2 || bases.iter().any(|&base| candidate.is_multiple_of(base)) {
            return false;
        }
        let mul = |a: u64, b: u64| (u128::from(a) * u128::from(b) % u128::from(candidate)) as u64;
        let (mut odd, mut twos) = (candidate - 1, 0);
        while odd.is_multiple_of(2) {
            (odd, twos) = (odd / 2, twos + 1);
        }
        'bases: for &base in &bases {
            let mut power = 1u64;
            let (mut square, mut exponent) = (base, odd);
            while exponent > 0 {
                if exponent & 1 == 1 {
                    power = mul(power, square);
                }
                square = mul(square, square);
                exponent >>= 1;
            }
            if power == 1 || power == candidate - 1 {
                continue;
            }
            for _ in 1..twos {
                power = mul(power, power);
                if power == candidate - 1 {
                    continue 'bases;
                }
            }
            return false;
        }
        true
    }

    #[test]
    fn the_primes_are_primes_with_roots_of_the_order() {
        for (i, &p) in PRIMES.iter().enumerate() {
            assert!(is_prime(p), "{p:#x}");
            assert_eq!((p - 1) % (1 << ORDER), 0, "{p:#x}");
            assert!(p >> PRIME_BITS == 1, "{p:#x}");
            assert!(!PRIMES[..i].contains(&p));
            let field = Field::new(p);
            let root = field.root();
            let one = field.to_montgomery(1);
            // Of order exactly 2^ORDER.
            assert!(field.pow(root, 1 << ORDER) == one);
            assert!(field.pow(root, 1 << (ORDER - 1)) != one);
        }
        assert!(!is_prime(PRIMES[0] + 2) || !is_prime(PRIMES[0] + 4));
        assert!(!is_prime(561) && is_prime(1_000_000_007));
    }

    /// Random signed sums shaped as a group's: row `j` with entries `t` from `j` to `room`, of
    /// up to `limbs` limbs.
    fn random_sums(rng: &mut Lcg, room: usize, limbs: usize) -> Vec<Vec<Value>> {
        (0..=room)
            .map(|j| {
                let length = if j == 0 { 1 } else { room + 1 };
                (0..length)
                    .map(|t| {
                        if t < j || rng.below(5) == 0 {
                            return (Nat::zero(), false);
                        }
                        let words = 1 + rng.below(limbs);
                        let value = Nat::from_limbs(
                            (0..words)
                                .map(|_| {
                                    (rng.below(1 << 30) as u64) << 34 | rng.below(1 << 30) as u64
                                })
                                .collect(),
                        );
                        let negative = !value.is_zero() && rng.below(2) == 0;
                        (value, negative)
                    })
                    .collect()
            })
            .collect()
    }

    /// By residues, the interleavings are the direct way's, entry for entry, on sums of random
    /// widths and signs (several primes: the widest entries, the signs and the lengths of the
    /// rows all reached).
    #[test]
    fn residues_interleave_as_the_direct_way() {
        let mut rng = Lcg(41);
        let mut most_primes = 0;
        for (rooms, limbs) in [
            ((3, 5), 1),
            ((12, 7), 3),
            ((20, 31), 6),
            ((1, 40), 2),
            ((0, 9), 1),
        ] {
            let first = random_sums(&mut rng, rooms.0, limbs);
            let second = random_sums(&mut rng, rooms.1, limbs);
            let direct = super::super::interleave::interleave_direct(&first, &second);
            let (layout, ..) = measure(&first, &second).expect("within the transform");
            most_primes = most_primes.max(layout.primes);
            let by_residues = interleave(&first, &second, layout);
            assert_eq!(direct.len(), by_residues.len(), "{rooms:?}");
            for (j, (a, b)) in direct.iter().zip(&by_residues).enumerate() {
                assert_eq!(a.len(), b.len(), "{rooms:?} {j}");
                for (t, (x, y)) in a.iter().zip(b).enumerate() {
                    assert!(x.0 == y.0 && x.1 == y.1, "{rooms:?} {j} {t}");
                }
            }
        }
        assert!(most_primes >= 4, "{most_primes}");
    }
}
