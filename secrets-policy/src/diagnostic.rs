//! Diagnostics: a message and the spans it is about, shared by both front ends, and the limit on
//! how many one error lists.

use crate::syntax;

/// How many problems one error lists at most. A huge text can hold a problem every few bytes
/// (10 MiB of commas: ten million); past this many, the front ends stop reading and the error
/// ends with one more diagnostic saying that there are more, as a compiler's error limit does.
pub(crate) const LISTED: usize = 100;

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
    /// A diagnostic about one place. A message quoting more than 80 characters of the input
    /// in one place keeps 80 of them, then `…`.
    pub fn new(span: S, message: impl Into<String>) -> Self {
        Diagnostic {
            message: crate::render::bound_quotes(message.into()),
            span,
            related: Vec::new(),
        }
    }

    /// Adds another place involved in the same problem.
    #[must_use]
    pub fn with_related(mut self, span: S, note: impl Into<String>) -> Self {
        self.related
            .push((span, crate::render::bound_quotes(note.into())));
        self
    }
}

/// Whether `diagnostics` holds more than [`LISTED`]: the front ends stop reading then, which
/// keeps the time and memory spent on a hopeless text small.
pub(crate) fn are_full<S>(diagnostics: &[Diagnostic<S>]) -> bool {
    diagnostics.len() > LISTED
}

/// Keeps the first [`LISTED`] of `diagnostics` and, if there were more, ends them with one that
/// says so, on `whole`. Applying it twice changes nothing.
pub(crate) fn limit<S: Clone>(diagnostics: &mut Vec<Diagnostic<S>>, whole: &S) {
    if are_full(diagnostics) {
        diagnostics.truncate(LISTED);
        diagnostics.push(Diagnostic::new(
            whole.clone(),
            syntax::more_problems(LISTED),
        ));
    }
}
