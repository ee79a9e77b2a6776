//! Counting under `max_consecutive` alone, with the characters of an atom sharing their terms.
//!
//! The position automaton's state after `p` characters is the counter code `c`, the atom `a`
//! of the last character and the length `r` of its run. The next character is another
//! character of some atom `b` (`size_b` ways, or `size_a - 1` when `b = a`), which starts a run,
//! or the same character again (one way, when `r < m`). Every state with code `c` thus sums the
//! same terms, less one of its own:
//!
//! ```text
//! hub[p][c]       = sum over atoms b of size_b * T[p + 1][(c + b, b, 1)]
//! T[p][(c, a, r)] = hub[p][c] - T[p + 1][(c + a, a, 1)] + [r < m] T[p + 1][(c + a, a, r + 1)]
//! ```
//!
//! where `c + b` is the code after a character of `b` (no term when it breaks a maximum). A
//! code costs one multiply-add per atom and a subtraction and an addition per state, where the
//! automaton ([`crate::table::positions`]) multiply-adds every move of every state: about half
//! the work, in two rows of memory. The subtraction makes the terms signed, so this counts only;
//! such a policy is walked through a relaxation ([`crate::plan`]).

use crate::nat::{mul_small_add, Nat};
use crate::problem::{atoms, Problem};
use crate::table::positions::Counters;
use crate::table::{count_width, row_limbs, row_widths};

/// Whether this method applies: `max_consecutive` binds and `max_sequential` does not.
pub(crate) fn applies(problem: &Problem<'_>) -> bool {
    problem.run_limit().is_some() && problem.sequence_limit().is_none()
}

/// The estimated cost of [`count`]: `(work, limbs)`, the work in limb operations and the memory
/// in limbs.
///
/// # Panics
/// When [`applies`] does not hold.
pub(crate) fn cost(problem: &Problem<'_>) -> (f64, f64) {
    let limit = problem.run_limit().expect("max_consecutive binds") as f64;
    let codes = Counters::values(problem.bounds, problem.len);
    let atoms = atoms(problem.membership).len() as f64;
    let alphabet = problem.membership.len();
    let work = codes * atoms * (1.0 + 2.0 * limit) * row_limbs(alphabet, problem.len);
    let width = count_width(alphabet, problem.len);
    let memory = codes * ((2.0 * atoms * limit + 1.0) * width + atoms);
    (work, memory)
}

/// The number of passwords `problem` allows, when [`applies`] holds.
///
/// # Panics
/// When it does not.
pub(crate) fn count(problem: &Problem<'_>) -> Nat {
    let limit = problem.run_limit().expect("max_consecutive binds");
    let len = problem.len;
    let atoms = atoms(problem.membership);
    let counters = Counters::new(problem.bounds, len);
    let codes = counters.codes();
    let k = atoms.len();
    // The code after a character of each atom, `codes` when it breaks a maximum.
    let mut after: Vec<usize> = Vec::with_capacity(codes * atoms.len());
    for code in 0..codes {
        for atom in &atoms {
            after.push(counters.step(code, atom.mask).unwrap_or(codes));
        }
    }
    // Row `p` (in `1..=len`) has entries of `widths[p - 1]` limbs; state `(c, a, r)` is entry
    // `(c * k + a) * limit + r - 1`.
    let widths = row_widths(problem.membership.len(), len);
    let top = row_widths(problem.membership.len(), len + 1)[0];
    let tails = k * limit;
    let mut next = vec![0u64; codes * tails * top];
    let mut row = vec![0u64; codes * tails * top];
    let mut hub = vec![0u64; codes * top];
    for code in 0..codes {
        if counters.accepts(code, problem.bounds) {
            for tail in 0..tails {
                next[code * tails + tail] = 1;
            }
        }
    }
    for p in (0..len).rev() {
        // `next` holds row p + 1; fill the hubs of row p, then (for p >= 1) row p itself.
        let width = if p == 0 { top } else { widths[p - 1] };
        let next_width = widths[p];
        let entry = |code: usize, atom: usize, run: usize| {
            let at = ((code * k + atom) * limit + run - 1) * next_width;
            at..at + next_width
        };
        hub[..codes * width].fill(0);
        for code in 0..codes {
            let sum = &mut hub[code * width..(code + 1) * width];
            for (a, atom) in atoms.iter().enumerate() {
                let to = after[code * k + a];
                if to < codes {
                    mul_small_add(sum, &next[entry(to, a, 1)], atom.size as u64);
                }
            }
        }
        if p == 0 {
            break;
        }
        let mut carries = vec![false; limit];
        for code in 0..codes {
            let sum = &hub[code * width..(code + 1) * width];
            for a in 0..k {
                let to = after[code * k + a];
                let at = (code * k + a) * limit * width;
                let states = &mut row[at..at + limit * width];
                if to < codes {
                    let runs = &next[entry(to, a, 1).start..][..limit * next_width];
                    fill_runs(states, sum, runs, &mut carries);
                } else {
                    // No character of `a` may follow: every run has the hub's terms alone.
                    for value in states.chunks_exact_mut(width) {
                        value.copy_from_slice(sum);
                    }
                }
            }
        }
        std::mem::swap(&mut row, &mut next);
    }
    Nat::from_limbs(hub[..top].to_vec())
}

