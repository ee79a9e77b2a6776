//! The pieces of the cluster sums ([`super::clusters`], [`super::complements`]) in fixed-width
//! limbs: the same numbers as [`super::clusters::atom_pieces`], without a map entry per state
//! or a big number that grows (and is wiped) as it is summed.
//!
//! A component's strings that break no run limit are counted by its automaton over the last
//! character and the run it ends, one layer of states per length, each state's count in the
//! limbs a count of that length needs. Its pieces are `K = 1 - 1 / W`: the coefficients of
//! `1 / W` are small (a limb or two) while those of `W` are counts, so each is a sum of
//! products of a count by a small number, added up in two parts of fixed width.

use crate::count::clusters::{shape_counts, AtomComponents, Limits};
use crate::fast_hash::FastMap;
use crate::nat::{self, Nat};

/// A settled signed number: its magnitude and whether it is negative.
pub(crate) type Value = (Nat, bool);

/// Signed sums of products in two fixed-width parts, reused from one sum to the next.
#[derive(Default)]
pub(crate) struct Accumulator {
    added: Vec<u64>,
    subtracted: Vec<u64>,
}

impl Accumulator {
    /// The sum of `products` (`(value, factor, negative)`: `value * factor`, subtracted when
    /// `negative`), settled. Cheapest with the shorter operand as the factor.
    pub(crate) fn sum_of(&mut self, products: &[(&[u64], &[u64], bool)]) -> Value {
        // Each product fits its operands' limbs, and a sum of fewer than 2^64 of them one more.
        let mut widest = 0;
        for (value, factor, _) in products {
            if !value.is_empty() && !factor.is_empty() {
                widest = widest.max(value.len() + factor.len());
            }
        }
        let width = widest + 1;
        for part in [&mut self.added, &mut self.subtracted] {
            part.clear();
            part.resize(width, 0);
        }
        for &(value, factor, negative) in products {
            if value.is_empty() {
                continue;
            }
            let part = if negative {
                &mut self.subtracted
            } else {
                &mut self.added
            };
            for (i, &limb) in factor.iter().enumerate() {
                add_product(&mut part[i..], value, limb);
            }
        }
        if nat::cmp_limbs(&self.added, &self.subtracted).is_ge() {
            nat::sub_limbs(&mut self.added, &self.subtracted);
            (Nat::from_limbs(self.added.clone()), false)
        } else {
            nat::sub_limbs(&mut self.subtracted, &self.added);
            (Nat::from_limbs(self.subtracted.clone()), true)
        }
    }
}

/// `sum += value * factor`, the result known to fit in `sum`'s limbs.
pub(crate) fn add_product(sum: &mut [u64], value: &[u64], factor: u64) {
    let (low, high) = sum.split_at_mut(value.len());
    let mut carry = 0u64;
    for (s, &v) in low.iter_mut().zip(value) {
        // v * factor + s + carry < 2^128.
        let t = u128::from(v) * u128::from(factor) + u128::from(*s) + u128::from(carry);
        *s = t as u64;
        carry = (t >> 64) as u64;
    }
    for s in high {
        if carry == 0 {
            break;
        }
        let (t, overflow) = s.overflowing_add(carry);
        *s = t;
        carry = u64::from(overflow);
    }
    debug_assert_eq!(carry, 0, "the width holds the sum");
}

/// The limbs a count of strings of `n` characters over `size` takes: `size^n < 2^(n * bits)`.
fn limbs_for(size: usize, n: usize) -> usize {
    let bits = (usize::BITS - size.leading_zeros()) as usize;
    n * bits / 64 + 1
}

