//! The `password_policy!` macro of `secrets-rt`: a password policy checked while the
//! application compiles.
//!
//! Use it through `secrets_rt::password_policy!`, a `macro_rules!` front that calls this
//! crate's hidden `__password_policy!` with its own `$crate`: every path of the expansion
//! starts with it, so the macro works however the application reaches `secrets-rt`. The macro
//! runs three passes:
//!
//! - `parse`: tokens to the rule core's model (`secrets_policy::__private::model`), keeping each piece's
//!   tokens (`span::Tokens`) so errors point at the user's own rule;
//! - `secrets_policy::__private::check_parsed`: every semantic check, shared with `Policy::parse` at run
//!   time;
//! - `expand`: the checked policy as a constant expression.
//!
//! Every problem of one invocation is reported at once, syntax and checks together
//! (`report`).
#![forbid(unsafe_code)]

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
