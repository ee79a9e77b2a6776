//! Two groups' sums interleaved (they share no capped constraint, so their sequences are
//! independent): [`interleave`], and its estimate.

use super::estimate::{INTERLEAVE, RESIDUES};
use super::residues;
use crate::count::series::{add_product, Value};
use crate::nat::{self, Nat};

/// The estimated work of [`interleave`] for sums of up to `first.len() - 1` and
/// `second.len() - 1` characters, in limb operations: each entry `(j1, t1)` of the first
/// (`j1 <= t1`: a piece has a character or more) is multiplied by a binomial coefficient (below
/// `2^(first + second)`) for each `j2`, and the product by each entry `(j2, t2)` of the second,
/// the entries of `t` characters `first[t]` and `second[t]` limbs wide, plus some bookkeeping
/// per product; then each entry of the result (`out[t]` limbs wide) is settled, and has its
/// binomial coefficient.
pub(super) fn interleave_cost(first: &[f64], second: &[f64], out: &[f64]) -> f64 {
    let binomial = ((out.len() - 1) as f64 / 64.0).floor() + 1.0;
    // Over the entries of a sum: their number, and their limbs added up.
    let entries = |widths: &[f64]| -> (f64, f64) {
        let (mut n, mut limbs) = (0.0, 0.0);
        for (t, &width) in widths.iter().enumerate() {
            let row = t as f64 + 1.0;
            (n, limbs) = (n + row, limbs + row * width);
        }
        (n, limbs)
    };
    let (first_entries, first_limbs) = entries(first);
    let (second_entries, second_limbs) = entries(second);
    let scaled = first_limbs + binomial * first_entries;
    // The sums settled, and the binomial coefficients, one per entry of the result.
    let (out_entries, out_limbs) = entries(out);
    second.len() as f64 * first_limbs * binomial
        + scaled * second_limbs
        + 8.0 * first_entries * second_entries
        + 2.0 * out_limbs
        + out_entries * (binomial + 40.0)
}

/// The sequences of two independent sets of pieces interleaved: `[j][t]` sums over the ways to
/// split `j` pieces and `t` characters between them, times the ways to interleave the pieces
/// (a binomial coefficient). The direct way ([`interleave_direct`]), or by residues
/// ([`residues`]) when that is estimated cheaper: both give the same sums.
pub(super) fn interleave(first: &[Vec<Value>], second: &[Vec<Value>]) -> Vec<Vec<Value>> {
    #[cfg(test)]
    if tests::DIRECT.get() {
        return interleave_direct(first, second);
    }
    if let Some((layout, limbs, entries)) = residues::measure(first, second) {
        // As the estimate weighs them: each product of the direct way, and its bookkeeping.
        let direct = limbs[0] * limbs[1] + 8.0 * entries[0] * entries[1];
        let reconstructed = (layout.rows() * layout.width()) as f64 / 2.0;
        let by_residues = layout.work(limbs[0] + limbs[1], reconstructed);
        if RESIDUES * by_residues < INTERLEAVE * direct {
            #[cfg(test)]
            tests::BY_RESIDUES.set(tests::BY_RESIDUES.get() + 1);
            return residues::interleave(first, second, layout);
        }
    }
    interleave_direct(first, second)
}

