//! The plan of a policy: how it is counted and how it is sampled, decided once, here, within
//! the limits on work and memory.
//!
//! Counting ([`crate::count`]) and walking ([`crate::unrank`]) each know their methods and what
//! they cost; neither chooses. [`choose`] compares the costs and returns a [`Plan`]: which count,
//! which walk, and the fallback when no walk's table fits (Python's draw-and-reject loop, for a
//! policy nearly every random string satisfies). The checks call [`count()`], which counts by the
//! plan (and keeps the walk's table when that table is what counted) and returns the walk it
//! chose ([`WalkChoice`]), which the checked policy keeps (and the macro's bytes carry) to build
//! its sampler from on first use, without planning again. The plan is only compiled with the
//! feature `checks`: a build that only walks (the runtime's copy without the text front ends)
//! has none.
//!
//! Both first leave out the bounds the other constraints imply ([`crate::implied`]), which change no
//! password but can make a policy far cheaper to count.
//!
//! A new method plugs in here: a variant of [`Count`] or [`Walk`], its cost in [`choose`], and
//! its builder in [`count()`] or [`Plan::build_walk`].

use crate::count;
use crate::implied::Implied;
use crate::nat::Nat;
use crate::problem::Problem;
use crate::table::{positions, sequences};
use crate::unrank::{self, Sampler};
use crate::walk_choice::{Relaxation, Table, WalkChoice};

/// The time a policy's plan may take to carry out in a release build (counting, and building
/// the tables its walk reads), in nanoseconds: the target for parsing a policy. Each
/// method's cost is estimated in limb operations (a multiply-add of two 64-bit words into a big
/// number) and turned into time by its own rate below.
const PARSE_NS: f64 = 100e6;

/// The time counting alone may take when the walk's table is built later (on first use): the
/// rest of [`PARSE_NS`] is left for building it. A policy walked through a relaxation may
/// count for whatever [`PARSE_NS`] leaves after the cheapest relaxation's walk.
const COUNT_NS: f64 = 90e6;

/// What one limb operation costs, in nanoseconds, in a release build, for each method: set at
/// or above what `measure_ns_per_operation` in this module's tests measures on long policies
/// (`len` 120 to 256, whose numbers are the widest: `cargo test --release -p secrets-policy
/// --lib measure_ns -- --ignored --nocapture`), with a third more for the machine's drift in
/// speed, so that the parse budget holds in a slow hour too. Shorter policies cost more per
/// operation (fewer limbs for the same bookkeeping) but far less in all. Filling a position table to walk it
/// costs more per operation than filling it to count, since the whole table is written (and
/// compacted) instead of two rows.
mod rate {
    pub(super) const POSITIONS_TABLE: f64 = 2.0;
    pub(super) const SEQUENCES_TABLE: f64 = 1.3;
    pub(super) const MULTINOMIAL_TABLE: f64 = 2.5;
    pub(super) const COUNT_BY_POSITIONS: f64 = 1.25;
    pub(super) const RUNS: f64 = 2.0;
    pub(super) const CLUSTERS: f64 = 1.5;
    pub(super) const COMPLEMENTS: f64 = 2.75;
    pub(super) const DISJOINT: f64 = 20.0;
}

/// The most work building the tables of the position walk may take, in limb operations: what
/// fits in [`PARSE_NS`] at its rate. (Other methods have limits of their own, from their rates;
/// this one is what the checks' message compares a cost with.)
pub(crate) const WORK_LIMIT: f64 = PARSE_NS / rate::POSITIONS_TABLE;

/// The most memory, in 64-bit limbs (32 MiB), the tables that unrank one policy may take.
pub(crate) const MEMORY_LIMIT: f64 = 4.0 * 1024.0 * 1024.0;

/// The most memory, in 64-bit limbs (32 MiB), counting alone may take (it is freed before a
/// walk's tables are built).
pub(crate) const COUNT_MEMORY_LIMIT: f64 = 4.0 * 1024.0 * 1024.0;

