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
//! `C(n, c_j)` over the positions `n` still free. A bound can be summed directly (`c_j` from
//! `min_j` to `max_j`) or by inclusion–exclusion: the sum over every `c_j` minus the sum over
//! the `c_j` outside the bounds. The sum over every `c_j` needs no term of its own: by the
//! binomial theorem, `sum_c C(n, c) s^c g(n - c)` counts strings in which the atom's characters
//! are unconstrained, that is, the atom joins the free pool. Each constraint takes whichever form
//! has fewer terms, so `digits >= 3` costs four terms (the pool, minus `c = 0, 1, 2`).

use std::collections::HashMap;

use num_bigint::BigUint;

use super::{is_zero, Atom};

/// One term of a constraint's sum.
#[derive(Clone, Copy, Debug)]
enum Term {
    /// The atom takes exactly `count` characters; `subtract` for the inclusion–exclusion terms.
    Take { count: usize, subtract: bool },
    /// The atom's characters join the free pool.
    Pool,
}

/// The terms for a constraint with bounds `min..=max` (`max <= len`): the shorter of the two
/// forms.
fn terms(min: usize, max: usize, len: usize) -> Vec<Term> {
    let direct = max + 1 - min;
    let complement = 1 + min + (len - max);
    if direct <= complement {
        (min..=max)
            .map(|count| Term::Take {
                count,
                subtract: false,
            })
            .collect()
    } else {
        let outside = (0..min).chain(max + 1..=len);
        std::iter::once(Term::Pool)
            .chain(outside.map(|count| Term::Take {
                count,
                subtract: true,
            }))
            .collect()
    }
}

/// The estimated work: the number of leaves of the sum, times a few big multiplications each.
pub(super) fn cost(bounds: &[(usize, usize)], len: usize) -> f64 {
    let leaves: f64 = bounds
        .iter()
        .map(|&(min, max)| terms(min, max, len).len() as f64)
        .product();
    // Each leaf and inner node costs two or three big multiplications, each about five
    // multiply-adds of the position method's kind.
    leaves * (bounds.len() as f64 + 1.0) * 10.0
}

/// The count, for atoms whose masks have at most one bit each.
pub(super) fn count(atoms: &[Atom], bounds: &[(usize, usize)], len: usize) -> BigUint {
    let mut groups = Vec::with_capacity(bounds.len());
    for (j, &(min, max)) in bounds.iter().enumerate() {
        // Every constraint's set is non-empty, so its atom exists; a missing one counts 0 chars.
        let size = atoms
            .iter()
            .find(|atom| atom.mask == 1 << j)
            .map_or(0, |atom| atom.size);
        groups.push(Group {
            size,
            terms: terms(min, max, len),
        });
    }
    let free = atoms
        .iter()
        .filter(|atom| atom.mask == 0)
        .map(|atom| atom.size)
        .sum();
    let mut sum = Sum {
        groups: &groups,
        binomials: HashMap::new(),
        powers: HashMap::new(),
        added: BigUint::default(),
        subtracted: BigUint::default(),
    };
    sum.walk(0, len, &BigUint::from(1u32), free, false);
    // Inclusion–exclusion: the subtracted terms are a part of the added ones.
    sum.added - sum.subtracted
}

struct Group {
    size: usize,
    terms: Vec<Term>,
}

/// The running sum, with caches of the binomials and powers its terms reuse.
struct Sum<'a> {
    groups: &'a [Group],
    binomials: HashMap<(usize, usize), BigUint>,
    powers: HashMap<(usize, usize), BigUint>,
    added: BigUint,
    subtracted: BigUint,
}

impl Sum<'_> {
    /// Adds every term for groups `g..` with `free_positions` positions left, the product of the
    /// earlier groups' factors in `factor`, and `pool` characters in the free pool.
    fn walk(
        &mut self,
        g: usize,
        free_positions: usize,
        factor: &BigUint,
        pool: usize,
        subtract: bool,
    ) {
        let Some(group) = self.groups.get(g) else {
            let term = factor * self.power(pool, free_positions);
            if subtract {
                self.subtracted += term;
            } else {
                self.added += term;
            }
            return;
        };
        let (size, terms) = (group.size, group.terms.clone());
        for term in terms {
            match term {
                Term::Pool => self.walk(g + 1, free_positions, factor, pool + size, subtract),
                Term::Take {
                    count,
                    subtract: flip,
                } if count <= free_positions => {
                    let next =
                        factor * self.binomial(free_positions, count) * self.power(size, count);
                    if !is_zero(&next) {
                        self.walk(g + 1, free_positions - count, &next, pool, subtract ^ flip);
                    }
                }
                Term::Take { .. } => {}
            }
        }
    }

    fn binomial(&mut self, n: usize, k: usize) -> BigUint {
        self.binomials
            .entry((n, k))
            .or_insert_with(|| {
                // C(n, k) = prod_{i=1..k} (n - k + i) / i; each partial product is a binomial,
                // so every division is exact.
                let mut value = BigUint::from(1u32);
                for i in 1..=k {
                    value = value * (n - k + i) / i;
                }
                value
            })
            .clone()
    }

    fn power(&mut self, base: usize, exponent: usize) -> BigUint {
        self.powers
            .entry((base, exponent))
            .or_insert_with(|| BigUint::from(base).pow(u32::try_from(exponent).unwrap_or(u32::MAX)))
            .clone()
    }
}
