//! Diagnostics: a message, the spans it is about and the kind of problem, shared by both front
//! ends, and the limit on how many one error lists.

#[cfg(feature = "checks")]
use crate::syntax;

/// How many problems one error lists at most. A huge text can hold a problem every few bytes
/// (10 MiB of commas: ten million); past this many, the front ends stop reading and the error
/// ends with one more diagnostic saying that there are more, as a compiler's error limit does.
#[cfg(feature = "checks")]
pub(crate) const LISTED: usize = 100;

/// What kind of problem a [`Diagnostic`] reports, for code that acts on a refusal (the
/// `passwordrules` import tries other lengths when the rules allow no password at one): match
/// the kind, never the message, whose words may change.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DiagnosticKind {
    /// The policy as a whole allows no password.
    NoPassword,
    /// The policy as a whole allows a single password, which is no secret.
    OnePassword,
    /// The policy is too intricate to count and sample exactly within the limits.
    TooIntricate,
    /// The text held more problems than one error lists; the rest were not read.
    MoreProblems,
    /// Any other problem: a word, a value or a rule that is wrong where it stands.
    Other,
}

/// One problem found in a policy.
///
/// [`message`](Diagnostic::message) is lower case, without a final period, and says what to do.
/// [`span`](Diagnostic::span) is the main place (a rule, or the part of it that is wrong).
/// [`related`](Diagnostic::related) lists the other rules involved in a problem that spans
/// several (minimums that add up to more than `len` point at each minimum), each with a short
/// message of its own. [`kind`](Diagnostic::kind) says what kind of problem it is.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic<S> {
    kind: DiagnosticKind,
    message: String,
    span: S,
    related: Vec<(S, String)>,
}

impl<S> Diagnostic<S> {
    /// A diagnostic about one place, of kind [`DiagnosticKind::Other`]. A message quoting more than 80
    /// characters of the input in one place keeps 80 of them, then `…`.
    pub fn new(span: S, message: impl Into<String>) -> Self {
        Diagnostic {
            kind: DiagnosticKind::Other,
            message: crate::render::bound_quotes(message.into()),
            span,
            related: Vec::new(),
        }
    }

    /// The same diagnostic, of kind `kind`.
    #[must_use]
    pub fn with_kind(mut self, kind: DiagnosticKind) -> Self {
        self.kind = kind;
        self
    }

    /// Adds another place involved in the same problem.
    #[must_use]
    pub fn with_related(mut self, span: S, note: impl Into<String>) -> Self {
        self.related
            .push((span, crate::render::bound_quotes(note.into())));
        self
    }

    /// What kind of problem this is.
    #[must_use]
    pub fn kind(&self) -> DiagnosticKind {
        self.kind
    }

    /// What is wrong and what to do instead.
    #[must_use]
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Where it is wrong.
    #[must_use]
    pub fn span(&self) -> &S {
        &self.span
    }

    /// Other places involved, each with a short note.
    #[must_use]
    pub fn related(&self) -> &[(S, String)] {
        &self.related
    }

    /// The main place, the message and the related places, taken apart.
    #[must_use]
    pub fn into_parts(self) -> (S, String, Vec<(S, String)>) {
        (self.span, self.message, self.related)
    }
}

/// Whether `diagnostics` holds more than [`LISTED`]: the front ends stop reading then, which
/// keeps the time and memory spent on a hopeless text small.
#[cfg(feature = "checks")]
pub(crate) fn are_full<S>(diagnostics: &[Diagnostic<S>]) -> bool {
    diagnostics.len() > LISTED
}

/// Keeps the first [`LISTED`] of `diagnostics` and, if there were more, ends them with one that
/// says so, on `whole`. Applying it twice changes nothing.
#[cfg(feature = "checks")]
pub(crate) fn limit<S: Clone>(diagnostics: &mut Vec<Diagnostic<S>>, whole: &S) {
    if are_full(diagnostics) {
        diagnostics.truncate(LISTED);
        diagnostics.push(
            Diagnostic::new(whole.clone(), syntax::more_problems(LISTED))
                .with_kind(DiagnosticKind::MoreProblems),
        );
    }
}
