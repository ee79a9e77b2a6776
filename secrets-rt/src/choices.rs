//! Python's `choices`: `k` picks with replacement, equally likely or weighted.
//!
//! Unweighted picks are exactly uniform indices (rejection sampling). Weighted picks follow
//! Python's definition: a float `x = random() * total` over the cumulative weights, and the
//! first item whose cumulative weight exceeds `x` (`bisect_right`).

use crate::below;
use crate::os::{expect_os, Draws};
use crate::system_random::unit_float;
use crate::SystemRandom;

/// Python's `choices` (see each method for the mapping of Python's arguments).
impl SystemRandom {
    /// `k` items of `population`, each chosen uniformly and independently (with replacement):
    /// Python's `choices(population, k=k)`.
    ///
    /// Each pick is an exactly uniform index, drawn by rejection sampling. (Python computes
    /// `floor(random() * n)`, whose probabilities differ by up to about `n / 2^53`; the set of
    /// outcomes is the same.) The picks take 8 bytes each, one OS call per 512.
    ///
    /// # Panics
    /// If `population` is empty and `k > 0` (Python's `IndexError`):
    /// `choices: cannot choose from an empty population`.
    ///
    /// # Examples
    /// ```
    /// use secrets_rt::SystemRandom;
    ///
    /// let rolls = SystemRandom.choices(&[1, 2, 3, 4, 5, 6], 10);
    /// assert_eq!(rolls.len(), 10);
    /// assert!(rolls.iter().all(|&&face| (1..=6).contains(&face)));
    /// ```
    #[must_use]
    #[track_caller]
    pub fn choices<'a, T>(&self, population: &'a [T], k: usize) -> Vec<&'a T> {
        let len = population.len();
        assert!(
            len > 0 || k == 0,
            "choices: cannot choose from an empty population"
        );
        let mut draws = Draws::new(8 * k);
        (0..k)
            .map(|_| &population[expect_os(below::index_below(len, &mut draws), "choices")])
            .collect()
    }

    /// `k` items of `population`, chosen independently with probabilities proportional to
    /// `weights`: Python's `choices(population, weights, k=k)`.
    ///
    /// Python's definition, step for step: the cumulative weights are summed left to right in
    /// `f64`, then each pick draws `x = random() * total` and takes the first item whose
    /// cumulative weight exceeds `x` (`bisect_right`). So item `i` is chosen with probability
    /// `weights[i] / total`, up to the rounding of floats (the draw has 53 bits); an item of
    /// weight zero is never chosen unless rounding gives `x = total`, in which case Python and
    /// this method take the last item. The picks take 8 bytes each, one OS call per 512.
    ///
    /// # Panics
    /// - If `weights` and `population` differ in length (Python's `ValueError`):
    ///   `choices_weighted: 3 weights for a population of 4`.
    /// - If `population` is empty, whatever `k` (Python's `IndexError`):
    ///   `choices_weighted: cannot choose from an empty population`.
    /// - If a weight is negative or not a number (Python assumes weights are "non-negative
    ///   and finite"; here that is checked): `choices_weighted: weight 2 is -1; weights must be
    ///   finite and not negative`.
    /// - If the weights add up to zero or to infinity (Python's `ValueError`):
    ///   `choices_weighted: the weights add up to 0; the total must be greater than zero and
    ///   finite`.
    ///
    /// # Examples
    /// ```
    /// use secrets_rt::SystemRandom;
    ///
    /// let prizes = ["gold", "silver", "bronze", "none"];
    /// let drawn = SystemRandom.choices_weighted(&prizes, &[1.0, 2.0, 3.0, 0.0], 5);
    /// assert_eq!(drawn.len(), 5);
    /// assert!(drawn.iter().all(|&&prize| prize != "none"));
    /// ```
    #[must_use]
    #[track_caller]
    pub fn choices_weighted<'a, T>(
        &self,
        population: &'a [T],
        weights: &[f64],
        k: usize,
    ) -> Vec<&'a T> {
        const NAME: &str = "choices_weighted";
        check_lengths(NAME, "weights", weights.len(), population.len());
        for (i, &weight) in weights.iter().enumerate() {
            assert!(
                weight >= 0.0 && weight.is_finite(),
                "{NAME}: weight {i} is {weight}; weights must be finite and not negative"
            );
        }
        // Python's `itertools.accumulate`: running sums, left to right.
        let cumulative: Vec<f64> = weights
            .iter()
            .scan(0.0, |sum, &weight| {
                *sum += weight;
                Some(*sum)
            })
            .collect();
        pick_weighted(NAME, population, &cumulative, k)
    }

    /// `k` items of `population`, chosen independently with probabilities given by cumulative
    /// weights: Python's `choices(population, cum_weights=cum_weights, k=k)`.
    ///
    /// `cum_weights[i]` is the running total of the weights up to item `i`: `[1.0, 3.0, 6.0]`
    /// gives the weights `1, 2, 3`. Each pick is drawn as in
    /// [`choices_weighted`](SystemRandom::choices_weighted), which computes these sums itself.
    ///
    /// # Panics
    /// - If `cum_weights` and `population` differ in length, or `population` is empty, as
    ///   [`choices_weighted`](SystemRandom::choices_weighted) (naming `choices_cum_weighted`).
    /// - If a cumulative weight is negative, not a number, or smaller than the one before it
    ///   (weights must be non-negative): `choices_cum_weighted: cumulative weight 1 is 0.5,
    ///   below the 1 before it; cumulative weights must be finite, not negative and never
    ///   decrease`.
    /// - If the last cumulative weight, the total, is zero or infinite (Python's
    ///   `ValueError`).
    ///
    /// # Examples
    /// ```
    /// use secrets_rt::SystemRandom;
    ///
    /// let drawn = SystemRandom.choices_cum_weighted(&['a', 'b', 'c'], &[1.0, 3.0, 6.0], 4);
    /// assert_eq!(drawn.len(), 4);
    /// ```
    #[must_use]
    #[track_caller]
    pub fn choices_cum_weighted<'a, T>(
        &self,
        population: &'a [T],
        cum_weights: &[f64],
        k: usize,
    ) -> Vec<&'a T> {
        const NAME: &str = "choices_cum_weighted";
        check_lengths(
            NAME,
            "cumulative weights",
            cum_weights.len(),
            population.len(),
        );
        let mut previous = 0.0;
        for (i, &weight) in cum_weights.iter().enumerate() {
            assert!(
                weight >= previous && weight.is_finite(),
                "{NAME}: cumulative weight {i} is {weight}, below the {previous} before it; \
                 cumulative weights must be finite, not negative and never decrease"
            );
            previous = weight;
        }
        pick_weighted(NAME, population, cum_weights, k)
    }
}

