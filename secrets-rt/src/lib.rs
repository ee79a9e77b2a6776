//! Python's [`secrets`](https://docs.python.org/3/library/secrets.html) for Rust: tokens,
//! unbiased random choices and a constant-time comparison, straight from the operating system;
//! plus password policies checked at compile time, with passwords drawn uniformly from exactly
//! what a policy allows, and passphrases with their exact entropy.
//!
//! A token, as Python makes it:
//! ```
//! use secrets_rt::{token_hex, token_urlsafe};
//!
//! let api_key = token_hex(32); // 32 random bytes, as 64 lowercase hex digits
//! assert_eq!(api_key.len(), 64);
//! let reset_url = format!("https://example.com/reset?token={}", token_urlsafe(None));
//! ```
//!
//! A password policy, checked while the application compiles (a mistake in it is a compile
//! error on the rule at fault; the grammar and every check are on [`password_policy!`]):
//! ```
//! use secrets_rt::{password_policy, Policy};
//!
//! const CARD: Policy = password_policy!(len = 10, lower >= 1, upper >= 1, digits >= 3);
//!
//! let password = CARD.generate(); // uniform among every password the policy allows
//! assert!(CARD.is_satisfied_by(&password));
//! assert_eq!(format!("{:.4}", CARD.entropy_bits()), "57.2562"); // exact, counted
//! ```
//!
//! A passphrase from the embedded EFF large word list (features `passphrase` and
//! `eff-wordlist`, on by default):
//! ```
//! # #[cfg(feature = "eff-wordlist")] {
//! use secrets_rt::{passphrase, Passphrase};
//!
//! let phrase = passphrase(6, " "); // six words: 77.5 bits
//! assert_eq!(phrase.split(' ').count(), 6);
//!
//! let spec = Passphrase::new(5).separator("-").capitalize(true).number(true);
//! let phrase = spec.generate(); // such as "Shimmy-Janitor-Landlord-Concise-Thinner0"
//! assert_eq!(spec.ambiguity(), None); // so `entropy_bits` is exact
//! # }
//! ```
//!
//! The same grammar reads policies from configuration at run time with [`Policy::parse`]
//! (feature `parse`, on by default), and websites' rules with [`Policy::from_passwordrules`].
//! For the `rand` ecosystem, `SysRng` (feature `rand_core`) is the OS source as a `rand_core`
//! 0.10 generator. The `secrets` command of the package `secrets-rt-cli` does all of this at
//! the command line.
//!
//! # From Python
//! | Python | Rust |
//! |---|---|
//! | `secrets.token_bytes()` / `token_bytes(16)` | [`token_bytes(None)`](token_bytes) / `token_bytes(16)` → `Vec<u8>` |
//! | `secrets.token_hex()` / `token_hex(16)` | [`token_hex(None)`](token_hex) / `token_hex(16)` → `String` |
//! | `secrets.token_urlsafe()` / `token_urlsafe(16)` | [`token_urlsafe(None)`](token_urlsafe) / `token_urlsafe(16)` → `String` |
//! | `secrets.DEFAULT_ENTROPY` (private in Python) | [`DEFAULT_ENTROPY`] |
//! | `secrets.choice(seq)` | [`choice(&seq)`](choice) → `&T`, or `char` for a string (`seq` may itself be a `&[T]` or `&str`) |
//! | `secrets.randbelow(n)` | [`randbelow(n)`](randbelow), any primitive integer type; `BigUint` and `BigInt` with the `num-bigint` feature |
//! | `secrets.randbits(k)` | [`randbits(k)`](randbits) → `u128`, `k <= 128` |
//! | `secrets.compare_digest(a, b)` | [`compare_digest(a, b)`](compare_digest) |
//! | `secrets.SystemRandom()` | [`SystemRandom`] |
//! | `SystemRandom().shuffle(x)` | [`SystemRandom.shuffle(&mut x)`](SystemRandom::shuffle) |
//! | `SystemRandom().sample(pop, k)` | [`SystemRandom.sample(&pop, k)`](SystemRandom::sample) → `Vec<&T>` |
//! | `SystemRandom().random()` | [`SystemRandom.random()`](SystemRandom::random) |
//! | `SystemRandom().randrange(stop)`, `(start, stop)`, `(start, stop, step)` | [`randrange`](SystemRandom::randrange), [`randrange_from`](SystemRandom::randrange_from), [`randrange_step`](SystemRandom::randrange_step) |
//! | `SystemRandom().randint(a, b)` | [`SystemRandom.randint(a, b)`](SystemRandom::randint) |
//! | `SystemRandom().choices(pop, k=k)`, `weights=`, `cum_weights=` | [`choices`](SystemRandom::choices), [`choices_weighted`](SystemRandom::choices_weighted), [`choices_cum_weighted`](SystemRandom::choices_cum_weighted) → `Vec<&T>` |
//! | `SystemRandom().uniform(a, b)` | [`SystemRandom.uniform(a, b)`](SystemRandom::uniform) |
//! | `string.ascii_letters`, `string.digits`, ... | [`alphabet::ASCII_LETTERS`], [`alphabet::DIGITS`], ... |
//!
//! Where Python raises an exception for a misused argument, Rust panics with a message that
//! names the function and the value, documented under each function's `# Panics`: `choice`
//! of an empty sequence (`IndexError` in Python, "Cannot choose from an empty sequence"),
//! `randbelow` of a bound `<= 0` and `sample` of more items than the population
//! (`ValueError`).
//!
//! # Features
//! | Feature | Default | What it adds |
//! |---|---|---|
//! | `parse` | on | policies read from text at run time: [`Policy::parse`] and `FromStr` (the grammar of [`password_policy!`]), [`Policy::from_passwordrules`] and [`Policy::PASSWORDRULES_TARGET_LEN`] (websites' rules), and [`PolicyError`] (the rule core's text front ends) |
//! | `passphrase` | on | [`Passphrase`], [`Ambiguity`], and [`Wordlist`] read from a file or from words (brings `unicode-normalization`) |
//! | `eff-wordlist` | on | the EFF large word list compiled in: [`Wordlist::eff_large`], `Wordlist::default`, [`Passphrase::new`] and [`passphrase()`] (brings `diceware_wordlists`; implies `passphrase`) |
//! | `serde` | off | [`Policy`] implements `Serialize` (as its grammar text) and `Deserialize` (through [`Policy::parse`], so a bad policy in a configuration file fails with the rule core's message); the `Deserialize` impl shows a JSON configuration (implies `parse`) |
//! | `rand_core` | off | `SysRng`, a `rand_core` 0.10 generator (`TryRng` and `TryCryptoRng`) over the OS source, so that `rand`'s `RngExt` methods, distributions and slice methods draw from the OS |
//! | `num-bigint` | off | [`randbelow`] of a `num_bigint::BigUint` or `BigInt` bound of any size, as Python's `randbelow` takes any `int` (one OS call, a second less than once in 2^64) |
//!
//! Tokens, `choice`, `randbelow`, `randbits`, `compare_digest`, [`SystemRandom`] and password
//! policies (the macro, checking, counting and generation) are always there: an application
//! whose policies are all written with the macro and that needs no passphrase builds faster
//! with `default-features = false`. Without `eff-wordlist`, [`Passphrase::with_wordlist`] draws
//! from a list of your own.
//!
//! # Guarantees
//! - **The OS is the only source.** Every call asks the operating system for fresh bytes
//!   through the [`getrandom`] crate, and this crate keeps no random state of its own between
//!   calls: there is nothing to seed or reseed, and nothing of ours that `fork` could duplicate
//!   into two processes. What answers depends on the platform:
//!   - Linux: the C library's `getrandom` function. With glibc 2.41 or later on Linux 6.11 or
//!     later (x86-64; 6.12 for aarch64, powerpc, loongarch64 and s390x) it usually answers from
//!     the vDSO, without a system call, from a per-thread generator state that lives in user
//!     memory. That state is the kernel's generator run in the process: the kernel allocates
//!     its pages (wiped in a child after `fork`, so a child never repeats its parent's bytes)
//!     and re-keys it from its own pool whenever that pool is reseeded, so the bytes are as
//!     good as the system call's. Older glibc, musl, and older kernels make the
//!     `getrandom(2)` system call each time.
//!   - macOS and OpenBSD: `getentropy`, a system call. FreeBSD: `getrandom(2)`.
//!   - Windows 10 and later: `ProcessPrng`, a generator inside the process that the system
//!     seeds (Windows has no `fork`).
//! - **Failure is preferred over weak bytes.** If the OS source fails, the infallible functions
//!   panic with a message naming the function (`token_hex: operating system random source
//!   failed: ...`), while [`SystemRandom::try_fill_bytes`], [`Passphrase::try_generate`] and
//!   [`Policy::try_generate`] return an [`Error`]. Nothing ever falls back to a weaker source.
//! - **Blocking.** A call can block only while the OS random source is not yet seeded, which
//!   happens during early boot (Linux before its entropy pool is initialized); afterwards it
//!   returns at once.
//! - **No bias.** [`randbelow`], [`choice`], [`SystemRandom::shuffle`],
//!   [`SystemRandom::sample`] and passphrases draw indices by rejection sampling (Lemire's
//!   multiply-and-reject), never with a bare `%` or mask, so every outcome is exactly equally
//!   likely.
//! - **OS calls per operation.** The tokens, [`randbits`], [`SystemRandom::random`] and
//!   [`SystemRandom::fill_bytes`]: one call (the OS may hand a request of many megabytes over
//!   in parts, which `getrandom` asks for in turn). [`randbelow`] and [`choice`]: one call,
//!   with the words a rejection might need fetched up front, so a second call happens less
//!   than once in a million. A passphrase: one call for the whole passphrase, up to 510 words
//!   with a digit. [`SystemRandom::shuffle`] and [`SystemRandom::sample`]: 8 bytes a swap,
//!   fetched 4 KiB at a time to keep memory small, so one call for up to 512 swaps and one
//!   more for each further 512 (a shuffle of 10,000 items makes 20).
//! - **Constant time, within limits.** [`compare_digest`] examines every byte of equal-length
//!   inputs without data-dependent branches (the [`subtle`] crate). Lengths are not hidden,
//!   and the compiler and CPU give no formal guarantee: it is best effort. A password's walk
//!   in [`Policy::generate`] (the step after its index is drawn) is constant time only below
//!   2^64 passwords with the position walk's small tables (the card policy `len = 10,
//!   lower >= 1, upper >= 1, digits >= 3` among them); [`Policy::generate_many`]'s walks of a
//!   group are not claimed; the repository's SECURITY.md says which walks are not, and why.
//! - **Wiped buffers.** Random bytes that are encoded before being returned ([`token_hex`],
//!   [`token_urlsafe`]), the words behind sampled indices and the word numbers behind a
//!   passphrase are held in [`zeroize`] buffers, wiped before they are freed.
//! - **Memory errors are named.** A passphrase too large for memory panics naming the function
//!   (`passphrase: ... do not fit in memory`) rather than aborting the process.
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
//!
//! # Stability
//! This crate follows semantic versioning: every `0.1.x` release keeps what is listed here
//! working as documented, and a breaking change waits for `0.2`. The public API is:
//!
//! - **Functions** (Python's `secrets`): [`token_bytes`], [`token_hex`], [`token_urlsafe`],
//!   [`DEFAULT_ENTROPY`], [`choice`], [`randbelow`], [`randbits`], [`compare_digest`]; with
//!   `eff-wordlist`, [`passphrase()`].
//! - **Python's `SystemRandom`**: [`SystemRandom`] and its methods (`randbelow`, `randbits`,
//!   `choice`, `randrange`, `randrange_from`, `randrange_step`, `randint`, `choices`,
//!   `choices_weighted`, `choices_cum_weighted`, `shuffle`, `sample`, `random`, `uniform`,
//!   `fill_bytes`, `try_fill_bytes`), and the sealed traits its arguments take: [`Integer`],
//!   [`PrimitiveInteger`], [`Sequence`] (sealed: they gain types, never required methods).
//! - **`rand` interop** (feature `rand_core`): `SysRng` and its `rand_core` 0.10 impls.
//! - **Errors**: [`Error`] (an OS failure: [`Error::raw_os_error`], its message through
//!   `Display`), with `parse`, [`PolicyError`]; with `passphrase`, [`WordlistError`].
//! - **Password policies**: [`password_policy!`] and its grammar, [`Policy`] and its methods,
//!   and the types its methods return: [`Class`], [`Constraint`], [`Operand`] (from the rule
//!   core, `secrets-policy`).
//! - **Passphrases** (feature `passphrase`): [`Passphrase`], [`Ambiguity`], [`Wordlist`].
//! - The [`alphabet`] constants, and each feature and what it brings.
//!
//! What may grow in a `0.1.x` release without breaking you: [`Class`], [`Operand`],
//! [`Ambiguity`] and [`WordlistError`] are `#[non_exhaustive]` (match with a `_` arm; the
//! error's variants, with `..`), [`Constraint`] may gain fields (read it, the rule core builds
//! it), and sealed traits may cover more types. A policy that a `0.1` release accepts stays
//! accepted, with the same passwords, by every later `0.1.x`; messages are written for people
//! and may be reworded (match on types and variants, not on text). The types of `rand_core`
//! (0.10), `num-bigint` (0.4) and `serde` (1) appear in feature-gated impls, so moving to a
//! new major version of one of them is a breaking change here; `getrandom`, which asks the OS,
//! appears nowhere in the API and may change in any release.
//!
//! Not covered: anything hidden from these docs: the `__private` and `__timing` modules and
//! every item whose name starts with `__` exist for this crate's macro, tests and tools. The
//! exact mapping from the OS's bytes to a value (which bytes make which password) is not a
//! promise either, only the distribution is. `secrets-macros` has no API of its own (use the
//! macro through this crate); `secrets-policy` keeps its own documented API under semver.
#![forbid(unsafe_code)]
// On docs.rs (`--cfg docsrs`, set in the package's metadata), feature-gated items get a badge.
#![cfg_attr(docsrs, feature(doc_cfg))]

