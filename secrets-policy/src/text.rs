//! The text front end (being written; this stub keeps the workspace building).
use crate::{Policy, PolicyError};

impl Policy {
    /// Parses and checks a policy text (being written).
    ///
    /// # Errors
    /// Every problem found.
    pub fn parse(text: &str) -> Result<Policy, PolicyError> {
        let _ = text;
        todo!("Policy::parse is being written")
    }
}

impl std::str::FromStr for Policy {
    type Err = PolicyError;

    fn from_str(text: &str) -> Result<Policy, PolicyError> {
        Policy::parse(text)
    }
}
