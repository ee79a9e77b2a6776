//! Python's [`secrets`](https://docs.python.org/3/library/secrets.html) for Rust: tokens,
//! unbiased random choices and a constant-time comparison, straight from the operating system;
//! plus password policies checked at compile time.
//!
//! # Guarantees
//! - **The OS is the only source.** Every call asks the operating system for fresh bytes (the
//!   [`getrandom`] crate: `getrandom(2)` on Linux and FreeBSD, `getentropy` on macOS and
//!   OpenBSD, `ProcessPrng` on Windows). No random state is kept in user space between calls: there is
//!   nothing to seed or reseed, and nothing that `fork` could duplicate into two processes.
//! - **Failure is preferred over weak bytes.** If the OS source fails, the infallible functions
//!   panic with a message naming the function (`token_hex: operating system random source
//!   failed: ...`), while [`SystemRandom::try_fill_bytes`] and [`Policy::try_generate`] return
//!   an [`Error`]. Nothing ever falls back to a weaker source.
//! - **Blocking.** A call can block only while the OS random source is not yet seeded, which
//!   happens during early boot (Linux before its entropy pool is initialized); afterwards it
//!   returns at once.
//! - **No bias.** [`randbelow`], [`choice`], [`SystemRandom::shuffle`] and
//!   [`SystemRandom::sample`] draw indices by rejection sampling (Lemire's multiply-and-reject),
//!   never with a bare `%` or mask, so every outcome is exactly equally likely. Rounds that
//!   might be rejected are fetched up front, so a call usually makes one OS call.
//! - **Constant time, within limits.** [`compare_digest`] examines every byte of equal-length
//!   inputs without data-dependent branches (the [`subtle`] crate). Lengths are not hidden,
//!   and the compiler and CPU give no formal guarantee: it is best effort.
//! - **Wiped buffers.** Random bytes that are encoded before being returned ([`token_hex`],
//!   [`token_urlsafe`]) and the words behind sampled indices are held in [`zeroize`] buffers,
//!   wiped before they are freed.
//!
//! # From Python
//! | Python | Rust |
//! |---|---|
//! | `secrets.token_bytes()` / `token_bytes(16)` | [`token_bytes(None)`](token_bytes) / `token_bytes(16)` → `Vec<u8>` |
//! | `secrets.token_hex()` / `token_hex(16)` | [`token_hex(None)`](token_hex) / `token_hex(16)` → `String` |
//! | `secrets.token_urlsafe()` / `token_urlsafe(16)` | [`token_urlsafe(None)`](token_urlsafe) / `token_urlsafe(16)` → `String` |
//! | `secrets.DEFAULT_ENTROPY` (private in Python) | [`DEFAULT_ENTROPY`] |
//! | `secrets.choice(seq)` | [`choice(&seq)`](choice) → `&T`, or `char` for a string |
//! | `secrets.randbelow(n)` | [`randbelow(n)`](randbelow), any primitive integer type |
//! | `secrets.randbits(k)` | [`randbits(k)`](randbits) → `u128`, `k <= 128` |
//! | `secrets.compare_digest(a, b)` | [`compare_digest(a, b)`](compare_digest) |
//! | `secrets.SystemRandom()` | [`SystemRandom`] |
//! | `SystemRandom().shuffle(x)` | [`SystemRandom.shuffle(&mut x)`](SystemRandom::shuffle) |
//! | `SystemRandom().sample(pop, k)` | [`SystemRandom.sample(&pop, k)`](SystemRandom::sample) → `Vec<&T>` |
//! | `SystemRandom().random()` | [`SystemRandom.random()`](SystemRandom::random) |
//! | `string.ascii_letters`, `string.digits`, ... | [`alphabet::ASCII_LETTERS`], [`alphabet::DIGITS`], ... |
//!
//! A `ValueError` in Python (an empty sequence, a bound `<= 0`) is a panic here that names the
//! function and the value, documented under each function's `# Panics`.
//!
//! # Recipes
//! Python's recipes, one for one (`cargo run -p secrets-rt --example recipes` runs them all):
//! ```
//! use secrets_rt::{alphabet, choice, token_urlsafe};
//!
//! // An eight-character alphanumeric password.
//! let password: String = (0..8).map(|_| choice(alphabet::ALPHANUMERIC)).collect();
//! assert_eq!(password.len(), 8);
//!
//! // Ten characters with at least one lowercase, one uppercase and three digits.
//! let password = loop {
//!     let candidate: String = (0..10).map(|_| choice(alphabet::ALPHANUMERIC)).collect();
//!     if candidate.chars().any(|c| c.is_ascii_lowercase())
//!         && candidate.chars().any(|c| c.is_ascii_uppercase())
//!         && candidate.chars().filter(char::is_ascii_digit).count() >= 3
//!     {
//!         break candidate;
//!     }
//! };
//! assert_eq!(password.len(), 10);
//!
//! // An XKCD-style passphrase (use a real word list: four words from four are no secret).
//! let words = ["correct", "horse", "battery", "staple"];
//! let passphrase = (0..4).map(|_| *choice(&words)).collect::<Vec<_>>().join(" ");
//! assert_eq!(passphrase.split(' ').count(), 4);
//!
//! // A hard-to-guess password-reset URL.
//! let url = format!("https://example.com/reset={}", token_urlsafe(None));
//! assert_eq!(url.len(), "https://example.com/reset=".len() + 43);
//! ```
#![forbid(unsafe_code)]

// Runtime: tokens, unbiased sampling, comparison.
mod below;
mod choice;
mod compare;
mod error;
mod os;
mod system_random;
mod tokens;

/// The character sets of Python's `string` module, with exactly its contents.
///
/// # Examples
/// ```
/// use secrets_rt::{alphabet, choice};
///
/// assert_eq!(alphabet::ALPHANUMERIC.len(), 62);
/// assert!(alphabet::HEXDIGITS.contains(choice(alphabet::HEXDIGITS)));
/// ```
#[doc(inline)]
pub use secrets_policy::alphabet;

pub use below::{randbelow, randbits, Integer};
pub use choice::{choice, Sequence};
pub use compare::compare_digest;
pub use error::Error;
pub use system_random::SystemRandom;
pub use tokens::{token_bytes, token_hex, token_urlsafe, DEFAULT_ENTROPY};

/// Not public API: the secret-dependent steps of `token_hex` and `choice`, callable on chosen
/// inputs so that `scripts/constant-time.sh` can time them (a token's bytes and a drawn index
/// cannot be chosen through the public functions).
#[doc(hidden)]
pub mod __timing {
    pub use crate::choice::char_at;
    pub use crate::tokens::encode_hex;
}

// Password policies: `Policy`, generation, and the `password_policy!` macro.
#[doc(hidden)]
pub mod __private;
mod policy;
pub use policy::Policy;
/// Checks a password policy at compile time and expands to a constant [`Policy`].
#[doc(inline)]
pub use secrets_macros::password_policy;
pub use secrets_policy::{Class, Constraint, Operand, PolicyError};

// Passphrases and the `rand_core` traits
mod passphrase;
#[cfg(feature = "rand_core")]
mod rand_core_impl;
mod wordlist;
pub use passphrase::passphrase;
pub use wordlist::{Wordlist, WordlistError};
