//! The expansion: a checked policy written out as a constant expression of
//! `::secrets_rt::Policy`.
//!
//! Every part of the checked policy is emitted as borrowed `'static` data inside a `const`
//! item, so the expression is usable in `const`, `static` and `let` alike, costs nothing at run
//! time, and equals what `Policy::parse` builds from the same text. Paths are absolute
//! (`::secrets_rt::...`) so that no name in the user's scope can change what the expansion
//! means.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;
use secrets_policy::{CheckedPolicy, Class, Constraint, Operand};

/// The expression for `policy`.
pub(crate) fn expand(policy: &CheckedPolicy) -> TokenStream {
    // `len`, `max_consecutive` and `max_sequential` are stored as `u16` by the rule core, which caps both at
    // `MAX_LEN`; the conversions below cannot fail for a policy that passed the checks.
    let len = Literal::u16_suffixed(u16::try_from(policy.len()).expect("len fits in u16"));
    let classes = Class::ALL.map(|class| borrowed_str(policy.class_chars(class)));
    let alphabet = policy.alphabet().iter().map(|&c| Literal::character(c));
    let membership = policy
        .membership()
        .iter()
        .map(|&mask| Literal::u32_suffixed(mask));
    let constraints = policy.constraints().iter().map(constraint);
    let max_consecutive = option(policy.max_consecutive().map(|run| {
        let run = u16::try_from(run).expect("max_consecutive fits in u16");
        quote!(#run)
    }));
    let max_sequential = option(policy.max_sequential().map(|run| {
        let run = u16::try_from(run).expect("max_sequential fits in u16");
        quote!(#run)
    }));
    let min_entropy = option(policy.min_entropy().map(float));
    let entropy_bits = float(policy.entropy_bits());
    let acceptance = float(policy.acceptance_probability());
    let count = option(policy.password_count().map(|count| {
        let count = Literal::u128_suffixed(count);
        quote!(#count)
    }));
    // A `const` item makes every borrow below `'static` and forces evaluation at compile time,
    // whether the macro stands in a `const`, a `static` or a `let`. The `static` cell holds the
    // unranking tables, built on first use and shared by every copy of the constant. Mixed-site
    // hygiene keeps both names out of the user's scope.
    let name = Ident::new("POLICY", Span::mixed_site());
    let sampler = Ident::new("SAMPLER", Span::mixed_site());
    quote! {
        {
            static #sampler: ::secrets_rt::__private::OnceLock<::secrets_rt::__private::Sampler> =
                ::secrets_rt::__private::OnceLock::new();
            const #name: ::secrets_rt::Policy = ::secrets_rt::Policy::__from_checked(
                ::secrets_rt::__private::CheckedPolicy::__from_checked_parts(
                    #len,
                    [#(#classes),*],
                    ::secrets_rt::__private::Cow::<'static, [::core::primitive::char]>::Borrowed(
                        &[#(#alphabet),*],
                    ),
                    ::secrets_rt::__private::Cow::<'static, [::core::primitive::u32]>::Borrowed(
                        &[#(#membership),*],
                    ),
                    ::secrets_rt::__private::Cow::<'static, [::secrets_rt::__private::Constraint]>::Borrowed(
                        &[#(#constraints),*],
                    ),
                    #max_consecutive,
                    #max_sequential,
                    #min_entropy,
                    #entropy_bits,
                    #acceptance,
                    #count,
                    &#sampler,
                ),
            );
            #name
        }
    }
}

fn borrowed_str(text: &str) -> TokenStream {
    let text = Literal::string(text);
    quote!(::secrets_rt::__private::Cow::<'static, ::core::primitive::str>::Borrowed(#text))
}

fn option(value: Option<TokenStream>) -> TokenStream {
    value.map_or_else(
        || quote!(::secrets_rt::__private::None),
        |value| quote!(::secrets_rt::__private::Some(#value)),
    )
}

/// An `f64` that reads back as exactly the same value: `f64_suffixed` prints the shortest
/// decimal that round-trips. A checked policy's figures are finite and not negative (entropy of
/// at least one bit, an acceptance above zero, a reached `min_entropy`), which a literal holds.
fn float(value: f64) -> TokenStream {
    let literal = Literal::f64_suffixed(value);
    quote!(#literal)
}

fn constraint(constraint: &Constraint) -> TokenStream {
    let target = constraint.target.iter().map(operand);
    let min = constraint.min;
    let max = constraint.max;
    quote! {
        ::secrets_rt::__private::Constraint {
            target: ::secrets_rt::__private::Cow::<'static, [::secrets_rt::__private::Operand]>::Borrowed(
                &[#(#target),*],
            ),
            min: #min,
            max: #max,
        }
    }
}

fn operand(operand: &Operand) -> TokenStream {
    match operand {
        Operand::Class(class) => {
            let class = class_path(*class);
            quote!(::secrets_rt::__private::Operand::Class(#class))
        }
        Operand::Chars(chars) => {
            let chars = borrowed_str(chars);
            quote!(::secrets_rt::__private::Operand::Chars(#chars))
        }
    }
}

fn class_path(class: Class) -> TokenStream {
    let variant = match class {
        Class::Lower => quote!(Lower),
        Class::Upper => quote!(Upper),
        Class::Digits => quote!(Digits),
        Class::Symbols => quote!(Symbols),
    };
    quote!(::secrets_rt::__private::Class::#variant)
}
