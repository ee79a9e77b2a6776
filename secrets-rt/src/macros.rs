//! The `password_policy!` macro: a `macro_rules!` front that hands the procedural macro the
//! path of this crate (`$crate`), so that the expansion's paths resolve however the calling
//! crate reaches `secrets-rt`: by its own name, renamed in `Cargo.toml`, or re-exported by
//! another crate. The rule tokens pass through untouched, each keeping its span, so a compile
//! error still points at the user's own rule.

/// Checks a password policy at compile time and expands to a constant [`Policy`](crate::Policy).
///
/// Every mistake is a compile error on the offending rule, and all of them are reported at
/// once. The expansion generates uniformly among the passwords the policy allows, however
/// strict (see [`Policy::generate`](crate::Policy::generate)). The grammar, the checks and
/// their messages are exactly those of [`Policy::parse`](crate::Policy::parse), and the
/// expansion equals what `Policy::parse` returns for the same text. The expression is
/// constant: use it in a `const`, a `static` or a `let`.
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
///
/// The macro works however the application reaches `secrets-rt`: through a renamed
/// dependency (`secrets = { package = "secrets-rt", .. }`, then `secrets::password_policy!`)
/// or through another crate that re-exports it. (It hands its own `$crate` to the procedural
/// macro of `secrets-macros`, which writes every path of the expansion through it.)
///
/// The grammar and every check follow: the same text, kept in the package as
/// `docs/grammar.md` and `docs/checks.md`.
///
#[doc = include_str!("../docs/grammar.md")]
#[doc = ""]
#[doc = include_str!("../docs/checks.md")]
#[macro_export]
macro_rules! password_policy {
    ($($rules:tt)*) => {
        $crate::__private::__password_policy!($crate; $($rules)*)
    };
}