/// The states `(c, a, 1..=m)` of one row, one after the other in `states`, from the hub of `c`
/// and the states `(c + a, a, 1..=m)` of the next row, one after the other in `runs` (their
/// entries may be narrower): `hub - runs[1] + runs[r + 1]`, and `hub - runs[1]` for `r = m`,
/// in one pass over the limbs. `carries` has room for `m` carries.
fn fill_runs(states: &mut [u64], hub: &[u64], runs: &[u64], carries: &mut [bool]) {
    let width = hub.len();
    let limit = carries.len();
    let next_width = runs.len() / limit;
    carries.fill(false);
    let mut borrow = false;
    for i in 0..width {
        let limb = |r: usize| {
            if i < next_width {
                runs[r * next_width + i]
            } else {
                0
            }
        };
        // The hub less the other characters of the last one's atom.
        let (rest, b1) = hub[i].overflowing_sub(limb(0));
        let (rest, b2) = rest.overflowing_sub(u64::from(borrow));
        borrow = b1 || b2;
        for r in 0..limit - 1 {
            // Plus the same character again, which makes a run of r + 2.
            let (sum, c1) = rest.overflowing_add(limb(r + 1));
            let (sum, c2) = sum.overflowing_add(u64::from(carries[r]));
            carries[r] = c1 || c2;
            states[r * width + i] = sum;
        }
        states[(limit - 1) * width + i] = rest;
    }
    debug_assert!(
        !borrow && carries.iter().all(|&c| !c),
        "a count is never negative"
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::testing::{allowed_strings, random_problem, Lcg};

    #[test]
    fn counts_what_brute_force_counts() {
        let mut rng = Lcg(29);
        let (mut cases, mut nonzero) = (0, 0);
        for _ in 0..600 {
            let mut owned = random_problem(&mut rng);
            owned.max_sequential = None;
            owned.max_consecutive = Some(1 + rng.below(3));
            let problem = owned.problem();
            if !applies(&problem) {
                continue;
            }
            let expected = allowed_strings(&problem).len() as u128;
            assert_eq!(count(&problem).to_u128(), Some(expected), "{problem:?}");
            cases += 1;
            nonzero += usize::from(expected > 0);
        }
        assert!(cases > 200 && nonzero > 100, "{cases} {nonzero}");
    }

    /// Long policies, against the position automaton (which shares no step with this sum).
    #[test]
    fn counts_what_the_automaton_counts_on_long_policies() {
        let mut membership = vec![0b001; 26];
        membership.extend([0b010; 26]);
        membership.extend([0b100; 10]);
        membership.extend([0b101; 3]);
        for (len, bounds, limit) in [
            (40, vec![(3, 40), (2, 40), (1, 5)], 1),
            (97, vec![(8, 97), (3, 60), (4, 97)], 2),
            (256, vec![(1, 256), (1, 256), (2, 256)], 3),
        ] {
            let problem = Problem {
                len,
                membership: &membership,
                bounds: &bounds,
                max_consecutive: Some(limit),
                max_sequential: None,
            };
            assert_eq!(count(&problem), crate::count::by_positions(&problem));
        }
    }
}
