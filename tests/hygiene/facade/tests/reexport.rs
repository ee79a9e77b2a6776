//! `password_policy!` through a crate that re-exports `secrets_rt`. The facade depends on
//! `secrets-rt` under the name `inner`, so no `secrets_rt` is in this test's scope (an
//! integration test sees its package's dependencies by their names): an expansion that named
//! `::secrets_rt` would not compile.
#![forbid(unsafe_code)]

use secrets_hygiene_facade::Policy;

/// Through the re-exported crate's path.
pub const THROUGH_CRATE: Policy = secrets_hygiene_facade::secrets_rt::password_policy!(
    len = 10,
    lower >= 1,
    upper >= 1,
    digits >= 3
);

/// Through the macro re-exported at the facade's root.
pub const THROUGH_MACRO: Policy = secrets_hygiene_facade::password_policy!(
    len = 10,
    symbols = "+-",
    lower | "+-" >= 2,
    exclude = "lI0O"
);

#[test]
fn the_macro_expands_through_a_re_exported_crate() {
    assert_eq!(
        THROUGH_CRATE,
        Policy::parse("len = 10, lower >= 1, upper >= 1, digits >= 3").unwrap()
    );
    let password = THROUGH_CRATE.generate();
    assert!(THROUGH_CRATE.is_satisfied_by(&password), "{password}");
}

#[test]
fn the_macro_expands_when_re_exported_alone() {
    assert_eq!(
        THROUGH_MACRO,
        Policy::parse(r#"len = 10, symbols = "+-", lower | "+-" >= 2, exclude = "lI0O""#).unwrap()
    );
    let password = THROUGH_MACRO.generate();
    assert!(!password.contains(['l', 'I', '0', 'O']), "{password}");
}
