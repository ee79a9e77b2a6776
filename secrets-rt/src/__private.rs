//! Not public API: paths the `password_policy!` expansion refers to.
//!
//! The macro emits `$crate::...` paths only (`$crate` being this crate as the caller reaches
//! it), so an application needs no other dependency in scope and no name of its own can shadow
//! what the expansion means. The expansion itself calls `Policy::__from_encoded`.

pub use secrets_macros::__password_policy;
