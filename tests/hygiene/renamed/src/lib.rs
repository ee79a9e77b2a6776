//! Test only: `password_policy!` through a renamed dependency. `secrets-rt` is `secrets` here,
//! so an expansion that named `::secrets_rt` would not compile.
#![forbid(unsafe_code)]

use secrets::Policy;

/// A policy written through the renamed crate, with a union and a custom set, so that the
/// expansion writes constraints, operands and classes.
pub const CARD: Policy = secrets::password_policy!(
    len = 12,
    lower | upper >= 2,
    digits >= 3,
    symbols = "!@#",
    "!@" >= 1,
    max_consecutive = 2,
);

#[cfg(test)]
mod tests {
    use super::CARD;
    use secrets::{password_policy, Policy};

    #[test]
    fn the_macro_expands_through_a_renamed_dependency() {
        assert_eq!(
            CARD,
            Policy::parse(
                r#"len = 12, lower | upper >= 2, digits >= 3, symbols = "!@#", "!@" >= 1, max_consecutive = 2"#
            )
            .unwrap()
        );
        let password = CARD.generate();
        assert!(CARD.is_satisfied_by(&password), "{password}");
    }

    #[test]
    fn the_imported_macro_expands_too() {
        static PIN: Policy = password_policy!(len = 6, lower == 0, upper == 0);
        let pin = PIN.generate();
        assert_eq!(pin.len(), 6);
        assert!(pin.chars().all(|c| c.is_ascii_digit()), "{pin}");
    }
}
