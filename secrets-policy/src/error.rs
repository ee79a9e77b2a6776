//! The error of the text front ends (`CheckedPolicy::parse`, `CheckedPolicy::from_passwordrules`).

use std::fmt;
use std::ops::Range;

use crate::diagnostic::Diagnostic;
use crate::render::visible;

/// Why a policy text was refused: every problem found, each with the byte range it is about.
///
/// The messages are the very ones the `password_policy!` macro gives at compile time.
///
/// There with either text front end: the `text` or the `passwordrules` feature (both on by
/// default).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyError {
    source: String,
    diagnostics: Vec<Diagnostic<Range<usize>>>,
}

impl PolicyError {
    /// An error for `source` with at least one diagnostic. Not public API: only the text front
    /// ends of this crate build one (hidden, and not covered by semver).
    ///
    /// # Panics
    /// If `diagnostics` is empty: an error must say what is wrong.
    #[doc(hidden)]
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
    /// The first message, where it stands, and how many more problems there are, on one line:
    /// what would not show in the quoted text (a line break, a bidi override such as U+202E
    /// that would reorder the rest of the line, a zero-width space) is written as an escape
    /// (`\n`, `\u{202e}`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let span = self.span();
        let snippet = visible(self.snippet());
        let message = visible(self.message());
        if snippet.is_empty() {
            write!(f, "{message} (at byte {})", span.start)?;
        } else {
            write!(
                f,
                "{message} (at `{snippet}`, bytes {}..{})",
                span.start, span.end
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_writes_what_would_not_show_as_escapes() {
        let source = "len = 10, \u{202e}x";
        let error = PolicyError::new(
            source,
            vec![Diagnostic::new(10..14, "found `\u{202e}x`\nthere")],
        );
        assert_eq!(
            error.to_string(),
            r"found `\u{202e}x`\nthere (at `\u{202e}x`, bytes 10..14)"
        );
        // The accessors keep the text as it is.
        assert_eq!(error.snippet(), "\u{202e}x");
    }
}