/// Below this many limbs (1 MiB), the position automaton is chosen whenever it applies: its walk
/// does a few word operations per character, with no allocation, while the multinomial walk
/// multiplies and divides big numbers.
const SMALL_TABLE: f64 = 128.0 * 1024.0;

/// Counting the policy, or building the tables that unrank it, would take more than the limits
/// (the time of [`PARSE_NS`] at each method's rate, [`MEMORY_LIMIT`]): the cheaper walk's
/// estimates.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct TooIntricate {
    /// In steps.
    pub(crate) work: f64,
    /// The tables' memory.
    pub(crate) memory_bytes: f64,
}

/// How a policy's passwords are counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Count {
    /// By the table the walk builds: the count is its start entry.
    WalkTable,
    /// By the multinomial sum over disjoint targets ([`count::disjoint`]).
    Disjoint,
    /// By the position table (with hubs, under a sequence limit), built for the count alone
    /// ([`count::by_positions`]).
    Positions,
    /// By the cluster sum over pieces ([`count::clusters`]): run limits without a state per
    /// character, counting only (its terms are signed).
    Clusters,
    /// By the cluster sum with each constraint split into caps ([`count::complements`]): only
    /// the atoms under a cap keep counters (signed: counting only).
    Complements,
    /// By counter code and the last atom's runs, with the atoms' terms shared
    /// ([`count::runs`]): `max_consecutive` alone, counting only (its terms are signed).
    Runs,
}

/// The probability that `Binomial(len, share)` lies in `min..=max`: how likely a uniform
/// string of the alphabet meets a count rule on a target holding `share` of it.
fn binomial_within(len: usize, share: f64, min: usize, max: usize) -> f64 {
    if share <= 0.0 {
        return f64::from(u8::from(min == 0));
    }
    if share >= 1.0 {
        return f64::from(u8::from(min <= len && len <= max));
    }
    let ratio = share / (1.0 - share);
    let mut term = (1.0 - share).powi(len as i32);
    let mut within = 0.0;
    for k in 0..=len {
        if (min..=max).contains(&k) {
            within += term;
        }
        term *= (len - k) as f64 / (k + 1) as f64 * ratio;
    }
    within.min(1.0)
}

impl Relaxation {
    /// Nothing left out.
    const NONE: Relaxation = Relaxation {
        sequences: false,
        repeats: false,
        minimums: 0,
        maximums: 0,
    };

    /// The relaxations worth trying for `problem`: those whose estimated share of passwords
    /// that are the policy's (as if its rules held independently of each other on a uniform
    /// string) is near 1/2 or above. [`relax`] orders them by the time of their walks, and the
    /// exact counts decide.
    pub(crate) fn candidates(problem: &Problem<'_>) -> Vec<Relaxation> {
        let (sequences, repeats) = (
            problem.sequence_limit().is_some(),
            problem.run_limit().is_some(),
        );
        let mut runs = vec![Relaxation::NONE];
        if sequences && repeats {
            runs.push(Relaxation {
                sequences: true,
                ..Relaxation::NONE
            });
        }
        if sequences || repeats {
            runs.push(Relaxation {
                sequences,
                repeats,
                ..Relaxation::NONE
            });
        }
        // Each bound that binds, with the share of uniform strings that meet it.
        let alphabet = problem.membership.len() as f64;
        let len = problem.len;
        let mut parts: Vec<(f64, bool, usize)> = Vec::new();
        for (j, &(min, max)) in problem.bounds.iter().enumerate() {
            let mut members = 0;
            for &m in problem.membership {
                members += usize::from(m >> j & 1 == 1);
            }
            let share = members as f64 / alphabet;
            if min > 0 {
                parts.push((binomial_within(len, share, min, len), true, j));
            }
            if max < len {
                parts.push((binomial_within(len, share, 0, max), false, j));
            }
        }
        let mut candidates: Vec<(Relaxation, f64)> = Vec::new();
        for threshold in [0.0, 0.99, 0.95, 0.8, 0.5] {
            let (mut minimums, mut maximums, mut kept) = (0u32, 0u32, 1.0);
            for &(meets, is_min, j) in &parts {
                if threshold > 0.0 && meets >= threshold {
                    kept *= meets;
                    if is_min {
                        minimums |= 1 << j;
                    } else {
                        maximums |= 1 << j;
                    }
                }
            }
            for run in &runs {
                let relaxation = Relaxation {
                    minimums,
                    maximums,
                    ..*run
                };
                let estimate = kept * run.kept_runs(problem);
                if relaxation != Relaxation::NONE
                    && !candidates.iter().any(|(known, _)| *known == relaxation)
                    && estimate >= 0.4
                {
                    candidates.push((relaxation, estimate));
                }
            }
        }
        let mut relaxations = Vec::with_capacity(candidates.len());
        for (relaxation, _) in candidates {
            relaxations.push(relaxation);
        }
        relaxations
    }

