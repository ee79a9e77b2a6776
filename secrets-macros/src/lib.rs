//! The `password_policy!` macro of `secrets-rt` (being written; this stub keeps the workspace
//! building).
#![forbid(unsafe_code)]

use proc_macro::TokenStream;

/// Checks a password policy at compile time (being written).
#[proc_macro]
pub fn password_policy(input: TokenStream) -> TokenStream {
    let _ = input;
    "compile_error!(\"password_policy! is being written\")".parse().unwrap()
}
