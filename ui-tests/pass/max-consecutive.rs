//! `max_consecutive = N` limits runs of one repeated character.
use secrets_rt::{password_policy, Policy};

const P: Policy = password_policy!(len = 20, lower == 0, upper == 0, max_consecutive = 1);

fn main() {
    let password = P.generate();
    assert!(password.chars().all(|c| c.is_ascii_digit()), "{password}");
    let bytes = password.as_bytes();
    assert!(bytes.windows(2).all(|pair| pair[0] != pair[1]), "{password}");
    // 10 choices for the first digit, then 9 for each one after it (any but the one before).
    assert_eq!(P.password_count(), Some(10 * 9u128.pow(19)));
}
