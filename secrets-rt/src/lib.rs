//! Python's `secrets` for Rust (crate docs: being written).
#![forbid(unsafe_code)]

// Runtime (tokens, sampling, comparison): being written.

// Password policies: `Policy`, generation, and the `password_policy!` macro.
#[doc(hidden)]
pub mod __private;
mod policy;
pub use policy::Policy;
pub use secrets_policy::{Class, Constraint, Operand, PolicyError};
/// Checks a password policy at compile time and expands to a constant [`Policy`].
#[doc(inline)]
pub use secrets_macros::password_policy;

// Passphrases and the `rand_core` traits: being written.
