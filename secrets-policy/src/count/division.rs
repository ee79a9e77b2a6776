//! Dividing a series by `1 - K` ([`super::complements`]' powers of `W_free`) in fixed-width
//! limbs: a triangular Toeplitz solve whose multipliers, the pieces `K(l)`, are the same for
//! every coefficient.
//!
//! `out[n] = series[n] + sum over l of K(l) out[n - l]` is summed one limb position at a time:
//! position `p` of `out[n]` gathers `K(l)_s * out[n - l]_(p - s)` for each limb `s` of each
//! piece, in three words (a product is below `2^128`, and a third word counts the carries), with
//! the positive pieces and the negative ones in two sums; the positions' sums are then settled
//! into limbs once, with signed carries. The coefficients are stored by limb position, each
//! position's limbs of every coefficient side by side, so a sum reads one position's limbs in
//! order of `n - l`; each piece's limbs are listed by sign, in order of `l`, so the pieces a
//! position reaches are a prefix of each list (the coefficients' widths grow with `n`).

use crate::count::series::Value;
use crate::nat::Nat;

/// The coefficients `0..=degree` of a series of counts, stored by limb position:
/// `positions[p][n]` is limb `p` of coefficient `n` (zero past its width).
pub(crate) struct Coefficients {
    positions: Vec<Vec<u64>>,
    len: usize,
}

impl Coefficients {
    /// The series `1` (to degree `degree`).
    pub(crate) fn one(degree: usize) -> Coefficients {
        let mut first = vec![0u64; degree + 1];
        first[0] = 1;
        Coefficients {
            positions: vec![first],
            len: degree + 1,
        }
    }

    /// The series with these coefficients.
    #[cfg(test)]
    pub(crate) fn of(values: &[Nat]) -> Coefficients {
        let mut series = Coefficients {
            positions: Vec::new(),
            len: values.len(),
        };
        for (n, value) in values.iter().enumerate() {
            series.set(n, value.limbs());
        }
        series
    }

    /// Makes it `len` zero coefficients, keeping its buffers.
    pub(crate) fn clear(&mut self, len: usize) {
        for position in &mut self.positions {
            position.clear();
            position.resize(len, 0);
        }
        self.len = len;
    }

    /// How many coefficients it holds (its degree plus one).
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Coefficient `n`.
    pub(crate) fn get(&self, n: usize) -> Nat {
        let limbs = self
            .positions
            .iter()
            .map(|position| position.get(n).copied().unwrap_or(0))
            .collect();
        Nat::from_limbs(limbs)
    }

    /// Sets coefficient `n` (zero before) to `limbs`.
    fn set(&mut self, n: usize, limbs: &[u64]) {
        let width = limbs.len() - limbs.iter().rev().take_while(|&&l| l == 0).count();
        while self.positions.len() < width {
            self.positions.push(vec![0; self.len]);
        }
        for position in &mut self.positions[..width] {
            if position.len() < self.len {
                position.resize(self.len, 0);
            }
        }
        for (position, &limb) in self.positions.iter_mut().zip(&limbs[..width]) {
            position[n] = limb;
        }
    }
}

/// The pieces `K(l)`, by sign and limb: `lists[negative][s]` holds `(l, K(l)_s)` for each piece
/// whose limb `s` is not zero, in order of `l`; with, when the pieces repeat every `q`, the
/// series' term `- series[n - q]`.
pub(crate) struct Divisor {
    lists: [Vec<Vec<(usize, u64)>>; 2],
    /// When the pieces repeat (a few of them): each `(l, s, K(l)_s, negative)`, for a sum
    /// that takes them all at each limb position.
    few: Option<Vec<(usize, usize, u64, bool)>>,
    /// `reaching[negative][s][x]`: how many of `lists[negative][s]` have `l <= x`.
    reaching: [Vec<Vec<usize>>; 2],
    period: Option<usize>,
}

