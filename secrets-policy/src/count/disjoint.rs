//! Counting when every character counts toward at most one constraint and runs are free: the
//! multinomial sum.
//!
//! Then each constraint `j` has a single atom of `s_j` characters, the other characters form a
//! free pool of `f`, and the count is
//!
//! ```text
//! N = sum over c_j in [min_j, max_j] with sum c_j <= len of
//!       len! / (c_1! ... c_k! r!) * s_1^c_1 ... s_k^c_k * f^r,   r = len - sum c_j.
//! ```
//!
//! Taking the constraints one at a time, `len! / (c_1! ... r!)` is a product of binomials
//! `C(n, c_j)` over the `n` positions still free. A bound can be summed directly (`c_j` from
//! `min_j` to `max_j`) or by inclusion–exclusion: the sum over every `c_j` minus the sum over
//! the `c_j` outside the bounds. The sum over every `c_j` needs no term of its own: by the
//! binomial theorem, `sum_c C(n, c) s^c g(n - c)` counts strings in which the atom's characters
//! are unconstrained, that is, the atom joins the free pool. Each constraint takes whichever form
//! has fewer terms, so `digits >= 3` costs four terms (the pool, minus `c = 0, 1, 2`).
//!
//! Partial sums that reach the same number of free positions with the same pool size are
//! merged, so the work grows with `len × alphabet size` per constraint at worst, not with the
//! product of the constraints' terms.

use std::collections::{HashMap, HashSet};

use crate::nat::Nat;
use crate::problem::Atom;

/// The limb operations of one term, for counts of `width` limbs: a multiplication of a partial
/// sum by a factor, most of whose terms are far smaller than the count (measured: `len = 256`
/// with a minimum and a maximum on each of the four classes, some 20,000 terms, counts in a
/// few milliseconds), and some bookkeeping.
fn per_term(width: f64) -> f64 {
    width + 12.0
}

/// One term of a constraint's sum.
#[derive(Clone, Copy, Debug)]
enum Term {
    /// The atom takes exactly `count` characters; `subtract` for the inclusion–exclusion terms.
    Take { count: usize, subtract: bool },
    /// The atom's characters join the free pool.
    Pool,
}

/// The terms for a constraint with bounds `min..=max` (`max <= len`): the shorter form.
fn terms(min: usize, max: usize, len: usize) -> Vec<Term> {
    let direct = max + 1 - min;
    let complement = 1 + min + (len - max);
    let mut terms = Vec::new();
    if direct <= complement {
        for count in min..=max {
            terms.push(Term::Take {
                count,
                subtract: false,
            });
        }
    } else {
        terms.push(Term::Pool);
        for count in 0..min {
            terms.push(Term::Take {
                count,
                subtract: true,
            });
        }
        for count in max + 1..=len {
            terms.push(Term::Take {
                count,
                subtract: true,
            });
        }
    }
    terms
}

/// A constraint's atom and terms.
struct AtomTerms {
    size: usize,
    terms: Vec<Term>,
}

fn atom_terms(atoms: &[Atom], bounds: &[(usize, usize)], len: usize) -> (Vec<AtomTerms>, usize) {
    // Each target's atom, through the same map from atoms to targets as the multinomial walk's
    // bounds (`Problem::atom_bounds`). The checks refuse a target no character counts toward;
    // here it is an atom of no characters, which takes none.
    let mut sizes = vec![0; bounds.len()];
    let mut free = 0;
    for atom in atoms {
        match atom.target() {
            Some(target) => sizes[target] = atom.size,
            None => free += atom.size,
        }
    }
    let mut atom_terms = Vec::with_capacity(bounds.len());
    for (target, &(min, max)) in bounds.iter().enumerate() {
        atom_terms.push(AtomTerms {
            size: sizes[target],
            terms: terms(min, max, len),
        });
    }
    (atom_terms, free)
}