    /// A rough share of uniform strings that meet the run limits this relaxation leaves out:
    /// no run of one character past `max_consecutive`, no step of a sequence past
    /// `max_sequential`, position by position.
    fn kept_runs(self, problem: &Problem<'_>) -> f64 {
        let alphabet = problem.membership.len() as f64;
        let len = problem.len as f64;
        let mut kept = 1.0;
        if let (true, Some(limit)) = (self.repeats, problem.run_limit()) {
            kept *= (1.0 - alphabet.powi(-(limit as i32))).powf(len);
        }
        if let (true, Some(sequences)) = (self.sequences, problem.sequence_limit()) {
            kept *= (1.0 - (2.0 / alphabet).powi(sequences.limit as i32)).powf(len);
        }
        kept
    }
}

/// How a policy's passwords are sampled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Walk {
    /// The position automaton, without a sequence limit.
    Positions,
    /// The position automaton with hubs, under a sequence limit.
    Sequences,
    /// The multinomial walk over atoms (disjoint targets, free runs).
    Multinomial,
    /// No table fits: Python's draw-and-reject loop, for a policy a random string of the
    /// alphabet satisfies with probability at least 1/2 (see [`rejection_is_cheap`]).
    Rejection,
    /// The policy's own tables do not fit: the walk of a relaxation (the policy without some of
    /// its run limits), keeping the draws that satisfy the policy, which are at least half of
    /// them (see [`crate::unrank`]'s `relaxed`), with the table it walks.
    Relaxed(Relaxation, Table),
}

impl Walk {
    /// The table this walk reads, if it reads the policy's own.
    fn table(self) -> Option<Table> {
        match self {
            Walk::Positions => Some(Table::Positions),
            Walk::Sequences => Some(Table::Sequences),
            Walk::Multinomial => Some(Table::Multinomial),
            Walk::Rejection | Walk::Relaxed(..) => None,
        }
    }
}

/// How one policy is counted and sampled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Plan {
    pub(crate) count: Count,
    pub(crate) walk: Walk,
}

/// What counting a policy gives: the number of passwords and, when the table that counted them
/// is the one generation walks, the sampler built from it (so that parsing a policy does not
/// build it twice), and what the sampler is built from otherwise.
pub(crate) struct Counted {
    pub(crate) count: Nat,
    pub(crate) sampler: Option<Sampler>,
    pub(crate) choice: WalkChoice,
}

/// The cost of the position walk's table for `problem`: `(work, memory)`, in limb operations
/// and limbs (the table, and the states and moves it is built from).
pub(crate) fn positions_cost(problem: &Problem<'_>) -> (f64, f64) {
    let (work, table) = if problem.sequence_limit().is_some() {
        sequences::cost(problem)
    } else {
        positions::cost(problem)
    };
    (work, table + count::by_positions_cost(problem).1)
}

