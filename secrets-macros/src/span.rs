//! The macro's span type: the tokens a piece of the policy was written with.

use proc_macro2::{TokenStream, TokenTree};

/// Some consecutive tokens of the macro's input: the span the rule core keeps for each piece of
/// a rule and hands back inside its diagnostics.
///
/// An error built from `stream` with `syn::Error::new_spanned` covers every token of it, from
/// the first to the last, on stable Rust. `start` is where the first token stands among the
/// input's tokens, so that problems can be reported in the order they are written, as
/// `Policy::parse` reports them.
#[derive(Clone, Debug)]
pub(crate) struct Tokens {
    /// The tokens.
    pub(crate) stream: TokenStream,
    /// The index of the first token in the macro's (flattened) input.
    pub(crate) start: usize,
}

impl Tokens {
    /// `tokens[range]`, as a span.
    pub(crate) fn of(tokens: &[TokenTree], range: std::ops::Range<usize>) -> Tokens {
        Tokens {
            start: range.start,
            stream: tokens[range].iter().cloned().collect(),
        }
    }

    /// The whole input: where a problem that belongs to no rule (a missing `len`) is reported.
    /// An empty input has no tokens, and an error on it falls back to the macro's call site.
    pub(crate) fn whole(input: TokenStream) -> Tokens {
        Tokens {
            stream: input,
            start: 0,
        }
    }
}