impl Divisor {
    /// The divisor `1 - K` for the pieces `K(l)` (`pieces[0]` is ignored), with `period` the
    /// period of the pieces when they repeat ([`super::clusters::period`]).
    ///
    /// When the pieces repeat every `q`, `K = R / (1 - x^q)` with `R` the first `q` pieces, and
    /// multiplying through by `1 - x^q` leaves `q + 2` terms: `out[n] = series[n] -
    /// series[n - q] + sum over l <= q of R'(l) out[n - l]`, `R'` being `R` with 1 added to
    /// `R(q)` (the term `out[n - q]`).
    pub(crate) fn new(pieces: &[Value], period: Option<usize>) -> Divisor {
        let mut lists: [Vec<Vec<(usize, u64)>>; 2] = [Vec::new(), Vec::new()];
        let last = period.unwrap_or(pieces.len().saturating_sub(1));
        for (l, piece) in pieces.iter().enumerate().take(last + 1).skip(1) {
            let mut piece = piece.clone();
            if period == Some(l) {
                piece = add_one(piece);
            }
            let (magnitude, negative) = piece;
            let by_limb = &mut lists[usize::from(negative)];
            for (s, &limb) in magnitude.limbs().iter().enumerate() {
                if limb == 0 {
                    continue;
                }
                if by_limb.len() <= s {
                    by_limb.resize(s + 1, Vec::new());
                }
                by_limb[s].push((l, limb));
            }
        }
        let reaching = lists.clone().map(|lists| {
            lists
                .iter()
                .map(|list| {
                    (0..=last)
                        .map(|x| list.partition_point(|&(l, _)| l <= x))
                        .collect()
                })
                .collect()
        });
        let few = period.map(|_| {
            lists
                .iter()
                .enumerate()
                .flat_map(|(negative, by_limb)| {
                    by_limb.iter().enumerate().flat_map(move |(s, list)| {
                        list.iter()
                            .map(move |&(l, factor)| (l, s, factor, negative == 1))
                    })
                })
                .collect()
        });
        Divisor {
            lists,
            few,
            reaching,
            period,
        }
    }

    /// `series / (1 - K)` up to `x^degree` (a count: never negative), `degree` below the
    /// series' length.
    ///
    /// # Panics
    /// When a coefficient comes out negative (the pieces and series were not those of counts).
    pub(crate) fn divide(&self, series: &Coefficients, degree: usize, out: &mut Coefficients) {
        out.clear(degree + 1);
        // `first[q]`: the first coefficient with a limb at position `q` or above (the widths
        // so far, as the most seen up to each coefficient): nondecreasing in `q`.
        let mut first: Vec<usize> = Vec::new();
        let shifts = self.lists.iter().map(Vec::len).max().unwrap_or(0);
        // Each position's sums of positive and negative products.
        let mut sums: Vec<[Wide; 2]> = Vec::new();
        let mut limbs: Vec<u64> = Vec::new();
        let terms = series.positions.len();
        for n in 0..=degree {
            sums.clear();
            sums.resize(terms.max(first.len() + shifts), [Wide::default(); 2]);
            for (p, position) in series.positions.iter().enumerate() {
                sums[p][0].low = u128::from(position[n]);
                if let Some(q) = self.period.filter(|&q| q <= n) {
                    sums[p][1].low = u128::from(position[n - q]);
                }
            }
            if let Some(few) = &self.few {
                // A few pieces: each limb position takes them all (the sum of one piece is one
                // product).
                for (p, sum) in sums.iter_mut().enumerate() {
                    for &(l, s, factor, negative) in few {
                        let Some(column) = p
                            .checked_sub(s)
                            .filter(|&q| q < first.len())
                            .map(|q| &out.positions[q])
                        else {
                            continue;
                        };
                        if l <= n {
                            let product = u128::from(factor) * u128::from(column[n - l]);
                            sum[usize::from(negative)].add(Wide {
                                low: product,
                                carries: 0,
                            });
                        }
                    }
                }
            }
            for (negative, lists) in self.lists.iter().enumerate().filter(|_| self.few.is_none()) {
                for (s, list) in lists.iter().enumerate() {
                    let reach = &self.reaching[negative][s];
                    // The pieces reaching limb `q` of `out[n - l]` (position `q + s` of the
                    // product): those with `n - l >= first[q]`, fewer as `q` grows.
                    let reached = |q: usize| {
                        first
                            .get(q)
                            .and_then(|&from| n.checked_sub(from))
                            .map_or(0, |most| reach[most.min(reach.len() - 1)])
                    };
                    let mut q = 0;
                    while q < first.len() {
                        let (this, next) = (reached(q), reached(q + 1));
                        if this == 0 {
                            break;
                        }
                        if next == 0 {
                            sums[q + s][negative].add(gather(&list[..this], &out.positions[q], n));
                            break;
                        }
                        // Two positions at once over the pieces both reach.
                        let (low, high) = gather_two(
                            &list[..next],
                            (&out.positions[q], &out.positions[q + 1]),
                            n,
                        );
                        let rest = gather(&list[next..this], &out.positions[q], n);
                        sums[q + s][negative].add(low);
                        sums[q + s][negative].add(rest);
                        sums[q + 1 + s][negative].add(high);
                        q += 2;
                    }
                }
            }
            settle(&sums, &mut limbs);
            let width = limbs.len() - limbs.iter().rev().take_while(|&&l| l == 0).count();
            while first.len() < width {
                first.push(n);
            }
            out.set(n, &limbs);
        }
    }
}

