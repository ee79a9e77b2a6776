//! Exact counting: how many passwords a policy allows, hence its entropy.
//!
//! A password is a string of `len` characters from the alphabet whose count of characters in
//! each constraint's set lies within the constraint's bounds, with (under `max_consecutive = m`)
//! no run of one repeated character longer than `m` and (under `max_sequential = s`) no run of a
//! sequence longer than `s`. Characters that count toward exactly the same constraints are
//! interchangeable, so the alphabet is first split into *atoms*: the groups of characters with
//! the same membership mask. The exact methods follow, on the crate's own big naturals
//! ([`crate::nat`]; a count is below `256^256 + 1`):
//!
//! - [`disjoint`]: when no character counts toward two constraints and runs are not limited,
//!   the count is the multinomial sum over the number of characters each constraint's atom
//!   takes, each bound written either directly or by inclusion–exclusion, whichever has fewer
//!   terms (so `digits >= 3` costs four terms, not `len - 2`), with partial sums merged by
//!   the positions and pool they leave.
//! - [`crate::table::positions`]: otherwise, an automaton over positions whose state holds a counter per
//!   constraint (capped: a counter whose maximum is below `len` never needs to exceed it, states
//!   beyond it are dropped; otherwise it saturates at the minimum) and, with a run limit, the
//!   atom of the last character and the current run length; its table of completion counts is
//!   also what unranking walks ([`crate::unrank`]).
//! - [`crate::table::sequences`]: the same with a sequence limit, where each character of a sequence range is
//!   a letter of its own, and letters that behave alike share their terms.
//! - [`runs`]: under `max_consecutive` alone, the position automaton's sums with the terms of an
//!   atom's characters shared by every state of a counter code (signed: counting only).
//! - [`clusters`]: under run limits, the Goulden–Jackson cluster sum over pieces, with no state
//!   per character (signed: counting only).
//! - [`complements`]: the same pieces, with each constraint split into two caps: only the atoms
//!   under a cap keep counters, the others' strings counted by one series (signed: counting only).
//!   Its pieces and series are summed in fixed-width limbs ([`series`]); a sequence range split
//!   between constraints (a quoted set inside a class) has pieces by count vector ([`mixed`]).
//!
//! Counting alone ([`by_positions`]) fills the automaton in two rows of memory; only a walk
//! keeps every row. A policy counted by a signed method, or whose walk's tables would not fit,
//! is walked through a relaxation ([`crate::plan`]).
//!
//! What bounds the work of the position methods is the product of the counters' ranges (and the
//! run limits), not `len` alone: `len = 256` with a few small minimums costs a few thousand
//! steps, while many large, overlapping bounds could cost billions. The multinomial sum grows
//! with `len × alphabet × terms` per constraint at worst. Each method's cost is estimated before
//! it runs, in limb operations, and [`crate::plan`] picks the method (and the walk) within its
//! limits, or refuses a policy as too intricate to count rather than leave it to run for
//! minutes at compile time.

pub(crate) mod clusters;
pub(crate) mod complements;
mod disjoint;
pub(crate) mod division;
pub(crate) mod layers;
pub(crate) mod mixed;
pub(crate) mod runs;
pub(crate) mod series;

use crate::nat::Nat;
use crate::problem::{atoms, Problem};
use crate::table::{positions, sequences};

/// The number of passwords `problem` allows, by the multinomial sum: only for disjoint targets
/// and free runs ([`Problem::is_disjoint`]).
pub(crate) fn disjoint(problem: &Problem<'_>) -> Nat {
    disjoint::count(&atoms(problem.membership), problem.bounds, problem.len)
}

/// The work of [`disjoint()`], in limb operations, or more than `limit` if it exceeds it (the
/// estimate stops there).
pub(crate) fn disjoint_cost(problem: &Problem<'_>, limit: f64) -> f64 {
    disjoint::cost(
        &atoms(problem.membership),
        problem.bounds,
        problem.len,
        limit,
    )
}

/// The number of passwords `problem` allows, by the position automaton (with hubs under a
/// sequence limit), filled in two rows of memory: a count needs no more.
pub(crate) fn by_positions(problem: &Problem<'_>) -> Nat {
    if problem.sequence_limit().is_some() {
        sequences::Table::count(problem)
    } else {
        positions::Table::count(problem)
    }
}

/// The cost of [`by_positions`]: `(work, limbs)`, the work in limb operations and the memory
/// in limbs (the states and their moves, and two rows).
pub(crate) fn by_positions_cost(problem: &Problem<'_>) -> (f64, f64) {
    if problem.sequence_limit().is_some() {
        sequences::count_cost(problem)
    } else {
        positions::count_cost(problem)
    }
}

/// What a policy's count gives.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Stats {
    /// `log2` of the count (negative infinity when it is 0).
    pub(crate) entropy_bits: f64,
    /// count / alphabet^len.
    pub(crate) acceptance: f64,
    /// The count, when it fits.
    pub(crate) count: Option<u128>,
}

