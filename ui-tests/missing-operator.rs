use secrets_rt::{password_policy, Policy};

// The rule that did not parse is the only problem reported: no "missing `len`" follows it.
const P: Policy = password_policy!(len 10, digits >= 1);

fn main() {}
