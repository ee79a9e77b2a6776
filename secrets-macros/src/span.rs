//! The macro's spans: ranges of the input's tokens, mapped back to the tokens for errors.
//!
//! The rule core's checks are generic over the span type a front end keeps for each piece of a
//! rule. Ranges are what the text front ends keep too: with them (`parse` on), the macro calls
//! the copy of the checks compiled with the rule core (`secrets_policy::__private::range_start`
//! says why) instead of compiling one for a span type of its own. The tokens the ranges are
//! positions in are kept aside here, for errors.

use std::ops::Range;

use proc_macro2::{Delimiter, TokenStream, TokenTree};

/// Some consecutive tokens of the macro's input: their positions among the input's tokens
/// (invisible groups opened, see [`Input::new`]). The start orders problems as they are
/// written, as `Policy::parse` orders them.
pub(crate) type TokenRange = Range<usize>;

/// The span of the whole input: where a problem that belongs to no rule (a missing `len`) is
/// reported. It starts where the input does, and its end, past every token, marks it as the
/// whole input as given (see [`Input::stream`]).
pub(crate) const WHOLE: TokenRange = 0..usize::MAX;

/// The macro's input: the tokens spans are positions in, and the input as given.
pub(crate) struct Input {
    /// The input's tokens, with invisible groups opened.
    pub(crate) tokens: Vec<TokenTree>,
    /// The input as the macro received it.
    given: TokenStream,
}

impl Input {
    /// The input `given`, its invisible groups opened: a policy passed on by a `macro_rules!`
    /// macro (`$rules:tt` or an `expr` fragment) arrives wrapped in `Delimiter::None` groups
    /// that the user never wrote.
    pub(crate) fn new(given: TokenStream) -> Input {
        Input {
            tokens: flatten(given.clone()),
            given,
        }
    }

    /// The tokens of `span`, for an error built with `syn::Error::new_spanned`, which covers
    /// every token of them, from the first to the last, on stable Rust. An empty input has no
    /// tokens, and an error on it falls back to the macro's call site.
    pub(crate) fn stream(&self, span: &TokenRange) -> TokenStream {
        if span.end == WHOLE.end {
            self.given.clone()
        } else {
            self.tokens[span.clone()].iter().cloned().collect()
        }
    }
}

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
