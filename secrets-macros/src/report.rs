//! Runs the passes over one invocation and gathers every error it has into one report.

use proc_macro2::TokenStream;
use quote::quote;
use secrets_policy::Diagnostic;

use crate::{expand, parse};

/// The expansion of `password_policy!(input)`, or every problem found in `input`.
///
/// The rules that parsed are checked even when others did not, so one compilation reports the
/// syntax errors and the rule errors together, each on its own tokens.
pub(crate) fn password_policy(input: TokenStream) -> syn::Result<TokenStream> {
    let parsed = parse::parse(input.clone());
    // `input` is the span of the whole policy, where a problem that belongs to no rule (a
    // missing `len`) is reported; an empty input falls back to the macro's call site.
    let checked = secrets_policy::check(&parsed.spec, &input);
    let mut errors = Errors::default();
    for error in parsed.errors {
        errors.push_diagnostic(error);
    }
    let policy = match checked {
        Ok(policy) => Some(policy),
        Err(diagnostics) => {
            for diagnostic in diagnostics {
                errors.push_diagnostic(diagnostic);
            }
            None
        }
    };
    errors.finish()?;
    match policy {
        Some(policy) => Ok(expand::expand(&policy)),
        // The core refused the policy without a diagnostic: a bug in the core, but still no
        // reason to expand to something unchecked.
        None => Err(syn::Error::new_spanned(
            input,
            "the policy was refused without a reason; please report this bug in secrets-rt",
        )),
    }
}

/// The compile errors of a report, as an expression.
///
/// Several `compile_error!` calls in a row are not one expression; inside a block they are
/// statements, and the block stands wherever the macro does without causing a type error of
/// its own.
pub(crate) fn into_compile_error(error: syn::Error) -> TokenStream {
    let errors = error.into_compile_error();
    quote!({ #errors })
}

/// The errors found so far (serde's `Ctxt` in small): pushed in the order found, and folded with
/// `syn::Error::combine` into one error that renders as one `compile_error!` each.
#[derive(Default)]
struct Errors {
    combined: Option<syn::Error>,
}

impl Errors {
    fn push(&mut self, error: syn::Error) {
        match &mut self.combined {
            Some(combined) => combined.combine(error),
            None => self.combined = Some(error),
        }
    }

    /// A diagnostic (of the rule core, or a syntax error): its message on its main tokens, and each related note as
    /// an error of its own on the other rule it is about (for "the minimums add up to more than
    /// `len`", one per minimum).
    fn push_diagnostic(&mut self, diagnostic: Diagnostic<TokenStream>) {
        self.push(syn::Error::new_spanned(diagnostic.span, diagnostic.message));
        for (span, note) in diagnostic.related {
            self.push(syn::Error::new_spanned(span, note));
        }
    }

    /// `Ok` if no error was pushed, else all of them as one.
    fn finish(self) -> syn::Result<()> {
        self.combined.map_or(Ok(()), Err)
    }
}
