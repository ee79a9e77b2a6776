//! The powers of `W_free`: each free set's sums times the powers of its series, free sets
//! alike taking them once ([`alike_added`]), the signed sums the terms are added in
//! ([`Sum`]), and the estimate of the divisions.

use super::estimate::pairs;
use crate::count::clusters::{self, Signed};
use crate::count::division::{Coefficients, Divisor};
use crate::count::mixed::{self, Split};
use crate::count::series::Value;
use crate::fast_hash::FastMap;
use crate::nat::{self, mul_small_add, Nat};
use crate::problem::Problem;
use crate::table::count_width;

/// A signed sum in limbs that grow as needed: products are added without allocating.
#[derive(Clone, Default)]
pub(super) struct Sum {
    added: Vec<u64>,
    subtracted: Vec<u64>,
}

impl Sum {
    /// `self += a * b`, for a product of sign `negative`.
    pub(super) fn add_product(&mut self, a: &Nat, b: &Nat, negative: bool, scratch: &mut Vec<u64>) {
        let (a, b) = (a.limbs(), b.limbs());
        if a.is_empty() || b.is_empty() {
            return;
        }
        let part = if negative {
            &mut self.subtracted
        } else {
            &mut self.added
        };
        let (product, factor) = if let [factor] = b {
            (a, Some(*factor))
        } else {
            scratch.clear();
            scratch.resize(a.len() + b.len(), 0);
            nat::mul_limbs(a, b, scratch);
            (&scratch[..], None)
        };
        // Room for the product and a carry, with the top limb clear: the sum cannot overflow.
        let room = part.len().max(product.len() + 2);
        part.resize(room, 0);
        if part.last() != Some(&0) {
            part.push(0);
        }
        if let Some(factor) = factor {
            mul_small_add(part, product, factor);
        } else {
            let carry = nat::add_limbs(part, product);
            debug_assert!(!carry, "the top limb was clear");
        }
    }

    /// The value and whether it is negative.
    fn settle(mut self) -> Value {
        let width = self.added.len().max(self.subtracted.len());
        self.added.resize(width, 0);
        self.subtracted.resize(width, 0);
        if nat::cmp_limbs(&self.added, &self.subtracted).is_ge() {
            nat::sub_limbs(&mut self.added, &self.subtracted);
            (Nat::from_limbs(self.added), false)
        } else {
            nat::sub_limbs(&mut self.subtracted, &self.added);
            let value = Nat::from_limbs(self.subtracted);
            let negative = !value.is_zero();
            (value, negative)
        }
    }
}

/// The estimated cost of the divisions of [`count_with`] (`(work, limbs)`), given for each free
/// set the most tracked characters and whether its pieces do not repeat (rows).
///
/// [`count_with`]: super::count_with
pub(super) fn divisions_cost(
    powers: &FastMap<Vec<usize>, (usize, bool)>,
    problem: &Problem<'_>,
) -> (f64, f64) {
    let len = problem.len;
    let alphabet = problem.membership.len();
    let width = count_width(alphabet, len);
    let (mut work, mut memory) = (0.0, 0.0_f64);
    // Each power is one more division by `1 - K_free` ([`Divisor::divide`]): for `j` pieces,
    // to degree `len - j`, `j` up to the tracked characters. Without repeating pieces, each
    // degree is counted by [`row_divisions`]. When the pieces repeat every `q` (single
    // characters: `q` is `max_consecutive + 1`, or 1; no free atom: 1), each limb position of
    // a coefficient (half the widest on average) takes `q` one-limb products and the series'
    // terms one by one, each a few times a product of the rows' sums, then is settled.
    let period = problem.run_limit().map_or(1.0, |limit| limit as f64 + 1.0);
    let by_rows = row_divisions(alphabet, len, problem.run_limit().is_some());
    // Free sets of atoms alike (the same components: the same pieces) take the powers once
    // ([`alike_added`]); with spanning rows, whose pieces join some terms' `K_free`, each free
    // set is counted apart (the count may still find some alike).
    let Split { atoms, spanning } = mixed::split(problem);
    let mut alike: FastMap<AlikeKey<'_>, (Vec<usize>, (usize, bool))> = FastMap::default();
    for (index, (free, &(room, rows))) in powers.iter().enumerate() {
        let key = if spanning.is_empty() {
            let mut components: Vec<&[(usize, bool)]> =
                free.iter().map(|&a| atoms[a].1.as_slice()).collect();
            components.sort_unstable();
            (None, components)
        } else {
            (Some(index), Vec::new())
        };
        let entry = alike.entry(key).or_insert((free.clone(), (room, rows)));
        entry.1 .0 = entry.1 .0.max(room);
        entry.1 .1 |= rows;
    }
    for (free, (room, rows)) in alike.values() {
        let divisions = if *rows && !free.is_empty() {
            (len - room..=len)
                .map(|degree| by_rows[degree])
                .sum::<f64>()
        } else {
            let terms = if free.is_empty() { 1.0 } else { period };
            (*room as f64 + 1.0) * len as f64 * ((4.0 * terms + 10.0) * width / 2.0 + 20.0)
        };
        // Then each sum `D(j, t)` (as wide as a count of `t` characters) times the power's
        // coefficient `len - t`.
        let room = *room as f64;
        let products = pairs(room) * (count_width(alphabet, room as usize) / 2.0 + 1.0) * width;
        work += DIVISION * divisions + products;
        memory = memory.max(4.0 * len as f64 * width + (room + 1.0).powi(2) * width);
    }
    (work, memory)
}

