//! Runs the passes over one invocation and gathers every error it has into one report.

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::quote;
use secrets_policy::Diagnostic;

use crate::span::{Input, TokenRange, WHOLE};
use crate::{expand, parse};

/// The expansion of `password_policy!(input)`, its paths starting with `krate`, or every
/// problem found in `input`.
///
/// The rules that parsed are checked even when others did not (each on its own, see
/// `secrets_policy::__private::check_parsed`), so one compilation reports the syntax errors and the rule
/// errors together, each on its own tokens, in the order `Policy::parse` gives them.
pub(crate) fn password_policy(krate: &TokenStream, input: TokenStream) -> syn::Result<TokenStream> {
    let parsed = parse::parse(input);
    match secrets_policy::__private::check_parsed(
        &parsed.spec,
        parsed.errors,
        &WHOLE,
        secrets_policy::__private::range_start,
    ) {
        Ok(policy) => Ok(expand::expand(krate, &policy)),
        Err(diagnostics) => Err(combine(&parsed.input, diagnostics)),
    }
}

/// The input of `__password_policy!`, split into the path of `secrets-rt` that
/// `secrets_rt::password_policy!` hands over (its `$crate`) and the rules after the `;`.
///
/// # Errors
/// When there is no `;`: the procedural macro was called directly rather than through
/// `secrets_rt::password_policy!`.
pub(crate) fn split_crate_path(input: TokenStream) -> syn::Result<(TokenStream, TokenStream)> {
    let mut tokens = input.into_iter();
    let mut krate = TokenStream::new();
    for token in tokens.by_ref() {
        match &token {
            TokenTree::Punct(punct) if punct.as_char() == ';' => {
                return Ok((krate, tokens.collect()));
            }
            _ => krate.extend([token]),
        }
    }
    Err(syn::Error::new(
        Span::call_site(),
        "use `secrets_rt::password_policy!`; this macro is its hidden half",
    ))
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

/// Every diagnostic as one `syn::Error` (serde's `Ctxt` in small), which renders as one
/// `compile_error!` per message: a diagnostic's message on its main tokens, then each related
/// note as an error of its own on the other rule it is about (for "the minimums add up to more
/// than `len`", one per minimum). `diagnostics` is not empty; their spans are positions in
/// `input`'s tokens.
fn combine(input: &Input, diagnostics: Vec<Diagnostic<TokenRange>>) -> syn::Error {
    let mut combined: Option<syn::Error> = None;
    for diagnostic in diagnostics {
        let (span, message, related) = diagnostic.into_parts();
        for (span, message) in std::iter::once((span, message)).chain(related) {
            let error = syn::Error::new_spanned(input.stream(&span), message);
            match &mut combined {
                Some(combined) => combined.combine(error),
                None => combined = Some(error),
            }
        }
    }
    combined.expect("a refused policy has at least one diagnostic")
}

#[cfg(test)]
mod tests {
    use secrets_policy::__private::syntax;

    use proc_macro2::TokenStream;
    use quote::quote;

    use super::split_crate_path;

    fn password_policy(input: TokenStream) -> syn::Result<TokenStream> {
        super::password_policy(&quote!(::secrets_rt), input)
    }

    fn messages(input: &str) -> Vec<String> {
        let error = password_policy(input.parse().unwrap()).expect_err("a refused policy");
        error.into_iter().map(|error| error.to_string()).collect()
    }

    #[test]
    fn syntax_errors_and_checks_come_in_the_order_written() {
        let messages = messages("lower >= 1 upper >= 1, len = 0, digit >= 1");
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert_eq!(messages[0], syntax::expected_comma(Some("upper")));
        assert!(
            messages[1].starts_with("`len` must be at least 1"),
            "{messages:?}"
        );
        assert!(
            messages[2].starts_with("unknown class `digit`"),
            "{messages:?}"
        );
    }

    #[test]
    fn each_related_note_follows_its_diagnostic() {
        let messages = messages("len = 8, lower >= 3, upper >= 3, digits >= 3");
        assert!(
            messages[0].starts_with("the minimums add up to 9"),
            "{messages:?}"
        );
        // The other minimums and `len`, each an error of its own.
        assert_eq!(messages.len(), 4, "{messages:?}");
        assert!(messages[1..]
            .iter()
            .any(|note| note.contains("`lower >= 3`")));
        assert!(messages[1..].iter().any(|note| note.contains("`len = 8`")));
    }

    #[test]
    fn literals_the_grammar_never_takes_are_named_whole() {
        // The same messages as `Policy::parse` gives (`secrets-policy/tests/checks.rs`).
        assert_eq!(
            messages(r#"len = 10, symbols = b"!@""#),
            [r#"expected a number or a string after `=`, found `b"!@"`"#]
        );
        assert_eq!(
            messages("len = 10, symbols = '!'"),
            ["expected a number or a string after `=`, found `'!'`"]
        );
        assert_eq!(
            messages("len = 10, 'a' >= 1"),
            ["expected a rule such as `len = 16` or `digits >= 2`, found `'a'`"]
        );
        assert_eq!(
            messages("len = 10, digits >= 3."),
            ["`3.` is not a plain number; write digits only, as in `digits >= 1`"]
        );
        assert_eq!(
            messages("len = 10, r#lower >= 1"),
            [
                "unknown class `r#lower`; expected one of `lower`, `upper`, `digits`, `symbols` \
              (did you mean `lower`?)"
            ]
        );
    }

    #[test]
    fn a_valid_policy_expands_and_a_refused_one_does_not() {
        assert!(password_policy("len = 10, digits >= 3".parse().unwrap()).is_ok());
        assert!(password_policy("len = 10, digits >= 3 4".parse().unwrap()).is_err());
    }

    #[test]
    fn a_hundred_problems_are_listed_then_one_says_there_are_more() {
        let messages = messages(&format!("len = 10{}", ",".repeat(500)));
        assert_eq!(messages.len(), 101);
        assert!(messages[..100]
            .iter()
            .all(|message| *message == syntax::expected_rule(Some(","))));
        assert_eq!(messages[100], syntax::more_problems(100));
    }

    #[test]
    fn the_crate_path_is_what_comes_before_the_first_semicolon() {
        let (krate, rules) = split_crate_path(quote!(::my_app::deps::secrets; len = 8)).unwrap();
        assert_eq!(
            krate.to_string(),
            quote!(::my_app::deps::secrets).to_string()
        );
        assert_eq!(rules.to_string(), quote!(len = 8).to_string());
        let expansion = super::password_policy(&krate, rules).unwrap().to_string();
        assert!(
            expansion.contains(":: my_app :: deps :: secrets :: Policy"),
            "{expansion}"
        );
        assert!(!expansion.contains("secrets_rt"), "{expansion}");
    }

    #[test]
    fn a_direct_call_without_the_crate_path_is_refused() {
        let error = split_crate_path(quote!(len = 8)).unwrap_err();
        assert!(
            error.to_string().contains("secrets_rt::password_policy!"),
            "{error}"
        );
    }
}
