//! Not public API: paths the `password_policy!` expansion refers to.
//!
//! The macro emits `::secrets_rt::__private::...` paths only, so an application needs no other
//! dependency in scope and no name of its own can shadow what the expansion means.

pub use secrets_policy::{CheckedPolicy, Class, Constraint, Operand, Sampler};
pub use std::borrow::Cow;
pub use std::option::Option::{None, Some};
pub use std::sync::OnceLock;
