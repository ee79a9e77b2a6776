//! `SystemRandom`: every operation of the runtime as a method, like Python's
//! `random.SystemRandom`.

use zeroize::Zeroizing;

use crate::below::{self, Integer};
use crate::choice::Sequence;
use crate::os::{self, expect_os, Draws};
use crate::Error;

/// The operating system's random source, with the methods of Python's `random.SystemRandom`
/// that `secrets.SystemRandom()` gives a Python program.
///
/// A unit struct that holds nothing: every method asks the OS for fresh bytes, so there is no
/// state to seed, share, lock or duplicate across `fork`. Copy it, store it, or write
/// `SystemRandom` wherever one is needed. The free functions ([`randbelow`](crate::randbelow),
/// [`randbits`](crate::randbits), [`choice`](crate::choice)) call these methods.
///
/// | Python | Rust |
/// |---|---|
/// | `randrange(stop)`, `randrange(start, stop)`, `randrange(start, stop, step)` | [`randrange(stop)`](SystemRandom::randrange), [`randrange_from(start, stop)`](SystemRandom::randrange_from), [`randrange_step(start, stop, step)`](SystemRandom::randrange_step) |
/// | `randint(a, b)` | [`randint(a, b)`](SystemRandom::randint) |
/// | `choice(seq)` | [`choice(&seq)`](SystemRandom::choice) |
/// | `choices(pop, k=k)`, `choices(pop, weights, k=k)`, `choices(pop, cum_weights=c, k=k)` | [`choices(&pop, k)`](SystemRandom::choices), [`choices_weighted(&pop, &weights, k)`](SystemRandom::choices_weighted), [`choices_cum_weighted(&pop, &c, k)`](SystemRandom::choices_cum_weighted) |
/// | `shuffle(x)` | [`shuffle(&mut x)`](SystemRandom::shuffle) |
/// | `sample(pop, k)` | [`sample(&pop, k)`](SystemRandom::sample) |
/// | `random()` | [`random()`](SystemRandom::random) |
/// | `uniform(a, b)` | [`uniform(a, b)`](SystemRandom::uniform) |
/// | `getrandbits(k)`, `randbytes(n)` | [`randbits(k)`](SystemRandom::randbits), [`fill_bytes`](SystemRandom::fill_bytes) or [`token_bytes(n)`](crate::token_bytes) |
///
/// Python's other distributions (`gauss`, `expovariate`, ...) are not here: they are not for
/// secrets. Where Python raises for a misused argument, these methods panic with a message
/// naming the method and the values, documented under `# Panics`.
///
/// `SystemRandom` does not implement `rand`'s traits, so that its Python names never shadow
/// `rand`'s methods: for `rand` (0.10), use `SysRng` (feature `rand_core`),
/// the same OS source as a `rand_core` generator.
///
/// # Examples
/// ```
/// use secrets_rt::SystemRandom;
///
/// let rng = SystemRandom;
/// let mut deck: Vec<u32> = (1..=52).collect();
/// rng.shuffle(&mut deck);
/// let hand = rng.sample(&deck, 5);
/// assert_eq!(hand.len(), 5);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct SystemRandom;

impl SystemRandom {
    /// A random integer in `[0, exclusive_upper_bound)`, uniformly, for every [`Integer`] type;
    /// see [`randbelow`](crate::randbelow) for the method.
    ///
    /// # Panics
    /// If `exclusive_upper_bound` is zero or negative:
    /// `randbelow: exclusive_upper_bound must be positive, got -3`.
    ///
    /// # Examples
    /// ```
    /// use secrets_rt::SystemRandom;
    ///
    /// assert!(SystemRandom.randbelow(10) < 10);
    /// assert!(SystemRandom.randbelow(i128::MAX) >= 0);
    /// ```
    #[must_use]
    #[track_caller]
    // By value, as Python's `randbelow(n)` and as primitive integers are passed (`randbelow(6)`);
    // a big integer bound is only read.
    #[allow(clippy::needless_pass_by_value)]
    pub fn randbelow<T: Integer>(&self, exclusive_upper_bound: T) -> T {
        below::draw_below(&exclusive_upper_bound)
    }

    /// A random `u128` uniform in `[0, 2^k)`; `randbits(0)` is `0` and asks the OS for nothing.
    ///
    /// # Panics
    /// If `k > 128`: `randbits: k must be at most 128, got 129`.
    ///
    /// # Examples
    /// ```
    /// use secrets_rt::SystemRandom;
    ///
    /// assert!(SystemRandom.randbits(3) < 8);
    /// ```
    #[must_use]
    #[track_caller]
    pub fn randbits(&self, k: u32) -> u128 {
        match k {
            0 => 0,
            1..=128 => expect_os(below::bits(k), "randbits"),
            _ => panic!("randbits: k must be at most 128, got {k}"),
        }
    }