/// The work the sum takes, in limb operations, found by walking the states without big numbers;
/// the walk stops once it passes `limit`.
pub(super) fn cost(atoms: &[Atom], bounds: &[(usize, usize)], len: usize, limit: f64) -> f64 {
    let (atom_terms, free) = atom_terms(atoms, bounds, len);
    let alphabet: usize = atoms.iter().map(|atom| atom.size).sum();
    let unit = per_term(crate::table::count_width(alphabet, len));
    let mut states: HashSet<(usize, usize)> = HashSet::from([(len, free)]);
    let mut work = 0.0;
    for atom in &atom_terms {
        work += (states.len() * atom.terms.len()) as f64 * unit;
        if work > limit {
            return work;
        }
        let mut next = HashSet::new();
        for &state in &states {
            for &term in &atom.terms {
                if let Some(to) = step(state, term, atom.size) {
                    next.insert(to);
                }
            }
        }
        states = next;
    }
    work + states.len() as f64 * unit
}

/// The state after a term: `(free positions, pool size)`, or `None` when the term takes more
/// positions than are free.
fn step((positions, pool): (usize, usize), term: Term, size: usize) -> Option<(usize, usize)> {
    match term {
        Term::Pool => Some((positions, pool + size)),
        Term::Take { count, .. } => positions.checked_sub(count).map(|rest| (rest, pool)),
    }
}

/// A signed partial sum, kept as its added and subtracted parts (both natural numbers).
#[derive(Clone, Default)]
struct Signed {
    added: Nat,
    subtracted: Nat,
}

/// The count, for atoms whose masks have at most one bit each.
pub(super) fn count(atoms: &[Atom], bounds: &[(usize, usize)], len: usize) -> Nat {
    let (atom_terms, free) = atom_terms(atoms, bounds, len);
    let mut binomials = Binomials::default();
    // Signed partial sums by (free positions, pool size).
    let mut states: HashMap<(usize, usize), Signed> = HashMap::from([(
        (len, free),
        Signed {
            added: Nat::one(),
            subtracted: Nat::zero(),
        },
    )]);
    for atom in &atom_terms {
        let mut powers = vec![Nat::one()];
        for count in 1..=len {
            let mut next = powers[count - 1].clone();
            next.mul_small(atom.size as u64);
            powers.push(next);
        }
        let mut next: HashMap<(usize, usize), Signed> = HashMap::new();
        for (&state, sum) in &states {
            for &term in &atom.terms {
                let Some(to) = step(state, term, atom.size) else {
                    continue;
                };
                let entry = next.entry(to).or_default();
                match term {
                    Term::Pool => {
                        entry.added.add_assign(&sum.added);
                        entry.subtracted.add_assign(&sum.subtracted);
                    }
                    Term::Take { count, subtract } => {
                        let factor = binomials.get(state.0, count).mul(&powers[count]);
                        let (added, subtracted) =
                            (sum.added.mul(&factor), sum.subtracted.mul(&factor));
                        // A subtracted term swaps which part each product joins.
                        let (to_added, to_subtracted) = if subtract {
                            (subtracted, added)
                        } else {
                            (added, subtracted)
                        };
                        entry.added.add_assign(&to_added);
                        entry.subtracted.add_assign(&to_subtracted);
                    }
                }
            }
        }
        states = next;
    }
    // The free positions left take any character of the pool.
    let mut total = Signed::default();
    for ((positions, pool), sum) in states {
        let power = Nat::pow(pool as u64, positions as u32);
        total.added.add_assign(&sum.added.mul(&power));
        total.subtracted.add_assign(&sum.subtracted.mul(&power));
    }
    // A count is never negative: the subtracted terms are part of the added ones.
    total.added.sub_assign(&total.subtracted);
    total.added
}

/// Binomial coefficients, by rows of Pascal's triangle as they are needed.
#[derive(Default)]
struct Binomials {
    rows: HashMap<usize, Vec<Nat>>,
}

impl Binomials {
    fn get(&mut self, n: usize, k: usize) -> &Nat {
        static ZERO: Nat = Nat::zero();
        let row = self.rows.entry(n).or_insert_with(|| binomial_row(n));
        row.get(k).unwrap_or(&ZERO)
    }
}

/// `C(n, k)` for `k` in `0..=n`.
pub(crate) fn binomial_row(n: usize) -> Vec<Nat> {
    // C(n, k + 1) = C(n, k) * (n - k) / (k + 1), exact at every step.
    let mut row = Vec::with_capacity(n + 1);
    let mut value = Nat::one();
    for k in 0..=n {
        row.push(value.clone());
        value.mul_small((n - k) as u64);
        value.div_exact_small((k + 1) as u64);
    }
    row
}