/// A sum of products in three words: `low`, and the carries out of it.
#[derive(Clone, Copy, Default)]
struct Wide {
    low: u128,
    carries: u64,
}

impl Wide {
    fn add(&mut self, other: Wide) {
        let (low, carry) = self.low.overflowing_add(other.low);
        self.low = low;
        self.carries += other.carries + u64::from(carry);
    }
}

/// The sum of `K(l)_s * column[n - l]` over `(l, K(l)_s)` in `pieces` (each `l <= n`).
fn gather(pieces: &[(usize, u64)], column: &[u64], n: usize) -> Wide {
    let (mut low, mut carries) = (0u128, 0u64);
    for &(l, factor) in pieces {
        let (sum, carry) = low.overflowing_add(u128::from(factor) * u128::from(column[n - l]));
        low = sum;
        carries += u64::from(carry);
    }
    Wide { low, carries }
}

/// [`gather`] for two columns at once (two limb positions of the same coefficients).
fn gather_two(
    pieces: &[(usize, u64)],
    (first, second): (&[u64], &[u64]),
    n: usize,
) -> (Wide, Wide) {
    let (mut low, mut low_carries) = (0u128, 0u64);
    let (mut high, mut high_carries) = (0u128, 0u64);
    for &(l, factor) in pieces {
        let factor = u128::from(factor);
        let (sum, carry) = low.overflowing_add(factor * u128::from(first[n - l]));
        low = sum;
        low_carries += u64::from(carry);
        let (sum, carry) = high.overflowing_add(factor * u128::from(second[n - l]));
        high = sum;
        high_carries += u64::from(carry);
    }
    (
        Wide {
            low,
            carries: low_carries,
        },
        Wide {
            low: high,
            carries: high_carries,
        },
    )
}

/// The limbs of `sum over p of (added_p - subtracted_p) 2^(64 p)` (each in three words), into
/// `limbs`.
///
/// # Panics
/// When the sum is negative.
fn settle(sums: &[[Wide; 2]], limbs: &mut Vec<u64>) {
    limbs.clear();
    // The carry into the next position; its magnitude stays below `2^(64 + 66)`.
    let mut carry: i128 = 0;
    for [added, subtracted] in sums {
        let (low, borrow) = added.low.overflowing_sub(subtracted.low);
        let top = i128::from(added.carries) - i128::from(subtracted.carries) - i128::from(borrow);
        let t = i128::from(low as u64) + carry;
        limbs.push(t as u64);
        carry = (t >> 64) + (low >> 64) as i128 + (top << 64);
    }
    while carry > 0 {
        limbs.push(carry as u64);
        carry >>= 64;
    }
    assert!(carry == 0, "a count is never negative");
}