/// The walk for `problem`: the automaton when its table is small, else the cheaper to build of
/// those within the limits.
///
/// # Errors
/// When no walk's table fits within [`PARSE_NS`] and [`MEMORY_LIMIT`]: the cheaper one's cost.
fn choose_walk(problem: &Problem<'_>) -> Result<Walk, TooIntricate> {
    let positions = positions_cost(problem);
    let automaton = if problem.sequence_limit().is_some() {
        Walk::Sequences
    } else {
        Walk::Positions
    };
    let fits = |(work, memory): (f64, f64)| {
        work * walk_rate(automaton) <= PARSE_NS && memory <= MEMORY_LIMIT
    };
    let multinomial_fits = |(work, memory): (f64, f64)| {
        work * rate::MULTINOMIAL_TABLE <= PARSE_NS && memory <= MEMORY_LIMIT
    };
    if positions.1 <= SMALL_TABLE && fits(positions) {
        return Ok(automaton);
    }
    let multinomial = if problem.is_disjoint() {
        unrank::multinomial_cost(problem)
    } else {
        (f64::INFINITY, f64::INFINITY)
    };
    match (fits(positions), multinomial_fits(multinomial)) {
        (true, true)
            if multinomial.0 * rate::MULTINOMIAL_TABLE < positions.0 * walk_rate(automaton) =>
        {
            Ok(Walk::Multinomial)
        }
        (true, _) => Ok(automaton),
        (false, true) => Ok(Walk::Multinomial),
        (false, false) => {
            let (work, memory) =
                if multinomial.0 * rate::MULTINOMIAL_TABLE < positions.0 * walk_rate(automaton) {
                    multinomial
                } else {
                    positions
                };
            Err(TooIntricate {
                work,
                memory_bytes: 8.0 * memory,
            })
        }
    }
}

/// Whether the multinomial sum counts `problem`: it applies (disjoint targets, free runs), is
/// no slower than counting by the position automaton and is within [`COUNT_NS`].
fn disjoint_counts(problem: &Problem<'_>) -> bool {
    if !problem.is_disjoint() {
        return false;
    }
    let (work, memory) = count::by_positions_cost(problem);
    let by_positions = if memory > COUNT_MEMORY_LIMIT {
        f64::INFINITY
    } else {
        work * rate::COUNT_BY_POSITIONS
    };
    let limit = by_positions.min(COUNT_NS) / rate::DISJOINT;
    let by_sum = count::disjoint_cost(problem, limit) * rate::DISJOINT;
    by_sum <= by_positions && by_sum <= COUNT_NS
}

/// The rate of building `walk`'s tables, in nanoseconds a limb operation.
fn walk_rate(walk: Walk) -> f64 {
    match walk {
        Walk::Sequences => rate::SEQUENCES_TABLE,
        Walk::Multinomial => rate::MULTINOMIAL_TABLE,
        _ => rate::POSITIONS_TABLE,
    }
}

/// Whether Python's rejection loop is cheap for `problem`, which allows `count` passwords: a
/// random string of the alphabet satisfies the rules with probability at least 1/2, so the loop
/// needs two attempts on average and `k` failures in a row have probability at most `2^-k`.
pub(crate) fn rejection_is_cheap(problem: &Problem<'_>, count: &Nat) -> bool {
    let all = Nat::pow(problem.membership.len() as u64, problem.len as u32);
    let mut twice = count.clone();
    twice.mul_small(2);
    twice >= all
}

/// A plan, with what deciding it computed: the count (the rejection fallback and a relaxation
/// are chosen by it) and, for a relaxation, its sampler (whose count the choice compared).
struct Chosen {
    plan: Plan,
    count: Option<Nat>,
    sampler: Option<Sampler>,
}

impl Chosen {
    fn plan(plan: Plan) -> Chosen {
        Chosen {
            plan,
            count: None,
            sampler: None,
        }
    }

