//! Test only: a library that re-exports `secrets_rt`, as a framework might. Its own
//! dependency on `secrets-rt` is named `inner`, so that its integration test
//! (`tests/reexport.rs`), which sees only this crate and `inner`, has no `secrets_rt` in scope.
#![forbid(unsafe_code)]

/// The whole crate, re-exported under its own name.
pub use inner as secrets_rt;
/// The macro and the type, re-exported at this crate's root.
pub use inner::{password_policy, Policy};
