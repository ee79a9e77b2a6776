//! The checks (being written).
use crate::{model::PolicySpec, Diagnostic, Policy};

/// Checks a parsed policy (being written).
///
/// # Errors
/// Every problem found.
pub fn check<S: Clone>(spec: &PolicySpec<S>) -> Result<Policy, Vec<Diagnostic<S>>> {
    let _ = spec;
    todo!("check is being written")
}