/// [`interleave`] the direct way: each entry of one side times each of the other.
///
/// Each row `j` of the result is summed in place: for each entry `t`, an added and a subtracted
/// part of a fixed width that holds any of its sums, laid out once, so that a product is one
/// pass of multiply-adds with no number allocated, grown or wiped.
pub(super) fn interleave_direct(first: &[Vec<Value>], second: &[Vec<Value>]) -> Vec<Vec<Value>> {
    let pieces = first.len() + second.len() - 1;
    let binomials = binomials(pieces);
    // The entries that are not zero, by row: `(t, limbs, negative)`.
    let nonzero = |sums: &[Vec<Value>]| -> Vec<Vec<(usize, Vec<u64>, bool)>> {
        let mut rows = Vec::with_capacity(sums.len());
        for row in sums {
            let mut entries = Vec::new();
            for (t, (value, negative)) in row.iter().enumerate() {
                if !value.is_zero() {
                    entries.push((t, value.limbs().to_vec(), *negative));
                }
            }
            rows.push(entries);
        }
        rows
    };
    let (first, second) = (nonzero(first), nonzero(second));
    // The widest entry of each `t`, of either side.
    let widest = |rows: &[Vec<(usize, Vec<u64>, bool)>]| -> Vec<usize> {
        let mut widest: Vec<usize> = Vec::new();
        for row in rows {
            for &(t, ref limbs, _) in row {
                if widest.len() <= t {
                    widest.resize(t + 1, 0);
                }
                widest[t] = widest[t].max(limbs.len());
            }
        }
        widest
    };
    // The last row holds the widest coefficient, and is never empty.
    let mut binomial_width = 1;
    for coefficient in &binomials[pieces] {
        binomial_width = binomial_width.max(coefficient.limbs().len());
    }
    let (first_widest, second_widest) = (widest(&first), widest(&second));
    let offsets = entry_offsets(&first_widest, &second_widest, binomial_width);
    let total = offsets.last().copied().unwrap_or(0);
    let mut added = vec![0u64; total];
    let mut subtracted = vec![0u64; total];
    let mut first_width = 0;
    for &width in &first_widest {
        first_width = first_width.max(width);
    }
    let mut scaled = vec![0u64; first_width + binomial_width];
    let mut sums: Vec<Vec<Value>> = Vec::with_capacity(pieces);
    for j in 0..pieces {
        let mut reached = 0;
        for j1 in j.saturating_sub(second.len() - 1)..=j.min(first.len() - 1) {
            let ways = binomials[j][j1].limbs();
            for (t1, a, a_negative) in &first[j1] {
                // `a` times the ways, unless there is one.
                let a: &[u64] = if ways == [1] {
                    a
                } else {
                    let product = &mut scaled[..a.len() + ways.len()];
                    nat::mul_limbs(a, ways, product);
                    let significant = product
                        .iter()
                        .rposition(|&limb| limb != 0)
                        .map_or(0, |i| i + 1);
                    &scaled[..significant]
                };
                for (t2, b, b_negative) in &second[j - j1] {
                    let t = t1 + t2;
                    reached = reached.max(t + 1);
                    let part = if a_negative == b_negative {
                        &mut added[offsets[t]..offsets[t + 1]]
                    } else {
                        &mut subtracted[offsets[t]..offsets[t + 1]]
                    };
                    // The shorter number as the factors.
                    let (value, factors) = if a.len() >= b.len() {
                        (a, &b[..])
                    } else {
                        (&b[..], a)
                    };
                    for (k, &factor) in factors.iter().enumerate() {
                        add_product(&mut part[k..], value, factor);
                    }
                }
            }
        }
        let mut row = Vec::with_capacity(reached);
        for t in 0..reached {
            let range = offsets[t]..offsets[t + 1];
            let (plus, minus) = (&mut added[range.clone()], &mut subtracted[range]);
            let value = if nat::cmp_limbs(plus, minus).is_ge() {
                nat::sub_limbs(plus, minus);
                (Nat::from_limbs(plus.to_vec()), false)
            } else {
                nat::sub_limbs(minus, plus);
                (Nat::from_limbs(minus.to_vec()), true)
            };
            plus.fill(0);
            minus.fill(0);
            row.push(value);
        }
        sums.push(row);
    }
    sums
}

/// Where each entry `t` of an interleaving's row starts in its parts (and, last, their length),
/// given the widest entry of each `t` of either side: the widest product into the entry
/// (binomial coefficient included) and a limb for the carries of fewer than 2^64 products.
fn entry_offsets(first_widest: &[usize], second_widest: &[usize], binomial: usize) -> Vec<usize> {
    let mut widths: Vec<usize> = vec![0; first_widest.len() + second_widest.len()];
    for (t1, &w1) in first_widest.iter().enumerate() {
        for (t2, &w2) in second_widest.iter().enumerate() {
            if w1 > 0 && w2 > 0 {
                let width = &mut widths[t1 + t2];
                *width = (*width).max(w1 + binomial + w2 + 1);
            }
        }
    }
    let mut offsets = Vec::with_capacity(widths.len() + 1);
    let mut total = 0;
    for &width in &widths {
        offsets.push(total);
        total += width;
    }
    offsets.push(total);
    offsets
}

/// Pascal's triangle up to row `n`.
fn binomials(n: usize) -> Vec<Vec<Nat>> {
    let mut rows: Vec<Vec<Nat>> = vec![vec![Nat::one()]];
    for i in 1..=n {
        let above = &rows[i - 1];
        let mut row = vec![Nat::one(); i + 1];
        for k in 1..i {
            let mut sum = above[k - 1].clone();
            sum.add_assign(&above[k]);
            row[k] = sum;
        }
        rows.push(row);
    }
    rows
}

#[cfg(test)]
pub(super) mod tests {
    thread_local! {
        /// Whether [`super::interleave`] takes the direct way whatever it costs, as the
        /// reference of the interleavings by residues.
        pub(in crate::count::complements) static DIRECT: std::cell::Cell<bool> =
            const { std::cell::Cell::new(false) };
        /// How many interleavings were by residues.
        pub(in crate::count::complements) static BY_RESIDUES: std::cell::Cell<usize> =
            const { std::cell::Cell::new(0) };
    }
}
