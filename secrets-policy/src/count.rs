//! Exact counting: how many passwords a policy allows, hence its entropy.
//!
//! A password is a string of `len` characters from the alphabet whose count of characters in
//! each constraint's set lies within the constraint's bounds, with (under `max_consecutive = m`)
//! no run of one repeated character longer than `m` and (under `max_sequential = s`) no run of a
//! sequence longer than `s`. Characters that count toward exactly the same constraints are
//! interchangeable, so the alphabet is first split into *atoms*: the groups of characters with
//! the same membership mask. Three exact methods follow, on the crate's own big naturals
//! ([`crate::nat`]; a count is below `256^256 + 1`):
//!
//! - [`disjoint`]: when no character counts toward two constraints and runs are not limited,
//!   the count is the multinomial sum over the number of characters each constraint's atom
//!   takes, each bound written either directly or by inclusion–exclusion, whichever has fewer
//!   terms (so `digits >= 3` costs four terms, not `len - 2`), with partial sums merged by
//!   the positions and pool they leave.
//! - [`positions`]: otherwise, an automaton over positions whose state holds a counter per
//!   constraint (capped: a counter whose maximum is below `len` never needs to exceed it, states
//!   beyond it are dropped; otherwise it saturates at the minimum) and, with a run limit, the
//!   atom of the last character and the current run length; its table of completion counts is
//!   also what unranking walks ([`crate::unrank`]).
//! - [`sequences`]: the same with a sequence limit, where each character of a sequence range is
//!   a letter of its own, and letters that behave alike share their terms.
//!
//! What bounds the work of the position methods is the product of the counters' ranges (and the
//! run limits), not `len` alone: `len = 256` with a few small minimums costs a few thousand
//! steps, while many large, overlapping bounds could cost billions. The multinomial sum grows
//! with `len × alphabet × terms` per constraint at worst. Each method's cost is estimated before
//! it runs, in limb operations, and a policy that neither counting nor the unranking tables can
//! handle within [`WORK_LIMIT`] and [`MEMORY_LIMIT`] is refused as too intricate to count rather
//! than left to run for minutes at compile time (unless it is drawn by rejection, see
//! [`count`]).

mod disjoint;
pub(crate) mod positions;
pub(crate) mod sequences;

use std::collections::HashMap;

use crate::nat::Nat;
use crate::unrank;

/// The most work counting, or building the tables that unrank, may take, in limb operations (a
/// multiply-add of two 64-bit words into a big number): chosen so that the slowest policy
/// accepted counts in a fraction of a second in a release build and within a few seconds in an
/// unoptimized one (a `password_policy!` counts while the application compiles). BENCHMARKS.md
/// has the measured times.
pub(crate) const WORK_LIMIT: f64 = 30_000_000.0;

/// The most memory, in 64-bit limbs (32 MiB), the tables that unrank one policy may take.
pub(crate) const MEMORY_LIMIT: f64 = 4.0 * 1024.0 * 1024.0;

/// What the counter needs to know about a checked policy.
#[derive(Clone, Debug)]
pub(crate) struct Problem<'a> {
    /// The password length (at least 1).
    pub(crate) len: usize,
    /// For each alphabet character, the constraints it counts toward (bit `j` for constraint `j`).
    pub(crate) membership: &'a [u32],
    /// Each constraint's `(min, max)`, with `min <= max <= len`.
    pub(crate) bounds: &'a [(usize, usize)],
    /// The longest allowed run of one repeated character, if limited.
    pub(crate) max_consecutive: Option<usize>,
    /// The longest allowed run of a sequence (see [`crate::sequence`]), if limited, with the
    /// alphabet's characters, on which sequences depend.
    pub(crate) max_sequential: Option<Sequences<'a>>,
}

/// A limit on the runs of sequences, and the alphabet it applies to.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Sequences<'a> {
    pub(crate) limit: usize,
    pub(crate) chars: &'a [char],
}

impl Problem<'_> {
    /// The run limit, when it binds: a limit at or above the length never does.
    pub(crate) fn run_limit(&self) -> Option<usize> {
        self.max_consecutive.filter(|&limit| limit < self.len)
    }

    /// The sequence limit and the alphabet, when the limit binds.
    pub(crate) fn sequence_limit(&self) -> Option<Sequences<'_>> {
        self.max_sequential
            .filter(|sequences| sequences.limit < self.len)
    }

    /// Whether no character counts toward two constraints and runs are free: the multinomial
    /// methods apply.
    pub(crate) fn is_disjoint(&self) -> bool {
        self.run_limit().is_none()
            && self.sequence_limit().is_none()
            && self.membership.iter().all(|mask| mask.count_ones() <= 1)
    }
}

/// Counting the policy, or building the tables that unrank it, would take more than
/// [`WORK_LIMIT`] or [`MEMORY_LIMIT`]: the cheaper method's estimates.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct TooIntricate {
    /// In steps.
    pub(crate) work: f64,
    /// The tables' memory.
    pub(crate) memory_bytes: f64,
}