/// `piece + 1`, signed.
fn add_one((magnitude, negative): Value) -> Value {
    let one = Nat::one();
    if !negative {
        let mut sum = magnitude;
        sum.add_assign(&one);
        (sum, false)
    } else if magnitude.is_zero() {
        (one, false)
    } else {
        let mut difference = magnitude;
        difference.sub_assign(&one);
        let negative = !difference.is_zero();
        (difference, negative)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::count::series::Accumulator;
    use crate::problem::testing::Lcg;

    /// The plain division the kernel replaced, one sum of products per coefficient: `series /
    /// (1 - K)` up to `x^degree`, with the pieces' `period` when they repeat (then `out[n] =
    /// series[n] - series[n - q] + out[n - q] + sum over l <= q of K(l) out[n - l]`).
    fn plain_divide(
        series: &[Nat],
        pieces: &[Value],
        period: Option<usize>,
        degree: usize,
    ) -> Vec<Nat> {
        let mut out: Vec<Nat> = Vec::with_capacity(degree + 1);
        let mut sum = Accumulator::default();
        let one = Nat::one();
        for n in 0..=degree {
            let mut products: Vec<(&[u64], &[u64], bool)> =
                vec![(series[n].limbs(), one.limbs(), false)];
            let lengths = match period {
                Some(q) => {
                    if n >= q {
                        products.push((series[n - q].limbs(), one.limbs(), true));
                        products.push((out[n - q].limbs(), one.limbs(), false));
                    }
                    1..=q.min(n)
                }
                None => 1..=n,
            };
            for l in lengths {
                let (piece, negative) = &pieces[l];
                products.push((out[n - l].limbs(), piece.limbs(), *negative));
            }
            let (value, negative) = sum.sum_of(&products);
            assert!(!negative, "a count is never negative");
            out.push(value);
        }
        out
    }

    /// A limb: often all ones or zero (the carries' edge cases), else random.
    fn limb(rng: &mut Lcg) -> u64 {
        match rng.below(8) {
            0 | 1 => u64::MAX,
            2 => 0,
            _ => (0..3).fold(0, |limb, _| limb << 22 ^ rng.below(1 << 22) as u64),
        }
    }

    fn number(rng: &mut Lcg, limbs: usize) -> Nat {
        Nat::from_limbs((0..limbs).map(|_| limb(rng)).collect())
    }

    /// Random signed pieces `K(1..=len)` of up to `widest` limbs, repeating every `period`
    /// when given, and a quotient `out` of numbers as wide as `2^(64 * widest_out)`, with the
    /// series that gives it: `series[n] = out[n] - sum over l of K(l) out[n - l]`, made
    /// non-negative by choosing `out[n]` above that sum when the sum is negative.
    fn random_case(
        rng: &mut Lcg,
        len: usize,
        widest: usize,
        widest_out: usize,
        period: Option<usize>,
    ) -> (Vec<Value>, Vec<Nat>, Vec<Nat>) {
        let mut pieces: Vec<Value> = vec![(Nat::zero(), false)];
        for l in 1..=len {
            let piece = match period {
                Some(q) if l > q => pieces[l - q].clone(),
                _ => {
                    let limbs = rng.below(widest + 1);
                    let magnitude = number(rng, limbs);
                    let negative = !magnitude.is_zero() && rng.below(2) == 0;
                    (magnitude, negative)
                }
            };
            pieces.push(piece);
        }
        let mut sum = Accumulator::default();
        let (mut out, mut series): (Vec<Nat>, Vec<Nat>) = (Vec::new(), Vec::new());
        for n in 0..=len {
            let products: Vec<(&[u64], &[u64], bool)> = (1..=n)
                .map(|l| (out[n - l].limbs(), pieces[l].0.limbs(), pieces[l].1))
                .collect();
            let (total, negative) = sum.sum_of(&products);
            let limbs = 1 + rng.below(widest_out);
            let extra = number(rng, limbs);
            // out[n] = max(total, 0) + extra, so series[n] = extra + max(-total, 0).
            let (mut value, mut term) = (extra.clone(), extra);
            if negative {
                term.add_assign(&total);
            } else {
                value.add_assign(&total);
            }
            out.push(value);
            series.push(term);
        }
        (pieces, series, out)
    }

    /// The kernel against the plain division and against the quotient the series was built
    /// from: pieces of up to five limbs of both signs, coefficients up to 33 limbs (wider than
    /// any count, `256^256`), and pieces that repeat.
    #[test]
    fn the_kernel_divides_as_the_plain_division() {
        let mut rng = Lcg(14);
        let mut negative_sums = 0;
        for case in 0..40 {
            let len = 1 + rng.below(if case % 8 == 0 { 120 } else { 40 });
            let widest = 1 + rng.below(5);
            let widest_out = 1 + rng.below(33);
            let period = (case % 3 == 0).then(|| 1 + rng.below(len.min(6)));
            let (pieces, series, out) = random_case(&mut rng, len, widest, widest_out, period);
            negative_sums += usize::from(series.iter().zip(&out).any(|(s, o)| s > o));
            let divisor = Divisor::new(&pieces, None);
            let mut quotient = Coefficients::one(0);
            for degree in [len, len / 2] {
                divisor.divide(&Coefficients::of(&series), degree, &mut quotient);
                let kernel: Vec<Nat> = (0..=degree).map(|n| quotient.get(n)).collect();
                assert_eq!(kernel, out[..=degree], "case {case}, degree {degree}");
                assert_eq!(
                    kernel,
                    plain_divide(&series, &pieces, None, degree),
                    "case {case}"
                );
            }
            if let Some(q) = period {
                let divisor = Divisor::new(&pieces, Some(q));
                divisor.divide(&Coefficients::of(&series), len, &mut quotient);
                let kernel: Vec<Nat> = (0..=len).map(|n| quotient.get(n)).collect();
                assert_eq!(kernel, out, "case {case}, period {q}");
                assert_eq!(kernel, plain_divide(&series, &pieces, Some(q), len));
            }
        }
        // Some sums of products were negative before the series made them a count.
        assert!(negative_sums > 10, "{negative_sums}");
    }

    /// Powers of a count's series, as the complements method takes them: `1 / (1 - K)^j` for
    /// the pieces of a row of 26 letters under both run limits, to `len = 256`.
    #[test]
    fn the_kernel_takes_powers_as_the_plain_division() {
        use crate::count::clusters::Limits;
        let limits = Limits {
            repeats: Some(1),
            sequences: Some(2),
        };
        let len = 256;
        let atoms = vec![(1, vec![(26, true), (10, true), (1, false)])];
        let (_, pieces) = crate::count::series::atom_pieces(&atoms, limits, len)
            .pop()
            .expect("one atom");
        assert!(pieces.iter().any(|(value, _)| value.limbs().len() > 2));
        assert!(pieces.iter().any(|(_, negative)| *negative));
        let divisor = Divisor::new(&pieces, None);
        let mut plain = vec![Nat::zero(); len + 1];
        plain[0] = Nat::one();
        let (mut power, mut next) = (Coefficients::one(len), Coefficients::one(len));
        for j in 0..3 {
            divisor.divide(&power, len - j, &mut next);
            std::mem::swap(&mut power, &mut next);
            plain = plain_divide(&plain, &pieces, None, len - j);
            let kernel: Vec<Nat> = (0..=len - j).map(|n| power.get(n)).collect();
            assert_eq!(kernel, plain, "power {}", j + 1);
        }
    }
}
