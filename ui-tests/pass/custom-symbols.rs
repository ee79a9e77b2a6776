//! `symbols = "..."` replaces the class, and the class joins the alphabet.
use secrets_rt::{password_policy, Class, Policy};

const P: Policy = password_policy!(len = 12, symbols = "!@#$%", symbols >= 2);

fn main() {
    assert_eq!(P.class_chars(Class::Symbols), "!@#$%");
    let password = P.generate();
    assert!(password.chars().filter(|c| "!@#$%".contains(*c)).count() >= 2, "{password}");
    assert!(password.chars().all(|c| c.is_ascii_alphanumeric() || "!@#$%".contains(c)));
}