/// The key under which [`divisions_cost`] counts a free set's powers: its atoms' components,
/// sorted (atoms alike have the same pieces), or the free set's own place when spanning rows
/// may join its pieces.
type AlikeKey<'a> = (Option<usize>, Vec<&'a [(usize, bool)]>);

/// The estimated work of [`Divisor::divide`] to each degree up to `len`, in limb operations
/// added up over the degrees, when the pieces do not repeat (atoms with a row of a sequence
/// range): coefficient `n` gathers `K(l) * out[n - l]` for each `l`, as many limb products as
/// the pieces' limbs times the limbs of `out[n - l]` (as wide as `alphabet^(n - l)`), in a sum
/// for each limb position, limb of the pieces and sign, then settles its positions.
///
/// The pieces grow with `l`: under a sequence limit, by at most half a bit a character, and a
/// bit with a repeat limit too (measured on rows of 10 and 26 characters at `len = 256`).
fn row_divisions(alphabet: usize, len: usize, repeats: bool) -> Vec<f64> {
    let limbs = |n: usize| count_width(alphabet, n);
    let bits = if repeats { 1.0 } else { 0.5 };
    let piece_limbs = |l: usize| (l as f64 * bits / 64.0).floor() + 1.0;
    let mut total = 0.0;
    let mut by_degree = Vec::with_capacity(len + 1);
    for n in 0..=len {
        let products: f64 = (1..=n).map(|l| piece_limbs(l) * limbs(n - l)).sum();
        let sums = 2.0 * piece_limbs(n) * limbs(n);
        total += products + GATHER * sums + 4.0 * limbs(n) + 20.0;
        by_degree.push(total);
    }
    by_degree
}

/// What starting one sum of [`Divisor::divide`] (one limb position of a coefficient, one limb
/// of the pieces, one sign) costs, in limb products.
const GATHER: f64 = 8.0;

/// What a limb product of [`Divisor::divide`] costs, relative to a limb operation of the
/// groups' tables, which hash and clone a state at each push and set the method's rate in
/// [`crate::plan`]: set at or above the ratio `measure_ns` (in `crate::plan`'s tests) shows
/// between policies whose work is nearly all divisions and the method's rate.
const DIVISION: f64 = 0.25;

/// The count: each free set's sequence sums times the powers of its `W_free`, the sums of
/// free sets with the same pieces ([`alike_added`]) taking the powers once.
pub(super) fn total_of(by_free: Vec<FreeSums>, len: usize) -> Nat {
    #[cfg(test)]
    if tests::APART.get() {
        return powers_total(tests::apart(&by_free), len);
    }
    powers_total(alike_added(by_free), len)
}