/// `W_c(x)` up to `x^len`: the strings of each length over a component of `size` characters
/// (in a row of a sequence range when `row`) that break no run limit.
fn component_words(size: usize, row: bool, limits: Limits, len: usize) -> Vec<Nat> {
    let repeats = limits.repeats.unwrap_or(usize::MAX);
    let sequences = limits.sequences.filter(|_| row).unwrap_or(usize::MAX);
    // A character's states: the repeat run it ends, `1..=repeat_cap` (capped where the limit
    // stops caring), then, in a row, the sequence run it ends going up and going down,
    // `2..=sequence_cap`.
    let repeat_cap = if limits.repeats.is_some() { repeats } else { 1 };
    let sequence_cap = if row { sequences.min(len) } else { 1 };
    let runs = sequence_cap - 1;
    let per_char = repeat_cap + 2 * runs;
    let state = |c: usize, slot: usize| c * per_char + slot;
    // The slot of a sequence run of `k` characters going `up` or down.
    let sequence_slot = |up: bool, k: usize| repeat_cap + usize::from(!up) * runs + (k - 2);
    let stride = limbs_for(size, len);
    let mut layer = vec![0u64; size * per_char * stride];
    let mut next = layer.clone();
    let mut totals = vec![0u64; size * stride];
    let mut all = vec![0u64; stride];
    let mut fresh = vec![0u64; stride];
    for c in 0..size {
        layer[state(c, 0) * stride] = 1;
    }
    let mut words = vec![Nat::one(), Nat::from(size as u64)];
    for n in 2..=len {
        let width = limbs_for(size, n);
        next.fill(0);
        totals.fill(0);
        all.fill(0);
        for c in 0..size {
            for slot in 0..per_char {
                let from = state(c, slot) * stride;
                let count = &layer[from..from + width];
                if count.iter().all(|&limb| limb == 0) {
                    continue;
                }
                nat::add_limbs(&mut totals[c * stride..c * stride + width], count);
                nat::add_limbs(&mut all[..width], count);
                // The same character again: a repeat run, of one more when it continues one.
                let repeat = if slot < repeat_cap { slot + 2 } else { 2 };
                if repeat <= repeats {
                    let to = state(c, repeat.min(repeat_cap) - 1) * stride;
                    nat::add_limbs(&mut next[to..to + width], count);
                }
                if !row {
                    continue;
                }
                // A step up or down within the row: one more in the run's own direction, else
                // a new run of two.
                for up in [true, false] {
                    let to_char = if up { c + 1 } else { c.wrapping_sub(1) };
                    if to_char >= size {
                        continue;
                    }
                    let k = match slot.checked_sub(repeat_cap) {
                        Some(s) if (s < runs) == up => s % runs.max(1) + 3,
                        _ => 2,
                    };
                    if k <= sequences {
                        let to = state(to_char, sequence_slot(up, k.min(sequence_cap))) * stride;
                        nat::add_limbs(&mut next[to..to + width], count);
                    }
                }
            }
        }
        // Any other character: all strings but those ending at it or (in a row) next to it.
        for c in 0..size {
            fresh[..width].copy_from_slice(&all[..width]);
            let neighbours = if row {
                [c.checked_sub(1), Some(c), Some(c + 1)]
            } else {
                [None, Some(c), None]
            };
            for m in neighbours {
                let Some(m) = m.filter(|&m| m < size) else {
                    continue;
                };
                nat::sub_limbs(&mut fresh[..width], &totals[m * stride..m * stride + width]);
            }
            let to = state(c, 0) * stride;
            nat::add_limbs(&mut next[to..to + width], &fresh[..width]);
        }
        let mut total = vec![0u64; width + 1];
        for entry in next.chunks(stride) {
            nat::add_limbs(&mut total, &entry[..width]);
        }
        words.push(Nat::from_limbs(total));
        std::mem::swap(&mut layer, &mut next);
    }
    words.truncate(len + 1);
    words
}

/// `K_c = 1 - 1 / W_c` up to `x^len` (`K_c(0) = 0`), as magnitudes and signs.
fn pieces(words: &[Nat]) -> Vec<Value> {
    // V = 1 / W: V(0) = 1, V(l) = -sum over i of W(i) V(l - i); K(l) = -V(l).
    let mut sum = Accumulator::default();
    let mut inverse: Vec<Value> = vec![(Nat::one(), false)];
    for l in 1..words.len() {
        let mut products: Vec<(&[u64], &[u64], bool)> = Vec::with_capacity(l);
        for i in 1..=l {
            let (factor, negative) = &inverse[l - i];
            products.push((words[i].limbs(), factor.limbs(), *negative));
        }
        let (value, negative) = sum.sum_of(&products);
        let zero = value.is_zero();
        inverse.push((value, !negative && !zero));
    }
    inverse[0] = (Nat::zero(), false);
    for (value, negative) in &mut inverse {
        *negative = !*negative && !value.is_zero();
    }
    inverse
}

