//! The token front end: splits the macro's input into rules of the shape `TARGET OP VALUE`.
//!
//! Like the text front end of `Policy::parse`, this pass only checks the shape of each rule and
//! keeps the tokens of every piece; what the pieces mean (which names exist, which operator a
//! key takes, whether a number fits) is decided once, by the rule core's checks. Syntax errors
//! use the messages of the rule core's `syntax` module, so the same mistake reads the same in
//! both.

use std::ops::Range;

use proc_macro2::{Delimiter, Literal, Spacing, TokenStream, TokenTree};
use secrets_policy::__private::model::{Name, Op, PolicySpec, Rule, Spanned, Value};
use secrets_policy::__private::syntax;
use secrets_policy::Diagnostic;

use crate::span::{Input, TokenRange};

/// A syntax error: a message and the tokens it is about.
type Error = Diagnostic<TokenRange>;

/// What the token front end made of the macro's input: the rules that have the right shape, and
/// an error for each one that does not, their spans positions in `input`.
pub(crate) struct Parsed {
    /// The input, whose tokens the spans are positions in.
    pub(crate) input: Input,
    /// The well-formed rules, in the order written.
    pub(crate) spec: PolicySpec<TokenRange>,
    /// One syntax error per malformed rule or separator, in the order written.
    pub(crate) errors: Vec<Error>,
}

/// Parses the macro's input.
///
/// Rules are separated by top-level commas (a trailing one is allowed). An error in one rule
/// skips to the next comma, so every rule is looked at and every problem reported.
pub(crate) fn parse(input: TokenStream) -> Parsed {
    let input = Input::new(input);
    let tokens = &input.tokens[..];
    let mut spec = PolicySpec { rules: Vec::new() };
    let mut errors = Vec::new();
    let mut start = 0;
    loop {
        let end = tokens[start..]
            .iter()
            .position(is_comma)
            .map_or(tokens.len(), |offset| start + offset);
        let chunk = &tokens[start..end];
        let comma = tokens.get(end);
        match (chunk.is_empty(), comma) {
            // Nothing after the last comma (a trailing comma) or no input at all: both fine.
            (true, None) => {}
            // `,,` or a leading comma: a rule is missing before this comma.
            (true, Some(comma)) => errors.push(Diagnostic::new(
                end..end + 1,
                syntax::expected_rule(Some(&describe(comma))),
            )),
            (false, _) => {
                let rule = parse_rule(tokens, start..end, &mut errors);
                spec.rules.extend(rule);
            }
        }
        if end == tokens.len() {
            return Parsed {
                input,
                spec,
                errors,
            };
        }
        start = end + 1;
    }
}

fn is_comma(token: &TokenTree) -> bool {
    is_punct(token, ',')
}

fn is_punct(token: &TokenTree, ch: char) -> bool {
    matches!(token, TokenTree::Punct(punct) if punct.as_char() == ch)
}

/// A token as the user wrote it, for the `found ...` part of a message. A bracketed group is
/// named by its opening delimiter, which is what the text front end sees at that place.
fn describe(token: &TokenTree) -> String {
    match token {
        TokenTree::Group(group) => match group.delimiter() {
            Delimiter::Parenthesis => "(".to_owned(),
            Delimiter::Brace => "{".to_owned(),
            Delimiter::Bracket => "[".to_owned(),
            Delimiter::None => group.stream().to_string(),
        },
        TokenTree::Punct(punct) => punct.as_char().to_string(),
        TokenTree::Ident(ident) => ident.to_string(),
        TokenTree::Literal(literal) => literal.to_string(),
    }
}

/// The token that stands at `pos`, as written, and how many tokens it takes. A two-character
/// operator (`>=`) is two tokens to a macro but one to the text front end, and is named whole,
/// so that `lower | >= 1` reads the same from both.
fn found_at(tokens: &[TokenTree], pos: usize) -> Option<(String, usize)> {
    let token = tokens.get(pos)?;
    Some(match operator_at(tokens, pos) {
        Some((op, 2)) => (op.as_str().to_owned(), 2),
        _ => (describe(token), 1),
    })
}