/// Characters with the same membership mask: interchangeable for counting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Atom {
    pub(crate) mask: u32,
    pub(crate) size: usize,
}

/// The atoms of an alphabet, in order of first appearance.
pub(crate) fn atoms(membership: &[u32]) -> Vec<Atom> {
    atoms_with_chars(membership)
        .into_iter()
        .map(|(atom, _)| atom)
        .collect()
}

/// The atoms of an alphabet, each with its characters (alphabet indices, in order).
pub(crate) fn atoms_with_chars(membership: &[u32]) -> Vec<(Atom, Vec<u8>)> {
    let mut atoms: Vec<(Atom, Vec<u8>)> = Vec::new();
    let mut index: HashMap<u32, usize> = HashMap::new();
    for (position, &mask) in membership.iter().enumerate() {
        let i = *index.entry(mask).or_insert_with(|| {
            atoms.push((Atom { mask, size: 0 }, Vec::new()));
            atoms.len() - 1
        });
        atoms[i].0.size += 1;
        // An alphabet has at most 256 characters.
        atoms[i].1.push(position as u8);
    }
    atoms
}

/// What counting a policy gives: the number of passwords and, when the table that counted them
/// is the one generation walks, the sampler built from it (so that parsing a policy does not
/// build it twice).
pub(crate) struct Counted {
    pub(crate) count: Nat,
    pub(crate) sampler: Option<unrank::Sampler>,
}

/// The number of passwords `problem` allows.
///
/// The policy must also be one that can be unranked within the limits (see [`unrank`]), since
/// every policy that passes the checks generates.
///
/// # Errors
/// When counting, or building the unranking tables, would take more than the limits.
pub(crate) fn count(problem: &Problem<'_>) -> Result<Counted, TooIntricate> {
    let method = match unrank::Method::choose(problem) {
        Ok(method) => method,
        // No table fits: a policy almost every random string satisfies is still drawn exactly,
        // by rejection, if it can be counted.
        Err(too) => {
            let count = count_by_groups(problem).ok_or(too)?;
            return if unrank::rejection_is_cheap(problem, &count) {
                Ok(Counted {
                    count,
                    sampler: None,
                })
            } else {
                Err(too)
            };
        }
    };
    if method == unrank::Method::Positions {
        // The position table counts and unranks: build it once.
        return Ok(match unrank::Sampler::with_method(problem, method) {
            Ok(sampler) => Counted {
                count: sampler.count().clone(),
                sampler: Some(sampler),
            },
            // No password, or one: the checks refuse the policy.
            Err(count) => Counted {
                count,
                sampler: None,
            },
        });
    }
    // The multinomial walk applies (the targets are disjoint and runs free), and its table is
    // built on first use; count by the cheaper of the two exact methods.
    let count = match count_by_groups(problem) {
        Some(count) => count,
        None => positions::count(problem),
    };
    Ok(Counted {
        count,
        sampler: None,
    })
}

/// The count by the multinomial sum, when it applies (disjoint targets, free runs) and is
/// cheaper than the position table and within [`WORK_LIMIT`].
pub(crate) fn count_by_groups(problem: &Problem<'_>) -> Option<Nat> {
    if !problem.is_disjoint() {
        return None;
    }
    let atoms = atoms(problem.membership);
    let (work, memory) = positions_cost(problem);
    let by_positions = if memory > MEMORY_LIMIT {
        f64::INFINITY
    } else {
        work
    };
    let by_groups = disjoint::cost(
        &atoms,
        problem.bounds,
        problem.len,
        by_positions.min(WORK_LIMIT),
    );
    (by_groups <= by_positions && by_groups <= WORK_LIMIT)
        .then(|| disjoint::count(&atoms, problem.bounds, problem.len))
}

/// The limbs of a count of strings of `len` characters over `alphabet`: at most
/// `alphabet^len`, whose bits are below `len * log2(alphabet) + 1`.
pub(crate) fn count_width(alphabet: usize, len: usize) -> f64 {
    (len as f64 * (alphabet as f64).log2() / 64.0).floor() + 1.0
}

/// The limbs of one entry in each row of a position table, summed: row `p` holds counts of
/// strings of `len - p` characters.
pub(crate) fn row_limbs(alphabet: usize, len: usize) -> f64 {
    (0..len).map(|rest| count_width(alphabet, rest)).sum()
}

