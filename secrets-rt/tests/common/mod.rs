//! The statistics the test files share: thresholds a correct generator passes but in about one
//! run in 10^8, per check.
#![allow(dead_code, reason = "each test file uses the part it needs")]

/// Two-sided normal quantile for a false-failure probability of `1e-8`.
pub const Z_TWO_SIDED: f64 = 5.7307;
/// One-sided normal quantile for `1e-8`, for the Wilson–Hilferty approximation.
pub const Z_ONE_SIDED: f64 = 5.6120;

/// The chi-square statistic of `counts` against equally likely cells.
pub fn chi_square(counts: &[u64]) -> f64 {
    let total: u64 = counts.iter().sum();
    let expected = total as f64 / counts.len() as f64;
    counts
        .iter()
        .map(|&count| (count as f64 - expected).powi(2) / expected)
        .sum()
}

/// The upper `1e-8` quantile of chi-square with `df` degrees of freedom (Wilson–Hilferty:
/// `df (1 - 2/(9 df) + z sqrt(2/(9 df)))^3`, within a few percent for `df >= 10`).
pub fn chi_square_limit(df: usize) -> f64 {
    let df = df as f64;
    let a = 2.0 / (9.0 * df);
    df * (1.0 - a + Z_ONE_SIDED * a.sqrt()).powi(3)
}

/// Fails if `counts` are not plausibly equally likely cells.
#[track_caller]
pub fn assert_uniform(counts: &[u64], what: &str) {
    let statistic = chi_square(counts);
    let limit = chi_square_limit(counts.len() - 1);
    assert!(
        statistic <= limit,
        "{what}: chi-square {statistic:.1} over {} cells exceeds {limit:.1}; counts {counts:?}",
        counts.len()
    );
}

/// Fails if `hits` out of `trials` is not plausibly a proportion `p`.
#[track_caller]
pub fn assert_proportion(hits: u64, trials: u64, p: f64, what: &str) {
    let mean = trials as f64 * p;
    let sd = (trials as f64 * p * (1.0 - p)).sqrt();
    let z = (hits as f64 - mean) / sd;
    assert!(
        z.abs() <= Z_TWO_SIDED,
        "{what}: {hits} of {trials}, expected about {mean:.0} (z = {z:.2})"
    );
}
