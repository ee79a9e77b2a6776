//! Interleaved rounds: every contender is measured once per round, round-robin, so that a burst
//! of load from another process slows one sample of each contender rather than all the samples
//! of one; each row then reports the median (or pooled mean) of its rounds.

use std::time::{Duration, Instant};

use crate::python::Python;
use crate::rows::{Row, Statistic, Timing};

/// How long, and how often.
pub struct Plan {
    /// Measured rounds, after one calibration round.
    pub rounds: usize,
    /// The time one measurement of one row aims at.
    pub sample: Duration,
    /// Rows measured by their pooled mean do at least this many calls over all rounds (their
    /// mean is then within about `1 / sqrt(calls)` of the true mean).
    pub min_pooled_calls: u64,
}

/// A row's samples: ns per call of each measured round, and the totals behind them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Samples {
    /// Nanoseconds per call, one per round.
    pub per_round: Vec<f64>,
    /// Nanoseconds over all rounds.
    pub total_ns: f64,
    /// Calls over all rounds.
    pub total_calls: u64,
}

impl Samples {
    fn add(&mut self, elapsed_ns: f64, calls: u64) {
        self.per_round.push(elapsed_ns / calls as f64);
        self.total_ns += elapsed_ns;
        self.total_calls += calls;
    }
}

/// Something measured in a round: a Rust row, or Python's whole batch (one subprocess runs all
/// of Python's rows, so that its start-up is paid once per round, outside the timings).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    Rust(usize),
    Python,
}

/// Measures every row; `samples[i]` belongs to `rows[i]` (empty for a skipped row). Progress
/// goes to standard error.
pub fn measure(rows: &mut [Row], python: Option<&Python>, plan: &Plan) -> Vec<Samples> {
    let mut samples = vec![Samples::default(); rows.len()];
    let python_cases: Vec<(usize, &'static str)> = rows
        .iter()
        .enumerate()
        .filter_map(|(index, row)| match row.timing {
            Timing::Python(case) => Some((index, case)),
            _ => None,
        })
        .collect();
    let python = python.filter(|_| !python_cases.is_empty());

    eprintln!("calibrating {} rows", rows.len());
    let mut iterations = vec![0u64; rows.len()];
    let mut steps = Vec::new();
    for (index, row) in rows.iter_mut().enumerate() {
        if let Timing::Rust { run, calls } = &mut row.timing {
            iterations[index] = match row.statistic {
                Statistic::Median => calibrate(run, 1, plan.sample),
                Statistic::PooledMean => {
                    // A rejection loop's calls vary: a few lucky short ones would make one
                    // round of a slow loop last many samples, so calibration times at least 4.
                    let pooled_floor = plan.min_pooled_calls.div_ceil(plan.rounds as u64 * *calls);
                    calibrate(run, 4, plan.sample).max(pooled_floor)
                }
            };
            steps.push(Step::Rust(index));
        }
    }
    let python_numbers = python.map(|python| python.calibrate(plan.sample));
    if python_numbers.is_some() {
        steps.push(Step::Python);
    }

    for round in 0..plan.rounds {
        eprintln!("round {} of {}", round + 1, plan.rounds);
        for &step in rotated(&steps, round) {
            match step {
                Step::Rust(index) => {
                    let Timing::Rust { run, calls } = &mut rows[index].timing else {
                        unreachable!("only Rust rows are Rust steps");
                    };
                    let elapsed = time(run, iterations[index]);
                    samples[index].add(elapsed.as_nanos() as f64, iterations[index] * *calls);
                }
                Step::Python => {
                    let (Some(python), Some(numbers)) = (python, &python_numbers) else {
                        unreachable!("a Python step exists only with Python");
                    };
                    let timings = python.run(numbers);
                    for &(index, case) in &python_cases {
                        if let Some(&(number, ns_per_call)) = timings.get(case) {
                            samples[index].add(ns_per_call * number as f64, number);
                        }
                    }
                }
            }
        }
    }
    samples
}

/// The steps of round `round`, starting one further each round, so that no contender always
/// runs right after the same other one (a cache or frequency state left by one would otherwise
/// always land on the next).
fn rotated<T>(steps: &[T], round: usize) -> impl Iterator<Item = &T> {
    let start = if steps.is_empty() {
        0
    } else {
        round % steps.len()
    };
    steps[start..].iter().chain(&steps[..start])
}

/// Invocations of `run` that take about `sample`: from `first`, doubled until a run takes a
/// quarter of it, then scaled; at least one. The runs also warm up the code and the caches.
fn calibrate(run: &mut Box<dyn FnMut()>, first: u64, sample: Duration) -> u64 {
    iterations_for(first, sample, |iterations| time(run, iterations))
}

/// The search of [`calibrate`], over any way of timing `iterations` invocations.
fn iterations_for(first: u64, sample: Duration, mut time: impl FnMut(u64) -> Duration) -> u64 {
    let mut iterations = first;
    loop {
        let elapsed = time(iterations);
        if elapsed >= sample / 4 {
            let scaled = iterations as f64 * sample.as_secs_f64() / elapsed.as_secs_f64();
            return (scaled.round() as u64).max(1);
        }
        iterations *= 2;
    }
}

fn time(run: &mut Box<dyn FnMut()>, iterations: u64) -> Duration {
    let start = Instant::now();
    for _ in 0..iterations {
        run();
    }
    start.elapsed()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_step_runs_once_a_round_each_round_from_a_new_start() {
        let steps = [0, 1, 2, 3];
        let orders: Vec<Vec<i32>> = (0..5)
            .map(|round| rotated(&steps, round).copied().collect())
            .collect();
        assert_eq!(orders[0], [0, 1, 2, 3]);
        assert_eq!(orders[1], [1, 2, 3, 0]);
        assert_eq!(orders[3], [3, 0, 1, 2]);
        assert_eq!(orders[4], [0, 1, 2, 3]);
        assert_eq!(rotated::<i32>(&[], 3).count(), 0);
    }

    #[test]
    fn calibration_aims_at_the_sample_time() {
        // Invocations of 1 ms each: 4 take a fifth of a 20 ms sample, 8 take enough, 20 fit.
        let mut tried = Vec::new();
        let iterations = iterations_for(1, Duration::from_millis(20), |n| {
            tried.push(n);
            Duration::from_millis(n)
        });
        assert_eq!(tried, [1, 2, 4, 8]);
        assert_eq!(iterations, 20);
        // An invocation longer than the sample still runs once.
        assert_eq!(
            iterations_for(1, Duration::from_millis(1), |n| Duration::from_millis(
                5 * n
            )),
            1
        );
        // A rejection loop's calibration starts from 4 calls.
        let mut first = None;
        iterations_for(4, Duration::from_millis(1), |n| {
            first.get_or_insert(n);
            Duration::from_millis(5 * n)
        });
        assert_eq!(first, Some(4));
    }

    #[test]
    fn samples_keep_each_round_and_the_totals() {
        let mut samples = Samples::default();
        samples.add(1000.0, 10);
        samples.add(3000.0, 10);
        assert_eq!(samples.per_round, [100.0, 300.0]);
        assert_eq!((samples.total_ns, samples.total_calls), (4000.0, 20));
    }
}
