//! The checks: from a parsed [`PolicySpec`] to a checked [`CheckedPolicy`], or every problem found.
//!
//! The passes run in order, each skipping what an earlier problem made meaningless (a rule with
//! an error is left out of every later pass, and checks that need the whole alphabet or `len`
//! run only when those came out right), so one mistake gives one message:
//!
//! 1. [`rules`]: each rule on its own: names, operators, values; keys set twice.
//! 2. [`alphabet`]: `exclude`, classes joining and leaving the alphabet, custom sets that
//!    overlap, the alphabet itself.
//! 3. [`targets`]: the count rules' operands, rules on the same target, the constraints.
//! 4. [`feasible`]: rules against `len` and against each other, then the exact count: no
//!    password at all, or a single one, `min_entropy`, and rules too intricate to count.

mod alphabet;
mod feasible;
mod rules;
mod targets;

use std::ops::Range;

use crate::diagnostic::{self, Diagnostic};
use crate::model::PolicySpec;
use crate::order::{reorder, stable_order};
use crate::CheckedPolicy;

/// Checks a parsed policy and builds the [`CheckedPolicy`] it describes.
///
/// `whole` is the span of the whole input, where a problem that belongs to no single rule (a
/// missing `len`, an empty alphabet) is reported. The macro and the text front ends call this
/// same function, so they accept the same policies and give the same messages.
///
/// # Errors
/// Every problem found, in the order of the rules they are about (problems of the whole policy
/// last). Each message is lower case, has no final period and says what to do; its span is the
/// most precise place (the value of a bad number, the name of an unknown class, the whole rule
/// for a rule-level problem), and `related` points at the other rules of a problem that
/// involves several.
///
/// # Examples
/// ```
/// use secrets_policy::__private::model::{Name, Op, PolicySpec, Rule, Spanned, Value};
///
/// // `len = 8` with unit spans: a front end would use byte ranges or tokens.
/// let rule = Rule {
///     target: vec![Spanned::new(Name::Ident("len".into()), ())],
///     op: Spanned::new(Op::Assign, ()),
///     value: Spanned::new(Value::Number { text: "8".into(), negative: false }, ()),
///     span: (),
/// };
/// let policy = secrets_policy::__private::check(&PolicySpec { rules: vec![rule] }, &()).unwrap();
/// assert_eq!(policy.len(), 8);
///
/// let errors = secrets_policy::__private::check::<()>(&PolicySpec::default(), &()).unwrap_err();
/// assert_eq!(errors[0].message(), "missing `len`; add a rule such as `len = 16`");
/// ```
pub fn check<S: Clone>(
    spec: &PolicySpec<S>,
    whole: &S,
) -> Result<CheckedPolicy, Vec<Diagnostic<S>>> {
    let mut report = Report::default();
    let mut rules = rules::interpret(spec, &mut report);
    if rules.len.is_none() && !rules.len_written {
        report.whole(Diagnostic::new(
            whole.clone(),
            "missing `len`; add a rule such as `len = 16`",
        ));
    }
    let alphabet = alphabet::build(spec, &mut rules, whole, &mut report);
    let targets = targets::collect(spec, &mut rules, &alphabet, &mut report);
    let policy = feasible::check(spec, &rules, &alphabet, &targets, whole, &mut report);
    match policy {
        Some(policy) if report.is_empty() => Ok(policy),
        _ => Err(report.finish()),
    }
}

/// What a front end calls: checks the rules that parsed, given the syntax errors of the rules
/// that did not, and returns every problem in the order written.
///
/// Without syntax errors this is [`check`]. With some, only the checks of each rule on its own
/// run (names, operators, values, keys set twice): checks across rules would blame the policy
/// for the rules it lost (`len 10` did not parse, so "missing `len`" would be noise). The
/// problems are merged, stably, by `position` of their spans (byte offset, token index), so
/// both front ends list them alike.
///
/// # Errors
/// The syntax errors and every problem found, never an empty list.
pub fn check_parsed<S: Clone>(
    spec: &PolicySpec<S>,
    syntax_errors: Vec<Diagnostic<S>>,
    whole: &S,
    position: impl Fn(&S) -> usize,
) -> Result<CheckedPolicy, Vec<Diagnostic<S>>> {
    let mut diagnostics = if syntax_errors.is_empty() {
        match check(spec, whole) {
            Ok(policy) => return Ok(policy),
            Err(diagnostics) => diagnostics,
        }
    } else {
        let mut report = Report::default();
        rules::interpret(spec, &mut report);
        let mut diagnostics = syntax_errors;
        diagnostics.extend(report.finish());
        let mut keys = Vec::with_capacity(diagnostics.len());
        for diagnostic in &diagnostics {
            keys.push((position(diagnostic.span()) as u64, 0));
        }
        reorder(&mut diagnostics, &stable_order(keys));
        diagnostics
    };
    if diagnostics.is_empty() {
        // `check` always says why it refuses; this keeps a refusal from ever being silent.
        diagnostics.push(Diagnostic::new(
            whole.clone(),
            "the policy was refused without a reason; please report this bug",
        ));
    }
    diagnostic::limit(&mut diagnostics, whole);
    Err(diagnostics)
}

/// Where a span that is a range (of a text's bytes, or of the macro's input tokens) starts: the
/// `position` every front end gives [`check_parsed`].
///
/// One function item for all of them, so that they call one instantiation of the checks: the
/// text front ends compile it here, and the macro (compiled without optimization, which shares
/// generic code with the crates it depends on) uses that copy instead of compiling its own
/// when they are on.
#[must_use]
pub fn range_start(span: &Range<usize>) -> usize {
    span.start
}

/// The problems found so far, each with the index of the rule it belongs to, for ordering.
struct Report<S> {
    items: Vec<(usize, Diagnostic<S>)>,
}

impl<S> Default for Report<S> {
    fn default() -> Self {
        Report { items: Vec::new() }
    }
}

impl<S> Report<S> {
    /// A problem of rule `rule`.
    fn rule(&mut self, rule: usize, diagnostic: Diagnostic<S>) {
        self.items.push((rule, diagnostic));
    }

    /// A problem of the whole policy.
    fn whole(&mut self, diagnostic: Diagnostic<S>) {
        self.items.push((usize::MAX, diagnostic));
    }

    fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    fn len(&self) -> usize {
        self.items.len()
    }

    fn finish(mut self) -> Vec<Diagnostic<S>> {
        // Stable: problems of one rule keep the order they were found in.
        let mut keys = Vec::with_capacity(self.items.len());
        for &(rule, _) in &self.items {
            keys.push((rule as u64, 0));
        }
        reorder(&mut self.items, &stable_order(keys));
        let mut diagnostics = Vec::with_capacity(self.items.len());
        for (_, diagnostic) in self.items {
            diagnostics.push(diagnostic);
        }
        diagnostics
    }
}
