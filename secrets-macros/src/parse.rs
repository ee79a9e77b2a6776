//! The token front end: splits the macro's input into rules of the shape `TARGET OP VALUE`.
//!
//! Like the text front end of `Policy::parse`, this pass only checks the shape of each rule and
//! keeps the tokens of every piece; what the pieces mean (which names exist, which operator a
//! key takes, whether a number fits) is decided once, by `secrets_policy::check`. Syntax errors
//! use the messages of `secrets_policy::syntax`, so the same mistake reads the same in both.
//!
//! A span is the `TokenStream` of the tokens a piece was parsed from: an error built from it
//! with `syn::Error::new_spanned` covers them all, from the first to the last, on stable Rust.

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};
use secrets_policy::model::{Name, Op, PolicySpec, Rule, Spanned, Value};
use secrets_policy::{syntax, Diagnostic};

/// A syntax error: a message and the tokens it is about.
type Error = Diagnostic<TokenStream>;

/// What the token front end made of the macro's input: the rules that have the right shape, and
/// an error for each one that does not.
pub(crate) struct Parsed {
    /// The well-formed rules, in the order written.
    pub(crate) spec: PolicySpec<TokenStream>,
    /// One syntax error per malformed rule or separator, in the order written.
    pub(crate) errors: Vec<Error>,
}

/// Parses the macro's input.
///
/// Rules are separated by top-level commas (a trailing one is allowed). An error in one rule
/// skips to the next comma, so every rule is looked at and every problem reported.
pub(crate) fn parse(input: TokenStream) -> Parsed {
    let tokens = flatten(input);
    let mut parsed = Parsed {
        spec: PolicySpec::default(),
        errors: Vec::new(),
    };
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
            (true, Some(comma)) => parsed.errors.push(error_at(
                comma,
                syntax::expected_rule(Some(&describe(comma))),
            )),
            (false, _) => match parse_rule(chunk) {
                Ok((rule, trailing)) => {
                    parsed.spec.rules.push(rule);
                    parsed.errors.extend(trailing);
                }
                Err(error) => parsed.errors.push(error),
            },
        }
        if end == tokens.len() {
            return parsed;
        }
        start = end + 1;
    }
}

