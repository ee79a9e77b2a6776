//! A minimum over a union: at least one letter of either case, and a quoted set in a union.
use secrets_rt::{password_policy, Policy};

const P: Policy = password_policy!(len = 8, lower | upper >= 1, digits | "!?" >= 2, symbols = "!?");

fn main() {
    let password = P.generate();
    assert!(password.chars().any(|c| c.is_ascii_alphabetic()), "{password}");
    let digits_or_marks = password.chars().filter(|c| c.is_ascii_digit() || "!?".contains(*c));
    assert!(digits_or_marks.count() >= 2, "{password}");
    assert!(P.is_satisfied_by(&password));
}
