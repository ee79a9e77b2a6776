//! The text front end: [`CheckedPolicy::parse`] and `FromStr`, for policies written in configuration
//! files or on the command line. The `text` feature.
//!
//! The grammar, the cutting into rules and the syntax messages are those of the
//! `password_policy!` macro: the text is cut into tokens as Rust cuts a macro's input
//! ([`lex`]), into rules at the commas outside brackets, and each rule is read as
//! `TARGET OP VALUE` with the messages of [`crate::syntax`]. What the rules mean is decided by
//! [`crate::check`], as for the macro.

mod lex;

use std::ops::Range;

use crate::diagnostic::{self, Diagnostic};
use crate::model::{Name, PolicySpec, Rule, Spanned, Value};
use crate::{check_parsed, range_start, syntax, CheckedPolicy, PolicyError};

use lex::{Kind, Token};

type Span = Range<usize>;

/// A rule, and the error for anything after it before the next comma.
type RuleAndTrailing = (Rule<Span>, Option<Diagnostic<Span>>);

impl CheckedPolicy {
    /// Parses and checks a policy in the grammar of the `password_policy!` macro.
    ///
    /// Every problem is reported, each with the byte range it is about: syntax errors on the
    /// offending token (a rule with one is skipped up to the next comma), then the checks of
    /// the rule core, with the messages the macro gives at compile time.
    ///
    /// Needs the `text` feature (on by default).
    ///
    /// # Errors
    /// A [`PolicyError`] listing every problem found; [`PolicyError::message`] and
    /// [`PolicyError::span`] give the first. A text of more than
    /// [`MAX_POLICY_BYTES`](crate::syntax::MAX_POLICY_BYTES) (1 MiB) is refused unread.
    ///
    /// # Examples
    /// ```
    /// use secrets_policy::CheckedPolicy;
    ///
    /// let policy = CheckedPolicy::parse("len = 10, lower >= 1, upper >= 1, digits >= 3").unwrap();
    /// assert_eq!(policy.password_count(), Some(172_120_264_792_320_000));
    ///
    /// let error = CheckedPolicy::parse("len = 10, digit >= 3").unwrap_err();
    /// assert_eq!(
    ///     error.message(),
    ///     "unknown class `digit`; expected one of `lower`, `upper`, `digits`, `symbols` (did you mean `digits`?)"
    /// );
    /// assert_eq!(error.snippet(), "digit");
    /// ```
    #[inline]
    pub fn parse(text: &str) -> Result<CheckedPolicy, PolicyError> {
        PolicyError::check_size(text)?;
        let mut syntax_errors = Vec::new();
        let spec = parse_spec(text, &mut syntax_errors);
        check_parsed(&spec, syntax_errors, &(0..text.len()), range_start)
            .map_err(|diagnostics| PolicyError::new(text, diagnostics))
    }
}

impl std::str::FromStr for CheckedPolicy {
    type Err = PolicyError;

    /// The same as [`CheckedPolicy::parse`] (the `text` feature).
    #[inline]
    fn from_str(text: &str) -> Result<CheckedPolicy, PolicyError> {
        CheckedPolicy::parse(text)
    }
}

/// Reads `text` into rules, pushing a message for each rule (or separator) that does not have
/// the shape of one; well-formed rules are kept.
#[inline]
pub(crate) fn parse_spec(text: &str, errors: &mut Vec<Diagnostic<Span>>) -> PolicySpec<Span> {
    let tokens = lex::lex(text, errors);
    let mut spec = PolicySpec::default();
    for (chunk, comma) in chunks(&tokens) {
        if diagnostic::are_full(errors) {
            break;
        }
        if chunk.is_empty() {
            // `,,` or a leading comma (a trailing comma is fine).
            if let Some(comma) = comma {
                errors.push(Diagnostic::new(
                    comma.span.clone(),
                    syntax::expected_rule(Some(",")),
                ));
            }
            continue;
        }
        // The lexer already reported the broken string in this rule.
        if chunk.iter().any(|token| token.kind == Kind::Bad) {
            continue;
        }
        let mut cursor = Cursor {
            text,
            tokens: chunk,
            pos: 0,
        };
        match cursor.rule() {
            Ok((rule, trailing)) => {
                spec.rules.push(rule);
                errors.extend(trailing);
            }
            Err(error) => errors.push(error),
        }
    }
    spec
}

