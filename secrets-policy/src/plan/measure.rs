//! The measurement behind the plan's rates (`rate` in [`super`]): what one estimated limb
//! operation of each method takes, in nanoseconds, on policies whose numbers are the widest
//! (`len` near 256). It asserts nothing: run it by hand, in a release build, on an idle machine,
//!
//! ```text
//! cargo test --release -p secrets-policy --lib measure_ns -- --ignored --nocapture
//! ```
//!
//! and set each rate at or above the largest figure it prints for that method. Other policies
//! can be measured by listing them in `MEASURE_POLICIES`, separated by `;`.

use std::time::{Duration, Instant};

use crate::problem::{Problem, Sequences};
use crate::unrank::Sampler;
use crate::CheckedPolicy;

/// Policies of each method's worst case: long, with run limits, minimums and overlaps.
const POLICIES: [&str; 6] = [
    "len = 238, lower >= 8, upper >= 3, digits >= 3, symbols >= 8, max_consecutive = 2",
    "len = 229, lower >= 0, upper >= 3, digits >= 1, symbols >= 8, lower | upper >= 7, \
     \"BMOQVZ\" >= 3",
    "len = 128, lower >= 5, upper >= 5, digits >= 5, symbols >= 5, max_consecutive = 2",
    "len = 64, lower >= 8, upper >= 8, digits >= 8, symbols >= 8",
    "len = 200, lower >= 2, upper >= 2, max_sequential = 3",
    "len = 64, lower >= 2, upper >= 2, digits >= 2, symbols >= 2, max_sequential = 3",
];

/// The least time of a few runs of `f` (the least is the one the machine disturbed least).
fn least_time<T>(f: impl Fn() -> T) -> f64 {
    let mut least = Duration::MAX;
    for _ in 0..5 {
        let start = Instant::now();
        std::hint::black_box(f());
        least = least.min(start.elapsed());
    }
    least.as_secs_f64() * 1e9
}

/// The most estimated operations a method is timed for: a few seconds at the rates, five times.
/// A method estimated past it is far beyond the parse budget, so the plan never runs it there.
const MOST_TIMED: f64 = 1e9;

/// Times `count` (a method estimated at `cost`) and reports it, unless its estimate is past
/// [`MOST_TIMED`].
fn time_method<T>(method: &str, cost: (f64, f64), count: impl Fn() -> T) {
    if cost.0 > MOST_TIMED {
        println!(
            "  {method}: {:.3e} operations estimated, not timed (past {MOST_TIMED:.0e})",
            cost.0
        );
        return;
    }
    report(method, cost, least_time(count));
}

fn report(method: &str, (work, limbs): (f64, f64), nanoseconds: f64) {
    println!(
        "  {method}: {work:.3e} operations, {:.1} MiB estimated, {:.1} ms, {:.3} ns an operation",
        limbs * 8.0 / f64::from(1 << 20),
        nanoseconds / 1e6,
        nanoseconds / work
    );
}

#[test]
#[ignore = "a measurement, not a test: run by hand in a release build"]
fn measure_ns_per_operation() {
    let listed = std::env::var("MEASURE_POLICIES").ok();
    let texts: Vec<&str> = listed
        .as_deref()
        .map_or_else(|| POLICIES.to_vec(), |listed| listed.split(';').collect());
    for text in texts {
        let Ok(policy) = CheckedPolicy::parse(text) else {
            println!("{text}: refused");
            continue;
        };
        let bounds: Vec<(usize, usize)> = policy
            .constraints
            .iter()
            .map(|c| (usize::from(c.min), usize::from(c.max)))
            .collect();
        let problem = Problem {
            len: policy.len(),
            membership: &policy.membership,
            bounds: &bounds,
            max_consecutive: policy.max_consecutive(),
            max_sequential: policy.max_sequential().map(|limit| Sequences {
                limit,
                chars: &policy.alphabet,
            }),
        };
        println!("{text}");
        let parse = least_time(|| CheckedPolicy::parse(text));
        println!("  parse: {:.1} ms", parse / 1e6);
        let cost = crate::count::by_positions_cost(&problem);
        if cost.1 <= super::COUNT_MEMORY_LIMIT {
            time_method("count by positions", cost, || {
                crate::count::by_positions(&problem)
            });
        }
        if crate::count::runs::applies(&problem) {
            let cost = crate::count::runs::cost(&problem);
            time_method("runs", cost, || crate::count::runs::count(&problem));
        }
        if crate::count::clusters::applies(&problem) {
            let cost = crate::count::clusters::cost(&problem);
            if cost.1 <= 4.0 * super::COUNT_MEMORY_LIMIT {
                time_method("clusters", cost, || crate::count::clusters::count(&problem));
            }
        }
        if crate::count::complements::applies(&problem) {
            let cost = crate::count::complements::cost(&problem);
            if cost.1 <= 4.0 * super::COUNT_MEMORY_LIMIT {
                time_method("complements", cost, || {
                    crate::count::complements::count(&problem)
                });
            }
        }
        if problem.is_disjoint() {
            let cost = (crate::count::disjoint_cost(&problem, f64::INFINITY), 0.0);
            time_method("disjoint", cost, || crate::count::disjoint(&problem));
            let cost = crate::unrank::multinomial_cost(&problem);
            time_method("multinomial table", cost, || Sampler::multinomial(&problem));
        }
        let cost = super::positions_cost(&problem);
        if cost.1 <= 2.0 * super::MEMORY_LIMIT {
            if problem.sequence_limit().is_some() {
                time_method("sequences table", cost, || Sampler::sequences(&problem));
            } else {
                time_method("positions table", cost, || Sampler::positions(&problem));
            }
        }
    }
}
