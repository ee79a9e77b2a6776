//! The rule core of `secrets-rt`: one model of a password policy, one set of checks, the exact
//! counting behind a policy's entropy, and the unranking that generation draws through.
//! `secrets-rt`'s `password_policy!` (at compile time) and `Policy::parse` (at run time) both go
//! through it, so they accept the same policies with the same messages. It does no I/O and
//! draws no random numbers: to generate passwords, use `secrets-rt`, whose `password_policy!`
//! documents the grammar and every check.
//!
//! A policy checked and counted exactly (feature `text`):
//! ```
//! # #[cfg(feature = "text")] {
//! use secrets_policy::CheckedPolicy;
//!
//! let policy = CheckedPolicy::parse("len = 10, lower >= 1, upper >= 1, digits >= 3").unwrap();
//! assert_eq!(policy.password_count(), Some(172_120_264_792_320_000));
//! assert_eq!(format!("{:.4}", policy.entropy_bits()), "57.2562");
//! assert!(policy.is_satisfied_by("aB345cdefg"));
//! assert!(!policy.is_satisfied_by("aB34cdefgh")); // two digits
//! # }
//! ```
//!
//! Every problem, each with the byte range it is about:
//! ```
//! # #[cfg(feature = "text")] {
//! use secrets_policy::CheckedPolicy;
//!
//! let error = CheckedPolicy::parse("len = 8, digit >= 1, lower >= 9").unwrap_err();
//! assert_eq!(error.diagnostics().len(), 2);
//! assert!(error.message().starts_with("unknown class `digit`"));
//! assert_eq!(error.span(), 9..14);
//! # }
//! ```
//!
//! A website's rules in Apple's `passwordrules` language (feature `passwordrules`):
//! ```
//! # #[cfg(feature = "passwordrules")] {
//! use secrets_policy::CheckedPolicy;
//!
//! let site = "minlength: 8; maxlength: 12; required: lower; required: digit; max-consecutive: 2;";
//! let policy = CheckedPolicy::from_passwordrules(site).unwrap();
//! assert_eq!(policy.len(), 12);
//! assert!(!policy.is_satisfied_by("abc123456789")); // `abc` and `123` are sequences
//! # }
//! ```
//!
//! Two front ends feed it: the `password_policy!` macro (tokens, at compile time) and
//! `CheckedPolicy::parse` / `CheckedPolicy::from_passwordrules` (text, at run time). Both produce
//! the same unchecked model, and one set of checks turns that into a [`CheckedPolicy`] or a list
//! of [`Diagnostic`]s with the same words for both. A policy's sampler numbers the passwords it
//! allows `0 .. N` and turns a number into its password: pure arithmetic; `secrets-rt` draws
//! the number.
//!
//! # Glossary
//!
//! The rule core's code and docs use these words in these senses only.
//!
//! - **class**: a named set of characters: `lower`, `upper`, `digits`, `symbols`, or a custom
//!   class a policy defines (`lower = "abc"`). The alphabet is the union of the classes left in.
//! - **target**: what a bound counts: a class, a union of classes (`lower | digits`), or a
//!   quoted set (`"!@#"`). A **constraint** is a target with its bounds (`min ..= max`).
//! - **atom**: the characters that count toward exactly the same targets (one membership mask):
//!   interchangeable for counting. The multinomial count and walk work atom by atom.
//! - **letter**: what a position automaton reads: an atom, except that under `max_sequential`
//!   each character of `a-z`, `A-Z` and `0-9` is split off into a letter of its own (whether it
//!   continues a sequence depends on the character). Its **place** is where that character
//!   stands in its range (`sequence::place`).
//! - **run**: characters back to back that repeat one character (`aaa`, limited by
//!   `max_consecutive`) or step by one within a range (`abc`, `321`, limited by
//!   `max_sequential`).
//! - **table**: the completion counts a walk reads, built once per policy: a row per position and
//!   an entry per automaton state (`table/`), or a row per atom and an entry per number of free
//!   positions (the multinomial walk). Its first entry is the number of passwords. The position
//!   automata share one trait (`table::Automaton`: moves, entries, letters), one breadth-first
//!   builder of their states (`table::States`) and one row layout (`table::Rows`).
//! - **walk**: turning an index below the number of passwords into its password, by finding the
//!   block of the table's sum the index falls in, subtracting the blocks before it, and going on
//!   inside it (`unrank/`).
//! - **plan**: which count and which walk a policy uses (or the rejection fallback), decided once
//!   within the limits on work and memory (`plan.rs`).
//!
//! # Features
//!
//! The text front ends are default features, so that a build that only needs the model, the
//! checks and the counting (the `password_policy!` macro, which reads tokens) can leave them
//! out: `secrets-rt` and its macro depend on this crate with `default-features = false` and
//! turn them on with their own `parse` feature. The checks themselves, the plan and exact
//! counting are the feature `checks`, which the macro turns on and the text front ends imply:
//! without it, as in an application's copy of this crate when the text front ends are off, the
//! crate only decodes the policies the macro checked and walks them. With it, the walk (turning
//! a drawn index into its password) is the feature `walk`, which the text front ends imply too:
//! the macro's copy, with only `checks`, builds and counts tables but never draws.
//!
//! | Feature | Default | What it adds |
//! |---|---|---|
//! | `text` | on | `CheckedPolicy::parse` and `impl FromStr for CheckedPolicy` (the grammar as text), and `PolicyError` |
//! | `passwordrules` | on | `CheckedPolicy::from_passwordrules` and `CheckedPolicy::PASSWORDRULES_TARGET_LEN` (websites' rules), and `PolicyError` |
//! | `checks` | on (implied by both) | nothing public: the checks, the plan and the counting behind `__private::check` (for the macro) |
//! | `walk` | on (implied by both) | nothing public: with `checks`, the walk behind `__private::Sampler`'s draws and `__private::Scratch` (always there without `checks`) |
//!
//! Everything else ([`CheckedPolicy`] with its counting, checking of passwords and `Display` in
//! the grammar, [`Class`], [`Constraint`], [`Operand`], [`Diagnostic`], [`alphabet`]) is always
//! there.
//!
//! # Stability
//! The public API is what this page lists. The `__private` module (the unchecked model, the
//! checks that take it, the syntax messages, the sampler and its scratch buffers) and every
//! item whose name starts with `__` serve `secrets-rt` and its macro, which are released in
//! step with this crate: they are hidden from the docs and not covered by semver.
#![forbid(unsafe_code)]
// On docs.rs (`--cfg docsrs`, set in the package's metadata), feature-gated items get a badge.
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod alphabet;
#[cfg(feature = "checks")]
mod check;
mod class;
#[cfg(feature = "checks")]
mod count;
mod diagnostic;
mod display;
mod encoded;
#[cfg(any(feature = "text", feature = "passwordrules"))]
mod error;
mod fast_hash;
mod implied;
mod model;
mod nat;
#[cfg(feature = "checks")]
mod number;
#[cfg(feature = "checks")]
mod order;
// The text front ends (and the checks they instantiate) are compiled where they are called:
// every function of `text` and `passwordrules` is `#[inline]`, which in an unoptimized build
// leaves its code to the crate that calls it. An application that turns `parse` on but only
// uses `password_policy!` constants generates no code for them, and neither does the rule core,
// which the macro waits for. A function added there needs `#[inline]` too
// (the workspace's `tests/inline_build_cost.rs` checks).
#[cfg(feature = "passwordrules")]
mod passwordrules;
#[cfg(feature = "checks")]
mod plan;
mod policy;
mod problem;
mod render;
mod sequence;
#[cfg(feature = "checks")]
mod suggest;
mod syntax;
mod table;
#[cfg(feature = "text")]
mod text;
mod unrank;
mod walk_choice;