    /// What the plan's sampler is built from.
    fn choice(&self) -> WalkChoice {
        let count = || self.count.clone().expect("chosen by the count");
        match self.plan.walk {
            Walk::Rejection => WalkChoice::Rejection(count()),
            Walk::Relaxed(relaxation, table) => WalkChoice::Relaxed {
                relaxation,
                table,
                passwords: count(),
            },
            walk => WalkChoice::Table(walk.table().expect("a walk of the policy's own table")),
        }
    }
}

/// The plan for `problem`, with its count when deciding it took counting.
///
/// # Errors
/// When neither a walk's table nor, for a fallback, the count fits within the limits, or the
/// fallback would be expensive: the cheaper walk's cost.
fn choose(problem: &Problem<'_>) -> Result<Chosen, TooIntricate> {
    match choose_walk(problem) {
        Ok(walk @ (Walk::Positions | Walk::Sequences)) => Ok(Chosen::plan(Plan {
            count: Count::WalkTable,
            walk,
        })),
        Ok(walk) => {
            // The multinomial walk's table is built on first use; count by the fastest exact
            // method.
            let Some((count, _)) = count_alone(problem, COUNT_NS) else {
                let work = count::disjoint_cost(problem, f64::INFINITY);
                return Err(TooIntricate {
                    work,
                    memory_bytes: 0.0,
                });
            };
            Ok(Chosen::plan(Plan { count, walk }))
        }
        // No table fits: a policy almost every random string satisfies is still drawn exactly,
        // by rejection, if it can be counted; a policy with run limits, through a relaxation
        // that walks cheaply and keeps at least half of its draws.
        Err(too) => {
            if disjoint_counts(problem) {
                let count = count::disjoint(problem);
                if rejection_is_cheap(problem, &count) {
                    return Ok(Chosen {
                        plan: Plan {
                            count: Count::Disjoint,
                            walk: Walk::Rejection,
                        },
                        count: Some(count),
                        sampler: None,
                    });
                }
            }
            relax(problem).ok_or(too)
        }
    }
}

/// How `problem` is counted without building its walk's table: the fastest of the methods that
/// apply and fit within `limit` nanoseconds and [`COUNT_MEMORY_LIMIT`], with its time in
/// nanoseconds.
fn count_alone(problem: &Problem<'_>, limit: f64) -> Option<(Count, f64)> {
    let mut best: Option<(Count, f64)> = None;
    let mut consider = |method: Count, (work, memory): (f64, f64), rate: f64| {
        let time = work * rate;
        if time <= limit
            && memory <= COUNT_MEMORY_LIMIT
            && best.is_none_or(|(_, least)| time < least)
        {
            best = Some((method, time));
        }
    };
    if problem.is_disjoint() {
        let work = count::disjoint_cost(problem, limit / rate::DISJOINT);
        consider(Count::Disjoint, (work, 0.0), rate::DISJOINT);
    }
    let by_positions = count::by_positions_cost(problem);
    consider(Count::Positions, by_positions, rate::COUNT_BY_POSITIONS);
    if count::runs::applies(problem) {
        consider(Count::Runs, count::runs::cost(problem), rate::RUNS);
    }
    if count::clusters::applies(problem) {
        consider(
            Count::Clusters,
            count::clusters::cost(problem),
            rate::CLUSTERS,
        );
    }
    if count::complements::applies(problem) {
        consider(
            Count::Complements,
            count::complements::cost(problem),
            rate::COMPLEMENTS,
        );
    }
    best
}

/// The number of passwords `problem` allows, by `method` (not the walk's table).
fn count_by(method: Count, problem: &Problem<'_>) -> Nat {
    match method {
        Count::Disjoint => count::disjoint(problem),
        Count::Clusters => count::clusters::count(problem),
        Count::Complements => count::complements::count(problem),
        Count::Runs => count::runs::count(problem),
        Count::Positions | Count::WalkTable => count::by_positions(problem),
    }
}

