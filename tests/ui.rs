//! The `password_policy!` macro at compile time (trybuild): every check is a compile error on
//! the offending rule, and valid policies compile and generate.
//!
//! - `ui-tests/*.rs`: one problem per file; `tests/policy_table.rs` runs the same policies
//!   through `Policy::parse` and expects the same messages.
//! - `ui-tests/tokens-only/*.rs`: mistakes that only Rust tokens can make (a string suffix).
//! - `ui-tests/lexer/*.rs`: text Rust's lexer refuses before the macro runs (`"\u{_41}"`);
//!   `tests/policy_table.rs` checks that `Policy::parse` refuses it too.
//! - `ui-tests/pass/*.rs`: policies that compile, then run and check their passwords.
//!
//! After changing a message, refresh the expected output with
//! `TRYBUILD=overwrite cargo test --test ui`, then read every changed `.stderr`.

#[test]
fn password_policy_ui() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("ui-tests/*.rs");
    cases.compile_fail("ui-tests/tokens-only/*.rs");
    cases.compile_fail("ui-tests/lexer/*.rs");
    cases.pass("ui-tests/pass/*.rs");
}