    /// An item of `sequence`, uniformly: an element of a slice, vector or array, or a
    /// character of a string; see [`choice`](crate::choice).
    ///
    /// # Panics
    /// If `sequence` is empty: `choice: cannot choose from an empty sequence`.
    ///
    /// # Examples
    /// ```
    /// use secrets_rt::SystemRandom;
    ///
    /// let coin = SystemRandom.choice(&["heads", "tails"]);
    /// assert!(*coin == "heads" || *coin == "tails");
    /// ```
    #[must_use]
    #[track_caller]
    pub fn choice<S: Sequence>(&self, sequence: S) -> S::Item {
        let count = sequence.item_count();
        assert!(count > 0, "choice: cannot choose from an empty sequence");
        sequence.item(expect_os(below::index_below_once(count), "choice"))
    }

    /// Puts `items` in a uniformly random order, in place.
    ///
    /// Fisher–Yates: going down from the last position, each position takes an item drawn
    /// without bias from those not yet placed, so each of the `n!` orders is equally likely.
    /// Each swap takes an 8-byte word, fetched in batches of at most 4 KiB so that memory stays
    /// small: one OS call for up to 513 items (512 swaps), then one more for each further 512
    /// swaps (a shuffle of 10,000 items makes 20 calls).
    ///
    /// # Examples
    /// ```
    /// use secrets_rt::SystemRandom;
    ///
    /// let mut cards = ['A', 'K', 'Q', 'J'];
    /// SystemRandom.shuffle(&mut cards);
    /// cards.sort_unstable();
    /// assert_eq!(cards, ['A', 'J', 'K', 'Q']);
    /// ```
    #[track_caller]
    pub fn shuffle<T>(&self, items: &mut [T]) {
        // One word per swap; a rare rejection simply refills.
        let mut draws = Draws::new(8 * items.len());
        for last in (1..items.len()).rev() {
            let other = expect_os(below::index_below(last + 1, &mut draws), "shuffle");
            items.swap(last, other);
        }
    }

    /// `k` items of `population` at `k` distinct positions, chosen uniformly: every ordered
    /// selection is equally likely, as with Python's `random.sample`.
    ///
    /// Items are references into `population`; equal items at different positions may both be
    /// chosen. Takes time and memory proportional to `population.len()`, and an OS call for
    /// each 512 items taken (8 bytes each, in batches of at most 4 KiB).
    ///
    /// # Panics
    /// If `k` is larger than the population:
    /// `sample: cannot take 4 distinct items from a population of 3`.
    ///
    /// # Examples
    /// ```
    /// use secrets_rt::SystemRandom;
    ///
    /// let players = ["ana", "bo", "cy", "di", "ed"];
    /// let team = SystemRandom.sample(&players, 2);
    /// assert_eq!(team.len(), 2);
    /// assert_ne!(team[0], team[1]);
    /// ```
    #[must_use]
    #[track_caller]
    pub fn sample<'a, T>(&self, population: &'a [T], k: usize) -> Vec<&'a T> {
        let len = population.len();
        assert!(
            k <= len,
            "sample: cannot take {k} distinct items from a population of {len}"
        );
        // A partial Fisher–Yates over positions: step `i` swaps into place `i` a position drawn
        // uniformly from the `len - i` not yet taken, so the first `k` are a uniform ordered
        // selection. The positions reveal the sample, so they are wiped afterwards.
        let mut positions = Zeroizing::new((0..len).collect::<Vec<usize>>());
        let mut draws = Draws::new(8 * k);
        for i in 0..k {
            let offset = expect_os(below::index_below(len - i, &mut draws), "sample");
            positions.swap(i, i + offset);
        }
        positions[..k]
            .iter()
            .map(|&position| &population[position])
            .collect()
    }

    /// A random `f64` in `[0, 1)`: a uniform multiple of `2^-53`, from 53 random bits, as
    /// Python's `random.random`.
    ///
    /// # Examples
    /// ```
    /// use secrets_rt::SystemRandom;
    ///
    /// let x = SystemRandom.random();
    /// assert!((0.0..1.0).contains(&x));
    /// ```
    #[must_use]
    pub fn random(&self) -> f64 {
        unit_float(expect_os(Draws::new(8).u64(), "random"))
    }

    /// A random `f64` between `a` and `b`: Python's `uniform(a, b)`, which is
    /// `a + (b - a) * random()`.
    ///
    /// As in Python, `a` may be above `b` (the result then lies between `b` and `a`), and
    /// whether the end `b` can come out depends on floating-point rounding. When `b - a`
    /// overflows (bounds near `f64::MAX` of opposite signs), the result is computed as
    /// `a * (1 - r) + b * r` instead, which stays finite.
    ///
    /// # Panics
    /// If `a` or `b` is infinite or not a number (Python would return `inf` or `nan`):
    /// `uniform: the bounds must be finite, got a 0, b inf`.
    ///
    /// # Examples
    /// ```
    /// use secrets_rt::SystemRandom;
    ///
    /// let temperature = SystemRandom.uniform(-10.0, 35.0);
    /// assert!((-10.0..=35.0).contains(&temperature));
    /// assert_eq!(SystemRandom.uniform(2.5, 2.5), 2.5);
    /// ```
    #[must_use]
    #[track_caller]
    pub fn uniform(&self, a: f64, b: f64) -> f64 {
        assert!(
            a.is_finite() && b.is_finite(),
            "uniform: the bounds must be finite, got a {a}, b {b}"
        );
        let r = unit_float(expect_os(Draws::new(8).u64(), "uniform"));
        let width = b - a;
        if width.is_finite() {
            a + width * r
        } else {
            a * (1.0 - r) + b * r
        }
    }

    /// Fills `dest` with random bytes from the OS, in one call.
    ///
    /// # Examples
    /// ```
    /// use secrets_rt::SystemRandom;
    ///
    /// let mut nonce = [0u8; 12];
    /// SystemRandom.fill_bytes(&mut nonce);
    /// ```
    pub fn fill_bytes(&self, dest: &mut [u8]) {
        expect_os(os::fill(dest), "fill_bytes");
    }

    /// Fills `dest` with random bytes from the OS, or says why it could not.
    ///
    /// # Errors
    /// When the OS random source fails. `dest` may then hold some random bytes, but must not be
    /// used; no weaker source is ever used instead.
    ///
    /// # Examples
    /// ```
    /// use secrets_rt::{Error, SystemRandom};
    ///
    /// fn new_key() -> Result<[u8; 32], Error> {
    ///     let mut key = [0u8; 32];
    ///     SystemRandom.try_fill_bytes(&mut key)?;
    ///     Ok(key)
    /// }
    /// assert!(new_key().is_ok());
    /// ```
    pub fn try_fill_bytes(&self, dest: &mut [u8]) -> Result<(), Error> {
        os::fill(dest)
    }
}

