//! Diagnostics: a message and the spans it is about, shared by both front ends.

/// One problem found in a policy.
///
/// `message` is lower case, without a final period, and says what to do. `span` is the main
/// place (a rule, or the part of it that is wrong). `related` lists the other rules involved in
/// a problem that spans several (minimums that add up to more than `len` point at each
/// minimum), each with a short message of its own.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic<S> {
    /// What is wrong and what to do instead.
    pub message: String,
    /// Where it is wrong.
    pub span: S,
    /// Other places involved, each with a short note.
    pub related: Vec<(S, String)>,
}

impl<S> Diagnostic<S> {
    /// A diagnostic about one place.
    pub fn new(span: S, message: impl Into<String>) -> Self {
        Diagnostic {
            message: message.into(),
            span,
            related: Vec::new(),
        }
    }

    /// Adds another place involved in the same problem.
    #[must_use]
    pub fn with_related(mut self, span: S, note: impl Into<String>) -> Self {
        self.related.push((span, note.into()));
        self
    }
}
