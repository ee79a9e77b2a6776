//! Bounds the other constraints already imply, left out before a policy is planned: they change
//! no password, only the cost of counting. `lower | upper >= 7` beside `lower >= 8` adds a
//! counter to every state of the position table and makes the targets overlap (so the
//! multinomial methods no longer apply); `digits <= 98` at `len = 116` beside minimums of 27 on
//! the other classes can never bind.
//!
//! A minimum on a target `T` is implied when constraints on pairwise disjoint subsets of `T`
//! have minimums adding up to it; a maximum, when constraints on pairwise disjoint sets outside
//! `T` leave no more than it for `T`. Each bound is tested against the bounds still kept, one at
//! a time, so a bound left out is implied by those kept (by induction on the order they were
//! left out). A constraint with neither bound left is removed, and its bit with it.

use crate::problem::Problem;

/// A policy's membership and bounds without what is implied.
pub(crate) struct Implied {
    membership: Vec<u32>,
    bounds: Vec<(usize, usize)>,
}

impl Implied {
    /// `problem`'s constraints, less the bounds the others imply.
    pub(crate) fn of(problem: &Problem<'_>) -> Implied {
        // Plain loops, not iterator chains: this runs in every build of the crate (the walk's
        // too), and each chain is generic code compiled for its own closures.
        let len = problem.len;
        let mut bounds = problem.bounds.to_vec();
        let mut sets = Vec::with_capacity(bounds.len());
        for j in 0..bounds.len() {
            sets.push(Set::of(problem.membership, j));
        }
        for j in 0..bounds.len() {
            let (min, max) = bounds[j];
            if min > 0 && least_within(&sets, &bounds, j, Admit::Within) >= min {
                bounds[j].0 = 0;
            }
            if max < len {
                let outside = least_within(&sets, &bounds, j, Admit::Disjoint);
                if len.saturating_sub(outside) <= max {
                    bounds[j].1 = len;
                }
            }
        }
        // The constraints left, and each character's bits renumbered to them.
        let mut kept = Vec::with_capacity(bounds.len());
        for (j, &bound) in bounds.iter().enumerate() {
            if bound != (0, len) {
                kept.push(j);
            }
        }
        let mut membership = Vec::with_capacity(problem.membership.len());
        for &mask in problem.membership {
            let mut bits = 0;
            for (new, &j) in kept.iter().enumerate() {
                bits |= (mask >> j & 1) << new;
            }
            membership.push(bits);
        }
        let mut kept_bounds = Vec::with_capacity(kept.len());
        for &j in &kept {
            kept_bounds.push(bounds[j]);
        }
        Implied {
            membership,
            bounds: kept_bounds,
        }
    }

    /// `problem` with these constraints.
    pub(crate) fn problem<'a>(&'a self, problem: &Problem<'a>) -> Problem<'a> {
        Problem {
            membership: &self.membership,
            bounds: &self.bounds,
            ..problem.clone()
        }
    }
}

/// The characters of a constraint's target, as a bit set over the alphabet (at most 256).
#[derive(Clone, Copy)]
struct Set([u64; 4]);

impl Set {
    fn of(membership: &[u32], j: usize) -> Set {
        let mut set = [0u64; 4];
        for (i, &mask) in membership.iter().enumerate() {
            set[i / 64] |= u64::from(mask >> j & 1) << (i % 64);
        }
        Set(set)
    }

    fn within(&self, other: &Set) -> bool {
        let (a, b) = (self.0, other.0);
        (a[0] & !b[0]) | (a[1] & !b[1]) | (a[2] & !b[2]) | (a[3] & !b[3]) == 0
    }

    fn disjoint(&self, other: &Set) -> bool {
        let (a, b) = (self.0, other.0);
        (a[0] & b[0]) | (a[1] & b[1]) | (a[2] & b[2]) | (a[3] & b[3]) == 0
    }

    fn union(&self, other: &Set) -> Set {
        let (a, b) = (self.0, other.0);
        Set([a[0] | b[0], a[1] | b[1], a[2] | b[2], a[3] | b[3]])
    }
}

/// Which other constraints [`least_within`] counts, against constraint `j`'s set.
#[derive(Clone, Copy)]
enum Admit {
    /// Those whose sets lie within it.
    Within,
    /// Those whose sets are disjoint from it.
    Disjoint,
}

/// A lower bound on the characters every password takes from the sets of the constraints
/// (other than `j`) that `admit` accepts: the largest sum of the minimums of some of them whose
/// sets are pairwise disjoint (tried every way for up to [`SEARCHED`] of them, else the first
/// [`SEARCHED`] by minimum: still a bound).
fn least_within(sets: &[Set], bounds: &[(usize, usize)], j: usize, admit: Admit) -> usize {
    let mut candidates = Vec::new();
    for (i, set) in sets.iter().enumerate() {
        let admitted = match admit {
            Admit::Within => set.within(&sets[j]),
            Admit::Disjoint => set.disjoint(&sets[j]),
        };
        if i != j && bounds[i].0 > 0 && admitted {
            candidates.push(i);
        }
    }
    // Largest minimum first, equal ones in index order: an insertion sort (at most
    // MAX_CONSTRAINTS items), which unlike `sort_by_key` adds no copy of the standard library's
    // sort to the crate.
    for k in 1..candidates.len() {
        let mut place = k;
        while place > 0 && bounds[candidates[place - 1]].0 < bounds[candidates[place]].0 {
            candidates.swap(place - 1, place);
            place -= 1;
        }
    }
    candidates.truncate(SEARCHED);
    most_disjoint(sets, bounds, &candidates, Set([0; 4]))
}

