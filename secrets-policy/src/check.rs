//! The checks (being written).
use crate::{model::PolicySpec, Diagnostic, Policy};

/// Checks a parsed policy (being written). `whole` is the span of the whole input, where a
/// problem that belongs to no rule (a missing `len`) is reported.
///
/// # Errors
/// Every problem found.
pub fn check<S: Clone>(spec: &PolicySpec<S>, whole: &S) -> Result<Policy, Vec<Diagnostic<S>>> {
    let _ = (spec, whole);
    todo!("check is being written")
}
