//! The measurement behind the plan's rates (`rate` in [`super`]): what one estimated limb
//! operation of each method takes, in nanoseconds, on policies whose numbers are the widest
//! (`len` near 256). It asserts nothing: run it by hand, in a release build, on an idle machine,
//!
//! ```text
//! cargo test --release -p secrets-policy --lib measure_ns -- --ignored --nocapture
//! ```
//!
//! and set each rate at or above the largest figure it prints for that method, with a margin
//! for the machine's drift in speed (a virtual machine's can be a third from one hour to the
//! next: the parse budget must hold in its slow phase too). On a loaded machine, read the
//! processor time it prints beside the clock's. Other policies can be measured by listing them
//! in `MEASURE_POLICIES`, separated by `;`.

use std::time::{Duration, Instant};

use crate::problem::Problem;
use crate::unrank::Sampler;
use crate::CheckedPolicy;

/// Policies of each method's worst case: long, with run limits, minimums and overlaps; the last
/// three counted by complements near the parse budget (its groups' tables, then nearly all
/// divisions of the powers of `W_free`).
const POLICIES: [&str; 9] = [
    "len = 238, lower >= 8, upper >= 3, digits >= 3, symbols >= 8, max_consecutive = 2",
    "len = 229, lower >= 0, upper >= 3, digits >= 1, symbols >= 8, lower | upper >= 7, \
     \"BMOQVZ\" >= 3",
    "len = 128, lower >= 5, upper >= 5, digits >= 5, symbols >= 5, max_consecutive = 2",
    "len = 64, lower >= 8, upper >= 8, digits >= 8, symbols >= 8",
    "len = 200, lower >= 2, upper >= 2, max_sequential = 3",
    "len = 64, lower >= 2, upper >= 2, digits >= 2, symbols >= 2, max_sequential = 3",
    "len = 156, lower >= 5, lower <= 128, upper >= 6, upper <= 78, digits >= 2, symbols >= 8, \
     max_consecutive = 3",
    "len = 239, lower >= 8, lower <= 38, upper >= 3, digits >= 2, symbols >= 3, \
     max_consecutive = 1, max_sequential = 2",
    "len = 181, lower >= 3, upper >= 0, digits >= 6, symbols >= 8, symbols <= 122, \
     max_sequential = 3",
];

/// The least time of a few runs of `f` (the least is the one the machine disturbed least), in
/// nanoseconds: of the clock, and of the processor where the system says (`None` elsewhere).
fn least_time<T>(f: impl Fn() -> T) -> (f64, Option<f64>) {
    let mut least = Duration::MAX;
    let mut least_cpu: Option<f64> = None;
    for _ in 0..5 {
        let (start, start_cpu) = (Instant::now(), cpu_ns());
        std::hint::black_box(f());
        least = least.min(start.elapsed());
        if let (Some(start), Some(end)) = (start_cpu, cpu_ns()) {
            least_cpu = Some(least_cpu.map_or(end - start, |least: f64| least.min(end - start)));
        }
    }
    (least.as_secs_f64() * 1e9, least_cpu)
}

/// The processor time this thread has run, in nanoseconds, where Linux tells it
/// (`/proc/thread-self/schedstat`, updated at each scheduler tick: a few milliseconds' grain).
/// On a loaded machine the clock also counts the time other processes took.
fn cpu_ns() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    stat.split_whitespace().next()?.parse().ok()
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

fn report(method: &str, (work, limbs): (f64, f64), (nanoseconds, cpu): (f64, Option<f64>)) {
    let cpu = cpu.map_or(String::new(), |cpu| {
        format!(
            " ({:.1} ms of processor, {:.3} ns an operation)",
            cpu / 1e6,
            cpu / work
        )
    });
    println!(
        "  {method}: {work:.3e} operations, {:.1} MiB estimated, {:.1} ms, {:.3} ns an \
         operation{cpu}",
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
        policy.with_problem(|problem| measure_methods(text, problem));
    }
}

/// Times parsing `text` and each method that applies to its `problem`.
fn measure_methods(text: &str, problem: &Problem<'_>) {
    println!("{text}");
    let (parse, parse_cpu) = least_time(|| CheckedPolicy::parse(text));
    let parse_cpu = parse_cpu.map_or(String::new(), |cpu| {
        format!(" ({:.1} ms of processor)", cpu / 1e6)
    });
    println!("  parse: {:.1} ms{parse_cpu}", parse / 1e6);
    let cost = crate::count::by_positions_cost(problem);
    if cost.1 <= super::COUNT_MEMORY_LIMIT {
        time_method("count by positions", cost, || {
            crate::count::by_positions(problem)
        });
    }
    if crate::count::runs::applies(problem) {
        let cost = crate::count::runs::cost(problem);
        time_method("runs", cost, || crate::count::runs::count(problem));
    }
    if crate::count::clusters::applies(problem) {
        let cost = crate::count::clusters::cost(problem);
        if cost.1 <= 4.0 * super::COUNT_MEMORY_LIMIT {
            time_method("clusters", cost, || crate::count::clusters::count(problem));
        }
    }
    if crate::count::complements::applies(problem) {
        let cost = crate::count::complements::cost(problem);
        if cost.1 <= 4.0 * super::COUNT_MEMORY_LIMIT {
            time_method("complements", cost, || {
                crate::count::complements::count(problem)
            });
        }
    }
    if problem.is_disjoint() {
        let cost = (crate::count::disjoint_cost(problem, f64::INFINITY), 0.0);
        time_method("disjoint", cost, || crate::count::disjoint(problem));
        let cost = crate::unrank::multinomial_cost(problem);
        time_method("multinomial table", cost, || Sampler::multinomial(problem));
    }
    let cost = super::positions_cost(problem);
    if cost.1 <= 2.0 * super::MEMORY_LIMIT {
        if problem.sequence_limit().is_some() {
            time_method("sequences table", cost, || Sampler::sequences(problem));
        } else {
            time_method("positions table", cost, || Sampler::positions(problem));
        }
    }
}