// Runtime: tokens, unbiased sampling, comparison.
mod below;
mod choice;
mod choices;
mod compare;
mod decoded;
mod error;
mod os;
mod range;
mod system_random;
mod tokens;
mod wiped;

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
pub use range::PrimitiveInteger;
pub use system_random::SystemRandom;
pub use tokens::{token_bytes, token_hex, token_urlsafe, DEFAULT_ENTROPY};

/// Not public API: the secret-dependent steps of `token_hex` and `choice`, callable on chosen
/// inputs so that `scripts/constant-time.sh` can time them (a token's bytes and a drawn index
/// cannot be chosen through the public functions).
#[doc(hidden)]
pub mod __timing {
    pub use crate::choice::char_at;
    pub use crate::tokens::{encode_hex, encode_urlsafe};
}

// Password policies: `Policy`, generation, and the `password_policy!` macro.
#[doc(hidden)]
pub mod __private;
mod macros;
mod policy;
#[cfg(feature = "serde")]
mod policy_serde;
pub use policy::Policy;
#[cfg(feature = "parse")]
pub use secrets_policy::PolicyError;
pub use secrets_policy::{Class, Constraint, Operand};

// Passphrases and the `rand_core` generator
// Passphrases and word lists are compiled where they are called: every function of
// `passphrase` and `wordlist` is `#[inline]`, which in an unoptimized build leaves its code to
// the crate that calls it, so that an application that only makes passwords or tokens does not
// compile them (nor the parts of `unicode-normalization` they use). A function added there
// needs `#[inline]` too (the workspace's `tests/inline_build_cost.rs` checks).
#[cfg(feature = "passphrase")]
mod passphrase;
#[cfg(feature = "rand_core")]
mod sys_rng;
#[cfg(feature = "passphrase")]
mod wordlist;
#[cfg(feature = "eff-wordlist")]
pub use passphrase::passphrase;
#[cfg(feature = "passphrase")]
pub use passphrase::{Ambiguity, Passphrase};
#[cfg(feature = "rand_core")]
pub use sys_rng::SysRng;
#[cfg(feature = "passphrase")]
pub use wordlist::{Wordlist, WordlistError};