/// The free sets' sums, settled, those of free sets whose pieces `K_free` are the same added
/// up: their `W_free` is the same, so `sum over j of (D + D')_j W^(j + 1)` counts both terms'
/// strings with one walk of the powers. Classes alike under the run limits (`lower` and
/// `upper`: two rows of 26 letters) make such free sets whenever the terms track one where
/// others track the other.
fn alike_added(by_free: Vec<FreeSums>) -> Vec<(Vec<Value>, Vec<Vec<Value>>)> {
    let mut alike: Vec<(Vec<Value>, Vec<Vec<Sum>>)> = Vec::new();
    let (one, mut scratch) = (Nat::one(), Vec::new());
    for FreeSums {
        free_pieces, sums, ..
    } in by_free
    {
        let Some((_, into)) = alike.iter_mut().find(|(pieces, _)| *pieces == free_pieces) else {
            alike.push((free_pieces, sums));
            continue;
        };
        for (j, row) in sums.into_iter().enumerate() {
            if into.len() <= j {
                into.push(Vec::new());
            }
            for (t, sum) in row.into_iter().enumerate() {
                if into[j].len() <= t {
                    into[j].resize(t + 1, Sum::default());
                }
                let (value, negative) = sum.settle();
                into[j][t].add_product(&value, &one, negative, &mut scratch);
            }
        }
    }
    alike
        .into_iter()
        .map(|(pieces, sums)| {
            let sums = sums
                .into_iter()
                .map(|row| row.into_iter().map(Sum::settle).collect())
                .collect();
            (pieces, sums)
        })
        .collect()
}

/// The sum over free sets of `sum over (j, t) of D(j, t) * [x^(len - t)] W_free^(j + 1)`,
/// for each free set's pieces and settled sums `D`.
fn powers_total(by_free: Vec<(Vec<Value>, Vec<Vec<Value>>)>, len: usize) -> Nat {
    let mut total = Sum::default();
    let mut scratch = Vec::new();
    for (free_pieces, sums) in by_free {
        let period = clusters::period(&free_pieces);
        // power: W_free^(j + 1), from W_free^j (W_free^0 = 1).
        let divisor = Divisor::new(&free_pieces, period);
        let mut power = Coefficients::one(len);
        let mut next = Coefficients::one(len);
        for (j, row) in sums.iter().enumerate() {
            divisor.divide(&power, len.saturating_sub(j), &mut next);
            std::mem::swap(&mut power, &mut next);
            for (t, (value, negative)) in row.iter().enumerate() {
                if t <= len && !value.is_zero() && len - t < power.len() {
                    total.add_product(value, &power.get(len - t), *negative, &mut scratch);
                }
            }
        }
    }
    let (total, negative) = total.settle();
    assert!(!negative || total.is_zero(), "a count is never negative");
    total
}

/// The sequence sums of the terms with one free set, and that set's pieces `K_free`.
pub(super) struct FreeSums {
    pub(super) free: Vec<usize>,
    pub(super) free_pieces: Vec<Value>,
    pub(super) sums: Vec<Vec<Sum>>,
}