/// The cost of the position method for `problem`: `(work, memory)`, in limb operations and
/// limbs.
pub(crate) fn positions_cost(problem: &Problem<'_>) -> (f64, f64) {
    if problem.sequence_limit().is_some() {
        sequences::cost(problem)
    } else {
        positions::cost(problem)
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

/// Brute force and random small problems, for the tests of counting and unranking.
#[cfg(test)]
pub(crate) mod testing {
    use super::Problem;

    /// Every string of `len` characters the problem allows, by trying them all.
    pub(crate) fn allowed_strings(problem: &Problem<'_>) -> Vec<Vec<u8>> {
        let size = problem.membership.len();
        let total = size.pow(problem.len as u32);
        let mut allowed = Vec::new();
        let mut digits = vec![0u8; problem.len];
        for mut code in 0..total {
            for digit in &mut digits {
                *digit = (code % size) as u8;
                code /= size;
            }
            let mut counts = vec![0usize; problem.bounds.len()];
            for &d in &digits {
                for (j, count) in counts.iter_mut().enumerate() {
                    if problem.membership[usize::from(d)] >> j & 1 == 1 {
                        *count += 1;
                    }
                }
            }
            let bounded = counts
                .iter()
                .zip(problem.bounds)
                .all(|(&count, &(min, max))| (min..=max).contains(&count));
            let longest_run = digits
                .chunk_by(|a, b| a == b)
                .map(<[u8]>::len)
                .max()
                .unwrap_or(0);
            let sequences_hold = problem.max_sequential.is_none_or(|sequences| {
                crate::sequence::longest_run(
                    digits.iter().map(|&d| sequences.chars[usize::from(d)]),
                ) <= sequences.limit
            });
            if bounded
                && sequences_hold
                && problem
                    .max_consecutive
                    .is_none_or(|limit| longest_run <= limit)
            {
                allowed.push(digits.clone());
            }
        }
        allowed
    }

    /// A small deterministic generator, so the cases are the same on every run.
    pub(crate) struct Lcg(pub(crate) u64);

    impl Lcg {
        pub(crate) fn below(&mut self, n: usize) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((self.0 >> 33) % n as u64) as usize
        }
    }

    /// The data of a [`Problem`].
    pub(crate) struct Owned {
        pub(crate) len: usize,
        pub(crate) membership: Vec<u32>,
        pub(crate) bounds: Vec<(usize, usize)>,
        pub(crate) max_consecutive: Option<usize>,
        pub(crate) max_sequential: Option<usize>,
        pub(crate) chars: Vec<char>,
    }

    impl Owned {
        pub(crate) fn problem(&self) -> Problem<'_> {
            Problem {
                len: self.len,
                membership: &self.membership,
                bounds: &self.bounds,
                max_consecutive: self.max_consecutive,
                max_sequential: self.max_sequential.map(|limit| super::Sequences {
                    limit,
                    chars: &self.chars,
                }),
            }
        }
    }

    /// A random small problem: each character counts toward a random subset of the
    /// constraints, or (half the time) toward at most one, so that the multinomial methods are
    /// exercised too.
    pub(crate) fn random_problem(rng: &mut Lcg) -> Owned {
        let len = 1 + rng.below(5);
        let size = 1 + rng.below(5);
        let constraints = rng.below(4);
        let bounds: Vec<(usize, usize)> = (0..constraints)
            .map(|_| {
                let min = rng.below(len + 1).min(rng.below(3));
                let max = (min + rng.below(len + 2)).min(len);
                (min, max)
            })
            .collect();
        let single = rng.below(2) == 0;
        let membership: Vec<u32> = (0..size)
            .map(|_| {
                if constraints == 0 {
                    0
                } else if single {
                    let j = rng.below(constraints + 1);
                    if j == constraints {
                        0
                    } else {
                        1 << j
                    }
                } else {
                    rng.below(1 << constraints) as u32
                }
            })
            .collect();
        let max_consecutive = (rng.below(3) == 0).then(|| 1 + rng.below(len));
        // Characters with sequences among them, some in the same class, some not.
        let pool = ['a', 'b', 'c', '1', '2', 'B', '!'];
        let start = rng.below(pool.len());
        let chars: Vec<char> = (0..size).map(|i| pool[(start + i) % pool.len()]).collect();
        let max_sequential = (rng.below(3) == 0).then(|| 1 + rng.below(len));
        Owned {
            len,
            membership,
            bounds,
            max_consecutive,
            max_sequential,
            chars,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::testing::{allowed_strings, random_problem, Lcg};

    /// Counts by trying every string: the reference the two methods are tested against.
    fn brute_force(problem: &Problem<'_>) -> u128 {
        allowed_strings(problem).len() as u128
    }

    fn both_methods(problem: &Problem<'_>) -> (u128, Option<u128>) {
        let atoms = atoms(problem.membership);
        let by_positions = positions::count(problem);
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
            assert_eq!(count(&problem).unwrap().count.to_u128().unwrap(), expected);
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
        let stats = stats(&count(&problem).unwrap().count, 62, 10);
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
            let n = count(&problem).unwrap().count;
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
        assert!(count(&problem).is_ok());
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
        let Err(too) = count(&problem) else {
            panic!("counted");
        };
        assert!(too.work > WORK_LIMIT);
    }
}