/// The time of building `walk`'s table for `problem`, in nanoseconds.
fn walk_time(problem: &Problem<'_>, walk: Walk) -> f64 {
    match walk {
        Walk::Multinomial => unrank::multinomial_cost(problem).0 * rate::MULTINOMIAL_TABLE,
        _ => positions_cost(problem).0 * walk_rate(walk),
    }
}

/// The plan walking a relaxation of `problem`, when one walks within the limits and keeps at
/// least half of its draws, and `problem` itself counts within them: the candidates are tried
/// fastest walk first, while the time spent stays within [`PARSE_NS`], and the first whose
/// exact acceptance is at least 1/2 is taken, unless a quick table of the same walk after it
/// keeps more of its draws (see [`GOOD_ACCEPTANCE`]).
fn relax(problem: &Problem<'_>) -> Option<Chosen> {
    let mut candidates: Vec<(Relaxation, Walk, f64)> = Vec::new();
    for relaxation in Relaxation::candidates(problem) {
        let bounds = relaxation.bounds(problem);
        let relaxed = relaxation.of(problem, &bounds);
        if let Ok(walk) = choose_walk(&relaxed) {
            candidates.push((relaxation, walk, walk_time(&relaxed, walk)));
        }
    }
    if candidates.is_empty() {
        return None;
    }
    // Fastest first, equal times in the candidates' order: an insertion sort of a few items,
    // which unlike `sort_by` adds no copy of the standard library's sort to the crate.
    for k in 1..candidates.len() {
        let mut place = k;
        while place > 0
            && candidates[place - 1]
                .2
                .total_cmp(&candidates[place].2)
                .is_gt()
        {
            candidates.swap(place - 1, place);
            place -= 1;
        }
    }
    // Counting may take what the cheapest walk leaves of the parse.
    let (method, mut spent) = count_alone(problem, PARSE_NS - candidates[0].2)?;
    let passwords = count_by(method, problem);
    let mut twice = passwords.clone();
    twice.mul_small(2);
    let mut kept: Option<(Relaxation, Walk, Sampler)> = None;
    for (relaxation, walk, time) in candidates {
        if let Some((_, first, sampler)) = &kept {
            // Past the first relaxation that keeps half its draws, only a quick table of the
            // same walk, for one that keeps more (fewer draws per password).
            if walk != *first || time > QUICK_WALK_NS || sampler.acceptance() >= GOOD_ACCEPTANCE {
                continue;
            }
        }
        spent += time;
        if spent > PARSE_NS {
            break;
        }
        let bounds = relaxation.bounds(problem);
        let relaxed = relaxation.of(problem, &bounds);
        let plan = Plan {
            count: Count::WalkTable,
            walk,
        };
        let Ok(sampler) = plan.build_walk(&relaxed) else {
            continue;
        };
        let sampler = sampler.relaxation_of(problem, passwords.clone());
        // At least half the relaxation's passwords are the policy's.
        if twice >= *sampler.count()
            && kept
                .as_ref()
                .is_none_or(|(.., best)| sampler.count() < best.count())
        {
            kept = Some((relaxation, walk, sampler));
        }
    }
    let (relaxation, walk, sampler) = kept?;
    Some(Chosen {
        plan: Plan {
            count: method,
            walk: Walk::Relaxed(relaxation, walk.table().expect("a walk chosen for a table")),
        },
        sampler: Some(sampler),
        count: Some(passwords),
    })
}

/// A relaxation that keeps at least this share of its draws is taken when found; below it, the
/// candidates after it whose tables are quick to build ([`QUICK_WALK_NS`]) are tried too, and
/// the one that keeps the most taken: each rejected draw costs a whole walk.
const GOOD_ACCEPTANCE: f64 = 0.75;

/// The time of building a table quick enough to try after a relaxation is found, in
/// nanoseconds: a hundredth of [`PARSE_NS`].
const QUICK_WALK_NS: f64 = 1e6;

