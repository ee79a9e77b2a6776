//! The `password_policy!` macro of `secrets-rt`: a password policy checked while the
//! application compiles.
//!
//! Use it through `secrets_rt`, which re-exports it; the expansion refers to
//! `::secrets_rt::...` paths only. The macro runs three passes:
//!
//! - `parse`: tokens to the rule core's model (`secrets_policy::model`), keeping each piece's
//!   tokens (`span::Tokens`) so errors point at the user's own rule;
//! - `secrets_policy::check_parsed`: every semantic check, shared with `Policy::parse` at run
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

/// Checks a password policy at compile time and expands to a constant `secrets_rt::Policy`.
///
/// The input is a list of rules separated by commas (a trailing comma is allowed):
///
/// - `len = N`: the password length (required, 1 to 256);
/// - `CLASS >= N`, `CLASS <= N`, `CLASS == N`: how many characters of a class a password has,
///   where a class is `lower`, `upper`, `digits` or `symbols` (`CLASS == 0` leaves it out);
/// - `lower | upper >= 1`: a count over a union of classes or quoted sets (`"!@#" >= 1`);
/// - `CLASS = "chars"`: replaces a class's characters; `exclude = "chars"` removes characters
///   from every class;
/// - `min_entropy = BITS`: refuses the policy unless its exact entropy reaches `BITS`;
/// - `max_consecutive = N`: no character repeated more than `N` times in a row;
/// - `max_sequential = N`: no more than `N` characters in a row that step by one, up or down,
///   within `a-z`, `A-Z` or `0-9` (`abc`, `321`).
///
/// Every mistake is a compile error on the offending rule, and all of them are reported at
/// once. The expansion generates uniformly among the passwords the policy allows, however
/// strict (see `secrets_rt::Policy::generate`). The grammar, the checks and their messages are
/// exactly those of
/// `secrets_rt::Policy::parse`, and the expansion equals what `Policy::parse` returns for the
/// same text. The expression is constant: use it in a `const`, a `static` or a `let`.
///
/// ```
/// use secrets_rt::{password_policy, Policy};
///
/// const STRONG: Policy = password_policy!(len = 10, lower >= 1, upper >= 1, digits >= 3);
/// let password: String = STRONG.generate();
/// assert_eq!(password.len(), 10);
/// assert_eq!(STRONG.password_count(), Some(172_120_264_792_320_000));
/// ```
///
/// A mistake is a compile error on the rule at fault:
///
/// ```compile_fail
/// use secrets_rt::{password_policy, Policy};
///
/// // error: unknown class `digit`; expected one of `lower`, `upper`, `digits`, `symbols`
/// //        (did you mean `digits`?)
/// const STRONG: Policy = password_policy!(len = 10, digit >= 3);
/// ```
#[proc_macro]
pub fn password_policy(input: TokenStream) -> TokenStream {
    report::password_policy(input.into())
        .unwrap_or_else(report::into_compile_error)
        .into()
}