/// The estimated work of [`atom_pieces`], in limb operations of its fixed-width sums: for each
/// shape of component, its automaton (each state's count added to its moves, its character's
/// total and the layer's, each character's fresh start from the totals) and the inverse of its
/// series (a count of up to the widest limbs times a number of a limb or two, for each pair of
/// lengths); then each atom's pieces added up, each shape once.
pub(crate) fn pieces_cost(atoms: &[AtomComponents], limits: Limits, len: usize) -> f64 {
    let mut shapes: Vec<(usize, bool)> = Vec::new();
    for (_, components) in atoms {
        shapes.extend_from_slice(components);
    }
    shapes.sort_unstable();
    shapes.dedup();
    let lengths = len as f64;
    let shape_cost = |&(size, row): &(usize, bool)| {
        let repeat_cap = limits.repeats.unwrap_or(1);
        let runs = if row {
            limits.sequences.map_or(len, |limit| limit.min(len)) - 1
        } else {
            0
        };
        let states = (size * (repeat_cap + 2 * runs)) as f64;
        let widest = limbs_for(size, len) as f64;
        let automaton = lengths * (widest / 2.0 + 2.0) * (5.0 * states + 4.0 * size as f64);
        let inverse = lengths * lengths / 2.0 * (widest + 8.0);
        automaton + inverse
    };
    let mut added = 0;
    for (_, components) in atoms {
        added += shape_counts(components).len();
    }
    let mut work = 0.0;
    for shape in &shapes {
        work += shape_cost(shape);
    }
    work + added as f64 * lengths * 8.0
}

/// Each atom's pieces (its components' added up, each shape computed once and added once, times
/// how many the atom has), with its mask: the numbers of [`super::clusters::atom_pieces`].
pub(crate) fn atom_pieces(
    atoms: &[AtomComponents],
    limits: Limits,
    len: usize,
) -> Vec<(u32, Vec<Value>)> {
    let mut shapes: FastMap<(usize, bool), Vec<Value>> = FastMap::default();
    let mut sum = Accumulator::default();
    let mut by_atom = Vec::with_capacity(atoms.len());
    for (mask, components) in atoms {
        let mut counts: Vec<((usize, bool), [u64; 1])> = Vec::new();
        for (shape, times) in shape_counts(components) {
            counts.push((shape, [times as u64]));
        }
        for &(shape, _) in &counts {
            shapes
                .entry(shape)
                .or_insert_with(|| pieces(&component_words(shape.0, shape.1, limits, len)));
        }
        let mut added = Vec::with_capacity(len + 1);
        // `l` indexes each shape's pieces in the map, not the map.
        #[allow(clippy::needless_range_loop)]
        for l in 0..=len {
            let mut products: Vec<(&[u64], &[u64], bool)> = Vec::with_capacity(counts.len());
            for (shape, times) in &counts {
                let (value, negative) = &shapes[shape][l];
                products.push((value.limbs(), &times[..], *negative));
            }
            added.push(sum.sum_of(&products));
        }
        by_atom.push((*mask, added));
    }
    by_atom
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::count::clusters::{self, components};
    use crate::problem::testing::random_run_limited_problems;

    /// The same pieces as the cluster method's own, on small random problems and on the rows
    /// of long policies under both run limits.
    #[test]
    fn pieces_are_the_cluster_methods() {
        let mut compared = 0;
        for owned in random_run_limited_problems(83, 600) {
            let problem = owned.problem();
            let Some(atoms) = components(&problem) else {
                continue;
            };
            let limits = Limits::of(&problem);
            assert_eq!(
                atom_pieces(&atoms, limits, problem.len),
                clusters::atom_pieces(&atoms, limits, problem.len),
                "{problem:?}"
            );
            compared += 1;
        }
        assert!(compared > 300, "{compared}");
        for (repeats, sequences) in [(None, Some(2)), (Some(1), Some(3)), (Some(2), Some(4))] {
            let limits = Limits { repeats, sequences };
            let atoms: Vec<AtomComponents> = vec![
                (1, vec![(26, true)]),
                (2, vec![(10, true), (1, false), (1, false)]),
            ];
            assert_eq!(
                atom_pieces(&atoms, limits, 150),
                clusters::atom_pieces(&atoms, limits, 150)
            );
        }
    }
}