/// The operator at `pos`, if any, and how many tokens it takes.
///
/// Rust's lexer hands `>=` to a macro as `>` (joint) followed by `=`, so a two-character
/// operator is two joint punctuation tokens. Only the known operators are taken, by prefix:
/// `=-1` is `=` followed by `-1`, whatever the spacing of `=` says.
fn operator_at(tokens: &[TokenTree], pos: usize) -> Option<(Op, usize)> {
    let Some(TokenTree::Punct(first)) = tokens.get(pos) else {
        return None;
    };
    let followed_by_eq = first.spacing() == Spacing::Joint
        && tokens.get(pos + 1).is_some_and(|next| is_punct(next, '='));
    match (first.as_char(), followed_by_eq) {
        ('=', true) => Some((Op::Exactly, 2)),
        ('=', false) => Some((Op::Assign, 1)),
        ('>', true) => Some((Op::AtLeast, 2)),
        ('<', true) => Some((Op::AtMost, 2)),
        _ => None,
    }
}

/// Parses one rule from `input[chunk]`, the tokens between two commas (not empty), pushing
/// its syntax errors to `errors`.
///
/// A rule that is complete is kept even with an error beside it (tokens left over after the
/// value, reported as a missing comma; a literal suffix), so that the checks still see it and
/// do not add an error of their own ("missing `len`") for a rule the user did write.
fn parse_rule(
    input: &[TokenTree],
    chunk: Range<usize>,
    errors: &mut Vec<Error>,
) -> Option<Rule<TokenRange>> {
    let mut cursor = Cursor {
        tokens: &input[chunk.clone()],
        offset: chunk.start,
        pos: 0,
        errors,
    };
    let rule = cursor.rule();
    if let Some((found, count)) = found_at(cursor.tokens, cursor.pos).filter(|_| rule.is_some()) {
        let error = Diagnostic::new(
            cursor.span(cursor.pos..cursor.pos + count),
            syntax::expected_comma(Some(&found)),
        );
        cursor.errors.push(error);
    }
    rule
}

/// A piece of a rule is not there: something else stands at this position in the rule, or
/// the rule ends there. The caller words the message, since it knows what was expected.
struct Miss(usize);

/// A position in the tokens of one rule.
struct Cursor<'a, 'e> {
    /// The rule's tokens: the input's tokens from `offset` up to the next comma.
    tokens: &'a [TokenTree],
    offset: usize,
    /// The position in `tokens`.
    pos: usize,
    /// Where syntax errors go.
    errors: &'e mut Vec<Error>,
}

