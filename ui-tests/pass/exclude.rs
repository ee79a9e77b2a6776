//! `exclude = "..."` removes look-alike characters from every class.
use secrets_rt::{password_policy, Policy};

const P: Policy = password_policy!(len = 16, exclude = "Il1O0", digits >= 2);

fn main() {
    assert_eq!(P.alphabet().len(), 62 - 5);
    let password = P.generate();
    assert!(!password.contains(['I', 'l', '1', 'O', '0']), "{password}");
    assert!(password.chars().filter(char::is_ascii_digit).count() >= 2, "{password}");
}