/// The number of passwords `problem` allows, by its plan, with the walk's sampler when the table
/// that counted is the walk's.
///
/// The policy must also be one that can be sampled within the limits, since every policy that
/// passes the checks generates.
///
/// # Errors
/// When counting, or building the walk's tables, would take more than the limits.
pub(crate) fn count(problem: &Problem<'_>) -> Result<Counted, TooIntricate> {
    let implied = Implied::of(problem);
    let problem = &implied.problem(problem);
    let chosen = choose(problem)?;
    let choice = chosen.choice();
    if let Some(count) = chosen.count {
        return Ok(Counted {
            count,
            sampler: chosen.sampler,
            choice,
        });
    }
    Ok(match chosen.plan.count {
        // The position table counts and unranks: build it once.
        Count::WalkTable => match chosen.plan.build_walk(problem) {
            Ok(sampler) => Counted {
                count: sampler.count().clone(),
                sampler: Some(sampler),
                choice,
            },
            // No password, or one: the checks refuse the policy.
            Err(count) => Counted {
                count,
                sampler: None,
                choice,
            },
        },
        method => Counted {
            count: count_by(method, problem),
            sampler: None,
            choice,
        },
    })
}

/// The sampler of a checked policy (which passed [`count()`], by the same plan, and allows two
/// passwords or more), planned again: a checked policy builds its own from the
/// [`WalkChoice`] that [`count()`] returned.
///
/// # Panics
/// If `problem` is not that of a checked policy.
#[cfg(test)]
pub(crate) fn sampler(problem: &Problem<'_>) -> Sampler {
    let chosen = {
        let implied = Implied::of(problem);
        choose(&implied.problem(problem)).expect("a checked policy has a plan")
    };
    match chosen.sampler {
        Some(sampler) => sampler,
        None => chosen.choice().sampler(problem),
    }
}

impl Plan {
    /// Builds the tables of the plan's walk.
    ///
    /// # Errors
    /// The count, when the policy allows fewer than two passwords: nothing to draw from (the
    /// checks refuse such a policy).
    ///
    /// # Panics
    /// For the rejection fallback, which has no table, and for a relaxation, whose walk is
    /// built when it is chosen (its count decides it).
    pub(crate) fn build_walk(self, problem: &Problem<'_>) -> Result<Sampler, Nat> {
        match self.walk {
            Walk::Positions => Sampler::positions(problem),
            Walk::Sequences => Sampler::sequences(problem),
            Walk::Multinomial => Sampler::multinomial(problem),
            Walk::Rejection => panic!("the rejection fallback has no table"),
            Walk::Relaxed(..) => panic!("a relaxation's walk is built as it is chosen"),
        }
    }
}

