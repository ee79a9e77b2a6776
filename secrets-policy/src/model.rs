//! The parsed, unchecked policy: what either front end (macro tokens or text) produces.
//!
//! Front ends are deliberately thin: they only split the input into rules of the shape
//! `TARGET OP VALUE` and keep a span `S` for every piece. Everything that gives those pieces a
//! meaning (which names exist, which operator a key takes, whether a number fits, whether the
//! rules can be satisfied together) happens once, in [`crate::check`], so the macro and
//! `CheckedPolicy::parse` report the same problems with the same words.
//!
//! `S` is the front end's span type: `Range<usize>` (byte offsets) for text, the rule's tokens
//! for the macro. The core only clones spans and hands them back inside diagnostics.

/// A value together with where it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Spanned<T, S> {
    /// The value.
    pub value: T,
    /// Where the value stands in the input.
    pub span: S,
}

impl<T, S> Spanned<T, S> {
    /// Pairs a value with its span.
    pub fn new(value: T, span: S) -> Self {
        Spanned { value, span }
    }
}

/// One operand on the left of a rule: a bare name (`len`, `lower`, `min_entropy`) or a quoted
/// set of characters (`"!@#" >= 1`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Name {
    /// An identifier, exactly as written.
    Ident(String),
    /// A string literal, already unescaped.
    Str(String),
}

/// The operator of a rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Op {
    /// `=`: sets a key (`len = 10`, `symbols = "!@#"`).
    Assign,
    /// `>=`: a minimum count.
    AtLeast,
    /// `<=`: a maximum count.
    AtMost,
    /// `==`: an exact count.
    Exactly,
}

impl Op {
    /// The operator as written in the grammar.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Op::Assign => "=",
            Op::AtLeast => ">=",
            Op::AtMost => "<=",
            Op::Exactly => "==",
        }
    }
}

/// The right-hand side of a rule, as written. Numbers keep their text so that the core, not the
/// front end, decides whether `1e3`, `-2` or `99999999999999999999` is acceptable where it stands.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// A numeric literal: its digits (and `.` for a decimal), without sign.
    Number {
        /// The literal's text, e.g. `"10"` or `"57.5"`.
        text: String,
        /// Whether a `-` stood before it.
        negative: bool,
    },
    /// A string literal, already unescaped.
    Str(String),
    /// A bare identifier where a value was expected (`len = ten`).
    Ident(String),
}

/// One rule: `NAME (| NAME)* OP VALUE`.
#[derive(Clone, Debug, PartialEq)]
pub struct Rule<S> {
    /// The operands on the left; more than one only in a union (`lower | upper >= 1`).
    pub target: Vec<Spanned<Name, S>>,
    /// The operator.
    pub op: Spanned<Op, S>,
    /// The value on the right.
    pub value: Spanned<Value, S>,
    /// The whole rule, from its first to its last token.
    pub span: S,
}

/// A whole policy as parsed: its rules in source order.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct PolicySpec<S> {
    /// The rules, in the order written.
    pub rules: Vec<Rule<S>>,
}