/// A uniform multiple of `2^-53` in `[0, 1)` from a random word, as Python's `random()`.
pub(crate) fn unit_float(word: u64) -> f64 {
    // The top 53 bits: every integer below 2^53 is an exact f64, and scaling by the power of
    // two 2^-53 is exact, so all 2^53 results are equally likely and below 1.
    (word >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

#[cfg(test)]
mod tests {
    use super::{unit_float, SystemRandom};
    use crate::os::fills_on_this_thread;

    #[test]
    #[allow(
        clippy::float_cmp,
        reason = "every value here is an exact multiple of 2^-53"
    )]
    fn unit_float_spans_zero_to_just_below_one() {
        assert_eq!(unit_float(0), 0.0);
        assert_eq!(unit_float(u64::MAX), 1.0 - 2f64.powi(-53));
        assert_eq!(unit_float(1 << 63), 0.5);
        // The low 11 bits are dropped.
        assert_eq!(unit_float((1 << 11) - 1), 0.0);
        assert_eq!(unit_float(1 << 11), 2f64.powi(-53));
    }

    /// The OS calls `operation` makes on this thread.
    fn calls<R>(operation: impl FnOnce() -> R) -> usize {
        let before = fills_on_this_thread();
        let _ = operation();
        fills_on_this_thread() - before
    }

    /// The OS calls the docs promise: single-word operations make one; shuffles and samples
    /// one per 512 words. (A rejection could add one; for these bounds that has probability
    /// below 2^-50.)
    #[test]
    fn os_calls_per_operation_are_as_documented() {
        let items: Vec<u32> = (0..10_000).collect();
        assert_eq!(calls(|| SystemRandom.shuffle(&mut items.clone())), 20);
        assert_eq!(calls(|| SystemRandom.shuffle(&mut [0u8; 513])), 1);
        assert_eq!(calls(|| SystemRandom.shuffle(&mut [0u8; 514])), 2);
        assert_eq!(calls(|| SystemRandom.sample(&items, 512)), 1);
        assert_eq!(calls(|| SystemRandom.sample(&items, 513)), 2);
        assert_eq!(calls(|| SystemRandom.randbelow(6)), 1);
        assert_eq!(calls(|| SystemRandom.choice(&items)), 1);
        assert_eq!(calls(|| SystemRandom.random()), 1);
        assert_eq!(calls(|| SystemRandom.uniform(-1.0, 1.0)), 1);
        assert_eq!(calls(|| SystemRandom.randint(1, 6)), 1);
        assert_eq!(calls(|| SystemRandom.randint(i128::MIN, i128::MAX)), 1);
        assert_eq!(calls(|| SystemRandom.randrange_step(0, 1000, 7)), 1);
        assert_eq!(calls(|| SystemRandom.choices(&items, 512)), 1);
        assert_eq!(calls(|| SystemRandom.choices(&items, 513)), 2);
        assert_eq!(
            calls(|| SystemRandom.choices_weighted(&[1, 2], &[1.0, 3.0], 512)),
            1
        );
        assert_eq!(calls(|| SystemRandom.randbits(128)), 1);
        assert_eq!(calls(|| SystemRandom.fill_bytes(&mut vec![0; 1 << 16])), 1);
        assert_eq!(calls(|| crate::token_hex(32)), 1);
    }
}
