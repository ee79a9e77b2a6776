//! Benchmarks of password generation: the rejection loop of `Policy::generate`, against
//! Python's recipe written with `choice` (one OS call per character). Run with
//! `cargo bench -p secrets-rt --bench policy`.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use secrets_rt::{alphabet, choice, password_policy, Policy};

const CARD: Policy = password_policy!(len = 10, lower >= 1, upper >= 1, digits >= 3);
const STRONG: Policy =
    password_policy!(len = 20, lower >= 1, upper >= 1, digits >= 1, symbols >= 1);

fn generate(c: &mut Criterion) {
    let mut group = c.benchmark_group("generate");
    group.bench_function("card policy (len 10, digits >= 3)", |b| {
        b.iter(|| black_box(&CARD).generate());
    });
    group.bench_function("strong (len 20, four classes)", |b| {
        b.iter(|| black_box(&STRONG).generate());
    });
    // The same rules as `CARD`, by the recipe of Python's documentation: each attempt draws
    // ten characters with ten calls of `choice`.
    group.bench_function("card policy by the recipe with choice", |b| {
        b.iter(|| loop {
            let candidate: String = (0..10).map(|_| choice(alphabet::ALPHANUMERIC)).collect();
            if candidate.chars().any(|c| c.is_ascii_lowercase())
                && candidate.chars().any(|c| c.is_ascii_uppercase())
                && candidate.chars().filter(char::is_ascii_digit).count() >= 3
            {
                break candidate;
            }
        });
    });
    group.finish();
}

fn parse(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse");
    group.bench_function("card policy text", |b| {
        b.iter(|| Policy::parse(black_box("len = 10, lower >= 1, upper >= 1, digits >= 3")));
    });
    group.finish();
}

criterion_group!(benches, generate, parse);
criterion_main!(benches);
