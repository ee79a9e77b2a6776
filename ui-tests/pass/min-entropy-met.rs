//! `min_entropy = BITS` compiles when the policy reaches it, and is kept in the policy.
use secrets_rt::{password_policy, Policy};

const P: Policy = password_policy!(len = 10, lower >= 1, upper >= 1, digits >= 3, min_entropy = 57.25);

fn main() {
    assert!(P.entropy_bits() >= 57.25);
    assert_eq!(P.min_entropy(), Some(57.25));
    assert_eq!(P.generate().chars().count(), 10);
}
