//! [`SystemRandom`] as a `rand_core` 0.10 generator (feature `rand_core`), so that the `rand`
//! ecosystem (distributions, ranges, slice methods) can draw from the OS random source.

use rand_core::{Infallible, TryCryptoRng, TryRng};

use crate::SystemRandom;

/// `SystemRandom` is a `rand_core` generator backed by the operating system, marked as a
/// cryptographic one ([`TryCryptoRng`]); through `rand_core`'s blanket impls it is an
/// [`Rng`](rand_core::Rng) and a [`CryptoRng`](rand_core::CryptoRng), so `rand`'s
/// distributions and slice methods take it.
///
/// Every call asks the OS afresh: no state is kept between calls, so there is nothing to seed,
/// reseed or duplicate on `fork`. The error type is [`Infallible`]: like
/// [`SystemRandom::fill_bytes`], a failure of the OS source panics rather than return weak
/// bytes. For a fallible source, call [`SystemRandom::try_fill_bytes`], or use
/// `getrandom::SysRng`. `next_u32` and `next_u64` are 4 and 8 OS bytes, little-endian.
///
/// Inherent methods come first in method calls: `rng.sample(..)` and `rng.random()` are
/// [`SystemRandom::sample`] and [`SystemRandom::random`]; call `rand`'s as
/// `RngExt::sample(&mut rng, ..)`, or through a distribution as below.
///
/// # Examples
/// ```
/// use rand::distr::{Alphanumeric, Distribution, Uniform};
/// use rand::seq::{IndexedRandom, SliceRandom};
/// use rand::RngExt;
/// use secrets_rt::SystemRandom;
///
/// let mut rng = SystemRandom;
///
/// let die: u8 = rng.random_range(1..=6);
/// assert!((1..=6).contains(&die));
///
/// let percent = Uniform::new(0u32, 100).unwrap().sample(&mut rng);
/// assert!(percent < 100);
///
/// let code: String = Alphanumeric.sample_iter(&mut rng).take(12).map(char::from).collect();
/// assert_eq!(code.len(), 12);
///
/// let mut cards = ["A", "K", "Q", "J"];
/// cards.shuffle(&mut rng);
/// let drawn = cards.choose(&mut rng).unwrap();
/// assert!(cards.contains(drawn));
/// ```
impl TryRng for SystemRandom {
    type Error = Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        let mut bytes = [0; 4];
        // The inherent method, named in full: `self.fill_bytes` would pick `Rng::fill_bytes`,
        // which calls back into this impl.
        SystemRandom::fill_bytes(self, &mut bytes);
        Ok(u32::from_le_bytes(bytes))
    }

    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        let mut bytes = [0; 8];
        SystemRandom::fill_bytes(self, &mut bytes);
        Ok(u64::from_le_bytes(bytes))
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        SystemRandom::fill_bytes(self, dst);
        Ok(())
    }
}

/// The OS source is unpredictable: `SystemRandom` is fit for keys, tokens and passwords.
impl TryCryptoRng for SystemRandom {}
