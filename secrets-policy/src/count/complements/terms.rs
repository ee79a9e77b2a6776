//! The expansion into terms: each constraint's indicator a difference of caps, a cap past
//! half of `len` maybe flipped onto the other characters ([`Flips`]).

use crate::problem::Problem;

/// A cap of one term: `[n <= cap]` on a constraint's characters, or on the others'
/// (`complement`).
#[derive(Clone, Copy)]
pub(super) struct Cap {
    pub(super) cap: usize,
    complement: bool,
}

impl Cap {
    /// Whether the characters of an atom of membership `mask` count toward constraint `j`'s
    /// cap.
    pub(super) fn counts(self, mask: u32, j: usize) -> bool {
        (mask >> j & 1 == 1) != self.complement
    }
}

/// One term of the expansion: its sign and the constraints' caps (`None`: not capped).
pub(super) struct Term {
    pub(super) negative: bool,
    pub(super) caps: Vec<Option<Cap>>,
}

/// `[n <= cap]` on a constraint's characters as signed capped indicators: 1 when the cap is at
/// least `len`; past half of `len` when `flip`, `1 - [n_others <= len - cap - 1]` (the others'
/// characters being `len - n`), which keeps every cap at most half of `len`.
fn expand(cap: usize, len: usize, flip: bool) -> Vec<(bool, Option<Cap>)> {
    if cap >= len {
        vec![(false, None)]
    } else if flip && len - cap - 1 < cap {
        vec![
            (false, None),
            (
                true,
                Some(Cap {
                    cap: len - cap - 1,
                    complement: true,
                }),
            ),
        ]
    } else {
        vec![(
            false,
            Some(Cap {
                cap,
                complement: false,
            }),
        )]
    }
}

/// Which caps past half of `len` are flipped: bit `2j` for constraint `j`'s maximum, bit
/// `2j + 1` for the cap below its minimum (a membership mask has 32 bits: 32 constraints).
pub(super) type Flips = u64;

/// Every cap flipped.
#[cfg(test)]
pub(super) const ALL: Flips = u64::MAX;

/// The terms of the expansion (the caps past half of `len` in `flips` flipped), or `None` when
/// a constraint's minimum is above its maximum (no password).
pub(super) fn terms(problem: &Problem<'_>, flips: Flips) -> Option<Vec<Term>> {
    let mut terms = vec![Term {
        negative: false,
        caps: Vec::new(),
    }];
    for (j, &(min, max)) in problem.bounds.iter().enumerate() {
        if min > max {
            return None;
        }
        let flip = |which: usize| flips >> (2 * j + which) & 1 == 1;
        // [min <= n <= max] = [n <= max] - [n <= min - 1].
        let mut options = expand(max, problem.len, flip(0));
        if min > 0 {
            for (negative, cap) in expand(min - 1, problem.len, flip(1)) {
                options.push((!negative, cap));
            }
        }
        let mut next = Vec::with_capacity(terms.len() * options.len());
        for term in terms {
            for &(negative, cap) in &options {
                let mut caps = term.caps.clone();
                caps.push(cap);
                next.push(Term {
                    negative: term.negative != negative,
                    caps,
                });
            }
        }
        terms = next;
    }
    Some(terms)
}
