//! Benchmarks of the runtime: tokens, `randbelow` and `choice`. Run with
//! `cargo bench -p secrets-rt`.
//!
//! Every call asks the OS for fresh bytes, so these mostly measure the OS random source (one
//! `getrandom` call per operation) plus the encoding or sampling around it.
//!
//! After criterion's runs, the tokens are timed once more against the floor (one bare
//! `getrandom::fill` of 32 bytes) in interleaved rounds, and the medians and ratios printed as a
//! Markdown table: on a shared machine the load drifts between criterion's benchmarks, which
//! run one after another, while interleaved rounds see the same load.

use std::hint::black_box;
use std::time::Instant;

use criterion::{criterion_group, Criterion};
use secrets_rt::{alphabet, choice, randbelow, token_bytes, token_hex, token_urlsafe};

fn tokens(c: &mut Criterion) {
    let mut group = c.benchmark_group("tokens");
    // The floor: one bare `getrandom::fill` of 32 bytes into a stack buffer, in the same run,
    // so that each token's cost reads as a ratio to it.
    group.bench_function("getrandom::fill 32 bytes (floor)", |b| {
        b.iter(|| {
            let mut bytes = [0u8; 32];
            getrandom::fill(black_box(&mut bytes)).expect("the OS random source");
            bytes
        });
    });
    group.bench_function("token_bytes(32)", |b| b.iter(|| token_bytes(black_box(32))));
    group.bench_function("token_hex(32)", |b| b.iter(|| token_hex(black_box(32))));
    group.bench_function("token_urlsafe(32)", |b| {
        b.iter(|| token_urlsafe(black_box(32)));
    });
    group.bench_function("token_bytes(1024)", |b| {
        b.iter(|| token_bytes(black_box(1024)));
    });
    group.finish();
}

fn randbelow_bounds(c: &mut Criterion) {
    let mut group = c.benchmark_group("randbelow");
    group.bench_function("small: 6u32", |b| b.iter(|| randbelow(black_box(6u32))));
    // Nearly half the rounds are rejected: the 20 prefetched words keep it to one OS call.
    group.bench_function("just above 2^63: 2^63 + 1", |b| {
        b.iter(|| randbelow(black_box((1u64 << 63) + 1)));
    });
    group.bench_function("u128: 2/3 of 2^128", |b| {
        b.iter(|| randbelow(black_box(u128::MAX / 3 * 2)));
    });
    group.bench_function("u128 just above 2^127: 2^127 + 1", |b| {
        b.iter(|| randbelow(black_box((1u128 << 127) + 1)));
    });
    group.finish();
}

fn choices(c: &mut Criterion) {
    let mut group = c.benchmark_group("choice");
    let items: Vec<u32> = (0..7776).collect();
    group.bench_function("slice of 7776", |b| b.iter(|| *choice(black_box(&items))));
    group.bench_function("62-character &str", |b| {
        b.iter(|| choice(black_box(alphabet::ALPHANUMERIC)));
    });
    group.bench_function("eight-character password", |b| {
        b.iter(|| {
            (0..8)
                .map(|_| choice(alphabet::ALPHANUMERIC))
                .collect::<String>()
        });
    });
    group.finish();
}

/// The token functions and the floor, timed in interleaved rounds; prints the medians and ratios.
fn interleaved_ratios() {
    const ROUNDS: usize = 2000;
    const CALLS: u32 = 200;
    type Operation = (&'static str, fn());
    let operations: [Operation; 5] = [
        ("`getrandom::fill`, 32 bytes (the floor)", || {
            let mut bytes = [0u8; 32];
            getrandom::fill(black_box(&mut bytes)).expect("the OS random source");
            black_box(bytes);
        }),
        ("`token_bytes(32)`", || {
            drop(black_box(token_bytes(black_box(32))));
        }),
        ("`token_hex(32)`", || {
            drop(black_box(token_hex(black_box(32))));
        }),
        ("`token_urlsafe(32)`", || {
            drop(black_box(token_urlsafe(black_box(32))));
        }),
        ("`token_bytes(1024)`", || {
            drop(black_box(token_bytes(black_box(1024))));
        }),
    ];
    let mut times: Vec<Vec<f64>> = vec![Vec::with_capacity(ROUNDS); operations.len()];
    for _ in 0..ROUNDS {
        for ((_, operation), times) in operations.iter().zip(&mut times) {
            let start = Instant::now();
            for _ in 0..CALLS {
                operation();
            }
            times.push(start.elapsed().as_secs_f64() * 1e9 / f64::from(CALLS));
        }
    }
    let medians: Vec<f64> = times
        .iter_mut()
        .map(|times| {
            times.sort_by(f64::total_cmp);
            times[times.len() / 2]
        })
        .collect();
    println!("\nTokens against the floor: medians of {ROUNDS} interleaved rounds of {CALLS} calls");
    println!("| Operation | Time | Ratio to the floor |\n|---|---|---|");
    for ((name, _), median) in operations.iter().zip(&medians) {
        println!("| {name} | {median:.0} ns | {:.2}x |", median / medians[0]);
    }
}

criterion_group!(benches, tokens, randbelow_bounds, choices);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    // Not when listing or smoke-testing (`--list`, `--test`), nor when a filter leaves the
    // tokens out.
    let args: Vec<String> = std::env::args().skip(1).collect();
    let quick = args.iter().any(|arg| arg == "--list" || arg == "--test");
    let filters: Vec<&String> = args
        .iter()
        .filter(|arg| !arg.starts_with('-') && arg.parse::<f64>().is_err())
        .collect();
    if !quick && (filters.is_empty() || filters.iter().any(|f| "tokens".contains(f.as_str()))) {
        interleaved_ratios();
    }
}
