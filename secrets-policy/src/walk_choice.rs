//! What a checked policy's sampler is built from: the walk its plan chose, with what only
//! counting finds (the count that a rejection loop or a relaxation's walk needs).
//!
//! The checks record it (`plan::count`), the `password_policy!` bytes carry it (`encoded.rs`),
//! and a policy builds its sampler from it on first use. So a build of this crate that only
//! decodes and walks policies (without its `checks` feature, as an application's copy without
//! the text front ends) compiles no planning and no counting: those run in the macro.

use crate::implied::Implied;
use crate::nat::Nat;
use crate::problem::Problem;
use crate::unrank::Sampler;

/// The table a walk reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Table {
    /// The position automaton, without a sequence limit.
    Positions,
    /// The position automaton with hubs, under a sequence limit.
    Sequences,
    /// The multinomial table over atoms (disjoint targets, free runs).
    Multinomial,
}

impl Table {
    /// The table's walk for `problem`.
    ///
    /// # Errors
    /// The count, when the policy allows fewer than two passwords (the checks refuse such a
    /// policy).
    pub(crate) fn build(self, problem: &Problem<'_>) -> Result<Sampler, Nat> {
        match self {
            Table::Positions => Sampler::positions(problem),
            Table::Sequences => Sampler::sequences(problem),
            Table::Multinomial => Sampler::multinomial(problem),
        }
    }
}

/// Which of a policy's rules a relaxation leaves out: run limits that bind, and bounds of count
/// rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Relaxation {
    /// `max_sequential` is left out.
    pub(crate) sequences: bool,
    /// `max_consecutive` is left out.
    pub(crate) repeats: bool,
    /// The constraints whose minimum is left out (bit `j` for constraint `j`).
    pub(crate) minimums: u32,
    /// The constraints whose maximum is left out.
    pub(crate) maximums: u32,
}

impl Relaxation {
    /// The bounds of `problem` without the ones this relaxation leaves out.
    pub(crate) fn bounds(self, problem: &Problem<'_>) -> Vec<(usize, usize)> {
        let mut bounds = Vec::with_capacity(problem.bounds.len());
        for (j, &(min, max)) in problem.bounds.iter().enumerate() {
            let min = if self.minimums >> j & 1 == 1 { 0 } else { min };
            let max = if self.maximums >> j & 1 == 1 {
                problem.len
            } else {
                max
            };
            bounds.push((min, max));
        }
        bounds
    }

    /// `problem` without the rules this relaxation leaves out, with `bounds` from
    /// [`Relaxation::bounds`].
    pub(crate) fn of<'b>(self, problem: &Problem<'b>, bounds: &'b [(usize, usize)]) -> Problem<'b> {
        Problem {
            max_consecutive: problem.max_consecutive.filter(|_| !self.repeats),
            max_sequential: problem.max_sequential.filter(|_| !self.sequences),
            bounds,
            ..problem.clone()
        }
    }
}

/// The walk a policy's plan chose.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum WalkChoice {
    /// The walk of the policy's own table.
    Table(Table),
    /// No table fits: Python's draw-and-reject loop over the policy's passwords, this many.
    Rejection(Nat),
    /// The policy's own tables do not fit: the walk of a relaxation's table, keeping the draws
    /// that satisfy the policy, which allows `passwords` passwords.
    Relaxed {
        relaxation: Relaxation,
        table: Table,
        passwords: Nat,
    },
}

impl WalkChoice {
    /// The sampler of `problem` (a checked policy's, as written: the bounds the others imply
    /// are left out here, as the plan left them out).
    ///
    /// # Panics
    /// If `problem` allows fewer than two passwords (the checks refuse such a policy).
    pub(crate) fn sampler(&self, problem: &Problem<'_>) -> Sampler {
        let implied = Implied::of(problem);
        let problem = &implied.problem(problem);
        let built = match self {
            WalkChoice::Table(table) => table.build(problem),
            WalkChoice::Rejection(count) => Ok(Sampler::rejection(count.clone(), problem.len)),
            WalkChoice::Relaxed {
                relaxation,
                table,
                passwords,
            } => {
                let bounds = relaxation.bounds(problem);
                table
                    .build(&relaxation.of(problem, &bounds))
                    .map(|sampler| sampler.relaxation_of(problem, passwords.clone()))
            }
        };
        built.unwrap_or_else(|count| panic!("a checked policy allows {count:?} passwords"))
    }
}