/// The figures of a policy allowing `count` passwords of `len` characters over `alphabet_len`.
pub(crate) fn stats(count: &Nat, alphabet_len: usize, len: usize) -> Stats {
    let all = Nat::pow(alphabet_len as u64, u32::try_from(len).unwrap_or(u32::MAX));
    Stats {
        entropy_bits: count.log2(),
        acceptance: count.ratio(&all),
        count: count.to_u128(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::problem::testing::{allowed_strings, random_problem, Lcg};
    use crate::problem::{atoms, Problem};

    /// Counts by trying every string: the reference the two methods are tested against.
    fn brute_force(problem: &Problem<'_>) -> u128 {
        allowed_strings(problem).len() as u128
    }

    fn both_methods(problem: &Problem<'_>) -> (u128, Option<u128>) {
        let atoms = atoms(problem.membership);
        let by_positions = by_positions(problem);
        let by_groups = problem
            .is_disjoint()
            .then(|| disjoint::count(&atoms, problem.bounds, problem.len));
        (
            by_positions.to_u128().unwrap(),
            by_groups.map(|n| n.to_u128().unwrap()),
        )
    }

    #[test]
    fn both_methods_match_brute_force_on_small_policies() {
        let mut rng = Lcg(7);
        let mut disjoint_cases = 0;
        let mut nonzero = 0;
        for _ in 0..400 {
            let owned = random_problem(&mut rng);
            let problem = owned.problem();
            let expected = brute_force(&problem);
            let (by_positions, by_groups) = both_methods(&problem);
            assert_eq!(by_positions, expected, "positions, {problem:?}");
            if let Some(by_groups) = by_groups {
                assert_eq!(by_groups, expected, "disjoint, {problem:?}");
                disjoint_cases += 1;
            }
            nonzero += usize::from(expected > 0);
            assert_eq!(
                crate::plan::count(&problem)
                    .unwrap()
                    .count
                    .to_u128()
                    .unwrap(),
                expected
            );
        }
        // The generator must reach both methods and both outcomes, or the test proves little.
        assert!(disjoint_cases > 100, "{disjoint_cases}");
        assert!(nonzero > 100 && nonzero < 390, "{nonzero}");
    }

    #[test]
    fn run_limits_match_brute_force() {
        // Two characters in one atom, a third alone: same-character runs versus same-atom runs.
        let membership = [1, 1, 0];
        for len in 1..=6 {
            for limit in 1..=3 {
                for min in 0..=2 {
                    let bounds = [(min, len)];
                    let problem = Problem {
                        len,
                        membership: &membership,
                        bounds: &bounds,
                        max_consecutive: Some(limit),
                        max_sequential: None,
                    };
                    assert_eq!(
                        both_methods(&problem).0,
                        brute_force(&problem),
                        "{problem:?}"
                    );
                }
            }
        }
    }

    /// `len = 10, lower >= 1, upper >= 1, digits >= 3` over letters and digits.
    fn card() -> (Vec<u32>, Vec<(usize, usize)>) {
        let mut membership = vec![0b001; 26];
        membership.extend([0b010; 26]);
        membership.extend([0b100; 10]);
        (membership, vec![(1, 10), (1, 10), (3, 10)])
    }

    #[test]
    fn the_cards_policy() {
        let (membership, bounds) = card();
        let problem = Problem {
            len: 10,
            membership: &membership,
            bounds: &bounds,
            max_consecutive: None,
            max_sequential: None,
        };
        let (by_positions, by_groups) = both_methods(&problem);
        assert_eq!(by_positions, 172_120_264_792_320_000);
        assert_eq!(by_groups, Some(172_120_264_792_320_000));
        let stats = stats(&crate::plan::count(&problem).unwrap().count, 62, 10);
        assert_eq!(format!("{:.4}", stats.entropy_bits), "57.2562");
        assert_eq!(format!("{:.4}", stats.acceptance), "0.2051");
        assert_eq!(stats.count, Some(172_120_264_792_320_000));
    }

    #[test]
    fn long_policies_stay_within_the_work_limit() {
        let (membership, _) = card();
        let bounds = [(1, 256), (1, 256), (3, 256)];
        for max_consecutive in [None, Some(2)] {
            let problem = Problem {
                len: 256,
                membership: &membership,
                bounds: &bounds,
                max_consecutive,
                max_sequential: None,
            };
            let n = crate::plan::count(&problem).unwrap().count;
            // Nearly every string of 256 characters has a lower, an upper and three digits.
            let stats = stats(&n, 62, 256);
            assert!(stats.entropy_bits <= 256.0 * 62f64.log2());
            assert!(
                stats.entropy_bits
                    > 256.0 * 62f64.log2()
                        - if max_consecutive.is_some() {
                            5.0
                        } else {
                            0.001
                        }
            );
        }
        // Eight digits in each of four disjoint classes of 64 characters: the multinomial sum.
        let mut membership = vec![0b0001; 26];
        membership.extend([0b0010; 26]);
        membership.extend([0b0100; 10]);
        membership.extend([0b1000; 32]);
        let bounds = [(8, 64); 4];
        let problem = Problem {
            len: 64,
            membership: &membership,
            bounds: &bounds,
            max_consecutive: None,
            max_sequential: None,
        };
        assert!(crate::plan::count(&problem).is_ok());
    }

    #[test]
    fn intricate_policies_are_refused() {
        // Twelve overlapping constraints with large minimums: the state space is 31^12.
        let membership: Vec<u32> = (0..64)
            .map(|i| (i as u32).wrapping_mul(2_654_435_761) & 0xfff)
            .collect();
        let bounds = [(30, 256); 12];
        let problem = Problem {
            len: 256,
            membership: &membership,
            bounds: &bounds,
            max_consecutive: None,
            max_sequential: None,
        };
        let Err(too) = crate::plan::count(&problem) else {
            panic!("counted");
        };
        assert!(too.work > crate::plan::WORK_LIMIT);
    }
}
