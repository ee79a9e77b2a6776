//! Test only: a library that re-exports `secrets_rt`, as a framework might, for
//! `secrets-hygiene-reexport` to use without depending on `secrets-rt` itself.
#![forbid(unsafe_code)]

/// The whole crate, re-exported.
pub use secrets_rt;
/// The macro and the type, re-exported at this crate's root.
pub use secrets_rt::{password_policy, Policy};