/// The weights match the population and there is something to choose from.
#[track_caller]
fn check_lengths(function: &str, what: &str, weights: usize, population: usize) {
    assert!(
        weights == population,
        "{function}: {weights} {what} for a population of {population}"
    );
    assert!(
        population > 0,
        "{function}: cannot choose from an empty population"
    );
}

/// Python's weighted pick over checked cumulative weights (not empty, non-decreasing, finite).
#[track_caller]
fn pick_weighted<'a, T>(
    function: &str,
    population: &'a [T],
    cumulative: &[f64],
    k: usize,
) -> Vec<&'a T> {
    let total = cumulative[cumulative.len() - 1];
    assert!(
        total > 0.0 && total.is_finite(),
        "{function}: the weights add up to {total}; the total must be greater than zero and \
         finite"
    );
    let mut draws = Draws::new(8 * k);
    (0..k)
        .map(|_| {
            let x = unit_float(expect_os(draws.u64(), function)) * total;
            &population[bisect_right(cumulative, x)]
        })
        .collect()
}

/// Python's `bisect(cum_weights, x, 0, n - 1)`: the number of cumulative weights among the
/// first `n - 1` that are at most `x`, which is the index of the first item whose cumulative
/// weight exceeds `x`, or the last item.
fn bisect_right(cumulative: &[f64], x: f64) -> usize {
    cumulative[..cumulative.len() - 1].partition_point(|&weight| weight <= x)
}

#[cfg(test)]
mod tests {
    use super::bisect_right;

    #[test]
    fn bisect_right_takes_the_first_item_whose_cumulative_weight_exceeds_x() {
        let cumulative = [1.0, 3.0, 3.0, 6.0];
        assert_eq!(bisect_right(&cumulative, 0.0), 0);
        assert_eq!(bisect_right(&cumulative, 0.999), 0);
        // On a boundary, the next item (`bisect_right`): item 0 covers [0, 1).
        assert_eq!(bisect_right(&cumulative, 1.0), 1);
        assert_eq!(bisect_right(&cumulative, 2.5), 1);
        // Item 2 has weight zero: [3, 3) is empty, so 3.0 belongs to item 3.
        assert_eq!(bisect_right(&cumulative, 3.0), 3);
        assert_eq!(bisect_right(&cumulative, 5.999), 3);
        // `x = total` (rounding): the last item, never past it.
        assert_eq!(bisect_right(&cumulative, 6.0), 3);
        // Leading zero weights are skipped.
        assert_eq!(bisect_right(&[0.0, 0.0, 2.0], 0.0), 2);
        assert_eq!(bisect_right(&[5.0], 4.0), 0);
    }
}