impl<'a> Cursor<'a, '_> {
    /// The rule, or `None` after pushing the error that stopped it.
    fn rule(&mut self) -> Option<Rule<TokenRange>> {
        let first = self.operand();
        let first = self.expect(first, syntax::expected_rule)?;
        let mut target = vec![first];
        while self.peek().is_some_and(|token| is_punct(token, '|')) {
            self.pos += 1;
            let operand = self.operand();
            target.push(self.expect(operand, syntax::expected_operand)?);
        }
        let target_text = self.text(0..self.pos);
        let op = self.operator();
        let op = self.expect(op, |found| syntax::expected_operator(&target_text, found))?;
        let value = self.value();
        let value = self.expect(value, |found| {
            syntax::expected_value(op.value.as_str(), found)
        })?;
        let span = self.span(0..self.pos);
        Some(Rule {
            target,
            op,
            value,
            span,
        })
    }

    fn peek(&self) -> Option<&'a TokenTree> {
        self.tokens.get(self.pos)
    }

    /// The tokens of `range` as written, for a message (`lower | upper`).
    fn text(&self, range: Range<usize>) -> String {
        self.tokens[range]
            .iter()
            .map(describe)
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The rule's tokens in `range` (positions in the rule) as a span.
    fn span(&self, range: Range<usize>) -> TokenRange {
        self.offset + range.start..self.offset + range.end
    }

    /// Consumes `count` tokens and returns them as one span.
    fn advance(&mut self, count: usize) -> TokenRange {
        let span = self.span(self.pos..self.pos + count);
        self.pos += count;
        span
    }

    /// The piece `parsed`, or `None` after pushing the error for its absence, worded by
    /// `message` from what stands in its place.
    fn expect<T>(
        &mut self,
        parsed: Result<T, Miss>,
        message: impl FnOnce(Option<&str>) -> String,
    ) -> Option<T> {
        match parsed {
            Ok(piece) => Some(piece),
            Err(miss) => {
                self.miss(miss, message);
                None
            }
        }
    }

    /// Pushes the error for `miss`: on the token that stands where something else was
    /// expected, or, when the rule ends early, on the whole rule (never empty, so never the
    /// call site).
    fn miss(&mut self, Miss(pos): Miss, message: impl FnOnce(Option<&str>) -> String) {
        let error = match found_at(self.tokens, pos) {
            Some((found, count)) => {
                Diagnostic::new(self.span(pos..pos + count), message(Some(&found)))
            }
            None => Diagnostic::new(self.span(0..self.tokens.len()), message(None)),
        };
        self.errors.push(error);
    }

    /// An operand: an identifier or a string literal.
    fn operand(&mut self) -> Result<Spanned<Name, TokenRange>, Miss> {
        let name = match self.peek() {
            Some(TokenTree::Ident(ident)) => Name::Ident(ident.to_string()),
            Some(TokenTree::Literal(literal)) => match syn::Lit::new(literal.clone()) {
                syn::Lit::Str(string) => {
                    self.reject_suffix(self.pos, literal, string.suffix());
                    Name::Str(string.value())
                }
                _ => return Err(Miss(self.pos)),
            },
            _ => return Err(Miss(self.pos)),
        };
        Ok(Spanned::new(name, self.advance(1)))
    }

    /// An operator: `=`, `>=`, `<=` or `==`.
    fn operator(&mut self) -> Result<Spanned<Op, TokenRange>, Miss> {
        let (op, count) = operator_at(self.tokens, self.pos).ok_or(Miss(self.pos))?;
        Ok(Spanned::new(op, self.advance(count)))
    }

    /// A value: a number (with an optional `-` before it), a string literal or an identifier.
    fn value(&mut self) -> Result<Spanned<Value, TokenRange>, Miss> {
        let minus = self.peek().is_some_and(|token| is_punct(token, '-'));
        let at = self.pos + usize::from(minus);
        let value = match self.tokens.get(at) {
            Some(TokenTree::Literal(literal)) => match syn::Lit::new(literal.clone()) {
                // Numbers go to the core as written, suffix and all (`10u8`): it refuses a
                // suffix with the message `Policy::parse` gives for the same text.
                syn::Lit::Int(_) | syn::Lit::Float(_) => {
                    number(&literal.to_string(), minus).ok_or(Miss(at))?
                }
                syn::Lit::Str(string) if !minus => {
                    self.reject_suffix(at, literal, string.suffix());
                    Value::Str(string.value())
                }
                _ => return Err(Miss(at)),
            },
            Some(TokenTree::Ident(ident)) if !minus => Value::Ident(ident.to_string()),
            _ => return Err(Miss(at)),
        };
        Ok(Spanned::new(value, self.advance(at + 1 - self.pos)))
    }

    /// Refuses a suffix on the string literal at `pos` (`"abc"x`, which only Rust's tokens
    /// can carry; numeric suffixes go to the core with the number): a silently dropped suffix
    /// would make the macro accept what `Policy::parse` does not. Returns the literal as written
    /// without its suffix, which the rule keeps, so that the checks judge the rest of it.
    fn reject_suffix(&mut self, pos: usize, literal: &Literal, suffix: &str) -> String {
        let written = literal.to_string();
        let Some(bare) = written.strip_suffix(suffix).filter(|_| !suffix.is_empty()) else {
            return written;
        };
        let error = Diagnostic::new(
            self.span(pos..pos + 1),
            format!(
                "write `{bare}` without the suffix `{suffix}`; policy values take no type suffix"
            ),
        );
        self.errors.push(error);
        bare.to_owned()
    }
}

/// A number as written. The text is kept as the user wrote it (`10`, `57.5`, `1_000`, `0x10`)
/// so that the rule core, not this front end, decides what a policy accepts: the same text is
/// then accepted or refused with the same message at run time. A literal that a macro built
/// with its sign inside (`-1` as one token) counts as negative too; a second sign (`- -1`) is
/// not in the grammar, and gives `None`.
fn number(text: &str, minus: bool) -> Option<Value> {
    match text.strip_prefix('-') {
        Some(_) if minus => None,
        Some(digits) => Some(Value::Number {
            text: digits.to_owned(),
            negative: true,
        }),
        None => Some(Value::Number {
            text: text.to_owned(),
            negative: minus,
        }),
    }
}

#[cfg(test)]
mod tests;
