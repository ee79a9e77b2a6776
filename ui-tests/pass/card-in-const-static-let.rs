//! The card's policy, usable wherever a constant expression is: `const`, `static` and `let`.
use secrets_rt::{password_policy, Policy};

const STRONG: Policy = password_policy!(len = 10, lower >= 1, upper >= 1, digits >= 3);
static STRONG_STATIC: Policy = password_policy!(len = 10, lower >= 1, upper >= 1, digits >= 3);

fn main() {
    let strong = password_policy!(len = 10, lower >= 1, upper >= 1, digits >= 3);
    for policy in [&STRONG, &STRONG_STATIC, &strong] {
        let password = policy.generate();
        assert!(policy.is_satisfied_by(&password), "{password}");
        assert_eq!(policy.password_count(), Some(172_120_264_792_320_000));
    }
}
