//! The error of the text front ends (`Policy::parse`, `Policy::from_passwordrules`).

use std::fmt;
use std::ops::Range;

use crate::diagnostic::Diagnostic;

/// Why a policy text was refused: every problem found, each with the byte range it is about.
///
/// The messages are the very ones the `password_policy!` macro gives at compile time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyError {
    source: String,
    diagnostics: Vec<Diagnostic<Range<usize>>>,
}

impl PolicyError {
    /// An error for `source` with at least one diagnostic.
    ///
    /// # Panics
    /// If `diagnostics` is empty: an error must say what is wrong.
    #[must_use]
    pub fn new(source: &str, diagnostics: Vec<Diagnostic<Range<usize>>>) -> Self {
        assert!(
            !diagnostics.is_empty(),
            "PolicyError::new: no diagnostics given"
        );
        PolicyError {
            source: source.to_owned(),
            diagnostics,
        }
    }

    /// The first problem's message (lower case, no final period).
    #[must_use]
    pub fn message(&self) -> &str {
        &self.diagnostics[0].message
    }

    /// The byte range, in the policy text, of the first problem.
    #[must_use]
    pub fn span(&self) -> Range<usize> {
        self.diagnostics[0].span.clone()
    }

    /// The text of the policy at [`PolicyError::span`].
    #[must_use]
    pub fn snippet(&self) -> &str {
        self.source.get(self.span()).unwrap_or("")
    }

    /// Every problem found, in the order of the input.
    #[must_use]
    pub fn diagnostics(&self) -> &[Diagnostic<Range<usize>>] {
        &self.diagnostics
    }
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let span = self.span();
        let snippet = self.snippet();
        if snippet.is_empty() {
            write!(f, "{} (at byte {})", self.message(), span.start)?;
        } else {
            write!(
                f,
                "{} (at `{snippet}`, bytes {}..{})",
                self.message(),
                span.start,
                span.end
            )?;
        }
        match self.diagnostics.len() - 1 {
            0 => Ok(()),
            1 => write!(f, "; and 1 more problem"),
            more => write!(f, "; and {more} more problems"),
        }
    }
}

impl std::error::Error for PolicyError {}
