//! The expansion: a checked policy written out as a constant expression of
//! `$crate::Policy`.
//!
//! Every part of the checked policy is emitted as borrowed `'static` data inside a `const`
//! item, so the expression is usable in `const`, `static` and `let` alike, costs nothing at run
//! time, and equals what `Policy::parse` builds from the same text. Every path starts with the
//! crate path that `secrets_rt::password_policy!` hands over (its `$crate`), so the expansion
//! works however the application names `secrets-rt` (renamed, or re-exported by another crate)
//! and no name in the user's scope can change what it means.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;
use secrets_policy::{CheckedPolicy, Class, Constraint, Operand};

/// The expression for `policy`.
pub(crate) fn expand(krate: &TokenStream, policy: &CheckedPolicy) -> TokenStream {
    // `len`, `max_consecutive` and `max_sequential` are stored as `u16` by the rule core, which caps both at
    // `MAX_LEN`; the conversions below cannot fail for a policy that passed the checks.
    let len = Literal::u16_suffixed(u16::try_from(policy.len()).expect("len fits in u16"));
    let classes = Class::ALL.map(|class| borrowed_str(krate, policy.class_chars(class)));
    let alphabet = policy.alphabet().iter().map(|&c| Literal::character(c));
    let membership = policy
        .membership()
        .iter()
        .map(|&mask| Literal::u32_suffixed(mask));
    let constraints = policy
        .constraints()
        .iter()
        .map(|rule| constraint(krate, rule));
    let max_consecutive = option(
        krate,
        policy.max_consecutive().map(|run| {
            let run = u16::try_from(run).expect("max_consecutive fits in u16");
            quote!(#run)
        }),
    );
    let max_sequential = option(
        krate,
        policy.max_sequential().map(|run| {
            let run = u16::try_from(run).expect("max_sequential fits in u16");
            quote!(#run)
        }),
    );
    let min_entropy = option(krate, policy.min_entropy().map(float));
    let entropy_bits = float(policy.entropy_bits());
    let acceptance = float(policy.acceptance_probability());
    let count = option(
        krate,
        policy.password_count().map(|count| {
            let count = Literal::u128_suffixed(count);
            quote!(#count)
        }),
    );
    // A `const` item makes every borrow below `'static` and forces evaluation at compile time,
    // whether the macro stands in a `const`, a `static` or a `let`. The `static` cell holds the
    // unranking tables, built on first use and shared by every copy of the constant. Mixed-site
    // hygiene keeps these names out of the user's scope.
    let name = Ident::new("POLICY", Span::mixed_site());
    let sampler = Ident::new("SAMPLER", Span::mixed_site());
    let constraints_name = Ident::new("CONSTRAINTS", Span::mixed_site());
    quote! {
        {
            static #sampler: #krate::__private::OnceLock<#krate::__private::Sampler> =
                #krate::__private::OnceLock::new();
            // Its own `const` item: a constraint is built by a `const fn` (the type is
            // `#[non_exhaustive]`), and only the outermost borrow of a `const` item's value
            // lives for `'static` when a call builds what it borrows.
            const #constraints_name: &[#krate::__private::Constraint] = &[#(#constraints),*];
            const #name: #krate::Policy = #krate::Policy::__from_checked(
                #krate::__private::CheckedPolicy::__from_checked_parts(
                    #len,
                    [#(#classes),*],
                    #krate::__private::Cow::<'static, [::core::primitive::char]>::Borrowed(
                        &[#(#alphabet),*],
                    ),
                    #krate::__private::Cow::<'static, [::core::primitive::u32]>::Borrowed(
                        &[#(#membership),*],
                    ),
                    #krate::__private::Cow::<'static, [#krate::__private::Constraint]>::Borrowed(
                        #constraints_name,
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

fn borrowed_str(krate: &TokenStream, text: &str) -> TokenStream {
    let text = Literal::string(text);
    quote!(#krate::__private::Cow::<'static, ::core::primitive::str>::Borrowed(#text))
}

fn option(krate: &TokenStream, value: Option<TokenStream>) -> TokenStream {
    value.map_or_else(
        || quote!(#krate::__private::None),
        |value| quote!(#krate::__private::Some(#value)),
    )
}

/// An `f64` that reads back as exactly the same value: `f64_suffixed` prints the shortest
/// decimal that round-trips. A checked policy's figures are finite and not negative (entropy of
/// at least one bit, an acceptance above zero, a reached `min_entropy`), which a literal holds.
fn float(value: f64) -> TokenStream {
    let literal = Literal::f64_suffixed(value);
    quote!(#literal)
}

fn constraint(krate: &TokenStream, constraint: &Constraint) -> TokenStream {
    let target = constraint
        .target
        .iter()
        .map(|target| operand(krate, target));
    let min = constraint.min;
    let max = constraint.max;
    quote! {
        #krate::__private::Constraint::__from_checked_parts(
            #krate::__private::Cow::<'static, [#krate::__private::Operand]>::Borrowed(
                &[#(#target),*],
            ),
            #min,
            #max,
        )
    }
}

fn operand(krate: &TokenStream, operand: &Operand) -> TokenStream {
    match operand {
        Operand::Class(class) => {
            let class = class_path(krate, *class);
            quote!(#krate::__private::Operand::Class(#class))
        }
        Operand::Chars(chars) => {
            let chars = borrowed_str(krate, chars);
            quote!(#krate::__private::Operand::Chars(#chars))
        }
        // The rule core and this macro are released together; a new kind of operand comes
        // with its expansion here.
        _ => unreachable!("an operand this macro does not know: {operand:?}"),
    }
}

fn class_path(krate: &TokenStream, class: Class) -> TokenStream {
    // By position in `Class::ALL` (a constant index, evaluated at compile time), so that the
    // expansion names no variant.
    let index = Literal::usize_suffixed(class.index());
    quote!(#krate::__private::Class::ALL[#index])
}