// The checks, under the names the text front ends of this crate call them by.
#[cfg(feature = "passwordrules")]
pub(crate) use check::check;
#[cfg(any(feature = "text", feature = "passwordrules"))]
pub(crate) use check::{check_parsed, range_start};
pub use class::Class;
pub use diagnostic::Diagnostic;
pub use diagnostic::DiagnosticKind;
#[cfg(any(feature = "text", feature = "passwordrules"))]
pub use error::PolicyError;
pub use policy::{CheckedPolicy, Constraint, Operand, MAX_ALPHABET, MAX_CONSTRAINTS, MAX_LEN};

/// Not public API: what `secrets-rt`, its `password_policy!` macro and the `secrets` command
/// share with the rule core. Hidden from the docs and not covered by semver: it changes
/// whenever they do, and they are released together.
#[doc(hidden)]
pub mod __private {
    #[cfg(feature = "checks")]
    pub use crate::check::{check, check_parsed, range_start};
    pub use crate::unrank::Sampler;
    #[cfg(any(feature = "walk", not(feature = "checks")))]
    pub use crate::unrank::Scratch;

    /// A checked policy as the bytes the `password_policy!` expansion embeds.
    pub mod encoded {
        pub use crate::encoded::*;
    }

    /// Lemire's multiply-and-reject, one copy for the rule core and `randbelow`.
    pub use crate::nat::below;

    /// The parsed, unchecked policy both front ends produce.
    pub mod model {
        pub use crate::model::*;
    }

    /// The messages of syntax errors, shared by both front ends.
    pub mod syntax {
        pub use crate::syntax::*;
    }
}
