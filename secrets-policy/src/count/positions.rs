//! Counting by a dynamic program over positions, for any constraints and a run limit.
//!
//! The state after some positions holds one counter per constraint. A counter only needs to
//! tell apart the values that can still matter: if the constraint's maximum is below `len`,
//! values `0..=max` (a state that would go above is dropped, since counts never decrease);
//! otherwise `0..=min`, saturating at `min`. With a run limit `m` the state also holds the atom
//! of the last character and the length of the current run (`1..=m`): the next character is the
//! same one (one way, if the run stays within `m`), another character of the same atom
//! (`size - 1` ways, the run restarts) or a character of another atom (`size` ways).
//!
//! The work is `len × (product of the counters' ranges) × atoms × (m + 3 with a run limit,
//! else 1)` multiply-adds of big numbers.

use num_bigint::BigUint;

use super::{is_zero, Atom};

/// The shape of the counter part of the state.
struct Counters {
    /// The largest value each counter takes.
    caps: Vec<usize>,
    /// Whether going above the cap means the constraint is broken (else it saturates).
    drops: Vec<bool>,
    /// Mixed-radix place values: state index = sum of counter * stride.
    strides: Vec<usize>,
    /// The number of counter states.
    states: usize,
}

impl Counters {
    fn new(bounds: &[(usize, usize)], len: usize) -> Counters {
        let mut caps = Vec::with_capacity(bounds.len());
        let mut drops = Vec::with_capacity(bounds.len());
        for &(min, max) in bounds {
            let drop = max < len;
            caps.push(if drop { max } else { min });
            drops.push(drop);
        }
        let mut strides = Vec::with_capacity(caps.len());
        let mut states = 1usize;
        for &cap in &caps {
            strides.push(states);
            states = states.saturating_mul(cap + 1);
        }
        Counters {
            caps,
            drops,
            strides,
            states,
        }
    }

    fn value(&self, state: usize, j: usize) -> usize {
        state / self.strides[j] % (self.caps[j] + 1)
    }

    /// The state after a character of `mask`, or `None` if it breaks a maximum.
    fn step(&self, state: usize, mask: u32) -> Option<usize> {
        let mut next = state;
        for j in 0..self.caps.len() {
            if mask >> j & 1 == 0 {
                continue;
            }
            let value = self.value(state, j);
            if value < self.caps[j] {
                next += self.strides[j];
            } else if self.drops[j] {
                return None;
            }
        }
        Some(next)
    }

    /// Whether every counter of `state` has reached its minimum.
    fn accepts(&self, state: usize, bounds: &[(usize, usize)]) -> bool {
        bounds
            .iter()
            .enumerate()
            .all(|(j, &(min, _))| self.value(state, j) >= min)
    }
}

/// The estimated work, in big-number multiply-adds.
pub(super) fn cost(
    atoms: &[Atom],
    bounds: &[(usize, usize)],
    len: usize,
    run_limit: Option<usize>,
) -> f64 {
    let states: f64 = bounds
        .iter()
        .map(|&(min, max)| if max < len { max + 1 } else { min + 1 } as f64)
        .product();
    let per_state = run_limit.map_or(1.0, |limit| limit as f64 + 3.0);
    len as f64 * states * atoms.len() as f64 * per_state
}

/// The count. `run_limit`, if any, is below `len`.
pub(super) fn count(
    atoms: &[Atom],
    bounds: &[(usize, usize)],
    len: usize,
    run_limit: Option<usize>,
) -> BigUint {
    let counters = Counters::new(bounds, len);
    // next[state * atoms + a]: the state after a character of atom `a`.
    let next: Vec<Option<usize>> = (0..counters.states)
        .flat_map(|state| atoms.iter().map(move |atom| (state, atom.mask)))
        .map(|(state, mask)| counters.step(state, mask))
        .collect();
    let by_state = match run_limit {
        None => without_runs(atoms, &next, counters.states, len),
        Some(limit) => with_runs(atoms, &next, counters.states, len, limit),
    };
    by_state
        .iter()
        .enumerate()
        .filter(|&(state, _)| counters.accepts(state, bounds))
        .map(|(_, n)| n)
        .sum()
}

/// The number of strings of `len` characters ending in each counter state.
fn without_runs(atoms: &[Atom], next: &[Option<usize>], states: usize, len: usize) -> Vec<BigUint> {
    let mut counts = vec![BigUint::default(); states];
    counts[0] = BigUint::from(1u32);
    for _ in 0..len {
        let mut after = vec![BigUint::default(); states];
        for (state, n) in counts.iter().enumerate() {
            if is_zero(n) {
                continue;
            }
            for (a, atom) in atoms.iter().enumerate() {
                if let Some(to) = next[state * atoms.len() + a] {
                    after[to] += n * atom.size;
                }
            }
        }
        counts = after;
    }
    counts
}

/// Like [`without_runs`], with runs of one character limited to `limit` (`1 <= limit < len`):
/// the full state is `(counters, atom of the last character, run length)`.
fn with_runs(
    atoms: &[Atom],
    next: &[Option<usize>],
    states: usize,
    len: usize,
    limit: usize,
) -> Vec<BigUint> {
    let width = atoms.len() * limit;
    // index(state, a, run) for run in 1..=limit.
    let index = |state: usize, a: usize, run: usize| state * width + a * limit + run - 1;
    let mut counts = vec![BigUint::default(); states * width];
    for (a, atom) in atoms.iter().enumerate() {
        if let Some(to) = next[a] {
            counts[index(to, a, 1)] += atom.size;
        }
    }
    for _ in 1..len {
        let mut after = vec![BigUint::default(); states * width];
        for state in 0..states {
            let row = &counts[state * width..(state + 1) * width];
            // per_atom[a]: strings whose last character is in atom a; total: all of them.
            let per_atom: Vec<BigUint> = row.chunks(limit).map(|runs| runs.iter().sum()).collect();
            let total: BigUint = per_atom.iter().sum();
            if is_zero(&total) {
                continue;
            }
            for (a, atom) in atoms.iter().enumerate() {
                let Some(to) = next[state * atoms.len() + a] else {
                    continue;
                };
                // The same character again: the run grows, if it may.
                for run in 1..limit {
                    let n = &row[a * limit + run - 1];
                    if !is_zero(n) {
                        after[index(to, a, run + 1)] += n;
                    }
                }
                // Any other character of atom a starts a new run: `size` ways after a character
                // of another atom, `size - 1` after one of atom a, in all size * total - per_atom[a].
                let fresh = &total * atom.size - &per_atom[a];
                after[index(to, a, 1)] += fresh;
            }
        }
        counts = after;
    }
    // Fold the run part away: one entry per counter state.
    counts.chunks(width).map(|runs| runs.iter().sum()).collect()
}