/// The tokens between commas outside brackets, each with the comma after it (none after the
/// last). A macro's input is cut the same way, since a bracketed group is one token there.
#[inline]
fn chunks(tokens: &[Token]) -> Vec<(&[Token], Option<&Token>)> {
    let mut chunks = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, token) in tokens.iter().enumerate() {
        match token.kind {
            Kind::Punct('(' | '[' | '{') => depth += 1,
            Kind::Punct(')' | ']' | '}') => depth = depth.saturating_sub(1),
            Kind::Punct(',') if depth == 0 => {
                chunks.push((&tokens[start..i], Some(token)));
                start = i + 1;
            }
            _ => {}
        }
    }
    chunks.push((&tokens[start..], None));
    chunks
}

/// Why a piece of a rule is missing: the position of what stands there instead (the rule's
/// length when it ends early).
struct Miss(usize);

/// A position in the tokens of one rule.
struct Cursor<'a> {
    text: &'a str,
    tokens: &'a [Token],
    pos: usize,
}

impl<'a> Cursor<'a> {
    #[inline]
    fn source(&self, token: &Token) -> &'a str {
        &self.text[token.span.clone()]
    }

    /// The error for a missing piece: on the token that stands there, or on the whole rule
    /// when it ends early.
    #[inline]
    fn error(&self, miss: &Miss, message: impl FnOnce(Option<&str>) -> String) -> Diagnostic<Span> {
        match self.tokens.get(miss.0) {
            Some(token) => Diagnostic::new(token.span.clone(), message(Some(self.source(token)))),
            None => Diagnostic::new(self.span(0, self.tokens.len()), message(None)),
        }
    }

    /// The byte range from token `from` to the end of token `to - 1`.
    #[inline]
    fn span(&self, from: usize, to: usize) -> Span {
        let start = self.tokens.get(from).map_or(0, |token| token.span.start);
        let end = to
            .checked_sub(1)
            .and_then(|last| self.tokens.get(last))
            .map_or(start, |token| token.span.end);
        start..end
    }

    /// `TARGET OP VALUE`, and an error for anything left before the next comma.
    #[inline]
    fn rule(&mut self) -> Result<RuleAndTrailing, Diagnostic<Span>> {
        let first = self
            .operand()
            .map_err(|miss| self.error(&miss, syntax::expected_rule))?;
        let mut target = vec![first];
        while self
            .tokens
            .get(self.pos)
            .is_some_and(|token| token.is_punct('|'))
        {
            self.pos += 1;
            target.push(
                self.operand()
                    .map_err(|miss| self.error(&miss, syntax::expected_operand))?,
            );
        }
        let target_text: Vec<&str> = self.tokens[..self.pos]
            .iter()
            .map(|token| self.source(token))
            .collect();
        let target_text = target_text.join(" ");
        let op = match self.tokens.get(self.pos) {
            Some(Token {
                kind: Kind::Op(op),
                span,
            }) => Spanned::new(*op, span.clone()),
            _ => {
                return Err(self.error(&Miss(self.pos), |found| {
                    syntax::expected_operator(&target_text, found)
                }))
            }
        };
        self.pos += 1;
        let value = self.value().map_err(|miss| {
            self.error(&miss, |found| {
                syntax::expected_value(op.value.as_str(), found)
            })
        })?;
        let span = self.span(0, self.pos);
        let trailing = self.tokens.get(self.pos).map(|token| {
            Diagnostic::new(
                token.span.clone(),
                syntax::expected_comma(Some(self.source(token))),
            )
        });
        Ok((
            Rule {
                target,
                op,
                value,
                span,
            },
            trailing,
        ))
    }

    /// An identifier or a string literal.
    #[inline]
    fn operand(&mut self) -> Result<Spanned<Name, Span>, Miss> {
        let token = self.tokens.get(self.pos).ok_or(Miss(self.pos))?;
        let name = match &token.kind {
            Kind::Ident => Name::Ident(self.source(token).to_owned()),
            Kind::Str(value) => Name::Str(value.clone()),
            _ => return Err(Miss(self.pos)),
        };
        self.pos += 1;
        Ok(Spanned::new(name, token.span.clone()))
    }

    /// A number (with an optional `-` before it), a string literal or an identifier.
    #[inline]
    fn value(&mut self) -> Result<Spanned<Value, Span>, Miss> {
        let minus = self
            .tokens
            .get(self.pos)
            .is_some_and(|token| token.is_punct('-'));
        let at = self.pos + usize::from(minus);
        let token = self.tokens.get(at).ok_or(Miss(at))?;
        let value = match &token.kind {
            Kind::Number => Value::Number {
                text: self.source(token).to_owned(),
                negative: minus,
            },
            Kind::Str(value) if !minus => Value::Str(value.clone()),
            Kind::Ident if !minus => Value::Ident(self.source(token).to_owned()),
            _ => return Err(Miss(at)),
        };
        let span = self.span(self.pos, at + 1);
        self.pos = at + 1;
        Ok(Spanned::new(value, span))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Op;

    fn spec(text: &str) -> (PolicySpec<Span>, Vec<String>) {
        let mut errors = Vec::new();
        let spec = parse_spec(text, &mut errors);
        (
            spec,
            errors
                .into_iter()
                .map(|error| format!("{:?}: {}", error.span(), error.message()))
                .collect(),
        )
    }

    #[test]
    fn rules_with_spans() {
        let (spec, errors) = spec(" len = 10 , lower | \"!@\" >= -2,");
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(spec.rules.len(), 2);
        let rule = &spec.rules[1];
        assert_eq!(rule.span, 12..30);
        assert_eq!(
            rule.target[0],
            Spanned::new(Name::Ident("lower".into()), 12..17)
        );
        assert_eq!(rule.target[1], Spanned::new(Name::Str("!@".into()), 20..24));
        assert_eq!(rule.op, Spanned::new(Op::AtLeast, 25..27));
        assert_eq!(
            rule.value,
            Spanned::new(
                Value::Number {
                    text: "2".into(),
                    negative: true
                },
                28..30
            )
        );
    }

    #[test]
    fn syntax_errors_point_at_the_token() {
        assert_eq!(
            spec("len = 10 digits >= 2").1,
            ["9..15: expected `,` between rules, found `digits`"]
        );
        assert_eq!(
            spec("len 10").1,
            ["4..6: expected `=`, `>=`, `<=` or `==` after `len`, found `10`"]
        );
        assert_eq!(
            spec("lower | >= 1").1,
            ["8..10: expected a class or a quoted set of characters after `|`, found `>=`"]
        );
        assert_eq!(
            spec("len =").1,
            ["0..5: expected a number or a string after `=`, found the end of the policy"]
        );
        assert_eq!(
            spec("len = -x").1,
            ["7..8: expected a number or a string after `=`, found `x`"]
        );
        assert_eq!(
            spec(",len = 1,,").1,
            [
                "0..1: expected a rule such as `len = 16` or `digits >= 2`, found `,`",
                "9..10: expected a rule such as `len = 16` or `digits >= 2`, found `,`"
            ]
        );
        assert_eq!(
            spec("= 3").1,
            ["0..1: expected a rule such as `len = 16` or `digits >= 2`, found `=`"]
        );
    }

    #[test]
    fn a_broken_rule_does_not_stop_the_next() {
        let (spec, errors) = spec("len = 10; digits >= 2, lower >= 1, symbols ! 3, upper >= 1");
        assert_eq!(errors.len(), 2, "{errors:?}");
        let kept: Vec<String> = spec.rules.iter().map(crate::render::rule).collect();
        assert_eq!(kept, ["len = 10", "lower >= 1", "upper >= 1"]);
    }

    #[test]
    fn commas_inside_brackets_do_not_cut() {
        let (spec, errors) = spec("len = (1, 2), lower >= 1");
        assert_eq!(
            errors,
            ["6..7: expected a number or a string after `=`, found `(`"]
        );
        assert_eq!(spec.rules.len(), 1);
    }
}
