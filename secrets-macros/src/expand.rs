//! The expansion: a checked policy written out as a constant expression of
//! `$crate::Policy`.
//!
//! The policy is embedded as one byte string literal (the rule core's
//! `__private::encoded` format), which `secrets-rt` decodes once, on first use, into the same
//! checked policy. A literal is what the compiler checks and evaluates fastest: a structure of
//! borrowed parts (`Cow`s, slices of characters, constraints) cost it milliseconds per policy.
//! The expression is constant, so it is usable in `const`, `static` and `let` alike, and equals
//! what `Policy::parse` builds from the same text. Its one path starts with the crate path that
//! `secrets_rt::password_policy!` hands over (its `$crate`), so the expansion works however the
//! application names `secrets-rt` (renamed, or re-exported by another crate) and no name in the
//! user's scope can change what it means.

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use secrets_policy::__private::encoded;
use secrets_policy::CheckedPolicy;

/// The expression for `policy`.
pub(crate) fn expand(krate: &TokenStream, policy: &CheckedPolicy) -> TokenStream {
    let bytes = Literal::byte_string(&encoded::encode(policy));
    quote!(#krate::Policy::__from_encoded(#bytes))
}
