//! Not public API: paths the `password_policy!` expansion refers to.
//!
//! The macro emits `$crate::__private::...` paths only (`$crate` being this crate as the caller
//! reaches it), so an application needs no other dependency in scope and no name of its own can
//! shadow what the expansion means.

pub use secrets_macros::__password_policy;
pub use secrets_policy::__private::Sampler;
pub use secrets_policy::{CheckedPolicy, Class, Constraint, Operand};
pub use std::borrow::Cow;
pub use std::option::Option::{None, Some};
pub use std::sync::OnceLock;