#[cfg(all(test, feature = "text"))]
mod measure;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::testing::{allowed_strings, random_problem, Lcg};
    #[cfg(feature = "walk")]
    use crate::unrank::Sampler;

    /// The upper `1e-8` quantile of chi-square with `df` degrees of freedom (Wilson–Hilferty,
    /// with the one-sided normal quantile of `1e-8`).
    fn chi_square_limit(df: usize) -> f64 {
        let df = df as f64;
        let a = 2.0 / (9.0 * df);
        df * (1.0 - a + 5.6120 * a.sqrt()).powi(3)
    }

    /// A relaxation of count bounds and of `max_consecutive`, through the rule core: the draws
    /// its walk makes from uniform indices and its check keeps are uniform over the policy's
    /// passwords (chi-square over every one of them), and the share kept is the exact
    /// acceptance, the policy's count over the relaxation's, both compared with brute force.
    #[test]
    #[cfg(feature = "walk")]
    fn a_relaxation_of_count_bounds_draws_every_password_uniformly() {
        // `len = 4` over `a..=f`: `"ab" >= 1`, `"c" <= 1`, `max_consecutive = 2`.
        let membership = [1, 1, 2, 0, 0, 0];
        let bounds = [(1, 4), (0, 1)];
        let problem = Problem {
            len: 4,
            membership: &membership,
            bounds: &bounds,
            max_consecutive: Some(2),
            max_sequential: None,
        };
        let relaxation = Relaxation {
            sequences: false,
            repeats: true,
            minimums: 0b01,
            maximums: 0b10,
        };
        let relaxed_bounds = relaxation.bounds(&problem);
        let relaxed = relaxation.of(&problem, &relaxed_bounds);
        let allowed = allowed_strings(&problem);
        assert_eq!(allowed_strings(&relaxed).len(), 6usize.pow(4));
        let passwords = count::by_positions(&problem);
        assert_eq!(passwords.to_u128(), Some(allowed.len() as u128));
        let sampler = Sampler::positions(&relaxed)
            .unwrap()
            .relaxation_of(&problem, passwords);
        let acceptance = allowed.len() as f64 / 6f64.powi(4);
        assert!((sampler.acceptance() - acceptance).abs() < 1e-12);
        assert!(acceptance >= 0.5, "{acceptance}");

        let index: std::collections::HashMap<&[u8], usize> = allowed
            .iter()
            .enumerate()
            .map(|(i, password)| (password.as_slice(), i))
            .collect();
        let per_cell = 40;
        let mut cells = vec![0u64; allowed.len()];
        let (mut attempts, mut kept) = (0u64, 0u64);
        let mut rng = Lcg(1414);
        let mut scratch = sampler.scratch();
        let mut out = [0u8; 4];
        while kept < (per_cell * allowed.len()) as u64 {
            let word = (0..3).fold(0u64, |word, _| word << 22 ^ rng.below(1 << 22) as u64);
            if !sampler.index_from_random(&[word], &mut scratch) {
                continue;
            }
            sampler.unrank(&mut scratch, &mut out);
            attempts += 1;
            if sampler.keeps(&out) {
                kept += 1;
                cells[index[out.as_slice()]] += 1;
            } else {
                assert!(!index.contains_key(out.as_slice()), "{out:?} rejected");
            }
        }
        let expected = per_cell as f64;
        let statistic: f64 = cells
            .iter()
            .map(|&n| (n as f64 - expected).powi(2) / expected)
            .sum();
        let limit = chi_square_limit(allowed.len() - 1);
        assert!(
            statistic <= limit,
            "chi-square {statistic:.1} above {limit:.1}"
        );
        // The share kept: binomial, within 5.73 standard deviations (two-sided 1e-8).
        let share = kept as f64 / attempts as f64;
        let sd = (acceptance * (1.0 - acceptance) / attempts as f64).sqrt();
        assert!(
            (share - acceptance).abs() <= 5.73 * sd,
            "{share} {acceptance}"
        );
    }

    /// The fallback through a relaxation, asked for directly (the small policies here have
    /// tables that fit, so `choose` never needs it): when it is taken, its count is the
    /// policy's, its acceptance is at least 1/2, and its sampler keeps the policy's passwords.
    #[test]
    fn a_relaxation_is_taken_only_when_it_keeps_half_its_draws() {
        let mut rng = Lcg(43);
        let (mut taken, mut declined) = (0, 0);
        for _ in 0..600 {
            let owned = random_problem(&mut rng);
            let problem = owned.problem();
            if Relaxation::candidates(&problem).is_empty() {
                continue;
            }
            let expected = allowed_strings(&problem).len() as u128;
            let Some(chosen) = relax(&problem) else {
                declined += 1;
                continue;
            };
            taken += 1;
            assert!(matches!(chosen.plan.walk, Walk::Relaxed(..)));
            assert_eq!(
                chosen.count.unwrap().to_u128(),
                Some(expected),
                "{problem:?}"
            );
            let sampler = chosen.sampler.unwrap();
            assert_eq!(sampler.passwords().to_u128(), Some(expected));
            assert!(sampler.acceptance() >= 0.5, "{problem:?}");
            let walked = sampler.count().to_u128().unwrap();
            assert!(2 * expected >= walked, "{problem:?}");
        }
        assert!(taken > 50 && declined > 20, "{taken} {declined}");
    }
}
