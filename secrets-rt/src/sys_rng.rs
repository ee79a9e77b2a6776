//! [`SysRng`]: the operating system's random source as a `rand_core` 0.10 generator (feature
//! `rand_core`), so that the `rand` ecosystem (distributions, ranges, slice methods) draws
//! from it.

use rand_core::{Infallible, TryCryptoRng, TryRng};

use crate::os::{self, expect_os};

/// The operating system's random source as a [`rand_core`] generator: [`TryRng`] and
/// [`TryCryptoRng`], and so, through `rand_core`'s blanket impls, [`Rng`](rand_core::Rng) and
/// [`CryptoRng`](rand_core::CryptoRng). Every method of `rand`'s `RngExt`, its distributions
/// and its slice methods take it.
///
/// A unit struct with no methods of its own, so that every `rand` method resolves as `rand`
/// documents it (`rng.random()`, `rng.sample(..)`); Python's methods are on
/// [`SystemRandom`](crate::SystemRandom). Every call asks the OS afresh: no state is kept
/// between calls, so there is nothing to seed, reseed or duplicate on `fork`. `next_u32` and
/// `next_u64` are 4 and 8 OS bytes, little-endian; `fill_bytes` is one OS call.
///
/// The error type is [`Infallible`]: `rand` cannot receive an error, so a failure of the OS
/// source panics (`SysRng: operating system random source failed: ...`) rather than return weak
/// bytes. For a fallible source, call [`SystemRandom::try_fill_bytes`](crate::SystemRandom::try_fill_bytes).
///
/// # Examples
/// ```
/// use rand::distr::{Alphanumeric, Distribution, Uniform};
/// use rand::seq::{IndexedRandom, SliceRandom};
/// use rand::RngExt;
/// use secrets_rt::SysRng;
///
/// let mut rng = SysRng;
///
/// let key: u64 = rng.random();
/// let die: u8 = rng.random_range(1..=6);
/// assert!((1..=6).contains(&die));
/// let letter = char::from(rng.sample(Alphanumeric));
/// assert!(letter.is_ascii_alphanumeric());
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
/// # let _ = key;
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct SysRng;

impl TryRng for SysRng {
    type Error = Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        let mut bytes = [0; 4];
        fill(&mut bytes);
        Ok(u32::from_le_bytes(bytes))
    }

    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        let mut bytes = [0; 8];
        fill(&mut bytes);
        Ok(u64::from_le_bytes(bytes))
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        fill(dst);
        Ok(())
    }
}

/// The OS source is unpredictable: `SysRng` is fit for keys, tokens and passwords.
impl TryCryptoRng for SysRng {}

/// Fills `dest` from the OS, or panics naming `SysRng`.
#[track_caller]
fn fill(dest: &mut [u8]) {
    expect_os(os::fill(dest), "SysRng");
}
