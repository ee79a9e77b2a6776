//! The `passwordrules` front end (being written; this stub keeps the workspace building).
use crate::{Policy, PolicyError};

impl Policy {
    /// Imports `passwordrules` (being written).
    ///
    /// # Errors
    /// Every problem found.
    pub fn from_passwordrules(rules: &str) -> Result<Policy, PolicyError> {
        let _ = rules;
        todo!("Policy::from_passwordrules is being written")
    }
}