/// The pieces of `atoms` added up: `K_free` for the free atoms, a unit's for its atoms.
pub(super) fn free_pieces(free: &[usize], pieces: &[Vec<Value>], len: usize) -> Vec<Value> {
    let mut sum: Vec<Signed> = vec![Signed::default(); len + 1];
    for &atom in free {
        for (l, (value, negative)) in pieces[atom].iter().enumerate() {
            sum[l].add_product(value, &Nat::one(), *negative);
        }
    }
    let mut settled = Vec::with_capacity(sum.len());
    for signed in sum {
        settled.push(signed.settle());
    }
    settled
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::count::clusters::Limits;
    use crate::count::complements::{applies, count};
    use crate::count::series::atom_pieces;
    use crate::problem::testing::Lcg;

    thread_local! {
        /// Whether [`total_of`] takes each free set's powers apart (the walk before
        /// [`alike_added`]), as the reference of [`alike_free_sets_count_as_each_apart`].
        pub(super) static APART: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }

    /// Each free set's pieces and settled sums, none added to another's.
    pub(super) fn apart(by_free: &[FreeSums]) -> Vec<(Vec<Value>, Vec<Vec<Value>>)> {
        by_free
            .iter()
            .map(|sums| {
                let settled = sums
                    .sums
                    .iter()
                    .map(|row| row.iter().cloned().map(Sum::settle).collect())
                    .collect();
                (sums.free_pieces.clone(), settled)
            })
            .collect()
    }

    /// On real policies with classes alike (`lower` and `upper` under the same limits, and
    /// here under the same minimums, so that terms pair up): the count with alike free sets
    /// added is the count with each free set's powers taken apart.
    #[test]
    fn alike_free_sets_count_policies_as_each_apart() {
        for text in [
            "len = 256, lower >= 16, upper >= 16, digits >= 16, symbols >= 16, max_sequential = 3",
            "len = 120, lower >= 3, upper >= 5, digits >= 2, symbols <= 40, max_consecutive = 1, \
             max_sequential = 2",
        ] {
            let policy = crate::CheckedPolicy::parse(text).expect("accepted");
            policy.with_problem(|problem| {
                assert!(applies(problem), "{text}");
                let alike = count(problem);
                APART.set(true);
                let each = count(problem);
                APART.set(false);
                assert!(alike == each, "{text}");
                assert!(!alike.is_zero(), "{text}");
            });
        }
    }

    /// Free sets whose pieces are the same take the powers once: the total of their added sums
    /// is the total of each free set's powers taken apart (the walk before [`alike_added`]),
    /// on the pieces of real classes (`lower` and `upper` alike, digits, symbols) under both
    /// run limits and random sums (signed sums are added in the counts of the other tests).
    #[test]
    fn alike_free_sets_count_as_each_apart() {
        let mut rng = Lcg(15);
        let len = 90;
        for repeats in [None, Some(1)] {
            let limits = Limits {
                repeats,
                sequences: Some(3),
            };
            let atoms: Vec<(u32, Vec<(usize, bool)>)> = vec![
                (1, vec![(26, true)]),
                (2, vec![(26, true)]),
                (4, vec![(10, true)]),
                (8, vec![(32, false)]),
            ];
            let pieces: Vec<Vec<Value>> = atom_pieces(&atoms, limits, len)
                .into_iter()
                .map(|(_, pieces)| pieces)
                .collect();
            // Every free set but the full one, each with random sums `D(j, t)`, `j <= t <= room`.
            let random_sums = |rng: &mut Lcg| -> Vec<Vec<Sum>> {
                let room = 1 + rng.below(12);
                let scratch = &mut Vec::new();
                (0..=room)
                    .map(|j| {
                        (0..=room)
                            .map(|t| {
                                let mut sum = Sum::default();
                                if t >= j {
                                    let limbs = (0..=t / 8)
                                        .map(|_| rng.below(1 << 30) as u64 * 0x1_0000_0001)
                                        .collect();
                                    let value = Nat::from_limbs(limbs);
                                    // Positive: each free set's total alone is a count.
                                    sum.add_product(&value, &Nat::one(), false, scratch);
                                }
                                sum
                            })
                            .collect()
                    })
                    .collect()
            };
            let by_free: Vec<FreeSums> = (0..15u32)
                .map(|set| {
                    let free: Vec<usize> = (0..4).filter(|&a| set >> a & 1 == 1).collect();
                    FreeSums {
                        free_pieces: free_pieces(&free, &pieces, len),
                        free,
                        sums: random_sums(&mut rng),
                    }
                })
                .collect();
            let apart = apart(&by_free);
            let mut apart_total = Nat::zero();
            for one in apart {
                apart_total.add_assign(&powers_total(vec![one], len));
            }
            let alike = alike_added(by_free);
            // `lower` and `upper` alike: the sets {0}, {1}; {0, 2}, {1, 2}; ... pair up.
            assert_eq!(alike.len(), 11, "{repeats:?}");
            assert!(apart_total == powers_total(alike, len), "{repeats:?}");
        }
    }
}
