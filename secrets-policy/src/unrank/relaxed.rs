//! Sampling through a relaxation: the walk of a policy `R` that drops some of the policy's
//! rules (its run limits, `max_sequential` and `max_consecutive`, and the bounds of count rules
//! nearly every string meets, such as `lower >= 8` at `len = 200`), whose tables are cheap,
//! keeping only the draws that satisfy the policy.
//!
//! The policy's passwords `P` are a subset of `R`'s, so a uniform draw from `R` kept when it
//! lies in `P` is a uniform draw from `P`: rejection sampling, exact. Both counts are exact, so
//! the acceptance `|P| / |R|` is known when the plan is made ([`crate::plan`]), which walks a
//! relaxation only when it is at least 1/2: two draws on average, and `k` rejections in a row
//! with probability at most `2^-k`. A rejected draw is discarded whole (never repaired, which
//! would bias the result), and its buffers are overwritten by the next draw and wiped when the
//! caller's are.

#[cfg(any(feature = "walk", not(feature = "checks")))]
use zeroize::Zeroize;

use crate::nat::Nat;
use crate::problem::Problem;
use crate::sequence;

/// The rules of a policy that its relaxation's walk may not enforce, and the policy's own count.
#[cfg_attr(
    all(feature = "checks", not(feature = "walk")),
    expect(
        dead_code,
        reason = "read by the walk, which the macro's copy leaves out"
    )
)]
pub(crate) struct Dropped {
    /// The number of passwords the policy allows (the relaxation allows more).
    pub(crate) passwords: Nat,
    /// For each alphabet character, the constraints it counts toward, and each constraint's
    /// bounds.
    membership: Vec<u32>,
    bounds: Vec<(usize, usize)>,
    max_consecutive: Option<usize>,
    max_sequential: Option<usize>,
    /// Where each alphabet character stands in the ranges of sequences.
    places: Vec<Option<(u8, u8)>>,
}

impl Dropped {
    /// The rules of `problem`, which allows `passwords` passwords. (The rules the relaxation
    /// keeps are checked again: a password of the relaxation satisfies them, so checking them
    /// costs a few operations a character and keeps this independent of which it dropped.)
    pub(crate) fn of(problem: &Problem<'_>, passwords: Nat) -> Dropped {
        let sequences = problem.sequence_limit();
        Dropped {
            passwords,
            membership: problem.membership.to_vec(),
            bounds: problem.bounds.to_vec(),
            max_consecutive: problem.run_limit(),
            max_sequential: sequences.map(|sequences| sequences.limit),
            places: match sequences {
                Some(sequences) => {
                    let mut places = Vec::with_capacity(sequences.chars.len());
                    for &c in sequences.chars {
                        places.push(sequence::place(c));
                    }
                    places
                }
                None => Vec::new(),
            },
        }
    }

    /// Whether the password `out` (alphabet indices) satisfies the policy's rules. Every
    /// character and every constraint is visited: the time does not depend on where a rule
    /// breaks.
    #[cfg(any(feature = "walk", not(feature = "checks")))]
    pub(crate) fn hold(&self, out: &[u8]) -> bool {
        let mut counts = [0usize; crate::MAX_CONSTRAINTS];
        for &c in out {
            let mask = self.membership[usize::from(c)];
            for (j, count) in counts.iter_mut().enumerate().take(self.bounds.len()) {
                *count += (mask >> j & 1) as usize;
            }
        }
        // Every bound is compared, without stopping at the first broken one.
        let mut hold = true;
        for (&(min, max), &count) in self.bounds.iter().zip(&counts) {
            hold &= min <= count;
            hold &= count <= max;
        }
        counts.zeroize();
        let mut run = 0usize;
        let mut sequence_run = (0i8, 1usize);
        let mut previous: Option<u8> = None;
        for &c in out {
            run = if previous == Some(c) { run + 1 } else { 1 };
            hold &= self.max_consecutive.is_none_or(|limit| run <= limit);
            if let Some(limit) = self.max_sequential {
                let step = previous.map_or(0, |p| {
                    sequence::step(self.places[usize::from(p)], self.places[usize::from(c)])
                });
                sequence_run = sequence::extend(sequence_run, step);
                hold &= sequence_run.1 <= limit;
            }
            previous = Some(c);
        }
        hold
    }
}