/// The input's tokens, with invisible groups opened: a policy passed on by a `macro_rules!`
/// macro (`$rules:tt` or an `expr` fragment) arrives wrapped in `Delimiter::None` groups that
/// the user never wrote.
fn flatten(input: TokenStream) -> Vec<TokenTree> {
    let mut tokens = Vec::new();
    for token in input {
        match token {
            TokenTree::Group(group) if group.delimiter() == Delimiter::None => {
                tokens.extend(flatten(group.stream()));
            }
            other => tokens.push(other),
        }
    }
    tokens
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

/// The token that stands at `pos`, as written, with its tokens. A two-character operator
/// (`>=`) is two tokens to a macro but one to the text front end, and is named whole, so that
/// `lower | >= 1` reads the same from both.
fn found_at(tokens: &[TokenTree], pos: usize) -> Option<(String, TokenStream)> {
    let token = tokens.get(pos)?;
    Some(match operator_at(tokens, pos) {
        Some((op, 2)) => (op.as_str().to_owned(), stream(&tokens[pos..pos + 2])),
        _ => (describe(token), stream(std::slice::from_ref(token))),
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

fn error_at(token: &TokenTree, message: String) -> Error {
    Diagnostic::new(TokenStream::from(token.clone()), message)
}

fn stream(tokens: &[TokenTree]) -> TokenStream {
    tokens.iter().cloned().collect()
}

/// Parses one rule from the tokens between two commas (`chunk` is not empty).
///
/// On success, also returns an error if tokens are left over after the value: the rule itself
/// is complete and is kept, and the leftover is reported as a missing comma.
fn parse_rule(chunk: &[TokenTree]) -> Result<(Rule<TokenStream>, Option<Error>), Error> {
    let mut cursor = Cursor {
        tokens: chunk,
        pos: 0,
    };

    let first = cursor
        .operand()
        .map_err(|miss| cursor.error(miss, syntax::expected_rule))?;
    let mut target = vec![first];
    while cursor.peek().is_some_and(|token| is_punct(token, '|')) {
        cursor.pos += 1;
        let operand = cursor
            .operand()
            .map_err(|miss| cursor.error(miss, syntax::expected_operand))?;
        target.push(operand);
    }
    let target_text = cursor.text(0..cursor.pos);

    let op = cursor.operator().map_err(|miss| {
        cursor.error(miss, |found| syntax::expected_operator(&target_text, found))
    })?;
    let value = cursor.value().map_err(|miss| {
        cursor.error(miss, |found| {
            syntax::expected_value(op.value.as_str(), found)
        })
    })?;

    let span = stream(&chunk[..cursor.pos]);
    let trailing = found_at(chunk, cursor.pos)
        .map(|(found, tokens)| Diagnostic::new(tokens, syntax::expected_comma(Some(&found))));
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

/// Why a piece of a rule could not be parsed.
enum Miss {
    /// The piece is not there; something else stands at this position (or the rule ends
    /// there). The caller words the message, since it knows what was expected.
    Found(usize),
    /// The piece is there but is wrong in a way of its own (a literal with a type suffix).
    Error(Error),
}

/// A position in the tokens of one rule.
struct Cursor<'a> {
    tokens: &'a [TokenTree],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn peek(&self) -> Option<&'a TokenTree> {
        self.tokens.get(self.pos)
    }

    /// The tokens of `range` as written, for a message (`lower | upper`).
    fn text(&self, range: std::ops::Range<usize>) -> String {
        self.tokens[range]
            .iter()
            .map(describe)
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Consumes `count` tokens and returns them as one span.
    fn advance(&mut self, count: usize) -> TokenStream {
        let span = stream(&self.tokens[self.pos..self.pos + count]);
        self.pos += count;
        span
    }

    /// The error for `miss`: on the token that stands where something else was expected, or,
    /// when the rule ends early, on the whole rule (never empty, so never the call site).
    fn error(&self, miss: Miss, message: impl FnOnce(Option<&str>) -> String) -> Error {
        match miss {
            Miss::Found(pos) => match found_at(self.tokens, pos) {
                Some((found, tokens)) => Diagnostic::new(tokens, message(Some(&found))),
                None => Diagnostic::new(stream(self.tokens), message(None)),
            },
            Miss::Error(error) => error,
        }
    }

    /// An operand: an identifier or a string literal.
    fn operand(&mut self) -> Result<Spanned<Name, TokenStream>, Miss> {
        let name = match self.peek() {
            Some(TokenTree::Ident(ident)) => Name::Ident(ident.to_string()),
            Some(TokenTree::Literal(literal)) => match syn::Lit::new(literal.clone()) {
                syn::Lit::Str(string) => {
                    reject_suffix(literal, string.suffix()).map_err(Miss::Error)?;
                    Name::Str(string.value())
                }
                _ => return Err(Miss::Found(self.pos)),
            },
            _ => return Err(Miss::Found(self.pos)),
        };
        Ok(Spanned::new(name, self.advance(1)))
    }

    /// An operator: `=`, `>=`, `<=` or `==`.
    fn operator(&mut self) -> Result<Spanned<Op, TokenStream>, Miss> {
        let (op, count) = operator_at(self.tokens, self.pos).ok_or(Miss::Found(self.pos))?;
        Ok(Spanned::new(op, self.advance(count)))
    }

    /// A value: a number (with an optional `-` before it), a string literal or an identifier.
    fn value(&mut self) -> Result<Spanned<Value, TokenStream>, Miss> {
        let minus = self.peek().is_some_and(|token| is_punct(token, '-'));
        let at = self.pos + usize::from(minus);
        let value = match self.tokens.get(at) {
            Some(TokenTree::Literal(literal)) => match syn::Lit::new(literal.clone()) {
                syn::Lit::Int(int) => {
                    reject_suffix(literal, int.suffix()).map_err(Miss::Error)?;
                    number(&literal.to_string(), minus).ok_or(Miss::Found(at))?
                }
                syn::Lit::Float(float) => {
                    reject_suffix(literal, float.suffix()).map_err(Miss::Error)?;
                    number(&literal.to_string(), minus).ok_or(Miss::Found(at))?
                }
                syn::Lit::Str(string) if !minus => {
                    reject_suffix(literal, string.suffix()).map_err(Miss::Error)?;
                    Value::Str(string.value())
                }
                _ => return Err(Miss::Found(at)),
            },
            Some(TokenTree::Ident(ident)) if !minus => Value::Ident(ident.to_string()),
            _ => return Err(Miss::Found(at)),
        };
        Ok(Spanned::new(value, self.advance(at + 1 - self.pos)))
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

/// Refuses a literal with a suffix (`10u8`, `1.5f64`, `"abc"x`): the policy grammar has no
/// types, and a silently dropped suffix would make the macro accept what `Policy::parse` does
/// not.
fn reject_suffix(literal: &proc_macro2::Literal, suffix: &str) -> Result<(), Error> {
    if suffix.is_empty() {
        return Ok(());
    }
    let written = literal.to_string();
    let bare = written.strip_suffix(suffix).unwrap_or(&written);
    Err(Diagnostic::new(
        TokenTree::Literal(literal.clone()).into(),
        format!("write `{bare}` without the suffix `{suffix}`; policy values take no type suffix"),
    ))
}

#[cfg(test)]
mod tests;