/// The most candidates [`least_within`] tries every disjoint family of (`2^12` at most).
const SEARCHED: usize = 12;

/// The largest sum of minimums of `candidates` with pairwise disjoint sets, none meeting `used`.
fn most_disjoint(
    sets: &[Set],
    bounds: &[(usize, usize)],
    candidates: &[usize],
    used: Set,
) -> usize {
    let Some((&first, rest)) = candidates.split_first() else {
        return 0;
    };
    let without = most_disjoint(sets, bounds, rest, used);
    if !sets[first].disjoint(&used) {
        return without;
    }
    let with = used.union(&sets[first]);
    without.max(bounds[first].0 + most_disjoint(sets, bounds, rest, with))
}

#[cfg(all(test, feature = "checks"))]
mod tests {
    use super::*;
    use crate::problem::testing::{allowed_strings, random_problem, Lcg};

    /// Leaving out the implied bounds keeps every password and admits no other, on random
    /// small problems (brute force on both), and the generator reaches bounds left out.
    #[test]
    fn implied_bounds_change_no_password() {
        let mut rng = Lcg(1414);
        let (mut cases, mut dropped) = (0, 0);
        for _ in 0..3000 {
            let owned = random_problem(&mut rng);
            let problem = owned.problem();
            let implied = Implied::of(&problem);
            let simpler = implied.problem(&problem);
            if simpler.bounds != problem.bounds {
                dropped += 1;
            }
            assert_eq!(
                allowed_strings(&simpler),
                allowed_strings(&problem),
                "{problem:?} -> {simpler:?}"
            );
            cases += 1;
        }
        assert!(cases == 3000 && dropped > 300, "{dropped}");
    }

    /// Mid-size problems with unions and quoted sets over the printable classes, too long to
    /// enumerate: the position table counts the same with and without the implied bounds, and
    /// some are left out.
    #[test]
    fn implied_bounds_keep_the_count_of_mid_size_policies() {
        let mut rng = Lcg(225);
        let mut dropped = 0;
        for _ in 0..40 {
            let len = 12 + rng.below(20);
            // lower, upper, digits, symbols, `lower | upper`, a quoted set of five letters.
            let mut membership: Vec<u32> = (0..26)
                .map(|i| if i < 5 { 0b11_0001 } else { 0b01_0001 })
                .collect();
            membership.extend([0b01_0010; 26]);
            membership.extend([0b00_0100; 10]);
            membership.extend([0b00_1000; 32]);
            let bounds: Vec<(usize, usize)> = (0..6)
                .map(|_| {
                    let min = rng.below(len / 4 + 1);
                    let max = if rng.below(3) == 0 {
                        min + rng.below(len + 1 - min)
                    } else {
                        len
                    };
                    (min, max)
                })
                .collect();
            let problem = Problem {
                len,
                membership: &membership,
                bounds: &bounds,
                max_consecutive: (rng.below(2) == 0).then(|| 1 + rng.below(3)),
                max_sequential: None,
            };
            let implied = Implied::of(&problem);
            let simpler = implied.problem(&problem);
            dropped += usize::from(simpler.bounds.len() < problem.bounds.len());
            assert!(
                crate::count::by_positions(&simpler) == crate::count::by_positions(&problem),
                "{problem:?}"
            );
        }
        assert!(dropped > 5, "{dropped}");
    }

    /// The survey's shapes: a union implied by a class's minimum, a maximum no password can
    /// reach, a maximum at `len`.
    #[test]
    fn unions_and_unreachable_maximums_are_left_out() {
        // lower, upper, digits (bits 0, 1, 2), `lower | upper` (bit 3), `"ab"` (bit 4).
        let mut membership = vec![0b1_1001, 0b1_1001];
        membership.extend([0b0_1001; 2]);
        membership.extend([0b0_1010; 4]);
        membership.extend([0b0_0100; 3]);
        let bounds = [(3, 20), (2, 20), (1, 15), (4, 20), (1, 20)];
        let problem = Problem {
            len: 20,
            membership: &membership,
            bounds: &bounds,
            max_consecutive: Some(2),
            max_sequential: None,
        };
        let implied = Implied::of(&problem);
        let simpler = implied.problem(&problem);
        // `lower | upper >= 4` is implied by 3 + 2; `digits <= 15` by 20 - 3 - 2; `"ab" >= 1`
        // stays, and so does `lower >= 3` (`"ab"` is inside `lower`, but its minimum is less).
        assert_eq!(simpler.bounds, &[(3, 20), (2, 20), (1, 20), (1, 20)]);
        assert_eq!(&simpler.membership[..3], &[0b1001, 0b1001, 0b0001]);
        assert_eq!(simpler.max_consecutive, Some(2));
    }
}
