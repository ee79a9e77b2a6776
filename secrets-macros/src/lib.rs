//! The procedural macro behind `secrets-rt`'s `password_policy!`: a password policy checked
//! while the application compiles, expanded to a constant `secrets_rt::Policy`.
//!
//! Use it through `secrets_rt::password_policy!` (depend on `secrets-rt` alone), which
//! documents the grammar and every check. This crate has no API of its own: its one item is
//! hidden and serves that macro.
//!
//! A policy as a constant:
//! ```
//! use secrets_rt::{password_policy, Policy};
//!
//! const CARD: Policy = password_policy!(len = 10, lower >= 1, upper >= 1, digits >= 3);
//! assert_eq!(CARD.password_count(), Some(172_120_264_792_320_000));
//! ```
//!
//! Custom sets, `exclude`, unions and run limits, in a `static` used by many threads:
//! ```
//! use secrets_rt::{password_policy, Policy};
//!
//! static SITE: Policy = password_policy!(
//!     len = 16,
//!     symbols = "!#%+-=@_",
//!     exclude = "Il1O0",
//!     lower | upper >= 4,
//!     symbols >= 1,
//!     max_consecutive = 2,
//! );
//! let password = SITE.generate();
//! assert!(SITE.is_satisfied_by(&password));
//! ```
//!
//! Every mistake is a compile error on the rule at fault, every problem of one policy at once:
//! ```compile_fail
//! use secrets_rt::{password_policy, Policy};
//!
//! // error: the minimums add up to 9, more than `len = 8`; lower them or raise `len`
//! // (then a note on each rule involved)
//! const P: Policy = password_policy!(len = 8, lower >= 3, upper >= 3, digits >= 3);
//! ```
//!
//! # How it works
//! `secrets_rt::password_policy!` is a `macro_rules!` front that calls this crate's hidden
//! `__password_policy!` with its own `$crate`: every path of the expansion starts with it, so
//! the macro works however the application reaches `secrets-rt` (renamed, or re-exported by
//! another crate). The macro runs three passes:
//!
//! - `parse`: tokens to the rule core's model (`secrets_policy::__private::model`), keeping
//!   where each piece's tokens are (`span`: ranges of the input's tokens) so errors point at
//!   the user's own rule;
//! - `secrets_policy::__private::check_parsed`: every semantic check, shared with `Policy::parse` at run
//!   time;
//! - `expand`: the checked policy as a constant expression.
//!
//! Every problem of one invocation is reported at once, syntax and checks together
//! (`report`).
#![forbid(unsafe_code)]
// On docs.rs (`--cfg docsrs`, set in the package's metadata), feature-gated items get a badge.
#![cfg_attr(docsrs, feature(doc_cfg))]

mod expand;
mod parse;
mod report;
mod span;

use proc_macro::TokenStream;

/// Not public API: the procedural half of `secrets_rt::password_policy!`, which documents the
/// grammar.
///
/// The input is the path of `secrets-rt` as the calling crate reaches it (the front's
/// `$crate`), a `;`, then the rules; every path of the expansion starts with that crate path,
/// so the macro works through a renamed or re-exported `secrets-rt`.
#[doc(hidden)]
#[proc_macro]
pub fn __password_policy(input: TokenStream) -> TokenStream {
    report::split_crate_path(input.into())
        .and_then(|(krate, rules)| report::password_policy(&krate, rules))
        .unwrap_or_else(report::into_compile_error)
        .into()
}
