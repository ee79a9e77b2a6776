//! A strict policy compiles and generates: generation unranks a uniform index, so how rarely a
//! random string satisfies the rules (here about 3 in 10 million) does not matter.
use secrets_rt::{password_policy, Policy};

const P: Policy = password_policy!(len = 16, digits >= 12);

fn main() {
    for password in P.generate_many(100) {
        assert_eq!(password.chars().count(), 16, "{password}");
        assert!(password.chars().filter(char::is_ascii_digit).count() >= 12, "{password}");
    }
    assert!(P.acceptance_probability() < 1e-6);
}
