//! The rule core of `secrets-rt`: one model of a password policy, one set of checks, the exact
//! counting behind a policy's entropy, and the unranking that generation draws through.
//!
//! Two front ends feed it: the `password_policy!` macro (tokens, at compile time) and
//! [`Policy::parse`] / [`Policy::from_passwordrules`] (text, at run time). Both produce a
//! [`model::PolicySpec`], and [`check()`] turns that into a [`Policy`] or a list of
//! [`Diagnostic`]s with the same words for both. A policy's [`Sampler`] numbers the passwords it
//! allows `0 .. N` and turns a number into its password: pure arithmetic. This crate does no
//! I/O and draws no random numbers; `secrets-rt` draws the number.
#![forbid(unsafe_code)]

pub mod alphabet;
mod check;
mod class;
mod count;
mod diagnostic;
mod display;
mod error;
mod fast_hash;
pub mod model;
mod nat;
mod number;
mod passwordrules;
mod policy;
mod render;
mod sequence;
mod suggest;
pub mod syntax;
mod text;
mod unrank;

pub use check::{check, check_parsed};
pub use class::Class;
pub use diagnostic::Diagnostic;
pub use error::PolicyError;
pub use policy::{
    Constraint, Operand, Policy, SamplerCell, MAX_ALPHABET, MAX_CONSTRAINTS, MAX_LEN,
};
pub use unrank::{Sampler, Scratch};
