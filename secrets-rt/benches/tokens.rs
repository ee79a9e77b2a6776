//! Benchmarks of the runtime: tokens, `randbelow` and `choice`. Run with
//! `cargo bench -p secrets-rt`.
//!
//! Every call asks the OS for fresh bytes, so these mostly measure the OS random source (one
//! `getrandom` call per operation) plus the encoding or sampling around it.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
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

criterion_group!(benches, tokens, randbelow_bounds, choices);
criterion_main!(benches);
